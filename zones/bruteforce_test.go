package zones

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// Brute force on tiny instances: every assignment of 10–14 units to 2–4
// schools is enumerated, and Redraw's plan is compared with the best one.

// cellUnits builds Units directly from cells, one unit per cell, adjacent
// when the cells share an edge, each unit holding the homes given for it.
// homeUnit[h] is the unit of home h.
func cellUnits(cells []geo.Cell, homeUnit []int, homes []Home, res int) *Units {
	us := &Units{Resolution: res, CoarseResolution: max(0, res-3), Margin: 0,
		HomeUnit: homeUnit, fineUnit: map[geo.Cell]int{}, coarseUnit: map[geo.Cell]int{}}
	for u, c := range cells {
		us.fineUnit[c] = u
		us.Units = append(us.Units, Unit{ID: u, Cells: []geo.Cell{c}, Center: geo.CellCenter(c)})
	}
	for h, u := range homeUnit {
		us.Units[u].Homes = append(us.Units[u].Homes, h)
	}
	for u := range us.Units {
		var x, y float64
		for _, h := range us.Units[u].Homes {
			x += homes[h].Loc[0]
			y += homes[h].Loc[1]
		}
		if n := float64(len(us.Units[u].Homes)); n > 0 {
			us.Units[u].Center = orb.Point{x / n, y / n}
		}
	}
	us.Adj = make([][]int, len(cells))
	for u, c := range cells {
		for _, n := range geo.Neighbors(c) {
			if v, ok := us.fineUnit[n]; ok {
				us.Adj[u] = append(us.Adj[u], v)
			}
		}
		slices.Sort(us.Adj[u])
	}
	return us
}

// tinyProblem draws a connected patch of n hexagonal cells of resolution 9
// (about 0.1 km² each) grown at random from one cell, one to three homes
// per cell with 1–5 entrants each, k schools at the centres of distinct
// cells, and capacities summing to 105–130 % of the entrants in random
// shares.
func tinyProblem(seed uint64, n, k int) *Problem {
	rng := rand.New(rand.NewPCG(seed, 0x7e57))
	const res = 9
	c0, _ := geo.CellOf(orb.Point{86.9, 44.2}, res)
	cells := []geo.Cell{c0}
	in := map[geo.Cell]bool{c0: true}
	for len(cells) < n {
		nb := geo.Neighbors(cells[rng.IntN(len(cells))])
		if c := nb[rng.IntN(len(nb))]; !in[c] {
			in[c] = true
			cells = append(cells, c)
		}
	}
	m := metricAt(44.2)
	var homes []Home
	var homeUnit, demand []int
	total := 0
	for u, c := range cells {
		for range 1 + rng.IntN(3) {
			homes = append(homes, Home{Loc: m.offset(geo.CellCenter(c), (rng.Float64()-0.5)*150, (rng.Float64()-0.5)*150)})
			homeUnit = append(homeUnit, u)
			d := 1 + rng.IntN(5)
			demand = append(demand, d)
			total += d
		}
	}
	p := &Problem{Units: cellUnits(cells, homeUnit, homes, res), Homes: homes, Demand: demand}
	w := make([]float64, k)
	var sw float64
	for j := range w {
		w[j] = 0.6 + 0.8*rng.Float64()
		sw += w[j]
	}
	caps := apportion(w, sw, int(math.Ceil((1.05+0.25*rng.Float64())*float64(total))))
	for j, u := range rng.Perm(n)[:k] {
		p.Schools = append(p.Schools, School{ID: fmt.Sprintf("s%d", j), Loc: geo.CellCenter(cells[u]), Capacity: caps[j]})
	}
	return p
}

// bruteResult is the best of all assignments by the weighted objective
// distance + overflowWeight × overflow.
type bruteResult struct {
	assign   []int
	cost     float64 // summed distance, metres
	overflow int     // entrants over capacity
	feasible int     // contiguous pinned assignments within capacity
	total    int     // contiguous pinned assignments
}

const bruteOverflowWeight = 1e7

// bruteForce enumerates every assignment of units to schools with each
// campus unit (and lock) pinned, keeps those where every school's units are
// connected in the unit graph, and returns the best by summed distance plus
// bruteOverflowWeight per entrant over capacity. Distances are computed
// here, home by home, from geo.Distance. Up to 32 units.
func bruteForce(p *Problem) bruteResult {
	n, k := len(p.Units.Units), len(p.Schools)
	adj := make([]uint32, n)
	for u, vs := range p.Units.Adj {
		for _, v := range vs {
			adj[u] |= 1 << v
		}
	}
	dem := make([]int, n)
	cost := make([][]float64, n)
	for u := range cost {
		cost[u] = make([]float64, k)
	}
	for h, d := range p.Demand {
		u := p.Units.HomeUnit[h]
		dem[u] += d
		for j, s := range p.Schools {
			cost[u][j] += float64(d) * geo.Distance(p.Homes[h].Loc, s.Loc)
		}
	}
	pin := make([]int, n)
	for u := range pin {
		pin[u] = -1
	}
	for u, j := range campusPins(p) {
		pin[u] = j
	}
	connected := func(mask uint32) bool {
		if mask == 0 {
			return true
		}
		reach := mask & -mask
		for {
			next := reach
			for r := reach; r != 0; r &= r - 1 {
				next |= adj[bits.TrailingZeros32(r)]
			}
			next &= mask
			if next == reach {
				return reach == mask
			}
			reach = next
		}
	}
	res := bruteResult{cost: math.Inf(1), overflow: math.MaxInt}
	bestObj := math.Inf(1)
	assign := make([]int, n)
	masks := make([]uint32, k)
	load := make([]int, k)
	var rec func(u int, c float64)
	rec = func(u int, c float64) {
		if u == n {
			for _, m := range masks {
				if !connected(m) {
					return
				}
			}
			res.total++
			ov := 0
			for j, l := range load {
				ov += max(0, l-p.Schools[j].Capacity)
			}
			if ov == 0 {
				res.feasible++
			}
			if obj := c + bruteOverflowWeight*float64(ov); obj < bestObj {
				bestObj = obj
				res.assign, res.cost, res.overflow = slices.Clone(assign), c, ov
			}
			return
		}
		for j := range k {
			if pin[u] >= 0 && pin[u] != j {
				continue
			}
			assign[u] = j
			masks[j] |= 1 << u
			load[j] += dem[u]
			rec(u+1, c+cost[u][j])
			masks[j] &^= 1 << u
			load[j] -= dem[u]
		}
	}
	rec(0, 0)
	return res
}

// planCost is the summed distance and overflow of a plan, computed home by
// home.
func planCost(p *Problem, unitSchool []int) (float64, int) {
	d, _ := totalDist(p, unitSchool)
	return d, overflow(p, unitSchool)
}

// TestBruteForceSmall checks the brute force on a path a–b–c–d, one entrant
// per unit at the cell centre, schools at a and d: with capacities 2 and 2
// the best plan is {a,b} {c,d}; with capacities 3 and 1, {a,b,c} {d}; with
// capacities 1 and 1 every plan overflows and the best overflows by 2.
func TestBruteForceSmall(t *testing.T) {
	tests := []struct {
		caps []int
		want []int
		ov   int
	}{
		{[]int{2, 2}, []int{0, 0, 1, 1}, 0},
		{[]int{3, 1}, []int{0, 0, 0, 1}, 0},
		{[]int{1, 1}, []int{0, 0, 1, 1}, 2}, // ties by distance: b near a, c near d
	}
	for _, tc := range tests {
		p := pathProblem(t, []int{1, 1, 1, 1}, []int{0, 3}, tc.caps)
		r := bruteForce(p)
		if !slices.Equal(r.assign, tc.want) || r.overflow != tc.ov {
			t.Errorf("caps %v: best %v overflow %d, want %v overflow %d", tc.caps, r.assign, r.overflow, tc.want, tc.ov)
		}
		// The contiguous assignments of a path with its ends pinned to two
		// schools are the 3 cut points.
		if r.total != 3 {
			t.Errorf("caps %v: %d contiguous assignments, want 3", tc.caps, r.total)
		}
	}
}

// pathProblem builds units on a straight line of cells, unit i holding one
// home at its cell's centre with dem[i] entrants, schools at the centres of
// the campus units. The unit graph must come out a path.
func pathProblem(t *testing.T, dem, campus, caps []int) *Problem {
	t.Helper()
	const res = 9
	c0, _ := geo.CellOf(orb.Point{86.9, 44.2}, res)
	cells := []geo.Cell{c0}
	for len(cells) < len(dem) {
		last := cells[len(cells)-1]
		best, bestD := last, -1.0
		for _, c := range geo.Neighbors(last) {
			if d := geo.Distance(geo.CellCenter(c), geo.CellCenter(c0)); d > bestD {
				best, bestD = c, d
			}
		}
		cells = append(cells, best)
	}
	homes := make([]Home, len(dem))
	homeUnit := make([]int, len(dem))
	for u, c := range cells {
		homes[u] = Home{Loc: geo.CellCenter(c)}
		homeUnit[u] = u
	}
	p := &Problem{Units: cellUnits(cells, homeUnit, homes, res), Homes: homes, Demand: dem}
	for u, vs := range p.Units.Adj {
		var want []int
		if u > 0 {
			want = append(want, u-1)
		}
		if u < len(dem)-1 {
			want = append(want, u+1)
		}
		if !slices.Equal(vs, want) {
			t.Fatalf("path cells: unit %d next to %v, want %v", u, vs, want)
		}
	}
	for j, u := range campus {
		p.Schools = append(p.Schools, School{ID: fmt.Sprintf("s%d", j), Loc: geo.CellCenter(cells[u]), Capacity: caps[j]})
	}
	return p
}

// TestRedrawAgainstBruteForce compares Redraw (distance and overflow weights
// only) with the exact optimum on tiny instances: its plan must be
// connected, keep the campuses, stay within capacity when some plan can,
// and come within bruteTolerance of the optimum's summed distance. The
// worst and mean gaps are logged. The exact optimum must also lie above the
// transportation lower bound.
func TestRedrawAgainstBruteForce(t *testing.T) {
	const bruteTolerance = 0.05
	w := Weights{Distance: 1, Overflow: bruteOverflowWeight}
	var gaps []float64
	worst, worstAt := 0.0, ""
	infeasible, optimal := 0, 0
	for seed := uint64(1); seed <= 30; seed++ {
		n := 10 + int(seed%5)  // 10 … 14 units
		k := 2 + int(seed/3%3) // 2 … 4 schools
		if k == 4 && n > 13 {
			n = 13
		}
		name := fmt.Sprintf("seed %d (%d units, %d schools)", seed, n, k)
		p := tinyProblem(seed, n, k)
		br := bruteForce(p)
		pl, err := Redraw(context.Background(), p, RedrawOptions{Seed: 1, Weights: &w})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := pl.Validate(p); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s := connectedShare(p, pl.UnitSchool); s < 1 {
			t.Errorf("%s: plan %v has zones not connected", name, pl.UnitSchool)
		}
		for u, j := range campusPins(p) {
			if pl.UnitSchool[u] != j {
				t.Errorf("%s: campus unit %d of school %d given to %d", name, u, j, pl.UnitSchool[u])
			}
		}
		if connectedShare(p, br.assign) < 1 {
			t.Fatalf("%s: the brute force's best plan %v is not connected", name, br.assign)
		}
		if c, o := planCost(p, br.assign); math.Abs(c-br.cost) > 1e-6*c || o != br.overflow {
			t.Fatalf("%s: the brute force's best plan costs %.1f m, overflow %d; it says %.1f m, %d", name, c, o, br.cost, br.overflow)
		}
		cost, ov := planCost(p, pl.UnitSchool)
		if br.feasible == 0 {
			infeasible++
			if ov > br.overflow {
				t.Errorf("%s: no plan fits; Redraw overflows by %d, the best plan by %d (%v, Redraw %v)", name, ov, br.overflow, br.assign, pl.UnitSchool)
			}
			continue
		}
		if lb, err := LowerBound(p, 8); err != nil || lb == nil {
			t.Errorf("%s: lower bound %v, %v", name, lb, err)
		} else if opt := br.cost / float64(totalDemand(p)); *lb > opt*(1+1e-9) {
			t.Errorf("%s: lower bound %.3f m above the exact optimum %.3f m", name, *lb, opt)
		}
		if ov > 0 {
			t.Errorf("%s: Redraw overflows by %d though %d of %d connected plans fit (best %v, Redraw %v, capacities %v, unit demand %v)",
				name, ov, br.feasible, br.total, br.assign, pl.UnitSchool, capacities(p), p.UnitDemand())
			continue
		}
		if cost < br.cost*(1-1e-9) {
			t.Errorf("%s: Redraw's %.1f m beats the exact optimum %.1f m: the brute force is wrong", name, cost, br.cost)
		}
		gap := cost/br.cost - 1
		gaps = append(gaps, gap)
		if gap <= 1e-9 {
			optimal++
		}
		if gap > worst {
			worst, worstAt = gap, name
		}
		if gap > bruteTolerance {
			t.Errorf("%s: Redraw %.1f m is %.2f %% above the optimum %.1f m (Redraw %v, best %v)", name, cost, 100*gap, br.cost, pl.UnitSchool, br.assign)
		}
	}
	var mean float64
	for _, g := range gaps {
		mean += g / float64(len(gaps))
	}
	t.Logf("%d instances with a plan within capacity: %d optimal, mean gap %.2f %%, worst %.2f %% (%s); %d with none",
		len(gaps), optimal, 100*mean, 100*worst, worstAt, infeasible)
}

func totalDemand(p *Problem) int {
	n := 0
	for _, d := range p.Demand {
		n += d
	}
	return n
}
