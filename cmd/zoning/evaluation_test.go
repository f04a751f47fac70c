package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSimulateEvaluationYear: the year whose failures the summary lists is
// the scenario's evaluation month's school year (June 2028: 2027), which
// simulation.evaluation_year of the configuration overrides, which
// --evaluation overrides; without any, the year after the last event.
func TestSimulateEvaluationYear(t *testing.T) {
	dir := copyDir(t) // base year 2026
	const event = "events:\n  - {id: b, year: 2027, kind: build, school: S1, teaching_area_m2: 100}\n"
	for _, c := range []struct {
		name, evaluation, env string
		args                  []string
		want                  string
	}{
		{name: "none: the year after the last event", want: "2028"},
		{name: "the scenario's", evaluation: "evaluation: 2028-06\n", want: "2027"},
		{name: "the scenario's, in September", evaluation: "evaluation: 2027-09\n", want: "2027"},
		{name: "the configuration's", evaluation: "evaluation: 2028-06\n", env: "2029", want: "2029"},
		{name: "the flag's", evaluation: "evaluation: 2028-06\n", env: "2029", args: []string{"--evaluation", "2026"}, want: "2026"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc := filepath.Join(t.TempDir(), "s.yaml")
			if err := os.WriteFile(sc, []byte(c.evaluation+event), 0o644); err != nil {
				t.Fatal(err)
			}
			if c.env != "" {
				t.Setenv("ZONING_SIMULATION_EVALUATION_YEAR", c.env)
			}
			args := append([]string{"simulate", "--data", dir, "--scenario", sc, "--to", "2029", "--out", t.TempDir(), "-q"}, c.args...)
			stdout, stderr, err := zoning(t, args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr)
			}
			if !strings.Contains(stdout, "still failing in "+c.want+":") && !strings.Contains(stdout, "\n"+c.want+": every check passes") {
				t.Errorf("the summary does not evaluate %s:\n%s", c.want, stdout)
			}
		})
	}
}

// TestSimulateWarnings: a scenario's warnings (an old campus left to no
// school; an event that follows a skipped one) are printed as
// FILE:LINE: warning: message, and the simulation runs.
func TestSimulateWarnings(t *testing.T) {
	dir := copyDir(t)
	sc := filepath.Join(t.TempDir(), "s.yaml")
	yaml := "events:\n" +
		"  - {id: m, year: 2027, kind: relocate, school: S1, to: S2}\n" +
		"  - {id: b, year: 2027, kind: build, school: S1, teaching_area_m2: 100}\n" +
		"  - {id: c, year: 2027, kind: build, school: S3, seats: {primary: 10}, after: b}\n"
	if err := os.WriteFile(sc, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	// The base year alone: the events are checked, not applied.
	_, stderr, err := zoning(t, "simulate", "--data", dir, "--scenario", sc, "--to", "2026", "--skip", "b", "--out", t.TempDir(), "-q")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, want := range []string{
		sc + `:2: warning: scenario: event "m": when S1 moves, its old campus's 5400.5 m² of floor area (teaching_area_m2), 8000 m² of sports grounds (sports_area_m2) (as schools.csv gives them) go to no school; leaves_to: SCHOOL names the school that takes them`,
		sc + `:4: warning: scenario: event "c" follows "b" (after), which is skipped`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}
