package zones

import (
	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo/geos"
)

// OnePiece reports, for each of a level's zones (one entry per zone, a
// multi-school zone once), whether it is one piece: one polygon, or one
// polygon and detached parts of the county, each whole (docs/dataset-format.md:
// contiguous_zones). A part is detached when no other zone of the level and
// no other part of its own zone touches it, not even at a point: it is then
// a part of the zoned area apart from the rest (an exclave of the county, an
// island), which no zone can reach in one piece, and it lies whole in this
// zone, since the zones cover the area. A zone of two parts that touch
// other zones is not one piece. A nil or empty zone counts as one piece. A
// part that GEOS cannot test counts as touching.
func OnePiece(zs []orb.MultiPolygon) []bool {
	out := make([]bool, len(zs))
	for j, z := range zs {
		if len(z) < 2 {
			out[j] = true
			continue
		}
		joined := 0 // parts that touch another zone or another part
		for i := range z {
			if !detachedPart(z, i, zs, j) {
				joined++
			}
		}
		out[j] = joined <= 1
	}
	return out
}

// detachedPart reports whether part i of zone j (zs[j]) touches neither
// another zone nor another part of zone j: the part grown by about a metre
// meets none of them.
func detachedPart(z orb.MultiPolygon, i int, zs []orb.MultiPolygon, j int) bool {
	grown, err := geos.Buffer(z[i], 1e-5)
	if err != nil {
		return false
	}
	gb := grown.Bound()
	meets := func(g orb.Geometry) bool {
		if !g.Bound().Intersects(gb) {
			return false
		}
		in, err := geos.Intersection(grown, g)
		if err != nil {
			return true
		}
		a, err := geos.Area(in)
		return err != nil || a > 0
	}
	for k, other := range zs {
		if k != j && len(other) > 0 && meets(other) {
			return false
		}
	}
	for q, p := range z {
		if q != i && meets(p) {
			return false
		}
	}
	return true
}
