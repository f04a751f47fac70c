package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// metresPerDegree is the length in metres of one degree of a great circle on
// the sphere of radius EarthRadius.
const metresPerDegree = EarthRadius * math.Pi / 180

// DistanceToPolygon returns the distance in metres from p to the nearest
// point of mp, and 0 when p lies inside mp or on its boundary. p and mp are
// WGS84 longitude, latitude in degrees.
//
// Containment is planar in longitude/latitude, as GeoJSON is: a point is in a
// polygon when it is in the outer ring and in none of the holes. The distance
// to the rings' segments is measured on a local equirectangular projection
// centred on p (x = Δlon·cos(lat p), y = Δlat, scaled to metres on the sphere
// of radius EarthRadius). Within some tens of kilometres of p it agrees with
// the great-circle distance to a fraction of a percent, which is what the
// dataset loader's 10 km boundary check needs; it is not meant for distances
// of hundreds of kilometres.
//
// Rings with no points are skipped. An empty mp is infinitely far away: the
// result is +Inf.
func DistanceToPolygon(p orb.Point, mp orb.MultiPolygon) float64 {
	if multiPolygonContains(mp, p) {
		return 0
	}
	kx := math.Cos(p[1]*math.Pi/180) * metresPerDegree
	best := math.Inf(1)
	for _, poly := range mp {
		for _, ring := range poly {
			if d := ringDistance2(p, ring, kx); d < best {
				best = d
			}
		}
	}
	return math.Sqrt(best)
}

// multiPolygonContains is planar.MultiPolygonContains made safe for polygons
// without rings and rings without points, on which orb would panic.
func multiPolygonContains(mp orb.MultiPolygon, p orb.Point) bool {
	for _, poly := range mp {
		if len(poly) == 0 || len(poly[0]) == 0 {
			continue
		}
		if !planar.RingContains(poly[0], p) {
			continue
		}
		inHole := false
		for _, hole := range poly[1:] {
			if len(hole) > 0 && planar.RingContains(hole, p) {
				inHole = true
				break
			}
		}
		if !inHole {
			return true
		}
	}
	return false
}

// ringDistance2 returns the squared distance in square metres from p to the
// nearest segment of ring (closed implicitly: the last point joins the first),
// on the local projection whose x scale is kx metres per degree of longitude.
func ringDistance2(p orb.Point, ring orb.Ring, kx float64) float64 {
	best := math.Inf(1)
	n := len(ring)
	if n == 0 {
		return best
	}
	project := func(q orb.Point) (float64, float64) {
		dlon := q[0] - p[0]
		if dlon > 180 {
			dlon -= 360
		} else if dlon < -180 {
			dlon += 360
		}
		return dlon * kx, (q[1] - p[1]) * metresPerDegree
	}
	ax, ay := project(ring[n-1])
	for i := 0; i < n; i++ {
		bx, by := project(ring[i])
		if d := segmentOriginDistance2(ax, ay, bx, by); d < best {
			best = d
		}
		ax, ay = bx, by
	}
	return best
}

// segmentOriginDistance2 returns the squared distance from the origin to the
// segment from (ax, ay) to (bx, by).
func segmentOriginDistance2(ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = -(ax*dx + ay*dy) / l2
		t = max(0, min(1, t))
	}
	x, y := ax+t*dx, ay+t*dy
	return x*x + y*y
}

// PolygonDistancer answers DistanceToPolygon for many points against one
// multipolygon, quickly for the common case of a point well inside it: a grid
// over the multipolygon's bounding box records which cells lie wholly inside,
// so that such points cost one lookup instead of a scan of every ring. Other
// points fall back to DistanceToPolygon. It is safe for concurrent use once
// built.
type PolygonDistancer struct {
	mp     orb.MultiPolygon
	bound  orb.Bound
	nx, ny int
	cw, ch float64 // cell width and height, degrees
	inside []bool  // cell wholly inside mp, row-major from the south-west
}

// NewPolygonDistancer prepares mp for repeated DistanceToPolygon queries.
// Coordinates are WGS84 longitude, latitude in degrees; mp is not copied and
// must not be changed while the distancer is in use.
func NewPolygonDistancer(mp orb.MultiPolygon) *PolygonDistancer {
	d := &PolygonDistancer{mp: mp}
	segs := 0
	for _, poly := range mp {
		for _, ring := range poly {
			segs += len(ring)
		}
	}
	if segs == 0 {
		return d
	}
	d.bound = mp.Bound()
	w, h := d.bound.Max[0]-d.bound.Min[0], d.bound.Max[1]-d.bound.Min[1]
	if !(w > 0 && h > 0) || math.IsInf(w, 0) || math.IsInf(h, 0) {
		return d
	}
	// About sixteen cells per segment, and at most 256 a side.
	side := int(math.Sqrt(16 * float64(segs)))
	side = max(8, min(256, side))
	d.nx, d.ny = side, side
	d.cw, d.ch = w/float64(d.nx), h/float64(d.ny)
	d.inside = make([]bool, d.nx*d.ny)
	edge := make([]bool, d.nx*d.ny)

	// Mark every cell a segment passes through: split the segment into
	// pieces no longer than half a cell and mark each piece's bounding box.
	for _, poly := range mp {
		for _, ring := range poly {
			n := len(ring)
			for i := 0; i < n; i++ {
				a, b := ring[(i+n-1)%n], ring[i]
				steps := int(math.Max(math.Abs(b[0]-a[0])/d.cw, math.Abs(b[1]-a[1])/d.ch)*2) + 1
				if steps > 1<<20 {
					return &PolygonDistancer{mp: mp}
				}
				for s := 0; s < steps; s++ {
					t0, t1 := float64(s)/float64(steps), float64(s+1)/float64(steps)
					p0 := orb.Point{a[0] + t0*(b[0]-a[0]), a[1] + t0*(b[1]-a[1])}
					p1 := orb.Point{a[0] + t1*(b[0]-a[0]), a[1] + t1*(b[1]-a[1])}
					i0, j0 := d.cell(orb.Point{math.Min(p0[0], p1[0]), math.Min(p0[1], p1[1])})
					i1, j1 := d.cell(orb.Point{math.Max(p0[0], p1[0]), math.Max(p0[1], p1[1])})
					// Widen by one cell against rounding at cell borders.
					for j := max(0, j0-1); j <= min(d.ny-1, j1+1); j++ {
						for i := max(0, i0-1); i <= min(d.nx-1, i1+1); i++ {
							edge[j*d.nx+i] = true
						}
					}
				}
			}
		}
	}
	// A cell that no segment touches is wholly inside or wholly outside:
	// its centre decides. Centres are classified a row at a time by the
	// parity of ring crossings to their west.
	inPoly := make([]bool, d.nx)
	inRing := make([]bool, d.nx)
	var xs []float64
	for j := 0; j < d.ny; j++ {
		y := d.bound.Min[1] + (float64(j)+0.5)*d.ch
		row := d.inside[j*d.nx : (j+1)*d.nx]
		for _, poly := range mp {
			for k, ring := range poly {
				xs = rowCrossings(xs[:0], ring, y)
				parity := false
				c := 0
				for i := 0; i < d.nx; i++ {
					x := d.bound.Min[0] + (float64(i)+0.5)*d.cw
					for c < len(xs) && xs[c] < x {
						parity = !parity
						c++
					}
					inRing[i] = parity
				}
				for i := 0; i < d.nx; i++ {
					switch {
					case k == 0:
						inPoly[i] = inRing[i]
					case inRing[i]:
						inPoly[i] = false
					}
				}
			}
			if len(poly) > 0 {
				for i := 0; i < d.nx; i++ {
					row[i] = row[i] || inPoly[i]
				}
			}
		}
		for i := 0; i < d.nx; i++ {
			if edge[j*d.nx+i] {
				row[i] = false
			}
		}
	}
	return d
}

// rowCrossings appends to xs, sorted, the longitudes at which the ring
// (closed implicitly) crosses the parallel of latitude y, counting a segment
// when its ends lie on different sides of y (an end exactly at y counts as
// north of it).
func rowCrossings(xs []float64, ring orb.Ring, y float64) []float64 {
	n := len(ring)
	for i := 0; i < n; i++ {
		a, b := ring[(i+n-1)%n], ring[i]
		if (a[1] > y) != (b[1] > y) {
			xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
		}
	}
	slices.Sort(xs)
	return xs
}

// cell returns the grid cell of p, clamped to the grid.
func (d *PolygonDistancer) cell(p orb.Point) (i, j int) {
	i = int(math.Floor((p[0] - d.bound.Min[0]) / d.cw))
	j = int(math.Floor((p[1] - d.bound.Min[1]) / d.ch))
	return max(0, min(d.nx-1, i)), max(0, min(d.ny-1, j))
}

// Distance returns DistanceToPolygon(p, mp) in metres.
func (d *PolygonDistancer) Distance(p orb.Point) float64 {
	if d.inside != nil && d.bound.Contains(p) {
		i, j := d.cell(p)
		if d.inside[j*d.nx+i] {
			return 0
		}
	}
	return DistanceToPolygon(p, d.mp)
}
