package report_test

import (
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/report"
)

// A county of one primary school whose 2 entrants both live in its zone.
// cmd/zoning writes the bytes as report.File in the run's output folder.
func ExampleHTML() {
	ds := &dataset.Dataset{
		Meta:       dataset.Meta{Name: "示例县", BaseYear: 2025},
		Schools:    []dataset.School{{ID: "s1", Name: "示例县第一小学", Loc: orb.Point{87.005, 44.005}, PrimarySeats: 300, AreaType: dataset.Urban, Public: true}},
		Households: []dataset.Household{{ID: "h1", Loc: orb.Point{87.003, 44.004}, Hukou: dataset.Local}},
		Children:   []dataset.Child{{ID: "c1", HouseholdID: "h1", BirthYear: 2020}, {ID: "c2", HouseholdID: "h1", BirthYear: 2020}},
	}
	ds.Index()
	zone := orb.MultiPolygon{{{{87, 44}, {87.01, 44}, {87.01, 44.01}, {87, 44.01}, {87, 44}}}}
	res := &engine.Result{Dataset: ds, Config: config.Default(), Year: 2026, Area: zone,
		Levels: []*engine.LevelResult{{
			Level: dataset.Primary, Sections: []int{0},
			Schools:  []engine.LevelSchool{{Capacity: 50, Students: []int{2, 40, 40, 40, 40, 40}}},
			Zoned:    []engine.ZonedSchool{{School: 0, Zone: 0, Polygon: zone}},
			Entrants: []int{0, 1},
			Seats:    []engine.Seat{{Child: 0, School: 0, Zoned: true, DistanceM: 190}, {Child: 1, School: 0, Zoned: true, DistanceM: 190}},
		}}}
	html, err := report.HTML(res, res.Metrics())
	if err != nil {
		fmt.Println(err)
		return
	}
	page := string(html)
	fmt.Println(report.File)
	fmt.Println(strings.HasPrefix(page, "<!DOCTYPE html>"))
	fmt.Println(strings.Contains(page, "城区、镇区公办非寄宿学校小学新生 2 人中 2 人在本片区学校入学，占 100.0%，达到目标 100%"))
	// Output:
	// report.html
	// true
	// true
}
