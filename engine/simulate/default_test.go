package simulate_test

import (
	"testing"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
)

// defaultCounty loads the embedded default dataset and its county plan.
func defaultCounty(t testing.TB) (*dataset.Dataset, *scenario.Scenario) {
	t.Helper()
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(data.HutubiPlan(), data.PlanName)
	if err != nil {
		t.Fatal(err)
	}
	return ds, sc
}
