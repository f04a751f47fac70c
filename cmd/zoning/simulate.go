package main

import (
	"cmp"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

type simFlags struct {
	world      worldFlags // --scenario, --delay and --skip
	from, to   int
	out        string
	compare    []string
	noRedraw   []int
	trend      string
	inflow     float64
	evaluation int
	noPrivate  bool
}

func (a *app) simulateCmd() *cobra.Command {
	var f simFlags
	cmd := &cobra.Command{
		Use:   "simulate",
		Short: "Simulate the county year by year under a scenario (the county plan by default) and check the standard each year",
		Long: `simulate runs the county from the base year to --to: each school year it applies the scenario's
events (campuses opened and moved, floor area handed over or built, sections moved to other
schools, teachers recruited), advances the cohorts, redraws the zones and places the grade-1 and
grade-7 entrants, counts classes, and checks every standard of docs/policy.md. Children born after
the base year are projected from the recent birth trend. Before the zones seat them, some
entrants choose a private school, at the base year's rates per hukou and residence permit,
nearer families more often, siblings of its pupils first (--no-private-choice turns it off).

Without --scenario it uses the county plan: the embedded plan of 呼图壁县 (data/plan.yaml) for the
embedded dataset, plan.yaml of the --data folder (the campuses as they stand, with a note, when
the folder has none); --scenario none simulates the campuses as they stand. It writes, into --out:
  simulation.csv   one row per year and school section: pupils by grade, classes, largest class,
                   seats, entrants, the seven indicators, the failing checks
  compliance.csv   one row per year and check, with the sentence a planner reads
  events.csv       the events applied, with their place in the plan, and each year's moves of
                   teachers, equipment and multimedia rooms that follow a moved section's pupils
                   (kind resources_follow)
  seating.csv      one row per year and level: every entrant accounted for (zoned, sent to
                   another public school, chosen private, government-purchased, unseated with
                   the reason and the sections whose seats stand idle)
and prints a year-by-year summary naming what still fails in the evaluation year.`,
		Example: `  zoning simulate --out out/sim
  zoning simulate --delay erzhong-relocate=2 --skip sizhong-art-building
  zoning simulate --scenario my-plan.yaml --from 2021 --to 2031 --no-redraw 2023
  zoning simulate --compare plan.yaml plan-late.yaml --out out/compare`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.simulate(cmd, &f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.world.scenario, "scenario", "", "scenario file (YAML, see engine/scenario), or none; default: the embedded plan, or plan.yaml of --data")
	fl.IntVar(&f.from, "from", 0, "first year reported (default: the base year)")
	fl.IntVar(&f.to, "to", 0, "last year simulated (default: the base year + 10)")
	fl.StringVar(&f.out, "out", "out/simulate", "output folder")
	fl.StringSliceVar(&f.world.delay, "delay", nil, "EVENT=YEARS: move an event later by YEARS (repeatable)")
	fl.StringSliceVar(&f.world.skip, "skip", nil, "EVENT: leave an event out (repeatable)")
	fl.StringSliceVar(&f.compare, "compare", nil, "A.yaml,B.yaml: simulate two scenarios and compare them (outputs in --out/A and --out/B)")
	fl.IntSliceVar(&f.noRedraw, "no-redraw", nil, "YEAR: keep the previous year's zones that year (repeatable)")
	fl.StringVar(&f.trend, "birth-trend", "", "yearly change of births after the base year, e.g. -0.05; default: the mean of the last 3 years")
	fl.Float64Var(&f.inflow, "migrant-inflow", 0, "extra migrant grade-1 entrants each year, as a share of the year's grade-1 entrants")
	fl.BoolVar(&f.noPrivate, "no-private-choice", false, "seat nobody at a private school by choice (only when public seats overflow); by default each year's entrants choose private schools at the rates of the base year's pupils, per hukou and permit, nearer families more often")
	fl.IntVar(&f.evaluation, "evaluation", 0, "the school year whose failures are listed as the national evaluation's (2025 is 2025–26); default: simulation.evaluation_year of the configuration, else the scenario's evaluation (2026-06 is school year 2025), else the year after its last event")
	return cmd
}

func (a *app) simulate(cmd *cobra.Command, f *simFlags) error {
	c, ds, err := a.configAndData(cmd.Context())
	if err != nil {
		return err
	}
	opt := simulate.Options{From: f.from, To: f.to, Config: c, MigrantInflow: f.inflow, NoRedraw: map[int]bool{}, Log: a.logger(),
		NoPrivateChoice: f.noPrivate}
	for _, y := range f.noRedraw {
		opt.NoRedraw[y] = true
	}
	// The flags' ranges (--migrant-inflow too) were checked before the
	// dataset was read (checkFlags, checkYearFlags); the births a trend
	// projects need the years too.
	if f.trend != "" {
		v, err := parseBirthTrend(f.trend)
		if err != nil {
			return err
		}
		if err := checkBirthGrowth(v, ds.Meta.BaseYear, cmp.Or(f.to, ds.Meta.BaseYear+10)); err != nil {
			return err
		}
		opt.BirthTrend = &v
	}
	if len(f.compare) > 0 {
		if len(f.compare) != 2 {
			return fmt.Errorf("--compare takes two scenario files, A.yaml,B.yaml; got %d", len(f.compare))
		}
		// Every input first (both scenarios, their --delay and --skip),
		// then both simulations, then both folders checked, and only then
		// anything written: a problem in B leaves no output of A.
		var (
			scenarios [2]*scenario.Scenario
			dirs      [2]string
			results   [2]*simulate.Result
			files     [2]map[string][]byte
		)
		for i, file := range f.compare {
			if scenarios[i], err = a.scenario(file, &f.world, ds); err != nil {
				return err
			}
			dirs[i] = filepath.Join(f.out, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)))
		}
		if filepath.Clean(dirs[0]) == filepath.Clean(dirs[1]) {
			return fmt.Errorf("--compare %s,%s: both would write into %s: give the files different names", f.compare[0], f.compare[1], dirs[0])
		}
		for i := range f.compare {
			o := opt
			o.Scenario = scenarios[i]
			if results[i], err = simulate.Run(cmd.Context(), ds, o); err != nil {
				return err
			}
			if files[i], err = results[i].Files(); err != nil {
				return err
			}
			if err := engine.CheckOutputFolder(dirs[i], slices.Collect(maps.Keys(files[i]))); err != nil {
				return err
			}
		}
		for i := range f.compare {
			if err := engine.WriteFiles(dirs[i], "simulate", files[i]); err != nil {
				return err
			}
		}
		// The evaluation year: the flag, else the configuration's, else
		// the scenario's (the first simulation's).
		evaluation := cmp.Or(f.evaluation, c.Simulation.EvaluationYear, results[0].EvaluationYear())
		simulate.Compare(results[0], results[1], [2]string{f.compare[0], f.compare[1]}, evaluation).Write(a.stdout)
		return nil
	}
	// The plan of the county, as run takes it: the embedded one for the
	// embedded dataset, plan.yaml of --data, none with a note.
	sc, err := a.countyScenario(c, ds, &f.world)
	if err != nil {
		return err
	}
	opt.Scenario = sc
	res, err := simulate.Run(cmd.Context(), ds, opt)
	if err != nil {
		return err
	}
	if err := res.Write(f.out); err != nil {
		return err
	}
	res.Summary(a.stdout, cmp.Or(f.evaluation, c.Simulation.EvaluationYear, res.EvaluationYear()))
	fmt.Fprintf(a.stdout, "wrote simulation.csv, compliance.csv, events.csv and seating.csv into %s\n", f.out)
	return nil
}

// scenario loads a scenario file (the embedded plan when file is empty),
// applies --delay and --skip, and checks it against the dataset. Problems
// are printed as FILE:LINE: message and the command fails with exit code 2;
// the events that --delay moved along (after) and the scenario's warnings
// (scenario.Warnings: dependent events pulled apart, an old campus left to
// no school) are printed as FILE:LINE: note: or warning: message.
func (a *app) scenario(file string, f *worldFlags, ds *dataset.Dataset) (*scenario.Scenario, error) {
	var (
		sc  *scenario.Scenario
		err error
	)
	if file == "" {
		sc, err = scenario.Parse(data.HutubiPlan(), data.PlanName)
	} else {
		sc, err = scenario.LoadFile(file)
	}
	if err == nil {
		err = sc.Validate(ds)
	}
	if err != nil {
		fmt.Fprintln(a.stderr, err)
		return nil, exitError{2}
	}
	for _, d := range f.delay {
		id, years, err := scenario.ParseDelay(d)
		if err != nil {
			return nil, fmt.Errorf("zoning: --delay: %w", err)
		}
		if err := sc.Delay(id, years); err != nil {
			return nil, err
		}
	}
	for _, id := range f.skip {
		if err := sc.Skip(id); err != nil {
			return nil, err
		}
	}
	if err := sc.Validate(ds); err != nil {
		fmt.Fprintln(a.stderr, err)
		return nil, exitError{2}
	}
	for _, n := range sc.Notes {
		fmt.Fprintln(a.stderr, n)
	}
	if w := sc.Warnings(ds); len(w) > 0 {
		fmt.Fprintln(a.stderr, w)
	}
	return sc, nil
}
