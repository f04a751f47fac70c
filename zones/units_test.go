package zones

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// square returns a lon/lat square of side deg degrees with its south-west
// corner at (lon, lat).
func square(lon, lat, deg float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{lon, lat}, {lon + deg, lat}, {lon + deg, lat + deg}, {lon, lat + deg}, {lon, lat}}}}
}

// randomHomes scatters n homes in clusters inside the square, each cluster a
// named group.
func randomHomes(rng *rand.Rand, n int, lon, lat, deg float64) []Home {
	var homes []Home
	for len(homes) < n {
		cx, cy := lon+deg*(0.1+0.8*rng.Float64()), lat+deg*(0.1+0.8*rng.Float64())
		g := fmt.Sprintf("g%d", len(homes))
		for k := 0; k < 1+rng.IntN(8) && len(homes) < n; k++ {
			homes = append(homes, Home{Loc: orb.Point{cx + 0.002*rng.NormFloat64(), cy + 0.002*rng.NormFloat64()}, Group: g})
		}
	}
	return homes
}

func TestUnitsPartitionTheArea(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		rng := rand.New(rand.NewPCG(seed, 1))
		area := square(86.8, 44.1, 0.1)
		homes := randomHomes(rng, 300, 86.8, 44.1, 0.1)
		us, err := BuildUnits(homes, area, 10)
		if err != nil {
			t.Fatal(err)
		}
		// Every fine and every coarse cell is in exactly one unit, and every
		// coarse cell covering the area has an owner.
		cover, err := geo.Cover(area, us.CoarseResolution)
		if err != nil {
			t.Fatal(err)
		}
		owner := map[geo.Cell]int{}
		coarseOwner := map[geo.Cell]int{}
		for u, unit := range us.Units {
			for _, c := range unit.Cells {
				if prev, ok := owner[c]; ok {
					t.Fatalf("seed %d: fine cell %v in units %d and %d", seed, c, prev, u)
				}
				owner[c] = u
			}
			for _, c := range unit.Coarse {
				if prev, ok := coarseOwner[c]; ok {
					t.Fatalf("seed %d: coarse cell %v in units %d and %d", seed, c, prev, u)
				}
				coarseOwner[c] = u
			}
		}
		for _, c := range cover {
			if _, ok := coarseOwner[c]; !ok {
				t.Fatalf("seed %d: covering coarse cell %v in no unit", seed, c)
			}
		}
		// Every home is in the unit holding its cell, and a group is
		// split only where Splits says so.
		groupUnits := map[string]map[int]bool{}
		for h, home := range homes {
			c, _ := geo.CellOf(home.Loc, 10)
			if us.HomeUnit[h] != owner[c] {
				t.Fatalf("seed %d: home %d in unit %d, its cell in %d", seed, h, us.HomeUnit[h], owner[c])
			}
			if groupUnits[home.Group] == nil {
				groupUnits[home.Group] = map[int]bool{}
			}
			groupUnits[home.Group][us.HomeUnit[h]] = true
		}
		reported := map[string]GroupSplit{}
		for _, sp := range us.Splits {
			reported[sp.Group] = sp
		}
		for g, units := range groupUnits {
			sp, ok := reported[g]
			if len(units) > 1 != ok || ok && sp.Units != len(units) {
				t.Errorf("seed %d: group %s in %d units, Splits says %+v", seed, g, len(units), sp)
			}
		}
		// Adjacency is symmetric and matches shared cell edges.
		for u, adj := range us.Adj {
			for _, v := range adj {
				found := false
				for _, w := range us.Adj[v] {
					found = found || w == u
				}
				if !found {
					t.Fatalf("seed %d: %d adjacent to %d but not back", seed, u, v)
				}
			}
		}
	}
}

func TestPolygonsCoverWithoutOverlap(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	area := square(86.8, 44.1, 0.08)
	homes := randomHomes(rng, 200, 86.8, 44.1, 0.08)
	us, err := BuildUnits(homes, area, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Three schools by longitude band of each unit's centre: an arbitrary
	// plan, possibly non-contiguous, is still a partition.
	assign := make([]int, len(us.Units))
	for u, unit := range us.Units {
		assign[u] = min(2, int((unit.Center[0]-86.8)/0.08*3))
	}
	zs, err := us.Polygons(assign, 3)
	if err != nil {
		t.Fatal(err)
	}
	total, _ := geos.Area(area)
	var sum float64
	for j, z := range zs {
		if err := geos.Validate(z); err != nil {
			t.Fatalf("zone %d invalid: %v", j, err)
		}
		a, _ := geos.Area(z)
		sum += a
		for k := j + 1; k < len(zs); k++ {
			in, err := geos.Intersection(z, zs[k])
			if err != nil {
				t.Fatal(err)
			}
			if a, _ := geos.Area(in); a > 1e-9*total {
				t.Errorf("zones %d and %d overlap by %g", j, k, a/total)
			}
		}
	}
	// The zones cover the area with the settled cells that reach past its
	// edge.
	grown, err := us.Area()
	if err != nil {
		t.Fatal(err)
	}
	if total, _ = geos.Area(grown); math.Abs(sum-total) > 1e-3*total {
		t.Errorf("zones cover %.6f of the area, want 1 ± 0.001", sum/total)
	}
	if inside, _ := geos.Area(area); total < inside || total > 1.1*inside {
		t.Errorf("the grown area is %.4f of the area given", total/inside)
	}
	for h, home := range homes {
		j := assign[us.HomeUnit[h]]
		if !planar.MultiPolygonContains(zs[j], home.Loc) {
			t.Errorf("home %d at %v outside its zone %d", h, home.Loc, j)
		}
	}
	// A random point of the area lies in exactly one zone.
	for k := 0; k < 500; k++ {
		p := orb.Point{86.8 + 0.08*rng.Float64(), 44.1 + 0.08*rng.Float64()}
		in := 0
		for _, z := range zs {
			if planar.MultiPolygonContains(z, p) {
				in++
			}
		}
		if in != 1 {
			t.Errorf("point %v of the area in %d zones", p, in)
		}
	}
}
