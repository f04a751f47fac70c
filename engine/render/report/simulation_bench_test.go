package report_test

import (
	"context"
	"testing"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/report"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// BenchmarkHTMLSimulation renders the default's report with the
// simulation of its plan (2021–2031, a zone map per year); the run and the
// simulation are made once, outside the timing.
func BenchmarkHTMLSimulation(b *testing.B) {
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		b.Fatal(err)
	}
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: config.Default()})
	if err != nil {
		b.Fatal(err)
	}
	sc, err := scenario.Parse(data.HutubiPlan(), data.PlanName)
	if err != nil {
		b.Fatal(err)
	}
	sim, err := simulate.Run(context.Background(), ds, simulate.Options{Config: config.Default(), Scenario: sc})
	if err != nil {
		b.Fatal(err)
	}
	m := res.Metrics()
	for b.Loop() {
		if _, err := report.HTML(res, m, report.WithSimulation(sim, 0)); err != nil {
			b.Fatal(err)
		}
	}
}
