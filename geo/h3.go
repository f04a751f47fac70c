package geo

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/uber/h3-go/v4"
)

// Cell is an H3 cell index. It is geo's own type: the H3 library (a cgo
// binding) is imported by this package only, and its values never leave it.
// H3 itself works in latitude, longitude order; the functions of this file
// take and return orb points (longitude first). The zero Cell is not a valid
// cell.
type Cell int64

// String returns the index in lower-case hexadecimal, as H3 prints it (for
// example "8928308280fffff").
func (c Cell) String() string { return strconv.FormatUint(uint64(c), 16) }

// MarshalText writes the index as String does.
func (c Cell) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads an index as ParseCell does.
func (c *Cell) UnmarshalText(text []byte) error {
	v, err := ParseCell(string(text))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// IsValid reports whether c is a valid H3 cell (a hexagon or a pentagon).
func (c Cell) IsValid() bool { return h3.Cell(c).IsValid() }

// Resolution returns the resolution of c, 0..15 (meaningless when c is not
// valid).
func (c Cell) Resolution() int { return h3.Cell(c).Resolution() }

// MaxCoverCells bounds the number of cells Cover may return, so that a large
// area at a fine resolution fails with an error instead of exhausting memory.
const MaxCoverCells = 20_000_000

// checkRes validates an H3 resolution.
func checkRes(res int) error {
	if res < 0 || res > 15 {
		return fmt.Errorf("geo: h3 resolution %d out of range (accepted: 0..15)", res)
	}
	return nil
}

// checkLonLat validates a WGS84 point: finite, lon -180..180, lat -90..90.
// Its error has no package prefix; callers add one.
func checkLonLat(p orb.Point) error {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
		return fmt.Errorf("coordinate %v is not finite", p)
	}
	if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
		return fmt.Errorf("coordinate %v outside lon -180..180, lat -90..90", p)
	}
	return nil
}

// CellOf returns the H3 cell of resolution res (0..15) that contains p
// (lon, lat in degrees).
func CellOf(p orb.Point, res int) (Cell, error) {
	if err := checkRes(res); err != nil {
		return 0, err
	}
	if err := checkLonLat(p); err != nil {
		return 0, fmt.Errorf("geo: h3 cell: %w", err)
	}
	c, err := h3.LatLngToCell(h3.LatLng{Lat: p[1], Lng: p[0]}, res)
	if err != nil {
		return 0, fmt.Errorf("geo: h3 cell of %v: %w", p, err)
	}
	return Cell(c), nil
}

// ParseCell reads an H3 cell index written in hexadecimal, as H3 prints it
// (for example "8928308280fffff"; case-insensitive, an optional "0x" prefix).
// It is an error if the string is not hexadecimal or not a valid cell.
func ParseCell(s string) (Cell, error) {
	t := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "0x")
	v, err := strconv.ParseUint(t, 16, 64)
	if err != nil {
		return 0, fmt.Errorf("geo: h3 cell %q is not a hexadecimal index", s)
	}
	c := Cell(v)
	if !c.IsValid() {
		return 0, fmt.Errorf("geo: %q is not a valid h3 cell index", s)
	}
	return c, nil
}

// CellCenter returns the centre of c (lon, lat in degrees); NaN, NaN when c is
// not a valid cell.
func CellCenter(c Cell) orb.Point {
	if !c.IsValid() {
		return orb.Point{math.NaN(), math.NaN()}
	}
	ll, err := h3.CellToLatLng(h3.Cell(c))
	if err != nil {
		return orb.Point{math.NaN(), math.NaN()}
	}
	return orb.Point{ll.Lng, ll.Lat}
}

// CellPolygon returns the outline of c as a closed, counter-clockwise ring of
// lon, lat vertices (6 for a hexagon, 5 for a pentagon, more where the cell
// crosses an icosahedron edge). Longitudes are kept continuous, so a cell on
// the antimeridian has some beyond ±180. Nil when c is not a valid cell.
func CellPolygon(c Cell) orb.Polygon {
	if !c.IsValid() {
		return nil
	}
	b, err := h3.CellToBoundary(h3.Cell(c))
	if err != nil || len(b) < 3 {
		return nil
	}
	r := loopToRing(b)
	if r.Orientation() == orb.CW {
		r.Reverse()
	}
	return orb.Polygon{r}
}

// loopToRing turns an H3 loop (lat, lng, open) into a closed orb ring whose
// longitudes stay within 180 degrees of the first vertex.
func loopToRing(loop []h3.LatLng) orb.Ring {
	r := make(orb.Ring, 0, len(loop)+1)
	for _, ll := range loop {
		lon := ll.Lng
		if len(r) > 0 {
			for lon-r[0][0] > 180 {
				lon -= 360
			}
			for lon-r[0][0] < -180 {
				lon += 360
			}
		}
		r = append(r, orb.Point{lon, ll.Lat})
	}
	if len(r) > 0 && r[0] != r[len(r)-1] {
		r = append(r, r[0])
	}
	return r
}

// CellsToMultiPolygon returns the outline of a set of cells of one resolution:
// one polygon per connected group of cells, holes kept, in lon, lat with the
// GeoJSON right-hand rule (exterior rings counter-clockwise, holes
// clockwise, every ring closed). Duplicate cells are ignored. An empty set
// gives an empty MultiPolygon. It is an error for a cell to be invalid or for
// the cells to have different resolutions.
func CellsToMultiPolygon(cells []Cell) (orb.MultiPolygon, error) {
	set, err := cellSet(cells)
	if err != nil {
		return nil, err
	}
	out := orb.MultiPolygon{}
	if len(set) == 0 {
		return out, nil
	}
	hs := make([]h3.Cell, len(set))
	for i, c := range set {
		hs[i] = h3.Cell(c)
	}
	polys, err := h3.CellsToMultiPolygon(hs)
	if err != nil {
		return nil, fmt.Errorf("geo: outline of %d h3 cells: %w", len(set), err)
	}
	for _, gp := range polys {
		p := orb.Polygon{loopToRing(gp.GeoLoop)}
		if p[0].Orientation() == orb.CW {
			p[0].Reverse()
		}
		for _, h := range gp.Holes {
			r := loopToRing(h)
			if r.Orientation() == orb.CCW {
				r.Reverse()
			}
			p = append(p, r)
		}
		out = append(out, p)
	}
	return out, nil
}

// cellSet returns the cells sorted and without duplicates, checking that all
// are valid and of one resolution.
func cellSet(cells []Cell) ([]Cell, error) {
	set := slices.Clone(cells)
	slices.Sort(set)
	set = slices.Compact(set)
	for i, c := range set {
		if !c.IsValid() {
			return nil, fmt.Errorf("geo: %#x is not a valid h3 cell", int64(c))
		}
		if i > 0 && c.Resolution() != set[0].Resolution() {
			return nil, fmt.Errorf("geo: h3 cells of resolutions %d and %d mixed (one resolution accepted)", set[0].Resolution(), c.Resolution())
		}
	}
	return set, nil
}

// Cover returns every cell of resolution res that overlaps the area of mp
// (lon, lat), sorted ascending without duplicates: together the cells cover
// mp with no gap. Polygon edges are straight in lon, lat as in GeoJSON. Rings
// need not be closed. A polygon must span less than 180 degrees of longitude:
// H3 reads a longer edge the short way, across the antimeridian. Cells that
// only touch the area may be included (a zero-area polygon still gets the
// cells along its edges). It is an error for res to be outside 0..15, for a
// coordinate to be invalid, for a ring to have fewer than 3 positions, or for
// the cover to need more than MaxCoverCells cells.
func Cover(mp orb.MultiPolygon, res int) ([]Cell, error) {
	if err := checkRes(res); err != nil {
		return nil, err
	}
	hexM2, err := h3.HexagonAreaAvgM2(res)
	if err != nil {
		return nil, fmt.Errorf("geo: cover: %w", err)
	}
	var out []Cell
	for pi, p := range mp {
		if len(p) == 0 {
			continue
		}
		gp := h3.GeoPolygon{}
		for ri, r := range p {
			loop, err := ringToLoop(r)
			if err != nil {
				return nil, fmt.Errorf("geo: cover: polygon %d ring %d: %w", pi, ri, err)
			}
			if ri == 0 {
				gp.GeoLoop = loop
			} else {
				gp.Holes = append(gp.Holes, loop)
			}
		}
		// Rough count: the shell's area plus a ring of cells along its
		// perimeter, to refuse a cover that would not fit in memory.
		if est := coverEstimate(p[0], hexM2); est+float64(len(out)) > MaxCoverCells {
			return nil, fmt.Errorf("geo: cover: about %.0f h3 cells of resolution %d needed; the limit is %d", est+float64(len(out)), res, MaxCoverCells)
		}
		cells, err := h3.PolygonToCellsExperimental(gp, res, h3.ContainmentOverlapping)
		if err != nil {
			return nil, fmt.Errorf("geo: cover: polygon %d: %w", pi, err)
		}
		out = slices.Grow(out, len(cells))
		for _, c := range cells {
			out = append(out, Cell(c))
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		out = []Cell{}
	}
	return out, nil
}

// ringToLoop converts an orb ring (lon, lat, closed or not) into an open H3
// loop (lat, lng).
func ringToLoop(r orb.Ring) (h3.GeoLoop, error) {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		r = r[:len(r)-1]
	}
	if len(r) < 3 {
		return nil, fmt.Errorf("ring of %d distinct positions (accepted: at least 3)", len(r))
	}
	loop := make(h3.GeoLoop, len(r))
	for i, p := range r {
		if err := checkLonLat(p); err != nil {
			return nil, err
		}
		loop[i] = h3.LatLng{Lat: p[1], Lng: p[0]}
	}
	return loop, nil
}

// coverEstimate is a rough number of cells of area hexM2 (square metres)
// needed to cover the ring r: its area on a local equirectangular
// projection, plus two cells per cell edge length of perimeter.
func coverEstimate(r orb.Ring, hexM2 float64) float64 {
	b := r.Bound()
	k := math.Cos(b.Center()[1] * math.Pi / 180)
	degM := EarthRadius * math.Pi / 180
	area := math.Abs(planar.Area(r)) * degM * degM * k
	var perim float64
	for i := 0; i+1 < len(r); i++ {
		perim += Distance(r[i], r[i+1])
	}
	edge := math.Sqrt(hexM2 / 2.598) // hexagon area = 3√3/2 · edge²
	return area/hexM2 + 2*perim/edge + 1
}

// Neighbors returns the cells at grid distance 1 from c (6 for a hexagon, 5
// for a pentagon), sorted ascending; nil when c is not a valid cell.
func Neighbors(c Cell) []Cell {
	if !c.IsValid() {
		return nil
	}
	disk, err := h3.GridDisk(h3.Cell(c), 1)
	if err != nil {
		return nil
	}
	out := make([]Cell, 0, 6)
	for _, d := range disk {
		if d := Cell(d); d != c && d != 0 {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// CellAreaM2 returns the exact area of c in square metres, on H3's sphere
// (authalic radius 6371007.18 m); NaN when c is not a valid cell.
func CellAreaM2(c Cell) float64 {
	if !c.IsValid() {
		return math.NaN()
	}
	a, err := h3.CellAreaM2(h3.Cell(c))
	if err != nil {
		return math.NaN()
	}
	return a
}

// CellSpacingM returns the distance in metres between the centres of two
// neighbouring cells of resolution res, from the mean hexagon area of the
// resolution: √(2A/√3) for a regular hexagon of area A.
func CellSpacingM(res int) float64 {
	a, err := h3.HexagonAreaAvgM2(res)
	if err != nil {
		return 0
	}
	return math.Sqrt(2 * a / math.Sqrt(3))
}
