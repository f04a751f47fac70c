package engine

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// smallDataset: two schools 1 km apart; households given as (hukou,
// permit, children).
func smallDataset(homes []dataset.Household, kids map[string]int) *dataset.Dataset {
	ds := &dataset.Dataset{Meta: dataset.Meta{BaseYear: 2021}}
	ds.Schools = []dataset.School{
		{ID: "a", Loc: orb.Point{86.90, 44.19}, PrimarySeats: 100, Public: true},
		{ID: "b", Loc: orb.Point{86.9125, 44.19}, PrimarySeats: 100, Public: true},
	}
	ds.Households = homes
	for _, h := range homes {
		for k := 0; k < kids[h.ID]; k++ {
			ds.Children = append(ds.Children, dataset.Child{ID: h.ID + string(rune('0'+k)), HouseholdID: h.ID, BirthYear: 2016})
		}
	}
	ds.Index()
	return ds
}

func TestPlacePriority(t *testing.T) {
	home := orb.Point{86.901, 44.19} // 80 m from a, 920 m from b
	h := func(id string, hk dataset.Hukou, permit bool) dataset.Household {
		return dataset.Household{ID: id, Loc: home, Hukou: hk, Permit: permit}
	}
	cases := []struct {
		name     string
		homes    []dataset.Household
		kids     map[string]int
		capA     int
		capB     int
		wantA    []string // children seated at a, their zone school
		wantB    []string // children sent to b
		unplaced []string
	}{
		{
			name:  "locals before permit holders before others",
			homes: []dataset.Household{h("m1", dataset.Migrant, false), h("p1", dataset.Migrant, true), h("l1", dataset.Local, false), h("l2", dataset.Local, false)},
			kids:  map[string]int{"m1": 1, "p1": 1, "l1": 1, "l2": 1},
			capA:  3, capB: 5,
			wantA: []string{"p10", "l10", "l20"}, wantB: []string{"m10"},
		},
		{
			name:  "twins stay together; a single child takes the last place",
			homes: []dataset.Household{h("t", dataset.Local, false), h("s", dataset.Local, false)},
			kids:  map[string]int{"t": 2, "s": 1},
			capA:  1, capB: 5,
			wantA: []string{"s0"}, wantB: []string{"t0", "t1"},
		},
		{
			name:  "no place anywhere",
			homes: []dataset.Household{h("l1", dataset.Local, false), h("m1", dataset.Migrant, false)},
			kids:  map[string]int{"l1": 1, "m1": 1},
			capA:  1, capB: 0,
			wantA: []string{"l10"}, unplaced: []string{"m10"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds := smallDataset(tc.homes, tc.kids)
			var entrants, zone []int
			for i := range ds.Children {
				entrants = append(entrants, i)
				zone = append(zone, 0)
			}
			seats, odds := Place(ds, Placement{Entrants: entrants, Zone: zone, Members: [][]int{{0}, {1}}, Capacity: []int{tc.capA, tc.capB}, Overflow: []int{0, 1}, Seed: 7})
			if len(odds) != 0 {
				t.Errorf("odds %v for single-school zones", odds)
			}
			got := map[int][]string{}
			for _, s := range seats {
				got[s.School] = append(got[s.School], ds.Children[s.Child].ID)
				if s.School == 0 && !s.Zoned || s.School == 1 && s.Zoned {
					t.Errorf("%s at %d zoned=%v", ds.Children[s.Child].ID, s.School, s.Zoned)
				}
			}
			for school, want := range map[int][]string{0: tc.wantA, 1: tc.wantB, -1: tc.unplaced} {
				if !sameSet(got[school], want) {
					t.Errorf("school %d got %v, want %v", school, got[school], want)
				}
			}
		})
	}
}

// TestPlaceSharedZone: a multi-school zone of a (near, 2 places) and b
// (far, 2 places) with five single-child households, three local and two
// migrants with a permit. Locals come first: by the lottery, two of them take
// a, the third b; one permit holder takes b's last place, the other none in
// the zone, and goes to the overflow school c. Worked by hand: a's odds are
// 2 of 3 locals and 0 of 2 permit holders; b had no first-choice applicant.
func TestPlaceSharedZone(t *testing.T) {
	home := orb.Point{86.901, 44.19}
	var homes []dataset.Household
	kids := map[string]int{}
	for i, hk := range []dataset.Hukou{dataset.Local, dataset.Local, dataset.Local, dataset.Migrant, dataset.Migrant} {
		id := string(rune('p' + i))
		homes = append(homes, dataset.Household{ID: id, Loc: home, Hukou: hk, Permit: hk == dataset.Migrant})
		kids[id] = 1
	}
	ds := smallDataset(homes, kids)
	ds.Schools = append(ds.Schools, dataset.School{ID: "c", Loc: orb.Point{86.95, 44.19}, PrimarySeats: 10, Public: true})
	var entrants, zone []int
	for i := range ds.Children {
		entrants = append(entrants, i)
		zone = append(zone, 0)
	}
	seats, odds := Place(ds, Placement{Entrants: entrants, Zone: zone, Members: [][]int{{0, 1}, {2}},
		Capacity: []int{2, 2, 10}, Overflow: []int{0, 1, 2}, Seed: 3})
	at := map[int]int{}
	zonedN := 0
	for _, s := range seats {
		at[s.School]++
		if s.Zoned {
			zonedN++
		}
		if s.Zoned != (s.School == 0 || s.School == 1) {
			t.Errorf("child %d at %d zoned %v", s.Child, s.School, s.Zoned)
		}
	}
	if at[0] != 2 || at[1] != 2 || at[2] != 1 || zonedN != 4 {
		t.Errorf("seated %v (zoned %d), want 2 at a, 2 at b, 1 at c; 4 zoned", at, zonedN)
	}
	want := map[int]Odds{
		0: {Zone: 0, School: 0, Applicants: [3]int{3, 2, 0}, Admitted: [3]int{2, 0, 0}},
		1: {Zone: 0, School: 1},
	}
	if len(odds) != 2 {
		t.Fatalf("odds %v", odds)
	}
	for _, o := range odds {
		if o != want[o.School] {
			t.Errorf("odds of school %d = %+v, want %+v", o.School, o, want[o.School])
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}

func TestClasses(t *testing.T) {
	cases := []struct{ n, cap, classes, largest int }{
		{0, 45, 0, 0}, {1, 45, 1, 1}, {45, 45, 1, 45}, {46, 45, 2, 23}, {91, 45, 3, 31}, {100, 50, 2, 50}, {101, 50, 3, 34},
	}
	for _, c := range cases {
		if k, l := Classes(c.n, c.cap); k != c.classes || l != c.largest {
			t.Errorf("Classes(%d, %d) = %d, %d; want %d, %d", c.n, c.cap, k, l, c.classes, c.largest)
		}
	}
}

func TestGradesOverTime(t *testing.T) {
	// docs/dataset-format.md: grade g in base year B is g + (Y − B) in Y; grade 0 enters
	// grade 1 in max(birth_year + 6, B + 1).
	cases := []struct {
		c    dataset.Child
		y    int
		want int
	}{
		{dataset.Child{Grade: 3}, 2021, 3},
		{dataset.Child{Grade: 3}, 2024, 6},
		{dataset.Child{Grade: 9}, 2022, 10},
		{dataset.Child{Grade: 0, BirthYear: 2016}, 2022, 1},
		{dataset.Child{Grade: 0, BirthYear: 2016}, 2021, 0},
		{dataset.Child{Grade: 0, BirthYear: 2015}, 2022, 1}, // late: enters in B + 1
		{dataset.Child{Grade: 0, BirthYear: 2019}, 2025, 1},
		{dataset.Child{Grade: 0, BirthYear: 2019}, 2031, 7},
	}
	for _, c := range cases {
		if got := c.c.GradeIn(c.y, 2021); got != c.want {
			t.Errorf("%+v in %d: grade %d, want %d", c.c, c.y, got, c.want)
		}
	}
}
