package zones

import (
	"fmt"
	"slices"
	"sync"

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

// Unit is a set of cells that a plan assigns as a whole.
type Unit struct {
	ID int
	// Fine cells, of the units' resolution, sorted: the cells holding the
	// unit's homes, then the settled cells around them nearest to those.
	Cells []h3.Cell
	// Coarse cells, of the coarse resolution, sorted: the open land the unit
	// owns beyond the settled area. The unit's area there is the coarse
	// cells less the settled area.
	Coarse []h3.Cell
	Homes  []int // indexes into the homes given to BuildUnits, ascending
	// Center is the mean location of the unit's homes, or the centre of its
	// first cell when it has none.
	Center orb.Point
}

// Units partition a zoned area into units and record their adjacency.
//
// The settled area (the fine cells holding homes, and Margin rings of cells
// around them) is made of fine cells of Resolution; the open land beyond it
// of coarse cells of CoarseResolution, each owned by one unit. So a county of
// 10,000 km² with homes in a few small towns needs tens of thousands of cells,
// not millions.
type Units struct {
	Resolution       int // of the fine cells
	CoarseResolution int // of the coarse cells
	Margin           int // rings of fine cells around each home cell
	Units            []Unit
	Adj              [][]int // Adj[u]: the units next to u (sharing a cell edge or open land), ascending
	HomeUnit         []int   // HomeUnit[h]: the unit of home h
	fineUnit         map[h3.Cell]int
	coarseUnit       map[h3.Cell]int
	area             orb.MultiPolygon // the zoned area given to BuildUnits

	wildOnce sync.Once
	wild     orb.MultiPolygon // the area less the settled cells
	wildErr  error
}

// UnitAt returns the unit whose area holds the point, or -1 outside the
// cells (a point outside the zoned area may still get a unit).
func (us *Units) UnitAt(p orb.Point) int {
	c, err := geo.CellOf(p, us.Resolution)
	if err != nil {
		return -1
	}
	if u, ok := us.fineUnit[c]; ok {
		return u
	}
	if c, err = geo.CellOf(p, us.CoarseResolution); err == nil {
		if u, ok := us.coarseUnit[c]; ok {
			return u
		}
	}
	return -1
}

// BuildUnits makes the units of an area: fine cells of resolution res around
// the homes, coarse cells of resolution res−3 (at least 0) for the rest.
//
// The fine cells holding homes of one Group form one unit (a cell holding
// homes of two groups joins them). The settled area is every fine cell within
// two rings of a home cell; each of its empty cells joins the unit of the
// nearest home cell by steps on the grid (ties to the lower unit). Each coarse
// cell covering the area is owned by the unit whose settled edge borders most
// of its open land, and coarse cells that no settled edge reaches by the
// nearest owned coarse cell's unit; coarse land out of reach of any home
// makes units of its own. Two units are adjacent when their fine cells share
// an edge, their coarse cells do, or one's settled edge borders the other's
// open land.
func BuildUnits(homes []Home, area orb.MultiPolygon, res int) (*Units, error) {
	if res < 0 || res > 15 {
		return nil, fmt.Errorf("zones: h3 resolution %d outside 0–15", res)
	}
	us := &Units{Resolution: res, CoarseResolution: max(0, res-3), Margin: 2, area: area,
		HomeUnit: make([]int, len(homes)), fineUnit: map[h3.Cell]int{}, coarseUnit: map[h3.Cell]int{}}

	// Home cells, joined by group with a union-find.
	homeCell := make([]h3.Cell, len(homes))
	parent := map[h3.Cell]h3.Cell{}
	find := func(c h3.Cell) h3.Cell {
		for parent[c] != c {
			parent[c] = parent[parent[c]]
			c = parent[c]
		}
		return c
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
		g, ok := groupCell[h.Group]
		if !ok {
			groupCell[h.Group] = c
			continue
		}
		if ra, rb := find(g), find(c); ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	// Units numbered by their smallest cell, so that ids do not depend on the
	// order of the homes.
	homeCells := make([]h3.Cell, 0, len(parent))
	for c := range parent {
		homeCells = append(homeCells, c)
	}
	slices.Sort(homeCells)
	rootUnit := map[h3.Cell]int{}
	for _, c := range homeCells {
		r := find(c)
		u, ok := rootUnit[r]
		if !ok {
			u = len(us.Units)
			rootUnit[r] = u
			us.Units = append(us.Units, Unit{ID: u})
		}
		us.fineUnit[c] = u
		us.Units[u].Cells = append(us.Units[u].Cells, c)
	}
	for i := range homes {
		u := us.fineUnit[homeCell[i]]
		us.HomeUnit[i] = u
		us.Units[u].Homes = append(us.Units[u].Homes, i)
	}

	// The settled margin: breadth-first from the home cells, Margin rings.
	frontier := homeCells
	for ring := 0; ring < us.Margin; ring++ {
		next := claimRing(frontier, us.fineUnit, func(n h3.Cell) bool {
			_, taken := us.fineUnit[n]
			return !taken
		})
		for _, n := range next {
			u := us.fineUnit[n]
			us.Units[u].Cells = append(us.Units[u].Cells, n)
		}
		frontier = next
	}

	// Coarse cells: each is owned by the unit whose settled edge touches
	// most of its open land (counted by the empty fine cells just outside
	// the settled area that lie in it); the rest by breadth-first search over
	// the coarse grid. touch records which units border each coarse cell's
	// open land, for adjacency.
	count := map[h3.Cell]map[int]int{}
	for f, u := range us.fineUnit {
		for _, n := range geo.Neighbors(f) {
			if _, settled := us.fineUnit[n]; settled {
				continue
			}
			p, err := geo.CellOf(geo.CellCenter(n), us.CoarseResolution)
			if err != nil {
				return nil, fmt.Errorf("zones: coarse cell of %v: %w", n, err)
			}
			if count[p] == nil {
				count[p] = map[int]int{}
			}
			count[p][u]++
		}
	}
	var coarse []h3.Cell
	if len(area) > 0 {
		var err error
		if coarse, err = cover(area, us.CoarseResolution); err != nil {
			return nil, fmt.Errorf("zones: %w", err)
		}
	}
	open := make(map[h3.Cell]bool, len(coarse))
	for _, c := range coarse {
		open[c] = true
	}
	seeds := make([]h3.Cell, 0, len(count))
	for p := range count {
		seeds = append(seeds, p)
	}
	slices.Sort(seeds)
	for _, p := range seeds {
		best, bestN := -1, 0
		for u, n := range count[p] {
			if n > bestN || n == bestN && u < best {
				best, bestN = u, n
			}
		}
		us.coarseUnit[p] = best
		delete(open, p)
	}
	frontier = seeds
	for len(open) > 0 {
		if len(frontier) == 0 {
			// Land out of reach of every home: a unit of its own.
			rest := make([]h3.Cell, 0, len(open))
			for c := range open {
				rest = append(rest, c)
			}
			c := slices.Min(rest)
			u := len(us.Units)
			us.Units = append(us.Units, Unit{ID: u})
			us.coarseUnit[c] = u
			delete(open, c)
			frontier = []h3.Cell{c}
			continue
		}
		next := claimRing(frontier, us.coarseUnit, func(n h3.Cell) bool { return open[n] })
		for _, n := range next {
			delete(open, n)
		}
		frontier = next
	}
	for c, u := range us.coarseUnit {
		us.Units[u].Coarse = append(us.Units[u].Coarse, c)
	}

	// Adjacency.
	adj := make([]map[int]bool, len(us.Units))
	link := func(a, b int) {
		if a == b || a < 0 || b < 0 {
			return
		}
		if adj[a] == nil {
			adj[a] = map[int]bool{}
		}
		if adj[b] == nil {
			adj[b] = map[int]bool{}
		}
		adj[a][b], adj[b][a] = true, true
	}
	for f, u := range us.fineUnit {
		for _, n := range geo.Neighbors(f) {
			if v, ok := us.fineUnit[n]; ok {
				link(u, v)
			}
		}
	}
	for p, units := range count {
		for u := range units {
			link(u, us.coarseUnit[p])
		}
	}
	for c, u := range us.coarseUnit {
		for _, n := range geo.Neighbors(c) {
			if v, ok := us.coarseUnit[n]; ok {
				link(u, v)
			}
		}
	}
	us.Adj = make([][]int, len(us.Units))
	for u := range us.Units {
		unit := &us.Units[u]
		slices.Sort(unit.Cells)
		slices.Sort(unit.Coarse)
		for v := range adj[u] {
			us.Adj[u] = append(us.Adj[u], v)
		}
		slices.Sort(us.Adj[u])
		switch {
		case len(unit.Homes) > 0:
			var x, y float64
			for _, h := range unit.Homes {
				x += homes[h].Loc[0]
				y += homes[h].Loc[1]
			}
			n := float64(len(unit.Homes))
			unit.Center = orb.Point{x / n, y / n}
		case len(unit.Cells) > 0:
			unit.Center = geo.CellCenter(unit.Cells[0])
		default:
			unit.Center = geo.CellCenter(unit.Coarse[0])
		}
	}
	return us, nil
}

// claimRing grows the owned cells by one ring: every free neighbour of a
// frontier cell (free(n) true) is claimed, in owner, by the lowest owner among
// the frontier cells next to it. It returns the claimed cells, sorted: the
// next frontier.
func claimRing(frontier []h3.Cell, owner map[h3.Cell]int, free func(h3.Cell) bool) []h3.Cell {
	claims := map[h3.Cell]int{}
	var next []h3.Cell
	for _, c := range frontier {
		u := owner[c]
		for _, n := range geo.Neighbors(c) {
			if !free(n) {
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
		owner[n] = claims[n]
	}
	return next
}
