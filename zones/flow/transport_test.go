package flow

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// matrixCost returns a cost function reading a matrix of metres.
func matrixCost(c [][]float64) func(i, j int) float64 {
	return func(i, j int) float64 { return c[i][j] }
}

func TestTransportHandWorked(t *testing.T) {
	tests := []struct {
		name     string
		supply   []int64
		capacity []int64
		cost     [][]float64
		total    float64 // metres
		main     []int
		load     []int64
		err      error
	}{
		{
			// Location 0 (2 entrants): 1 km to school 0, 4 km to school 1;
			// location 1 (1 entrant): 2 km and 6 km. School 0 has 1 seat,
			// school 1 has 2. Feasible splits (a of loc 0 and b of loc 1 to
			// school 0, a + b ≤ 1, the rest to school 1 which holds 2):
			// a=1,b=0: 1+4+6 = 11 km; a=0,b=1: 8+2 = 10 km. Optimum 10 km.
			name:     "2x2 hand-worked",
			supply:   []int64{2, 1},
			capacity: []int64{1, 2},
			cost:     [][]float64{{1000, 4000}, {2000, 6000}},
			total:    10000,
			main:     []int{1, 0},
			load:     []int64{1, 2},
		},
		{
			// Ample seats: everyone goes to the nearest school.
			name:     "2x2 ample",
			supply:   []int64{2, 1},
			capacity: []int64{5, 5},
			cost:     [][]float64{{1000, 4000}, {2000, 6000}},
			total:    4000,
			main:     []int{0, 0},
			load:     []int64{3, 0},
		},
		{
			// 3 entrants, 2 seats at the near school: one is split off.
			// Location 0 main: 2 of 3 entrants at school 0.
			name:     "split location",
			supply:   []int64{3},
			capacity: []int64{2, 4},
			cost:     [][]float64{{500, 700}},
			total:    1700,
			main:     []int{0},
			load:     []int64{2, 1},
		},
		{
			// Tie in flow (1 and 1): the nearer school is main.
			name:     "main tie: nearer",
			supply:   []int64{2},
			capacity: []int64{1, 1},
			cost:     [][]float64{{900, 800}},
			total:    1700,
			main:     []int{1},
			load:     []int64{1, 1},
		},
		{
			// Tie in flow and distance: the lower index is main.
			name:     "main tie: lower index",
			supply:   []int64{2},
			capacity: []int64{1, 1},
			cost:     [][]float64{{800, 800}},
			total:    1600,
			main:     []int{0},
			load:     []int64{1, 1},
		},
		{
			// A zero-capacity school next door is never used; a location with
			// no entrants takes no part.
			name:     "zero capacity and zero supply",
			supply:   []int64{1, 0},
			capacity: []int64{0, 1},
			cost:     [][]float64{{10, 3000}, {5, 5}},
			total:    3000,
			main:     []int{1, -1},
			load:     []int64{0, 1},
		},
		{
			name:     "short of seats",
			supply:   []int64{2, 2},
			capacity: []int64{1, 2},
			cost:     [][]float64{{1, 1}, {1, 1}},
			err:      ErrShort,
		},
		{
			name:     "no schools",
			supply:   []int64{1},
			capacity: nil,
			cost:     [][]float64{{}},
			err:      ErrShort,
		},
		{
			name:     "no entrants",
			supply:   []int64{0, 0},
			capacity: []int64{1},
			cost:     [][]float64{{1}, {1}},
			total:    0,
			main:     []int{-1, -1},
			load:     []int64{0},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []int{0, 1} {
				sol, err := Transport(TransportProblem{Supply: tc.supply, Capacity: tc.capacity, Cost: matrixCost(tc.cost), K: k})
				if tc.err != nil {
					if !errors.Is(err, tc.err) {
						t.Fatalf("K=%d: err = %v, want %v", k, err, tc.err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("K=%d: %v", k, err)
				}
				if math.Abs(sol.Total-tc.total) > 1e-9 {
					t.Errorf("K=%d: total %v, want %v", k, sol.Total, tc.total)
				}
				if !slices.Equal(sol.Main, tc.main) {
					t.Errorf("K=%d: main %v, want %v", k, sol.Main, tc.main)
				}
				if !slices.Equal(sol.Load, tc.load) {
					t.Errorf("K=%d: load %v, want %v", k, sol.Load, tc.load)
				}
				if err := checkTransport(tc.supply, tc.capacity, matrixCost(tc.cost), sol); err != "" {
					t.Errorf("K=%d: %s", k, err)
				}
			}
		})
	}
}

// checkTransport verifies a solution from first principles: supplies met,
// capacities kept, totals recomputed, Main recomputed, and the duals dual
// feasible and complementary to the flows over every pair.
func checkTransport(supply, capacity []int64, cost func(i, j int) float64, sol *TransportSolution) string {
	sent := make([]int64, len(supply))
	load := make([]int64, len(capacity))
	flow := make(map[[2]int]int64)
	var total float64
	var units int64
	var entrants int64
	for _, s := range supply {
		entrants += s
	}
	for k, sh := range sol.Shipments {
		if sh.Entrants <= 0 {
			return "shipment without entrants"
		}
		if k > 0 {
			p := sol.Shipments[k-1]
			if p.Location > sh.Location || (p.Location == sh.Location && p.School >= sh.School) {
				return "shipments not sorted by location, school"
			}
		}
		sent[sh.Location] += sh.Entrants
		load[sh.School] += sh.Entrants
		flow[[2]int{sh.Location, sh.School}] = sh.Entrants
		c := cost(sh.Location, sh.School)
		total += float64(sh.Entrants) * c
		units += sh.Entrants * int64(math.Round(c*1000))
	}
	for i, s := range supply {
		if sent[i] != s {
			return "a location's entrants are not all sent"
		}
	}
	for j, c := range capacity {
		if load[j] > c {
			return "a school is over capacity"
		}
		if load[j] != sol.Load[j] {
			return "Load differs from the shipments"
		}
	}
	if sol.Entrants != entrants {
		return "Entrants differs from Σ supply"
	}
	if math.Abs(total-sol.Total) > 1e-6*math.Max(1, math.Abs(total)) {
		return "Total differs from the shipments"
	}
	if units != sol.TotalUnits {
		return "TotalUnits differs from the shipments"
	}
	// Main: most entrants, then nearer, then lower index.
	for i := range supply {
		want := -1
		for j := range capacity {
			f := flow[[2]int{i, j}]
			if f == 0 {
				continue
			}
			if want < 0 {
				want = j
				continue
			}
			fw := flow[[2]int{i, want}]
			if f > fw || (f == fw && cost(i, j) < cost(i, want)) {
				want = j
			}
		}
		if sol.Main[i] != want {
			return "Main is not the school with most entrants"
		}
	}
	// Duals in units: dual feasible for every pair, complementary slack.
	for j := range capacity {
		v := int64(math.Round(sol.V[j] * 1000))
		if v > 0 {
			return "a school dual is positive"
		}
		if v < 0 && load[j] != capacity[j] {
			return "a school below capacity has a negative dual"
		}
		for i, s := range supply {
			if s == 0 {
				continue
			}
			u := int64(math.Round(sol.U[i] * 1000))
			rc := int64(math.Round(cost(i, j)*1000)) - u - v
			if rc < 0 {
				return "a pair has a negative reduced cost"
			}
			if rc > 0 && flow[[2]int{i, j}] > 0 {
				return "entrants flow on a pair with a positive reduced cost"
			}
		}
	}
	return ""
}

// bruteTransport enumerates every integer allocation of a tiny instance (at
// least one school) and returns the least total in cost units; ok is false
// when none fits.
func bruteTransport(supply, capacity []int64, cost func(i, j int) float64) (best int64, ok bool) {
	L, S := len(supply), len(capacity)
	rem := slices.Clone(capacity)
	units := func(i, j int) int64 { return int64(math.Round(cost(i, j) * 1000)) }
	// rec shares the left entrants of location i among schools j … S−1.
	var rec func(i, j int, left, acc int64)
	rec = func(i, j int, left, acc int64) {
		switch {
		case i == L:
			if !ok || acc < best {
				best, ok = acc, true
			}
		case j == S-1:
			if left <= rem[j] {
				rem[j] -= left
				next := int64(0)
				if i+1 < L {
					next = supply[i+1]
				}
				rec(i+1, 0, next, acc+left*units(i, j))
				rem[j] += left
			}
		default:
			for x := int64(0); x <= min(left, rem[j]); x++ {
				rem[j] -= x
				rec(i, j+1, left-x, acc+x*units(i, j))
				rem[j] += x
			}
		}
	}
	rec(0, 0, supply[0], 0)
	return best, ok
}

// randomCandidates returns a candidate function answering arbitrary (often
// bad) schools: out of order, repeated, sometimes none.
func randomCandidates(seed uint64, S int) func(i, k int) []int {
	return func(i, k int) []int {
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		n := rng.IntN(k + 2)
		out := make([]int, n)
		for x := range out {
			out[x] = rng.IntN(S)
		}
		return out
	}
}

// TestTransportBruteForce compares Transport with exhaustive enumeration on
// tiny random instances, for several K and candidate functions.
func TestTransportBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	solved, short := 0, 0
	for iter := 0; iter < 1500; iter++ {
		L, S := 1+rng.IntN(3), 1+rng.IntN(3)
		supply := make([]int64, L)
		capacity := make([]int64, S)
		for i := range supply {
			supply[i] = rng.Int64N(4)
		}
		for j := range capacity {
			capacity[j] = rng.Int64N(5)
		}
		c := make([][]float64, L)
		for i := range c {
			c[i] = make([]float64, S)
			for j := range c[i] {
				c[i][j] = math.Round(rng.Float64()*5000*100) / 100
			}
		}
		cost := matrixCost(c)
		want, ok := bruteTransport(supply, capacity, cost)
		for _, k := range []int{0, 1, 2} {
			var cands func(i, k int) []int
			if k == 2 {
				cands = randomCandidates(uint64(iter), S)
			}
			sol, err := Transport(TransportProblem{Supply: supply, Capacity: capacity, Cost: cost, K: k, Candidates: cands})
			if !ok {
				if !errors.Is(err, ErrShort) {
					t.Fatalf("iter %d K=%d: no allocation fits but err = %v", iter, k, err)
				}
				short++
				continue
			}
			if err != nil {
				t.Fatalf("iter %d K=%d: %v", iter, k, err)
			}
			solved++
			if sol.TotalUnits != want {
				t.Fatalf("iter %d K=%d: total %d mm, brute force %d mm\nsupply %v capacity %v cost %v", iter, k, sol.TotalUnits, want, supply, capacity, c)
			}
			if msg := checkTransport(supply, capacity, cost, sol); msg != "" {
				t.Fatalf("iter %d K=%d: %s", iter, k, msg)
			}
		}
	}
	if solved < 1000 || short < 100 {
		t.Errorf("poor coverage: %d solved, %d short", solved, short)
	}
}

// planar makes L locations and S schools at random in a w × h metre
// rectangle with Euclidean costs, supplies 1…maxSupply and capacities whose
// sum is about ratio × the entrants.
func planar(rng *rand.Rand, L, S int, maxSupply int64, ratio float64) (supply, capacity []int64, cost func(i, j int) float64) {
	type pt struct{ x, y float64 }
	locs := make([]pt, L)
	schools := make([]pt, S)
	for i := range locs {
		locs[i] = pt{rng.Float64() * 6000, rng.Float64() * 4000}
	}
	for j := range schools {
		schools[j] = pt{rng.Float64() * 6000, rng.Float64() * 4000}
	}
	supply = make([]int64, L)
	var entrants int64
	for i := range supply {
		supply[i] = 1 + rng.Int64N(maxSupply)
		entrants += supply[i]
	}
	capacity = make([]int64, S)
	w := make([]float64, S)
	var sw float64
	for j := range w {
		w[j] = 0.2 + rng.Float64()
		sw += w[j]
	}
	var seats int64
	for j := range capacity {
		capacity[j] = int64(ratio * float64(entrants) * w[j] / sw)
		seats += capacity[j]
	}
	for seats < entrants {
		capacity[rng.IntN(S)]++
		seats++
	}
	cost = func(i, j int) float64 { return math.Hypot(locs[i].x-schools[j].x, locs[i].y-schools[j].y) }
	return supply, capacity, cost
}

// fullGraph solves the same problem on the complete bipartite graph with a
// cold start, through the general solver: the reference optimum in units.
func fullGraph(t testing.TB, supply, capacity []int64, cost func(i, j int) float64) int64 {
	L, S := len(supply), len(capacity)
	g := NewGraph(L + S + 1)
	var entrants int64
	for i, s := range supply {
		g.SetSupply(i, s)
		entrants += s
		for j := range capacity {
			g.AddArc(i, L+j, Inf, int64(math.Round(cost(i, j)*1000)))
		}
	}
	for j, c := range capacity {
		g.AddArc(L+j, L+S, c, 0)
	}
	g.SetSupply(L+S, -entrants)
	r, err := g.MinCostFlow()
	if err != nil {
		t.Fatal(err)
	}
	return r.Cost
}

// TestTransportMatchesFullGraph checks on medium instances that the K-nearest
// solve with pricing equals the complete-graph optimum, for tight and ample
// capacities and bad candidate functions, and that the solution checks out.
func TestTransportMatchesFullGraph(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	rounds := 0
	for iter := 0; iter < 24; iter++ {
		L, S := 50+rng.IntN(250), 3+rng.IntN(25)
		ratio := []float64{1.0, 1.02, 1.2, 2}[iter%4]
		supply, capacity, cost := planar(rng, L, S, 4, ratio)
		if iter%6 == 5 {
			capacity[rng.IntN(S)] = 0 // a school without seats
			var seats, entrants int64
			for _, c := range capacity {
				seats += c
			}
			for _, s := range supply {
				entrants += s
			}
			for ; seats < entrants; seats++ {
				capacity[0]++
			}
		}
		if iter%7 == 3 {
			supply[rng.IntN(L)] = 0 // a location without entrants
		}
		want := fullGraph(t, supply, capacity, cost)
		for _, k := range []int{1, 3, 8} {
			for _, cands := range []func(i, k int) []int{nil, randomCandidates(uint64(iter), S)} {
				sol, err := Transport(TransportProblem{Supply: supply, Capacity: capacity, Cost: cost, K: k, Candidates: cands})
				if err != nil {
					t.Fatalf("iter %d K=%d: %v", iter, k, err)
				}
				if sol.TotalUnits != want {
					t.Fatalf("iter %d K=%d L=%d S=%d: total %d, full graph %d", iter, k, L, S, sol.TotalUnits, want)
				}
				if msg := checkTransport(supply, capacity, cost, sol); msg != "" {
					t.Fatalf("iter %d K=%d: %s", iter, k, msg)
				}
				if k == 1 && sol.Rounds == 0 && ratio < 1.1 {
					t.Errorf("iter %d: tight instance solved with 1 candidate and no pricing round", iter)
				}
				rounds += sol.Rounds
			}
			// Nearest candidates found by brute force, with the pruning promise.
			nearest := bruteNearest(L, S, k, cost)
			sol, err := Transport(TransportProblem{Supply: supply, Capacity: capacity, Cost: cost, K: k,
				Candidates: func(i, k int) []int { return nearest[i][:min(k, len(nearest[i]))] }, NearestCandidates: true})
			if err != nil {
				t.Fatalf("iter %d K=%d nearest: %v", iter, k, err)
			}
			if sol.TotalUnits != want {
				t.Fatalf("iter %d K=%d nearest: total %d, full graph %d", iter, k, sol.TotalUnits, want)
			}
			if msg := checkTransport(supply, capacity, cost, sol); msg != "" {
				t.Fatalf("iter %d K=%d nearest: %s", iter, k, msg)
			}
		}
	}
	if rounds == 0 {
		t.Error("pricing never added arcs")
	}
}

// TestTransportCycleCanceling checks small transport instances against the
// independent cycle-canceling reference.
func TestTransportCycleCanceling(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for iter := 0; iter < 40; iter++ {
		L, S := 5+rng.IntN(30), 2+rng.IntN(6)
		supply, capacity, cost := planar(rng, L, S, 3, 1+0.3*rng.Float64())
		in := instance{n: L + S + 1, supply: make([]int64, L+S+1)}
		var entrants int64
		for i, s := range supply {
			in.supply[i] = s
			entrants += s
			for j := range capacity {
				in.arcs = append(in.arcs, testArc{i, L + j, s, int64(math.Round(cost(i, j) * 1000))})
			}
		}
		for j, c := range capacity {
			in.arcs = append(in.arcs, testArc{L + j, L + S, c, 0})
		}
		in.supply[L+S] = -entrants
		want, ok := cycleCanceling(in)
		if !ok {
			t.Fatalf("iter %d: reference finds no flow", iter)
		}
		sol, err := Transport(TransportProblem{Supply: supply, Capacity: capacity, Cost: cost, K: 2})
		if err != nil {
			t.Fatal(err)
		}
		if sol.TotalUnits != want {
			t.Fatalf("iter %d: total %d, cycle canceling %d", iter, sol.TotalUnits, want)
		}
	}
}

// TestTransportDeterministic: the number of workers does not change the result.
func TestTransportDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	supply, capacity, cost := planar(rng, 400, 15, 5, 1.05)
	var first *TransportSolution
	for _, w := range []int{1, 2, 3, 7} {
		sol, err := Transport(TransportProblem{Supply: supply, Capacity: capacity, Cost: cost, K: 2, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = sol
			continue
		}
		if !slices.Equal(sol.Shipments, first.Shipments) || !slices.Equal(sol.U, first.U) || !slices.Equal(sol.V, first.V) {
			t.Errorf("workers %d: result differs from 1 worker", w)
		}
	}
}

func TestTransportInvalid(t *testing.T) {
	ok := func(i, j int) float64 { return 1 }
	tests := []struct {
		name string
		p    TransportProblem
		want string
	}{
		{"nil cost", TransportProblem{Supply: []int64{1}, Capacity: []int64{1}}, "Cost is nil"},
		{"negative supply", TransportProblem{Supply: []int64{-1}, Capacity: []int64{1}, Cost: ok}, "Supply[0]"},
		{"negative capacity", TransportProblem{Supply: []int64{1}, Capacity: []int64{-1, 3}, Cost: ok}, "Capacity[0]"},
		{"negative K", TransportProblem{Supply: []int64{1}, Capacity: []int64{1}, Cost: ok, K: -1}, "K = -1"},
		{"NaN cost", TransportProblem{Supply: []int64{1}, Capacity: []int64{1}, Cost: func(i, j int) float64 { return math.NaN() }}, "NaN"},
		{"infinite cost", TransportProblem{Supply: []int64{1}, Capacity: []int64{1}, Cost: func(i, j int) float64 { return math.Inf(1) }}, "+Inf"},
		{"huge cost", TransportProblem{Supply: []int64{1}, Capacity: []int64{1}, Cost: func(i, j int) float64 { return 2e8 }}, "|cost|"},
		{"NaN cost in pricing", TransportProblem{Supply: []int64{1}, Capacity: []int64{1, 1}, K: 1,
			Cost: func(i, j int) float64 {
				if j == 1 {
					return math.NaN()
				}
				return 1
			}}, "Cost(0, 1) = NaN"},
		{"candidate out of range", TransportProblem{Supply: []int64{1}, Capacity: []int64{1}, Cost: ok,
			Candidates: func(i, k int) []int { return []int{1} }}, "school 1"},
		{"supply overflow", TransportProblem{Supply: []int64{math.MaxInt64 / 2, math.MaxInt64 / 2}, Capacity: []int64{1}, Cost: ok}, "too large"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Transport(tc.p)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), "flow: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want the package prefix and %q", err, tc.want)
			}
		})
	}
}

// TestTransportFallback: with one candidate per location and seats so tight
// that candidates run out, the greedy start reaches beyond the candidates.
func TestTransportFallback(t *testing.T) {
	// Three locations all nearest to school 0 (1 seat); schools 1 and 2 far.
	supply := []int64{1, 1, 1}
	capacity := []int64{1, 1, 1}
	c := [][]float64{{10, 100, 200}, {20, 300, 100}, {30, 400, 500}}
	sol, err := Transport(TransportProblem{Supply: supply, Capacity: capacity, Cost: matrixCost(c), K: 1})
	if err != nil {
		t.Fatal(err)
	}
	// By hand: the 6 permutations cost 10+300+500, 10+100+400, 20+100+500,
	// 20+200+400, 30+100+100 (loc 2 → 0, loc 0 → 1, loc 1 → 2), 30+200+300.
	// The least is 230.
	if sol.Total != 230 {
		t.Errorf("total %v, want 230", sol.Total)
	}
	if msg := checkTransport(supply, capacity, matrixCost(c), sol); msg != "" {
		t.Error(msg)
	}
}

// FuzzTransport decodes a tiny transportation problem and compares Transport
// with exhaustive enumeration.
func FuzzTransport(f *testing.F) {
	f.Add([]byte{2, 2, 2, 1, 1, 2, 10, 40, 20, 60, 1})
	f.Add([]byte{3, 3, 1, 2, 3, 0, 2, 9, 5, 5, 5, 1, 2, 3, 4, 5, 6, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		L, S := 1+int(data[0])%3, 1+int(data[1])%3
		data = data[2:]
		next := func() byte {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			return b
		}
		supply := make([]int64, L)
		for i := range supply {
			supply[i] = int64(next() % 4)
		}
		capacity := make([]int64, S)
		for j := range capacity {
			capacity[j] = int64(next() % 5)
		}
		c := make([][]float64, L)
		for i := range c {
			c[i] = make([]float64, S)
			for j := range c[i] {
				c[i][j] = float64(next()) * 37.5
			}
		}
		k := int(next() % 4)
		cost := matrixCost(c)
		want, ok := bruteTransport(supply, capacity, cost)
		sol, err := Transport(TransportProblem{Supply: supply, Capacity: capacity, Cost: cost, K: k})
		if !ok {
			if !errors.Is(err, ErrShort) {
				t.Fatalf("no allocation fits but err = %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if sol.TotalUnits != want {
			t.Fatalf("total %d, brute force %d", sol.TotalUnits, want)
		}
		if msg := checkTransport(supply, capacity, cost, sol); msg != "" {
			t.Fatal(msg)
		}
	})
}
