package engine_test

import (
	"context"
	"testing"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/zones"
)

// inForce returns a copy of the dataset whose zones in force are the run's
// zones.
func inForce(ds *dataset.Dataset, res *engine.Result) *dataset.Dataset {
	next := *ds
	next.Schools = append([]dataset.School(nil), ds.Schools...)
	next.Zones = nil
	for _, lr := range res.Levels {
		for k, zk := range lr.Zoned {
			j := zk.School
			if lr.Zoned[k].Polygon != nil {
				next.Zones = append(next.Zones, dataset.Zone{Level: lr.Level, SchoolID: ds.Schools[j].ID, Geometry: lr.Zoned[k].Polygon})
			}
		}
	}
	next.Index()
	return &next
}

func movedShare(t *testing.T, res *engine.Result) (moved, entrants int) {
	t.Helper()
	moves, err := res.Moves()
	if err != nil {
		t.Fatal(err)
	}
	for _, lr := range res.Levels {
		entrants += len(lr.Entrants)
	}
	return len(moves), entrants
}

// TestStability: redrawing with the fewest-moves objective against zones
// that already fit moves nobody; raising one school's capacity by 10% moves
// under 2% of the entrants.
func TestStability(t *testing.T) {
	if testing.Short() {
		t.Skip("three county-sized runs")
	}
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	first, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: cfg, Objective: zones.Balanced})
	if err != nil {
		t.Fatal(err)
	}
	ds2 := inForce(ds, first)
	again, err := engine.Run(context.Background(), ds2, engine.RunOptions{Config: cfg, Objective: zones.FewestMoves})
	if err != nil {
		t.Fatal(err)
	}
	if moved, n := movedShare(t, again); moved != 0 {
		t.Errorf("nothing changed, yet %d of %d entrants moved", moved, n)
	}

	// One school, the county seat's busiest primary section, gets 10% more
	// seats.
	ds3 := inForce(ds, first)
	busiest, most := -1, -1
	for j, s := range ds3.Schools {
		if s.PrimarySeats > most && s.Public && s.AreaType == dataset.Urban {
			busiest, most = j, s.PrimarySeats
		}
	}
	ds3.Schools[busiest].PrimarySeats = most * 11 / 10
	changed, err := engine.Run(context.Background(), ds3, engine.RunOptions{Config: cfg, Objective: zones.FewestMoves})
	if err != nil {
		t.Fatal(err)
	}
	moved, n := movedShare(t, changed)
	t.Logf("seats of %s raised from %d to %d: %d of %d entrants moved", ds3.Schools[busiest].Name, most, ds3.Schools[busiest].PrimarySeats, moved, n)
	if float64(moved) >= 0.02*float64(n) {
		t.Errorf("%d of %d entrants moved (%.1f%%), want under 2%%", moved, n, 100*float64(moved)/float64(n))
	}
}
