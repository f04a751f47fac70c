package scenario_test

import (
	"fmt"

	"github.com/hutubi-edu/zoning/engine/scenario"
)

func ExampleParse() {
	sc, err := scenario.Parse([]byte(`name: 示例
events:
  - id: art-building
    year: 2022
    kind: build
    school: hz01
    teaching_area_m2: 3500
    source: 附件2 2022年9—12月 第3项
`), "plan.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	e := sc.Events[0]
	fmt.Println(e.Year, e.Kind, e.School, *e.TeachingAreaM2, e.Label())
	// Output: 2022 build hz01 3500 art-building (附件2 2022年9—12月 第3项)
}
