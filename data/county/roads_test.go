package county

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// The road layer of a generated county, checked from its features (shared
// vertices, names, flags) with the test's own plane geometry.

func roadCounty(t *testing.T, f Family) (*dataset.Dataset, *Truth) {
	t.Helper()
	spec := Spec{Family: f, Seed: 7}
	if f == Urban {
		spec.Children, spec.Campuses = 30000, 25
	}
	d, tr, err := Generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	if d.Roads == nil || len(d.Roads.Roads()) == 0 {
		t.Fatalf("%s: no road layer", f)
	}
	return d, tr
}

// planeOf maps lon, lat to metres near p0 (equirectangular).
func planeOf(p0 orb.Point) func(orb.Point) [2]float64 {
	const m = 6371008.8 * math.Pi / 180
	k := math.Cos(p0[1] * math.Pi / 180)
	return func(p orb.Point) [2]float64 { return [2]float64{(p[0] - p0[0]) * m * k, (p[1] - p0[1]) * m} }
}

func segDist(p, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

func crosses(a, b, c, d [2]float64) bool {
	side := func(p, q, r [2]float64) float64 { return (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0]) }
	return side(a, b, c)*side(a, b, d) < 0 && side(c, d, a)*side(c, d, b) < 0
}

func walkable(class string) bool { return class != "motorway" && class != "motorway_link" }

func TestCountyRoads(t *testing.T) {
	for _, f := range []Family{Plains, Urban, Mountain} {
		t.Run(string(f), func(t *testing.T) {
			d, tr := roadCounty(t, f)
			rs, bs := d.Roads.Roads(), d.Roads.Barriers()
			plane := planeOf(d.Households[0].Loc)

			// One walkable network, joined at shared vertices.
			parent := map[orb.Point]orb.Point{}
			var find func(orb.Point) orb.Point
			find = func(p orb.Point) orb.Point {
				if q, ok := parent[p]; ok && q != p {
					r := find(q)
					parent[p] = r
					return r
				}
				parent[p] = p
				return p
			}
			for _, r := range rs {
				if walkable(r.Class) {
					for _, p := range r.Line[1:] {
						parent[find(p)] = find(r.Line[0])
					}
				}
			}
			comps := map[orb.Point]bool{}
			for p := range parent {
				comps[find(p)] = true
			}
			if len(comps) != 1 {
				t.Errorf("the walkable roads form %d networks, want 1", len(comps))
			}

			// Every home near a walkable road; a street house within 30 m
			// of the road its address names.
			const cell = 400.0
			type seg struct {
				a, b [2]float64
				name string
			}
			grid := map[[2]int][]seg{}
			key := func(p [2]float64) [2]int { return [2]int{int(math.Floor(p[0] / cell)), int(math.Floor(p[1] / cell))} }
			for _, r := range rs {
				if !walkable(r.Class) {
					continue
				}
				for i := 0; i+1 < len(r.Line); i++ {
					a, b := plane(r.Line[i]), plane(r.Line[i+1])
					k0 := key([2]float64{math.Min(a[0], b[0]), math.Min(a[1], b[1])})
					k1 := key([2]float64{math.Max(a[0], b[0]), math.Max(a[1], b[1])})
					for x := k0[0]; x <= k1[0]; x++ {
						for y := k0[1]; y <= k1[1]; y++ {
							grid[[2]int{x, y}] = append(grid[[2]int{x, y}], seg{a, b, r.Name})
						}
					}
				}
			}
			near := func(p [2]float64, name string) float64 {
				k, best := key(p), math.Inf(1)
				for x := k[0] - 1; x <= k[0]+1; x++ {
					for y := k[1] - 1; y <= k[1]+1; y++ {
						for _, s := range grid[[2]int{x, y}] {
							if name == "" || s.name == name {
								best = math.Min(best, segDist(p, s.a, s.b))
							}
						}
					}
				}
				return best
			}
			far, houses := 0, 0
			for i, h := range d.Households {
				p := plane(h.Loc)
				if dd := near(p, ""); dd > 400 {
					far++
					if far < 5 {
						t.Logf("%s %s %s: %.0f m from a road", h.ID, h.Address, tr.Place[i], dd)
					}
				}
				place := tr.Place[i]
				if rest, ok := strings.CutPrefix(place, "house:"); ok && !strings.Contains(rest, "附") {
					road := rest[strings.Index(rest, "/")+1:]
					road = road[:strings.IndexAny(road, "0123456789")]
					houses++
					if dd := near(p, road); dd > 30 {
						t.Errorf("%s (%s): %s is %.0f m away", h.ID, h.Address, road, dd)
					}
				}
			}
			if far > 0 {
				t.Errorf("%d homes more than 400 m from a road", far)
			}
			if houses == 0 {
				t.Error("no street house checked")
			}

			// The river and the expressway are crossed only on bridges
			// and under- or overpasses; the river by few.
			bridges := map[int]bool{}
			for _, b := range bs {
				for ri, r := range rs {
					if !walkable(r.Class) {
						continue
					}
					for i := 0; i+1 < len(r.Line); i++ {
						for j := 0; j+1 < len(b.Line); j++ {
							if !crosses(plane(r.Line[i]), plane(r.Line[i+1]), plane(b.Line[j]), plane(b.Line[j+1])) {
								continue
							}
							switch {
							case b.Kind == "river" && !r.Bridge:
								t.Errorf("%s %q crosses the river off a bridge", r.Class, r.Name)
							case b.Kind == "river":
								bridges[ri] = true
							case b.Kind == "railway" && !r.Bridge && !r.Tunnel:
								t.Errorf("%s %q crosses the railway at grade", r.Class, r.Name)
							}
						}
					}
				}
			}
			for _, c := range d.Roads.Crossings() {
				if k := bs[c.Barrier].Kind; c.AtGrade && k != "trunk" {
					t.Errorf("geo/roads finds an at-grade crossing of the %s at %v", k, c.Loc)
				}
			}
			switch f {
			case Plains:
				if len(bridges) < 1 || len(bridges) > 4 {
					t.Errorf("%d river bridges, want 1–4", len(bridges))
				}
			case Mountain:
				// The main valley road and the river run side by side; a
				// side valley's road bridges the river at its mouth.
				if len(bridges) < 1 || len(bridges) > 8 {
					t.Errorf("%d river bridges, want 1–8", len(bridges))
				}
			case Urban:
				under := 0
				for _, r := range rs {
					if r.Tunnel {
						under++
					}
				}
				if under < 1 || under > 4 {
					t.Errorf("%d railway underpasses, want a few", under)
				}
			}
		})
	}
}

// TestCountyRoadsDeterministic: the same spec gives the same road layer.
func TestCountyRoadsDeterministic(t *testing.T) {
	a, _ := roadCounty(t, Plains)
	b, _ := roadCounty(t, Plains)
	if !reflect.DeepEqual(a.Roads.Roads(), b.Roads.Roads()) || !reflect.DeepEqual(a.Roads.Barriers(), b.Roads.Barriers()) {
		t.Error("two generations of one spec give different road layers")
	}
}
