package gis_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/planfile"
	"github.com/hutubi-edu/zoning/engine/render"
	"github.com/hutubi-edu/zoning/engine/render/gis"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/gpkg"
)

// writeGeoPackage writes the planners' GeoPackage of c as compare.gpkg
// in a temporary folder and returns its path.
func writeGeoPackage(t *testing.T, c *compare.Comparison) string {
	t.Helper()
	b, err := gis.GeoPackage(c, render.Planners)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "compare.gpkg")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestGeoPackage reads the pack's GeoPackage back: the campuses, each plan's
// zones with their entrants, the proposal's changed strip per level and
// X's households, with Chinese text intact.
func TestGeoPackage(t *testing.T) {
	tw := comparetest.New()
	c := comparetest.Compare(t, tw)
	path := writeGeoPackage(t, c)
	layers, err := gpkg.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]gpkg.Layer{}
	var names []string
	for _, l := range layers {
		byName[l.Name] = l
		names = append(names, l.Name)
	}
	want := []string{"schools", "plan1_zones", "plan2_zones", "plan2_changes", "plan2_moved_households"}
	if !slices.Equal(names, want) {
		t.Fatalf("layers %v, want %v", names, want)
	}
	if n := len(byName["schools"].Features); n != 2 {
		t.Errorf("%d schools, want 2", n)
	}
	for _, name := range []string{"plan1_zones", "plan2_zones"} {
		l := byName[name]
		if len(l.Features) != 4 {
			t.Errorf("%s: %d zones, want 2 schools × 2 levels", name, len(l.Features))
		}
		if !strings.Contains(l.Title, "片区") {
			t.Errorf("%s: title %q", name, l.Title)
		}
	}
	// The proposal's primary zone of B seats 锦华苑's... no: 天山花园's 8 and X's 6.
	for _, f := range byName["plan2_zones"].Features {
		if f.Values[0] == "primary" && f.Values[1] == "B" && f.Values[4] != int64(8+comparetest.XHouses) {
			t.Errorf("plan 2 primary B entrants %v, want %d", f.Values[4], 8+comparetest.XHouses)
		}
	}
	if n := len(byName["plan2_changes"].Features); n != 2 {
		t.Errorf("%d changed areas, want X's cells of each level", n)
	}
	moved := byName["plan2_moved_households"].Features
	if len(moved) != 2*comparetest.XHouses {
		t.Errorf("%d moved households, want X's %d per level", len(moved), comparetest.XHouses)
	}
	sections := map[string]string{"primary": "小学部", "junior": "初中部"} // both schools have both
	for _, f := range moved {
		addr, _ := f.Values[1].(string)
		if !strings.Contains(addr, "幸福小区") || f.Values[4] != "西城学校"+sections[f.Values[2].(string)] || f.Values[6] != "东城学校"+sections[f.Values[2].(string)] {
			t.Errorf("moved household %v, want X's from 西城学校 to 东城学校", f.Values)
		}
		if p, ok := f.Geometry.(orb.Point); !ok || p[0] < 86.889 || p[0] > 86.898 {
			t.Errorf("moved household at %v, want a point in X", f.Geometry)
		}
	}
}

// TestGeoJSON: each plan's file is a zones.geojson of docs/dataset-format.md that reads
// back as the plan's zones; the proposal's changes file holds the strips.
func TestGeoJSON(t *testing.T) {
	tw := comparetest.New()
	c := comparetest.Compare(t, tw)
	files, err := gis.GeoJSON(c)
	if err != nil {
		t.Fatal(err)
	}
	for i, stem := range []string{"plan1-现行片区", "plan2-调整方案"} {
		pf, err := planfile.Parse(planfile.Files{Zones: files[stem+".geojson"]}, planfile.Options{})
		if err != nil {
			t.Fatalf("%s: %v", stem, err)
		}
		zs := pf.Zones
		want := tw.InForce
		if i == 1 {
			want = tw.Proposal
		}
		if len(zs) != len(want) {
			t.Errorf("%s: %d zones, want %d", stem, len(zs), len(want))
		}
		for _, z := range zs {
			found := false
			for _, w := range want {
				if w.Level == z.Level && w.SchoolID == z.SchoolID && w.Geometry.Bound() == z.Geometry.Bound() {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: zone %s %s %v is not the plan's", stem, z.Level, z.SchoolID, z.Geometry.Bound())
			}
		}
	}
	fc, err := geojson.UnmarshalFeatureCollection(files["plan2-调整方案-changes.geojson"])
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 2 || fc.Features[0].Properties.MustString("old_schools", "") != "西城学校小学部" {
		t.Errorf("changes: %d features, first %v; want X's cells of each level, the first from 西城学校小学部", len(fc.Features), fc.Features[0].Properties)
	}
	if _, ok := files["plan1-现行片区-changes.geojson"]; ok {
		t.Error("the plan in force has a changes file")
	}
}

// TestLoadGeoPackage: a plan's zones layer of compare.gpkg (as a GIS user
// would edit it) loads as that plan: compared with the zones in force it
// moves exactly what the proposal moved. The file alone is ambiguous (two
// zone layers); a layer that is not a zone layer, or is missing, is named.
func TestLoadGeoPackage(t *testing.T) {
	tw := comparetest.New()
	c := comparetest.Compare(t, tw)
	path := writeGeoPackage(t, c)
	p, err := compare.Load(path+":plan2_zones", tw.DS, geo.WGS84)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "plan2_zones" || len(p.Zones) != len(tw.Proposal) {
		t.Fatalf("plan %q with %d zones, want plan2_zones with %d", p.Name, len(p.Zones), len(tw.Proposal))
	}
	again, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{{Name: "现行", Zones: tw.InForce}, p},
		compare.Options{Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(again.Plans[1].Change.Moves), len(tw.XPrimary)+len(tw.XJunior); got != want {
		t.Errorf("the plan read back moves %d entrants, want X's %d", got, want)
	}
	for _, tc := range []struct{ path, want string }{
		{path, "2 zone layers (plan1_zones, plan2_zones)"},
		{path + ":schools", "layer schools is not a zone layer"},
		{path + ":plan9_zones", "no layer plan9_zones (zone layers: plan1_zones, plan2_zones)"},
		{filepath.Join(t.TempDir(), "missing.gpkg"), "missing.gpkg"},
	} {
		if _, err := compare.Load(tc.path, tw.DS, geo.WGS84); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%s): %v, want an error saying %q", filepath.Base(tc.path), err, tc.want)
		}
	}
}
