package geos

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestPolygonIndexHandMade(t *testing.T) {
	// A 2×2 grid of unit squares, a square with a hole, a two-part zone and
	// an empty zone.
	zones := []orb.MultiPolygon{
		{sq(0, 0, 1, 1)}, // 0
		{sq(1, 0, 2, 1)}, // 1
		{sq(0, 1, 1, 2)}, // 2
		{sq(1, 1, 2, 2)}, // 3
		{orb.Polygon{sq(10, 10, 14, 14)[0], {{11, 11}, {11, 12}, {12, 12}, {12, 11}, {11, 11}}}}, // 4
		{sq(20, 0, 21, 1), sq(22, 0, 23, 1)},                                                     // 5
		{},                                                                                       // 6
		// 7: a triangle given open and clockwise.
		{orb.Polygon{{{30, 0}, {30, 4}, {34, 0}}}},
	}
	ix, err := NewPolygonIndex(zones)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		p    orb.Point
		want []int
	}{
		{orb.Point{0.5, 0.5}, []int{0}},
		{orb.Point{1.5, 1.5}, []int{3}},
		{orb.Point{1, 0.5}, []int{0, 1}},         // shared edge
		{orb.Point{1, 1}, []int{0, 1, 2, 3}},     // shared corner
		{orb.Point{0, 0}, []int{0}},              // outer corner
		{orb.Point{0.5, 2}, []int{2}},            // top edge
		{orb.Point{1 + 5e-10, 0.5}, []int{0, 1}}, // within tolerance of the edge
		{orb.Point{-0.5, 0.5}, nil},
		{orb.Point{2.5, 2.5}, nil},
		{orb.Point{10.5, 10.5}, []int{4}},
		{orb.Point{11.5, 11.5}, nil},    // in the hole
		{orb.Point{11, 11.5}, []int{4}}, // on the hole's edge
		{orb.Point{20.5, 0.5}, []int{5}},
		{orb.Point{22.5, 0.5}, []int{5}},
		{orb.Point{21.5, 0.5}, nil}, // between the two parts
		{orb.Point{31, 1}, []int{7}},
		{orb.Point{32, 2}, []int{7}}, // on the hypotenuse x+y=34
		{orb.Point{33, 2}, nil},
		{orb.Point{math.NaN(), 0.5}, nil},
		{orb.Point{math.Inf(1), 0.5}, nil},
	}
	for _, tc := range tests {
		if got := ix.Locate(tc.p); !slices.Equal(got, tc.want) {
			t.Errorf("Locate(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	if ix.Len() != len(zones) {
		t.Errorf("Len = %d", ix.Len())
	}
	if ix.Contains(-1, orb.Point{0.5, 0.5}) || ix.Contains(99, orb.Point{0.5, 0.5}) {
		t.Error("Contains with an index out of range is true")
	}
}

func TestPolygonIndexErrors(t *testing.T) {
	for _, zones := range [][]orb.MultiPolygon{
		{{orb.Polygon{{{0, 0}, {1, 1}}}}},
		{{sq(0, 0, 1, 1)}, {orb.Polygon{{{0, 0}, {math.NaN(), 1}, {1, 0}, {0, 0}}}}},
	} {
		if _, err := NewPolygonIndex(zones); err == nil {
			t.Errorf("NewPolygonIndex(%v) gave no error", zones)
		}
	}
	ix, err := NewPolygonIndex(nil)
	if err != nil || ix.Locate(orb.Point{0, 0}) != nil {
		t.Errorf("empty index: %v %v", ix, err)
	}
}

// star returns a random star-shaped polygon of n vertices around c, with a
// star-shaped hole when hole is set.
func star(rng *rand.Rand, c orb.Point, r float64, n int, hole bool) orb.Polygon {
	ring := func(r0, r1 float64, ccw bool) orb.Ring {
		var out orb.Ring
		for k := range n {
			a := 2 * math.Pi * float64(k) / float64(n)
			if !ccw {
				a = -a
			}
			rr := r0 + rng.Float64()*(r1-r0)
			out = append(out, orb.Point{c[0] + rr*math.Cos(a), c[1] + rr*math.Sin(a)})
		}
		return append(out, out[0])
	}
	p := orb.Polygon{ring(0.5*r, r, true)}
	if hole {
		p = append(p, ring(0.1*r, 0.4*r, false))
	}
	return p
}

// TestPolygonIndexProperty compares Locate with a brute force over orb's
// planar.MultiPolygonContains on random star-shaped zones, some with holes and
// many vertices, at random points (those within 1e-7 of an edge are skipped:
// orb and the index may disagree about the boundary).
func TestPolygonIndexProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var zones []orb.MultiPolygon
	for i := range 40 {
		n := 3 + rng.IntN(60)
		if i%10 == 0 {
			n = 2000
		}
		c := orb.Point{rng.Float64() * 10, rng.Float64() * 10}
		mp := orb.MultiPolygon{star(rng, c, 0.3+rng.Float64()*2, n, i%3 == 0)}
		if i%4 == 0 {
			mp = append(mp, star(rng, orb.Point{c[0] + 5, c[1]}, 0.5, 5+rng.IntN(10), false))
		}
		zones = append(zones, mp)
	}
	ix, err := NewPolygonIndex(zones)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for range 3000 {
		p := orb.Point{-1 + rng.Float64()*17, -1 + rng.Float64()*12}
		var want []int
		skip := false
		for i, z := range zones {
			if !z.Bound().Pad(1e-6).Contains(p) {
				continue
			}
			if boundaryDist(z, p) < 1e-7 {
				skip = true
				break
			}
			if planar.MultiPolygonContains(z, p) {
				want = append(want, i)
			}
		}
		if skip {
			continue
		}
		checked++
		if got := ix.Locate(p); !slices.Equal(got, want) {
			t.Fatalf("Locate(%v) = %v, brute force %v", p, got, want)
		}
	}
	if checked < 2850 {
		t.Errorf("only %d points checked", checked)
	}
}

// boundaryDist is the distance from p to the nearest ring edge of mp.
func boundaryDist(mp orb.MultiPolygon, p orb.Point) float64 {
	d := math.Inf(1)
	for _, poly := range mp {
		for _, r := range poly {
			for k := 0; k+1 < len(r); k++ {
				d = min(d, planar.DistanceFromSegment(r[k], r[k+1], p))
			}
		}
	}
	return d
}

func TestPolygonIndexConcurrent(t *testing.T) {
	var zones []orb.MultiPolygon
	for x := range 10 {
		for y := range 10 {
			zones = append(zones, orb.MultiPolygon{sq(float64(x), float64(y), float64(x+1), float64(y+1))})
		}
	}
	ix, err := NewPolygonIndex(zones)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 32)
	for g := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 9))
			for range 2000 {
				x, y := rng.IntN(10), rng.IntN(10)
				p := orb.Point{float64(x) + 0.1 + 0.8*rng.Float64(), float64(y) + 0.1 + 0.8*rng.Float64()}
				if got := ix.Locate(p); !slices.Equal(got, []int{x*10 + y}) {
					errs <- fmt.Sprintf("Locate(%v) = %v, want [%d]", p, got, x*10+y)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func BenchmarkPolygonIndexLocate(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	sites := make([]orb.Point, 300)
	for i := range sites {
		sites[i] = orb.Point{hutubi.Min[0] + rng.Float64()*0.7, hutubi.Min[1] + rng.Float64()*1.6}
	}
	cells, err := Voronoi(sites, hutubi)
	if err != nil {
		b.Fatal(err)
	}
	zones := make([]orb.MultiPolygon, len(cells))
	for i, c := range cells {
		zones[i] = orb.MultiPolygon{c}
	}
	ix, err := NewPolygonIndex(zones)
	if err != nil {
		b.Fatal(err)
	}
	pts := make([]orb.Point, 4096)
	for i := range pts {
		pts[i] = orb.Point{hutubi.Min[0] + rng.Float64()*0.7, hutubi.Min[1] + rng.Float64()*1.6}
	}
	for i := 0; b.Loop(); i++ {
		ix.Locate(pts[i%len(pts)])
	}
}

func ExamplePolygonIndex() {
	ix, err := NewPolygonIndex([]orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sq(1, 0, 2, 1)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ix.Locate(orb.Point{0.5, 0.5}), ix.Locate(orb.Point{1, 0.5}), ix.Locate(orb.Point{5, 5}))
	// Output: [0] [0 1] []
}
