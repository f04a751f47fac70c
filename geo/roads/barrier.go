package roads

import (
	"slices"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/paulmach/orb"
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
