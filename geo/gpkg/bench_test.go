package gpkg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

// BenchmarkWrite writes one layer of 1,000 multipolygons of ~200 vertices
// each (two polygons of ~100 points, one with a hole), with three fields.
func BenchmarkWrite(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	l := Layer{Name: "zones", Title: "学区", GeometryType: "MULTIPOLYGON",
		Fields: []Field{{"school", Text}, {"places", Integer}, {"area", Real}}}
	vertices := 0
	for i := range 1000 {
		var mp orb.MultiPolygon
		for range 2 {
			cx, cy := randCentre(rng)
			outer := randRing(rng, cx, cy, 0.05, 79)
			hole := randRing(rng, cx, cy, 0.01, 19)
			hole.Reverse()
			mp = append(mp, orb.Polygon{outer, hole})
			vertices += len(outer) + len(hole)
		}
		l.Features = append(l.Features, Feature{Geometry: mp, Values: []any{fmt.Sprintf("学校%d", i), i, math.Pi * float64(i)}})
	}
	layers := []Layer{l}
	path := filepath.Join(b.TempDir(), "bench.gpkg")
	for b.Loop() {
		if err := Write(path, layers); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(vertices)/1000, "vertices/feature")
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/1e6, "MB/file")
	}
}

// BenchmarkRead reads back what BenchmarkWrite writes.
func BenchmarkRead(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	l := Layer{Name: "zones", GeometryType: "MULTIPOLYGON"}
	for range 1000 {
		cx, cy := randCentre(rng)
		l.Features = append(l.Features, Feature{Geometry: orb.MultiPolygon{{randRing(rng, cx, cy, 0.05, 199)}}, Values: []any{}})
	}
	path := filepath.Join(b.TempDir(), "bench.gpkg")
	if err := Write(path, []Layer{l}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Read(path); err != nil {
			b.Fatal(err)
		}
	}
}
