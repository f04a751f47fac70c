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

// Polygons returns the zone of each school: the fine cells of the units
// assigned to it, with the open land of their coarse cells, clipped to the
// zoned area. unitSchool gives each unit's school index in [0, n), or -1 for
// a unit without a school; a school without units gets a nil zone. Within
// the plan the zones do not overlap, and together they cover the zoned area.
// The work is spread over the machine's cores.
func (us *Units) Polygons(unitSchool []int, n int) ([]orb.MultiPolygon, error) {
	if len(unitSchool) != len(us.Units) {
		return nil, fmt.Errorf("zones: %d unit assignments for %d units", len(unitSchool), len(us.Units))
	}
	members := make([][]int, n)
	for u, j := range unitSchool {
		if j >= n {
			return nil, fmt.Errorf("zones: unit %d assigned to school %d of %d", u, j, n)
		}
		if j >= 0 {
			members[j] = append(members[j], u)
		}
	}
	wild, area, err := us.openLand()
	if err != nil {
		return nil, err
	}
	out := make([]orb.MultiPolygon, n)
	errs := make([]error, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				out[j], errs[j] = us.zonePolygon(members[j], wild, area)
			}
		}()
	}
	for j := range members {
		if len(members[j]) > 0 {
			jobs <- j
		}
	}
	close(jobs)
	wg.Wait()
	for j, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("zones: zone of school %d: %w", j, err)
		}
	}
	if err := us.mergeStrays(out, members); err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	return out, nil
}

// openLand returns the zoned area less the settled fine cells, and the
// zoned area grown by the settled cells that stick out of it (a cell whose
// centre lies inside the area may reach past its edge), computed once. The
// zones are clipped to the grown area, so that no settled cell is cut.
func (us *Units) openLand() (wild, area orb.MultiPolygon, err error) {
	us.wildOnce.Do(func() {
		var all []geo.Cell
		for _, u := range us.Units {
			all = append(all, u.Cells...)
		}
		slices.Sort(all)
		settled, err := geo.CellsToMultiPolygon(all)
		if err != nil {
			us.wildErr = fmt.Errorf("zones: settled area: %w", err)
			return
		}
		if len(us.area) == 0 {
			us.wild, us.grown = orb.MultiPolygon{}, nil
			return
		}
		if us.wild, err = geos.Difference(us.area, settled); err != nil {
			us.wildErr = fmt.Errorf("zones: open land: %w", err)
			return
		}
		if us.grown, err = geos.Union(us.area, settled); err != nil {
			us.wildErr = fmt.Errorf("zones: zoned area: %w", err)
		}
	})
	return us.wild, us.grown, us.wildErr
}

// Area returns the area the zones cover: the zoned area given to NewUnits,
// with the settled cells that reach past its edge.
func (us *Units) Area() (orb.MultiPolygon, error) {
	_, area, err := us.openLand()
	if err != nil || area == nil {
		return us.area, err
	}
	return area, nil
}

func (us *Units) zonePolygon(units []int, wild, area orb.MultiPolygon) (orb.MultiPolygon, error) {
	var fine, coarse []geo.Cell
	for _, u := range units {
		fine = append(fine, us.Units[u].Cells...)
		coarse = append(coarse, us.Units[u].Coarse...)
	}
	slices.Sort(fine)
	slices.Sort(coarse)
	parts := []orb.Geometry{}
	if len(fine) > 0 {
		settled, err := geo.CellsToMultiPolygon(fine)
		if err != nil {
			return nil, err
		}
		parts = append(parts, settled)
	}
	if len(coarse) > 0 && len(wild) > 0 {
		land, err := geo.CellsToMultiPolygon(coarse)
		if err != nil {
			return nil, err
		}
		if land, err = geos.Intersection(land, wild); err != nil {
			return nil, err
		}
		if len(land) > 0 {
			parts = append(parts, land)
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	zone, err := geos.Union(parts...)
	if err != nil {
		return nil, err
	}
	if len(area) == 0 {
		return zone, nil
	}
	return geos.Intersection(zone, area)
}

// ZonedArea returns the area that zones cover: the boundary together with
// every cell that holds a home (homes may lie up to 10 km outside the
// boundary). Without a boundary it is the cells holding homes, each grown by
// rings of neighbours (see docs/dataset-format.md: the area is then derived from the
// households).
func ZonedArea(boundary orb.MultiPolygon, homes []Home, res, rings int) (orb.MultiPolygon, error) {
	seen := map[uint64]bool{}
	var polys []orb.Geometry
	if len(boundary) > 0 {
		polys = append(polys, boundary)
	}
	homeCells := map[geo.Cell]bool{}
	for _, h := range homes {
		c, err := geo.CellOf(h.Loc, res)
		if err != nil {
			return nil, fmt.Errorf("zones: %w", err)
		}
		if homeCells[c] {
			continue // a building's other households, a neighbour's
		}
		homeCells[c] = true
		cells := []uint64{uint64(c)}
		if len(boundary) == 0 {
			cells = cells[:0]
			for _, d := range disk(c, rings) {
				cells = append(cells, uint64(d))
			}
		}
		for _, x := range cells {
			if seen[x] {
				continue
			}
			seen[x] = true
			poly := geo.CellPolygon(geo.Cell(x))
			if len(boundary) > 0 && ringInside(poly[0], boundary) {
				continue // adds nothing to the boundary
			}
			polys = append(polys, poly)
		}
	}
	if len(polys) == 0 {
		return nil, fmt.Errorf("zones: no boundary and no homes: nothing to zone")
	}
	return geos.Union(polys...)
}

// ringInside reports whether every vertex of ring lies inside mp.
func ringInside(ring orb.Ring, mp orb.MultiPolygon) bool {
	for _, p := range ring {
		if !planar.MultiPolygonContains(mp, p) {
			return false
		}
	}
	return true
}

// disk returns the cells within k steps of c, c included.
func disk(c geo.Cell, k int) []geo.Cell {
	out := []geo.Cell{c}
	seen := map[geo.Cell]bool{c: true}
	frontier := []geo.Cell{c}
	for i := 0; i < k; i++ {
		var next []geo.Cell
		for _, x := range frontier {
			for _, n := range geo.Neighbors(x) {
				if !seen[n] {
					seen[n] = true
					next = append(next, n)
					out = append(out, n)
				}
			}
		}
		frontier = next
	}
	return out
}
