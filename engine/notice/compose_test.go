package notice_test

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
)

// TestCompose: the words come from zones.csv when given, else from the
// dataset's households in the zones; the title names the county only when
// the dataset has the words' schools, and the year falls back on the base
// year + 1; the levels asked for are kept, primary first.
func TestCompose(t *testing.T) {
	ds := &dataset.Dataset{
		Meta:    dataset.Meta{Name: "测试县", BaseYear: 2030},
		Schools: []dataset.School{{ID: "A", Name: "西城学校", Loc: orb.Point{86.88, 44.19}, PrimarySeats: 100}},
		Households: []dataset.Household{
			{ID: "h1", Loc: orb.Point{86.881, 44.19}, Address: "呼图壁镇园林路18号锦华苑1栋"},
			{ID: "h2", Loc: orb.Point{86.95, 44.19}, Address: "呼图壁镇天山路9号天山花园2栋"},
		},
	}
	ds.Index()
	zone := dataset.Zone{Level: dataset.Primary, SchoolID: "A", ZoneID: "z1",
		Geometry: orb.MultiPolygon{{{{86.87, 44.18}, {86.9, 44.18}, {86.9, 44.2}, {86.87, 44.2}, {86.87, 44.18}}}}}

	c, err := notice.Compose(ds, []dataset.Zone{zone}, nil, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Document.Title != notice.Title("测试县", 2031) || c.Foreign || c.Outside[dataset.Primary] != 1 {
		t.Errorf("from the dataset: title %q, foreign %v, outside %v; want the county's 2031 title, 1 household outside",
			c.Document.Title, c.Foreign, c.Outside)
	}
	if len(c.Document.Plans) != 1 || !strings.Contains(c.Document.Plans[0].Zones[0].Text(), "锦华苑") || len(c.Document.Groups) == 0 {
		t.Errorf("from the dataset: plans %+v groups %v, want 锦华苑 in A's zone and the shared zone z1", c.Document.Plans, c.Document.Groups)
	}

	words := []notice.Plan{
		{Level: "junior", Zones: []notice.Zone{{SchoolID: "B", SchoolName: "东城中学"}}},
		{Level: "primary", Zones: []notice.Zone{{SchoolID: "A", SchoolName: "西城学校"}}},
	}
	c, err = notice.Compose(ds, nil, words, 2040, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Document.Title != notice.Title("", 2040) || !c.Foreign || c.Outside != nil {
		t.Errorf("words of a school the dataset lacks: title %q foreign %v outside %v", c.Document.Title, c.Foreign, c.Outside)
	}
	if got := c.Document.Plans; len(got) != 2 || got[0].Level != "primary" || got[1].Level != "junior" {
		t.Errorf("plans %+v, want primary then junior", got)
	}
	if got := notice.SelectLevels(words, []string{"junior"}); len(got) != 1 || got[0].Level != "junior" {
		t.Errorf("junior only: %+v", got)
	}
	if got := notice.SelectLevels([]notice.Plan{{Level: "primary"}}, nil); len(got) != 0 {
		t.Errorf("a level without zones kept: %+v", got)
	}
}
