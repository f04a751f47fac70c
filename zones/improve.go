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

// improveWidth is how many moves each link of an improving chain tries, and
// improveDepth how many links a chain has at most.
const (
	improveWidth = 5
	improveDepth = 5
)

// link is a candidate move of a chain.
type link struct {
	v, m int
	d    float64 // the change of cost, overflow included
}

// improveChains tries an improving chain from every unit whose move to a
// neighbouring zone would lower the cost but for that zone's capacity, in a
// random order, until none is found or the search must stop. It returns
// whether the plan improved and whether it stopped early.
func (s *search) improveChains(ctx context.Context) (improved, stopped bool) {
	order := make([]int, len(s.assign))
	for i := range order {
		order[i] = i
	}
	var buf []int
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
				if s.moveCost(u, k)-s.moveCost(u, a) >= 0 || !s.canLeave(u) {
					continue
				}
				if s.chainFrom(u, k) {
					found, improved = true, true
					break
				}
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
	var trail []trailMove
	visited := map[int]bool{s.assign[u]: true, k: true}
	d := s.delta(u, k)
	trail = append(trail, trailMove{u, s.assign[u]})
	s.apply(u, k)
	moved := map[int]bool{u: true}
	if s.extend(k, d, improveDepth-1, visited, moved, &trail, trail[0].from) {
		return true
	}
	s.undo(trail)
	return false
}

// extend continues a chain whose last move entered zone x at a cumulative
// change of cost cum: when the chain is already improving, it stops there;
// else one of x's border units moves on to a neighbouring zone not yet
// visited (or back to origin, the zone the chain left first), best first,
// up to improveWidth tries a link.
func (s *search) extend(x int, cum float64, depth int, visited, moved map[int]bool, trail *[]trailMove, origin int) bool {
	const eps = 1e-6
	if cum < -eps {
		return true
	}
	if depth == 0 {
		return false
	}
	var cands []link
	var buf []int
	for _, v := range s.member[x] {
		if s.locked[v] || moved[v] || s.c.dem[v] == 0 {
			continue
		}
		buf = s.neighbourSchools(v, buf)
		for _, m := range buf {
			if visited[m] && m != origin {
				continue
			}
			cands = append(cands, link{v, m, s.delta(v, m)})
		}
	}
	slices.SortFunc(cands, func(a, b link) int {
		return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.v, b.v), cmp.Compare(a.m, b.m))
	})
	tried := 0
	for _, c := range cands {
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
		moved[c.v] = true
		entered := !visited[c.m]
		visited[c.m] = true
		if s.extend(c.m, cum+c.d, depth-1, visited, moved, trail, origin) {
			return true
		}
		if entered {
			delete(visited, c.m)
		}
		delete(moved, c.v)
		s.undo((*trail)[mark:])
		*trail = (*trail)[:mark]
	}
	return false
}
