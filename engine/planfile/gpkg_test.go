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

// FuzzGeoPackagePath: GeoPackagePath never panics; a path it takes is the
// file (ending in .gpkg, in any case) alone, or the file, ":" and the
// layer; any other path is not a GeoPackage.
func FuzzGeoPackagePath(f *testing.F) {
	for _, s := range []string{"plan.gpkg", "out/compare.GPKG:plan2_zones", "a.gpkg:b.gpkg:c", "zones.geojson", ".gpkg:", "x.gpkg.bak"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		file, layer, ok := planfile.GeoPackagePath(path)
		if ok != planfile.IsGeoPackage(path) {
			t.Fatalf("%q: GeoPackagePath %v, IsGeoPackage %v", path, ok, !ok)
		}
		if !ok {
			if file != "" || layer != "" || strings.HasSuffix(strings.ToLower(path), ".gpkg") {
				t.Fatalf("%q: not a GeoPackage, but %q %q", path, file, layer)
			}
			return
		}
		if !strings.HasSuffix(strings.ToLower(file), ".gpkg") {
			t.Fatalf("%q: file %q", path, file)
		}
		if back := file + ":" + layer; layer == "" && file != path && back != path || layer != "" && back != path {
			t.Fatalf("%q: file %q layer %q", path, file, layer)
		}
	})
}

// FuzzReadGeoPackage: compare's GeoPackage plan loader (planfile.Read of
// FILE.gpkg[:LAYER]) on a layer of two features with any fields never
// panics; what it accepts has known levels, a school each, no (level,
// school) twice, and only the dataset's schools and sections.
func FuzzReadGeoPackage(f *testing.F) {
	f.Add("zones", "", "primary", "A", "junior", "A", "z1", true)
	f.Add("zones", "zones", "primary", "A", "primary", "A", "", true)
	f.Add("plan2_zones", "other", " Primary ", "B", "初中", "C", "", false)
	f.Add("z", "", "junior", "", "primary", "3", "x", false)
	f.Fuzz(func(t *testing.T, name, layer, level1, school1, level2, school2, zoneID string, withDataset bool) {
		if name == "" || strings.ContainsAny(name, "\x00\"") {
			return // a layer needs a name SQLite can hold
		}
		ring := orb.Ring{{86.8, 44.1}, {86.9, 44.1}, {86.9, 44.2}, {86.8, 44.1}}
		l := gpkg.Layer{Name: name, GeometryType: "MULTIPOLYGON",
			Fields: []gpkg.Field{{Name: "level", Type: gpkg.Text}, {Name: "school_id", Type: gpkg.Text}, {Name: "zone_id", Type: gpkg.Text}},
			Features: []gpkg.Feature{
				{Geometry: orb.MultiPolygon{{ring}}, Values: []any{level1, school1, zoneID}},
				{Geometry: orb.MultiPolygon{{ring}}, Values: []any{level2, school2, nil}},
			}}
		path := filepath.Join(t.TempDir(), "plan.gpkg")
		if err := gpkg.Write(path, []gpkg.Layer{l}); err != nil {
			return // not a layer the writer takes
		}
		if layer != "" {
			path += ":" + layer
		}
		var ds *dataset.Dataset
		if withDataset {
			ds = twoSchools()
		}
		p, err := planfile.Read(path, planfile.Options{Dataset: ds})
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, z := range p.Zones {
			if _, err := dataset.ParseLevel(string(z.Level)); err != nil || z.SchoolID == "" || len(z.Geometry) == 0 {
				t.Fatalf("zone %+v accepted", z)
			}
			k := string(z.Level) + "\x00" + z.SchoolID
			if seen[k] {
				t.Fatalf("second %s zone of %q accepted", z.Level, z.SchoolID)
			}
			seen[k] = true
			if ds != nil && (ds.SchoolIndex(z.SchoolID) < 0 || !ds.Schools[ds.SchoolIndex(z.SchoolID)].HasLevel(z.Level)) {
				t.Fatalf("zone of %q (%s) accepted against the dataset", z.SchoolID, z.Level)
			}
		}
	})
}
