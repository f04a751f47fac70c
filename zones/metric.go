package zones

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// Metric gives the distance in metres a child travels from a home to a
// school site (WGS84 lon, lat points, in that order: home first). The
// objective, the lower bound, the starts, the repairs, the nearest-school
// plan and the what-if of a Problem all measure with Problem.Metric.
//
// Implementations must be safe for concurrent use, return a finite
// distance below 10,000 km (a site out of reach: a long detour, not
// infinity; the redraw's stand-in for missing places costs 10,000 km),
// and never return less than the great-circle distance
// (geo.Distance) between the two points: a route along a real network
// is never shorter than the straight line. Zones relies on this to find a
// point's nearest schools by the metric through a great-circle index,
// pruning with the straight distance as a lower bound (it is never used
// as the value). A call may cost a microsecond or so (a snap to a network
// and a lookup): the redraw keeps each unit's distances to the schools it
// prices (costs.dist), and the lower bound and the flow start measure each
// location's nearest schools once.
type Metric interface {
	DistanceM(home, site orb.Point) float64
}

// straight is the great-circle metric.
type straight struct{}

func (straight) DistanceM(home, site orb.Point) float64 { return geo.Distance(home, site) }

// Straight is the great-circle metric (geo.Distance), the default when
// Problem.Metric is nil.
var Straight Metric = straight{}

// metric returns the problem's metric: Problem.Metric, or Straight.
func (p *Problem) metric() Metric {
	if p.Metric == nil {
		return Straight
	}
	return p.Metric
}

// routed reports whether the problem measures with a metric of its own
// rather than the great-circle default. Where the two would pick
// candidates differently, the default keeps its historical rule, so that
// plans drawn without a metric do not change.
func (p *Problem) routed() bool {
	_, isStraight := p.metric().(straight)
	return !isStraight
}

// DistanceBy returns the distance in metres from p to the school by metric
// m (nil means Straight): the metric's distance to its location, or for a
// shared zone the capacity-weighted mean of the distances to its campuses.
func (s *School) DistanceBy(m Metric, p orb.Point) float64 {
	if m == nil {
		m = Straight
	}
	if len(s.Campuses) == 0 {
		return m.DistanceM(p, s.Loc)
	}
	var d, w float64
	for _, c := range s.Campuses {
		d += float64(c.Capacity) * m.DistanceM(p, c.Loc)
		w += float64(c.Capacity)
	}
	if w == 0 {
		return m.DistanceM(p, s.Loc)
	}
	return d / w
}

// siteIndex finds the schools of least cost from a point by any metric
// that is never below the great-circle distance, through a great-circle
// index of the schools' sites (the campuses of a shared zone one by one).
type siteIndex struct {
	idx    *geo.Index
	pts    []orb.Point
	school []int // school of each site
	n      int   // schools
}

func newSiteIndex(schools []School) *siteIndex {
	x := &siteIndex{n: len(schools)}
	for j := range schools {
		s := &schools[j]
		sites := []orb.Point{s.Loc}
		if len(s.Campuses) > 0 {
			// A shared zone's distance is a mean over its campuses: at least
			// the straight distance to the nearest one. A zero-capacity
			// mean falls back to the zone's own location.
			sites = sites[:0]
			w := 0
			for _, c := range s.Campuses {
				sites = append(sites, c.Loc)
				w += c.Capacity
			}
			if w == 0 {
				sites = append(sites, s.Loc)
			}
		}
		for _, pt := range sites {
			x.pts = append(x.pts, pt)
			x.school = append(x.school, j)
		}
	}
	x.idx = geo.NewIndex(x.pts)
	return x
}

// scored is a school with its cost from a point.
type scored struct {
	j int
	d float64
}

// nearest returns the k schools of least cost(j) from p (fewer when there
// are fewer schools), least first, ties by lower index, with their costs.
// cost(j) must be at least the great-circle distance from p to school j's
// nearest site less slack (metres ≥ 0): schools are scored in order of
// their sites' straight distance until no school left unscored can beat
// the k-th best found.
func (x *siteIndex) nearest(p orb.Point, k int, slack float64, cost func(j int) float64) []scored {
	k = min(k, x.n)
	if k <= 0 {
		return nil
	}
	seen := make(map[int]bool, 2*k)
	var out []scored
	m := min(2*k, len(x.pts))
	done := 0 // sites scored so far
	for {
		nn := x.idx.Nearest(p, m)
		for _, i := range nn[done:] {
			if j := x.school[i]; !seen[j] {
				seen[j] = true
				out = append(out, scored{j, cost(j)})
			}
		}
		done = len(nn)
		slices.SortFunc(out, func(a, b scored) int { return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.j, b.j)) })
		if len(nn) < m || m == len(x.pts) || len(out) == x.n {
			break // every site scored (sites with bad coordinates never are)
		}
		if len(out) >= k && out[k-1].d <= geo.Distance(p, x.pts[nn[len(nn)-1]])-slack {
			break
		}
		m = min(2*m, len(x.pts))
	}
	if len(out) > k {
		out = out[:k]
	}
	return out
}
