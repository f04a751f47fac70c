package main

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSimulateSmall simulates the loader's small dataset (base year 2026)
// for two years under a one-event scenario and checks the files written.
func TestSimulateSmall(t *testing.T) {
	dir := copyDir(t)
	sc := filepath.Join(t.TempDir(), "s.yaml")
	yaml := "name: t\nevents:\n  - {id: b, year: 2027, kind: build, school: S1, teaching_area_m2: 100, source: 附件2}\n"
	if err := os.WriteFile(sc, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	stdout, stderr, err := zoning(t, "simulate", "--data", dir, "--scenario", sc, "--to", "2028", "--out", out, "-q")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, want := range []string{"2026: ", "2027: ", "events: b", "2028: "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	for _, f := range []string{"simulation.csv", "compliance.csv", "events.csv"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "\ufeff") {
			t.Errorf("%s has no byte order mark", f)
		}
	}
	ev, _ := os.ReadFile(filepath.Join(out, "events.csv"))
	if !strings.Contains(string(ev), "2027,b,build,S1,,,附件2,") {
		t.Errorf("events.csv:\n%s", ev)
	}
}

// TestSimulateBadScenario: an unknown school id is reported as FILE:LINE
// and the command exits with code 2, writing nothing.
func TestSimulateBadScenario(t *testing.T) {
	dir := copyDir(t)
	sc := filepath.Join(t.TempDir(), "s.yaml")
	yaml := "events:\n  - {id: b, year: 2027, kind: build, school: S9, teaching_area_m2: 100}\n"
	if err := os.WriteFile(sc, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	_, stderr, err := zoning(t, "simulate", "--data", dir, "--scenario", sc, "--out", out, "-q")
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 2 {
		t.Fatalf("error %v, want exit 2", err)
	}
	if !strings.Contains(stderr, sc+`:2: scenario: event "b": unknown school id "S9"`) {
		t.Errorf("stderr: %s", stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("out was written: %v", err)
	}
	good := "events:\n  - {id: b, year: 2027, kind: build, school: S1, teaching_area_m2: 100}\n"
	if err := os.WriteFile(sc, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = zoning(t, "simulate", "--data", dir, "--skip", "nope", "--scenario", sc, "--out", out, "-q")
	if err == nil || !strings.Contains(err.Error(), `no event "nope"`) {
		t.Errorf("--skip of an unknown event: %v", err)
	}
}

// TestSimulatePrivateChoiceFlag: on the default, entrants choose the
// private school each simulated year unless --no-private-choice is given.
func TestSimulatePrivateChoiceFlag(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates the default county twice")
	}
	chosen := func(args ...string) int {
		out := filepath.Join(t.TempDir(), "sim")
		if _, stderr, err := zoning(t, append([]string{"simulate", "-q", "--to", "2023", "--out", out}, args...)...); err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		rows := csvRows(t, readFile(t, filepath.Join(out, "simulation.csv")))
		col := -1
		for i, h := range rows[0] {
			if h == "chosen_entrants" {
				col = i
			}
		}
		if col < 0 {
			t.Fatalf("simulation.csv has no chosen_entrants column: %v", rows[0])
		}
		n := 0
		for _, r := range rows[1:] {
			if v, err := strconv.Atoi(r[col]); err == nil {
				n += v
			}
		}
		return n
	}
	if n := chosen(); n == 0 {
		t.Error("nobody chose the private school by default")
	}
	if n := chosen("--no-private-choice"); n != 0 {
		t.Errorf("%d entrants chose the private school with --no-private-choice", n)
	}
}
