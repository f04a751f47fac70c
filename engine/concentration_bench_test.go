package engine_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/zones"
)

// BenchmarkEquity runs the embedded default (the campuses as they stand,
// no plan events) under balanced and under equity at three weights, and
// reports per level the mean distance (straight and along the roads, m)
// and the dissimilarity of all migrant entrants across the schools
// (seated, and seated in their zone) as custom metrics: the side-by-side
// table of README's "Migrant concentration". The search is bounded by
// iterations, not time (time_limit_s 600), so that the figures do not
// depend on the machine:
//
//	go test ./engine -run '^$' -bench Equity -benchtime 1x
func BenchmarkEquity(b *testing.B) {
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		obj zones.Objective
		w   float64
	}{{zones.Balanced, 0}, {zones.Equity, 10}, {zones.Equity, 100}, {zones.Equity, 1000}} {
		name := string(tc.obj)
		if tc.obj == zones.Equity {
			name += fmt.Sprintf("-w%g", tc.w)
		}
		b.Run(name, func(b *testing.B) {
			cfg := config.Default()
			cfg.Zoning.TimeLimitS = 600
			cfg.Zoning.EquityWeight = tc.w
			var m engine.Metrics
			var res *engine.Result
			for b.Loop() {
				if res, err = engine.Run(context.Background(), ds, engine.RunOptions{Config: cfg, Objective: tc.obj}); err != nil {
					b.Fatal(err)
				}
			}
			m = res.Metrics()
			for _, l := range dataset.Levels {
				lm := m.Levels[string(l)]
				b.ReportMetric(*lm.MeanDistanceM, string(l)+"-mean-m")
				if lm.Route != nil && lm.Route.MeanRouteM != nil {
					b.ReportMetric(*lm.Route.MeanRouteM, string(l)+"-route-m")
				}
				if d := lm.Concentration.Group(engine.GroupMigrant).Dissimilarity; d != nil {
					b.ReportMetric(*d, string(l)+"-D")
				}
				if d := zonedDissimilarity(ds, res, l); d != nil {
					b.ReportMetric(*d, string(l)+"-D-zoned")
				}
			}
		})
	}
}

// zonedDissimilarity is D of all migrant entrants over the entrants seated
// at their zone's school: the part of the placement that the zones decide.
func zonedDissimilarity(ds *dataset.Dataset, res *engine.Result, l dataset.Level) *float64 {
	lr := res.Level(l)
	at := map[int]int{}
	var m, t []int
	for _, st := range lr.Seats {
		if !st.Zoned || st.School < 0 {
			continue
		}
		j, ok := at[st.School]
		if !ok {
			j = len(t)
			at[st.School] = j
			m, t = append(m, 0), append(t, 0)
		}
		t[j]++
		if h := ds.Household(ds.Children[st.Child].HouseholdID); h != nil && h.Hukou == dataset.Migrant {
			m[j]++
		}
	}
	return engine.Dissimilarity(m, t)
}
