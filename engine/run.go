package engine

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
	"github.com/hutubi-edu/zoning/geo/roads"
	"github.com/hutubi-edu/zoning/zones"
)

// Redrawer draws one level's zones: it assigns every unit of the problem to
// a school. The engine calls it once per level and year.
type Redrawer func(ctx context.Context, p *zones.Problem) (zones.Plan, error)

// RunOptions configure a run.
type RunOptions struct {
	Year      int // target school year; 0 means the base year + 1
	Config    config.Config
	Objective zones.Objective // "" means the configuration's zoning.objective
	Locks     *Locks          // a planner's pins and closed schools; nil for none
	Redraw    Redrawer        // nil: zones.Redraw with the configuration's settings
	// Zones, when not nil, are the target year's zones instead of a
	// redraw (a plan to evaluate): zones.geojson features as
	// docs/dataset-format.md describes them, a shared ZoneID making a
	// multi-school zone. The years before the target are redrawn as usual.
	Zones []dataset.Zone
	Log   *slog.Logger // progress; nil: discard
	// PrivateChoice, when not nil, lets families choose private schools
	// each year before the public placement (see PrivateChoice.Choose);
	// nil: entrants reach a private school only when public seats run
	// out.
	PrivateChoice *PrivateChoice
	Nest          bool // the target year's primary zones nested in the junior zones (StepOptions.Nest)
}

// Zone is one zone of a level: one school's, or the schools' of a
// multi-school zone (多校划片), whose entrants a lottery seats among them.
type Zone struct {
	ID      string // the zone_id of a multi-school zone, "" for a single school's
	Schools []int  // its schools (indexes into ds.Schools), at least one
}

// ZonedSchool is a school that has a zone in a level.
type ZonedSchool struct {
	School int // index into ds.Schools
	Zone   int // index into LevelResult.Zones: schools of a multi-school zone share one
	// Polygon is the school's zone as families are told about it (the
	// target year's: nil in a simulated year and when the zone has no
	// units); WGS84 lon,lat. The schools of a multi-school zone share the
	// redraw's polygon; a given plan's are each school's features.
	Polygon orb.MultiPolygon
}

// LevelResult is one level of a run's target year.
type LevelResult struct {
	Level    dataset.Level
	Sections []int // schools (indexes into ds.Schools) with a section of the level
	// Zoned[k]: the schools that have a zone (public, with intake
	// places), in the order of ds.Schools.
	Zoned []ZonedSchool
	// Zones[z]: the level's zones, one per zoned school or multi-school
	// zone; z is the zone of UnitZone, ZoneInForce, HomeZone, Odds and
	// the what-if.
	Zones []Zone
	Odds  []Odds // the lottery of each school of each multi-school zone
	// Schools[j]: school j's figures for the level (j indexes ds.Schools).
	Schools  []LevelSchool
	Entrants []int // indexes into ds.Children
	Seats    []Seat
	// problem and plan are the optimizer's view of the level (its units'
	// demand, the zones in force, each unit's zone); outside engine they
	// are read through UnitZone, ZoneInForce, Demand, PlanUnits, CheckPlan,
	// RedrawStopped and WhatIf.
	problem *zones.Problem
	plan    zones.Plan
	// HomeZone[h]: the zone (index into Zones) holding household h, -1
	// for none: the zone of the home's unit for a redraw, the zone whose
	// polygon holds the home for a given plan (RunOptions.Zones). Nil in a
	// result built by hand: then the unit's zone counts.
	HomeZone []int
	// Overlapping counts the households that two zones of a given plan
	// hold (its polygons overlap there; the first zone counts); 0 for a
	// redraw. Overlaps are those zones and households
	// (dataset.ZoneOverlaps, as the loader warns of the zones in force).
	Overlapping int
	Overlaps    []dataset.Overlap
	// LowerBoundM is the transportation-problem optimum of the mean
	// great-circle distance in metres, nil when entrants exceed the intake
	// capacity. LowerBoundRouteM is that of the mean walk along the roads,
	// nil as well when the run measures straight distances.
	LowerBoundM      *float64
	LowerBoundRouteM *float64
	nesting          *nesting // a nested primary level's feeders and costs (feeders.go); nil
}

// LevelSchool is one school's figures for a level (LevelResult.Schools[j]
// is ds.Schools[j]'s).
type LevelSchool struct {
	// Capacity: intake places for the level's entrants this year; 0
	// without a section of the level, without places or closed.
	Capacity int
	// Students[g]: pupils of the level in grade first+g of the target
	// year, entrants included; nil until counted (Stepper.Final counts
	// them for the results it returns).
	Students []int
}

// Capacities returns a new slice of the schools' intake places, indexed
// by ds.Schools (Placement.Capacity's form).
func (lr *LevelResult) Capacities() []int {
	out := make([]int, len(lr.Schools))
	for j, s := range lr.Schools {
		out[j] = s.Capacity
	}
	return out
}

// HomeZoneOf returns the zone (index into Zones) holding household h, or
// -1: HomeZone[h], or the zone of the home's unit in us for a result built
// without HomeZone.
func (lr *LevelResult) HomeZoneOf(us *zones.Units, h int) int {
	if lr.HomeZone != nil {
		return lr.HomeZone[h]
	}
	return lr.UnitZone(us.HomeUnit[h])
}

// UnitZone returns the zone (index into Zones) of unit u (an index into
// the result's Units) in the level's plan, -1 for none.
func (lr *LevelResult) UnitZone(u int) int {
	if u < 0 || u >= len(lr.plan.UnitSchool) {
		return -1
	}
	return lr.plan.UnitSchool[u]
}

// ZoneInForce returns the zone (index into Zones) of unit u in the zones in
// force (the dataset's zones.geojson, or a simulation's previous year), -1
// for none; ok is false when the level has no zones in force.
func (lr *LevelResult) ZoneInForce(u int) (z int, ok bool) {
	if lr.problem == nil || lr.problem.Current == nil {
		return -1, false
	}
	if u < 0 || u >= len(lr.problem.Current) {
		return -1, true
	}
	return lr.problem.Current[u], true
}

// PlanUnits returns the number of units the level's plan zones (see
// UnitZone), 0 for a level without a plan.
func (lr *LevelResult) PlanUnits() int { return len(lr.plan.UnitSchool) }

// Demand returns the entrants of household h (an index into ds.Households)
// that the level places through its zones (those whose family chose a
// private school are not counted), 0 for an index out of range.
func (lr *LevelResult) Demand(h int) int {
	if lr.problem == nil || h < 0 || h >= len(lr.problem.Demand) {
		return 0
	}
	return lr.problem.Demand[h]
}

// RedrawStopped reports whether the redraw's time limit cut its search of
// the level's zones short (false for a given plan or no redraw).
func (lr *LevelResult) RedrawStopped() bool {
	return lr.plan.Stats != nil && lr.plan.Stats.Stopped
}

// CheckPlan checks the level's plan against n units: a zone (index into
// Zones, or -1) for each unit, in the plan and in the zones in force.
func (lr *LevelResult) CheckPlan(n int) error {
	nz := len(lr.Zones)
	if len(lr.plan.UnitSchool) != n {
		return fmt.Errorf("engine: %s: plan of %d units for %d units", lr.Level, len(lr.plan.UnitSchool), n)
	}
	for u, z := range lr.plan.UnitSchool {
		if z < -1 || z >= nz {
			return fmt.Errorf("engine: %s: unit %d in zone %d outside -1–%d", lr.Level, u, z, nz-1)
		}
	}
	if p := lr.problem; p != nil && p.Current != nil {
		if len(p.Current) != n {
			return fmt.Errorf("engine: %s: zones in force of %d units for %d units", lr.Level, len(p.Current), n)
		}
		for u, z := range p.Current {
			if z < -1 || z >= nz {
				return fmt.Errorf("engine: %s: unit %d in force in zone %d outside -1–%d", lr.Level, u, z, nz-1)
			}
		}
	}
	return nil
}

// SetUnitZones sets the level's plan for a result built by hand (tests,
// examples): zone[u] is the zone (index into Zones, -1 for none) of unit
// u of us, inForce[u] its zone in the zones in force (nil: the level has
// none).
func (lr *LevelResult) SetUnitZones(us *zones.Units, zone, inForce []int) {
	lr.problem = &zones.Problem{Units: us, Current: inForce}
	lr.plan = zones.Plan{UnitSchool: zone}
}

// WhatIf returns the level's plan as the planner's what-if sees it (see
// zones.WhatIf); nil for a level without a plan of its units.
func (lr *LevelResult) WhatIf() *zones.WhatIf {
	if lr.problem == nil || lr.problem.Units == nil || len(lr.plan.UnitSchool) != len(lr.problem.Units.Units) ||
		len(lr.plan.UnitSchool) == 0 {
		return nil
	}
	return zones.NewWhatIf(lr.problem, &lr.plan)
}

// ZonedIndex returns the position in Zoned of school j (an index into
// ds.Schools), -1 when it has no zone in the level.
func (lr *LevelResult) ZonedIndex(j int) int {
	return slices.IndexFunc(lr.Zoned, func(z ZonedSchool) bool { return z.School == j })
}

// zonedSchools returns the zoned schools (Zoned[k].School).
func (lr *LevelResult) zonedSchools() []int {
	out := make([]int, len(lr.Zoned))
	for k := range lr.Zoned {
		out[k] = lr.Zoned[k].School
	}
	return out
}

// zoneSchools returns the schools of each zone (Zones[z].Schools).
func (lr *LevelResult) zoneSchools() [][]int {
	out := make([][]int, len(lr.Zones))
	for z := range lr.Zones {
		out[z] = lr.Zones[z].Schools
	}
	return out
}

// ZoneID returns the zone_id of the zone of Zoned[k]: "" unless
// it is a multi-school zone.
func (lr *LevelResult) ZoneID(k int) string {
	if z := lr.Zoned[k].Zone; z < len(lr.Zones) {
		return lr.Zones[z].ID
	}
	return ""
}

// Result is a run: the target year's zones and placements for both levels.
type Result struct {
	Dataset *dataset.Dataset
	Config  config.Config
	Year    int
	Area    orb.MultiPolygon // the zoned area
	Units   *zones.Units
	Homes   []zones.Home // Homes[h] is ds.Households[h]
	Levels  []*LevelResult
	// Enrolment is every child's school in the target year, entrants
	// placed.
	Enrolment *Enrolment
	Objective zones.Objective
	Locks     *Locks
	// Distance is what the redraw minimised and the checks count:
	// DistanceRoute or DistanceStraight (config zoning.distance).
	Distance string
	// Routes are the walks along the dataset's roads from its schools;
	// nil when Distance is straight.
	Routes *roads.Routes

	// groupHome[g]: the first household whose home is in group g (a
	// zones.Home.Group), to name the group.
	groupHome map[string]int

	// derived holds outputs computed once from a finished result (Run sets
	// it; nil, as in a result built by hand or a Stepper's year, means
	// computed at every call).
	derived *derived
}

// derived are a finished result's outputs that cost time to compute and are
// asked for more than once (the output files and the report).
type derived struct {
	movesOnce  sync.Once
	households []HouseholdMove
	moves      []Move
	movesErr   error
	descOnce   sync.Once
	desc       []notice.Plan
	propOnce   sync.Once       // ShareProposals
	props      []ShareProposal // ShareProposals
	routeOnce  sync.Once       // routeMetrics, per level
	routes     map[dataset.Level]*RouteMetrics
	walksOnce  sync.Once // Walks, per level
	walks      map[dataset.Level][]Walk
}

// Level returns the result of a level.
func (r *Result) Level(l dataset.Level) *LevelResult {
	for _, lr := range r.Levels {
		if lr.Level == l {
			return lr
		}
	}
	return nil
}

// Run places the entrants of the target year through redrawn zones. Years
// between the base year and the target are simulated with the same
// procedure, so that each year's intake capacities follow from the pupils
// already seated.
func Run(ctx context.Context, ds *dataset.Dataset, opt RunOptions) (*Result, error) {
	out, err := RunPlans(ctx, ds, [][]dataset.Zone{opt.Zones}, opt)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// RunPlans places the same entrants of the target year once through each
// plan's zones (a nil plan: redrawn zones), so that the results differ by
// the zones alone. The years between the base year and the target are
// simulated once, with redrawn zones, and shared. opt.Zones is ignored.
func RunPlans(ctx context.Context, ds *dataset.Dataset, plans [][]dataset.Zone, opt RunOptions) ([]*Result, error) {
	base := ds.Meta.BaseYear
	year := opt.Year
	if year == 0 {
		year = base + 1
	}
	if year <= base {
		return nil, fmt.Errorf("engine: target year %d must come after the base year %d", year, base)
	}
	st, err := NewStepper(ds, opt)
	if err != nil {
		return nil, err
	}
	enrol := BaseEnrolment(ds)
	for y := base + 1; y < year; y++ {
		yr, err := st.Step(ctx, enrol, StepOptions{Locks: opt.Locks})
		if err != nil {
			return nil, err
		}
		enrol = yr.Enrolment
	}
	return st.Final(ctx, enrol, plans, StepOptions{Locks: opt.Locks, Nest: opt.Nest})
}

// Final places the entrants of school year enrol.Year+1 once through each
// plan's zones (a nil plan: redrawn zones), as the target year of a run: the
// intake column of schools.csv is used, the zones' polygons are drawn, and
// each level gets its lower bound. o.Zones and o.Final are ignored. The
// results are final: their outputs are computed once.
func (s *Stepper) Final(ctx context.Context, enrol *Enrolment, plans [][]dataset.Zone, o StepOptions) ([]*Result, error) {
	bounds := map[dataset.Level][2]*float64{}
	out := make([]*Result, len(plans))
	o.Final = true
	for i, zs := range plans {
		o.Zones = zs
		// res is the step's own copy of the shared result.
		res, yr, err := s.step(ctx, enrol, o)
		if err != nil {
			return nil, err
		}
		res.Levels = yr.Levels
		res.Enrolment = yr.Enrolment
		for _, lr := range res.Levels {
			for j, grades := range yr.Enrolment.Students(res.Dataset, lr.Level) {
				lr.Schools[j].Students = grades
			}
			// The entrants and capacities are the same for every plan:
			// one lower bound each level.
			lb, ok := bounds[lr.Level]
			if !ok {
				if lb, err = levelBounds(lr.problem, res.Config.Zoning.KNearest); err != nil {
					return nil, err
				}
				bounds[lr.Level] = lb
			}
			lr.LowerBoundM = withChosen(lb[0], lr, func(st Seat) float64 { return st.DistanceM })
			if res.Routes != nil {
				lr.LowerBoundRouteM = withChosen(lb[1], lr, res.walkM)
			}
		}
		res.derived = &derived{} // the result is final from here on
		out[i] = res
	}
	return out, nil
}

// levelBounds returns the lower bounds of a level's mean distance: the
// great-circle one and, when p measures routes, the route one (else nil).
func levelBounds(p *zones.Problem, k int) ([2]*float64, error) {
	var out [2]*float64
	straight := *p
	straight.Metric = nil
	lb, err := zones.LowerBound(&straight, k)
	if err != nil {
		return out, err
	}
	out[0] = lb
	if p.Metric != nil {
		if out[1], err = zones.LowerBound(p, k); err != nil {
			return out, err
		}
	}
	return out, nil
}

// withChosen returns the lower bound of all the level's entrants from lb,
// that of the entrants placed through the zones: the entrants whose family
// chose a private school (SeatPrivateChoice) count at their distance there,
// which no zoning changes. Nil stays nil.
func withChosen(lb *float64, lr *LevelResult, dist func(Seat) float64) *float64 {
	if lb == nil {
		return nil
	}
	placed, chosen, sum := 0, 0, 0.0
	for _, st := range lr.Seats {
		switch {
		case st.Reason == SeatPrivateChoice:
			chosen++
			sum += dist(st)
		case st.School >= 0:
			placed++
		}
	}
	if chosen == 0 {
		return lb
	}
	v := (*lb*float64(placed) + sum) / float64(placed+chosen)
	return &v
}

// Stepper places entrants one school year at a time over a fixed set of
// homes and units: the reusable step of Run and of a year-by-year
// simulation, in which each year's campuses (seats, locations) may change.
type Stepper struct {
	res    *Result // the shared parts: dataset, homes, units, configuration
	redraw Redrawer
	choice *PrivateChoice // RunOptions.PrivateChoice
	log    *slog.Logger
}

// yearStep is the working state of one year of a Stepper: the result being
// built (embedded) and what only the step needs.
type yearStep struct {
	*Result
	prev   *YearResult    // the previous year: its plans are the zones in force
	keep   bool           // keep the zones in force
	choice *PrivateChoice // families' choice of private schools; nil: none
	final  bool           // the target year of a run (StepOptions.Final)
	fixed  []dataset.Zone // the year's zones instead of a redraw (StepOptions.Zones)
	redraw Redrawer
	nest   *nestWait // StepOptions.Nest (feeders.go); nil: not nested
}

// NewStepper builds the homes, the zoned area and the units of ds (slow: a
// few seconds on a county) once for every year to come.
func NewStepper(ds *dataset.Dataset, opt RunOptions) (*Stepper, error) {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	objective := opt.Objective
	if objective == "" {
		var err error
		if objective, err = zones.ParseObjective(opt.Config.Zoning.Objective); err != nil {
			return nil, fmt.Errorf("engine: zoning.objective: %w", err)
		}
	}
	redraw := opt.Redraw
	if redraw == nil {
		redraw = FullRedraw(opt.Config, objective, log)
	}
	res := &Result{Dataset: ds, Config: opt.Config, Year: ds.Meta.BaseYear + 1, Objective: objective, Locks: opt.Locks}
	res.Homes, res.groupHome = groupHomes(ds)
	rez := opt.Config.Zoning.H3Resolution
	log.Info("building the zoned area and units", "households", len(ds.Households), "h3_resolution", rez)
	var err error
	if res.Area, err = zones.ZonedArea(ds.Boundary, res.Homes, rez, 2); err != nil {
		return nil, err
	}
	if res.Distance, err = DistanceOf(ds, opt.Config); err != nil {
		return nil, err
	}
	uo := zones.UnitOptions{Resolution: rez, MaxDiameterM: opt.Config.Zoning.UnitDiameterM}
	if res.Distance == DistanceRoute {
		log.Info("walking the roads from every school", "nodes", ds.Roads.Nodes(), "schools", len(ds.Schools),
			"cutoff_m", opt.Config.Zoning.RouteCutoffM)
		res.Routes = roads.NewRoutes(ds.Roads, opt.Config.Zoning.RouteCutoffM, schoolSites(ds))
		// Neighbouring cells are apart across a barrier unless a crossing
		// is about as near as their centres are to each other.
		uo.Apart = res.Routes.Apart(geo.CellSpacingM(rez))
	}
	if res.Units, err = zones.NewUnits(res.Homes, res.Area, uo); err != nil {
		return nil, err
	}
	log.Info("units built", "units", len(res.Units.Units), "groups_split", len(res.Units.Splits))
	return &Stepper{res: res, redraw: redraw, choice: opt.PrivateChoice, log: log}, nil
}

// FullRedraw is a run's redraw: zones.Redraw under the objective with the
// configuration's seed, k nearest and zoning.time_limit_s per level, its
// progress to log (nil: none).
func FullRedraw(cfg config.Config, objective zones.Objective, log *slog.Logger) Redrawer {
	z := cfg.Zoning
	return func(ctx context.Context, p *zones.Problem) (zones.Plan, error) {
		return zones.Redraw(ctx, p, zones.RedrawOptions{Objective: objective, Weights: RedrawWeights(cfg, objective), Seed: z.Seed, KNearest: z.KNearest,
			TimeLimit: time.Duration(z.TimeLimitS * float64(time.Second)), Log: log})
	}
}

// Units returns the units the stepper zones with.
func (s *Stepper) Units() *zones.Units { return s.res.Units }

// Objective returns the objective the stepper redraws under
// (RunOptions.Objective, else the configuration's zoning.objective).
func (s *Stepper) Objective() zones.Objective { return s.res.Objective }

// StepOptions configure one year of a Stepper.
type StepOptions struct {
	// Schools replaces the dataset's campuses for this year: the same ids
	// in the same order, with this year's seats, locations and resources.
	// Nil: the dataset's.
	Schools []dataset.School
	// Children replaces the dataset's children (the same ones first, then
	// any projected entrants, whose households are the dataset's). Nil:
	// the dataset's.
	Children []dataset.Child
	Locks    *Locks // this year's pins, closed sections and shared zones
	// Prev is the previous year's result: its plans are the zones in force
	// (the dataset's zones.geojson otherwise).
	Prev *YearResult
	// Keep keeps the zones in force: every unit that had a school keeps it
	// (when that school still takes entrants); only the others are drawn.
	Keep bool
	// Final marks the target year of a run: the intake column of
	// schools.csv is used and the zones' polygons are drawn.
	Final bool
	// Zones, when not nil, are this year's zones instead of a redraw (see
	// RunOptions.Zones).
	Zones []dataset.Zone
	// Redraw, when not nil, redraws this year instead of the stepper's
	// Redrawer (a simulation's fast redraw, the full one for its target).
	Redraw Redrawer
	// Nest draws every primary zone inside the junior zone of the school
	// it feeds (feeders.go; docs/optimizer.md, "Nested zones"); ignored
	// with Zones.
	Nest bool
}

// YearResult is one school year placed by a Stepper.
type YearResult struct {
	Year      int
	Dataset   *dataset.Dataset // the year's dataset: its campuses and children
	Units     *zones.Units     // the units the year's plans zone (the stepper's)
	Levels    []*LevelResult
	Enrolment *Enrolment // every child's school in Year, entrants placed
}

// Level returns the result of a level.
func (y *YearResult) Level(l dataset.Level) *LevelResult {
	if y == nil {
		return nil
	}
	for _, lr := range y.Levels {
		if lr.Level == l {
			return lr
		}
	}
	return nil
}

// Step places the entrants of school year enrol.Year+1: it advances enrol,
// redraws each level's zones and seats the entrants.
func (s *Stepper) Step(ctx context.Context, enrol *Enrolment, o StepOptions) (*YearResult, error) {
	_, yr, err := s.step(ctx, enrol, o)
	return yr, err
}

// step is Step, which also returns the year's result (not final).
func (s *Stepper) step(ctx context.Context, enrol *Enrolment, o StepOptions) (*Result, *YearResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	r := *s.res
	r.derived = nil // a year's copy is not final
	y := enrol.Year + 1
	r.Year = y
	r.Locks = o.Locks
	if o.Schools != nil || o.Children != nil {
		d := *s.res.Dataset
		if o.Schools != nil {
			if len(o.Schools) != len(d.Schools) {
				return nil, nil, fmt.Errorf("engine: %d: %d campuses, the dataset has %d", y, len(o.Schools), len(d.Schools))
			}
			d.Schools = o.Schools
		}
		if o.Children != nil {
			d.Children = o.Children
		}
		r.Dataset = &d
	}
	st := &yearStep{Result: &r, prev: o.Prev, keep: o.Keep, choice: s.choice, final: o.Final, fixed: o.Zones, redraw: s.redraw}
	if o.Redraw != nil {
		st.redraw = o.Redraw
	}
	st.startNest(o.Nest)
	ds := r.Dataset
	if len(enrol.School) < len(ds.Children) {
		grown := &Enrolment{Year: enrol.Year, School: make([]int, len(ds.Children))}
		copy(grown.School, enrol.School)
		for i := len(enrol.School); i < len(grown.School); i++ {
			grown.School[i] = -1
		}
		enrol = grown
	}
	next := enrol.Advance(ds)
	// The levels are independent within a year (their entrants are
	// different children): one goroutine each.
	lrs := make([]*LevelResult, len(dataset.Levels))
	errs := make([]error, len(dataset.Levels))
	var wg sync.WaitGroup
	for i, level := range dataset.Levels {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lrs[i], errs[i] = st.placeLevel(ctx, enrol, next, level)
			st.levelDone(level, lrs[i])
			if errs[i] == nil {
				s.log.Info("placed", "year", y, "level", level, "entrants", len(lrs[i].Entrants))
			}
		}()
	}
	wg.Wait()
	for i, level := range dataset.Levels {
		if errs[i] != nil {
			return nil, nil, fmt.Errorf("engine: %d %s: %w", y, level, errs[i])
		}
	}
	return &r, &YearResult{Year: y, Dataset: ds, Units: r.Units, Levels: lrs, Enrolment: next}, nil
}

// placeLevel redraws one level's zones for year next.Year and seats its
// entrants, recording them in next.
func (r *yearStep) placeLevel(ctx context.Context, prev, next *Enrolment, level dataset.Level) (*LevelResult, error) {
	ds, final, fixed := r.Dataset, r.final, r.fixed
	lr := &LevelResult{Level: level, Schools: make([]LevelSchool, len(ds.Schools))}
	for j, c := range prev.IntakeCapacity(ds, level, final) {
		lr.Schools[j].Capacity = c
	}
	lr.Entrants = Entrants(ds, next.Year, level)
	for j := range ds.Schools {
		s := &ds.Schools[j]
		if !s.HasLevel(level) {
			continue
		}
		lr.Sections = append(lr.Sections, j)
		if r.Locks.IsClosed(level, j) {
			lr.Schools[j].Capacity = 0
			continue
		}
		if s.Public && lr.Schools[j].Capacity > 0 {
			lr.Zoned = append(lr.Zoned, ZonedSchool{School: j})
		}
	}
	// Families who choose a private school are seated first; the zones
	// and the public placement are for the others.
	placing, capacity := lr.Entrants, lr.Capacities()
	chosen := r.choice.Choose(ds, level, lr.Entrants, capacity, prev, next, r.Config.Zoning.Seed)
	if len(chosen) > 0 {
		out := make(map[int]bool, len(chosen))
		for _, s := range chosen {
			capacity[s.School]--
			out[s.Child] = true
		}
		placing = make([]int, 0, len(lr.Entrants)-len(chosen))
		for _, ci := range lr.Entrants {
			if !out[ci] {
				placing = append(placing, ci)
			}
		}
	}
	p := &zones.Problem{Units: r.Units, Homes: r.Homes, Demand: make([]int, len(r.Homes)), Future: make([]int, len(r.Homes)),
		Metric: metricOf(r.Routes)}
	for _, ci := range placing {
		p.Demand[ds.HouseholdIndex(ds.Children[ci].HouseholdID)]++
	}
	for _, ci := range FutureEntrants(ds, next.Year, level) {
		p.Future[ds.HouseholdIndex(ds.Children[ci].HouseholdID)]++
	}
	p.Migrants = migrantEntrants(ds, placing, len(r.Homes))
	r.groupZones(lr, p, r.shares(level, fixed))
	if fixed != nil {
		if err := r.fixedZones(lr, p, fixed); err != nil {
			return nil, err
		}
	} else if err := r.redrawLevel(ctx, lr, p); err != nil {
		return nil, err
	}

	zone := make([]int, len(placing))
	for k, ci := range placing {
		zone[k] = lr.HomeZone[ds.HouseholdIndex(ds.Children[ci].HouseholdID)]
	}
	// Overflow: public schools, then the others (民办 places bought by the
	// government).
	var fallback []int
	for _, j := range lr.Sections {
		if !ds.Schools[j].Public && capacity[j] > 0 {
			fallback = append(fallback, j)
		}
	}
	lr.Seats, lr.Odds = Place(ds, Placement{Entrants: placing, Zone: zone, Members: lr.zoneSchools(), Capacity: capacity,
		Overflow: lr.zonedSchools(), Fallback: fallback, Seed: r.Config.Zoning.Seed, Metric: metricOf(r.Routes)})
	if len(chosen) > 0 {
		lr.Seats = mergeSeats(lr.Entrants, chosen, lr.Seats)
	}
	r.routeSeats(lr.Seats)
	for _, s := range lr.Seats {
		next.School[s.Child] = s.School
	}
	return lr, nil
}

// mergeSeats returns the seats of a and b (each in the order of entrants)
// in the order of entrants.
func mergeSeats(entrants []int, a, b []Seat) []Seat {
	out := make([]Seat, 0, len(a)+len(b))
	for _, ci := range entrants {
		switch {
		case len(a) > 0 && a[0].Child == ci:
			out = append(out, a[0])
			a = a[1:]
		case len(b) > 0 && b[0].Child == ci:
			out = append(out, b[0])
			b = b[1:]
		}
	}
	return out
}

// redrawLevel draws a level's zones with the redrawer, from the zones in
// force and the pins, and sets lr.problem, lr.plan, lr.HomeZone and, for the
// final year, the zoned schools' polygons.
func (r *yearStep) redrawLevel(ctx context.Context, lr *LevelResult, p *zones.Problem) error {
	ds, final := r.Dataset, r.final
	if err := r.setCurrent(lr, p); err != nil {
		return err
	}
	// The planner's pins are checked before the redraw and verified after
	// it: kept, or refused with the line of the locks file.
	pins, err := r.resolvePins(lr, p)
	if err != nil {
		return err
	}
	p.Locks = pins.locks
	lr.problem = p
	if r.keep && p.Current != nil {
		// Keep the zones in force: lock every unit that has a school
		// taking entrants; the redraw places only the others.
		locks := make(map[int]int, len(p.Current))
		for u, z := range p.Current {
			if z >= 0 {
				locks[u] = z
			}
		}
		for u, z := range p.Locks {
			locks[u] = z
		}
		kept := *p
		kept.Locks = locks
		p = &kept
		lr.problem = p
	}
	plan, err := r.redrawOf(ctx, lr, p)
	if err != nil {
		return err
	}
	if err := plan.Validate(p); err != nil {
		return err
	}
	lr.plan = plan
	if final {
		// The polygons are the zones families are told about: draw them
		// before seating, so that zoned agrees with them.
		perZone, err := p.Zones(&lr.plan, pins.locked(len(r.Units.Units)), 3)
		if err != nil {
			return err
		}
		for k := range lr.Zoned {
			lr.Zoned[k].Polygon = perZone[lr.Zoned[k].Zone]
		}
	}
	lr.HomeZone = make([]int, len(ds.Households))
	for h := range lr.HomeZone {
		lr.HomeZone[h] = lr.plan.UnitSchool[r.Units.HomeUnit[h]]
	}
	return r.verifyPins(lr, p, pins, final)
}

// setCurrent sets p.Current: the zone of each unit in the zones in force
// (the previous year's plan of a Stepper, else the dataset's zones.geojson).
func (r *yearStep) setCurrent(lr *LevelResult, p *zones.Problem) error {
	var err error
	if prev := r.prev.Level(lr.Level); prev != nil {
		p.Current = previousPlan(prev, lr.zonedSchools())
	} else if p.Current, err = currentPlan(r.Dataset, r.Units, r.Homes, lr.Level, lr.zonedSchools()); err != nil {
		return err
	}
	// It comes indexed by position in Zoned: turn it into zones.
	for u, k := range p.Current {
		if k >= 0 {
			p.Current[u] = lr.Zoned[k].Zone
		}
	}
	return nil
}

// shares returns the multi-school zone (多校划片) id of each school of a
// level that shares one: from a given plan's zone_id properties when fixed
// is not nil, else from the locks.
func (r *Result) shares(level dataset.Level, fixed []dataset.Zone) map[int]string {
	shareOf := map[int]string{}
	if fixed != nil {
		for _, z := range fixed {
			if z.Level == level && z.ZoneID != "" {
				if j := r.Dataset.SchoolIndex(z.SchoolID); j >= 0 {
					shareOf[j] = z.ZoneID
				}
			}
		}
		return shareOf
	}
	if r.Locks != nil {
		for id, members := range r.Locks.Shares[level] {
			for _, j := range members {
				shareOf[j] = id
			}
		}
	}
	return shareOf
}

// fixedZones sets a level's zones to a given plan's: the zoned schools' polygons are its
// polygons, lr.HomeZone the zone whose polygon holds each home (the first
// when polygons overlap), lr.plan each unit's zone by a majority of its
// homes (a unit without homes: the zone holding its centre). Zones of
// schools that take no entrants of the level this year are left out, so
// their homes have no zone.
func (r *yearStep) fixedZones(lr *LevelResult, p *zones.Problem, fixed []dataset.Zone) error {
	ds := r.Dataset
	lr.problem = p
	if err := r.setCurrent(lr, p); err != nil {
		return err
	}
	pos := make(map[int]int, len(lr.Zoned))
	for k, zk := range lr.Zoned {
		j := zk.School
		pos[j] = k
	}
	var polys []orb.MultiPolygon
	var zoneOf []int
	var used []dataset.Zone
	for _, z := range fixed {
		if z.Level != lr.Level {
			continue
		}
		k, ok := pos[ds.SchoolIndex(z.SchoolID)]
		if !ok || len(z.Geometry) == 0 {
			continue
		}
		lr.Zoned[k].Polygon = append(lr.Zoned[k].Polygon, z.Geometry...)
		used = append(used, z)
		polys = append(polys, z.Geometry)
		zoneOf = append(zoneOf, lr.Zoned[k].Zone)
	}
	lr.HomeZone = make([]int, len(ds.Households))
	for h := range lr.HomeZone {
		lr.HomeZone[h] = -1
	}
	plan := zones.Plan{UnitSchool: make([]int, len(r.Units.Units))}
	for u := range plan.UnitSchool {
		plan.UnitSchool[u] = -1
	}
	lr.plan = plan
	if len(polys) == 0 {
		return nil
	}
	idx, err := geos.NewPolygonIndex(polys)
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	for h := range lr.HomeZone {
		if hit := idx.Locate(r.Homes[h].Loc); len(hit) > 0 {
			lr.HomeZone[h] = zoneOf[hit[0]]
		}
	}
	// In two zones: the plan's polygons overlap there.
	if lr.Overlaps, err = dataset.ZoneOverlaps(used, ds.Households); err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	in := map[int]bool{}
	for _, o := range lr.Overlaps {
		for _, h := range o.Households {
			in[h] = true
		}
	}
	lr.Overlapping = len(in)
	for u := range r.Units.Units {
		plan.UnitSchool[u] = unitZone(&r.Units.Units[u], func(h int) int { return lr.HomeZone[h] }, func(p orb.Point) int {
			if hit := idx.Locate(p); len(hit) > 0 {
				return zoneOf[hit[0]]
			}
			return -1
		})
	}
	return nil
}

// groupZones makes the zones of a level: one per zoned school, except that
// the schools shareOf names share a zone (多校划片) make one together, with
// their capacities added.
func (r *Result) groupZones(lr *LevelResult, p *zones.Problem, shareOf map[int]string) {
	ds := r.Dataset
	count := map[string]int{}
	for _, zk := range lr.Zoned {
		j := zk.School
		if id, ok := shareOf[j]; ok {
			count[id]++
		}
	}
	zoneOf := map[string]int{}
	for k, zk := range lr.Zoned {
		j := zk.School
		s := &ds.Schools[j]
		id, shared := shareOf[j]
		if shared && count[id] < 2 {
			shared = false // the other schools take no entrants this year
		}
		if !shared {
			lr.Zoned[k].Zone = len(p.Schools)
			lr.Zones = append(lr.Zones, Zone{Schools: []int{j}})
			p.Schools = append(p.Schools, zones.School{ID: s.ID, Loc: s.Loc, Capacity: lr.Schools[j].Capacity})
			continue
		}
		z, ok := zoneOf[id]
		if !ok {
			z = len(p.Schools)
			zoneOf[id] = z
			lr.Zones = append(lr.Zones, Zone{ID: id})
			p.Schools = append(p.Schools, zones.School{ID: id})
		}
		lr.Zoned[k].Zone = z
		lr.Zones[z].Schools = append(lr.Zones[z].Schools, j)
		zs := &p.Schools[z]
		zs.Capacity += lr.Schools[j].Capacity
		zs.Campuses = append(zs.Campuses, zones.Campus{Loc: s.Loc, Capacity: lr.Schools[j].Capacity})
		var x, y float64
		for _, c := range zs.Campuses {
			x += c.Loc[0]
			y += c.Loc[1]
		}
		zs.Loc = orb.Point{x / float64(len(zs.Campuses)), y / float64(len(zs.Campuses))}
	}
}

// previousPlan maps the previous year's plan of a level onto this year's
// zoned schools: each unit takes the zone of this year's position of the
// first school of its previous zone that is still zoned, or -1.
func previousPlan(prev *LevelResult, zoned []int) []int {
	pos := make(map[int]int, len(zoned))
	for k, j := range zoned {
		pos[j] = k
	}
	cur := make([]int, len(prev.plan.UnitSchool))
	for u, z := range prev.plan.UnitSchool {
		cur[u] = -1
		if z < 0 || z >= len(prev.Zones) {
			continue
		}
		for _, j := range prev.Zones[z].Schools {
			if k, ok := pos[j]; ok {
				cur[u] = k
				break
			}
		}
	}
	return cur
}

// currentPlan maps the zones in force of a level onto units: each unit takes
// the school whose zone holds most of its homes (a unit without homes: the
// zone holding its first cell's centre). Nil when the dataset has no zones of
// the level.
func currentPlan(ds *dataset.Dataset, us *zones.Units, homes []zones.Home, level dataset.Level, zoned []int) ([]int, error) {
	idx, school, err := zonesInForce(ds, level, zoned)
	if err != nil || idx == nil {
		return nil, err
	}
	at := func(p orb.Point) int {
		if hit := idx.Locate(p); len(hit) > 0 {
			return school[hit[0]]
		}
		return -1
	}
	cur := make([]int, len(us.Units))
	for u := range us.Units {
		cur[u] = unitZone(&us.Units[u], func(h int) int { return at(homes[h].Loc) }, at)
	}
	return cur, nil
}

// unitZone returns the zone of a unit: the zone holding most of its homes
// (homeZone, -1 for none; ties to the lower zone), or, when no zone holds
// any, the zone at its centre (zoneAt, -1 for none).
func unitZone(unit *zones.Unit, homeZone func(h int) int, zoneAt func(orb.Point) int) int {
	votes := map[int]int{}
	for _, h := range unit.Homes {
		if z := homeZone(h); z >= 0 {
			votes[z]++
		}
	}
	best, bestN := -1, 0
	for z, n := range votes {
		if n > bestN || n == bestN && z < best {
			best, bestN = z, n
		}
	}
	if best < 0 {
		best = zoneAt(unit.Center)
	}
	return best
}

// zonesInForce indexes the zones in force of a level: school[k] is the
// position in zoned of the k-th indexed zone's school. Zones of schools not
// in zoned (closed to entrants this year) are left out. Nil when there are
// none.
func zonesInForce(ds *dataset.Dataset, level dataset.Level, zoned []int) (*geos.PolygonIndex, []int, error) {
	var polys []orb.MultiPolygon
	var school []int
	pos := map[int]int{}
	for k, j := range zoned {
		pos[j] = k
	}
	for _, z := range ds.Zones {
		if z.Level != level {
			continue
		}
		k, ok := pos[ds.SchoolIndex(z.SchoolID)]
		if !ok {
			continue
		}
		polys = append(polys, z.Geometry)
		school = append(school, k)
	}
	if len(polys) == 0 {
		return nil, nil, nil
	}
	idx, err := geos.NewPolygonIndex(polys)
	if err != nil {
		return nil, nil, fmt.Errorf("zones in force: %w", err)
	}
	return idx, school, nil
}
