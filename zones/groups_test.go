package zones

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// at returns the point dx metres east and dy metres north of p.
func at(p orb.Point, dx, dy float64) orb.Point {
	m := geo.EarthRadius * math.Pi / 180
	return orb.Point{p[0] + dx/(m*math.Cos(p[1]*math.Pi/180)), p[1] + dy/m}
}

// diameter is the greatest distance between two of the homes, by brute force.
func diameter(homes []Home, idx []int) float64 {
	d := 0.0
	for i, a := range idx {
		for _, b := range idx[i+1:] {
			d = max(d, geo.Distance(homes[a].Loc, homes[b].Loc))
		}
	}
	return d
}

// unitsOf builds units over a square around the homes.
func unitsOf(t *testing.T, homes []Home, limit float64) *Units {
	t.Helper()
	var b orb.Bound
	for i, h := range homes {
		if i == 0 {
			b = orb.Bound{Min: h.Loc, Max: h.Loc}
		}
		b = b.Extend(h.Loc)
	}
	b = b.Pad(0.02)
	area := orb.MultiPolygon{b.ToPolygon()}
	us, err := NewUnits(homes, area, UnitOptions{Resolution: 10, MaxDiameterM: limit})
	if err != nil {
		t.Fatal(err)
	}
	return us
}

// A compound whose homes stand in two places 2 km apart is two units, and
// Splits names it with its width.
func TestGroupSplitByLocation(t *testing.T) {
	o := orb.Point{113.30, 23.10}
	var homes []Home
	var west, east []int
	for i := 0; i < 20; i++ {
		west = append(west, len(homes))
		homes = append(homes, Home{Loc: at(o, float64(i%5)*30, float64(i/5)*30), Group: "兴业小区"})
	}
	for i := 0; i < 15; i++ {
		east = append(east, len(homes))
		homes = append(homes, Home{Loc: at(o, 2000+float64(i%5)*30, float64(i/5)*30), Group: "兴业小区"})
	}
	homes = append(homes, Home{Loc: at(o, 1000, 500), Group: "锦华苑"})
	us := unitsOf(t, homes, 600)
	if len(us.Splits) != 1 {
		t.Fatalf("splits %+v, want one: 兴业小区", us.Splits)
	}
	sp := us.Splits[0]
	all := append(slices.Clone(west), east...)
	if want := diameter(homes, all); sp.Group != "兴业小区" || sp.Units != 2 || sp.Homes != 35 || sp.Crowded != 0 ||
		math.Abs(sp.DiameterM-want) > 1e-6*want {
		t.Errorf("split %+v, want 兴业小区 in 2 units, 35 homes, none crowded, %.1f m wide", sp, want)
	}
	for _, side := range [][]int{west, east} {
		for _, h := range side {
			if us.HomeUnit[h] != us.HomeUnit[side[0]] {
				t.Errorf("home %d not with the homes beside it", h)
			}
		}
	}
	if us.HomeUnit[west[0]] == us.HomeUnit[east[0]] {
		t.Error("the two halves share a unit")
	}
	// Without a limit it is one unit again.
	if us := unitsOf(t, homes, -1); len(us.Splits) != 0 || us.HomeUnit[west[0]] != us.HomeUnit[east[0]] {
		t.Errorf("no limit: splits %+v", us.Splits)
	}
}

// Compounds in a row, each sharing cells with the next, never chain into a
// unit wider than the limit (plus the cell a crowded home stands in), and a
// compound that is split is reported.
func TestNoChainThroughSharedCells(t *testing.T) {
	o := orb.Point{115.2, 33.6}
	var homes []Home
	members := map[string][]int{}
	for k := 0; k < 12; k++ {
		g := fmt.Sprintf("c%02d", k)
		for i := 0; i < 8; i++ {
			members[g] = append(members[g], len(homes))
			homes = append(homes, Home{Loc: at(o, float64(k)*120+float64(i)*20, float64(i%2)*25), Group: g})
		}
	}
	const limit = 600.0
	us := unitsOf(t, homes, limit)
	cellWidth := 2 * geo.Distance(geo.CellCenter(us.Units[0].Cells[0]), geo.CellPolygon(us.Units[0].Cells[0])[0][0])
	units := 0
	for _, u := range us.Units {
		if len(u.Homes) == 0 {
			continue
		}
		units++
		if d := diameter(homes, u.Homes); d > limit+cellWidth {
			t.Errorf("a unit of %d homes is %.0f m wide, limit %.0f m", len(u.Homes), d, limit)
		}
	}
	if units < 3 {
		t.Errorf("%d units over a row 1.5 km long", units)
	}
	split := map[string]bool{}
	for _, sp := range us.Splits {
		split[sp.Group] = true
		if sp.Crowded == 0 {
			t.Errorf("%s split without crowded homes: %+v", sp.Group, sp)
		}
	}
	for g, idx := range members {
		whole := true
		for _, h := range idx {
			whole = whole && us.HomeUnit[h] == us.HomeUnit[idx[0]]
		}
		if !whole && !split[g] {
			t.Errorf("%s split but not reported", g)
		}
	}
}

// Two small groups in one cell share a unit.
func TestGroupsInOneCellJoin(t *testing.T) {
	o := orb.Point{121.4, 31.1}
	c, _ := geo.CellOf(o, 10)
	o = geo.CellCenter(c)
	homes := []Home{{Loc: at(o, -10, 0), Group: "a"}, {Loc: at(o, 10, 0), Group: "b"}, {Loc: at(o, 0, 10), Group: "a"}}
	us := unitsOf(t, homes, 600)
	if us.HomeUnit[0] != us.HomeUnit[1] || us.HomeUnit[1] != us.HomeUnit[2] || len(us.Splits) != 0 {
		t.Errorf("units %v, splits %+v", us.HomeUnit, us.Splits)
	}
}

// geometrySeeds is how many generated counties of each family the geometry
// test draws.
var geometrySeeds = uint64(3)

// The unit graph says what the polygons do, on generated counties: every
// unit's polygon is one piece, and two units next to each other on the graph
// touch along a border. So a zone connected on the graph is one polygon.
func TestUnitGraphMatchesGeometry(t *testing.T) {
	specs := []county.Spec{
		{Family: county.Urban, Seed: 4, Children: 8000, Campuses: 12},
	}
	for seed := uint64(1); seed <= geometrySeeds; seed++ {
		specs = append(specs, county.Spec{Family: county.Plains, Seed: seed, Children: 6000, Style: county.Styles[int(seed)%len(county.Styles)]},
			county.Spec{Family: county.Mountain, Seed: seed, Children: 3000})
	}
	for _, spec := range specs {
		t.Run(fmt.Sprintf("%s-%d", spec.Family, spec.Seed), func(t *testing.T) {
			ds, truth, err := county.Generate(spec)
			if err != nil {
				t.Fatal(err)
			}
			homes := make([]Home, len(ds.Households))
			for i, h := range ds.Households {
				homes[i] = Home{Loc: h.Loc, Group: truth.Place[i]}
			}
			area, err := ZonedArea(ds.Boundary, homes, 10, 2)
			if err != nil {
				t.Fatal(err)
			}
			us, err := NewUnits(homes, area, UnitOptions{Resolution: 10})
			if err != nil {
				t.Fatal(err)
			}
			own := make([]int, len(us.Units))
			for u := range own {
				own[u] = u
			}
			zs, err := us.Polygons(own, len(us.Units))
			if err != nil {
				t.Fatal(err)
			}
			for u, z := range zs {
				if len(z) > 1 {
					t.Errorf("unit %d (%d homes) is %d pieces", u, len(us.Units[u].Homes), len(z))
				}
			}
			for u, adj := range us.Adj {
				grown, err := geos.Buffer(zs[u], 1e-6)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range adj {
					if v < u {
						continue
					}
					in, err := geos.Intersection(grown, zs[v])
					if err != nil {
						t.Fatal(err)
					}
					// Sharing a border: the overlap of a 0.1 m band is at
					// least a few metres long.
					if planar.Area(in) < 1e-11 {
						t.Errorf("units %d and %d adjacent on the graph, apart on the map", u, v)
					}
				}
			}
		})
	}
}

// On a connected area every unit has a neighbour, so every zone can be
// connected: a coarse cell whose edge no settled cell's count reaches (its
// land mostly outside the area) goes to a unit next to it rather than making
// an island of its own.
func TestNoIsolatedUnits(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		in := genInstance(defaultSpec(seed))
		p := in.problem(t)
		for u, adj := range p.Units.Adj {
			if len(adj) == 0 {
				unit := &p.Units.Units[u]
				t.Errorf("seed %d: unit %d (%d homes, %d cells, %d coarse) has no neighbour", seed, u, len(unit.Homes), len(unit.Cells), len(unit.Coarse))
			}
		}
	}
}
