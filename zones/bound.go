package zones

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/zones/flow"
)

// LowerBound returns lower_bound_mean_distance_m of docs/dataset-format.md: the mean
// distance in metres (by Problem.Metric, great-circle by default) of the best placement of the problem's
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
	metric := p.metric()
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
				fixedSum += float64(n) * nearestSite(metric, &p.Schools[z], loc)
				fixedN += int64(n)
				continue
			} else if sites[j].Capacity >= n {
				sites[j].Capacity -= n
				fixedSum += float64(n) * metric.DistanceM(loc, sites[j].Loc)
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
	cost := func(i, j int) float64 { return metric.DistanceM(locs[i], sites[j].Loc) }
	var near [][]scored
	if p.routed() {
		sx := newSiteIndex(sites)
		near = nearAll(len(locs), func(i int) []scored {
			return sx.nearest(locs[i], kOrDefault(k), 0, func(j int) float64 { return cost(i, j) })
		})
	}
	sol, err := solveTransport(locs, supply, sites, cost, k, near)
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

// nearestSite returns the distance in metres by m from loc to the school's
// nearest campus.
func nearestSite(m Metric, s *School, loc orb.Point) float64 {
	best := -1.0
	for _, c := range s.Sites() {
		if d := m.DistanceM(loc, c.Loc); best < 0 || d < best {
			best = d
		}
	}
	return best
}

// solveTransport solves the transportation problem from locations to
// schools. Without near, each location starts from its k nearest schools by
// great-circle distance and every pricing round prices all pairs. With near
// (near[i]: location i's k schools of least cost, with their costs, from a
// metric never below the great-circle distance), those are its candidates,
// the solver is told they are the nearest, and their costs are not asked
// again: a pricing round then costs only the few pairs that could help.
func solveTransport(locs []orb.Point, supply []int64, schools []School, cost func(i, j int) float64, k int, near [][]scored) (*flow.TransportSolution, error) {
	capacity := make([]int64, len(schools))
	pts := make([]orb.Point, len(schools))
	for j, s := range schools {
		capacity[j] = int64(s.Capacity)
		pts[j] = s.Loc
	}
	tp := flow.TransportProblem{Supply: supply, Capacity: capacity, Cost: cost, K: k}
	if near != nil {
		tp.NearestCandidates = true
		tp.Candidates = func(i, _ int) []int {
			js := make([]int, len(near[i]))
			for x, c := range near[i] {
				js[x] = c.j
			}
			return js
		}
		tp.Cost = func(i, j int) float64 {
			for _, c := range near[i] {
				if c.j == j {
					return c.d
				}
			}
			return cost(i, j)
		}
	} else {
		idx := geo.NewIndex(pts)
		tp.Candidates = func(i, k int) []int { return idx.Nearest(locs[i], k) }
	}
	sol, err := flow.Transport(tp)
	if err != nil && !errors.Is(err, flow.ErrShort) {
		return nil, fmt.Errorf("zones: %w", err)
	}
	return sol, err
}

// kOrDefault returns k, or flow.DefaultK for k ≤ 0.
func kOrDefault(k int) int {
	if k <= 0 {
		return flow.DefaultK
	}
	return k
}

// nearAll returns near(i) for i in [0, n), computed on all cores (each
// call writes its own entry; near must be safe for concurrent use).
func nearAll(n int, near func(i int) []scored) [][]scored {
	out := make([][]scored, n)
	workers := min(runtime.GOMAXPROCS(0), max(1, n/64))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w * n / workers; i < (w+1)*n/workers; i++ {
				out[i] = near(i)
			}
		}()
	}
	wg.Wait()
	return out
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
	// unitCost is the cost of an entrant of unit u at school j, whose
	// entrants' summed distance is d.
	unitCost := func(u, j int, d float64) float64 {
		d /= float64(c.dem[u])
		if pricing && p.Current[u] >= 0 && p.Current[u] != j {
			d += c.movePrice(w, u) / (w.Distance * float64(c.dem[u]))
		}
		return d
	}
	// The unit cost is computed afresh (no memo): Transport calls it from
	// several goroutines.
	cost := func(i, j int) float64 {
		if j == dummy {
			return 1e7
		}
		u := units[i]
		return unitCost(u, j, c.sumDist(u, j))
	}
	var near [][]scored
	if p.routed() {
		// Each unit's k cheapest schools by the metric, through the
		// straight distances from its centre less its radius (a unit's
		// cost is at least the straight distance from its nearest home
		// with entrants to the school's nearest site); the stand-in
		// school, at 10,000 km, is never among them. The distances found
		// are kept for the search.
		sx := newSiteIndex(p.Schools)
		sums := make([]map[int]float64, len(units))
		near = nearAll(len(units), func(i int) []scored {
			u := units[i]
			r := 0.0
			for _, h := range c.homes[u] {
				r = max(r, geo.Distance(locs[i], h.loc))
			}
			sums[i] = map[int]float64{}
			return sx.nearest(locs[i], kOrDefault(k), r+1e-3, func(j int) float64 {
				d := c.sumDist(u, j)
				sums[i][j] = d
				return unitCost(u, j, d)
			})
		})
		for i, u := range units {
			for j, d := range sums[i] {
				c.remember(u, j, d)
			}
		}
	}
	sol, err := solveTransport(locs, supply, schools, cost, k, near)
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
