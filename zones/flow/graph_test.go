package flow

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// checkInvariants verifies the spanning-tree data structure, the flows and the
// potentials of the current basis against their definitions.
func (g *Graph) checkInvariants() error {
	n := g.n
	root := int32(n)
	// Parent pointers reach the root without cycles; pred arcs join node and parent.
	for u := int32(0); u < root; u++ {
		steps := 0
		for x := u; x != root; x = g.parent[x] {
			if x < 0 || x > root || steps > n {
				return fmt.Errorf("node %d: parent chain broken", u)
			}
			steps++
		}
		e := g.pred[u]
		p := g.parent[u]
		switch g.predDir[u] {
		case dirUp:
			if g.src[e] != u || g.dst[e] != p {
				return fmt.Errorf("node %d: pred arc %d is %d→%d, want %d→%d", u, e, g.src[e], g.dst[e], u, p)
			}
		case dirDown:
			if g.src[e] != p || g.dst[e] != u {
				return fmt.Errorf("node %d: pred arc %d is %d→%d, want %d→%d", u, e, g.src[e], g.dst[e], p, u)
			}
		default:
			return fmt.Errorf("node %d: predDir %d", u, g.predDir[u])
		}
		if g.state[e] != stateTree {
			return fmt.Errorf("node %d: pred arc %d has state %d", u, e, g.state[e])
		}
		// Reduced cost zero on tree arcs.
		if rc := g.cost[e] + g.pot(g.src[e]) - g.pot(g.dst[e]); rc != 0 {
			return fmt.Errorf("tree arc %d: reduced cost %d", e, rc)
		}
		// Strong feasibility: u can push flow to its parent.
		if g.predDir[u] == dirUp && g.capa[e] != Inf && g.flow[e] >= g.capa[e] {
			return fmt.Errorf("node %d: up arc %d full: not strongly feasible", u, e)
		}
		if g.predDir[u] == dirDown && g.flow[e] <= 0 {
			return fmt.Errorf("node %d: down arc %d empty: not strongly feasible", u, e)
		}
	}
	// Exactly n tree arcs.
	tree := 0
	for a := range g.state {
		if g.state[a] == stateTree {
			tree++
		}
	}
	if tree != n {
		return fmt.Errorf("%d tree arcs, want %d", tree, n)
	}
	// Child lists and subtree sizes from the parent array.
	children := make([][]int32, n+1)
	for u := int32(0); u < root; u++ {
		children[g.parent[u]] = append(children[g.parent[u]], u)
	}
	size := make([]int32, n+1)
	var sz func(u int32) int32
	sz = func(u int32) int32 {
		s := int32(1)
		for _, c := range children[u] {
			s += sz(c)
		}
		size[u] = s
		return s
	}
	if sz(root) != int32(n+1) {
		return fmt.Errorf("tree does not span the nodes")
	}
	for x := int32(0); x <= root; x++ {
		if g.succNum[x] != size[x] {
			return fmt.Errorf("succNum[%d] = %d, want %d", x, g.succNum[x], size[x])
		}
		// The list holds exactly the children, inner ones first.
		var list []int32
		prev := int32(-1)
		leaf := false
		for c := g.head[x]; c >= 0; c = g.next[c] {
			if g.prev[c] != prev {
				return fmt.Errorf("node %d: child %d has prev %d, want %d", x, c, g.prev[c], prev)
			}
			if g.parent[c] != x {
				return fmt.Errorf("node %d lists child %d whose parent is %d", x, c, g.parent[c])
			}
			if len(children[c]) == 0 {
				leaf = true
			} else if leaf {
				return fmt.Errorf("node %d: inner child %d after a leaf", x, c)
			}
			list = append(list, c)
			prev = c
			if len(list) > n {
				return fmt.Errorf("node %d: child list loops", x)
			}
		}
		if g.tail[x] != prev {
			return fmt.Errorf("node %d: tail %d, want %d", x, g.tail[x], prev)
		}
		if len(list) != len(children[x]) {
			return fmt.Errorf("node %d: %d children listed, want %d", x, len(list), len(children[x]))
		}
	}
	// Flows within bounds, states consistent, conservation.
	bal := make([]int64, n+1)
	for u := 0; u < n; u++ {
		bal[u] = g.supply[u]
		bal[root] -= g.supply[u]
	}
	for a := range g.src {
		f := g.flow[a]
		if f < 0 || (g.capa[a] != Inf && f > g.capa[a]) {
			return fmt.Errorf("arc %d: flow %d outside [0, %d]", a, f, g.capa[a])
		}
		if g.state[a] == stateLower && f != 0 {
			return fmt.Errorf("arc %d: lower state with flow %d", a, f)
		}
		if g.state[a] == stateUpper && f != g.capa[a] {
			return fmt.Errorf("arc %d: upper state with flow %d of %d", a, f, g.capa[a])
		}
		bal[g.src[a]] -= f
		bal[g.dst[a]] += f
	}
	for u, b := range bal {
		if b != 0 {
			return fmt.Errorf("node %d: imbalance %d", u, b)
		}
	}
	return nil
}

// testArc is an arc of a test instance.
type testArc struct {
	from, to  int
	cap, cost int64
}

type instance struct {
	n      int
	arcs   []testArc
	supply []int64
}

func (in instance) graph() *Graph {
	g := NewGraph(in.n)
	for _, a := range in.arcs {
		g.AddArc(a.from, a.to, a.cap, a.cost)
	}
	for u, s := range in.supply {
		g.SetSupply(u, s)
	}
	return g
}

// bruteForce enumerates every integer flow of a tiny instance and returns the
// least cost; ok is false if no flow meets the supplies.
func bruteForce(in instance) (best int64, ok bool) {
	m := len(in.arcs)
	flow := make([]int64, m)
	var rec func(k int)
	rec = func(k int) {
		if k == m {
			bal := make([]int64, in.n)
			copy(bal, in.supply)
			var c int64
			for i, a := range in.arcs {
				bal[a.from] -= flow[i]
				bal[a.to] += flow[i]
				c += flow[i] * a.cost
			}
			for _, b := range bal {
				if b != 0 {
					return
				}
			}
			if !ok || c < best {
				best, ok = c, true
			}
			return
		}
		for f := int64(0); f <= in.arcs[k].cap; f++ {
			flow[k] = f
			rec(k + 1)
		}
	}
	rec(0)
	return best, ok
}

// verify checks a result against the instance: bounds, conservation, the
// reported cost, and complementary slackness of the potentials.
func verify(in instance, r *Result) error {
	if len(r.Flow) != len(in.arcs) || len(r.Potential) != in.n {
		return fmt.Errorf("result sizes %d, %d", len(r.Flow), len(r.Potential))
	}
	bal := make([]int64, in.n)
	copy(bal, in.supply)
	var c int64
	for i, a := range in.arcs {
		f := r.Flow[i]
		if f < 0 || (a.cap != Inf && f > a.cap) {
			return fmt.Errorf("arc %d: flow %d outside [0, %d]", i, f, a.cap)
		}
		bal[a.from] -= f
		bal[a.to] += f
		c += f * a.cost
		rc := a.cost + r.Potential[a.from] - r.Potential[a.to]
		if rc < 0 && f != a.cap {
			return fmt.Errorf("arc %d: reduced cost %d < 0 but flow %d below capacity %d", i, rc, f, a.cap)
		}
		if rc > 0 && f != 0 {
			return fmt.Errorf("arc %d: reduced cost %d > 0 but flow %d", i, rc, f)
		}
	}
	for u, b := range bal {
		if b != 0 {
			return fmt.Errorf("node %d: imbalance %d", u, b)
		}
	}
	if c != r.Cost {
		return fmt.Errorf("reported cost %d, flows cost %d", r.Cost, c)
	}
	return nil
}

// randomInstance makes a random instance with balanced supplies; supplies are
// drawn as a random flow's imbalances half of the time (so most are feasible).
func randomInstance(rng *rand.Rand, n, m int, maxCap, minCost, maxCost int64) instance {
	in := instance{n: n, supply: make([]int64, n)}
	for k := 0; k < m; k++ {
		a := testArc{from: rng.IntN(n), to: rng.IntN(n), cap: rng.Int64N(maxCap + 1), cost: minCost + rng.Int64N(maxCost-minCost+1)}
		in.arcs = append(in.arcs, a)
	}
	if rng.IntN(2) == 0 {
		for _, a := range in.arcs {
			f := rng.Int64N(a.cap + 1)
			in.supply[a.from] += f
			in.supply[a.to] -= f
		}
	} else {
		var sum int64
		for u := 0; u < n-1; u++ {
			in.supply[u] = rng.Int64N(2*maxCap+1) - maxCap
			sum += in.supply[u]
		}
		in.supply[n-1] = -sum
	}
	return in
}

func TestHandWorked(t *testing.T) {
	tests := []struct {
		name string
		in   instance
		cost int64
		err  error
	}{
		{
			// Two paths 0→1→3 (cost 1+1) and 0→2→3 (2+2), arc 0→1 holds 2.
			// 3 units: 2 on the cheap path (4), 1 on the dear one (4): 8.
			name: "two paths",
			in: instance{n: 4, supply: []int64{3, 0, 0, -3}, arcs: []testArc{
				{0, 1, 2, 1}, {1, 3, 5, 1}, {0, 2, 5, 2}, {2, 3, 5, 2},
			}},
			cost: 8,
		},
		{
			// A negative cycle 1→2→1 of capacity 4 and cost −3+1 = −2 per unit,
			// plus 1 unit 0→1→2 at 1−3 = −2: the cycle runs full (4 units on
			// 1→2 in total, 3 back on 2→1), the unit enters via 0→1.
			// Cost: 1·1 + 4·(−3) + 3·1 = −8.
			name: "negative cycle",
			in: instance{n: 3, supply: []int64{1, 0, -1}, arcs: []testArc{
				{0, 1, 1, 1}, {1, 2, 4, -3}, {2, 1, 9, 1},
			}},
			cost: -8,
		},
		{
			name: "infeasible: capacity",
			in: instance{n: 2, supply: []int64{3, -3}, arcs: []testArc{
				{0, 1, 2, 1},
			}},
			err: ErrInfeasible,
		},
		{
			name: "infeasible: no path",
			in: instance{n: 3, supply: []int64{1, 0, -1}, arcs: []testArc{
				{0, 1, 2, 1}, {2, 1, 2, 1},
			}},
			err: ErrInfeasible,
		},
		{
			name: "unbalanced",
			in:   instance{n: 2, supply: []int64{1, 0}, arcs: []testArc{{0, 1, 2, 1}}},
			err:  ErrUnbalanced,
		},
		{
			name: "unbounded",
			in: instance{n: 2, supply: []int64{0, 0}, arcs: []testArc{
				{0, 1, Inf, -1}, {1, 0, Inf, 0},
			}},
			err: ErrUnbounded,
		},
		{
			name: "no arcs, no supply",
			in:   instance{n: 3, supply: []int64{0, 0, 0}},
			cost: 0,
		},
		{
			name: "zero nodes",
			in:   instance{n: 0},
			cost: 0,
		},
		{
			// Transport 2×2: supplies 2, 1; school capacities 1, 2.
			// Costs s0: 1, 4; s1: 2, 6. Options: s0 sends 1+1 (1+4), s1 → school1 (6) = 11;
			// or s0 → school0 1 + school1 1 (5), s1 → school1 (6) = 11: all 11?
			// s1 → school0 (2), s0 → school1 ×2 (8) = 10: the optimum.
			name: "transport 2x2",
			in: instance{n: 5, supply: []int64{2, 1, 0, 0, -3}, arcs: []testArc{
				{0, 2, Inf, 1}, {0, 3, Inf, 4}, {1, 2, Inf, 2}, {1, 3, Inf, 6},
				{2, 4, 1, 0}, {3, 4, 2, 0},
			}},
			cost: 10,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := tc.in.graph()
			r, err := g.MinCostFlow()
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Cost != tc.cost {
				t.Errorf("cost = %d, want %d", r.Cost, tc.cost)
			}
			if err := verify(tc.in, r); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestInvalidInput(t *testing.T) {
	tests := []struct {
		name  string
		build func() *Graph
	}{
		{"negative nodes", func() *Graph { return NewGraph(-1) }},
		{"arc out of range", func() *Graph { g := NewGraph(2); g.AddArc(0, 2, 1, 1); return g }},
		{"negative arc end", func() *Graph { g := NewGraph(2); g.AddArc(-1, 1, 1, 1); return g }},
		{"negative capacity", func() *Graph { g := NewGraph(2); g.AddArc(0, 1, -1, 1); return g }},
		{"cost too large", func() *Graph { g := NewGraph(2); g.AddArc(0, 1, 1, MaxCost+1); return g }},
		{"supply out of range", func() *Graph { g := NewGraph(2); g.SetSupply(2, 1); return g }},
		{"supply MinInt64", func() *Graph { g := NewGraph(2); g.SetSupply(0, math.MinInt64); return g }},
		{"supplies overflow", func() *Graph {
			g := NewGraph(3)
			g.SetSupply(0, math.MaxInt64)
			g.SetSupply(1, math.MaxInt64)
			g.SetSupply(2, -1)
			return g
		}},
		{"capacities overflow", func() *Graph {
			g := NewGraph(2)
			g.AddArc(0, 1, math.MaxInt64-1, 1)
			g.AddArc(0, 1, math.MaxInt64-1, 1)
			return g
		}},
		{"total cost overflow", func() *Graph {
			g := NewGraph(2)
			g.AddArc(0, 1, Inf, 1<<40)
			g.SetSupply(0, 1<<40)
			g.SetSupply(1, -(1 << 40))
			return g
		}},
		{"costs × nodes overflow", func() *Graph {
			g := NewGraph(1 << 12)
			g.AddArc(0, 1, 1, MaxCost)
			return g
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.build().MinCostFlow(); err == nil {
				t.Fatal("no error")
			} else if len(err.Error()) < 10 || err.Error()[:6] != "flow: " {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

// TestBruteForce compares the simplex with exhaustive enumeration on many
// tiny random instances, and checks the basis invariants after each solve.
func TestBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	feasible, infeasible := 0, 0
	for iter := 0; iter < 3000; iter++ {
		n := 2 + rng.IntN(4)
		m := 1 + rng.IntN(6)
		in := randomInstance(rng, n, m, 2, -4, 9)
		want, ok := bruteForce(in)
		g := in.graph()
		g.afterPivot = func() {
			if err := g.checkInvariants(); err != nil {
				t.Fatalf("iter %d: pivot %d: invariants: %v\n%+v", iter, g.pivots, err, in)
			}
		}
		r, err := g.MinCostFlow()
		if ierr := g.checkInvariants(); ierr != nil {
			t.Fatalf("iter %d: invariants: %v\n%+v", iter, ierr, in)
		}
		if !ok {
			infeasible++
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("iter %d: infeasible instance: err = %v\n%+v", iter, err, in)
			}
			continue
		}
		feasible++
		if err != nil {
			t.Fatalf("iter %d: %v\n%+v", iter, err, in)
		}
		if r.Cost != want {
			t.Fatalf("iter %d: cost %d, brute force %d\n%+v", iter, r.Cost, want, in)
		}
		if err := verify(in, r); err != nil {
			t.Fatalf("iter %d: %v\n%+v", iter, err, in)
		}
	}
	if feasible < 500 || infeasible < 100 {
		t.Errorf("poor coverage: %d feasible, %d infeasible instances", feasible, infeasible)
	}
}

// cycleCanceling is an independent exact reference: a feasible flow by
// augmenting paths from a super source, then Bellman–Ford negative-cycle
// canceling until none is left. Finite capacities only.
func cycleCanceling(in instance) (int64, bool) {
	n := in.n + 2
	s, t := in.n, in.n+1
	type rarc struct {
		to, rev int
		cap     int64
		cost    int64
	}
	adj := make([][]rarc, n)
	add := func(u, v int, c, w int64) {
		iu, iv := len(adj[u]), len(adj[v])
		if u == v {
			iv++
		}
		adj[u] = append(adj[u], rarc{v, iv, c, w})
		adj[v] = append(adj[v], rarc{u, iu, 0, -w})
	}
	fwd := make([]int, len(in.arcs))
	for k, a := range in.arcs {
		fwd[k] = len(adj[a.from])
		add(a.from, a.to, a.cap, a.cost)
	}
	var need int64
	for u, b := range in.supply {
		if b > 0 {
			add(s, u, b, 0)
			need += b
		} else if b < 0 {
			add(u, t, -b, 0)
		}
	}
	// Max flow by BFS augmenting paths.
	for {
		prev := make([][2]int, n)
		for i := range prev {
			prev[i] = [2]int{-1, -1}
		}
		prev[s] = [2]int{s, -1}
		q := []int{s}
		for len(q) > 0 && prev[t][0] < 0 {
			u := q[0]
			q = q[1:]
			for i, a := range adj[u] {
				if a.cap > 0 && prev[a.to][0] < 0 {
					prev[a.to] = [2]int{u, i}
					q = append(q, a.to)
				}
			}
		}
		if prev[t][0] < 0 {
			break
		}
		d := int64(math.MaxInt64)
		for v := t; v != s; v = prev[v][0] {
			a := adj[prev[v][0]][prev[v][1]]
			d = min(d, a.cap)
		}
		for v := t; v != s; v = prev[v][0] {
			a := &adj[prev[v][0]][prev[v][1]]
			a.cap -= d
			adj[v][a.rev].cap += d
		}
		need -= d
	}
	if need != 0 {
		return 0, false
	}
	// Cancel negative cycles (on the original nodes; s and t arcs are saturated
	// or irrelevant since cycles through them keep supplies).
	for {
		dist := make([]int64, n)
		prev := make([][2]int, n)
		for i := range prev {
			prev[i] = [2]int{-1, -1}
		}
		x := -1
		for it := 0; it < n; it++ {
			x = -1
			for u := 0; u < n; u++ {
				for i, a := range adj[u] {
					if a.cap > 0 && dist[u]+a.cost < dist[a.to] {
						dist[a.to] = dist[u] + a.cost
						prev[a.to] = [2]int{u, i}
						x = a.to
					}
				}
			}
		}
		if x < 0 {
			break
		}
		for i := 0; i < n; i++ {
			x = prev[x][0]
		}
		d := int64(math.MaxInt64)
		for v := x; ; {
			a := adj[prev[v][0]][prev[v][1]]
			d = min(d, a.cap)
			v = prev[v][0]
			if v == x {
				break
			}
		}
		for v := x; ; {
			a := &adj[prev[v][0]][prev[v][1]]
			a.cap -= d
			adj[v][a.rev].cap += d
			v = prev[v][0]
			if v == x {
				break
			}
		}
	}
	var c int64
	for k, a := range in.arcs {
		f := a.cap - adj[a.from][fwd[k]].cap
		c += f * a.cost
	}
	return c, true
}

// TestCycleCanceling compares the simplex with cycle canceling on random
// medium instances with negative costs and parallel arcs.
func TestCycleCanceling(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 200; iter++ {
		n := 5 + rng.IntN(25)
		m := n + rng.IntN(5*n)
		in := randomInstance(rng, n, m, 20, -30, 100)
		want, ok := cycleCanceling(in)
		g := in.graph()
		if iter%10 == 0 {
			g.afterPivot = func() {
				if err := g.checkInvariants(); err != nil {
					t.Fatalf("iter %d: pivot %d: invariants: %v", iter, g.pivots, err)
				}
			}
		}
		r, err := g.MinCostFlow()
		if ierr := g.checkInvariants(); ierr != nil {
			t.Fatalf("iter %d: invariants: %v", iter, ierr)
		}
		if !ok {
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("iter %d: infeasible instance: err = %v", iter, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("iter %d: %v", iter, err)
		}
		if r.Cost != want {
			t.Fatalf("iter %d: cost %d, cycle canceling %d", iter, r.Cost, want)
		}
		if err := verify(in, r); err != nil {
			t.Fatalf("iter %d: %v", iter, err)
		}
	}
}

// TestWarmStart solves with part of the arcs, adds the rest and solves again:
// the result must equal a reference solve of the whole instance.
func TestWarmStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	warm := 0
	for iter := 0; iter < 300; iter++ {
		n := 3 + rng.IntN(15)
		m := n + rng.IntN(4*n)
		in := randomInstance(rng, n, m, 10, -20, 60)
		want, ok := cycleCanceling(in)
		half := instance{n: in.n, supply: in.supply, arcs: in.arcs[:m/2]}
		g := half.graph()
		g.afterPivot = func() {
			if err := g.checkInvariants(); err != nil {
				t.Fatalf("iter %d: pivot %d: invariants: %v", iter, g.pivots, err)
			}
		}
		g.MinCostFlow() // feasible or not, the basis stays
		for _, a := range in.arcs[m/2:] {
			g.AddArc(a.from, a.to, a.cap, a.cost)
		}
		if g.basis {
			warm++
		}
		r, err := g.MinCostFlow()
		if !ok {
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("iter %d: infeasible instance: err = %v", iter, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("iter %d: %v", iter, err)
		}
		if r.Cost != want {
			t.Fatalf("iter %d: cost %d, reference %d", iter, r.Cost, want)
		}
		if err := verify(in, r); err != nil {
			t.Fatalf("iter %d: %v", iter, err)
		}
	}
	if warm < 100 {
		t.Errorf("only %d warm starts", warm)
	}
}

// TestSetInitialFlow starts from the optimal (hence basic) flow of the same
// network under other costs.
func TestSetInitialFlow(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	started := 0
	for iter := 0; iter < 300; iter++ {
		n := 3 + rng.IntN(20)
		m := n + rng.IntN(4*n)
		in := randomInstance(rng, n, m, 10, -20, 60)
		g0 := in.graph()
		r0, err := g0.MinCostFlow()
		if err != nil {
			continue
		}
		other := instance{n: in.n, supply: in.supply, arcs: append([]testArc(nil), in.arcs...)}
		for k := range other.arcs {
			other.arcs[k].cost = rng.Int64N(81) - 20
		}
		want, ok := cycleCanceling(other)
		if !ok {
			t.Fatalf("iter %d: reference finds the feasible instance infeasible", iter)
		}
		g := other.graph()
		if err := g.SetInitialFlow(r0.Flow); err != nil {
			t.Fatalf("iter %d: SetInitialFlow of a basic flow: %v", iter, err)
		}
		if err := g.checkInvariants(); err != nil {
			t.Fatalf("iter %d: initial basis: %v", iter, err)
		}
		started++
		g.afterPivot = func() {
			if err := g.checkInvariants(); err != nil {
				t.Fatalf("iter %d: pivot %d: invariants: %v", iter, g.pivots, err)
			}
		}
		r, err := g.MinCostFlow()
		if err != nil {
			t.Fatalf("iter %d: %v", iter, err)
		}
		if r.Cost != want {
			t.Fatalf("iter %d: cost %d, reference %d", iter, r.Cost, want)
		}
		if err := verify(other, r); err != nil {
			t.Fatalf("iter %d: %v", iter, err)
		}
	}
	if started < 100 {
		t.Errorf("only %d instances started from a flow", started)
	}
}

func TestSetInitialFlowErrors(t *testing.T) {
	// 0 → 1 twice (parallel arcs), supply 2 at node 0.
	build := func() *Graph {
		g := NewGraph(2)
		g.AddArc(0, 1, 3, 1)
		g.AddArc(0, 1, 3, 2)
		g.SetSupply(0, 2)
		g.SetSupply(1, -2)
		return g
	}
	tests := []struct {
		name string
		flow []int64
		err  error
	}{
		{"wrong length", []int64{2}, nil},
		{"negative", []int64{3, -1}, nil},
		{"over capacity", []int64{4, 0}, nil},
		{"imbalance", []int64{1, 0}, nil},
		{"cycle of free arcs", []int64{1, 1}, ErrNotBasic},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := build()
			err := g.SetInitialFlow(tc.flow)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.err != nil && !errors.Is(err, tc.err) {
				t.Errorf("err = %v, want %v", err, tc.err)
			}
			// The graph still solves from the artificial basis.
			r, err := g.MinCostFlow()
			if err != nil || r.Cost != 2 {
				t.Errorf("solve after a rejected flow: cost %v, err %v; want 2", r, err)
			}
		})
	}
	g := build()
	if err := g.SetInitialFlow([]int64{2, 0}); err != nil {
		t.Fatal(err)
	}
	r, err := g.MinCostFlow()
	if err != nil || r.Cost != 2 {
		t.Fatalf("cost %v, err %v; want 2", r, err)
	}
}

// FuzzMinCostFlow decodes a tiny instance from the input and compares the
// simplex with exhaustive enumeration.
func FuzzMinCostFlow(f *testing.F) {
	f.Add([]byte{3, 2, 0, 1, 2, 5, 1, 2, 2, 3})
	f.Add([]byte{4, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		n := 1 + int(data[0])%5
		data = data[1:]
		in := instance{n: n, supply: make([]int64, n)}
		for len(data) >= 4 && len(in.arcs) < 6 {
			in.arcs = append(in.arcs, testArc{
				from: int(data[0]) % n, to: int(data[1]) % n,
				cap: int64(data[2]) % 4, cost: int64(int8(data[3])) % 20,
			})
			data = data[4:]
		}
		var sum int64
		for u := 0; u < n-1 && len(data) > 0; u++ {
			in.supply[u] = int64(int8(data[0])) % 4
			sum += in.supply[u]
			data = data[1:]
		}
		in.supply[n-1] = -sum
		want, ok := bruteForce(in)
		g := in.graph()
		r, err := g.MinCostFlow()
		if ierr := g.checkInvariants(); ierr != nil {
			t.Fatalf("invariants: %v\n%+v", ierr, in)
		}
		if !ok {
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("infeasible instance: err = %v\n%+v", err, in)
			}
			return
		}
		if err != nil {
			t.Fatalf("%v\n%+v", err, in)
		}
		if r.Cost != want {
			t.Fatalf("cost %d, brute force %d\n%+v", r.Cost, want, in)
		}
		if err := verify(in, r); err != nil {
			t.Fatalf("%v\n%+v", err, in)
		}
	})
}

// TestCheckedArithmetic compares mulInt64 and addInt64 with math/big on edge
// and random values.
func TestCheckedArithmetic(t *testing.T) {
	edge := []int64{0, 1, -1, 2, -2, 1 << 31, -(1 << 31), 1 << 32, math.MaxInt32, 3037000499, 3037000500,
		-3037000500, 1 << 62, -(1 << 62), math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1}
	rng := rand.New(rand.NewPCG(21, 22))
	vals := append([]int64(nil), edge...)
	for i := 0; i < 200; i++ {
		vals = append(vals, int64(rng.Uint64())>>rng.IntN(64))
	}
	lo, hi := big.NewInt(math.MinInt64), big.NewInt(math.MaxInt64)
	fits := func(z *big.Int) bool { return z.Cmp(lo) >= 0 && z.Cmp(hi) <= 0 }
	for _, a := range vals {
		for _, b := range vals {
			want := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
			got, ok := mulInt64(a, b)
			if ok != fits(want) || (ok && got != want.Int64()) {
				t.Fatalf("mulInt64(%d, %d) = %d, %v; want %v", a, b, got, ok, want)
			}
			want = new(big.Int).Add(big.NewInt(a), big.NewInt(b))
			got, ok = addInt64(a, b)
			if ok != fits(want) || (ok && got != want.Int64()) {
				t.Fatalf("addInt64(%d, %d) = %d, %v; want %v", a, b, got, ok, want)
			}
		}
	}
}
