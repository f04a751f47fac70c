package geos

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// voronoiStepM is the longest segment, in metres, used to draw a Voronoi edge
// (a great-circle arc) in lon, lat: a 500 m chord strays from its arc by less
// than 1 cm at the latitudes of China.
const voronoiStepM = 500

// earthRadius is geo.EarthRadius (metres), repeated so that this package does
// not import geo; it only sets the density of drawn Voronoi edges.
const earthRadius = 6371008.8

// Voronoi returns the Voronoi cell of each site, in the order of sites,
// clipped to extent. Sites and extent are lon, lat in degrees.
//
// Cell i is the part of extent whose points are at least as near to sites[i]
// as to any other site by great-circle distance (the metric of geo.Distance),
// so the cell that contains a home names its nearest site. The cells are
// computed exactly on the sphere, where the bisector of two sites is a great
// circle, through a gnomonic projection centred on extent (it maps great
// circles to straight lines). A bisector is drawn in lon, lat as a polyline of
// segments no longer than 500 m, within 1 cm of the arc; the sides of extent
// are straight in lon, lat as a Bound is. Each cell is one closed ring,
// counter-clockwise. Together the cells of distinct sites partition extent up
// to floating-point rounding.
//
// Duplicate sites (equal lon and lat) get identical cells: each ignores its
// duplicates, so their cells overlap; deduplicate the sites first where a
// partition is needed. A site whose cell does not reach extent (possible for
// a site outside it) gets an empty polygon of length zero.
//
// Errors: a site or extent coordinate that is not finite or is outside lon
// -180..180, lat -90..90; an extent without area; an extent so large that a
// corner is more than 80 degrees from its centre.
func Voronoi(sites []orb.Point, extent orb.Bound) ([]orb.Polygon, error) {
	for _, p := range []orb.Point{extent.Min, extent.Max} {
		if err := lonLatOK(p); err != nil {
			return nil, fmt.Errorf("geos: voronoi: extent: %w", err)
		}
	}
	if !(extent.Min[0] < extent.Max[0] && extent.Min[1] < extent.Max[1]) {
		return nil, fmt.Errorf("geos: voronoi: extent %v has no area (min must be below max on both axes)", extent)
	}
	for i, p := range sites {
		if err := lonLatOK(p); err != nil {
			return nil, fmt.Errorf("geos: voronoi: site %d: %w", i, err)
		}
	}
	f := newGnomonic(extent.Center())
	cos80 := math.Cos(80 * math.Pi / 180)
	for _, p := range []orb.Point{extent.Min, extent.Max, {extent.Min[0], extent.Max[1]}, {extent.Max[0], extent.Min[1]}} {
		if dot(unitVec(p), f.c) < cos80 {
			return nil, fmt.Errorf("geos: voronoi: extent %v too large: corner %v is more than 80 degrees from its centre", extent, p)
		}
	}
	start := f.cover(extent)
	unit := make([]vec3, len(sites))
	for i, p := range sites {
		unit[i] = unitVec(p)
	}
	cells := make([]orb.Polygon, len(sites))
	order := make([]cand, 0, len(sites))
	var buf, tmp [][2]float64
	for i := range sites {
		// Other sites, nearest first.
		si := unit[i]
		order = order[:0]
		for j := range sites {
			if sites[j] != sites[i] {
				order = append(order, cand{chord2(si, unit[j]), j})
			}
		}
		heapify(order)
		buf = append(buf[:0], start...)
		radius := f.maxAngle(buf, si)
		for len(order) > 0 {
			var j int
			order, j = pop(order)
			if angle(si, unit[j]) > 2*radius*(1+1e-9)+1e-15 {
				break // the bisector with j, and with every site after it, misses the cell
			}
			d := sub(si, unit[j])
			a, b, c := dot(d, f.e), dot(d, f.n), dot(d, f.c)
			var changed bool
			tmp, changed = clipHalfPlane(buf, a, b, c, tmp[:0])
			buf, tmp = tmp, buf
			if len(buf) < 3 {
				buf = buf[:0]
				break
			}
			if changed {
				radius = f.maxAngle(buf, si)
			}
		}
		cells[i] = f.toCell(buf, start, extent)
	}
	return cells, nil
}

// cand is another site j at squared chord d2 from the current one.
type cand struct {
	d2 float64
	j  int
}

func less(a, b cand) bool { return a.d2 < b.d2 || (a.d2 == b.d2 && a.j < b.j) }

// heapify makes h a binary min-heap by (d2, j), so that the candidates can be
// taken nearest first without sorting them all: most cells are final after
// a dozen.
func heapify(h []cand) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(h, i)
	}
}

func down(h []cand, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && less(h[r], h[l]) {
			m = r
		}
		if !less(h[m], h[i]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// pop removes the least candidate from the heap h.
func pop(h []cand) ([]cand, int) {
	j := h[0].j
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	down(h, 0)
	return h, j
}

func lonLatOK(p orb.Point) error {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
		return fmt.Errorf("coordinate %v is not finite", p)
	}
	if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
		return fmt.Errorf("coordinate %v outside lon -180..180, lat -90..90", p)
	}
	return nil
}

type vec3 [3]float64

func unitVec(p orb.Point) vec3 {
	lon, lat := p[0]*math.Pi/180, p[1]*math.Pi/180
	return vec3{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
}

func dot(a, b vec3) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

func sub(a, b vec3) vec3 { return vec3{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }

func chord2(a, b vec3) float64 { d := sub(a, b); return dot(d, d) }

// angle is the angle between two unit vectors in radians, from their chord
// (accurate for small angles, unlike the arc cosine of the dot product).
func angle(a, b vec3) float64 {
	c := math.Sqrt(chord2(a, b)) / 2
	if c > 1 {
		c = 1
	}
	return 2 * math.Asin(c)
}

// gnomonic is the gnomonic projection centred on c, with east and north unit
// vectors e and n of the tangent plane: a unit vector v maps to
// (v·e / v·c, v·n / v·c).
type gnomonic struct{ c, e, n vec3 }

func newGnomonic(centre orb.Point) gnomonic {
	lon, lat := centre[0]*math.Pi/180, centre[1]*math.Pi/180
	return gnomonic{
		c: unitVec(centre),
		e: vec3{-math.Sin(lon), math.Cos(lon), 0},
		n: vec3{-math.Sin(lat) * math.Cos(lon), -math.Sin(lat) * math.Sin(lon), math.Cos(lat)},
	}
}

func (f gnomonic) forward(p orb.Point) [2]float64 {
	v := unitVec(p)
	t := dot(v, f.c)
	return [2]float64{dot(v, f.e) / t, dot(v, f.n) / t}
}

// vec is the unit vector of the plane point q.
func (f gnomonic) vec(q [2]float64) vec3 {
	v := vec3{
		f.c[0] + q[0]*f.e[0] + q[1]*f.n[0],
		f.c[1] + q[0]*f.e[1] + q[1]*f.n[1],
		f.c[2] + q[0]*f.e[2] + q[1]*f.n[2],
	}
	l := math.Sqrt(dot(v, v))
	return vec3{v[0] / l, v[1] / l, v[2] / l}
}

func (f gnomonic) inverse(q [2]float64) orb.Point {
	v := f.vec(q)
	return orb.Point{math.Atan2(v[1], v[0]) * 180 / math.Pi, math.Atan2(v[2], math.Hypot(v[0], v[1])) * 180 / math.Pi}
}

// cover returns a counter-clockwise rectangle of the plane that holds the
// projection of b with a margin: b's sides are sampled, and the box of the
// samples is widened by 5% on every side.
func (f gnomonic) cover(b orb.Bound) [][2]float64 {
	const samples = 64
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	add := func(p orb.Point) {
		q := f.forward(p)
		x0, y0, x1, y1 = min(x0, q[0]), min(y0, q[1]), max(x1, q[0]), max(y1, q[1])
	}
	for k := 0; k <= samples; k++ {
		t := float64(k) / samples
		lon := b.Min[0] + t*(b.Max[0]-b.Min[0])
		lat := b.Min[1] + t*(b.Max[1]-b.Min[1])
		add(orb.Point{lon, b.Min[1]})
		add(orb.Point{lon, b.Max[1]})
		add(orb.Point{b.Min[0], lat})
		add(orb.Point{b.Max[0], lat})
	}
	mx, my := 0.05*(x1-x0)+1e-9, 0.05*(y1-y0)+1e-9
	x0, y0, x1, y1 = x0-mx, y0-my, x1+mx, y1+my
	return [][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
}

// maxAngle is the largest angle in radians from s to a vertex of poly, or pi
// when a vertex is 90 degrees or more away (then no bisector can be ruled
// out: the farthest point of an edge need not be a vertex).
func (f gnomonic) maxAngle(poly [][2]float64, s vec3) float64 {
	var m float64
	for _, q := range poly {
		v := f.vec(q)
		if dot(v, s) <= 0 {
			return math.Pi
		}
		m = max(m, angle(v, s))
	}
	return m
}

// clipHalfPlane clips the convex polygon poly to a*x + b*y + c >= 0
// (Sutherland-Hodgman), appending the result to out. changed reports whether
// any vertex was cut off.
func clipHalfPlane(poly [][2]float64, a, b, c float64, out [][2]float64) (res [][2]float64, changed bool) {
	n := len(poly)
	for k := range n {
		p, q := poly[k], poly[(k+1)%n]
		fp, fq := a*p[0]+b*p[1]+c, a*q[0]+b*q[1]+c
		if fp >= 0 {
			out = append(out, p)
		} else {
			changed = true
		}
		if (fp >= 0) != (fq >= 0) {
			t := fp / (fp - fq)
			out = append(out, [2]float64{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1])})
		}
	}
	return dedupe(out), changed
}

// clipAxis clips poly to the side of the line x[axis] = v where the sign of
// (x[axis] - v) is sign, and puts crossing points exactly on the line.
func clipAxis(poly [][2]float64, axis int, v, sign float64, out [][2]float64) [][2]float64 {
	n := len(poly)
	for k := range n {
		p, q := poly[k], poly[(k+1)%n]
		fp, fq := sign*(p[axis]-v), sign*(q[axis]-v)
		if fp >= 0 {
			out = append(out, p)
		}
		if (fp >= 0) != (fq >= 0) {
			t := fp / (fp - fq)
			x := [2]float64{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1])}
			x[axis] = v
			out = append(out, x)
		}
	}
	return dedupe(out)
}

// dedupe drops consecutive repeated vertices, cyclically.
func dedupe(poly [][2]float64) [][2]float64 {
	out := poly[:0]
	for _, p := range poly {
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	for len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	return out
}

// toCell densifies the plane polygon poly (edges lying on the starting
// rectangle start are outside extent and are not densified), maps it to lon,
// lat, clips it to extent and closes it. It returns an empty polygon when
// nothing of poly lies in extent.
func (f gnomonic) toCell(poly, start [][2]float64, extent orb.Bound) orb.Polygon {
	if len(poly) < 3 {
		return orb.Polygon{}
	}
	onStart := func(p, q [2]float64) bool {
		return (p[0] == q[0] && (p[0] == start[0][0] || p[0] == start[1][0])) ||
			(p[1] == q[1] && (p[1] == start[0][1] || p[1] == start[2][1]))
	}
	var ll [][2]float64
	for k := range poly {
		p, q := poly[k], poly[(k+1)%len(poly)]
		steps := 1
		if !onStart(p, q) {
			l := math.Hypot(q[0]-p[0], q[1]-p[1]) * earthRadius / voronoiStepM
			steps = int(min(math.Ceil(l), 10000))
			steps = max(steps, 1)
		}
		for s := range steps {
			t := float64(s) / float64(steps)
			ll = append(ll, [2]float64(f.inverse([2]float64{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1])})))
		}
	}
	var tmp [][2]float64
	ll = clipAxis(ll, 0, extent.Min[0], 1, tmp[:0])
	tmp = clipAxis(ll, 0, extent.Max[0], -1, nil)
	ll = clipAxis(tmp, 1, extent.Min[1], 1, ll[:0])
	tmp = clipAxis(ll, 1, extent.Max[1], -1, tmp[:0])
	if len(tmp) < 3 {
		return orb.Polygon{}
	}
	ring := make(orb.Ring, 0, len(tmp)+1)
	for _, p := range tmp {
		ring = append(ring, orb.Point(p))
	}
	ring = append(ring, ring[0])
	switch ring.Orientation() {
	case 0: // no area
		return orb.Polygon{}
	case orb.CW:
		ring.Reverse()
	}
	return orb.Polygon{ring}
}
