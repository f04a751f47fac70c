package zones

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// DefaultMaxDiameterM is the default greatest distance between two homes of
// one unit's group: a compound or village group wider than this is split by
// location, and two groups sharing a cell join only while they stay within
// it.
const DefaultMaxDiameterM = 600.0

// GroupSplit is a group whose homes do not all lie in one unit: too far
// apart to be one unit, or some of them in cells that another group's homes
// hold.
type GroupSplit struct {
	Group     string  // Home.Group
	Homes     int     // homes of the group
	Units     int     // units its homes lie in
	DiameterM float64 // the greatest distance between two of its homes, metres
	// Crowded counts the homes of the group that lie in a cell where
	// another group has more homes, and went with that group's unit because
	// the two together would be wider than the limit.
	Crowded int
}

// cluster is a compact piece of a group: homes no farther apart than the
// limit, with the convex hull of their locations.
type cluster struct {
	group string
	homes []int
	hull  []orb.Point
}

// hullDiameter returns the convex hull of the points (lon, lat, with
// longitude scaled by the cosine of the latitude for the hull's shape) and
// the greatest great-circle distance between two of them in metres.
func hullDiameter(pts []orb.Point) ([]orb.Point, float64) {
	h := convexHull(pts)
	d := 0.0
	for i := range h {
		for j := i + 1; j < len(h); j++ {
			d = max(d, geo.Distance(h[i], h[j]))
		}
	}
	return h, d
}

// convexHull returns the vertices of the convex hull of the points (Andrew's
// monotone chain, in a plane where a degree of longitude is cos(latitude)
// degrees of latitude), without repeating the first; duplicates removed.
func convexHull(pts []orb.Point) []orb.Point {
	if len(pts) == 0 {
		return nil
	}
	k := math.Cos(pts[0][1] * math.Pi / 180)
	ps := slices.Clone(pts)
	slices.SortFunc(ps, func(a, b orb.Point) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	ps = slices.Compact(ps)
	if len(ps) < 3 {
		return ps
	}
	cross := func(o, a, b orb.Point) float64 {
		return (a[0]-o[0])*k*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])*k
	}
	out := make([]orb.Point, 0, 2*len(ps))
	for _, p := range ps {
		for len(out) >= 2 && cross(out[len(out)-2], out[len(out)-1], p) <= 0 {
			out = out[:len(out)-1]
		}
		out = append(out, p)
	}
	lower := len(out) + 1
	for i := len(ps) - 2; i >= 0; i-- {
		p := ps[i]
		for len(out) >= lower && cross(out[len(out)-2], out[len(out)-1], p) <= 0 {
			out = out[:len(out)-1]
		}
		out = append(out, p)
	}
	return out[:len(out)-1]
}

// compactClusters splits the homes of one group (indexes into homes) into
// pieces no wider than limit metres: at the largest gap along the wider
// side of the bounding box, within its middle half, again and again, until
// every piece fits.
// It returns the pieces and the group's diameter.
func compactClusters(group string, idx []int, homes []Home, limit float64) ([]cluster, float64) {
	pts := make([]orb.Point, len(idx))
	for i, h := range idx {
		pts[i] = homes[h].Loc
	}
	hull, diam := hullDiameter(pts)
	if limit <= 0 || diam <= limit {
		return []cluster{{group: group, homes: idx, hull: hull}}, diam
	}
	var out []cluster
	var split func(idx []int)
	split = func(idx []int) {
		pts := make([]orb.Point, len(idx))
		for i, h := range idx {
			pts[i] = homes[h].Loc
		}
		hull, d := hullDiameter(pts)
		if d <= limit {
			out = append(out, cluster{group: group, homes: idx, hull: hull})
			return
		}
		b := orb.MultiPoint(pts).Bound()
		axis := 1
		if (b.Max[0]-b.Min[0])*math.Cos(b.Center()[1]*math.Pi/180) > b.Max[1]-b.Min[1] {
			axis = 0
		}
		order := slices.Clone(idx)
		slices.SortStableFunc(order, func(a, c int) int {
			return cmp.Or(cmp.Compare(homes[a].Loc[axis], homes[c].Loc[axis]), cmp.Compare(a, c))
		})
		// The largest gap between consecutive homes along the axis within
		// the middle half of its span (so that a house at either end is
		// not peeled off alone), the middle one among equals.
		lo, hi := homes[order[0]].Loc[axis], homes[order[len(order)-1]].Loc[axis]
		from, to := lo+(hi-lo)/4, hi-(hi-lo)/4
		cut, gap := len(order)/2, -1.0
		for i := 1; i < len(order); i++ {
			a, b := homes[order[i-1]].Loc[axis], homes[order[i]].Loc[axis]
			if b < from || a > to {
				continue
			}
			g := b - a
			if g > gap || g == gap && abs(i-len(order)/2) < abs(cut-len(order)/2) {
				cut, gap = i, g
			}
		}
		if gap <= 0 {
			// Every home at one coordinate of the axis: cut in the middle.
			cut = len(order) / 2
		}
		split(order[:cut])
		split(order[cut:])
	}
	split(idx)
	return out, diam
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// groupCells assigns the home cells of res to sets of homes: each group is
// split into compact clusters (compactClusters); clusters whose homes share
// a cell join while their union stays within limit metres; a cell shared by
// clusters that cannot join belongs to the one with most homes in it (ties:
// the first cluster), and the others' homes there go with it.
//
// It returns, for each home, the root of its set (an index into the
// clusters), and the groups with their diameters.
func groupCells(homes []Home, homeCell []geo.Cell, limit float64) (set []int, gs *groups) {
	var clusters []cluster
	// Groups in order of first appearance; homes without a group are
	// groups of one each.
	byGroup := map[string][]int{}
	var order []string
	var loose []int
	for h, home := range homes {
		if home.Group == "" {
			loose = append(loose, h)
			continue
		}
		if _, ok := byGroup[home.Group]; !ok {
			order = append(order, home.Group)
		}
		byGroup[home.Group] = append(byGroup[home.Group], h)
	}
	diam := map[string]float64{}
	clusterOf := make([]int, len(homes))
	for _, g := range order {
		cs, d := compactClusters(g, byGroup[g], homes, limit)
		diam[g] = d
		for _, c := range cs {
			for _, h := range c.homes {
				clusterOf[h] = len(clusters)
			}
			clusters = append(clusters, c)
		}
	}
	for _, h := range loose {
		clusterOf[h] = len(clusters)
		clusters = append(clusters, cluster{homes: []int{h}, hull: []orb.Point{homes[h].Loc}})
	}

	// The clusters of each cell, with their homes there.
	type count struct{ c, n int }
	inCell := map[geo.Cell][]count{}
	var cells []geo.Cell
	for h, c := range homeCell {
		cs, ok := inCell[c]
		if !ok {
			cells = append(cells, c)
		}
		k := clusterOf[h]
		found := false
		for i := range cs {
			if cs[i].c == k {
				cs[i].n++
				found = true
				break
			}
		}
		if !found {
			cs = append(cs, count{k, 1})
		}
		inCell[c] = cs
	}
	slices.Sort(cells)

	// Union-find over clusters, the hull of each set at its root.
	parent := make([]int, len(clusters))
	hulls := make([][]orb.Point, len(clusters))
	for i := range parent {
		parent[i] = i
		hulls[i] = clusters[i].hull
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	owner := make(map[geo.Cell]int, len(cells))
	for _, c := range cells {
		cs := inCell[c]
		if len(cs) > 1 {
			slices.SortStableFunc(cs, func(a, b count) int { return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.c, b.c)) })
		}
		ra := find(cs[0].c)
		for _, x := range cs[1:] {
			rb := find(x.c)
			if rb == ra {
				continue
			}
			merged, d := hullDiameter(append(slices.Clone(hulls[ra]), hulls[rb]...))
			if limit > 0 && d > limit {
				continue // x's homes in c go with the cell's owner
			}
			if rb < ra {
				ra, rb = rb, ra
			}
			parent[rb] = ra
			hulls[ra] = merged
		}
		owner[c] = cs[0].c
	}
	set = make([]int, len(homes))
	gs = &groups{order: order, members: byGroup, diam: diam, crowded: map[string]int{}}
	for h, c := range homeCell {
		set[h] = find(owner[c])
		if set[h] != find(clusterOf[h]) && homes[h].Group != "" {
			gs.crowded[homes[h].Group]++ // in a cell of another group's set
		}
	}
	return set, gs
}

// groups are the homes' groups as groupCells found them.
type groups struct {
	order   []string         // in the order of their first home
	members map[string][]int // the homes of each group
	diam    map[string]float64
	crowded map[string]int // homes in a cell of another group's set
}

// splits lists the groups whose homes lie in more than one unit.
func (gs *groups) splits(homeUnit []int) []GroupSplit {
	var out []GroupSplit
	for _, g := range gs.order {
		units := map[int]bool{}
		for _, h := range gs.members[g] {
			units[homeUnit[h]] = true
		}
		if len(units) > 1 {
			out = append(out, GroupSplit{Group: g, Homes: len(gs.members[g]), Units: len(units), DiameterM: gs.diam[g],
				Crowded: gs.crowded[g]})
		}
	}
	return out
}
