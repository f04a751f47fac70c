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

// facilities are a campus's fixed facilities: floor area and grounds in
// m², music and art rooms.
type facilities struct{ teaching, sports, music, art float64 }

func facilitiesOf(s *dataset.School) facilities {
	f := facilities{}
	if s.TeachingAreaM2 != nil {
		f.teaching = *s.TeachingAreaM2
	}
	if s.SportsAreaM2 != nil {
		f.sports = *s.SportsAreaM2
	}
	if s.MusicRooms != nil {
		f.music = float64(*s.MusicRooms)
	}
	if s.ArtRooms != nil {
		f.art = float64(*s.ArtRooms)
	}
	return f
}

func (f facilities) plus(g facilities) facilities {
	return facilities{f.teaching + g.teaching, f.sports + g.sports, f.music + g.music, f.art + g.art}
}

// yearSchool returns school id as it stands in simulated year y.
func yearSchool(t *testing.T, r *simulate.Result, y int, id string) *dataset.School {
	t.Helper()
	yr := r.Year(y)
	if yr == nil {
		t.Fatalf("no year %d", y)
	}
	for i := range yr.Schools {
		if yr.Schools[i].ID == id {
			return &yr.Schools[i]
		}
	}
	t.Fatalf("%d: no school %s", y, id)
	return nil
}

// TestRelocationLeavesTo: school w moves onto campus n. With leaves_to e,
// e gains exactly w's old campus's facilities that leaves lists, in the
// year of the move and not before, and the county's facilities are what
// they were (nothing vanishes); w takes n's. Without leaves_to the old
// campus's facilities belong to no school. A delayed move hands them over
// in its own year: until then w keeps its campus whole.
func TestRelocationLeavesTo(t *testing.T) {
	ds := town(12, 100)
	// Rooms on the old campus, so that every facility is tested.
	one := 1
	ds.Schools[0].MusicRooms, ds.Schools[0].ArtRooms = &one, &one
	w, e, n := facilitiesOf(&ds.Schools[0]), facilitiesOf(&ds.Schools[1]), facilitiesOf(&ds.Schools[2])
	total := w.plus(e).plus(n)
	const head = "events:\n  - {id: move, year: 2022, kind: relocate, school: w, to: n"
	for _, c := range []struct {
		name  string
		yaml  string
		delay int
		gain  facilities // what e gains with the move
	}{
		{"everything", head + ", leaves_to: e}\n", 0, w},
		{"the grounds only", head + ", leaves_to: e, leaves: [sports_area_m2]}\n", 0, facilities{sports: w.sports}},
		{"to no school", head + "}\n", 0, facilities{}},
		{"delayed", head + ", leaves_to: e}\n", 1, w},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, ds, c.yaml, 2024, config.Default(), func(sc *scenario.Scenario) {
				if c.delay != 0 {
					if err := sc.Delay("move", c.delay); err != nil {
						t.Fatal(err)
					}
				}
			})
			moved := 2022 + c.delay
			for y := 2021; y <= 2024; y++ {
				gotE, gotW := facilitiesOf(yearSchool(t, r, y, "e")), facilitiesOf(yearSchool(t, r, y, "w"))
				wantE, wantW := e, w
				if y >= moved {
					wantE, wantW = e.plus(c.gain), n
				}
				if gotE != wantE {
					t.Errorf("%d: e has %+v, want %+v", y, gotE, wantE)
				}
				if gotW != wantW {
					t.Errorf("%d: w has %+v, want %+v", y, gotW, wantW)
				}
				sum := facilities{}
				for i := range r.Year(y).Schools {
					sum = sum.plus(facilitiesOf(&r.Year(y).Schools[i]))
				}
				want := total
				if y >= moved {
					// What leaves does not list stays on the old
					// campus, which belongs to no school.
					want = facilities{total.teaching - w.teaching + c.gain.teaching, total.sports - w.sports + c.gain.sports,
						total.music - w.music + c.gain.music, total.art - w.art + c.gain.art}
				}
				if sum != want {
					t.Errorf("%d: the county has %+v, want %+v", y, sum, want)
				}
			}
		})
	}
}

// TestPlanOldCampus: under the embedded plan 二小 (hz03) takes 二中's (hz04)
// old campus, buildings, grounds and rooms, in the year 二中 moves onto 一中's
// (hz05) site; with the move delayed two years (zoning simulate --delay
// erzhong-relocate=2) 二中 keeps its old campus whole until then, and 二小
// gets it then. The figures are the dataset's.
func TestPlanOldCampus(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates the default county")
	}
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		t.Fatal(err)
	}
	erxiao, erzhong, yizhong := facilitiesOf(ds.School("hz03")), facilitiesOf(ds.School("hz04")), facilitiesOf(ds.School("hz05"))
	for _, delay := range []int{0, 2} {
		sc, err := scenario.Parse(data.HutubiPlan(), data.PlanName)
		if err != nil {
			t.Fatal(err)
		}
		move := sc.Find("erzhong-relocate")
		if move == nil {
			t.Fatal("no erzhong-relocate in the plan")
		}
		if err := sc.Delay(move.ID, delay); err != nil {
			t.Fatal(err)
		}
		// Only the events that change these campuses' facilities: the
		// simulation's other work does not touch them.
		var keep []scenario.Event
		for _, e := range sc.Events {
			if e.Kind == scenario.Relocate || e.Kind == scenario.Open || e.Kind == scenario.MoveIntake && e.School == "hz05" ||
				e.Kind == scenario.Build && (e.School == "hz03" || e.School == "hz04") && e.Year <= move.Year {
				keep = append(keep, e)
			}
		}
		sc.Events = keep
		zero := 0.0
		r, err := simulate.Run(context.Background(), ds, simulate.Options{From: move.Year - 1, To: move.Year, Config: config.Default(),
			Scenario: sc, BirthTrend: &zero, NoPrivateChoice: true})
		if err != nil {
			t.Fatal(err)
		}
		before, after := move.Year-1, move.Year
		for _, c := range []struct {
			y, id string
			got   facilities
			want  facilities
		}{
			{"before", "hz03", facilitiesOf(yearSchool(t, r, before, "hz03")), erxiao},
			{"before", "hz04", facilitiesOf(yearSchool(t, r, before, "hz04")), erzhong},
			{"after", "hz03", facilitiesOf(yearSchool(t, r, after, "hz03")), erxiao.plus(erzhong)},
			{"after", "hz04", facilitiesOf(yearSchool(t, r, after, "hz04")), yizhong},
		} {
			if c.got != c.want {
				t.Errorf("delay %d: %s the move (%d): %s has %+v, want %+v", delay, c.y, move.Year, c.id, c.got, c.want)
			}
		}
	}
}
