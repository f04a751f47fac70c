package simulate_test

import (
	"context"
	"slices"
	"testing"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// The target year of a run (zoning run, redraw, compare, notice, migrants,
// serve) is the county the simulation reaches that year: the same campuses,
// the same closed sections, the same continuing pupils, the same entrants
// (projected births included) and the same intake places; only the zones
// differ (the run draws them with the full redraw). A section the plan has
// closed by then has no zone and no entrant; a campus it has opened has one.
func TestTargetIsTheSimulatedYear(t *testing.T) {
	ds, sc := defaultCounty(t)
	base := ds.Meta.BaseYear
	years := []int{base + 1}
	if !testing.Short() && !raceDetector {
		// Beyond the dataset's children: the entrants are projected births.
		years = append(years, base+8)
	}
	for _, y := range years {
		sim, err := simulate.Run(context.Background(), ds, simulate.Options{From: y, To: y, Config: config.Default(), Scenario: sc,
			Target: &simulate.Target{Year: y}})
		if err != nil {
			t.Fatal(err)
		}
		if len(sim.Targets) != 1 {
			t.Fatalf("%d: %d target results, want 1", y, len(sim.Targets))
		}
		res, yr := sim.Targets[0], sim.Year(y)
		if res.Year != y || yr == nil {
			t.Fatalf("target year %d, simulated year %v; want both %d", res.Year, yr, y)
		}
		checkSameCounty(t, y, res, yr)
		checkPlanInForce(t, y, sc, sim.TargetEvents, res)
	}
}

func checkSameCounty(t *testing.T, y int, res *engine.Result, yr *simulate.Year) {
	t.Helper()
	sd := yr.Result.Dataset
	if len(res.Dataset.Schools) != len(sd.Schools) || len(res.Dataset.Children) != len(sd.Children) {
		t.Fatalf("%d: run has %d campuses and %d children, the simulation %d and %d", y,
			len(res.Dataset.Schools), len(res.Dataset.Children), len(sd.Schools), len(sd.Children))
	}
	for j := range sd.Schools {
		a, b := &res.Dataset.Schools[j], &sd.Schools[j]
		for _, l := range dataset.Levels {
			if a.Seats(l) != b.Seats(l) || a.Loc != b.Loc {
				t.Errorf("%d %s %s: run %d seats at %v, simulation %d at %v", y, a.ID, l, a.Seats(l), a.Loc, b.Seats(l), b.Loc)
			}
		}
	}
	for _, l := range dataset.Levels {
		a, b := res.Level(l), yr.Result.Level(l)
		if !slices.Equal(a.Entrants, b.Entrants) {
			t.Errorf("%d %s: run has %d entrants, the simulation %d (or others)", y, l, len(a.Entrants), len(b.Entrants))
		}
		if len(a.Entrants) == 0 {
			t.Errorf("%d %s: no entrants", y, l)
		}
		if !slices.Equal(a.Capacities(), b.Capacities()) {
			t.Errorf("%d %s: intake places differ: run %v, simulation %v", y, l, a.Capacities(), b.Capacities())
		}
		seated := 0
		for _, s := range a.Seats {
			if s.School >= 0 {
				seated++
			}
		}
		if want := min(len(a.Entrants), sum(a.Capacities())); seated != want {
			t.Errorf("%d %s: run seats %d of %d entrants with %d places", y, l, seated, len(a.Entrants), sum(a.Capacities()))
		}
	}
	// The pupils who continue: the same school in both.
	entrant := map[int]bool{}
	for _, lr := range res.Levels {
		for _, ci := range lr.Entrants {
			entrant[ci] = true
		}
	}
	diff := 0
	for ci, j := range res.Enrolment.School {
		if !entrant[ci] && j != yr.Result.Enrolment.School[ci] {
			diff++
		}
	}
	if diff > 0 {
		t.Errorf("%d: %d continuing pupils are at another school in the run than in the simulation", y, diff)
	}
}

// checkPlanInForce checks the run against the scenario's events up to the
// year: a section moved away takes no entrants and has no zone; a campus
// opened with seats has a zone.
func checkPlanInForce(t *testing.T, y int, sc *scenario.Scenario, inForce []*scenario.Event, res *engine.Result) {
	t.Helper()
	var want []*scenario.Event
	for i := range sc.Events {
		if sc.Events[i].Year <= y {
			want = append(want, &sc.Events[i])
		}
	}
	if len(inForce) != len(want) {
		t.Errorf("%d: %d events in force, the scenario has %d up to that year", y, len(inForce), len(want))
	}
	ds := res.Dataset
	for _, e := range want {
		j := ds.SchoolIndex(e.School)
		switch e.Kind {
		case scenario.MoveIntake:
			lr := res.Level(e.Level)
			if lr.ZonedIndex(j) >= 0 {
				t.Errorf("%d: %s moved its %s section away (%s) but still has a zone", y, e.School, e.Level, e.ID)
			}
			for _, s := range lr.Seats {
				if s.School == j {
					t.Errorf("%d: %s moved its %s section away (%s) but seats entrant %d", y, e.School, e.Level, e.ID, s.Child)
					break
				}
			}
		case scenario.Open:
			for _, l := range dataset.Levels {
				lr := res.Level(l)
				if ds.Schools[j].Seats(l) == 0 || lr.Schools[j].Capacity == 0 || movedAway(want, e.School, l) {
					continue
				}
				k := lr.ZonedIndex(j)
				if k < 0 || lr.Zoned[k].Polygon == nil {
					t.Errorf("%d: %s opened (%s) with %d %s places and has no zone", y, e.School, e.ID, lr.Schools[j].Capacity, l)
				}
			}
		}
	}
}

func movedAway(evs []*scenario.Event, school string, l dataset.Level) bool {
	for _, e := range evs {
		if e.Kind == scenario.MoveIntake && e.School == school && e.Level == l {
			return true
		}
	}
	return false
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
