package simulate_test

import (
	"context"
	"fmt"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// A school's primary section moves to the other school year by year: its
// pupils stay until they leave, the entrants go to the receiver.
func ExampleRun() {
	ds := town(20, 100) // two schools, 20 pupils of grade 3 at w, 20 entrants in 2022
	sc, err := scenario.Parse([]byte(`events:
  - id: w-out
    year: 2022
    kind: move_intake
    school: w
    level: primary
    receivers: [{school: e, share: 1}]
    mode: phase_out
    source: 方案第3项
`), "plan.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	zero := 0.0
	res, err := simulate.Run(context.Background(), ds, simulate.Options{To: 2023, Config: config.Default(), Scenario: sc, BirthTrend: &zero})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, y := range res.Years {
		for _, s := range y.Sections {
			if s.Level == dataset.Primary {
				fmt.Println(y.Year, s.SchoolID, s.ByGrade, "entrants", s.Entrants)
			}
		}
	}
	// Output:
	// 2021 w [0 0 20 0 0 0] entrants 0
	// 2021 e [0 0 0 0 0 0] entrants 0
	// 2022 w [0 0 0 20 0 0] entrants 0
	// 2022 e [20 0 0 0 0 0] entrants 20
	// 2023 w [0 0 0 0 20 0] entrants 0
	// 2023 e [20 20 0 0 0 0] entrants 20
}
