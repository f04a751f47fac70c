package dataset

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/geo"
)

// The valid dataset's boundary drawn as a bow-tie: its edges cross at
// 86.8, 44.2.
const bowtieBoundary = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[86.55,44.05],[87.05,44.35],[87.05,44.05],[86.55,44.35],[86.55,44.05]]]}}
]}
`

// bowtieZone is a primary zone of S1 whose edges cross at 86.925, 44.2.
const bowtieZone = `{"type":"Feature","properties":{"level":"primary","school_id":"S1"},"geometry":{"type":"Polygon","coordinates":[[[86.8,44.05],[87.05,44.35],[87.05,44.05],[86.8,44.35],[86.8,44.05]]]}}`

func TestInvalidPolygons(t *testing.T) {
	zonesWith := func(first string) func(f map[string]string) {
		return func(f map[string]string) {
			lines := strings.Split(f[ZonesFile], "\n")
			lines[1] = first + ","
			f[ZonesFile] = strings.Join(lines, "\n")
		}
	}
	cases := []struct {
		name string
		edit func(f map[string]string)
		want string
	}{
		{"bow-tie boundary", setFile("boundary.geojson", bowtieBoundary),
			"boundary.geojson:2: feature 1: invalid polygon (self-intersection at 86.8, 44.2)"},
		{"bow-tie boundary, bare", setFile("boundary.geojson",
			`{"type":"Polygon","coordinates":[[[86.55,44.05],[87.05,44.35],[87.05,44.05],[86.55,44.35],[86.55,44.05]]]}`),
			"boundary.geojson:1: invalid polygon (self-intersection at 86.8, 44.2)"},
		{"bow-tie zone in force", zonesWith(bowtieZone),
			"zones.geojson:2: feature 1: invalid polygon (self-intersection at 86.925, 44.2)"},
		{"zone whose parts overlap", zonesWith(`{"type":"Feature","properties":{"level":"primary","school_id":"S1"},"geometry":{"type":"MultiPolygon","coordinates":[` +
			`[[[86.8,44.05],[87.05,44.05],[87.05,44.25],[86.8,44.25],[86.8,44.05]]],[[[86.8,44.2],[87.05,44.2],[87.05,44.35],[86.8,44.35],[86.8,44.2]]]]}}`),
			"zones.geojson:2: feature 1: invalid polygon (self-intersection at "},
		{"hole outside its shell", zonesWith(`{"type":"Feature","properties":{"level":"primary","school_id":"S1"},"geometry":{"type":"Polygon","coordinates":[` +
			`[[86.8,44.05],[87.05,44.05],[87.05,44.35],[86.8,44.35],[86.8,44.05]],[[86.6,44.1],[86.7,44.1],[86.7,44.2],[86.6,44.1]]]}}`),
			"zones.geojson:2: feature 1: invalid polygon (hole lies outside shell at 86.6, 44.1)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := validFiles(t)
			tc.edit(files)
			ps := problemsOf(t, files)
			found := false
			for _, p := range ps {
				found = found || strings.HasPrefix(p.String(), tc.want)
			}
			if !found {
				t.Fatalf("problems %v lack %q", ps, tc.want)
			}
			// --fix-geometry: loaded, with a warning at the same line.
			d, err := Load(mapFS(files), WithFixGeometry(true))
			if err != nil {
				t.Fatalf("with WithFixGeometry: %v", err)
			}
			if !d.FixGeometry {
				t.Error("Dataset.FixGeometry is false")
			}
			warned := false
			for _, w := range d.Warnings {
				warned = warned || strings.HasPrefix(w.String(), tc.want) && strings.Contains(w.Msg, "repaired")
			}
			if !warned {
				t.Errorf("warnings %v lack %q ... repaired", d.Warnings, tc.want)
			}
		})
	}
}

// TestFixGeometryRepairs checks what --fix-geometry makes of a bow-tie
// boundary: both triangles, valid, with the area of both.
func TestFixGeometryRepairs(t *testing.T) {
	files := validFiles(t)
	files["boundary.geojson"] = bowtieBoundary
	d, err := Load(mapFS(files), WithFixGeometry(true))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Boundary) != 2 {
		t.Fatalf("repaired boundary has %d polygons, want the bow-tie's 2 triangles", len(d.Boundary))
	}
	if _, msg, err := ValidPolygons(d.Boundary, geo.WGS84, false); msg != "" || err != nil {
		t.Errorf("repaired boundary: %q, %v", msg, err)
	}
	area := 0.0
	for _, p := range d.Boundary {
		area += math.Abs(planar.Area(p))
	}
	// Two triangles of base 0.3° and height 0.25°.
	if want := 2 * 0.3 * 0.25 / 2; math.Abs(area-want) > 1e-9 {
		t.Errorf("repaired area %.6f, want %.6f", area, want)
	}
}

// TestValidPolygonsCRS checks that the place of a self-intersection is
// given in the file's coordinate system, where the user will look for it.
func TestValidPolygonsCRS(t *testing.T) {
	var p orb.Polygon
	p = append(p, orb.Ring{})
	for _, v := range [][2]float64{{86.55, 44.05}, {87.05, 44.35}, {87.05, 44.05}, {86.55, 44.35}, {86.55, 44.05}} {
		p[0] = append(p[0], geo.ToWGS84(orb.Point{v[0], v[1]}, geo.GCJ02))
	}
	_, msg, err := ValidPolygons(orb.MultiPolygon{p}, geo.GCJ02, false)
	if err != nil {
		t.Fatal(err)
	}
	var lon, lat float64
	if _, err := fmt.Sscanf(msg, "invalid polygon (self-intersection at %g, %g)", &lon, &lat); err != nil {
		t.Fatalf("message %q: %v", msg, err)
	}
	// GCJ-02 → WGS84 is approximate (to about 10 m); the offset itself is
	// hundreds of metres, so the place is the file's, not WGS84's.
	wgs := geo.ToWGS84(orb.Point{86.8, 44.2}, geo.GCJ02)
	if math.Abs(lon-86.8) > 3e-4 || math.Abs(lat-44.2) > 3e-4 {
		t.Errorf("self-intersection at %v, %v in GCJ-02, want 86.8, 44.2 as the file writes it (WGS84 %v)", lon, lat, wgs)
	}
	if math.Abs(wgs[0]-86.8)+math.Abs(wgs[1]-44.2) < 2e-3 {
		t.Fatalf("GCJ-02 offset %v too small for the test", wgs)
	}
}

// TestReadZonesFixGeometry checks ReadZones (the plans' reader) with and
// without the repair.
func TestReadZonesFixGeometry(t *testing.T) {
	b := []byte("{\"type\":\"FeatureCollection\",\"features\":[\n" + bowtieZone + "\n]}\n")
	if _, err := ReadZones(b, "plan.geojson", nil, geo.WGS84); err == nil ||
		!strings.Contains(err.Error(), "plan.geojson:2: feature 1: invalid polygon (self-intersection at 86.925, 44.2)") {
		t.Errorf("ReadZones = %v, want the self-intersection at line 2", err)
	}
	zs, warns, err := ReadZonesWarn(b, "plan.geojson", nil, geo.WGS84, WithFixGeometry(true))
	if err != nil || len(zs) != 1 || len(zs[0].Geometry) != 2 || len(warns) != 1 || warns[0].Line != 2 {
		t.Errorf("ReadZonesWarn with the repair: %d zones, warnings %v, %v; want 1 zone of 2 triangles and 1 warning", len(zs), warns, err)
	}
	if len(zs) == 1 && zs[0].Line != 2 {
		t.Errorf("zone's line %d, want 2", zs[0].Line)
	}
}

// TestSelfTouchingRing: a ring that touches itself at a point (two grid
// cells meeting at a corner, traced as one ring) is taken as it is; a ring
// that crosses itself is not.
func TestSelfTouchingRing(t *testing.T) {
	touch := orb.MultiPolygon{{{{86, 44}, {86.01, 44}, {86.01, 44.01}, {86.02, 44.01}, {86.02, 44.02}, {86.01, 44.02}, {86.01, 44.01}, {86, 44.01}, {86, 44}}}}
	out, msg, err := ValidPolygons(touch, geo.WGS84, false)
	if err != nil || msg != "" || len(out) != 1 {
		t.Errorf("self-touching ring: %q, %v", msg, err)
	}
	cross := orb.MultiPolygon{{{{86, 44}, {86.02, 44.02}, {86.02, 44}, {86, 44.02}, {86, 44}}}}
	if _, msg, err := ValidPolygons(cross, geo.WGS84, false); err != nil || msg != "invalid polygon (self-intersection at 86.01, 44.01)" {
		t.Errorf("bow-tie: %q, %v", msg, err)
	}
}
