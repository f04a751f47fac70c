package zones

import (
	"cmp"
	"context"
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

// chainBudget is the links a search for an overflow chain may try: more on
// a small county, where they are cheap, and most for the last attempts.
func (s *search) chainBudget() int {
	if s.lastChains {
		return lastChainNodes
	}
	return max(chainNodes, chainUnitNodes/max(1, len(s.assign)))
}
