package flow

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
)

// CostScale is the number of integer cost units per metre in Transport: the
// caller's costs in metres are rounded to whole millimetres, and the solution
// is exactly optimal for those rounded costs.
const CostScale = 1000

// MaxTransportCost bounds |Cost(i, j)| in metres (100,000 km, far beyond any
// distance on the Earth).
const MaxTransportCost = 1e8

// DefaultK is the number of nearest schools each location starts with when
// TransportProblem.K is zero.
const DefaultK = 8

// DefaultWorkers is the number of goroutines of the pricing pass when
// TransportProblem.Workers is zero.
const DefaultWorkers = 2

// ErrShort: the schools' intake capacity is short of the entrants, so there
// is no transportation optimum (docs/dataset-format.md then writes a null lower bound).
var ErrShort = errors.New("flow: intake capacity short of entrants")

// TransportProblem is a transportation problem: send the Supply[i] entrants of
// every location i to schools j, at most Capacity[j] to school j, at least
// total Σ entrants × Cost(i, j).
type TransportProblem struct {
	// Supply holds the entrants of each location, ≥ 0. Locations with none
	// take no part.
	Supply []int64
	// Capacity holds the intake capacity of each school, ≥ 0.
	Capacity []int64
	// Cost returns the cost in metres of sending one entrant of location i to
	// school j: a finite number with |cost| ≤ MaxTransportCost, normally the
	// great-circle distance. It is called from several goroutines at once and
	// must be safe for that. Each pricing round calls it for every pair
	// without an arc (locations × schools), unless NearestCandidates (or a
	// nil Candidates) lets the round skip the pairs that cannot help.
	Cost func(i, j int) float64
	// Candidates, if not nil, returns up to k schools (indices into Capacity)
	// near location i, normally the k nearest. It is called once per location
	// with entrants, from several goroutines at once. Any answer gives the
	// exact optimum (the pricing pass adds whatever arcs are missing); nearer
	// candidates make it faster. Nil means the k schools of least Cost, found
	// by brute force.
	Candidates func(i, k int) []int
	// NearestCandidates promises that Candidates(i, k) returns the k schools
	// of least Cost(i, ·) (ties in any order). The pricing pass then calls
	// Cost only for the few pairs that could still improve the solution,
	// instead of for every pair: the difference between seconds and a
	// minute at 100,000 locations × 500 schools. The optimum is exact only
	// if the promise holds. With Candidates nil the promise holds by
	// construction.
	NearestCandidates bool
	// K is the number of candidates per location: 0 means DefaultK.
	K int
	// Workers is the number of goroutines for the brute-force candidates and
	// the pricing pass: 0 means DefaultWorkers.
	Workers int
}

// Shipment is the flow of one location to one school.
type Shipment struct {
	Location int   // index into Supply
	School   int   // index into Capacity
	Entrants int64 // > 0
}

// TransportSolution is an exact optimum of a TransportProblem.
type TransportSolution struct {
	// Shipments lists the positive flows, by location then school.
	Shipments []Shipment
	// Main gives, per location, the school that receives most of its
	// entrants (ties: the nearer by Cost, then the lower index); −1 for a
	// location with no entrants.
	Main []int
	// Load gives the entrants sent to each school.
	Load []int64
	// Entrants is Σ Supply.
	Entrants int64
	// Total is Σ entrants × Cost(i, j) over the shipments, in metres, with the
	// unrounded costs.
	Total float64
	// TotalUnits is the optimised objective, Σ entrants × round(Cost(i, j) ×
	// CostScale), in millimetres.
	TotalUnits int64
	// U (per location) and V (per school, ≤ 0) are optimal duals in metres:
	// Cost(i, j) − U[i] − V[j] ≥ 0 for every pair with Capacity[j] > 0, with
	// equality where entrants flow; V[j] < 0 only for full schools, and
	// −V[j] is what one more seat at j would save. U is 0 for locations
	// with no entrants. Both are exact multiples of 1/CostScale.
	U, V []float64
	// Rounds counts the pricing rounds that added arcs; Arcs the location-to-
	// school arcs of the final graph; Pivots the simplex pivots in all.
	Rounds, Arcs, Pivots int
}

// Mean returns Total / Entrants, the mean distance in metres of the optimal
// placement (docs/dataset-format.md lower_bound_mean_distance_m); ok is false when there
// are no entrants (the mean is then null).
func (s *TransportSolution) Mean() (mean float64, ok bool) {
	if s.Entrants == 0 {
		return 0, false
	}
	return s.Total / float64(s.Entrants), true
}

// costUnits converts a cost in metres to integer units (CostScale per metre).
func costUnits(c float64, i, j int) (int64, error) {
	if math.IsNaN(c) || math.IsInf(c, 0) || math.Abs(c) > MaxTransportCost {
		return 0, fmt.Errorf("flow: Cost(%d, %d) = %v: want a finite cost in metres, |cost| ≤ %g", i, j, c, MaxTransportCost)
	}
	return int64(math.Round(c * CostScale)), nil
}

// transport holds the state of one Transport call. Locations and schools are
// renumbered: active locations (Supply > 0) 0 … nl−1, active schools
// (Capacity > 0) 0 … ns−1. Graph nodes: location i is node i, school j is node
// nl+j, the sink is node nl+ns. Arcs 0 … ns−1 join the schools to the sink;
// later arcs join locations to schools.
type transport struct {
	p       TransportProblem
	k       int
	workers int
	locs    []int // active location → original index
	schools []int // active school → original index
	nl, ns  int

	g         *Graph
	arcLoc    []int32   // per location arc (id − ns)
	arcSchool []int32   // per location arc
	arcCost   []float64 // per location arc, metres
	locArcs   [][]int32 // per active location: its schools
	reach     []int64   // per active location: cost units of its farthest candidate, if nearest; or nil
}

// Transport solves a transportation problem exactly. It starts each location
// with arcs to its K candidate schools (plus any school the greedy start
// needs), solves that network with the simplex, then prices every omitted
// location–school pair with the duals (reduced cost Cost − U − V) and adds
// those with a negative reduced cost, re-solving from the previous basis,
// until none is left: the solution is then optimal over all pairs.
//
// Errors: ErrShort if Σ Supply > Σ Capacity; an invalid problem (negative
// supply or capacity, nil Cost, a cost that is not finite or too large, a
// candidate out of range).
func Transport(p TransportProblem) (*TransportSolution, error) {
	t := &transport{p: p}
	L, S := len(p.Supply), len(p.Capacity)
	if p.Cost == nil {
		return nil, errors.New("flow: TransportProblem.Cost is nil: want a cost function in metres")
	}
	if p.K < 0 {
		return nil, fmt.Errorf("flow: TransportProblem.K = %d: want ≥ 0 (0 means %d)", p.K, DefaultK)
	}
	t.k = p.K
	if t.k == 0 {
		t.k = DefaultK
	}
	t.workers = p.Workers
	if t.workers <= 0 {
		t.workers = DefaultWorkers
	}
	var entrants, seats int64
	for i, s := range p.Supply {
		if s < 0 {
			return nil, fmt.Errorf("flow: Supply[%d] = %d: want ≥ 0 entrants", i, s)
		}
		if entrants += s; entrants > maxAmount/4 {
			return nil, fmt.Errorf("%w: entrants", ErrOverflow)
		}
		if s > 0 {
			t.locs = append(t.locs, i)
		}
	}
	schoolPos := make([]int32, S)
	for j, c := range p.Capacity {
		if c < 0 {
			return nil, fmt.Errorf("flow: Capacity[%d] = %d: want ≥ 0 seats", j, c)
		}
		if seats += c; seats > maxAmount/4 {
			return nil, fmt.Errorf("%w: capacities", ErrOverflow)
		}
		schoolPos[j] = -1
		if c > 0 {
			schoolPos[j] = int32(len(t.schools))
			t.schools = append(t.schools, j)
		}
	}
	if entrants > seats {
		return nil, fmt.Errorf("%w: %d entrants, %d seats", ErrShort, entrants, seats)
	}
	t.nl, t.ns = len(t.locs), len(t.schools)
	if t.k > t.ns {
		t.k = t.ns
	}
	sol := &TransportSolution{
		Main:     make([]int, L),
		Load:     make([]int64, S),
		Entrants: entrants,
		U:        make([]float64, L),
		V:        make([]float64, S),
	}
	for i := range sol.Main {
		sol.Main[i] = -1
	}
	if t.nl == 0 {
		return sol, nil
	}

	cands, err := t.candidates(schoolPos)
	if err != nil {
		return nil, err
	}
	flow, err := t.build(cands)
	if err != nil {
		return nil, err
	}
	sink := t.nl + t.ns
	if err := t.g.startFrom(flow, sink); err != nil {
		// Cannot happen for a greedy flow (its free arcs form a forest), but a
		// cold start is always correct.
		t.g.basis = false
	}
	res, err := t.g.MinCostFlow()
	if err != nil {
		return nil, err
	}
	sol.Pivots += res.Pivots
	u := make([]int64, t.nl)
	v := make([]int64, t.ns)
	for {
		t.duals(res.Potential, u, v)
		added, err := t.price(u, v)
		if err != nil {
			return nil, err
		}
		if added == 0 {
			break
		}
		sol.Rounds++
		if res, err = t.g.MinCostFlow(); err != nil {
			return nil, err
		}
		sol.Pivots += res.Pivots
	}
	if err := t.extract(res, u, v, sol); err != nil {
		return nil, err
	}
	return sol, nil
}

// parallel runs fn over [0, n) split into at most workers contiguous chunks
// and returns the error of the lowest failing chunk.
func parallel(workers, n int, fn func(w, lo, hi int) error) error {
	if workers > n {
		workers = n
	}
	if workers <= 1 {
		return fn(0, 0, n)
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = fn(w, lo, hi)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// cand is a candidate school of a location, with its cost.
type cand struct {
	school int32 // active index
	units  int64
	metres float64
}

// candidates returns, per active location, its candidate schools (active
// indices, without repeats or zero-capacity schools), sorted by cost, then
// index.
func (t *transport) candidates(schoolPos []int32) ([][]cand, error) {
	out := make([][]cand, t.nl)
	if t.p.Candidates == nil || t.p.NearestCandidates {
		t.reach = make([]int64, t.nl)
	}
	err := parallel(t.workers, t.nl, func(_, lo, hi int) error {
		seen := make([]int32, t.ns) // stamp: active location + 1
		all := make([]cand, 0, t.ns)
		for i := lo; i < hi; i++ {
			li := t.locs[i]
			var cs []cand
			if t.p.Candidates != nil {
				for _, j := range t.p.Candidates(li, t.k) {
					if j < 0 || j >= len(t.p.Capacity) {
						return fmt.Errorf("flow: Candidates(%d, %d) returned school %d: want [0, %d)", li, t.k, j, len(t.p.Capacity))
					}
					a := schoolPos[j]
					if a < 0 || seen[a] == int32(i+1) {
						continue
					}
					seen[a] = int32(i + 1)
					c := t.p.Cost(li, j)
					units, err := costUnits(c, li, j)
					if err != nil {
						return err
					}
					cs = append(cs, cand{a, units, c})
				}
			} else {
				all = all[:0]
				for a, j := range t.schools {
					c := t.p.Cost(li, j)
					units, err := costUnits(c, li, j)
					if err != nil {
						return err
					}
					all = append(all, cand{int32(a), units, c})
				}
				cs = append(cs, smallest(all, t.k)...)
			}
			slices.SortFunc(cs, cmpCand)
			out[i] = cs
			if t.reach != nil {
				t.reach[i] = math.MinInt64
				if len(cs) > 0 {
					t.reach[i] = cs[len(cs)-1].units
				}
			}
		}
		return nil
	})
	return out, err
}

func cmpCand(a, b cand) int {
	if c := cmp.Compare(a.units, b.units); c != 0 {
		return c
	}
	return cmp.Compare(a.school, b.school)
}

// smallest returns the k least elements of cs by cmpCand (in any order),
// reordering cs.
func smallest(cs []cand, k int) []cand {
	if k >= len(cs) {
		return cs
	}
	// Keep a sorted prefix of length k: O(len × k) worst case, O(len) typical.
	slices.SortFunc(cs[:k], cmpCand)
	for x := k; x < len(cs); x++ {
		if cmpCand(cs[x], cs[k-1]) >= 0 {
			continue
		}
		c := cs[x]
		y := k - 1
		for y > 0 && cmpCand(c, cs[y-1]) < 0 {
			cs[y] = cs[y-1]
			y--
		}
		cs[y] = c
	}
	return cs[:k]
}

// build makes the graph: school → sink arcs, then each location's candidate
// arcs, and returns a feasible starting flow found by the least-cost rule of
// the transportation literature: take the candidate pairs by increasing cost
// and send as many entrants as the location has left and the school has seats
// left; locations still short when the candidates are exhausted then take the
// nearest schools with seats left among all.
//
// The start is basic: every positive allocation exhausts its location or its
// school, so the arcs with flow form a forest in which each tree holds at most
// one school below capacity (a cycle, or a path between two such schools,
// would need more exhausting allocations than it has locations and schools).
func (t *transport) build(cands [][]cand) ([]int64, error) {
	nl, ns := t.nl, t.ns
	sink := nl + ns
	g := NewGraph(nl + ns + 1)
	t.g = g
	rem := make([]int64, ns)
	for a, j := range t.schools {
		g.AddArc(nl+a, sink, t.p.Capacity[j], 0)
		rem[a] = t.p.Capacity[j]
	}
	n := 0
	for _, cs := range cands {
		n += len(cs)
	}
	flow := make([]int64, ns, ns+n+n/8)
	t.arcLoc = make([]int32, 0, n+n/8)
	t.arcSchool = make([]int32, 0, n+n/8)
	t.arcCost = make([]float64, 0, n+n/8)
	t.locArcs = make([][]int32, nl)
	need := make([]int64, nl)
	var entrants int64
	arcUnits := make([]int64, 0, n)
	addArc := func(i int, c cand) {
		g.AddArc(i, nl+int(c.school), Inf, c.units)
		t.arcLoc = append(t.arcLoc, int32(i))
		t.arcSchool = append(t.arcSchool, c.school)
		t.arcCost = append(t.arcCost, c.metres)
		t.locArcs[i] = append(t.locArcs[i], c.school)
		flow = append(flow, 0)
	}
	for i, cs := range cands {
		need[i] = t.p.Supply[t.locs[i]]
		entrants += need[i]
		g.SetSupply(i, need[i])
		for _, c := range cs {
			addArc(i, c)
			arcUnits = append(arcUnits, c.units)
		}
	}
	// Least-cost allocation over the candidate arcs (ties: arc order, that is
	// location, then nearer candidate).
	order := make([]int32, n)
	for k := range order {
		order[k] = int32(k)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(arcUnits[a], arcUnits[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for _, k := range order {
		i, a := t.arcLoc[k], t.arcSchool[k]
		take := min(need[i], rem[a])
		need[i] -= take
		rem[a] -= take
		flow[ns+int(k)] = take
	}
	var extra []cand
	for i := range cands {
		if need[i] == 0 {
			continue
		}
		// The candidates are full: take the nearest schools with seats left.
		li := t.locs[i]
		extra = extra[:0]
		for a, j := range t.schools {
			if rem[a] == 0 || slices.Contains(t.locArcs[i], int32(a)) {
				continue
			}
			c := t.p.Cost(li, j)
			units, err := costUnits(c, li, j)
			if err != nil {
				return nil, err
			}
			extra = append(extra, cand{int32(a), units, c})
		}
		slices.SortFunc(extra, cmpCand)
		for _, c := range extra {
			if need[i] == 0 {
				break
			}
			take := min(need[i], rem[c.school])
			need[i] -= take
			rem[c.school] -= take
			addArc(i, c)
			flow[len(flow)-1] = take
		}
		if need[i] != 0 {
			return nil, fmt.Errorf("flow: transport: internal error: greedy start left %d entrants of location %d", need[i], li)
		}
	}
	for a, j := range t.schools {
		flow[a] = t.p.Capacity[j] - rem[a]
	}
	g.SetSupply(sink, -entrants)
	return flow, nil
}

// duals derives the transportation duals in cost units from the potentials:
// u_i = π(sink) − π(i) and v_j = min(π(j) − π(sink), 0), so that the reduced
// cost of arc i → j is cost − u_i − v_j. Clamping v at 0 keeps the duals
// optimal: v_j > 0 only for an empty school, which no positive flow prices.
func (t *transport) duals(pi []int64, u, v []int64) {
	sink := t.nl + t.ns
	for i := range u {
		u[i] = pi[sink] - pi[i]
	}
	for a := range v {
		v[a] = min(pi[t.nl+a]-pi[sink], 0)
	}
}

// price adds an arc for every location–school pair without one whose reduced
// cost is negative, and returns how many it added. The pairs are priced in
// parallel; the arcs are added in location order, then by decreasing school
// dual.
//
// When the candidates are known to be the nearest schools, every school
// without an arc costs at least the location's farthest candidate, reach[i],
// so its reduced cost is at least reach[i] − u_i − v_j: only the schools of
// dual v_j > reach[i] − u_i need a Cost call. Schools are scanned by
// decreasing dual and the scan stops there; usually it stops at once.
func (t *transport) price(u, v []int64) (int, error) {
	type newArc struct {
		loc int32
		c   cand
	}
	byV := make([]int32, t.ns)
	for a := range byV {
		byV[a] = int32(a)
	}
	slices.SortStableFunc(byV, func(a, b int32) int { return cmp.Compare(v[b], v[a]) })
	found := make([][]newArc, t.workers)
	err := parallel(t.workers, t.nl, func(w, lo, hi int) error {
		have := make([]int32, t.ns) // stamp: active location + 1
		var out []newArc
		for i := lo; i < hi; i++ {
			ui := u[i]
			floor := int64(math.MinInt64) // no school with v ≤ floor can price negative
			if t.reach != nil && t.reach[i] != math.MinInt64 {
				// A margin of 1 ppm + 1 mm absorbs float differences between
				// the caller's nearest-school order and Cost.
				r := t.reach[i]
				floor = r - max(r, -r)/1_000_000 - 1 - ui
			}
			if len(byV) == 0 || v[byV[0]] <= floor {
				continue
			}
			stamp := int32(i + 1)
			for _, a := range t.locArcs[i] {
				have[a] = stamp
			}
			li := t.locs[i]
			for _, a := range byV {
				if v[a] <= floor {
					break
				}
				if have[a] == stamp {
					continue
				}
				j := t.schools[a]
				c := t.p.Cost(li, j)
				units, err := costUnits(c, li, j)
				if err != nil {
					return err
				}
				if units-ui-v[a] < 0 {
					out = append(out, newArc{int32(i), cand{a, units, c}})
				}
			}
		}
		found[w] = out
		return nil
	})
	if err != nil {
		return 0, err
	}
	nl := t.nl
	added := 0
	for _, out := range found {
		for _, na := range out {
			t.g.AddArc(int(na.loc), nl+int(na.c.school), Inf, na.c.units)
			t.arcLoc = append(t.arcLoc, na.loc)
			t.arcSchool = append(t.arcSchool, na.c.school)
			t.arcCost = append(t.arcCost, na.c.metres)
			t.locArcs[na.loc] = append(t.locArcs[na.loc], na.c.school)
			added++
		}
	}
	return added, nil
}

// extract fills the solution from the optimal flow and duals.
func (t *transport) extract(res *Result, u, v []int64, sol *TransportSolution) error {
	ns := t.ns
	sol.Arcs = len(t.arcLoc)
	sol.TotalUnits = res.Cost
	// Shipments per location, sorted by school.
	perLoc := make([][]int32, t.nl) // location arc indices with flow
	for k, f := range res.Flow[ns:] {
		if f > 0 {
			i := t.arcLoc[k]
			perLoc[i] = append(perLoc[i], int32(k))
		}
	}
	for i, ks := range perLoc {
		li := t.locs[i]
		slices.SortFunc(ks, func(a, b int32) int { return cmp.Compare(t.arcSchool[a], t.arcSchool[b]) })
		best := int32(-1)
		for _, k := range ks {
			f := res.Flow[ns+int(k)]
			j := t.schools[t.arcSchool[k]]
			sol.Shipments = append(sol.Shipments, Shipment{Location: li, School: j, Entrants: f})
			sol.Load[j] += f
			sol.Total += float64(f) * t.arcCost[k]
			if best < 0 {
				best = k
				continue
			}
			bf := res.Flow[ns+int(best)]
			if f > bf || (f == bf && t.arcCost[k] < t.arcCost[best]) {
				best = k // same flow and cost: the lower school index stays
			}
		}
		sol.Main[li] = t.schools[t.arcSchool[best]]
		sol.U[li] = float64(u[i]) / CostScale
	}
	for a, j := range t.schools {
		sol.V[j] = float64(v[a]) / CostScale
	}
	// Schools without seats: the largest dual that keeps every reduced cost
	// non-negative, min(0, min_i Cost(i, j) − U[i]).
	var zero []int
	for j, c := range t.p.Capacity {
		if c == 0 {
			zero = append(zero, j)
		}
	}
	if len(zero) == 0 {
		return nil
	}
	mins := make([][]int64, t.workers)
	err := parallel(t.workers, t.nl, func(w, lo, hi int) error {
		m := make([]int64, len(zero))
		for i := lo; i < hi; i++ {
			li := t.locs[i]
			for z, j := range zero {
				units, err := costUnits(t.p.Cost(li, j), li, j)
				if err != nil {
					return err
				}
				m[z] = min(m[z], units-u[i])
			}
		}
		mins[w] = m
		return nil
	})
	if err != nil {
		return err
	}
	for z, j := range zero {
		var m int64
		for _, mw := range mins {
			if mw != nil {
				m = min(m, mw[z])
			}
		}
		sol.V[j] = float64(m) / CostScale
	}
	return nil
}
