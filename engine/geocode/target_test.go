package geocode

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
)

// reference builds a standard-address layer from a generated county's homes:
// each distinct address, without the community, unit and room, at the point
// the generator put it, a share keep of them drawn by a seeded generator.
func reference(d *dataset.Dataset, p *address.Parser, keep float64, seed uint64) []Point {
	rng := rand.New(rand.NewPCG(seed, 7))
	seen := map[string]bool{}
	var out []Point
	for _, h := range d.Households {
		a := p.Parse(h.Address)
		a.Community, a.Unit, a.Room = "", "", ""
		s := a.String()
		if seen[s] {
			continue
		}
		seen[s] = true
		if rng.Float64() < keep {
			out = append(out, Point{Loc: h.Loc, Address: s})
		}
	}
	return out
}

// figures places every household of d and counts against the generator's
// points.
type figures struct {
	n, within50, over1km, unplaced int
	byConf                         map[Confidence]int
	worst                          float64
}

func measure(t *testing.T, d *dataset.Dataset, g *Geocoder) figures {
	f := figures{byConf: map[Confidence]int{}}
	for _, h := range d.Households {
		f.n++
		r := g.Locate(h.Address)
		if !r.Placed() {
			f.unplaced++
			continue
		}
		f.byConf[r.Confidence]++
		dist := geo.Distance(r.Loc, h.Loc)
		if dist <= 50 {
			f.within50++
		}
		if dist > 1000 && r.Confidence != Township {
			f.over1km++
			if f.over1km <= 5 {
				t.Logf("%s placed %s %.0f m off (%s)", h.Address, r.Confidence, dist, r.Reason)
			}
		}
		f.worst = max(f.worst, dist)
	}
	return f
}

// TestTarget is the target: on a generated register whose reference
// covers 90% of the addresses, at least 97% of the households are placed
// within 50 m of where the generator put them, and none more than 1 km off
// unless its confidence is township.
func TestTarget(t *testing.T) {
	for _, c := range []struct {
		spec county.Spec
		want float64
	}{
		{county.Spec{Family: county.Plains, Seed: 1, Children: 6000}, 0.97},
		{county.Spec{Family: county.Plains, Seed: 2, Children: 6000, Style: county.Xinjiang}, 0.97},
		{county.Spec{Family: county.Plains, Seed: 4, Children: 6000, Style: county.Shanghai}, 0.97},
		{county.Spec{Family: county.Urban, Seed: 3, Children: 20000, Campuses: 30}, 0.97},
		// Not the target's: a mountain village numbers its houses in no
		// order of place, so a house the reference lacks is placed at the
		// middle of its group, which is strung out along a valley.
		{county.Spec{Family: county.Mountain, Seed: 2, Children: 3000}, 0.90},
	} {
		spec := c.spec
		t.Run(fmt.Sprintf("%s-%d-%s", spec.Family, spec.Seed, spec.Style), func(t *testing.T) {
			d, _, err := county.Generate(spec)
			if err != nil {
				t.Fatal(err)
			}
			p := d.Parser()
			ref := reference(d, p, 0.9, spec.Seed)
			g := New(p, ref, nil)
			f := measure(t, d, g)
			if d.Roads != nil {
				// With the county's road layer: the numbers interpolated
				// along its named roads.
				var named []Road
				for _, r := range d.Roads.Roads() {
					if r.Name != "" {
						named = append(named, Road{Name: r.Name, Line: r.Line})
					}
				}
				fr := measure(t, d, New(p, ref, named))
				t.Logf("with %d named roads: within 50 m %.2f%%, interpolated %d", len(named),
					100*float64(fr.within50)/float64(fr.n), fr.byConf[Interpolated])
				if fr.within50 < f.within50 || fr.over1km > 0 {
					t.Errorf("the road layer places fewer within 50 m (%d) than the points alone (%d)", fr.within50, f.within50)
				}
			}
			share := float64(f.within50) / float64(f.n)
			t.Logf("%d households, reference %d points: within 50 m %.2f%%, unplaced %d, over 1 km %d, by confidence %v",
				f.n, len(ref), 100*share, f.unplaced, f.over1km, f.byConf)
			if share < c.want {
				t.Errorf("%.2f%% of households within 50 m, want at least %.0f%%", 100*share, 100*c.want)
			}
			if f.over1km > 0 {
				t.Errorf("%d households more than 1 km off without township confidence", f.over1km)
			}
		})
	}
}
