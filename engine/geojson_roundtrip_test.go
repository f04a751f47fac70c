package engine_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/geo"
)

// densify writes every position of mp n times over: the same polygons (a
// repeated position is no new vertex, and keeps a ring valid), in more
// bytes.
func densify(mp orb.MultiPolygon, n int) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, p := range mp {
		out[i] = make(orb.Polygon, len(p))
		for j, ring := range p {
			var r orb.Ring
			for _, pt := range ring {
				for range n {
					r = append(r, pt)
				}
			}
			out[i][j] = r
		}
	}
	return out
}

// TestLargeZonesRoundTrip: a zones.geojson of more than 1 MiB, as a large
// district's run writes it, is read back by everything that reads a run's
// output: compare's plan loader, serve --plan's (lookup.LoadDir), and the
// dataset loader with it as the zones in force. Written on one line, it
// stopped them all at "zones.geojson:1: line longer than 1 MiB".
func TestLargeZonesRoundTrip(t *testing.T) {
	ds := town(40, 100, true)
	res, err := engine.Run(t.Context(), ds, engine.RunOptions{Year: 2022, Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	// The town's zones are small: as many positions as a district's
	// zones have make the file as large (a little over 1 MiB), with the
	// same zones.
	small, err := res.ZonesGeoJSON(res.Metrics())
	if err != nil {
		t.Fatal(err)
	}
	n := dataset.MaxLineBytes*5/4/len(small) + 1
	for _, lr := range res.Levels {
		for k := range lr.Zoned {
			if lr.Zoned[k].Polygon != nil {
				lr.Zoned[k].Polygon = densify(lr.Zoned[k].Polygon, n)
			}
		}
	}
	files, err := res.Files()
	if err != nil {
		t.Fatal(err)
	}
	zones := files[engine.ZonesFile]
	if len(zones) <= dataset.MaxLineBytes {
		t.Fatalf("zones.geojson of %d bytes, want more than %d", len(zones), dataset.MaxLineBytes)
	}
	t.Logf("zones.geojson: %d bytes", len(zones))
	features := len(res.Zones())
	if lines := bytes.Count(zones, []byte{'\n'}); lines != features+2 {
		t.Errorf("zones.geojson has %d lines for %d features, want one a feature", lines, features)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := res.Zones()

	plan, err := compare.Load(out, ds, geo.WGS84)
	if err != nil {
		t.Fatalf("compare: %v", err)
	}
	sameZones(t, "compare", plan.Zones, want)

	if _, err := lookup.LoadDir(out, ds); err != nil {
		t.Fatalf("serve --plan: %v", err)
	}

	// Last year's output as the zones in force of a dataset folder.
	dfiles, err := ds.Files()
	if err != nil {
		t.Fatal(err)
	}
	dfiles[dataset.ZonesFile] = zones
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range dfiles {
		if err := os.WriteFile(filepath.Join(data, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	back, err := dataset.LoadDir(data)
	if err != nil {
		t.Fatalf("dataset load: %v", err)
	}
	sameZones(t, "dataset load", back.Zones, want)
}

// sameZones checks that got are the zones of want, position by position.
func sameZones(t *testing.T, who string, got, want []dataset.Zone) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d zones, want %d", who, len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Level != w.Level || g.SchoolID != w.SchoolID || len(g.Geometry) != len(w.Geometry) {
			t.Fatalf("%s: zone %d is %s %s of %d polygons, want %s %s of %d", who, i, g.Level, g.SchoolID, len(g.Geometry),
				w.Level, w.SchoolID, len(w.Geometry))
		}
		for p := range w.Geometry {
			for r := range w.Geometry[p] {
				if gr, wr := g.Geometry[p][r], w.Geometry[p][r]; len(gr) != len(wr) || !orb.Equal(gr, wr) && !near(gr, wr) {
					t.Fatalf("%s: zone %d ring %d.%d differs (%d positions, want %d)", who, i, p, r, len(gr), len(wr))
				}
			}
		}
	}
}

// near says whether two rings of the same length agree within 1e-9°
// (the JSON's shortest float round trip is exact; this allows nothing more
// than rounding).
func near(a, b orb.Ring) bool {
	for i := range a {
		if d := a[i][0] - b[i][0]; d > 1e-9 || d < -1e-9 {
			return false
		}
		if d := a[i][1] - b[i][1]; d > 1e-9 || d < -1e-9 {
			return false
		}
	}
	return true
}
