package geo_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/uber/h3-go/v4"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// hutubiTown is the county seat, 呼图壁镇 (lon, lat).
var hutubiTown = orb.Point{86.9, 44.19}

// square returns the square of side sideM metres centred on c, with corners
// placed on a local equirectangular projection.
func square(c orb.Point, sideM float64) orb.Polygon {
	dlat := sideM / 2 / (geo.EarthRadius * math.Pi / 180)
	dlon := dlat / math.Cos(c[1]*math.Pi/180)
	return orb.Polygon{{
		{c[0] - dlon, c[1] - dlat}, {c[0] + dlon, c[1] - dlat},
		{c[0] + dlon, c[1] + dlat}, {c[0] - dlon, c[1] + dlat}, {c[0] - dlon, c[1] - dlat},
	}}
}

func signedArea(r orb.Ring) float64 {
	var s float64
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return s / 2
}

// sphericalArea is the area in m² of the spherical polygon with the vertices
// of r joined by great circles, on a sphere of radius R, summed as the
// spherical excess of the triangles (centre, v_i, v_i+1) with L'Huilier's
// theorem. It is independent of H3's own area code.
func sphericalArea(r orb.Ring, centre orb.Point, R float64) float64 {
	ang := func(a, b orb.Point) float64 { return geo.Distance(a, b) / geo.EarthRadius }
	var total float64
	for i := 0; i+1 < len(r); i++ {
		a, b, c := ang(centre, r[i]), ang(r[i], r[i+1]), ang(r[i+1], centre)
		s := (a + b + c) / 2
		t := math.Tan(s/2) * math.Tan((s-a)/2) * math.Tan((s-b)/2) * math.Tan((s-c)/2)
		total += 4 * math.Atan(math.Sqrt(math.Max(t, 0)))
	}
	return total * R * R
}

func TestCellOfContainsPoint(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for range 2000 {
		p := orb.Point{73 + rng.Float64()*62, 18 + rng.Float64()*35}
		res := 5 + rng.IntN(11)
		c, err := geo.CellOf(p, res)
		if err != nil {
			t.Fatal(err)
		}
		if c.Resolution() != res {
			t.Fatalf("CellOf(%v, %d) has resolution %d", p, res, c.Resolution())
		}
		poly := geo.CellPolygon(c)
		// H3 edges are great-circle arcs, the ring's are straight in lon,
		// lat: a point very near an edge may fall just outside the ring.
		if !planar.PolygonContains(poly, p) && planar.DistanceFrom(poly, p) > 1e-7 {
			t.Errorf("cell %v of %v (res %d) does not contain it: %v", c, p, res, poly)
		}
		if got, err := geo.CellOf(geo.CellCenter(c), res); err != nil || got != c {
			t.Errorf("CellOf(CellCenter(%v)) = %v, %v", c, got, err)
		}
	}
}

func TestCellOfErrors(t *testing.T) {
	tests := []struct {
		p    orb.Point
		res  int
		want string
	}{
		{hutubiTown, -1, "0..15"},
		{hutubiTown, 16, "0..15"},
		{orb.Point{math.NaN(), 44}, 9, "not finite"},
		{orb.Point{86.9, math.Inf(1)}, 9, "not finite"},
		{orb.Point{44.19, 186.9}, 9, "outside"},
	}
	for _, tc := range tests {
		if _, err := geo.CellOf(tc.p, tc.res); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "geo: ") {
			t.Errorf("CellOf(%v, %d) = %v, want an error with %q", tc.p, tc.res, err, tc.want)
		}
	}
}

func TestCellPolygonAndArea(t *testing.T) {
	// A pentagon of a class II (even) resolution has 5 vertices; at odd
	// resolutions it has 10 (its edges cross icosahedron edges).
	pent, err := h3.Pentagons(8)
	if err != nil {
		t.Fatal(err)
	}
	cells := []geo.Cell{geo.Cell(pent[0])}
	for _, res := range []int{4, 7, 9, 12} {
		c, err := geo.CellOf(hutubiTown, res)
		if err != nil {
			t.Fatal(err)
		}
		cells = append(cells, c)
	}
	for _, c := range cells {
		poly := geo.CellPolygon(c)
		if len(poly) != 1 {
			t.Fatalf("cell %v: %d rings", c, len(poly))
		}
		r := poly[0]
		want := 7
		if h3.Cell(c).IsPentagon() {
			want = 6
		}
		if len(r) != want || r[0] != r[len(r)-1] {
			t.Errorf("cell %v: ring of %d points (want %d, closed): %v", c, len(r), want, r)
		}
		if signedArea(r) <= 0 {
			t.Errorf("cell %v: ring not counter-clockwise", c)
		}
		got := geo.CellAreaM2(c)
		ref := sphericalArea(r, geo.CellCenter(c), 6371007.180918475)
		if math.Abs(got-ref) > 1e-6*ref {
			t.Errorf("cell %v: CellAreaM2 = %.6f, spherical excess of its vertices %.6f", c, got, ref)
		}
	}
	if p := geo.CellPolygon(0); p != nil {
		t.Errorf("CellPolygon(0) = %v", p)
	}
	if a := geo.CellAreaM2(0); !math.IsNaN(a) {
		t.Errorf("CellAreaM2(0) = %v", a)
	}
	if p := geo.CellCenter(0); !math.IsNaN(p[0]) {
		t.Errorf("CellCenter(0) = %v", p)
	}
}

func TestNeighbors(t *testing.T) {
	pent, err := h3.Pentagons(8)
	if err != nil {
		t.Fatal(err)
	}
	hex, err := geo.CellOf(hutubiTown, 8)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		c    geo.Cell
		want int
	}{{hex, 6}, {geo.Cell(pent[3]), 5}} {
		nb := geo.Neighbors(tc.c)
		if len(nb) != tc.want || !slices.IsSorted(nb) {
			t.Errorf("Neighbors(%v) = %v, want %d sorted", tc.c, nb, tc.want)
		}
		own := geo.CellPolygon(tc.c)[0]
		for _, n := range nb {
			// A neighbour shares an edge: two vertices.
			shared := 0
			for _, v := range geo.CellPolygon(n)[0][1:] {
				for _, w := range own[1:] {
					if math.Abs(v[0]-w[0]) < 1e-9 && math.Abs(v[1]-w[1]) < 1e-9 {
						shared++
					}
				}
			}
			if shared != 2 {
				t.Errorf("neighbour %v of %v shares %d vertices, want 2", n, tc.c, shared)
			}
		}
	}
	if nb := geo.Neighbors(0); nb != nil {
		t.Errorf("Neighbors(0) = %v", nb)
	}
}

func TestCellsToMultiPolygon(t *testing.T) {
	c, err := geo.CellOf(hutubiTown, 9)
	if err != nil {
		t.Fatal(err)
	}
	nb := geo.Neighbors(c)
	far, err := geo.CellOf(orb.Point{87.2, 44.5}, 9)
	if err != nil {
		t.Fatal(err)
	}
	c8, err := geo.CellOf(hutubiTown, 8)
	if err != nil {
		t.Fatal(err)
	}
	area := func(cells ...geo.Cell) float64 {
		var s float64
		for _, x := range cells {
			s += signedArea(geo.CellPolygon(x)[0])
		}
		return s
	}
	tests := []struct {
		name         string
		cells        []geo.Cell
		parts, holes int
		area         float64 // planar, square degrees: the cells' own sum
	}{
		{"one", []geo.Cell{c}, 1, 0, area(c)},
		{"two adjacent", []geo.Cell{c, nb[0]}, 1, 0, area(c, nb[0])},
		{"two far apart", []geo.Cell{c, far}, 2, 0, area(c, far)},
		{"duplicates ignored", []geo.Cell{c, nb[0], c}, 1, 0, area(c, nb[0])},
		{"ring around a hole", nb, 1, 1, area(nb...)},
		{"disk", append([]geo.Cell{c}, nb...), 1, 0, area(c) + area(nb...)},
		{"none", nil, 0, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mp, err := geo.CellsToMultiPolygon(tc.cells)
			if err != nil {
				t.Fatal(err)
			}
			if mp == nil {
				t.Fatal("nil MultiPolygon without an error")
			}
			holes := 0
			var a float64
			for _, p := range mp {
				holes += len(p) - 1
				for i, r := range p {
					if r[0] != r[len(r)-1] {
						t.Errorf("ring not closed")
					}
					if (i == 0) != (signedArea(r) > 0) {
						t.Errorf("ring %d wrongly oriented", i)
					}
					a += signedArea(r)
				}
			}
			if len(mp) != tc.parts || holes != tc.holes {
				t.Errorf("%d polygons with %d holes, want %d with %d", len(mp), holes, tc.parts, tc.holes)
			}
			if math.Abs(a-tc.area) > 1e-9*math.Max(tc.area, 1e-12) {
				t.Errorf("area %.15g, want %.15g", a, tc.area)
			}
			if len(mp) > 0 {
				if err := geos.Validate(mp); err != nil {
					t.Error(err)
				}
			}
		})
	}
	for _, bad := range [][]geo.Cell{{c, c8}, {c, 0}, {c, geo.Cell(-5)}} {
		if _, err := geo.CellsToMultiPolygon(bad); err == nil || !strings.HasPrefix(err.Error(), "geo: ") {
			t.Errorf("CellsToMultiPolygon(%v) = %v, want an error", bad, err)
		}
	}
}

// checkCover verifies that cells cover poly with no gap, that each overlaps
// it, and that it includes every cell whose centre lies inside.
func checkCover(t *testing.T, name string, poly orb.MultiPolygon, res int, cells []geo.Cell) {
	t.Helper()
	if !slices.IsSorted(cells) || len(slices.Compact(slices.Clone(cells))) != len(cells) {
		t.Errorf("%s: cells not sorted and unique", name)
	}
	outline, err := geo.CellsToMultiPolygon(cells)
	if err != nil {
		t.Fatal(err)
	}
	gap, err := geos.Difference(poly, outline)
	if err != nil {
		t.Fatal(err)
	}
	total, err := geos.Area(poly)
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := geos.Area(gap); g > 1e-9*total {
		t.Errorf("%s: the cells leave %.3g of %.3g square degrees uncovered", name, g, total)
	}
	for _, c := range cells {
		in, err := geos.Intersection(geo.CellPolygon(c), poly)
		if err != nil {
			t.Fatal(err)
		}
		if a, _ := geos.Area(in); a <= 0 {
			t.Errorf("%s: cell %v does not overlap the area", name, c)
		}
	}
	for _, p := range poly {
		centred, err := h3.PolygonToCells(toGeoPolygon(p), res)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range centred {
			if _, ok := slices.BinarySearch(cells, geo.Cell(c)); !ok {
				t.Errorf("%s: cell %v has its centre inside but is missing", name, c)
			}
		}
	}
}

func toGeoPolygon(p orb.Polygon) h3.GeoPolygon {
	loop := func(r orb.Ring) h3.GeoLoop {
		var l h3.GeoLoop
		for _, q := range r[:len(r)-1] {
			l = append(l, h3.LatLng{Lat: q[1], Lng: q[0]})
		}
		return l
	}
	gp := h3.GeoPolygon{GeoLoop: loop(p[0])}
	for _, h := range p[1:] {
		gp.Holes = append(gp.Holes, loop(h))
	}
	return gp
}

func TestCover(t *testing.T) {
	tiny := square(geo.CellCenter(mustCell(t, hutubiTown, 7)), 50)
	holed := square(hutubiTown, 6000)
	holed = append(holed, square(hutubiTown, 2000)[0])
	holed[1].Reverse()
	tri := orb.Polygon{{{86.85, 44.15}, {86.95, 44.16}, {86.88, 44.25}}} // open ring
	tests := []struct {
		name string
		mp   orb.MultiPolygon
		res  int
	}{
		{"10 km square res 9", orb.MultiPolygon{square(hutubiTown, 10000)}, 9},
		{"10 km square res 7", orb.MultiPolygon{square(hutubiTown, 10000)}, 7},
		{"triangle res 8", orb.MultiPolygon{tri}, 8},
		{"square with a hole res 9", orb.MultiPolygon{holed}, 9},
		{"50 m square inside one cell", orb.MultiPolygon{tiny}, 7},
		{"two parts", orb.MultiPolygon{square(hutubiTown, 1500), square(orb.Point{87.1, 44.4}, 900)}, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cells, err := geo.Cover(tc.mp, tc.res)
			if err != nil {
				t.Fatal(err)
			}
			if len(cells) == 0 {
				t.Fatal("no cells")
			}
			closed := orb.MultiPolygon{}
			for _, p := range tc.mp {
				q := orb.Polygon{}
				for _, r := range p {
					if r[0] != r[len(r)-1] {
						r = append(slices.Clone(r), r[0])
					}
					q = append(q, r)
				}
				closed = append(closed, q)
			}
			checkCover(t, tc.name, closed, tc.res, cells)
		})
	}
	if _, err := geo.Cover(orb.MultiPolygon{tiny}, 7); err != nil {
		t.Fatal(err)
	}
	if cells, err := geo.Cover(orb.MultiPolygon{tiny}, 7); err != nil || len(cells) != 1 {
		t.Errorf("a 50 m square at the centre of a res-7 cell: %v, %v; want that one cell", cells, err)
	}
	if cells, err := geo.Cover(nil, 9); err != nil || cells == nil || len(cells) != 0 {
		t.Errorf("Cover(nil) = %v, %v; want an empty slice", cells, err)
	}
}

// TestCoverRandom checks the no-gap property on random triangles.
func TestCoverRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	for i := range 15 {
		var r orb.Ring
		for range 3 {
			r = append(r, orb.Point{86.8 + rng.Float64()*0.2, 44.1 + rng.Float64()*0.2})
		}
		r = append(r, r[0])
		if signedArea(r) < 0 {
			r.Reverse()
		}
		res := 7 + rng.IntN(3)
		cells, err := geo.Cover(orb.MultiPolygon{{r}}, res)
		if err != nil {
			t.Fatal(err)
		}
		checkCover(t, fmt.Sprint("triangle ", i), orb.MultiPolygon{{r}}, res, cells)
	}
}

func TestCoverErrors(t *testing.T) {
	sq := orb.MultiPolygon{square(hutubiTown, 1000)}
	tests := []struct {
		name string
		mp   orb.MultiPolygon
		res  int
		want string
	}{
		{"resolution", sq, 16, "0..15"},
		{"two-point ring", orb.MultiPolygon{{{{86, 44}, {87, 45}}}}, 9, "at least 3"},
		{"NaN", orb.MultiPolygon{{{{86, 44}, {87, math.NaN()}, {87, 44}}}}, 9, "not finite"},
		{"too many cells", orb.MultiPolygon{square(hutubiTown, 200000)}, 15, "limit"},
	}
	for _, tc := range tests {
		if _, err := geo.Cover(tc.mp, tc.res); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "geo: ") {
			t.Errorf("%s: Cover = %v, want an error with %q", tc.name, err, tc.want)
		}
	}
}

func mustCell(t testing.TB, p orb.Point, res int) geo.Cell {
	c, err := geo.CellOf(p, res)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestParseCell(t *testing.T) {
	c := mustCell(t, hutubiTown, 9)
	for _, s := range []string{c.String(), strings.ToUpper(c.String()), "0x" + c.String(), " " + c.String() + " "} {
		if got, err := geo.ParseCell(s); err != nil || got != c {
			t.Errorf("ParseCell(%q) = %v, %v; want %v", s, got, err, c)
		}
	}
	for _, s := range []string{"", "xyz", "0", "ffffffffffffffff", "8928308280fffff0", "-1"} {
		if got, err := geo.ParseCell(s); err == nil {
			t.Errorf("ParseCell(%q) = %v, want an error", s, got)
		}
	}
}

func FuzzParseCell(f *testing.F) {
	f.Add("8928308280fffff")
	f.Add("0x892d0a5b2a3ffff")
	f.Add("")
	f.Add("zz")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := geo.ParseCell(s)
		if err != nil {
			return
		}
		if !c.IsValid() {
			t.Fatalf("ParseCell(%q) = invalid cell %v", s, c)
		}
		if back, err := geo.ParseCell(c.String()); err != nil || back != c {
			t.Fatalf("round trip of %q: %v, %v", s, back, err)
		}
	})
}

func BenchmarkCover10kmRes9(b *testing.B) {
	mp := orb.MultiPolygon{square(hutubiTown, 10000)}
	for b.Loop() {
		if _, err := geo.Cover(mp, 9); err != nil {
			b.Fatal(err)
		}
	}
}

// disk returns about n cells of resolution res around p, adjacent to each
// other.
func disk(b testing.TB, p orb.Point, res, n int) []geo.Cell {
	c := mustCell(b, p, res)
	k := 1
	for 3*k*(k+1)+1 < n {
		k++
	}
	hs, err := h3.GridDisk(h3.Cell(c), k)
	if err != nil {
		b.Fatal(err)
	}
	cells := make([]geo.Cell, len(hs))
	for i, h := range hs {
		cells[i] = geo.Cell(h)
	}
	slices.Sort(cells)
	return cells[:n]
}

func BenchmarkCellsToMultiPolygon10k(b *testing.B) {
	cells := disk(b, hutubiTown, 9, 10000)
	for b.Loop() {
		if _, err := geo.CellsToMultiPolygon(cells); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnion1000Cells(b *testing.B) {
	cells := disk(b, hutubiTown, 9, 1000)
	gs := make([]orb.Geometry, len(cells))
	for i, c := range cells {
		gs[i] = geo.CellPolygon(c)
	}
	for b.Loop() {
		if _, err := geos.Union(gs...); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleCellOf() {
	c, err := geo.CellOf(orb.Point{86.9, 44.19}, 9)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Resolution(), len(geo.Neighbors(c)), len(geo.CellPolygon(c)[0]))
	// Output: 9 6 7
}

func ExampleCover() {
	// A 1 km square in 呼图壁镇, covered by resolution-8 cells (about 0.74 km² each).
	sq := orb.Polygon{{{86.894, 44.1855}, {86.906, 44.1855}, {86.906, 44.1945}, {86.894, 44.1945}, {86.894, 44.1855}}}
	cells, err := geo.Cover(orb.MultiPolygon{sq}, 8)
	if err != nil {
		fmt.Println(err)
		return
	}
	outline, _ := geo.CellsToMultiPolygon(cells)
	gap, _ := geos.Difference(sq, outline)
	fmt.Println(len(cells) >= 2, len(gap) == 0)
	// Output: true true
}

func ExampleCellsToMultiPolygon() {
	c, _ := geo.CellOf(orb.Point{86.9, 44.19}, 9)
	ring := geo.Neighbors(c) // six cells around c, without c
	mp, err := geo.CellsToMultiPolygon(ring)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(mp), "polygon with", len(mp[0])-1, "hole")
	// Output: 1 polygon with 1 hole
}

// TestCellText: geo.Cell prints, marshals and reports its resolution and
// validity as the H3 library's own cell type does, so that replacing the
// library's type by geo's changed no output.
func TestCellText(t *testing.T) {
	for _, res := range []int{0, 5, 9, 15} {
		c := mustCell(t, hutubiTown, res)
		want := h3.Cell(c)
		if c.String() != want.String() || fmt.Sprint(c) != fmt.Sprint(want) {
			t.Errorf("res %d: String %q, %v; h3 prints %q", res, c.String(), c, want.String())
		}
		got, _ := c.MarshalText()
		ref, _ := want.MarshalText()
		if string(got) != string(ref) {
			t.Errorf("res %d: MarshalText %q, h3 %q", res, got, ref)
		}
		var back geo.Cell
		if err := back.UnmarshalText(got); err != nil || back != c {
			t.Errorf("res %d: UnmarshalText(%q) = %v, %v; want %v", res, got, back, err, c)
		}
		if !c.IsValid() || c.Resolution() != want.Resolution() || c.Resolution() != res {
			t.Errorf("res %d: IsValid %v, Resolution %d (h3 %d)", res, c.IsValid(), c.Resolution(), want.Resolution())
		}
	}
	var c geo.Cell
	if err := c.UnmarshalText([]byte("not a cell")); err == nil || !strings.HasPrefix(err.Error(), "geo:") {
		t.Errorf("UnmarshalText of garbage: %v", err)
	}
	if geo.Cell(0).IsValid() || geo.Cell(12345).IsValid() {
		t.Error("0 or 12345 valid")
	}
}
