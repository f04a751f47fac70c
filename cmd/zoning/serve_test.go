package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// smallRun runs the loader's valid test dataset into a temporary output
// folder and returns the dataset and output folders.
func smallRun(t *testing.T) (data, out string) {
	t.Helper()
	data = copyDir(t)
	out = filepath.Join(t.TempDir(), "out")
	if _, stderr, err := zoning(t, "run", "--data", data, "--out", out, "-q"); err != nil {
		t.Fatalf("run: %v %s", err, stderr)
	}
	return data, out
}

func TestLookupCommand(t *testing.T) {
	data, out := smallRun(t)
	stdout, stderr, err := zoning(t, "lookup", "-q", "--data", data, "--plan", out, "园林路１８号锦华苑")
	if err != nil || !strings.Contains(stdout, "小学:") || !strings.Contains(stdout, "锦华苑") {
		t.Fatalf("by address: %v\n%s\n%s", err, stdout, stderr)
	}
	stdout, stderr, err = zoning(t, "lookup", "-q", "--data", data, "--plan", out, "--lon", "86.901", "--lat", "44.191", "--json")
	if err != nil || !strings.Contains(stdout, `"level": "primary"`) || strings.Contains(stdout, `"H1"`) {
		t.Fatalf("by point: %v\n%s\n%s", err, stdout, stderr)
	}
	_, stderr, err = zoning(t, "lookup", "-q", "--data", data, "--plan", out, "火星基地1号")
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 1 || !strings.Contains(stderr, "no single place") {
		t.Fatalf("unknown address: %v %s", err, stderr)
	}
	for _, args := range [][]string{
		{"lookup", "--plan", out},
		{"lookup", "--plan", out, "--lon", "86.9"},
		{"lookup", "--plan", out, "--lon", "86.9", "--lat", "44.1", "锦华苑"},
		{"lookup", "--plan", out, "--crs", "gcj02", "锦华苑"},
		{"lookup", "--plan", out, "--lon", "86.9", "--lat", "44.1", "--crs", "utm"},
	} {
		if _, _, err := zoning(t, append(args, "--data", data, "-q")...); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	if _, _, err := zoning(t, "lookup", "-q", "--data", data, "--plan", out, "--lon", "80", "--lat", "40"); err == nil ||
		!strings.Contains(err.Error(), "outside the zoned area") {
		t.Errorf("outside: %v", err)
	}
}

// lineWriter hands the first line written to a channel.
type lineWriter struct {
	buf   bytes.Buffer
	lines chan string
}

func (w *lineWriter) Write(b []byte) (int, error) {
	w.buf.Write(b)
	if i := bytes.IndexByte(w.buf.Bytes(), '\n'); i >= 0 && w.lines != nil {
		w.lines <- w.buf.String()[:i]
		w.lines = nil
	}
	return len(b), nil
}

// served is a `zoning serve` started in process on 127.0.0.1:0.
type served struct {
	base   string      // http://host:port
	stdout *lineWriter // what it printed; read it after stop
	stop   func() error
}

// startServe runs `zoning serve ARGS` and waits for its first line, which
// names its URL. stop shuts it down as SIGINT would and returns its error; it
// also runs at the end of the test.
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	stdout := &lineWriter{lines: make(chan string, 1)}
	lines := stdout.lines // the writer sets its field to nil from the server's goroutine
	root := newRoot(stdout, io.Discard)
	root.SetArgs(append([]string{"serve"}, args...))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	var once sync.Once
	var stopErr error
	s := &served{stdout: stdout, stop: func() error {
		once.Do(func() { cancel(); stopErr = <-done })
		return stopErr
	}}
	t.Cleanup(func() { _ = s.stop() })
	var first string
	select {
	case first = <-lines:
	case err := <-done:
		done <- err // for stop, at the end of the test
		t.Fatalf("serve ended: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve printed nothing")
	}
	i := strings.Index(first, "http://")
	if i < 0 {
		t.Fatalf("first line %q names no URL", first)
	}
	rest := first[i:]
	if j := strings.IndexByte(rest, ' '); j >= 0 {
		rest = rest[:j]
	}
	u, err := url.Parse(rest)
	if err != nil {
		t.Fatal(err)
	}
	s.base = "http://" + u.Host
	return s
}

func TestServeCommand(t *testing.T) {
	data, out := smallRun(t)
	srv := startServe(t, "--data", data, "--plan", out, "--addr", "127.0.0.1:0")
	base := srv.base
	for _, path := range []string{"/readyz", "/api/v1/lookup?address=" + url.QueryEscape("呼图壁镇园林路18号锦华苑"), "/api/v1/lookup?lon=86.901&lat=44.191"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d %s", path, resp.StatusCode, b)
		}
	}
	if err := srv.stop(); err != nil {
		t.Fatalf("serve after SIGINT: %v", err)
	}
	sc := bufio.NewScanner(strings.NewReader(srv.stdout.buf.String()))
	var last string
	for sc.Scan() {
		last = sc.Text()
	}
	if last != "stopped" {
		t.Errorf("last line %q, want stopped", last)
	}
}

func TestFlushWriter(t *testing.T) {
	var out bytes.Buffer
	f := newFlushWriter(&out)
	stop := f.every(context.Background(), time.Hour)
	if _, err := f.Write([]byte("a line\n")); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("written out before a flush: %q", out.String())
	}
	stop()
	if err := f.Flush(); err != nil || out.String() != "a line\n" {
		t.Errorf("after Flush: %q %v", out.String(), err)
	}
}
