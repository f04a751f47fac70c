package flow

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// Inf as an arc capacity makes the arc uncapacitated.
const Inf int64 = math.MaxInt64

// Limits on the magnitudes a Graph accepts, so that no intermediate value of the
// simplex (potentials, reduced costs, flows) can overflow int64.
const (
	// MaxCost bounds |cost| of an arc.
	MaxCost int64 = 1 << 50
	// maxPotential bounds (max |cost| + 1) × (nodes + 1): every potential is a
	// signed sum of at most that many arc costs (artificial ones included).
	maxPotential int64 = 1 << 59
	// maxAmount bounds the total positive supply plus the sum of finite
	// capacities, which bounds every flow value.
	maxAmount int64 = 1 << 61
)

// Errors of MinCostFlow. They are wrapped with details; test with errors.Is.
var (
	// ErrInfeasible: the supplies cannot be routed within the capacities.
	ErrInfeasible = errors.New("flow: infeasible: supplies cannot be routed within the arc capacities")
	// ErrUnbounded: a cycle of negative cost has only uncapacitated arcs.
	ErrUnbounded = errors.New("flow: unbounded: a negative-cost cycle of uncapacitated (Inf) arcs")
	// ErrOverflow: costs, capacities or supplies too large for exact int64 arithmetic.
	ErrOverflow = errors.New("flow: values too large for exact int64 arithmetic")
	// ErrUnbalanced: the supplies do not sum to zero.
	ErrUnbalanced = errors.New("flow: supplies do not sum to zero")
)

// Arc states and tree directions, as in LEMON.
const (
	stateUpper int8 = -1 // non-tree, flow at capacity
	stateTree  int8 = 0  // in the spanning tree
	stateLower int8 = 1  // non-tree, zero flow

	dirUp   int8 = 1  // the tree arc to the parent leaves the node (node = source)
	dirDown int8 = -1 // the tree arc to the parent enters the node (node = target)
)

// Graph is a directed graph with integer arc capacities and costs and node
// supplies, on which MinCostFlow finds a flow of least total cost.
//
// Nodes are 0 … n−1. Arcs are numbered in the order AddArc returns them,
// from 0. A Graph is not safe for concurrent use.
//
// Internally the simplex adds a root node n and one artificial arc per node
// (internal arc u joins node u and the root); user arc k is internal arc n+k.
type Graph struct {
	n   int
	err error // first invalid call, reported by MinCostFlow

	// Arcs, internal numbering.
	src, dst []int32
	capa     []int64
	cost     []int64
	flow     []int64
	state    []int8
	costMax  int64 // max |cost| over the user arcs

	supply []int64 // per user node

	// Spanning tree over nodes 0 … n (root n), valid when basis is true.
	// Children are kept in doubly linked lists, inner nodes (those with
	// children) before leaves. pi holds the potential of the root and of
	// inner nodes only: a leaf's potential follows from its parent's and its
	// tree arc (see pot), so that re-hanging a subtree updates only its inner
	// nodes. In a transportation problem nearly every location is a leaf.
	pi      []int64
	parent  []int32
	pred    []int32
	predDir []int8
	succNum []int32 // subtree sizes
	head    []int32 // first child, or −1
	tail    []int32 // last child, or −1
	next    []int32 // next sibling, or −1
	prev    []int32 // previous sibling, or −1
	stem    []int32 // scratch: the path from uIn up to uOut
	stack   []int32 // scratch

	basis    bool  // a valid basis (tree, flows, potentials) is in place
	bigM     bool  // the basis has artificial arcs of cost artCost
	artLimit int64 // the largest |cost| the Big-M cost was sized for
	nextArc  int   // where the block search resumes
	pivots   int   // pivots of the last MinCostFlow call

	// afterPivot, when set (by tests), runs after every pivot.
	afterPivot func()

	// Pivot state.
	inArc, join, uIn, vIn, uOut int32
	delta                       int64
}

// NewGraph returns a graph with n nodes (numbered 0 … n−1), no arcs and zero
// supplies. A negative n is reported by MinCostFlow.
func NewGraph(n int) *Graph {
	g := &Graph{}
	if n < 0 || n >= math.MaxInt32-1 {
		g.err = fmt.Errorf("flow: NewGraph(%d): want 0 ≤ n < %d nodes", n, math.MaxInt32-1)
		n = 0
	}
	g.n = n
	g.src = make([]int32, n)
	g.dst = make([]int32, n)
	g.capa = make([]int64, n)
	g.cost = make([]int64, n)
	g.flow = make([]int64, n)
	g.state = make([]int8, n)
	g.supply = make([]int64, n)
	g.pi = make([]int64, n+1)
	g.parent = make([]int32, n+1)
	g.pred = make([]int32, n+1)
	g.predDir = make([]int8, n+1)
	g.succNum = make([]int32, n+1)
	g.head = make([]int32, n+1)
	g.tail = make([]int32, n+1)
	g.next = make([]int32, n+1)
	g.prev = make([]int32, n+1)
	for u := 0; u < n; u++ {
		g.src[u] = int32(u)
		g.dst[u] = int32(n)
		g.capa[u] = Inf
		g.state[u] = stateLower
	}
	return g
}

// NumNodes returns the number of nodes.
func (g *Graph) NumNodes() int { return g.n }

// NumArcs returns the number of arcs added so far.
func (g *Graph) NumArcs() int { return len(g.src) - g.n }

// Arc returns the ends, capacity and cost of arc id (as AddArc returned it).
// ok is false when there is no such arc.
func (g *Graph) Arc(id int) (from, to int, capacity, cost int64, ok bool) {
	if id < 0 || id >= g.NumArcs() {
		return 0, 0, 0, 0, false
	}
	a := g.n + id
	return int(g.src[a]), int(g.dst[a]), g.capa[a], g.cost[a], true
}

// AddArc adds an arc from → to that carries at most capacity units (Inf for no
// limit) at cost per unit, and returns its id. Capacity must be ≥ 0 and
// |cost| ≤ MaxCost; an invalid arc is reported by MinCostFlow.
//
// Arcs may be added after a solve: the next MinCostFlow then resumes from the
// previous optimal basis (a warm start) instead of starting over.
func (g *Graph) AddArc(from, to int, capacity, cost int64) int {
	id := g.NumArcs()
	switch {
	case g.err != nil:
	case from < 0 || from >= g.n || to < 0 || to >= g.n:
		g.err = fmt.Errorf("flow: arc %d: %d → %d: nodes must be in [0, %d)", id, from, to, g.n)
	case capacity < 0:
		g.err = fmt.Errorf("flow: arc %d: capacity %d: want ≥ 0 (or flow.Inf)", id, capacity)
	case cost > MaxCost || cost < -MaxCost:
		g.err = fmt.Errorf("flow: arc %d: cost %d: want |cost| ≤ %d: %w", id, cost, MaxCost, ErrOverflow)
	case len(g.src) >= math.MaxInt32:
		g.err = fmt.Errorf("flow: arc %d: too many arcs (max %d)", id, math.MaxInt32-g.n)
	}
	if g.err != nil {
		// Keep ids consistent; the arc is inert and never solved.
		from, to, capacity, cost = 0, 0, 0, 0
		if g.n == 0 {
			return id
		}
	}
	g.src = append(g.src, int32(from))
	g.dst = append(g.dst, int32(to))
	g.capa = append(g.capa, capacity)
	g.cost = append(g.cost, cost)
	g.flow = append(g.flow, 0)
	g.state = append(g.state, stateLower)
	c := cost
	if c < 0 {
		c = -c
	}
	if c > g.costMax {
		g.costMax = c
	}
	if g.bigM && c > g.artLimit {
		// The artificial cost no longer dominates every path: start over.
		g.basis = false
	}
	return id
}

// SetSupply sets the supply of node: positive where flow enters the network,
// negative where it leaves. Supplies must sum to zero. Changing a supply
// discards the basis of a previous solve (the next solve starts cold).
func (g *Graph) SetSupply(node int, s int64) {
	if node < 0 || node >= g.n {
		if g.err == nil {
			g.err = fmt.Errorf("flow: SetSupply(%d): node must be in [0, %d)", node, g.n)
		}
		return
	}
	if s == math.MinInt64 {
		if g.err == nil {
			g.err = fmt.Errorf("flow: SetSupply(%d, %d): %w", node, s, ErrOverflow)
		}
		return
	}
	if g.supply[node] != s {
		g.supply[node] = s
		g.basis = false
	}
}

// Supply returns the supply of node (0 for a node out of range).
func (g *Graph) Supply(node int) int64 {
	if node < 0 || node >= g.n {
		return 0
	}
	return g.supply[node]
}

// Result is an optimal flow.
type Result struct {
	// Flow holds the flow on each arc, indexed by arc id.
	Flow []int64
	// Potential holds the node potentials π, an optimal dual solution: the
	// reduced cost cost(u,v) + π(u) − π(v) of every arc is ≥ 0 if its flow is
	// below capacity and ≤ 0 if its flow is above zero.
	Potential []int64
	// Cost is Σ flow × cost over all arcs.
	Cost int64
	// Pivots counts the simplex pivots of this call (warm starts count only
	// their own).
	Pivots int
}

// MinCostFlow returns a flow that meets every node's supply within the arc
// capacities at least total cost, with optimal potentials. Errors:
// ErrUnbalanced (supplies do not sum to zero), ErrInfeasible, ErrUnbounded,
// ErrOverflow, or an invalid argument recorded by an earlier call.
//
// The first call starts from an all-artificial basis (Big-M), or from the flow
// given to SetInitialFlow; later calls after AddArc resume from the last basis.
func (g *Graph) MinCostFlow() (*Result, error) {
	if g.err != nil {
		return nil, g.err
	}
	if err := g.checkMagnitudes(); err != nil {
		return nil, err
	}
	if !g.basis {
		if err := g.coldStart(); err != nil {
			return nil, err
		}
	}
	g.pivots = 0
	if err := g.simplex(); err != nil {
		return nil, err
	}
	for u := 0; u < g.n; u++ {
		if g.flow[u] != 0 {
			return nil, fmt.Errorf("%w (node %d cannot send or receive %d units)", ErrInfeasible, u, g.flow[u])
		}
	}
	res := &Result{
		Flow:      make([]int64, g.NumArcs()),
		Potential: make([]int64, g.n),
		Pivots:    g.pivots,
	}
	copy(res.Flow, g.flow[g.n:])
	for u := range res.Potential {
		res.Potential[u] = g.pot(int32(u))
	}
	var total int64
	for k, f := range res.Flow {
		if f == 0 {
			continue
		}
		p, ok := mulInt64(f, g.cost[g.n+k])
		if !ok {
			return nil, fmt.Errorf("%w: total cost", ErrOverflow)
		}
		if total, ok = addInt64(total, p); !ok {
			return nil, fmt.Errorf("%w: total cost", ErrOverflow)
		}
	}
	res.Cost = total
	return res, nil
}

// checkMagnitudes verifies the overflow bounds documented on the constants.
func (g *Graph) checkMagnitudes() error {
	var pos, neg int64
	for _, s := range g.supply {
		var ok bool
		if s > 0 {
			pos, ok = addInt64(pos, s)
		} else {
			neg, ok = addInt64(neg, -s)
		}
		if !ok || pos > maxAmount || neg > maxAmount {
			return fmt.Errorf("%w: supplies", ErrOverflow)
		}
	}
	if pos != neg {
		return fmt.Errorf("%w: positive supplies %d, negative %d", ErrUnbalanced, pos, -neg)
	}
	amount := pos
	for a := g.n; a < len(g.capa); a++ {
		if c := g.capa[a]; c != Inf {
			amount += c
			if amount > maxAmount {
				return fmt.Errorf("%w: finite capacities sum over %d (use flow.Inf for no limit)", ErrOverflow, maxAmount)
			}
		}
	}
	if (g.costMax + 1) > maxPotential/int64(g.n+1) {
		return fmt.Errorf("%w: (max |cost| + 1) × (nodes + 1) over %d", ErrOverflow, maxPotential)
	}
	return nil
}

// coldStart builds LEMON's initial basis: every node hangs from the root by
// its artificial arc, which carries the node's supply; arcs into demand nodes
// cost artCost, more than any path of real arcs, so that an optimum carries
// artificial flow only if the problem is infeasible.
func (g *Graph) coldStart() error {
	n := g.n
	root := int32(n)
	art := (g.costMax + 1) * int64(n+1)
	g.artLimit = g.costMax
	g.bigM = true
	for a := n; a < len(g.src); a++ {
		g.flow[a] = 0
		g.state[a] = stateLower
	}
	g.parent[root] = -1
	g.pred[root] = -1
	g.succNum[root] = int32(n + 1)
	g.pi[root] = 0
	g.next[root], g.prev[root] = -1, -1
	g.head[root], g.tail[root] = -1, -1
	if n > 0 {
		g.head[root], g.tail[root] = 0, root-1
	}
	for u := 0; u < n; u++ {
		e := u
		g.parent[u] = root
		g.pred[u] = int32(e)
		g.succNum[u] = 1
		g.head[u], g.tail[u] = -1, -1
		g.prev[u], g.next[u] = int32(u-1), int32(u+1)
		if u == n-1 {
			g.next[u] = -1
		}
		g.capa[e] = Inf
		g.state[e] = stateTree
		if g.supply[u] >= 0 {
			g.predDir[u] = dirUp
			g.pi[u] = 0
			g.src[e], g.dst[e] = int32(u), root
			g.flow[e] = g.supply[u]
			g.cost[e] = 0
		} else {
			g.predDir[u] = dirDown
			g.pi[u] = art
			g.src[e], g.dst[e] = root, int32(u)
			g.flow[e] = -g.supply[u]
			g.cost[e] = art
		}
	}
	g.nextArc = n
	g.basis = true
	return nil
}

// simplex pivots until no arc has a negative reduced cost.
func (g *Graph) simplex() error {
	lo, hi := g.n, len(g.src)
	if hi == lo {
		return nil
	}
	block := int(math.Sqrt(float64(hi - lo)))
	if block < 10 {
		block = 10
	}
	if g.nextArc < lo || g.nextArc >= hi {
		g.nextArc = lo
	}
	for g.findEnteringArc(lo, hi, block) {
		g.findJoinNode()
		change := g.findLeavingArc()
		if g.delta == Inf {
			return fmt.Errorf("%w (arc %d)", ErrUnbounded, int(g.inArc)-g.n)
		}
		g.changeFlow(change)
		if change {
			g.updateTree()
		}
		g.pivots++
		if g.afterPivot != nil {
			g.afterPivot()
		}
	}
	return nil
}

// findEnteringArc is LEMON's block search: scan the arcs cyclically in blocks
// and take the most negative reduced cost of the first block that has one.
// Arcs from the same tail node in a row (a location's arcs) share one
// potential lookup.
func (g *Graph) findEnteringArc(lo, hi, block int) bool {
	src, dst, cost, state := g.src, g.dst, g.cost, g.state
	var min int64
	in := -1
	cnt := block
	lastSrc, lastPot := int32(-1), int64(0)
	start := g.nextArc
	e := start
	for pass := 0; pass < 2; pass++ {
		end := hi
		if pass == 1 {
			e, end = lo, start
		}
		for ; e < end; e++ {
			if s := state[e]; s != stateTree {
				u := src[e]
				if u != lastSrc {
					lastSrc, lastPot = u, g.pot(u)
				}
				c := int64(s) * (cost[e] + lastPot - g.pot(dst[e]))
				if c < min {
					min = c
					in = e
				}
			}
			cnt--
			if cnt == 0 {
				if min < 0 {
					g.nextArc = e + 1
					g.inArc = int32(in)
					return true
				}
				cnt = block
			}
		}
	}
	if min >= 0 {
		return false
	}
	g.inArc = int32(in)
	return true
}

// pot returns the potential of node u: stored for the root and inner nodes,
// derived from the parent for leaves (the tree arc has zero reduced cost).
func (g *Graph) pot(u int32) int64 {
	if g.head[u] >= 0 || u == int32(g.n) {
		return g.pi[u]
	}
	return g.pi[g.parent[u]] - int64(g.predDir[u])*g.cost[g.pred[u]]
}

// findJoinNode finds the apex of the cycle the entering arc closes.
func (g *Graph) findJoinNode() {
	u, v := g.src[g.inArc], g.dst[g.inArc]
	for u != v {
		if g.succNum[u] < g.succNum[v] {
			u = g.parent[u]
		} else {
			v = g.parent[v]
		}
	}
	g.join = u
}

// findLeavingArc finds the blocking arc of the cycle that keeps the tree
// strongly feasible (the last one met going round from the apex), and the
// amount delta that can be pushed. It reports whether the leaving arc differs
// from the entering arc.
func (g *Graph) findLeavingArc() bool {
	in := g.inArc
	var first, second int32
	if g.state[in] == stateLower {
		first, second = g.src[in], g.dst[in]
	} else {
		first, second = g.dst[in], g.src[in]
	}
	g.delta = g.capa[in]
	result := 0
	for u := first; u != g.join; u = g.parent[u] {
		e := g.pred[u]
		d := g.flow[e]
		if g.predDir[u] == dirDown {
			if c := g.capa[e]; c == Inf {
				d = Inf
			} else {
				d = c - d
			}
		}
		if d < g.delta {
			g.delta = d
			g.uOut = u
			result = 1
		}
	}
	for u := second; u != g.join; u = g.parent[u] {
		e := g.pred[u]
		d := g.flow[e]
		if g.predDir[u] == dirUp {
			if c := g.capa[e]; c == Inf {
				d = Inf
			} else {
				d = c - d
			}
		}
		if d <= g.delta {
			g.delta = d
			g.uOut = u
			result = 2
		}
	}
	if result == 1 {
		g.uIn, g.vIn = first, second
	} else {
		g.uIn, g.vIn = second, first
	}
	return result != 0
}

// changeFlow pushes delta round the cycle and updates the arc states.
func (g *Graph) changeFlow(change bool) {
	in := g.inArc
	if g.delta > 0 {
		val := int64(g.state[in]) * g.delta
		g.flow[in] += val
		for u := g.src[in]; u != g.join; u = g.parent[u] {
			g.flow[g.pred[u]] -= int64(g.predDir[u]) * val
		}
		for u := g.dst[in]; u != g.join; u = g.parent[u] {
			g.flow[g.pred[u]] += int64(g.predDir[u]) * val
		}
	}
	if change {
		g.state[in] = stateTree
		out := g.pred[g.uOut]
		if g.flow[out] == 0 {
			g.state[out] = stateLower
		} else {
			g.state[out] = stateUpper
		}
	} else {
		g.state[in] = -g.state[in]
	}
}

// updateTree replaces the leaving arc by the entering one: the subtree of
// uOut is cut from its parent vOut, re-rooted at uIn (the stem, the path from
// uIn up to uOut, is reversed) and hung under vIn; then the potentials of its
// inner nodes are shifted so that the entering arc has zero reduced cost.
func (g *Graph) updateTree() {
	parent, pred, predDir, succNum := g.parent, g.pred, g.predDir, g.succNum
	uIn, vIn, uOut, join := g.uIn, g.vIn, g.uOut, g.join
	vOut := parent[uOut]
	root := int32(g.n)

	// Potentials before the change: materialise uIn and vIn, the only nodes
	// that may turn from leaves into inner nodes.
	dir := dirDown
	if uIn == g.src[g.inArc] {
		dir = dirUp
	}
	oldIn := g.pot(uIn)
	g.pi[vIn] = g.pot(vIn)
	sigma := g.pi[vIn] - int64(dir)*g.cost[g.inArc] - oldIn
	g.pi[uIn] = oldIn
	vInInner, vOutInner := g.head[vIn] >= 0, g.head[vOut] >= 0

	// The stem, and the subtree sizes along it after the reversal.
	stem := g.stem[:0]
	for u := uIn; ; u = parent[u] {
		stem = append(stem, u)
		if u == uOut {
			break
		}
	}
	g.stem = stem
	oldSucc := succNum[uOut]
	for _, u := range stem {
		g.unlink(u)
	}
	acc := int32(0)
	for m := len(stem) - 1; m >= 1; m-- {
		u, below := stem[m], stem[m-1]
		acc += succNum[u] - succNum[below]
		succNum[u] = acc
		parent[u] = below
		pred[u] = pred[below]
		predDir[u] = -predDir[below]
	}
	succNum[uIn] = oldSucc
	parent[uIn] = vIn
	pred[uIn] = g.inArc
	predDir[uIn] = dir
	for m := len(stem) - 1; m >= 0; m-- {
		g.link(stem[m])
	}
	for u := vIn; u != join; u = parent[u] {
		succNum[u] += oldSucc
	}
	for u := vOut; u != join; u = parent[u] {
		succNum[u] -= oldSucc
	}
	// vIn gained a child and vOut lost one: keep inner nodes first.
	if vIn != root && !vInInner {
		g.unlink(vIn)
		g.link(vIn)
	}
	if vOut != root && vOutInner && g.head[vOut] < 0 {
		g.unlink(vOut)
		g.link(vOut)
	}

	// Shift the inner nodes of the moved subtree (and uIn).
	if sigma == 0 {
		return
	}
	stack := append(g.stack[:0], uIn)
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		g.pi[u] += sigma
		for c := g.head[u]; c >= 0 && g.head[c] >= 0; c = g.next[c] {
			stack = append(stack, c)
		}
	}
	g.stack = stack
}

// unlink removes u from its parent's child list.
func (g *Graph) unlink(u int32) {
	p := g.parent[u]
	if g.prev[u] >= 0 {
		g.next[g.prev[u]] = g.next[u]
	} else {
		g.head[p] = g.next[u]
	}
	if g.next[u] >= 0 {
		g.prev[g.next[u]] = g.prev[u]
	} else {
		g.tail[p] = g.prev[u]
	}
	g.next[u], g.prev[u] = -1, -1
}

// link adds u to its parent's child list: first if u is an inner node, last
// if it is a leaf.
func (g *Graph) link(u int32) {
	p := g.parent[u]
	if g.head[u] >= 0 {
		g.prev[u], g.next[u] = -1, g.head[p]
		if g.head[p] >= 0 {
			g.prev[g.head[p]] = u
		} else {
			g.tail[p] = u
		}
		g.head[p] = u
		return
	}
	g.next[u], g.prev[u] = -1, g.tail[p]
	if g.tail[p] >= 0 {
		g.next[g.tail[p]] = u
	} else {
		g.head[p] = u
	}
	g.tail[p] = u
}

// mulInt64 returns a×b and whether it fits in int64.
func mulInt64(a, b int64) (int64, bool) {
	neg := (a < 0) != (b < 0)
	ua, ub := absU(a), absU(b)
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 || lo > math.MaxInt64 {
		if neg && hi == 0 && lo == 1<<63 {
			return math.MinInt64, true
		}
		return 0, false
	}
	if neg {
		return -int64(lo), true
	}
	return int64(lo), true
}

func absU(a int64) uint64 {
	if a < 0 {
		return uint64(-a)
	}
	return uint64(a)
}

// addInt64 returns a+b and whether it fits in int64.
func addInt64(a, b int64) (int64, bool) {
	s := a + b
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) {
		return 0, false
	}
	return s, true
}
