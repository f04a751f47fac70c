package zones

import (
	"fmt"

	"github.com/paulmach/orb"
)

// School is a school section that a redraw may give a zone, or, for a
// multi-school zone (多校划片), the schools that share one.
type School struct {
	ID       string
	Loc      orb.Point // WGS84 lon, lat; for a shared zone, its campuses' centre
	Capacity int       // intake places for the level's entrants
	// Campuses of a shared zone, with their own capacities; nil for a
	// single school. A home's distance to a shared zone is the mean of its
	// distances to the campuses weighted by their capacities: what a
	// family can expect when places are drawn by lot.
	Campuses []Campus
}

// Campus is one school of a shared zone.
type Campus struct {
	Loc      orb.Point
	Capacity int
}

// Sites returns the campuses of the school: its own location, or those of a
// shared zone.
func (s *School) Sites() []Campus {
	if len(s.Campuses) > 0 {
		return s.Campuses
	}
	return []Campus{{s.Loc, s.Capacity}}
}

// DistanceM returns the distance in metres from p to the school: the
// great-circle distance, or for a shared zone the capacity-weighted mean of
// the distances to its campuses. It is DistanceBy(Straight, p); within a
// redraw, distances go by Problem.Metric.
func (s *School) DistanceM(p orb.Point) float64 { return s.DistanceBy(Straight, p) }

// Problem is one level's redraw: homes with their entrants, grouped into
// units, and the schools that take them.
type Problem struct {
	Units  *Units
	Homes  []Home
	Demand []int // Demand[h]: entrants of the level living at home h
	// Future[h]: children of home h who will enter the level in a later
	// year (for primary, those not yet at school; for junior, primary
	// pupils). Nil for none. A redraw that moves their home's zone
	// against the zones in force changes their school too.
	Future  []int
	Schools []School // the schools that get zones
	// Current[u]: the school (index into Schools) of unit u in the zones in
	// force, or -1 where none is known. Nil when there are no zones in force.
	Current []int
	// Locks pins units to schools: Locks[u] = index into Schools.
	Locks map[int]int
	// Migrants[g][h]: the entrants of home h in group g (for the engine,
	// migrants with a residence permit, then the other migrants), each at
	// most Demand[h]; nil for none. Weights.Concentration prices their
	// concentration in a few zones (equity.go).
	Migrants [][]int
	// Metric measures every home-to-school distance of the redraw, its
	// lower bound and the what-if; nil means Straight (great-circle).
	Metric Metric
}

// UnitFuture returns the future entrants of each unit.
func (p *Problem) UnitFuture() []int {
	d := make([]int, len(p.Units.Units))
	for h, n := range p.Future {
		d[p.Units.HomeUnit[h]] += n
	}
	return d
}

// UnitDemand returns the entrants of each unit.
func (p *Problem) UnitDemand() []int {
	d := make([]int, len(p.Units.Units))
	for h, n := range p.Demand {
		d[p.Units.HomeUnit[h]] += n
	}
	return d
}

// Plan assigns every unit of a problem to a school.
type Plan struct {
	UnitSchool []int  // UnitSchool[u]: index into Problem.Schools, or -1
	Stats      *Stats // how the plan was found; nil for a plan not drawn by Redraw
}

// Validate checks that the plan fits the problem: one entry per unit, each a
// school of the problem.
func (pl *Plan) Validate(p *Problem) error {
	if len(pl.UnitSchool) != len(p.Units.Units) {
		return fmt.Errorf("zones: plan has %d units, problem %d", len(pl.UnitSchool), len(p.Units.Units))
	}
	for u, j := range pl.UnitSchool {
		if j < -1 || j >= len(p.Schools) {
			return fmt.Errorf("zones: unit %d assigned to school %d of %d", u, j, len(p.Schools))
		}
	}
	return nil
}

// Load returns the entrants each school's zone holds under the plan.
func (pl *Plan) Load(p *Problem) []int {
	load := make([]int, len(p.Schools))
	for u, d := range p.UnitDemand() {
		if j := pl.UnitSchool[u]; j >= 0 {
			load[j] += d
		}
	}
	return load
}

// Contiguous reports, for each school, whether its units form one connected
// piece of the unit adjacency graph (true also for a school with no units).
func (pl *Plan) Contiguous(p *Problem) []bool {
	n := len(p.Schools)
	members := make([][]int, n)
	for u, j := range pl.UnitSchool {
		if j >= 0 {
			members[j] = append(members[j], u)
		}
	}
	out := make([]bool, n)
	seen := make([]bool, len(pl.UnitSchool))
	for j := range members {
		if len(members[j]) == 0 {
			out[j] = true
			continue
		}
		stack := []int{members[j][0]}
		seen[members[j][0]] = true
		count := 0
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			count++
			for _, v := range p.Units.Adj[u] {
				if !seen[v] && pl.UnitSchool[v] == j {
					seen[v] = true
					stack = append(stack, v)
				}
			}
		}
		out[j] = count == len(members[j])
	}
	return out
}

// FillEmpty gives every unit without a school the school of a neighbouring
// unit, spreading outwards from the assigned units by steps on the unit
// graph (ties to the lower school index), so that units with no entrants of
// the level extend the zones around them. Units that no assigned unit reaches
// keep -1.
func (pl *Plan) FillEmpty(p *Problem) {
	frontier := []int{}
	for u, j := range pl.UnitSchool {
		if j >= 0 {
			frontier = append(frontier, u)
		}
	}
	for len(frontier) > 0 {
		claims := map[int]int{}
		var next []int
		for _, u := range frontier {
			j := pl.UnitSchool[u]
			for _, v := range p.Units.Adj[u] {
				if pl.UnitSchool[v] >= 0 {
					continue
				}
				if prev, ok := claims[v]; !ok || j < prev {
					if !ok {
						next = append(next, v)
					}
					claims[v] = j
				}
			}
		}
		for _, v := range next {
			pl.UnitSchool[v] = claims[v]
		}
		frontier = next
	}
}

// fillIslands gives every unit that FillEmpty could not reach (land that no
// unit borders: an island of the area) the school nearest its centre.
func (pl *Plan) fillIslands(p *Problem) {
	m := p.metric()
	for u, j := range pl.UnitSchool {
		if j >= 0 {
			continue
		}
		best, bestD := -1, 0.0
		for k := range p.Schools {
			if d := p.Schools[k].DistanceBy(m, p.Units.Units[u].Center); best < 0 || d < bestD {
				best, bestD = k, d
			}
		}
		pl.UnitSchool[u] = best
	}
}
