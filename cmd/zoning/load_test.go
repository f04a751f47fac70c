package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// zoningCtx runs the command line in process under ctx, failing the test
// if it does not return within 10 s.
func zoningCtx(t *testing.T, ctx context.Context, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	done := make(chan error, 1)
	go func() {
		root := newRoot(&o, &e)
		root.SetArgs(args)
		done <- root.ExecuteContext(ctx)
	}()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("zoning %v did not return within 10 s", args)
	}
	return o.String(), e.String(), err
}

// TestFIFOInDataset: a named pipe in place of a dataset file stops the
// commands at once with exit code 2, naming it, instead of blocking.
func TestFIFOInDataset(t *testing.T) {
	dir := copyDir(t)
	fifo := filepath.Join(dir, "households.csv")
	if err := os.Remove(fifo); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		// Release a reader left blocked in open.
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	})
	for _, cmd := range []string{"validate", "run"} {
		out := filepath.Join(t.TempDir(), "out")
		args := []string{cmd, "--data", dir, "-q"}
		if cmd == "run" {
			args = append(args, "--out", out)
		}
		_, stderr, err := zoningCtx(t, context.Background(), args...)
		var ex exitError
		if !errors.As(err, &ex) || ex.code != 2 {
			t.Errorf("%s: err %v, want exit code 2", cmd, err)
		}
		if want := fifo + ": not a regular file (a named pipe)"; !strings.HasPrefix(stderr, want) {
			t.Errorf("%s: stderr %q, want it to start %q", cmd, stderr, want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: the output folder was created", cmd)
		}
	}
}

// TestCancelledLoad: the command's context reaches the loader: cancelled
// (as SIGINT and SIGTERM cancel main's), the load stops with the context's
// error and prints no problem.
func TestCancelledLoad(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{{"validate", "--data", copyDir(t)}, {"validate"}} {
		_, stderr, err := zoningCtx(t, ctx, args...)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%v: err %v, want context.Canceled", args, err)
		}
		if stderr != "" {
			t.Errorf("%v: stderr %q, want nothing", args, stderr)
		}
	}
}

// TestFolderNotFound: a --data folder that does not exist is one line.
func TestFolderNotFound(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mycounty")
	_, stderr, err := zoning(t, "validate", "--data", dir)
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 2 {
		t.Errorf("err %v, want exit code 2", err)
	}
	if want := dir + ": folder not found\n"; stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
}

// TestDatasetWarningsPrinted: the loader's warnings are printed as
// FILE:LINE: warning: message, and the command goes on.
func TestDatasetWarningsPrinted(t *testing.T) {
	dir := copyDir(t)
	f := filepath.Join(dir, "schools.csv")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	// S1's primary intake 200 becomes 1300, above its 1200 seats.
	s := strings.Replace(string(b), ",1200,0,200,", ",1200,0,1300,", 1)
	if s == string(b) {
		t.Fatal("test edit: S1's row not found")
	}
	if err := os.WriteFile(f, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := zoning(t, "validate", "--data", dir)
	if err != nil {
		t.Fatalf("validate: %v\n%s", err, stderr)
	}
	want := f + ":2: warning: primary_intake 1300 is more than primary_seats 1200, the section's places in all its grades\n"
	if stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	if !strings.HasSuffix(stdout, ": valid\n") {
		t.Errorf("stdout %q", stdout)
	}
}

// TestFIFOPlan: a named pipe as the dataset folder's plan.yaml stops the
// commands that read it at once, naming it, instead of blocking.
func TestFIFOPlan(t *testing.T) {
	dir := copyDir(t)
	fifo := filepath.Join(dir, "plan.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	})
	out := filepath.Join(t.TempDir(), "out")
	_, stderr, err := zoningCtx(t, context.Background(), "run", "--data", dir, "-q", "--out", out)
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 2 {
		t.Errorf("err %v, want exit code 2", err)
	}
	if want := fifo + ": not a regular file (a named pipe)"; !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr %q, want it to start %q", stderr, want)
	}
}
