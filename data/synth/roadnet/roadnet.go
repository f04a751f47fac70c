// Package roadnet builds the synthetic road networks of the generated
// datasets (the default Hutubi of package synth and the test counties of
// package county): roads and barriers laid out in a metric plane, joined
// where they meet, with bridges and underpasses cut where a road passes a
// barrier, and written as the road layer of a dataset folder.
//
// Coordinates inside a Net are metres east (x) and north (y) of the Frame's
// origin (an equirectangular plane, good to a few metres over a county);
// Frame.LonLat gives WGS84 longitude, latitude in decimal degrees (orb's axis
// order), rounded to 1e-6 degree.
//
// Roads join only where they share a vertex: AddRoad keeps its vertices,
// Connect and Snap insert the junction vertex into the road they reach, and
// Finish adds a shared vertex wherever two roads (neither a motorway) cross.
// A road crosses a river or canal on a bridge, a motorway or railway only as
// its Rail and Motor say (over, under, at grade); Connect never crosses a river, a
// railway or a motorway.
//
// What belongs here: the network under construction and its noding. The
// layouts (where the rivers and streets run) belong to the generators; the
// file format to geo/roads and engine/dataset.
package roadnet

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// Frame converts between the metric plane of a Net and WGS84.
type Frame struct {
	Origin orb.Point // lon, lat of (0, 0)
	kx, ky float64   // metres per degree of longitude, latitude
}

// NewFrame returns the plane centred at origin (lon, lat).
func NewFrame(origin orb.Point) Frame {
	m := geo.EarthRadius * math.Pi / 180
	return Frame{Origin: origin, kx: m * math.Cos(origin[1]*math.Pi/180), ky: m}
}

// XY returns the plane point (metres) of a lon, lat point.
func (f Frame) XY(p orb.Point) orb.Point {
	return orb.Point{(p[0] - f.Origin[0]) * f.kx, (p[1] - f.Origin[1]) * f.ky}
}

// LonLat returns the lon, lat of a plane point, rounded to 1e-6 degree.
func (f Frame) LonLat(p orb.Point) orb.Point {
	return orb.Point{Round6(f.Origin[0] + p[0]/f.kx), Round6(f.Origin[1] + p[1]/f.ky)}
}

// Round6 rounds a degree value to 6 decimals, as the files carry it.
func Round6(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 6, 64), 64)
	return r
}

// Barrier kinds, as the barriers file writes them.
const (
	River    = "river"
	Canal    = "canal"
	Motorway = "motorway"
	Trunk    = "trunk"
	Railway  = "railway"
)

// Cross says how a road passes a motorway or a railway barrier.
type Cross int

// How a road passes a motorway or railway.
const (
	NoCross Cross = iota // it must not (Finish reports nothing; the layout must keep it so)
	Over                 // on a bridge (overpass)
	Under                // through an underpass (tunnel)
	AtGrade              // a level crossing (railway only)
	Below                // beneath an elevated motorway or railway: no piece cut, no flag
)

// Road is a road under construction; Pts are plane points.
type Road struct {
	Pts    []orb.Point
	Class  string // OSM highway value: motorway, trunk, primary, …, track
	Name   string
	Oneway bool
	Rail   Cross // how it passes a railway (NoCross: it must not)
	Motor  Cross // how it passes a motorway (NoCross: it must not)
	River  bool  // it crosses a river, on a bridge (false: it must not)
}

// Barrier is a line a walk crosses only where a road does.
type Barrier struct {
	Pts  []orb.Point
	Kind string // River, Canal, Motorway, Trunk or Railway
	Name string
}

// Net is a network under construction.
type Net struct {
	Roads    []*Road
	Barriers []*Barrier
}

// AddRoad adds a road and returns it.
func (n *Net) AddRoad(r Road) *Road {
	p := &r
	n.Roads = append(n.Roads, p)
	return p
}

// AddBarrier adds a barrier.
func (n *Net) AddBarrier(b Barrier) { n.Barriers = append(n.Barriers, &b) }

// hard reports whether a plain road may not cross a barrier of this kind.
func hard(kind string) bool { return kind == River || kind == Railway || kind == Motorway }

// Blocked reports whether the segment a–b crosses a river, a railway or a
// motorway barrier.
func (n *Net) Blocked(a, b orb.Point) bool {
	for _, br := range n.Barriers {
		if !hard(br.Kind) {
			continue
		}
		for i := 0; i+1 < len(br.Pts); i++ {
			if _, _, ok := touches(a, b, br.Pts[i], br.Pts[i+1]); ok {
				return true
			}
		}
	}
	return false
}

// nearest returns the point of the network's roads nearest to p that the
// straight segment from p reaches without crossing a hard barrier, among
// roads accepted by ok: the road, the segment index and the point.
func (n *Net) nearest(p orb.Point, maxDist float64, ok func(*Road) bool) (*Road, int, orb.Point, bool) {
	return n.nearestBlocked(p, maxDist, ok, true)
}

func (n *Net) nearestBlocked(p orb.Point, maxDist float64, ok func(*Road) bool, blocked bool) (*Road, int, orb.Point, bool) {
	type cand struct {
		r *Road
		i int
		q orb.Point
		d float64
	}
	var cs []cand
	for _, r := range n.Roads {
		if !ok(r) {
			continue
		}
		for i := 0; i+1 < len(r.Pts); i++ {
			q := project(p, r.Pts[i], r.Pts[i+1])
			if d := dist(p, q); d <= maxDist {
				cs = append(cs, cand{r, i, q, d})
			}
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return cmp.Compare(a.d, b.d) })
	for _, c := range cs {
		if !blocked || !n.Blocked(p, c.q) {
			return c.r, c.i, c.q, true
		}
	}
	return nil, 0, orb.Point{}, false
}

// walkable reports whether a road may be joined by a connector.
func walkable(r *Road) bool { return r.Class != "motorway" && r.Class != "motorway_link" }

// Connect adds a road from p to the nearest point of a walkable road within
// maxDist that it reaches without crossing a river, railway or motorway,
// and inserts the junction vertex into that road. It reports whether one
// was found; a connector shorter than 1 m is not added (p is then already
// on the network, and the junction is p).
//
// Roads in skip are not joined (a village's own lanes through p).
func (n *Net) Connect(p orb.Point, maxDist float64, class, name string, skip ...*Road) bool {
	return n.ConnectTo(p, maxDist, class, name, func(r *Road) bool { return !slices.Contains(skip, r) })
}

// ConnectTo is Connect to the nearest walkable road that accept accepts.
func (n *Net) ConnectTo(p orb.Point, maxDist float64, class, name string, accept func(*Road) bool) bool {
	r, i, q, ok := n.nearest(p, maxDist, func(r *Road) bool { return walkable(r) && accept(r) })
	if !ok {
		return false
	}
	if dist(p, q) < 1 {
		q = p
	}
	q = insert(r, i, q)
	if q != p {
		n.AddRoad(Road{Pts: []orb.Point{p, q}, Class: class, Name: name})
	}
	return true
}

// ConnectAcross adds the road template r (its Pts replaced) from p to the
// nearest walkable road within maxDist, whatever barriers lie between: r's
// River, Rail and Motor say how it crosses them. It reports whether a road
// was reached.
//
// Roads in skip are not joined.
func (n *Net) ConnectAcross(p orb.Point, maxDist float64, r Road, skip ...*Road) bool {
	o, i, q, ok := n.nearestBlocked(p, maxDist, func(o *Road) bool { return walkable(o) && !slices.Contains(skip, o) }, false)
	if !ok {
		return false
	}
	q = insert(o, i, q)
	if q != p {
		r.Pts = []orb.Point{p, q}
		n.AddRoad(r)
	}
	return true
}

// Crosses reports whether polyline a meets polyline b.
func Crosses(a, b []orb.Point) bool { return len(crossings(a, b)) > 0 }

// AddStopping adds road r cut where it would cross a barrier of one of the
// kinds, leaving a gap of gap metres on each side: the road stops short of
// the barrier and goes on beyond it.
func (n *Net) AddStopping(r Road, gap float64, kinds ...string) {
	pts := r.Pts
	at := make([]float64, len(pts))
	for i := 1; i < len(pts); i++ {
		at[i] = at[i-1] + dist(pts[i-1], pts[i])
	}
	var cuts []float64
	for _, b := range n.Barriers {
		if slices.Contains(kinds, b.Kind) {
			cuts = append(cuts, crossings(pts, b.Pts)...)
		}
	}
	slices.Sort(cuts)
	from := 0.0
	for _, c := range append(cuts, at[len(at)-1]+gap) {
		if c-gap > from+1 {
			part := r
			part.Pts = sub(pts, at, from, c-gap)
			n.AddRoad(part)
		}
		from = c + gap
	}
}

// Snap joins each end of r to the road nearest to it within tol metres (r
// itself aside): the end becomes a vertex of that road.
func (n *Net) Snap(r *Road, tol float64) {
	for _, e := range []int{0, len(r.Pts) - 1} {
		p := r.Pts[e]
		o, i, q, ok := n.nearest(p, tol, func(o *Road) bool { return o != r && walkable(o) == walkable(r) })
		if !ok {
			continue
		}
		_ = q
		insert(o, i, p)
	}
}

// insert puts q into road r after vertex i unless it is one of the
// segment's ends, and returns the vertex.
func insert(r *Road, i int, q orb.Point) orb.Point {
	if dist(q, r.Pts[i]) < 0.5 {
		return r.Pts[i]
	}
	if dist(q, r.Pts[i+1]) < 0.5 {
		return r.Pts[i+1]
	}
	r.Pts = slices.Insert(r.Pts, i+1, q)
	return q
}

// ---- plane geometry ----

func dist(a, b orb.Point) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

// project returns the point of segment a–b nearest to p.
func project(p, a, b orb.Point) orb.Point {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return a
	}
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l2
	t = min(max(t, 0), 1)
	return orb.Point{a[0] + t*dx, a[1] + t*dy}
}

// SegDist returns the distance from p to segment a–b.
func SegDist(p, a, b orb.Point) float64 { return dist(p, project(p, a, b)) }

// intersect returns the parameters along a–b and c–d where the segments
// cross, when they cross at a point inside both (ends excluded by a hair,
// so that segments meeting at a shared vertex do not cross).
func intersect(a, b, c, d orb.Point) (t, u float64, ok bool) {
	rx, ry := b[0]-a[0], b[1]-a[1]
	sx, sy := d[0]-c[0], d[1]-c[1]
	den := rx*sy - ry*sx
	if den == 0 {
		return 0, 0, false
	}
	qx, qy := c[0]-a[0], c[1]-a[1]
	t = (qx*sy - qy*sx) / den
	u = (qx*ry - qy*rx) / den
	const eps = 1e-9
	if t <= eps || t >= 1-eps || u <= eps || u >= 1-eps {
		return 0, 0, false
	}
	return t, u, true
}

// touches is intersect with the ends included: where segments a–b and c–d
// meet, a vertex of either on the other counting.
func touches(a, b, c, d orb.Point) (t, u float64, ok bool) {
	rx, ry := b[0]-a[0], b[1]-a[1]
	sx, sy := d[0]-c[0], d[1]-c[1]
	den := rx*sy - ry*sx
	if den == 0 {
		return 0, 0, false
	}
	qx, qy := c[0]-a[0], c[1]-a[1]
	t = (qx*sy - qy*sx) / den
	u = (qx*ry - qy*rx) / den
	if t < 0 || t > 1 || u < 0 || u > 1 {
		return 0, 0, false
	}
	return t, u, true
}

// crossings returns the arc lengths along pts where it meets the line
// other, each once (a meeting at a shared vertex of segments counts once).
func crossings(pts, other []orb.Point) []float64 {
	var out []float64
	at := 0.0
	for i := 0; i+1 < len(pts); i++ {
		l := dist(pts[i], pts[i+1])
		for j := 0; j+1 < len(other); j++ {
			if t, _, ok := touches(pts[i], pts[i+1], other[j], other[j+1]); ok {
				s := at + t*l
				if !slices.ContainsFunc(out, func(x float64) bool { return math.Abs(x-s) < 0.01 }) {
					out = append(out, s)
				}
			}
		}
		at += l
	}
	return out
}

// Length returns the length of a polyline in metres.
func Length(pts []orb.Point) float64 {
	var s float64
	for i := 0; i+1 < len(pts); i++ {
		s += dist(pts[i], pts[i+1])
	}
	return s
}

// Densify returns pts with vertices added so that no segment is longer
// than step metres.
func Densify(pts []orb.Point, step float64) []orb.Point {
	out := []orb.Point{pts[0]}
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		k := max(1, int(math.Ceil(dist(a, b)/step)))
		for j := 1; j <= k; j++ {
			t := float64(j) / float64(k)
			out = append(out, orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])})
		}
	}
	return out
}
