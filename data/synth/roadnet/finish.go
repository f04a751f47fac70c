package roadnet

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// OutRoad is a finished road in WGS84: one feature of the roads file.
type OutRoad struct {
	Line           orb.LineString // lon, lat, rounded to 1e-6 degree
	Class, Name    string
	Oneway         bool
	Bridge, Tunnel bool
}

// OutBarrier is a finished barrier in WGS84: one feature of the barriers file.
type OutBarrier struct {
	Line       orb.LineString
	Kind, Name string
}

// Stats counts what Finish made.
type Stats struct {
	Junctions int            // vertices shared by two roads or more
	Bridges   map[string]int // road pieces on a bridge, by the kind of barrier below
	Tunnels   map[string]int // underpasses, by the kind of barrier above
	AtGrade   int            // level crossings of a railway
}

// Half-lengths of the road pieces cut at a crossing, metres.
var pieceHalf = map[string]float64{River: 40, Canal: 6, Motorway: 20, Railway: 15}

type cut struct {
	seg  int
	t    float64
	p    orb.Point
	kind string // "" for a junction, else the barrier crossed
}

// Finish joins crossing roads (neither a motorway nor a link) with a shared
// vertex, cuts a bridge or tunnel piece where a road passes a river, canal,
// motorway or railway, and returns the roads and barriers in WGS84 in the
// order they were added. It fails when a road crosses a motorway or railway
// its Cross does not allow.
func (n *Net) Finish(f Frame) ([]OutRoad, []OutBarrier, Stats, error) {
	st := Stats{Bridges: map[string]int{}, Tunnels: map[string]int{}}
	n.node()
	// Vertices shared by two roads or more, and road ends.
	uses := map[orb.Point]int{}
	for _, r := range n.Roads {
		seen := map[orb.Point]bool{}
		for _, p := range r.Pts {
			if !seen[p] {
				seen[p] = true
				uses[p]++
			}
		}
	}
	for _, c := range uses {
		if c >= 2 {
			st.Junctions++
		}
	}
	var roads []OutRoad
	for _, r := range n.Roads {
		pieces, err := n.pieces(r, uses, &st)
		if err != nil {
			return nil, nil, st, err
		}
		for _, pc := range pieces {
			line := lonLat(f, pc.pts)
			if len(line) < 2 {
				continue
			}
			roads = append(roads, OutRoad{Line: line, Class: r.Class, Name: r.Name, Oneway: r.Oneway,
				Bridge: pc.bridge, Tunnel: pc.tunnel})
		}
	}
	var bars []OutBarrier
	for _, b := range n.Barriers {
		if line := lonLat(f, b.Pts); len(line) >= 2 {
			bars = append(bars, OutBarrier{Line: line, Kind: b.Kind, Name: b.Name})
		}
	}
	return roads, bars, st, nil
}

func lonLat(f Frame, pts []orb.Point) orb.LineString {
	var line orb.LineString
	for _, p := range pts {
		q := f.LonLat(p)
		if len(line) == 0 || line[len(line)-1] != q {
			line = append(line, q)
		}
	}
	return line
}

// node inserts a shared vertex wherever two roads cross.
func (n *Net) node() {
	type ref struct{ r, s int }
	const cell = 250.0
	grid := map[[2]int][]ref{}
	key := func(x, y float64) [2]int { return [2]int{int(math.Floor(x / cell)), int(math.Floor(y / cell))} }
	cuts := make([][]cut, len(n.Roads))
	done := map[[4]int]bool{}
	for ri, r := range n.Roads {
		if !walkable(r) {
			continue
		}
		for s := 0; s+1 < len(r.Pts); s++ {
			a, b := r.Pts[s], r.Pts[s+1]
			k0, k1 := key(min(a[0], b[0]), min(a[1], b[1])), key(max(a[0], b[0]), max(a[1], b[1]))
			for x := k0[0]; x <= k1[0]; x++ {
				for y := k0[1]; y <= k1[1]; y++ {
					for _, o := range grid[[2]int{x, y}] {
						if o.r == ri || done[[4]int{o.r, o.s, ri, s}] {
							continue
						}
						done[[4]int{o.r, o.s, ri, s}] = true
						c, d := n.Roads[o.r].Pts[o.s], n.Roads[o.r].Pts[o.s+1]
						t, u, ok := intersect(a, b, c, d)
						if !ok {
							continue
						}
						p := orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
						cuts[ri] = append(cuts[ri], cut{seg: s, t: t, p: p})
						cuts[o.r] = append(cuts[o.r], cut{seg: o.s, t: u, p: p})
					}
					grid[[2]int{x, y}] = append(grid[[2]int{x, y}], ref{ri, s})
				}
			}
		}
	}
	for ri, cs := range cuts {
		if len(cs) == 0 {
			continue
		}
		r := n.Roads[ri]
		slices.SortStableFunc(cs, func(a, b cut) int { return cmp.Or(cmp.Compare(b.seg, a.seg), cmp.Compare(b.t, a.t)) })
		for _, c := range cs {
			r.Pts = slices.Insert(r.Pts, c.seg+1, c.p)
		}
	}
}

type piece struct {
	pts            []orb.Point
	bridge, tunnel bool
}

// pieces splits a road into the runs between its crossings and the
// crossings' bridge or tunnel pieces.
func (n *Net) pieces(r *Road, uses map[orb.Point]int, st *Stats) ([]piece, error) {
	// Arc length at each vertex.
	at := make([]float64, len(r.Pts))
	for i := 1; i < len(r.Pts); i++ {
		at[i] = at[i-1] + dist(r.Pts[i-1], r.Pts[i])
	}
	total := at[len(at)-1]
	type span struct {
		lo, hi         float64
		bridge, tunnel bool
	}
	var spans []span
	for _, b := range n.Barriers {
		if b.Kind == Trunk || (b.Kind == Motorway && !walkable(r)) {
			continue
		}
		for _, s := range crossings(r.Pts, b.Pts) {
			i, _ := slices.BinarySearch(at, s)
			i = min(max(i-1, 0), len(r.Pts)-2)
			{
				sp := span{bridge: b.Kind == River || b.Kind == Canal}
				if b.Kind == River && !r.River {
					return nil, fmt.Errorf("roadnet: %s %q crosses the river %q at %.0f, %.0f without a bridge",
						r.Class, r.Name, b.Name, r.Pts[i][0], r.Pts[i][1])
				}
				if b.Kind == Motorway || b.Kind == Railway {
					how := r.Rail
					if b.Kind == Motorway {
						how = r.Motor
					}
					switch how {
					case Over:
						sp.bridge = true
					case Under:
						sp.tunnel = true
					case Below:
						continue
					case AtGrade:
						if b.Kind == Motorway {
							return nil, fmt.Errorf("roadnet: %s %q crosses the motorway %q at grade", r.Class, r.Name, b.Name)
						}
						st.AtGrade++
						continue
					default:
						return nil, fmt.Errorf("roadnet: %s %q crosses the %s %q at %.0f, %.0f without a crossing",
							r.Class, r.Name, b.Kind, b.Name, r.Pts[i][0], r.Pts[i][1])
					}
				}
				// The piece keeps clear of junctions and of the road's ends.
				h := pieceHalf[b.Kind]
				for k, p := range r.Pts {
					if uses[p] >= 2 || k == 0 || k == len(r.Pts)-1 {
						if d := math.Abs(at[k] - s); d < 2*h {
							h = min(h, d/2)
						}
					}
				}
				if h < 0.5 {
					return nil, fmt.Errorf("roadnet: %s %q crosses the %s %q at a junction or an end", r.Class, r.Name, b.Kind, b.Name)
				}
				sp.lo, sp.hi = s-h, s+h
				if sp.bridge {
					st.Bridges[b.Kind]++
				} else {
					st.Tunnels[b.Kind]++
				}
				spans = append(spans, sp)
			}
		}
	}
	if len(spans) == 0 {
		return []piece{{pts: r.Pts}}, nil
	}
	slices.SortStableFunc(spans, func(a, b span) int { return cmp.Compare(a.lo, b.lo) })
	// Merge overlapping spans.
	merged := spans[:1]
	for _, s := range spans[1:] {
		last := &merged[len(merged)-1]
		if s.lo <= last.hi {
			last.hi = max(last.hi, s.hi)
			last.bridge = last.bridge || s.bridge
			last.tunnel = last.tunnel && !s.bridge
			continue
		}
		merged = append(merged, s)
	}
	var out []piece
	from := 0.0
	for _, s := range merged {
		out = append(out, piece{pts: sub(r.Pts, at, from, s.lo)})
		out = append(out, piece{pts: sub(r.Pts, at, s.lo, s.hi), bridge: s.bridge, tunnel: s.tunnel})
		from = s.hi
	}
	out = append(out, piece{pts: sub(r.Pts, at, from, total)})
	return out, nil
}

// sub returns the part of the polyline between arc lengths lo and hi.
func sub(pts []orb.Point, at []float64, lo, hi float64) []orb.Point {
	pointAt := func(s float64) orb.Point {
		i, _ := slices.BinarySearch(at, s)
		if i < len(at) && at[i] == s {
			return pts[i]
		}
		i = min(max(i, 1), len(at)-1)
		t := (s - at[i-1]) / (at[i] - at[i-1])
		a, b := pts[i-1], pts[i]
		return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
	}
	out := []orb.Point{pointAt(lo)}
	for i, s := range at {
		if s > lo && s < hi {
			out = append(out, pts[i])
		}
	}
	return append(out, pointAt(hi))
}
