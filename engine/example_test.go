package engine_test

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// ExampleRun redraws the zones of a small town (40 homes in a row between
// a western and an eastern school) and places the entrants of 2022.
func ExampleRun() {
	ds := town(40, 100, true)
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Year: 2022, Config: config.Default()})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := res.Metrics().Levels["primary"]
	fmt.Printf("%d entrants, zoned %.0f%%, %d zones, %d in one piece\n", m.Entrants, *m.ZonedRatio*100, m.Zones, m.ContiguousZones)
	// Output:
	// 40 entrants, zoned 100%, 2 zones, 2 in one piece
}

// ExampleRunPlans places the same entrants through two plans drawn by
// hand: the town cut in two at a meridian, once in the middle and once
// further west.
func ExampleRunPlans() {
	ds := town(40, 100, true)
	cut := func(lon float64) []dataset.Zone {
		rect := func(w, e float64) orb.MultiPolygon {
			return orb.MultiPolygon{{{{w, 44.18}, {e, 44.18}, {e, 44.21}, {w, 44.21}, {w, 44.18}}}}
		}
		var zs []dataset.Zone
		for _, l := range dataset.Levels {
			zs = append(zs, dataset.Zone{Level: l, SchoolID: "w", Geometry: rect(86.87, lon)},
				dataset.Zone{Level: l, SchoolID: "e", Geometry: rect(lon, 86.93)})
		}
		return zs
	}
	results, err := engine.RunPlans(context.Background(), ds, [][]dataset.Zone{cut(86.8985), cut(86.889)},
		engine.RunOptions{Year: 2022, Config: config.Default()})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, res := range results {
		west := 0
		for _, s := range res.Level(dataset.Primary).Seats {
			if s.School == ds.SchoolIndex("w") {
				west++
			}
		}
		fmt.Printf("west school: %d of 40 entrants\n", west)
	}
	// Output:
	// west school: 20 of 40 entrants
	// west school: 10 of 40 entrants
}
