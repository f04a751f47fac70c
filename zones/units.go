package zones

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
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
	Cells []geo.Cell
	// Coarse cells, of the coarse resolution, sorted: the open land the unit
	// owns beyond the settled area. The unit's area there is the coarse
	// cells less the settled area.
	Coarse []geo.Cell
	Homes  []int // indexes into the homes given to BuildUnits, ascending
	// Center is the mean location of the unit's homes, or the centre of its
	// first cell when it has none.
	Center orb.Point
	// DiameterM is the greatest distance in metres between two of its
	// homes; 0 with fewer than two places.
	DiameterM float64
}

// Units partition a zoned area into units and record their adjacency.
//
// The settled area (the fine cells holding homes, and Margin rings of cells
// around them) is made of fine cells of Resolution; the open land beyond it
// of coarse cells of CoarseResolution, each owned by one unit. So a county of
// 10,000 km² with homes in a few small towns needs tens of thousands of cells,
// not millions.
type Units struct {
	Resolution       int     // of the fine cells
	CoarseResolution int     // of the coarse cells
	Margin           int     // rings of fine cells around each home cell
	MaxDiameterM     float64 // the groups' diameter limit the units were built with; 0 for none
	// Barriers reports whether the units were built with UnitOptions.Apart:
	// their adjacency then stops at barriers without a crossing.
	Barriers bool
	Units    []Unit
	// Splits lists the groups whose homes are not all in one unit, in the
	// order of their first home.
	Splits     []GroupSplit
	Adj        [][]int // Adj[u]: the units next to u (sharing a cell edge or open land), ascending
	HomeUnit   []int   // HomeUnit[h]: the unit of home h
	fineUnit   map[geo.Cell]int
	coarseUnit map[geo.Cell]int
	area       orb.MultiPolygon // the zoned area given to NewUnits
	areaBound  orb.Bound

	wildOnce sync.Once
	wild     orb.MultiPolygon // the area less the settled cells
	grown    orb.MultiPolygon // the area with the settled cells
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

// UnitOptions configure NewUnits.
type UnitOptions struct {
	Resolution int // of the fine cells, 0–15
	// MaxDiameterM is the greatest distance in metres between two homes of
	// a group that one unit keeps whole (see DefaultMaxDiameterM): 0 means
	// the default, a negative value no limit.
	MaxDiameterM float64
	// Apart, when not nil, reports whether a barrier with no crossing
	// near runs between two points (WGS84 lon, lat): a river without a
	// bridge there, an expressway, a railway. Two units whose cells meet
	// are then adjacent only where neither their centres nor the centres
	// of the meeting cells are Apart, so that a zone connected on the unit
	// graph never spans a barrier but at a crossing. It must be symmetric
	// and safe to call many times (once per pair of units that meet, and
	// once per pair of meeting cells of different units).
	Apart func(a, b orb.Point) bool
}

// BuildUnits is NewUnits with fine cells of resolution res and groups kept
// whole up to DefaultMaxDiameterM.
func BuildUnits(homes []Home, area orb.MultiPolygon, res int) (*Units, error) {
	return NewUnits(homes, area, UnitOptions{Resolution: res})
}

// NewUnits makes the units of an area: fine cells of the resolution around
// the homes, coarse cells of resolution res−3 (at least 0) for the rest.
//
// The homes of one Group form one unit where they lie within the diameter
// limit; a wider group is split by location into pieces that do (at the
// largest gaps between its homes), and Units.Splits names it. The fine cells
// holding a piece's homes belong to its unit. Two pieces whose homes share a
// cell join one unit only while their homes together stay within the limit:
// so groups never chain into one wide unit through shared cells. A cell
// shared by pieces that cannot join goes with the piece holding most of its
// homes (the others' homes there go with it, and Units.Splits counts them).
//
// The settled area is every fine cell within two rings of a home cell; each
// of its empty cells joins the unit of the nearest home cell by steps on the
// grid (ties to the lower unit). Each coarse cell covering the area is owned
// by the unit whose settled edge borders most of its open land, and coarse
// cells that no settled edge reaches by the nearest owned coarse cell's
// unit; coarse land out of reach of any home makes units of its own. Two
// units are adjacent when their fine cells share an edge, their coarse cells
// do, or one's settled edge borders the other's open land.
func NewUnits(homes []Home, area orb.MultiPolygon, opt UnitOptions) (*Units, error) {
	res := opt.Resolution
	if res < 0 || res > 15 {
		return nil, fmt.Errorf("zones: h3 resolution %d outside 0–15", res)
	}
	limit := opt.MaxDiameterM
	if limit == 0 {
		limit = DefaultMaxDiameterM
	}
	us := &Units{Resolution: res, CoarseResolution: max(0, res-3), Margin: 2, area: area, areaBound: area.Bound(), MaxDiameterM: max(0, limit),
		HomeUnit: make([]int, len(homes)), fineUnit: map[geo.Cell]int{}, coarseUnit: map[geo.Cell]int{}}

	homeCells, gs, err := us.placeHomes(homes, limit)
	if err != nil {
		return nil, err
	}
	mixed, err := us.settle(homes, homeCells, gs)
	if err != nil {
		return nil, err
	}
	count, touch, err := us.claimCoarse(mixed)
	if err != nil {
		return nil, err
	}
	us.describe(homes)
	us.Adj = us.adjacency(count, touch, mixed, us.reachable(homes, opt.Apart))
	us.Barriers = opt.Apart != nil
	return us, nil
}

// placeHomes gives each home its fine cell and each group of home cells
// (groupCells) a unit, numbered by its smallest cell. It returns the home
// cells, sorted, and the groups.
func (us *Units) placeHomes(homes []Home, limit float64) ([]geo.Cell, *groups, error) {
	homeCell := make([]geo.Cell, len(homes))
	for i, h := range homes {
		c, err := geo.CellOf(h.Loc, us.Resolution)
		if err != nil {
			return nil, nil, fmt.Errorf("zones: home %d at %v: %w", i, h.Loc, err)
		}
		homeCell[i] = c
	}
	set, gs := groupCells(homes, homeCell, limit)
	cellSet := make(map[geo.Cell]int, len(homes)/4)
	for h, c := range homeCell {
		cellSet[c] = set[h]
	}
	// Units numbered by their smallest cell, so that ids do not depend on the
	// order of the homes.
	homeCells := make([]geo.Cell, 0, len(cellSet))
	for c := range cellSet {
		homeCells = append(homeCells, c)
	}
	slices.Sort(homeCells)
	rootUnit := map[int]int{}
	for _, c := range homeCells {
		r := cellSet[c]
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
	return homeCells, gs, nil
}

// settle grows the units over the settled area, breaks off fragments
// (splitFragments) and records the split groups. It returns the coarse cells
// holding homes (mixed), each with its first home cell.
//
// The settled area: Margin rings of cells around the home cells, and,
// within the zoned area, every fine cell of a coarse cell that holds a
// home, so that no pocket of open land is left among the homes (such a
// pocket would join two units on the graph that its owner's polygon
// does not join). Each settled cell joins the unit of the nearest home
// cell, breadth-first.
func (us *Units) settle(homes []Home, homeCells []geo.Cell, gs *groups) (map[geo.Cell]geo.Cell, error) {
	fill, mixed, err := us.refined(homeCells)
	if err != nil {
		return nil, err
	}
	frontier := slices.Clone(homeCells)
	frontier = append(frontier, us.connectHomeCells(fill)...)
	slices.Sort(frontier)
	for ring := 0; len(frontier) > 0; ring++ {
		next := claimRing(frontier, us.fineUnit, func(n geo.Cell) bool {
			if _, taken := us.fineUnit[n]; taken {
				return false
			}
			if fill != nil {
				return fill[n]
			}
			return ring < us.Margin
		})
		for _, n := range next {
			u := us.fineUnit[n]
			us.Units[u].Cells = append(us.Units[u].Cells, n)
		}
		frontier = next
	}
	us.splitFragments(homes)
	for u := range us.Units {
		slices.Sort(us.Units[u].Homes)
	}
	us.Splits = gs.splits(us.HomeUnit)
	return mixed, nil
}

// claimCoarse gives every coarse cell of the area a unit; the counts of
// edgeCounts and the coarse cells given to the unit their edge meets
// (touch) serve the adjacency.
//
// Coarse cells: each is owned by the unit whose settled edge touches
// most of its open land (counted by the empty fine cells just outside
// the settled area that lie in it); the rest by breadth-first search over
// the coarse grid. touch records which units border each coarse cell's
// open land, for adjacency. A coarse cell holding homes (mixed) is all
// settled but for slivers along its edge: it goes to the unit of its
// first home cell, and neither joins units nor passes its owner on.
func (us *Units) claimCoarse(mixed map[geo.Cell]geo.Cell) (count map[geo.Cell]map[int]int, touch map[geo.Cell]int, err error) {
	if count, err = us.edgeCounts(mixed); err != nil {
		return nil, nil, err
	}
	touch, err = us.spreadCoarse(count, mixed)
	return count, touch, err
}

// edgeCounts counts, for each coarse cell outside mixed, the settled edges of
// each unit that touch its open land: count[p][u].
func (us *Units) edgeCounts(mixed map[geo.Cell]geo.Cell) (map[geo.Cell]map[int]int, error) {
	count := map[geo.Cell]map[int]int{}
	for f, u := range us.fineUnit {
		for _, n := range geo.Neighbors(f) {
			if _, settled := us.fineUnit[n]; settled {
				continue
			}
			p, err := geo.CellOf(geo.CellCenter(n), us.CoarseResolution)
			if err != nil {
				return nil, fmt.Errorf("zones: coarse cell of %v: %w", n, err)
			}
			if _, ok := mixed[p]; ok {
				continue
			}
			// f touches p's open land where their shared edge lies in p
			// and in the area; elsewhere a sliver of another coarse cell
			// may lie between them.
			mid := midpoint(geo.CellCenter(f), geo.CellCenter(n))
			if q, err := geo.CellOf(mid, us.CoarseResolution); err != nil || q != p || !us.inArea(mid) {
				continue
			}
			if count[p] == nil {
				count[p] = map[int]int{}
			}
			count[p][u]++
		}
	}
	return count, nil
}

// spreadCoarse gives each coarse cell its owner: mixed cells the unit of
// their first home cell, counted cells the unit with most edges in them, the
// rest by breadth-first search from those (or edgeOwner, or a new unit, where
// the search does not reach). It returns the coarse cells given to the unit
// their edge meets.
func (us *Units) spreadCoarse(count map[geo.Cell]map[int]int, mixed map[geo.Cell]geo.Cell) (map[geo.Cell]int, error) {
	var coarse []geo.Cell
	if len(us.area) > 0 {
		var err error
		if coarse, err = cover(us.area, us.CoarseResolution); err != nil {
			return nil, fmt.Errorf("zones: %w", err)
		}
	}
	open := make(map[geo.Cell]bool, len(coarse))
	for _, c := range coarse {
		if first, ok := mixed[c]; ok {
			us.coarseUnit[c] = us.fineUnit[first]
			continue
		}
		open[c] = true
	}
	seeds := make([]geo.Cell, 0, len(count))
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
	frontier := seeds
	touch := map[geo.Cell]int{} // coarse cells given to the unit their edge meets
	for len(open) > 0 {
		if len(frontier) == 0 {
			rest := make([]geo.Cell, 0, len(open))
			for c := range open {
				rest = append(rest, c)
			}
			c := slices.Min(rest)
			// A coarse cell among settled ones, with no settled edge
			// counted in it (its land lies mostly outside the area): it
			// goes to the unit whose settled cells its edge meets most.
			// Land out of reach of every home: a unit of its own.
			u := us.edgeOwner(c)
			if u < 0 {
				u = len(us.Units)
				us.Units = append(us.Units, Unit{ID: u})
			} else {
				touch[c] = u
			}
			us.coarseUnit[c] = u
			delete(open, c)
			frontier = []geo.Cell{c}
			continue
		}
		next := claimRing(frontier, us.coarseUnit, func(n geo.Cell) bool { return open[n] })
		for _, n := range next {
			delete(open, n)
		}
		frontier = next
	}
	for c, u := range us.coarseUnit {
		us.Units[u].Coarse = append(us.Units[u].Coarse, c)
	}
	return touch, nil
}

// adjacency returns, for each unit, the units next to it, ascending: fine
// cells sharing an edge, settled edges meeting open land (count, touch), and
// coarse cells sharing an open edge. With apart, units are linked only
// where a pair of their meeting cells is not apart: two units on either
// side of a barrier meet at a crossing, whatever their centres (a village
// group's centre may lie far from the bridge its cells reach).
func (us *Units) adjacency(count map[geo.Cell]map[int]int, touch map[geo.Cell]int, mixed map[geo.Cell]geo.Cell, apart func(a, b orb.Point) bool) [][]int {
	adj := make([]map[int]bool, len(us.Units))
	// linked reports whether a and b are linked already, or cannot be
	// (the same unit).
	linked := func(a, b int) bool {
		return a == b || a < 0 || b < 0 || adj[a][b]
	}
	link := func(a, b int) {
		if linked(a, b) {
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
	// linkCells links a and b where cells x and y of theirs meet.
	linkCells := func(a, b int, x, y geo.Cell) {
		if linked(a, b) || apart != nil && apart(geo.CellCenter(x), geo.CellCenter(y)) {
			return
		}
		link(a, b)
	}
	for f, u := range us.fineUnit {
		for _, n := range geo.Neighbors(f) {
			if v, ok := us.fineUnit[n]; ok {
				linkCells(u, v, f, n)
			}
		}
	}
	for p, units := range count {
		for u := range units {
			if apart == nil {
				link(u, us.coarseUnit[p])
			} else if v := us.coarseUnit[p]; !linked(u, v) && us.meetsOpen(u, p, apart) {
				link(u, v)
			}
		}
	}
	for c, u := range touch {
		if apart == nil || !apart(us.Units[u].Center, geo.CellCenter(c)) {
			link(u, us.coarseUnit[c])
		}
	}
	for c, u := range us.coarseUnit {
		if _, ok := mixed[c]; ok {
			continue
		}
		for _, n := range geo.Neighbors(c) {
			if _, ok := mixed[n]; ok || n < c {
				continue
			}
			if v, ok := us.coarseUnit[n]; ok && v != u && !linked(u, v) && us.openEdge(c, n) {
				linkCells(u, v, c, n)
			}
		}
	}
	out := make([][]int, len(us.Units))
	for u := range us.Units {
		for v := range adj[u] {
			out[u] = append(out[u], v)
		}
		slices.Sort(out[u])
	}
	return out
}

// reachable returns apart narrowed to the cells a unit's families reach:
// a cell of a unit counts in a link only when no barrier runs between it
// and the unit's home nearest to it without a crossing near (a unit's
// cells may spill over a river its homes are beside). Nil for nil.
func (us *Units) reachable(homes []Home, apart func(a, b orb.Point) bool) func(a, b orb.Point) bool {
	if apart == nil {
		return nil
	}
	cellUnit := map[orb.Point]int{}
	for u := range us.Units {
		for _, c := range us.Units[u].Cells {
			cellUnit[geo.CellCenter(c)] = u
		}
	}
	reach := map[orb.Point]bool{}
	reaches := func(p orb.Point) bool {
		u, ok := cellUnit[p]
		if !ok || len(us.Units[u].Homes) == 0 {
			return true // open land, or a unit of no home
		}
		r, ok := reach[p]
		if !ok {
			best, bestD := orb.Point{}, -1.0
			for _, h := range us.Units[u].Homes {
				if d := geo.Distance(homes[h].Loc, p); bestD < 0 || d < bestD {
					best, bestD = homes[h].Loc, d
				}
			}
			r = !apart(best, p)
			reach[p] = r
		}
		return r
	}
	return func(a, b orb.Point) bool { return apart(a, b) || !reaches(a) || !reaches(b) }
}

// meetsOpen reports whether a settled edge of unit u meets the open land of
// coarse cell p with the centres of the two fine cells on it not apart (the
// test of edgeCounts, with the barrier).
func (us *Units) meetsOpen(u int, p geo.Cell, apart func(a, b orb.Point) bool) bool {
	for _, f := range us.Units[u].Cells {
		for _, n := range geo.Neighbors(f) {
			if _, settled := us.fineUnit[n]; settled {
				continue
			}
			fc, nc := geo.CellCenter(f), geo.CellCenter(n)
			if q, err := geo.CellOf(nc, us.CoarseResolution); err != nil || q != p {
				continue
			}
			mid := midpoint(fc, nc)
			if q, err := geo.CellOf(mid, us.CoarseResolution); err != nil || q != p || !us.inArea(mid) {
				continue
			}
			// The open land joins on its own side: a coarse cell a
			// barrier runs through does not carry a unit across it.
			if !apart(fc, nc) && !apart(nc, geo.CellCenter(p)) {
				return true
			}
		}
	}
	return false
}

// describe sorts each unit's cells and sets its centre and diameter.
func (us *Units) describe(homes []Home) {
	for u := range us.Units {
		unit := &us.Units[u]
		slices.Sort(unit.Cells)
		slices.Sort(unit.Coarse)
		switch {
		case len(unit.Homes) > 0:
			var x, y float64
			pts := make([]orb.Point, len(unit.Homes))
			for i, h := range unit.Homes {
				x += homes[h].Loc[0]
				y += homes[h].Loc[1]
				pts[i] = homes[h].Loc
			}
			n := float64(len(unit.Homes))
			unit.Center = orb.Point{x / n, y / n}
			_, unit.DiameterM = hullDiameter(pts)
		case len(unit.Cells) > 0:
			unit.Center = geo.CellCenter(unit.Cells[0])
		default:
			unit.Center = geo.CellCenter(unit.Coarse[0])
		}
	}
}

// connectHomeCells joins the home cells of each unit that lie apart (the
// buildings of a compound with an empty cell between them): from the unit's
// largest piece of cells, breadth-first over cells no unit owns (within the
// fill, or anywhere without an area), each other piece is reached by the
// fewest cells, which the unit takes. A piece it cannot reach within
// maxLink cells stays apart. It returns the cells taken.
func (us *Units) connectHomeCells(fill map[geo.Cell]bool) []geo.Cell {
	const maxLink = 12
	var taken []geo.Cell
	for u := range us.Units {
		cells := us.Units[u].Cells
		if len(cells) < 2 {
			continue
		}
		pieces := cellPieces(cells, us.owns(u))
		if len(pieces) < 2 {
			continue
		}
		main := 0
		for i, pc := range pieces {
			if len(pc) > len(pieces[main]) {
				main = i
			}
		}
		joined := map[geo.Cell]bool{}
		for _, c := range pieces[main] {
			joined[c] = true
		}
		for i, pc := range pieces {
			if i == main {
				continue
			}
			target := map[geo.Cell]bool{}
			for _, c := range pc {
				target[c] = true
			}
			// Breadth-first from the joined cells towards the piece.
			prev := map[geo.Cell]geo.Cell{}
			frontier := make([]geo.Cell, 0, len(joined))
			for c := range joined {
				frontier = append(frontier, c)
			}
			slices.Sort(frontier)
			var hit geo.Cell
			found := false
			for depth := 0; depth < maxLink && len(frontier) > 0 && !found; depth++ {
				var next []geo.Cell
				for _, c := range frontier {
					for _, n := range geo.Neighbors(c) {
						if _, seen := prev[n]; seen || joined[n] {
							continue
						}
						if target[n] {
							prev[n], hit, found = c, n, true
							break
						}
						if _, owned := us.fineUnit[n]; owned || fill != nil && !fill[n] {
							continue
						}
						prev[n] = c
						next = append(next, n)
					}
					if found {
						break
					}
				}
				frontier = next
			}
			if !found {
				continue
			}
			for c := prev[hit]; !joined[c]; c = prev[c] {
				us.fineUnit[c] = u
				us.Units[u].Cells = append(us.Units[u].Cells, c)
				taken = append(taken, c)
				joined[c] = true
			}
			for _, c := range pc {
				joined[c] = true
			}
		}
	}
	return taken
}

// cellPieces splits cells into pieces connected by shared edges among the
// cells for which in is true, each piece sorted, in the order of their
// smallest cell.
func cellPieces(cells []geo.Cell, in func(geo.Cell) bool) [][]geo.Cell {
	sorted := slices.Clone(cells)
	slices.Sort(sorted)
	seen := make(map[geo.Cell]bool, len(sorted))
	var out [][]geo.Cell
	for _, c := range sorted {
		if seen[c] {
			continue
		}
		seen[c] = true
		piece := []geo.Cell{c}
		for i := 0; i < len(piece); i++ {
			for _, n := range geo.Neighbors(piece[i]) {
				if !seen[n] && in(n) {
					seen[n] = true
					piece = append(piece, n)
				}
			}
		}
		slices.Sort(piece)
		out = append(out, piece)
	}
	return out
}

// refined returns the fine cells whose centres lie in the zoned area within
// the coarse cells holding the home cells' centres, and those coarse cells, each
// with the first of the home cells it holds (nil, nil without an area).
func (us *Units) refined(homeCells []geo.Cell) (map[geo.Cell]bool, map[geo.Cell]geo.Cell, error) {
	if len(us.area) == 0 {
		return nil, nil, nil
	}
	seen := map[geo.Cell]geo.Cell{}
	var mixed []geo.Cell
	for _, c := range homeCells {
		p, err := geo.CellOf(geo.CellCenter(c), us.CoarseResolution)
		if err != nil {
			return nil, nil, fmt.Errorf("zones: coarse cell of %v: %w", c, err)
		}
		if _, ok := seen[p]; !ok {
			seen[p] = c
			mixed = append(mixed, p)
		}
	}
	parts := make([][]geo.Cell, len(mixed))
	errs := make([]error, len(mixed))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				piece, err := geos.Intersection(geo.CellPolygon(mixed[i]), us.area)
				if err == nil && len(piece) > 0 {
					parts[i], err = geo.Cover(piece, us.Resolution)
				}
				// Only the cells whose centre lies in the area: the zones
				// are clipped to it, and a cell mostly outside could be
				// cut in pieces.
				k := 0
				for _, c := range parts[i] {
					if planar.MultiPolygonContains(piece, geo.CellCenter(c)) {
						parts[i][k] = c
						k++
					}
				}
				parts[i] = parts[i][:k]
				errs[i] = err
			}
		}()
	}
	for i := range mixed {
		next <- i
	}
	close(next)
	wg.Wait()
	fill := map[geo.Cell]bool{}
	for i := range parts {
		if errs[i] != nil {
			return nil, nil, fmt.Errorf("zones: settled area: %w", errs[i])
		}
		for _, c := range parts[i] {
			fill[c] = true
		}
	}
	return fill, seen, nil
}

// splitFragments makes every unit's fine cells one piece: a piece of a
// unit holding none of its homes goes to the neighbouring unit it shares
// most cell edges with (ties to the lower unit); a second piece holding
// homes becomes a unit of its own.
func (us *Units) splitFragments(homes []Home) {
	n := len(us.Units)
	for u := 0; u < n; u++ {
		cells := us.Units[u].Cells
		if len(cells) < 2 {
			continue
		}
		pieces := cellPieces(cells, us.owns(u))
		if len(pieces) < 2 {
			continue
		}
		homeCell := map[geo.Cell]bool{}
		for _, h := range us.Units[u].Homes {
			c, _ := geo.CellOf(homes[h].Loc, us.Resolution)
			homeCell[c] = true
		}
		holds := func(pc []geo.Cell) bool { return slices.ContainsFunc(pc, func(c geo.Cell) bool { return homeCell[c] }) }
		keep := -1
		for i, pc := range pieces {
			if holds(pc) && (keep < 0 || len(pc) > len(pieces[keep])) {
				keep = i
			}
		}
		us.Units[u].Cells = pieces[max(keep, 0)]
		for i, pc := range pieces {
			if i == max(keep, 0) {
				continue
			}
			if !holds(pc) {
				edges := map[int]int{}
				for _, c := range pc {
					for _, nb := range geo.Neighbors(c) {
						if v, ok := us.fineUnit[nb]; ok && v != u {
							edges[v]++
						}
					}
				}
				best, bestN := -1, 0
				for v, k := range edges {
					if k > bestN || k == bestN && v < best {
						best, bestN = v, k
					}
				}
				if best >= 0 {
					for _, c := range pc {
						us.fineUnit[c] = best
					}
					us.Units[best].Cells = append(us.Units[best].Cells, pc...)
					continue
				}
			}
			v := len(us.Units)
			us.Units = append(us.Units, Unit{ID: v, Cells: pc})
			for _, c := range pc {
				us.fineUnit[c] = v
			}
		}
		// Homes follow their cells.
		var kept []int
		for _, h := range us.Units[u].Homes {
			c, _ := geo.CellOf(homes[h].Loc, us.Resolution)
			if v := us.fineUnit[c]; v != u {
				us.HomeUnit[h] = v
				us.Units[v].Homes = append(us.Units[v].Homes, h)
			} else {
				kept = append(kept, h)
			}
		}
		us.Units[u].Homes = kept
	}
}

// claimRing grows the owned cells by one ring: every free neighbour of a
// frontier cell (free(n) true) is claimed, in owner, by the lowest owner among
// the frontier cells next to it. It returns the claimed cells, sorted: the
// next frontier.
func claimRing(frontier []geo.Cell, owner map[geo.Cell]int, free func(geo.Cell) bool) []geo.Cell {
	claims := map[geo.Cell]int{}
	var next []geo.Cell
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

// edgeOwner returns the unit whose settled cells the boundary of coarse cell
// c meets at most of twelve points (its corners and the middles of its
// edges), else the unit of the settled cell nearest its centre (within 40
// rings of fine cells), or −1 when there is none so near.
func (us *Units) edgeOwner(c geo.Cell) int {
	ring := geo.CellPolygon(c)[0]
	hits := map[int]int{}
	best, bestN := -1, 0
	for i := 0; i+1 < len(ring); i++ {
		for _, pt := range []orb.Point{ring[i], midpoint(ring[i], ring[i+1])} {
			f, err := geo.CellOf(pt, us.Resolution)
			if err != nil {
				continue
			}
			if u, ok := us.fineUnit[f]; ok {
				hits[u]++
				if hits[u] > bestN || hits[u] == bestN && u < best {
					best, bestN = u, hits[u]
				}
			}
		}
	}
	if best >= 0 {
		return best
	}
	// None on its edge: the unit of the settled cell nearest its centre,
	// within 40 rings of fine cells.
	start, err := geo.CellOf(geo.CellCenter(c), us.Resolution)
	if err != nil {
		return -1
	}
	seen := map[geo.Cell]bool{start: true}
	frontier := []geo.Cell{start}
	for ring := 0; ring < 40 && len(frontier) > 0; ring++ {
		var next []geo.Cell
		found := -1
		for _, f := range frontier {
			if u, ok := us.fineUnit[f]; ok && (found < 0 || u < found) {
				found = u
			}
			for _, n := range geo.Neighbors(f) {
				if !seen[n] {
					seen[n] = true
					next = append(next, n)
				}
			}
		}
		if found >= 0 {
			return found
		}
		frontier = next
	}
	return -1
}

// midpoint returns the point halfway between a and b (lon, lat; for points
// a few hundred metres apart).
func midpoint(a, b orb.Point) orb.Point { return orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2} }

// inArea reports whether p lies in the zoned area (anywhere, without one).
func (us *Units) inArea(p orb.Point) bool {
	if len(us.area) == 0 {
		return true
	}
	return us.areaBound.Contains(p) && planar.MultiPolygonContains(us.area, p)
}

// openEdge reports whether the open land of two neighbouring coarse cells
// meets along their edge: whether most of the edge they share, sampled at
// five places, lies in the area and in no settled cell. (Where settled cells
// cover much of it, the open land on either side may be cut into pieces.)
func (us *Units) openEdge(a, b geo.Cell) bool {
	pa, pb := geo.CellPolygon(a)[0], geo.CellPolygon(b)[0]
	var shared []orb.Point
	for _, x := range pa[:len(pa)-1] {
		for _, y := range pb[:len(pb)-1] {
			if geo.Distance(x, y) < 1 {
				shared = append(shared, x)
			}
		}
	}
	if len(shared) != 2 {
		// The cells meet at a corner only, or the grid is unusual here:
		// sample the line between their centres' midpoint instead.
		shared = []orb.Point{midpoint(geo.CellCenter(a), geo.CellCenter(b))}
		shared = append(shared, shared[0])
	}
	open := 0
	for k := 1; k <= 5; k++ {
		t := float64(k) / 6
		p := orb.Point{shared[0][0] + t*(shared[1][0]-shared[0][0]), shared[0][1] + t*(shared[1][1]-shared[0][1])}
		if !us.inArea(p) {
			continue
		}
		if c, err := geo.CellOf(p, us.Resolution); err == nil {
			if _, settled := us.fineUnit[c]; !settled {
				open++
			}
		}
	}
	return open >= 3
}

// owns returns whether a fine cell belongs to unit u.
func (us *Units) owns(u int) func(geo.Cell) bool {
	return func(c geo.Cell) bool {
		v, ok := us.fineUnit[c]
		return ok && v == u
	}
}
