package planfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/planfile"
)

// TestRead: a folder's three files, a zones.geojson given on its own, a
// folder of words only, and the problems of each file at their lines.
func TestRead(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) string {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("方案一/zones.geojson", oneZone)
	write("方案一/zones.csv", oneDescription)
	write("方案一/metrics.json", `{"year": 2023, "lotteries": [{"level": "primary", "school_id": "A"}]}`)
	write("words/zones.csv", oneDescription)
	write("badmetrics/zones.geojson", oneZone)
	write("badmetrics/metrics.json", "{\n\"year\": \"soon\"}")

	p, err := planfile.Read(filepath.Join(dir, "方案一"), planfile.Options{Descriptions: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "方案一" || p.Year() != 2023 || len(p.Zones) != 1 || p.Zones[0].ZoneID != "z1" ||
		len(p.Descriptions) != 1 || p.Descriptions[0].Zones[0].SchoolID != "A" || len(p.Metrics.Lotteries) != 1 {
		t.Errorf("folder read as %+v", p)
	}
	// Without Descriptions, zones.csv is not read.
	if p, err := planfile.Read(filepath.Join(dir, "方案一"), planfile.Options{}); err != nil || p.Descriptions != nil || p.DescriptionsFile != "" {
		t.Errorf("zones.csv read unasked: %v %v", p, err)
	}
	// A zones.geojson given on its own takes its folder's name, and the
	// metrics.json beside it only when asked.
	file := filepath.Join(dir, "方案一", "zones.geojson")
	for _, beside := range []bool{false, true} {
		p, err := planfile.Read(file, planfile.Options{Descriptions: true, MetricsBesideFile: beside})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{false: 0, true: 2023}[beside]; p.Name != "方案一" || p.Year() != want || p.Descriptions != nil {
			t.Errorf("file (metrics beside %v): %q year %d, %d descriptions; want 方案一, year %d, none", beside, p.Name, p.Year(), len(p.Descriptions), want)
		}
	}
	// A folder of words only: an error, unless the zones are optional.
	words := filepath.Join(dir, "words")
	if _, err := planfile.Read(words, planfile.Options{Descriptions: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("folder without zones.geojson: %v, want a file not found", err)
	}
	if p, err := planfile.Read(words, planfile.Options{Descriptions: true, ZonesOptional: true}); err != nil || p.Zones != nil || p.ZonesFile != "" || len(p.Descriptions) != 1 {
		t.Errorf("words only: %+v %v", p, err)
	}
	// metrics.json's problem at its line, named by its path.
	_, err = planfile.Read(filepath.Join(dir, "badmetrics"), planfile.Options{})
	var probs dataset.Problems
	if !errors.As(err, &probs) || len(probs) != 1 || probs[0].File != filepath.Join(dir, "badmetrics", "metrics.json") || probs[0].Line != 2 {
		t.Errorf("bad metrics.json: %v, want its problem at line 2", err)
	}
}

// TestParseDescriptions: a zones.csv problem names the file as given, at
// the line the notice's reader names, or at line 1 for the whole file.
func TestParseDescriptions(t *testing.T) {
	bad := oneDescription + "primary,A,一小,street,呼图壁镇,团结路,9-3\r\n"
	for _, tc := range []struct {
		text string
		line int
	}{{bad, 3}, {"", 1}} {
		_, err := planfile.ParseDescriptions([]byte(tc.text), "out/zones.csv")
		var probs dataset.Problems
		if !errors.As(err, &probs) || len(probs) != 1 || probs[0].File != "out/zones.csv" || probs[0].Line != tc.line {
			t.Errorf("%q: %v, want one problem of out/zones.csv at line %d", tc.text, err, tc.line)
		}
	}
}
