package simulate_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// TestInvariants runs towns of several sizes and seat counts under subsets
// of the events and checks, every year: the sections count every enrolled
// pupil once; classes hold their pupils under the cap unless the
// classrooms are all in use, and never outnumber the rooms but for one a
// grade; no school takes more
// entrants than its intake places; seats are never negative.
func TestInvariants(t *testing.T) {
	events := []string{
		`  - {id: o, year: 2022, kind: open, school: n, seats: {primary: 40, junior: 40}}`,
		`  - {id: m, year: 2023, kind: move_intake, school: w, level: primary, receivers: [{school: e, share: 1}], mode: phase_out}`,
		`  - {id: a, year: 2023, kind: move_intake, school: e, level: junior, receivers: [{school: w, share: 1}], mode: all}`,
		`  - {id: b, year: 2024, kind: build, school: e, seats: {primary: 30}}`,
	}
	for _, n := range []int{12, 30} {
		for _, seats := range []int{8, 25, 200} {
			for mask := 0; mask < 1<<len(events); mask += 3 {
				yaml := header
				for i, e := range events {
					if mask&(1<<i) != 0 {
						yaml += e + "\n"
					}
				}
				name := fmt.Sprintf("n%d-seats%d-events%b", n, seats, mask)
				t.Run(name, func(t *testing.T) {
					checkInvariants(t, town(n, seats), yaml)
				})
			}
		}
	}
}

func checkInvariants(t *testing.T, ds *dataset.Dataset, yaml string) {
	sc, err := scenario.Parse([]byte(yaml), "p.yaml")
	if err != nil && yaml != header {
		t.Fatal(err)
	}
	if yaml == header {
		sc = nil
	}
	cfg := config.Default()
	cfg.Policy.ClassSize.Primary = 7
	zero := 0.0
	r, err := simulate.Run(context.Background(), ds, simulate.Options{To: 2026, Config: cfg, Scenario: sc, BirthTrend: &zero})
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range r.Years {
		if y.Result == nil {
			continue
		}
		enrolled := map[dataset.Level]int{}
		for i, j := range y.Result.Enrolment.School {
			if j < 0 {
				continue
			}
			g := r.Dataset.Children[i].GradeIn(y.Year, ds.Meta.BaseYear)
			if g >= 1 && g <= 9 {
				enrolled[dataset.LevelOfGrade(g)]++
			}
		}
		counted := map[dataset.Level]int{}
		for _, s := range y.Sections {
			counted[s.Level] += s.Students
			limit := cfg.Policy.ClassSize.Of(string(s.Level))
			grades := 0
			for _, n := range s.ByGrade {
				if n > 0 {
					grades++
				}
			}
			// Classes hold their pupils under the cap unless the
			// classrooms are all in use; they never outnumber the
			// rooms, but for one a grade.
			if s.MaxClass > limit && s.Classes < s.Classrooms || s.Classes > max(s.Classrooms, grades) ||
				s.Classes*s.MaxClass < s.Students {
				t.Errorf("%d %s %s: %d pupils in %d classes in %d classrooms, largest %d (cap %d)", y.Year, s.SchoolID, s.Level,
					s.Students, s.Classes, s.Classrooms, s.MaxClass, limit)
			}
			if s.Entrants > s.Capacity {
				t.Errorf("%d %s %s: %d entrants for %d places", y.Year, s.SchoolID, s.Level, s.Entrants, s.Capacity)
			}
			if s.Seats < 0 {
				t.Errorf("%d %s %s: %d seats", y.Year, s.SchoolID, s.Level, s.Seats)
			}
		}
		for _, l := range dataset.Levels {
			if counted[l] != enrolled[l] {
				t.Errorf("%d %s: sections count %d pupils, %d are enrolled", y.Year, l, counted[l], enrolled[l])
			}
		}
	}
}

// TestNoRedraw: w has 10 intake places in 2022 and 100 in 2023 (a
// building). Redrawn, w's zone grows in 2023; kept, every unit that had a
// school in 2022 has the same school in 2023.
func TestNoRedraw(t *testing.T) {
	sc, err := scenario.Parse([]byte(header+"  - {id: b, year: 2023, kind: build, school: w, seats: {primary: 100}}\n"), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	zero := 0.0
	cfg := config.Default()
	cfg.Zoning.Objective = "distance" // moves cost nothing: the redraw follows the places
	for _, keep := range []bool{false, true} {
		r, err := simulate.Run(context.Background(), town(30, 40), simulate.Options{To: 2023, Config: cfg,
			Scenario: sc, NoRedraw: map[int]bool{2023: keep}, BirthTrend: &zero})
		if err != nil {
			t.Fatal(err)
		}
		a, b := r.Year(2022).Result.Level(dataset.Primary), r.Year(2023).Result.Level(dataset.Primary)
		changed := 0
		for u := range a.PlanUnits() {
			z := a.UnitZone(u)
			if z < 0 {
				continue
			}
			if z2 := b.UnitZone(u); z2 < 0 || a.Zones[z].Schools[0] != b.Zones[z2].Schools[0] {
				changed++
			}
		}
		if keep && changed > 0 {
			t.Errorf("kept: %d units changed school in 2023", changed)
		}
		if !keep && changed == 0 {
			t.Error("redrawn: no unit changed school although w gained 90 places")
		}
	}
}
