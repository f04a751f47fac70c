package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Index is a spatial index over a fixed set of WGS84 points (lon, lat) for
// nearest-neighbour and radius queries by great-circle distance (Distance).
//
// It is a k-d tree over the points' unit vectors in three dimensions: the
// straight-line (chord) distance between unit vectors grows with the
// great-circle distance, so the tree prunes exactly, anywhere on the globe,
// with no projection error. Results are ordered by Distance itself, ties by
// index. An Index is immutable after NewIndex and safe for concurrent
// queries.
type Index struct {
	pts   []orb.Point
	vec   [][3]float64 // unit vector of each point, by index
	perm  []int32      // point indexes, arranged so that each node owns a range
	nodes []kdNode     // nodes[0] is the root
}

type kdNode struct {
	lo, hi      int32 // range of perm
	left, right int32 // child nodes; -1 in a leaf
	axis        int8
	split       float64
}

// kdLeaf is the most points a leaf holds.
const kdLeaf = 8

// distSlack (metres) absorbs the rounding difference between the chord bound
// used for pruning and Distance, so that no candidate is pruned wrongly.
const distSlack = 1e-6

// NewIndex builds an index over pts (lon, lat in degrees). The index keeps
// its own copy of pts. Points with a coordinate that is not finite are left
// out and never returned.
func NewIndex(pts []orb.Point) *Index {
	ix := &Index{pts: slices.Clone(pts), vec: make([][3]float64, len(pts))}
	for i, p := range pts {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
			continue
		}
		lon, lat := p[0]*math.Pi/180, p[1]*math.Pi/180
		ix.vec[i] = [3]float64{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
		ix.perm = append(ix.perm, int32(i))
	}
	if len(ix.perm) > 0 {
		ix.build(0, int32(len(ix.perm)))
	}
	return ix
}

// build adds the node for perm[lo:hi] and its subtree, returning its index.
func (ix *Index) build(lo, hi int32) int32 {
	id := int32(len(ix.nodes))
	ix.nodes = append(ix.nodes, kdNode{lo: lo, hi: hi, left: -1, right: -1})
	if hi-lo <= kdLeaf {
		return id
	}
	// Split on the axis of largest spread, at the median.
	var mn, mx [3]float64
	for a := range 3 {
		mn[a], mx[a] = math.Inf(1), math.Inf(-1)
	}
	for _, i := range ix.perm[lo:hi] {
		for a := range 3 {
			mn[a], mx[a] = min(mn[a], ix.vec[i][a]), max(mx[a], ix.vec[i][a])
		}
	}
	axis := 0
	for a := 1; a < 3; a++ {
		if mx[a]-mn[a] > mx[axis]-mn[axis] {
			axis = a
		}
	}
	part := ix.perm[lo:hi]
	slices.SortFunc(part, func(a, b int32) int { return cmp.Compare(ix.vec[a][axis], ix.vec[b][axis]) })
	mid := lo + (hi-lo)/2
	split := ix.vec[ix.perm[mid]][axis]
	left := ix.build(lo, mid)
	right := ix.build(mid, hi)
	ix.nodes[id].left, ix.nodes[id].right = left, right
	ix.nodes[id].axis, ix.nodes[id].split = int8(axis), split
	return id
}

// Len is the number of points given to NewIndex.
func (ix *Index) Len() int { return len(ix.pts) }

// Point returns point i as given to NewIndex.
func (ix *Index) Point(i int) orb.Point { return ix.pts[i] }

// hit is a candidate: point index and its distance in metres.
type hit struct {
	d float64
	i int32
}

func hitLess(a, b hit) bool { return a.d < b.d || (a.d == b.d && a.i < b.i) }

// planeBound is a lower bound in metres on the great-circle distance from a
// point to any point whose unit vector lies across a plane at chord-space
// distance gap from it.
func planeBound(gap float64) float64 {
	return 2 * EarthRadius * math.Asin(min(math.Abs(gap)/2, 1))
}

// chordOf is the chord length on the unit sphere of a great-circle distance
// of d metres.
func chordOf(d float64) float64 {
	return 2 * math.Sin(min(d/(2*EarthRadius), math.Pi/2))
}

func queryVec(p orb.Point) ([3]float64, bool) {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
		return [3]float64{}, false
	}
	lon, lat := p[0]*math.Pi/180, p[1]*math.Pi/180
	return [3]float64{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}, true
}

// Nearest returns the indexes of the k points nearest to p (lon, lat) by
// great-circle distance, nearest first, ties by lower index. It returns fewer
// when the index has fewer points, and nil for k <= 0 or a p that is not
// finite.
func (ix *Index) Nearest(p orb.Point, k int) []int {
	q, ok := queryVec(p)
	if !ok || k <= 0 || len(ix.perm) == 0 {
		return nil
	}
	k = min(k, len(ix.perm))
	heap := make([]hit, 0, k) // max-heap: heap[0] is the worst kept
	// limit2 is a squared chord beyond which a point cannot enter the heap
	// (the chord of the worst kept distance, plus slack); +Inf until full.
	limit2 := math.Inf(1)
	var visit func(n int32)
	visit = func(n int32) {
		nd := &ix.nodes[n]
		if nd.left < 0 {
			for _, i := range ix.perm[nd.lo:nd.hi] {
				v := &ix.vec[i]
				dx, dy, dz := v[0]-q[0], v[1]-q[1], v[2]-q[2]
				if dx*dx+dy*dy+dz*dz > limit2 {
					continue
				}
				h := hit{Distance(p, ix.pts[i]), i}
				switch {
				case len(heap) < k:
					heap = append(heap, h)
					siftUp(heap, len(heap)-1)
				case hitLess(h, heap[0]):
					heap[0] = h
					siftDown(heap, 0)
				default:
					continue
				}
				if len(heap) == k {
					c := chordOf(heap[0].d + distSlack)
					limit2 = c * c * (1 + 1e-9)
				}
			}
			return
		}
		gap := q[nd.axis] - nd.split
		near, far := nd.left, nd.right
		if gap >= 0 {
			near, far = far, near
		}
		visit(near)
		if len(heap) < k || planeBound(gap) <= heap[0].d+distSlack {
			visit(far)
		}
	}
	visit(0)
	slices.SortFunc(heap, func(a, b hit) int {
		if hitLess(a, b) {
			return -1
		}
		if hitLess(b, a) {
			return 1
		}
		return 0
	})
	out := make([]int, len(heap))
	for j, h := range heap {
		out[j] = int(h.i)
	}
	return out
}

// Within returns the indexes of all points within radiusM metres of p (lon,
// lat) by great-circle distance, boundary included, nearest first, ties by
// lower index; nil when there is none, radiusM is negative or NaN, or p is
// not finite.
func (ix *Index) Within(p orb.Point, radiusM float64) []int {
	q, ok := queryVec(p)
	if !ok || !(radiusM >= 0) || len(ix.perm) == 0 {
		return nil
	}
	var hits []hit
	var visit func(n int32)
	visit = func(n int32) {
		nd := &ix.nodes[n]
		if nd.left < 0 {
			for _, i := range ix.perm[nd.lo:nd.hi] {
				if d := Distance(p, ix.pts[i]); d <= radiusM {
					hits = append(hits, hit{d, i})
				}
			}
			return
		}
		gap := q[nd.axis] - nd.split
		near, far := nd.left, nd.right
		if gap >= 0 {
			near, far = far, near
		}
		visit(near)
		if planeBound(gap) <= radiusM+distSlack {
			visit(far)
		}
	}
	visit(0)
	if len(hits) == 0 {
		return nil
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if c := cmp.Compare(a.d, b.d); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	out := make([]int, len(hits))
	for j, h := range hits {
		out[j] = int(h.i)
	}
	return out
}

func siftUp(h []hit, j int) {
	for j > 0 {
		parent := (j - 1) / 2
		if !hitLess(h[parent], h[j]) {
			return
		}
		h[parent], h[j] = h[j], h[parent]
		j = parent
	}
}

func siftDown(h []hit, j int) {
	for {
		l := 2*j + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && hitLess(h[l], h[r]) {
			m = r
		}
		if !hitLess(h[j], h[m]) {
			return
		}
		h[j], h[m] = h[m], h[j]
		j = m
	}
}
