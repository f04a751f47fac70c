package zones

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"

	"github.com/hutubi-edu/zoning/geo"
)

// Home is a location where entrants live: one household, or several sharing a
// building.
type Home struct {
	Loc orb.Point // WGS84 lon, lat
	// Group names the set of homes a zone must not split: a compound or a
	// village group (see engine/address Key). Homes with the same Group end
	// up in the same unit. Empty means the home is a group of its own.
	Group string
}

// Unit is a connected set of H3 cells that a plan assigns as a whole.
type Unit struct {
	ID    int
	Cells []h3.Cell // sorted; the first cells hold homes, the rest are the empty cells nearest to them
	Homes []int     // indexes into the homes given to BuildUnits, ascending
	// Center is the mean location of the unit's homes, or the centre of its
	// first cell when it has none.
	Center orb.Point
}

// Units partition a zoned area into units and record their adjacency.
type Units struct {
	Resolution int
	Units      []Unit
	Adj        [][]int // Adj[u]: the units sharing a cell edge with u, ascending
	HomeUnit   []int   // HomeUnit[h]: the unit of home h
	cellUnit   map[h3.Cell]int
}

// UnitOfCell returns the unit that holds cell c, or -1.
func (us *Units) UnitOfCell(c h3.Cell) int {
	if u, ok := us.cellUnit[c]; ok {
		return u
	}
	return -1
}

// UnitAt returns the unit whose cells hold the point, or -1 outside the
// area.
func (us *Units) UnitAt(p orb.Point) int {
	c, err := geo.CellOf(p, us.Resolution)
	if err != nil {
		return -1
	}
	return us.UnitOfCell(c)
}

// BuildUnits makes the units of an area at an H3 resolution.
//
// Every cell overlapping the area or holding a home belongs to exactly one
// unit. The cells holding homes of one Group are one unit (cells holding
// homes of two groups join them), and every empty cell joins the unit of the
// nearest cell holding homes, by steps on the cell grid (ties to the lower
// unit id). A unit's cells are therefore connected whenever its home cells
// are. With no homes at all there is one unit per connected piece of area.
func BuildUnits(homes []Home, area orb.MultiPolygon, res int) (*Units, error) {
	if res < 0 || res > 15 {
		return nil, fmt.Errorf("zones: h3 resolution %d outside 0–15", res)
	}
	homeCell := make([]h3.Cell, len(homes))
	parent := map[h3.Cell]h3.Cell{}
	var find func(c h3.Cell) h3.Cell
	find = func(c h3.Cell) h3.Cell {
		for parent[c] != c {
			parent[c] = parent[parent[c]]
			c = parent[c]
		}
		return c
	}
	union := func(a, b h3.Cell) {
		ra, rb := find(a), find(b)
		if ra == rb {
			return
		}
		if ra > rb {
			ra, rb = rb, ra
		}
		parent[rb] = ra
	}
	groupCell := map[string]h3.Cell{}
	for i, h := range homes {
		c, err := geo.CellOf(h.Loc, res)
		if err != nil {
			return nil, fmt.Errorf("zones: home %d at %v: %w", i, h.Loc, err)
		}
		homeCell[i] = c
		if _, ok := parent[c]; !ok {
			parent[c] = c
		}
		if h.Group == "" {
			continue
		}
		if g, ok := groupCell[h.Group]; ok {
			union(g, c)
		} else {
			groupCell[h.Group] = c
		}
	}

	// Units with homes, numbered by their smallest cell so that ids do not
	// depend on the order of the homes.
	roots := make([]h3.Cell, 0, len(parent))
	for c := range parent {
		if find(c) == c {
			roots = append(roots, c)
		}
	}
	slices.Sort(roots)
	rootUnit := make(map[h3.Cell]int, len(roots))
	for i, r := range roots {
		rootUnit[r] = i
	}
	us := &Units{Resolution: res, Units: make([]Unit, len(roots)), HomeUnit: make([]int, len(homes)), cellUnit: map[h3.Cell]int{}}
	homeCells := make([]h3.Cell, 0, len(parent))
	for c := range parent {
		homeCells = append(homeCells, c)
	}
	slices.Sort(homeCells)
	for _, c := range homeCells {
		u := rootUnit[find(c)]
		us.cellUnit[c] = u
		us.Units[u].Cells = append(us.Units[u].Cells, c)
	}
	for i := range homes {
		u := us.cellUnit[homeCell[i]]
		us.HomeUnit[i] = u
		us.Units[u].Homes = append(us.Units[u].Homes, i)
	}

	// Every other cell of the area joins the nearest unit: a multi-source
	// breadth-first search over the cell grid, in a fixed order.
	var areaCells []h3.Cell
	if len(area) > 0 {
		var err error
		if areaCells, err = geo.Cover(area, res); err != nil {
			return nil, fmt.Errorf("zones: %w", err)
		}
	}
	inArea := make(map[h3.Cell]bool, len(areaCells))
	for _, c := range areaCells {
		if _, ok := us.cellUnit[c]; !ok {
			inArea[c] = true
		}
	}
	frontier := slices.Clone(homeCells)
	for len(inArea) > 0 {
		if len(frontier) == 0 {
			// A piece of area with no homes at all, out of reach of any
			// home cell: its cells become units of their own.
			rest := make([]h3.Cell, 0, len(inArea))
			for c := range inArea {
				rest = append(rest, c)
			}
			slices.Sort(rest)
			c := rest[0]
			u := len(us.Units)
			us.Units = append(us.Units, Unit{ID: u})
			us.cellUnit[c] = u
			us.Units[u].Cells = append(us.Units[u].Cells, c)
			delete(inArea, c)
			frontier = []h3.Cell{c}
			continue
		}
		var next []h3.Cell
		claims := map[h3.Cell]int{}
		for _, c := range frontier {
			u := us.cellUnit[c]
			for _, n := range geo.Neighbors(c) {
				if !inArea[n] {
					continue
				}
				if prev, ok := claims[n]; !ok || u < prev {
					if !ok {
						next = append(next, n)
					}
					claims[n] = u
				}
			}
		}
		slices.Sort(next)
		for _, n := range next {
			u := claims[n]
			us.cellUnit[n] = u
			us.Units[u].Cells = append(us.Units[u].Cells, n)
			delete(inArea, n)
		}
		frontier = next
	}

	for u := range us.Units {
		unit := &us.Units[u]
		unit.ID = u
		if len(unit.Homes) > 0 {
			var x, y float64
			for _, h := range unit.Homes {
				x += homes[h].Loc[0]
				y += homes[h].Loc[1]
			}
			n := float64(len(unit.Homes))
			unit.Center = orb.Point{x / n, y / n}
		} else {
			unit.Center = geo.CellCenter(unit.Cells[0])
		}
	}
	us.Adj = make([][]int, len(us.Units))
	for u := range us.Units {
		seen := map[int]bool{}
		for _, c := range us.Units[u].Cells {
			for _, n := range geo.Neighbors(c) {
				if v, ok := us.cellUnit[n]; ok && v != u && !seen[v] {
					seen[v] = true
					us.Adj[u] = append(us.Adj[u], v)
				}
			}
		}
		slices.Sort(us.Adj[u])
	}
	return us, nil
}

// Cells returns all cells of the given units, sorted.
func (us *Units) Cells(units []int) []h3.Cell {
	var out []h3.Cell
	for _, u := range units {
		out = append(out, us.Units[u].Cells...)
	}
	slices.SortFunc(out, func(a, b h3.Cell) int { return cmp.Compare(a, b) })
	return out
}
