package zones

import (
	"fmt"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// Objective names a preset of the redraw's weights.
type Objective string

// The objectives a planner chooses between.
const (
	// ShortestDistance minimises home-to-school distance; children move
	// wherever that shortens distances.
	ShortestDistance Objective = "distance"
	// FewestMoves keeps the zones in force and changes them only where
	// capacity forces it, moving as few children as possible.
	FewestMoves Objective = "moves"
	// Balanced weighs a moved entrant as 1,000 m of extra distance, a
	// future entrant whose zone school changes as 100 m and any household
	// whose zone changes as 2 m.
	Balanced Objective = "balanced"
	// Equity is Balanced plus a price on migrant entrants concentrated in
	// a few schools (Weights.Concentration; docs/optimizer.md).
	Equity Objective = "equity"
)

// Objectives are the objectives, by the names a configuration
// (zoning.objective) and a planner's request give them.
var Objectives = []Objective{ShortestDistance, FewestMoves, Balanced, Equity}

// ObjectiveNames lists the objectives' names for a message: "distance,
// moves, balanced".
func ObjectiveNames() string {
	names := make([]string, len(Objectives))
	for i, o := range Objectives {
		names[i] = string(o)
	}
	return strings.Join(names, ", ")
}

// Known reports whether o is one of Objectives, by its exact name (as a
// configuration or a request must give it; ParseObjective also reads the
// older names and the empty default).
func (o Objective) Known() bool { return slices.Contains(Objectives, o) }

// ParseObjective reads an objective name.
func ParseObjective(s string) (Objective, error) {
	switch Objective(strings.ToLower(s)) {
	case ShortestDistance, "shortest", "shortest-distance":
		return ShortestDistance, nil
	case FewestMoves, "fewest-moves", "stability":
		return FewestMoves, nil
	case Balanced, "":
		return Balanced, nil
	case Equity:
		return Equity, nil
	}
	return "", fmt.Errorf("zones: unknown objective %q (accepted: %s)", s, ObjectiveNames())
}

// Weights price a plan. Distances are metres summed over entrants; the other
// terms are converted to metres by their weight.
type Weights struct {
	Distance float64 // per metre of home-to-school distance of one entrant
	Move     float64 // per entrant whose zone school changes against the zones in force
	// MoveFuture is the price of a future entrant (Problem.Future) whose
	// zone school changes against the zones in force.
	MoveFuture float64
	// MoveHousehold is the price of any household whose zone school
	// changes against the zones in force. A unit without households that
	// changes zone is priced as one household, so that the zones in force
	// keep their shape where nothing is gained.
	MoveHousehold float64
	Cut           float64 // per pair of adjacent units in different zones (compactness)
	Overflow      float64 // per entrant beyond a school's intake capacity
	// Concentration is the price, in metres per entrant squared, of each
	// school's entrants of a group of Problem.Migrants away from the
	// level's share of the group (equity.go); 0 but under Equity.
	Concentration float64
}

// WeightsOf returns an objective's weights.
func WeightsOf(o Objective) Weights {
	w := Weights{Distance: 1, Cut: 30, Overflow: 1e7}
	switch o {
	case FewestMoves:
		w.Move, w.MoveFuture, w.MoveHousehold = 1e4, 1000, 100
	case Balanced:
		w.Move, w.MoveFuture, w.MoveHousehold = 1000, 20, 2
	case Equity:
		w.Move, w.MoveFuture, w.MoveHousehold = 1000, 20, 2
		w.Concentration = DefaultConcentration
	}
	return w
}

// costs caches what the search asks again and again: each unit's homes
// with entrants, and the distance cost of a unit at a school.
type costs struct {
	p     *Problem
	dem   []int // entrants per unit
	hh    []int // households per unit (homes), at least 1
	fut   []int // future entrants per unit
	homes [][]weighted
	memo  []map[int]float64
	m     Metric // the problem's metric
}

// weighted is a place where entrants live: the homes of a unit at one
// point, merged (a building holds many households).
type weighted struct {
	loc orb.Point
	n   int // entrants
}

func newCosts(p *Problem) *costs {
	c := &costs{p: p, dem: p.UnitDemand(), fut: p.UnitFuture(), hh: make([]int, len(p.Units.Units)), homes: make([][]weighted, len(p.Units.Units)),
		memo: make([]map[int]float64, len(p.Units.Units)), m: p.metric()}
	at := map[orb.Point]int{}
	for u := range p.Units.Units {
		c.hh[u] = max(1, len(p.Units.Units[u].Homes))
		clear(at)
		for _, h := range p.Units.Units[u].Homes {
			n := p.Demand[h]
			if n == 0 {
				continue
			}
			loc := p.Homes[h].Loc
			if i, ok := at[loc]; ok {
				c.homes[u][i].n += n
				continue
			}
			at[loc] = len(c.homes[u])
			c.homes[u] = append(c.homes[u], weighted{loc, n})
		}
	}
	return c
}

// dist returns the summed distance in metres of unit u's entrants to school j.
func (c *costs) dist(u, j int) float64 {
	if len(c.homes[u]) == 0 || j < 0 {
		return 0
	}
	if m := c.memo[u]; m != nil {
		if v, ok := m[j]; ok {
			return v
		}
	} else {
		c.memo[u] = map[int]float64{}
	}
	d := c.sumDist(u, j)
	c.memo[u][j] = d
	return d
}

// sumDist returns the summed distance in metres of unit u's entrants to
// school j, computed afresh (safe for concurrent use).
func (c *costs) sumDist(u, j int) float64 {
	s := &c.p.Schools[j]
	var d float64
	for _, w := range c.homes[u] {
		d += float64(w.n) * s.DistanceBy(c.m, w.loc)
	}
	return d
}

// remember stores d as the summed distance of unit u's entrants to school
// j (what sumDist gives), so that dist need not measure it again.
func (c *costs) remember(u, j int, d float64) {
	if c.memo[u] == nil {
		c.memo[u] = map[int]float64{}
	}
	c.memo[u][j] = d
}

// movePrice is the price in the weights' units of unit u changing from its
// school in force to another: its entrants, future entrants and households.
func (c *costs) movePrice(w Weights, u int) float64 {
	return w.Move*float64(c.dem[u]) + w.MoveFuture*float64(c.fut[u]) + w.MoveHousehold*float64(c.hh[u])
}
