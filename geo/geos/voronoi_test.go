package geos

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// haversine is the great-circle distance in metres on the sphere of radius
// 6371008.8 m, written out here independently of the code under test.
func haversine(a, b orb.Point) float64 {
	const r = 6371008.8
	la1, la2 := a[1]*math.Pi/180, b[1]*math.Pi/180
	dla, dlo := la2-la1, (b[0]-a[0])*math.Pi/180
	h := math.Pow(math.Sin(dla/2), 2) + math.Cos(la1)*math.Cos(la2)*math.Pow(math.Sin(dlo/2), 2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// hutubi is roughly the county's bounding box (lon, lat).
var hutubi = orb.Bound{Min: orb.Point{86.55, 43.75}, Max: orb.Point{87.25, 45.35}}

func TestVoronoiHandMade(t *testing.T) {
	ext := orb.Bound{Min: orb.Point{86.7, 44.1}, Max: orb.Point{87.1, 44.3}}
	tests := []struct {
		name  string
		sites []orb.Point
		areas []float64 // square degrees, worked out by hand
	}{
		// Two sites on one parallel: by symmetry their bisector is the
		// meridian halfway between them, lon 86.9, straight in lon, lat.
		{"two on a parallel", []orb.Point{{86.8, 44.2}, {87.0, 44.2}}, []float64{0.2 * 0.2, 0.2 * 0.2}},
		// Off-centre on one parallel: the bisector is still the meridian
		// halfway between them, lon 86.75.
		{"two off centre", []orb.Point{{86.7, 44.25}, {86.8, 44.25}}, []float64{0.05 * 0.2, 0.35 * 0.2}},
		{"one site takes all", []orb.Point{{86.9, 44.2}}, []float64{0.4 * 0.2}},
		// Duplicates share a cell; the third site is alone.
		{"duplicates", []orb.Point{{86.8, 44.2}, {86.8, 44.2}, {87.0, 44.2}}, []float64{0.04, 0.04, 0.04}},
		// A site far outside the extent gets an empty cell.
		{"far site", []orb.Point{{86.9, 44.2}, {80, 30}}, []float64{0.08, 0}},
		{"no sites", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cells, err := Voronoi(tc.sites, ext)
			if err != nil {
				t.Fatal(err)
			}
			if len(cells) != len(tc.sites) {
				t.Fatalf("%d cells for %d sites", len(cells), len(tc.sites))
			}
			for i, c := range cells {
				if c == nil {
					t.Fatalf("cell %d is nil", i)
				}
				got := shoelace(orb.MultiPolygon{c})
				if !approx(got, tc.areas[i], 1e-12) {
					t.Errorf("cell %d area %.15g, want %.15g", i, got, tc.areas[i])
				}
				if len(c) > 0 {
					checkOriented(t, orb.MultiPolygon{c})
					if err := Validate(c); err != nil {
						t.Errorf("cell %d: %v", i, err)
					}
					for _, p := range c[0] {
						if !ext.Contains(p) {
							t.Errorf("cell %d vertex %v outside the extent", i, p)
						}
					}
				}
			}
		})
	}
}

// TestVoronoiNearest checks the defining property on random sites over the
// county: the cell that contains a point belongs to the site nearest to it by
// great-circle distance (points within 1 m of a tie are skipped), the cells
// cover the extent without overlap, and each site lies in its own cell.
func TestVoronoiNearest(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rnd := func(b orb.Bound) orb.Point {
		return orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
	}
	for trial := range 4 {
		n := []int{2, 7, 60, 300}[trial]
		sites := make([]orb.Point, n)
		for i := range sites {
			sites[i] = rnd(hutubi)
		}
		cells, err := Voronoi(sites, hutubi)
		if err != nil {
			t.Fatal(err)
		}
		zones := make([]orb.MultiPolygon, n)
		var total float64
		for i, c := range cells {
			zones[i] = orb.MultiPolygon{c}
			total += shoelace(zones[i])
		}
		ext := (hutubi.Max[0] - hutubi.Min[0]) * (hutubi.Max[1] - hutubi.Min[1])
		if !approx(total, ext, 1e-9*ext) {
			t.Errorf("n=%d: cells cover %.12g square degrees, extent is %.12g", n, total, ext)
		}
		u, err := Union(func() []orb.Geometry {
			gs := make([]orb.Geometry, n)
			for i, c := range cells {
				gs[i] = c
			}
			return gs
		}()...)
		if err != nil {
			t.Fatal(err)
		}
		if a := shoelace(u); !approx(a, ext, 1e-9*ext) {
			t.Errorf("n=%d: union of the cells %.12g, extent %.12g (overlap or gap)", n, a, ext)
		}
		ix, err := NewPolygonIndex(zones)
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range sites {
			if !ix.Contains(i, s) {
				t.Errorf("n=%d: site %d %v not in its own cell", n, i, s)
			}
		}
		for range 2000 {
			p := rnd(hutubi)
			best, second := -1, -1
			for i, s := range sites {
				switch {
				case best < 0 || haversine(p, s) < haversine(p, sites[best]):
					best, second = i, best
				case second < 0 || haversine(p, s) < haversine(p, sites[second]):
					second = i
				}
			}
			if second >= 0 && haversine(p, sites[second])-haversine(p, sites[best]) < 1 {
				continue
			}
			got := ix.Locate(p)
			if len(got) != 1 || got[0] != best {
				t.Errorf("n=%d: point %v in cells %v, nearest site is %d", n, p, got, best)
			}
		}
	}
}

func TestVoronoiErrors(t *testing.T) {
	ok := orb.Bound{Min: orb.Point{86, 44}, Max: orb.Point{87, 45}}
	tests := []struct {
		name   string
		sites  []orb.Point
		extent orb.Bound
		want   string
	}{
		{"flat extent", []orb.Point{{86.5, 44.5}}, orb.Bound{Min: orb.Point{86, 44}, Max: orb.Point{87, 44}}, "no area"},
		{"inverted extent", []orb.Point{{86.5, 44.5}}, orb.Bound{Min: orb.Point{87, 45}, Max: orb.Point{86, 44}}, "no area"},
		{"NaN extent", nil, orb.Bound{Min: orb.Point{math.NaN(), 44}, Max: orb.Point{87, 45}}, "not finite"},
		{"extent past the pole", nil, orb.Bound{Min: orb.Point{86, 44}, Max: orb.Point{87, 95}}, "outside"},
		{"huge extent", nil, orb.Bound{Min: orb.Point{-170, -80}, Max: orb.Point{170, 80}}, "too large"},
		{"NaN site", []orb.Point{{86.5, 44.5}, {math.NaN(), 1}}, ok, "site 1"},
		{"site out of range", []orb.Point{{200, 44.5}}, ok, "site 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cells, err := Voronoi(tc.sites, tc.extent)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "geos: voronoi: ") {
				t.Errorf("Voronoi = %v, %v; want an error containing %q", cells, err, tc.want)
			}
		})
	}
}

func BenchmarkVoronoi500(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	sites := make([]orb.Point, 500)
	for i := range sites {
		sites[i] = orb.Point{hutubi.Min[0] + rng.Float64()*0.7, hutubi.Min[1] + rng.Float64()*1.6}
	}
	for b.Loop() {
		if _, err := Voronoi(sites, hutubi); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleVoronoi() {
	ext := orb.Bound{Min: orb.Point{86.7, 44.1}, Max: orb.Point{87.1, 44.3}}
	cells, err := Voronoi([]orb.Point{{86.8, 44.2}, {87.0, 44.2}}, ext)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range cells {
		b := c.Bound()
		fmt.Printf("lon %.2f..%.2f lat %.2f..%.2f\n", b.Min[0], b.Max[0], b.Min[1], b.Max[1])
	}
	// Output:
	// lon 86.70..86.90 lat 44.10..44.30
	// lon 86.90..87.10 lat 44.10..44.30
}
