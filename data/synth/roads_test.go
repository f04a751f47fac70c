package synth

import (
	"math"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// The road layer's tests check the files' promises from the features
// themselves: shared vertices, names, flags and geometry, with their own
// plane geometry (not roadnet's).

type tRoad struct {
	line           orb.LineString
	class, name    string
	bridge, tunnel bool
}

type tBarrier struct {
	line       orb.LineString
	kind, name string
}

func layer(t *testing.T) ([]tRoad, []tBarrier) {
	t.Helper()
	d, _ := generated(t)
	if d.Roads == nil {
		t.Fatal("the default dataset has no road layer")
	}
	var rs []tRoad
	for _, r := range d.Roads.Roads() {
		rs = append(rs, tRoad{r.Line, r.Class, r.Name, r.Bridge, r.Tunnel})
	}
	var bs []tBarrier
	for _, b := range d.Roads.Barriers() {
		bs = append(bs, tBarrier{b.Line, string(b.Kind), b.Name})
	}
	if len(rs) == 0 || len(bs) == 0 {
		t.Fatalf("%d roads, %d barriers", len(rs), len(bs))
	}
	return rs, bs
}

// plane maps lon, lat to metres near the county seat (equirectangular).
func plane(p orb.Point) [2]float64 {
	const m = 6371008.8 * math.Pi / 180
	return [2]float64{(p[0] - 86.9) * m * math.Cos(44.19*math.Pi/180), (p[1] - 44.19) * m}
}

func segDist(p, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

// crosses reports whether segments a–b and c–d cross at a point inside both.
func crosses(a, b, c, d [2]float64) bool {
	side := func(p, q, r [2]float64) float64 { return (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0]) }
	return side(a, b, c)*side(a, b, d) < 0 && side(c, d, a)*side(c, d, b) < 0
}

func walk(class string) bool { return class != "motorway" && class != "motorway_link" }

// TestRoadsConnected: the walkable roads (the expressway and its ramps
// aside) form one network, joined only at shared vertices.
func TestRoadsConnected(t *testing.T) {
	rs, _ := layer(t)
	parent := map[orb.Point]orb.Point{}
	var find func(p orb.Point) orb.Point
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
		if !walk(r.class) {
			continue
		}
		for _, p := range r.line[1:] {
			parent[find(p)] = find(r.line[0])
		}
	}
	comps := map[orb.Point]int{}
	for p := range parent {
		comps[find(p)]++
	}
	if len(comps) != 1 {
		t.Errorf("the walkable roads form %d networks, want 1", len(comps))
	}
}

// TestHomesNearRoads: every home and campus is near a walkable road.
func TestHomesNearRoads(t *testing.T) {
	d, _ := generated(t)
	rs, _ := layer(t)
	const cell = 500.0
	type seg struct{ a, b [2]float64 }
	grid := map[[2]int][]seg{}
	key := func(p [2]float64) [2]int { return [2]int{int(math.Floor(p[0] / cell)), int(math.Floor(p[1] / cell))} }
	for _, r := range rs {
		if !walk(r.class) {
			continue
		}
		for i := 0; i+1 < len(r.line); i++ {
			a, b := plane(r.line[i]), plane(r.line[i+1])
			k0, k1 := key([2]float64{math.Min(a[0], b[0]), math.Min(a[1], b[1])}), key([2]float64{math.Max(a[0], b[0]), math.Max(a[1], b[1])})
			for x := k0[0]; x <= k1[0]; x++ {
				for y := k0[1]; y <= k1[1]; y++ {
					grid[[2]int{x, y}] = append(grid[[2]int{x, y}], seg{a, b})
				}
			}
		}
	}
	nearest := func(p [2]float64) float64 {
		k := key(p)
		best := math.Inf(1)
		for x := k[0] - 1; x <= k[0]+1; x++ {
			for y := k[1] - 1; y <= k[1]+1; y++ {
				for _, s := range grid[[2]int{x, y}] {
					best = math.Min(best, segDist(p, s.a, s.b))
				}
			}
		}
		return best
	}
	const limit = 400.0 // metres: a house this far from any road would be implausible here
	worst, far := 0.0, 0
	for _, h := range d.Households {
		dd := nearest(plane(h.Loc))
		worst = math.Max(worst, dd)
		if dd > limit {
			far++
		}
	}
	for _, s := range d.Schools {
		if dd := nearest(plane(s.Loc)); dd > limit {
			t.Errorf("campus %s is %.0f m from the nearest road", s.ID, dd)
		}
	}
	if far > 0 {
		t.Errorf("%d homes farther than %.0f m from a road (worst %.0f m)", far, limit, worst)
	}
	t.Logf("farthest home from a road: %.0f m", worst)
}

// TestSeatAddressesOnTheirRoad: in the county seat, a street house's road
// runs within 30 m of it; a compound's gate road is the nearest east–west
// road south of its buildings.
func TestSeatAddressesOnTheirRoad(t *testing.T) {
	d, _ := generated(t)
	rs, _ := layer(t)
	byName := map[string][][2][2]float64{}
	for _, r := range rs {
		for i := 0; i+1 < len(r.line); i++ {
			byName[r.name] = append(byName[r.name], [2][2]float64{plane(r.line[i]), plane(r.line[i+1])})
		}
	}
	dist := func(name string, p [2]float64) float64 {
		best := math.Inf(1)
		for _, s := range byName[name] {
			best = math.Min(best, segDist(p, s[0], s[1]))
		}
		return best
	}
	house := regexp.MustCompile(`^呼图壁镇([^0-9]+路)[0-9]+号$`)
	flat := regexp.MustCompile(`^呼图壁镇([^0-9]+路)[0-9]+号[^0-9]+[0-9]+栋`)
	houses, flats := 0, 0
	for _, h := range d.Households {
		p := plane(h.Loc)
		if m := house.FindStringSubmatch(h.Address); m != nil {
			houses++
			if dd := dist(m[1], p); dd > 30 {
				t.Errorf("%s %s: %s is %.0f m away", h.ID, h.Address, m[1], dd)
			}
		} else if m := flat.FindStringSubmatch(h.Address); m != nil {
			flats++
			// A vertical line down from the building meets the gate road
			// before any other named east–west road of the seat.
			hit, best := "", math.Inf(1)
			for name, segs := range byName {
				if !strings.HasSuffix(name, "路") {
					continue
				}
				for _, s := range segs {
					lo, hi := math.Min(s[0][0], s[1][0]), math.Max(s[0][0], s[1][0])
					if math.Abs(s[0][1]-s[1][1]) < 1 && lo <= p[0] && p[0] <= hi && s[0][1] < p[1] {
						if y := s[0][1]; p[1]-y < best {
							hit, best = name, p[1]-y
						}
					}
				}
			}
			if hit != m[1] {
				t.Errorf("%s %s: the road south of it is %q", h.ID, h.Address, hit)
			}
		}
	}
	if houses < 1000 || flats < 10000 {
		t.Errorf("only %d street houses and %d flats recognised", houses, flats)
	}
}

// TestCrossings: a road passes the river and the canals on a bridge, the
// expressway over or under it; the river has few bridges.
func TestCrossings(t *testing.T) {
	rs, bs := layer(t)
	riverBridges := map[string]bool{}
	for _, b := range bs {
		for _, r := range rs {
			if r.class == "motorway" && b.kind == "motorway" {
				continue
			}
			for i := 0; i+1 < len(r.line); i++ {
				for j := 0; j+1 < len(b.line); j++ {
					if !crosses(plane(r.line[i]), plane(r.line[i+1]), plane(b.line[j]), plane(b.line[j+1])) {
						continue
					}
					switch b.kind {
					case "river", "canal":
						if !r.bridge {
							t.Errorf("%s %q crosses the %s %s off a bridge at %v", r.class, r.name, b.kind, b.name, r.line[i])
						}
						if b.kind == "river" {
							riverBridges[r.name] = true
						}
					case "motorway":
						if !r.bridge && !r.tunnel {
							t.Errorf("%s %q crosses the expressway at grade at %v", r.class, r.name, r.line[i])
						}
					}
				}
			}
		}
	}
	// geo/roads finds the same: the river, the canals and the expressway
	// are never crossed at grade.
	d, _ := generated(t)
	for _, c := range d.Roads.Crossings() {
		k := d.Roads.Barriers()[c.Barrier].Kind
		if c.AtGrade && (k == "river" || k == "canal" || k == "motorway") {
			t.Errorf("geo/roads finds an at-grade crossing of the %s at %v", k, c.Loc)
		}
	}
	// The county's few river crossings: each a named trunk or county road.
	if len(riverBridges) < 3 || len(riverBridges) > 8 {
		t.Errorf("the river is crossed by %d roads, want 3–8: %v", len(riverBridges), riverBridges)
	}
	for name := range riverBridges {
		if name == "" {
			t.Errorf("an unnamed road crosses the river")
		}
	}
}

// TestRoadsDeterministic: the same seed gives the same road layer, and the
// layer's own generator leaves the people as they were without it (the
// data package's test compares the committed files).
func TestRoadsDeterministic(t *testing.T) {
	_, a := generated(t)
	_, b, err := GenerateReport(DefaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Roads, b.Roads) || !reflect.DeepEqual(a.Barriers, b.Barriers) {
		t.Error("two generations of the default seed give different road layers")
	}
}
