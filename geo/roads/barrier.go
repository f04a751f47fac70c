package roads

import (
	"slices"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Apart reports whether a child cannot go straight from a to b (WGS84
// lon,lat): the straight segment a–b crosses a barrier at a point with no
// crossing of that barrier within slackM metres (great-circle) of it.
// Barrier lines are taken as straight between their vertices in lon,lat
// degrees.
func (n *Network) Apart(a, b orb.Point, slackM float64) bool {
	apart := false
	n.apartBy(a, b, slackM, func(int) bool { apart = true; return false })
	return apart
}

// ApartBy returns the barriers (indexes into Barriers, ascending, once
// each) that keep a child from going straight from a to b, as Apart
// decides; nil for none.
func (n *Network) ApartBy(a, b orb.Point, slackM float64) []int {
	var out []int
	n.apartBy(a, b, slackM, func(bi int) bool {
		if !slices.Contains(out, bi) {
			out = append(out, bi)
		}
		return true
	})
	slices.Sort(out)
	return out
}

// apartBy calls found with each barrier the segment a–b crosses away from
// its crossings, until found returns false.
func (n *Network) apartBy(a, b orb.Point, slackM float64, found func(barrier int) bool) {
	if n.bgrid == nil || n.bgrid.nx == 0 {
		return
	}
	ax, ay := n.pr.xy(a)
	bx, by := n.pr.xy(b)
	more := true
	n.bgrid.visitSeg(ax, ay, bx, by, func(it int32) {
		if !more {
			return
		}
		s := n.bsegs[it]
		l := n.barriers[s.barrier].Line
		x, _, _, ok := intersect(a, b, l[s.i], l[s.i+1])
		if !ok {
			return
		}
		for _, c := range n.byBarrier[s.barrier] {
			if geo.Distance(x, n.crossings[c].Loc) <= slackM {
				return
			}
		}
		more = found(int(s.barrier))
	})
}

// Straddles returns the indexes (ascending) of the barriers that cut through
// poly (WGS84 lon,lat) with no crossing of that barrier inside poly: a zone
// that parents would have to cross the barrier to walk across. A barrier
// cuts through poly when a stretch of its line runs inside poly from one
// boundary crossing to another (a line that only enters, or ends inside,
// does not cut it). Planar geometry in lon,lat degrees.
func (n *Network) Straddles(poly orb.MultiPolygon) []int {
	if len(poly) == 0 || len(n.barriers) == 0 {
		return nil
	}
	pb := poly.Bound()
	var out []int
	for bi, b := range n.barriers {
		if !b.Line.Bound().Intersects(pb) || !cuts(b.Line, poly, pb) {
			continue
		}
		inside := false
		for _, c := range n.byBarrier[bi] {
			if planar.MultiPolygonContains(poly, n.crossings[c].Loc) {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, bi)
		}
	}
	return out
}

// cuts reports whether line l runs inside poly between two crossings of its
// boundary.
func cuts(l orb.LineString, poly orb.MultiPolygon, pb orb.Bound) bool {
	var at []float64 // positions along l (segment index + fraction) where it meets the boundary
	for i := 0; i+1 < len(l); i++ {
		sb := orb.Bound{Min: l[i], Max: l[i]}.Extend(l[i+1])
		if !sb.Intersects(pb) {
			continue
		}
		for _, p := range poly {
			for _, r := range p {
				for j := 0; j+1 < len(r); j++ {
					if _, _, u, ok := intersect(r[j], r[j+1], l[i], l[i+1]); ok {
						at = append(at, float64(i)+u)
					}
				}
			}
		}
	}
	if len(at) < 2 {
		return false
	}
	slices.Sort(at)
	at = slices.Compact(at)
	for k := 0; k+1 < len(at); k++ {
		if planar.MultiPolygonContains(poly, pointAt(l, (at[k]+at[k+1])/2)) {
			return true
		}
	}
	return false
}

// pointAt returns the point of l at position s (segment index + fraction).
func pointAt(l orb.LineString, s float64) orb.Point {
	i := min(int(s), len(l)-2)
	f := s - float64(i)
	a, b := l[i], l[i+1]
	return orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}
}
