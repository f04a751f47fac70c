package simulate_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// privateTown is a county of one public school p (1000 primary and junior
// seats) and one private school q (20 primary seats, no junior section),
// homes along 2 km east–west, one child each unless said.
//
// Base year 2021, pupils of grades 1–3: at q 10 migrants, 6 holding a
// residence permit (grades 1, 1, 2, 2, 3, 3) and 4 without (1, 1, 2, 3);
// at p 24 permit holders, 16 other migrants and 20 locals. Shares: permit
// 6/30 = 0.2, other 4/20 = 0.2, local 0. Household s1 has the permit
// holder of grade 2 at q and a child entering in 2022; s2 the permit
// holder of grade 1 at q and one entering in 2024.
//
// Entrants (permit, other, local): 2022 (20 with s1's, 10, 5), 2023 (27,
// 20, 5), 2024 (13 with s2's, 5, 0), 2025 (10, 10, 0).
func privateTown() *dataset.Dataset {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2021}}
	ds.Schools = []dataset.School{
		{ID: "p", Name: "公办学校", Loc: orb.Point{86.880, 44.19}, PrimarySeats: 1000, JuniorSeats: 1000, AreaType: dataset.Urban, Public: true,
			TeachingAreaM2: ptr(20000), SportsAreaM2: ptr(30000)},
		{ID: "q", Name: "民办学校", Loc: orb.Point{86.895, 44.19}, PrimarySeats: 20, AreaType: dataset.Urban,
			TeachingAreaM2: ptr(500), SportsAreaM2: ptr(800)},
	}
	n := 0
	home := func(id string, hukou dataset.Hukou, permit bool) string {
		if id == "" {
			id = fmt.Sprintf("h%03d", n)
		}
		ds.Households = append(ds.Households, dataset.Household{ID: id, Loc: orb.Point{86.875 + 0.025*float64(n%50)/49, 44.19 + 0.001*float64(n%3)},
			Address: fmt.Sprintf("测试镇园林路%d号", n+1), Hukou: hukou, Permit: permit})
		n++
		return id
	}
	child := func(h string, grade, birth int, school string) {
		if grade > 0 {
			birth = 2021 - 6 - grade + 1
		}
		ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("c%03d", len(ds.Children)), HouseholdID: h, BirthYear: birth, Grade: grade, SchoolID: school})
	}
	for i, g := range []int{1, 1, 2, 2, 3, 3} {
		id := ""
		switch i {
		case 0:
			id = "s2"
		case 2:
			id = "s1"
		}
		child(home(id, dataset.Migrant, true), g, 0, "q")
	}
	for _, g := range []int{1, 1, 2, 3} {
		child(home("", dataset.Migrant, false), g, 0, "q")
	}
	for i := 0; i < 24; i++ {
		child(home("", dataset.Migrant, true), 1+i%3, 0, "p")
	}
	for i := 0; i < 16; i++ {
		child(home("", dataset.Migrant, false), 1+i%3, 0, "p")
	}
	for i := 0; i < 20; i++ {
		child(home("", dataset.Local, false), 1+i%3, 0, "p")
	}
	child("s1", 0, 2016, "")
	child("s2", 0, 2018, "")
	for _, e := range []struct{ birth, permit, other, local int }{
		{2016, 19, 10, 5}, {2017, 27, 20, 5}, {2018, 12, 5, 0}, {2019, 10, 10, 0},
	} {
		for i := 0; i < e.permit; i++ {
			child(home("", dataset.Migrant, true), 0, e.birth, "")
		}
		for i := 0; i < e.other; i++ {
			child(home("", dataset.Migrant, false), 0, e.birth, "")
		}
		for i := 0; i < e.local; i++ {
			child(home("", dataset.Local, false), 0, e.birth, "")
		}
	}
	ds.Boundary = orb.MultiPolygon{{{{86.87, 44.18}, {86.91, 44.18}, {86.91, 44.20}, {86.87, 44.20}, {86.87, 44.18}}}}
	ds.Index()
	return ds
}

func runPrivate(t *testing.T, ds *dataset.Dataset, off bool) *simulate.Result {
	t.Helper()
	zero := 0.0
	r, err := simulate.Run(context.Background(), ds, simulate.Options{To: 2025, Config: config.Default(), BirthTrend: &zero, NoPrivateChoice: off})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestPrivateChoiceTown: q's entrants by choice each year, worked out by
// hand from the rule (engine.PrivateChoice.Choose): quota = round(0.2 ×
// entrants of the category), capped by q's intake places = 20 − its
// continuing pupils.
//
//	2022: places 20 − 10 = 10; s1's child first (older sibling at q), then
//	      permit 4 − 1 = 3 and other round(2) = 2: 4 permit, 2 other.
//	2023: places 20 − 16 = 4; quotas permit round(5.4) = 5, other 4, 9 > 4:
//	      4·5/9 = 2 r 2, 4·4/9 = 1 r 7, the last place to other: 2 and 2.
//	2024: places 20 − 20 = 0: nobody, and s2's child goes to p.
//	2025: q's 3 pupils of grade 3 in 2021 have left: places 20 − 17 = 3;
//	      quotas 2 and 2: 3·2/4 = 1 r 2 each, the tie to permit: 2 and 1.
func TestPrivateChoiceTown(t *testing.T) {
	ds := privateTown()
	r := runPrivate(t, ds, false)
	want := map[int][2]int{2022: {4, 2}, 2023: {2, 2}, 2024: {0, 0}, 2025: {2, 1}} // permit, other
	places := map[int]int{2022: 10, 2023: 4, 2024: 0, 2025: 3}
	for y, w := range want {
		sec := section(t, r, y, "q", dataset.Primary)
		if sec.Capacity != places[y] {
			t.Errorf("%d: q's intake places %d, want %d", y, sec.Capacity, places[y])
		}
		if sec.Chosen != w[0]+w[1] || sec.Entrants != sec.Chosen {
			t.Errorf("%d: q took %d entrants, %d by choice; want %d, all by choice", y, sec.Entrants, sec.Chosen, w[0]+w[1])
		}
		if sec.Entrants > sec.Capacity {
			t.Errorf("%d: q took %d entrants for %d places", y, sec.Entrants, sec.Capacity)
		}
		var got [2]int
		lr := r.Year(y).Result.Level(dataset.Primary)
		for _, s := range lr.Seats {
			h := r.Dataset.Household(r.Dataset.Children[s.Child].HouseholdID)
			if s.Reason == engine.SeatPrivateChoice {
				if s.School != 1 || s.Zoned || h.Hukou != dataset.Migrant {
					t.Errorf("%d: chosen seat %+v of a %s household", y, s, h.Hukou)
				}
				if h.Permit {
					got[0]++
				} else {
					got[1]++
				}
			}
		}
		if got != w {
			t.Errorf("%d: chosen permit, other = %v, want %v", y, got, w)
		}
	}
	// Siblings: s1's child at q in 2022; in 2024 q has no place for s2's.
	at := func(y int, h string) engine.Seat {
		for _, s := range r.Year(y).Result.Level(dataset.Primary).Seats {
			if r.Dataset.Children[s.Child].HouseholdID == h {
				return s
			}
		}
		t.Fatalf("%d: no entrant of %s", y, h)
		return engine.Seat{}
	}
	if s := at(2022, "s1"); s.School != 1 || s.Reason != engine.SeatPrivateChoice {
		t.Errorf("2022: s1's entrant %+v, want at q by choice (older sibling there)", s)
	}
	if s := at(2024, "s2"); s.School != 0 || !s.Zoned {
		t.Errorf("2024: s2's entrant %+v, want zoned at p (q has no place)", s)
	}
	// The choosers are not places the government bought: of the 50 permit
	// holders at school in 2022 (30 pupils and 20 entrants), the 6 pupils
	// and 4 entrants at q are not in public schools.
	if c := r.Year(2022).County; c.MigrantsEligible != 50 || c.MigrantsPublic != 40 {
		t.Errorf("2022: %d of %d permit holders in public schools, want 40 of 50", c.MigrantsPublic, c.MigrantsEligible)
	}

	// The others are placed as without the choice: every entrant at p,
	// zoned, at the same distance.
	off := runPrivate(t, ds, true)
	for _, y := range off.Years[1:] {
		for _, lr := range y.Result.Levels {
			seat := map[int]engine.Seat{}
			for _, s := range lr.Seats {
				if s.School != 0 || !s.Zoned {
					t.Errorf("%d without the choice: %+v, want every entrant zoned at p", y.Year, s)
				}
				seat[s.Child] = s
			}
			for _, s := range r.Year(y.Year).Result.Level(lr.Level).Seats {
				if s.Reason != engine.SeatPrivateChoice && s != seat[s.Child] {
					t.Errorf("%d: %+v, without the choice %+v", y.Year, s, seat[s.Child])
				}
			}
		}
		if s := section(t, off, y.Year, "q", dataset.Primary); s.Entrants != 0 || s.Chosen != 0 {
			t.Errorf("%d without the choice: q took %d entrants (%d by choice)", y.Year, s.Entrants, s.Chosen)
		}
	}

	// Deterministic: a second run writes the same files.
	a, err := r.Files()
	if err != nil {
		t.Fatal(err)
	}
	b, err := runPrivate(t, ds, false).Files()
	if err != nil {
		t.Fatal(err)
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	// simulation.csv reports the choosers; the summary names them.
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(a["simulation.csv"], []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "chosen_entrants")
	found := false
	for _, row := range rows[1:] {
		if row[0] == "2022" && row[1] == "q" && row[3] == "primary" {
			found = true
			if col < 0 || row[col] != "6" {
				t.Errorf("simulation.csv: q 2022 chosen_entrants column %d of %v, want 6", col, row)
			}
		}
	}
	if !found {
		t.Error("simulation.csv has no row of q in 2022")
	}
	var sum strings.Builder
	r.Summary(&sum, 2025)
	if !strings.Contains(sum.String(), "2022: ") || !strings.Contains(sum.String(), "chose a private school: 民办学校 primary 6") {
		t.Errorf("summary does not name 2022's 6 choosers:\n%s", sum.String())
	}
}

// TestPrivateChoiceModel: a model given in the options replaces the
// estimate; NoPrivateChoice wins over it.
func TestPrivateChoiceModel(t *testing.T) {
	ds := privateTown()
	half := &engine.PrivateChoice{Sections: []engine.ChoiceSection{{SchoolID: "q", Level: dataset.Primary, Pupils: [3]int{0, 1, 1}, County: [3]int{0, 2, 2}}}}
	zero := 0.0
	for _, tc := range []struct {
		name string
		off  bool
		want int // q's 2022 choosers: round(0.5 × 20) + round(0.5 × 10) = 15 > 10 places, so 10; none when off
	}{{"given model", false, 10}, {"off", true, 0}} {
		r, err := simulate.Run(context.Background(), ds, simulate.Options{To: 2022, Config: config.Default(), BirthTrend: &zero,
			PrivateChoice: half, NoPrivateChoice: tc.off})
		if err != nil {
			t.Fatal(err)
		}
		if got := section(t, r, 2022, "q", dataset.Primary).Chosen; got != tc.want {
			t.Errorf("%s: %d chose q, want %d", tc.name, got, tc.want)
		}
		if (r.Choice != nil) == tc.off {
			t.Errorf("%s: Result.Choice %v", tc.name, r.Choice)
		}
	}
}

// TestPrivateChoiceDefault: on the default county under its plan, the
// private school 呼图壁县育才学校 keeps its pupils: in 2026 within ±25% of the
// base year's, with entrants by choice in both sections every year.
func TestPrivateChoiceDefault(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates the default county")
	}
	const id, year = "mb01", 2026
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		t.Fatal(err)
	}
	j := ds.SchoolIndex(id)
	if j < 0 || ds.Schools[j].Public {
		t.Fatalf("%s is not a private school of the default dataset", id)
	}
	sc, err := scenario.Parse(data.HutubiPlan(), data.PlanName)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Zoning.TimeLimitS = 0 // the same zones on any machine, under -race too
	r, err := simulate.Run(context.Background(), ds, simulate.Options{To: year, Config: cfg, Scenario: sc})
	if err != nil {
		t.Fatal(err)
	}
	pupils := func(y int) int {
		n := 0
		for _, l := range dataset.Levels {
			n += section(t, r, y, id, l).Students
		}
		return n
	}
	base, got := pupils(ds.Meta.BaseYear), pupils(year)
	if math.Abs(float64(got-base)) > 0.25*float64(base) {
		t.Errorf("%s: %d pupils in %d, %d in %d: want within ±25%%", id, got, year, base, ds.Meta.BaseYear)
	}
	for y := ds.Meta.BaseYear + 1; y <= year; y++ {
		for _, l := range dataset.Levels {
			if s := section(t, r, y, id, l); s.Chosen == 0 || s.Chosen > s.Capacity {
				t.Errorf("%d: %s %s: %d entrants by choice for %d places", y, id, l, s.Chosen, s.Capacity)
			}
		}
	}
	for _, c := range r.Year(year).Report.Checks {
		if c.Level == string(dataset.Primary) && strings.HasPrefix(c.Key, "cv_") && c.Value != nil {
			t.Logf("%d primary %s = %.3f (pass %v)", year, c.Key, *c.Value, c.Pass)
		}
	}
}
