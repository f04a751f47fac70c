package simulate_test

import (
	"context"
	"math"
	"testing"

	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/simulate"
	"github.com/hutubi-edu/zoning/geo"
)

// TestRuralWalkCounted: a simulated year of the default (which has roads)
// counts, in its checks, the rural primary entrants walking longer than
// policy.rural_walk_min; the count equals one made here from each seat's
// walk on a fresh field of its school, and the check never fails the year.
func TestRuralWalkCounted(t *testing.T) {
	ds, sc := defaultCounty(t)
	cfg := config.Default()
	y := ds.Meta.BaseYear + 1
	sim, err := simulate.Run(context.Background(), ds, simulate.Options{From: y, To: y, Config: cfg, Scenario: sc})
	if err != nil {
		t.Fatal(err)
	}
	yr := sim.Year(y)
	if yr == nil || yr.Result == nil {
		t.Fatalf("no simulated year %d", y)
	}
	var got *compliance.Check
	for i, c := range yr.Report.Checks {
		if c.Key == compliance.KeyRuralWalk {
			if c.Level != "primary" || got != nil {
				t.Fatalf("rural walk check for level %q, or twice", c.Level)
			}
			got = &yr.Report.Checks[i]
		}
	}
	if got == nil || got.Value == nil {
		t.Fatal("no rural walk check in a year on roads")
	}
	if !got.Skipped || got.Failed() {
		t.Errorf("the rural walk check counts toward the evaluation: %+v", *got)
	}
	sd := yr.Result.Dataset
	entrants, beyond := 0, 0
	for _, lr := range yr.Result.Levels {
		if lr.Level != dataset.Primary {
			continue
		}
		for _, st := range lr.Seats {
			if st.School < 0 || sd.Schools[st.School].AreaType != dataset.Rural {
				continue
			}
			entrants++
			home := sd.Households[sd.HouseholdIndex(sd.Children[st.Child].HouseholdID)].Loc
			site := sd.Schools[st.School].Loc
			walk, ok := sd.Roads.Field(site, math.Inf(1)).DistanceM(home)
			if !ok || max(walk, geo.Distance(home, site))/cfg.Policy.WalkSpeedMPerMin > cfg.Policy.RuralWalkMin {
				beyond++
			}
		}
	}
	if entrants == 0 || beyond == 0 {
		t.Fatalf("the default's rural entrants (%d) and long walks (%d) should both be some", entrants, beyond)
	}
	if int(*got.Value) != beyond {
		t.Errorf("rural walk check counts %v entrants beyond %g minutes, the fields give %d of %d", *got.Value, cfg.Policy.RuralWalkMin, beyond, entrants)
	}
	t.Logf("%s", got.Text)
}
