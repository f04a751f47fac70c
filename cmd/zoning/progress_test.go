package main

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoLogLinesByDefault: without -v a run prints no log lines (slog's
// level=INFO records) on stderr that is not a terminal; with -v it does;
// -q and -v together are refused.
func TestNoLogLinesByDefault(t *testing.T) {
	dir := copyDir(t)
	_, stderr, err := zoning(t, "run", "--data", dir, "--out", filepath.Join(t.TempDir(), "out"), "--simulate=false")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if strings.Contains(stderr, "level=INFO") {
		t.Errorf("stderr holds log lines without -v:\n%s", stderr)
	}
	_, stderr, err = zoning(t, "run", "-v", "--data", dir, "--out", filepath.Join(t.TempDir(), "out"), "--simulate=false")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "level=INFO") {
		t.Errorf("stderr holds no log line with -v:\n%s", stderr)
	}
	if _, _, err := zoning(t, "run", "-q", "-v", "--data", dir); err == nil || !strings.Contains(err.Error(), "give one") {
		t.Errorf("-q -v: %v", err)
	}
}

// TestProgressLine: on a terminal, each record replaces the one progress
// line, what a command prints clears it first, and a warning is a line of
// its own.
func TestProgressLine(t *testing.T) {
	var term bytes.Buffer
	p := &progress{w: &term, tty: true}
	log := slog.New(progressHandler{p: p})
	out := p.writer(&term)
	log.Info("simulated", "year", 2023)
	log.Info("simulated", "year", 2024)
	log.Info(strings.Repeat("长", 200))
	log.Warn("runs folder: cannot delete", "run", "7")
	log.Info("placed", "level", "primary")
	if _, err := out.Write([]byte("summary\n")); err != nil {
		t.Fatal(err)
	}
	const clear = "\r\033[K"
	want := clear + "simulated year=2023" + clear + "simulated year=2024" + clear + strings.Repeat("长", progressWidth-1) + "…" +
		clear + "warning: runs folder: cannot delete run=7\n" + clear + "placed level=primary" + clear + "summary\n"
	if got := term.String(); got != want {
		t.Errorf("terminal got\n%q\nwant\n%q", got, want)
	}
	// Not a terminal: no progress at all, warnings still.
	var pipe bytes.Buffer
	p = &progress{w: &pipe}
	log = slog.New(progressHandler{p: p})
	log.Info("simulated", "year", 2023)
	log.Warn("disk full")
	if got := pipe.String(); got != "warning: disk full\n" {
		t.Errorf("pipe got %q, want the warning alone", got)
	}
}
