package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// noScenario is the --scenario value that takes the dataset's campuses as
// they stand.
const noScenario = "none"

// worldFlags choose the scenario that makes the county of the target year:
// the flags of run, redraw, compare, notice, migrants and serve.
type worldFlags struct {
	scenario string
	delay    []string
	skip     []string
}

const worldHelp = `The county of the target year is the one the county plan makes (see zoning simulate): its
events up to that year applied (campuses opened and moved, sections closed and moved to other
schools, buildings added), the cohorts advanced through the years before, and births projected
for the years the dataset's children do not reach. The plan is the embedded one for the
embedded dataset and the dataset folder's plan.yaml with --data (the campuses as they stand,
with a note, when the folder has none); --scenario FILE takes another, --scenario none the
campuses as they stand, and --delay and --skip move or leave out the plan's events.`

func (f *worldFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&f.scenario, "scenario", "", "scenario (YAML) that makes the county of the target year, or none for the campuses as they stand; default: the embedded plan, or plan.yaml of --data")
	fl.StringSliceVar(&f.delay, "delay", nil, "EVENT=YEARS: move one of the scenario's events later by YEARS (repeatable)")
	fl.StringSliceVar(&f.skip, "skip", nil, "EVENT: leave one of the scenario's events out (repeatable)")
}

// countyScenario returns the scenario the flags choose, checked against the
// dataset and with --delay and --skip applied; nil for none. A scenario
// with problems is printed as FILE:LINE: message and the command fails with
// exit code 2.
func (a *app) countyScenario(c config.Config, ds *dataset.Dataset, f *worldFlags) (*scenario.Scenario, error) {
	file := f.scenario
	switch {
	case file == noScenario:
		if len(f.delay) > 0 || len(f.skip) > 0 {
			return nil, errors.New("zoning: --delay and --skip move a scenario's events: not with --scenario none")
		}
		return nil, nil
	case file == "" && c.Data != "":
		file = filepath.Join(c.Data, "plan.yaml")
		if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
			if len(f.delay) > 0 || len(f.skip) > 0 {
				return nil, fmt.Errorf("zoning: --delay and --skip: %s not found, and no --scenario given", file)
			}
			fmt.Fprintf(a.stderr, "note: %s not found: the campuses as they stand (--scenario FILE takes a plan)\n", file)
			return nil, nil
		}
		if err := dataset.CheckRegular(file); err != nil {
			fmt.Fprintln(a.stderr, err)
			return nil, exitError{2}
		}
	}
	// "" is the embedded plan.
	return a.scenario(file, f, ds)
}

// world places the entrants of target (a target year of 0 is the base
// year + 1) in the county sc makes that year, with the years from and to
// simulated as zoning simulate does (0, 0: the target year alone).
func (a *app) world(ctx context.Context, c config.Config, ds *dataset.Dataset, sc *scenario.Scenario, target simulate.Target,
	from, to int) (*simulate.Result, error) {
	if target.Year == 0 {
		target.Year = ds.Meta.BaseYear + 1
	}
	if from == 0 && to == 0 {
		from, to = target.Year, target.Year
	}
	sim, err := simulate.Run(ctx, ds, simulate.Options{From: from, To: to, Config: c, Scenario: sc, Log: a.logger(), Target: &target})
	if err != nil {
		// A pin the redraw cannot keep is refused at its line of the
		// locks file, and nothing is written.
		var probs dataset.Problems
		if errors.As(err, &probs) {
			fmt.Fprintln(a.stderr, probs)
			return nil, exitError{2}
		}
		return nil, err
	}
	return sim, nil
}

// eventsInForce prints the scenario's events in force in the year, or says
// that the campuses are as they stand.
func eventsInForce(w io.Writer, sc *scenario.Scenario, year int, evs []*scenario.Event) {
	if sc == nil {
		fmt.Fprintf(w, "  %d: the campuses as the dataset gives them (no scenario)\n", year)
		return
	}
	if len(evs) == 0 {
		fmt.Fprintf(w, "  %d under %s: no event in force yet\n", year, sc.File)
		return
	}
	labels := make([]string, len(evs))
	for i, e := range evs {
		labels[i] = fmt.Sprintf("%s %d", e.ID, e.Year)
	}
	fmt.Fprintf(w, "  %d under %s: %d events in force: %s\n", year, sc.File, len(evs), strings.Join(labels, ", "))
}
