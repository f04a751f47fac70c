package zones

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// withMigrants gives a problem two migrant groups drawn at random among
// each home's entrants (a home's group counts never exceed its entrants
// together), more of them in the problem's first units so that some
// schools hold more than their share.
func withMigrants(p *Problem, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x3a1))
	p.Migrants = [][]int{make([]int, len(p.Homes)), make([]int, len(p.Homes))}
	for h, n := range p.Demand {
		bias := 0.1
		if p.Units.HomeUnit[h] < len(p.Units.Units)/3 {
			bias = 0.6
		}
		for range n {
			if rng.Float64() < bias {
				p.Migrants[rng.IntN(2)][h]++
			}
		}
	}
}

// TestEquityDeltaMatchesRecomputation: on random problems with zones in
// force, under the Equity weights, the search's incremental delta of any
// move (any unit to any school, connected or not) equals the difference of
// the plan's total recomputed from scratch by a fresh search before and
// after, and the bookkeeping's price equals ConcentrationCost, which counts
// from the definition.
func TestEquityDeltaMatchesRecomputation(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		p := tinyProblem(seed, 12+int(seed%6), 2+int(seed%3))
		withMigrants(p, seed)
		rng := rand.New(rand.NewPCG(seed, 7))
		p.Current = make([]int, len(p.Units.Units))
		for u := range p.Current {
			p.Current[u] = rng.IntN(len(p.Schools))
		}
		w := WeightsOf(Equity)
		w.Concentration = 1 + 50*rng.Float64()
		c := newCosts(p)
		assign := make([]int, len(p.Units.Units))
		for u := range assign {
			assign[u] = rng.IntN(len(p.Schools))
		}
		locked := make([]bool, len(assign))
		s := newSearch(p, c, w, assign, locked, seed)
		fresh := func() float64 {
			f := newSearch(p, c, w, append([]int(nil), s.assign...), locked, seed)
			return f.total()
		}
		for step := range 200 {
			u, k := rng.IntN(len(assign)), rng.IntN(len(p.Schools))
			if s.assign[u] == k {
				continue
			}
			before := fresh()
			d := s.delta(u, k)
			s.apply(u, k)
			after := fresh()
			if tol := 1e-9 * max(1, math.Abs(before)); math.Abs(after-before-d) > tol {
				t.Fatalf("seed %d step %d: unit %d to %d: delta %.6f, recomputed %.6f", seed, step, u, k, d, after-before)
			}
			pl := Plan{UnitSchool: s.assign}
			if got, want := s.eq.cost(s), ConcentrationCost(p, &pl, w.Concentration); math.Abs(got-want) > 1e-6*max(1, want) {
				t.Fatalf("seed %d step %d: kept price %.6f, from the definition %.6f", seed, step, got, want)
			}
			if got, want := s.total(), fresh(); math.Abs(got-want) > 1e-6*max(1, math.Abs(want)) {
				t.Fatalf("seed %d step %d: incremental total %.6f, fresh %.6f", seed, step, got, want)
			}
		}
	}
}

// clusterTown is a row of ten units between two schools 2 km apart with
// 60 places each: units 0–3 and 6–9 hold 10 local entrants each, spread
// from each school towards the middle (mirror images); units 4 and 5 are a
// neighbourhood of 10 migrant entrants each (group 1, no permit) 20 m and
// 10 m west of the middle, so that the west school is nearer to both, by
// 40 m and 20 m.
func clusterTown(t *testing.T) *Problem {
	t.Helper()
	const res = 9
	dem := []int{10, 10, 10, 10, 10, 10, 10, 10, 10, 10}
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
	m := metricAt(44.2)
	mid := orb.Point{86.9, 44.2}
	xs := []float64{-900, -700, -500, -300, -20, -10, 300, 500, 700, 900}
	homes := make([]Home, len(dem))
	homeUnit := make([]int, len(dem))
	for u := range dem {
		homes[u] = Home{Loc: m.offset(mid, xs[u], 0)}
		homeUnit[u] = u
	}
	p := &Problem{Units: cellUnits(cells, homeUnit, homes, res), Homes: homes, Demand: dem,
		Migrants: [][]int{make([]int, len(dem)), {0, 0, 0, 0, 10, 10, 0, 0, 0, 0}}}
	for u, vs := range p.Units.Adj {
		if len(vs) > 2 || (u > 0 && u < len(dem)-1 && len(vs) != 2) {
			t.Fatalf("cluster town: unit %d next to %v: not a path", u, vs)
		}
	}
	p.Schools = []School{
		{ID: "west", Loc: m.offset(mid, -1000, 0), Capacity: 60},
		{ID: "east", Loc: m.offset(mid, 1000, 0), Capacity: 60},
	}
	return p
}

// dissimilarity is Duncan's index of group m against the rest, counted here
// for the test: ½ Σ_j |m_j/M − (t_j−m_j)/(T−M)|.
func dissimilarity(m, t []int) float64 {
	var M, T int
	for j := range m {
		M += m[j]
		T += t[j]
	}
	var d float64
	for j := range m {
		d += math.Abs(float64(m[j])/float64(M) - float64(t[j]-m[j])/float64(T-M))
	}
	return d / 2
}

// TestEquitySplitsCluster: in clusterTown the balanced redraw zones the
// whole migrant neighbourhood to the west school (nearer to both of its
// units): west 40 locals + 20 migrants, east 40 locals, so by hand D =
// ½(|20/20 − 40/80| + |0/20 − 40/80|) = 0.5. Equity moves unit 5 (10 m west
// of the middle: 2 × 10 m × 10 entrants = 200 m more) to the east school,
// which removes the price w × (8² + 8²) = 1,280 m at w = 10 (the west zone
// held 20 migrants against 0.2 × 60 = 12): each school has 40 locals and
// 10 migrants, D = 0.
func TestEquitySplitsCluster(t *testing.T) {
	for _, tc := range []struct {
		obj   Objective
		west  []int // the units of the west zone, worked out above
		wantD float64
	}{
		{Balanced, []int{0, 1, 2, 3, 4, 5}, 0.5},
		{Equity, []int{0, 1, 2, 3, 4}, 0},
	} {
		t.Run(string(tc.obj), func(t *testing.T) {
			p := clusterTown(t)
			pl, err := Redraw(context.Background(), p, RedrawOptions{Objective: tc.obj, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			var west []int
			for u, j := range pl.UnitSchool {
				if j == 0 {
					west = append(west, u)
				}
			}
			if fmt.Sprint(west) != fmt.Sprint(tc.west) {
				t.Errorf("west zone %v, want %v", west, tc.west)
			}
			mig := []int{0, 0}
			for h, n := range p.Migrants[1] {
				mig[pl.UnitSchool[p.Units.HomeUnit[h]]] += n
			}
			if d := dissimilarity(mig, pl.Load(p)); math.Abs(d-tc.wantD) > 1e-12 {
				t.Errorf("D = %.4f, want %.4f", d, tc.wantD)
			}
		})
	}
}

// TestConcentrationCostZeroAtShare: a plan whose every zone holds each
// group at the level's share costs nothing, whatever the weight; moving
// one migrant unit across costs w·Σ e² by hand.
func TestConcentrationCostZeroAtShare(t *testing.T) {
	p := clusterTown(t)
	split := &Plan{UnitSchool: []int{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}}
	if c := ConcentrationCost(p, split, 10); c != 0 {
		t.Errorf("split plan costs %v, want 0", c)
	}
	west := &Plan{UnitSchool: []int{0, 0, 0, 0, 0, 0, 1, 1, 1, 1}}
	// share 0.2: west 20 − 12 = 8, east 0 − 8 = −8; group 0 is empty.
	if c := ConcentrationCost(p, west, 10); math.Abs(c-1280) > 1e-9 {
		t.Errorf("west plan costs %v, want 1280", c)
	}
}
