package zones

import (
	"cmp"
	"context"
	"slices"
)

// Improving ejection chains: where capacity is tight, a unit that would be
// better in the full zone next to it can move only if that zone passes one
// of its own units on, and that one's new zone perhaps another, until a zone
// with room (or the first zone, which the first unit left) takes the last.
// Such a chain is kept when the moves together lower the cost.

// improveWidth is how many moves each link of an improving chain tries,
// improveDepth how many links a chain has at most, improveNodes how many
// links one search for a chain may try in all, and improveCallNodes how many
// all the searches of one polish may try, per unit of the problem (at least
// minPolishNodes).
const (
	improveWidth     = 5
	improveDepth     = 5
	improveNodes     = 300
	improveCallNodes = 20
	minPolishNodes   = 100_000
)

// link is a candidate move of a chain.
type link struct {
	v, m int
	d    float64 // the change of cost, overflow included
}

// improveChains tries an improving chain from every unit whose move to a
// neighbouring zone would lower the cost but for that zone's capacity, in a
// random order, until none is found, the budget of links is spent (on a
// large county most chains fail, and their cost must stay in proportion) or
// the search must stop. It returns whether the plan improved and whether it
// stopped early.
func (s *search) improveChains(ctx context.Context, budget *int) (improved, stopped bool) {
	order := make([]int, len(s.assign))
	for i := range order {
		order[i] = i
	}
	var buf []int
	// A chain that failed from (u, k) fails again while neither zone has
	// changed: the zones' member signatures at the failure.
	failed := map[[2]int][2]uint64{}
	for round := 0; ; round++ {
		found := false
		s.rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, u := range order {
			if s.stop(ctx) {
				return improved, true
			}
			s.iters++
			s.spent++
			a := s.assign[u]
			if a < 0 || s.locked[u] || s.c.dem[u] == 0 {
				continue
			}
			buf = s.neighbourSchools(u, buf)
			for _, k := range buf {
				if s.load[k]+s.c.dem[u] <= s.p.Schools[k].Capacity {
					continue // a single move, which descend prices
				}
				if s.moveCost(u, k)-s.moveCost(u, a) >= 0 {
					continue
				}
				key, sig := [2]int{u, k}, [2]uint64{s.sig[a], s.sig[k]}
				if f, ok := failed[key]; ok && f == sig {
					continue
				}
				if !s.canLeave(u) {
					continue
				}
				if *budget <= 0 {
					return improved, false
				}
				ok := s.chainFrom(u, k)
				*budget -= s.nodes
				if ok {
					found, improved = true, true
					break
				}
				failed[key] = sig
			}
		}
		if !found {
			return improved, false
		}
	}
}

// chainFrom moves u to k and looks for the rest of an improving chain; it
// keeps the chain and reports true, or leaves the plan as it was.
func (s *search) chainFrom(u, k int) bool {
	trail := append(s.trail[:0], trailMove{u, s.assign[u]})
	d := s.delta(u, k)
	s.apply(u, k)
	s.nodes = 0
	ok := s.extend(k, d, improveDepth-1, &trail)
	if !ok {
		s.undo(trail)
	}
	s.trail = trail[:0]
	return ok
}

// inChain reports whether unit v has moved in the chain, and whether zone m
// has been entered by it (the zone the chain left first does not count: a
// chain may end there, which then has room).
func inChain(trail []trailMove, assign []int, v, m int) (moved, entered bool) {
	for _, t := range trail {
		moved = moved || t.u == v
		entered = entered || assign[t.u] == m
	}
	return moved, entered && m != trail[0].from
}

// extend continues a chain whose last move entered zone x at a cumulative
// change of cost cum: when the chain is already improving, it stops there;
// else one of x's border units moves on to a neighbouring zone the chain has
// not entered (or back to the zone it left first), best first, up to
// improveWidth tries a link.
func (s *search) extend(x int, cum float64, depth int, trail *[]trailMove) bool {
	const eps = 1e-6
	if cum < -eps {
		return true
	}
	if depth == 0 || s.nodes >= improveNodes {
		return false
	}
	s.nodes++
	// The best 3 × improveWidth moves out of x, by their change of cost.
	best := s.linkBuf[depth][:0]
	keep := 3 * improveWidth
	var buf []int
	for _, v := range s.member[x] {
		if s.locked[v] || s.c.dem[v] == 0 {
			continue
		}
		if moved, _ := inChain(*trail, s.assign, v, -1); moved {
			continue
		}
		buf = s.neighbourSchools(v, buf)
		for _, m := range buf {
			if _, entered := inChain(*trail, s.assign, -1, m); entered {
				continue
			}
			l := link{v, m, s.delta(v, m)}
			if len(best) == keep && !lessLink(l, best[keep-1]) {
				continue
			}
			i, _ := slices.BinarySearchFunc(best, l, func(a, b link) int {
				return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.v, b.v), cmp.Compare(a.m, b.m))
			})
			if len(best) < keep {
				best = append(best, link{})
			}
			copy(best[i+1:], best[i:len(best)-1])
			best[i] = l
		}
	}
	s.linkBuf[depth] = best
	tried := 0
	for _, c := range best {
		if tried == improveWidth {
			break
		}
		if s.assign[c.v] != x || !s.canLeave(c.v) {
			continue
		}
		tried++
		mark := len(*trail)
		*trail = append(*trail, trailMove{c.v, x})
		s.apply(c.v, c.m)
		// Go on from the zone the unit entered, or, when that one has room
		// and x is still over capacity, from x again (two units leave it
		// for one that came in).
		next := c.m
		if s.load[c.m] <= s.p.Schools[c.m].Capacity && s.load[x] > s.p.Schools[x].Capacity {
			next = x
		}
		if s.extend(next, cum+c.d, depth-1, trail) {
			return true
		}
		s.undo((*trail)[mark:])
		*trail = (*trail)[:mark]
	}
	return false
}

func lessLink(a, b link) bool {
	return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.v, b.v), cmp.Compare(a.m, b.m)) < 0
}
