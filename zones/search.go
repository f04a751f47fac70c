package zones

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"slices"
	"time"
)

// search is the local search over border units of one level's plan.
type search struct {
	p      *Problem
	c      *costs
	w      Weights
	assign []int
	load   []int
	size   []int    // units per school
	member [][]int  // the units of each school, in no order
	pos    []int    // pos[u]: u's index in member[assign[u]]
	sig    []uint64 // a signature of each school's members: the XOR of their hashes
	nodes  int      // links tried by the current search for a chain
	// lastChains lifts the budget of overflow chains for the last attempts.
	lastChains bool
	nbBuf      []int                    // scratch of canLeave
	trail      []trailMove              // scratch of chainFrom
	linkBuf    [improveDepth + 1][]link // scratch of extend, per depth
	queue      []int                    // scratch of canLeave
	locked     []bool
	rng        *rand.Rand
	eq         equity // the price of concentration's bookkeeping (equity.go)

	iters, applied int // in all, for the statistics
	deadline       time.Time
	maxIters       int // unit visits of one descent
	spent          int // unit visits of the current descent

	// minOverflow is the least overflow any plan can have: the entrants
	// beyond all schools' capacity together. Repair stops there.
	minOverflow int

	// scratch for connectivity checks
	mark  []int
	stamp int

	log      *slog.Logger
	done     bool // the last descent ended at a local optimum, not at a limit
	repaired int  // units moved to make the start's zones connected
}

func newSearch(p *Problem, c *costs, w Weights, assign []int, locked []bool, seed uint64) *search {
	s := &search{p: p, c: c, w: w, assign: assign, locked: locked,
		load: make([]int, len(p.Schools)), size: make([]int, len(p.Schools)),
		rng: rand.New(rand.NewPCG(seed, 0x5eed)), mark: make([]int, len(assign))}
	s.recount()
	total, capacity := 0, 0
	for _, d := range c.dem {
		total += d
	}
	for _, sc := range p.Schools {
		capacity += sc.Capacity
	}
	s.minOverflow = max(0, total-capacity)
	return s
}

// recount recomputes the loads, sizes and members from the assignment.
func (s *search) recount() {
	clear(s.load)
	clear(s.size)
	if s.member == nil {
		s.member = make([][]int, len(s.p.Schools))
		s.pos = make([]int, len(s.assign))
		s.sig = make([]uint64, len(s.p.Schools))
	}
	for j := range s.member {
		s.member[j] = s.member[j][:0]
	}
	clear(s.sig)
	for u, j := range s.assign {
		if j >= 0 {
			s.load[j] += s.c.dem[u]
			s.size[j]++
			s.pos[u] = len(s.member[j])
			s.member[j] = append(s.member[j], u)
			s.sig[j] ^= unitHash(u)
		}
	}
	s.eq.recount(s)
}

func over(load, capacity int) int { return max(0, load-capacity) }

// moveCost is the unit's own cost at school j: distance and stability.
func (s *search) moveCost(u, j int) float64 {
	v := s.w.Distance * s.c.dist(u, j)
	if s.p.Current != nil && s.p.Current[u] >= 0 && s.p.Current[u] != j {
		v += s.c.movePrice(s.w, u)
	}
	return v
}

// delta prices moving unit u from its school to school k.
func (s *search) delta(u, k int) float64 {
	a := s.assign[u]
	d := s.moveCost(u, k) - s.moveCost(u, a)
	if s.w.Cut != 0 {
		cut := 0
		for _, v := range s.p.Units.Adj[u] {
			if s.assign[v] != a {
				cut--
			}
			if s.assign[v] != k {
				cut++
			}
		}
		d += s.w.Cut * float64(cut)
	}
	dem := s.c.dem[u]
	if dem > 0 {
		capA, capK := s.p.Schools[a].Capacity, s.p.Schools[k].Capacity
		ov := over(s.load[a]-dem, capA) - over(s.load[a], capA) + over(s.load[k]+dem, capK) - over(s.load[k], capK)
		d += s.w.Overflow * float64(ov)
	}
	return d + s.eq.delta(s, u, a, k)
}

func (s *search) apply(u, k int) {
	a := s.assign[u]
	s.load[a] -= s.c.dem[u]
	s.size[a]--
	s.load[k] += s.c.dem[u]
	s.size[k]++
	s.assign[u] = k
	s.eq.move(u, a, k)
	s.applied++
	// Members: u leaves a's list (the last one takes its place) and joins k's.
	m := s.member[a]
	last := m[len(m)-1]
	m[s.pos[u]] = last
	s.pos[last] = s.pos[u]
	s.member[a] = m[:len(m)-1]
	s.pos[u] = len(s.member[k])
	s.member[k] = append(s.member[k], u)
	h := unitHash(u)
	s.sig[a] ^= h
	s.sig[k] ^= h
}

// unitHash spreads a unit's index over 64 bits (SplitMix64's finaliser).
func unitHash(u int) uint64 {
	x := uint64(u) + 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

type trailMove struct{ u, from int }

// undo reverts the moves of a trail, last first.
func (s *search) undo(trail []trailMove) {
	for i := len(trail) - 1; i >= 0; i-- {
		s.apply(trail[i].u, trail[i].from)
		s.applied -= 2
	}
}

// overflow returns the entrants beyond capacity, all schools together.
func (s *search) overflow() int {
	n := 0
	for j, l := range s.load {
		n += over(l, s.p.Schools[j].Capacity)
	}
	return n
}

// assignCost is the plan's cost of distance and moves of its entrants'
// units, in metres (without compactness and overflow): what the unit-level
// transportation optimum bounds from below.
func (s *search) assignCost() float64 {
	var t float64
	for u, j := range s.assign {
		if j >= 0 && s.c.dem[u] > 0 {
			t += s.moveCost(u, j)
		}
	}
	return t / s.w.Distance
}

// total is the weighted cost of the whole plan.
func (s *search) total() float64 {
	var t float64
	for u, j := range s.assign {
		if j < 0 {
			continue
		}
		t += s.moveCost(u, j)
		if s.w.Cut != 0 {
			for _, v := range s.p.Units.Adj[u] {
				if v > u && s.assign[v] != j {
					t += s.w.Cut
				}
			}
		}
	}
	return t + s.w.Overflow*float64(s.overflow()) + s.eq.cost(s)
}

// canLeave reports whether unit u may leave its zone: it is not locked, not
// the zone's last unit, and the zone stays connected without it.
func (s *search) canLeave(u int) bool {
	a := s.assign[u]
	if s.locked[u] || a < 0 || s.size[a] <= 1 {
		return false
	}
	nb := s.nbBuf[:0]
	for _, v := range s.p.Units.Adj[u] {
		if s.assign[v] == a {
			nb = append(nb, v)
		}
	}
	s.nbBuf = nb
	if len(nb) <= 1 {
		return true
	}
	// Most often the neighbours in the zone touch one another around u:
	// then u's leaving cuts nothing.
	if s.linked(nb) {
		return true
	}
	// Breadth-first search from one neighbour inside the zone, without u,
	// until every other neighbour is reached.
	s.stamp++
	st := s.stamp
	s.mark[u] = st
	s.mark[nb[0]] = st
	queue := append(s.queue[:0], nb[0])
	need := len(nb) - 1
	for head := 0; head < len(queue) && need > 0; head++ {
		x := queue[head]
		for _, y := range s.p.Units.Adj[x] {
			if s.mark[y] == st || s.assign[y] != a {
				continue
			}
			s.mark[y] = st
			if slices.Contains(nb[1:], y) {
				need--
			}
			queue = append(queue, y)
		}
	}
	s.queue = queue
	return need == 0
}

// linked reports whether the units are connected to one another by the
// adjacency among themselves alone (a few units: quadratic is fine).
func (s *search) linked(units []int) bool {
	if len(units) > 12 {
		return false
	}
	var reached [12]bool
	reached[0] = true
	count := 1
	for changed := true; changed && count < len(units); {
		changed = false
		for i, x := range units {
			if !reached[i] {
				continue
			}
			for j, y := range units {
				if !reached[j] && adjacent(s.p.Units.Adj[x], y) {
					reached[j] = true
					count++
					changed = true
				}
			}
		}
	}
	return count == len(units)
}

// adjacent reports whether y is in the ascending list adj.
func adjacent(adj []int, y int) bool {
	_, ok := slices.BinarySearch(adj, y)
	return ok
}

// neighbourSchools lists the schools of u's neighbours other than its own.
func (s *search) neighbourSchools(u int, buf []int) []int {
	buf = buf[:0]
	a := s.assign[u]
	for _, v := range s.p.Units.Adj[u] {
		if k := s.assign[v]; k >= 0 && k != a && !slices.Contains(buf, k) {
			buf = append(buf, k)
		}
	}
	return buf
}

func (s *search) stop(ctx context.Context) bool {
	if s.maxIters > 0 && s.spent >= s.maxIters {
		return true
	}
	if s.iters%256 == 0 {
		if ctx.Err() != nil || (!s.deadline.IsZero() && time.Now().After(s.deadline)) {
			return true
		}
	}
	return false
}

// startNames name the starts of Redraw, in order.
var startNames = []string{"transport", "transport (capacity free)", "nearest school", "zones in force"}

// trace logs a stage of the search at debug level: the plan's mean
// distance, overflow, cost and connected zones (start is an index into
// startNames, or −1).
func (s *search) trace(stage string, start int) {
	if s.log == nil || !s.log.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	var dist float64
	n := 0
	for u, j := range s.assign {
		if j >= 0 {
			dist += s.c.dist(u, j)
		}
		n += s.c.dem[u]
	}
	connected := 0
	for _, ok := range (&Plan{UnitSchool: s.assign}).Contiguous(s.p) {
		if ok {
			connected++
		}
	}
	attrs := []any{"mean_m", dist / float64(max(1, n)), "overflow", s.overflow(), "cost", s.total(),
		"connected", connected, "zones", len(s.p.Schools)}
	if start >= 0 && start < len(startNames) {
		attrs = append(attrs, "start", startNames[start])
	}
	s.log.Debug("redraw "+stage, attrs...)
}
