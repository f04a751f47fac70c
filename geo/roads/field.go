package roads

import (
	"math"
	"slices"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/paulmach/orb"
)

// snap is a point's way onto the network: the nearest point on the nearest
// walkable edge.
type snap struct {
	edge int32
	pt   orb.Point // on the edge, WGS84
	t    float64   // along the edge from a to b, 0–1
	off  float64   // metres from the point to pt
}

// snap finds p's nearest point on a walkable edge; ok false when the
// network has no walkable edge.
func (n *Network) snap(p orb.Point) (s snap, ok bool) {
	g := n.edgeGrid
	if g == nil || g.nx == 0 || math.IsNaN(p[0]+p[1]) || math.IsInf(p[0]+p[1], 0) {
		return snap{}, false
	}
	px, py := n.pr.xy(p)
	cx, cy := g.col(px), g.row(py)
	best := math.Inf(1)
	var bt float64
	be := int32(-1)
	try := func(e int32) {
		ed := n.edges[e]
		ax, ay := n.pr.xy(n.nodes[ed.a])
		bx, by := n.pr.xy(n.nodes[ed.b])
		dx, dy := bx-ax, by-ay
		t := 0.0
		if l2 := dx*dx + dy*dy; l2 > 0 {
			t = min(max(((px-ax)*dx+(py-ay)*dy)/l2, 0), 1)
		}
		qx, qy := ax+t*dx-px, ay+t*dy-py
		d := qx*qx + qy*qy
		if d < best || (d == best && e < be) {
			best, bt, be = d, t, e
		}
	}
	for k := 0; ; k++ {
		inside := g.visitRing(cx, cy, k, try)
		// Every edge not yet seen lies in cells at least k cells away.
		if be >= 0 && math.Sqrt(best) <= float64(k)*g.cell {
			break
		}
		if !inside && k > g.nx+g.ny {
			break
		}
	}
	if be < 0 {
		return snap{}, false
	}
	ed := n.edges[be]
	a, b := n.nodes[ed.a], n.nodes[ed.b]
	pt := orb.Point{a[0] + bt*(b[0]-a[0]), a[1] + bt*(b[1]-a[1])}
	return snap{edge: be, pt: pt, t: bt, off: geo.Distance(p, pt)}, true
}

// Field holds the walking distances from one source point over the
// network, up to a cut-off. It is immutable: safe for concurrent use.
type Field struct {
	n      *Network
	cutoff float64
	src    snap
	ok     bool
	// The nodes reached: dense (ids nil, dist and pred indexed by node) or
	// sparse (ids sorted, dist and pred by position in ids), whichever is
	// smaller. pred is the node before on the shortest route, −1 for a node
	// reached straight from the source's edge.
	ids  []int32
	dist []float32 // metres
	pred []int32
}

type heapItem struct {
	d float64
	v int32
}

type scratch struct {
	dist    []float64
	pred    []int32
	touched []int32
	heap    []heapItem
}

// Field returns the walking distances from src (WGS84 lon,lat) over the
// network, up to cutoffM metres: Dijkstra's shortest paths from the point
// of the nearest walkable edge nearest to src, the straight segment from
// src to it counted. It keeps per node reached a float32 distance and the
// node before, about 8 bytes per node when most are reached and 12 per node
// reached when few are.
func (n *Network) Field(src orb.Point, cutoffM float64) *Field {
	f := &Field{n: n, cutoff: cutoffM}
	s, ok := n.snap(src)
	if !ok || !(cutoffM >= 0) {
		return f
	}
	f.src, f.ok = s, true
	sc, _ := n.dijkstraSc.Get().(*scratch)
	if sc == nil || len(sc.dist) != len(n.nodes) {
		sc = &scratch{dist: make([]float64, len(n.nodes)), pred: make([]int32, len(n.nodes))}
		for i := range sc.dist {
			sc.dist[i] = math.Inf(1)
		}
	}
	defer n.dijkstraSc.Put(sc)
	h := sc.heap[:0]
	push := func(v int32, d float64, p int32) {
		if d > cutoffM || d >= sc.dist[v] {
			return
		}
		if math.IsInf(sc.dist[v], 1) {
			sc.touched = append(sc.touched, v)
		}
		sc.dist[v], sc.pred[v] = d, p
		h = append(h, heapItem{d, v})
		// sift up
		i := len(h) - 1
		for i > 0 {
			j := (i - 1) / 2
			if h[j].d <= h[i].d {
				break
			}
			h[i], h[j] = h[j], h[i]
			i = j
		}
	}
	e := n.edges[s.edge]
	l := float64(e.len)
	push(e.a, s.off+s.t*l, -1)
	push(e.b, s.off+(1-s.t)*l, -1)
	for len(h) > 0 {
		it := h[0]
		last := len(h) - 1
		h[0] = h[last]
		h = h[:last]
		// sift down
		i := 0
		for {
			c := 2*i + 1
			if c >= len(h) {
				break
			}
			if c+1 < len(h) && h[c+1].d < h[c].d {
				c++
			}
			if h[i].d <= h[c].d {
				break
			}
			h[i], h[c] = h[c], h[i]
			i = c
		}
		if it.d > sc.dist[it.v] {
			continue
		}
		for k := n.adjStart[it.v]; k < n.adjStart[it.v+1]; k++ {
			push(n.adjTo[k], it.d+float64(n.adjLen[k]), it.v)
		}
	}
	sc.heap = h[:0]
	r := len(sc.touched)
	if 12*r < 8*len(n.nodes) {
		f.ids = slices.Clone(sc.touched)
		slices.Sort(f.ids)
		f.dist = make([]float32, r)
		f.pred = make([]int32, r)
		for i, v := range f.ids {
			f.dist[i] = float32(sc.dist[v])
			f.pred[i] = sc.pred[v]
		}
	} else {
		f.dist = make([]float32, len(n.nodes))
		f.pred = make([]int32, len(n.nodes))
		for i := range f.dist {
			f.dist[i] = float32(math.Inf(1))
		}
		for _, v := range sc.touched {
			f.dist[v] = float32(sc.dist[v])
			f.pred[v] = sc.pred[v]
		}
	}
	for _, v := range sc.touched {
		sc.dist[v] = math.Inf(1)
	}
	sc.touched = sc.touched[:0]
	return f
}

// node returns the distance to node v and the node before it; ok false when
// v was not reached within the cut-off.
func (f *Field) node(v int32) (d float64, pred int32, ok bool) {
	if f.ids == nil {
		if int(v) >= len(f.dist) || math.IsInf(float64(f.dist[v]), 1) {
			return 0, 0, false
		}
		return float64(f.dist[v]), f.pred[v], true
	}
	i, found := slices.BinarySearch(f.ids, v)
	if !found {
		return 0, 0, false
	}
	return float64(f.dist[i]), f.pred[i], true
}

// route finds the shortest route to p: its length in metres, p's snap, and
// the last node of the route (−1 when it runs along the source's own edge
// without a node).
func (f *Field) route(p orb.Point) (m float64, s snap, last int32, ok bool) {
	if !f.ok {
		return 0, snap{}, 0, false
	}
	s, ok = f.n.snap(p)
	if !ok {
		return 0, snap{}, 0, false
	}
	return f.routeSnap(s)
}

func (f *Field) routeSnap(s snap) (m float64, _ snap, last int32, ok bool) {
	e := f.n.edges[s.edge]
	l := float64(e.len)
	best, last := math.Inf(1), int32(-2)
	if s.edge == f.src.edge {
		best, last = f.src.off+math.Abs(f.src.t-s.t)*l+s.off, -1
	}
	if d, _, ok := f.node(e.a); ok && d+s.t*l+s.off < best {
		best, last = d+s.t*l+s.off, e.a
	}
	if d, _, ok := f.node(e.b); ok && d+(1-s.t)*l+s.off < best {
		best, last = d+(1-s.t)*l+s.off, e.b
	}
	if last == -2 || best > f.cutoff {
		return 0, s, 0, false
	}
	return best, s, last, true
}

// DistanceM returns the walking distance in metres from the field's source
// to p (WGS84 lon,lat): the straight segment from the source to its nearest
// point on a walkable edge, the shortest route along the roads, and the
// straight segment from p's nearest point on a walkable edge to p. ok is
// false when p is beyond the cut-off, not connected to the source, or the
// network has no walkable road.
func (f *Field) DistanceM(p orb.Point) (m float64, ok bool) {
	m, _, _, ok = f.route(p)
	return m, ok
}

// AtGrade returns the kinds of the barriers (railway, motorway, trunk) that
// the shortest route from the source to p crosses at grade, each kind once,
// in the order the route meets them; nil when none, or when p is not
// reached. A route crosses a barrier at a node when it arrives from one side
// and leaves to the other; walking along a trunk road (the barrier itself)
// between two junctions counts as crossing it when the route leaves on the
// other side from where it joined.
func (f *Field) AtGrade(p orb.Point) []BarrierKind {
	_, s, last, ok := f.route(p)
	if !ok || last < 0 || len(f.n.nodeCross) == 0 {
		return nil
	}
	n := f.n
	// The route's nodes, source end first, and the road of each step.
	var path []int32
	for v := last; v >= 0; {
		path = append(path, v)
		_, pv, ok := f.node(v)
		if !ok {
			return nil
		}
		v = pv
		if len(path) > len(n.nodes) {
			return nil // cannot happen: pred forms a tree
		}
	}
	slices.Reverse(path)
	roadOf := func(a, b int32) int32 {
		best, road := float32(math.Inf(1)), int32(-1)
		for k := n.adjStart[a]; k < n.adjStart[a+1]; k++ {
			if n.adjTo[k] == b && n.adjLen[k] < best {
				best, road = n.adjLen[k], n.adjRoad[k]
			}
		}
		return road
	}
	srcRoad := n.edges[f.src.edge].road
	dstRoad := n.edges[s.edge].road
	type entry struct {
		barrier int32
		side    int
	}
	var pending []entry
	var out []BarrierKind
	for i, v := range path {
		cs := n.nodeCross[v]
		if len(cs) == 0 {
			continue
		}
		prevPt, inRoad := f.src.pt, srcRoad
		if i > 0 {
			prevPt, inRoad = n.nodes[path[i-1]], roadOf(path[i-1], v)
		}
		nextPt, outRoad := s.pt, dstRoad
		if i+1 < len(path) {
			nextPt, outRoad = n.nodes[path[i+1]], roadOf(v, path[i+1])
		}
		at := n.nodes[v]
		for _, c := range cs {
			b := n.barriers[c.barrier]
			if !reported(b.Kind) {
				continue
			}
			if inRoad < 0 || !ownClass(n.roads[inRoad].Class, b.Kind) {
				pending = slices.DeleteFunc(pending, func(e entry) bool { return e.barrier == c.barrier })
				pending = append(pending, entry{c.barrier, side(at, c.p, c.n, prevPt)})
			}
			if outRoad < 0 || !ownClass(n.roads[outRoad].Class, b.Kind) {
				j := slices.IndexFunc(pending, func(e entry) bool { return e.barrier == c.barrier })
				if j < 0 {
					continue
				}
				s0, s1 := pending[j].side, side(at, c.p, c.n, nextPt)
				pending = slices.Delete(pending, j, j+1)
				if s0 != 0 && s1 != 0 && s0 != s1 && !slices.Contains(out, b.Kind) {
					out = append(out, b.Kind)
				}
			}
		}
	}
	return out
}

// side tells on which side of the barrier through v (from p to nx) the point
// x lies: +1 or −1, 0 when it cannot tell (x on the barrier, or the barrier
// ends at v). Angles are in lon,lat degrees: a linear map of the plane, so
// the sides are those on the ground.
func side(v, p, nx, x orb.Point) int {
	if p == v || nx == v || x == v {
		return 0
	}
	ang := func(q orb.Point) float64 { return math.Atan2(q[1]-v[1], q[0]-v[0]) }
	norm := func(a float64) float64 {
		a = math.Mod(a, 2*math.Pi)
		if a < 0 {
			a += 2 * math.Pi
		}
		return a
	}
	ab := ang(nx)
	toP := norm(ang(p) - ab)
	toX := norm(ang(x) - ab)
	switch {
	case toX == 0 || toX == toP:
		return 0
	case toX < toP:
		return 1
	}
	return -1
}

// Snapped is a point located on a network: its nearest point on a walkable
// edge. Snap a point once and look it up in many fields (one per campus)
// with Field.DistanceSnapped, instead of snapping it again in each.
type Snapped struct {
	n  *Network
	s  snap
	ok bool
}

// Snap locates p (WGS84 lon,lat) on the network.
func (n *Network) Snap(p orb.Point) Snapped {
	s, ok := n.snap(p)
	return Snapped{n, s, ok}
}

// OffM returns the length in metres of the straight segment from the point
// to its nearest point on a walkable edge; ok false when the network has no
// walkable road.
func (s Snapped) OffM() (m float64, ok bool) { return s.s.off, s.ok }

// OnNetwork returns the point's nearest point on a walkable edge, WGS84
// lon,lat.
func (s Snapped) OnNetwork() orb.Point { return s.s.pt }

// DistanceSnapped is DistanceM for a point snapped on the field's network
// (ok false for one snapped on another network).
func (f *Field) DistanceSnapped(s Snapped) (m float64, ok bool) {
	if !f.ok || !s.ok || s.n != f.n {
		return 0, false
	}
	m, _, _, ok = f.routeSnap(s.s)
	return m, ok
}
