package report

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

func TestNiceStep(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{0.3, 0.5}, {1, 1}, {1.01, 2}, {7, 10}, {12, 20}, {22, 25}, {240, 250}, {251, 500}, {0, 1}, {-5, 1},
		{math.NaN(), 1}, {math.Inf(1), 1},
	} {
		if got := niceStep(c.x); math.Abs(got-c.want) > 1e-9*c.want {
			t.Errorf("niceStep(%g) = %g, want %g", c.x, got, c.want)
		}
	}
	for _, c := range []struct{ x, want float64 }{
		{0.3, 0.2}, {1, 1}, {1.99, 1}, {7, 5}, {12, 10}, {4999, 2000}, {250, 200}, {0, 1},
	} {
		if got := niceBelow(c.x); math.Abs(got-c.want) > 1e-9*c.want {
			t.Errorf("niceBelow(%g) = %g, want %g", c.x, got, c.want)
		}
	}
}

// mantissa returns x / 10^⌊log10 x⌋.
func mantissa(x float64) float64 { return x / math.Pow(10, math.Floor(math.Log10(x)+1e-12)) }

func TestNiceProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 10000; i++ {
		x := math.Pow(10, r.Float64()*12-6)
		n := niceStep(x)
		if n < x*(1-1e-12) || n > 2*x*(1+1e-12) {
			t.Fatalf("niceStep(%g) = %g, not in [x, 2x]", x, n)
		}
		if m := mantissa(n); !near(m, 1) && !near(m, 2) && !near(m, 2.5) && !near(m, 5) {
			t.Fatalf("niceStep(%g) = %g, mantissa %g", x, n, m)
		}
		b := niceBelow(x)
		if b > x*(1+1e-12) || b < x/2.5*(1-1e-12) {
			t.Fatalf("niceBelow(%g) = %g, not in [x/2.5, x]", x, b)
		}
		if m := mantissa(b); !near(m, 1) && !near(m, 2) && !near(m, 5) {
			t.Fatalf("niceBelow(%g) = %g, mantissa %g", x, b, m)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestUtilOf(t *testing.T) {
	for _, c := range []struct{ e, p, want int }{
		{0, 0, 0}, {5, 0, 0}, {0, 10, 1}, {5, 10, 1}, {6, 10, 2}, {8, 10, 2}, {9, 10, 3}, {99, 100, 3},
		{10, 10, 4}, {11, 10, 4},
	} {
		if got := utilOf(c.e, c.p); got != c.want {
			t.Errorf("utilOf(%d, %d) = %d, want %d", c.e, c.p, got, c.want)
		}
	}
}

func TestFormat(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, c := range []struct{ got, want string }{
		{pct(nil), none}, {pct(f(2.0 / 3)), "66.7%"}, {pct(f(1)), "100.0%"}, {pct(f(math.NaN())), none},
		{pctTarget(0.95), "95%"}, {pctTarget(1), "100%"}, {pctTarget(0.975), "97.5%"},
		{signedPct(f(0.25)), "+25.0%"}, {signedPct(f(-0.031)), "-3.1%"}, {signedPct(nil), none},
		{metres(f(1249.6)), "1250 m"}, {metres(nil), none}, {metresNum(f(499.4)), "499"},
		{distLabel(500), "500 m"}, {distLabel(1500), "1.5 km"}, {distLabel(25000), "25 km"},
		{num(1.23456, 2), "1.23"}, {num(-0.0001, 2), "0"}, {num(12, 3), "12"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestTextWidth(t *testing.T) {
	for _, c := range []struct {
		s    string
		want float64
	}{{"县一小", 30}, {"ab", 11}, {"第1中学", 35.5}, {"", 0}} {
		if got := textWidth(c.s, 10); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("textWidth(%q) = %g, want %g", c.s, got, c.want)
		}
	}
}

func TestShortName(t *testing.T) {
	for _, c := range []struct{ name, county, want string }{
		{"呼图壁县第二小学", "呼图壁县", "第二小学"},
		{"园户村镇中心小学", "呼图壁县", "园户村镇中心小学"},
		{"呼图壁县", "呼图壁县", "呼图壁县"},
		{"县一小", "", "县一小"},
		{"呼图壁县第一中学", "呼图壁县 (synthetic)", "第一中学"},
		{"呼图壁县第一中学", "呼图壁县（试点）", "第一中学"},
	} {
		if got := shortName(c.name, c.county); got != c.want {
			t.Errorf("shortName(%q, %q) = %q, want %q", c.name, c.county, got, c.want)
		}
	}
}

// TestProjection compares projected distances with great-circle distances
// within 20 km of the centre of Hutubi's county seat, and checks north up.
func TestProjection(t *testing.T) {
	c := orb.Point{86.9, 44.19}
	p := newProj(orb.Bound{Min: orb.Point{86.8, 44.1}, Max: orb.Point{87.0, 44.3}})
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		a := orb.Point{c[0] + (r.Float64()-0.5)*0.25, c[1] + (r.Float64()-0.5)*0.18}
		b := orb.Point{c[0] + (r.Float64()-0.5)*0.25, c[1] + (r.Float64()-0.5)*0.18}
		ax, ay := p.xy(a)
		bx, by := p.xy(b)
		planar := math.Hypot(ax-bx, ay-by)
		want := geo.Distance(a, b)
		if want > 100 && math.Abs(planar-want)/want > 0.005 {
			t.Fatalf("%v–%v: projected %.1f m, great circle %.1f m", a, b, planar, want)
		}
		if (a[1] > b[1]) != (ay < by) && a[1] != b[1] {
			t.Fatalf("%v is north of %v but not above it", a, b)
		}
		if (a[0] > b[0]) != (ax > bx) && a[0] != b[0] {
			t.Fatalf("%v is east of %v but not right of it", a, b)
		}
	}
}

// sq is the whole-metre square [x0,x1]×[y0,y1] as one projected polygon's
// rings.
func sq(x0, y0, x1, y1 int64) [][]ipt {
	return [][]ipt{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}}
}

// TestAdjacencyGrid checks a grid of squares against the brute-force rule:
// two cells touch when they are at Chebyshev distance 1 (edges or corners).
func TestAdjacencyGrid(t *testing.T) {
	const n, m, s = 5, 4, 150
	var zones [][][]ipt
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			zones = append(zones, sq(int64(i*s), int64(j*s), int64((i+1)*s), int64((j+1)*s)))
		}
	}
	adj := adjacency(zones, 1)
	for a := range zones {
		want := map[int]bool{}
		for b := range zones {
			ai, aj, bi, bj := a/m, a%m, b/m, b%m
			if a != b && max(abs(ai-bi), abs(aj-bj)) == 1 {
				want[b] = true
			}
		}
		if len(adj[a]) != len(want) {
			t.Errorf("zone %d: neighbours %v, want %v", a, adj[a], want)
			continue
		}
		for _, b := range adj[a] {
			if !want[b] {
				t.Errorf("zone %d: %d is not a neighbour", a, b)
			}
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestAdjacencyTJunction: a square standing on the middle of a long edge
// shares no vertex with it but touches it; one 5 m away does not.
func TestAdjacencyTJunction(t *testing.T) {
	zones := [][][]ipt{
		sq(0, 0, 900, 100),
		sq(300, 100, 600, 400),
		sq(700, 105, 800, 300),
	}
	adj := adjacency(zones, 1)
	if len(adj[0]) != 1 || adj[0][0] != 1 || len(adj[1]) != 1 || adj[1][0] != 0 || len(adj[2]) != 0 {
		t.Errorf("adjacency = %v, want [[1] [0] []]", adj)
	}
}

// TestColourProper: on random graphs whose degree is below the palette size
// touching zones never share a colour, and colouring is deterministic.
func TestColourProper(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 200; trial++ {
		n := 2 + r.IntN(60)
		k := 3 + r.IntN(10)
		nb := make([]map[int]bool, n)
		for i := range nb {
			nb[i] = map[int]bool{}
		}
		for e := 0; e < n*3; e++ {
			a, b := r.IntN(n), r.IntN(n)
			if a == b || len(nb[a]) >= k-1 || len(nb[b]) >= k-1 {
				continue
			}
			nb[a][b], nb[b][a] = true, true
		}
		adj := make([][]int, n)
		for i := range nb {
			for j := 0; j < n; j++ {
				if nb[i][j] {
					adj[i] = append(adj[i], j)
				}
			}
		}
		col := colour(adj, k)
		for a := range adj {
			if col[a] < 0 || col[a] >= k {
				t.Fatalf("colour %d outside the palette of %d", col[a], k)
			}
			for _, b := range adj[a] {
				if col[a] == col[b] {
					t.Fatalf("trial %d: touching zones %d and %d share colour %d", trial, a, b, col[a])
				}
			}
		}
		again := colour(adj, k)
		for i := range col {
			if col[i] != again[i] {
				t.Fatal("colouring is not deterministic")
			}
		}
	}
}

// TestBinDistances checks the binning against a direct count.
func TestBinDistances(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := 0; trial < 300; trial++ {
		n := 1 + r.IntN(500)
		scale := math.Pow(10, 1+r.Float64()*4)
		d := make([]float64, n)
		for i := range d {
			d[i] = r.ExpFloat64() * scale
			if r.IntN(20) == 0 {
				d[i] = 0
			}
		}
		width, nb, counts := binDistances(d)
		if nb < 1 || nb > histMaxBins+1 || len(counts) != nb+1 {
			t.Fatalf("nb = %d, %d counts", nb, len(counts))
		}
		if m := mantissa(width); !near(m, 1) && !near(m, 2) && !near(m, 2.5) && !near(m, 5) && width != 100 {
			t.Fatalf("width %g is not nice", width)
		}
		want := make([]int, nb+1)
		beyond := 0
		for _, x := range d {
			placed := false
			for i := 0; i < nb; i++ {
				if x >= float64(i)*width && x < float64(i+1)*width {
					want[i]++
					placed = true
				}
			}
			if !placed {
				want[nb]++
				beyond++
			}
		}
		for i := range want {
			if want[i] != counts[i] {
				t.Fatalf("bin %d: %d, want %d", i, counts[i], want[i])
			}
		}
		if beyond*20 > n {
			t.Fatalf("%d of %d beyond the regular bins, more than 5%%", beyond, n)
		}
	}
}

func TestSimplifyPolys(t *testing.T) {
	// A 1 km square with a vertex every 10 m, wobbling by 1 m: four corners remain.
	var ring []ipt
	for i := int64(0); i < 100; i++ {
		ring = append(ring, ipt{i * 10, i % 2})
	}
	for i := int64(0); i < 100; i++ {
		ring = append(ring, ipt{1000, i * 10})
	}
	for i := int64(0); i < 100; i++ {
		ring = append(ring, ipt{1000 - i*10, 1000})
	}
	for i := int64(0); i < 100; i++ {
		ring = append(ring, ipt{0, 1000 - i*10})
	}
	out := simplifyPolys([][][]ipt{{ring}}, 10)
	if len(out) != 1 || len(out[0]) != 1 || len(out[0][0]) != 4 {
		t.Fatalf("simplified to %v, want the 4 corners", out)
	}
	// A polygon whose outer ring collapses loses its holes too.
	tiny := [][]ipt{{{0, 0}, {3, 0}, {0, 3}}, {{1, 1}, {2, 1}, {1, 2}}}
	if out := simplifyPolys([][][]ipt{tiny}, 10); len(out) != 0 {
		t.Errorf("collapsed polygon kept: %v", out)
	}
}

func TestProjectPolysDropsDegenerate(t *testing.T) {
	p := newProj(orb.Bound{Min: orb.Point{87, 44}, Max: orb.Point{87.01, 44.01}})
	mp := orb.MultiPolygon{
		{{{87, 44}, {87.001, 44}, {87.001, 44.001}, {87, 44}}},                         // a triangle
		{{{87.005, 44.005}, {87.005, 44.005}, {87.005, 44.005}}},                       // a point
		{{}, {{87.002, 44.002}, {87.003, 44.002}, {87.003, 44.003}, {87.002, 44.002}}}, // no outer ring
	}
	out := projectPolys(mp, p)
	if len(out) != 1 || len(out[0]) != 1 || len(out[0][0]) != 3 {
		t.Fatalf("projectPolys = %v, want the triangle only", out)
	}
	if d := pathData(out); strings.Count(d, "M") != 1 || !strings.HasSuffix(d, "Z") {
		t.Errorf("path %q", d)
	}
}
