package roads

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// TestRoutes checks the redraw's distance against the fields it caches:
// the walk where one is in reach, never shorter than the straight line,
// and beyond reach the cut-off plus the straight line; read from several
// goroutines at once (run with -race).
func TestRoutes(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	n, pts := randomNetwork(t, rng, 12)
	sites := []orb.Point{pts[3], pts[70], pts[3]} // a repeated site is measured once
	const cutoff = 1500.0
	r := NewRoutes(n, cutoff, sites)
	homes := randomPoints(n.Bounds(), 200)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i, h := range homes {
				s := sites[(i+w)%len(sites)]
				want, ok := n.Field(s, cutoff).DistanceM(h)
				got, gotOK := r.Route(h, s)
				if w, wOK := r.Walk(h, s); w != got || wOK != gotOK {
					t.Errorf("home %d: Walk %.3f %v, Route %.3f %v", i, w, wOK, got, gotOK)
				}
				straight := geo.Distance(h, s)
				switch {
				case ok != gotOK:
					t.Errorf("home %d: Route ok %v, Field ok %v", i, gotOK, ok)
				case ok && got != max(want, straight):
					t.Errorf("home %d: Route %.3f m, want the field's %.3f m (straight %.3f m)", i, got, want, straight)
				case ok && r.DistanceM(h, s) != got:
					t.Errorf("home %d: DistanceM %.3f m, Route %.3f m", i, r.DistanceM(h, s), got)
				case !ok && r.DistanceM(h, s) != cutoff+straight:
					t.Errorf("home %d beyond reach: DistanceM %.3f m, want cut-off + straight %.3f m", i, r.DistanceM(h, s), cutoff+straight)
				}
				if d := r.DistanceM(h, s); d < straight {
					t.Errorf("home %d: DistanceM %.3f m shorter than the straight line %.3f m", i, d, straight)
				}
			}
		})
	}
	wg.Wait()
	if len(r.fields) != 2 {
		t.Errorf("%d fields cached for 2 distinct sites", len(r.fields))
	}
}
