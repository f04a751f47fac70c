package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/report"
	"github.com/hutubi-edu/zoning/engine/simulate"
	"github.com/hutubi-edu/zoning/zones"
)

// jobFlags are the flags of run and redraw.
type jobFlags struct {
	year      int
	out       string
	objective string
	distance  string
	locks     string
	simulate  bool // run: simulate the county plan too
	nest      bool // nest the primary zones in the junior zones
	world     worldFlags
}

func (f *jobFlags) register(cmd *cobra.Command, redraw bool) {
	cmd.Flags().IntVar(&f.year, "year", 0, "target school year (default: the dataset's base year + 1)")
	cmd.Flags().StringVar(&f.out, "out", "out", "output folder")
	cmd.Flags().StringVar(&f.objective, "objective", "", "what the redraw weighs: distance (shortest distance), moves (fewest children moved against the zones in force), balanced (a moved child counts as 1 km) or equity (balanced, plus a price on migrant entrants gathered in a few schools: zoning.equity_weight); default: zoning.objective of the configuration")
	cmd.Flags().StringVar(&f.distance, "distance", "", "the distance the redraw minimises and the service radius counts: route (walking along the dataset's road layer) or straight (great-circle); default: zoning.distance of the configuration, auto: route when the dataset has roads")
	if redraw {
		cmd.Flags().StringVar(&f.locks, "locks", "", "CSV of the planner's locks: level,school_id,lock (pin|closed|share), address or lon,lat for a pin, zone_id for a share (a run's proposed-locks.csv is one)")
	}
	cmd.Flags().BoolVar(&f.nest, "nest", false, nestHelp)
	f.world.register(cmd.Flags())
}

const outputsHelp = `It writes, into --out:
  zones.geojson     the zones, one feature per level and school (WGS84)
  assignments.csv   every entrant's school, distance (straight, and walking along the roads
                    when the dataset has a road layer) and whether it is the zone's school
  metrics.json      ratios, distances, the lower bound, per-school figures
  moves.csv         the entrants and the households whose zone school changes against the
                    zones in force, with the households' children aged 0–5 (when the
                    dataset has zones.geojson)
  zones.csv         each school's zone in words for the enrollment notice (招生公告):
                    communities, compounds, streets with house numbers, villages with groups
  report.html       a map and tables that open offline in any browser
  proposed-locks.csv  the multi-school zones (多校划片) proposed where a school's nearby
                    demand is above zoning.share_ratio (1.5) times its intake: the run's
                    locks and a share row per school, for --locks (only when there is one)`

const runSimHelp = `
run also simulates the county plan year by year (see zoning simulate): the embedded plan of
呼图壁县 for the embedded dataset, the dataset's plan.yaml with --data (skipped, with a note, when
the folder has none); --simulate=false leaves it out. It adds, into --out:
  simulation.csv    one row per year and school section: pupils, classes, the failing checks
  compliance.csv    one row per year and check, with the sentence a planner reads
  events.csv        the plan's events applied, with their place in the plan
and the simulation pages of report.html: the checks year by year, the pupils of each school
against its size cap, the county indicators, the events, and what still fails in the
evaluation year (the plan's national evaluation, 验收: the school year of its evaluation
month, else the year after its last event; simulation.evaluation_year of the configuration
overrides it).`

func (a *app) runCmd() *cobra.Command {
	var f jobFlags
	cmd := &cobra.Command{
		Use:   "run",
		Short: "The main job: redraw the zones and place the entrants of next year; write zones, assignments, metrics and a report",
		Long: `run places the entrants of the target year (grade 1 and grade 7) through redrawn zones.

` + worldHelp + "\n\n" + outputsHelp + "\n" + runSimHelp,
		Example: `  zoning run                         # embedded Hutubi, base year + 1, into ./out
  zoning run --year 2023 --out out/2023
  zoning run --data ./mycounty --config my.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.job(cmd, &f) },
	}
	f.register(cmd, false)
	cmd.Flags().BoolVar(&f.simulate, "simulate", true, "also simulate the county plan year by year (the embedded plan, or plan.yaml of --data)")
	return cmd
}

func (a *app) redrawCmd() *cobra.Command {
	var f jobFlags
	cmd := &cobra.Command{
		Use:   "redraw",
		Short: "Redraw the zones of a year under a chosen objective and the planner's locks",
		Long: `redraw draws the zones of the target year for both levels: every entrant fits the zone's
school where capacity allows, each zone is one connected piece, compounds (小区) and village groups
(村民小组) are never split, homes stay near their school, and, with --objective moves, as few
families as possible change school against the zones in force.

Locks (--locks FILE, CSV with a header):
  level,school_id,lock,address,lon,lat
  primary,hz03,pin,呼图壁镇园林路18号锦华苑,,      keep this compound in 县二小's zone
  junior,hz12,pin,,86.9021,44.1873               keep the unit at this point (WGS84)
  primary,hz07,closed,,,                          the school takes no entrants and has no zone
The locks are the planner's, for the target year, on top of the plan's (a section the plan
closes takes no entrants, so a pin to it is refused).

` + worldHelp + "\n\n" + outputsHelp,
		Example: `  zoning redraw --year 2022 --out out/redraw
  zoning redraw --objective moves --out out/fewest-moves
  zoning redraw --data ./mycounty --locks locks.csv --objective distance`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.job(cmd, &f) },
	}
	f.register(cmd, true)
	return cmd
}

// job runs a redraw of the target year in the county the scenario makes
// that year and writes its outputs.
func (a *app) job(cmd *cobra.Command, f *jobFlags) error {
	c, err := a.config()
	if err != nil {
		return err
	}
	if cmd.Flags().Changed("out") {
		c.Out = f.out
	}
	if cmd.Flags().Changed("distance") {
		if f.distance != engine.DistanceRoute && f.distance != engine.DistanceStraight {
			return fmt.Errorf("--distance %q (accepted: route, straight)", f.distance)
		}
		c.Zoning.Distance = f.distance
	}
	var objective zones.Objective
	if f.objective != "" {
		if objective, err = zones.ParseObjective(f.objective); err != nil {
			return err
		}
	}
	ds, err := a.load(cmd.Context(), c)
	if err != nil {
		return err
	}
	var locks *engine.Locks
	if f.locks != "" {
		if locks, err = engine.ReadLocksFile(f.locks, ds); err != nil {
			fmt.Fprintln(a.stderr, err)
			return exitError{2}
		}
	}
	sc, err := a.countyScenario(c, ds, &f.world)
	if err != nil {
		return err
	}
	start := time.Now()
	// With the simulation, its usual years (the base year to 10 years on)
	// and the target come out of one pass.
	from, to := 0, 0
	if f.simulate && sc != nil {
		from, to = ds.Meta.BaseYear, ds.Meta.BaseYear+10
	}
	sim, err := a.world(cmd.Context(), c, ds, sc, simulate.Target{Year: f.year, Objective: objective, Locks: locks, Nest: f.nest}, from, to)
	if err != nil {
		return err
	}
	res := sim.Targets[0]
	files, _, err := res.OutputFiles()
	if err != nil {
		return err
	}
	m := res.Metrics()
	var opts []report.Option
	if from != 0 {
		simOut, err := sim.Files()
		if err != nil {
			return err
		}
		maps.Copy(files, simOut)
		opts = append(opts, report.WithSimulation(sim, cmp.Or(c.Simulation.EvaluationYear, sim.EvaluationYear())))
	}
	html, err := report.HTML(res, m, opts...)
	if err != nil {
		return err
	}
	files[report.File] = html
	if err := engine.WriteFiles(c.Out, "run", files); err != nil {
		return err
	}
	if from != 0 {
		ev := cmp.Or(c.Simulation.EvaluationYear, sim.EvaluationYear())
		if y := sim.Year(ev); y != nil {
			fmt.Fprintf(a.stdout, "simulation %d–%d of %s: %d checks fail in %d (the evaluation year); see report.html and compliance.csv\n",
				sim.Years[0].Year, sim.Years[len(sim.Years)-1].Year, sim.Scenario.File, len(y.Report.Failures()), ev)
		}
	}
	summary(a.stdout, res, m, c.Out, time.Since(start), func(w io.Writer) { eventsInForce(w, sc, res.Year, sim.TargetEvents) })
	return nil
}

// summary prints the few figures a planner looks at first; with zones in
// force, per level, the moves against them as metrics.json counts them:
// the entrants whose zone school changes, the households whose zone school
// changes and, of them, those with children aged 0–5.
func summary(w io.Writer, r *engine.Result, m engine.Metrics, out string, took time.Duration, world func(io.Writer)) {
	fmt.Fprintf(w, "%s %d 学年招生 (school year %d), objective %s on %s distances: %d households, %d units of H3 resolution %d\n",
		r.Dataset.Meta.Name, r.Year, r.Year, r.Objective, m.Distance, len(r.Dataset.Households), len(r.Units.Units), r.Units.Resolution)
	if world != nil {
		world(w)
	}
	for _, l := range dataset.Levels {
		lm, ok := m.Levels[string(l)]
		if !ok {
			continue
		}
		chose := ""
		if lm.ChosePrivate > 0 {
			chose = fmt.Sprintf(", %d chose a private school", lm.ChosePrivate)
		}
		// The distance the redraw minimised: the walk along the roads, or
		// the straight line.
		dist := fmt.Sprintf("mean %s m  lower bound %s m  gap %s", num(lm.MeanDistanceM), num(lm.LowerBoundM), pct(lm.GapToLowerBound))
		if rm := lm.Route; rm != nil {
			dist = fmt.Sprintf("walk %s m (straight %s m)  lower bound %s m  gap %s", num(rm.MeanRouteM), num(lm.MeanDistanceM),
				num(rm.LowerBoundRouteM), pct(rm.GapToLowerBound))
		}
		fmt.Fprintf(w, "  %s %-7s entrants %5d  intake %5d  unplaced %d  zoned %s (policy %s, target %s%s)  %s  contiguous zones %d/%d",
			l.Chinese(), l, lm.Entrants, lm.IntakeCapacity, lm.Unplaced, pct(lm.ZonedRatio), pct(lm.PolicyNearbyRatio),
			pct(&lm.NearbyTarget), chose, dist, lm.ContiguousZones, lm.Zones)
		if lm.OnePieceZones != lm.ContiguousZones {
			fmt.Fprintf(w, " (%d/%d one piece with the county's detached parts)", lm.OnePieceZones, lm.Zones)
		}
		if lm.MovedEntrants != nil && lm.MovedHouseholds != nil && lm.MovedHouseholdsYoung != nil {
			fmt.Fprintf(w, "  moved %d entrants, %d households (%d with children 0–5)", *lm.MovedEntrants, *lm.MovedHouseholds,
				*lm.MovedHouseholdsYoung)
		}
		fmt.Fprintln(w)
	}
	var over []string
	for _, s := range m.Schools {
		if s.CampusTotal > s.CampusCap {
			over = append(over, fmt.Sprintf("%s %d > %d", s.Name, s.CampusTotal, s.CampusCap))
		}
	}
	if len(over) > 0 {
		fmt.Fprintf(w, "  school size over the limit: %v\n", over)
	}
	feederSummary(w, m)
	unitSummary(w, m.Units)
	for _, c := range m.Conflicts {
		fmt.Fprintf(w, "  not everyone seated in zone: %s\n", c)
	}
	shareSummary(w, m.ShareProposals)
	fmt.Fprintf(w, "wrote %s in %.1f s\n", out, took.Seconds())
}

// shareSummary prints the multi-school zones the run proposes, one line
// each.
func shareSummary(w io.Writer, props []engine.ShareProposalMetrics) {
	for _, p := range props {
		var with []string
		for _, s := range p.Schools[1:] {
			with = append(with, fmt.Sprintf("%s (%.0f m)", s.Name, s.ApartM))
		}
		short := ""
		if p.Short > 0 {
			short = fmt.Sprintf(", %d short of places", p.Short)
		}
		fmt.Fprintf(w, "  proposed 多校划片 %s: %s has %d nearby %s entrants for %d places (%.2f×, above %g) → with %s%s; its first-choice odds local %s, permit %s, other %s; mean distance of the area %.0f m in this redraw, %.0f m shared (estimate); see %s\n",
			p.ZoneID, p.Name, p.Schools[0].NearbyDemand, p.Level, p.Schools[0].IntakeCapacity, p.Ratio, p.Threshold,
			strings.Join(with, "、"), short, pct(p.Odds[0]), pct(p.Odds[1]), pct(p.Odds[2]), p.Distance.RedrawM, p.Distance.SharedM,
			engine.ProposedLocksFile)
	}
}

// unitSummary prints the largest unit and the compounds and village groups
// that are not one unit (the first few; metrics.json lists them all).
func unitSummary(w io.Writer, u engine.UnitsMetrics) {
	if u.Largest != nil {
		fmt.Fprintf(w, "  units: %d with homes; the largest %s (%d households, %.0f m across)\n",
			u.Units, u.Largest.Name, u.Largest.Households, u.Largest.DiameterM)
	}
	if len(u.Split) == 0 {
		return
	}
	fmt.Fprintf(w, "  %d compounds or village groups are not one unit:\n", len(u.Split))
	const show = 5
	for i, g := range u.Split {
		if i == show {
			fmt.Fprintf(w, "    … and %d more (metrics.json units.split_groups)\n", len(u.Split)-show)
			break
		}
		fmt.Fprintf(w, "    %s\n", g.Warning(u.MaxDiamM))
	}
}

func pct(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", *v*100)
}

func num(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.0f", *v)
}
