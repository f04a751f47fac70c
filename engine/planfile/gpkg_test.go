package planfile_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/planfile"
	"github.com/hutubi-edu/zoning/geo/gpkg"
)

// zoneGPKG writes a GeoPackage of one zone layer "zones" whose features
// are the given (level, school_id) pairs, each a square, and a layer of
// points "homes" of n features; it returns its path.
func zoneGPKG(t *testing.T, zones [][2]string, homes int) string {
	t.Helper()
	zl := gpkg.Layer{Name: "zones", GeometryType: "MULTIPOLYGON",
		Fields: []gpkg.Field{{Name: "level", Type: gpkg.Text}, {Name: "school_id", Type: gpkg.Text}}}
	for i, z := range zones {
		x := 86.8 + 0.001*float64(i%100)
		ring := orb.Ring{{x, 44.1}, {x + 0.001, 44.1}, {x + 0.001, 44.101}, {x, 44.101}, {x, 44.1}}
		zl.Features = append(zl.Features, gpkg.Feature{Geometry: orb.MultiPolygon{{ring}}, Values: []any{z[0], z[1]}})
	}
	hl := gpkg.Layer{Name: "homes", GeometryType: "POINT", Fields: []gpkg.Field{{Name: "id", Type: gpkg.Text}}}
	for i := 0; i < homes; i++ {
		hl.Features = append(hl.Features, gpkg.Feature{Geometry: orb.Point{86.8, 44.1}, Values: []any{fmt.Sprint(i)}})
	}
	path := filepath.Join(t.TempDir(), "plan.gpkg")
	if err := gpkg.Write(path, []gpkg.Layer{zl, hl}); err != nil {
		t.Fatal(err)
	}
	return path
}

func twoSchools() *dataset.Dataset {
	ds := &dataset.Dataset{Schools: []dataset.School{
		{ID: "A", Name: "甲", Loc: orb.Point{86.88, 44.19}, PrimarySeats: 100, JuniorSeats: 100},
		{ID: "B", Name: "乙", Loc: orb.Point{86.92, 44.19}, PrimarySeats: 100, JuniorSeats: 100},
	}}
	ds.Index()
	return ds
}

// TestGeoPackageDuplicateZones: a second feature of the same level and
// school is refused, naming both features, as zones.geojson's second zone
// of a school is; accepted before, its zone silently doubled.
func TestGeoPackageDuplicateZones(t *testing.T) {
	path := zoneGPKG(t, [][2]string{{"primary", "A"}, {"junior", "A"}, {"primary", "B"}, {"primary", "A"}}, 0)
	for _, ds := range []*dataset.Dataset{nil, twoSchools()} {
		_, err := planfile.Read(path, planfile.Options{Dataset: ds})
		if err == nil || !strings.Contains(err.Error(), `zones: feature 4: second primary zone of school "A" (first at feature 1)`) {
			t.Errorf("dataset %v: %v, want the second zone of A refused", ds != nil, err)
		}
	}
	if p, err := planfile.Read(zoneGPKG(t, [][2]string{{"primary", "A"}, {"junior", "A"}, {"primary", "B"}}, 0), planfile.Options{Dataset: twoSchools()}); err != nil || len(p.Zones) != 3 {
		t.Fatalf("a plan without duplicates: %v", err)
	}
}

// TestGeoPackageFeaturesBounded: a layer of more features than a plan can
// have (one zone per level and school) is refused before its features are
// read; the layers that are not the plan's are not read at all.
func TestGeoPackageFeaturesBounded(t *testing.T) {
	ds := twoSchools() // at most 4 zones
	var many [][2]string
	for i := 0; i < 5; i++ {
		many = append(many, [2]string{"primary", fmt.Sprint("S", i)})
	}
	_, err := planfile.Read(zoneGPKG(t, many, 0), planfile.Options{Dataset: ds})
	if err == nil || !strings.Contains(err.Error(), `layer zones has 5 features: a plan has at most one zone per level and school (4: two levels × the dataset's 2 schools)`) {
		t.Errorf("5 features for 2 schools: %v", err)
	}
	// The homes layer (more features than the bound) is not the plan's.
	path := zoneGPKG(t, [][2]string{{"primary", "A"}}, 10)
	p, err := planfile.Read(path+":zones", planfile.Options{Dataset: ds})
	if err != nil || len(p.Zones) != 1 {
		t.Fatalf("zones beside a larger layer: %v", err)
	}
	layers, err := gpkg.ReadWith(path, gpkg.Options{Features: func(l *gpkg.Layer) bool { return l.Name == "zones" }, MaxFeatures: 4})
	if err != nil || len(layers) != 2 || len(layers[0].Features) != 1 || layers[1].Features != nil || len(layers[1].Fields) != 1 {
		t.Fatalf("ReadWith of one layer: %v, %+v", err, layers)
	}
}
