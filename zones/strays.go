package zones

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// mergeStrays hands each stray part of a zone to a neighbouring zone. A part
// is stray when it holds the centre of none of the zone's fine cells: a
// pocket of open land enclosed by another zone's settled cells, or a sliver
// left where the coarse and fine grids meet. Such a part holds no home, so
// no home changes zone; it goes to the zone it shares most border with among
// those it joins without making a new part of them. A stray no zone can take
// so stays, unless it is a sliver (under one fine cell, about 0.015 km² at
// resolution 10), which is dropped, so that a zone stays one polygon: no home
// is in it, and the zones still cover the area to far better than 0.1%. A
// stray that touches no zone and no other part of its own is a detached part
// of the county (an islet, an exclave) and stays whatever its size: the
// zones cover every part of the county (OnePiece counts it as one piece).
func (us *Units) mergeStrays(zs []orb.MultiPolygon, members [][]int) error {
	sliver := 0.0
	for _, u := range us.Units {
		if len(u.Cells) > 0 {
			sliver = planar.Area(geo.CellPolygon(u.Cells[0]))
			break
		}
	}
	for j := range zs {
		if len(zs[j]) < 2 {
			continue
		}
		var keep orb.MultiPolygon
		var strays []int // indexes in zs[j]
		for i, part := range zs[j] {
			if us.holdsFineCell(part, members[j]) {
				keep = append(keep, part)
			} else {
				strays = append(strays, i)
			}
		}
		if len(keep) == 0 {
			continue // a zone of open land only: nothing to anchor to
		}
		for _, i := range strays {
			part := zs[j][i]
			ks, err := touchingAll(part, zs, j)
			if err != nil {
				return err
			}
			taken := false
			for _, k := range ks {
				merged, err := geos.Union(zs[k], part)
				if err != nil {
					return err
				}
				if len(merged) <= len(zs[k]) {
					zs[k] = merged
					taken = true
					break
				}
			}
			if !taken && (planar.Area(part) >= sliver || len(ks) == 0 && detachedPart(zs[j], i, zs, j)) {
				keep = append(keep, part)
			}
		}
		zs[j] = keep
	}
	return nil
}

// holdsFineCell reports whether the polygon holds the centre of a fine cell
// of the units.
func (us *Units) holdsFineCell(p orb.Polygon, units []int) bool {
	b := p.Bound()
	for _, u := range units {
		for _, c := range us.Units[u].Cells {
			pt := geo.CellCenter(c)
			if b.Contains(pt) && planar.PolygonContains(p, pt) {
				return true
			}
		}
	}
	return false
}

// touchingAll returns the zones other than self that touch the part, most
// shared border first (ties to the lower index): the area of the part,
// grown by about a metre, inside each zone.
func touchingAll(part orb.Polygon, zs []orb.MultiPolygon, self int) ([]int, error) {
	grown, err := geos.Buffer(part, 1e-5)
	if err != nil {
		return nil, err
	}
	gb := grown.Bound()
	type hit struct {
		k    int
		area float64
	}
	var hits []hit
	for k, z := range zs {
		if k == self || len(z) == 0 || !z.Bound().Intersects(gb) {
			continue
		}
		in, err := geos.Intersection(grown, z)
		if err != nil {
			return nil, err
		}
		if a := planar.Area(in); a > 0 {
			hits = append(hits, hit{k, a})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.area, a.area) })
	out := make([]int, len(hits))
	for i, h := range hits {
		out[i] = h.k
	}
	return out, nil
}
