package notice_test

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
)

// TestDescribePlan: a plan's zone holding one of two compounds describes
// that compound under its school, and counts the other's household as in
// no zone; a zone of an unknown school is an error.
func TestDescribePlan(t *testing.T) {
	ds := &dataset.Dataset{
		Schools: []dataset.School{{ID: "A", Name: "西城学校", Loc: orb.Point{86.88, 44.19}, PrimarySeats: 100}},
		Households: []dataset.Household{
			{ID: "h1", Loc: orb.Point{86.881, 44.19}, Address: "呼图壁镇园林路18号锦华苑1栋"},
			{ID: "h2", Loc: orb.Point{86.95, 44.19}, Address: "呼图壁镇天山路9号天山花园2栋"},
		},
	}
	ds.Index()
	zone := dataset.Zone{Level: dataset.Primary, SchoolID: "A",
		Geometry: orb.MultiPolygon{{{{86.87, 44.18}, {86.9, 44.18}, {86.9, 44.2}, {86.87, 44.2}, {86.87, 44.18}}}}}
	plans, outside, err := notice.DescribePlan(ds, []dataset.Zone{zone})
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) != 1 || len(plans[0].Zones) != 1 {
		t.Fatalf("plans %+v, want one primary zone", plans)
	}
	if text := plans[0].Zones[0].Text(); !strings.Contains(text, "锦华苑") || strings.Contains(text, "天山花园") {
		t.Errorf("text %q, want 锦华苑 and not 天山花园", text)
	}
	if outside[dataset.Primary] != 1 || outside[dataset.Junior] != 0 {
		t.Errorf("outside %v, want 1 primary household", outside)
	}
	zone.SchoolID = "Q"
	if _, _, err := notice.DescribePlan(ds, []dataset.Zone{zone}); err == nil || !strings.Contains(err.Error(), `"Q"`) {
		t.Errorf("unknown school: %v", err)
	}
}
