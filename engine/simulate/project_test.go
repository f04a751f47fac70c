package simulate

import (
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// births builds a dataset with the given births per year, one household per
// child, the last household a migrant one.
func birthsDataset(n map[int]int) *dataset.Dataset {
	ds := &dataset.Dataset{Meta: dataset.Meta{BaseYear: 2021}}
	k := 0
	for y, c := range n {
		for i := 0; i < c; i++ {
			hid := fmt.Sprintf("h%d", k)
			ds.Households = append(ds.Households, dataset.Household{ID: hid, Loc: orb.Point{86.9, 44.19}, Hukou: dataset.Local})
			ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("c%d", k), HouseholdID: hid, BirthYear: y})
			k++
		}
	}
	ds.Households[len(ds.Households)-1].Hukou = dataset.Migrant
	ds.Index()
	return ds
}

// TestBirthTrend: 1000, 800, 640, 512 falls by exactly 20% a year; the
// projection to 2029 adds the births of 2022 (512 × 0.8 = 409.6 → 410) and
// 2023 (409.6 × 0.8 = 327.68 → 328), who enter grade 1 in 2028 and 2029.
func TestBirthTrend(t *testing.T) {
	ds := birthsDataset(map[int]int{2018: 1000, 2019: 800, 2020: 640, 2021: 512})
	if tr := birthTrend(ds); math.Abs(tr-(-0.2)) > 1e-12 {
		t.Fatalf("trend %g, want -0.2", tr)
	}
	out := project(ds, 2029, -0.2, 0, 1)
	counts := map[int]int{}
	for _, c := range out[len(ds.Children):] {
		counts[c.BirthYear]++
		if c.GradeIn(2022+c.BirthYear-2016, 2021) != 1 {
			t.Errorf("%s born %d is not in grade 1 six years later", c.ID, c.BirthYear)
		}
		if ds.Household(c.HouseholdID) == nil {
			t.Errorf("%s lives in no known household", c.ID)
		}
	}
	if counts[2022] != 410 || counts[2023] != 328 || len(counts) != 2 {
		t.Errorf("projected births %v, want 2022: 410, 2023: 328", counts)
	}
	// Deterministic for a seed.
	again := project(ds, 2029, -0.2, 0, 1)
	for i := range out {
		if out[i] != again[i] {
			t.Fatalf("child %d differs between two runs with one seed", i)
		}
	}
}

// TestMigrantInflow: a 10% inflow adds, to each year's grade-1 entrants
// (512 in 2027), 10% more (51.2 → 51) living in migrant homes.
func TestMigrantInflow(t *testing.T) {
	ds := birthsDataset(map[int]int{2018: 1000, 2019: 800, 2020: 640, 2021: 512})
	out := project(ds, 2027, 0, 0.1, 1)
	n := 0
	for _, c := range out[len(ds.Children):] {
		if c.GradeIn(2027, 2021) == 1 {
			n++
			if ds.Household(c.HouseholdID).Hukou != dataset.Migrant {
				t.Errorf("%s lives in a local home", c.ID)
			}
		}
	}
	if n != 51 {
		t.Errorf("2027 inflow %d, want 51", n)
	}
}
