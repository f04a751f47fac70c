package zones

import (
	"cmp"
	"container/heap"
	"slices"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// NearestPlan is the naive plan a redraw must beat, and one of its starts:
// each unit goes to the school nearest its centre (by Problem.Metric); then,
// for each school over capacity, its units farthest from it (by centre) move
// one by one to the nearest of their k nearest schools with room, until the school fits or
// no unit can move (docs/optimizer.md: "Voronoi, then greedy"). Zones are
// not kept connected.
func NearestPlan(p *Problem, k int) []int {
	pts := make([]orb.Point, len(p.Schools))
	for j, s := range p.Schools {
		pts[j] = s.Loc
	}
	nu := len(p.Units.Units)
	assign := make([]int, nu)
	if len(p.Schools) == 0 {
		for u := range assign {
			assign[u] = -1
		}
		return assign
	}
	dem := p.UnitDemand()
	near := make([][]int, nu)
	load := make([]int, len(p.Schools))
	members := make([][]int, len(p.Schools))
	dist := func(u, j int) float64 { return geo.Distance(p.Units.Units[u].Center, p.Schools[j].Loc) }
	if p.routed() {
		// By the metric: the k schools of least distance from each unit's
		// centre, found through the straight distances to their sites.
		m := p.metric()
		sx := newSiteIndex(p.Schools)
		for u := range p.Units.Units {
			c := p.Units.Units[u].Center
			kk := k
			if dem[u] == 0 {
				kk = 1 // a unit without entrants never moves
			}
			nn := sx.nearest(c, kk, 0, func(j int) float64 { return p.Schools[j].DistanceBy(m, c) })
			assign[u] = nn[0].j
			load[nn[0].j] += dem[u]
			if dem[u] > 0 {
				for _, x := range nn {
					near[u] = append(near[u], x.j)
				}
				members[nn[0].j] = append(members[nn[0].j], u)
			}
		}
		dist = func(u, j int) float64 { return p.Schools[j].DistanceBy(m, p.Units.Units[u].Center) }
	} else {
		idx := geo.NewIndex(pts)
		for u := range p.Units.Units {
			nn := idx.Nearest(p.Units.Units[u].Center, k)
			assign[u] = nn[0]
			load[nn[0]] += dem[u]
			if dem[u] > 0 {
				near[u] = nn
				members[nn[0]] = append(members[nn[0]], u)
			}
		}
	}
	for j := range p.Schools {
		if load[j] <= p.Schools[j].Capacity {
			continue
		}
		d := make(map[int]float64, len(members[j]))
		for _, u := range members[j] {
			d[u] = dist(u, j)
		}
		slices.SortFunc(members[j], func(a, b int) int { return cmp.Or(cmp.Compare(d[b], d[a]), cmp.Compare(a, b)) })
		for _, u := range members[j] {
			if load[j] <= p.Schools[j].Capacity {
				break
			}
			for _, m := range near[u][1:] {
				if load[m]+dem[u] <= p.Schools[m].Capacity {
					assign[u] = m
					load[j] -= dem[u]
					load[m] += dem[u]
					break
				}
			}
		}
	}
	return assign
}

// growItem is a unit that a zone's school could take, at a priority.
type growItem struct {
	key  float64
	u, j int
}

type growQueue []growItem

func (q growQueue) Len() int { return len(q) }
func (q growQueue) Less(a, b int) bool {
	return q[a].key < q[b].key || q[a].key == q[b].key && (q[a].u < q[b].u || q[a].u == q[b].u && q[a].j < q[b].j)
}
func (q growQueue) Swap(a, b int) { q[a], q[b] = q[b], q[a] }
func (q *growQueue) Push(x any)   { *q = append(*q, x.(growItem)) }
func (q *growQueue) Pop() (x any) { x, *q = (*q)[len(*q)-1], (*q)[:len(*q)-1]; return x }

// grow draws zones that are connected by construction (the rule of
// docs/optimizer.md): every zone starts from its seeds (the units the plan
// already gives it, normally its campus and pins), and all zones grow at
// once, best first, a unit joining a zone next to it while the school has
// room for its entrants. The priority of unit u at school j is the unit's
// cost per entrant at j (distance and move price, see search.moveCost) less
// the dual price v[j] of the transportation optimum (v ≤ 0 for a school that
// capacity constrains), so that zones grow as the optimum splits the
// entrants, in the additively weighted Voronoi shape it has. Units without
// entrants are priced by their centre's distance. Units that no zone with
// room reaches go, last, to the neighbouring zone where they cost least with
// their overflow. With free, capacity does not stop a zone: the zones follow
// the optimum's prices alone, a few entrants over capacity where it splits
// a unit. assign holds the seeds (−1 elsewhere) and is completed.
func (s *search) grow(assign []int, v []float64, free bool) {
	p := s.p
	nu := len(assign)
	load := make([]int, len(p.Schools))
	for u, j := range assign {
		if j >= 0 {
			load[j] += s.c.dem[u]
		}
	}
	key := func(u, j int) float64 {
		var k float64
		if d := s.c.dem[u]; d > 0 {
			k = s.moveCost(u, j) / (s.w.Distance * float64(d))
		} else {
			k = p.Schools[j].DistanceBy(s.c.m, p.Units.Units[u].Center)
		}
		if v != nil {
			k -= v[j]
		}
		return k
	}
	q := &growQueue{}
	push := func(u int) {
		j := assign[u]
		for _, x := range p.Units.Adj[u] {
			if assign[x] < 0 {
				heap.Push(q, growItem{key(x, j), x, j})
			}
		}
	}
	for u, j := range assign {
		if j >= 0 {
			push(u)
		}
	}
	for q.Len() > 0 {
		it := heap.Pop(q).(growItem)
		if assign[it.u] >= 0 || !free && load[it.j]+s.c.dem[it.u] > p.Schools[it.j].Capacity {
			continue
		}
		assign[it.u] = it.j
		load[it.j] += s.c.dem[it.u]
		push(it.u)
	}
	// What capacity kept out: to the neighbouring zone where the unit costs
	// least with its overflow, breadth-first from the zones.
	for {
		var rest []int
		for u := range nu {
			if assign[u] < 0 {
				rest = append(rest, u)
			}
		}
		if len(rest) == 0 {
			return
		}
		progress := false
		for _, u := range rest {
			best, bestCost := -1, 0.0
			for _, x := range p.Units.Adj[u] {
				j := assign[x]
				if j < 0 {
					continue
				}
				c := s.moveCost(u, j) + s.w.Overflow*float64(over(load[j]+s.c.dem[u], p.Schools[j].Capacity)-over(load[j], p.Schools[j].Capacity))
				if best < 0 || c < bestCost || c == bestCost && j < best {
					best, bestCost = j, c
				}
			}
			if best >= 0 {
				assign[u] = best
				load[best] += s.c.dem[u]
				progress = true
			}
		}
		if !progress {
			return // units no zone reaches keep −1
		}
	}
}
