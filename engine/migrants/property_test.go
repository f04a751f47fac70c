package migrants_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/migrants"
)

// TestPriorityProperty: random one-zone counties (one public school, one
// private school, random registrations, permits, disabilities and places).
// Counted independently from the dataset: the rows are exactly the migrant
// and disabled entrants; the entrants seated are min(entrants, places); and
// the priorities hold: a permit holder is unplaced only when every migrant
// without a permit is, and a local only when every migrant is.
func TestPriorityProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := 0; trial < 25; trial++ {
		n := 5 + rng.IntN(20)
		pub, pri := rng.IntN(n+3), rng.IntN(4)
		ds := &dataset.Dataset{Meta: dataset.Meta{Name: "随机县", BaseYear: 2021}}
		ds.Schools = []dataset.School{
			{ID: "pub", Name: "公办", Loc: orb.Point{86.880, 44.19}, PrimarySeats: max(pub, 1), JuniorSeats: 5, AreaType: dataset.Urban, Public: true},
			{ID: "pri", Name: "民办", Loc: orb.Point{86.905, 44.19}, PrimarySeats: pri, AreaType: dataset.Urban},
		}
		places := max(pub, 1) + pri
		migrantsN, disabledN, permitN := 0, 0, 0
		for i := 0; i < n; i++ {
			h := dataset.Household{ID: fmt.Sprintf("h%02d", i), Loc: orb.Point{86.881 + 0.0008*float64(i), 44.19}, Address: fmt.Sprintf("园林路%d号", i+1), Hukou: dataset.Local}
			if rng.IntN(2) == 0 {
				h.Hukou, h.Permit = dataset.Migrant, rng.IntN(2) == 0
			}
			c := dataset.Child{ID: fmt.Sprintf("c%02d", i), HouseholdID: h.ID, BirthYear: 2016, Disability: rng.IntN(5) == 0}
			if h.Hukou == dataset.Migrant || c.Disability {
				if h.Hukou == dataset.Migrant {
					migrantsN++
				}
				if h.Permit {
					permitN++
				}
				if c.Disability {
					disabledN++
				}
			}
			ds.Households = append(ds.Households, h)
			ds.Children = append(ds.Children, c)
		}
		ds.Index()
		res, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: config.Default()})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := migrants.Check(res)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("trial %d (n %d, places %d)", trial, n, places)
		if rep.Eligible.Children != permitN || rep.Eligible.Children+rep.NoPermit.Children != migrantsN || rep.Disabled.Children != disabledN {
			t.Errorf("%s: eligible %d, no permit %d, disabled %d; want %d, %d, %d", name,
				rep.Eligible.Children, rep.NoPermit.Children, rep.Disabled.Children, permitN, migrantsN-permitN, disabledN)
		}
		seated := 0
		for _, s := range res.Level(dataset.Primary).Seats {
			if s.School >= 0 {
				seated++
			}
		}
		if seated != min(n, places) {
			t.Errorf("%s: %d seated, want %d", name, seated, min(n, places))
		}
		for _, s := range []migrants.Share{rep.Eligible, rep.NoPermit, rep.Disabled} {
			if s.Placed+s.Unplaced != s.Children || s.Public+s.Purchased != s.Placed || s.Counted > s.Children {
				t.Errorf("%s: inconsistent share %+v", name, s)
			}
		}
		localsUnplaced := seated < n && rep.Eligible.Unplaced+rep.NoPermit.Unplaced < n-seated
		if rep.Eligible.Unplaced > 0 && rep.NoPermit.Placed > 0 {
			t.Errorf("%s: %d permit holders unplaced while %d without a permit are placed", name, rep.Eligible.Unplaced, rep.NoPermit.Placed)
		}
		if localsUnplaced && rep.Eligible.Placed+rep.NoPermit.Placed > 0 {
			t.Errorf("%s: locals unplaced while migrants are placed", name)
		}
	}
}

// BenchmarkCheck checks the embedded default's 2022 run (461 migrant and
// disabled entrants).
func BenchmarkCheck(b *testing.B) {
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		b.Fatal(err)
	}
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: config.Default()})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := migrants.Check(res); err != nil {
			b.Fatal(err)
		}
	}
}
