package zones

import (
	"runtime"
	"slices"
	"sync"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// cover returns geo.Cover(area, res), computed on the machine's cores: the
// area is cut into strips of longitude, each strip covered on its own, and
// the cells merged. A cell overlapping the area overlaps one of the strips,
// so the result is the same set.
func cover(area orb.MultiPolygon, res int) ([]geo.Cell, error) {
	n := runtime.GOMAXPROCS(0) * 2
	b := area.Bound()
	if n < 2 || b.IsEmpty() {
		return geo.Cover(area, res)
	}
	w := (b.Max[0] - b.Min[0]) / float64(n)
	parts := make([][]geo.Cell, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			lo, hi := b.Min[0]+float64(i)*w, b.Min[0]+float64(i+1)*w
			if i == n-1 {
				hi = b.Max[0]
			}
			strip := orb.Polygon{{{lo, b.Min[1] - 1e-6}, {hi, b.Min[1] - 1e-6}, {hi, b.Max[1] + 1e-6}, {lo, b.Max[1] + 1e-6}, {lo, b.Min[1] - 1e-6}}}
			piece, err := geos.Intersection(area, strip)
			if err != nil {
				errs[i] = err
				return
			}
			if len(piece) == 0 {
				return
			}
			parts[i], errs[i] = geo.Cover(piece, res)
		}()
	}
	wg.Wait()
	var out []geo.Cell
	for i := range parts {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, parts[i]...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
