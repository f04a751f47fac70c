package geos

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	ggeos "github.com/twpayne/go-geos"
)

// sq is the axis-aligned square [x0,x1]×[y0,y1], counter-clockwise.
func sq(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// bowtie crosses itself at (1,1): two triangles of area 1 each.
var bowtie = orb.Polygon{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}}

// ngonArea is the area of the regular polygon of n sides inscribed in a
// circle of radius r: n/2 r² sin(2π/n).
func ngonArea(n int, r float64) float64 {
	return float64(n) / 2 * r * r * math.Sin(2*math.Pi/float64(n))
}

func approx(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// shoelace is the planar area of a MultiPolygon, holes subtracted, computed
// independently of GEOS.
func shoelace(mp orb.MultiPolygon) float64 {
	var s float64
	for _, p := range mp {
		for i, r := range p {
			a := math.Abs(planar.Area(r))
			if i == 0 {
				s += a
			} else {
				s -= a
			}
		}
	}
	return s
}

// checkOriented fails unless every exterior ring is counter-clockwise and
// closed and every hole clockwise.
func checkOriented(t *testing.T, mp orb.MultiPolygon) {
	t.Helper()
	for i, p := range mp {
		for j, r := range p {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				t.Errorf("polygon %d ring %d not closed or too short: %v", i, j, r)
			}
			if a := r.Orientation(); (j == 0) != (a == orb.CCW) {
				t.Errorf("polygon %d ring %d has orientation %d: outer rings must run counter-clockwise, holes clockwise", i, j, a)
			}
		}
	}
}

func TestOverlay(t *testing.T) {
	a := sq(0, 0, 2, 2)
	b := sq(1, 1, 3, 3)
	tri := orb.Polygon{{{0, 0}, {4, 0}, {0, 4}, {0, 0}}}
	holed := orb.Polygon{sq(0, 0, 4, 4)[0], {{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}}}
	tests := []struct {
		name  string
		f     func() (orb.MultiPolygon, error)
		area  float64
		parts int
		holes int
	}{
		{"union overlapping squares", func() (orb.MultiPolygon, error) { return Union(a, b) }, 4 + 4 - 1, 1, 0},
		{"union adjacent squares", func() (orb.MultiPolygon, error) { return Union(sq(0, 0, 1, 1), sq(1, 0, 2, 1)) }, 2, 1, 0},
		{"union disjoint squares", func() (orb.MultiPolygon, error) { return Union(sq(0, 0, 1, 1), sq(5, 5, 6, 6)) }, 2, 2, 0},
		{"union fills hole", func() (orb.MultiPolygon, error) { return Union(holed, sq(1, 1, 2, 2)) }, 16, 1, 0},
		{"union keeps hole", func() (orb.MultiPolygon, error) { return Union(holed) }, 15, 1, 1},
		{"union of a multipolygon and a collection", func() (orb.MultiPolygon, error) {
			return Union(orb.MultiPolygon{a}, orb.Collection{b, orb.Point{9, 9}})
		}, 7, 1, 0},
		{"union of nothing", func() (orb.MultiPolygon, error) { return Union() }, 0, 0, 0},
		{"union repairs bow-tie", func() (orb.MultiPolygon, error) { return Union(bowtie) }, 2, 2, 0},
		{"intersection of squares", func() (orb.MultiPolygon, error) { return Intersection(a, b) }, 1, 1, 0},
		{"intersection disjoint", func() (orb.MultiPolygon, error) { return Intersection(sq(0, 0, 1, 1), sq(2, 2, 3, 3)) }, 0, 0, 0},
		{"intersection touching edge", func() (orb.MultiPolygon, error) { return Intersection(sq(0, 0, 1, 1), sq(1, 0, 2, 1)) }, 0, 0, 0},
		// The square [0,2]² lies under x+y=4 entirely.
		{"intersection triangle square inside", func() (orb.MultiPolygon, error) { return Intersection(tri, a) }, 4, 1, 0},
		// The diagonal x+y=4 halves [1,3]².
		{"intersection triangle halves square", func() (orb.MultiPolygon, error) { return Intersection(tri, b) }, 2, 1, 0},
		{"intersection with bound", func() (orb.MultiPolygon, error) {
			return Intersection(a, orb.Bound{Min: orb.Point{1, 0}, Max: orb.Point{5, 0.5}})
		}, 0.5, 1, 0},
		{"difference of squares", func() (orb.MultiPolygon, error) { return Difference(a, b) }, 3, 1, 0},
		{"difference cuts hole", func() (orb.MultiPolygon, error) { return Difference(sq(0, 0, 4, 4), sq(1, 1, 2, 2)) }, 15, 1, 1},
		{"difference all", func() (orb.MultiPolygon, error) { return Difference(a, sq(-1, -1, 3, 3)) }, 0, 0, 0},
		{"difference splits", func() (orb.MultiPolygon, error) { return Difference(sq(0, 0, 3, 1), sq(1, -1, 2, 2)) }, 2, 2, 0},
		{"make valid bow-tie", func() (orb.MultiPolygon, error) { return MakeValid(bowtie) }, 2, 2, 0},
		{"make valid overlapping multipolygon", func() (orb.MultiPolygon, error) { return MakeValid(orb.MultiPolygon{a, b}) }, 7, 1, 0},
		{"make valid open ring", func() (orb.MultiPolygon, error) { return MakeValid(orb.Ring{{0, 0}, {1, 0}, {1, 1}}) }, 0.5, 1, 0},
		{"make valid drops lines", func() (orb.MultiPolygon, error) { return MakeValid(orb.LineString{{0, 0}, {1, 1}}) }, 0, 0, 0},
		{"make valid collapsed ring", func() (orb.MultiPolygon, error) {
			return MakeValid(orb.Polygon{{{0, 0}, {1, 1}, {2, 2}, {0, 0}}})
		}, 0, 0, 0},
		{"simplify drops collinear vertices", func() (orb.MultiPolygon, error) {
			return Simplify(orb.Polygon{{{0, 0}, {0.5, 0}, {1, 0}, {1, 0.5}, {1, 1}, {0, 1}, {0, 0}}}, 0.01)
		}, 1, 1, 0},
		{"buffer point", func() (orb.MultiPolygon, error) { return Buffer(orb.Point{10, 20}, 1) }, ngonArea(4*quadSegs, 1), 1, 0},
		// A square grown by 1: itself, four 1-wide strips, and four quarter
		// circles drawn with quadSegs segments each (one full 32-gon).
		{"buffer square", func() (orb.MultiPolygon, error) { return Buffer(sq(0, 0, 1, 1), 1) }, 1 + 4 + ngonArea(4*quadSegs, 1), 1, 0},
		{"buffer square inward", func() (orb.MultiPolygon, error) { return Buffer(sq(0, 0, 4, 4), -1) }, 4, 1, 0},
		{"buffer square away", func() (orb.MultiPolygon, error) { return Buffer(sq(0, 0, 1, 1), -1) }, 0, 0, 0},
		// A 2-long segment with round caps: a 2×2 rectangle and one 32-gon.
		{"buffer line", func() (orb.MultiPolygon, error) { return Buffer(orb.LineString{{0, 0}, {2, 0}}, 1) }, 4 + ngonArea(4*quadSegs, 1), 1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.f()
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Fatal("nil MultiPolygon without an error")
			}
			if a := shoelace(got); !approx(a, tc.area, 1e-9) {
				t.Errorf("area = %.12g, want %.12g (%v)", a, tc.area, got)
			}
			if len(got) != tc.parts {
				t.Errorf("%d polygons, want %d: %v", len(got), tc.parts, got)
			}
			holes := 0
			for _, p := range got {
				holes += len(p) - 1
			}
			if holes != tc.holes {
				t.Errorf("%d holes, want %d", holes, tc.holes)
			}
			checkOriented(t, got)
			if len(got) > 0 {
				if err := Validate(got); err != nil {
					t.Errorf("result is not valid: %v", err)
				}
			}
		})
	}
}

func TestArea(t *testing.T) {
	tests := []struct {
		name string
		g    orb.Geometry
		want float64
	}{
		{"square", sq(0, 0, 2, 3), 6},
		{"clockwise square", orb.Polygon{{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}}, 1},
		{"triangle", orb.Polygon{{{0, 0}, {4, 0}, {0, 4}}}, 8},
		{"bow-tie counts both triangles", bowtie, 2},
		{"bound", orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{3, 2}}, 2},
		{"point", orb.Point{1, 1}, 0},
		{"line", orb.LineString{{0, 0}, {1, 1}}, 0},
		{"empty polygon", orb.Polygon{}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Area(tc.g)
			if err != nil {
				t.Fatal(err)
			}
			if !approx(got, tc.want, 1e-12) {
				t.Errorf("Area = %g, want %g", got, tc.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		g       orb.Geometry
		wantErr string // "" for valid
	}{
		{"square", sq(0, 0, 1, 1), ""},
		{"open square", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, ""},
		{"bow-tie", bowtie, "Self-intersection"},
		{"hole outside shell", orb.Polygon{sq(0, 0, 1, 1)[0], sq(5, 5, 6, 6)[0]}, "Hole lies outside shell"},
		{"overlapping multipolygon", orb.MultiPolygon{sq(0, 0, 2, 2), sq(1, 1, 3, 3)}, "Self-intersection"},
		{"point", orb.Point{1, 2}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.g)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.HasPrefix(err.Error(), "geos: ")):
				t.Errorf("Validate = %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	nan := math.NaN()
	bad := []struct {
		name string
		g    orb.Geometry
	}{
		{"nil", nil},
		{"NaN point", orb.Point{nan, 1}},
		{"infinite vertex", orb.Polygon{{{0, 0}, {math.Inf(1), 0}, {1, 1}, {0, 0}}}},
		{"two-point ring", orb.Polygon{{{0, 0}, {1, 1}}}},
		{"empty ring", orb.Polygon{{}}},
		{"one-point line", orb.LineString{{0, 0}}},
		{"inverted bound", orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{0, 0}}},
		{"bad member", orb.Collection{sq(0, 0, 1, 1), orb.Point{nan, nan}}},
	}
	ops := map[string]func(g orb.Geometry) (any, error){
		"Union":        func(g orb.Geometry) (any, error) { return Union(sq(0, 0, 1, 1), g) },
		"Intersection": func(g orb.Geometry) (any, error) { return Intersection(sq(0, 0, 1, 1), g) },
		"Difference":   func(g orb.Geometry) (any, error) { return Difference(g, sq(0, 0, 1, 1)) },
		"MakeValid":    func(g orb.Geometry) (any, error) { return MakeValid(g) },
		"Area":         func(g orb.Geometry) (any, error) { return Area(g) },
		"Buffer":       func(g orb.Geometry) (any, error) { return Buffer(g, 1) },
		"Simplify":     func(g orb.Geometry) (any, error) { return Simplify(g, 0.1) },
		"ConvexHull":   func(g orb.Geometry) (any, error) { return ConvexHull(g) },
		"Validate":     func(g orb.Geometry) (any, error) { return nil, Validate(g) },
	}
	for _, b := range bad {
		for name, op := range ops {
			t.Run(b.name+"/"+name, func(t *testing.T) {
				_, err := op(b.g)
				if err == nil {
					t.Fatalf("%s(%v) gave no error", name, b.g)
				}
				if !strings.HasPrefix(err.Error(), "geos: ") {
					t.Errorf("error %q lacks the package prefix", err)
				}
			})
		}
	}
	if _, err := Buffer(sq(0, 0, 1, 1), math.NaN()); err == nil {
		t.Error("Buffer with NaN width gave no error")
	}
	if _, err := Simplify(sq(0, 0, 1, 1), -1); err == nil {
		t.Error("Simplify with negative tolerance gave no error")
	}
}

func TestConvexHull(t *testing.T) {
	got, err := ConvexHull(orb.MultiPoint{{0, 0}, {2, 0}, {1, 1}, {0, 2}, {2, 2}, {1, 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	if a := shoelace(orb.MultiPolygon{got}); !approx(a, 4, 1e-12) {
		t.Errorf("hull area %g, want 4", a)
	}
	checkOriented(t, orb.MultiPolygon{got})
	for _, g := range []orb.Geometry{orb.MultiPoint{{0, 0}, {1, 1}, {2, 2}}, orb.Point{1, 1}, orb.MultiPoint{}} {
		if _, err := ConvexHull(g); err == nil {
			t.Errorf("ConvexHull(%v) gave no error", g)
		}
	}
}

// TestUnionProperty checks, on random axis-aligned rectangles, that the union
// area matches inclusion-exclusion over an independent exact computation: the
// area of a union of rectangles by coordinate compression.
func TestUnionProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		n := 1 + rng.IntN(6)
		var rects []orb.Bound
		var gs []orb.Geometry
		for range n {
			x, y := float64(rng.IntN(10)), float64(rng.IntN(10))
			w, h := float64(1+rng.IntN(5)), float64(1+rng.IntN(5))
			b := orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + h}}
			rects = append(rects, b)
			gs = append(gs, b.ToPolygon())
		}
		u, err := Union(gs...)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := shoelace(u), rectUnionArea(rects); !approx(got, want, 1e-9) {
			t.Errorf("trial %d: union area %g, want %g", trial, got, want)
		}
		// Intersection of the union with each rectangle is that rectangle.
		for _, r := range rects {
			in, err := Intersection(u, r)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := shoelace(in), (r.Max[0]-r.Min[0])*(r.Max[1]-r.Min[1]); !approx(got, want, 1e-9) {
				t.Errorf("trial %d: (union ∩ rect) area %g, want %g", trial, got, want)
			}
		}
	}
}

// rectUnionArea counts unit cells of the integer grid covered by rects.
func rectUnionArea(rects []orb.Bound) float64 {
	covered := map[[2]int]bool{}
	for _, r := range rects {
		for x := int(r.Min[0]); x < int(r.Max[0]); x++ {
			for y := int(r.Min[1]); y < int(r.Max[1]); y++ {
				covered[[2]int{x, y}] = true
			}
		}
	}
	return float64(len(covered))
}

func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				off := float64(g*100 + i)
				u, err := Union(sq(off, 0, off+2, 2), sq(off+1, 1, off+3, 3))
				if err == nil && !approx(shoelace(u), 7, 1e-9) {
					err = fmt.Errorf("union area %g, want 7", shoelace(u))
				}
				if err == nil {
					var a float64
					a, err = Area(bowtie)
					if err == nil && !approx(a, 2, 1e-12) {
						err = fmt.Errorf("bow-tie area %g, want 2", a)
					}
				}
				if err == nil {
					err = Validate(u)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func ExampleUnion() {
	u, err := Union(sq(0, 0, 2, 2), sq(1, 1, 3, 3))
	if err != nil {
		fmt.Println(err)
		return
	}
	a, _ := Area(u)
	fmt.Println(len(u), "polygon, area", a)
	// Output: 1 polygon, area 7
}

func ExampleValidate() {
	fmt.Println(Validate(orb.Polygon{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}}))
	// Output: geos: invalid geometry: Self-intersection[1 1]
}

func ExampleMakeValid() {
	// A bow-tie crosses itself at (1, 1): it becomes two triangles.
	mp, err := MakeValid(orb.Polygon{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	a, _ := Area(mp)
	fmt.Println(len(mp), "polygons, area", a)
	// Output: 2 polygons, area 2
}

func ExampleIntersection() {
	in, err := Intersection(sq(0, 0, 2, 2), sq(1, 1, 3, 3))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(in[0].Bound())
	// Output: {[1 1] [2 2]}
}

// TestRunRecovers checks that a panic inside a GEOS call becomes an error and
// that later calls still work.
func TestRunRecovers(t *testing.T) {
	_, err := run("probe", func(c *ggeos.Context) (int, error) { panic(ggeos.Error("IllegalArgumentException: boom")) })
	if err == nil || !strings.HasPrefix(err.Error(), "geos: probe: ") || !strings.Contains(err.Error(), "boom") {
		t.Errorf("run = %v, want a geos: probe: error", err)
	}
	if a, err := Area(sq(0, 0, 1, 1)); err != nil || a != 1 {
		t.Errorf("Area after a recovered panic = %v, %v", a, err)
	}
}

func TestIsValidDetail(t *testing.T) {
	tests := []struct {
		name   string
		g      orb.Geometry
		reason string // "" for valid
		at     *orb.Point
	}{
		{"square", sq(0, 0, 1, 1), "", nil},
		{"bow-tie", bowtie, "Self-intersection", &orb.Point{1, 1}},
		{"bow-tie far from the origin", orb.Polygon{{{86.8, 44.1}, {86.9, 44.2}, {86.9, 44.1}, {86.8, 44.2}, {86.8, 44.1}}},
			"Self-intersection", &orb.Point{86.85, 44.15}},
		{"hole outside shell", orb.Polygon{sq(0, 0, 1, 1)[0], sq(5, 5, 6, 6)[0]}, "Hole lies outside shell", nil},
		{"overlapping multipolygon", orb.MultiPolygon{sq(0, 0, 2, 2), sq(1, 1, 3, 3)}, "Self-intersection", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv, err := IsValidDetail(tc.g)
			if err != nil {
				t.Fatal(err)
			}
			if tc.reason == "" {
				if inv != nil {
					t.Fatalf("IsValidDetail = %+v, want valid", inv)
				}
				return
			}
			if inv == nil || inv.Reason != tc.reason || !inv.HasAt {
				t.Fatalf("IsValidDetail = %+v, want reason %q with a location", inv, tc.reason)
			}
			if tc.at != nil && (!approx(inv.At[0], tc.at[0], 1e-9) || !approx(inv.At[1], tc.at[1], 1e-9)) {
				t.Errorf("at %v, want %v", inv.At, *tc.at)
			}
		})
	}
	if _, err := IsValidDetail(orb.Polygon{{{0, 0}, {math.NaN(), 1}, {1, 1}, {0, 0}}}); err == nil {
		t.Error("NaN coordinate: no error")
	}
	if inv := parseReason("Too few points"); inv.HasAt || inv.Reason != "Too few points" {
		t.Errorf("parseReason without a location = %+v", inv)
	}
}
