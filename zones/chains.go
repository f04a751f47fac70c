package zones

import (
	"cmp"
	"context"
	"math"
	"slices"
)

// chainWidth is how many border moves each link of an ejection chain tries,
// and chainNodes how many links one search for a chain may try in all;
// lastChainNodes the same for the last attempts, once everything else has
// left entrants beyond capacity (an entrant out of zone weighs more than
// time).
const (
	chainWidth     = 8
	chainNodes     = 2000
	chainUnitNodes = 10_000_000 // a county of n units: 10,000,000/n links at least
	lastChainNodes = 50_000
)

type trailMove struct{ u, from int }

// overflow returns the entrants beyond capacity, all schools together.
func (s *search) overflow() int {
	n := 0
	for j, l := range s.load {
		n += over(l, s.p.Schools[j].Capacity)
	}
	return n
}

// repairOverflow pushes entrants out of over-full zones along ejection
// chains: a border unit of the full zone moves to a neighbouring zone; if
// that one is now over capacity, one of its border units moves on, and so on,
// up to depth links, until a zone with room takes the last one. A chain is
// kept only when it lowers the total overflow; every move keeps its donor
// zone connected. It returns whether the overflow fell.
func (s *search) repairOverflow(ctx context.Context, depth int) bool {
	start := s.overflow()
	for progress := true; progress && s.overflow() > s.minOverflow; {
		progress = false
		full := make([]int, 0)
		for j := range s.p.Schools {
			if s.load[j] > s.p.Schools[j].Capacity {
				full = append(full, j)
			}
		}
		slices.SortStableFunc(full, func(a, b int) int {
			return cmp.Compare(s.load[b]-s.p.Schools[b].Capacity, s.load[a]-s.p.Schools[a].Capacity)
		})
		for _, a := range full {
			if ctx.Err() != nil {
				return s.overflow() < start
			}
			for s.load[a] > s.p.Schools[a].Capacity {
				var trail []trailMove
				visited := map[int]bool{a: true}
				s.nodes = 0
				if s.chain(a, a, depth, s.overflow(), visited, &trail) {
					progress = true
					continue
				}
				s.undo(trail)
				break
			}
		}
	}
	return s.overflow() < start
}

// chain moves a border unit out of zone x to a neighbouring zone y. When the
// total overflow is then below target, the chain has done its work; else,
// while links remain, it goes on from y if y is now over capacity, or from
// x if x still is. A chain enters a zone once, except that a move may return
// to the origin when the origin then has room (a swap across zones), and it
// never moves a unit twice. It records its moves in trail, undoing those of
// failed branches, and reports success.
func (s *search) chain(origin, x, depth, target int, visited map[int]bool, trail *[]trailMove) bool {
	if s.nodes >= s.chainBudget() {
		return false
	}
	s.nodes++
	excess := s.load[x] - s.p.Schools[x].Capacity
	moved := map[int]bool{}
	for _, m := range *trail {
		moved[m.u] = true
	}
	type cand struct {
		u, y  int
		units []int // u, or u with the pieces it would cut off
		fits  bool
		short int
		cost  float64
	}
	var cands []cand
	blocks := map[int][]int{}
	for _, u := range s.member[x] {
		if s.locked[u] || s.c.dem[u] == 0 || moved[u] {
			continue
		}
		for _, v := range s.p.Units.Adj[u] {
			y := s.assign[v]
			if y < 0 || y == x {
				continue
			}
			dup := false
			for _, c := range cands {
				dup = dup || c.u == u && c.y == y
			}
			if dup {
				continue
			}
			units, ok := blocks[u]
			if !ok {
				units = []int{u}
				if !s.canLeave(u) {
					units = s.block(u)
				}
				blocks[u] = units
			}
			if units == nil || slices.ContainsFunc(units, func(w int) bool { return moved[w] }) {
				continue
			}
			d := s.blockDemand(units)
			fits := s.load[y]+d <= s.p.Schools[y].Capacity
			if visited[y] && !(y == origin && fits) {
				continue
			}
			var cost float64
			for _, w := range units {
				cost += s.moveCost(w, y) - s.moveCost(w, x)
			}
			cands = append(cands, cand{u: u, y: y, units: units, fits: fits, short: max(0, excess-d), cost: cost})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		if a.fits != b.fits {
			if a.fits {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.short, b.short), cmp.Compare(a.cost, b.cost), cmp.Compare(a.u, b.u), cmp.Compare(a.y, b.y))
	})
	tried := 0
	for _, c := range cands {
		if tried == chainWidth {
			break
		}
		if s.assign[c.u] != x {
			continue
		}
		tried++
		mark := len(*trail)
		s.moveBlock(c.units, c.y, trail)
		if s.overflow() < target {
			return true
		}
		if depth > 1 {
			next := -1
			switch {
			case s.load[c.y] > s.p.Schools[c.y].Capacity && !visited[c.y]:
				next = c.y
			case s.load[x] > s.p.Schools[x].Capacity:
				next = x
			}
			if next >= 0 {
				entered := !visited[next]
				visited[next] = true
				if s.chain(origin, next, depth-1, target, visited, trail) {
					return true
				}
				if entered {
					delete(visited, next)
				}
			}
		}
		s.undo((*trail)[mark:])
		*trail = (*trail)[:mark]
	}
	return false
}

// undo reverts the moves of a trail, last first.
func (s *search) undo(trail []trailMove) {
	for i := len(trail) - 1; i >= 0; i-- {
		s.apply(trail[i].u, trail[i].from)
		s.applied -= 2
	}
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
	return t + s.w.Overflow*float64(s.overflow())
}

// anneal explores around the plan by simulated annealing over border moves
// (Metropolis acceptance, temperature falling geometrically from t0 to
// t0/1000 over iters unit visits), each move keeping its donor zone
// connected, then restores the best plan seen: least overflow first, then
// least cost. It returns whether that plan is better than the one it started
// from.
func (s *search) anneal(ctx context.Context, iters int, t0 float64) bool {
	if iters <= 0 || t0 <= 0 {
		return false
	}
	cur := s.total()
	startOv, startCost := s.overflow(), cur
	best := slices.Clone(s.assign)
	bestOv, bestCost := startOv, cur
	alpha := math.Pow(1e-3, 1/float64(iters))
	t := t0
	n := len(s.assign)
	var buf []int
	for i := 0; i < iters; i++ {
		if i%1024 == 0 && ctx.Err() != nil {
			break
		}
		t *= alpha
		u := s.rng.IntN(n)
		if s.assign[u] < 0 || s.locked[u] {
			continue
		}
		buf = s.neighbourSchools(u, buf)
		if len(buf) == 0 {
			continue
		}
		k := buf[s.rng.IntN(len(buf))]
		if s.canLeave(u) {
			d := s.delta(u, k)
			if d > 0 && s.rng.Float64() >= math.Exp(-d/t) {
				continue
			}
			s.apply(u, k)
			cur += d
		} else {
			// u holds pieces of its zone together: move them with it.
			units := s.block(u)
			if units == nil {
				continue
			}
			var trail []trailMove
			d := s.moveBlock(units, k, &trail)
			if d > 0 && s.rng.Float64() >= math.Exp(-d/t) {
				s.undo(trail)
				continue
			}
			cur += d
		}
		if ov := s.overflow(); ov < bestOv || ov == bestOv && cur < bestCost-1e-6 {
			bestOv, bestCost = ov, cur
			copy(best, s.assign)
		}
	}
	copy(s.assign, best)
	s.recount()
	return bestOv < startOv || bestOv == startOv && bestCost < startCost-1e-6
}

// relieve anneals with a soft price of overflow (soft times the starting
// temperature per entrant), so that the search may pass through plans over
// capacity on its way to one within it, keeping the plan of least overflow.
// It returns whether the overflow fell.
func (s *search) relieve(ctx context.Context, iters int, t0 float64, soft float64) bool {
	before := s.overflow()
	hard := s.w.Overflow
	s.w.Overflow = soft * t0
	s.anneal(ctx, iters, t0)
	s.w.Overflow = hard
	return s.overflow() < before
}

// maxBlock bounds the units of a block move.
const maxBlock = 64

// block returns the units that must leave zone a together with u so that a
// stays connected: u and every piece of a that removing u cuts off from the
// piece holding a locked unit (else the piece with most entrants), in
// breadth-first order from u. Nil when u or a cut-off unit is locked, when the
// block would be larger than maxBlock units, or when it would be the whole
// zone.
func (s *search) block(u int) []int {
	a := s.assign[u]
	if s.locked[u] || a < 0 {
		return nil
	}
	// Pieces of a without u.
	s.stamp++
	st := s.stamp
	s.mark[u] = st
	type piece struct {
		units  []int
		dem    int
		locked bool
	}
	var pieces []piece
	for _, v := range s.p.Units.Adj[u] {
		if s.assign[v] != a || s.mark[v] == st {
			continue
		}
		pc := piece{}
		s.mark[v] = st
		queue := []int{v}
		for len(queue) > 0 {
			x := queue[0]
			queue = queue[1:]
			pc.units = append(pc.units, x)
			pc.dem += s.c.dem[x]
			pc.locked = pc.locked || s.locked[x]
			if len(pc.units) > s.size[a] {
				break
			}
			for _, y := range s.p.Units.Adj[x] {
				if s.assign[y] == a && s.mark[y] != st {
					s.mark[y] = st
					queue = append(queue, y)
				}
			}
		}
		pieces = append(pieces, pc)
	}
	if len(pieces) == 0 {
		return nil // u is the whole zone
	}
	main := 0
	for i, pc := range pieces {
		m := pieces[main]
		if pc.locked && !m.locked || pc.locked == m.locked && pc.dem > m.dem {
			main = i
		}
	}
	out := []int{u}
	for i, pc := range pieces {
		if i == main {
			continue
		}
		if pc.locked || len(out)+len(pc.units) > maxBlock {
			return nil
		}
		out = append(out, pc.units...)
	}
	return out
}

// blockDemand sums the entrants of units.
func (s *search) blockDemand(units []int) int {
	n := 0
	for _, u := range units {
		n += s.c.dem[u]
	}
	return n
}

// moveBlock moves the units, in order, to school k, recording the moves in
// trail, and returns the change of cost. The first unit must be next to k and
// each later one next to an earlier one.
func (s *search) moveBlock(units []int, k int, trail *[]trailMove) float64 {
	var d float64
	for _, u := range units {
		d += s.delta(u, k)
		*trail = append(*trail, trailMove{u, s.assign[u]})
		s.apply(u, k)
	}
	return d
}

// chainBudget is the links a search for an overflow chain may try: more on
// a small county, where they are cheap, and most for the last attempts.
func (s *search) chainBudget() int {
	if s.lastChains {
		return lastChainNodes
	}
	return max(chainNodes, chainUnitNodes/max(1, len(s.assign)))
}
