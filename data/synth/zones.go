package synth

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// slivers below this area (square degrees, about 1 m²) are dropped from a
// zone: they are rounding left between the Voronoi cells of its units.
const sliverArea = 1e-10

// makeZones draws the 2021 zones in force: each unit's territory is its
// Voronoi cell (great-circle, so that it holds exactly the homes whose nearest
// unit it is), and a school's zone of a level is the union of the territories
// of its units for that level, clipped to the county.
func (g *gen) makeZones() error {
	sites := make([]orb.Point, len(g.units))
	for u := range g.units {
		sites[u] = g.units[u].pt
	}
	ext := g.boundary.Bound().Pad(0.05)
	cells, err := geos.Voronoi(sites, ext)
	if err != nil {
		return fmt.Errorf("synth: zones: %w", err)
	}
	for _, l := range dataset.Levels {
		for i, f := range g.facts {
			if !f.has(l) || f.Private {
				continue // a private school has no zone
			}
			var parts []orb.Geometry
			for u := range g.units {
				if g.units[u].school[levelIndex(l)] == f.ID {
					parts = append(parts, cells[u])
				}
			}
			union, err := geos.Union(parts...)
			if err != nil {
				return fmt.Errorf("synth: zone of %s (%s): %w", f.ID, l, err)
			}
			z, err := geos.Intersection(union, g.boundary)
			if err != nil {
				return fmt.Errorf("synth: zone of %s (%s): %w", f.ID, l, err)
			}
			z = dropSlivers(z)
			if len(z) == 0 {
				return fmt.Errorf("synth: zone of %s (%s) is empty", f.ID, l)
			}
			g.zones = append(g.zones, dataset.Zone{Level: l, SchoolID: g.schools[i].ID, Geometry: z})
		}
	}
	return nil
}

// dropSlivers removes parts and holes of negligible area.
func dropSlivers(mp orb.MultiPolygon) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, p := range mp {
		if len(p) == 0 || ringArea(p[0]) < sliverArea {
			continue
		}
		q := orb.Polygon{p[0]}
		for _, h := range p[1:] {
			if ringArea(h) >= sliverArea {
				q = append(q, h)
			}
		}
		out = append(out, q)
	}
	return out
}

// ringArea is the planar area of a ring in square degrees.
func ringArea(r orb.Ring) float64 {
	var s float64
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	if s < 0 {
		s = -s
	}
	return s / 2
}
