package zones

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// BenchmarkRedrawDefaultMetric is BenchmarkRedrawDefault's instance redrawn
// by the great-circle metric (straight) and by a stand-in for a route
// metric (route) that does about the work a road network's does per call:
// it snaps the home to the nearest node of a 200 m network grid (a k-d
// tree query over some 70,000 nodes) and looks the node's distance to the
// site up in a per-site table (the site's shortest-path tree, here the
// straight distance stretched by 1.25). Each reports, beside the time,
// metric_calls (calls of the metric per operation) and gap_pct (the plan's
// mean distance by its metric above the lower bound by that metric).
func BenchmarkRedrawDefaultMetric(b *testing.B) {
	in := genInstance(defaultSpec(1))
	p := in.problem(b)
	route := newGridRoute(in)
	b.Logf("route stand-in: %d nodes, %d sites", len(route.nodePts), len(route.table))
	for _, c := range []struct {
		name string
		m    Metric
	}{{"straight", nil}, {"route", route}} {
		q := *p
		q.Metric = c.m
		var lb float64
		b.Run(c.name+"/lowerbound", func(b *testing.B) {
			route.calls.Store(0)
			for b.Loop() {
				v, err := LowerBound(&q, 8)
				if err != nil || v == nil {
					b.Fatalf("lower bound: %v, %v", v, err)
				}
				lb = *v
			}
			b.ReportMetric(float64(route.calls.Load())/float64(b.N), "metric_calls")
			b.ReportMetric(lb, "bound_m")
		})
		b.Run(c.name+"/optimizer", func(b *testing.B) {
			route.calls.Store(0)
			var pl Plan
			for b.Loop() {
				var err error
				if pl, err = Redraw(context.Background(), &q, RedrawOptions{Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(route.calls.Load())/float64(b.N), "metric_calls")
			if lb == 0 {
				v, err := LowerBound(&q, 8)
				if err != nil || v == nil {
					b.Fatalf("lower bound: %v, %v", v, err)
				}
				lb = *v
			}
			m := c.m
			if m == nil {
				m = Straight
			}
			b.ReportMetric(100*(metricMean(&q, m, pl.UnitSchool)/lb-1), "gap_pct")
		})
	}
	b.Run("route/call", func(b *testing.B) {
		home, site := in.homes[0].Loc, in.schools[0].Loc
		for b.Loop() {
			route.DistanceM(home, site)
		}
	})
}

// gridRoute is the benchmark's stand-in for a route metric: see
// BenchmarkRedrawDefaultMetric. It counts its calls.
type gridRoute struct {
	nodes   *geo.Index
	nodePts []orb.Point
	table   map[orb.Point][]float32 // site → distance in metres from each node
	calls   atomic.Int64
}

func newGridRoute(in *instance) *gridRoute {
	s := in.spec
	m := metricAt(s.Lat + s.H/2)
	g := &gridRoute{table: map[orb.Point][]float32{}}
	sw := orb.Point{s.Lon, s.Lat}
	for x := 0.0; x <= s.W*m.lon; x += 200 {
		for y := 0.0; y <= s.H*m.lat; y += 200 {
			g.nodePts = append(g.nodePts, m.offset(sw, x, y))
		}
	}
	g.nodes = geo.NewIndex(g.nodePts)
	for _, sc := range in.schools {
		for _, site := range sc.Sites() {
			t := make([]float32, len(g.nodePts))
			for i, n := range g.nodePts {
				t[i] = float32(1.25 * geo.Distance(n, site.Loc))
			}
			g.table[site.Loc] = t
		}
	}
	return g
}

func (g *gridRoute) DistanceM(home, site orb.Point) float64 {
	g.calls.Add(1)
	straight := geo.Distance(home, site)
	t, ok := g.table[site]
	nn := g.nodes.Nearest(home, 1)
	if !ok || len(nn) == 0 {
		return 1.25 * straight
	}
	return max(straight, geo.Distance(home, g.nodePts[nn[0]])+float64(t[nn[0]]))
}
