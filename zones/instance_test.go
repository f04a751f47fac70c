package zones

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// This file holds the synthetic instances that the property tests, the brute
// force and the benchmarks of the redraw share: homes clustered in towns
// (compounds on a street grid, several households per building) and villages
// (village groups), a few scattered homes without a group, entrants spread
// over the homes, and schools placed among the population with capacities
// summing to a chosen share of the entrants. Everything is drawn from a
// seeded generator, so an instance is a pure function of its spec.

// instSpec describes a synthetic instance of one level's redraw.
type instSpec struct {
	Name     string
	Seed     uint64
	Lon, Lat float64 // south-west corner of the region, degrees (WGS84)
	W, H     float64 // region width and height, degrees of longitude and latitude
	Homes    int     // households
	Entrants int     // entrants of the level, spread over the households
	Schools  int
	// Slack is the total capacity over the entrants: 1.05 is tight, 1.2
	// loose, below 1 short.
	Slack     float64
	Towns     int
	TownShare float64 // share of households living in towns
	Villages  int
	MaxGroups int     // village groups per village: 2 … MaxGroups
	PerBlock  int     // mean households per town compound (one street block)
	Loose     float64 // share of households scattered alone, with no group
	Res       int     // H3 resolution of the units
}

// The sizes used by the tests and benchmarks.
func smallSpec(seed uint64, slack float64) instSpec {
	return instSpec{Name: "small", Seed: seed, Lon: 86.80, Lat: 44.10, W: 0.10, H: 0.08,
		Homes: 300, Entrants: 240, Schools: 5, Slack: slack,
		Towns: 1, TownShare: 0.55, Villages: 5, MaxGroups: 3, PerBlock: 14, Loose: 0.05, Res: 10}
}

// defaultSpec is the size of the embedded default dataset's primary level:
// 66,400 households, 2,460 entrants, about 20 zoned schools, in the oasis
// belt of a county (about 48 km × 61 km).
func defaultSpec(seed uint64) instSpec {
	return instSpec{Name: "default", Seed: seed, Lon: 86.45, Lat: 43.85, W: 0.60, H: 0.55,
		Homes: 66400, Entrants: 2460, Schools: 20, Slack: 1.15,
		Towns: 6, TownShare: 0.6, Villages: 100, MaxGroups: 5, PerBlock: 250, Loose: 0.02, Res: 10}
}

// spec200k: 200,000 entrants in 200,000 households, 150 schools, over about
// 128 km × 122 km. Every household of the instance has an entrant, so a town
// block holds 20 of them: the entrants of one year in a real compound of
// about 300 households (one household in 15 has a child entering grade 1 in a
// given year). With 250 per block, as the default-sized spec has for all
// households, a single unsplittable compound would carry a sixth of a
// school's intake, which no real county has.
func spec200k(seed uint64) instSpec {
	return instSpec{Name: "200k", Seed: seed, Lon: 86.0, Lat: 43.6, W: 1.6, H: 1.1,
		Homes: 200000, Entrants: 200000, Schools: 150, Slack: 1.10,
		Towns: 20, TownShare: 0.6, Villages: 800, MaxGroups: 5, PerBlock: 20, Loose: 0.01, Res: 10}
}

// spec1M: 1,000,000 entrants in 1,000,000 households, 500 schools, over
// about 256 km × 245 km; town blocks of 20 entrant households, as spec200k.
func spec1M(seed uint64) instSpec {
	return instSpec{Name: "1M", Seed: seed, Lon: 85.0, Lat: 43.0, W: 3.2, H: 2.2,
		Homes: 1000000, Entrants: 1000000, Schools: 500, Slack: 1.10,
		Towns: 60, TownShare: 0.6, Villages: 3000, MaxGroups: 5, PerBlock: 20, Loose: 0.01, Res: 10}
}

// instance is a generated instance: the input of BuildUnits and Problem.
type instance struct {
	spec    instSpec
	area    orb.MultiPolygon // the region, one rectangle
	homes   []Home
	demand  []int // entrants per home
	schools []School
}

// metric converts metre offsets to degrees around the region.
type metric struct{ lon, lat float64 } // metres per degree

func metricAt(lat float64) metric {
	const m = 111320.0
	return metric{lon: m * math.Cos(lat*math.Pi/180), lat: m}
}

func (m metric) offset(p orb.Point, dx, dy float64) orb.Point {
	return orb.Point{p[0] + dx/m.lon, p[1] + dy/m.lat}
}

// planar distance in metres, good enough for placing things.
func (m metric) dist(a, b orb.Point) float64 {
	return math.Hypot((a[0]-b[0])*m.lon, (a[1]-b[1])*m.lat)
}

func rectArea(lon, lat, w, h float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{lon, lat}, {lon + w, lat}, {lon + w, lat + h}, {lon, lat + h}, {lon, lat}}}}
}

// genInstance draws the instance of a spec.
func genInstance(s instSpec) *instance {
	rng := rand.New(rand.NewPCG(s.Seed, 0x1a57a11ce))
	in := &instance{spec: s, area: rectArea(s.Lon, s.Lat, s.W, s.H)}
	m := metricAt(s.Lat + s.H/2)
	inset := 1e-6
	clamp := func(p orb.Point) orb.Point {
		return orb.Point{min(max(p[0], s.Lon+inset), s.Lon+s.W-inset), min(max(p[1], s.Lat+inset), s.Lat+s.H-inset)}
	}
	inside := func(p orb.Point) bool {
		return p[0] > s.Lon && p[0] < s.Lon+s.W && p[1] > s.Lat && p[1] < s.Lat+s.H
	}
	uniform := func(margin float64) orb.Point {
		return orb.Point{s.Lon + s.W*(margin+(1-2*margin)*rng.Float64()), s.Lat + s.H*(margin+(1-2*margin)*rng.Float64())}
	}
	add := func(p orb.Point, group string) {
		in.homes = append(in.homes, Home{Loc: clamp(p), Group: group})
	}

	loose := int(math.Round(s.Loose * float64(s.Homes)))
	townHH := int(math.Round(s.TownShare * float64(s.Homes)))
	if s.Towns == 0 {
		townHH = 0
	}
	ruralHH := s.Homes - loose - townHH

	// Towns: shares falling as 1/rank, compounds on a 300 m street grid
	// filled outwards from the centre, one block in seven left empty.
	const pitch = 300.0
	type town struct {
		c orb.Point
		r float64 // metres
	}
	var towns []town
	var tw []float64
	var sw float64
	for i := 0; i < s.Towns; i++ {
		tw = append(tw, 1/float64(i+1))
		sw += tw[i]
	}
	placedTown := 0
	for i := 0; i < s.Towns; i++ {
		hh := int(math.Round(float64(townHH) * tw[i] / sw))
		if i == s.Towns-1 {
			hh = townHH - placedTown
		}
		placedTown += hh
		blocks := float64(hh)/float64(max(1, s.PerBlock))/0.85 + 1
		R := int(math.Ceil(math.Sqrt(blocks/math.Pi))) + 2
		var c orb.Point
		for try := 0; try < 50; try++ {
			c = uniform(0.1)
			ok := true
			for _, t := range towns {
				if m.dist(c, t.c) < t.r+float64(R)*pitch+3000 {
					ok = false
					break
				}
			}
			if ok {
				break
			}
		}
		towns = append(towns, town{c, float64(R) * pitch})
		type cell struct{ a, b int }
		var grid []cell
		for a := -R; a <= R; a++ {
			for b := -R; b <= R; b++ {
				grid = append(grid, cell{a, b})
			}
		}
		slices.SortStableFunc(grid, func(x, y cell) int { return (x.a*x.a + x.b*x.b) - (y.a*y.a + y.b*y.b) })
		left := hh
		for k, g := range grid {
			if left == 0 {
				break
			}
			bc := m.offset(c, float64(g.a)*pitch, float64(g.b)*pitch)
			if !inside(bc) || rng.IntN(7) == 0 {
				continue
			}
			n := min(left, max(1, int(float64(s.PerBlock)*(0.7+0.6*rng.Float64()))))
			if k == len(grid)-1 {
				n = left
			}
			left -= n
			nb := max(1, (n+39)/40) // buildings of up to 40 households
			blds := make([]orb.Point, nb)
			for i := range blds {
				blds[i] = m.offset(bc, (rng.Float64()-0.5)*200, (rng.Float64()-0.5)*200)
			}
			group := fmt.Sprintf("t%d-%d", i, k)
			for h := 0; h < n; h++ {
				add(blds[h%nb], group)
			}
		}
		// Whatever the grid could not hold (a town squeezed by the
		// region's edge) is scattered around the centre.
		for ; left > 0; left-- {
			add(m.offset(c, rng.NormFloat64()*pitch, rng.NormFloat64()*pitch), "")
		}
	}

	// Villages: away from the towns, each with village groups a few
	// hundred metres apart, households spread about 80 m around the
	// group's centre.
	if s.Villages > 0 && ruralHH > 0 {
		vw := make([]float64, s.Villages)
		var svw float64
		for i := range vw {
			vw[i] = 0.5 + rng.Float64()
			svw += vw[i]
		}
		placed := 0
		for v := 0; v < s.Villages; v++ {
			hh := int(math.Round(float64(ruralHH) * vw[v] / svw))
			if v == s.Villages-1 {
				hh = ruralHH - placed
			}
			hh = max(0, hh)
			placed += hh
			var c orb.Point
			for try := 0; try < 50; try++ {
				c = uniform(0.03)
				ok := true
				for _, t := range towns {
					if m.dist(c, t.c) < t.r+1000 {
						ok = false
						break
					}
				}
				if ok {
					break
				}
			}
			ng := 2 + rng.IntN(max(1, s.MaxGroups-1))
			var gc []orb.Point
			for g := 0; g < ng; g++ {
				var p orb.Point
				for try := 0; try < 20; try++ {
					p = m.offset(c, (rng.Float64()-0.5)*2400, (rng.Float64()-0.5)*2400)
					ok := true
					for _, q := range gc {
						if m.dist(p, q) < 400 {
							ok = false
							break
						}
					}
					if ok {
						break
					}
				}
				gc = append(gc, p)
			}
			for h := 0; h < hh; h++ {
				g := h % ng
				add(m.offset(gc[g], rng.NormFloat64()*80, rng.NormFloat64()*80), fmt.Sprintf("v%d-%d", v, g))
			}
		}
	}
	for len(in.homes) < s.Homes {
		add(uniform(0), "")
	}

	// Entrants: each to a household drawn uniformly.
	in.demand = make([]int, len(in.homes))
	for e := 0; e < s.Entrants; e++ {
		in.demand[rng.IntN(len(in.homes))]++
	}

	// Schools: at the home of an entrant drawn uniformly, at least 500 m
	// from the schools already placed (relaxed when that fails), moved
	// by up to 40 m.
	cum := make([]int, len(in.homes))
	acc := 0
	for h, d := range in.demand {
		acc += d
		cum[h] = acc
	}
	var locs []orb.Point
	sep := 500.0
	for j := 0; j < s.Schools; j++ {
		var p orb.Point
		for try := 0; ; try++ {
			if try > 0 && try%50 == 0 {
				sep /= 2
			}
			var h int
			if acc > 0 {
				h, _ = slices.BinarySearch(cum, 1+rng.IntN(acc))
			} else {
				h = rng.IntN(len(in.homes))
			}
			p = clamp(m.offset(in.homes[h].Loc, (rng.Float64()-0.5)*80, (rng.Float64()-0.5)*80))
			ok := true
			for _, q := range locs {
				if m.dist(p, q) < sep {
					ok = false
					break
				}
			}
			if ok {
				break
			}
		}
		locs = append(locs, p)
	}

	// Capacities: half the demand nearest to the school, half the mean,
	// times 0.85–1.15, scaled to Slack × entrants by largest remainders.
	near := make([]float64, s.Schools)
	if s.Schools > 0 {
		idx := geo.NewIndex(locs)
		for h, d := range in.demand {
			if d > 0 {
				near[idx.Nearest(in.homes[h].Loc, 1)[0]] += float64(d)
			}
		}
	}
	want := int(math.Round(s.Slack * float64(s.Entrants)))
	weights := make([]float64, s.Schools)
	var tot float64
	for j := range weights {
		weights[j] = (0.5*near[j] + 0.5*float64(s.Entrants)/float64(s.Schools)) * (0.85 + 0.3*rng.Float64())
		tot += weights[j]
	}
	caps := apportion(weights, tot, want)
	for j := range locs {
		in.schools = append(in.schools, School{ID: fmt.Sprintf("s%03d", j), Loc: locs[j], Capacity: max(1, caps[j])})
	}
	return in
}

// apportion splits total into integers proportional to w (summing to tot)
// by largest remainders, ties to the lower index.
func apportion(w []float64, tot float64, total int) []int {
	out := make([]int, len(w))
	if len(w) == 0 || tot <= 0 {
		return out
	}
	type rem struct {
		j int
		r float64
	}
	rs := make([]rem, len(w))
	got := 0
	for j := range w {
		x := float64(total) * w[j] / tot
		out[j] = int(math.Floor(x))
		got += out[j]
		rs[j] = rem{j, x - math.Floor(x)}
	}
	slices.SortStableFunc(rs, func(a, b rem) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for i := 0; got < total; i++ {
		out[rs[i%len(rs)].j]++
		got++
	}
	return out
}

// zonedArea is the region with the cells of homes near its edge, as the
// engine builds it (ZonedArea).
func (in *instance) zonedArea() (orb.MultiPolygon, error) {
	return ZonedArea(in.area, in.homes, in.spec.Res, 2)
}

// problem builds the instance's units (over the zoned area) and problem.
func (in *instance) problem(tb testing.TB) *Problem {
	tb.Helper()
	area, err := in.zonedArea()
	if err != nil {
		tb.Fatalf("%s seed %d: ZonedArea: %v", in.spec.Name, in.spec.Seed, err)
	}
	us, err := BuildUnits(in.homes, area, in.spec.Res)
	if err != nil {
		tb.Fatalf("%s seed %d: BuildUnits: %v", in.spec.Name, in.spec.Seed, err)
	}
	return &Problem{Units: us, Homes: in.homes, Demand: in.demand, Schools: in.schools}
}

// Plan metrics, computed from the definitions and independently of the
// optimizer's own bookkeeping.

// totalDist is the summed distance in metres from each entrant's home to the
// school of its unit, with the entrants whose unit has no school.
func totalDist(p *Problem, unitSchool []int) (sum float64, unzoned int) {
	for h, n := range p.Demand {
		if n == 0 {
			continue
		}
		j := unitSchool[p.Units.HomeUnit[h]]
		if j < 0 {
			unzoned += n
			continue
		}
		sum += float64(n) * geo.Distance(p.Homes[h].Loc, p.Schools[j].Loc)
	}
	return sum, unzoned
}

// meanDist is the mean distance in metres from entrants' homes to their
// unit's school, over the entrants whose unit has a school.
func meanDist(p *Problem, unitSchool []int) float64 {
	sum, unzoned := totalDist(p, unitSchool)
	n := 0
	for _, d := range p.Demand {
		n += d
	}
	if n-unzoned == 0 {
		return 0
	}
	return sum / float64(n-unzoned)
}

// loads counts the entrants in each school's zone, home by home.
func loads(p *Problem, unitSchool []int) []int {
	l := make([]int, len(p.Schools))
	for h, n := range p.Demand {
		if j := unitSchool[p.Units.HomeUnit[h]]; j >= 0 {
			l[j] += n
		}
	}
	return l
}

// zonedShare is the share of entrants who get a place at their zone's
// school: Σ min(load, capacity) over the entrants.
func zonedShare(p *Problem, unitSchool []int) float64 {
	n := 0
	for _, d := range p.Demand {
		n += d
	}
	if n == 0 {
		return 1
	}
	z := 0
	for j, l := range loads(p, unitSchool) {
		z += min(l, p.Schools[j].Capacity)
	}
	return float64(z) / float64(n)
}

// connectedShare is the share of schools with units whose units are
// connected in the unit graph (a plain breadth-first search).
func connectedShare(p *Problem, unitSchool []int) float64 {
	members := map[int][]int{}
	for u, j := range unitSchool {
		if j >= 0 {
			members[j] = append(members[j], u)
		}
	}
	if len(members) == 0 {
		return 1
	}
	ok := 0
	for j, us := range members {
		seen := map[int]bool{us[0]: true}
		queue := []int{us[0]}
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			for _, v := range p.Units.Adj[u] {
				if !seen[v] && unitSchool[v] == j {
					seen[v] = true
					queue = append(queue, v)
				}
			}
		}
		if len(seen) == len(us) {
			ok++
		}
	}
	return float64(ok) / float64(len(members))
}

// TestGenInstance checks the generator itself: sizes, determinism, homes in
// the region, capacities summing to the slack, every school among the homes.
func TestGenInstance(t *testing.T) {
	for _, s := range []instSpec{smallSpec(1, 1.1), smallSpec(2, 0.95), defaultSpec(1)} {
		t.Run(fmt.Sprintf("%s/seed=%d/slack=%.2f", s.Name, s.Seed, s.Slack), func(t *testing.T) {
			a, b := genInstance(s), genInstance(s)
			if len(a.homes) != s.Homes {
				t.Errorf("%d homes, want %d", len(a.homes), s.Homes)
			}
			if !slices.Equal(a.homes, b.homes) || !slices.Equal(a.demand, b.demand) || !slices.EqualFunc(a.schools, b.schools, func(x, y School) bool { return x.ID == y.ID && x.Loc == y.Loc && x.Capacity == y.Capacity }) {
				t.Errorf("two draws of seed %d differ", s.Seed)
			}
			n := 0
			for h, d := range a.demand {
				n += d
				p := a.homes[h].Loc
				if p[0] <= s.Lon || p[0] >= s.Lon+s.W || p[1] <= s.Lat || p[1] >= s.Lat+s.H {
					t.Fatalf("home %d at %v outside the region", h, p)
				}
			}
			if n != s.Entrants {
				t.Errorf("%d entrants, want %d", n, s.Entrants)
			}
			c := 0
			for _, sc := range a.schools {
				c += sc.Capacity
				if sc.Capacity < 1 {
					t.Errorf("school %s capacity %d", sc.ID, sc.Capacity)
				}
			}
			if want := int(math.Round(s.Slack * float64(s.Entrants))); c < want || c > want+s.Schools {
				t.Errorf("capacity %d, want %d (+ at most one per school)", c, want)
			}
			if len(a.schools) != s.Schools {
				t.Errorf("%d schools, want %d", len(a.schools), s.Schools)
			}
			// Groups are compact: no group spans more than 3 km.
			box := map[string]orb.Bound{}
			for _, h := range a.homes {
				if h.Group == "" {
					continue
				}
				if bb, ok := box[h.Group]; ok {
					box[h.Group] = bb.Extend(h.Loc)
				} else {
					box[h.Group] = orb.Bound{Min: h.Loc, Max: h.Loc}
				}
			}
			for g, bb := range box {
				if d := geo.Distance(bb.Min, bb.Max); d > 3000 {
					t.Errorf("group %s spans %.0f m", g, d)
				}
			}
		})
	}
}

func TestApportion(t *testing.T) {
	tests := []struct {
		w     []float64
		total int
		want  []int
	}{
		{[]float64{1, 1, 1}, 10, []int{4, 3, 3}},
		{[]float64{1, 2, 1}, 10, []int{3, 5, 2}}, // 2.5, 5, 2.5: the first .5 wins
		{[]float64{3, 1}, 4, []int{3, 1}},
		{[]float64{0.2, 0.3, 0.5}, 7, []int{1, 2, 4}}, // 1.4, 2.1, 3.5
		{nil, 5, []int{}},
	}
	for _, tc := range tests {
		var tot float64
		for _, x := range tc.w {
			tot += x
		}
		if got := apportion(tc.w, tot, tc.total); !slices.Equal(got, tc.want) {
			t.Errorf("apportion(%v, %d) = %v, want %v", tc.w, tc.total, got, tc.want)
		}
	}
}
