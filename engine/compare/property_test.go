package compare_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// TestChangeProperties draws random pairs of plans over the town (each
// level cut at its own random meridian, A to the west) and checks the
// change against counts made here from the cut lines: an entrant moves
// exactly when its home lies between the two lines; a household counts
// once per level; the places, units, schools and areas add up to the
// same totals.
func TestChangeProperties(t *testing.T) {
	tw := comparetest.New()
	ds := tw.DS
	r := rand.New(rand.NewPCG(7, 11))
	line := func() float64 { return 86.871 + r.Float64()*0.05 }
	split := func(lines map[dataset.Level]float64) []dataset.Zone {
		var out []dataset.Zone
		for _, l := range dataset.Levels {
			out = append(out, dataset.Zone{Level: l, SchoolID: "A", Geometry: comparetest.Rect(86.87, lines[l])},
				dataset.Zone{Level: l, SchoolID: "B", Geometry: comparetest.Rect(lines[l], 86.93)})
		}
		return out
	}
	for trial := range 25 {
		a := map[dataset.Level]float64{dataset.Primary: line(), dataset.Junior: line()}
		b := map[dataset.Level]float64{dataset.Primary: line(), dataset.Junior: line()}
		c, err := compare.Compare(context.Background(), ds, []*compare.Plan{{Name: "a", Zones: split(a)}, {Name: "b", Zones: split(b)}},
			compare.Options{Config: config.Default()})
		if err != nil {
			t.Fatal(err)
		}
		ch := c.Plans[1].Change
		between := func(l dataset.Level, lon float64) bool {
			lo, hi := min(a[l], b[l]), max(a[l], b[l])
			return lon > lo && lon < hi
		}
		// Moves: exactly the entrants between the lines.
		moved := map[int]bool{}
		for _, m := range ch.Moves {
			moved[m.Child] = true
			if !between(m.Level, ds.Households[m.Household].Loc[0]) {
				t.Errorf("trial %d: child %s moves but its home is not between the lines", trial, ds.Children[m.Child].ID)
			}
		}
		for _, l := range dataset.Levels {
			lr := c.Plans[1].Result.Level(l)
			households := 0
			for _, h := range ds.Households {
				if between(l, h.Loc[0]) {
					households++
				}
			}
			entrants := 0
			for _, ci := range lr.Entrants {
				if between(l, ds.Household(ds.Children[ci].HouseholdID).Loc[0]) {
					entrants++
					if !moved[ci] {
						t.Errorf("trial %d: child %s lives between the lines but does not move", trial, ds.Children[ci].ID)
					}
				}
			}
			if ch.Households[l] != households {
				t.Errorf("trial %d %s: %d households change zone, want %d", trial, l, ch.Households[l], households)
			}
			var ph, pe, uh, sOut, sIn, ah int
			for _, p := range ch.Places {
				if p.Level == l {
					ph += p.Households
					pe += p.Entrants
				}
			}
			for _, u := range ch.Units {
				if u.Level == l {
					uh += u.Households
				}
			}
			for _, s := range ch.Schools {
				if s.Level == l {
					sOut += s.Out
					sIn += s.In
				}
			}
			for _, ar := range ch.Areas {
				if ar.Level == l {
					ah += ar.Households
				}
			}
			if ph != households || pe != entrants || sOut != entrants || sIn != entrants || ah != households {
				t.Errorf("trial %d %s: places %d households %d entrants, schools out %d in %d, areas %d households; want %d households and %d entrants",
					trial, l, ph, pe, sOut, sIn, ah, households, entrants)
			}
			if uh > households {
				t.Errorf("trial %d %s: units count %d households, more than the %d that change", trial, l, uh, households)
			}
		}
	}
}
