package geos

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	ggeos "github.com/twpayne/go-geos"
)

// quadSegs is the number of segments Buffer uses for a quarter circle.
const quadSegs = 8

// contexts holds idle GEOS contexts. A context is taken for the length of one
// call and only returned when the call ended without a GEOS panic.
var contexts = sync.Pool{New: func() any { return ggeos.NewContext() }}

// run borrows a context for f and turns a panic inside GEOS (go-geos panics
// on most GEOS exceptions) into an error naming op.
func run[T any](op string, f func(c *ggeos.Context) (T, error)) (res T, err error) {
	c := contexts.Get().(*ggeos.Context)
	defer func() {
		if r := recover(); r != nil {
			var zero T
			res, err = zero, fmt.Errorf("geos: %s: %v", op, r)
			return // a context that panicked is dropped, not reused
		}
		contexts.Put(c)
	}()
	return f(c)
}

// Union returns the union of the polygonal parts of gs (a unary union of all
// their polygons). Each polygon is repaired with MakeValid first when it is
// not valid. Points and lines contribute nothing. Coordinates are lon, lat.
func Union(gs ...orb.Geometry) (orb.MultiPolygon, error) {
	var polys orb.MultiPolygon
	for i, g := range gs {
		n, err := normalize(g)
		if err != nil {
			return nil, fmt.Errorf("geos: union: geometry %d: %w", i, err)
		}
		polys = appendPolygons(polys, n)
	}
	return run("union", func(c *ggeos.Context) (orb.MultiPolygon, error) {
		parts := make([]*ggeos.Geom, 0, len(polys))
		for _, p := range polys {
			g, err := readValid(c, p)
			if err != nil {
				return nil, err
			}
			if !g.IsEmpty() {
				parts = append(parts, g)
			}
		}
		if len(parts) == 0 {
			return orb.MultiPolygon{}, nil
		}
		u := c.NewCollection(ggeos.TypeIDGeometryCollection, parts).UnaryUnion()
		if u == nil {
			return nil, errors.New("geos: union failed")
		}
		return toMultiPolygon(u)
	})
}

// Intersection returns the part of the area of a that is also in b. Both are
// repaired with MakeValid first when invalid; only their polygonal parts
// count. Two areas that only touch have an empty (length zero) intersection.
func Intersection(a, b orb.Geometry) (orb.MultiPolygon, error) {
	return overlay("intersection", a, b, (*ggeos.Geom).Intersection)
}

// Difference returns the part of the area of a that is not in b. Both are
// repaired with MakeValid first when invalid; only their polygonal parts
// count.
func Difference(a, b orb.Geometry) (orb.MultiPolygon, error) {
	return overlay("difference", a, b, (*ggeos.Geom).Difference)
}

func overlay(op string, a, b orb.Geometry, f func(*ggeos.Geom, *ggeos.Geom) *ggeos.Geom) (orb.MultiPolygon, error) {
	pa, err := polygonal(a)
	if err != nil {
		return nil, fmt.Errorf("geos: %s: first geometry: %w", op, err)
	}
	pb, err := polygonal(b)
	if err != nil {
		return nil, fmt.Errorf("geos: %s: second geometry: %w", op, err)
	}
	return run(op, func(c *ggeos.Context) (orb.MultiPolygon, error) {
		ga, err := readValid(c, pa)
		if err != nil {
			return nil, err
		}
		gb, err := readValid(c, pb)
		if err != nil {
			return nil, err
		}
		r := f(ga, gb)
		if r == nil {
			return nil, fmt.Errorf("geos: %s failed", op)
		}
		return toMultiPolygon(r)
	})
}

// MakeValid returns the polygonal part of g made OGC-valid with GEOS's
// "structure" method: each polygon is repaired (a bow-tie becomes two
// triangles) and the parts of a MultiPolygon are unioned where they overlap.
// Points, lines and collapsed rings are dropped.
func MakeValid(g orb.Geometry) (orb.MultiPolygon, error) {
	p, err := polygonal(g)
	if err != nil {
		return nil, fmt.Errorf("geos: make valid: %w", err)
	}
	return run("make valid", func(c *ggeos.Context) (orb.MultiPolygon, error) {
		v, err := readValid(c, p)
		if err != nil {
			return nil, err
		}
		return toMultiPolygon(v)
	})
}

// Validate returns nil if g is valid in the OGC sense, else an error that
// carries GEOS's reason (for example "Self-intersection[1 1]"). Unclosed
// rings are closed before the test.
func Validate(g orb.Geometry) error {
	inv, err := IsValidDetail(g)
	if err != nil {
		return fmt.Errorf("geos: validate: %w", err)
	}
	if inv != nil {
		return fmt.Errorf("geos: invalid geometry: %s", inv.Text)
	}
	return nil
}

// Invalidity is why and where a geometry is not valid in the OGC sense.
type Invalidity struct {
	// Reason is GEOS's reason without its location: "Self-intersection",
	// "Ring Self-intersection", "Hole lies outside shell", "Nested shells",
	// "Interior is disconnected", "Too few points", ...
	Reason string
	// At is where (lon, lat) when HasAt.
	At    orb.Point
	HasAt bool
	// Text is GEOS's reason as it gave it ("Self-intersection[1 1]").
	Text string
}

// IsValidDetail returns nil, nil when g is valid in the OGC sense, else the
// reason and the location GEOS gives (GEOSisValidReason, its location
// parsed). Unclosed rings are closed before the test; the error is for a
// geometry GEOS cannot read at all (non-finite coordinates, a ring of fewer
// than 3 positions, an unknown type).
func IsValidDetail(g orb.Geometry) (*Invalidity, error) {
	n, err := normalize(g)
	if err != nil {
		return nil, fmt.Errorf("geos: validity: %w", err)
	}
	return run("validity", func(c *ggeos.Context) (*Invalidity, error) {
		gg, err := read(c, n)
		if err != nil {
			return nil, err
		}
		if gg.IsValid() {
			return nil, nil
		}
		return parseReason(gg.IsValidReason()), nil
	})
}

// parseReason splits GEOS's "Reason[x y]" (or "Reason[x y z]").
func parseReason(text string) *Invalidity {
	inv := &Invalidity{Reason: text, Text: text}
	open := strings.LastIndexByte(text, '[')
	if open < 0 || !strings.HasSuffix(text, "]") {
		return inv
	}
	f := strings.Fields(text[open+1 : len(text)-1])
	if len(f) < 2 {
		return inv
	}
	x, errX := strconv.ParseFloat(f[0], 64)
	y, errY := strconv.ParseFloat(f[1], 64)
	if errX != nil || errY != nil {
		return inv
	}
	inv.Reason = strings.TrimSpace(text[:open])
	inv.At, inv.HasAt = orb.Point{x, y}, true
	return inv
}

// Area returns the planar area of the polygonal part of g, in square degrees
// of lon, lat, after repairing it with MakeValid (so a bow-tie counts both
// triangles instead of their signed sum).
func Area(g orb.Geometry) (float64, error) {
	p, err := polygonal(g)
	if err != nil {
		return 0, fmt.Errorf("geos: area: %w", err)
	}
	return run("area", func(c *ggeos.Context) (float64, error) {
		v, err := readValid(c, p)
		if err != nil {
			return 0, err
		}
		return v.Area(), nil
	})
}

// Buffer returns the area within width of g, width in degrees (planar in lon,
// lat; a negative width shrinks areas). g may be any geometry: points and
// lines give round-capped areas. Quarter circles use 8 segments. Polygonal
// input is repaired with MakeValid first.
func Buffer(g orb.Geometry, width float64) (orb.MultiPolygon, error) {
	if math.IsNaN(width) || math.IsInf(width, 0) {
		return nil, fmt.Errorf("geos: buffer: width %v is not a finite number of degrees", width)
	}
	n, err := normalize(g)
	if err != nil {
		return nil, fmt.Errorf("geos: buffer: %w", err)
	}
	return run("buffer", func(c *ggeos.Context) (orb.MultiPolygon, error) {
		gg, err := read(c, n)
		if err != nil {
			return nil, err
		}
		if !gg.IsValid() {
			gg = gg.MakeValidWithParams(ggeos.MakeValidStructure, ggeos.MakeValidDiscardCollapsed)
			if gg == nil {
				return nil, errors.New("geos: buffer: make valid failed")
			}
		}
		return toMultiPolygon(gg.Buffer(width, quadSegs))
	})
}

// Simplify returns the polygonal part of g simplified with GEOS's
// topology-preserving Douglas-Peucker: no vertex moves by more than tol
// degrees, and rings neither vanish nor cross. g is repaired with MakeValid
// first. tol must be finite and not negative.
func Simplify(g orb.Geometry, tol float64) (orb.MultiPolygon, error) {
	if math.IsNaN(tol) || math.IsInf(tol, 0) || tol < 0 {
		return nil, fmt.Errorf("geos: simplify: tolerance %v must be a finite number of degrees >= 0", tol)
	}
	p, err := polygonal(g)
	if err != nil {
		return nil, fmt.Errorf("geos: simplify: %w", err)
	}
	return run("simplify", func(c *ggeos.Context) (orb.MultiPolygon, error) {
		v, err := readValid(c, p)
		if err != nil {
			return nil, err
		}
		return toMultiPolygon(v.TopologyPreserveSimplify(tol))
	})
}

// ConvexHull returns the convex hull of all the coordinates of g as a
// polygon (lon, lat; exterior counter-clockwise). It is an error when the hull
// has no area: fewer than three distinct points, or all on one line.
func ConvexHull(g orb.Geometry) (orb.Polygon, error) {
	n, err := normalize(g)
	if err != nil {
		return nil, fmt.Errorf("geos: convex hull: %w", err)
	}
	return run("convex hull", func(c *ggeos.Context) (orb.Polygon, error) {
		gg, err := read(c, n)
		if err != nil {
			return nil, err
		}
		h := gg.ConvexHull()
		if h == nil || h.TypeID() != ggeos.TypeIDPolygon || h.IsEmpty() {
			return nil, errors.New("geos: convex hull has no area (fewer than 3 distinct points, or all collinear)")
		}
		mp, err := toMultiPolygon(h)
		if err != nil {
			return nil, err
		}
		if len(mp) != 1 {
			return nil, fmt.Errorf("geos: convex hull has %d polygons, want 1", len(mp))
		}
		return mp[0], nil
	})
}

// read converts an orb geometry (already normalized) into GEOS through WKB.
func read(c *ggeos.Context, g orb.Geometry) (*ggeos.Geom, error) {
	b, err := wkb.Marshal(g)
	if err != nil {
		return nil, fmt.Errorf("geos: encoding wkb: %w", err)
	}
	gg, err := c.NewGeomFromWKB(b)
	if err != nil {
		return nil, fmt.Errorf("geos: reading geometry: %w", err)
	}
	if gg == nil {
		return nil, errors.New("geos: reading geometry failed")
	}
	return gg, nil
}

// readValid converts a MultiPolygon into GEOS and repairs it if it is not
// valid, keeping only the polygonal part.
func readValid(c *ggeos.Context, g orb.Geometry) (*ggeos.Geom, error) {
	gg, err := read(c, g)
	if err != nil {
		return nil, err
	}
	if gg.IsValid() {
		return gg, nil
	}
	v := gg.MakeValidWithParams(ggeos.MakeValidStructure, ggeos.MakeValidDiscardCollapsed)
	if v == nil {
		return nil, fmt.Errorf("geos: make valid failed (input: %s)", gg.IsValidReason())
	}
	switch v.TypeID() {
	case ggeos.TypeIDPolygon, ggeos.TypeIDMultiPolygon:
		return v, nil
	}
	// A collection with lines or points: keep its polygons.
	mp, err := toMultiPolygon(v)
	if err != nil {
		return nil, err
	}
	return read(c, mp)
}

// toMultiPolygon collects the non-empty polygons of g, with rings oriented by
// the GeoJSON right-hand rule (exterior counter-clockwise, holes clockwise).
// It never returns a nil MultiPolygon without an error.
func toMultiPolygon(g *ggeos.Geom) (orb.MultiPolygon, error) {
	if g == nil {
		return nil, errors.New("geos: operation returned no geometry")
	}
	out := orb.MultiPolygon{}
	if err := collect(g, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func collect(g *ggeos.Geom, out *orb.MultiPolygon) error {
	switch g.TypeID() {
	case ggeos.TypeIDPolygon, ggeos.TypeIDMultiPolygon:
		if g.IsEmpty() {
			return nil
		}
		o, err := wkb.Unmarshal(g.ToWKB())
		if err != nil {
			return fmt.Errorf("geos: decoding wkb: %w", err)
		}
		for _, p := range appendPolygons(nil, o) {
			if len(p) > 0 && len(p[0]) > 0 {
				*out = append(*out, orient(p))
			}
		}
	case ggeos.TypeIDGeometryCollection:
		for i := range g.NumGeometries() {
			if err := collect(g.Geometry(i), out); err != nil {
				return err
			}
		}
	}
	return nil
}

// orient makes the exterior ring counter-clockwise and the holes clockwise,
// in place.
func orient(p orb.Polygon) orb.Polygon {
	for i, r := range p {
		o := r.Orientation()
		if (i == 0 && o == orb.CW) || (i > 0 && o == orb.CCW) {
			r.Reverse()
		}
	}
	return p
}

// polygonal normalizes g and keeps its polygons.
func polygonal(g orb.Geometry) (orb.MultiPolygon, error) {
	n, err := normalize(g)
	if err != nil {
		return nil, err
	}
	return appendPolygons(orb.MultiPolygon{}, n), nil
}

// appendPolygons appends the polygons of g (recursively through
// collections) to mp.
func appendPolygons(mp orb.MultiPolygon, g orb.Geometry) orb.MultiPolygon {
	switch t := g.(type) {
	case orb.Polygon:
		mp = append(mp, t)
	case orb.MultiPolygon:
		mp = append(mp, t...)
	case orb.Collection:
		for _, c := range t {
			mp = appendPolygons(mp, c)
		}
	}
	return mp
}

// normalize returns a copy of g that GEOS can read: a Ring or Bound becomes a
// Polygon, open rings are closed. It rejects nil geometries, non-finite
// coordinates, rings of fewer than 3 distinct positions and unknown types.
func normalize(g orb.Geometry) (orb.Geometry, error) {
	switch t := g.(type) {
	case nil:
		return nil, errors.New("nil geometry")
	case orb.Point:
		return t, finite(t)
	case orb.MultiPoint:
		for _, p := range t {
			if err := finite(p); err != nil {
				return nil, err
			}
		}
		return t, nil
	case orb.LineString:
		if len(t) == 1 {
			return nil, errors.New("line string of 1 point (need 0 or at least 2)")
		}
		for _, p := range t {
			if err := finite(p); err != nil {
				return nil, err
			}
		}
		return t, nil
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(t))
		for i, l := range t {
			n, err := normalize(l)
			if err != nil {
				return nil, err
			}
			out[i] = n.(orb.LineString)
		}
		return out, nil
	case orb.Ring:
		r, err := closeRing(t)
		if err != nil {
			return nil, err
		}
		return orb.Polygon{r}, nil
	case orb.Bound:
		if err := finite(t.Min); err != nil {
			return nil, err
		}
		if err := finite(t.Max); err != nil {
			return nil, err
		}
		if t.Min[0] > t.Max[0] || t.Min[1] > t.Max[1] {
			return nil, fmt.Errorf("bound min %v is above max %v", t.Min, t.Max)
		}
		return t.ToPolygon(), nil
	case orb.Polygon:
		out := make(orb.Polygon, len(t))
		for i, r := range t {
			c, err := closeRing(r)
			if err != nil {
				return nil, fmt.Errorf("ring %d: %w", i, err)
			}
			out[i] = c
		}
		return out, nil
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(t))
		for i, p := range t {
			n, err := normalize(p)
			if err != nil {
				return nil, fmt.Errorf("polygon %d: %w", i, err)
			}
			out[i] = n.(orb.Polygon)
		}
		return out, nil
	case orb.Collection:
		out := make(orb.Collection, len(t))
		for i, c := range t {
			n, err := normalize(c)
			if err != nil {
				return nil, fmt.Errorf("member %d: %w", i, err)
			}
			out[i] = n
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported geometry type %T (accepted: Point, MultiPoint, LineString, MultiLineString, Ring, Bound, Polygon, MultiPolygon, Collection)", g)
}

func finite(p orb.Point) error {
	for _, v := range p {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("coordinate %v is not finite", p)
		}
	}
	return nil
}

// closeRing returns a closed copy of r.
func closeRing(r orb.Ring) (orb.Ring, error) {
	for _, p := range r {
		if err := finite(p); err != nil {
			return nil, err
		}
	}
	out := append(orb.Ring(nil), r...)
	if len(out) > 0 && out[0] != out[len(out)-1] {
		out = append(out, out[0])
	}
	if len(out) < 4 {
		return nil, fmt.Errorf("ring of %d positions (a closed ring needs at least 4)", len(out))
	}
	return out, nil
}
