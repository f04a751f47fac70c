// Package simulate runs a county year by year under a scenario: each school
// year it applies the scenario's events to that year's copy of the schools,
// advances the cohorts, lets families choose private schools as the base
// year's pupils did (engine.PrivateChoice), takes in the other grade-1 and
// grade-7 entrants through that year's redrawn zones, moves the teachers,
// equipment and multimedia rooms of sections moved to other schools with
// the pupils they lost that year (scenario.Follow; Year.Moves), counts
// classes, and evaluates the quality-balanced standard (package
// compliance). Children born after the base year are projected from the
// recent birth trend. What belongs here: the yearly loop, event
// application, the resources that follow moved pupils, the birth
// projection, and the simulation's CSV outputs.
package simulate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/zones"
)

// Options configure a simulation.
type Options struct {
	From, To int // years reported; 0: the base year and base year + 10
	Config   config.Config
	Scenario *scenario.Scenario // nil: no events
	// NoRedraw lists years whose zones are the previous year's (units of
	// a school that takes no entrants that year are drawn anew).
	NoRedraw map[int]bool
	// BirthTrend is the yearly relative change of births after the base
	// year (−0.05 = 5% fewer each year); nil: the mean change of the last
	// three years of births in the dataset.
	BirthTrend *float64
	// MigrantInflow adds, each year, migrant grade-1 entrants numbering
	// this share of the year's grade-1 entrants, living in migrant homes.
	MigrantInflow float64
	Seed          uint64          // seed of the projected children's homes; 0: config zoning.seed
	Redraw        engine.Redrawer // nil: FastRedraw of the configuration
	Log           *slog.Logger
	// NoPrivateChoice turns the families' choice of private schools off:
	// entrants then reach a private school only when public seats run out,
	// and a private school empties year by year. By default each year's
	// entrants choose private schools as the base year's pupils did (see
	// engine.PrivateChoice), seeded by config zoning.seed.
	NoPrivateChoice bool
	// PrivateChoice is the choice model; nil: engine.EstimatePrivateChoice
	// of the dataset's base year. Ignored with NoPrivateChoice.
	PrivateChoice *engine.PrivateChoice
	// Target, when not nil, also places the entrants of one year as a run
	// does (zoning run, redraw, compare): from the county the scenario
	// makes that year (its events applied, the cohorts advanced through
	// the simulated years before, births projected), through each of the
	// target's plans. The results are Result.Targets. A target after To
	// extends the simulation to it.
	Target *Target
}

// Target is the year a run places through its plans (Options.Target).
type Target struct {
	Year int // the school year; 0: the base year + 1
	// Plans are the zones to place through, one result each; a nil plan
	// (and no plans at all) redraws the zones with Redraw.
	Plans [][]dataset.Zone
	// Objective of the redraw and of the results; "": the configuration's
	// zoning.objective.
	Objective zones.Objective
	// Locks are the planner's locks of the target year, on top of the
	// scenario's: its pins come first (a scenario's pin yields a unit a
	// planner pins elsewhere), its closed sections add to the scenario's.
	Locks *engine.Locks
	// Redraw draws the zones of a nil plan; nil: engine.FullRedraw under
	// the objective.
	Redraw engine.Redrawer
	Nest   bool // nest the primary zones in the junior zones (engine.StepOptions.Nest)
}

// Section is one school section in one year.
type Section struct {
	Year           int
	SchoolID, Name string
	Level          dataset.Level
	ByGrade        []int // pupils by grade, the level's first grade first
	Students       int
	Classes        int
	MaxClass       int // pupils in the largest class
	Seats          int
	Capacity       int  // intake places for the entry grade this year
	Entrants       int  // entrants seated here this year
	Chosen         int  // of the Entrants, those whose family chose this private school (engine.SeatPrivateChoice)
	Closed         bool // takes no entrants this year (a moved section)
	CampusStudents int
	Disabled       int // pupils with a disability
	// Purchased: of the Entrants at a private school, those placed there
	// without their family's choice (government-purchased places).
	Purchased int
	// Classrooms are the section's general classrooms (schools.csv's
	// column, else derived from the seats; engine.SectionClassrooms):
	// classes are formed within them (engine.FormClasses).
	Classrooms int
	// OverClasses, LargeClasses and HugeClasses count the classes above
	// the class-size cap, of policy.large_class pupils or more (大班额)
	// and of policy.huge_class or more (超大班额); ShortRooms the classes
	// beyond the classrooms.
	OverClasses, LargeClasses, HugeClasses, ShortRooms int
}

// Year is one simulated school year.
type Year struct {
	Year    int
	Schools []dataset.School // the campuses in force, after the year's events
	Events  []*scenario.Event
	// Moves are the resources moved sections handed their receivers
	// this year (scenario.Follow), in the order they moved.
	Moves    []ResourceMove
	Sections []Section
	County   compliance.County
	Report   compliance.Report
	Result   *engine.YearResult // nil for the base year
	// Seating accounts for every entrant of the year, one per level
	// (primary first); nil for the base year.
	Seating []Seating
}

// Result is a simulation.
type Result struct {
	Dataset    *dataset.Dataset // the dataset, projected children appended
	Scenario   *scenario.Scenario
	Years      []*Year // From..To
	BirthTrend float64 // the yearly change of births used
	Projected  int     // children added by the projection and the inflow
	// Choice is the private-school choice model used, nil when off.
	Choice *engine.PrivateChoice
	// Targets are the target year's results (Options.Target), one per
	// plan; nil without a target.
	Targets []*engine.Result
	// TargetEvents are the scenario's events in force in the target year:
	// those of that year and of the years before, in the order applied.
	TargetEvents []*scenario.Event
}

// Year returns the simulated year y, or nil.
func (r *Result) Year(y int) *Year {
	for _, yr := range r.Years {
		if yr.Year == y {
			return yr
		}
	}
	return nil
}

// moved is a move_intake event in force: its source section and the units
// its zone held, pinned to receivers.
type moved struct {
	ev     *scenario.Event
	source int
	level  dataset.Level
	pins   map[int]int // unit → receiver (index into ds.Schools)
}

// Run simulates ds under the options' scenario from the base year to opt.To.
func Run(ctx context.Context, ds *dataset.Dataset, opt Options) (*Result, error) {
	base := ds.Meta.BaseYear
	from, to := opt.From, opt.To
	if from == 0 {
		from = base
	}
	if to == 0 {
		to = base + 10
	}
	if from < base || to < from {
		return nil, fmt.Errorf("simulate: years %d–%d: want base year %d ≤ from ≤ to", from, to, base)
	}
	target := 0
	if t := opt.Target; t != nil {
		target = cmp.Or(t.Year, base+1)
		if target <= base {
			return nil, fmt.Errorf("simulate: target year %d must come after the base year %d", target, base)
		}
		to = max(to, target)
	}
	if opt.Scenario != nil {
		if err := opt.Scenario.Validate(ds); err != nil {
			return nil, err
		}
	}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	seed := opt.Seed
	if seed == 0 {
		seed = opt.Config.Zoning.Seed
	}
	sim := *ds
	trend := birthTrend(ds)
	if opt.BirthTrend != nil {
		trend = *opt.BirthTrend
	}
	sim.Children = project(ds, to, trend, opt.MigrantInflow, seed)
	res := &Result{Dataset: &sim, Scenario: opt.Scenario, BirthTrend: trend, Projected: len(sim.Children) - len(ds.Children)}
	log.Info("projected births", "trend", trend, "children_added", res.Projected)

	redraw := opt.Redraw
	if redraw == nil {
		redraw = FastRedraw(opt.Config)
	}
	if !opt.NoPrivateChoice {
		res.Choice = opt.PrivateChoice
		if res.Choice == nil {
			res.Choice = engine.EstimatePrivateChoice(ds)
		}
		for _, s := range res.Choice.Sections {
			log.Info("private choice", "school", s.SchoolID, "level", s.Level, "local", s.Share(engine.PriorityLocal),
				"permit", s.Share(engine.PriorityPermit), "other", s.Share(engine.PriorityOther))
		}
	}
	var objective zones.Objective
	if opt.Target != nil {
		objective = opt.Target.Objective
	}
	st, err := engine.NewStepper(&sim, engine.RunOptions{Config: opt.Config, Objective: objective, Redraw: redraw, Log: log,
		PrivateChoice: res.Choice})
	if err != nil {
		return nil, err
	}
	schools := slices.Clone(ds.Schools)
	closed := map[dataset.Level]map[int]bool{dataset.Primary: {}, dataset.Junior: {}}
	var moves []*moved
	purchased := make([]bool, len(sim.Children))
	enrol := engine.BaseEnrolment(&sim)
	var prev *engine.YearResult
	if from == base {
		res.Years = append(res.Years, evaluate(&sim, base, slices.Clone(schools), nil, enrol, nil, closed, purchased, opt.Config))
	}
	for y := base + 1; y <= to; y++ {
		evs := opt.Scenario.In(y)
		yds := sim
		yds.Schools = schools
		// The pupils each section had last year, whose resources serve
		// them; a section moved all at once takes its share away.
		served := levelPupils(&yds, enrol)
		var rmoves []ResourceMove
		for _, e := range evs {
			mv, rm, err := apply(&yds, e, schools, closed, enrol, served, prev, st.Units())
			if err != nil {
				return nil, fmt.Errorf("simulate: %d: event %s: %w", y, e.Label(), err)
			}
			if mv != nil {
				moves = append(moves, mv)
			}
			rmoves = append(rmoves, rm...)
		}
		locks := &engine.Locks{Closed: map[dataset.Level]map[int]bool{}}
		for l, m := range closed {
			locks.Closed[l] = maps(m)
		}
		yds.Schools = slices.Clone(schools)
		locks.Pins = pins(&yds, enrol, moves, closed, st.Units())
		if y <= target {
			res.TargetEvents = append(res.TargetEvents, evs...)
		}
		if y == target {
			if res.Targets, err = runTarget(ctx, st, enrol, opt, yds.Schools, sim.Children, locks, prev, log); err != nil {
				return nil, err
			}
		}
		yr, err := st.Step(ctx, enrol, engine.StepOptions{Schools: yds.Schools, Children: sim.Children, Locks: locks,
			Prev: prev, Keep: opt.NoRedraw[y]})
		if err != nil {
			return nil, fmt.Errorf("simulate: %w", err)
		}
		// Phased-out sections hand on the resources of the pupils they
		// lost this year; the year is evaluated with them moved.
		rmoves = append(rmoves, phaseOutFollow(yr.Dataset, y, schools, moves, closed, served,
			levelPupils(yr.Dataset, yr.Enrolment), yr, st.Units())...)
		copy(yds.Schools, schools)
		markPurchased(purchased, yds.Schools, yr.Levels)
		if y >= from {
			yy := evaluate(yr.Dataset, y, yds.Schools, evs, yr.Enrolment, yr, closed, purchased, opt.Config)
			yy.Moves = rmoves
			res.Years = append(res.Years, yy)
		}
		log.Info("simulated", "year", y, "events", len(evs))
		enrol, prev = yr.Enrolment, yr
	}
	return res, nil
}

// runTarget places the target year's entrants through each of the
// target's plans, from the year's campuses, children and scenario locks
// (the planner's merged in).
func runTarget(ctx context.Context, st *engine.Stepper, enrol *engine.Enrolment, opt Options, schools []dataset.School,
	children []dataset.Child, locks *engine.Locks, prev *engine.YearResult, log *slog.Logger) ([]*engine.Result, error) {
	t := opt.Target
	redraw := t.Redraw
	if redraw == nil {
		// The stepper's objective: the target's, else the configuration's.
		redraw = engine.FullRedraw(opt.Config, st.Objective(), log)
	}
	plans := t.Plans
	if len(plans) == 0 {
		plans = [][]dataset.Zone{nil}
	}
	merged := mergeLocks(t.Locks, locks)
	out, err := st.Final(ctx, enrol, plans, engine.StepOptions{Schools: slices.Clone(schools), Children: children,
		Locks: merged, Prev: prev, Redraw: redraw, Nest: t.Nest})
	if err != nil {
		// A planner's pin refused (dataset.Problems) keeps its type.
		var probs dataset.Problems
		if errors.As(err, &probs) {
			return nil, err
		}
		return nil, fmt.Errorf("simulate: %w", err)
	}
	return out, nil
}

// mergeLocks returns the planner's locks (nil for none) on top of the
// scenario's: the planner's file and pins first, the closed sections of
// both, the planner's shared zones.
func mergeLocks(planner, sc *engine.Locks) *engine.Locks {
	if planner == nil {
		return sc
	}
	out := &engine.Locks{File: planner.File, Shares: planner.Shares, Closed: map[dataset.Level]map[int]bool{}}
	out.Pins = append(slices.Clone(planner.Pins), sc.Pins...)
	for _, m := range []map[dataset.Level]map[int]bool{sc.Closed, planner.Closed} {
		for l, js := range m {
			if out.Closed[l] == nil {
				out.Closed[l] = map[int]bool{}
			}
			for j, c := range js {
				if c {
					out.Closed[l][j] = true
				}
			}
		}
	}
	return out
}

// FastRedraw is the simulation's default redraw: zones.Redraw with the
// configuration's objective, seed and k nearest, a descent of 20 visits per
// unit, no annealing (the repair of over-full zones still runs, and stops at
// the least overflow the places allow), and zoning.time_limit_s per level and
// year as a safety net, so that ten years of a county take seconds. The plan
// is deterministic unless that limit cuts a redraw short.
func FastRedraw(cfg config.Config) engine.Redrawer {
	z := cfg.Zoning
	limit := time.Duration(z.TimeLimitS * float64(time.Second))
	return func(ctx context.Context, p *zones.Problem) (zones.Plan, error) {
		obj, err := zones.ParseObjective(z.Objective)
		if err != nil {
			return zones.Plan{}, fmt.Errorf("simulate: zoning.objective: %w", err)
		}
		tctx, cancel := ctx, context.CancelFunc(func() {})
		if limit > 0 {
			// The deadline also bounds the repair of over-full zones,
			// which only the context stops.
			tctx, cancel = context.WithTimeout(ctx, limit)
		}
		defer cancel()
		plan, err := zones.Redraw(tctx, p, zones.RedrawOptions{Objective: obj, Weights: engine.RedrawWeights(cfg, obj), Seed: z.Seed, KNearest: z.KNearest,
			MaxIters: 20 * len(p.Units.Units), AnnealIters: -1, TimeLimit: limit})
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		return plan, err
	}
}

func maps(m map[int]bool) map[int]bool {
	out := make(map[int]bool, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// apply applies one event to this year's campuses (in place), the closed
// sections and the enrolment of the year before (pupils who move). served
// is each school's pupils per level the year before; a section moved all at
// once is set to 0 there, and the resources that follow its pupils are
// returned.
func apply(ds *dataset.Dataset, e *scenario.Event, schools []dataset.School, closed map[dataset.Level]map[int]bool,
	enrol *engine.Enrolment, served map[dataset.Level][]int, prev *engine.YearResult, units *zones.Units) (*moved, []ResourceMove, error) {
	j := ds.SchoolIndex(e.School)
	if j < 0 {
		return nil, nil, fmt.Errorf("unknown school %q", e.School)
	}
	s := &schools[j]
	switch e.Kind {
	case scenario.Open:
		for _, l := range dataset.Levels {
			if v := e.Seats.Of(l); v != nil {
				setSeats(s, l, *v)
				delete(closed[l], j)
			}
		}
	case scenario.Build:
		for _, l := range dataset.Levels {
			if v := e.Seats.Of(l); v != nil {
				setSeats(s, l, s.Seats(l)+*v)
			}
		}
		add(&s.TeachingAreaM2, e.TeachingAreaM2)
		add(&s.SportsAreaM2, e.SportsAreaM2)
		add(&s.EquipmentYuan, e.EquipmentYuan)
		add(&s.MultimediaRooms, e.MultimediaRooms)
		addInt(&s.MusicRooms, e.MusicRooms)
		addInt(&s.ArtRooms, e.ArtRooms)
	case scenario.Teachers:
		if e.To != "" {
			t := &schools[ds.SchoolIndex(e.To)]
			for _, f := range []struct {
				from, to **float64
				v        *float64
			}{{&s.TeachersQualified, &t.TeachersQualified, e.Qualified}, {&s.TeachersBackbone, &t.TeachersBackbone, e.Backbone},
				{&s.TeachersPEArt, &t.TeachersPEArt, e.PEArt}} {
				if f.v == nil {
					continue
				}
				if *f.from == nil || **f.from < *f.v-1e-9 {
					return nil, nil, fmt.Errorf("%s has fewer teachers than the %g to move", s.ID, *f.v)
				}
				left := **f.from - *f.v
				*f.from = &left
				add(f.to, f.v)
			}
			break
		}
		add(&s.TeachersQualified, e.Qualified)
		add(&s.TeachersBackbone, e.Backbone)
		add(&s.TeachersPEArt, e.PEArt)
	case scenario.TransferArea:
		t := &schools[ds.SchoolIndex(e.To)]
		for _, f := range []struct {
			from, to **float64
			v        *float64
			name     string
		}{{&s.TeachingAreaM2, &t.TeachingAreaM2, e.TeachingAreaM2, "teaching_area_m2"}, {&s.SportsAreaM2, &t.SportsAreaM2, e.SportsAreaM2, "sports_area_m2"}} {
			if f.v == nil {
				continue
			}
			have := 0.0
			if *f.from != nil {
				have = **f.from
			}
			if *f.v > have+1e-9 {
				return nil, nil, fmt.Errorf("%s has %g m² of %s, cannot hand over %g", s.ID, have, f.name, *f.v)
			}
			left := have - *f.v
			*f.from = &left
			add(f.to, f.v)
		}
	case scenario.Relocate:
		c := &schools[ds.SchoolIndex(e.To)]
		if e.LeavesTo != "" {
			// The old campus's fixed facilities go to the school
			// that takes it, before the school takes the new one's.
			leave(s, &schools[ds.SchoolIndex(e.LeavesTo)], e.Left())
		}
		for _, l := range dataset.Levels {
			if c.HasLevel(l) && s.HasLevel(l) {
				setSeats(s, l, c.Seats(l))
			}
		}
		s.Loc, s.Address, s.AreaType = c.Loc, c.Address, c.AreaType
		s.TeachingAreaM2, s.SportsAreaM2 = c.TeachingAreaM2, c.SportsAreaM2
		s.MusicRooms, s.ArtRooms = c.MusicRooms, c.ArtRooms
		// Movable equipment goes with the school, and what is left on
		// the campus is the school's now.
		add(&s.EquipmentYuan, c.EquipmentYuan)
		add(&s.MultimediaRooms, c.MultimediaRooms)
		zero := 0.0
		zi := 0
		c.PrimarySeats, c.JuniorSeats = 0, 0
		c.TeachingAreaM2, c.SportsAreaM2, c.EquipmentYuan, c.MultimediaRooms = &zero, &zero, &zero, &zero
		c.MusicRooms, c.ArtRooms = &zi, &zi
		c.PrimaryIntake, c.JuniorIntake = nil, nil
		k := ds.SchoolIndex(e.To)
		for i, at := range enrol.School {
			if g := ds.Children[i].GradeIn(enrol.Year+1, ds.Meta.BaseYear); at == k && (g >= 2 && g <= 6 || g >= 8 && g <= 9) {
				return nil, nil, fmt.Errorf("campus %s still has pupils (%s for one): move them first", e.To, ds.Children[i].ID)
			}
		}
	case scenario.MoveIntake:
		closed[e.Level][j] = true
		recv := make([]int, len(e.Receivers))
		for i, r := range e.Receivers {
			recv[i] = ds.SchoolIndex(r.School)
		}
		mv := &moved{ev: e, source: j, level: e.Level, pins: zonePins(ds, e, j, recv, prev, units)}
		var rm []ResourceMove
		if e.Mode == scenario.MoveAll {
			got := movePupils(ds, e, j, recv, enrol)
			setSeats(s, e.Level, 0)
			had, other := served[e.Level][j], served[otherLevel(e.Level)][j]
			if e.Resources != scenario.Stay {
				weights := make([]float64, len(recv))
				for r := range recv {
					weights[r] = e.Receivers[r].Share
					if e.Split == scenario.ByZone {
						weights[r] = float64(got[r])
					}
				}
				rm = follow(schools, enrol.Year+1, e, j, recv, had, other, had, weights)
			}
			served[e.Level][j] = 0
		}
		return mv, rm, nil
	}
	return nil, nil, nil
}

func setSeats(s *dataset.School, l dataset.Level, v int) {
	scaleClassrooms(s, l, v)
	if l == dataset.Junior {
		s.JuniorSeats = v
		s.JuniorIntake = nil
	} else {
		s.PrimarySeats = v
		s.PrimaryIntake = nil
	}
}

func add(dst **float64, v *float64) {
	if v == nil {
		return
	}
	sum := *v
	if *dst != nil {
		sum += **dst
	}
	*dst = &sum
}

func addInt(dst **int, v *int) {
	if v == nil {
		return
	}
	sum := *v
	if *dst != nil {
		sum += **dst
	}
	*dst = &sum
}

// movePupils moves the pupils of a section who stay in the level next year
// to the receivers: by share (each pupil, in the children's order, to the
// receiver furthest below its share) or by zone (to the nearest receiver).
// It returns the pupils each receiver took.
func movePupils(ds *dataset.Dataset, e *scenario.Event, j int, recv []int, enrol *engine.Enrolment) []int {
	first, last := e.Level.Grades()
	var pupils []int
	for i, at := range enrol.School {
		if at != j {
			continue
		}
		if g := ds.Children[i].GradeIn(enrol.Year+1, ds.Meta.BaseYear); g > first && g <= last {
			pupils = append(pupils, i)
		}
	}
	got := make([]int, len(recv))
	for n, i := range pupils {
		best := 0
		if e.Split == scenario.ByZone {
			h := &ds.Households[ds.HouseholdIndex(ds.Children[i].HouseholdID)]
			bestD := math.Inf(1)
			for r, k := range recv {
				if d := geo.Distance(h.Loc, ds.Schools[k].Loc); d < bestD {
					best, bestD = r, d
				}
			}
		} else {
			// The receiver with the largest deficit against its share of
			// the pupils placed so far, n+1 of them.
			bestGap := math.Inf(-1)
			for r := range recv {
				if gap := e.Receivers[r].Share*float64(n+1) - float64(got[r]); gap > bestGap+1e-9 {
					best, bestGap = r, gap
				}
			}
		}
		got[best]++
		enrol.School[i] = recv[best]
	}
	return got
}

// zonePins shares the source's zone among the receivers, unit by unit
// (unit → index into recv). The zone is the one the source had last year
// (the dataset's zones in force in the first simulated year, or, when there
// are none, the homes nearer the source than any other public section of
// the level). With split zone each unit goes to the nearest receiver; with
// split share the units are dealt out by homes, those with most to lose
// first, each to the nearest receiver still below its share.
func zonePins(ds *dataset.Dataset, e *scenario.Event, j int, recv []int, prev *engine.YearResult, us *zones.Units) map[int]int {
	inZone := sourceHomes(ds, e.Level, j, prev, us)
	units := map[int]bool{}
	for h, in := range inZone {
		if in {
			units[us.HomeUnit[h]] = true
		}
	}
	list := make([]int, 0, len(units))
	for u := range units {
		list = append(list, u)
	}
	slices.Sort(list)
	dist := func(u, r int) float64 { return geo.Distance(us.Units[u].Center, ds.Schools[recv[r]].Loc) }
	out := make(map[int]int, len(list))
	if e.Split == scenario.ByZone || len(recv) == 1 {
		for _, u := range list {
			best, bestD := 0, math.Inf(1)
			for r := range recv {
				if d := dist(u, r); d < bestD {
					best, bestD = r, d
				}
			}
			out[u] = best
		}
		return out
	}
	total := 0
	regret := make(map[int]float64, len(list))
	for _, u := range list {
		total += len(us.Units[u].Homes)
		ds := make([]float64, len(recv))
		for r := range recv {
			ds[r] = dist(u, r)
		}
		slices.Sort(ds)
		regret[u] = ds[1] - ds[0]
	}
	slices.SortStableFunc(list, func(a, b int) int { return cmp.Compare(regret[b], regret[a]) })
	got := make([]float64, len(recv))
	for _, u := range list {
		n := float64(len(us.Units[u].Homes))
		best, bestD := -1, math.Inf(1)
		for r := range recv {
			if got[r]+n/2 > e.Receivers[r].Share*float64(total) {
				continue
			}
			if d := dist(u, r); d < bestD {
				best, bestD = r, d
			}
		}
		if best < 0 { // every receiver is at its share: the one furthest below it
			gap := math.Inf(-1)
			for r := range recv {
				if g := e.Receivers[r].Share*float64(total) - got[r]; g > gap {
					best, gap = r, g
				}
			}
		}
		got[best] += n
		out[u] = best
	}
	return out
}

// sourceHomes marks the homes of a section's zone; see zonePins.
func sourceHomes(ds *dataset.Dataset, l dataset.Level, j int, prev *engine.YearResult, us *zones.Units) []bool {
	in := make([]bool, len(ds.Households))
	if lr := prev.Level(l); lr != nil {
		z := -1
		for k, zk := range lr.Zoned {
			jj := zk.School
			if jj == j {
				z = lr.Zoned[k].Zone
			}
		}
		if z < 0 {
			return in
		}
		for h := range in {
			in[h] = lr.UnitZone(us.HomeUnit[h]) == z
		}
		return in
	}
	found := false
	for _, zn := range ds.Zones {
		if zn.Level != l || zn.SchoolID != ds.Schools[j].ID {
			continue
		}
		found = true
		bound := zn.Geometry.Bound()
		for h := range in {
			p := ds.Households[h].Loc
			if !in[h] && bound.Contains(p) && planar.MultiPolygonContains(zn.Geometry, p) {
				in[h] = true
			}
		}
	}
	if found {
		return in
	}
	for h := range in {
		best, bestD := -1, math.Inf(1)
		for k := range ds.Schools {
			if s := &ds.Schools[k]; s.Public && s.HasLevel(l) {
				if d := geo.Distance(ds.Households[h].Loc, s.Loc); d < bestD {
					best, bestD = k, d
				}
			}
		}
		in[h] = best == j
	}
	return in
}

// pins turns the moves in force into pins for this year: a unit pinned to
// a receiver that takes no entrants of the level this year is left free,
// and a unit two moves claim goes to the earlier.
func pins(ds *dataset.Dataset, enrol *engine.Enrolment, moves []*moved, closed map[dataset.Level]map[int]bool, us *zones.Units) []engine.Pin {
	var out []engine.Pin
	for _, l := range dataset.Levels {
		capacity := enrol.IntakeCapacity(ds, l, false)
		taken := map[int]bool{}
		for _, mv := range moves {
			if mv.level != l {
				continue
			}
			for _, u := range sortedKeys(mv.pins) {
				r := mv.pins[u]
				k := ds.SchoolIndex(mv.ev.Receivers[r].School)
				if taken[u] || closed[l][k] || !ds.Schools[k].Public || capacity[k] <= 0 {
					continue
				}
				taken[u] = true
				out = append(out, engine.Pin{Level: l, School: k, Households: us.Units[u].Homes, Line: mv.ev.Line})
			}
		}
	}
	return out
}

func sortedKeys(m map[int]int) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
