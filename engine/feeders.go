package engine

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
	"github.com/hutubi-edu/zoning/zones"
)

// Feeder schools (小学对口初中): the junior school each primary school's
// pupils go on to, the primary zones that straddle junior zones, and the
// nested redraw (StepOptions.Nest) in which every primary zone lies inside
// the junior zone of the school it feeds (docs/optimizer.md, "Nested
// zones").

// Where a feeder comes from (Feeder.Source).
const (
	FeederColumn = "feeds"   // the feeds column of schools.csv
	FeederPlan   = "plan"    // the junior zone taking most of the primary zone's entrants (homes when it has none)
	FeederCampus = "campus"  // nested: the junior zone holding the primary campus
	FeederNear   = "nearest" // nested: the campus in no junior zone, the nearest junior school by the run's distance
)

// Feeder is one primary school's 对口 junior school, and where its zone's
// entrants live among the junior zones.
type Feeder struct {
	Primary int    // index into ds.Schools
	Junior  int    // index into ds.Schools, −1 for none (no junior zone)
	Source  string // FeederColumn, FeederPlan, FeederCampus or FeederNear
	// Entrants and Homes of its zone (a multi-school zone's, for each of
	// its schools); the entrants are those placed through the zones.
	Entrants, Homes int
	// In lists the junior zones its zone's homes lie in, most entrants
	// first (then most homes, then the zone's order): the first school of
	// each junior zone.
	In []FeederShare
}

// FeederShare is the part of a primary zone in one junior zone.
type FeederShare struct {
	Junior          int // index into ds.Schools: the junior zone's first school
	Entrants, Homes int
}

// Share returns the part of the primary zone's entrants living in its
// junior school's zone (of its homes when it has no entrants); nil without
// a junior school or a home.
func (f Feeder) Share() *float64 {
	for _, in := range f.In {
		if in.Junior == f.Junior {
			if f.Entrants > 0 {
				return Ratio(in.Entrants, f.Entrants)
			}
			return Ratio(in.Homes, f.Homes)
		}
	}
	if f.Homes == 0 {
		return nil
	}
	z := 0.0
	return &z
}

// Straddles reports whether the primary zone's entrants (its homes when it
// has none) live in more than one junior zone.
func (f Feeder) Straddles() bool {
	n := 0
	for _, in := range f.In {
		if in.Entrants > 0 || f.Entrants == 0 && in.Homes > 0 {
			n++
		}
	}
	return n > 1
}

// Feeders returns the 对口 table of the run: one row per zoned primary
// school, in the order of ds.Schools. The junior school is the feeds column's
// where it names a junior school with a zone, else, in a nested run, the one
// the nesting used, else the junior zone that takes most of the primary
// zone's entrants (homes when it has none). Nil without both levels.
func (r *Result) Feeders() []Feeder { return r.feeders(nil) }

// feeders returns Feeders with the what-if's move mv made (nil: none;
// whatif_equity.go).
func (r *Result) feeders(mv *UnitMove) []Feeder {
	pl, jl := r.Level(dataset.Primary), r.Level(dataset.Junior)
	if pl == nil || jl == nil || r.Units == nil {
		return nil
	}
	ds := r.Dataset
	type cell struct{ entrants, homes int }
	in := make([]map[int]*cell, len(pl.Zones)) // primary zone → junior zone → count
	for h := range ds.Households {
		z := mv.homeZone(r.Units, pl, h)
		if z < 0 || z >= len(in) {
			continue
		}
		jz := mv.homeZone(r.Units, jl, h)
		if jz < 0 || jz >= len(jl.Zones) {
			continue
		}
		if in[z] == nil {
			in[z] = map[int]*cell{}
		}
		c := in[z][jz]
		if c == nil {
			c = &cell{}
			in[z][jz] = c
		}
		c.homes++
		c.entrants += pl.Demand(h)
	}
	juniorZone := map[int]bool{} // junior schools with a zone
	for _, zs := range jl.Zoned {
		juniorZone[zs.School] = true
	}
	var out []Feeder
	for _, zs := range pl.Zoned {
		f := Feeder{Primary: zs.School, Junior: -1}
		for jz, c := range in[zs.Zone] {
			f.In = append(f.In, FeederShare{Junior: jl.Zones[jz].Schools[0], Entrants: c.entrants, Homes: c.homes})
			f.Entrants += c.entrants
			f.Homes += c.homes
		}
		slices.SortFunc(f.In, func(a, b FeederShare) int {
			return cmp.Or(cmp.Compare(b.Entrants, a.Entrants), cmp.Compare(b.Homes, a.Homes), cmp.Compare(a.Junior, b.Junior))
		})
		switch j := ds.FeederOf(zs.School); {
		case j >= 0 && juniorZone[j]:
			f.Junior, f.Source = j, FeederColumn
		case pl.nesting != nil && pl.nesting.junior[zs.Zone] >= 0:
			f.Junior, f.Source = pl.nesting.junior[zs.Zone], pl.nesting.source[zs.Zone]
		case len(f.In) > 0:
			f.Junior, f.Source = f.In[0].Junior, FeederPlan
		}
		out = append(out, f)
	}
	return out
}

// nesting is a nested redraw of the primary level: each primary zone's
// junior school, and the figures of the nested plan against the un-nested
// one (the target year only).
type nesting struct {
	junior []int    // per primary zone: the junior school (ds index) it feeds, −1 for none
	source []string // per primary zone: where junior comes from
	stats  zones.NestStats
	// Means of the entrants' distance to their zone's school by the run's
	// distance (zones.MeanZoneDistance), and lower bounds, nested and not;
	// nil when not computed (a simulated year) or over no entrants.
	nestedMean, freeMean   *float64
	nestedBound, freeBound *float64
	nestedOver, freeOver   int // entrants beyond their zone school's intake
	freeStraddling         int // primary zones of the un-nested plan straddling junior zones
}

// nestWait lets the primary level of a nested year wait for the junior
// level's zones.
type nestWait struct {
	once   sync.Once
	done   chan struct{}
	junior *LevelResult
}

// startNest prepares a nested year (StepOptions.Nest; not for given zones).
func (r *yearStep) startNest(on bool) {
	if on && r.fixed == nil {
		r.nest = &nestWait{done: make(chan struct{})}
	}
}

// levelDone tells the nested year's primary level that the junior level is
// placed (or failed: lr nil).
func (r *yearStep) levelDone(level dataset.Level, lr *LevelResult) {
	if r.nest == nil || level != dataset.Junior {
		return
	}
	r.nest.once.Do(func() {
		r.nest.junior = lr
		close(r.nest.done)
	})
}

// redrawOf draws a level's zones: with the year's redrawer, or, for the
// primary level of a nested year, within the junior zones.
func (r *yearStep) redrawOf(ctx context.Context, lr *LevelResult, p *zones.Problem) (zones.Plan, error) {
	if r.nest == nil || lr.Level != dataset.Primary {
		return r.redraw(ctx, p)
	}
	select {
	case <-r.nest.done:
	case <-ctx.Done():
		return zones.Plan{}, ctx.Err()
	}
	jl := r.nest.junior
	if jl == nil {
		return zones.Plan{}, fmt.Errorf("engine: nested zones: the junior zones failed")
	}
	n, ns := r.nestOf(lr, jl, p)
	plan, st, err := zones.RedrawNested(ctx, p, n, r.redraw)
	if err != nil {
		return zones.Plan{}, err
	}
	ns.stats = st
	lr.nesting = ns
	if r.final {
		// What nesting costs: the un-nested plan of the same problem.
		free, err := r.redraw(ctx, p)
		if err != nil {
			return zones.Plan{}, err
		}
		if err := r.measureNesting(ns, p, n, plan, free, jl); err != nil {
			return zones.Plan{}, err
		}
	}
	return plan, nil
}

// nestOf returns the nest of a primary problem in the junior zones: each
// unit's group is its junior zone, each primary zone's the zone of the
// junior school its first school feeds (the feeds column where it names a
// junior school with a zone this year; else the junior zone holding the
// campus; else the junior school nearest to it by the run's distance).
func (r *yearStep) nestOf(lr, jl *LevelResult, p *zones.Problem) (*zones.Nest, *nesting) {
	ds := r.Dataset
	n := &zones.Nest{UnitGroup: make([]int, len(p.Units.Units)), SchoolGroup: make([]int, len(p.Schools))}
	for u := range n.UnitGroup {
		n.UnitGroup[u] = jl.UnitZone(u)
	}
	zoneOf := map[int]int{} // junior school → its zone
	for _, zs := range jl.Zoned {
		zoneOf[zs.School] = zs.Zone
	}
	ns := &nesting{junior: make([]int, len(p.Schools)), source: make([]string, len(p.Schools))}
	for z := range p.Schools {
		j := lr.Zones[z].Schools[0]
		jz, src := -1, ""
		if f := ds.FeederOf(j); f >= 0 {
			if x, ok := zoneOf[f]; ok {
				jz, src = x, FeederColumn
			}
		}
		if jz < 0 {
			if u := p.Units.UnitAt(ds.Schools[j].Loc); u >= 0 && jl.UnitZone(u) >= 0 {
				jz, src = jl.UnitZone(u), FeederCampus
			}
		}
		if jz < 0 && len(jl.Zones) > 0 {
			m := p.Metric
			if m == nil {
				m = zones.Straight
			}
			best := 0.0
			for x, jzone := range jl.Zones {
				s := &ds.Schools[jzone.Schools[0]]
				if d := m.DistanceM(ds.Schools[j].Loc, s.Loc); jz < 0 || d < best {
					jz, best = x, d
				}
			}
			src = FeederNear
		}
		n.SchoolGroup[z] = jz
		ns.junior[z], ns.source[z] = -1, src
		if jz >= 0 {
			ns.junior[z] = jl.Zones[jz].Schools[0]
		}
	}
	return n, ns
}

// measureNesting sets the figures of the nested plan against the free one.
func (r *yearStep) measureNesting(ns *nesting, p *zones.Problem, n *zones.Nest, nested, free zones.Plan, jl *LevelResult) error {
	if m, ok := zones.MeanZoneDistance(p, nested.UnitSchool); ok {
		ns.nestedMean = &m
	}
	if m, ok := zones.MeanZoneDistance(p, free.UnitSchool); ok {
		ns.freeMean = &m
	}
	var err error
	k := r.Config.Zoning.KNearest
	if ns.nestedBound, err = zones.NestedLowerBound(p, n, k); err != nil {
		return err
	}
	if ns.freeBound, err = zones.LowerBound(p, k); err != nil {
		return err
	}
	ns.nestedOver, ns.freeOver = overCapacity(p, nested), overCapacity(p, free)
	// A free zone straddles when its entrants live in two junior zones.
	seen := make([]map[int]bool, len(p.Schools))
	for u, d := range p.UnitDemand() {
		z, jz := free.UnitSchool[u], jl.UnitZone(u)
		if d == 0 || z < 0 || jz < 0 {
			continue
		}
		if seen[z] == nil {
			seen[z] = map[int]bool{}
		}
		seen[z][jz] = true
	}
	for _, s := range seen {
		if len(s) > 1 {
			ns.freeStraddling++
		}
	}
	return nil
}

func overCapacity(p *zones.Problem, plan zones.Plan) int {
	n := 0
	for j, l := range plan.Load(p) {
		n += max(0, l-p.Schools[j].Capacity)
	}
	return n
}

// FeederMetrics is one row of metrics.json's feeders: a primary school and
// the junior school it feeds (对口初中).
type FeederMetrics struct {
	SchoolID   string   `json:"school_id"`
	Name       string   `json:"name"`
	JuniorID   string   `json:"junior_school_id"` // "" for none
	JuniorName string   `json:"junior_name"`
	Source     string   `json:"source"`   // feeds, plan, campus or nearest
	Entrants   int      `json:"entrants"` // of the primary zone
	Share      *float64 `json:"share"`    // of them living in the junior school's zone (homes when none)
}

// FeederSplit is a primary zone that straddles junior zones (metrics.json
// feeder_splits): its entrants split at grade 7.
type FeederSplit struct {
	SchoolID string             `json:"school_id"`
	Name     string             `json:"name"`
	Entrants int                `json:"entrants"`
	Juniors  []FeederSplitShare `json:"juniors"` // most entrants first
}

// FeederSplitShare is the part of a straddling primary zone in one junior
// zone.
type FeederSplitShare struct {
	SchoolID string `json:"school_id"`
	Name     string `json:"name"`
	Entrants int    `json:"entrants"`
	Homes    int    `json:"households"`
}

// NestingMetrics are metrics.json's levels.primary.nesting: what nesting
// the primary zones in the junior zones costs. Distances are the mean from
// the entrants' homes to their zone's school by the run's distance
// (metrics.json distance), nested and not; the gaps are against the
// un-nested lower bound (the transportation optimum without zones, a bound
// of both plans) and, for the nested plan, against the nested bound as
// well (zones.NestedLowerBound: the optimum with each junior zone's
// entrants seated in its feeder primary schools).
type NestingMetrics struct {
	Distance          string   `json:"distance"`
	NestedMeanM       *float64 `json:"nested_mean_m"`
	UnnestedMeanM     *float64 `json:"unnested_mean_m"`
	CostM             *float64 `json:"cost_m"` // nested − un-nested mean
	LowerBoundM       *float64 `json:"lower_bound_m"`
	NestedLowerBoundM *float64 `json:"nested_lower_bound_m"`
	Gap               *float64 `json:"gap"`                  // nested mean / lower_bound_m − 1
	GapUnnested       *float64 `json:"gap_unnested"`         // un-nested mean / lower_bound_m − 1
	GapNestedBound    *float64 `json:"gap_to_nested_bound"`  // nested mean / nested_lower_bound_m − 1
	OverNested        int      `json:"over_capacity_nested"` // entrants beyond their zone school's intake
	OverUnnested      int      `json:"over_capacity_unnested"`
	StraddlingUnnest  int      `json:"straddling_unnested"` // primary zones of the un-nested plan in two junior zones or more
	Merged            []string `json:"merged,omitempty"`    // junior zones no primary school feeds, nested with a neighbour's
	DroppedPins       int      `json:"dropped_pins"`        // pins to a school of another junior zone, not kept
}

// feederMetrics returns metrics.json's feeders and feeder_splits.
func (r *Result) feederMetrics() ([]FeederMetrics, []FeederSplit) { return r.FeederRows(r.Feeders()) }

// FeederRows returns metrics.json's feeders and feeder_splits of fs (the
// rows of Feeders or FeedersAfter); nil, nil for nil.
func (r *Result) FeederRows(fs []Feeder) ([]FeederMetrics, []FeederSplit) {
	ds := r.Dataset
	if fs == nil {
		return nil, nil
	}
	rows, splits := []FeederMetrics{}, []FeederSplit{}
	for _, f := range fs {
		s := &ds.Schools[f.Primary]
		row := FeederMetrics{SchoolID: s.ID, Name: s.Name, Source: f.Source, Entrants: f.Entrants, Share: f.Share()}
		if f.Junior >= 0 {
			row.JuniorID, row.JuniorName = ds.Schools[f.Junior].ID, ds.Schools[f.Junior].Name
		}
		rows = append(rows, row)
		if !f.Straddles() {
			continue
		}
		sp := FeederSplit{SchoolID: s.ID, Name: s.Name, Entrants: f.Entrants}
		for _, in := range f.In {
			js := &ds.Schools[in.Junior]
			sp.Juniors = append(sp.Juniors, FeederSplitShare{SchoolID: js.ID, Name: js.Name, Entrants: in.Entrants, Homes: in.Homes})
		}
		splits = append(splits, sp)
	}
	return rows, splits
}

// nestingMetrics returns levels.primary.nesting, nil for a level not
// nested.
func (r *Result) nestingMetrics(lr *LevelResult) *NestingMetrics {
	ns := lr.nesting
	if ns == nil || ns.nestedMean == nil && ns.freeMean == nil {
		return nil
	}
	m := &NestingMetrics{Distance: r.distance(), NestedMeanM: ns.nestedMean, UnnestedMeanM: ns.freeMean,
		LowerBoundM: ns.freeBound, NestedLowerBoundM: ns.nestedBound, OverNested: ns.nestedOver, OverUnnested: ns.freeOver,
		StraddlingUnnest: ns.freeStraddling, DroppedPins: len(ns.stats.DroppedLocks)}
	if ns.nestedMean != nil && ns.freeMean != nil {
		c := *ns.nestedMean - *ns.freeMean
		m.CostM = &c
	}
	gap := func(mean, bound *float64) *float64 {
		if mean == nil || bound == nil || *bound <= 0 {
			return nil
		}
		g := *mean / *bound - 1
		return &g
	}
	m.Gap, m.GapUnnested, m.GapNestedBound = gap(ns.nestedMean, ns.freeBound), gap(ns.freeMean, ns.freeBound), gap(ns.nestedMean, ns.nestedBound)
	jl := r.Level(dataset.Junior)
	for _, mg := range ns.stats.Merged {
		name := fmt.Sprintf("junior zone %d", mg.Group)
		if jl != nil && mg.Group >= 0 && mg.Group < len(jl.Zones) {
			name = r.Dataset.Schools[jl.Zones[mg.Group].Schools[0]].Name
		}
		m.Merged = append(m.Merged, fmt.Sprintf("%s（新生 %d 人）", name, mg.Entrants))
	}
	return m
}

// FeederNames returns the notice's 对口初中 of each primary school of m's
// 对口 table (school_id → the junior school's name), nil without one.
func FeederNames(m Metrics) notice.Feeders {
	var out notice.Feeders
	for _, f := range m.Feeders {
		if f.JuniorName == "" {
			continue
		}
		if out == nil {
			out = notice.Feeders{}
		}
		out[f.SchoolID] = f.JuniorName
	}
	return out
}
