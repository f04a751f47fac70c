package roads

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// randomNetwork is a jittered k×k lattice near Hutubi with a random subset
// of its sides as roads of random classes (motorways among them), plus a
// few long diagonal roads that cross the others without shared vertices.
func randomNetwork(t testing.TB, rng *rand.Rand, k int) (*Network, []orb.Point) {
	t.Helper()
	pts := make([]orb.Point, k*k)
	for i := range pts {
		pts[i] = orb.Point{86.90 + 0.002*float64(i%k) + 0.0006*rng.Float64(), 44.19 + 0.0015*float64(i/k) + 0.0006*rng.Float64()}
	}
	classes := []string{"residential", "residential", "tertiary", "path", "motorway", "trunk"}
	var roads []Road
	for i := range pts {
		x, y := i%k, i/k
		if x+1 < k && rng.IntN(4) > 0 {
			roads = append(roads, Road{Line: orb.LineString{pts[i], pts[i+1]}, Class: classes[rng.IntN(len(classes))]})
		}
		if y+1 < k && rng.IntN(4) > 0 {
			roads = append(roads, Road{Line: orb.LineString{pts[i], pts[i+k]}, Class: classes[rng.IntN(len(classes))]})
		}
	}
	for range 3 {
		a := orb.Point{86.90 + 0.002*float64(k)*rng.Float64(), 44.19}
		b := orb.Point{86.90 + 0.002*float64(k)*rng.Float64(), 44.19 + 0.0015*float64(k)}
		roads = append(roads, Road{Line: orb.LineString{a, b}, Class: "footway", Bridge: true})
	}
	n, err := New(roads, []Barrier{{Line: orb.LineString{{86.899, 44.1912}, {86.90 + 0.002*float64(k), 44.1952}}, Kind: Railway}})
	if err != nil {
		t.Fatal(err)
	}
	return n, pts
}

// floyd is the oracle: all-pairs shortest routes between the vertices of
// the walkable roads, by Floyd–Warshall over the road lines themselves
// (lengths by the law of cosines), with no graph, heap or index of the
// package's.
func floyd(n *Network) (map[key]int, [][]float64) {
	idx := map[key]int{}
	for _, r := range n.Roads() {
		if Walkable(r.Class) {
			for _, p := range r.Line {
				if _, ok := idx[keyOf(p)]; !ok {
					idx[keyOf(p)] = len(idx)
				}
			}
		}
	}
	m := len(idx)
	d := make([][]float64, m)
	for i := range d {
		d[i] = make([]float64, m)
		for j := range d[i] {
			if i != j {
				d[i][j] = math.Inf(1)
			}
		}
	}
	for _, r := range n.Roads() {
		if !Walkable(r.Class) {
			continue
		}
		for i := 1; i < len(r.Line); i++ {
			a, b := idx[keyOf(r.Line[i-1])], idx[keyOf(r.Line[i])]
			l := cosDist(r.Line[i-1], r.Line[i])
			d[a][b] = min(d[a][b], l)
			d[b][a] = min(d[b][a], l)
		}
	}
	for k := range m {
		for i := range m {
			for j := range m {
				d[i][j] = min(d[i][j], d[i][k]+d[k][j])
			}
		}
	}
	return idx, d
}

func TestFieldMatchesFloyd(t *testing.T) {
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 7))
		n, pts := randomNetwork(t, rng, 9)
		idx, d := floyd(n)
		for range 20 {
			a := pts[rng.IntN(len(pts))]
			ia, ok := idx[keyOf(a)]
			if !ok {
				continue // a vertex of no walkable road
			}
			f := n.Field(a, math.Inf(1))
			for _, b := range pts {
				ib, ok := idx[keyOf(b)]
				if !ok {
					continue
				}
				got, gok := f.DistanceM(b)
				want := d[ia][ib]
				if math.IsInf(want, 1) {
					if gok {
						t.Errorf("seed %d: %v→%v: got %.3f, want unreachable", seed, a, b, got)
					}
					continue
				}
				if !gok || math.Abs(got-want) > 0.01+1e-6*want {
					t.Errorf("seed %d: %v→%v: got %.3f %v, want %.3f", seed, a, b, got, gok, want)
				}
			}
		}
	}
}

// TestRouteProperties: for points anywhere, the route is never shorter than
// the straight line, is the same both ways, and the snap is the nearest
// point of all walkable edges (brute force).
func TestRouteProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n, _ := randomNetwork(t, rng, 12)
	b := n.Bounds()
	rp := func() orb.Point {
		return orb.Point{b.Min[0] - 0.002 + (b.Max[0]-b.Min[0]+0.004)*rng.Float64(), b.Min[1] - 0.002 + (b.Max[1]-b.Min[1]+0.004)*rng.Float64()}
	}
	for range 200 {
		p, q := rp(), rp()
		s, ok := n.snap(p)
		if !ok {
			t.Fatal("no snap")
		}
		px, py := n.pr.xy(p)
		best := math.Inf(1)
		for _, e := range n.edges {
			ax, ay := n.pr.xy(n.nodes[e.a])
			bx, by := n.pr.xy(n.nodes[e.b])
			best = min(best, segDist(px, py, ax, ay, bx, by))
		}
		sx, sy := n.pr.xy(s.pt)
		if got := math.Hypot(sx-px, sy-py); math.Abs(got-best) > 1e-6 {
			t.Errorf("snap of %v: %.6f m, brute force %.6f m", p, got, best)
		}
		fp := n.Field(p, math.Inf(1))
		dpq, ok1 := fp.DistanceM(q)
		if d, ok := fp.DistanceSnapped(n.Snap(q)); d != dpq || ok != ok1 {
			t.Errorf("%v→%v: DistanceSnapped %v %v, DistanceM %v %v", p, q, d, ok, dpq, ok1)
		}
		if off, _ := n.Snap(q).OffM(); math.Abs(off-cosDist(q, n.Snap(q).OnNetwork())) > 0.01 {
			t.Errorf("OffM %v, distance to OnNetwork %v", off, cosDist(q, n.Snap(q).OnNetwork()))
		}
		dqp, ok2 := n.Field(q, math.Inf(1)).DistanceM(p)
		if ok1 != ok2 || math.Abs(dpq-dqp) > 0.01+1e-6*dpq {
			t.Errorf("%v↔%v: %.3f %v one way, %.3f %v the other", p, q, dpq, ok1, dqp, ok2)
		}
		if ok1 && dpq < cosDist(p, q)-0.01 {
			t.Errorf("%v→%v: route %.3f shorter than the straight line %.3f", p, q, dpq, cosDist(p, q))
		}
	}
}

func segDist(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((px-ax)*dx+(py-ay)*dy)/l))
	}
	return math.Hypot(ax+t*dx-px, ay+t*dy-py)
}
