package engine

import (
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// DetourRatio is how many times longer than the straight line a walk is
// for it to count as a long detour (RouteMetrics.LongDetours): a road that
// goes round a river, a railway or an expressway.
const DetourRatio = 2.0

// RouteMetrics are a level's figures along the roads (metrics.json
// "route"), for a run that measures routes (Result.Routes).
type RouteMetrics struct {
	// MeanRouteM is the seated entrants' mean walk along the roads,
	// metres, as the redraw counts it: an entrant whose school is beyond
	// the walk searched (BeyondReach) counts at zoning.route_cutoff_m plus
	// the straight line.
	MeanRouteM *float64 `json:"mean_route_m"`
	// LowerBoundRouteM is the transportation-problem optimum of that mean
	// (no zoning can do better), nil when entrants exceed the intake.
	LowerBoundRouteM *float64 `json:"lower_bound_mean_route_m"`
	GapToLowerBound  *float64 `json:"gap_to_lower_bound"` // mean_route_m / lower bound − 1
	P90RouteM        *float64 `json:"p90_route_m"`        // 90th percentile of the walks
	MeanWalkMin      *float64 `json:"mean_walk_min"`      // mean_route_m at policy.walk_speed_m_per_min
	// BeyondReach counts the seated entrants whose school no road within
	// zoning.route_cutoff_m reaches.
	BeyondReach int `json:"beyond_reach"`
	// RuralEntrants are the level's entrants seated at rural schools; for
	// primary, BeyondWalkLimit counts those of them walking longer than
	// policy.rural_walk_min (WalkLimitMin), who should not walk to school.
	RuralEntrants   int     `json:"rural_entrants"`
	BeyondWalkLimit int     `json:"beyond_walk_limit"`
	WalkLimitMin    float64 `json:"walk_limit_min"`
	// LongDetours counts the entrants whose walk is at least DetourRatio
	// times the straight line and longer than the service radius.
	LongDetours int     `json:"long_detours"`
	DetourRatio float64 `json:"detour_ratio"`
	// AtGrade counts the entrants whose walk crosses a railway or an
	// expressway on its level.
	AtGrade int `json:"at_grade_crossings"`
	// Straddling lists the zones that a barrier cuts with no crossing of
	// it inside the zone: children on the far side walk round.
	Straddling []Straddle `json:"straddling_zones"`
}

// Straddle is a zone that barriers cut.
type Straddle struct {
	Schools  []string `json:"school_ids"`
	Barriers []string `json:"barriers"` // their names, or kinds when unnamed
	// Households counts the zone's households across the barrier (the
	// most of any one listed) from its school.
	Households int `json:"households"`
}

// Walk is one seated entrant's walk to school.
type Walk struct {
	Child     int     // index into ds.Children
	School    int     // index into ds.Schools
	StraightM float64 // great-circle metres
	RouteM    float64 // along the roads; -1 beyond reach
	// AtGrade lists the railways and expressways crossed on their level.
	AtGrade []roads.BarrierKind
}

// Detour returns the walk over the straight line, +Inf beyond reach.
func (w Walk) Detour() float64 {
	if w.RouteM < 0 {
		return math.Inf(1)
	}
	if w.StraightM <= 0 {
		return 1
	}
	return w.RouteM / w.StraightM
}

// LongDetour reports whether the walk counts in RouteMetrics.LongDetours
// for a level whose service radius is radiusM.
func (w Walk) LongDetour(radiusM float64) bool {
	return w.RouteM >= 0 && w.RouteM > radiusM && w.Detour() >= DetourRatio
}

// Walks returns the walks of a level's seated entrants, in the order of
// its seats; nil for a run without routes.
func (r *Result) Walks(lr *LevelResult) []Walk {
	if r.Routes == nil {
		return nil
	}
	if d := r.derived; d != nil { // a final result: once a level (metrics, compare.html, the pack)
		d.walksOnce.Do(func() {
			d.walks = map[dataset.Level][]Walk{}
			for _, l := range r.Levels {
				d.walks[l.Level] = r.walks(l)
			}
		})
		if w, ok := d.walks[lr.Level]; ok {
			return slices.Clone(w)
		}
	}
	return r.walks(lr)
}

// walks computes Walks.
func (r *Result) walks(lr *LevelResult) []Walk {
	ds := r.Dataset
	var out []Walk
	for _, st := range lr.Seats {
		if st.School < 0 {
			continue
		}
		home, site := homeOf(ds, st.Child), ds.Schools[st.School].Loc
		w := Walk{Child: st.Child, School: st.School, StraightM: geo.Distance(home, site), RouteM: st.RouteM}
		for _, k := range r.Routes.AtGrade(home, site) {
			if k == roads.Railway || k == roads.Motorway {
				w.AtGrade = append(w.AtGrade, k)
			}
		}
		out = append(out, w)
	}
	return out
}

// routeMetrics returns a level's figures along the roads; nil without
// routes. A final result computes them once (their at-grade crossings and
// straddling zones take a second on a county) and returns copies.
func (r *Result) routeMetrics(lr *LevelResult) *RouteMetrics {
	if r.Routes == nil {
		return nil
	}
	if d := r.derived; d != nil {
		d.routeOnce.Do(func() {
			d.routes = map[dataset.Level]*RouteMetrics{}
			settled := r.settledCells() // the levels share the units
			for _, l := range r.Levels {
				d.routes[l.Level] = r.levelRouteMetrics(l, settled)
			}
		})
		if rm := d.routes[lr.Level]; rm != nil {
			c := *rm
			c.Straddling = slices.Clone(rm.Straddling)
			return &c
		}
	}
	return r.levelRouteMetrics(lr, r.settledCells())
}

// levelRouteMetrics computes routeMetrics.
func (r *Result) levelRouteMetrics(lr *LevelResult, settled [][]geo.Cell) *RouteMetrics {
	ds, pol := r.Dataset, r.Config.Policy
	radius := pol.ServiceRadiusM.Of(string(lr.Level))
	rm := &RouteMetrics{LowerBoundRouteM: lr.LowerBoundRouteM, DetourRatio: DetourRatio, Straddling: []Straddle{}}
	if lr.Level == dataset.Primary {
		rm.WalkLimitMin = pol.RuralWalkMin
	}
	var walks []float64
	var sum float64
	for _, w := range r.Walks(lr) {
		d := w.RouteM
		if d < 0 {
			rm.BeyondReach++
			d = r.Routes.CutoffM() + w.StraightM // as walkM and the redraw count it
		}
		walks = append(walks, d)
		sum += d
		if w.LongDetour(radius) {
			rm.LongDetours++
		}
		if len(w.AtGrade) > 0 {
			rm.AtGrade++
		}
	}
	if len(walks) > 0 {
		mean := sum / float64(len(walks))
		rm.MeanRouteM = &mean
		walk := mean / pol.WalkSpeedMPerMin
		rm.MeanWalkMin = &walk
		sort.Float64s(walks)
		p90 := walks[int(math.Ceil(0.9*float64(len(walks))))-1]
		rm.P90RouteM = &p90
		if lb := rm.LowerBoundRouteM; lb != nil && *lb > 0 {
			gap := mean / *lb - 1
			rm.GapToLowerBound = &gap
		}
	}
	rm.RuralEntrants, rm.BeyondWalkLimit, _ = RuralWalks(ds.Schools, lr, pol)
	if lr.Level != dataset.Primary {
		rm.BeyondWalkLimit = 0
	}
	rm.Straddling = r.straddling(lr, settled)
	return rm
}

// straddling lists the level's zones whose homes lie across a barrier from
// their school with no crossing of it in the zone: the straight line from
// a home to the zone's (first) school crosses the barrier away from its
// crossings (roads.Network.ApartBy), and no crossing of it lies within a
// cell spacing of the zone (its polygon; without one, its settled part: its
// units' fine cells on their families' side). Those families walk round,
// out of their zone.
func (r *Result) straddling(lr *LevelResult, settled [][]geo.Cell) []Straddle {
	out := []Straddle{}
	if lr.PlanUnits() != len(r.Units.Units) {
		return out
	}
	net := r.Routes.Network()
	bs := net.Barriers()
	slack := geo.CellSpacingM(r.Units.Resolution)
	crossings := map[int][]orb.Point{} // barrier → its crossings
	for _, c := range net.Crossings() {
		crossings[c.Barrier] = append(crossings[c.Barrier], c.Loc)
	}
	site := map[int]orb.Point{} // zone → its first school's campus
	for _, zs := range lr.Zoned {
		if _, ok := site[zs.Zone]; !ok {
			site[zs.Zone] = r.Dataset.Schools[zs.School].Loc
		}
	}
	cells := map[int][]geo.Cell{}   // zone → its settled cells
	across := map[int]map[int]int{} // zone → barrier → households across it
	for u := range r.Units.Units {
		z := lr.UnitZone(u)
		unit := &r.Units.Units[u]
		s, ok := site[z]
		if z < 0 || len(unit.Homes) == 0 || !ok {
			continue
		}
		if u < len(settled) {
			cells[z] = append(cells[z], settled[u]...)
		}
		seen := map[orb.Point][]int{}
		for _, h := range unit.Homes {
			loc := r.Dataset.Households[h].Loc
			cut, ok := seen[loc]
			if !ok {
				cut = net.ApartBy(loc, s, slack)
				seen[loc] = cut
			}
			for _, b := range cut {
				if across[z] == nil {
					across[z] = map[int]int{}
				}
				across[z][b]++
			}
		}
	}
	done := map[int]bool{}
	for _, zs := range lr.Zoned {
		if done[zs.Zone] || len(across[zs.Zone]) == 0 {
			continue
		}
		done[zs.Zone] = true
		// The zone's polygon (open land included: a crossing in a field
		// still joins its families), else its settled part.
		mp := zs.Polygon
		if len(mp) == 0 {
			var err error
			if mp, err = geo.CellsToMultiPolygon(cells[zs.Zone]); err != nil {
				continue
			}
		}
		var cut []int
		for b := range across[zs.Zone] {
			if !slices.ContainsFunc(crossings[b], func(x orb.Point) bool { return geo.DistanceToPolygon(x, mp) <= slack }) {
				cut = append(cut, b)
			}
		}
		if len(cut) == 0 {
			continue
		}
		slices.Sort(cut)
		st := Straddle{}
		for _, o := range lr.Zoned {
			if o.Zone == zs.Zone {
				st.Schools = append(st.Schools, r.Dataset.Schools[o.School].ID)
			}
		}
		for _, b := range cut {
			name := bs[b].Name
			if name == "" {
				name = string(bs[b].Kind)
			}
			if !slices.Contains(st.Barriers, name) {
				st.Barriers = append(st.Barriers, name)
			}
			st.Households = max(st.Households, across[zs.Zone][b])
		}
		out = append(out, st)
	}
	return out
}

// settledCells returns each unit's fine cells on its families' side: no
// barrier runs between a cell's centre and the unit's home nearest to it
// without a crossing within a cell spacing (the rule of the units'
// adjacency). Nil without units.
func (r *Result) settledCells() [][]geo.Cell {
	if r.Units == nil || r.Routes == nil {
		return nil
	}
	net := r.Routes.Network()
	slack := geo.CellSpacingM(r.Units.Resolution)
	out := make([][]geo.Cell, len(r.Units.Units))
	for u := range r.Units.Units {
		unit := &r.Units.Units[u]
		if len(unit.Homes) == 0 {
			continue
		}
		// The unit's home places, once each (a building holds many
		// households), compared on a local plane: only the nearest counts.
		var homes []orb.Point
		seen := map[orb.Point]bool{}
		for _, h := range unit.Homes {
			if loc := r.Dataset.Households[h].Loc; !seen[loc] {
				seen[loc] = true
				homes = append(homes, loc)
			}
		}
		kx := math.Cos(homes[0][1] * math.Pi / 180)
		for _, c := range unit.Cells {
			if c.Resolution() != r.Units.Resolution {
				continue
			}
			p := geo.CellCenter(c)
			best, bestD := homes[0], math.Inf(1)
			for _, h := range homes {
				dx, dy := (h[0]-p[0])*kx, h[1]-p[1]
				if d := dx*dx + dy*dy; d < bestD {
					best, bestD = h, d
				}
			}
			if !net.Apart(best, p, slack) {
				out[u] = append(out[u], c)
			}
		}
	}
	return out
}

// RuralWalks counts a level's entrants seated at rural schools (schools:
// the year's campuses, as lr's seats index them) and those of them walking
// longer than policy.rural_walk_min at policy.walk_speed_m_per_min along
// the roads (Seat.RouteM; beyond the roads' reach counts as longer). ok is
// false for seats measured without roads (none has a walk). The rule of
// metrics.json's route.beyond_walk_limit (primary) and of the simulation's
// rural_walk check.
func RuralWalks(schools []dataset.School, lr *LevelResult, pol config.Policy) (entrants, beyond int, ok bool) {
	for _, st := range lr.Seats {
		ok = ok || st.RouteM >= 0
		if st.School < 0 || schools[st.School].AreaType != dataset.Rural {
			continue
		}
		entrants++
		if st.RouteM < 0 || st.RouteM/pol.WalkSpeedMPerMin > pol.RuralWalkMin {
			beyond++
		}
	}
	return entrants, beyond, ok
}
