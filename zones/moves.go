package zones

import (
	"context"
)

// descend applies improving border moves, and pairs of moves that together
// improve (a unit enters a full zone while one of that zone's border units
// leaves for a third zone with room), until no improvement is left or the
// search must stop. It returns false when it stopped early.
func (s *search) descend(ctx context.Context) bool {
	s.spent = 0
	const eps = 1e-6
	var buf, buf2 []int
	order := make([]int, len(s.assign))
	for i := range order {
		order[i] = i
	}
	for {
		improved := false
		s.rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, u := range order {
			if s.stop(ctx) {
				return false
			}
			s.iters++
			s.spent++
			if s.assign[u] < 0 || s.locked[u] {
				continue
			}
			buf = s.neighbourSchools(u, buf)
			if len(buf) == 0 {
				continue
			}
			bestK, best := -1, -eps
			for _, k := range buf {
				if d := s.delta(u, k); d < best {
					bestK, best = k, d
				}
			}
			if bestK >= 0 {
				if s.canLeave(u) {
					s.apply(u, bestK)
					improved = true
				}
				continue
			}
			// A pair move: u enters k, which is full, while a border unit
			// v of k leaves for a zone m with room.
			if s.c.dem[u] == 0 || !s.canLeave(u) {
				continue
			}
			if s.pairMove(u, buf, &buf2) {
				improved = true
			}
		}
		if !improved {
			return true
		}
	}
}

// pairMove tries, for each school k next to u whose capacity blocks u, to
// find a border unit v of k next to u that leaves for another neighbouring
// school m so that both moves together improve the plan. u must be free to
// leave its zone.
func (s *search) pairMove(u int, schools []int, buf *[]int) bool {
	const eps = 1e-6
	a := s.assign[u]
	for _, k := range schools {
		if s.load[k]+s.c.dem[u] <= s.p.Schools[k].Capacity {
			continue // not blocked by capacity: the single move was priced
		}
		base := s.delta(u, k)
		s.apply(u, k)
		for _, v := range s.p.Units.Adj[u] {
			if s.assign[v] != k || s.locked[v] || s.c.dem[v] == 0 {
				continue
			}
			// v's neighbours as they are now that u is in k.
			*buf = s.neighbourSchools(v, *buf)
			for _, m := range *buf {
				if base+s.delta(v, m) < -eps && s.canLeave(v) {
					s.apply(v, m)
					return true
				}
			}
		}
		s.apply(u, a)
		s.applied -= 2
	}
	return false
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
