package zones

import (
	"cmp"
	"slices"
)

// Conflict is a school whose zone holds more entrants than its intake in
// the plan a redraw returns, although the schools together could seat
// everyone: why no connected plan the search found seats all in zone.
type Conflict struct {
	School int // index into Problem.Schools
	Excess int // entrants beyond its intake
	// Units are the zone's units on its border with another zone, most
	// entrants first (at most conflictUnits): what would have to leave.
	Units    []int
	Entrants []int // Entrants[i]: the entrants of Units[i]
	// Neighbours are the schools whose zones border it, most room first,
	// with Room[i] the places Neighbours[i] has left (0 when full).
	Neighbours []int
	Room       []int
	// Locked counts its locked units (pins and campuses), which cannot
	// leave, and LockedEntrants their entrants.
	Locked, LockedEntrants int
}

// conflictUnits bounds the units a Conflict lists.
const conflictUnits = 5

// conflicts lists the schools over capacity in the search's plan, most
// excess first.
func (s *search) conflicts() []Conflict {
	var out []Conflict
	for j := range s.p.Schools {
		excess := s.load[j] - s.p.Schools[j].Capacity
		if excess <= 0 {
			continue
		}
		c := Conflict{School: j, Excess: excess}
		next := map[int]bool{}
		var border []int
		for _, u := range s.member[j] {
			if s.locked[u] {
				c.Locked++
				c.LockedEntrants += s.c.dem[u]
			}
			edge := false
			for _, v := range s.p.Units.Adj[u] {
				if k := s.assign[v]; k >= 0 && k != j {
					next[k] = true
					edge = true
				}
			}
			if edge && !s.locked[u] && s.c.dem[u] > 0 {
				border = append(border, u)
			}
		}
		slices.SortFunc(border, func(a, b int) int { return cmp.Or(cmp.Compare(s.c.dem[b], s.c.dem[a]), cmp.Compare(a, b)) })
		for _, u := range border[:min(len(border), conflictUnits)] {
			c.Units = append(c.Units, u)
			c.Entrants = append(c.Entrants, s.c.dem[u])
		}
		for k := range next {
			c.Neighbours = append(c.Neighbours, k)
		}
		room := func(k int) int { return max(0, s.p.Schools[k].Capacity-s.load[k]) }
		slices.SortFunc(c.Neighbours, func(a, b int) int { return cmp.Or(cmp.Compare(room(b), room(a)), cmp.Compare(a, b)) })
		for _, k := range c.Neighbours {
			c.Room = append(c.Room, room(k))
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Conflict) int { return cmp.Compare(b.Excess, a.Excess) })
	return out
}

// keeps reports whether the plan gives every seeded unit its seed's school.
func (s *search) keeps(seeds []int) bool {
	for u, j := range seeds {
		if j >= 0 && s.assign[u] != j {
			return false
		}
	}
	return true
}
