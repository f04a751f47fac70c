package geo_test

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// bruteSorted returns all indexes of pts ordered by Distance from p, ties by
// index: the reference the index must agree with.
func bruteSorted(pts []orb.Point, p orb.Point) ([]int, []float64) {
	idx := make([]int, len(pts))
	d := make([]float64, len(pts))
	for i := range pts {
		idx[i] = i
		d[i] = geo.Distance(p, pts[i])
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(d[a], d[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return idx, d
}

// randomPoints mixes a dense cluster over the county, exact duplicates and a
// few points far away.
func randomPoints(rng *rand.Rand, n int) []orb.Point {
	pts := make([]orb.Point, n)
	for i := range pts {
		switch {
		case i%10 == 9 && i > 0:
			pts[i] = pts[rng.IntN(i)] // duplicate
		case i%17 == 0:
			pts[i] = orb.Point{-180 + rng.Float64()*360, -90 + rng.Float64()*180}
		default:
			pts[i] = orb.Point{86.5 + rng.Float64()*0.8, 43.7 + rng.Float64()*1.7}
		}
	}
	return pts
}

func TestIndexAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{0, 1, 5, 9, 100, 1500} {
		pts := randomPoints(rng, n)
		ix := geo.NewIndex(pts)
		if ix.Len() != n {
			t.Fatalf("Len = %d, want %d", ix.Len(), n)
		}
		for range 200 {
			var q orb.Point
			if rng.IntN(4) == 0 {
				q = orb.Point{-180 + rng.Float64()*360, -90 + rng.Float64()*180}
			} else {
				q = orb.Point{86.5 + rng.Float64()*0.8, 43.7 + rng.Float64()*1.7}
			}
			if n > 0 && rng.IntN(5) == 0 {
				q = pts[rng.IntN(n)] // query on a point, and its duplicates
			}
			order, dist := bruteSorted(pts, q)
			k := 1 + rng.IntN(12)
			want := order[:min(k, n)]
			if got := ix.Nearest(q, k); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Fatalf("n=%d Nearest(%v, %d) = %v, brute force %v", n, q, k, got, want)
			}
			r := rng.Float64() * 30000
			var within []int
			for _, i := range order {
				if dist[i] <= r {
					within = append(within, i)
				}
			}
			if got := ix.Within(q, r); !slices.Equal(got, within) {
				t.Fatalf("n=%d Within(%v, %g) = %v, brute force %v", n, q, r, got, within)
			}
		}
	}
}

func TestIndexTies(t *testing.T) {
	// From (0, 10), the points one degree east and west are exactly equally
	// far (the haversine uses sin² of half the longitude difference), as are
	// the duplicates: ties go to the lower index.
	pts := []orb.Point{{1, 10}, {-1, 10}, {0, 12}, {1, 10}, {0, 10.5}}
	ix := geo.NewIndex(pts)
	if got, want := ix.Nearest(orb.Point{0, 10}, 4), []int{4, 0, 1, 3}; !slices.Equal(got, want) {
		t.Errorf("Nearest = %v, want %v", got, want)
	}
	if got := ix.Nearest(orb.Point{0, 10}, 99); len(got) != len(pts) {
		t.Errorf("Nearest with k > n returned %d points", len(got))
	}
	// One degree of arc on the sphere is EarthRadius·π/180 metres.
	deg := geo.EarthRadius * math.Pi / 180
	if got, want := ix.Within(orb.Point{0, 10}, 0.5*deg+1e-6), []int{4}; !slices.Equal(got, want) {
		t.Errorf("Within half a degree = %v, want %v", got, want)
	}
	if got, want := ix.Within(orb.Point{0, 11}, deg+1e-6), []int{4, 2}; !slices.Equal(got, want) {
		t.Errorf("Within one degree of (0, 11) = %v, want %v", got, want)
	}
}

func TestIndexBadInput(t *testing.T) {
	pts := []orb.Point{{86.9, 44.2}, {math.NaN(), 44}, {87, 44.3}, {math.Inf(1), 0}}
	ix := geo.NewIndex(pts)
	if got, want := ix.Nearest(orb.Point{86.9, 44.2}, 10), []int{0, 2}; !slices.Equal(got, want) {
		t.Errorf("Nearest = %v, want %v (non-finite points left out)", got, want)
	}
	for _, tc := range []struct {
		name string
		got  []int
	}{
		{"k=0", ix.Nearest(orb.Point{86.9, 44.2}, 0)},
		{"k<0", ix.Nearest(orb.Point{86.9, 44.2}, -3)},
		{"NaN query", ix.Nearest(orb.Point{math.NaN(), 44.2}, 3)},
		{"negative radius", ix.Within(orb.Point{86.9, 44.2}, -1)},
		{"NaN radius", ix.Within(orb.Point{86.9, 44.2}, math.NaN())},
		{"NaN query within", ix.Within(orb.Point{86.9, math.NaN()}, 1000)},
		{"empty index", geo.NewIndex(nil).Nearest(orb.Point{86.9, 44.2}, 3)},
	} {
		if tc.got != nil {
			t.Errorf("%s: %v, want nil", tc.name, tc.got)
		}
	}
	if p := ix.Point(2); p != pts[2] {
		t.Errorf("Point(2) = %v", p)
	}
}

func TestIndexConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	pts := randomPoints(rng, 800)
	ix := geo.NewIndex(pts)
	queries := randomPoints(rng, 64)
	want := make([][]int, len(queries))
	for i, q := range queries {
		order, _ := bruteSorted(pts, q)
		want[i] = order[:8]
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range 200 {
				i := (g*7 + r) % len(queries)
				if got := ix.Nearest(queries[i], 8); !slices.Equal(got, want[i]) {
					errs <- fmt.Sprintf("Nearest(%v) = %v, want %v", queries[i], got, want[i])
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

func benchSites() ([]orb.Point, []orb.Point) {
	rng := rand.New(rand.NewPCG(15, 16))
	sites := make([]orb.Point, 500)
	for i := range sites {
		sites[i] = orb.Point{86.5 + rng.Float64()*0.8, 43.7 + rng.Float64()*1.7}
	}
	homes := make([]orb.Point, 4096)
	for i := range homes {
		homes[i] = orb.Point{86.5 + rng.Float64()*0.8, 43.7 + rng.Float64()*1.7}
	}
	return sites, homes
}

func BenchmarkNearest500k8(b *testing.B) {
	sites, homes := benchSites()
	ix := geo.NewIndex(sites)
	for i := 0; b.Loop(); i++ {
		ix.Nearest(homes[i%len(homes)], 8)
	}
}

// BenchmarkNearest500k8Brute is the baseline: every distance, then a sort.
func BenchmarkNearest500k8Brute(b *testing.B) {
	sites, homes := benchSites()
	for i := 0; b.Loop(); i++ {
		order, _ := bruteSorted(sites, homes[i%len(homes)])
		_ = order[:8]
	}
}

func BenchmarkNewIndex500(b *testing.B) {
	sites, _ := benchSites()
	for b.Loop() {
		geo.NewIndex(sites)
	}
}

func ExampleIndex_Nearest() {
	schools := []orb.Point{{86.90, 44.19}, {86.95, 44.20}, {87.10, 44.40}}
	ix := geo.NewIndex(schools)
	fmt.Println(ix.Nearest(orb.Point{86.93, 44.20}, 2))
	fmt.Println(ix.Within(orb.Point{86.93, 44.20}, 3000))
	// Output:
	// [1 0]
	// [1 0]
}
