package compare_test

import (
	"context"
	"testing"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// defaultPlans returns the embedded default dataset (66,400 households;
// 2,460 + 2,200 entrants in 2022) and two plans: its zones in force and
// the redraw of `zoning run`.
func defaultPlans(tb testing.TB) (*dataset.Dataset, []*compare.Plan) {
	tb.Helper()
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		tb.Fatal(err)
	}
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: config.Default()})
	if err != nil {
		tb.Fatal(err)
	}
	return ds, []*compare.Plan{{Name: "现行片区", Zones: ds.Zones}, {Name: "优化方案", Zones: res.Zones()}}
}

// BenchmarkCompareDefault compares the default's zones in force with its
// redraw (2 plans). Sub-benchmarks: compare (placing the entrants through
// both plans and counting the changes) and run, the baseline: one `zoning
// run` (a redraw) on the same data. The pack's files of this comparison
// are engine/render/pack's BenchmarkCompareDefault.
func BenchmarkCompareDefault(b *testing.B) {
	ds, plans := defaultPlans(b)
	cfg := config.Default()
	var c *compare.Comparison
	b.Run("compare", func(b *testing.B) {
		for b.Loop() {
			var err error
			if c, err = compare.Compare(context.Background(), ds, plans, compare.Options{Config: cfg}); err != nil {
				b.Fatal(err)
			}
			_ = c.Summary()
			_ = c.Schools()
		}
	})
	b.Run("run", func(b *testing.B) {
		for b.Loop() {
			if _, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: cfg}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
