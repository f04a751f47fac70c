package zones

import (
	"slices"
)

// connectPins joins the locked units of each school into one piece of its
// zone. From the units joined so far (at first the school's first locked
// unit) it reaches each other locked unit of the school along the path that
// reassigns fewest units (units already the school's cost nothing),
// crossing no unit locked to another school and none that joins another
// school's locked units; the units of the path join the school and are kept
// for it, so that a later school's path cannot cut them. The paths of one
// school can close the only way of another: when some locked units cannot
// be reached, their schools go first in another pass (four at most), then
// the passes are made again with the paths of fewest units (which cross less), and the
// first pass that joins them all, else the one that leaves fewest apart, is
// kept. Locked units left apart stay
// where they are (Plan.Unkept reports them). It returns the number of units
// reassigned.
func connectPins(p *Problem, assign []int, locked []bool) int {
	count := make([]int, len(p.Schools))
	for u, a := range assign {
		if locked[u] && a >= 0 {
			count[a]++
		}
	}
	var order []int
	for j, n := range count {
		if n >= 2 {
			order = append(order, j)
		}
	}
	if len(order) == 0 {
		return 0
	}
	orig := slices.Clone(assign)
	var best []int
	bestApart := -1
	first := order
	for _, fewest := range []bool{false, true} {
		order := first
		for range 4 {
			try := slices.Clone(orig)
			failed, apart := joinLocked(p, try, locked, order, fewest)
			if bestApart < 0 || apart < bestApart {
				best, bestApart = try, apart
			}
			if apart == 0 {
				break
			}
			// The schools left apart route first next time.
			rest := slices.DeleteFunc(slices.Clone(order), func(j int) bool { return slices.Contains(failed, j) })
			next := append(failed, rest...)
			if slices.Equal(next, order) {
				break
			}
			order = next
		}
		if bestApart == 0 {
			break
		}
	}
	moved := 0
	for u := range assign {
		if assign[u] != best[u] {
			assign[u] = best[u]
			moved++
		}
	}
	return moved
}

// joinLocked is one pass of connectPins over the schools in order; with
// fewest, the paths are those of fewest units rather than of fewest units
// reassigned. It returns the schools with locked units it could not join and how many such
// units there are.
func joinLocked(p *Problem, assign []int, locked []bool, order []int, fewest bool) (failed []int, apart int) {
	nu := len(assign)
	keep := make([]int, nu) // the school a unit is kept for (locked, or on a joining path); -1 for none
	for u := range keep {
		keep[u] = -1
		if locked[u] {
			keep[u] = assign[u]
		}
	}
	const unseen = int32(-2)
	dist := make([]int32, nu)
	prev := make([]int32, nu)
	done := make([]bool, nu)
	joined := make([]bool, nu)
	var cur, next []int32
	for _, j := range order {
		var pins []int
		for u, a := range assign {
			if locked[u] && a == j {
				pins = append(pins, u)
			}
		}
		clear(joined)
		joined[pins[0]] = true
		group := []int{pins[0]}
		left := 0
		for _, target := range pins[1:] {
			if joined[target] {
				continue
			}
			// A 0-1 breadth-first search from the joined units, level by
			// level: a unit of the school costs nothing, another one.
			for u := range dist {
				dist[u], prev[u], done[u] = unseen, -1, false
			}
			cur = cur[:0]
			for _, u := range group {
				dist[u] = 0
				cur = append(cur, int32(u))
			}
			found := false
			for level := int32(0); len(cur) > 0 && !found; level++ {
				next = next[:0]
				for i := 0; i < len(cur); i++ {
					x := int(cur[i])
					if done[x] {
						continue
					}
					done[x] = true
					if x == target {
						found = true
						break
					}
					for _, y := range p.Units.Adj[x] {
						if done[y] || keep[y] >= 0 && keep[y] != j {
							continue
						}
						d := level
						if fewest || assign[y] != j {
							d++
						}
						if dist[y] == unseen || d < dist[y] {
							dist[y], prev[y] = d, int32(x)
							if d == level {
								cur = append(cur, int32(y))
							} else {
								next = append(next, int32(y))
							}
						}
					}
				}
				cur, next = next, cur
			}
			if !found {
				left++
				continue
			}
			for u := target; u >= 0 && !joined[u]; u = int(prev[u]) {
				assign[u] = j
				keep[u] = j
				joined[u] = true
				group = append(group, u)
			}
		}
		if left > 0 {
			failed = append(failed, j)
			apart += left
		}
	}
	return failed, apart
}

// Unkept reports the locks of the problem (Problem.Locks) that the plan
// does not keep: moved lists the locked units the plan gives to another
// school or to none, apart those in their school's zone but not joined to
// it, in a piece of the zone (connected in the unit graph) other than the
// one holding the school's campus (the first campus of a shared zone in
// it), or, when the zone holds none, its first locked unit. Both are
// ascending.
func (pl *Plan) Unkept(p *Problem) (moved, apart []int) {
	bySchool := map[int][]int{}
	for u, j := range p.Locks {
		if u < 0 || u >= len(pl.UnitSchool) || pl.UnitSchool[u] != j {
			moved = append(moved, u)
			continue
		}
		bySchool[j] = append(bySchool[j], u)
	}
	for j, units := range bySchool {
		slices.Sort(units)
		anchor := units[0]
		for _, site := range p.Schools[j].Sites() {
			if u := p.Units.UnitAt(site.Loc); u >= 0 && pl.UnitSchool[u] == j {
				anchor = u
				break
			}
		}
		piece := componentOf(p, pl.UnitSchool, anchor)
		for _, u := range units {
			if !piece[u] {
				apart = append(apart, u)
			}
		}
	}
	slices.Sort(moved)
	slices.Sort(apart)
	return moved, apart
}

// PinnedCampuses returns the units holding a campus that Redraw pins to its
// school (unit → index into Schools), besides the locks: every campus's
// unit, except one the locks pin (the planner's pin wins) or an earlier
// school's campus holds, and except a campus the zones in force give to
// another school (nothing moves for the pin's sake).
func (p *Problem) PinnedCampuses() map[int]int {
	out := map[int]int{}
	for j := range p.Schools {
		for _, site := range p.Schools[j].Sites() {
			u := p.Units.UnitAt(site.Loc)
			if u < 0 {
				continue
			}
			if _, ok := p.Locks[u]; ok {
				continue
			}
			if _, ok := out[u]; ok {
				continue
			}
			if p.Current != nil && p.Current[u] >= 0 && p.Current[u] != j {
				continue
			}
			out[u] = j
		}
	}
	return out
}

// apartLocks counts the locked units of the search's plan that are apart
// from their school's zone (Plan.Unkept).
func (s *search) apartLocks() int {
	if len(s.p.Locks) == 0 {
		return 0
	}
	moved, apart := (&Plan{UnitSchool: s.assign}).Unkept(s.p)
	return len(moved) + len(apart)
}
