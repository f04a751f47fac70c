package dataset_test

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
)

func TestReadZones(t *testing.T) {
	ds := &dataset.Dataset{Schools: []dataset.School{
		{ID: "A", Name: "甲", Loc: orb.Point{86.88, 44.19}, PrimarySeats: 100},
		{ID: "B", Name: "乙", Loc: orb.Point{86.92, 44.19}, JuniorSeats: 100},
	}}
	ds.Index()
	feature := func(level, school string) string {
		return `{"type":"Feature","properties":{"level":"` + level + `","school_id":"` + school +
			`"},"geometry":{"type":"Polygon","coordinates":[[[86.87,44.18],[86.9,44.18],[86.9,44.2],[86.87,44.18]]]}}`
	}
	collection := func(fs ...string) []byte {
		return []byte("{\"type\":\"FeatureCollection\",\"features\":[\n" + strings.Join(fs, ",\n") + "\n]}\n")
	}
	cases := []struct {
		name  string
		b     []byte
		ds    *dataset.Dataset
		zones int
		want  []string
	}{
		{"valid", collection(feature("primary", "A"), feature("junior", "B")), ds, 2, nil},
		{"no dataset: schools unchecked", collection(feature("primary", "Z")), nil, 1, nil},
		{"problems on their lines", collection(feature("primary", "A"), feature("junior", "A"), feature("primary", "Z")), ds, 0,
			[]string{`plan.geojson:3: feature 2: school "A" has no junior section`, `plan.geojson:4: feature 3: school_id "Z" does not exist`}},
		{"invalid UTF-8", []byte("{\"type\":\"FeatureCollection\",\n\"features\":[\xff]}"), ds, 0, []string{"plan.geojson:2: invalid UTF-8"}},
		{"not a collection", []byte(`{"type":"Feature"}`), ds, 0, []string{`plan.geojson:1: type "Feature" is not a FeatureCollection`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			zs, err := dataset.ReadZones(tc.b, "plan.geojson", tc.ds, geo.WGS84)
			if tc.want == nil {
				if err != nil || len(zs) != tc.zones {
					t.Fatalf("%d zones, %v; want %d and no error", len(zs), err, tc.zones)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}
