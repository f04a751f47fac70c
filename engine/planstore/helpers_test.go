package planstore

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/lookup"
	"github.com/hutubi-edu/zoning/engine/notice"
	"github.com/hutubi-edu/zoning/engine/planstore/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// square is the closed ring of the box [x0, x1] × [y0, y1] (lon, lat).
func square(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

// tiny is a hand-made county: primary school A west of lon 87.1, primary
// schools B1 and B2 sharing the zone east of it (a multi-school zone with
// a lottery), junior school J for the whole box 86.9–87.3 × 43.9–44.1,
// and zones.csv's words.
func tiny() Plan {
	ds := &dataset.Dataset{
		Meta: dataset.Meta{Name: "测试县", BaseYear: 2024},
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
		Children: []dataset.Child{{ID: "cx0001", HouseholdID: "hx0001", BirthYear: 2017}},
	}
	ds.Index()
	east := square(87.1, 43.9, 87.3, 44.1)
	half := 0.5
	return Plan{
		County: "659999", Source: "test", Dataset: ds,
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
		Metrics: &engine.Metrics{Year: 2025, Lotteries: []engine.LotteryMetrics{{Level: "primary", ZoneID: "east", SchoolID: "B1", Odds: &half}}},
	}
}

var (
	genOnce sync.Once
	genDS   *dataset.Dataset
	genErr  error
)

// generated is a small generated plains county with its zones in force.
func generated(tb testing.TB) Plan {
	tb.Helper()
	genOnce.Do(func() {
		genDS, _, genErr = county.Generate(county.Spec{Family: county.Plains, Seed: 7, Children: 1500, ZonesInForce: true})
	})
	if genErr != nil {
		tb.Fatal(genErr)
	}
	return Plan{County: "410001", Source: "generated", Dataset: genDS, Zones: genDS.Zones}
}

// oracle is the plan as folder mode builds it: straight from the values
// published, without the store.
func oracle(tb testing.TB, p Plan) *lookup.Plan {
	tb.Helper()
	src := lookup.Source{Zones: p.Zones, Descriptions: p.Descriptions}
	if p.Metrics != nil {
		src.Lotteries = p.Metrics.Lotteries
	}
	lp, err := lookup.New(p.Dataset, src)
	if err != nil {
		tb.Fatal(err)
	}
	return lp
}

// open opens a new database of the shared cluster.
func open(tb testing.TB) (*Store, string) {
	tb.Helper()
	url := pgtest.Database(tb)
	s, err := Open(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s, url
}

// answerJSON is the JSON of a lookup's answer or its error.
func answerJSON(v any, err error) string {
	b, _ := json.Marshal(v)
	if err != nil {
		return "error: " + err.Error() + " " + string(b)
	}
	return string(b)
}

// freePort is a TCP port nobody listens on (just now).
func freePort(tb testing.TB) int {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
