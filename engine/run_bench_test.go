package engine_test

import (
	"context"
	"testing"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// BenchmarkRunDefault measures `zoning run` on the embedded default (66,400
// households, 2,460 + 2,200 entrants), outputs rendered but not written.
func BenchmarkRunDefault(b *testing.B) {
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		b.Fatal(err)
	}
	// route: walks along the default's roads (the default); straight: the
	// great-circle baseline, the same run without the road layer's work.
	for _, distance := range []string{"route", "straight"} {
		b.Run(distance, func(b *testing.B) {
			cfg := config.Default()
			cfg.Zoning.Distance = distance
			for b.Loop() {
				res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: cfg})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := res.Files(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
