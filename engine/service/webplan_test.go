package service

import (
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// planFixture is a two-school dataset with two adjacent unit squares of
// primary zones ([86,87]×[44,45] and [87,88]×[44,45], lon, lat) and one
// junior zone equal to the first square, and a metrics.json written by
// hand.
func planFixture() (*dataset.Dataset, []dataset.Zone, []byte) {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试县"}, Schools: []dataset.School{
		{ID: "s1", Name: "一小", Loc: orb.Point{86.5, 44.5}},
		{ID: "s2", Name: "二小", Loc: orb.Point{87.5, 44.5}},
	}}
	sq := func(x float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{x, 44}, {x + 1, 44}, {x + 1, 45}, {x, 45}, {x, 44}}}}
	}
	zs := []dataset.Zone{
		{Level: dataset.Primary, SchoolID: "s1", Geometry: sq(86)},
		{Level: dataset.Primary, SchoolID: "s2", ZoneID: "z2", Geometry: sq(87)},
		{Level: dataset.Junior, SchoolID: "s1", Geometry: sq(86)},
	}
	m := `{"year": 2027, "levels": {"primary": {"entrants": 50}, "junior": {"entrants": 20}}, "schools": [
		{"school_id": "s1", "level": "primary", "entrants": 30, "intake_capacity": 40, "students_total": 170, "classes": 6, "zoned": 28, "mean_distance_m": 812.5},
		{"school_id": "s2", "level": "primary", "entrants": 20, "intake_capacity": 0, "students_total": 100, "classes": 4, "zoned": 20, "mean_distance_m": null},
		{"school_id": "s1", "level": "junior", "entrants": 20, "intake_capacity": 80, "students_total": 60, "classes": 2, "zoned": 19, "mean_distance_m": 1500}
	], "out_of_zone": []}`
	return ds, zs, []byte(m)
}

func TestWebFromPlan(t *testing.T) {
	ds, zs, m := planFixture()
	web, err := NewWebFromPlan(ds, zs, m, WebOptions{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	s := New(nil, Options{Rate: -1})
	s.SetWeb(web)
	base := start(t, s)

	r := get(t, base+"/api/v1/web")
	var info struct {
		County string              `json:"county"`
		Year   int                 `json:"year"`
		Levels []map[string]string `json:"levels"`
	}
	if err := json.Unmarshal(r.body, &info); err != nil || r.code != 200 {
		t.Fatalf("web: %d %s %v", r.code, r.body, err)
	}
	if info.County != "测试县" || info.Year != 2027 || len(info.Levels) != 2 || info.Levels[0]["level"] != "primary" || info.Levels[1]["level"] != "junior" {
		t.Errorf("web: %+v", info)
	}

	for _, tc := range []struct {
		level string
		ids   []string
	}{{"primary", []string{"s1", "s2"}}, {"junior", []string{"s1"}}} {
		r := get(t, base+"/api/v1/zones?level="+tc.level)
		if r.code != 200 {
			t.Fatalf("%s: %d %s", tc.level, r.code, r.body)
		}
		fc, err := geojson.UnmarshalFeatureCollection(r.body)
		if err != nil {
			t.Fatal(err)
		}
		if len(fc.Features) != len(tc.ids) {
			t.Fatalf("%s: %d features, want %d", tc.level, len(fc.Features), len(tc.ids))
		}
		for i, f := range fc.Features {
			if f.Properties["school_id"] != tc.ids[i] {
				t.Errorf("%s %d: %v", tc.level, i, f.Properties)
			}
			if a := planar.Area(f.Geometry); math.Abs(a-1) > 1e-9 {
				t.Errorf("%s %d: area %g deg², want 1", tc.level, i, a)
			}
		}
	}
	if r := get(t, base+"/api/v1/zones?level=senior"); r.code != 400 || !strings.Contains(string(r.body), "junior, primary") {
		t.Errorf("unknown level: %d %s", r.code, r.body)
	}

	// The area is the union: one polygon of 2 deg² over [86,88]×[44,45].
	r = get(t, base+"/api/v1/area")
	fc, err := geojson.UnmarshalFeatureCollection(r.body)
	if err != nil || len(fc.Features) != 1 {
		t.Fatalf("area: %v %s", err, r.body)
	}
	g := fc.Features[0].Geometry
	if a := planar.Area(g); math.Abs(a-2) > 1e-9 {
		t.Errorf("area %g deg², want 2", a)
	}
	if b := g.Bound(); b != (orb.Bound{Min: orb.Point{86, 44}, Max: orb.Point{88, 45}}) {
		t.Errorf("area bound %v", b)
	}
	if mp, ok := g.(orb.MultiPolygon); ok && len(mp) != 1 {
		t.Errorf("area has %d polygons, want 1", len(mp))
	}

	r = get(t, base+"/api/v1/schools")
	var got []WebSchool
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatal(err)
	}
	u1, u3 := 30.0/40, 20.0/80
	d1, d3 := 812.5, 1500.0
	want := []WebSchool{
		{ID: "s1", Name: "一小", Location: orb.Point{86.5, 44.5}, Colour: 0, Levels: []WebLevel{
			{Level: "primary", Entrants: 30, IntakeCapacity: 40, Zoned: 28, Students: 170, Classes: 6, Utilisation: &u1, MeanDistanceM: &d1},
			{Level: "junior", Entrants: 20, IntakeCapacity: 80, Zoned: 19, Students: 60, Classes: 2, Utilisation: &u3, MeanDistanceM: &d3},
		}},
		{ID: "s2", Name: "二小", Location: orb.Point{87.5, 44.5}, Colour: 1, Levels: []WebLevel{
			{Level: "primary", Entrants: 20, Zoned: 20, Students: 100, Classes: 4},
		}},
	}
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(got)
	if string(wb) != string(gb) {
		t.Errorf("schools:\n got %s\nwant %s", gb, wb)
	}

	r = post(t, base+"/api/v1/planner/whatif", testToken, `{"level":"primary","unit":0,"school_id":"s2"}`)
	if r.code != http.StatusServiceUnavailable || !strings.Contains(string(r.body), "what-if needs a run of the dataset (zoning serve without --plan)") || !json.Valid(r.body) {
		t.Errorf("whatif: %d %s", r.code, r.body)
	}
	if r := post(t, base+"/api/v1/planner/whatif", "", `{}`); r.code != http.StatusUnauthorized {
		t.Errorf("whatif without token: %d", r.code)
	}
}

func TestWebFromPlanErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(ds *dataset.Dataset, zs []dataset.Zone, m []byte) (*dataset.Dataset, []dataset.Zone, []byte, WebOptions)
		holds string
	}{
		{"no dataset", func(_ *dataset.Dataset, zs []dataset.Zone, m []byte) (*dataset.Dataset, []dataset.Zone, []byte, WebOptions) {
			return nil, zs, m, WebOptions{}
		}, "no dataset"},
		{"bad tiles", func(ds *dataset.Dataset, zs []dataset.Zone, m []byte) (*dataset.Dataset, []dataset.Zone, []byte, WebOptions) {
			return ds, zs, m, WebOptions{Tiles: "https://t/{z}.png"}
		}, "{x}"},
		{"bad metrics", func(ds *dataset.Dataset, zs []dataset.Zone, _ []byte) (*dataset.Dataset, []dataset.Zone, []byte, WebOptions) {
			return ds, zs, []byte(`{"schools": 3}`), WebOptions{}
		}, "metrics.json"},
		{"metrics level", func(ds *dataset.Dataset, zs []dataset.Zone, _ []byte) (*dataset.Dataset, []dataset.Zone, []byte, WebOptions) {
			return ds, zs, []byte(`{"levels": {"senior": {}}}`), WebOptions{}
		}, "senior"},
		{"unknown school", func(ds *dataset.Dataset, zs []dataset.Zone, m []byte) (*dataset.Dataset, []dataset.Zone, []byte, WebOptions) {
			zs[1].SchoolID = "s9"
			return ds, zs, m, WebOptions{}
		}, `"s9"`},
		{"zone level", func(ds *dataset.Dataset, zs []dataset.Zone, m []byte) (*dataset.Dataset, []dataset.Zone, []byte, WebOptions) {
			zs[0].Level = "senior"
			return ds, zs, m, WebOptions{}
		}, "accepted"},
	} {
		ds, zs, m, opt := tc.edit(planFixture())
		_, err := NewWebFromPlan(ds, zs, m, opt)
		if err == nil || !strings.Contains(err.Error(), tc.holds) || !strings.HasPrefix(err.Error(), "service: ") {
			t.Errorf("%s: %v, want an error holding %q", tc.name, err, tc.holds)
		}
	}
	// Without metrics.json: the schools, without figures.
	ds, zs, _ := planFixture()
	w, err := NewWebFromPlan(ds, zs, nil, WebOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []WebSchool
	if err := json.Unmarshal(w.schools, &got); err != nil || len(got) != 2 || len(got[0].Levels) != 0 {
		t.Errorf("no metrics: %v %s", err, w.schools)
	}
}
