package compare_test

import (
	"context"
	"fmt"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/config"
)

// ExampleCompare compares a town's zones in force with a proposal that
// moves the compound 幸福小区 from 西城学校 to 东城学校. In a folder, a plan is
// read with compare.Load (a redraw's output folder or a zones.geojson).
func ExampleCompare() {
	tw := comparetest.New() // the town of the tests: two schools, three compounds, a village
	c, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{
		{Name: "现行片区", Zones: tw.InForce}, {Name: "调整方案", Zones: tw.Proposal}}, compare.Options{Config: config.Default()})
	if err != nil {
		fmt.Println(err)
		return
	}
	ch := c.Plans[1].Change
	fmt.Printf("%d entrants change school\n", len(ch.Moves))
	for _, p := range ch.Places {
		fmt.Printf("%s %s %s: %s → %s, %d households, %d entrants\n", p.Level, p.Kind, p.Name,
			c.ZoneName(p.Level, p.Old), c.ZoneName(p.Level, p.New), p.Households, p.Entrants)
	}
	// Output:
	// 8 entrants change school
	// primary 小区 城关镇幸福小区: 西城学校小学部 → 东城学校小学部, 6 households, 6 entrants
	// junior 小区 城关镇幸福小区: 西城学校初中部 → 东城学校初中部, 6 households, 2 entrants
}
