package zones

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/zones/flow"
)

// LowerBound returns lower_bound_mean_distance_m of docs/dataset-format.md: the mean
// great-circle distance in metres of the best placement of the problem's
// entrants into its schools' capacities when zones need not be contiguous
// and siblings may be split (the transportation optimum, solved exactly with
// homes at the same point merged). The entrants of a locked unit (a pin)
// count at their zone's school (its nearest campus for a shared zone), in
// its places while they last: no plan that keeps the locks can do better. It
// returns nil when the entrants exceed the capacity or there are no
// entrants. k is the number of nearest schools each location starts with
// (the result is exact whatever k).
func LowerBound(p *Problem, k int) (*float64, error) {
	// The bound seats children at campuses: a shared zone's schools count
	// one by one.
	var sites []School
	siteOf := make([]int, len(p.Schools)) // the zone's one campus, -1 for a shared zone
	for z, s := range p.Schools {
		siteOf[z] = -1
		if len(s.Sites()) == 1 {
			siteOf[z] = len(sites)
		}
		for _, c := range s.Sites() {
			sites = append(sites, School{Loc: c.Loc, Capacity: c.Capacity})
		}
	}
	lockedZone := map[int]int{} // home → the zone its unit is locked to
	for u, z := range p.Locks {
		if u < 0 || u >= len(p.Units.Units) || z < 0 || z >= len(p.Schools) {
			continue
		}
		for _, h := range p.Units.Units[u].Homes {
			lockedZone[h] = z
		}
	}
	var (
		locs       []orb.Point
		supply     []int64
		fixedSum   float64
		fixedN     int64
		total, cap int64
	)
	for _, s := range sites {
		cap += int64(s.Capacity)
	}
	at := map[orb.Point]int{}
	for h, n := range p.Demand {
		if n == 0 {
			continue
		}
		total += int64(n)
		loc := p.Homes[h].Loc
		if z, ok := lockedZone[h]; ok {
			if j := siteOf[z]; j < 0 {
				fixedSum += float64(n) * nearestSite(&p.Schools[z], loc)
				fixedN += int64(n)
				continue
			} else if sites[j].Capacity >= n {
				sites[j].Capacity -= n
				fixedSum += float64(n) * geo.Distance(loc, sites[j].Loc)
				fixedN += int64(n)
				continue
			}
			// The zone's school is full: these go where places are.
		}
		i, ok := at[loc]
		if !ok {
			i = len(locs)
			at[loc] = i
			locs = append(locs, loc)
			supply = append(supply, 0)
		}
		supply[i] += int64(n)
	}
	if total == 0 || total > cap {
		return nil, nil
	}
	if len(locs) == 0 {
		m := fixedSum / float64(fixedN)
		return &m, nil
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
	free := total - fixedN
	m = (m*float64(free) + fixedSum) / float64(total)
	return &m, nil
}

// nearestSite returns the distance in metres from loc to the school's
// nearest campus.
func nearestSite(s *School, loc orb.Point) float64 {
	best := -1.0
	for _, c := range s.Sites() {
		if d := geo.Distance(loc, c.Loc); best < 0 || d < best {
			best = d
		}
	}
	return best
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
