package service

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

const runToken = "planner-runs-token"

// validDataset is the loader's small hand-made county (base year 2026).
func validDataset(tb testing.TB) *dataset.Dataset {
	tb.Helper()
	ds, err := dataset.LoadDir(filepath.Join("..", "dataset", "testdata", "valid"))
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

// authed sends method target with the bearer token (auth "" sends none).
func authed(tb testing.TB, method, u, auth, body string) response {
	tb.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		tb.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, b.Bytes()}
}

// submitRun posts body and returns the run id, failing unless 202.
func submitRun(tb testing.TB, base, body string) string {
	tb.Helper()
	r := authed(tb, http.MethodPost, base+"/api/v1/planner/runs", runToken, body)
	if r.code != http.StatusAccepted {
		tb.Fatalf("POST %s: %d %s, want 202", body, r.code, r.body)
	}
	var a struct{ ID, Status string }
	if err := json.Unmarshal(r.body, &a); err != nil || a.ID == "" || a.Status != RunQueued {
		tb.Fatalf("POST answer %s: %v", r.body, err)
	}
	if loc := r.header.Get("Location"); loc != "/api/v1/planner/runs/"+a.ID {
		tb.Errorf("Location %q", loc)
	}
	return a.ID
}

// waitRun polls the run's status (at most 600 times, 50 ms apart) until it
// is done or failed.
func waitRun(tb testing.TB, base, id string) RunStatus {
	tb.Helper()
	var st RunStatus
	for range 600 {
		r := authed(tb, http.MethodGet, base+"/api/v1/planner/runs/"+id, runToken, "")
		if r.code != http.StatusOK {
			tb.Fatalf("status of %s: %d %s", id, r.code, r.body)
		}
		if err := json.Unmarshal(r.body, &st); err != nil {
			tb.Fatal(err)
		}
		if st.Status == RunDone || st.Status == RunFailed {
			return st
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.Fatalf("run %s still %s after 600 polls", id, st.Status)
	return st
}

func TestRunsRedrawAndSimulate(t *testing.T) {
	ds := validDataset(t)
	s := New(nil, Options{Runs: &RunsOptions{Dataset: ds, Config: config.Default(), Token: runToken}})
	base := start(t, s)

	// A redraw of 2027 (the base year 2026 + 1) under the distance objective.
	id := submitRun(t, base, `{"kind": "redraw", "year": 2027, "objective": "distance"}`)
	st := waitRun(t, base, id)
	if st.Status != RunDone {
		t.Fatalf("redraw %s: %s", st.Status, st.Error)
	}
	if st.Request.Kind != RunRedraw || st.Request.Year != 2027 || st.Request.Objective != "distance" {
		t.Errorf("request echoed as %+v", st.Request)
	}
	var names []string
	for _, f := range st.Files {
		names = append(names, f.Name)
	}
	want := []string{"assignments.csv", "metrics.json", "report.html", "zones.csv", "zones.geojson"}
	if len(ds.Zones) > 0 { // zones in force: moves.csv too
		want = []string{"assignments.csv", "metrics.json", "moves.csv", "report.html", "zones.csv", "zones.geojson"}
	}
	if !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
	got := map[string][]byte{}
	types := map[string]string{".csv": "text/csv", ".json": "application/json", ".geojson": "application/geo+json", ".html": "text/html"}
	for _, f := range st.Files {
		r := authed(t, http.MethodGet, base+f.URL, runToken, "")
		if r.code != http.StatusOK {
			t.Errorf("%s: %d %s", f.URL, r.code, r.body)
			continue
		}
		if len(r.body) != f.Size {
			t.Errorf("%s: %d bytes, status says %d", f.Name, len(r.body), f.Size)
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, types[filepath.Ext(f.Name)]) {
			t.Errorf("%s: Content-Type %q, want %s", f.Name, ct, types[filepath.Ext(f.Name)])
		}
		if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="`+f.Name+`"` {
			t.Errorf("%s: Content-Disposition %q", f.Name, cd)
		}
		got[f.Name] = r.body
	}
	var m struct {
		Year int `json:"year"`
	}
	if err := json.Unmarshal(got["metrics.json"], &m); err != nil {
		t.Fatalf("metrics.json: %v", err)
	}
	if m.Year != 2027 {
		t.Errorf("metrics.json year %d, want the requested 2027", m.Year)
	}
	// assignments.csv: one row per entrant of the year, each with a
	// child id of the dataset.
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(got["assignments.csv"], []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("assignments.csv: %d rows, %v", len(rows), err)
	}

	// The zip holds the same files, byte for byte.
	if st.Zip != "/api/v1/planner/runs/"+id+"/outputs.zip" {
		t.Errorf("zip URL %q", st.Zip)
	}
	r := authed(t, http.MethodGet, base+st.Zip, runToken, "")
	if r.code != http.StatusOK || r.header.Get("Content-Type") != "application/zip" {
		t.Fatalf("zip: %d %s", r.code, r.header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	var zipped []string
	for _, f := range zr.File {
		zipped = append(zipped, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		_, err = b.ReadFrom(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), got[f.Name]) {
			t.Errorf("zip %s differs from the download", f.Name)
		}
	}
	if !slices.Equal(zipped, want) {
		t.Errorf("zip holds %v, want %v", zipped, want)
	}

	// A simulation 2026–2028 without a scenario: one row per year and
	// section, years 2026, 2027 and 2028.
	id = submitRun(t, base, `{"kind": "simulate", "year": 2026, "to": 2028}`)
	st = waitRun(t, base, id)
	if st.Status != RunDone {
		t.Fatalf("simulate %s: %s", st.Status, st.Error)
	}
	names = names[:0]
	for _, f := range st.Files {
		names = append(names, f.Name)
	}
	if want := []string{"compliance.csv", "events.csv", "seating.csv", "simulation.csv"}; !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
	r = authed(t, http.MethodGet, base+"/api/v1/planner/runs/"+id+"/files/simulation.csv", runToken, "")
	rows, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("simulation.csv: %d rows, %v", len(rows), err)
	}
	years := map[string]bool{}
	for _, row := range rows[1:] {
		years[row[0]] = true
	}
	if len(years) != 3 || !years["2026"] || !years["2027"] || !years["2028"] {
		t.Errorf("simulation.csv years %v, want 2026, 2027, 2028", years)
	}
}

// stubRuns is a server whose runs execute job instead of the engine.
func stubRuns(t *testing.T, opt RunsOptions, job func(ctx context.Context, req RunRequest) (map[string][]byte, error)) (*Server, string) {
	t.Helper()
	if opt.Dataset == nil {
		opt.Dataset = &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2026}}
	}
	s := New(nil, Options{Runs: &opt})
	if job != nil {
		s.runs.job = func(ctx context.Context, req RunRequest, _ *engine.Locks) (runOutput, error) {
			files, err := job(ctx, req)
			return runOutput{files: files}, err
		}
	}
	return s, start(t, s)
}

func TestRunsRefused(t *testing.T) {
	done := func(context.Context, RunRequest) (map[string][]byte, error) {
		return map[string][]byte{"metrics.json": []byte(`{"year": 2027}`)}, nil
	}
	_, base := stubRuns(t, RunsOptions{Token: runToken}, done)
	id := submitRun(t, base, `{"kind": "redraw"}`)
	if st := waitRun(t, base, id); st.Status != RunDone || st.Request.Year != 2027 {
		t.Fatalf("default year: %+v", st)
	}
	runURL := base + "/api/v1/planner/runs/" + id
	cases := []struct {
		name, method, url, token, body string
		code                           int
		mention                        string // in the error
	}{
		{"post without token", "POST", base + "/api/v1/planner/runs", "", `{"kind": "redraw"}`, 401, "Bearer"},
		{"post wrong token", "POST", base + "/api/v1/planner/runs", "nope", `{"kind": "redraw"}`, 401, "Bearer"},
		{"status without token", "GET", runURL, "", "", 401, "Bearer"},
		{"file without token", "GET", runURL + "/files/metrics.json", "", "", 401, "Bearer"},
		{"zip without token", "GET", runURL + "/outputs.zip", "", "", 401, "Bearer"},
		{"bad kind", "POST", base + "/api/v1/planner/runs", runToken, `{"kind": "optimise"}`, 400, "field kind"},
		{"no kind", "POST", base + "/api/v1/planner/runs", runToken, `{}`, 400, "redraw, simulate, compare"},
		{"redraw of the base year", "POST", base + "/api/v1/planner/runs", runToken, `{"kind": "redraw", "year": 2026}`, 400, "field year"},
		{"redraw too far", "POST", base + "/api/v1/planner/runs", runToken, `{"kind": "redraw", "year": 2057}`, 400, "2027..2056"},
		{"bad objective", "POST", base + "/api/v1/planner/runs", runToken, `{"kind": "redraw", "objective": "fast"}`, 400, "distance, moves, balanced"},
		{"to of a redraw", "POST", base + "/api/v1/planner/runs", runToken, `{"kind": "redraw", "to": 2030}`, 400, "field to"},
		{"objective of a simulation", "POST", base + "/api/v1/planner/runs", runToken, `{"kind": "simulate", "objective": "moves"}`, 400, "field objective"},
		{"simulation backwards", "POST", base + "/api/v1/planner/runs", runToken, `{"kind": "simulate", "year": 2030, "to": 2028}`, 400, "field to"},
		{"simulation before the base year", "POST", base + "/api/v1/planner/runs", runToken, `{"kind": "simulate", "year": 2020}`, 400, "field year"},
		{"unknown field", "POST", base + "/api/v1/planner/runs", runToken, `{"kind": "redraw", "pins": "x"}`, 400, "pins"},
		{"not JSON", "POST", base + "/api/v1/planner/runs", runToken, `kind=redraw`, 400, "request body"},
		{"two values", "POST", base + "/api/v1/planner/runs", runToken, `{"kind": "redraw"} {}`, 400, "more than one"},
		{"year as text", "POST", base + "/api/v1/planner/runs", runToken, `{"kind": "redraw", "year": "2027"}`, 400, "request body"},
		{"unknown run", "GET", base + "/api/v1/planner/runs/0000", runToken, "", 404, "no run"},
		{"unknown file", "GET", runURL + "/files/secret.txt", runToken, "", 404, "metrics.json"},
		{"file path escape", "GET", runURL + "/files/..%2F..%2Fetc", runToken, "", 404, ""},
		{"GET of the queue", "GET", base + "/api/v1/planner/runs", runToken, "", 405, "POST"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := authed(t, c.method, c.url, c.token, c.body)
			if r.code != c.code {
				t.Fatalf("%d %s, want %d", r.code, r.body, c.code)
			}
			var e errorBody
			if err := json.Unmarshal(r.body, &e); err != nil {
				t.Fatalf("error body %s: %v", r.body, err)
			}
			if !strings.Contains(e.Error, c.mention) {
				t.Errorf("error %q does not mention %q", e.Error, c.mention)
			}
			if c.code == 401 && r.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}

	// Planner mode off: no token configured, or no runs at all.
	for name, opt := range map[string]Options{
		"no token": {Runs: &RunsOptions{Dataset: &dataset.Dataset{Meta: dataset.Meta{BaseYear: 2026}}}},
		"no runs":  {},
	} {
		base := start(t, New(nil, opt))
		for _, u := range []string{"/api/v1/planner/runs/x", "/api/v1/planner/runs/x/outputs.zip"} {
			if r := authed(t, "GET", base+u, runToken, ""); r.code != http.StatusNotFound {
				t.Errorf("%s: %s: %d, want 404", name, u, r.code)
			}
		}
		if r := authed(t, "POST", base+"/api/v1/planner/runs", runToken, `{"kind": "redraw"}`); r.code != http.StatusNotFound {
			t.Errorf("%s: POST: %d, want 404", name, r.code)
		}
	}
}

func TestRunsQueueAndKeep(t *testing.T) {
	release := make(chan struct{})
	started := make(chan string, 16)
	job := func(ctx context.Context, req RunRequest) (map[string][]byte, error) {
		started <- req.Objective
		select {
		case <-release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return map[string][]byte{"metrics.json": []byte("{}")}, nil
	}
	_, base := stubRuns(t, RunsOptions{Token: runToken, Queue: 2, Keep: 2}, job)
	body := func(o string) string { return `{"kind": "redraw", "objective": "` + o + `"}` }
	first := submitRun(t, base, body("distance"))
	if o := <-started; o != "distance" {
		t.Fatalf("first run started %q", o)
	}
	// One running, two waiting: the queue of 2 is full.
	st := authed(t, "GET", base+"/api/v1/planner/runs/"+first, runToken, "")
	if !bytes.Contains(st.body, []byte(`"status":"running"`)) {
		t.Errorf("first run: %s, want running", st.body)
	}
	second := submitRun(t, base, body("moves"))
	third := submitRun(t, base, body("balanced"))
	r := authed(t, "POST", base+"/api/v1/planner/runs", runToken, body("distance"))
	if r.code != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Fatalf("fourth run: %d %s, want 429 with Retry-After", r.code, r.body)
	}
	// Files of a run not done: 409.
	if r := authed(t, "GET", base+"/api/v1/planner/runs/"+second+"/outputs.zip", runToken, ""); r.code != http.StatusConflict {
		t.Errorf("zip of a queued run: %d, want 409", r.code)
	}
	// One at a time, in order.
	close(release)
	for _, want := range []string{"moves", "balanced"} {
		if o := <-started; o != want {
			t.Errorf("started %q, want %q", o, want)
		}
	}
	waitRun(t, base, third)
	// Keep 2: the first of three finished runs is forgotten.
	if r := authed(t, "GET", base+"/api/v1/planner/runs/"+first, runToken, ""); r.code != http.StatusNotFound {
		t.Errorf("oldest run: %d, want 404 (forgotten)", r.code)
	}
	for _, id := range []string{second, third} {
		if st := waitRun(t, base, id); st.Status != RunDone {
			t.Errorf("run %s: %s", id, st.Status)
		}
	}
}

func TestRunTimeLimitAndPanic(t *testing.T) {
	job := func(ctx context.Context, req RunRequest) (map[string][]byte, error) {
		if req.Objective == "moves" {
			panic("boom")
		}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	_, base := stubRuns(t, RunsOptions{Token: runToken, Timeout: 20 * time.Millisecond}, job)
	st := waitRun(t, base, submitRun(t, base, `{"kind": "redraw"}`))
	if st.Status != RunFailed || !strings.Contains(st.Error, "time limit") || len(st.Files) != 0 || st.Zip != "" {
		t.Errorf("run over its time limit: %+v", st)
	}
	st = waitRun(t, base, submitRun(t, base, `{"kind": "redraw", "objective": "moves"}`))
	if st.Status != RunFailed || !strings.Contains(st.Error, "internal error") {
		t.Errorf("run that panicked: %+v", st)
	}
}

func FuzzRunRequest(f *testing.F) {
	for _, b := range []string{`{"kind": "redraw", "year": 2027, "objective": "moves"}`, `{"kind": "simulate", "year": 2026, "to": 2031}`,
		`{"kind": "redraw", "year": -1}`, `{"kind": 3}`, `[]`, `{"kind": "simulate", "to": 99999999999}`, ``,
		`{"kind": "compare", "name": "方案", "locks": "level,school_id,lock\nprimary,A,closed\n"}`,
		`{"kind": "redraw", "locks": "level,school_id,lock,address\n\"x"}`, `{"kind": "compare", "name": "\u0000"}`} {
		f.Add(b)
	}
	ds := compareTown(86.898).DS // zones in force, schools A and B: compares and locks are read
	f.Fuzz(func(t *testing.T, body string) {
		s := New(nil, Options{Runs: &RunsOptions{Dataset: ds, Token: runToken, Queue: 1}})
		s.runs.job = func(context.Context, RunRequest, *engine.Locks) (runOutput, error) { return runOutput{}, nil }
		req, _ := http.NewRequest(http.MethodPost, "/api/v1/planner/runs", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+runToken)
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusAccepted, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusTooManyRequests:
		default:
			t.Fatalf("%q: %d %s", body, rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%q: answer not JSON: %s", body, rec.Body)
		}
		s.runs.stop()
	})
}

// BenchmarkRunDownloads measures the planner's polls and downloads of a
// finished redraw of the small county: status, metrics.json, outputs.zip.
func BenchmarkRunDownloads(b *testing.B) {
	ds := validDataset(b)
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2027, Config: config.Default()})
	if err != nil {
		b.Fatal(err)
	}
	files, err := RedrawFiles(res)
	if err != nil {
		b.Fatal(err)
	}
	s := New(nil, Options{Runs: &RunsOptions{Dataset: ds, Token: runToken}})
	s.runs.job = func(context.Context, RunRequest, *engine.Locks) (runOutput, error) {
		return runOutput{files: files}, nil
	}
	defer s.runs.stop()
	r, ok := s.runs.submit(RunRequest{Kind: RunRedraw, Year: 2027}, nil)
	if !ok {
		b.Fatal("queue full")
	}
	for i := 0; ; i++ {
		s.runs.mu.Lock()
		st := r.status
		s.runs.mu.Unlock()
		if st == RunDone {
			break
		}
		if i == 1000 {
			b.Fatal("stub run not done")
		}
		time.Sleep(time.Millisecond)
	}
	for _, p := range []string{"", "/files/metrics.json", "/outputs.zip"} {
		b.Run(map[string]string{"": "status", "/files/metrics.json": "file", "/outputs.zip": "zip"}[p], func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/planner/runs/"+r.id+p, nil)
			req.Header.Set("Authorization", "Bearer "+runToken)
			for b.Loop() {
				rec := httptest.NewRecorder()
				s.Handler().ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}
