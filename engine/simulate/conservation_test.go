package simulate_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// movableFields reads a school's movable resources by name.
var movableFields = []struct {
	name   string
	school func(*dataset.School) *float64
	moved  func(simulate.Movable) float64
}{
	{"teachers_qualified", func(s *dataset.School) *float64 { return s.TeachersQualified }, func(m simulate.Movable) float64 { return m.TeachersQualified }},
	{"teachers_backbone", func(s *dataset.School) *float64 { return s.TeachersBackbone }, func(m simulate.Movable) float64 { return m.TeachersBackbone }},
	{"teachers_pe_art", func(s *dataset.School) *float64 { return s.TeachersPEArt }, func(m simulate.Movable) float64 { return m.TeachersPEArt }},
	{"equipment_yuan", func(s *dataset.School) *float64 { return s.EquipmentYuan }, func(m simulate.Movable) float64 { return m.EquipmentYuan }},
	{"multimedia_rooms", func(s *dataset.School) *float64 { return s.MultimediaRooms }, func(m simulate.Movable) float64 { return m.MultimediaRooms }},
}

// randomCounty is a row of homes with 3–5 schools along it, each with a
// primary section, a junior one or both (then nine-year), pupils of its
// levels in the base year 2021, random movable resources (some not given)
// and children entering in the years after.
func randomCounty(rng *rand.Rand) *dataset.Dataset {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "随机县", BaseYear: 2021}}
	n := 3 + rng.IntN(3)
	opt := func() *float64 {
		if rng.IntN(5) == 0 {
			return nil
		}
		return ptr(float64(rng.IntN(50)) + rng.Float64())
	}
	for k := 0; k < n; k++ {
		s := dataset.School{ID: fmt.Sprintf("s%d", k), Name: fmt.Sprintf("第%d学校", k+1),
			Loc: orb.Point{86.880 + 0.037*float64(k)/float64(n-1), 44.19}, AreaType: dataset.Urban, Public: true,
			TeachingAreaM2: ptr(1000), SportsAreaM2: ptr(2000),
			TeachersQualified: opt(), TeachersBackbone: opt(), TeachersPEArt: opt(), MultimediaRooms: opt()}
		if e := opt(); e != nil {
			s.EquipmentYuan = ptr(*e * 10000)
		}
		switch rng.IntN(3) {
		case 0:
			s.PrimarySeats = 50 + rng.IntN(200)
		case 1:
			s.JuniorSeats = 50 + rng.IntN(200)
		default:
			s.PrimarySeats, s.JuniorSeats, s.NineYear = 50+rng.IntN(200), 50+rng.IntN(200), true
		}
		ds.Schools = append(ds.Schools, s)
	}
	homes := 40 + rng.IntN(60)
	for i := 0; i < homes; i++ {
		hid := fmt.Sprintf("h%03d", i)
		ds.Households = append(ds.Households, dataset.Household{ID: hid, Loc: orb.Point{86.880 + 0.037*rng.Float64(), 44.19 + 0.002*rng.Float64()},
			Address: fmt.Sprintf("呼图壁镇园林路%d号", i+1), Hukou: dataset.Local})
		for c := 0; c < 1+rng.IntN(3); c++ {
			k := rng.IntN(n)
			s := &ds.Schools[k]
			g := 0
			switch {
			case s.PrimarySeats > 0 && s.JuniorSeats > 0:
				g = 1 + rng.IntN(9)
			case s.PrimarySeats > 0:
				g = 1 + rng.IntN(6)
			default:
				g = 7 + rng.IntN(3)
			}
			ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("c%03d-%d", i, c), HouseholdID: hid, BirthYear: 2016 - g, Grade: g, SchoolID: s.ID})
		}
		if rng.IntN(2) == 0 {
			ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("n%03d", i), HouseholdID: hid, BirthYear: 2016 + rng.IntN(3)})
		}
	}
	ds.Boundary = orb.MultiPolygon{{{{86.87, 44.18}, {86.93, 44.18}, {86.93, 44.21}, {86.87, 44.21}, {86.87, 44.18}}}}
	ds.Index()
	return ds
}

// randomMoves writes 1–3 move_intake events on distinct sections, each to
// one or two other schools with a section of the level, with a random mode,
// split and resources rule.
func randomMoves(rng *rand.Rand, ds *dataset.Dataset) string {
	var b strings.Builder
	b.WriteString(header)
	used := map[string]bool{}
	for e := 0; e < 1+rng.IntN(3); e++ {
		k := rng.IntN(len(ds.Schools))
		s := &ds.Schools[k]
		l := dataset.Primary
		if !s.HasLevel(l) || (s.HasLevel(dataset.Junior) && rng.IntN(2) == 0) {
			l = dataset.Junior
		}
		if used[s.ID+string(l)] {
			continue
		}
		var recv []string
		for _, o := range rng.Perm(len(ds.Schools)) {
			if o != k && ds.Schools[o].HasLevel(l) && len(recv) < 2 {
				recv = append(recv, ds.Schools[o].ID)
			}
		}
		if len(recv) == 0 {
			continue
		}
		used[s.ID+string(l)] = true
		split := []string{"share", "zone"}[rng.IntN(2)]
		var rs []string
		share := 0.3 + 0.4*rng.Float64()
		for i, r := range recv {
			switch {
			case split == "zone":
				rs = append(rs, fmt.Sprintf("{school: %s}", r))
			case len(recv) == 1:
				rs = append(rs, fmt.Sprintf("{school: %s, share: 1}", r))
			case i == 0:
				rs = append(rs, fmt.Sprintf("{school: %s, share: %g}", r, share))
			default:
				rs = append(rs, fmt.Sprintf("{school: %s, share: %g}", r, 1-share))
			}
		}
		fmt.Fprintf(&b, "  - {id: m%d, year: %d, kind: move_intake, school: %s, level: %s, receivers: [%s], split: %s, mode: %s, resources: %s}\n",
			e, 2022+rng.IntN(3), s.ID, l, strings.Join(rs, ", "), split, []string{"phase_out", "all"}[rng.IntN(2)],
			[]string{"follow", "follow", "stay"}[rng.IntN(3)])
	}
	return b.String()
}

// TestResourcesConserved: over random counties and moves, every year each
// school's movable resources change by exactly what the year's resource
// moves brought it less what they took away, so the county's totals never
// change; nothing moves under resources: stay; fixed resources never move;
// and a sender's resources never go below zero.
func TestResourcesConserved(t *testing.T) {
	for seed := uint64(1); seed <= 60; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		ds := randomCounty(rng)
		yaml := randomMoves(rng, ds)
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			sc, err := scenario.Parse([]byte(yaml), "random.yaml")
			if err != nil {
				t.Fatalf("%v\n%s", err, yaml)
			}
			zero := 0.0
			r, err := simulate.Run(context.Background(), ds, simulate.Options{To: 2026, Config: config.Default(), Scenario: sc, BirthTrend: &zero})
			if err != nil {
				t.Fatalf("%v\n%s", err, yaml)
			}
			stay := map[string]bool{}
			for _, e := range sc.Events {
				if e.Resources == scenario.Stay {
					stay[e.ID] = true
				}
			}
			tol := func(x float64) float64 { return 1e-9 * math.Max(1, math.Abs(x)) }
			moved := 0
			for i := 1; i < len(r.Years); i++ {
				prev, y := r.Years[i-1], r.Years[i]
				net := map[string][]float64{}
				for _, m := range y.Moves {
					if stay[m.Event.ID] {
						t.Errorf("%d: %s moved resources under resources: stay", y.Year, m.Event.ID)
					}
					moved++
					for f, fld := range movableFields {
						v := fld.moved(m.Moved)
						if net[m.To] == nil {
							net[m.To] = make([]float64, len(movableFields))
						}
						if net[m.From] == nil {
							net[m.From] = make([]float64, len(movableFields))
						}
						net[m.To][f] += v
						net[m.From][f] -= v
					}
				}
				for f, fld := range movableFields {
					before, after := 0.0, 0.0
					for k := range y.Schools {
						a, b := value(fld.school(&prev.Schools[k])), value(fld.school(&y.Schools[k]))
						before += a
						after += b
						want := a
						if n := net[y.Schools[k].ID]; n != nil {
							want += n[f]
						}
						if math.Abs(b-want) > tol(a) {
							t.Errorf("%d: %s %s %g, want %g before + %g moved in\n%s", y.Year, y.Schools[k].ID, fld.name, b, a, want-a, yaml)
						}
						if b < 0 {
							t.Errorf("%d: %s %s %g < 0", y.Year, y.Schools[k].ID, fld.name, b)
						}
					}
					if math.Abs(after-before) > tol(before) {
						t.Errorf("%d: county %s %g, %g the year before\n%s", y.Year, fld.name, after, before, yaml)
					}
				}
				for k := range y.Schools {
					if *y.Schools[k].TeachingAreaM2 != *prev.Schools[k].TeachingAreaM2 || *y.Schools[k].SportsAreaM2 != *prev.Schools[k].SportsAreaM2 {
						t.Errorf("%d: %s floor area changed", y.Year, y.Schools[k].ID)
					}
				}
			}
			t.Logf("%d resource moves\n%s", moved, yaml)
		})
	}
}
