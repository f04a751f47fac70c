package simulate_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

func ptr(v float64) *float64 { return &v }

// town is a row of n households along 3 km east–west at 44.19 N with two
// primary+junior schools, w at the west end and e at the east end (seats
// each), and a third campus n in the middle with facilities but no seats.
// Every household has one child in grade 3 at w in 2021 (born 2013) and
// one born 2016 who enters grade 1 in 2022.
func town(n, seats int) *dataset.Dataset {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试镇", BaseYear: 2021}}
	ds.Schools = []dataset.School{
		{ID: "w", Name: "西学校", Loc: orb.Point{86.880, 44.19}, PrimarySeats: seats, JuniorSeats: seats, AreaType: dataset.Urban, Public: true,
			TeachingAreaM2: ptr(1000), SportsAreaM2: ptr(2000), TeachersPEArt: ptr(1)},
		{ID: "e", Name: "东学校", Loc: orb.Point{86.917, 44.19}, PrimarySeats: seats, JuniorSeats: seats, AreaType: dataset.Urban, Public: true,
			TeachingAreaM2: ptr(800), SportsAreaM2: ptr(1500), TeachersPEArt: ptr(1)},
		{ID: "n", Name: "新校区", Loc: orb.Point{86.8985, 44.195}, AreaType: dataset.Urban, Public: true,
			TeachingAreaM2: ptr(5000), SportsAreaM2: ptr(9000)},
	}
	for i := 0; i < n; i++ {
		hid := fmt.Sprintf("h%03d", i)
		lon := 86.880 + 0.037*float64(i)/float64(n-1)
		ds.Households = append(ds.Households, dataset.Household{ID: hid, Loc: orb.Point{lon, 44.19 + 0.001*float64(i%3)},
			Address: fmt.Sprintf("呼图壁镇园林路%d号", i+1), Hukou: dataset.Local})
		ds.Children = append(ds.Children,
			dataset.Child{ID: fmt.Sprintf("p%03d", i), HouseholdID: hid, BirthYear: 2016},
			dataset.Child{ID: fmt.Sprintf("c%03d", i), HouseholdID: hid, BirthYear: 2013, Grade: 3, SchoolID: "w"})
	}
	ds.Boundary = orb.MultiPolygon{{{{86.87, 44.18}, {86.93, 44.18}, {86.93, 44.21}, {86.87, 44.21}, {86.87, 44.18}}}}
	ds.Index()
	return ds
}

func run(t *testing.T, ds *dataset.Dataset, yaml string, to int, cfg config.Config, adjust func(*scenario.Scenario)) *simulate.Result {
	t.Helper()
	var sc *scenario.Scenario
	if yaml != "" {
		var err error
		if sc, err = scenario.Parse([]byte(yaml), "test.yaml"); err != nil {
			t.Fatal(err)
		}
		if adjust != nil {
			adjust(sc)
		}
	}
	zero := 0.0
	res, err := simulate.Run(context.Background(), ds, simulate.Options{To: to, Config: cfg, Scenario: sc, BirthTrend: &zero})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// section returns the year's section of a school, failing when absent.
func section(t *testing.T, r *simulate.Result, y int, id string, l dataset.Level) simulate.Section {
	t.Helper()
	yr := r.Year(y)
	if yr == nil {
		t.Fatalf("no year %d", y)
	}
	for _, s := range yr.Sections {
		if s.SchoolID == id && s.Level == l {
			return s
		}
	}
	t.Fatalf("%d: no %s section of %s", y, l, id)
	return simulate.Section{}
}

func school(t *testing.T, r *simulate.Result, y int, id string) dataset.School {
	t.Helper()
	for _, s := range r.Year(y).Schools {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("%d: no school %s", y, id)
	return dataset.School{}
}

// TestCohortProgression: the 20 pupils of grade 3 at w in 2021 are in grade
// 4 in 2022, grade 6 in 2024 (still at w), and leave primary in 2025; the
// 20 entrants of 2022 are in grade 2 somewhere in 2023.
func TestCohortProgression(t *testing.T) {
	r := run(t, town(20, 100), "", 2025, config.Default(), nil)
	for _, tc := range []struct {
		year, grade, want int
	}{{2021, 3, 20}, {2022, 4, 20}, {2023, 5, 20}, {2024, 6, 20}, {2025, 6, 0}} {
		if got := section(t, r, tc.year, "w", dataset.Primary).ByGrade[tc.grade-1]; got != tc.want {
			t.Errorf("%d: w grade %d = %d, want %d", tc.year, tc.grade, got, tc.want)
		}
	}
	g2 := section(t, r, 2023, "w", dataset.Primary).ByGrade[1] + section(t, r, 2023, "e", dataset.Primary).ByGrade[1]
	if g2 != 20 {
		t.Errorf("2023: grade 2 at w and e = %d, want the 20 entrants of 2022", g2)
	}
	// 2025: the cohort enters grade 7 at w or e.
	g7 := section(t, r, 2025, "w", dataset.Junior).ByGrade[0] + section(t, r, 2025, "e", dataset.Junior).ByGrade[0]
	if g7 != 20 {
		t.Errorf("2025: grade 7 = %d, want 20", g7)
	}
}

// TestClassCounting: 20 pupils of one grade under a cap of 8 make
// ceil(20/8) = 3 classes, the largest ceil(20/3) = 7.
func TestClassCounting(t *testing.T) {
	cfg := config.Default()
	cfg.Policy.ClassSize.Primary = 8
	r := run(t, town(20, 100), "", 2022, cfg, nil)
	s := section(t, r, 2022, "w", dataset.Primary)
	// Grade 4: 20 pupils → 3 classes of at most 7; grade 1: k entrants.
	k := s.ByGrade[0]
	wantClasses := 3 + (k+7)/8
	if s.Classes != wantClasses || s.MaxClass != 7 {
		t.Errorf("w 2022: %d classes, largest %d; want %d, 7 (grade 4: 20 → 3 of ≤7; grade 1: %d)", s.Classes, s.MaxClass, wantClasses, k)
	}
}

const header = "name: test\nevents:\n"

// TestEventKinds applies one event of each kind in 2022 and checks the
// campus figures that year against the sums worked out by hand.
func TestEventKinds(t *testing.T) {
	cases := []struct {
		name  string
		yaml  string
		check func(t *testing.T, r *simulate.Result)
	}{
		{"open", `  - {id: a, year: 2022, kind: open, school: n, seats: {primary: 60}}`, func(t *testing.T, r *simulate.Result) {
			if s := section(t, r, 2022, "n", dataset.Primary); s.Seats != 60 {
				t.Errorf("n seats %d, want 60", s.Seats)
			}
			if s := school(t, r, 2021, "n"); s.PrimarySeats != 0 {
				t.Errorf("n seats in 2021 %d, want 0", s.PrimarySeats)
			}
		}},
		{"build", `  - {id: a, year: 2022, kind: build, school: w, teaching_area_m2: 500, music_rooms: 2, seats: {primary: 10}}`, func(t *testing.T, r *simulate.Result) {
			s := school(t, r, 2022, "w")
			if *s.TeachingAreaM2 != 1500 || *s.MusicRooms != 2 || s.PrimarySeats != 110 {
				t.Errorf("w: %g m², %d music rooms, %d seats; want 1500, 2, 110", *s.TeachingAreaM2, *s.MusicRooms, s.PrimarySeats)
			}
			if s := school(t, r, 2021, "w"); *s.TeachingAreaM2 != 1000 {
				t.Errorf("2021: w %g m², want 1000 (the event is in 2022)", *s.TeachingAreaM2)
			}
		}},
		{"teachers", `  - {id: a, year: 2022, kind: teachers, school: e, pe_art: 2}`, func(t *testing.T, r *simulate.Result) {
			if s := school(t, r, 2022, "e"); *s.TeachersPEArt != 3 {
				t.Errorf("e: %g PE/art teachers, want 1+2", *s.TeachersPEArt)
			}
		}},
		{"teachers moved", `  - {id: a, year: 2022, kind: teachers, school: e, to: w, pe_art: 1}`, func(t *testing.T, r *simulate.Result) {
			if e, w := school(t, r, 2022, "e"), school(t, r, 2022, "w"); *e.TeachersPEArt != 0 || *w.TeachersPEArt != 2 {
				t.Errorf("e %g, w %g PE/art teachers; want 0 and 2", *e.TeachersPEArt, *w.TeachersPEArt)
			}
		}},
		{"transfer_area", `  - {id: a, year: 2022, kind: transfer_area, school: w, to: e, teaching_area_m2: 300}`, func(t *testing.T, r *simulate.Result) {
			if w, e := school(t, r, 2022, "w"), school(t, r, 2022, "e"); *w.TeachingAreaM2 != 700 || *e.TeachingAreaM2 != 1100 {
				t.Errorf("w %g, e %g m²; want 700 and 1100", *w.TeachingAreaM2, *e.TeachingAreaM2)
			}
		}},
		{"relocate", `  - {id: a, year: 2022, kind: relocate, school: e, to: n}`, func(t *testing.T, r *simulate.Result) {
			e, n := school(t, r, 2022, "e"), school(t, r, 2022, "n")
			if e.Loc != (orb.Point{86.8985, 44.195}) || *e.TeachingAreaM2 != 5000 || *e.SportsAreaM2 != 9000 {
				t.Errorf("e at %v with %g m², %g m²; want n's place, 5000 and 9000", e.Loc, *e.TeachingAreaM2, *e.SportsAreaM2)
			}
			if n.HasLevel(dataset.Primary) || *n.TeachingAreaM2 != 0 {
				t.Errorf("n keeps seats %d or area %g after e took it", n.PrimarySeats, *n.TeachingAreaM2)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, run(t, town(20, 100), header+tc.yaml+"\n", 2022, config.Default(), nil))
		})
	}
}

const moveW = `  - id: w-out
    year: 2022
    kind: move_intake
    school: w
    level: primary
    receivers: [{school: e, share: 1}]
    mode: %s
`

// TestPhaseOutVersusMoveAll: w's primary section moves to e in 2022. Phased
// out, w keeps its 20 pupils of grade 3 (grade 4 in 2022, grade 5 in 2023)
// and takes no entrants; moved all at once, they are at e in 2022 and w
// has none.
func TestPhaseOutVersusMoveAll(t *testing.T) {
	phase := run(t, town(20, 100), header+fmt.Sprintf(moveW, "phase_out"), 2023, config.Default(), nil)
	w := section(t, phase, 2022, "w", dataset.Primary)
	if w.ByGrade[3] != 20 || w.Entrants != 0 || w.Students != 20 || !w.Closed {
		t.Errorf("phase_out 2022: w grade 4 %d, entrants %d, students %d, closed %v; want 20, 0, 20, true", w.ByGrade[3], w.Entrants, w.Students, w.Closed)
	}
	if e := section(t, phase, 2022, "e", dataset.Primary); e.Entrants != 20 || e.ByGrade[3] != 0 {
		t.Errorf("phase_out 2022: e took %d entrants and has %d in grade 4; want all 20, 0", e.Entrants, e.ByGrade[3])
	}
	if w := section(t, phase, 2023, "w", dataset.Primary); w.ByGrade[4] != 20 || w.Students != 20 {
		t.Errorf("phase_out 2023: w grade 5 %d, students %d; want 20, 20", w.ByGrade[4], w.Students)
	}
	all := run(t, town(20, 100), header+fmt.Sprintf(moveW, "all"), 2022, config.Default(), nil)
	if w := section(t, all, 2022, "w", dataset.Primary); w.Students != 0 {
		t.Errorf("all 2022: w keeps %d pupils, want 0", w.Students)
	}
	if e := section(t, all, 2022, "e", dataset.Primary); e.ByGrade[3] != 20 || e.Students != 40 {
		t.Errorf("all 2022: e grade 4 %d, students %d; want 20 moved and 20+20 in all", e.ByGrade[3], e.Students)
	}
}

// TestSplitByShare: w's primary pupils split 50/50 between e and n (opened
// the same year) go 10 and 10.
func TestSplitByShare(t *testing.T) {
	yaml := header + `  - {id: open-n, year: 2022, kind: open, school: n, seats: {primary: 100}}
  - id: w-out
    year: 2022
    kind: move_intake
    school: w
    level: primary
    receivers: [{school: e, share: 0.5}, {school: n, share: 0.5}]
    mode: all
`
	r := run(t, town(20, 100), yaml, 2022, config.Default(), nil)
	if e, n := section(t, r, 2022, "e", dataset.Primary), section(t, r, 2022, "n", dataset.Primary); e.ByGrade[3] != 10 || n.ByGrade[3] != 10 {
		t.Errorf("grade 4: e %d, n %d; want 10 and 10", e.ByGrade[3], n.ByGrade[3])
	}
}

// TestDelayedEvent: delaying the move of w's pupils by a year leaves them at
// w in 2022 (20 in grade 4) and moves them in 2023 (20 in grade 5 at e).
func TestDelayedEvent(t *testing.T) {
	yaml := header + fmt.Sprintf(moveW, "all")
	r := run(t, town(20, 100), yaml, 2023, config.Default(), func(s *scenario.Scenario) {
		if err := s.Delay("w-out", 1); err != nil {
			t.Fatal(err)
		}
	})
	if w := section(t, r, 2022, "w", dataset.Primary); w.ByGrade[3] != 20 {
		t.Errorf("2022: w grade 4 %d, want 20 (the move is delayed to 2023)", w.ByGrade[3])
	}
	if e := section(t, r, 2023, "e", dataset.Primary); e.ByGrade[4] != 20 {
		t.Errorf("2023: e grade 5 %d, want 20", e.ByGrade[4])
	}
	if w := section(t, r, 2023, "w", dataset.Primary); w.Students != 0 {
		t.Errorf("2023: w keeps %d pupils, want 0", w.Students)
	}
}

// TestCompliancePerYear: the building raises w's floor area per pupil: in
// 2021 w has 20 pupils and 1000 m² (50 m² each, passing), and the figure
// simulation.csv reports for 2022 is (1000+500)/(w's pupils).
func TestCompliancePerYear(t *testing.T) {
	yaml := header + `  - {id: a, year: 2022, kind: build, school: w, teaching_area_m2: 500}` + "\n"
	r := run(t, town(20, 100), yaml, 2022, config.Default(), nil)
	var b strings.Builder
	if err := r.WriteSimulationCSV(&b); err != nil {
		t.Fatal(err)
	}
	w := section(t, r, 2022, "w", dataset.Primary)
	campus := w.CampusStudents
	want := 1500.0 / float64(campus)
	found := false
	for _, c := range r.Year(2022).Report.Checks {
		if c.SchoolID == "w" && c.Key == "teaching_area_m2" && c.Value != nil {
			found = true
			if d := *c.Value - want; d > 1e-9 || d < -1e-9 {
				t.Errorf("w 2022 teaching area per pupil %g, want 1500/%d = %g", *c.Value, campus, want)
			}
		}
	}
	if !found {
		t.Error("no teaching_area_m2 check for w in 2022")
	}
	if !strings.Contains(b.String(), "2022,w,西学校,primary,") {
		t.Errorf("simulation.csv lacks w's 2022 row:\n%s", b.String())
	}
}
