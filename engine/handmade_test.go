package engine_test

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// town builds a small dataset: a row of households along 3 km east–west at
// 44.19 N, two primary+junior schools at the west and east ends, each
// household with one child entering grade 1 in 2022 (born 2016) and one
// entering grade 7 (grade 6 in 2021, at the west school). seats sets both
// schools' primary and junior seats.
func town(n, seats int, boundary bool) *dataset.Dataset {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试镇", BaseYear: 2021}}
	ds.Schools = []dataset.School{
		{ID: "w", Name: "西小学", Loc: orb.Point{86.880, 44.19}, PrimarySeats: seats, JuniorSeats: seats + n, AreaType: dataset.Urban, Public: true},
		{ID: "e", Name: "东小学", Loc: orb.Point{86.917, 44.19}, PrimarySeats: seats, JuniorSeats: seats, AreaType: dataset.Urban, Public: true},
	}
	for i := 0; i < n; i++ {
		hid := fmt.Sprintf("h%03d", i)
		lon := 86.880 + 0.037*float64(i)/float64(n-1)
		ds.Households = append(ds.Households, dataset.Household{ID: hid, Loc: orb.Point{lon, 44.19 + 0.001*float64(i%3)},
			Address: fmt.Sprintf("呼图壁镇园林路%d号", i+1), Hukou: dataset.Local})
		ds.Children = append(ds.Children,
			dataset.Child{ID: fmt.Sprintf("p%03d", i), HouseholdID: hid, BirthYear: 2016, Grade: 0},
			dataset.Child{ID: fmt.Sprintf("j%03d", i), HouseholdID: hid, BirthYear: 2010, Grade: 6, SchoolID: "w"})
	}
	if boundary {
		ds.Boundary = orb.MultiPolygon{{{{86.87, 44.18}, {86.93, 44.18}, {86.93, 44.21}, {86.87, 44.21}, {86.87, 44.18}}}}
	}
	ds.Index()
	return ds
}

func TestHandMadeTowns(t *testing.T) {
	cfg := config.Default()
	cases := []struct {
		name       string
		n, seats   int
		boundary   bool
		unplaced   int // primary entrants left without a place, worked out: n − 2·seats when positive
		westZoned  int // primary entrants zoned to the west school when seats are ample: the western half
		lowerBound bool
	}{
		{"ample seats", 40, 100, true, 0, 20, true},
		{"no boundary", 40, 100, false, 0, 20, true},
		{"short of seats", 40, 15, true, 10, -1, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds := town(tc.n, tc.seats, tc.boundary)
			res, files := runFiles(t, ds, cfg, 2022)
			checkOutputs(t, ds, 2022, files)
			lm := res.Metrics().Levels["primary"]
			if lm.Unplaced != tc.unplaced {
				t.Errorf("unplaced %d, want %d", lm.Unplaced, tc.unplaced)
			}
			if (lm.LowerBoundM != nil) != tc.lowerBound {
				t.Errorf("lower bound %v, want present=%v", lm.LowerBoundM, tc.lowerBound)
			}
			if tc.westZoned >= 0 {
				west := 0
				for _, s := range res.Level(dataset.Primary).Seats {
					if s.School == 0 && s.Zoned {
						west++
					}
				}
				if west != tc.westZoned {
					t.Errorf("west school zoned %d entrants, want %d (the nearer half)", west, tc.westZoned)
				}
			}
		})
	}
}

// TestShortCapacityReported: 40 entrants for 30 places; the 10 without a
// place are reported by unit, every one of them counted once.
func TestShortCapacityReported(t *testing.T) {
	ds := town(40, 15, true)
	res, _ := runFiles(t, ds, config.Default(), 2022)
	total, unplaced := 0, 0
	for _, o := range res.Metrics().OutOfZone {
		if o.Level != "primary" {
			continue
		}
		if o.Unit == "" || o.ZoneSchool == "" {
			t.Errorf("entry without names: %+v", o)
		}
		total += o.Children
		unplaced += o.Unplaced
	}
	if total != 10 || unplaced != 10 {
		t.Errorf("out of zone %d (unplaced %d), want the 10 without a place", total, unplaced)
	}
}
