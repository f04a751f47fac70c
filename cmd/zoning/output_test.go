package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSimulateCompareWritesNothingOnABadB: with --compare A,B and a bad B,
// nothing is written, not even A's outputs.
func TestSimulateCompareWritesNothingOnABadB(t *testing.T) {
	dir := copyDir(t)
	scs := t.TempDir()
	a := filepath.Join(scs, "a.yaml")
	b := filepath.Join(scs, "b.yaml")
	if err := os.WriteFile(a, []byte("events:\n  - {id: x, year: 2027, kind: build, school: S1, teaching_area_m2: 100}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte("events:\n  - {id: x, year: 2027, kind: build, school: S9, teaching_area_m2: 100}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	_, stderr, err := zoning(t, "simulate", "--data", dir, "--compare", a+","+b, "--to", "2027", "--out", out, "-q")
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 2 {
		t.Fatalf("error %v, want exit 2\n%s", err, stderr)
	}
	if !strings.Contains(stderr, b+":2:") {
		t.Errorf("stderr does not name %s:2: %s", b, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the output folder was written: %v", err)
	}
}

// TestRunRemovesStaleOutputs: a run into the folder of an earlier run
// leaves none of the earlier run's files it does not write itself (moves.csv
// of a dataset with zones in force, then a run without them).
func TestRunRemovesStaleOutputs(t *testing.T) {
	dir := copyDir(t)
	out := filepath.Join(t.TempDir(), "out")
	if _, stderr, err := zoning(t, "run", "--data", dir, "--out", out, "-q"); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "moves.csv")); err != nil {
		t.Fatalf("the first run, with zones in force, wrote no moves.csv: %v", err)
	}
	if err := os.WriteFile(filepath.Join(out, "my-notes.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "zones.geojson")); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := zoning(t, "run", "--data", dir, "--out", out, "-q"); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "moves.csv")); !os.IsNotExist(err) {
		t.Errorf("moves.csv of the earlier run is still there beside the new files (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(out, "my-notes.txt")); err != nil {
		t.Errorf("the user's file was removed: %v", err)
	}
	for _, f := range []string{"zones.geojson", "assignments.csv", "metrics.json", "report.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestRunRefusesAFileItDidNotWrite: a file of an output's name that zoning
// did not write is left alone, the run fails naming it and writes nothing.
func TestRunRefusesAFileItDidNotWrite(t *testing.T) {
	dir := copyDir(t)
	out := t.TempDir()
	mine := filepath.Join(out, "zones.geojson")
	if err := os.WriteFile(mine, []byte("my zones"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := zoning(t, "run", "--data", dir, "--out", out, "-q")
	if err == nil || !strings.Contains(err.Error(), "zones.geojson already there and not written by zoning") {
		t.Fatalf("error %v, want a refusal naming zones.geojson", err)
	}
	if b, _ := os.ReadFile(mine); string(b) != "my zones" {
		t.Errorf("the user's zones.geojson was overwritten")
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want only the user's file", len(entries))
	}
}
