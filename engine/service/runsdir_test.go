package service

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// logBuffer collects a server's log, safely for concurrent writes.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// dirServer is a server of the runs folder dir over loopback, stopped by
// its stop (also at the test's end); job nil runs the engine.
type dirServer struct {
	base string
	s    *Server
	log  *logBuffer
	stop func()
}

func serveDir(t *testing.T, dir string, keep int, ds *dataset.Dataset, job func(ctx context.Context, req RunRequest) (map[string][]byte, error)) *dirServer {
	t.Helper()
	lb := &logBuffer{}
	log := slog.New(slog.NewTextHandler(lb, nil))
	d, err := OpenRunsDir(dir, keep, log)
	if err != nil {
		t.Fatal(err)
	}
	if ds == nil {
		ds = &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2026}}
	}
	s := New(nil, Options{Log: log, Runs: &RunsOptions{Dataset: ds, Config: config.Default(), Token: runToken, Dir: d}})
	if job != nil {
		s.runs.job = func(ctx context.Context, req RunRequest, _ *engine.Locks) (runOutput, error) {
			files, err := job(ctx, req)
			return runOutput{files: files, notes: []string{"stub"}}, err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Error(err)
			}
			d.Close()
		})
	}
	t.Cleanup(stop)
	return &dirServer{base: "http://" + ln.Addr().String(), s: s, log: lb, stop: stop}
}

// snapshot is what a planner downloads of a finished run: the status
// answer, every file and outputs.zip, byte for byte.
type snapshot struct {
	status []byte
	files  map[string][]byte
	zip    []byte
}

func download(t *testing.T, base, id string) snapshot {
	t.Helper()
	r := authed(t, http.MethodGet, base+"/api/v1/planner/runs/"+id, runToken, "")
	if r.code != http.StatusOK {
		t.Fatalf("status of %s: %d %s", id, r.code, r.body)
	}
	var st RunStatus
	if err := json.Unmarshal(r.body, &st); err != nil {
		t.Fatal(err)
	}
	snap := snapshot{status: r.body, files: map[string][]byte{}}
	for _, f := range st.Files {
		fr := authed(t, http.MethodGet, base+f.URL, runToken, "")
		if fr.code != http.StatusOK || len(fr.body) != f.Size {
			t.Fatalf("%s: %d, %d bytes (status says %d)", f.URL, fr.code, len(fr.body), f.Size)
		}
		snap.files[f.Name] = fr.body
	}
	if st.Status == RunDone {
		zr := authed(t, http.MethodGet, base+st.Zip, runToken, "")
		if zr.code != http.StatusOK {
			t.Fatalf("zip: %d %s", zr.code, zr.body)
		}
		snap.zip = zr.body
	}
	return snap
}

// TestRunsDirRestart redraws the small hand-made county with a runs
// folder, stops the server, starts another on the same folder and
// downloads the same status, files and zip, byte for byte.
func TestRunsDirRestart(t *testing.T) {
	ds := validDataset(t)
	dir := filepath.Join(t.TempDir(), "runs")
	one := serveDir(t, dir, 0, ds, nil)
	id := submitRun(t, one.base, `{"kind": "redraw", "year": 2027, "objective": "distance"}`)
	if st := waitRun(t, one.base, id); st.Status != RunDone {
		t.Fatalf("redraw %s: %s", st.Status, st.Error)
	}
	before := download(t, one.base, id)
	if len(before.files) < 5 {
		t.Fatalf("%d files", len(before.files))
	}
	one.stop()

	// On disk: DIR/<id>/status.json (the status answer) and the files.
	onDisk, err := os.ReadFile(filepath.Join(dir, id, RunStatusFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(onDisk, before.status) {
		t.Errorf("status.json differs from the status answer:\n%s\n%s", onDisk, before.status)
	}
	for name, b := range before.files {
		got, err := os.ReadFile(filepath.Join(dir, id, name))
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s on disk: %v, equal %t", name, err, bytes.Equal(got, b))
		}
	}
	if _, err := os.Stat(filepath.Join(dir, id+pendingExt)); !os.IsNotExist(err) {
		t.Errorf("marker of a finished run left: %v", err)
	}

	two := serveDir(t, dir, 0, ds, nil)
	after := download(t, two.base, id)
	if !bytes.Equal(after.status, before.status) {
		t.Errorf("status after the restart:\n%s\nbefore:\n%s", after.status, before.status)
	}
	if len(after.files) != len(before.files) {
		t.Errorf("%d files after, %d before", len(after.files), len(before.files))
	}
	for name, b := range before.files {
		if !bytes.Equal(after.files[name], b) {
			t.Errorf("%s differs after the restart", name)
		}
	}
	if !bytes.Equal(after.zip, before.zip) {
		t.Errorf("outputs.zip differs after the restart (%d, %d bytes)", len(after.zip), len(before.zip))
	}
	// A new run gets a new id, after the old one.
	id2 := submitRun(t, two.base, `{"kind": "simulate", "year": 2026, "to": 2027}`)
	if id2 <= id || len(id2) != 16 {
		t.Errorf("id after the restart %s, not after %s", id2, id)
	}
	if st := waitRun(t, two.base, id2); st.Status != RunDone {
		t.Errorf("simulation: %s %s", st.Status, st.Error)
	}
}

// storedRun writes a finished run folder by hand: id, finished at
// minute min of 2026-09-01 (UTC), with file metrics.json.
func storedRun(t *testing.T, dir, id string, min int) {
	t.Helper()
	fin := time.Date(2026, 9, 1, 8, min, 0, 0, time.UTC)
	body := []byte(`{"year": 2027}`)
	st := RunStatus{ID: id, Request: RunRequest{Kind: RunRedraw, Year: 2027}, Status: RunDone, Created: fin.Add(-time.Minute),
		Started: &fin, Finished: &fin, Zip: "/api/v1/planner/runs/" + id + "/outputs.zip",
		Files: []RunFile{{Name: "metrics.json", Size: len(body), URL: "/api/v1/planner/runs/" + id + "/files/metrics.json"}}}
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, id), 0o750); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{RunStatusFile: b, "metrics.json": body} {
		if err := os.WriteFile(filepath.Join(dir, id, name), data, 0o640); err != nil {
			t.Fatal(err)
		}
	}
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// foreign puts things in dir that are not runs: they must survive.
func foreign(t *testing.T, dir string) []string {
	t.Helper()
	for _, d := range []string{"backup", "0123", "0000000000000001-old", ".tmp-x"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, d, "keep.txt"), []byte("mine"), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"README.txt", "0000000000000002", "0000000000000003.pending.bak"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("mine"), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	return []string{".tmp-x", "0000000000000001-old", "0000000000000002", "0000000000000003.pending.bak", "0123", "README.txt", "backup"}
}

func TestRunsDirKeep(t *testing.T) {
	cases := []struct {
		name string
		keep int
		// finished minute of each run folder made by hand
		runs map[string]int
		want []string // run folders left, sorted
	}{
		{"keep 2 of 3", 2, map[string]int{"00000000000000a1": 1, "00000000000000a2": 2, "00000000000000a3": 3}, []string{"00000000000000a2", "00000000000000a3"}},
		// by finish time, not by id
		{"finish order", 1, map[string]int{"00000000000000b1": 9, "00000000000000b2": 2}, []string{"00000000000000b1"}},
		{"fewer than kept", 5, map[string]int{"00000000000000c1": 1}, []string{"00000000000000c1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			others := foreign(t, dir)
			for id, min := range c.runs {
				storedRun(t, dir, id, min)
			}
			d, err := OpenRunsDir(dir, c.keep, nil)
			if err != nil {
				t.Fatal(err)
			}
			d.Close()
			want := slices.Sorted(slices.Values(append(slices.Clone(c.want), others...)))
			if got := entries(t, dir); !slices.Equal(got, want) {
				t.Errorf("left %v, want %v", got, want)
			}
			for _, o := range []string{"backup", "0123"} {
				if b, err := os.ReadFile(filepath.Join(dir, o, "keep.txt")); err != nil || string(b) != "mine" {
					t.Errorf("%s/keep.txt: %q %v", o, b, err)
				}
			}
		})
	}

	// Live: with keep 2, the third finished run deletes the first's folder.
	dir := t.TempDir()
	others := foreign(t, dir)
	job := func(context.Context, RunRequest) (map[string][]byte, error) {
		return map[string][]byte{"metrics.json": []byte("{}")}, nil
	}
	srv := serveDir(t, dir, 2, nil, job)
	var ids []string
	for range 3 {
		id := submitRun(t, srv.base, `{"kind": "redraw"}`)
		waitRun(t, srv.base, id)
		ids = append(ids, id)
	}
	srv.stop() // waits for the last run to be stored
	want := slices.Sorted(slices.Values(append([]string{ids[1], ids[2]}, others...)))
	if got := entries(t, dir); !slices.Equal(got, want) {
		t.Errorf("left %v, want %v", got, want)
	}
}

// TestRunsDirInterrupted: a run whose marker has no finished folder is a
// failed run noted as interrupted, whether the marker was made by hand or
// left by a server stopped while a run was running and another queued.
func TestRunsDirInterrupted(t *testing.T) {
	dir := t.TempDir()
	created := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	marker := fmt.Sprintf(`{"id":"00000000000000d1","request":{"kind":"redraw","year":2027},"status":"running","created":%q,"started":%q,"files":[]}`,
		created.Format(time.RFC3339), created.Add(time.Second).Format(time.RFC3339))
	if err := os.WriteFile(filepath.Join(dir, "00000000000000d1.pending"), []byte(marker), 0o640); err != nil {
		t.Fatal(err)
	}
	// A marker the rename outlived: the run is done.
	storedRun(t, dir, "00000000000000d2", 3)
	if err := os.WriteFile(filepath.Join(dir, "00000000000000d2.pending"), []byte("{}"), 0o640); err != nil {
		t.Fatal(err)
	}

	release := make(chan struct{})
	started := make(chan struct{}, 4)
	job := func(ctx context.Context, req RunRequest) (map[string][]byte, error) {
		started <- struct{}{}
		select {
		case <-release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return map[string][]byte{"metrics.json": []byte("{}")}, nil
	}
	srv := serveDir(t, dir, 0, nil, job)
	st := waitRun(t, srv.base, "00000000000000d1")
	if st.Status != RunFailed || !slices.Contains(st.Notes, InterruptedNote) || !strings.Contains(st.Error, InterruptedNote) ||
		st.Request.Kind != RunRedraw || !st.Created.Equal(created) || st.Finished == nil {
		t.Errorf("hand-made interrupted run: %+v", st)
	}
	if r := authed(t, http.MethodGet, srv.base+"/api/v1/planner/runs/00000000000000d1/outputs.zip", runToken, ""); r.code != http.StatusConflict {
		t.Errorf("zip of an interrupted run: %d, want 409", r.code)
	}
	if st := waitRun(t, srv.base, "00000000000000d2"); st.Status != RunDone {
		t.Errorf("finished run with a stale marker: %+v", st)
	}
	for _, f := range []string{"00000000000000d1.pending", "00000000000000d2.pending"} {
		if _, err := os.Stat(filepath.Join(dir, f)); !os.IsNotExist(err) {
			t.Errorf("%s left: %v", f, err)
		}
	}
	// Stop while one run is running and one is queued.
	running := submitRun(t, srv.base, `{"kind": "redraw", "objective": "moves"}`)
	<-started
	queued := submitRun(t, srv.base, `{"kind": "redraw", "objective": "balanced"}`)
	srv.stop()
	close(release)

	again := serveDir(t, dir, 0, nil, job)
	for _, id := range []string{running, queued} {
		st := waitRun(t, again.base, id)
		if st.Status != RunFailed || !slices.Contains(st.Notes, InterruptedNote) {
			t.Errorf("run %s stopped by the shutdown: %+v", id, st)
		}
	}
	if st := waitRun(t, again.base, queued); st.Request.Objective != "balanced" || st.Started != nil {
		t.Errorf("queued run: %+v", st)
	}
}

// TestRunsDirBad: a corrupt status is skipped with a warning; a folder
// that cannot be written fails at start; ids continue after the highest
// on disk.
func TestRunsDirBad(t *testing.T) {
	dir := t.TempDir()
	storedRun(t, dir, "00000000000000e1", 1)
	bad := map[string]string{
		"00000000000000e2": "{not json",
		"00000000000000e3": `{"id":"00000000000000e9","request":{"kind":"redraw"},"status":"done","created":"2026-09-01T08:00:00Z","finished":"2026-09-01T08:00:00Z","files":[]}`,
		"00000000000000e4": `{"id":"00000000000000e4","request":{"kind":"redraw"},"status":"done","created":"2026-09-01T08:00:00Z","finished":"2026-09-01T08:00:00Z","files":[{"name":"../../secret.txt","size":6,"url":"x"}]}`,
		"00000000000000e5": `{"id":"00000000000000e5","request":{"kind":"redraw"},"status":"done","created":"2026-09-01T08:00:00Z","finished":"2026-09-01T08:00:00Z","files":[{"name":"metrics.json","size":99,"url":"x"}]}`,
		"fffffffffffffff0": `{"id":"fffffffffffffff0","request":{"kind":"redraw"},"status":"running","created":"2026-09-01T08:00:00Z","files":[]}`,
	}
	for id, body := range bad {
		if err := os.MkdirAll(filepath.Join(dir, id), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, id, RunStatusFile), []byte(body), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "00000000000000e5", "metrics.json"), []byte("{}"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("secret"), 0o640); err != nil {
		t.Fatal(err)
	}
	job := func(context.Context, RunRequest) (map[string][]byte, error) {
		return map[string][]byte{"metrics.json": []byte("{}")}, nil
	}
	srv := serveDir(t, dir, 0, nil, job)
	if st := waitRun(t, srv.base, "00000000000000e1"); st.Status != RunDone {
		t.Errorf("good run: %+v", st)
	}
	log := srv.log.String()
	for id := range bad {
		if r := authed(t, http.MethodGet, srv.base+"/api/v1/planner/runs/"+id, runToken, ""); r.code != http.StatusNotFound {
			t.Errorf("corrupt run %s: %d %s, want 404", id, r.code, r.body)
		}
		if !strings.Contains(log, "run="+id) {
			t.Errorf("no warning of %s in the log:\n%s", id, log)
		}
		if _, err := os.Stat(filepath.Join(dir, id, RunStatusFile)); err != nil {
			t.Errorf("corrupt run %s deleted: %v", id, err)
		}
	}
	// The highest id on disk is fffffffffffffff0: the next is ...f1.
	if id := submitRun(t, srv.base, `{"kind": "redraw"}`); id != "fffffffffffffff1" {
		t.Errorf("id %s, want fffffffffffffff1", id)
	}

	// Not writable.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o640); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{file, filepath.Join(file, "runs"), ""} {
		if _, err := OpenRunsDir(p, 0, nil); err == nil || !strings.Contains(err.Error(), "runs folder") || !strings.Contains(err.Error(), "accepted") {
			t.Errorf("OpenRunsDir(%q): %v", p, err)
		}
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(t.TempDir(), "ro")
		if err := os.Mkdir(ro, 0o500); err != nil {
			t.Fatal(err)
		}
		if _, err := OpenRunsDir(ro, 0, nil); err == nil || !strings.Contains(err.Error(), "not writable") {
			t.Errorf("read-only folder: %v", err)
		}
	}
}

// TestRunsDirTraversal: ids and names that would leave a run's folder are
// answered 404 or 400 with a JSON error, never with a file.
func TestRunsDirTraversal(t *testing.T) {
	dir := t.TempDir()
	storedRun(t, dir, "00000000000000f1", 1)
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("secret"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(dir, "00000000000000f1", "link.txt")); err != nil {
		t.Fatal(err)
	}
	srv := serveDir(t, dir, 0, nil, nil)
	run := "/api/v1/planner/runs/00000000000000f1"
	for _, p := range []string{
		"/api/v1/planner/runs/../x", "/api/v1/planner/runs/%2e%2e", "/api/v1/planner/runs/%2e%2e/files/secret.txt",
		"/api/v1/planner/runs/..%2F..%2Fetc", "/api/v1/planner/runs/00000000000000f1%2F..", "/api/v1/planner/runs/./files/secret.txt",
		run + "/files/..%2Fsecret.txt", run + "/files/%2e%2e%2f%2e%2e%2fsecret.txt", run + "/files/../../secret.txt",
		run + "/files/status.json", run + "/files/link.txt", run + "/files/.", run + "/files/%2e%2e",
		"/api/v1/planner/runs/00000000000000F1", "/api/v1/planner/runs/secret.txt",
	} {
		r := authed(t, http.MethodGet, srv.base+p, runToken, "")
		if r.code != http.StatusNotFound && r.code != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 404 or 400", p, r.code, r.body)
		}
		var e errorBody
		if err := json.Unmarshal(r.body, &e); err != nil || e.Error == "" {
			t.Errorf("%s: body %s not a JSON error", p, r.body)
		}
		if bytes.Contains(r.body, []byte("secret\n")) || string(r.body) == "secret" {
			t.Errorf("%s: served the secret", p)
		}
	}
	// The token guards the stored runs too.
	if r := authed(t, http.MethodGet, srv.base+run+"/files/metrics.json", "", ""); r.code != http.StatusUnauthorized {
		t.Errorf("without token: %d", r.code)
	}
	if r := authed(t, http.MethodGet, srv.base+run+"/files/metrics.json", runToken, ""); r.code != http.StatusOK || string(r.body) != `{"year": 2027}` {
		t.Errorf("metrics.json: %d %s", r.code, r.body)
	}
}

// FuzzRunStatusFile: a stored status.json or marker of any content is a
// run of the folder's id or an error, never a panic.
func FuzzRunStatusFile(f *testing.F) {
	f.Add([]byte(`{"id":"00000000000000a1","request":{"kind":"redraw","year":2027},"status":"done","created":"2026-09-01T08:00:00Z","finished":"2026-09-01T08:01:00Z","files":[]}`))
	f.Add([]byte(`{"id":"00000000000000a1","request":{"kind":"x"}}`))
	f.Add([]byte(`{not json`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := fromStatus("00000000000000a1", b)
		if err != nil {
			return
		}
		if r.id != "00000000000000a1" || (r.req.Kind != RunRedraw && r.req.Kind != RunSimulate && r.req.Kind != RunCompare) {
			t.Fatalf("accepted %+v", r)
		}
	})
}
