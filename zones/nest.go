package zones

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/hutubi-edu/zoning/geo"
)

// Nest confines a level's zones to groups of units: a school may take only
// the units of its own group. It nests one level's zones in another's: the
// groups are the junior zones (初中学区) and each primary school's group is
// the junior zone it feeds (小学对口初中), so that every primary zone lies
// inside one junior zone and its pupils go on to one junior school.
//
// Group ids are any ints (−1 is an id like another). A group with units but
// no school cannot be nested: RedrawNested merges it into the neighbouring
// group it shares most unit borders with (else, with no neighbour, into the
// group of the school nearest to its first unit) and reports it in
// NestStats.Merged.
type Nest struct {
	UnitGroup   []int // UnitGroup[u]: the group of unit u
	SchoolGroup []int // SchoolGroup[j]: the group whose units school j may take
}

// Merge is a group of units without a school, redrawn with another group.
type Merge struct {
	Group, Into int
	Units       int // its units
	Entrants    int // its entrants
}

// NestStats describe a nested redraw.
type NestStats struct {
	Groups int     // sub-problems redrawn
	Merged []Merge // groups without a school, redrawn with a neighbour's
	// DroppedLocks lists the locked units (ascending) whose school belongs
	// to another group than the unit: they are not pinned in the nested
	// redraw (the nesting wins).
	DroppedLocks []int
}

// nestGroup is one sub-problem of a nested redraw: its units and schools
// (ascending indexes into the problem's).
type nestGroup struct {
	id             int
	units, schools []int
}

// groups splits the problem into the nest's sub-problems, merging groups
// without a school as Nest describes.
func (n *Nest) groups(p *Problem) ([]nestGroup, []Merge, error) {
	nu, ns := len(p.Units.Units), len(p.Schools)
	if len(n.UnitGroup) != nu || len(n.SchoolGroup) != ns {
		return nil, nil, fmt.Errorf("zones: nest of %d units and %d schools for a problem of %d units and %d schools",
			len(n.UnitGroup), len(n.SchoolGroup), nu, ns)
	}
	group := slices.Clone(n.UnitGroup)
	fed := map[int]bool{}
	for _, g := range n.SchoolGroup {
		fed[g] = true
	}
	dem := p.UnitDemand()
	var merged []Merge
	if ns > 0 {
		for {
			// The first group (by lowest unit) without a school.
			un := -1
			for u, g := range group {
				if !fed[g] {
					un = u
					break
				}
			}
			if un < 0 {
				break
			}
			g := group[un]
			edges := map[int]int{}
			m := Merge{Group: g, Into: -1}
			for u, x := range group {
				if x != g {
					continue
				}
				m.Units++
				m.Entrants += dem[u]
				for _, v := range p.Units.Adj[u] {
					if y := group[v]; y != g {
						edges[y]++
					}
				}
			}
			best := 0
			for y, e := range edges {
				if e > best || e == best && y < m.Into {
					m.Into, best = y, e
				}
			}
			if m.Into < 0 {
				c := p.Units.Units[un].Center
				bestD := 0.0
				for j := range p.Schools {
					if d := geo.Distance(c, p.Schools[j].Loc); m.Into < 0 || d < bestD {
						m.Into, bestD = n.SchoolGroup[j], d
					}
				}
			}
			for u, x := range group {
				if x == g {
					group[u] = m.Into
				}
			}
			merged = append(merged, m)
		}
	}
	at := map[int]int{}
	var out []nestGroup
	add := func(g int) int {
		i, ok := at[g]
		if !ok {
			i = len(out)
			at[g] = i
			out = append(out, nestGroup{id: g})
		}
		return i
	}
	for u, g := range group {
		i := add(g)
		out[i].units = append(out[i].units, u)
	}
	for j, g := range n.SchoolGroup {
		i := add(g)
		out[i].schools = append(out[i].schools, j)
	}
	return out, merged, nil
}

// sub returns the problem restricted to the units and schools of g, with
// the homes of those units; locks to a school outside g are left out and
// returned.
func (p *Problem) sub(g nestGroup) (*Problem, []int) {
	us := p.Units
	unitAt := make(map[int]int, len(g.units))
	for i, u := range g.units {
		unitAt[u] = i
	}
	schoolAt := make(map[int]int, len(g.schools))
	for i, j := range g.schools {
		schoolAt[j] = i
	}
	su := &Units{Resolution: us.Resolution, CoarseResolution: us.CoarseResolution, Margin: us.Margin,
		MaxDiameterM: us.MaxDiameterM, Barriers: us.Barriers, area: us.area, areaBound: us.areaBound,
		fineUnit: map[geo.Cell]int{}, coarseUnit: map[geo.Cell]int{}}
	sp := &Problem{Units: su, Metric: p.Metric}
	if p.Migrants != nil {
		sp.Migrants = make([][]int, len(p.Migrants))
	}
	for i, u := range g.units {
		x := us.Units[u]
		x.ID = i
		x.Homes = nil
		for _, h := range us.Units[u].Homes {
			x.Homes = append(x.Homes, len(sp.Homes))
			su.HomeUnit = append(su.HomeUnit, i)
			sp.Homes = append(sp.Homes, p.Homes[h])
			sp.Demand = append(sp.Demand, p.Demand[h])
			if p.Future != nil {
				sp.Future = append(sp.Future, p.Future[h])
			}
			for k, g := range p.Migrants {
				sp.Migrants[k] = append(sp.Migrants[k], g[h])
			}
		}
		for _, c := range x.Cells {
			su.fineUnit[c] = i
		}
		for _, c := range x.Coarse {
			su.coarseUnit[c] = i
		}
		su.Units = append(su.Units, x)
		var adj []int
		for _, v := range us.Adj[u] {
			if k, ok := unitAt[v]; ok {
				adj = append(adj, k)
			}
		}
		su.Adj = append(su.Adj, adj)
	}
	for _, j := range g.schools {
		sp.Schools = append(sp.Schools, p.Schools[j])
	}
	if p.Current != nil {
		sp.Current = make([]int, len(g.units))
		for i, u := range g.units {
			sp.Current[i] = -1
			if k, ok := schoolAt[p.Current[u]]; ok {
				sp.Current[i] = k
			}
		}
	}
	var dropped []int
	for u, j := range p.Locks {
		i, in := unitAt[u]
		if !in {
			continue
		}
		k, ok := schoolAt[j]
		if !ok {
			dropped = append(dropped, u)
			continue
		}
		if sp.Locks == nil {
			sp.Locks = map[int]int{}
		}
		sp.Locks[i] = k
	}
	return sp, dropped
}

// RedrawNested draws the level's zones within the nest's groups: each
// group's units and schools are a problem of their own, redrawn by redraw
// (Redraw with the run's options, say), and the plans are put together. So
// every school's zone lies inside its group, and is connected wherever
// redraw makes it so (a zone connected within its group is connected). The
// plan's Stats add up the groups' (Conflicts with the problem's indexes).
func RedrawNested(ctx context.Context, p *Problem, n *Nest, redraw func(context.Context, *Problem) (Plan, error)) (Plan, NestStats, error) {
	gs, merged, err := n.groups(p)
	if err != nil {
		return Plan{}, NestStats{}, err
	}
	st := NestStats{Merged: merged}
	plan := Plan{UnitSchool: make([]int, len(p.Units.Units)), Stats: &Stats{}}
	for u := range plan.UnitSchool {
		plan.UnitSchool[u] = -1
	}
	for _, g := range gs {
		if len(g.units) == 0 || len(g.schools) == 0 {
			continue // schools without units get no zone
		}
		sp, dropped := p.sub(g)
		st.DroppedLocks = append(st.DroppedLocks, dropped...)
		st.Groups++
		sub, err := redraw(ctx, sp)
		if err != nil {
			return Plan{}, st, fmt.Errorf("zones: nested group %d: %w", g.id, err)
		}
		if err := sub.Validate(sp); err != nil {
			return Plan{}, st, fmt.Errorf("zones: nested group %d: %w", g.id, err)
		}
		for i, k := range sub.UnitSchool {
			if k >= 0 {
				plan.UnitSchool[g.units[i]] = g.schools[k]
			}
		}
		if s := sub.Stats; s != nil {
			plan.Stats.Iterations += s.Iterations
			plan.Stats.Moves += s.Moves
			plan.Stats.Repaired += s.Repaired
			plan.Stats.Stopped = plan.Stats.Stopped || s.Stopped
			plan.Stats.Overflow += s.Overflow
			for _, c := range s.Conflicts {
				c.School = g.schools[c.School]
				c.Units = mapIndex(c.Units, g.units)
				c.Neighbours = mapIndex(c.Neighbours, g.schools)
				plan.Stats.Conflicts = append(plan.Stats.Conflicts, c)
			}
		}
	}
	slices.Sort(st.DroppedLocks)
	slices.SortStableFunc(plan.Stats.Conflicts, func(a, b Conflict) int { return cmp.Compare(b.Excess, a.Excess) })
	return plan, st, nil
}

func mapIndex(xs, to []int) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = to[x]
	}
	return out
}

// NestedLowerBound is LowerBound of the nested problem: for each group (as
// RedrawNested makes them) the transportation optimum of its entrants into
// its schools, the mean over all entrants. No plan within the nest does
// better: each group's plan is a placement of its entrants into its
// schools. Nil when some group's entrants exceed its schools' intake (or
// there are no entrants).
func NestedLowerBound(p *Problem, n *Nest, k int) (*float64, error) {
	gs, _, err := n.groups(p)
	if err != nil {
		return nil, err
	}
	var dsum float64
	total := 0
	for _, g := range gs {
		if len(g.units) == 0 {
			continue
		}
		sp, _ := p.sub(g)
		d := sum(sp.Demand)
		if d == 0 {
			continue
		}
		if len(g.schools) == 0 {
			return nil, nil
		}
		lb, err := LowerBound(sp, k)
		if err != nil || lb == nil {
			return nil, err
		}
		dsum += *lb * float64(d)
		total += d
	}
	if total == 0 {
		return nil, nil
	}
	m := dsum / float64(total)
	return &m, nil
}

// MeanZoneDistance returns the mean distance in metres (by the problem's
// metric) from the entrants' homes to their zone's school under the plan,
// over the entrants whose unit has a school; ok is false when there are
// none. It is the figure a nested and an un-nested plan are compared by.
func MeanZoneDistance(p *Problem, plan []int) (mean float64, ok bool) {
	m := p.metric()
	var d float64
	n := 0
	for h, e := range p.Demand {
		if e == 0 {
			continue
		}
		j := plan[p.Units.HomeUnit[h]]
		if j < 0 {
			continue
		}
		d += float64(e) * p.Schools[j].DistanceBy(m, p.Homes[h].Loc)
		n += e
	}
	if n == 0 {
		return 0, false
	}
	return d / float64(n), true
}

// Within reports whether every school's units under the plan lie in its
// group of the nest: the units of a zone all in the group of its school.
// It returns the first unit outside, or −1.
func (n *Nest) Within(plan []int) int {
	for u, j := range plan {
		if j >= 0 && n.UnitGroup[u] != n.SchoolGroup[j] {
			return u
		}
	}
	return -1
}
