package planfile_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/planfile"
	"github.com/hutubi-edu/zoning/geo/gpkg"
)

// A bow-tie whose edges cross at 86.85, 44.15, and a square.
var (
	planBowtie = orb.Polygon{{{86.8, 44.1}, {86.9, 44.2}, {86.9, 44.1}, {86.8, 44.2}, {86.8, 44.1}}}
	planSquare = orb.Polygon{{{86.8, 44.1}, {86.9, 44.1}, {86.9, 44.2}, {86.8, 44.2}, {86.8, 44.1}}}
)

// households of twoSchools' county: one in the middle of both plans'
// squares, one out of them.
func withHomes(ds *dataset.Dataset) *dataset.Dataset {
	ds.Households = []dataset.Household{
		{ID: "h1", Loc: orb.Point{86.86, 44.13}, Address: "某镇某路1号"},
		{ID: "h2", Loc: orb.Point{87.5, 44.5}, Address: "某镇某路2号"},
	}
	ds.Index()
	return ds
}

// TestPlanGeometry: a plan's invalid polygon is refused at its line
// (zones.geojson) or feature (GeoPackage), repaired with FixGeometry or
// with a dataset loaded with it; two zones that overlap are warned of with
// the households in both.
func TestPlanGeometry(t *testing.T) {
	geojson := func(a, b string) []byte {
		return []byte(`{"type":"FeatureCollection","features":[` + "\n" +
			`{"type":"Feature","properties":{"level":"primary","school_id":"A"},"geometry":{"type":"Polygon","coordinates":` + a + `}},` + "\n" +
			`{"type":"Feature","properties":{"level":"primary","school_id":"B"},"geometry":{"type":"Polygon","coordinates":` + b + `}}` + "\n]}\n")
	}
	const bowtie = `[[[86.8,44.1],[86.9,44.2],[86.9,44.1],[86.8,44.2],[86.8,44.1]]]`
	const square = `[[[86.8,44.1],[86.9,44.1],[86.9,44.2],[86.8,44.2],[86.8,44.1]]]`
	const east = `[[[86.9,44.1],[87.0,44.1],[87.0,44.2],[86.9,44.2],[86.9,44.1]]]`

	_, err := planfile.Parse(planfile.Files{Zones: geojson(square, bowtie), ZonesName: "p/zones.geojson"}, planfile.Options{})
	if err == nil || !strings.Contains(err.Error(), "p/zones.geojson:3: feature 2: invalid polygon (self-intersection at 86.85, 44.15)") {
		t.Errorf("bow-tie in zones.geojson: %v", err)
	}
	fixedDS := withHomes(twoSchools())
	fixedDS.FixGeometry = true
	for _, opt := range []planfile.Options{{FixGeometry: true}, {Dataset: fixedDS}} {
		p, err := planfile.Parse(planfile.Files{Zones: geojson(east, bowtie), ZonesName: "p/zones.geojson"}, opt)
		if err != nil {
			t.Fatalf("with the repair: %v", err)
		}
		if len(p.Zones[1].Geometry) != 2 || len(p.Warnings) != 1 || !strings.HasPrefix(p.Warnings[0].String(), "p/zones.geojson:3: feature 2: invalid polygon (self-intersection at 86.85, 44.15)") {
			t.Errorf("repaired: %d polygons, warnings %v", len(p.Zones[1].Geometry), p.Warnings)
		}
	}
	// Overlapping zones: a warning with the household in both.
	p, err := planfile.Parse(planfile.Files{Zones: geojson(square, square), ZonesName: "p/zones.geojson"}, planfile.Options{Dataset: withHomes(twoSchools())})
	if err != nil {
		t.Fatal(err)
	}
	want := `p/zones.geojson:2: primary zones of "A" (line 2) and "B" (line 3) overlap: 1 households are in both (the first zone in the file counts for them): h1 "某镇某路1号"`
	if len(p.Warnings) != 1 || p.Warnings[0].String() != want {
		t.Errorf("warnings %v, want [%s]", p.Warnings, want)
	}

	// The same in a GeoPackage.
	gp := func(a, b orb.Polygon) string {
		l := gpkg.Layer{Name: "zones", GeometryType: "MULTIPOLYGON",
			Fields: []gpkg.Field{{Name: "level", Type: gpkg.Text}, {Name: "school_id", Type: gpkg.Text}},
			Features: []gpkg.Feature{
				{Geometry: orb.MultiPolygon{a}, Values: []any{"primary", "A"}},
				{Geometry: orb.MultiPolygon{b}, Values: []any{"primary", "B"}},
			}}
		path := filepath.Join(t.TempDir(), "plan.gpkg")
		if err := gpkg.Write(path, []gpkg.Layer{l}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	path := gp(planSquare, planBowtie)
	if _, err := planfile.Read(path, planfile.Options{Dataset: withHomes(twoSchools())}); err == nil ||
		!strings.Contains(err.Error(), "plan.gpkg:zones: feature 2: invalid polygon (self-intersection at 86.85, 44.15)") {
		t.Errorf("bow-tie in a GeoPackage: %v", err)
	}
	if p, err := planfile.Read(path, planfile.Options{FixGeometry: true}); err != nil || len(p.Warnings) != 1 {
		t.Errorf("bow-tie in a GeoPackage, repaired: %v, warnings %v", err, p.Warnings)
	}
	p, err = planfile.Read(gp(planSquare, planSquare), planfile.Options{Dataset: withHomes(twoSchools())})
	if err != nil || len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0].Msg, `overlap: 1 households are in both (the first zone in the file counts for them): h1 "某镇某路1号"`) {
		t.Errorf("overlapping zones in a GeoPackage: %v, warnings %v", err, p.Warnings)
	}
}
