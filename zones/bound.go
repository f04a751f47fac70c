package zones

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/zones/flow"
)

// LowerBound returns lower_bound_mean_distance_m of FORMATS.md: the mean
// great-circle distance in metres of the best placement of the problem's
// entrants into its schools' capacities when zones need not be contiguous
// and siblings may be split (the transportation optimum, solved exactly with
// homes at the same point merged). It returns nil when the entrants exceed
// the capacity or there are no entrants. k is the number of nearest schools
// each location starts with (the result is exact whatever k).
func LowerBound(p *Problem, k int) (*float64, error) {
	var locs []orb.Point
	var supply []int64
	at := map[orb.Point]int{}
	for h, n := range p.Demand {
		if n == 0 {
			continue
		}
		loc := p.Homes[h].Loc
		i, ok := at[loc]
		if !ok {
			i = len(locs)
			at[loc] = i
			locs = append(locs, loc)
			supply = append(supply, 0)
		}
		supply[i] += int64(n)
	}
	if len(locs) == 0 {
		return nil, nil
	}
	// The bound seats children at campuses: a shared zone's schools count
	// one by one.
	var sites []School
	for _, s := range p.Schools {
		for _, c := range s.Sites() {
			sites = append(sites, School{Loc: c.Loc, Capacity: c.Capacity})
		}
	}
	sol, err := solveTransport(locs, supply, sites, func(i, j int) float64 { return geo.Distance(locs[i], sites[j].Loc) }, k)
	if errors.Is(err, flow.ErrShort) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, ok := sol.Mean()
	if !ok {
		return nil, nil
	}
	return &m, nil
}

func solveTransport(locs []orb.Point, supply []int64, schools []School, cost func(i, j int) float64, k int) (*flow.TransportSolution, error) {
	capacity := make([]int64, len(schools))
	pts := make([]orb.Point, len(schools))
	for j, s := range schools {
		capacity[j] = int64(s.Capacity)
		pts[j] = s.Loc
	}
	idx := geo.NewIndex(pts)
	sol, err := flow.Transport(flow.TransportProblem{
		Supply: supply, Capacity: capacity, Cost: cost, K: k,
		Candidates: func(i, k int) []int { return idx.Nearest(locs[i], k) },
	})
	if err != nil && !errors.Is(err, flow.ErrShort) {
		return nil, fmt.Errorf("zones: %w", err)
	}
	return sol, err
}

// flowStart solves the unit-level transportation problem exactly, the cost
// of a unit's entrant at a school being the mean distance of its entrants
// plus, when the school is not the unit's school in the zones in force, the
// weights' price of a moved child in metres; it gives
// each unit the school that receives most of its entrants, and returns the
// schools' dual prices (see flow.TransportSolution.V) and the optimum's mean
// cost per entrant. Units without
// entrants get -1. When entrants exceed capacity, the excess goes to a
// stand-in school beyond any real one, and the units it takes are left to
// the neighbouring zones (the search then minimises the overflow).
func flowStart(p *Problem, c *costs, w Weights, k int) (main []int, v []float64, mean float64, err error) {
	pricing := p.Current != nil && w.Distance > 0
	var units []int
	var locs []orb.Point
	var supply []int64
	var total, capacity int64
	for u, d := range c.dem {
		if d > 0 {
			units = append(units, u)
			locs = append(locs, p.Units.Units[u].Center)
			supply = append(supply, int64(d))
			total += int64(d)
		}
	}
	out := make([]int, len(p.Units.Units))
	for u := range out {
		out[u] = -1
	}
	if len(units) == 0 {
		return out, nil, 0, nil
	}
	schools := p.Schools
	for _, s := range schools {
		capacity += int64(s.Capacity)
	}
	dummy := -1
	if total > capacity {
		dummy = len(schools)
		schools = append(schools[:len(schools):len(schools)], School{ID: "(short)", Loc: orb.Point{0, 0}, Capacity: int(total - capacity)})
	}
	// The unit cost is computed afresh (no memo): Transport calls it from
	// several goroutines.
	cost := func(i, j int) float64 {
		if j == dummy {
			return 1e7
		}
		u := units[i]
		var d float64
		for _, w := range c.homes[u] {
			d += float64(w.n) * p.Schools[j].DistanceM(w.loc)
		}
		d /= float64(c.dem[u])
		if pricing && p.Current[u] >= 0 && p.Current[u] != j {
			d += c.movePrice(w, u) / (w.Distance * float64(c.dem[u]))
		}
		return d
	}
	sol, err := solveTransport(locs, supply, schools, cost, k)
	if err != nil {
		return nil, nil, 0, err
	}
	for i, u := range units {
		if j := sol.Main[i]; j != dummy {
			out[u] = j
		}
	}
	mean, _ = sol.Mean()
	return out, sol.V[:len(p.Schools)], mean, nil
}
