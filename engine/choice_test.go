package engine

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
)

// Near homes lie about 240 m east of the private school q (ring 0), far ones
// about 3.6 km east (0.045° of longitude at 44.19° N on a sphere of
// 6,371,008.8 m: 0.045 × 111,195 × cos 44.19° ≈ 3,587 m, ring 3).
var (
	choiceQ    = orb.Point{86.900, 44.19}
	choiceNear = orb.Point{86.903, 44.19}
	choiceFar  = orb.Point{86.945, 44.19}
)

// choiceDataset: a public school p and a private school q (primary and
// junior). kids lists households: category, home, and the children
// (base-year grade and school, or birth year for grade 0).
type choiceKid struct {
	grade, birth int
	school       string
}

type choiceHome struct {
	prio Priority
	loc  orb.Point
	kids []choiceKid
}

func choiceDataset(homes []choiceHome) *dataset.Dataset {
	ds := &dataset.Dataset{Meta: dataset.Meta{BaseYear: 2021}}
	ds.Schools = []dataset.School{
		{ID: "p", Loc: orb.Point{86.88, 44.19}, PrimarySeats: 1000, JuniorSeats: 1000, Public: true},
		{ID: "q", Loc: choiceQ, PrimarySeats: 100, JuniorSeats: 100},
	}
	for i, h := range homes {
		hh := dataset.Household{ID: fmt.Sprintf("h%03d", i), Loc: h.loc, Hukou: dataset.Local}
		if h.prio != PriorityLocal {
			hh.Hukou, hh.Permit = dataset.Migrant, h.prio == PriorityPermit
		}
		ds.Households = append(ds.Households, hh)
		for k, c := range h.kids {
			birth := c.birth
			if c.grade > 0 {
				birth = 2021 - 6 - c.grade + 1
			}
			ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("c%03d-%d", i, k), HouseholdID: hh.ID,
				BirthYear: birth, Grade: c.grade, SchoolID: c.school})
		}
	}
	ds.Index()
	return ds
}

// repeat returns n single-child households.
func repeat(n int, prio Priority, loc orb.Point, kid choiceKid) []choiceHome {
	out := make([]choiceHome, n)
	for i := range out {
		out[i] = choiceHome{prio: prio, loc: loc, kids: []choiceKid{kid}}
	}
	return out
}

func TestRings(t *testing.T) {
	for _, tc := range []struct {
		p    orb.Point
		ring int
	}{{choiceNear, 0}, {choiceFar, 3}} {
		if got := ringOf(geo.Distance(tc.p, choiceQ)); got != tc.ring {
			t.Fatalf("%v: ring %d, want %d (the fixtures' premise)", tc.p, got, tc.ring)
		}
	}
	for _, tc := range []struct {
		d    float64
		ring int
	}{{-1, 0}, {0, 0}, {999.9, 0}, {1000, 1}, {9999, 9}, {10000, 10}, {1e6, 10}, {math.NaN(), 0}} {
		if got := ringOf(tc.d); got != tc.ring {
			t.Errorf("ringOf(%g) = %d, want %d", tc.d, got, tc.ring)
		}
	}
}

// TestEstimatePrivateChoice: base-year reference pupils (grades 1–3)
// 10 locals far, all at p; 20 permit holders, 10 near (5 at q) and 10 far
// (none at q); 10 other migrants near, 2 at q. Grade 4 at q and grade 7
// are not primary reference grades. Shares: permit 5/20, other 2/10, local
// 0/10. Ring 0 expects 10·0.25 + 10·0.2 = 4.5 and has 7: (7+2)/(4.5+2);
// ring 3 expects 10·0.25 + 10·0 = 2.5 and has 0: 2/(2.5+2); the empty
// rings 1. Junior (grade 7): 4 permit near, 1 at q; 4 local far, none.
func TestEstimatePrivateChoice(t *testing.T) {
	var homes []choiceHome
	homes = append(homes, repeat(10, PriorityLocal, choiceFar, choiceKid{grade: 2, school: "p"})...)
	homes = append(homes, repeat(5, PriorityPermit, choiceNear, choiceKid{grade: 1, school: "q"})...)
	homes = append(homes, repeat(5, PriorityPermit, choiceNear, choiceKid{grade: 3, school: "p"})...)
	homes = append(homes, repeat(10, PriorityPermit, choiceFar, choiceKid{grade: 2, school: "p"})...)
	homes = append(homes, repeat(2, PriorityOther, choiceNear, choiceKid{grade: 3, school: "q"})...)
	homes = append(homes, repeat(8, PriorityOther, choiceNear, choiceKid{grade: 1, school: "p"})...)
	homes = append(homes, repeat(6, PriorityPermit, choiceNear, choiceKid{grade: 4, school: "q"})...)
	homes = append(homes, repeat(1, PriorityPermit, choiceNear, choiceKid{grade: 7, school: "q"})...)
	homes = append(homes, repeat(3, PriorityPermit, choiceNear, choiceKid{grade: 7, school: "p"})...)
	homes = append(homes, repeat(4, PriorityLocal, choiceFar, choiceKid{grade: 7, school: "p"})...)
	homes = append(homes, repeat(3, PriorityOther, choiceNear, choiceKid{birth: 2016})...) // not yet at school
	ds := choiceDataset(homes)
	m := EstimatePrivateChoice(ds)
	if len(m.Sections) != 2 {
		t.Fatalf("%d sections, want q's primary and junior: %+v", len(m.Sections), m.Sections)
	}
	pr, jr := m.Sections[0], m.Sections[1]
	if pr.SchoolID != "q" || pr.Level != dataset.Primary || pr.FirstGrade != 1 || pr.LastGrade != 3 {
		t.Errorf("primary section %+v", pr)
	}
	if pr.Pupils != [3]int{0, 5, 2} || pr.County != [3]int{10, 20, 10} {
		t.Errorf("primary pupils %v of %v, want [0 5 2] of [10 20 10]", pr.Pupils, pr.County)
	}
	for p, want := range []float64{0, 0.25, 0.2} {
		if got := pr.Share(Priority(p)); math.Abs(got-want) > 1e-12 {
			t.Errorf("primary share %v = %g, want %g", Priority(p), got, want)
		}
	}
	want := make([]float64, ChoiceBands)
	for b := range want {
		want[b] = 1
	}
	want[0], want[3] = 9/6.5, 2/4.5
	for b := range want {
		if b >= len(pr.Profile) || math.Abs(pr.Profile[b]-want[b]) > 1e-12 {
			t.Fatalf("profile %v, want %v", pr.Profile, want)
		}
	}
	if w := pr.Weight(geo.Distance(choiceFar, choiceQ)); math.Abs(w-2/4.5) > 1e-12 {
		t.Errorf("weight far %g, want %g", w, 2/4.5)
	}
	if jr.Level != dataset.Junior || jr.FirstGrade != 7 || jr.LastGrade != 7 || jr.Pupils != [3]int{0, 1, 0} || jr.County != [3]int{4, 4, 0} {
		t.Errorf("junior section %+v, want grade 7, pupils [0 1 0] of [4 4 0]", jr)
	}
	if s := jr.Share(PriorityOther); s != 0 {
		t.Errorf("junior share of others %g with none in the county, want 0", s)
	}
	// A public school, or a private one without reference pupils, has no
	// section.
	ds.Schools[1].Public = true
	if got := EstimatePrivateChoice(ds).Sections; len(got) != 0 {
		t.Errorf("sections of a county without private schools: %+v", got)
	}
}

// entrantsOf returns the entrants of a level in 2022 and the base-year
// enrolment advanced to 2022 (prev, next).
func entrantsOf(ds *dataset.Dataset, l dataset.Level) ([]int, *Enrolment, *Enrolment) {
	prev := BaseEnrolment(ds)
	return Entrants(ds, 2022, l), prev, prev.Advance(ds)
}

func count(ds *dataset.Dataset, seats []Seat) map[Priority]int {
	out := map[Priority]int{}
	for _, s := range seats {
		out[PriorityOf(ds.Household(ds.Children[s.Child].HouseholdID))]++
	}
	return out
}

// TestChooseQuota: the section's shares are local 0, permit 0.25, other
// 0.2; the 2022 entrants are single children near q. Quotas worked out by
// hand: round(share × entrants of the category), scaled down to the places
// (floor of each proportional part, the rest to the largest remainders).
func TestChooseQuota(t *testing.T) {
	sec := ChoiceSection{SchoolID: "q", Level: dataset.Primary, FirstGrade: 1, LastGrade: 3, Pupils: [3]int{0, 5, 2}, County: [3]int{10, 20, 10}}
	cases := []struct {
		name                  string
		local, permit, other  int
		places                int
		wantPermit, wantOther int
	}{
		{"ample places", 10, 20, 10, 100, 5, 2},
		{"round half away from zero", 0, 18, 13, 100, 5, 3}, // 4.5 → 5, 2.6 → 3
		// quotas 5 + 2 = 7 for 4 places: 4·5/7 = 2 r 6, 4·2/7 = 1 r 1, one left to permit.
		{"capped", 10, 20, 10, 4, 3, 1},
		// quotas 5 + 4 = 9 for 4 places: 20/9 = 2 r 2, 16/9 = 1 r 7: the last to other.
		{"capped, larger remainder", 0, 20, 20, 4, 2, 2},
		// quotas 2 + 2 for 3 places: 6/4 = 1 r 2 each: the tie to permit.
		{"capped, tie", 0, 8, 10, 3, 2, 1},
		{"no places", 10, 20, 10, 0, 0, 0},
		{"too few entrants to round up", 5, 1, 2, 100, 0, 0}, // 0.25 → 0, 0.4 → 0
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var homes []choiceHome
			homes = append(homes, repeat(tc.local, PriorityLocal, choiceNear, choiceKid{birth: 2016})...)
			homes = append(homes, repeat(tc.permit, PriorityPermit, choiceNear, choiceKid{birth: 2016})...)
			homes = append(homes, repeat(tc.other, PriorityOther, choiceNear, choiceKid{birth: 2016})...)
			ds := choiceDataset(homes)
			entrants, prev, next := entrantsOf(ds, dataset.Primary)
			m := &PrivateChoice{Sections: []ChoiceSection{sec}}
			seats := m.Choose(ds, dataset.Primary, entrants, []int{1000, tc.places}, prev, next, 42)
			got := count(ds, seats)
			if got[PriorityLocal] != 0 || got[PriorityPermit] != tc.wantPermit || got[PriorityOther] != tc.wantOther {
				t.Errorf("chosen %v, want permit %d, other %d, no local", got, tc.wantPermit, tc.wantOther)
			}
			for k, s := range seats {
				h := ds.Household(ds.Children[s.Child].HouseholdID)
				if s.School != 1 || s.Zoned || s.Reason != SeatPrivateChoice || s.DistanceM != geo.Distance(h.Loc, choiceQ) {
					t.Errorf("seat %+v, want at q, not zoned, private choice, home–q distance", s)
				}
				if k > 0 && slices.Index(entrants, seats[k-1].Child) >= slices.Index(entrants, s.Child) {
					t.Errorf("seats out of the entrants' order")
				}
			}
		})
	}
}

// TestChooseFamilies: siblings and a nine-year school's own pupils.
func TestChooseFamilies(t *testing.T) {
	sec := ChoiceSection{SchoolID: "q", Level: dataset.Primary, Pupils: [3]int{0, 0, 1}, County: [3]int{0, 0, 10}}
	entrant := choiceKid{birth: 2016}
	older := choiceKid{grade: 3, school: "q"}
	t.Run("older siblings at q come first, beyond the quota", func(t *testing.T) {
		// 10 other-migrant entrants: quota round(0.1 × 10) = 1, yet the
		// three with an older sibling at q all choose it.
		homes := repeat(7, PriorityOther, choiceNear, entrant)
		for range 3 {
			homes = append(homes, choiceHome{prio: PriorityOther, loc: choiceFar, kids: []choiceKid{older, entrant}})
		}
		ds := choiceDataset(homes)
		entrants, prev, next := entrantsOf(ds, dataset.Primary)
		seats := (&PrivateChoice{Sections: []ChoiceSection{sec}}).Choose(ds, dataset.Primary, entrants, []int{1000, 100}, prev, next, 1)
		if len(seats) != 3 {
			t.Fatalf("%d chosen, want the 3 with a sibling at q", len(seats))
		}
		for _, s := range seats {
			if h := ds.HouseholdIndex(ds.Children[s.Child].HouseholdID); h < 7 {
				t.Errorf("household %d without a sibling at q chosen", h)
			}
		}
		// Two places: two of the three.
		seats = (&PrivateChoice{Sections: []ChoiceSection{sec}}).Choose(ds, dataset.Primary, entrants, []int{1000, 2}, prev, next, 1)
		if len(seats) != 2 {
			t.Errorf("%d chosen for 2 places, want 2", len(seats))
		}
	})
	t.Run("twins are not split", func(t *testing.T) {
		// Twins with a sibling at q and one place: neither goes; the place
		// is the quota's (round(0.1 × 12) = 1) for a single child.
		homes := repeat(10, PriorityOther, choiceNear, entrant)
		homes = append(homes, choiceHome{prio: PriorityOther, loc: choiceNear, kids: []choiceKid{older, entrant, entrant}})
		ds := choiceDataset(homes)
		entrants, prev, next := entrantsOf(ds, dataset.Primary)
		seats := (&PrivateChoice{Sections: []ChoiceSection{sec}}).Choose(ds, dataset.Primary, entrants, []int{1000, 1}, prev, next, 1)
		if len(seats) != 1 || ds.Children[seats[0].Child].HouseholdID == "h010" {
			t.Errorf("chosen %+v, want one single child, not one twin", seats)
		}
		// Two places: the twins.
		seats = (&PrivateChoice{Sections: []ChoiceSection{sec}}).Choose(ds, dataset.Primary, entrants, []int{1000, 2}, prev, next, 1)
		if len(seats) != 2 || ds.Children[seats[0].Child].HouseholdID != "h010" || ds.Children[seats[1].Child].HouseholdID != "h010" {
			t.Errorf("chosen %+v, want the twins", seats)
		}
	})
	t.Run("a nine-year school's own pupils first, within the quota", func(t *testing.T) {
		// Junior: 10 permit entrants (grade 6 in 2021), 3 of them at q's
		// primary; quota round(0.2 × 10) = 2: two of those three.
		jsec := ChoiceSection{SchoolID: "q", Level: dataset.Junior, Pupils: [3]int{0, 1, 0}, County: [3]int{0, 5, 0}}
		homes := repeat(3, PriorityPermit, choiceFar, choiceKid{grade: 6, school: "q"})
		homes = append(homes, repeat(7, PriorityPermit, choiceNear, choiceKid{grade: 6, school: "p"})...)
		ds := choiceDataset(homes)
		entrants, prev, next := entrantsOf(ds, dataset.Junior)
		seats := (&PrivateChoice{Sections: []ChoiceSection{jsec}}).Choose(ds, dataset.Junior, entrants, []int{1000, 100}, prev, next, 1)
		if len(seats) != 2 {
			t.Fatalf("%d chosen, want 2", len(seats))
		}
		for _, s := range seats {
			if prev.School[s.Child] != 1 {
				t.Errorf("%s chosen, not one of q's grade-6 pupils", ds.Children[s.Child].ID)
			}
		}
	})
}

// TestChooseDraw: the draw is seeded, does not depend on the entrants'
// order, and follows the distance profile.
func TestChooseDraw(t *testing.T) {
	homes := repeat(40, PriorityPermit, choiceNear, choiceKid{birth: 2016})
	homes = append(homes, repeat(40, PriorityPermit, choiceFar, choiceKid{birth: 2016})...)
	ds := choiceDataset(homes)
	entrants, prev, next := entrantsOf(ds, dataset.Primary)
	flat := ChoiceSection{SchoolID: "q", Level: dataset.Primary, Pupils: [3]int{0, 1, 0}, County: [3]int{0, 4, 0}} // quota 20
	near := flat
	near.Profile = []float64{4, 1, 1, 0.25} // ring 0 sixteen times ring 3
	set := func(sec ChoiceSection, seed uint64, order []int) []int {
		var out []int
		for _, s := range (&PrivateChoice{Sections: []ChoiceSection{sec}}).Choose(ds, dataset.Primary, order, []int{1000, 100}, prev, next, seed) {
			out = append(out, s.Child)
		}
		slices.Sort(out)
		return out
	}
	a := set(flat, 7, entrants)
	if len(a) != 20 {
		t.Fatalf("%d chosen, want round(0.25 × 80) = 20", len(a))
	}
	reversed := slices.Clone(entrants)
	slices.Reverse(reversed)
	if b := set(flat, 7, reversed); !slices.Equal(a, b) {
		t.Errorf("the draw depends on the entrants' order:\n%v\n%v", a, b)
	}
	if b := set(flat, 7, entrants); !slices.Equal(a, b) {
		t.Error("two draws with one seed differ")
	}
	differ := false
	for seed := uint64(8); seed < 12 && !differ; seed++ {
		differ = !slices.Equal(a, set(flat, seed, entrants))
	}
	if !differ {
		t.Error("four other seeds draw the same 20 of 80")
	}
	// Over 200 seeds: with a flat profile near and far families are drawn
	// alike (each 10 of 20 on average: the mean lies within ±1 of it, 5
	// standard errors); with the near profile the near ones dominate.
	const seeds = 200
	var flatNear, nearNear float64
	for seed := range uint64(seeds) {
		for _, ci := range set(flat, seed, entrants) {
			if ds.HouseholdIndex(ds.Children[ci].HouseholdID) < 40 {
				flatNear++
			}
		}
		for _, ci := range set(near, seed, entrants) {
			if ds.HouseholdIndex(ds.Children[ci].HouseholdID) < 40 {
				nearNear++
			}
		}
	}
	flatNear /= seeds
	nearNear /= seeds
	if math.Abs(flatNear-10) > 1 {
		t.Errorf("flat profile: %.2f of 20 near on average, want about 10", flatNear)
	}
	if nearNear < 17 {
		t.Errorf("near profile: %.2f of 20 near on average, want at least 17", nearNear)
	}
}

func TestChooseOff(t *testing.T) {
	ds := choiceDataset(repeat(10, PriorityPermit, choiceNear, choiceKid{birth: 2016}))
	entrants, prev, next := entrantsOf(ds, dataset.Primary)
	var m *PrivateChoice
	if s := m.Choose(ds, dataset.Primary, entrants, []int{1000, 100}, prev, next, 1); s != nil {
		t.Errorf("nil model chose %v", s)
	}
	pub := &PrivateChoice{Sections: []ChoiceSection{{SchoolID: "p", Level: dataset.Primary, Pupils: [3]int{0, 1, 0}, County: [3]int{0, 1, 0}}}}
	if s := pub.Choose(ds, dataset.Primary, entrants, []int{1000, 100}, prev, next, 1); s != nil {
		t.Errorf("a public school's section chose %v", s)
	}
	if SeatByZones.String() != "zones" || SeatPrivateChoice.String() != "private_choice" {
		t.Errorf("reasons %q %q", SeatByZones, SeatPrivateChoice)
	}
}

func TestScaleQuota(t *testing.T) {
	// Property: never above the places nor a quota, the places all used
	// when the quotas exceed them, and each within 1 of its proportional
	// part.
	for a := 0; a <= 12; a++ {
		for b := 0; b <= 12; b++ {
			for c := 0; c <= 6; c++ {
				for free := 0; free <= 30; free++ {
					q := [3]int{a, b, c}
					got := scaleQuota(q, free)
					sum := a + b + c
					total := got[0] + got[1] + got[2]
					if sum <= free {
						if got != q {
							t.Fatalf("scaleQuota(%v, %d) = %v, want unchanged", q, free, got)
						}
						continue
					}
					if total != free {
						t.Fatalf("scaleQuota(%v, %d) = %v, sums to %d", q, free, got, total)
					}
					for p := range q {
						exact := float64(free) * float64(q[p]) / float64(sum)
						if got[p] > q[p] || math.Abs(float64(got[p])-exact) >= 1 {
							t.Fatalf("scaleQuota(%v, %d) = %v: %d for a proportional %g", q, free, got, got[p], exact)
						}
					}
				}
			}
		}
	}
}

func BenchmarkChoose(b *testing.B) {
	homes := repeat(2000, PriorityPermit, choiceNear, choiceKid{birth: 2016})
	homes = append(homes, repeat(2000, PriorityOther, choiceFar, choiceKid{grade: 3, school: "q"})...)
	ds := choiceDataset(homes)
	entrants, prev, next := entrantsOf(ds, dataset.Primary)
	m := &PrivateChoice{Sections: []ChoiceSection{{SchoolID: "q", Level: dataset.Primary, Pupils: [3]int{0, 1, 1}, County: [3]int{0, 4, 4}}}}
	for b.Loop() {
		m.Choose(ds, dataset.Primary, entrants, []int{1000, 500}, prev, next, 1)
	}
}

// TestRunPrivateChoice: engine.Run with the option. 30 permit-holder
// entrants near q, share 0.2 → 6 choose q, seated first and in the
// entrants' order; the other 24 go through the zone of p, the only public
// school, as without the option.
func TestRunPrivateChoice(t *testing.T) {
	ds := choiceDataset(repeat(30, PriorityPermit, choiceNear, choiceKid{birth: 2016}))
	ds.Boundary = orb.MultiPolygon{{{{86.87, 44.18}, {86.95, 44.18}, {86.95, 44.20}, {86.87, 44.20}, {86.87, 44.18}}}}
	m := &PrivateChoice{Sections: []ChoiceSection{{SchoolID: "q", Level: dataset.Primary, Pupils: [3]int{0, 1, 0}, County: [3]int{0, 5, 0}}}}
	run := func(m *PrivateChoice) *LevelResult {
		t.Helper()
		res, err := Run(t.Context(), ds, RunOptions{Year: 2022, Config: config.Default(), PrivateChoice: m})
		if err != nil {
			t.Fatal(err)
		}
		return res.Level(dataset.Primary)
	}
	off, on := run(nil), run(m)
	offAt := map[int]Seat{}
	for _, s := range off.Seats {
		offAt[s.Child] = s
		if s.School != 0 || !s.Zoned || s.Reason != SeatByZones {
			t.Errorf("without the option: %+v, want every entrant zoned at p", s)
		}
	}
	chosen := 0
	for k, s := range on.Seats {
		if s.Child != on.Entrants[k] {
			t.Fatalf("seat %d is child %d, entrant %d: seats out of the entrants' order", k, s.Child, on.Entrants[k])
		}
		switch {
		case s.Reason == SeatPrivateChoice:
			chosen++
			if s.School != 1 || s.Zoned {
				t.Errorf("chosen seat %+v, want at q, not zoned", s)
			}
		case s != offAt[s.Child]:
			t.Errorf("%+v placed differently from %+v without the option", s, offAt[s.Child])
		}
	}
	if chosen != 6 {
		t.Errorf("%d chose q, want round(0.2 × 30) = 6", chosen)
	}
	if on.Schools[1].Capacity != off.Schools[1].Capacity {
		t.Errorf("q's intake capacity %d with the option, %d without: want the engine's either way", on.Schools[1].Capacity, off.Schools[1].Capacity)
	}
	demand := 0
	for _, d := range on.problem.Demand {
		demand += d
	}
	if demand != 24 {
		t.Errorf("the zones were drawn for %d entrants, want the 24 who did not choose q", demand)
	}
}

// A private school q with 5 of 20 permit holders and 2 of 10 other
// migrants of grades 1–3: the next year, 20 permit-holder and 10 other
// entrants give quotas round(0.25 × 20) = 5 and round(0.2 × 10) = 2.
func ExampleEstimatePrivateChoice() {
	var homes []choiceHome
	homes = append(homes, repeat(5, PriorityPermit, choiceNear, choiceKid{grade: 2, school: "q"})...)
	homes = append(homes, repeat(15, PriorityPermit, choiceNear, choiceKid{grade: 2, school: "p"})...)
	homes = append(homes, repeat(2, PriorityOther, choiceNear, choiceKid{grade: 1, school: "q"})...)
	homes = append(homes, repeat(8, PriorityOther, choiceNear, choiceKid{grade: 3, school: "p"})...)
	homes = append(homes, repeat(20, PriorityPermit, choiceNear, choiceKid{birth: 2016})...)
	homes = append(homes, repeat(10, PriorityOther, choiceNear, choiceKid{birth: 2016})...)
	ds := choiceDataset(homes)
	m := EstimatePrivateChoice(ds)
	for _, s := range m.Sections {
		fmt.Printf("%s %s: local %.2f, permit %.2f, other %.2f\n", s.SchoolID, s.Level,
			s.Share(PriorityLocal), s.Share(PriorityPermit), s.Share(PriorityOther))
	}
	prev := BaseEnrolment(ds)
	next := prev.Advance(ds)
	capacity := prev.IntakeCapacity(ds, dataset.Primary, false)
	seats := m.Choose(ds, dataset.Primary, Entrants(ds, 2022, dataset.Primary), capacity, prev, next, 1)
	fmt.Println(len(seats), "entrants choose q, reason", seats[0].Reason)
	// Output:
	// q primary: local 0.00, permit 0.25, other 0.20
	// 7 entrants choose q, reason private_choice
}
