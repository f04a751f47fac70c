package pack

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare"
)

func TestFeedersCSV(t *testing.T) {
	one, half := 1.0, 0.25
	c := &compare.Comparison{Plans: []*compare.Outcome{
		{Plan: &compare.Plan{Name: "现行片区"}, Metrics: engine.Metrics{
			Feeders: []engine.FeederMetrics{{SchoolID: "p1", Name: "第一小学", JuniorID: "j1", JuniorName: "第一中学",
				Source: engine.FeederPlan, Entrants: 40, Share: &half}},
			FeederSplits: []engine.FeederSplit{{SchoolID: "p1", Name: "第一小学", Entrants: 40,
				Juniors: []engine.FeederSplitShare{{SchoolID: "j2", Name: "第二中学", Entrants: 30}, {SchoolID: "j1", Name: "第一中学", Entrants: 10}}}},
		}},
		{Plan: &compare.Plan{Name: "调整 方案"}, Metrics: engine.Metrics{
			Feeders: []engine.FeederMetrics{{SchoolID: "p1", Name: "第一小学", JuniorID: "j1", JuniorName: "第一中学",
				Source: engine.FeederColumn, Entrants: 0, Share: nil}, {SchoolID: "p2", Name: "第二小学", JuniorID: "j2",
				JuniorName: "第二中学", Source: engine.FeederCampus, Entrants: 12, Share: &one}},
		}},
	}}
	data, err := feedersCSV(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Fatal("no byte order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"plan", "plan_file", "school_id", "name", "junior_school_id", "junior_name", "source", "entrants", "share", "split_among"},
		{"现行片区", "plan1-现行片区", "p1", "第一小学", "j1", "第一中学", "划片", "40", "0.2500", "第二中学 30|第一中学 10"},
		{"调整 方案", "plan2-调整_方案", "p1", "第一小学", "j1", "第一中学", "学校表", "0", "", ""},
		{"调整 方案", "plan2-调整_方案", "p2", "第二小学", "j2", "第二中学", "校址", "12", "1.0000", ""},
	}
	if !slices.EqualFunc(recs, want, slices.Equal) {
		t.Errorf("got\n%q\nwant\n%q", recs, want)
	}
	if data, _ := feedersCSV(&compare.Comparison{Plans: []*compare.Outcome{{Plan: &compare.Plan{Name: "a"}}}}); data != nil {
		t.Errorf("a comparison without 对口 tables wrote %q", data)
	}
}
