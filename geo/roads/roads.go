package roads

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/paulmach/orb"
)

// Road is one road line of the network.
type Road struct {
	// Line is the road's centre line in WGS84 degrees, longitude first; at
	// least two points.
	Line orb.LineString
	// Class is the OpenStreetMap highway value, one of Classes: motorway,
	// motorway_link, trunk, primary, secondary, tertiary, unclassified,
	// residential, living_street, service, track, path, footway, cycleway,
	// steps or pedestrian. Motorway and motorway_link are not walkable.
	Class string
	// Oneway is kept from the source, but walking ignores it: pedestrians
	// walk both ways.
	Oneway bool
	// Name is the road's name as signs give it, e.g. 解放路; may be empty.
	Name string
	// Bridge and Tunnel say the road passes over or under what it crosses:
	// its crossings of barriers are not at grade.
	Bridge, Tunnel bool
}

// Classes are the accepted Road.Class values, the OpenStreetMap highway
// values of roads.
var Classes = []string{"motorway", "motorway_link", "trunk", "primary", "secondary", "tertiary",
	"unclassified", "residential", "living_street", "service", "track", "path", "footway", "cycleway",
	"steps", "pedestrian"}

// BarrierKind is what a barrier is.
type BarrierKind string

// The barrier kinds.
const (
	River    BarrierKind = "river"
	Canal    BarrierKind = "canal"
	Motorway BarrierKind = "motorway"
	Trunk    BarrierKind = "trunk"
	Railway  BarrierKind = "railway"
)

// Kinds are the accepted BarrierKind values.
var Kinds = []BarrierKind{River, Canal, Motorway, Trunk, Railway}

// Barrier is a line a child cannot cross except where a walkable road does.
type Barrier struct {
	// Line in WGS84 degrees, longitude first; at least two points.
	Line orb.LineString
	Kind BarrierKind
	// Name, e.g. 清水河; may be empty.
	Name string
}

// Crossing is a point where a walkable road passes a barrier.
type Crossing struct {
	// Loc is where the road line meets the barrier line, WGS84 degrees,
	// longitude first.
	Loc orb.Point
	// Barrier is the index of the barrier in Network.Barriers().
	Barrier int
	// Road is the index of the (first) road that crosses there in
	// Network.Roads().
	Road int
	// AtGrade says the road crosses the barrier on its level (a level
	// crossing of a railway, a junction on a trunk road, a ford in
	// OpenStreetMap): a bridge or tunnel road is not at grade. See the
	// package doc for the rules of each source.
	AtGrade bool
}

// Walkable reports whether a road of class c is walked: every class except
// motorway and motorway_link.
func Walkable(c string) bool { return c != "motorway" && c != "motorway_link" }

// ownClass reports whether a road of class c is barrier kind k itself (a
// trunk road is the trunk barrier), and so never a crossing of it.
func ownClass(c string, k BarrierKind) bool {
	switch k {
	case Motorway:
		return c == "motorway" || c == "motorway_link"
	case Trunk:
		return c == "trunk"
	}
	return false
}

// reported reports whether AtGrade reports barriers of kind k.
func reported(k BarrierKind) bool { return k == Railway || k == Motorway || k == Trunk }

// Network is a road network with its barriers and crossings, and the walking
// graph built from them. It is immutable: safe for concurrent use.
type Network struct {
	roads     []Road
	barriers  []Barrier
	crossings []Crossing
	bound     orb.Bound
	pr        proj

	nodes    []orb.Point // graph nodes, WGS84
	adjStart []int32     // CSR adjacency: node v's half-edges are adjStart[v]:adjStart[v+1]
	adjTo    []int32
	adjLen   []float32 // metres
	adjRoad  []int32
	edges    []edge // walkable edges, for snapping
	edgeGrid *grid

	bsegs      []bseg // barrier segments
	bgrid      *grid
	byBarrier  [][]int32 // crossings per barrier
	nodeCross  map[int32][]nodeCross
	dijkstraSc sync.Pool
}

type edge struct {
	a, b int32
	road int32
	len  float32 // metres
}

type bseg struct{ barrier, i int32 } // segment i of a barrier line

// nodeCross is an at-grade crossing of barrier at a graph node; p and n are
// the barrier's vertices before and after the node (equal to the node when
// the barrier ends there), for telling its two sides apart.
type nodeCross struct {
	barrier int32
	p, n    orb.Point
}

// key is a point quantised to 1e-7°, the precision at which roads join.
type key [2]int64

func keyOf(p orb.Point) key { return key{int64(math.Round(p[0] * 1e7)), int64(math.Round(p[1] * 1e7))} }

// proj is a local equirectangular projection to metres.
type proj struct{ lon0, lat0, kx, ky float64 }

func newProj(b orb.Bound) proj {
	c := b.Center()
	k := geo.EarthRadius * math.Pi / 180
	return proj{c[0], c[1], k * math.Cos(c[1]*math.Pi/180), k}
}

func (q proj) xy(p orb.Point) (float64, float64) {
	return (p[0] - q.lon0) * q.kx, (p[1] - q.lat0) * q.ky
}

// New builds a network from roads and barriers (which it keeps, not copies),
// finds the crossings with the rules of GeoJSON and GeoPackage line layers
// (see the package doc) and builds the walking graph. It reports every
// invalid road or barrier ("roads: road N: ...", N the index in roads).
func New(roads []Road, barriers []Barrier) (*Network, error) {
	return build(roads, barriers, false)
}

func checkLine(l orb.LineString) string {
	if len(l) < 2 {
		return fmt.Sprintf("a line needs at least 2 points, has %d", len(l))
	}
	for _, p := range l {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
			return fmt.Sprintf("point %v is not a WGS84 lon,lat (lon −180–180, lat −90–90)", p)
		}
	}
	return ""
}

// build is New; noded says the lines come from OpenStreetMap, where a road
// is at grade with a barrier only at a shared node.
func build(roads []Road, barriers []Barrier, noded bool) (*Network, error) {
	var errs []error
	for i, r := range roads {
		if m := checkLine(r.Line); m != "" {
			errs = append(errs, fmt.Errorf("roads: road %d: %s", i, m))
		}
		if !slices.Contains(Classes, r.Class) {
			errs = append(errs, fmt.Errorf("roads: road %d: class %q; accepted: %s", i, r.Class, strings.Join(Classes, ", ")))
		}
	}
	for i, b := range barriers {
		if m := checkLine(b.Line); m != "" {
			errs = append(errs, fmt.Errorf("roads: barrier %d: %s", i, m))
		}
		if !slices.Contains(Kinds, b.Kind) {
			errs = append(errs, fmt.Errorf("roads: barrier %d: kind %q; accepted: %s", i, b.Kind, kindList()))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	n := &Network{roads: roads, barriers: barriers}
	first := true
	for _, r := range roads {
		n.bound = extend(n.bound, r.Line.Bound(), &first)
	}
	for _, b := range barriers {
		n.bound = extend(n.bound, b.Line.Bound(), &first)
	}
	n.pr = newProj(n.bound)
	n.indexBarriers()
	inserted := n.findCrossings(noded)
	n.buildGraph(inserted)
	return n, nil
}

func extend(b, o orb.Bound, first *bool) orb.Bound {
	if *first {
		*first = false
		return o
	}
	return b.Union(o)
}

func kindList() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// Roads returns the network's roads; the caller must not modify them.
func (n *Network) Roads() []Road { return n.roads }

// Barriers returns the network's barriers; the caller must not modify them.
func (n *Network) Barriers() []Barrier { return n.barriers }

// Crossings returns where walkable roads pass barriers, one per barrier and
// point (roads that meet the barrier at the same point make one crossing),
// in the order of the roads along their lines.
func (n *Network) Crossings() []Crossing { return n.crossings }

// Bounds returns the bounding box of the roads and barriers, WGS84 degrees
// (Min = min lon, min lat); the zero Bound when there are none.
func (n *Network) Bounds() orb.Bound { return n.bound }

// Nodes returns the number of nodes of the walking graph.
func (n *Network) Nodes() int { return len(n.nodes) }

// Edges returns the number of edges (road segments) of the walking graph.
func (n *Network) Edges() int { return len(n.edges) }

func (n *Network) indexBarriers() {
	var segs [][4]float64
	for bi, b := range n.barriers {
		for i := 0; i+1 < len(b.Line); i++ {
			n.bsegs = append(n.bsegs, bseg{int32(bi), int32(i)})
			x0, y0 := n.pr.xy(b.Line[i])
			x1, y1 := n.pr.xy(b.Line[i+1])
			segs = append(segs, [4]float64{x0, y0, x1, y1})
		}
	}
	n.bgrid = newGrid(segs)
}

// hit is an intersection of a road segment with a barrier segment.
type hit struct {
	road, seg int32
	t         float64 // along the road segment, 0–1
	barrier   int32
	bseg      int32
	u         float64 // along the barrier segment, 0–1
	pt        orb.Point
}

// intersect returns where segments p0p1 and q0q1 meet, with the parameters
// along each; ok false when they do not meet or are parallel. An end that
// is the same point (to 1e-7°) as a point of the other segment is exact.
func intersect(p0, p1, q0, q1 orb.Point) (pt orb.Point, t, u float64, ok bool) {
	// Shared vertices first: exact, whatever the arithmetic says.
	kp0, kp1, kq0, kq1 := keyOf(p0), keyOf(p1), keyOf(q0), keyOf(q1)
	switch {
	case kp0 == kq0:
		return p0, 0, 0, true
	case kp0 == kq1:
		return p0, 0, 1, true
	case kp1 == kq0:
		return p1, 1, 0, true
	case kp1 == kq1:
		return p1, 1, 1, true
	}
	rx, ry := p1[0]-p0[0], p1[1]-p0[1]
	sx, sy := q1[0]-q0[0], q1[1]-q0[1]
	d := rx*sy - ry*sx
	if d == 0 || math.IsNaN(d) {
		return orb.Point{}, 0, 0, false
	}
	wx, wy := q0[0]-p0[0], q0[1]-p0[1]
	t = (wx*sy - wy*sx) / d
	u = (wx*ry - wy*rx) / d
	const eps = 1e-12
	if t < -eps || t > 1+eps || u < -eps || u > 1+eps {
		return orb.Point{}, 0, 0, false
	}
	t = min(max(t, 0), 1)
	u = min(max(u, 0), 1)
	pt = orb.Point{p0[0] + t*rx, p0[1] + t*ry}
	switch keyOf(pt) {
	case kp0:
		pt, t = p0, 0
	case kp1:
		pt, t = p1, 1
	}
	return pt, t, u, true
}

// findCrossings fills n.crossings, n.byBarrier and n.nodeCross's sources:
// it returns the at-grade hits, which buildGraph turns into nodes.
func (n *Network) findCrossings(noded bool) []hit {
	var atGrade []hit
	type ck struct {
		barrier int32
		k       key
	}
	seen := map[ck]int{} // crossing index
	n.byBarrier = make([][]int32, len(n.barriers))
	var cand []int32
	for ri, r := range n.roads {
		if !Walkable(r.Class) {
			continue
		}
		for si := 0; si+1 < len(r.Line); si++ {
			p0, p1 := r.Line[si], r.Line[si+1]
			x0, y0 := n.pr.xy(p0)
			x1, y1 := n.pr.xy(p1)
			cand = cand[:0]
			n.bgrid.visitSeg(x0, y0, x1, y1, func(it int32) { cand = append(cand, it) })
			slices.Sort(cand)
			cand = slices.Compact(cand)
			var hits []hit
			for _, bi := range cand {
				bs := n.bsegs[bi]
				b := n.barriers[bs.barrier]
				if ownClass(r.Class, b.Kind) {
					continue
				}
				q0, q1 := b.Line[bs.i], b.Line[bs.i+1]
				pt, t, u, ok := intersect(p0, p1, q0, q1)
				if !ok {
					continue
				}
				hits = append(hits, hit{int32(ri), int32(si), t, bs.barrier, bs.i, u, pt})
			}
			slices.SortFunc(hits, func(a, b hit) int {
				if a.t != b.t {
					if a.t < b.t {
						return -1
					}
					return 1
				}
				return int(a.barrier) - int(b.barrier)
			})
			for _, h := range hits {
				b := n.barriers[h.barrier]
				var at bool
				if noded {
					// At grade only at a node of both the road and the barrier.
					at = (h.t == 0 || h.t == 1) && (keyOf(h.pt) == keyOf(b.Line[h.bseg]) || keyOf(h.pt) == keyOf(b.Line[h.bseg+1]))
				} else {
					at = !r.Bridge && !r.Tunnel && b.Kind != Motorway && b.Kind != River
				}
				c := ck{h.barrier, keyOf(h.pt)}
				if i, dup := seen[c]; dup {
					if at && !n.crossings[i].AtGrade {
						n.crossings[i].AtGrade = true
					}
				} else {
					seen[c] = len(n.crossings)
					n.byBarrier[h.barrier] = append(n.byBarrier[h.barrier], int32(len(n.crossings)))
					n.crossings = append(n.crossings, Crossing{Loc: h.pt, Barrier: int(h.barrier), Road: int(h.road), AtGrade: at})
				}
				if at {
					atGrade = append(atGrade, h)
				}
			}
		}
	}
	return atGrade
}

// barrierSides returns the barrier's points before and after the point of
// hit h on it, looking into another barrier of the same kind that continues
// the line when h is at an end (the point itself when none does).
func (n *Network) barrierSides(h hit, ends map[key][]int32) (orb.Point, orb.Point) {
	b := n.barriers[h.barrier]
	l := b.Line
	j := int(h.bseg)
	k := keyOf(h.pt)
	switch {
	case k == keyOf(l[j]):
	case k == keyOf(l[j+1]):
		j++
	default:
		return l[j], l[j+1]
	}
	// The point is vertex j of l.
	p, nx := h.pt, h.pt
	if j > 0 {
		p = l[j-1]
	}
	if j+1 < len(l) {
		nx = l[j+1]
	}
	if j == 0 || j+1 == len(l) {
		for _, o := range ends[k] {
			if o == h.barrier || n.barriers[o].Kind != b.Kind {
				continue
			}
			ol := n.barriers[o].Line
			var other orb.Point
			if keyOf(ol[0]) == k {
				other = ol[1]
			} else {
				other = ol[len(ol)-2]
			}
			// Orient the continuation: it extends l beyond its end.
			if j == 0 {
				p = other
			} else {
				nx = other
			}
			break
		}
	}
	return p, nx
}

// buildGraph makes the walking graph: a node per distinct road vertex of the
// walkable roads, plus one per at-grade crossing inside a road segment.
func (n *Network) buildGraph(atGrade []hit) {
	ids := map[key]int32{}
	nodeOf := func(p orb.Point) int32 {
		k := keyOf(p)
		if id, ok := ids[k]; ok {
			return id
		}
		id := int32(len(n.nodes))
		ids[k] = id
		n.nodes = append(n.nodes, p)
		return id
	}
	// At-grade hits inside a segment, per road segment.
	type rs struct{ road, seg int32 }
	inside := map[rs][]hit{}
	var atVertex []hit
	for _, h := range atGrade {
		if h.t == 0 || h.t == 1 {
			atVertex = append(atVertex, h)
		} else {
			inside[rs{h.road, h.seg}] = append(inside[rs{h.road, h.seg}], h)
		}
	}
	ends := map[key][]int32{}
	for bi, b := range n.barriers {
		for _, p := range []orb.Point{b.Line[0], b.Line[len(b.Line)-1]} {
			ends[keyOf(p)] = append(ends[keyOf(p)], int32(bi))
		}
	}
	n.nodeCross = map[int32][]nodeCross{}
	addCross := func(v int32, h hit) {
		for _, c := range n.nodeCross[v] {
			if c.barrier == h.barrier {
				return
			}
		}
		p, nx := n.barrierSides(h, ends)
		n.nodeCross[v] = append(n.nodeCross[v], nodeCross{h.barrier, p, nx})
	}
	var es []edge
	for ri, r := range n.roads {
		if !Walkable(r.Class) {
			continue
		}
		prev := nodeOf(r.Line[0])
		link := func(v int32) {
			if v != prev {
				l := geo.Distance(n.nodes[prev], n.nodes[v])
				es = append(es, edge{prev, v, int32(ri), float32(l)})
			}
			prev = v
		}
		for si := 0; si+1 < len(r.Line); si++ {
			hs := inside[rs{int32(ri), int32(si)}]
			slices.SortStableFunc(hs, func(a, b hit) int {
				switch {
				case a.t < b.t:
					return -1
				case a.t > b.t:
					return 1
				}
				return 0
			})
			for i, h := range hs {
				if i > 0 && keyOf(h.pt) == keyOf(hs[i-1].pt) {
					addCross(prev, h) // the same point: the node just made
					continue
				}
				// A node of its own: roads never join at an inserted point.
				v := int32(len(n.nodes))
				n.nodes = append(n.nodes, h.pt)
				link(v)
				addCross(v, h)
			}
			link(nodeOf(r.Line[si+1]))
		}
	}
	for _, h := range atVertex {
		addCross(ids[keyOf(h.pt)], h)
	}
	n.edges = es
	// CSR adjacency, both directions.
	nn := len(n.nodes)
	n.adjStart = make([]int32, nn+1)
	for _, e := range es {
		n.adjStart[e.a+1]++
		n.adjStart[e.b+1]++
	}
	for i := 1; i <= nn; i++ {
		n.adjStart[i] += n.adjStart[i-1]
	}
	fill := slices.Clone(n.adjStart[:nn])
	m := 2 * len(es)
	n.adjTo = make([]int32, m)
	n.adjLen = make([]float32, m)
	n.adjRoad = make([]int32, m)
	put := func(a, b int32, l float32, road int32) {
		i := fill[a]
		fill[a]++
		n.adjTo[i], n.adjLen[i], n.adjRoad[i] = b, l, road
	}
	for _, e := range es {
		put(e.a, e.b, e.len, e.road)
		put(e.b, e.a, e.len, e.road)
	}
	segs := make([][4]float64, len(es))
	for i, e := range es {
		x0, y0 := n.pr.xy(n.nodes[e.a])
		x1, y1 := n.pr.xy(n.nodes[e.b])
		segs[i] = [4]float64{x0, y0, x1, y1}
	}
	n.edgeGrid = newGrid(segs)
}
