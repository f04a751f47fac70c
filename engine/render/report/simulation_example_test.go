package report_test

import (
	"fmt"
	"strings"

	"github.com/hutubi-edu/zoning/engine/render/report"
)

// The simulation pages are added to a run's report with WithSimulation; 0
// evaluates the year after the plan's last event (here 2027, when every
// check passes).
func ExampleWithSimulation() {
	res := oneSchool()
	sim := smallSim(res.Dataset) // 2025–2027, one event in 2026
	html, err := report.HTML(res, res.Metrics(), report.WithSimulation(sim, 0))
	if err != nil {
		fmt.Println(err)
		return
	}
	page := string(html)
	fmt.Println(sim.EvaluationYear())
	fmt.Println(strings.Contains(page, `<section id="simulation">`), strings.Contains(page, `<section id="simevents">`))
	fmt.Println(strings.Contains(page, "2027 学年全县所有核查项均达标"))
	// Output:
	// 2027
	// true true
	// true
}
