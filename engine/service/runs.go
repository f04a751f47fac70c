package service

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/pack"
	"github.com/hutubi-edu/zoning/engine/render/report"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
	"github.com/hutubi-edu/zoning/zones"
)

// The planner's runs, behind the bearer token:
//
//	POST /api/v1/planner/runs                  {"kind": "redraw"|"simulate"|"compare", "year": Y,
//	                                            "objective": "distance"|"moves"|"balanced",
//	                                            "locks": "CSV", "name": "方案名",
//	                                            "to": Y2} → 202 {"id", "status": "queued"}
//	GET  /api/v1/planner/runs/{id}             status, error, notes, files with sizes
//	GET  /api/v1/planner/runs/{id}/files/{name}  one output file
//	GET  /api/v1/planner/runs/{id}/outputs.zip   every output file
//
// A redraw gives the outputs of `zoning redraw`; a simulation those of
// `zoning simulate`; a compare redraws likewise and gives the meeting pack
// (engine/render/pack) of the zones in force against that redraw, as
// `zoning run && zoning compare current` would. Runs execute in the
// background one at a time on the server's dataset and configuration, each
// within a time limit; a bounded queue holds the waiting ones (429 when
// full). Without a runs folder (RunsOptions.Dir) outputs stay in memory,
// for the last few runs only; with one, each finished run is written to it
// (runsdir.go), served from it, and kept across restarts. The files name
// households and children by id (assignments.csv, the moves): planner
// routes only.

// Defaults of RunsOptions.
const (
	DefaultRunTimeout = 10 * time.Minute // per run
	DefaultRunQueue   = 4                // runs waiting
	DefaultRunsKept   = 4                // finished runs whose outputs are kept
	// MaxRunYears bounds how far after the base year a run may reach.
	MaxRunYears = 30
	// MaxRunLocksBytes bounds RunRequest.Locks, and MaxRunBodyBytes the
	// body of POST /api/v1/planner/runs (the JSON around the locks and
	// their escapes), bytes.
	MaxRunLocksBytes = 64 << 10
	MaxRunBodyBytes  = 4 * MaxRunLocksBytes
	// MaxRunNameRunes bounds RunRequest.Name, characters.
	MaxRunNameRunes = 40
	// maxLocksProblems is how many problems of a bad locks text the answer
	// lists.
	maxLocksProblems = 50
)

// The names of a compare run's plans: the zones in force, and the redraw's
// unless the request names it.
const (
	InForceName       = compare.InForceName
	DefaultRedrawName = "优化方案"
)

// Run kinds and statuses.
const (
	RunRedraw   = "redraw"
	RunSimulate = "simulate"
	RunCompare  = "compare"

	RunQueued  = "queued"
	RunRunning = "running"
	RunDone    = "done"
	RunFailed  = "failed"
)

// RunsOptions configure the planner's runs (Options.Runs).
type RunsOptions struct {
	Dataset *dataset.Dataset // the served dataset; required
	Config  config.Config
	// Scenario is the county plan a simulation applies; nil: none (the
	// cohorts advance without events).
	Scenario *scenario.Scenario
	Token    string        // the planner's bearer token; "": the routes answer 404
	Timeout  time.Duration // per run; 0: DefaultRunTimeout
	Queue    int           // runs waiting at most; 0: DefaultRunQueue
	Keep     int           // finished runs kept; 0: DefaultRunsKept
	// ComparePDF says whether a compare run prints compare.pdf: "" or
	// pack.PDFAuto when the server has a Chromium and the run's time limit
	// leaves room (else the run's notes say why it is missing),
	// pack.PDFOn required (the run fails without), pack.PDFOff never.
	ComparePDF pack.PDFMode
	// Dir keeps finished runs across restarts (OpenRunsDir); its Keep
	// replaces Keep. nil: in memory only.
	Dir *RunsDir
}

// RunRequest is the body of POST /api/v1/planner/runs.
type RunRequest struct {
	Kind      string `json:"kind"`                // redraw, simulate or compare
	Year      int    `json:"year,omitempty"`      // redraw, compare: target year; simulate: first year; 0: default
	Objective string `json:"objective,omitempty"` // redraw, compare: distance, moves, balanced
	// Locks is a locks file's text (engine.ReadLocks: a CSV with a header
	// level,school_id,lock and address or lon,lat, or zone_id), at most
	// MaxRunLocksBytes; redraw and compare only; "": none.
	Locks string `json:"locks,omitempty"`
	// Name is the redraw's name in a compare run's pack, at most
	// MaxRunNameRunes characters; "": DefaultRedrawName.
	Name string `json:"name,omitempty"`
	// Public makes a compare run's pack one to hand out (no child or
	// household named; pack.Options.Public); compare only.
	Public bool `json:"public,omitempty"`
	To     int  `json:"to,omitempty"` // simulate only: last year; 0: default
}

// RunFile is one output of a run.
type RunFile struct {
	Name string `json:"name"`
	Size int    `json:"size"` // bytes
	URL  string `json:"url"`
}

// RunStatus is the answer of GET /api/v1/planner/runs/{id}.
type RunStatus struct {
	ID      string     `json:"id"`
	Request RunRequest `json:"request"`
	Status  string     `json:"status"` // queued, running, done, failed
	Error   string     `json:"error,omitempty"`
	// Notes say what a finished run left out or warns of: compare.pdf not
	// printed and why, households in no zone of a plan.
	Notes    []string   `json:"notes,omitempty"`
	Created  time.Time  `json:"created"`
	Started  *time.Time `json:"started,omitempty"`
	Finished *time.Time `json:"finished,omitempty"`
	Files    []RunFile  `json:"files"`
	Zip      string     `json:"zip,omitempty"` // URL of outputs.zip once done
}

type run struct {
	req      RunRequest
	locks    *engine.Locks // req.Locks read; nil: none
	id       string
	status   string
	err      string
	created  time.Time
	started  time.Time
	finished time.Time
	files    map[string][]byte // in memory; nil once stored
	stored   map[string]int    // name → size of the files in the runs folder; nil unless stored
	notes    []string
}

// runOutput is what a run's job makes.
type runOutput struct {
	files map[string][]byte
	notes []string
}

// runs is the queue and the kept outputs.
type runs struct {
	opt    RunsOptions
	log    *slog.Logger
	queue  chan *run
	ctx    context.Context
	cancel context.CancelFunc
	once   sync.Once
	done   chan struct{} // closed when the worker ends
	// job runs one request with its locks read; tests replace it.
	job func(ctx context.Context, req RunRequest, locks *engine.Locks) (runOutput, error)

	mu     sync.Mutex
	all    []*run // submission order
	byID   map[string]*run
	close  bool
	lastID uint64 // the highest id given
}

func newRuns(opt RunsOptions, log *slog.Logger) *runs {
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultRunTimeout
	}
	if opt.Queue <= 0 {
		opt.Queue = DefaultRunQueue
	}
	if opt.Keep <= 0 {
		opt.Keep = DefaultRunsKept
	}
	if opt.Dir != nil {
		opt.Keep = opt.Dir.keep
	}
	ctx, cancel := context.WithCancel(context.Background())
	rs := &runs{opt: opt, log: log, queue: make(chan *run, opt.Queue), ctx: ctx, cancel: cancel, byID: map[string]*run{},
		done: make(chan struct{})}
	rs.job = rs.execute
	if d := opt.Dir; d != nil {
		rs.lastID = d.lastID
		for _, r := range d.loaded {
			c := *r
			rs.all = append(rs.all, &c)
			rs.byID[c.id] = &c
		}
	}
	return rs
}

// nextID is a new run id: the nanoseconds since 1970, past every id given
// or found in the runs folder, as 16 hex digits; rs.mu held.
func (rs *runs) nextID() string {
	n := uint64(time.Now().UnixNano())
	if n <= rs.lastID {
		n = rs.lastID + 1
	}
	rs.lastID = n
	return fmt.Sprintf("%016x", n)
}

// stop cancels the run in progress, drops the queue and waits (at most
// ShutdownGrace) for the run in progress to end. The runs dropped keep
// their markers in the runs folder: the next start records them as
// interrupted.
func (rs *runs) stop() {
	rs.mu.Lock()
	rs.close = true
	rs.once.Do(func() { close(rs.done) }) // no worker was started
	rs.mu.Unlock()
	rs.cancel()
	select {
	case <-rs.done:
	case <-time.After(ShutdownGrace):
		rs.log.Warn("planner run still ending after the shutdown grace")
	}
}

// locksError is a request's bad locks text: every problem, as
// locks:LINE: message.
type locksError struct{ problems dataset.Problems }

func (e *locksError) Error() string {
	var b strings.Builder
	b.WriteString("field locks: ")
	for i, p := range e.list() {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p)
	}
	b.WriteString(" (accepted: CSV text with a header and the columns level (primary|junior), school_id, lock (pin|closed|share), " +
		"and address or lon,lat (WGS84) for a pin, zone_id for a share)")
	return b.String()
}

// list is the problems as the answer lists them, at most maxLocksProblems
// and a count of the rest.
func (e *locksError) list() []string {
	var out []string
	for i, p := range e.problems {
		if i == maxLocksProblems {
			out = append(out, fmt.Sprintf("… and %d more", len(e.problems)-i))
			break
		}
		out = append(out, p.String())
	}
	return out
}

// validate checks a request against the dataset, fills its defaults and
// reads its locks (a *locksError when they are bad).
func (rs *runs) validate(req *RunRequest) (*engine.Locks, error) {
	if err := rs.check(req); err != nil {
		return nil, err
	}
	if req.Locks == "" {
		return nil, nil
	}
	locks, err := engine.ReadLocks(strings.NewReader(req.Locks), "locks", rs.opt.Dataset)
	if err != nil {
		var probs dataset.Problems
		if !errors.As(err, &probs) {
			probs = dataset.Problems{{File: "locks", Line: 1, Msg: err.Error()}}
		}
		return nil, &locksError{problems: probs}
	}
	return locks, nil
}

// check checks a request's fields and fills its defaults.
func (rs *runs) check(req *RunRequest) error {
	ds := rs.opt.Dataset
	base := ds.Meta.BaseYear
	if req.Kind != RunRedraw && req.Kind != RunCompare && req.Locks != "" {
		return fmt.Errorf("field locks: applies to kinds redraw and compare only (accepted: omit it for %.32s)", req.Kind)
	}
	if len(req.Locks) > MaxRunLocksBytes {
		return fmt.Errorf("field locks: %d bytes (accepted: at most %d)", len(req.Locks), MaxRunLocksBytes)
	}
	if req.Kind != RunCompare && req.Name != "" {
		return fmt.Errorf("field name: applies to kind compare only (accepted: omit it for %.32s)", req.Kind)
	}
	if req.Kind != RunCompare && req.Public {
		return fmt.Errorf("field public: applies to kind compare only (accepted: omit it for %.32s)", req.Kind)
	}
	switch req.Kind {
	case RunRedraw, RunCompare:
		if req.To != 0 {
			return fmt.Errorf("field to: applies to kind simulate only (accepted: omit it for %s)", req.Kind)
		}
		if req.Kind == RunCompare {
			if len(ds.Zones) == 0 {
				return errors.New("kind compare: the served dataset has no zones in force (zones.geojson) to compare a redraw with (accepted: kind redraw or simulate, or serve a dataset with zones.geojson)")
			}
			req.Name = strings.TrimSpace(req.Name)
			if n := utf8.RuneCountInString(req.Name); n > MaxRunNameRunes || !utf8.ValidString(req.Name) ||
				strings.ContainsFunc(req.Name, unicode.IsControl) {
				return fmt.Errorf("field name: %.48q (accepted: at most %d characters, no control characters)", req.Name, MaxRunNameRunes)
			}
			if req.Name == "" {
				req.Name = DefaultRedrawName
			}
		}
		if req.Year == 0 {
			req.Year = base + 1
		}
		if req.Year <= base || req.Year > base+MaxRunYears {
			return fmt.Errorf("field year: %d (accepted: %d..%d, after the base year %d)", req.Year, base+1, base+MaxRunYears, base)
		}
		if req.Objective != "" {
			if !zones.Objective(req.Objective).Known() {
				return fmt.Errorf("field objective: %.32q (accepted: %s)", req.Objective, zones.ObjectiveNames())
			}
		}
	case RunSimulate:
		if req.Objective != "" {
			return fmt.Errorf("field objective: applies to kinds redraw and compare only (accepted: omit it for simulate)")
		}
		if req.Year == 0 {
			req.Year = base
		}
		if req.To == 0 {
			req.To = base + 10
		}
		if req.Year < base || req.Year > base+MaxRunYears {
			return fmt.Errorf("field year: %d (accepted: %d..%d, from the base year)", req.Year, base, base+MaxRunYears)
		}
		if req.To < req.Year || req.To > base+MaxRunYears {
			return fmt.Errorf("field to: %d (accepted: %d..%d, not before year)", req.To, req.Year, base+MaxRunYears)
		}
	default:
		return fmt.Errorf("field kind: %.32q (accepted: redraw, simulate, compare)", req.Kind)
	}
	return nil
}

// submit queues req with its locks read; false when the queue is full.
// With a runs folder it marks the run there first.
func (rs *runs) submit(req RunRequest, locks *engine.Locks) (*run, bool) {
	rs.mu.Lock()
	if rs.close || len(rs.queue) == cap(rs.queue) {
		rs.mu.Unlock()
		return nil, false
	}
	r := &run{req: req, locks: locks, id: rs.nextID(), status: RunQueued, created: time.Now().UTC()}
	st := r.view()
	rs.mu.Unlock()
	d := rs.opt.Dir
	if d != nil {
		if err := d.mark(st); err != nil {
			rs.log.Warn("runs folder: cannot mark a queued run", "run", r.id, "error", err.Error())
		}
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	ok := !rs.close
	if ok {
		select {
		case rs.queue <- r:
		default:
			ok = false
		}
	}
	if !ok {
		if d != nil {
			d.unmark(r.id)
		}
		return nil, false
	}
	rs.all = append(rs.all, r)
	rs.byID[r.id] = r
	rs.once.Do(func() { go rs.worker() })
	return r, true
}

// worker executes the queued runs one at a time until stop.
func (rs *runs) worker() {
	defer close(rs.done)
	for {
		select {
		case <-rs.ctx.Done():
			return
		case r := <-rs.queue:
			if rs.ctx.Err() != nil { // stopping: r stays queued (and marked)
				return
			}
			rs.exec(r)
		}
	}
}

func (rs *runs) exec(r *run) {
	rs.mu.Lock()
	r.status, r.started = RunRunning, time.Now().UTC()
	req, locks := r.req, r.locks
	st := r.view()
	rs.mu.Unlock()
	d := rs.opt.Dir
	if d != nil {
		if err := d.mark(st); err != nil {
			rs.log.Warn("runs folder: cannot mark a running run", "run", r.id, "error", err.Error())
		}
	}
	ctx, cancel := context.WithTimeout(rs.ctx, rs.opt.Timeout)
	out, err := rs.safeJob(ctx, req, locks)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	cancel()
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("service: the run took longer than its time limit of %s", rs.opt.Timeout)
	}
	stopping := err != nil && rs.ctx.Err() != nil
	if stopping {
		err = errors.New("service: " + InterruptedNote)
	}
	rs.mu.Lock()
	r.finished = time.Now().UTC()
	if err != nil {
		r.status, r.err = RunFailed, err.Error()
		rs.log.Warn("planner run failed", "run", r.id, "kind", req.Kind, "error", err.Error())
	} else {
		r.status, r.files, r.notes = RunDone, out.files, out.notes
		rs.log.Info("planner run done", "run", r.id, "kind", req.Kind, "took", r.finished.Sub(r.started))
	}
	dropped := rs.forget()
	done := *r
	rs.mu.Unlock()
	if d == nil {
		return
	}
	for _, id := range dropped {
		d.remove(id)
	}
	if stopping { // its marker stays: the next start records it
		return
	}
	if err := d.write(&done, done.files); err != nil {
		rs.log.Error("runs folder: cannot store a finished run; it is kept in memory only", "run", r.id, "error", err.Error())
		return
	}
	d.unmark(r.id)
	stored := make(map[string]int, len(done.files))
	for name, b := range done.files {
		stored[name] = len(b)
	}
	rs.mu.Lock()
	r.files, r.stored = nil, stored
	rs.mu.Unlock()
}

// safeJob runs the job, turning a panic into an error.
func (rs *runs) safeJob(ctx context.Context, req RunRequest, locks *engine.Locks) (out runOutput, err error) {
	defer func() {
		if v := recover(); v != nil {
			out, err = runOutput{}, fmt.Errorf("service: run failed: internal error: %v", v)
		}
	}()
	return rs.job(ctx, req, locks)
}

// forget drops the oldest finished runs beyond Keep and returns the ids
// of those stored in the runs folder; rs.mu held.
func (rs *runs) forget() []string {
	var stored []string
	n := 0
	for i := len(rs.all) - 1; i >= 0; i-- {
		r := rs.all[i]
		if r.status != RunDone && r.status != RunFailed {
			continue
		}
		if n++; n > rs.opt.Keep {
			delete(rs.byID, r.id)
			rs.all[i] = nil
			if r.stored != nil {
				stored = append(stored, r.id)
			}
		}
	}
	rs.all = slices.DeleteFunc(rs.all, func(r *run) bool { return r == nil })
	return stored
}

// execute is the job of the server: the outputs of `zoning redraw`, of
// `zoning simulate` or the meeting pack of a compare (compare.go), in
// memory.
func (rs *runs) execute(ctx context.Context, req RunRequest, locks *engine.Locks) (runOutput, error) {
	ds, c := rs.opt.Dataset, rs.opt.Config
	if req.Kind == RunSimulate {
		sim, err := simulate.Run(ctx, ds, simulate.Options{From: req.Year, To: req.To, Config: c, Scenario: rs.opt.Scenario})
		if err != nil {
			return runOutput{}, err
		}
		files, err := sim.Files()
		return runOutput{files: files}, err
	}
	var objective zones.Objective
	if req.Objective != "" {
		o, err := zones.ParseObjective(req.Objective)
		if err != nil {
			return runOutput{}, err
		}
		objective = o
	}
	// The county the scenario makes in the year, as zoning redraw does.
	sim, err := simulate.Run(ctx, ds, simulate.Options{From: req.Year, To: req.Year, Config: c, Scenario: rs.opt.Scenario,
		Target: &simulate.Target{Year: req.Year, Objective: objective, Locks: locks}})
	if err != nil {
		return runOutput{}, err
	}
	res := sim.Targets[0]
	if req.Kind == RunCompare {
		return rs.comparePack(ctx, req, res)
	}
	files, err := RedrawFiles(res)
	return runOutput{files: files}, err
}

// RedrawFiles are the outputs of a redraw, as `zoning redraw` writes them:
// engine's OutputFiles (zones.geojson, assignments.csv, metrics.json,
// moves.csv when the dataset has zones in force, zones.csv) and report.html.
func RedrawFiles(res *engine.Result) (map[string][]byte, error) {
	files, _, err := res.OutputFiles()
	if err != nil {
		return nil, err
	}
	if files[report.File], err = report.HTML(res, res.Metrics()); err != nil {
		return nil, err
	}
	return files, nil
}

// status is the public view of r; rs.mu held.
func (r *run) view() RunStatus {
	st := RunStatus{ID: r.id, Request: r.req, Status: r.status, Error: r.err, Notes: r.notes, Created: r.created, Files: []RunFile{}}
	if !r.started.IsZero() {
		t := r.started
		st.Started = &t
	}
	if !r.finished.IsZero() {
		t := r.finished
		st.Finished = &t
	}
	base := "/api/v1/planner/runs/" + r.id
	for _, name := range r.names() {
		size, ok := r.stored[name]
		if !ok {
			size = len(r.files[name])
		}
		st.Files = append(st.Files, RunFile{Name: name, Size: size, URL: base + "/files/" + name})
	}
	if r.status == RunDone {
		st.Zip = base + "/outputs.zip"
	}
	return st
}

// names are the names of r's files, sorted.
func (r *run) names() []string {
	if r.stored != nil {
		return sortedNames(r.stored)
	}
	return sortedNames(r.files)
}

func sortedNames[V any](files map[string]V) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// contentType is the media type of an output file by its extension.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".geojson":
		return "application/geo+json"
	case ".json":
		return "application/json; charset=utf-8"
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".html":
		return "text/html; charset=utf-8"
	case ".zip":
		return "application/zip"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".pdf":
		return "application/pdf"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".gpkg":
		return "application/geopackage+sqlite3"
	}
	return "application/octet-stream"
}

// runRoutes registers the planner's runs under /api/v1.
func (s *Server) runRoutes(r chi.Router) {
	token := func() string {
		if s.runs == nil {
			return ""
		}
		return s.runs.opt.Token
	}
	auth := r.With(s.requireToken(token))
	auth.Post("/planner/runs", s.runSubmit)
	auth.Get("/planner/runs/{id}", s.runStatus)
	auth.With(s.download).Get("/planner/runs/{id}/files/{name}", s.runFile)
	auth.With(s.download).Get("/planner/runs/{id}/outputs.zip", s.runZip)
}

// runSubmit answers POST /api/v1/planner/runs.
func (s *Server) runSubmit(w http.ResponseWriter, r *http.Request) {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	var req RunRequest
	const accepted = `a JSON object {"kind": "redraw"|"simulate"|"compare", "year": YEAR, "objective": "distance"|"moves"|"balanced" (redraw, compare), ` +
		`"locks": "CSV text" (redraw, compare), "name": "NAME" (compare), "public": true (compare), "to": YEAR (simulate)}`
	if err := dec.Decode(&req); err != nil {
		msg := err.Error()
		if len(msg) > 120 {
			msg = msg[:120]
		}
		writeError(w, http.StatusBadRequest, fmt.Sprintf("request body: %s (accepted: %s)", strings.ToValidUTF8(msg, "?"), accepted))
		return
	}
	if dec.More() {
		writeError(w, http.StatusBadRequest, "request body: more than one JSON value (accepted: "+accepted+")")
		return
	}
	locks, err := s.runs.validate(&req)
	if le := (*locksError)(nil); errors.As(err, &le) {
		writeJSON(w, http.StatusBadRequest, errorBody{Error: le.Error(), Problems: le.list()})
		return
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	run, ok := s.runs.submit(req, locks)
	if !ok {
		w.Header().Set("Retry-After", "30")
		writeError(w, http.StatusTooManyRequests, fmt.Sprintf("the run queue is full (accepted: at most %d runs waiting); retry when one is done", s.runs.opt.Queue))
		return
	}
	w.Header().Set("Location", "/api/v1/planner/runs/"+run.id)
	writeJSON(w, http.StatusAccepted, map[string]string{"id": run.id, "status": RunQueued})
}

// lookupRun finds the run of the {id} parameter, answering 404 if none.
func (s *Server) lookupRun(w http.ResponseWriter, r *http.Request) (*run, bool) {
	id := chi.URLParam(r, "id")
	var run *run
	if validRunID(id) { // never a path of the runs folder otherwise
		s.runs.mu.Lock()
		run = s.runs.byID[id]
		s.runs.mu.Unlock()
	}
	if run == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no run %.32q (accepted: the id POST /api/v1/planner/runs answered, of the last %d finished runs or one waiting)", id, s.runs.opt.Keep))
		return nil, false
	}
	return run, true
}

// runStatus answers GET /api/v1/planner/runs/{id}.
func (s *Server) runStatus(w http.ResponseWriter, r *http.Request) {
	run, ok := s.lookupRun(w, r)
	if !ok {
		return
	}
	s.runs.mu.Lock()
	st := run.view()
	s.runs.mu.Unlock()
	writeJSON(w, http.StatusOK, st)
}

// doneFiles returns the id, file names and opener of a finished run,
// answering 409 while it is not done.
func (s *Server) doneFiles(w http.ResponseWriter, r *http.Request) (string, []string, opener, bool) {
	run, ok := s.lookupRun(w, r)
	if !ok {
		return "", nil, nil, false
	}
	s.runs.mu.Lock()
	status, files, names := run.status, run.files, run.names()
	stored := run.stored != nil
	s.runs.mu.Unlock()
	if status != RunDone {
		writeError(w, http.StatusConflict, fmt.Sprintf("run %s is %s (accepted: files of a run whose status is done)", run.id, status))
		return "", nil, nil, false
	}
	open := func(name string) (io.ReadCloser, error) {
		if !slices.Contains(names, name) {
			return nil, fs.ErrNotExist
		}
		if stored {
			return s.runs.opt.Dir.open(run.id, name)
		}
		return memFile{bytes.NewReader(files[name])}, nil
	}
	return run.id, names, open, true
}

// downloadHeaders sets the headers of an output file's download.
func downloadHeaders(w http.ResponseWriter, name string) {
	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "sandbox")
}

// runFile answers GET /api/v1/planner/runs/{id}/files/{name}.
func (s *Server) runFile(w http.ResponseWriter, r *http.Request) {
	id, names, open, ok := s.doneFiles(w, r)
	if !ok {
		return
	}
	name := chi.URLParam(r, "name")
	f, err := open(name)
	if errors.Is(err, fs.ErrNotExist) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no file %.64q in this run (accepted: %s)", name, strings.Join(names, ", ")))
		return
	}
	if err != nil {
		s.log.Error("runs folder: cannot read a run's file", "run", id, "file", name, "error", err.Error())
		writeError(w, http.StatusInternalServerError, "internal error")
		return
	}
	defer f.Close()
	downloadHeaders(w, name)
	if n, ok := sizeOf(f); ok { // a client can tell a download cut short
		w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
	}
	w.WriteHeader(http.StatusOK)
	if _, err := io.Copy(w, f); err != nil {
		s.log.Warn("download cut short", "run", id, "file", name, "error", err.Error())
	}
}

// memFile is a run's file kept in memory, as a download reads it.
type memFile struct{ *bytes.Reader }

func (memFile) Close() error { return nil }

// runZip answers GET /api/v1/planner/runs/{id}/outputs.zip. Every file is
// opened before the answer starts, then streamed.
func (s *Server) runZip(w http.ResponseWriter, r *http.Request) {
	id, names, open, ok := s.doneFiles(w, r)
	if !ok {
		return
	}
	files := make([]io.ReadCloser, 0, len(names))
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for _, name := range names {
		f, err := open(name)
		if err != nil {
			s.log.Error("runs folder: cannot read a run's file", "run", id, "file", name, "error", err.Error())
			writeError(w, http.StatusInternalServerError, "internal error")
			return
		}
		files = append(files, f)
	}
	w.Header().Set("Content-Type", contentType(".zip"))
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "run-"+id+".zip"))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if err := writeZip(w, names, files); err != nil {
		s.log.Warn("outputs.zip cut short", "run", id, "error", err.Error())
	}
}

// writeZip writes the files of the names, in order, as a zip archive
// (deflated, without times: the same files give the same bytes).
func writeZip(w io.Writer, names []string, files []io.ReadCloser) error {
	zw := zip.NewWriter(w)
	for i, name := range names {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err == nil {
			_, err = io.Copy(f, files[i])
		}
		if err != nil {
			return err
		}
	}
	return zw.Close()
}
