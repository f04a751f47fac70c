package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunSimulatesThePlan: with a plan.yaml in the dataset folder, run
// writes the simulation's CSVs and pages; without one it says so and
// writes neither; --simulate=false leaves the simulation out.
func TestRunSimulatesThePlan(t *testing.T) {
	for _, c := range []struct {
		name  string
		plan  bool
		args  []string
		sim   bool
		note  bool
		event string
	}{
		{name: "plan", plan: true, sim: true, event: "2027,b,build,S1,,,附件2 第1项,"},
		{name: "no plan", plan: false, sim: false, note: true},
		{name: "--simulate=false", plan: true, args: []string{"--simulate=false"}, sim: false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := copyDir(t)
			if c.plan {
				yaml := "name: 示例方案\nevents:\n  - {id: b, year: 2027, kind: build, school: S1, teaching_area_m2: 100, source: 附件2 第1项}\n"
				if err := os.WriteFile(filepath.Join(dir, "plan.yaml"), []byte(yaml), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(t.TempDir(), "out")
			stdout, stderr, err := zoning(t, append([]string{"run", "--data", dir, "--out", out, "-q"}, c.args...)...)
			if err != nil {
				t.Fatalf("run: %v\n%s", err, stderr)
			}
			page, err := os.ReadFile(filepath.Join(out, "report.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"simulation.csv", "compliance.csv", "events.csv"} {
				_, err := os.Stat(filepath.Join(out, f))
				if c.sim && err != nil {
					t.Errorf("%s not written: %v", f, err)
				}
				if !c.sim && err == nil {
					t.Errorf("%s written", f)
				}
			}
			for _, want := range []string{`<section id="simulation">`, `<section id="simmaps">`, `id="simmap-2027-primary-county"`} {
				if got := strings.Contains(string(page), want); got != c.sim {
					t.Errorf("%s in report.html: %v, want %v", want, got, c.sim)
				}
			}
			if got := strings.Contains(stdout, "simulation 2026–2036"); got != c.sim {
				t.Errorf("summary names the simulation: %v, want %v:\n%s", got, c.sim, stdout)
			}
			if got := strings.Contains(stderr, "plan.yaml not found"); got != c.note {
				t.Errorf("note of the missing plan: %v, want %v: %q", got, c.note, stderr)
			}
			if c.event != "" {
				ev, _ := os.ReadFile(filepath.Join(out, "events.csv"))
				if !strings.Contains(string(ev), c.event) {
					t.Errorf("events.csv lacks %q:\n%s", c.event, ev)
				}
				if !strings.Contains(string(page), "附件2 第1项") {
					t.Error("report.html lacks the event's source")
				}
			}
		})
	}
}

// TestRunBadPlan: a plan.yaml naming an unknown school fails with exit
// code 2 and FILE:LINE, writing nothing.
func TestRunBadPlan(t *testing.T) {
	dir := copyDir(t)
	plan := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(plan, []byte("events:\n  - {id: b, year: 2027, kind: build, school: S9, teaching_area_m2: 100}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	_, stderr, err := zoning(t, "run", "--data", dir, "--out", out, "-q")
	ex, ok := err.(exitError)
	if !ok || ex.code != 2 {
		t.Fatalf("error %v, want exit code 2", err)
	}
	if !strings.Contains(stderr, plan+":2: ") {
		t.Errorf("stderr %q lacks %s:2:", stderr, plan)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("the output folder was written")
	}
}

// TestRunFollowsThePlan: run draws the zones of the county the plan makes
// in the target year: a section the plan moves away that year has no zone
// and its homes go to the receiver's; --scenario none takes the campuses
// as they stand, and --delay moves the event past the target year.
func TestRunFollowsThePlan(t *testing.T) {
	dir := copyDir(t)
	yaml := "name: 示例方案\nevents:\n  - {id: s3-out, year: 2027, kind: move_intake, school: S3, level: primary, receivers: [{school: S1, share: 1}], mode: all}\n"
	if err := os.WriteFile(filepath.Join(dir, "plan.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		args   []string
		zoned  bool // S3 has a primary zone
		events string
	}{
		{name: "plan", zoned: false, events: "1 events in force: s3-out 2027"},
		{name: "none", args: []string{"--scenario", "none"}, zoned: true, events: "no scenario"},
		{name: "delayed", args: []string{"--delay", "s3-out=1"}, zoned: true, events: "no event in force yet"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			stdout, stderr, err := zoning(t, append([]string{"run", "--data", dir, "--out", out, "-q", "--simulate=false"}, c.args...)...)
			if err != nil {
				t.Fatalf("run: %v\n%s", err, stderr)
			}
			if !strings.Contains(stdout, c.events) {
				t.Errorf("summary lacks %q:\n%s", c.events, stdout)
			}
			b, err := os.ReadFile(filepath.Join(out, "zones.geojson"))
			if err != nil {
				t.Fatal(err)
			}
			var fc struct {
				Features []struct {
					Properties struct {
						Level    string `json:"level"`
						SchoolID string `json:"school_id"`
						Entrants int    `json:"entrants"`
					} `json:"properties"`
				} `json:"features"`
			}
			if err := json.Unmarshal(b, &fc); err != nil {
				t.Fatal(err)
			}
			zoned := map[string]bool{}
			for _, f := range fc.Features {
				if f.Properties.Level == "primary" {
					zoned[f.Properties.SchoolID] = true
				}
			}
			if zoned["S3"] != c.zoned || !zoned["S1"] {
				t.Errorf("primary zones %v: want S3 zoned %v, S1 zoned", zoned, c.zoned)
			}
		})
	}
}

// TestSimulateDataWithoutPlan: zoning simulate on a --data folder without
// plan.yaml simulates the campuses as they stand, with a note, instead of
// the embedded county's plan (whose schools the folder does not have).
func TestSimulateDataWithoutPlan(t *testing.T) {
	dir := copyDir(t)
	out := filepath.Join(t.TempDir(), "sim")
	_, stderr, err := zoning(t, "simulate", "--data", dir, "--out", out, "--to", "2028", "-q")
	if err != nil {
		t.Fatalf("simulate: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "plan.yaml not found") {
		t.Errorf("no note of the missing plan: %q", stderr)
	}
	ev, err := os.ReadFile(filepath.Join(out, "events.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(strings.TrimSpace(string(ev)), "\n"); lines != 0 {
		t.Errorf("events.csv has %d events, want none:\n%s", lines, ev)
	}
}
