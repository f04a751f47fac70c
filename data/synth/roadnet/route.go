package roadnet

import (
	"math"

	"github.com/paulmach/orb"
)

// Points is a grid index of plane points (homes, campuses) that a barrier
// or a trunk road keeps clear of.
type Points struct {
	cell float64
	grid map[[2]int][]orb.Point
}

// NewPoints indexes pts in cells of cell metres.
func NewPoints(pts []orb.Point, cell float64) *Points {
	ix := &Points{cell: cell, grid: map[[2]int][]orb.Point{}}
	for _, p := range pts {
		k := ix.key(p[0], p[1])
		ix.grid[k] = append(ix.grid[k], p)
	}
	return ix
}

func (ix *Points) key(x, y float64) [2]int {
	return [2]int{int(math.Floor(x / ix.cell)), int(math.Floor(y / ix.cell))}
}

// Near counts the points within clear metres of segment a–b.
func (ix *Points) Near(a, b orb.Point, clear float64) int {
	k0 := ix.key(min(a[0], b[0])-clear, min(a[1], b[1])-clear)
	k1 := ix.key(max(a[0], b[0])+clear, max(a[1], b[1])+clear)
	n := 0
	for x := k0[0]; x <= k1[0]; x++ {
		for y := k0[1]; y <= k1[1]; y++ {
			for _, p := range ix.grid[[2]int{x, y}] {
				if SegDist(p, a, b) < clear {
					n++
				}
			}
		}
	}
	return n
}

// Route bends a nominal line sideways so that it keeps clear of obstacles:
// the line is densified to vertices step metres apart, each vertex may
// move along the line's normal by up to maxOff metres (in steps of maxOff/20),
// and a dynamic programme picks the offsets that pass fewest obstacles
// (cost(a, b) of each segment), then stay closest to the nominal line and
// bend least. The first and last vertices stay put.
func Route(nominal []orb.Point, step, maxOff float64, cost func(a, b orb.Point) float64) []orb.Point {
	pts := Densify(nominal, step)
	const k = 20
	d := maxOff / k
	n := len(pts)
	normal := make([]orb.Point, n)
	for i := range pts {
		a, b := pts[max(i-1, 0)], pts[min(i+1, n-1)]
		l := dist(a, b)
		normal[i] = orb.Point{-(b[1] - a[1]) / l, (b[0] - a[0]) / l}
	}
	cand := func(i, j int) orb.Point {
		o := float64(j-k) * d
		if i == 0 || i == n-1 {
			o = 0
		}
		return orb.Point{pts[i][0] + o*normal[i][0], pts[i][1] + o*normal[i][1]}
	}
	const maxJump = 3 // steps of d a vertex may move against the previous one
	best := make([][]float64, n)
	from := make([][]int, n)
	for i := range best {
		best[i] = make([]float64, 2*k+1)
		from[i] = make([]int, 2*k+1)
		for j := range best[i] {
			best[i][j] = math.Inf(1)
		}
	}
	best[0][k] = 0
	for i := 1; i < n; i++ {
		for j := 0; j <= 2*k; j++ {
			if (i == n-1) && j != k {
				continue
			}
			here := cand(i, j)
			own := math.Abs(float64(j-k)) * 0.2
			for pj := max(0, j-maxJump); pj <= min(2*k, j+maxJump); pj++ {
				if math.IsInf(best[i-1][pj], 1) {
					continue
				}
				c := best[i-1][pj] + own + 0.3*float64((j-pj)*(j-pj)) + cost(cand(i-1, pj), here)
				if c < best[i][j] {
					best[i][j], from[i][j] = c, pj
				}
			}
		}
	}
	out := make([]orb.Point, n)
	j := k
	for i := n - 1; i >= 0; i-- {
		out[i] = cand(i, j)
		j = from[i][j]
	}
	return out
}
