package zones

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// Property tests of Redraw on small random instances (instance_test.go):
// every property is checked from its definition, on plans the optimizer
// drew, with the optimizer's own bookkeeping (Plan.Load, Stats) not trusted.

// propSeeds and propSlacks span the instances: a tight (5 %) and a loose
// (20 %) capacity for each seed.
var (
	propSeeds  = []uint64{1, 2, 3, 4, 5, 6}
	propSlacks = []float64{1.05, 1.2}
)

// propCase is an instance with the plan Redraw drew for it (default
// options, Seed 1). Cases are built once and shared by the tests; nothing
// may change them.
type propCase struct {
	spec instSpec
	p    *Problem
	plan Plan
	err  error
}

func (c *propCase) String() string {
	return fmt.Sprintf("%s seed %d slack %.2f", c.spec.Name, c.spec.Seed, c.spec.Slack)
}

var propCache = struct {
	sync.Mutex
	m map[instSpec]*propEntry
}{m: map[instSpec]*propEntry{}}

type propEntry struct {
	once sync.Once
	c    *propCase
}

func getCase(t *testing.T, s instSpec) *propCase {
	t.Helper()
	propCache.Lock()
	e, ok := propCache.m[s]
	if !ok {
		e = &propEntry{}
		propCache.m[s] = e
	}
	propCache.Unlock()
	e.once.Do(func() {
		in := genInstance(s)
		area, err := in.zonedArea()
		var us *Units
		if err == nil {
			us, err = BuildUnits(in.homes, area, s.Res)
		}
		c := &propCase{spec: s, err: err}
		if err == nil {
			c.p = &Problem{Units: us, Homes: in.homes, Demand: in.demand, Schools: in.schools}
			c.plan, c.err = Redraw(context.Background(), c.p, RedrawOptions{Seed: 1})
		}
		e.c = c
	})
	if e.c.err != nil {
		t.Fatalf("%s seed %d: %v", s.Name, s.Seed, e.c.err)
	}
	return e.c
}

// eachCase runs f on every small instance as a subtest.
func eachCase(t *testing.T, slacks []float64, f func(t *testing.T, c *propCase)) {
	for _, seed := range propSeeds {
		for _, slack := range slacks {
			s := smallSpec(seed, slack)
			t.Run(fmt.Sprintf("seed=%d/slack=%.2f", seed, slack), func(t *testing.T) {
				f(t, getCase(t, s))
			})
		}
	}
}

// overflow is the number of entrants beyond their zone school's capacity.
func overflow(p *Problem, unitSchool []int) int {
	n := 0
	for j, l := range loads(p, unitSchool) {
		n += max(0, l-p.Schools[j].Capacity)
	}
	return n
}

// campusPins returns the unit of each school's campus that Redraw pins to
// it: the unit holding the school's location, unless an earlier school took
// it or a lock holds it.
func campusPins(p *Problem) map[int]int {
	pins := map[int]int{}
	for u, j := range p.Locks {
		pins[u] = j
	}
	for j, s := range p.Schools {
		if u := p.Units.UnitAt(s.Loc); u >= 0 {
			if _, ok := pins[u]; !ok {
				pins[u] = j
			}
		}
	}
	return pins
}

// anneal runs simulated annealing over plans from start: single moves of a
// unit (not pinned) to a zone next to it that leave the donor zone
// connected (checked by breadth-first search), priced by
// ovWeight × entrants over capacity + distWeight × summed distance in
// metres, at a temperature falling geometrically from t0 to t1 over the
// steps. It returns the best plan seen. It shares no code with the
// optimizer's search.
func anneal(p *Problem, start []int, pins map[int]int, seed uint64, steps int, ovWeight, distWeight, t0, t1 float64) []int {
	rng := rand.New(rand.NewPCG(seed, 0xa11ea1))
	a := slices.Clone(start)
	n := len(a)
	dem := make([]int, n)
	cost := make([][]float64, n)
	for u := range cost {
		cost[u] = make([]float64, len(p.Schools))
	}
	for h, d := range p.Demand {
		u := p.Units.HomeUnit[h]
		dem[u] += d
		for j, s := range p.Schools {
			cost[u][j] += float64(d) * geo.Distance(p.Homes[h].Loc, s.Loc)
		}
	}
	load := make([]int, len(p.Schools))
	size := make([]int, len(p.Schools))
	var energy float64
	for u, j := range a {
		if j >= 0 {
			load[j] += dem[u]
			size[j]++
			energy += distWeight * cost[u][j]
		}
	}
	ov := func(j, l int) float64 { return ovWeight * float64(max(0, l-p.Schools[j].Capacity)) }
	for j := range load {
		energy += ov(j, load[j])
	}
	best, bestE := slices.Clone(a), energy
	seen := make([]int, n)
	stamp := 0
	connectedWithout := func(u int) bool {
		j := a[u]
		first := -1
		for _, v := range p.Units.Adj[u] {
			if a[v] == j {
				first = v
				break
			}
		}
		if first < 0 {
			return false
		}
		stamp++
		seen[u], seen[first] = stamp, stamp
		queue := []int{first}
		count := 1
		for len(queue) > 0 {
			x := queue[0]
			queue = queue[1:]
			for _, y := range p.Units.Adj[x] {
				if seen[y] != stamp && a[y] == j {
					seen[y] = stamp
					count++
					queue = append(queue, y)
				}
			}
		}
		return count == size[j]-1
	}
	var ks []int
	for step := 0; step < steps && bestE > 0; step++ {
		temp := t0 * math.Pow(t1/t0, float64(step)/float64(steps))
		u := rng.IntN(n)
		if _, pinned := pins[u]; pinned || a[u] < 0 || size[a[u]] < 2 {
			continue
		}
		ks = ks[:0]
		for _, v := range p.Units.Adj[u] {
			if k := a[v]; k >= 0 && k != a[u] && !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
		if len(ks) == 0 {
			continue
		}
		k := ks[rng.IntN(len(ks))]
		j := a[u]
		d := distWeight*(cost[u][k]-cost[u][j]) + ov(j, load[j]-dem[u]) - ov(j, load[j]) + ov(k, load[k]+dem[u]) - ov(k, load[k])
		if d > 0 && rng.Float64() >= math.Exp(-d/temp) {
			continue
		}
		if !connectedWithout(u) {
			continue
		}
		a[u] = k
		load[j] -= dem[u]
		load[k] += dem[u]
		size[j]--
		size[k]++
		energy += d
		if energy < bestE-1e-9 {
			best, bestE = slices.Clone(a), energy
		}
	}
	return best
}

// annealFeasible looks for a witness: a plan that keeps every zone of start
// connected, keeps the pins, and puts no school over capacity, by annealing
// on the overflow alone. It returns nil when it finds none.
func annealFeasible(p *Problem, start []int, pins map[int]int, seed uint64, steps int) []int {
	a := anneal(p, start, pins, seed, steps, 1, 0, 3, 0.03)
	if !planFits(p, a, pins) {
		return nil
	}
	return a
}

// planFits reports whether a plan puts no school over capacity, has every
// zone connected and keeps the pins.
func planFits(p *Problem, a []int, pins map[int]int) bool {
	if overflow(p, a) > 0 || connectedShare(p, a) < 1 {
		return false
	}
	for u, j := range pins {
		if a[u] != j {
			return false
		}
	}
	return true
}

// TestRedrawCapacity: no zone holds more entrants than its school's intake
// whenever a connected plan within capacity exists (a witness found by
// annealing). Where none is found the overflow is only logged.
func TestRedrawCapacity(t *testing.T) {
	t.Parallel()
	eachCase(t, propSlacks, func(t *testing.T, c *propCase) {
		ov := overflow(c.p, c.plan.UnitSchool)
		if c.plan.Stats != nil && c.plan.Stats.Overflow != ov {
			t.Errorf("%v: Stats.Overflow %d, the plan's loads give %d", c, c.plan.Stats.Overflow, ov)
		}
		if ov == 0 {
			return
		}
		pins := campusPins(c.p)
		for s := uint64(1); s <= 4; s++ {
			if w := annealFeasible(c.p, c.plan.UnitSchool, pins, s, 200000); w != nil {
				t.Errorf("%v: Redraw leaves %d entrants over capacity (loads %v, capacities %v), but a connected plan within capacity exists: %v",
					c, ov, loads(c.p, c.plan.UnitSchool), capacities(c.p), w)
				return
			}
		}
		t.Logf("%v: %d entrants over capacity; annealing found no plan within capacity either", c, ov)
	})
}

func capacities(p *Problem) []int {
	out := make([]int, len(p.Schools))
	for j, s := range p.Schools {
		out[j] = s.Capacity
	}
	return out
}

// TestAnnealFeasible checks the witness search itself: on a path of units
// a–b–c–d with schools at a and d, each of capacity 2, and one entrant per
// unit, the plan {a,b,c} | {d} overflows by one and the witness must move c.
// With capacity 1 no plan fits, and the witness must say so.
func TestAnnealFeasible(t *testing.T) {
	p := pathProblem(t, []int{1, 1, 1, 1}, []int{0, 3}, []int{2, 2})
	w := annealFeasible(p, []int{0, 0, 0, 1}, campusPins(p), 1, 10000)
	if !slices.Equal(w, []int{0, 0, 1, 1}) {
		t.Errorf("witness %v, want [0 0 1 1]", w)
	}
	p = pathProblem(t, []int{1, 1, 1, 1}, []int{0, 3}, []int{1, 1})
	if w := annealFeasible(p, []int{0, 0, 0, 1}, campusPins(p), 1, 10000); w != nil {
		t.Errorf("witness %v for a problem with no plan within capacity", w)
	}
}

// TestRedrawContiguous: each school's units form one connected piece of the
// unit graph (Plan.Contiguous, and an independent breadth-first search),
// also when capacity is short.
func TestRedrawContiguous(t *testing.T) {
	eachCase(t, append([]float64{0.95}, propSlacks...), func(t *testing.T, c *propCase) {
		for j, ok := range c.plan.Contiguous(c.p) {
			if !ok {
				t.Errorf("%v: zone of school %d not connected in the unit graph", c, j)
			}
		}
		if s := connectedShare(c.p, c.plan.UnitSchool); s != 1 {
			t.Errorf("%v: %.0f %% of zones connected by breadth-first search", c, 100*s)
		}
	})
}

// TestRedrawCoverage: every unit and every home's unit has a school, also
// when capacity is short; the plan validates.
func TestRedrawCoverage(t *testing.T) {
	eachCase(t, append([]float64{0.95}, propSlacks...), func(t *testing.T, c *propCase) {
		if err := c.plan.Validate(c.p); err != nil {
			t.Fatal(err)
		}
		for u, j := range c.plan.UnitSchool {
			if j < 0 {
				t.Errorf("%v: unit %d (%d homes) without a school", c, u, len(c.p.Units.Units[u].Homes))
			}
		}
		for h := range c.p.Homes {
			if c.plan.UnitSchool[c.p.Units.HomeUnit[h]] < 0 {
				t.Errorf("%v: home %d without a school", c, h)
			}
		}
	})
}

// TestRedrawGroupsNotSplit: all homes of a group share a unit, hence a
// school.
func TestRedrawGroupsNotSplit(t *testing.T) {
	eachCase(t, propSlacks, func(t *testing.T, c *propCase) {
		unit := map[string]int{}
		school := map[string]int{}
		for h, home := range c.p.Homes {
			if home.Group == "" {
				continue
			}
			u := c.p.Units.HomeUnit[h]
			j := c.plan.UnitSchool[u]
			if prev, ok := unit[home.Group]; ok && prev != u {
				t.Errorf("%v: group %s in units %d and %d", c, home.Group, prev, u)
			}
			if prev, ok := school[home.Group]; ok && prev != j {
				t.Errorf("%v: group %s zoned to schools %d and %d", c, home.Group, prev, j)
			}
			unit[home.Group], school[home.Group] = u, j
		}
	})
}

// TestRedrawLocks: locked units keep their school. Two kinds of lock: a
// border unit locked to the neighbouring zone (a planner's usual edit: the
// plan should stay connected and within capacity where the base plan was),
// and a unit locked to a school far from it (kept, whatever it costs).
func TestRedrawLocks(t *testing.T) {
	t.Parallel()
	eachCase(t, propSlacks, func(t *testing.T, c *propCase) {
		rng := rand.New(rand.NewPCG(c.spec.Seed, 77))
		dem := c.p.UnitDemand()
		campus := campusPins(c.p)
		border := map[int]int{}
		order := rng.Perm(len(c.plan.UnitSchool))
		for _, u := range order {
			if _, ok := campus[u]; ok || dem[u] == 0 || len(border) == 2 {
				continue
			}
			for _, v := range c.p.Units.Adj[u] {
				if k := c.plan.UnitSchool[v]; k != c.plan.UnitSchool[u] && k >= 0 {
					border[u] = k
					break
				}
			}
		}
		far := map[int]int{}
		for _, u := range order {
			if _, ok := campus[u]; ok {
				continue
			}
			if _, ok := border[u]; ok {
				continue
			}
			// The school farthest from the unit.
			best, bestD := -1, -1.0
			for j := range c.p.Schools {
				if d := geo.Distance(c.p.Units.Units[u].Center, c.p.Schools[j].Loc); d > bestD {
					best, bestD = j, d
				}
			}
			far[u] = best
			break
		}
		for name, locks := range map[string]map[int]int{"border": border, "far": far} {
			q := *c.p
			q.Locks = locks
			pl, err := Redraw(context.Background(), &q, RedrawOptions{Seed: 1})
			if err != nil {
				t.Fatalf("%v %s locks %v: %v", c, name, locks, err)
			}
			for u, j := range locks {
				if pl.UnitSchool[u] != j {
					t.Errorf("%v: %s lock of unit %d to school %d not kept: school %d", c, name, u, j, pl.UnitSchool[u])
				}
			}
			if name == "border" {
				// The base plan with the locked units moved is a witness
				// that a connected plan exists, when it is connected.
				witness := slices.Clone(c.plan.UnitSchool)
				for u, j := range locks {
					witness[u] = j
				}
				if s := connectedShare(&q, pl.UnitSchool); s < 1 && connectedShare(&q, witness) == 1 {
					t.Errorf("%v: with border locks %v only %.0f %% of zones connected, though the base plan with the locked units moved is connected", c, locks, 100*s)
				}
				if ov, base := overflow(&q, pl.UnitSchool), overflow(c.p, c.plan.UnitSchool); ov > base {
					t.Logf("%v: border locks %v raise the overflow from %d to %d", c, locks, base, ov)
				}
			}
		}
		// A lock out of range is an error naming the package.
		q := *c.p
		q.Locks = map[int]int{0: len(c.p.Schools)}
		if _, err := Redraw(context.Background(), &q, RedrawOptions{}); err == nil {
			t.Errorf("%v: lock to school %d of %d accepted", c, len(c.p.Schools), len(c.p.Schools))
		}
		q.Locks = map[int]int{len(c.plan.UnitSchool): 0}
		if _, err := Redraw(context.Background(), &q, RedrawOptions{}); err == nil {
			t.Errorf("%v: lock of unit %d of %d accepted", c, len(c.plan.UnitSchool), len(c.plan.UnitSchool))
		}
	})
}

// TestRedrawDeterministic: the same instance seed and the same Redraw seed
// give the same plan, from instances built twice from scratch; and Redraw
// twice on one problem gives the same plan.
func TestRedrawDeterministic(t *testing.T) {
	t.Parallel()
	for _, seed := range propSeeds[:3] {
		s := smallSpec(seed, 1.1)
		var plans [][]int
		for range 2 {
			in := genInstance(s)
			p := in.problem(t)
			for range 2 {
				pl, err := Redraw(context.Background(), p, RedrawOptions{Seed: 9})
				if err != nil {
					t.Fatal(err)
				}
				plans = append(plans, pl.UnitSchool)
			}
		}
		for i := 1; i < len(plans); i++ {
			if !slices.Equal(plans[0], plans[i]) {
				t.Errorf("seed %d: run %d differs from run 0:\n%v\n%v", seed, i, plans[i], plans[0])
			}
		}
	}
}

// TestRedrawAboveLowerBound: a plan within capacity has a mean distance no
// below the transportation lower bound; the bound is nil when capacity is
// short.
func TestRedrawAboveLowerBound(t *testing.T) {
	eachCase(t, append([]float64{0.95}, propSlacks...), func(t *testing.T, c *propCase) {
		lb, err := LowerBound(c.p, 8)
		if err != nil {
			t.Fatal(err)
		}
		if c.spec.Slack < 1 {
			if lb != nil {
				t.Errorf("%v: lower bound %.1f m with capacity short", c, *lb)
			}
			return
		}
		if lb == nil {
			t.Fatalf("%v: no lower bound with capacity enough", c)
		}
		if overflow(c.p, c.plan.UnitSchool) > 0 {
			return // a plan over capacity may beat the bound
		}
		mean := meanDist(c.p, c.plan.UnitSchool)
		if *lb > mean*(1+1e-9) {
			t.Errorf("%v: lower bound %.3f m above the plan's mean %.3f m", c, *lb, mean)
		}
		t.Logf("%v: mean %.1f m, bound %.1f m, gap %.2f %%", c, mean, *lb, 100*(mean / *lb - 1))
	})
}

// TestRedrawFewestMovesKeepsFeasibleZones: with the zones in force a plan
// that is connected and within capacity, FewestMoves moves no child. The
// zones in force are Redraw's own plans (Balanced and ShortestDistance).
func TestRedrawFewestMovesKeepsFeasibleZones(t *testing.T) {
	eachCase(t, propSlacks, func(t *testing.T, c *propCase) {
		bases := map[string][]int{"balanced": c.plan.UnitSchool}
		if pl, err := Redraw(context.Background(), c.p, RedrawOptions{Seed: 3, Objective: ShortestDistance}); err == nil {
			bases["distance"] = pl.UnitSchool
		}
		dem := c.p.UnitDemand()
		for name, cur := range bases {
			if overflow(c.p, cur) > 0 || connectedShare(c.p, cur) < 1 {
				continue
			}
			q := *c.p
			q.Current = cur
			pl, err := Redraw(context.Background(), &q, RedrawOptions{Seed: 5, Objective: FewestMoves})
			if err != nil {
				t.Fatal(err)
			}
			moved := 0
			for u, j := range pl.UnitSchool {
				if j != cur[u] {
					moved += dem[u]
				}
			}
			if moved > 0 {
				t.Errorf("%v: FewestMoves from the %s plan moves %d children", c, name, moved)
			}
		}
	})
}

// TestZonesOnePolygon draws the zones of each plan (Problem.Zones) and
// checks what a published zone must be: every home lies in its school's
// zone, the plan stays within capacity and connected on the unit graph, and
// every zone is one polygon but for a sliver of open land. A second part of
// a zone may only be a stray that holds no home, is smaller than one fine
// cell and that no zone it touches can take without gaining a part of its
// own (Units.mergeStrays keeps such a stray when it is a tenth of a cell or
// more: on these instances one scrap where the cells meet the boundary's
// edge). A detached part with homes would cut families off from their zone.
func TestZonesOnePolygon(t *testing.T) {
	if testing.Short() {
		t.Skip("draws polygons with GEOS")
	}
	t.Parallel()
	eachCase(t, []float64{1.2}, func(t *testing.T, c *propCase) {
		pl := Plan{UnitSchool: slices.Clone(c.plan.UnitSchool)}
		zs, err := c.p.Zones(&pl, nil, 3)
		if err != nil {
			t.Fatal(err)
		}
		cell, err := geo.CellOf(c.p.Homes[0].Loc, c.spec.Res)
		if err != nil {
			t.Fatal(err)
		}
		cellArea := planar.Area(geo.CellPolygon(cell))
		for j, z := range zs {
			if len(z) < 2 {
				continue
			}
			main := largestPart(z)
			for i, part := range z {
				if i == main {
					continue
				}
				homes := 0
				for _, home := range c.p.Homes {
					if planar.PolygonContains(part, home.Loc) {
						homes++
					}
				}
				taker, err := strayTaker(part, zs, j)
				if err != nil {
					t.Fatal(err)
				}
				switch a := planar.Area(part); {
				case homes > 0 || a >= cellArea:
					t.Errorf("%v: zone of school %d has a second part of %.2f fine cells with %d homes: not one polygon", c, j, a/cellArea, homes)
				case taker >= 0:
					t.Errorf("%v: zone of school %d keeps a stray of %.3f fine cells that the zone of school %d could take", c, j, a/cellArea, taker)
				default:
					t.Errorf("%v: zone of school %d keeps a sliver of %.3f fine cells without homes that no zone can take: it should be dropped", c, j, a/cellArea)
				}
			}
		}
		for h, home := range c.p.Homes {
			j := pl.UnitSchool[c.p.Units.HomeUnit[h]]
			if j >= 0 && !planar.MultiPolygonContains(zs[j], home.Loc) {
				t.Errorf("%v: home %d outside the zone of its school %d", c, h, j)
			}
		}
		if before, after := overflow(c.p, c.plan.UnitSchool), overflow(c.p, pl.UnitSchool); after > before {
			t.Errorf("%v: Zones raised the overflow from %d to %d", c, before, after)
		}
		if s := connectedShare(c.p, pl.UnitSchool); s < 1 {
			t.Errorf("%v: after Zones only %.0f %% of zones are connected in the unit graph", c, 100*s)
		}
	})
}

// strayTaker returns a zone other than self that a stray part of self's
// zone touches and could take without gaining a part, or -1 for none.
func strayTaker(part orb.Polygon, zs []orb.MultiPolygon, self int) (int, error) {
	ks, err := touchingAll(part, zs, self)
	if err != nil {
		return -1, err
	}
	for _, k := range ks {
		merged, err := geos.Union(zs[k], part)
		if err != nil {
			return -1, err
		}
		if len(merged) <= len(zs[k]) {
			return k, nil
		}
	}
	return -1, nil
}

// TestRedrawNearAnnealed compares Redraw's plans within capacity with the
// best plan that annealing (two runs from Redraw's plan, distance weighted,
// overflow forbidden) finds: Redraw should be within 5 % of it. The gaps
// are logged; the transportation bound is logged beside them to show how
// much of the gap to the bound contiguity and whole units cost.
func TestRedrawNearAnnealed(t *testing.T) {
	if testing.Short() {
		t.Skip("anneals")
	}
	t.Parallel()
	const tolerance = 0.05
	eachCase(t, propSlacks, func(t *testing.T, c *propCase) {
		if overflow(c.p, c.plan.UnitSchool) > 0 {
			return
		}
		pins := campusPins(c.p)
		mean := meanDist(c.p, c.plan.UnitSchool)
		best := mean
		for s := uint64(1); s <= 2; s++ {
			a := anneal(c.p, c.plan.UnitSchool, pins, s, 150000, 1e6, 1, 2000, 2)
			if planFits(c.p, a, pins) {
				best = min(best, meanDist(c.p, a))
			}
		}
		lb, err := LowerBound(c.p, 8)
		if err != nil {
			t.Fatalf("%v: LowerBound: %v", c, err)
		}
		if lb == nil {
			t.Fatalf("%v: no lower bound, though Redraw's plan seats every entrant within capacity", c)
		}
		t.Logf("%v: Redraw %.1f m, annealed %.1f m (Redraw %.2f %% above), bound %.1f m", c, mean, best, 100*(mean/best-1), *lb)
		if mean > best*(1+tolerance) {
			t.Errorf("%v: Redraw's mean %.1f m is %.2f %% above an annealed plan's %.1f m", c, mean, 100*(mean/best-1), best)
		}
	})
}

// TestRedrawCancelled: a search cut short before it starts (the context
// already cancelled) still returns a plan that gives every unit a school
// with every zone connected, and says it stopped.
func TestRedrawCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	eachCase(t, propSlacks[:1], func(t *testing.T, c *propCase) {
		pl, err := Redraw(ctx, c.p, RedrawOptions{Seed: 1})
		if err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		if err := pl.Validate(c.p); err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		if slices.Contains(pl.UnitSchool, -1) {
			t.Errorf("%v: units without a school after a cancelled search", c)
		}
		if s := connectedShare(c.p, pl.UnitSchool); s < 1 {
			t.Errorf("%v: %.0f %% of zones connected after a cancelled search", c, 100*s)
		}
		if pl.Stats == nil || !pl.Stats.Stopped {
			t.Errorf("%v: cancelled search not reported as stopped: %+v", c, pl.Stats)
		}
	})
}
