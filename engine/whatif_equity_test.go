package engine_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// TestWhatIfEquityProperties: on a generated county, for random units of
// both levels, (a) a move to the unit's own zone gives the run's own
// feeders and concentration; (b) a move to another zone keeps the primary
// entrants of the 对口 table, and seats in the concentration exactly the
// unit's entrants that were unplaced, the group counts moving with them;
// (c) a bad move is refused with the accepted values.
func TestWhatIfEquityProperties(t *testing.T) {
	if testing.Short() {
		t.Skip("a county run")
	}
	ds, _, err := county.Generate(nestSpecs[0])
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: familyConfig()})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Metrics()
	feeders := res.Feeders()
	total := func(fs []engine.Feeder) (n int) {
		for _, f := range fs {
			if f.Junior >= 0 {
				n += f.Entrants
			}
		}
		return n
	}
	rng := rand.New(rand.NewPCG(15, 4))
	moves := 0
	for _, lr := range res.Levels {
		for range 25 {
			u := rng.IntN(len(res.Units.Units))
			from := lr.UnitZone(u)
			if from < 0 {
				continue
			}
			own := engine.UnitMove{Level: lr.Level, Unit: u, Zone: from, School: lr.Zones[from].Schools[0]}
			fs, err := res.FeedersAfter(own)
			if err != nil || !reflect.DeepEqual(fs, feeders) {
				t.Fatalf("%s unit %d to its own zone: feeders differ (%v)", lr.Level, u, err)
			}
			c, err := res.ConcentrationAfter(own)
			if err != nil || !reflect.DeepEqual(c, m.Levels[string(lr.Level)].Concentration) {
				t.Fatalf("%s unit %d to its own zone: concentration %+v, want metrics.json's (%v)", lr.Level, u, c, err)
			}

			to := (from + 1 + rng.IntN(len(lr.Zones)-1)) % len(lr.Zones)
			mv := engine.UnitMove{Level: lr.Level, Unit: u, Zone: to, School: lr.Zones[to].Schools[0]}
			if fs, err = res.FeedersAfter(mv); err != nil {
				t.Fatal(err)
			}
			if lr.Level == dataset.Primary && total(fs) != total(feeders) {
				t.Errorf("primary unit %d to zone %d: the 对口 table holds %d entrants, want %d", u, to, total(fs), total(feeders))
			}
			// The unit's unplaced entrants placed through the zones, by group.
			var unplaced, migrants int
			for _, st := range lr.Seats {
				hh := ds.Household(ds.Children[st.Child].HouseholdID)
				if st.Reason != engine.SeatByZones || st.School >= 0 || res.Units.HomeUnit[ds.HouseholdIndex(hh.ID)] != u {
					continue
				}
				unplaced++
				if hh.Hukou == dataset.Migrant {
					migrants++
				}
			}
			moves++
			if c, err = res.ConcentrationAfter(mv); err != nil {
				t.Fatal(err)
			}
			before := m.Levels[string(lr.Level)].Concentration
			if c.Entrants != before.Entrants+unplaced ||
				c.Group(engine.GroupMigrant).Entrants != before.Group(engine.GroupMigrant).Entrants+migrants {
				t.Errorf("%s unit %d to zone %d: %d entrants (%d migrants), want %d+%d (%d+%d)", lr.Level, u, to, c.Entrants,
					c.Group(engine.GroupMigrant).Entrants, before.Entrants, unplaced, before.Group(engine.GroupMigrant).Entrants, migrants)
			}
		}
	}
	if moves < 20 {
		t.Fatalf("%d moves tried, want 20 or more", moves)
	}

	pl := res.Level(dataset.Primary)
	other := -1 // a school of no primary zone 0
	for j := range ds.Schools {
		if j != pl.Zones[0].Schools[0] && len(pl.Zones[0].Schools) == 1 {
			other = j
			break
		}
	}
	for _, tc := range []struct {
		name string
		mv   engine.UnitMove
		want string
	}{
		{"level", engine.UnitMove{Level: "senior", Unit: 0, Zone: 0, School: pl.Zones[0].Schools[0]}, `no level "senior"`},
		{"unit", engine.UnitMove{Level: dataset.Primary, Unit: -1, Zone: 0, School: pl.Zones[0].Schools[0]}, "unit -1 outside"},
		{"zone", engine.UnitMove{Level: dataset.Primary, Unit: 0, Zone: len(pl.Zones), School: 0}, "outside 0–"},
		{"school", engine.UnitMove{Level: dataset.Primary, Unit: 0, Zone: 0, School: other}, "accepted: ["},
	} {
		_, err1 := res.FeedersAfter(tc.mv)
		_, err2 := res.ConcentrationAfter(tc.mv)
		for _, err := range []error{err1, err2} {
			if err == nil || !strings.HasPrefix(err.Error(), "engine: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want engine: …%s…", tc.name, err, tc.want)
			}
		}
	}
}
