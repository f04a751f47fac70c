package dataset

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo/geos"
)

// Overlap is a place where two zones of one level overlap, with the
// households that lie in both.
type Overlap struct {
	Level Level
	// A and B are the two zones, in the order of the file (A first).
	A, B Zone
	// Households are the indexes into the households given to
	// ZoneOverlaps of those in both zones, ascending.
	Households []int
}

// overlapExamples is how many households an overlap's message names.
const overlapExamples = 3

// ZoneOverlaps returns, per level, each pair of zones whose areas overlap
// and hold households in both, in the order of the first zone's and then
// the second zone's position in zones: the check that the zones in force,
// a plan read by compare, and the plan a server looks addresses up in all
// go through (docs/dataset-format.md: within a level the zones do not
// overlap). The schools of one multi-school zone (the same zone_id) share
// their area and do not count. Two zones that only share a border do not
// overlap: a household on it is in neither's overlap.
func ZoneOverlaps(zones []Zone, households []Household) ([]Overlap, error) {
	var out []Overlap
	for _, level := range Levels {
		var idx []int // positions in zones of the level's zones
		var polys []orb.MultiPolygon
		for i, z := range zones {
			if z.Level == level && len(z.Geometry) > 0 {
				idx = append(idx, i)
				polys = append(polys, z.Geometry)
			}
		}
		if len(idx) < 2 {
			continue
		}
		ix, err := geos.NewPolygonIndex(polys)
		if err != nil {
			return nil, fmt.Errorf("dataset: zones overlap: %w", err)
		}
		type pair struct{ a, b int } // positions in idx, a < b
		homes := map[pair][]int{}
		var order []pair
		for h := range households {
			hit := ix.Locate(households[h].Loc)
			for i := 0; i < len(hit); i++ {
				for k := i + 1; k < len(hit); k++ {
					a, b := min(hit[i], hit[k]), max(hit[i], hit[k])
					za, zb := zones[idx[a]], zones[idx[b]]
					if za.ZoneID != "" && za.ZoneID == zb.ZoneID {
						continue // one multi-school zone
					}
					p := pair{a, b}
					if _, seen := homes[p]; !seen {
						order = append(order, p)
					}
					homes[p] = append(homes[p], h)
				}
			}
		}
		slices.SortFunc(order, func(x, y pair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
		for _, p := range order {
			// Households on a shared border lie in both zones to the
			// index: an overlap only where the two share area.
			in, err := geos.Intersection(polys[p.a], polys[p.b])
			if err != nil {
				return nil, fmt.Errorf("dataset: zones overlap: %w", err)
			}
			if a, err := geos.Area(in); err != nil {
				return nil, fmt.Errorf("dataset: zones overlap: %w", err)
			} else if a <= 0 {
				continue
			}
			out = append(out, Overlap{Level: level, A: zones[idx[p.a]], B: zones[idx[p.b]], Households: homes[p]})
		}
	}
	return out, nil
}

// Problem is the overlap as a warning at the line of its first zone in
// file: which zones (with the line of each feature), how many households
// are in both, and the first few of them by id and address.
func (o Overlap) Problem(file string, households []Household) Problem {
	var b strings.Builder
	fmt.Fprintf(&b, "%s zones of %s%s and %s%s overlap: %d households are in both (the first zone in the file counts for them)",
		o.Level, quoteID(o.A.SchoolID), lineOf(o.A), quoteID(o.B.SchoolID), lineOf(o.B), len(o.Households))
	for i, h := range o.Households {
		if i == overlapExamples {
			fmt.Fprintf(&b, ", … and %d more", len(o.Households)-overlapExamples)
			break
		}
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString(", ")
		}
		hh := households[h]
		fmt.Fprintf(&b, "%s %q", hh.ID, hh.Address)
	}
	return Problem{File: file, Line: max(o.A.Line, 1), Msg: b.String()}
}

func quoteID(id string) string { return fmt.Sprintf("%q", id) }

func lineOf(z Zone) string {
	if z.Line <= 0 {
		return ""
	}
	return fmt.Sprintf(" (line %d)", z.Line)
}

// OverlapWarnings is ZoneOverlaps as warnings at file's lines
// (Overlap.Problem).
func OverlapWarnings(file string, zones []Zone, households []Household) ([]Problem, error) {
	ovs, err := ZoneOverlaps(zones, households)
	if err != nil {
		return nil, err
	}
	out := make([]Problem, len(ovs))
	for i, o := range ovs {
		out[i] = o.Problem(file, households)
	}
	return out, nil
}

// zoneOverlaps warns of the zones in force that overlap (ZoneOverlaps), at
// the lines of zones.geojson: the households concerned are in two zones,
// and the first in the file counts for them.
func (l *loader) zoneOverlaps() {
	if len(l.d.Zones) < 2 || len(l.d.Households) == 0 {
		return
	}
	ws, err := OverlapWarnings(l.name(ZonesFile), l.d.Zones, l.d.Households)
	if err != nil {
		l.problem(ZonesFile, 1, "%v", err)
		return
	}
	l.warns = append(l.warns, ws...)
}
