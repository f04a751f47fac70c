package flow

import (
	"errors"
	"fmt"
)

// ErrNotBasic: an initial flow whose arcs strictly between zero and capacity
// form a cycle; the simplex cannot start from it.
var ErrNotBasic = errors.New("flow: initial flow is not basic: its arcs strictly between zero and capacity form a cycle")

// SetInitialFlow makes the next MinCostFlow start from a feasible flow, given
// as one value per arc id, instead of from the artificial basis. A good
// starting flow (a greedy solution) saves most of the pivots.
//
// The flow must respect 0 ≤ flow ≤ capacity on every arc and meet every
// node's supply exactly, and its free arcs (those strictly between zero and
// capacity) must form a forest (ErrNotBasic otherwise). The spanning tree is
// grown from the node with the most arcs. On error the graph is unchanged.
func (g *Graph) SetInitialFlow(flow []int64) error {
	return g.startFrom(flow, -1)
}

// startFrom builds a strongly feasible spanning tree for a feasible basic flow:
// every node can send flow to the root along its tree path. Free arcs are all
// in the tree; other tree arcs are used only in a direction with residual
// capacity towards the root; components that cannot be reached that way hang
// from the root by their zero-cost artificial arc, directed to the root and
// carrying no flow. Such artificial arcs never gain flow (a cycle through the
// root traverses one of them backwards), so no Big-M cost is needed.
// The tree is grown breadth-first from first (the node of highest degree if
// first < 0).
func (g *Graph) startFrom(flow []int64, first int) error {
	if g.err != nil {
		return g.err
	}
	if err := g.checkStart(flow); err != nil {
		return err
	}
	deg, inc, first := g.incidence(first)
	t := g.newStartTree(flow, deg, inc)
	t.span(first)
	g.commitStart(flow, t.parent, t.pred, t.predDir)
	return nil
}

// checkStart checks that flow is a feasible basic flow of g: one value per
// arc, within the arc's capacity, meeting every node's supply, its free arcs
// (strictly between zero and capacity) a forest.
func (g *Graph) checkStart(flow []int64) error {
	if err := g.checkMagnitudes(); err != nil {
		return err
	}
	n, m := g.n, g.NumArcs()
	if len(flow) != m {
		return fmt.Errorf("flow: initial flow has %d values, want one per arc (%d)", len(flow), m)
	}
	bal := make([]int64, n)
	copy(bal, g.supply)
	for k, f := range flow {
		a := n + k
		if f < 0 || f > g.capa[a] || f > maxAmount {
			return fmt.Errorf("flow: initial flow %d on arc %d: want 0 ≤ flow ≤ capacity %d", f, k, g.capa[a])
		}
		bal[g.src[a]] -= f
		bal[g.dst[a]] += f
	}
	for u, b := range bal {
		if b != 0 {
			return fmt.Errorf("flow: initial flow does not meet the supply of node %d (off by %d)", u, b)
		}
	}

	// Free arcs must form a forest.
	uf := make([]int32, n)
	for i := range uf {
		uf[i] = int32(i)
	}
	find := func(x int32) int32 {
		for uf[x] != x {
			uf[x] = uf[uf[x]]
			x = uf[x]
		}
		return x
	}
	for k, f := range flow {
		if f <= 0 || f >= g.capa[n+k] {
			continue
		}
		a, b := find(g.src[n+k]), find(g.dst[n+k])
		if a == b {
			return fmt.Errorf("%w (arc %d)", ErrNotBasic, k)
		}
		uf[a] = b
	}
	return nil
}

// incidence returns the incidence lists of the arcs that can carry flow: the
// arcs of node u are inc[deg[u]:deg[u+1]], in arc order. It returns first
// unchanged if it is a node, else the node with the most such arcs (the
// lowest of equals).
func (g *Graph) incidence(first int) (deg, inc []int32, start int) {
	n, m := g.n, g.NumArcs()
	deg = make([]int32, n+1)
	for k := 0; k < m; k++ {
		if g.capa[n+k] > 0 {
			deg[g.src[n+k]+1]++
			deg[g.dst[n+k]+1]++
		}
	}
	if first < 0 || first >= n {
		first = 0
		for u := 1; u < n; u++ {
			if deg[u+1] > deg[first+1] {
				first = u
			}
		}
	}
	for u := 0; u < n; u++ {
		deg[u+1] += deg[u]
	}
	inc = make([]int32, deg[n])
	fill := make([]int32, n)
	copy(fill, deg[:n])
	for k := 0; k < m; k++ {
		if g.capa[n+k] > 0 {
			s, t := g.src[n+k], g.dst[n+k]
			inc[fill[s]] = int32(k)
			fill[s]++
			inc[fill[t]] = int32(k)
			fill[t]++
		}
	}
	return deg, inc, first
}

// startTree grows the strongly feasible spanning tree of startFrom: parent,
// pred and predDir per node, the root (node n) last.
type startTree struct {
	g            *Graph
	flow         []int64
	deg, inc     []int32 // incidence lists (incidence)
	parent, pred []int32
	predDir      []int8
	inTree       []bool
	queue, stack []int32
	head         int // next node of queue to grow from
}

func (g *Graph) newStartTree(flow []int64, deg, inc []int32) *startTree {
	n := g.n
	t := &startTree{g: g, flow: flow, deg: deg, inc: inc,
		parent: make([]int32, n+1), pred: make([]int32, n+1), predDir: make([]int8, n+1),
		inTree: make([]bool, n), queue: make([]int32, 0, n)}
	t.parent[n], t.pred[n] = -1, -1
	return t
}

// free reports whether arc k is strictly between zero and its capacity.
func (t *startTree) free(k int) bool {
	return t.flow[k] > 0 && t.flow[k] < t.g.capa[t.g.n+k]
}

func (t *startTree) attach(u, p, arc int32, dir int8) {
	t.inTree[u] = true
	t.parent[u], t.pred[u], t.predDir[u] = p, arc, dir
	t.queue = append(t.queue, u)
}

// span hangs every node in the tree: from first, then from each node not yet
// reached, in order, by its artificial arc to the root.
func (t *startTree) span(first int) {
	n := t.g.n
	for i := -1; i < n; i++ {
		u := i
		if i < 0 {
			u = first
		}
		if u < 0 || t.inTree[u] {
			continue
		}
		t.attach(int32(u), int32(n), int32(u), dirUp)
		t.flood(int32(u))
		t.grow()
	}
}

// flood hangs the rest of u's free-arc component below u.
func (t *startTree) flood(u int32) {
	g, n := t.g, t.g.n
	t.stack = append(t.stack[:0], u)
	for len(t.stack) > 0 {
		x := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		for _, k := range t.inc[t.deg[x]:t.deg[x+1]] {
			if !t.free(int(k)) {
				continue
			}
			y := g.src[n+int(k)]
			dir := dirUp
			if y == x {
				y = g.dst[n+int(k)]
				dir = dirDown
			}
			if !t.inTree[y] {
				t.attach(y, x, int32(n)+k, dir)
				t.stack = append(t.stack, y)
			}
		}
	}
}

// grow extends the tree breadth-first from the queued nodes along arcs with
// residual capacity towards the tree, flooding each new node's free-arc
// component.
func (t *startTree) grow() {
	g, n := t.g, t.g.n
	for ; t.head < len(t.queue); t.head++ {
		p := t.queue[t.head]
		for _, k := range t.inc[t.deg[p]:t.deg[p+1]] {
			a := n + int(k)
			s, d := g.src[a], g.dst[a]
			switch {
			case s == p && d != p && !t.inTree[d] && t.flow[k] > 0:
				// p → d carries flow: d can push back to p.
				t.attach(d, p, int32(a), dirDown)
				t.flood(d)
			case d == p && s != p && !t.inTree[s] && t.flow[k] < g.capa[a]:
				// s → p has room: s can push to p.
				t.attach(s, p, int32(a), dirUp)
				t.flood(s)
			}
		}
	}
}

// commitStart installs the flow and its spanning tree: artificial arcs at
// zero, arc states from the flow, tree arcs from pred.
func (g *Graph) commitStart(flow []int64, parent, pred []int32, predDir []int8) {
	n := g.n
	root := int32(n)
	for u := 0; u < n; u++ {
		g.src[u], g.dst[u] = int32(u), root
		g.capa[u], g.cost[u], g.flow[u] = Inf, 0, 0
		g.state[u] = stateLower
	}
	for k, f := range flow {
		a := n + k
		g.flow[a] = f
		if f == 0 {
			g.state[a] = stateLower
		} else if f == g.capa[a] {
			g.state[a] = stateUpper
		} else {
			g.state[a] = stateTree // free arcs are all in the tree
		}
	}
	for u := 0; u < n; u++ {
		g.state[pred[u]] = stateTree
	}
	copy(g.parent, parent)
	copy(g.pred, pred)
	copy(g.predDir, predDir)
	g.buildTree()
	g.bigM = false
	g.nextArc = n
	g.basis = true
}

// buildTree derives the child lists, subtree sizes and potentials from
// parent, pred and predDir.
func (g *Graph) buildTree() {
	n := g.n
	root := int32(n)
	for u := 0; u <= n; u++ {
		g.head[u], g.tail[u], g.next[u], g.prev[u] = -1, -1, -1, -1
		g.succNum[u] = 1
	}
	// Children of each node, inner nodes first: link the leaves after the
	// inner nodes are known.
	inner := make([]bool, n+1)
	for u := 0; u < n; u++ {
		inner[g.parent[u]] = true
	}
	for pass := 0; pass < 2; pass++ {
		for u := int32(0); u < root; u++ {
			if inner[u] == (pass == 0) {
				p := g.parent[u]
				g.next[u], g.prev[u] = -1, g.tail[p]
				if g.tail[p] >= 0 {
					g.next[g.tail[p]] = u
				} else {
					g.head[p] = u
				}
				g.tail[p] = u
			}
		}
	}
	// Preorder from the root: potentials down, then sizes up.
	order := make([]int32, 0, n+1)
	stack := []int32{root}
	g.pi[root] = 0
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		order = append(order, u)
		if u != root {
			g.pi[u] = g.pi[g.parent[u]] - int64(g.predDir[u])*g.cost[g.pred[u]]
		}
		for c := g.head[u]; c >= 0; c = g.next[c] {
			stack = append(stack, c)
		}
	}
	for i := len(order) - 1; i > 0; i-- {
		u := order[i]
		g.succNum[g.parent[u]] += g.succNum[u]
	}
}
