package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/hutubi-edu/zoning/data/county"
)

// TestRedrawRefusesPinsItCannotKeep: on a generated county, a locks file
// whose pins the redraw cannot keep (a point outside the county, one
// compound pinned to two schools) ends the command with exit code 2, each
// problem as FILE:LINE: message, and nothing written.
func TestRedrawRefusesPinsItCannotKeep(t *testing.T) {
	ds, _, err := county.Generate(county.Spec{Family: county.Plains, Seed: 5, ZonesInForce: true, Children: 2000})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := ds.Write(dir); err != nil {
		t.Fatal(err)
	}
	var primary []string
	for _, s := range ds.Schools {
		if s.Public && s.PrimarySeats > 0 {
			primary = append(primary, s.ID)
		}
	}
	addr := ds.Households[0].Address
	bad := filepath.Join(t.TempDir(), "bad.csv")
	body := fmt.Sprintf("level,school_id,lock,address,lon,lat\nprimary,%s,pin,,100.5,30.5\nprimary,%s,pin,%s,,\nprimary,%s,pin,%s,,\n",
		primary[0], primary[0], addr, primary[1], addr)
	if err := os.WriteFile(bad, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	_, stderr, err := zoning(t, "redraw", "--data", dir, "--locks", bad, "--out", out, "-q")
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 2 {
		t.Fatalf("err %v, want exit code 2; stderr %s", err, stderr)
	}
	for _, want := range []string{bad + ":2: the place at 100.50000,30.50000 lies outside the zoned area", bad + ":4: ", "one place cannot be in two zones"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("the output folder was created")
	}
	t.Logf("stderr:\n%s", stderr)
}

// TestRedrawKeepsAPin: a household pinned to a school far from it lies in
// that school's zone in the zones.geojson the command writes.
func TestRedrawKeepsAPin(t *testing.T) {
	dir := copyDir(t)
	locks := filepath.Join(t.TempDir(), "locks.csv")
	// H5 (呼图壁镇某路9号, 86.88 44.20) lives by S1; pin it to S3, 25 km west.
	if err := os.WriteFile(locks, []byte("level,school_id,lock,address\nprimary,S3,pin,呼图壁镇某路9号\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	if _, stderr, err := zoning(t, "redraw", "--data", dir, "--locks", locks, "--out", out, "-q"); err != nil {
		t.Fatalf("redraw: %v\n%s", err, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "zones.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	home := orb.Point{86.88, 44.20}
	seen := 0
	for _, f := range fc.Features {
		if f.Properties.MustString("level", "") != "primary" {
			continue
		}
		in := false
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			in = ringsHold(g, home)
		case orb.MultiPolygon:
			for _, p := range g {
				in = in || ringsHold(p, home)
			}
		}
		if id := f.Properties.MustString("school_id", ""); in != (id == "S3") {
			t.Errorf("the pinned home in %s's zone: %v", id, in)
		}
		seen++
	}
	if seen != 2 {
		t.Errorf("%d primary zones in zones.geojson, want 2 (S1 and S3)", seen)
	}
}

// ringsHold reports whether p lies inside the polygon (even-odd rule over
// its rings).
func ringsHold(poly orb.Polygon, p orb.Point) bool {
	in := false
	for _, ring := range poly {
		for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
			a, b := ring[i], ring[j]
			if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
				in = !in
			}
		}
	}
	return in
}
