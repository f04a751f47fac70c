package geos

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// BoundaryTolerance is the distance in degrees within which a point counts as
// lying on a zone's boundary (about 0.1 mm): such a point is inside the zone.
const BoundaryTolerance = 1e-9

// PolygonIndex answers point-in-polygon queries against a fixed set of zones,
// planar in lon, lat as GeoJSON is (docs/dataset-format.md). It is pure Go, immutable
// after NewPolygonIndex and safe for concurrent use.
//
// A coarse grid over the zones' bounding boxes picks the candidate zones of a
// point; each ring keeps its edges in horizontal bands, so a query tests only
// the edges that cross the point's latitude. A polygon contains a point when
// its exterior ring does and no hole has it strictly inside; a point within
// BoundaryTolerance of any ring counts as contained. Zones are expected to be
// valid (see MakeValid); a self-intersecting ring is read with the even-odd
// rule, and overlapping parts of a MultiPolygon count as their union.
type PolygonIndex struct {
	zones  []zoneIdx
	bound  orb.Bound
	nx, ny int
	cw, ch float64   // grid cell size in degrees
	grid   [][]int32 // zone indexes per grid cell, ascending
}

type zoneIdx struct {
	bound orb.Bound
	polys []polyIdx
}

type polyIdx struct {
	bound orb.Bound
	rings []ringIdx // rings[0] is the exterior
}

type ringIdx struct {
	pts   []orb.Point // closed
	y0    float64     // bottom of band 0
	bandH float64
	bands [][]int32 // per band: start indexes of the edges that reach it
}

// NewPolygonIndex indexes zones (lon, lat). A ring need not be closed. An
// empty zone never contains anything. It is an error for a coordinate to be
// not finite or for a ring to have fewer than 3 positions.
func NewPolygonIndex(zones []orb.MultiPolygon) (*PolygonIndex, error) {
	ix := &PolygonIndex{zones: make([]zoneIdx, len(zones)), bound: emptyBound()}
	for zi, mp := range zones {
		z := zoneIdx{bound: emptyBound()}
		for pi, p := range mp {
			if len(p) == 0 {
				continue
			}
			pol := polyIdx{}
			for ri, r := range p {
				ring, err := newRingIdx(r)
				if err != nil {
					return nil, fmt.Errorf("geos: polygon index: zone %d polygon %d ring %d: %w", zi, pi, ri, err)
				}
				pol.rings = append(pol.rings, ring)
			}
			pol.bound = orb.MultiPoint(pol.rings[0].pts).Bound()
			z.polys = append(z.polys, pol)
			z.bound = union(z.bound, pol.bound)
		}
		ix.zones[zi] = z
		if len(z.polys) > 0 {
			ix.bound = union(ix.bound, z.bound)
		}
	}
	if ix.bound.Min[0] > ix.bound.Max[0] {
		return ix, nil // no zone has area: every query is empty
	}
	side := int(math.Ceil(math.Sqrt(float64(len(zones))))) * 2
	ix.nx, ix.ny = min(max(side, 1), 512), min(max(side, 1), 512)
	ix.cw = max((ix.bound.Max[0]-ix.bound.Min[0])/float64(ix.nx), 1e-12)
	ix.ch = max((ix.bound.Max[1]-ix.bound.Min[1])/float64(ix.ny), 1e-12)
	ix.grid = make([][]int32, ix.nx*ix.ny)
	for zi, z := range ix.zones {
		if len(z.polys) == 0 {
			continue
		}
		x0, y0 := ix.cell(orb.Point{z.bound.Min[0] - BoundaryTolerance, z.bound.Min[1] - BoundaryTolerance})
		x1, y1 := ix.cell(orb.Point{z.bound.Max[0] + BoundaryTolerance, z.bound.Max[1] + BoundaryTolerance})
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				ix.grid[y*ix.nx+x] = append(ix.grid[y*ix.nx+x], int32(zi))
			}
		}
	}
	return ix, nil
}

// Len is the number of zones indexed.
func (ix *PolygonIndex) Len() int { return len(ix.zones) }

// Locate returns the indexes, ascending, of all zones that contain p (lon,
// lat), its boundary included; nil when there is none or p is not finite.
func (ix *PolygonIndex) Locate(p orb.Point) []int {
	if ix.grid == nil || !near(ix.bound, p) {
		return nil
	}
	x, y := ix.cell(p)
	var out []int
	for _, zi := range ix.grid[y*ix.nx+x] {
		if ix.zones[zi].contains(p) {
			out = append(out, int(zi))
		}
	}
	return out
}

// Contains reports whether zone i contains p (lon, lat), boundary included.
// It is false for an index outside 0..Len()-1.
func (ix *PolygonIndex) Contains(i int, p orb.Point) bool {
	if i < 0 || i >= len(ix.zones) {
		return false
	}
	return ix.zones[i].contains(p)
}

func (ix *PolygonIndex) cell(p orb.Point) (int, int) {
	x := int((p[0] - ix.bound.Min[0]) / ix.cw)
	y := int((p[1] - ix.bound.Min[1]) / ix.ch)
	return min(max(x, 0), ix.nx-1), min(max(y, 0), ix.ny-1)
}

func (z *zoneIdx) contains(p orb.Point) bool {
	if !near(z.bound, p) {
		return false
	}
	for i := range z.polys {
		if z.polys[i].contains(p) {
			return true
		}
	}
	return false
}

func (pol *polyIdx) contains(p orb.Point) bool {
	if !near(pol.bound, p) {
		return false
	}
	switch pol.rings[0].locate(p) {
	case outside:
		return false
	case boundary:
		return true
	}
	for i := 1; i < len(pol.rings); i++ {
		if pol.rings[i].locate(p) == inside {
			return false
		}
	}
	return true
}

const (
	outside = iota
	boundary
	inside
)

func newRingIdx(r orb.Ring) (ringIdx, error) {
	pts := append([]orb.Point(nil), r...)
	if len(pts) > 0 && pts[0] != pts[len(pts)-1] {
		pts = append(pts, pts[0])
	}
	if len(pts) < 4 {
		return ringIdx{}, fmt.Errorf("ring of %d positions (a closed ring needs at least 4)", len(pts))
	}
	y0, y1 := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
			return ringIdx{}, fmt.Errorf("coordinate %v is not finite", p)
		}
		y0, y1 = min(y0, p[1]), max(y1, p[1])
	}
	edges := len(pts) - 1
	nb := max(1, min(edges, 1<<14))
	for {
		ri := ringIdx{pts: pts, y0: y0, bandH: max((y1-y0)/float64(nb), 1e-12)}
		ri.bands = make([][]int32, nb)
		total := 0
		for k := range edges {
			a, b := pts[k], pts[k+1]
			lo, hi := ri.band(min(a[1], b[1])-BoundaryTolerance), ri.band(max(a[1], b[1])+BoundaryTolerance)
			for j := lo; j <= hi; j++ {
				ri.bands[j] = append(ri.bands[j], int32(k))
			}
			total += hi - lo + 1
		}
		if total <= 16*edges || nb == 1 {
			return ri, nil
		}
		nb /= 4 // long edges crossing many bands: use fewer, taller bands
	}
}

func (r *ringIdx) band(y float64) int {
	b := int(math.Floor((y - r.y0) / r.bandH))
	return min(max(b, 0), len(r.bands)-1)
}

// locate tells whether p is outside r, on its boundary (within
// BoundaryTolerance) or inside it, by the crossing number of a ray toward +x.
func (r *ringIdx) locate(p orb.Point) int {
	in := false
	for _, k := range r.bands[r.band(p[1])] {
		a, b := r.pts[k], r.pts[k+1]
		if segDist2(a, b, p) <= BoundaryTolerance*BoundaryTolerance {
			return boundary
		}
		if (a[1] > p[1]) != (b[1] > p[1]) {
			x := a[0] + (p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1])
			if p[0] < x {
				in = !in
			}
		}
	}
	if in {
		return inside
	}
	return outside
}

// segDist2 is the squared planar distance from p to the segment ab.
func segDist2(a, b, p orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = min(max(((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l, 0), 1)
	}
	ex, ey := a[0]+t*dx-p[0], a[1]+t*dy-p[1]
	return ex*ex + ey*ey
}

func emptyBound() orb.Bound {
	return orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
}

func union(a, b orb.Bound) orb.Bound {
	return orb.Bound{
		Min: orb.Point{min(a.Min[0], b.Min[0]), min(a.Min[1], b.Min[1])},
		Max: orb.Point{max(a.Max[0], b.Max[0]), max(a.Max[1], b.Max[1])},
	}
}

// near reports whether p lies in b widened by BoundaryTolerance; false for a
// point that is not finite.
func near(b orb.Bound, p orb.Point) bool {
	return p[0] >= b.Min[0]-BoundaryTolerance && p[0] <= b.Max[0]+BoundaryTolerance &&
		p[1] >= b.Min[1]-BoundaryTolerance && p[1] <= b.Max[1]+BoundaryTolerance
}
