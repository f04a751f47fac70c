package service

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/engine/render/pack"
	"github.com/hutubi-edu/zoning/engine/scenario"
)

// Setup is what a server is assembled from (zoning serve's flags): the
// dataset served, the plan of a published folder or the job whose zones
// are served, and the planner's mode.
type Setup struct {
	// Options are the server's: rate, burst, timeout and log (Log also
	// takes the start-up job's progress and the runs folder's notes).
	Options
	Web WebOptions // the web map: tiles, and the planner's token
	// Dataset is the dataset served: the gazetteer of the lookups, the
	// schools of the map, the county of the planner's runs. Required.
	Dataset *dataset.Dataset
	// Config and Scenario are those of the planner's runs (the county plan
	// they simulate; nil: none).
	Config   config.Config
	Scenario *scenario.Scenario
	// PlanDir is a run's output folder (zones.geojson, zones.csv,
	// metrics.json) whose plan is served; "": the plan of Job, run in the
	// background once the server listens (/readyz answers 503 until done).
	PlanDir string
	// Job runs the dataset's default job; required without PlanDir.
	Job func(context.Context) (*engine.Result, error)
	// RunTimeout, ComparePDF, RunsDir and RunsKeep configure the planner's
	// runs (with Web.Token only): each run's time limit, compare.pdf of a
	// compare run, and the folder keeping finished runs across restarts
	// with how many it keeps ("": in memory).
	RunTimeout time.Duration
	ComparePDF pack.PDFMode
	RunsDir    string
	RunsKeep   int
}

// Assembled is a server as Assemble builds it, with the start-up job to
// run and the runs folder it holds.
type Assembled struct {
	*Server
	setup   Setup
	runsDir *RunsDir
}

// Assemble builds the server of a setup: the web map's options checked
// first, then the plan folder read (planfile, once, for the lookups and
// the map), then the planner's runs and their folder. Close releases the
// folder.
func Assemble(s Setup) (*Assembled, error) {
	ds := s.Dataset
	switch {
	case ds == nil:
		return nil, errors.New("service: no dataset")
	case s.PlanDir == "" && s.Job == nil:
		return nil, errors.New("service: neither a plan folder nor a job")
	}
	if _, err := NewWeb(&engine.Result{Dataset: ds}, s.Web); err != nil {
		return nil, err // a bad tile template, before the run
	}
	var (
		plan    *lookup.Plan
		planWeb *Web
	)
	if s.PlanDir != "" {
		p, files, err := lookup.LoadDirFiles(s.PlanDir, ds)
		if err != nil {
			return nil, err
		}
		p.Configure(s.Config)
		if s.Log != nil {
			// Zones that overlap, polygons repaired: warned of as the
			// dataset's zones in force are (dataset.OverlapWarnings).
			for _, w := range files.Warnings {
				s.Log.Warn(w.String())
			}
		}
		if planWeb, err = NewWebFromFiles(ds, files, s.Web); err != nil {
			return nil, err
		}
		plan = p
	}
	a := &Assembled{setup: s}
	opt := s.Options
	if s.Web.Token != "" {
		// The planner's runs: redraws and simulations of the county plan
		// on this dataset, and the meeting packs.
		opt.Runs = &RunsOptions{Dataset: ds, Config: s.Config, Scenario: s.Scenario, Token: s.Web.Token,
			Timeout: s.RunTimeout, ComparePDF: s.ComparePDF}
		if s.RunsDir != "" {
			d, err := OpenRunsDir(s.RunsDir, s.RunsKeep, s.Log)
			if err != nil {
				return nil, err
			}
			a.runsDir, opt.Runs.Dir = d, d
		}
	}
	a.Server = New(plan, opt)
	if planWeb != nil {
		a.SetWeb(planWeb)
	}
	return a, nil
}

// Close releases the runs folder, if any.
func (a *Assembled) Close() error {
	if a.runsDir == nil {
		return nil
	}
	return a.runsDir.Close()
}

// Run serves on ln until ctx is done. Without a plan folder it first
// starts the job in the background: its zones, web map and migrant check
// are served once it is done, and a job that fails stops the server, and
// Run returns the job's error.
func (a *Assembled) Run(ctx context.Context, ln net.Listener) error {
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if a.setup.PlanDir == "" {
		go a.startUp(ctx, cancel)
	}
	if err := a.Serve(ctx, ln); err != nil {
		return err
	}
	if err := context.Cause(ctx); err != nil && err != context.Canceled && parent.Err() == nil {
		return err
	}
	return nil
}

// startUp runs the job and serves its plan, or cancels with its error.
func (a *Assembled) startUp(ctx context.Context, cancel context.CancelCauseFunc) {
	log := a.log
	res, err := a.setup.Job(ctx)
	var p *lookup.Plan
	if err == nil {
		p, err = lookup.FromResult(res)
	}
	var w *Web
	if err == nil {
		w, err = NewWeb(res, a.setup.Web)
	}
	var m *Migrants
	if err == nil {
		m, err = NewMigrants(res, a.setup.Web.Token)
	}
	if err != nil {
		log.Error("zone plan", "error", err.Error())
		cancel(err)
		return
	}
	a.SetPlan(p)
	a.SetWeb(w)
	a.SetMigrants(m)
	log.Info("ready: zones of the run loaded")
}
