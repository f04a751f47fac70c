package engine_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/geo"
)

// TestFamiliesRoutes redraws the first county of each family on its roads
// (the generator gives every county a road layer: rivers with few
// bridges, an expressway, railways) and checks what a planner relies on:
// the redraw minimises walks and comes near their lower bound; every
// zone is one piece of units joined across barriers only at crossings;
// every home reaches its school; each walk is what the road network gives,
// computed again here from a fresh field of the school.
func TestFamiliesRoutes(t *testing.T) {
	if testing.Short() {
		t.Skip("five county-sized runs")
	}
	seen := map[county.Family]bool{}
	for _, spec := range familySpecs {
		if seen[spec.Family] {
			continue
		}
		seen[spec.Family] = true
		t.Run(fmt.Sprintf("%s/seed%d-%s", spec.Family, spec.Seed, spec.Style), func(t *testing.T) {
			ds, _, err := county.Generate(spec)
			if err != nil {
				t.Fatal(err)
			}
			if ds.Roads == nil {
				t.Fatal("the generated county has no road layer")
			}
			cfg := familyConfig()
			cfg.Zoning.Distance = "auto"
			res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: cfg})
			if err != nil {
				t.Fatal(err)
			}
			m := res.Metrics()
			if m.Distance != engine.DistanceRoute {
				t.Fatalf("metrics distance %q, want route", m.Distance)
			}
			for _, lr := range res.Levels {
				rm := m.Levels[string(lr.Level)].Route
				lm := m.Levels[string(lr.Level)]
				if rm == nil || rm.MeanRouteM == nil {
					t.Fatalf("%s: no route figures: %+v", lr.Level, rm)
				}
				if rm.LowerBoundRouteM == nil {
					// No bound where the intake is short of the entrants.
					if lm.IntakeCapacity >= lm.Entrants {
						t.Errorf("%s: no lower bound of the walks with %d places for %d entrants", lr.Level, lm.IntakeCapacity, lm.Entrants)
					}
					continue
				}
				t.Logf("%s: walk %.0f m, bound %.0f m, gap %.2f%%; straight %.0f m; %d long detours, %d at-grade crossings, %d straddling zones",
					lr.Level, *rm.MeanRouteM, *rm.LowerBoundRouteM, 100**rm.GapToLowerBound, *m.Levels[string(lr.Level)].MeanDistanceM,
					rm.LongDetours, rm.AtGrade, len(rm.Straddling))
				// The bound ignores contiguity, which barriers make dearer: a
				// zone joins across a river only at a bridge.
				if *rm.GapToLowerBound > 0.08 {
					t.Errorf("%s: walk gap %.2f%% to the lower bound, want at most 8%%", lr.Level, 100**rm.GapToLowerBound)
				}
				if rm.BeyondReach != 0 {
					t.Errorf("%s: %d entrants beyond reach of their school's roads", lr.Level, rm.BeyondReach)
				}
				checkJoinedAtCrossings(t, res, lr)
				checkWalks(t, res, lr)
			}
		})
	}
}

// checkJoinedAtCrossings: each school's units form one connected piece of
// the unit graph, whose links across a barrier are only at crossings (the
// links themselves are checked against the roads in zones' river tests).
func checkJoinedAtCrossings(t *testing.T, res *engine.Result, lr *engine.LevelResult) {
	t.Helper()
	us := res.Units
	pieces := map[int]int{}
	seen := make([]bool, len(us.Units))
	for s := range us.Units {
		z := lr.UnitZone(s)
		if seen[s] || z < 0 || len(us.Units[s].Homes) == 0 {
			continue
		}
		pieces[z]++
		stack := []int{s}
		seen[s] = true
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, v := range us.Adj[u] {
				if !seen[v] && lr.UnitZone(v) == z {
					seen[v] = true
					stack = append(stack, v)
				}
			}
		}
	}
	for z, n := range pieces {
		if n > 1 {
			t.Errorf("%s: the zone of school %d is %d pieces of joined units", lr.Level, z, n)
		}
	}
}

// checkWalks compares each seat's walk with a fresh field of its school.
func checkWalks(t *testing.T, res *engine.Result, lr *engine.LevelResult) {
	t.Helper()
	ds := res.Dataset
	fields := map[int]func(h int) (float64, bool){}
	for i, st := range lr.Seats {
		if st.School < 0 || i%7 != 0 {
			continue
		}
		f, ok := fields[st.School]
		if !ok {
			fl := ds.Roads.Field(ds.Schools[st.School].Loc, math.Inf(1))
			f = func(h int) (float64, bool) { return fl.DistanceM(ds.Households[h].Loc) }
			fields[st.School] = f
		}
		h := ds.HouseholdIndex(ds.Children[st.Child].HouseholdID)
		want, ok := f(h)
		if !ok {
			t.Errorf("%s: child %s: no road reaches school %s", lr.Level, ds.Children[st.Child].ID, ds.Schools[st.School].ID)
			continue
		}
		want = max(want, geo.Distance(ds.Households[h].Loc, ds.Schools[st.School].Loc))
		if math.Abs(st.RouteM-want) > 1e-6*want+1e-6 {
			t.Errorf("%s: child %s: walk %.3f m, the school's field gives %.3f m", lr.Level, ds.Children[st.Child].ID, st.RouteM, want)
		}
	}
}
