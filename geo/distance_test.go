package geo_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

func TestDistanceKnown(t *testing.T) {
	R := 6371008.8 // docs/dataset-format.md: the IUGG mean radius
	if geo.EarthRadius != R {
		t.Fatalf("EarthRadius = %v, want %v", geo.EarthRadius, R)
	}
	deg := R * math.Pi / 180
	tests := []struct {
		name string
		a, b orb.Point
		want float64
	}{
		{"same point", orb.Point{86.9, 44.19}, orb.Point{86.9, 44.19}, 0},
		{"one degree of latitude", orb.Point{86.9, 44}, orb.Point{86.9, 45}, deg},
		{"one degree of longitude on the equator", orb.Point{10, 0}, orb.Point{11, 0}, deg},
		{"across the antimeridian", orb.Point{179.5, 0}, orb.Point{-179.5, 0}, deg},
		{"equator to pole", orb.Point{33, 0}, orb.Point{-120, 90}, R * math.Pi / 2},
		{"antipodes", orb.Point{0, 0}, orb.Point{180, 0}, R * math.Pi},
		{"antipodes off the equator", orb.Point{86.9, 44.19}, orb.Point{86.9 - 180, -44.19}, R * math.Pi},
		// On a parallel at 60°, the two points and the pole form an
		// isosceles triangle; the central angle follows from the chord:
		// chord = 2·cos60°·sin(Δλ/2) = sin 45° for Δλ = 90°.
		{"quarter of the 60th parallel", orb.Point{0, 60}, orb.Point{90, 60}, R * 2 * math.Asin(math.Sin(math.Pi/4)/2)},
	}
	for _, tc := range tests {
		got := geo.Distance(tc.a, tc.b)
		if math.Abs(got-tc.want) > 1e-6 {
			t.Errorf("%s: Distance = %.9f, want %.9f", tc.name, got, tc.want)
		}
	}
}

// TestDistanceProperties compares with the chord of unit vectors (an
// independent formula) and checks symmetry and the triangle inequality.
func TestDistanceProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	vec := func(p orb.Point) [3]float64 {
		lo, la := p[0]*math.Pi/180, p[1]*math.Pi/180
		return [3]float64{math.Cos(la) * math.Cos(lo), math.Cos(la) * math.Sin(lo), math.Sin(la)}
	}
	chord := func(a, b orb.Point) float64 {
		u, v := vec(a), vec(b)
		d := math.Sqrt((u[0]-v[0])*(u[0]-v[0]) + (u[1]-v[1])*(u[1]-v[1]) + (u[2]-v[2])*(u[2]-v[2]))
		return 2 * geo.EarthRadius * math.Asin(math.Min(d/2, 1))
	}
	rnd := func() orb.Point {
		if rng.IntN(2) == 0 {
			return orb.Point{86.5 + rng.Float64(), 43.7 + rng.Float64()*1.7}
		}
		return orb.Point{-180 + rng.Float64()*360, math.Asin(2*rng.Float64()-1) * 180 / math.Pi}
	}
	for range 5000 {
		a, b, c := rnd(), rnd(), rnd()
		ab, ba := geo.Distance(a, b), geo.Distance(b, a)
		if ab != ba {
			t.Errorf("Distance not symmetric: %v %v", ab, ba)
		}
		if ref := chord(a, b); math.Abs(ab-ref) > 1e-6+1e-9*ref {
			t.Errorf("Distance(%v, %v) = %.9f, chord formula %.9f", a, b, ab, ref)
		}
		if ac, cb := geo.Distance(a, c), geo.Distance(c, b); ab > ac+cb+1e-6 {
			t.Errorf("triangle inequality: %v > %v + %v", ab, ac, cb)
		}
		if ab < 0 || ab > geo.EarthRadius*math.Pi+1e-6 {
			t.Errorf("Distance %v out of range", ab)
		}
	}
}

func BenchmarkDistance(b *testing.B) {
	p, q := orb.Point{86.9, 44.19}, orb.Point{87.01, 44.32}
	var s float64
	for b.Loop() {
		s += geo.Distance(p, q)
	}
	_ = s
}

func ExampleDistance() {
	// One degree of latitude on the sphere of radius 6,371,008.8 m.
	fmt.Printf("%.1f m\n", geo.Distance(orb.Point{86.9, 44}, orb.Point{86.9, 45}))
	// Output: 111195.1 m
}
