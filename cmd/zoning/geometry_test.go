package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// overlapZones makes S3's primary zone of the test dataset reach 86.95°
// east, over S1's: households H1, H2 and H5 are in both.
func overlapZones(t *testing.T, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), `"school_id":"S3"},"geometry":{"type":"Polygon","coordinates":[[[86.55,44.05],[86.8,44.05],[86.8,44.35],[86.55,44.35]`,
		`"school_id":"S3"},"geometry":{"type":"Polygon","coordinates":[[[86.55,44.05],[86.95,44.05],[86.95,44.35],[86.55,44.35]`, 1)
	if s == string(b) {
		t.Fatal("the test dataset's zones changed: update overlapZones")
	}
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestOverlapWarnedByEveryReader: zones in force that overlap are warned of
// the same way by validate and run (the loader), and a plan that overlaps
// by compare and lookup --plan (the plan readers, and compare's own
// warning): the zones' lines and the households in both.
func TestOverlapWarnedByEveryReader(t *testing.T) {
	dir := copyDir(t)
	overlapZones(t, filepath.Join(dir, "zones.geojson"))
	want := `zones.geojson:2: warning: primary zones of "S1" (line 2) and "S3" (line 3) overlap: 3 households are in both` +
		` (the first zone in the file counts for them): H1 "呼图壁镇园林路18号锦华苑3栋2单元", H2 "二十里店镇某村5组\n23号", H5 "呼图壁镇某路9号"`
	out := t.TempDir()
	for _, args := range [][]string{
		{"validate", "--data", dir},
		{"run", "--data", dir, "-q", "--out", filepath.Join(out, "run")},
	} {
		_, stderr, err := zoning(t, args...)
		if err != nil {
			t.Fatalf("%s: %v\n%s", args[0], err, stderr)
		}
		if !strings.Contains(stderr, filepath.Join(dir, want)) {
			t.Errorf("%s: stderr %q lacks %q", args[0], stderr, want)
		}
	}
	// The overlapping zones as a plan, beside a dataset whose zones in
	// force do not overlap.
	clean := copyDir(t)
	plan := filepath.Join(out, "plan")
	if err := os.MkdirAll(plan, 0o755); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "zones.geojson"))
	if err := os.WriteFile(filepath.Join(plan, "zones.geojson"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := zoning(t, "compare", "--data", clean, "-q", "--pdf", "off", "--out", filepath.Join(out, "cmp"), "current", plan)
	if err != nil {
		t.Fatalf("compare: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, filepath.Join(plan, want)) {
		t.Errorf("compare: stderr %q lacks %q", stderr, want)
	}
	if !strings.Contains(stdout+stderr, `plan: 3 households are in two primary zones`) || !strings.Contains(stdout+stderr, `H1 "呼图壁镇园林路18号锦华苑3栋2单元"`) {
		t.Errorf("compare: its warning lacks the households: %s%s", stdout, stderr)
	}
	_, stderr, err = zoning(t, "lookup", "--data", clean, "-q", "--plan", plan, "--lon", "86.901", "--lat", "44.191")
	if err != nil {
		t.Fatalf("lookup: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, filepath.Join(plan, want)) {
		t.Errorf("lookup --plan: stderr %q lacks %q", stderr, want)
	}
}

// TestFixGeometryFlag: a bow-tie zone in force stops every command at its
// line, and --fix-geometry repairs it with a warning.
func TestFixGeometryFlag(t *testing.T) {
	dir := copyDir(t)
	file := filepath.Join(dir, "zones.geojson")
	b, _ := os.ReadFile(file)
	s := strings.Replace(string(b), `[[[86.8,44.05],[87.05,44.05],[87.05,44.35],[86.8,44.35],[86.8,44.05]]]`,
		`[[[86.8,44.05],[87.05,44.35],[87.05,44.05],[86.8,44.35],[86.8,44.05]]]`, 1)
	if s == string(b) {
		t.Fatal("the test dataset's zones changed")
	}
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "zones.geojson") + ":2: feature 1: invalid polygon (self-intersection at 86.925, 44.2)"
	_, stderr, err := zoning(t, "validate", "--data", dir)
	if code, ok := err.(exitError); !ok || code.code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("validate: %v, stderr %q; want exit 2 and %q", err, stderr, want)
	}
	stdout, stderr, err := zoning(t, "validate", "--data", dir, "--fix-geometry")
	if err != nil || !strings.Contains(stdout, "valid") || !strings.Contains(stderr, "warning: feature 1: invalid polygon (self-intersection at 86.925, 44.2)") ||
		!strings.Contains(stderr, "repaired") {
		t.Errorf("validate --fix-geometry: %v\n%s%s", err, stdout, stderr)
	}
}
