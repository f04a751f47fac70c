package engine_test

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// TestRunPlansOwnZones: placing the entrants through the zones a redraw
// drew seats every entrant where the redraw did (the polygons are the
// zones, so zoned agrees), with the same figures.
func TestRunPlansOwnZones(t *testing.T) {
	for _, ds := range []*dataset.Dataset{town(40, 100, true), town(40, 15, true)} {
		cfg := config.Default()
		res, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		out, err := engine.RunPlans(context.Background(), ds, [][]dataset.Zone{res.Zones()}, engine.RunOptions{Year: 2022, Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		got := out[0]
		for i, lr := range res.Levels {
			g := got.Levels[i]
			if len(g.Seats) != len(lr.Seats) {
				t.Fatalf("%s: %d seats, want %d", lr.Level, len(g.Seats), len(lr.Seats))
			}
			for k := range lr.Seats {
				if g.Seats[k] != lr.Seats[k] {
					t.Errorf("%s entrant %s: %+v through the plan, %+v by the redraw", lr.Level,
						ds.Children[lr.Seats[k].Child].ID, g.Seats[k], lr.Seats[k])
				}
			}
		}
	}
}

// TestRunPlansHandDrawn: a plan drawn by hand, the town cut at a meridian,
// places each entrant by the side of the cut its home is on; homes no zone
// holds are out of zone; a zone for a school unknown to the year is left
// out.
func TestRunPlansHandDrawn(t *testing.T) {
	ds := town(40, 100, true)
	rect := func(w, e float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{w, 44.18}, {e, 44.18}, {e, 44.21}, {w, 44.21}, {w, 44.18}}}}
	}
	const cut = 86.890 // well west of the middle: the east school's zone is the larger
	plan := []dataset.Zone{
		{Level: dataset.Primary, SchoolID: "w", Geometry: rect(86.87, cut)},
		{Level: dataset.Primary, SchoolID: "e", Geometry: rect(cut, 86.925)}, // leaves the easternmost homes out
		{Level: dataset.Junior, SchoolID: "w", Geometry: rect(86.87, 86.93)},
	}
	out, err := engine.RunPlans(context.Background(), ds, [][]dataset.Zone{plan}, engine.RunOptions{Year: 2022, Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	res := out[0]
	for _, st := range res.Level(dataset.Primary).Seats {
		loc := ds.Households[ds.HouseholdIndex(ds.Children[st.Child].HouseholdID)].Loc
		var want string
		switch {
		case loc[0] < cut:
			want = "w"
		case loc[0] < 86.925:
			want = "e"
		}
		if want == "" {
			if st.Zoned {
				t.Errorf("home at %v outside every zone counted zoned", loc)
			}
			continue
		}
		if got := ds.Schools[st.School].ID; got != want || !st.Zoned {
			t.Errorf("home at %v: school %s zoned %v, want %s zoned", loc, got, st.Zoned, want)
		}
	}
	m := res.Metrics()
	if lm := m.Levels["primary"]; lm.Zones != 2 || lm.ContiguousZones != 2 {
		t.Errorf("primary zones %d contiguous %d, want 2 and 2", lm.Zones, lm.ContiguousZones)
	}
	if lm := m.Levels["junior"]; lm.Zones != 1 || *lm.ZonedRatio != 1 {
		t.Errorf("junior: zones %d zoned ratio %v, want 1 zone holding everyone", lm.Zones, *lm.ZonedRatio)
	}
}
