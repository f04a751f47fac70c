package roads

import "math"

// grid is a uniform grid index of segments in projected metres: each cell
// lists the segments that pass through it (CSR layout, read-only once built).
type grid struct {
	x0, y0 float64 // the lower left corner
	cell   float64 // cell side, metres
	nx, ny int
	start  []int32 // cell c's items are items[start[c]:start[c+1]]
	items  []int32
}

// newGrid indexes segs (x0, y0, x1, y1 in metres).
func newGrid(segs [][4]float64) *grid {
	g := &grid{}
	if len(segs) == 0 {
		return g
	}
	minx, miny := math.Inf(1), math.Inf(1)
	maxx, maxy := math.Inf(-1), math.Inf(-1)
	for _, s := range segs {
		minx = min(minx, s[0], s[2])
		maxx = max(maxx, s[0], s[2])
		miny = min(miny, s[1], s[3])
		maxy = max(maxy, s[1], s[3])
	}
	w, h := maxx-minx, maxy-miny
	total := 0.0
	for _, s := range segs {
		total += math.Hypot(s[2]-s[0], s[3]-s[1])
	}
	// Cells the size of an average segment (so a segment covers a few cells
	// and a cell holds few segments), at most 2048 a side and 4M in all.
	cell := total / float64(len(segs))
	cell = max(cell, max(w, h)/2048, math.Sqrt(w*h/4e6), 1)
	g.x0, g.y0, g.cell = minx, miny, cell
	g.nx = int(w/cell) + 1
	g.ny = int(h/cell) + 1
	counts := make([]int32, g.nx*g.ny+1)
	for _, s := range segs {
		g.raster(s[0], s[1], s[2], s[3], func(c int) { counts[c+1]++ })
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	g.start = counts
	g.items = make([]int32, counts[len(counts)-1])
	fill := make([]int32, g.nx*g.ny)
	copy(fill, counts[:g.nx*g.ny])
	for i, s := range segs {
		g.raster(s[0], s[1], s[2], s[3], func(c int) {
			g.items[fill[c]] = int32(i)
			fill[c]++
		})
	}
	return g
}

func (g *grid) col(x float64) int {
	c := int(math.Floor((x - g.x0) / g.cell))
	return min(max(c, 0), g.nx-1)
}

func (g *grid) row(y float64) int {
	r := int(math.Floor((y - g.y0) / g.cell))
	return min(max(r, 0), g.ny-1)
}

// raster calls fn for every cell the segment passes through (and, at cell
// borders, possibly a neighbour), clamped to the grid.
func (g *grid) raster(x0, y0, x1, y1 float64, fn func(c int)) {
	if g.nx == 0 || math.IsNaN(x0+y0+x1+y1) || math.IsInf(x0+y0+x1+y1, 0) {
		return
	}
	ylo, yhi := min(y0, y1), max(y0, y1)
	r0, r1 := g.row(ylo), g.row(yhi)
	dx, dy := x1-x0, y1-y0
	slack := g.cell * 1e-6
	for r := r0; r <= r1; r++ {
		a := max(ylo, g.y0+float64(r)*g.cell)
		b := min(yhi, g.y0+float64(r+1)*g.cell)
		var xa, xb float64
		if dy == 0 || r0 == r1 {
			xa, xb = min(x0, x1), max(x0, x1)
		} else {
			xa = x0 + (a-y0)*dx/dy
			xb = x0 + (b-y0)*dx/dy
			if xa > xb {
				xa, xb = xb, xa
			}
		}
		c0, c1 := g.col(xa-slack), g.col(xb+slack)
		for c := c0; c <= c1; c++ {
			fn(r*g.nx + c)
		}
	}
}

// visitSeg calls fn for the items of the cells the segment passes through;
// an item may come more than once.
func (g *grid) visitSeg(x0, y0, x1, y1 float64, fn func(int32)) {
	g.raster(x0, y0, x1, y1, func(c int) {
		for _, it := range g.items[g.start[c]:g.start[c+1]] {
			fn(it)
		}
	})
}

// visitRing calls fn for the items of the cells at Chebyshev distance k
// from cell (cx, cy); it reports false when the ring lies wholly outside
// the grid.
func (g *grid) visitRing(cx, cy, k int, fn func(int32)) bool {
	if g.nx == 0 {
		return false
	}
	any := false
	cellItems := func(c, r int) {
		if c < 0 || r < 0 || c >= g.nx || r >= g.ny {
			return
		}
		any = true
		i := r*g.nx + c
		for _, it := range g.items[g.start[i]:g.start[i+1]] {
			fn(it)
		}
	}
	if k == 0 {
		cellItems(cx, cy)
		return any
	}
	for c := cx - k; c <= cx+k; c++ {
		cellItems(c, cy-k)
		cellItems(c, cy+k)
	}
	for r := cy - k + 1; r <= cy+k-1; r++ {
		cellItems(cx-k, r)
		cellItems(cx+k, r)
	}
	return any
}
