package dataset

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestLoadWarnsOfOverlappingZones: zones in force that overlap load, with a
// warning at the first zone's line naming both zones, their lines, how many
// households are in both and which.
func TestLoadWarnsOfOverlappingZones(t *testing.T) {
	files := validFiles(t)
	d, err := Load(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range d.Warnings {
		if strings.Contains(w.Msg, "overlap") {
			t.Errorf("zones that only share a border: %v", w)
		}
	}
	// S3's primary zone reaches 86.95° east, over S1's: H1 (86.901), H2
	// (86.945) and H5 (86.88) are in both.
	files[ZonesFile] = strings.Replace(files[ZonesFile],
		`"school_id":"S3"},"geometry":{"type":"Polygon","coordinates":[[[86.55,44.05],[86.8,44.05],[86.8,44.35]`,
		`"school_id":"S3"},"geometry":{"type":"Polygon","coordinates":[[[86.55,44.05],[86.95,44.05],[86.95,44.35]`, 1)
	files[ZonesFile] = strings.Replace(files[ZonesFile], `[86.8,44.35],[86.55,44.35],[86.55,44.05]]]}},`+"\n"+`{"type":"Feature","properties":{"level":"junior","school_id":"S2"}`,
		`[86.95,44.35],[86.55,44.35],[86.55,44.05]]]}},`+"\n"+`{"type":"Feature","properties":{"level":"junior","school_id":"S2"}`, 1)
	d, err = Load(mapFS(files))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range d.Warnings {
		if strings.Contains(w.Msg, "overlap") {
			got = append(got, w.String())
		}
	}
	want := `zones.geojson:2: primary zones of "S1" (line 2) and "S3" (line 3) overlap: 3 households are in both ` +
		`(the first zone in the file counts for them): H1 "呼图壁镇园林路18号锦华苑3栋2单元", H2 "二十里店镇某村5组\n23号", H5 "呼图壁镇某路9号"`
	if len(got) != 1 || got[0] != want {
		t.Errorf("overlap warnings %q, want [%q]", got, want)
	}
}

// TestZoneOverlaps checks the pairs and households found, a multi-school
// zone (one area for its schools) and the cap on the households named.
func TestZoneOverlaps(t *testing.T) {
	sq := func(x0, y0, x1, y1 float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
	}
	zones := []Zone{
		{Level: Primary, SchoolID: "A", Geometry: sq(0, 0, 2, 2), Line: 2},
		{Level: Primary, SchoolID: "B", Geometry: sq(1, 0, 3, 2), Line: 3},
		{Level: Primary, SchoolID: "C", Geometry: sq(3, 0, 4, 2), Line: 4},             // touches B only
		{Level: Junior, SchoolID: "A", ZoneID: "W", Geometry: sq(0, 0, 4, 2), Line: 5}, // a multi-school zone:
		{Level: Junior, SchoolID: "B", ZoneID: "W", Geometry: sq(0, 0, 4, 2), Line: 6}, // the same area
		{Level: Junior, SchoolID: "D", Geometry: sq(3.5, 1.5, 5, 3), Line: 7},          // overlaps both
	}
	var hs []Household
	for i, p := range []orb.Point{{0.5, 1}, {1.5, 1}, {1.2, 0.5}, {1.8, 1.9}, {1.1, 1.1}, {1.9, 0.1}, {3, 1}, {3.8, 1.8}} {
		hs = append(hs, Household{ID: string(rune('a' + i)), Loc: p, Address: "addr"})
	}
	ovs, err := ZoneOverlaps(zones, hs)
	if err != nil {
		t.Fatal(err)
	}
	if len(ovs) != 3 {
		t.Fatalf("%d overlaps, want A/B primary, then W's A and B with D", len(ovs))
	}
	if o := ovs[0]; o.Level != Primary || o.A.SchoolID != "A" || o.B.SchoolID != "B" || len(o.Households) != 5 {
		t.Errorf("first overlap %s %s/%s with %v, want primary A/B with the 5 households in 1..2", o.Level, o.A.SchoolID, o.B.SchoolID, o.Households)
	}
	// h (3.8, 1.8) is in W (twice: A and B) and D.
	for _, o := range ovs[1:] {
		if o.Level != Junior || o.B.SchoolID != "D" || len(o.Households) != 1 || o.Households[0] != 7 {
			t.Errorf("overlap %s %s/%s with %v, want junior W's school and D with household h", o.Level, o.A.SchoolID, o.B.SchoolID, o.Households)
		}
	}
	msg := ovs[0].Problem("plan.geojson", hs).String()
	if !strings.HasPrefix(msg, `plan.geojson:2: primary zones of "A" (line 2) and "B" (line 3) overlap: 5 households are in both`) ||
		!strings.HasSuffix(msg, `: b "addr", c "addr", d "addr", … and 2 more`) {
		t.Errorf("message %q", msg)
	}
}
