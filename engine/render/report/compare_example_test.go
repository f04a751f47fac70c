package report_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/report"
)

// Two primary schools and three homes, each with a child entering grade 1
// in 2026; the proposal moves the line between the zones west, so that the
// middle home, and its child, go from the west school's zone to the east
// school's. cmd/zoning writes the bytes as report.CompareFile in the
// meeting pack.
func ExampleCompareHTML() {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "示例县", BaseYear: 2025}}
	ds.Schools = []dataset.School{
		{ID: "w", Name: "示例县西小学", Loc: orb.Point{87.000, 44.005}, PrimarySeats: 300, AreaType: dataset.Urban, Public: true},
		{ID: "e", Name: "示例县东小学", Loc: orb.Point{87.020, 44.005}, PrimarySeats: 300, AreaType: dataset.Urban, Public: true},
	}
	for i, lon := range []float64{87.002, 87.008, 87.018} {
		id := fmt.Sprint("h", i)
		ds.Households = append(ds.Households, dataset.Household{ID: id, Loc: orb.Point{lon, 44.005}, Hukou: dataset.Local,
			Address: fmt.Sprintf("示例镇东风路%d号", i+1)})
		ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprint("c", i), HouseholdID: id, BirthYear: 2020})
	}
	ds.Boundary = orb.MultiPolygon{{{{86.99, 44}, {87.03, 44}, {87.03, 44.01}, {86.99, 44.01}, {86.99, 44}}}}
	ds.Index()
	zonesAt := func(line float64) []dataset.Zone {
		rect := func(w, e float64) orb.MultiPolygon {
			return orb.MultiPolygon{{{{w, 44}, {e, 44}, {e, 44.01}, {w, 44.01}, {w, 44}}}}
		}
		return []dataset.Zone{
			{Level: dataset.Primary, SchoolID: "w", Geometry: rect(86.99, line)},
			{Level: dataset.Primary, SchoolID: "e", Geometry: rect(line, 87.03)},
		}
	}
	c, err := compare.Compare(context.Background(), ds, []*compare.Plan{
		{Name: "现行片区", Zones: zonesAt(87.010)}, {Name: "西移方案", Zones: zonesAt(87.005)},
	}, compare.Options{Config: config.Default()})
	if err != nil {
		fmt.Println(err)
		return
	}
	html, err := report.CompareHTML(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	page := string(html)
	fmt.Println(report.CompareFile)
	fmt.Println(strings.Contains(page, "新生改变学校 1 人（小学 1），片区改变的住户 小学 1 户"))
	fmt.Println(strings.Contains(page, "<td>示例镇东风路2号</td><td>西小学</td><td>东小学</td>"))
	// Output:
	// compare.html
	// true
	// true
}
