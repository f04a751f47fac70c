package engine_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// haversine is the test's own great-circle distance, written from the
// formula in docs/dataset-format.md (sphere of radius 6,371,008.8 m), independent of
// geo.Distance.
func haversine(a, b orb.Point) float64 {
	const r = 6371008.8
	rad := math.Pi / 180
	dlat := (b[1] - a[1]) * rad
	dlon := (b[0] - a[0]) * rad
	h := math.Pow(math.Sin(dlat/2), 2) + math.Cos(a[1]*rad)*math.Cos(b[1]*rad)*math.Pow(math.Sin(dlon/2), 2)
	return 2 * r * math.Atan2(math.Sqrt(h), math.Sqrt(1-h))
}

type outZone struct {
	level, school, zoneID string
	entrants, cap         int
	geom                  orb.MultiPolygon
}

// checkOutputs asserts every docs/dataset-format.md property of a run's outputs that
// can be checked from the files and the dataset alone.
func checkOutputs(t *testing.T, ds *dataset.Dataset, year int, files map[string][]byte) {
	t.Helper()
	fc, err := geojson.UnmarshalFeatureCollection(files[engine.ZonesFile])
	if err != nil {
		t.Fatalf("zones.geojson: %v", err)
	}
	var zs []outZone
	for i, f := range fc.Features {
		z := outZone{level: f.Properties.MustString("level", ""), school: f.Properties.MustString("school_id", ""),
			entrants: int(f.Properties.MustFloat64("entrants", -1)), cap: int(f.Properties.MustFloat64("intake_capacity", -1)),
			zoneID: f.Properties.MustString("zone_id", "")}
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			z.geom = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			z.geom = g
		default:
			t.Fatalf("zone %d: geometry %T, want Polygon or MultiPolygon", i, f.Geometry)
		}
		if z.level != "primary" && z.level != "junior" || ds.School(z.school) == nil {
			t.Fatalf("zone %d: level %q school %q", i, z.level, z.school)
		}
		if f.Properties.MustString("name", "") != ds.School(z.school).Name {
			t.Errorf("zone %d: name %v", i, f.Properties["name"])
		}
		if err := geos.Validate(z.geom); err != nil {
			t.Errorf("zone %s %s is not OGC-valid: %v", z.level, z.school, err)
		}
		zs = append(zs, z)
	}
	// No overlaps within a level, but for the schools of a multi-school
	// zone, whose geometry is identical; together the zones cover the
	// boundary.
	zoneCount := map[string]int{}
	for _, level := range []string{"primary", "junior"} {
		var parts []orb.Geometry
		var sum float64
		shared := map[string]orb.MultiPolygon{}
		for i := range zs {
			if zs[i].level != level {
				continue
			}
			if id := zs[i].zoneID; id != "" {
				if g, ok := shared[id]; ok {
					if d, _ := geos.Difference(g, zs[i].geom); planar.Area(d) > 1e-12 {
						t.Errorf("%s zone %s: schools with different geometry", level, id)
					}
					continue
				}
				shared[id] = zs[i].geom
			}
			zoneCount[level]++
			parts = append(parts, zs[i].geom)
			a, _ := geos.Area(zs[i].geom)
			sum += a
			for k := i + 1; k < len(zs); k++ {
				if zs[k].level != level || zs[i].zoneID != "" && zs[k].zoneID == zs[i].zoneID {
					continue
				}
				in, err := geos.Intersection(zs[i].geom, zs[k].geom)
				if err != nil {
					t.Fatal(err)
				}
				if a, _ := geos.Area(in); a > 1e-9 {
					t.Errorf("%s zones %s and %s overlap by %g deg²", level, zs[i].school, zs[k].school, a)
				}
			}
		}
		if ds.Boundary != nil {
			all, err := geos.Union(parts...)
			if err != nil {
				t.Fatal(err)
			}
			gap, err := geos.Difference(ds.Boundary, all)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := geos.Area(ds.Boundary)
			if g, _ := geos.Area(gap); g > 0.001*b {
				t.Errorf("%s zones leave %.4f%% of the boundary uncovered", level, 100*g/b)
			}
			if u, _ := geos.Area(all); math.Abs(u-sum) > 1e-6*b {
				t.Errorf("%s zones: sum of areas %g, area of union %g: they overlap", level, sum, u)
			}
		}
	}
	// Every household in a zone of each level that has zones.
	zonesOf := func(level string, p orb.Point) []string {
		var out []string
		for _, z := range zs {
			if z.level == level && planar.MultiPolygonContains(z.geom, p) {
				out = append(out, z.school)
			}
		}
		return out
	}
	for _, level := range []string{"primary", "junior"} {
		has := false
		for _, z := range zs {
			has = has || z.level == level
		}
		if !has {
			continue
		}
		for i := range ds.Households {
			if len(zonesOf(level, ds.Households[i].Loc)) == 0 {
				t.Errorf("household %s at %v in no %s zone", ds.Households[i].ID, ds.Households[i].Loc, level)
			}
		}
	}

	// Intake capacity by the docs/dataset-format.md rule (target year = base + 1 only).
	intake := map[string]int{}
	if year == ds.Meta.BaseYear+1 {
		cont := map[string]int{}
		for _, c := range ds.Children {
			if c.Grade >= 1 && c.Grade <= 5 {
				cont["primary\x00"+c.SchoolID]++
			}
			if c.Grade >= 7 && c.Grade <= 8 {
				cont["junior\x00"+c.SchoolID]++
			}
		}
		for _, s := range ds.Schools {
			for _, l := range []dataset.Level{dataset.Primary, dataset.Junior} {
				if s.HasLevel(l) {
					v := max(0, s.Seats(l)-cont[string(l)+"\x00"+s.ID])
					if p := s.Intake(l); p != nil {
						v = *p
					}
					intake[string(l)+"\x00"+s.ID] = v
				}
			}
		}
		for _, z := range zs {
			if z.cap != intake[z.level+"\x00"+z.school] {
				t.Errorf("zone %s %s: intake_capacity %d, the rule of docs/dataset-format.md gives %d", z.level, z.school, z.cap, intake[z.level+"\x00"+z.school])
			}
		}
	}

	// assignments.csv: one row per entrant, distances and zoned as defined.
	rows, err := csv.NewReader(bytes.NewReader(files[engine.AssignmentsFile])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The contract's six columns first, then the project's route_m.
	if got := rows[0]; len(got) != 7 || got[0] != "child_id" || got[5] != "zoned" || got[6] != "route_m" {
		t.Fatalf("assignments.csv header %v", got)
	}
	want := map[string]string{}
	for _, c := range ds.Children {
		switch c.GradeIn(year, ds.Meta.BaseYear) {
		case 1:
			want[c.ID] = "primary"
		case 7:
			want[c.ID] = "junior"
		}
	}
	placed := map[string]int{}
	zonedN := map[string]int{}
	entrants := map[string]int{}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		id, hid, level, school, dist, zoned := r[0], r[1], r[2], r[3], r[4], r[5]
		if want[id] != level || seen[id] {
			t.Fatalf("assignments.csv: child %s level %s (want %q, seen %v)", id, level, want[id], seen[id])
		}
		seen[id] = true
		entrants[level]++
		h := ds.Household(hid)
		if h == nil {
			t.Fatalf("child %s: unknown household %s", id, hid)
		}
		if school == "" {
			if dist != "" || zoned != "0" || r[6] != "" {
				t.Errorf("unplaced child %s: distance %q zoned %q route %q", id, dist, zoned, r[6])
			}
			continue
		}
		s := ds.School(school)
		if s == nil || !s.HasLevel(dataset.Level(level)) {
			t.Fatalf("child %s placed at %s without a %s section", id, school, level)
		}
		placed[level+"\x00"+school]++
		d, err := strconv.Atoi(dist)
		if err != nil {
			t.Fatalf("child %s: distance %q", id, dist)
		}
		exact := haversine(h.Loc, s.Loc)
		if math.Abs(float64(d)-exact) > 0.5+1e-6 {
			t.Errorf("child %s: distance_m %d, great-circle %.2f", id, d, exact)
		}
		// A walk is never shorter than the straight line.
		if rm, err := strconv.Atoi(r[6]); r[6] != "" && (err != nil || float64(rm) < exact-0.5-1e-6) {
			t.Errorf("child %s: route_m %q, great-circle %.2f", id, r[6], exact)
		}
		in := zonesOf(level, h.Loc)
		isZoned := false
		for _, sc := range in {
			isZoned = isZoned || sc == school
		}
		if (zoned == "1") != isZoned {
			t.Errorf("child %s at %v: zoned %s, but the zones holding the home are %v and the school %s", id, h.Loc, zoned, in, school)
		}
		if zoned == "1" {
			zonedN[level]++
		}
	}
	if len(seen) != len(want) {
		t.Errorf("assignments.csv has %d entrants, the dataset %d", len(seen), len(want))
	}
	for key, n := range placed {
		if cap, ok := intake[key]; ok && n > cap {
			t.Errorf("%q: %d entrants above intake %d", key, n, cap)
		}
	}

	// metrics.json agrees with the rows.
	var m struct {
		Levels map[string]struct {
			Entrants   int      `json:"entrants"`
			ZonedRatio *float64 `json:"zoned_ratio"`
			Mean       *float64 `json:"mean_distance_m"`
			Lower      *float64 `json:"lower_bound_mean_distance_m"`
			Contiguous int      `json:"contiguous_zones"`
			Zones      int      `json:"zones"`
		} `json:"levels"`
	}
	if err := json.Unmarshal(files[engine.MetricsFile], &m); err != nil {
		t.Fatal(err)
	}
	for level, lm := range m.Levels {
		if lm.Entrants != entrants[level] {
			t.Errorf("%s: metrics entrants %d, rows %d", level, lm.Entrants, entrants[level])
		}
		if lm.Entrants > 0 && (lm.ZonedRatio == nil || math.Abs(*lm.ZonedRatio-float64(zonedN[level])/float64(lm.Entrants)) > 1e-9) {
			t.Errorf("%s: zoned_ratio %v, rows give %d/%d", level, lm.ZonedRatio, zonedN[level], lm.Entrants)
		}
		if lm.Lower != nil && lm.Mean != nil && *lm.Lower > *lm.Mean+1e-6 {
			t.Errorf("%s: lower bound %.2f above the mean %.2f", level, *lm.Lower, *lm.Mean)
		}
		if lm.Zones != zoneCount[level] {
			t.Errorf("%s: metrics zones %d, distinct zones among the features %d", level, lm.Zones, zoneCount[level])
		}
	}
}

func runFiles(t *testing.T, ds *dataset.Dataset, cfg config.Config, year int) (*engine.Result, map[string][]byte) {
	t.Helper()
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: year, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	files, err := res.Files()
	if err != nil {
		t.Fatal(err)
	}
	return res, files
}

func TestDefaultRunConforms(t *testing.T) {
	if testing.Short() {
		t.Skip("the county-sized run takes seconds")
	}
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		t.Fatal(err)
	}
	res, files := runFiles(t, ds, config.Default(), 0)
	checkOutputs(t, ds, res.Year, files)
	// The default has room for every entrant: every one is zoned (the
	// nearby targets are 100% and 95%).
	m := res.Metrics()
	for _, l := range []string{"primary", "junior"} {
		lm := m.Levels[l]
		if lm.Unplaced != 0 || lm.ZonedRatio == nil || *lm.ZonedRatio < lm.NearbyTarget {
			t.Errorf("%s: unplaced %d zoned %v, target %v", l, lm.Unplaced, lm.ZonedRatio, lm.NearbyTarget)
		}
	}
}
