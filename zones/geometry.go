package zones

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/geo"
)

// Zones draws the zones of a plan, one per school of the problem (nil for a
// school without units), and makes them single polygons where the unit
// graph's contiguity did not: a detached part of a zone that holds units
// (a few units joined to their zone only across a pocket of open land) is
// handed, with those units, to the zone that surrounds it most among those
// whose school has room for their entrants, when none of the units is locked
// or holds a campus (and, with barriers, when one of the units is next to a
// unit of that zone on the unit graph). The plan is changed accordingly. Up to rounds passes are made.
func (p *Problem) Zones(plan *Plan, locked []bool, rounds int) ([]orb.MultiPolygon, error) {
	us := p.Units
	campus := map[int]bool{}
	for j := range p.Schools {
		for _, site := range p.Schools[j].Sites() {
			if u := us.UnitAt(site.Loc); u >= 0 {
				campus[u] = true
			}
		}
	}
	dem := p.UnitDemand()
	for round := 0; ; round++ {
		zs, err := us.Polygons(plan.UnitSchool, len(p.Schools))
		if err != nil {
			return nil, err
		}
		if round == rounds {
			return zs, nil
		}
		load := plan.Load(p)
		changed := false
		for j, z := range zs {
			if len(z) < 2 {
				continue
			}
			main := largestPart(z)
			for i, part := range z {
				if i == main {
					continue
				}
				units := us.unitsIn(part, plan.UnitSchool, j)
				if len(units) == 0 {
					continue
				}
				need := 0
				movable := true
				for _, u := range units {
					need += dem[u]
					movable = movable && !campus[u] && (locked == nil || !locked[u])
				}
				if !movable {
					continue
				}
				ks, err := touchingAll(part, zs, j)
				if err != nil {
					return nil, fmt.Errorf("zones: %w", err)
				}
				k := -1
				for _, c := range ks {
					if us.Barriers && !adjacentTo(p, units, plan.UnitSchool, c) {
						continue // across a barrier: touching is not joined
					}
					if load[c]+need <= p.Schools[c].Capacity {
						k = c
						break
					}
				}
				if k < 0 {
					continue
				}
				for _, u := range units {
					plan.UnitSchool[u] = k
				}
				load[k] += need
				load[j] -= need
				changed = true
			}
		}
		if !changed {
			return zs, nil
		}
	}
}

// largestPart returns the index of the polygon of largest area.
func largestPart(mp orb.MultiPolygon) int {
	best, bestArea := 0, -1.0
	for i, p := range mp {
		if a := planar.Area(p); a > bestArea {
			best, bestArea = i, a
		}
	}
	return best
}

// unitsIn returns the units of school j with a fine cell whose centre lies
// in the polygon.
func (us *Units) unitsIn(part orb.Polygon, assign []int, j int) []int {
	b := part.Bound()
	var out []int
	for u, s := range assign {
		if s != j {
			continue
		}
		for _, c := range us.Units[u].Cells {
			pt := geo.CellCenter(c)
			if b.Contains(pt) && planar.PolygonContains(part, pt) {
				out = append(out, u)
				break
			}
		}
	}
	return out
}

// adjacentTo reports whether one of the units is next to a unit of school k
// on the unit graph.
func adjacentTo(p *Problem, units, assign []int, k int) bool {
	for _, u := range units {
		for _, v := range p.Units.Adj[u] {
			if assign[v] == k {
				return true
			}
		}
	}
	return false
}
