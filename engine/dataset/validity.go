package dataset

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// WithFixGeometry makes Load (and ReadZones) repair an invalid polygon of
// the boundary or of the zones in force with GEOS's MakeValid (a bow-tie
// becomes two triangles, overlapping parts of a MultiPolygon are unioned),
// reporting it as a warning, instead of reporting it as a problem. The
// loaded Dataset's FixGeometry is then true, so that the plans read against
// it (engine/planfile) are repaired too.
func WithFixGeometry(fix bool) Option {
	return func(o *loadOptions) { o.fixGeometry = fix }
}

// ValidPolygons checks that mp, a feature's polygons read from a file in crs
// and converted to WGS84, is valid in the OGC sense (docs/dataset-format.md:
// no ring crosses itself or another, holes inside their shell, the parts of
// a MultiPolygon apart). A valid mp is returned as it is, with msg "". An
// invalid one gives msg "invalid polygon (self-intersection at LON, LAT)",
// the place in crs as the file writes it, and out nil; with fix, out is mp
// repaired by GEOS's MakeValid (msg still says what was wrong), or nil when
// nothing of its area is left. err is for a geometry GEOS cannot read.
func ValidPolygons(mp orb.MultiPolygon, crs geo.CRS, fix bool) (out orb.MultiPolygon, msg string, err error) {
	inv, err := invalidity(mp)
	if err != nil {
		return nil, "", fmt.Errorf("dataset: %w", err)
	}
	if inv == nil {
		return mp, "", nil
	}
	msg = "invalid polygon (" + strings.ToLower(inv.Reason)
	if inv.HasAt {
		at := geo.FromWGS84(inv.At, crs)
		msg += " at " + coordText(at[0]) + ", " + coordText(at[1])
	}
	msg += ")"
	if !fix {
		return nil, msg, nil
	}
	fixed, err := geos.MakeValid(mp)
	if err != nil {
		return nil, "", fmt.Errorf("dataset: %w", err)
	}
	if len(fixed) == 0 {
		return nil, msg, nil
	}
	return fixed, msg, nil
}

// invalidity is geos.IsValidDetail, except that the parts of a
// MultiPolygon may touch along an edge (two squares side by side, as a
// plan drawn by hand often has them): OGC calls that invalid, but no place
// lies in two parts, so it is taken as it is. Parts that overlap are not.
//
// A ring that touches itself at a point (GEOS: "Ring Self-intersection",
// as the outline of grid cells that meet at a corner has it) is taken too,
// as ESRI's rules take it: its area is plain, the same as repaired, unlike
// a ring that crosses itself ("Self-intersection", a bow-tie).
func invalidity(mp orb.MultiPolygon) (*geos.Invalidity, error) {
	inv, err := geos.IsValidDetail(mp)
	if err != nil || inv == nil {
		return inv, err
	}
	sum := 0.0
	for _, p := range mp {
		pi, err := geos.IsValidDetail(p)
		if err != nil {
			return nil, err
		}
		if pi != nil && pi.Reason != ringSelfTouch {
			return pi, nil // the part itself is invalid: say so
		}
		a, err := geos.Area(p)
		if err != nil {
			return nil, err
		}
		// A self-touching ring: its area, ring by ring, must be what the
		// repair keeps (GEOS's area).
		if pi != nil && math.Abs(a-ringsArea(p)) > 1e-9*a {
			return pi, nil
		}
		sum += a
	}
	if len(mp) < 2 {
		return nil, nil
	}
	union, err := geos.Area(mp) // the parts unioned
	if err != nil {
		return nil, err
	}
	if union >= sum*(1-1e-9) {
		return nil, nil // the parts only touch
	}
	return inv, nil
}

// ringSelfTouch is GEOS's reason for a ring that touches itself.
const ringSelfTouch = "Ring Self-intersection"

// ringsArea is the area of a polygon read ring by ring: the shell's less
// its holes'.
func ringsArea(p orb.Polygon) float64 {
	a := 0.0
	for i, r := range p {
		ra := math.Abs(planar.Area(r))
		if i == 0 {
			a += ra
		} else {
			a -= ra
		}
	}
	return a
}

// coordText writes a coordinate to the 1e-6 degree (about 0.1 m), without
// trailing zeros.
func coordText(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

// validGeometry checks the polygons of a feature once they are parsed
// (ValidPolygons): an invalid polygon is a problem at file:line (prefix,
// such as "feature 2: ", before the message), or with WithFixGeometry a
// warning there and the repaired polygons. ok is false after a problem.
func (l *loader) validGeometry(file string, line int, prefix string, mp orb.MultiPolygon) (orb.MultiPolygon, bool) {
	out, msg, err := ValidPolygons(mp, l.crs, l.fixGeometry)
	switch {
	case err != nil:
		l.problem(file, line, "%s%v", prefix, err)
		return nil, false
	case msg == "":
		return out, true
	case out == nil && l.fixGeometry:
		l.problem(file, line, "%s%s: no area is left once repaired", prefix, msg)
		return nil, false
	case out == nil:
		l.problem(file, line, "%s%s: correct it, or run with --fix-geometry to repair it (GEOS MakeValid)", prefix, msg)
		return nil, false
	}
	l.warn(file, line, "%s%s: repaired (--fix-geometry, GEOS MakeValid)", prefix, msg)
	return out, true
}
