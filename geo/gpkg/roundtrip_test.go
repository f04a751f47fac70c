package gpkg

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
)

// randLayers returns 1-3 random layers: polygons and multipolygons with
// holes, mixed geometries with empty ones, Chinese text and NULLs.
func randLayers(rng *rand.Rand) []Layer {
	var layers []Layer
	for li := range 1 + rng.IntN(3) {
		l := Layer{
			Name:         fmt.Sprintf("layer_%d", li),
			Title:        fmt.Sprintf("%s %d", randText(rng), li),
			Description:  randText(rng),
			GeometryType: []string{"POLYGON", "MULTIPOLYGON", "GEOMETRY"}[rng.IntN(3)],
		}
		for fi := range rng.IntN(5) {
			l.Fields = append(l.Fields, Field{fmt.Sprintf("f%d", fi), []FieldType{Text, Integer, Real}[rng.IntN(3)]})
		}
		for range rng.IntN(25) {
			var g orb.Geometry
			switch l.GeometryType {
			case "POLYGON":
				if rng.IntN(10) == 0 {
					g = orb.Polygon{}
				} else {
					cx, cy := randCentre(rng)
					g = randPolygon(rng, cx, cy, 0.2*rng.Float64()+0.001)
				}
			case "MULTIPOLYGON":
				g = randMultiPolygon(rng)
			default:
				g = randGeometry(rng, 0)
			}
			vals := make([]any, len(l.Fields))
			for i, f := range l.Fields {
				vals[i] = randValue(rng, f.Type)
			}
			l.Features = append(l.Features, Feature{Geometry: g, Values: vals})
		}
		layers = append(layers, l)
	}
	return layers
}

// normalise returns the layers as Read should return them: integers as
// int64.
func normalise(layers []Layer) []Layer {
	out := make([]Layer, len(layers))
	for i, l := range layers {
		out[i] = l
		out[i].Features = nil
		for _, ft := range l.Features {
			vals := make([]any, len(ft.Values))
			for j, v := range ft.Values {
				switch x := v.(type) {
				case int:
					vals[j] = int64(x)
				case int32:
					vals[j] = int64(x)
				default:
					vals[j] = v
				}
			}
			out[i].Features = append(out[i].Features, Feature{Geometry: ft.Geometry, Values: vals})
		}
	}
	return out
}

// TestRoundTrip is the property Write then Read = identity (integers
// widened to int64) on random layers.
func TestRoundTrip(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 0x67706b67))
		layers := randLayers(rng)
		path := filepath.Join(t.TempDir(), fmt.Sprintf("rt%d.gpkg", seed))
		if err := Write(path, layers); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		got, err := Read(path)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		want := normalise(layers)
		if len(got) != len(want) {
			t.Fatalf("seed %d: %d layers, want %d", seed, len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				g, w := got[i], want[i]
				t.Errorf("seed %d layer %s differs: name %q/%q title %q/%q desc %q/%q type %s/%s fields %v/%v, %d/%d features",
					seed, w.Name, g.Name, w.Name, g.Title, w.Title, g.Description, w.Description, g.GeometryType, w.GeometryType, g.Fields, w.Fields, len(g.Features), len(w.Features))
				for j := range min(len(g.Features), len(w.Features)) {
					if !reflect.DeepEqual(g.Features[j], w.Features[j]) {
						t.Errorf("  feature %d: got %#v\n  want %#v", j, g.Features[j], w.Features[j])
						break
					}
				}
			}
		}
	}
}
