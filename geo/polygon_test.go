package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

func square(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func TestDistanceToPolygon(t *testing.T) {
	unit := orb.MultiPolygon{{square(0, 0, 1, 1)}}
	// A 1°×1° square with a hole of 0.5°×0.5° in the middle.
	holed := orb.MultiPolygon{{square(0, 0, 1, 1), square(0.25, 0.25, 0.75, 0.75)}}
	hutubi := orb.MultiPolygon{{square(86.8, 44.1, 87.0, 44.3)}}
	two := orb.MultiPolygon{{square(0, 0, 1, 1)}, {square(3, 0, 4, 1)}}

	// One degree of a great circle: 2π·6371008.8/360 = 111195.0797 m.
	tests := []struct {
		name string
		p    orb.Point
		mp   orb.MultiPolygon
		want float64 // metres
		tol  float64
	}{
		{"inside", orb.Point{0.5, 0.5}, unit, 0, 0},
		{"on edge", orb.Point{1, 0.5}, unit, 0, 0},
		{"on vertex", orb.Point{0, 0}, unit, 0, 0},
		// Due south of the bottom edge: 0.1° of a meridian = 11119.508 m.
		{"south of edge", orb.Point{0.5, -0.1}, unit, 11119.508, 0.01},
		// Diagonal from the corner (0,0): √2·0.1° ≈ 15725.4 m (cos 0.1° ≈ 1).
		{"off corner", orb.Point{-0.1, -0.1}, unit, 15725.4, 0.5},
		// In the hole: 0.05° north of the hole's southern edge at y=0.25 ... the
		// nearest is the southern edge, 0.05° of meridian = 5559.754 m.
		{"in hole", orb.Point{0.5, 0.3}, holed, 5559.754, 0.01},
		{"in ring between outer and hole", orb.Point{0.1, 0.1}, holed, 0, 0},
		// East of the county-seat square at 44.2° N: 0.1° of longitude is
		// 0.1 · cos 44.2° · 111195.08 = 0.1 · 0.716911 · 111195.08 ≈ 7971.6 m.
		{"east at 44.2N", orb.Point{87.1, 44.2}, hutubi, 7971.6, 0.5},
		// Between two squares, nearer the second: 0.6° and 0.4° of longitude
		// at the equator; the nearer is 0.4° = 44478.03 m.
		{"nearest part", orb.Point{2.6, 0}, two, 44478.03, 0.05},
		{"empty", orb.Point{0, 0}, nil, math.Inf(1), 0},
		{"ring without points", orb.Point{0, 0}, orb.MultiPolygon{{orb.Ring{}}}, math.Inf(1), 0},
		{"polygon without rings", orb.Point{0, 0}, orb.MultiPolygon{{}, {square(1, 0, 2, 1)}}, 111195.08, 0.05},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DistanceToPolygon(tt.p, tt.mp)
			if math.IsInf(tt.want, 1) {
				if !math.IsInf(got, 1) {
					t.Fatalf("DistanceToPolygon = %v, want +Inf", got)
				}
				return
			}
			if math.Abs(got-tt.want) > tt.tol {
				t.Errorf("DistanceToPolygon = %.4f m, want %.4f ± %g", got, tt.want, tt.tol)
			}
			if d := NewPolygonDistancer(tt.mp).Distance(tt.p); d != got {
				t.Errorf("PolygonDistancer.Distance = %.4f m, DistanceToPolygon = %.4f m", d, got)
			}
		})
	}
}

// star returns a star-shaped ring of n points around c with radii in
// [r/2, r] degrees, drawn from rng.
func star(rng *rand.Rand, c orb.Point, r float64, n int) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		rr := r * (0.5 + 0.5*rng.Float64())
		ring = append(ring, orb.Point{c[0] + rr*math.Cos(a), c[1] + rr*math.Sin(a)})
	}
	return append(ring, ring[0])
}

// bruteDistance samples every segment of mp every 10 m or less and returns
// the smallest great-circle distance from p to a sample: an independent
// upper bound on the distance, at most 5 m above it.
func bruteDistance(p orb.Point, mp orb.MultiPolygon) float64 {
	best := math.Inf(1)
	for _, poly := range mp {
		for _, ring := range poly {
			for i := 1; i < len(ring); i++ {
				a, b := ring[i-1], ring[i]
				n := int(Distance(a, b)/10) + 1
				for s := 0; s <= n; s++ {
					t := float64(s) / float64(n)
					q := orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
					best = math.Min(best, Distance(p, q))
				}
			}
		}
	}
	return best
}

// TestDistanceToPolygonProperties checks, on random star polygons with a
// hole: the distance is 0 exactly when the point is inside (by an
// independent even-odd count); outside, it matches a brute-force great-circle
// sampling of the boundary within 0.5 % (checked on every tenth point, to
// keep the test quick); and PolygonDistancer agrees
// exactly with DistanceToPolygon.
func TestDistanceToPolygonProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 20; trial++ {
		c := orb.Point{86.9, 44.2}
		outer := star(rng, c, 0.2, 10+rng.IntN(50))
		hole := star(rng, c, 0.04, 8)
		mp := orb.MultiPolygon{{outer, hole}}
		pd := NewPolygonDistancer(mp)
		for k := 0; k < 200; k++ {
			p := orb.Point{c[0] + (rng.Float64()-0.5)*0.6, c[1] + (rng.Float64()-0.5)*0.6}
			got := DistanceToPolygon(p, mp)
			in := evenOdd(p, outer) && !evenOdd(p, hole)
			if in != (got == 0) {
				t.Fatalf("trial %d: %v inside=%v but distance %v", trial, p, in, got)
			}
			if !in && k%10 == 0 {
				want := bruteDistance(p, mp)
				if got > want*1.005+1 || got < (want-5)*0.995-1 {
					t.Fatalf("trial %d: %v distance %.1f m, brute force %.1f m", trial, p, got, want)
				}
			}
			if d := pd.Distance(p); d != got {
				t.Fatalf("trial %d: %v PolygonDistancer %.3f, DistanceToPolygon %.3f", trial, p, d, got)
			}
		}
	}
}

// evenOdd is the textbook crossing-number test, written independently of orb.
func evenOdd(p orb.Point, ring orb.Ring) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		a, b := ring[i], ring[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

func BenchmarkDistanceToPolygon(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	// A county-like outline: 2000 points on a wavy circle of radius
	// 0.35–0.5°, with 1 % jitter.
	ring := make(orb.Ring, 0, 2001)
	for i := 0; i < 2000; i++ {
		a := 2 * math.Pi * float64(i) / 2000
		r := 0.5 * (0.85 + 0.15*math.Sin(5*a)) * (0.995 + 0.01*rng.Float64())
		ring = append(ring, orb.Point{86.9 + r*math.Cos(a), 44.2 + r*math.Sin(a)})
	}
	mp := orb.MultiPolygon{{append(ring, ring[0])}}
	pts := make([]orb.Point, 1024)
	for i := range pts {
		pts[i] = orb.Point{86.9 + (rng.Float64()-0.5)*0.6, 44.2 + (rng.Float64()-0.5)*0.6}
	}
	b.Run("direct", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			DistanceToPolygon(pts[i%len(pts)], mp)
		}
	})
	b.Run("distancer", func(b *testing.B) {
		pd := NewPolygonDistancer(mp)
		for i := 0; b.Loop(); i++ {
			pd.Distance(pts[i%len(pts)])
		}
	})
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			NewPolygonDistancer(mp)
		}
	})
}

func ExampleDistanceToPolygon() {
	// A square around Hutubi's county seat, and a point 0.1° of latitude
	// south of it.
	sq := orb.MultiPolygon{{{{86.8, 44.1}, {87.0, 44.1}, {87.0, 44.3}, {86.8, 44.3}, {86.8, 44.1}}}}
	fmt.Printf("%.0f m\n", DistanceToPolygon(orb.Point{86.9, 44.0}, sq))
	fmt.Printf("%.0f m\n", DistanceToPolygon(orb.Point{86.9, 44.2}, sq))
	// Output:
	// 11120 m
	// 0 m
}
