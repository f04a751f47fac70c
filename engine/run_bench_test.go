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
	cfg := config.Default()
	for b.Loop() {
		res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: cfg})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := res.Files(); err != nil {
			b.Fatal(err)
		}
	}
}
