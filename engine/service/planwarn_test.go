package service

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// TestAssembleWarnsOfOverlappingZones: the plan folder zoning serve --plan
// serves is warned of as the dataset's zones in force are: its zones that
// overlap, with their lines and the households in both.
func TestAssembleWarnsOfOverlappingZones(t *testing.T) {
	src := filepath.Join("..", "dataset", "testdata", "valid")
	ds, err := dataset.LoadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(src, "zones.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	// S3's primary zone over S1's: H1, H2 and H5 in both.
	s := strings.Replace(string(b), `"school_id":"S3"},"geometry":{"type":"Polygon","coordinates":[[[86.55,44.05],[86.8,44.05],[86.8,44.35],[86.55,44.35]`,
		`"school_id":"S3"},"geometry":{"type":"Polygon","coordinates":[[[86.55,44.05],[86.95,44.05],[86.95,44.35],[86.55,44.35]`, 1)
	if s == string(b) {
		t.Fatal("the test dataset's zones changed")
	}
	plan := t.TempDir()
	if err := os.WriteFile(filepath.Join(plan, "zones.geojson"), []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	setup := Setup{Dataset: ds, PlanDir: plan}
	setup.Log = slog.New(slog.NewTextHandler(&log, nil))
	a, err := Assemble(setup)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	want := filepath.Join(plan, "zones.geojson") + `:2: primary zones of \"S1\" (line 2) and \"S3\" (line 3) overlap: 3 households are in both`
	if !strings.Contains(log.String(), "level=WARN") || !strings.Contains(log.String(), want) {
		t.Errorf("log %q lacks the warning %q", log.String(), want)
	}
}
