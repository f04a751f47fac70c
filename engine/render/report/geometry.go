package report

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"

	"github.com/hutubi-edu/zoning/geo"
)

// metresPerDegree is the length in metres of one degree of a great circle on
// the sphere of radius geo.EarthRadius.
const metresPerDegree = geo.EarthRadius * math.Pi / 180

// proj is the equirectangular projection of the maps: x metres east and y
// metres SOUTH of the origin (SVG's y axis points down, so north is up),
// x = R·Δlon·cos(lat0) and y = −R·Δlat, angles in radians, lat0 the mean
// latitude of the mapped area.
type proj struct {
	lon0, lat0 float64 // origin, degrees
	kx         float64 // metres per degree of longitude: R·π/180·cos(lat0)
}

// newProj centres a projection on the bound b (lon, lat degrees).
func newProj(b orb.Bound) proj {
	lon0 := (b.Min[0] + b.Max[0]) / 2
	lat0 := (b.Min[1] + b.Max[1]) / 2
	return proj{lon0: lon0, lat0: lat0, kx: metresPerDegree * math.Cos(lat0*math.Pi/180)}
}

// xy projects a WGS84 point (lon, lat degrees) to metres east, metres south.
func (p proj) xy(pt orb.Point) (x, y float64) {
	return (pt[0] - p.lon0) * p.kx, -(pt[1] - p.lat0) * metresPerDegree
}

// point projects a WGS84 point to an orb.Point in metres (east, south).
func (p proj) point(pt orb.Point) orb.Point {
	x, y := p.xy(pt)
	return orb.Point{x, y}
}

// bound projects a WGS84 bound; the result's Min is the north-west corner.
func (p proj) bound(b orb.Bound) orb.Bound {
	return orb.Bound{Min: p.point(orb.Point{b.Min[0], b.Max[1]}), Max: p.point(orb.Point{b.Max[0], b.Min[1]})}
}

// ipt is a projected vertex rounded to whole metres.
type ipt struct{ x, y int64 }

// projectPolys projects a multipolygon to whole-metre rings (east, south),
// dropping vertices that are not valid longitudes and latitudes, repeated
// vertices, rings of fewer than three distinct vertices,
// and polygons whose outer ring is so dropped. The closing vertex is not
// repeated: polys[i][0] is an outer ring, polys[i][1:] its holes.
func projectPolys(mp orb.MultiPolygon, p proj) [][][]ipt {
	return eachRing([]orb.Polygon(mp), func(ring orb.Ring) []ipt {
		ir := make([]ipt, 0, len(ring))
		for _, pt := range ring {
			if !validLonLat(pt) {
				continue // not drawable; the engine validates geometry, the report only survives it
			}
			x, y := p.xy(pt)
			ir = appendVertex(ir, ipt{int64(math.Round(x)), int64(math.Round(y))})
		}
		return ir
	})
}

// eachRing makes whole-metre polygons ring by ring through f, then drops
// the closing vertex, rings of fewer than three vertices, and polygons
// whose outer ring is so dropped.
func eachRing[R any, P ~[]R](polys []P, f func(R) []ipt) [][][]ipt {
	var out [][][]ipt
	for _, poly := range polys {
		var rings [][]ipt
		for ri, r := range poly {
			ir := openRing(f(r))
			if len(ir) < 3 {
				if ri == 0 {
					break
				}
				continue
			}
			rings = append(rings, ir)
		}
		if len(rings) > 0 {
			out = append(out, rings)
		}
	}
	return out
}

// validLonLat reports a finite point with |lon| ≤ 180 and |lat| ≤ 90.
func validLonLat(pt orb.Point) bool {
	return pt[0] >= -180 && pt[0] <= 180 && pt[1] >= -90 && pt[1] <= 90 // false for NaN
}

func appendVertex(r []ipt, v ipt) []ipt {
	if n := len(r); n > 0 && r[n-1] == v {
		return r
	}
	return append(r, v)
}

func openRing(r []ipt) []ipt {
	for len(r) > 1 && r[len(r)-1] == r[0] {
		r = r[:len(r)-1]
	}
	return r
}

// simplifyPolys simplifies each ring by Douglas–Peucker with tolerance tolM
// metres, with the same dropping rules as projectPolys.
func simplifyPolys(polys [][][]ipt, tolM float64) [][][]ipt {
	return eachRing(polys, func(r []ipt) []ipt {
		ls := make(orb.LineString, 0, len(r)+1)
		for _, q := range r {
			ls = append(ls, orb.Point{float64(q.x), float64(q.y)})
		}
		ls = append(ls, ls[0])
		// A closed ring is simplified from its first vertex; one smaller
		// than the tolerance collapses and is dropped.
		ls = simplify.DouglasPeucker(tolM).LineString(ls)
		ir := make([]ipt, 0, len(ls))
		for _, q := range ls {
			ir = appendVertex(ir, ipt{int64(q[0]), int64(q[1])})
		}
		return ir
	})
}

// pathData writes rings as SVG path data in whole metres, absolute
// coordinates: "M x y x y …Z" per ring (after M, further pairs are lines).
func pathData(polys [][][]ipt) string {
	var b strings.Builder
	for _, r := range flat(polys) {
		for i, v := range r {
			if i == 0 {
				b.WriteByte('M')
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.FormatInt(v.x, 10))
			b.WriteByte(' ')
			b.WriteString(strconv.FormatInt(v.y, 10))
		}
		b.WriteByte('Z')
	}
	return b.String()
}

// flat lists the rings of polygons, outer rings and holes alike.
func flat(polys [][][]ipt) [][]ipt {
	var out [][]ipt
	for _, p := range polys {
		out = append(out, p...)
	}
	return out
}

// adjacency returns, for each zone, the sorted list of zones it touches: a
// vertex of one lies within epsM metres of an edge of the other. Zones are
// given as projected rings (see flat).
func adjacency(zones [][][]ipt, epsM float64) [][]int {
	const cell = 200.0 // metres; grid of edges
	type seg struct {
		zone int
		a, b ipt
	}
	const maxCells = 16 // a longer edge goes to the list checked against every vertex
	grid := map[[2]int64][]seg{}
	var long []seg
	key := func(x, y float64) [2]int64 {
		return [2]int64{int64(math.Floor(x / cell)), int64(math.Floor(y / cell))}
	}
	for z, rings := range zones {
		for _, r := range rings {
			for i := range r {
				a, b := r[i], r[(i+1)%len(r)]
				k0 := key(math.Min(float64(a.x), float64(b.x))-epsM, math.Min(float64(a.y), float64(b.y))-epsM)
				k1 := key(math.Max(float64(a.x), float64(b.x))+epsM, math.Max(float64(a.y), float64(b.y))+epsM)
				if (k1[0]-k0[0]+1)*(k1[1]-k0[1]+1) > maxCells {
					long = append(long, seg{z, a, b})
					continue
				}
				for gx := k0[0]; gx <= k1[0]; gx++ {
					for gy := k0[1]; gy <= k1[1]; gy++ {
						grid[[2]int64{gx, gy}] = append(grid[[2]int64{gx, gy}], seg{z, a, b})
					}
				}
			}
		}
	}
	nb := make([]map[int]bool, len(zones))
	for z := range nb {
		nb[z] = map[int]bool{}
	}
	eps2 := epsM * epsM
	for z, rings := range zones {
		for _, r := range rings {
			for _, v := range r {
				for _, list := range [2][]seg{grid[key(float64(v.x), float64(v.y))], long} {
					for _, s := range list {
						if s.zone == z || nb[z][s.zone] {
							continue
						}
						if segDist2(v, s.a, s.b) <= eps2 {
							nb[z][s.zone] = true
							nb[s.zone][z] = true
						}
					}
				}
			}
		}
	}
	out := make([][]int, len(zones))
	for z := range nb {
		for o := range nb[z] {
			out[z] = append(out[z], o)
		}
		sort.Ints(out[z])
	}
	return out
}

// segDist2 is the squared planar distance from v to the segment a–b.
func segDist2(v, a, b ipt) float64 {
	ax, ay := float64(a.x), float64(a.y)
	dx, dy := float64(b.x)-ax, float64(b.y)-ay
	px, py := float64(v.x)-ax, float64(v.y)-ay
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, (px*dx+py*dy)/l2))
	}
	ex, ey := px-t*dx, py-t*dy
	return ex*ex + ey*ey
}

// colour gives each zone a palette index such that touching zones differ
// whenever the palette allows: zones are coloured greedily, most neighbours
// first (ties by index), each taking the unused colour used least so far
// (ties to the lower index). A zone whose neighbours use every colour takes
// the colour least frequent among them.
func colour(adj [][]int, palette int) []int {
	n := len(adj)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(adj[order[a]]) > len(adj[order[b]]) })
	col := make([]int, n)
	for i := range col {
		col[i] = -1
	}
	use := make([]int, palette)
	for _, z := range order {
		near := make([]int, palette)
		for _, o := range adj[z] {
			if col[o] >= 0 {
				near[col[o]]++
			}
		}
		best := -1
		for c := 0; c < palette; c++ {
			if near[c] == 0 && (best < 0 || use[c] < use[best]) {
				best = c
			}
		}
		if best < 0 {
			best = 0
			for c := 1; c < palette; c++ {
				if near[c] < near[best] {
					best = c
				}
			}
		}
		col[z] = best
		use[best]++
	}
	return col
}

// labelPoint returns a point (projected metres) inside the polygon of polys
// whose outer ring has the largest bounding box, for a label: the middle of
// the widest stretch inside the polygon along the horizontal line halfway
// down its box, and the stretch's width in metres; width 0 when there is no
// such stretch (no polygon, or a flat one).
func labelPoint(polys [][][]ipt) (x, y, width float64) {
	best, bestSize := -1, -1.0
	var minY, maxY float64
	for i, p := range polys {
		x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, q := range p[0] {
			x0, x1 = math.Min(x0, float64(q.x)), math.Max(x1, float64(q.x))
			y0, y1 = math.Min(y0, float64(q.y)), math.Max(y1, float64(q.y))
		}
		if size := (x1 - x0) * (y1 - y0); size > bestSize {
			best, bestSize, minY, maxY = i, size, y0, y1
		}
	}
	if best < 0 || maxY-minY < 1 {
		return 0, 0, 0
	}
	// Vertices lie on whole metres: a line at a half metre passes through none.
	y = math.Floor((minY+maxY)/2) + 0.5
	var xs []float64
	for _, r := range polys[best] {
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			if ay, by := float64(a.y), float64(b.y); (ay > y) != (by > y) {
				xs = append(xs, float64(a.x)+(y-ay)*float64(b.x-a.x)/(by-ay))
			}
		}
	}
	sort.Float64s(xs)
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > width {
			x, width = (xs[i]+xs[i+1])/2, w
		}
	}
	return x, y, width
}
