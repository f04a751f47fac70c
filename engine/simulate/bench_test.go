package simulate_test

import (
	"context"
	"testing"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// BenchmarkDefaultPlan simulates the embedded county under its plan,
// 2021–2031 (the target: under 10 s on 2 cores).
func BenchmarkDefaultPlan(b *testing.B) {
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		sc, err := scenario.Parse(data.HutubiPlan(), data.PlanName)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := simulate.Run(context.Background(), ds, simulate.Options{Config: config.Default(), Scenario: sc}); err != nil {
			b.Fatal(err)
		}
	}
}
