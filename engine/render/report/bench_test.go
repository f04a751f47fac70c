package report

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// bigRun is a synthetic county: an nx×ny grid of primary zones whose shared
// edges zigzag with `steps` vertices each (like H3 cell outlines), one
// urban school per zone, and `entrants` entrants per zone.
func bigRun(nx, ny, steps, entrants int) *engine.Result {
	const lon0, lat0, dlon, dlat, amp = 86.80, 44.10, 0.02, 0.015, 0.0006
	r := rand.New(rand.NewPCG(9, 10))
	// Vertical line i at step k, and horizontal line j at step k.
	vx := func(i, j, k int) orb.Point {
		x := lon0 + float64(i)*dlon
		if i > 0 && i < nx && k%2 == 1 {
			x += amp
		}
		return orb.Point{x, lat0 + (float64(j)+float64(k)/float64(steps))*dlat}
	}
	hy := func(i, j, k int) orb.Point {
		y := lat0 + float64(j)*dlat
		if j > 0 && j < ny && k%2 == 1 {
			y += amp
		}
		return orb.Point{lon0 + (float64(i)+float64(k)/float64(steps))*dlon, y}
	}
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "基准县", BaseYear: 2025}}
	var zones []orb.MultiPolygon
	for i := 0; i < nx; i++ {
		for j := 0; j < ny; j++ {
			var ring orb.Ring
			for k := 0; k < steps; k++ {
				ring = append(ring, hy(i, j, k))
			}
			for k := 0; k < steps; k++ {
				ring = append(ring, vx(i+1, j, k))
			}
			for k := steps; k > 0; k-- {
				ring = append(ring, hy(i, j+1, k))
			}
			for k := steps; k > 0; k-- {
				ring = append(ring, vx(i, j, k))
			}
			ring = append(ring, ring[0])
			zones = append(zones, orb.MultiPolygon{{ring}})
			n := len(ds.Schools)
			ds.Schools = append(ds.Schools, dataset.School{ID: fmt.Sprintf("s%03d", n), Name: fmt.Sprintf("基准县第%d小学", n+1),
				Loc:          orb.Point{lon0 + (float64(i)+0.5)*dlon, lat0 + (float64(j)+0.5)*dlat},
				PrimarySeats: 6 * entrants, AreaType: dataset.Urban, Public: true})
		}
	}
	lr := &engine.LevelResult{Level: dataset.Primary, LowerBoundM: new(float64)}
	*lr.LowerBoundM = 600
	for j := range ds.Schools {
		lr.Sections = append(lr.Sections, j)
		lr.Zoned = append(lr.Zoned, engine.ZonedSchool{School: j, Zone: j, Polygon: zones[j]})
		lr.Schools = append(lr.Schools, engine.LevelSchool{Capacity: entrants + r.IntN(10), Students: []int{entrants, 200, 200, 200, 200, 200}})
		for e := 0; e < entrants; e++ {
			c := len(ds.Children)
			h := fmt.Sprintf("h%05d", c)
			ds.Households = append(ds.Households, dataset.Household{ID: h, Loc: ds.Schools[j].Loc, Hukou: dataset.Local})
			ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("c%05d", c), HouseholdID: h, BirthYear: 2020})
			lr.Entrants = append(lr.Entrants, c)
			lr.Seats = append(lr.Seats, engine.Seat{Child: c, School: j, Zoned: true, DistanceM: r.ExpFloat64() * 800})
		}
	}
	ds.Index()
	area := orb.MultiPolygon{{{{lon0, lat0}, {lon0 + float64(nx)*dlon, lat0},
		{lon0 + float64(nx)*dlon, lat0 + float64(ny)*dlat}, {lon0, lat0 + float64(ny)*dlat}, {lon0, lat0}}}}
	return &engine.Result{Dataset: ds, Config: config.Default(), Year: 2026, Area: area, Levels: []*engine.LevelResult{lr}}
}

// TestBigRunColours checks on a zigzag grid that touching zones differ in
// colour, reading the fills back from the page.
func TestBigRunColours(t *testing.T) {
	const nx, ny = 6, 5
	res := bigRun(nx, ny, 40, 5)
	html := render(t, res, res.Metrics())
	fills := zoneFills(html)
	if len(fills) != 2*nx*ny {
		t.Fatalf("%d zone fills, want %d (two maps)", len(fills), 2*nx*ny)
	}
	for a := 0; a < nx*ny; a++ {
		for b := 0; b < nx*ny; b++ {
			ai, aj, bi, bj := a/ny, a%ny, b/ny, b%ny
			if a != b && max(abs(ai-bi), abs(aj-bj)) == 1 && fills[a] == fills[b] {
				t.Errorf("zones %d and %d touch and share %s", a, b, fills[a])
			}
		}
	}
}

func zoneFills(html string) []string {
	var out []string
	for _, part := range strings.Split(html, `<path class="zone" fill="`)[1:] {
		out = append(out, part[:7])
	}
	return out
}

func BenchmarkHTML(b *testing.B) {
	// About the default county: 40 zones with some 700 vertices each.
	res := bigRun(8, 5, 175, 40)
	m := res.Metrics()
	b.ResetTimer()
	var size int
	for b.Loop() {
		out, err := HTML(res, m)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "bytes/report")
}

func BenchmarkAdjacency(b *testing.B) {
	res := bigRun(8, 5, 175, 1)
	p := newProj(res.Area.Bound())
	var rings [][][]ipt
	for _, zk := range res.Levels[0].Zoned {
		rings = append(rings, flat(projectPolys(zk.Polygon, p)))
	}
	for b.Loop() {
		adjacency(rings, 1)
	}
}
