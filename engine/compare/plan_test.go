package compare_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"math"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/paulmach/orb"
)

const oneZone = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"level":"primary","school_id":"A"},
"geometry":{"type":"Polygon","coordinates":[[[86.87,44.18],[86.9,44.18],[86.9,44.2],[86.87,44.18]]]}}]}`

func TestLoad(t *testing.T) {
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
	write("方案一/metrics.json", `{"year": 2023, "levels": {}}`)
	write("nometrics/zones.geojson", oneZone)
	file := write("手绘方案.geojson", oneZone)
	write("badmetrics/zones.geojson", oneZone)
	write("badmetrics/metrics.json", `{"year": "soon"}`)
	write("empty/zones.geojson", `{"type":"FeatureCollection","features":[]}`)
	write("nolevel/zones.geojson", strings.Replace(oneZone, `"level":"primary",`, "", 1))
	if err := os.MkdirAll(filepath.Join(dir, "nozones"), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path     string
		name     string
		year     int
		errWords []string
	}{
		{filepath.Join(dir, "方案一"), "方案一", 2023, nil},
		{filepath.Join(dir, "方案一", "zones.geojson"), "方案一", 0, nil},
		{filepath.Join(dir, "nometrics"), "nometrics", 0, nil},
		{file, "手绘方案", 0, nil},
		{filepath.Join(dir, "badmetrics"), "", 0, []string{"metrics.json"}},
		{filepath.Join(dir, "empty"), "", 0, []string{"no zones"}},
		{filepath.Join(dir, "nolevel"), "", 0, []string{"feature 1", "level"}},
		{filepath.Join(dir, "nozones"), "", 0, []string{"zones.geojson", "redraw's output folder"}},
		{filepath.Join(dir, "missing"), "", 0, []string{"missing"}},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			p, err := compare.Load(tc.path, nil, geo.WGS84)
			if tc.errWords != nil {
				if err == nil {
					t.Fatalf("no error, want one naming %v", tc.errWords)
				}
				for _, w := range tc.errWords {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q lacks %q", err, w)
					}
				}
				if !strings.HasPrefix(err.Error(), "compare: ") {
					t.Errorf("error %q does not name the package", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != tc.name || p.Year != tc.year || len(p.Zones) != 1 || p.Zones[0].SchoolID != "A" {
				t.Errorf("plan %q year %d zones %d, want %q year %d with A's zone", p.Name, p.Year, len(p.Zones), tc.name, tc.year)
			}
		})
	}
}

// FuzzParse: any bytes as a plan's zones.geojson and metrics.json parse
// or fail with an error, never panic; a plan that parses has zones.
func FuzzParse(f *testing.F) {
	f.Add([]byte(oneZone), []byte(`{"year": 2023}`))
	f.Add([]byte(`{"type":"FeatureCollection"}`), []byte(`[]`))
	f.Add([]byte(`{}`), []byte(`{"year": 1e99}`))
	f.Add([]byte(oneZone), []byte(nil))
	f.Fuzz(func(t *testing.T, zones, metrics []byte) {
		p, err := compare.Parse(zones, metrics, "zones.geojson", "metrics.json", nil, geo.WGS84)
		if err == nil && len(p.Zones) == 0 {
			t.Error("a plan without zones parsed")
		}
		if err != nil && !strings.HasPrefix(err.Error(), "compare: ") {
			t.Errorf("error %q does not name the package", err)
		}
	})
}

// TestLoadWithDataset: read for a dataset, a plan file's problems come as
// FILE:LINE: message, every one of them, as the dataset's own zones do.
func TestLoadWithDataset(t *testing.T) {
	tw := comparetest.New()
	text := `{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"level": "primary", "school_id": "A"},
 "geometry": {"type": "Polygon", "coordinates": [[[86.87,44.18],[86.9,44.18],[86.9,44.2],[86.87,44.18]]]}},
{"type": "Feature", "properties": {"level": "senior", "school_id": "B"},
 "geometry": {"type": "Polygon", "coordinates": [[[86.9,44.18],[86.93,44.18],[86.93,44.2],[86.9,44.18]]]}},
{"type": "Feature", "properties": {"level": "junior", "school_id": "Q"},
 "geometry": {"type": "Polygon", "coordinates": [[[86.9,44.18],[86.93,44.18],[86.93,44.2],[86.9,44.18]]]}}
]}`
	path := filepath.Join(t.TempDir(), "手绘.geojson")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := compare.Load(path, tw.DS, geo.WGS84)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{path + `:4: feature 2: unknown level "senior"`, path + `:6: feature 3: school_id "Q" does not exist`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	// The same file without the bad features loads, its coordinates
	// converted from GCJ-02 when asked.
	good := strings.TrimSuffix(strings.Join(strings.Split(text, "\n")[:3], "\n"), ",") + "]}"
	if err := os.WriteFile(path, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, crs := range []geo.CRS{geo.WGS84, geo.GCJ02} {
		p, err := compare.Load(path, tw.DS, crs)
		if err != nil {
			t.Fatal(err)
		}
		want := geo.ToWGS84(orb.Point{86.87, 44.18}, crs)
		if got := p.Zones[0].Geometry[0][0][0]; math.Abs(got[0]-want[0]) > 1e-9 || math.Abs(got[1]-want[1]) > 1e-9 {
			t.Errorf("%s: first vertex %v, want %v", crs, got, want)
		}
	}
}

// TestInForce: the plan of the dataset's zones in force takes the name
// given, else 现行片区, and is refused for a dataset without zones.
func TestInForce(t *testing.T) {
	tw := comparetest.New()
	for name, want := range map[string]string{"": "现行片区", "现行": "现行"} {
		p, err := compare.InForce(tw.DS, name)
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != want || p.Path != compare.InForcePath || len(p.Zones) != len(tw.DS.Zones) {
			t.Errorf("InForce(%q): %q at %q with %d zones, want %q with the dataset's %d", name, p.Name, p.Path, len(p.Zones), want, len(tw.DS.Zones))
		}
	}
	bare := *tw.DS
	bare.Zones = nil
	if _, err := compare.InForce(&bare, ""); err == nil || !strings.HasPrefix(err.Error(), "compare: current: ") {
		t.Errorf("no zones in force: %v", err)
	}
}
