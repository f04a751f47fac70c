package zones

import (
	"context"
	"math"
	"slices"
)

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
