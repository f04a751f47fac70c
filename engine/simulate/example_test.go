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

// A school's primary section of 100 pupils and 10 teachers is phased out
// into two schools, half each: every year the teachers, equipment and
// multimedia rooms of the pupils it lost go to the receivers.
func ExampleResourceMove() {
	ds := followTown(false) // s: 100 pupils of grades 2–6, 10 teachers; a, b: receivers
	sc, err := scenario.Parse([]byte(`events:
  - id: s-out
    year: 2022
    kind: move_intake
    school: s
    level: primary
    receivers: [{school: a, share: 0.5}, {school: b, share: 0.5}]
    resources: follow
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
		for _, m := range y.Moves {
			fmt.Printf("%d %s→%s: had %d, lost %d; %.4g teachers, %.0f yuan, %.4g rooms\n", m.Year, m.From, m.To, m.Had, m.Lost,
				m.Moved.TeachersQualified, m.Moved.EquipmentYuan, m.Moved.MultimediaRooms)
		}
	}
	// Output:
	// 2022 s→a: had 100, lost 20; 1 teachers, 100000 yuan, 0.5 rooms
	// 2022 s→b: had 100, lost 20; 1 teachers, 100000 yuan, 0.5 rooms
	// 2023 s→a: had 80, lost 20; 1 teachers, 100000 yuan, 0.5 rooms
	// 2023 s→b: had 80, lost 20; 1 teachers, 100000 yuan, 0.5 rooms
}
