package engine_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// square is the square of side d degrees (lon and lat) at lon, lat.
func square(lon, lat, d float64) orb.Polygon {
	return orb.Polygon{{{lon, lat}, {lon + d, lat}, {lon + d, lat + d}, {lon, lat + d}, {lon, lat}}}
}

// TestDetachedPartsZoned: a county whose boundary has parts apart from the
// rest with no home in them (an exclave of open land 9 km east, and an
// islet of 50 m) has every part of it zoned, each detached part whole in
// one zone, and those zones still count as one piece (one_piece_zones; contiguous_zones counts single polygons).
func TestDetachedPartsZoned(t *testing.T) {
	ds, _, err := county.Generate(county.Spec{Family: county.Plains, Seed: 5, Children: 2500})
	if err != nil {
		t.Fatal(err)
	}
	b := ds.Boundary.Bound()
	exclave := square(b.Max[0]+0.1, (b.Min[1]+b.Max[1])/2, 0.04)
	islet := square(b.Min[0]-0.05, b.Min[1], 0.0005)
	ds.Boundary = append(append(orb.MultiPolygon{}, ds.Boundary...), exclave, islet)
	for _, p := range []orb.Polygon{exclave, islet} {
		for _, h := range ds.Households {
			if b := p.Bound(); b.Contains(h.Loc) {
				t.Fatalf("household %s lies in the detached part", h.ID)
			}
		}
	}
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: familyConfig()})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Metrics()
	boundaryArea, err := geos.Area(ds.Boundary)
	if err != nil {
		t.Fatal(err)
	}
	for _, lr := range res.Levels {
		var all []orb.Geometry
		for _, zk := range lr.Zoned {
			if z := zk.Polygon; z != nil {
				all = append(all, z)
			}
		}
		union, err := geos.Union(all...)
		if err != nil {
			t.Fatal(err)
		}
		left, err := geos.Difference(ds.Boundary, union)
		if err != nil {
			t.Fatal(err)
		}
		leftArea, _ := geos.Area(left)
		if leftArea > 1e-4*boundaryArea {
			t.Errorf("%s: %.3f%% of the boundary in no zone", lr.Level, 100*leftArea/boundaryArea)
		}
		for name, part := range map[string]orb.Polygon{"exclave": exclave, "islet": islet} {
			area, _ := geos.Area(part)
			takers := 0
			covered := 0.0
			for _, zk := range lr.Zoned {
				z := zk.Polygon
				if z == nil {
					continue
				}
				in, err := geos.Intersection(z, part)
				if err != nil {
					t.Fatal(err)
				}
				if a, _ := geos.Area(in); a > 0 {
					takers++
					covered += a
				}
			}
			if takers != 1 || covered < 0.999*area {
				t.Errorf("%s: the %s lies in %d zones, %.2f%% of it zoned; want whole in one", lr.Level, name, takers, 100*covered/area)
			}
		}
		lm := m.Levels[string(lr.Level)]
		if lm.OnePieceZones != lm.Zones {
			t.Errorf("%s: one_piece_zones %d of %d: a zone with a detached part of the county is one piece", lr.Level, lm.OnePieceZones, lm.Zones)
		}
		if lm.ContiguousZones > lm.OnePieceZones {
			t.Errorf("%s: contiguous_zones %d above one_piece_zones %d", lr.Level, lm.ContiguousZones, lm.OnePieceZones)
		}
	}
}

// TestBowtieBoundaryRefused: a generated county whose boundary is a bow-tie
// is refused at the boundary's line, with the place where it crosses
// itself; repaired with WithFixGeometry (--fix-geometry), it loads.
func TestBowtieBoundaryRefused(t *testing.T) {
	ds, _, err := county.Generate(county.Spec{Family: county.Plains, Seed: 5, Children: 1000})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := ds.Write(dir); err != nil {
		t.Fatal(err)
	}
	// The bow-tie's triangles point east and west and cross at the centre
	// of the county's bound, grown so that every home is near one.
	b := ds.Boundary.Bound().Pad(0.05)
	for i := range 2 { // to 1e-4°, so that the crossing's place is exact to 1e-6°
		b.Min[i], b.Max[i] = math.Round(b.Min[i]*1e4)/1e4, math.Round(b.Max[i]*1e4)/1e4
	}
	c := b.Center()
	bowtie := `{"type":"FeatureCollection","features":[` + "\n" +
		`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[` +
		pos(b.Min[0], b.Min[1]) + "," + pos(b.Max[0], b.Max[1]) + "," + pos(b.Max[0], b.Min[1]) + "," + pos(b.Min[0], b.Max[1]) + "," + pos(b.Min[0], b.Min[1]) +
		`]]}}` + "\n]}\n"
	if err := os.WriteFile(filepath.Join(dir, dataset.BoundaryFile), []byte(bowtie), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = dataset.LoadDir(dir)
	var ps dataset.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("LoadDir = %v, want problems", err)
	}
	want := filepath.Join(dir, dataset.BoundaryFile) + ":2: feature 1: invalid polygon (self-intersection at " + num(c[0]) + ", " + num(c[1]) + ")"
	if !strings.HasPrefix(ps[0].String(), want) {
		t.Errorf("first problem %q, want %q", ps[0], want)
	}
	d, err := dataset.Load(os.DirFS(dir), dataset.WithFixGeometry(true))
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			if strings.Contains(line, "invalid polygon") {
				t.Errorf("with WithFixGeometry: %s", line)
			}
		}
		return
	}
	if len(d.Boundary) != 2 {
		t.Errorf("repaired boundary of %d polygons, want the 2 triangles", len(d.Boundary))
	}
}

func pos(lon, lat float64) string { return "[" + num(lon) + "," + num(lat) + "]" }

func num(v float64) string { return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64) }
