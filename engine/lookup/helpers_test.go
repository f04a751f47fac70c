package lookup

import (
	"context"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/notice"
)

// square is the closed ring of the box [x0, x1] × [y0, y1] (lon, lat).
func square(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

// tinyDataset is a hand-made county: primary school A west of lon 87.1,
// primary schools B1 and B2 sharing the zone east of it (a multi-school
// zone), one junior school J for the whole box 86.9–87.3 × 43.9–44.1.
func tinyDataset() *dataset.Dataset {
	ds := &dataset.Dataset{
		Meta: dataset.Meta{Name: "测试县", BaseYear: 2021},
		Schools: []dataset.School{
			{ID: "A", Name: "甲小学", Loc: orb.Point{87.0, 44.0}, PrimarySeats: 600, Address: "呼图壁镇东风路1号"},
			{ID: "B1", Name: "乙小学", Loc: orb.Point{87.2, 44.0}, PrimarySeats: 600},
			{ID: "B2", Name: "丙小学", Loc: orb.Point{87.2, 44.05}, PrimarySeats: 600},
			{ID: "J", Name: "丁中学", Loc: orb.Point{87.1, 44.0}, JuniorSeats: 900},
		},
		Households: []dataset.Household{
			{ID: "hx0001", Loc: orb.Point{87.05, 44.0}, Address: "呼图壁镇东风路10号锦华苑1栋1单元101室"},
			{ID: "hx0002", Loc: orb.Point{87.05, 44.0}, Address: "呼图壁镇东风路10号锦华苑1栋1单元102室"},
			{ID: "hx0003", Loc: orb.Point{87.25, 44.05}, Address: "呼图壁镇红山村3组5号"},
			{ID: "hx0004", Loc: orb.Point{87.15, 44.0}, Address: "呼图壁镇园林路8号"},
			{ID: "hx0005", Loc: orb.Point{87.05, 44.05}, Address: "呼图壁镇光明东头第三家"},
		},
		Children: []dataset.Child{{ID: "cx0001", HouseholdID: "hx0001", BirthYear: 2015}},
	}
	ds.Index()
	return ds
}

// tinySource is the zones of tinyDataset.
func tinySource() Source {
	east := square(87.1, 43.9, 87.3, 44.1)
	one := 0.5
	return Source{
		Zones: []dataset.Zone{
			{Level: dataset.Primary, SchoolID: "A", Geometry: square(86.9, 43.9, 87.1, 44.1)},
			{Level: dataset.Primary, SchoolID: "B1", ZoneID: "east", Geometry: east},
			{Level: dataset.Primary, SchoolID: "B2", ZoneID: "east", Geometry: east},
			{Level: dataset.Junior, SchoolID: "J", Geometry: square(86.9, 43.9, 87.3, 44.1)},
		},
		Descriptions: []notice.Plan{{Level: "primary", Zones: []notice.Zone{
			{SchoolID: "A", SchoolName: "甲小学", Compounds: []notice.Compound{{Township: "呼图壁镇", Name: "锦华苑"}, {Township: "呼图壁镇", Name: "翠湖小区"}},
				Streets: []notice.Street{{Township: "呼图壁镇", Road: "东风路", Ranges: []notice.Range{{From: 1, To: 99}}}}},
			{SchoolID: "B1", SchoolName: "乙小学", Streets: []notice.Street{{Township: "呼图壁镇", Road: "园林路", Ranges: []notice.Range{{From: 2, To: 20}}}},
				Villages: []notice.Village{{Township: "呼图壁镇", Name: "白杨村", Groups: []int{2, 5}}}},
		}}},
		Lotteries: []engine.LotteryMetrics{{Level: "primary", ZoneID: "east", SchoolID: "B1", Odds: &one}},
	}
}

func tinyPlan(tb testing.TB) *Plan {
	tb.Helper()
	p, err := New(tinyDataset(), tinySource())
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

var (
	defaultOnce sync.Once
	defaultRes  *engine.Result
	defaultErr  error
)

// defaultRun is the run of the embedded default dataset, computed once.
func defaultRun(tb testing.TB) *engine.Result {
	tb.Helper()
	defaultOnce.Do(func() {
		ds, err := dataset.Load(data.Hutubi())
		if err != nil {
			defaultErr = err
			return
		}
		defaultRes, defaultErr = engine.Run(context.Background(), ds, engine.RunOptions{Config: config.Default()})
	})
	if defaultErr != nil {
		tb.Fatal(defaultErr)
	}
	return defaultRes
}
