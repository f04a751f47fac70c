package zones

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/zones/flow"
)

// river is a test barrier: a river along the meridian X0 with one bridge at
// Bridge (on the river). Its metric walks straight on one bank and through
// the bridge from one bank to the other; Apart says whether a straight line
// between two points crosses the river farther than Slack metres from the
// bridge. NoBridge makes every crossing apart and the metric go round by
// the bridge all the same (a county cut in two).
type river struct {
	X0       float64
	Bridge   orb.Point
	Slack    float64
	NoBridge bool
}

func (r river) side(p orb.Point) bool { return p[0] >= r.X0 }

func (r river) DistanceM(home, site orb.Point) float64 {
	if r.side(home) == r.side(site) {
		return geo.Distance(home, site)
	}
	return geo.Distance(home, r.Bridge) + geo.Distance(r.Bridge, site)
}

func (r river) Apart(a, b orb.Point) bool {
	if r.side(a) == r.side(b) {
		return false
	}
	if r.NoBridge {
		return true
	}
	t := (r.X0 - a[0]) / (b[0] - a[0])
	y := a[1] + t*(b[1]-a[1])
	return geo.Distance(orb.Point{r.X0, y}, r.Bridge) > r.Slack
}

// riverTown is a town of compounds on both banks of a river: blocks of 8 to
// 30 homes on a 300 m grid (none within 150 m of the river), a few loose
// homes, and schools on each bank whose capacity is each bank's entrants
// times slack, split between them. The bridge crosses in the middle.
type riverTown struct {
	homes   []Home
	demand  []int
	schools []School
	area    orb.MultiPolygon
	river   river
}

func newRiverTown(seed uint64, perBank int, slack, westShare float64, noBridge bool) *riverTown {
	rng := rand.New(rand.NewPCG(seed, 0x41e7))
	const lon0, lat0, w, h = 86.80, 44.10, 0.06, 0.04 // about 4.8 km × 4.4 km
	m := metricAt(lat0 + h/2)
	x0 := lon0 + w/2
	t := &riverTown{area: rectArea(lon0, lat0, w, h),
		river: river{X0: x0, Bridge: orb.Point{x0, lat0 + h/2}, Slack: 400, NoBridge: noBridge}}
	sw := orb.Point{lon0, lat0}
	bankDemand := [2]int{}
	for bx := 300.0; bx < w*m.lon-200; bx += 300 {
		for by := 300.0; by < h*m.lat-200; by += 300 {
			c := m.offset(sw, bx+(rng.Float64()-0.5)*100, by+(rng.Float64()-0.5)*100)
			if math.Abs(c[0]-x0)*m.lon < 150 || rng.Float64() < 0.15 {
				continue
			}
			n := 8 + rng.IntN(23)
			group := fmt.Sprintf("小区%d-%d", int(bx), int(by))
			for range n {
				p := m.offset(c, (rng.Float64()-0.5)*80, (rng.Float64()-0.5)*80)
				t.homes = append(t.homes, Home{Loc: p, Group: group})
				d := rng.IntN(3) / 2 // a third of the homes have an entrant
				t.demand = append(t.demand, d)
				if t.river.side(p) {
					bankDemand[1] += d
				} else {
					bankDemand[0] += d
				}
			}
		}
	}
	for range 20 {
		p := orb.Point{lon0 + w*(0.02+0.96*rng.Float64()), lat0 + h*(0.02+0.96*rng.Float64())}
		if math.Abs(p[0]-x0)*m.lon < 150 {
			continue
		}
		t.homes = append(t.homes, Home{Loc: p})
		t.demand = append(t.demand, 1)
		if t.river.side(p) {
			bankDemand[1]++
		} else {
			bankDemand[0]++
		}
	}
	total := float64(bankDemand[0]+bankDemand[1]) * slack
	west := math.Floor(total * westShare * float64(bankDemand[0]) / float64(bankDemand[0]+bankDemand[1]))
	for bank := range 2 {
		capacity := int(west)
		if bank == 1 {
			capacity = int(math.Ceil(total - west))
		}
		for k := range perBank {
			// Away from the river and the edges.
			fx := 0.1 + 0.3*rng.Float64()
			if bank == 1 {
				fx += 0.5
			}
			p := orb.Point{lon0 + w*fx, lat0 + h*(0.1+0.8*rng.Float64())}
			c := capacity / perBank
			if k == 0 {
				c += capacity % perBank
			}
			t.schools = append(t.schools, School{ID: fmt.Sprintf("%d-%d", bank, k), Loc: p, Capacity: c})
		}
	}
	return t
}

func (t *riverTown) problem(tb testing.TB, barrier bool) *Problem {
	tb.Helper()
	area, err := ZonedArea(t.area, t.homes, 10, 2)
	if err != nil {
		tb.Fatal(err)
	}
	opt := UnitOptions{Resolution: 10}
	if barrier {
		opt.Apart = t.river.Apart
	}
	us, err := NewUnits(t.homes, area, opt)
	if err != nil {
		tb.Fatal(err)
	}
	p := &Problem{Units: us, Homes: t.homes, Demand: t.demand, Schools: t.schools}
	if barrier {
		p.Metric = t.river
	}
	return p
}

// metricMean is the mean distance by m of the entrants to their unit's
// school, computed from the definition (a shared zone: the capacity-weighted
// mean over its campuses).
func metricMean(p *Problem, m Metric, unitSchool []int) float64 {
	var sum float64
	n := 0
	for h, d := range p.Demand {
		j := unitSchool[p.Units.HomeUnit[h]]
		if d == 0 || j < 0 {
			continue
		}
		s := p.Schools[j]
		var dist float64
		if len(s.Campuses) == 0 {
			dist = m.DistanceM(p.Homes[h].Loc, s.Loc)
		} else {
			var w float64
			for _, c := range s.Campuses {
				dist += float64(c.Capacity) * m.DistanceM(p.Homes[h].Loc, c.Loc)
				w += float64(c.Capacity)
			}
			dist /= w
		}
		sum += float64(d) * dist
		n += d
	}
	return sum / float64(n)
}

// zoneConnected reports whether the units of school j among those that keep
// form one piece of the unit graph through units of j that keep (breadth-
// first, independent of Plan.Contiguous).
func zoneConnected(p *Problem, unitSchool []int, j int, keep func(u int) bool) bool {
	var in []int
	for u, k := range unitSchool {
		if k == j && keep(u) {
			in = append(in, u)
		}
	}
	if len(in) == 0 {
		return true
	}
	seen := map[int]bool{in[0]: true}
	queue := []int{in[0]}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, v := range p.Units.Adj[u] {
			if !seen[v] && unitSchool[v] == j && keep(v) {
				seen[v] = true
				queue = append(queue, v)
			}
		}
	}
	return len(seen) == len(in)
}

// TestRedrawRiver redraws towns split by a river with one bridge, measuring
// by the river's metric and stopping adjacency at the river away from the
// bridge, and checks from the definitions: no two adjacent units lie on
// opposite banks unless the line between them crosses near the bridge; each
// zone is connected, and so are its units on each bank; a zone on both
// banks holds a pair of adjacent units across the bridge; the objective's
// distance, the what-if and an independent sum by the test's metric agree;
// the lower bound is the exact transportation optimum (solved here over all
// pairs) and no plan beats it.
func TestRedrawRiver(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		for _, c := range []struct{ slack, westShare float64 }{{1.05, 1}, {1.25, 1}, {1.1, 0.6}} {
			t.Run(fmt.Sprintf("seed=%d/slack=%.2f/west=%.1f", seed, c.slack, c.westShare), func(t *testing.T) {
				town := newRiverTown(seed, 2, c.slack, c.westShare, false)
				r := town.river
				p := town.problem(t, true)
				bank := func(u int) bool { return r.side(p.Units.Units[u].Center) }
				// The graph: adjacency across the river only by the bridge:
				// two units on opposite banks meet at a pair of neighbouring
				// cells whose link the river does not cut (by the bridge).
				crossings := 0
				for u, vs := range p.Units.Adj {
					for _, v := range vs {
						if bank(u) != bank(v) {
							crossings++
							if !meetNearBridge(p.Units, u, v, r) {
								t.Errorf("units %d and %d adjacent across the river away from the bridge", u, v)
							}
						}
					}
				}
				if crossings == 0 {
					t.Errorf("no units adjacent across the bridge")
				}
				plan, err := Redraw(context.Background(), p, RedrawOptions{Seed: 1})
				if err != nil {
					t.Fatal(err)
				}
				spanning := 0
				for j := range p.Schools {
					if !zoneConnected(p, plan.UnitSchool, j, func(int) bool { return true }) {
						t.Errorf("zone %d not connected", j)
					}
					for _, b := range []bool{false, true} {
						if !zoneConnected(p, plan.UnitSchool, j, func(u int) bool { return bank(u) == b }) {
							t.Errorf("zone %d: its units on bank %v are connected only across the river", j, b)
						}
					}
					var sides [2]bool
					byBridge := false
					for u, k := range plan.UnitSchool {
						if k != j {
							continue
						}
						if bank(u) {
							sides[1] = true
						} else {
							sides[0] = true
						}
						for _, v := range p.Units.Adj[u] {
							if plan.UnitSchool[v] == j && bank(u) != bank(v) {
								byBridge = true
							}
						}
					}
					if sides[0] && sides[1] {
						spanning++
						if !byBridge {
							t.Errorf("zone %d spans both banks with no pair of its units joined by the bridge", j)
						}
					}
				}
				t.Logf("%d units, %d adjacent pairs across the bridge, %d zones on both banks", len(p.Units.Units), crossings/2, spanning)
				// The polygons: a detached part handed on goes to a zone
				// it is adjacent to, never across the river.
				drawn := Plan{UnitSchool: slices.Clone(plan.UnitSchool)}
				if _, err := p.Zones(&drawn, nil, 2); err != nil {
					t.Fatal(err)
				}
				for u, j := range drawn.UnitSchool {
					if j == plan.UnitSchool[u] {
						continue
					}
					joined := false
					for _, v := range p.Units.Adj[u] {
						joined = joined || drawn.UnitSchool[v] == j
					}
					if !joined {
						t.Errorf("Zones handed unit %d to zone %d, which it is not adjacent to", u, j)
					}
				}
				want := metricMean(p, r, plan.UnitSchool)
				c := newCosts(p)
				var sum float64
				n := 0
				for u, j := range plan.UnitSchool {
					if j >= 0 {
						sum += c.dist(u, j)
						n += c.dem[u]
					}
				}
				if got := sum / float64(n); math.Abs(got-want) > 1e-9*want {
					t.Errorf("objective's mean distance %.6f m, by the river metric %.6f m", got, want)
				}
				before := NewWhatIf(p, &plan).Before()
				if got := before.DistSumM / float64(before.Demand); math.Abs(got-want) > 1e-9*want {
					t.Errorf("what-if mean distance %.6f m, by the river metric %.6f m", got, want)
				}
				if straight := metricMean(p, Straight, plan.UnitSchool); want < straight {
					t.Errorf("river mean %.1f m below the straight mean %.1f m", want, straight)
				}
				lb, err := LowerBound(p, 2)
				if err != nil || lb == nil {
					t.Fatalf("lower bound: %v, %v", lb, err)
				}
				if *lb > want+1e-6 {
					t.Errorf("lower bound %.3f m above the plan's mean %.3f m", *lb, want)
				}
				if exact := bruteBound(t, p, r); math.Abs(*lb-exact) > 1e-6 {
					t.Errorf("lower bound %.6f m, transportation optimum over all pairs %.6f m", *lb, exact)
				}
			})
		}
	}
}

// bruteBound solves the home-level transportation problem over all pairs by
// m (no candidates, no pruning) and returns its mean (no locks, no shared
// zones).
func bruteBound(tb testing.TB, p *Problem, m Metric) float64 {
	var locs []orb.Point
	var supply []int64
	for h, d := range p.Demand {
		if d > 0 {
			locs = append(locs, p.Homes[h].Loc)
			supply = append(supply, int64(d))
		}
	}
	capacity := make([]int64, len(p.Schools))
	for j, s := range p.Schools {
		capacity[j] = int64(s.Capacity)
	}
	sol, err := flow.Transport(flow.TransportProblem{Supply: supply, Capacity: capacity, K: len(p.Schools),
		Cost: func(i, j int) float64 { return m.DistanceM(locs[i], p.Schools[j].Loc) }})
	if err != nil {
		tb.Fatal(err)
	}
	mean, _ := sol.Mean()
	return mean
}

// TestRedrawRiverNoBridge redraws a town cut in two by a river with no
// crossing at all: with schools on each bank every zone stays on one bank;
// with schools on one bank only, the redraw still ends with every unit
// zoned and without error (the far bank is out of reach of the unit graph).
func TestRedrawRiverNoBridge(t *testing.T) {
	for _, perBank := range []int{2, 0} {
		t.Run(fmt.Sprintf("schools-per-bank=%d", perBank), func(t *testing.T) {
			town := newRiverTown(4, 2, 1.2, 1, true)
			if perBank == 0 {
				// All the places on the west bank.
				var west []School
				capacity := 0
				for _, s := range town.schools {
					capacity += s.Capacity
					if !town.river.side(s.Loc) {
						west = append(west, s)
					}
				}
				west[0].Capacity += capacity - west[0].Capacity - west[1].Capacity
				town.schools = west
			}
			p := town.problem(t, true)
			r := town.river
			for u, vs := range p.Units.Adj {
				for _, v := range vs {
					if r.side(p.Units.Units[u].Center) != r.side(p.Units.Units[v].Center) {
						t.Fatalf("units %d and %d adjacent across a river with no bridge", u, v)
					}
				}
			}
			plan, err := Redraw(context.Background(), p, RedrawOptions{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if err := plan.Validate(p); err != nil {
				t.Fatal(err)
			}
			for u, j := range plan.UnitSchool {
				if j < 0 {
					t.Errorf("unit %d without a school", u)
				}
			}
			if perBank == 0 {
				return
			}
			for j := range p.Schools {
				for u, k := range plan.UnitSchool {
					if k == j && r.side(p.Units.Units[u].Center) != r.side(p.Schools[j].Loc) {
						t.Errorf("school %d's zone holds unit %d across the river", j, u)
						break
					}
				}
			}
			if ov := overflow(p, plan.UnitSchool); ov > 0 {
				t.Errorf("%d entrants beyond capacity, with room on each bank", ov)
			}
		})
	}
}

// TestUnitsApartNil: a nil Apart leaves the units and their graph as they
// were, and an Apart that is never true too.
func TestUnitsApartNil(t *testing.T) {
	town := newRiverTown(5, 2, 1.2, 1, false)
	area, err := ZonedArea(town.area, town.homes, 10, 2)
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewUnits(town.homes, area, UnitOptions{Resolution: 10})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewUnits(town.homes, area, UnitOptions{Resolution: 10, Apart: func(_, _ orb.Point) bool { return false }})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Units) != len(b.Units) {
		t.Fatalf("%d units, with a never-apart barrier %d", len(a.Units), len(b.Units))
	}
	for u := range a.Adj {
		if !slices.Equal(a.Adj[u], b.Adj[u]) {
			t.Fatalf("unit %d: neighbours %v, with a never-apart barrier %v", u, a.Adj[u], b.Adj[u])
		}
	}
}

// detour is a random metric never below the great-circle distance: the
// straight distance stretched by a factor of 1 to 1.8 that depends on the
// site, plus up to 400 m that depends on both points (a pure function of
// their coordinates, so safe for concurrent use).
type detour struct{ seed uint64 }

func (d detour) hash(ps ...orb.Point) float64 {
	x := d.seed
	for _, p := range ps {
		for _, c := range p {
			x ^= math.Float64bits(c)
			x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
			x = (x ^ (x >> 27)) * 0x94d049bb133111eb
			x ^= x >> 31
		}
	}
	return float64(x>>11) / (1 << 53)
}

func (d detour) DistanceM(home, site orb.Point) float64 {
	return geo.Distance(home, site)*(1+0.8*d.hash(site)) + 400*d.hash(home, site)
}

// TestLowerBoundMetricProperty: on random instances with a random metric
// never below the straight distance, the lower bound is the transportation
// optimum over all pairs, at least the straight bound, and no more than the
// mean of the redraw's plan, of the nearest-school plan, or of any random
// plan, each by the same metric.
func TestLowerBoundMetricProperty(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		for _, slack := range []float64{1.05, 1.2} {
			t.Run(fmt.Sprintf("seed=%d/slack=%.2f", seed, slack), func(t *testing.T) {
				in := genInstance(smallSpec(seed, slack))
				p := in.problem(t)
				straightLB, err := LowerBound(p, 8)
				if err != nil || straightLB == nil {
					t.Fatalf("straight bound: %v, %v", straightLB, err)
				}
				m := detour{seed}
				p.Metric = m
				lb, err := LowerBound(p, 3)
				if err != nil || lb == nil {
					t.Fatalf("bound: %v, %v", lb, err)
				}
				if exact := bruteBound(t, p, m); math.Abs(*lb-exact) > 1e-6 {
					t.Errorf("bound %.6f m, optimum over all pairs %.6f m", *lb, exact)
				}
				if *lb < *straightLB-1e-6 {
					t.Errorf("bound %.3f m below the straight bound %.3f m", *lb, *straightLB)
				}
				plan, err := Redraw(context.Background(), p, RedrawOptions{Seed: 1})
				if err != nil {
					t.Fatal(err)
				}
				rng := rand.New(rand.NewPCG(seed, 7))
				random := make([]int, len(p.Units.Units))
				for u := range random {
					random[u] = rng.IntN(len(p.Schools))
				}
				for name, us := range map[string][]int{"redraw": plan.UnitSchool, "nearest": NearestPlan(p, 16), "random": random} {
					if mean := metricMean(p, m, us); *lb > mean+1e-6 {
						t.Errorf("bound %.3f m above the %s plan's mean %.3f m", *lb, name, mean)
					}
				}
			})
		}
	}
}

// TestSiteIndexNearest checks the nearest schools by a metric never below
// the straight distance against a sort of all schools, with shared zones.
func TestSiteIndexNearest(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for trial := range 50 {
		n := 1 + rng.IntN(30)
		schools := make([]School, n)
		for j := range schools {
			schools[j] = School{Loc: orb.Point{86.8 + 0.1*rng.Float64(), 44.1 + 0.1*rng.Float64()}, Capacity: 1 + rng.IntN(50)}
			if rng.IntN(4) == 0 {
				for range 2 + rng.IntN(2) {
					schools[j].Campuses = append(schools[j].Campuses, Campus{orb.Point{86.8 + 0.1*rng.Float64(), 44.1 + 0.1*rng.Float64()}, rng.IntN(40)})
				}
			}
		}
		m := detour{uint64(trial)}
		sx := newSiteIndex(schools)
		for range 20 {
			pt := orb.Point{86.8 + 0.1*rng.Float64(), 44.1 + 0.1*rng.Float64()}
			k := 1 + rng.IntN(10)
			got := sx.nearest(pt, k, 0, func(j int) float64 { return schools[j].DistanceBy(m, pt) })
			all := make([]scored, n)
			for j := range all {
				all[j] = scored{j, schools[j].DistanceBy(m, pt)}
			}
			slices.SortFunc(all, func(a, b scored) int { return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.j, b.j)) })
			want := all[:min(k, n)]
			if !slices.Equal(got, want) {
				t.Fatalf("trial %d k %d: nearest %v, by sorting all %v", trial, k, got, want)
			}
		}
	}
}

// TestDistanceByStraight: DistanceBy with Straight (or nil) is DistanceM,
// bit for bit.
func TestDistanceByStraight(t *testing.T) {
	p := orb.Point{86.81, 44.12}
	for _, s := range []School{
		{Loc: orb.Point{86.83, 44.11}, Capacity: 40},
		{Loc: orb.Point{86.80, 44.13}, Campuses: []Campus{{orb.Point{86.79, 44.13}, 30}, {orb.Point{86.82, 44.14}, 10}}},
		{Loc: orb.Point{86.80, 44.13}, Campuses: []Campus{{orb.Point{86.79, 44.13}, 0}}},
	} {
		want := geo.Distance(p, s.Loc)
		if len(s.Campuses) > 0 && s.Campuses[0].Capacity > 0 {
			want = (30*geo.Distance(p, s.Campuses[0].Loc) + 10*geo.Distance(p, s.Campuses[1].Loc)) / 40
		}
		for _, m := range []Metric{nil, Straight} {
			if got := s.DistanceBy(m, p); math.Abs(got-want) > 1e-9 || got != s.DistanceM(p) {
				t.Errorf("%v: DistanceBy %v, DistanceM %v, by hand %v", s, got, s.DistanceM(p), want)
			}
		}
	}
}

// meetNearBridge reports whether units u and v have neighbouring cells that
// the river does not separate, each on its unit's bank (the side of its
// centre) or within the bridge's slack: units join across only by the
// bridge.
func meetNearBridge(us *Units, u, v int, r river) bool {
	of := map[geo.Cell]bool{}
	for _, c := range us.Units[v].Cells {
		of[c] = true
	}
	home := func(p orb.Point, unit int) bool {
		return r.side(p) == r.side(us.Units[unit].Center) || geo.Distance(p, r.Bridge) <= r.Slack
	}
	for _, c := range us.Units[u].Cells {
		for _, n := range geo.Neighbors(c) {
			cc, nc := geo.CellCenter(c), geo.CellCenter(n)
			if of[n] && home(cc, u) && home(nc, v) && !r.Apart(cc, nc) {
				return true
			}
		}
	}
	return false
}
