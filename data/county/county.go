package county

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
)

// Family names a kind of county.
type Family string

// The families of counties.
const (
	Plains   Family = "plains"
	Tight    Family = "tight"
	Short    Family = "short"
	Urban    Family = "urban"
	Mountain Family = "mountain"
)

// Families lists every family.
var Families = []Family{Plains, Tight, Short, Urban, Mountain}

// ParseFamily reads a family name.
func ParseFamily(s string) (Family, error) {
	for _, f := range Families {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("county: unknown family %q (accepted: plains, tight, short, urban, mountain)", s)
}

// BaseYear is the base year of every generated county.
const BaseYear = 2025

// Spec says which county to generate.
type Spec struct {
	Family Family
	Seed   uint64
	// Children is about how many children children.csv holds (ages 0–14,
	// grades 0–9); 0 means the family's default: plains, tight and short
	// 12,000 (about 15,000 households), urban 200,000, mountain 6,000.
	Children int
	// Campuses is the number of school campuses of an urban district; 0
	// means 150 (other families size their schools by their townships).
	Campuses int
	Style    Style // address style; "" means the family's default
	// ZonesInForce adds zones in force (zones.geojson): each public
	// section's nearest-school area, clipped to the county.
	ZonesInForce bool
}

// Truth is what the generator knows and the files do not say.
type Truth struct {
	// Place[h] names the place of household h: the compound, village
	// group, courtyard, lane or house it belongs to, unique in the county
	// (two compounds with the same name in two townships are two places).
	Place []string
	// Magnet names the school sections whose intake the tight family
	// made short of their nearest demand ("s003/primary"); empty otherwise.
	Magnet []string
}

// Defaults of the families.
func (s Spec) withDefaults() Spec {
	if s.Children <= 0 {
		switch s.Family {
		case Urban:
			s.Children = 200_000
		case Mountain:
			s.Children = 6_000
		default:
			s.Children = 12_000
		}
	}
	if s.Campuses <= 0 {
		s.Campuses = 150
	}
	if s.Style == "" {
		switch s.Family {
		case Urban:
			s.Style = Guangdong
		case Mountain:
			s.Style = Sichuan
		default:
			s.Style = Henan
		}
	}
	return s
}

// home is a household being generated, in the county's metric frame.
type home struct {
	x, y      float64 // metres east and north of the origin
	addr      string
	place     string
	community string
	migrant   bool
}

// site is a school campus being generated.
type site struct {
	x, y     float64
	name     string
	primary  bool
	junior   bool
	public   bool
	boarding bool
	area     dataset.AreaType
	addr     string
}

// gen is one county being generated.
type gen struct {
	spec    Spec
	st      styleInfo
	rng     *rand.Rand
	names   *namer
	w       *writer
	county  string // the county's name (the last prefix)
	homes   []home
	sites   []site
	migrant float64 // share of migrant households

	// What the road layer (roads.go) is laid out from; recording it draws
	// nothing from rng.
	grids   []gridRec
	groups  []groupRec
	city    *cityRec
	uvLanes []laneRec
	valleys [][5]float64 // x0, y0, ux, uy, length of the mountain valleys, the main one first
}

// Generate generates the county of a spec.
func Generate(spec Spec) (*dataset.Dataset, *Truth, error) {
	spec = spec.withDefaults()
	st, ok := styles[spec.Style]
	if !ok {
		if _, err := ParseStyle(string(spec.Style)); err != nil {
			return nil, nil, err
		}
	}
	if _, err := ParseFamily(string(spec.Family)); err != nil {
		return nil, nil, err
	}
	rng := rand.New(rand.NewPCG(spec.Seed, 0xC0C47E5))
	g := &gen{spec: spec, st: st, rng: rng, names: newNamer(rng), w: &writer{st: st, rng: rng},
		county: st.prefix[len(st.prefix)-1]}
	perHousehold := 0.82
	switch spec.Family {
	case Urban:
		perHousehold, g.migrant = 0.6, 0.25
		g.urban(int(float64(spec.Children) / perHousehold))
	case Mountain:
		perHousehold, g.migrant = 0.89, 0.03
		g.mountain(int(float64(spec.Children) / perHousehold))
	default:
		g.migrant = 0.08
		g.plains(int(float64(spec.Children) / perHousehold))
	}
	d, tr, err := g.dataset(perHousehold)
	if err != nil {
		return nil, nil, err
	}
	if err := g.withRoads(d); err != nil {
		return nil, nil, err
	}
	return d, tr, nil
}

// ---- the metric frame ----

func (g *gen) lonLat(x, y float64) orb.Point {
	o := g.st.origin
	m := geo.EarthRadius * math.Pi / 180
	return orb.Point{o[0] + x/(m*math.Cos(o[1]*math.Pi/180)), o[1] + y/m}
}

// ---- households ----

// add adds n households at one building (x, y), the i-th written by
// addr(i).
func (g *gen) add(x, y float64, n int, place, community string, migrant float64, addr func(i int) string) {
	for i := 0; i < n; i++ {
		g.homes = append(g.homes, home{x: x, y: y, addr: addr(i), place: place, community: community,
			migrant: g.rng.Float64() < migrant})
	}
}

// compound adds a compound of buildings spread over a w × h metre rectangle
// centred at (cx, cy), with about n households, written with its gate's road
// and number. lane > 0 writes it as a 弄 lane without a name; yuan as a
// courtyard named by its number.
func (g *gen) compound(cx, cy, w, h float64, n int, township, community, road string, number int, name string, lane int, yuan bool) {
	place := "compound:" + township + "/" + name
	switch {
	case lane > 0:
		place = fmt.Sprintf("lane:%s/%s%d弄", township, road, lane)
	case yuan:
		place = fmt.Sprintf("yuan:%s/%s%d号院", township, road, number)
	}
	per := 24 + g.rng.IntN(60)
	if g.spec.Family == Urban {
		per = 60 + g.rng.IntN(160)
	}
	nb := max(1, (n+per/2)/per)
	letters := g.st.letters && g.rng.IntN(2) == 0
	for b := 0; b < nb; b++ {
		bx := cx + (g.rng.Float64()-0.5)*w
		by := cy + (g.rng.Float64()-0.5)*h
		bname := fmt.Sprint(b + 1)
		if letters && b < 26 {
			bname = string(rune('A' + b))
		}
		units := 1 + g.rng.IntN(4)
		k := per
		if b == nb-1 {
			k = max(1, n-per*(nb-1))
		}
		g.add(bx, by, k, place, community, g.migrant, func(i int) string {
			u := i%units + 1
			floor := i/units/2 + 1
			room := floor*100 + i/units%2 + 1
			p := parts{township: township, community: community, road: road, number: number, yuan: yuan,
				compound: name, building: bname, unit: u, room: room}
			if lane > 0 {
				// 莘松路380弄12号502室: the lane is the compound, its
				// houses are numbered.
				p = parts{township: township, community: community, road: road, lane: lane, building: bname, room: room}
			}
			return g.w.write(p, true)
		})
	}
}

// houses adds street houses along a road between (x0, y0) and (x1, y1), on
// the left side (odd numbers) or right (even), set back 15 m, numbered from
// first in steps of two, some with 附 houses behind them or farther along.
func (g *gen) houses(x0, y0, x1, y1 float64, left bool, township, community, road string, first int) {
	dx, dy := x1-x0, y1-y0
	length := math.Hypot(dx, dy)
	if length < 1 {
		return
	}
	ux, uy := dx/length, dy/length
	nx, ny := -uy, ux // left normal
	if !left {
		nx, ny = uy, -ux
	}
	number := first
	for d := 8.0; d < length-8; d += 14 + 10*g.rng.Float64() {
		x, y := x0+ux*d+nx*15, y0+uy*d+ny*15
		g.house(x, y, township, community, road, number, 0)
		if g.st.fu && g.rng.IntN(8) == 0 {
			for f := 1; f <= 1+g.rng.IntN(2); f++ {
				// Behind the house, or (one in four) far along the road:
				// the 附 house is another house.
				back := 30 + 50*g.rng.Float64()
				fx, fy := x+nx*back, y+ny*back
				if g.rng.IntN(4) == 0 {
					along := (300 + 400*g.rng.Float64()) * float64(1-2*g.rng.IntN(2))
					fx, fy = x+ux*along+nx*back, y+uy*along+ny*back
				}
				g.house(fx, fy, township, community, road, number, f)
			}
		}
		number += 2
	}
}

// house adds one street house of 1–4 households.
func (g *gen) house(x, y float64, township, community, road string, number, fu int) {
	place := fmt.Sprintf("house:%s/%s%d号", township, road, number)
	if fu > 0 {
		place += fmt.Sprintf("附%d号", fu)
	}
	g.add(x, y, 1+g.rng.IntN(4), place, community, g.migrant, func(int) string {
		return g.w.write(parts{township: township, community: community, road: road, number: number, fu: fu}, true)
	})
}

// village adds a village of groups around (cx, cy): each group's houses
// spread about spread metres around its centre (or strung along the
// direction (ax, ay) when ax or ay is not 0).
func (g *gen) village(cx, cy float64, township string, households, groups int, spread, reach float64, ax, ay, length float64) {
	name := g.names.village()
	tuns := g.st.tun && g.rng.IntN(2) == 0
	var centres [][2]float64
	for k := 0; k < groups; k++ {
		var p [2]float64
		for try := 0; try < 30; try++ {
			if ax != 0 || ay != 0 {
				t := (g.rng.Float64() - 0.5) * 2 * reach
				p = [2]float64{cx + ax*t, cy + ay*t}
			} else {
				p = [2]float64{cx + (g.rng.Float64()-0.5)*2*reach, cy + (g.rng.Float64()-0.5)*2*reach}
			}
			ok := true
			for _, q := range centres {
				if math.Hypot(p[0]-q[0], p[1]-q[1]) < 2.5*spread+length/2 {
					ok = false
					break
				}
			}
			if ok {
				break
			}
		}
		centres = append(centres, p)
	}
	for _, c := range centres {
		g.groups = append(g.groups, groupRec{x: c[0], y: c[1], spread: spread, ax: ax, ay: ay, length: length})
	}
	for k, c := range centres {
		n := households / groups
		if k < households%groups {
			n++
		}
		tun := ""
		if tuns {
			tun = g.names.tun()
		}
		place := fmt.Sprintf("group:%s/%s/%d", township, name, k+1)
		if tun != "" {
			place = fmt.Sprintf("group:%s/%s/%s", township, name, tun)
		}
		for i := 0; i < n; {
			x := c[0] + g.rng.NormFloat64()*spread
			y := c[1] + g.rng.NormFloat64()*spread
			if length > 0 {
				t := (g.rng.Float64() - 0.5) * length
				x, y = c[0]+ax*t+g.rng.NormFloat64()*40, c[1]+ay*t+g.rng.NormFloat64()*40
			}
			hh := min(n-i, 1+g.rng.IntN(3))
			number := i + 1
			group := k + 1
			g.add(x, y, hh, place, name, g.migrant/3, func(int) string {
				return g.w.write(parts{township: township, village: name, group: group, tun: tun, number: number}, false)
			})
			i += hh
		}
	}
}

// ---- towns: a street grid ----

// grid lays out a town of blocks around (cx, cy): its roads named, its
// blocks filled outwards from the centre with compounds, courtyards, lanes
// and street houses until about households are placed. It returns the
// centres of its blocks.
func (g *gen) grid(cx, cy float64, township string, households int, pitch float64, compoundShare float64, reuse []string) [][2]float64 {
	perBlock := 320.0
	if g.spec.Family == Urban {
		perBlock = 1400
	}
	blocks := float64(households)/perBlock + 1
	R := int(math.Ceil(math.Sqrt(blocks/math.Pi))) + 1
	// Roads between the blocks: ns[a] runs north–south west of column a.
	ns := make([]string, 2*R+2)
	ew := make([]string, 2*R+2)
	for i := range ns {
		ns[i] = g.townRoad(reuse)
		ew[i] = g.townRoad(reuse)
	}
	type cell struct{ a, b int }
	var cells []cell
	for a := -R; a <= R; a++ {
		for b := -R; b <= R; b++ {
			cells = append(cells, cell{a, b})
		}
	}
	slices.SortStableFunc(cells, func(p, q cell) int { return (p.a*p.a + p.b*p.b) - (q.a*q.a + q.b*q.b) })
	communities := map[[2]int]string{}
	communityOf := func(c cell) string {
		k := [2]int{floorDiv(c.a, 2), floorDiv(c.b, 2)}
		if s, ok := communities[k]; ok {
			return s
		}
		s := g.names.community()
		communities[k] = s
		return s
	}
	numberAt := func(along float64) int { return 2*int((along+float64(R+1)*pitch)/18) + 1 }
	left := households
	var centres [][2]float64
	var extra [][2]float64 // blocks a compound spreads into
	defer func() {
		g.grids = append(g.grids, gridRec{cx: cx, cy: cy, pitch: pitch, r: R, ns: ns, ew: ew,
			blocks: append(slices.Clone(centres), extra...)})
	}()
	big := g.spec.Family != Urban && households > 3000
	for _, c := range cells {
		if left <= 0 {
			break
		}
		bx, by := cx+float64(c.a)*pitch, cy+float64(c.b)*pitch
		if g.rng.IntN(9) == 0 {
			continue // a park, a market, offices
		}
		centres = append(centres, [2]float64{bx, by})
		comm := communityOf(c)
		west, east := ns[c.a+R], ns[c.a+R+1]
		south, north := ew[c.b+R], ew[c.b+R+1]
		half := pitch / 2
		if g.rng.Float64() < compoundShare {
			n := int(perBlock * (0.6 + 0.8*g.rng.Float64()))
			if big {
				// One compound three blocks long: its homes lie 900 m
				// apart, more than a zone should keep whole.
				big = false
				extra = append(extra, [2]float64{bx + pitch, by}, [2]float64{bx + 2*pitch, by})
				n *= 3
				g.compound(bx+pitch, by, 3*pitch-80, pitch-80, n, township, comm, south, numberAt(bx-cx), g.names.compound(), 0, false)
				left -= n
				continue
			}
			// Gate on the west road, numbered by the block's place on it.
			number := numberAt(by-cy) + 1 // even: the east side of the west road
			switch {
			case g.st.lane && g.rng.IntN(2) == 0:
				g.compound(bx, by, pitch-80, pitch-80, n, township, comm, west, 0, "", 50+10*(c.b+R)+g.rng.IntN(9), false)
			case g.st.yuan && g.rng.IntN(5) == 0:
				g.compound(bx, by, pitch-80, pitch-80, n, township, comm, west, number, "", 0, true)
			default:
				g.compound(bx, by, pitch-80, pitch-80, n, township, comm, west, number, g.names.compound(), 0, false)
			}
			left -= n
			continue
		}
		before := len(g.homes)
		g.houses(bx-half, by-half, bx-half, by+half, false, township, comm, west, numberAt(by-half-cy)+1)
		g.houses(bx+half, by-half, bx+half, by+half, true, township, comm, east, numberAt(by-half-cy))
		g.houses(bx-half, by-half, bx+half, by-half, true, township, comm, south, numberAt(bx-half-cx))
		g.houses(bx-half, by+half, bx+half, by+half, false, township, comm, north, numberAt(bx-half-cx)+1)
		left -= len(g.homes) - before
	}
	return centres
}

// townRoad names a road of a town: new, or (one in three, when reuse is
// given) the name of a road of the county seat, as many towns have their
// own 人民路.
func (g *gen) townRoad(reuse []string) string {
	if len(reuse) > 0 && g.rng.IntN(3) == 0 {
		return reuse[g.rng.IntN(len(reuse))]
	}
	return g.names.road()
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// ---- the families ----

// plains generates the county seat of a plains county and its fringe: the
// seat town with about 70% of the households, the villages around it (of
// the seat's township and of the townships next to it, whose small towns
// lie 5–8 km out), a central school in each town and a primary school in
// every third village.
func (g *gen) plains(households int) {
	seatHH := households * 7 / 10
	seat := g.st.seat
	g.names.used[seat] = true
	before := len(g.homes)
	g.grid(0, 0, seat, seatHH, 320, 0.55, nil)
	var seatRoads []string
	seen := map[string]bool{}
	for _, h := range g.homes[before:] {
		if i := strings.Index(h.place, "/"); i >= 0 && strings.HasPrefix(h.place, "house:") {
			r := h.place[i+1:]
			if k := strings.IndexAny(r, "0123456789"); k > 0 && !seen[r[:k]] {
				seen[r[:k]] = true
				seatRoads = append(seatRoads, r[:k])
			}
		}
	}
	seatSize := len(g.homes) - before
	seatR := math.Sqrt(float64(seatSize)/320/math.Pi)*320 + 600 // the seat's radius, metres
	g.schoolsIn(0, 0, seatSize, 2500, 600, 4500, dataset.Urban, seat)
	rest := households - seatSize
	// The townships next to the seat, their towns 5–8 km out.
	type town struct {
		x, y float64
		name string
	}
	towns := []town{{0, 0, seat}}
	n := max(2, int(math.Round(float64(rest)/2000)))
	for t := 0; t < n; t++ {
		ang := 2*math.Pi*float64(t)/float64(n) + g.rng.Float64()*0.8
		r := 5000 + 3000*g.rng.Float64()
		tw := town{r * math.Cos(ang), r * math.Sin(ang), g.names.township(g.st.townSuffix)}
		towns = append(towns, tw)
		townHH := rest / n / 5
		g.grid(tw.x, tw.y, tw.name, townHH, 250, 0.3, seatRoads)
		g.site(tw.x+120, tw.y, tw.name+"中心小学", true, t%2 == 0, dataset.Town, tw.name)
		if t%2 == 1 {
			g.site(tw.x-150, tw.y+80, tw.name+"初级中学", false, true, dataset.Town, tw.name)
		}
	}
	// Villages between the seat's edge and 9 km out, of the nearest town's
	// township.
	villagesHH := households - (len(g.homes) - before)
	villages := max(3, villagesHH/350)
	for v := 0; v < villages; v++ {
		var vx, vy float64
		for try := 0; try < 50; try++ {
			a := g.rng.Float64() * 2 * math.Pi
			d := seatR + 600 + (9000-seatR)*math.Sqrt(g.rng.Float64())
			vx, vy = d*math.Cos(a), d*math.Sin(a)
			ok := true
			for _, t := range towns[1:] {
				if math.Hypot(vx-t.x, vy-t.y) < 1200 {
					ok = false
					break
				}
			}
			if ok {
				break
			}
		}
		near := towns[0]
		for _, t := range towns[1:] {
			if math.Hypot(vx-t.x, vy-t.y) < math.Hypot(vx-near.x, vy-near.y)-seatR {
				near = t
			}
		}
		hh := villagesHH / villages
		if v < villagesHH%villages {
			hh++
		}
		g.village(vx, vy, near.name, hh, 3+g.rng.IntN(4), 60, 600, 0, 0, 0)
		if v%3 == 2 {
			g.site(vx+80, vy, g.lastVillage()+"小学", true, false, dataset.Rural, near.name)
		}
	}
}

// lastVillage returns the name of the village added last.
func (g *gen) lastVillage() string {
	addr := g.homes[len(g.homes)-1].community
	return strings.TrimSuffix(addr, "村")
}

// urban generates a city district: superblocks between arterial roads,
// grouped into 街道, holding compounds, 城中村 and street houses.
func (g *gen) urban(households int) {
	side := math.Sqrt(float64(households)/2500) * 1000
	const pitch = 500.0
	n := int(math.Ceil(side / pitch))
	// 街道: the nearest of a few seeds.
	type seed struct {
		x, y float64
		name string
	}
	var seeds []seed
	for k := 0; k < max(3, int(side*side/5e6)); k++ {
		seeds = append(seeds, seed{(g.rng.Float64() - 0.5) * side, (g.rng.Float64() - 0.5) * side, g.names.township([]string{"街道"})})
	}
	seeds[0].name = g.st.seat
	g.names.used[g.st.seat] = true
	subdistrict := func(x, y float64) string {
		best, bd := 0, math.Inf(1)
		for i, s := range seeds {
			if d := math.Hypot(x-s.x, y-s.y); d < bd {
				best, bd = i, d
			}
		}
		return seeds[best].name
	}
	ns := make([]string, n+1)
	ew := make([]string, n+1)
	for i := range ns {
		ns[i], ew[i] = g.names.road(), g.names.road()
	}
	g.city = &cityRec{side: side, pitch: pitch, n: n, ns: ns, ew: ew}
	perBlock := float64(households) / (float64(n*n) * 0.88)
	communities := map[[2]int]string{}
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			x0, y0 := -side/2+float64(a)*pitch, -side/2+float64(b)*pitch
			cx, cy := x0+pitch/2, y0+pitch/2
			kind := g.rng.Float64()
			if kind < 0.12 {
				continue // parks, industry, offices
			}
			township := subdistrict(cx, cy)
			ck := [2]int{a / 2, b / 2}
			comm, ok := communities[ck]
			if !ok {
				comm = g.names.community()
				communities[ck] = comm
			}
			target := int(perBlock * (0.7 + 0.6*g.rng.Float64()))
			west, south := ns[a], ew[b]
			switch {
			case kind < 0.25:
				g.urbanVillage(cx, cy, township, target)
			case kind < 0.35:
				before := len(g.homes)
				g.houses(x0, y0, x0, y0+pitch, false, township, comm, west, 2*b*30+2)
				g.houses(x0, y0, x0+pitch, y0, true, township, comm, south, 2*a*30+1)
				left := target - (len(g.homes) - before)
				if left > 0 {
					g.compound(cx+40, cy+40, pitch-160, pitch-160, left, township, comm, west, 2*b*30+21, g.names.compound(), 0, false)
				}
			default:
				// Two to four compounds, one a quadrant.
				k := 2 + g.rng.IntN(3)
				for q := 0; q < k; q++ {
					qx := cx + pitch/4*float64(1-2*(q%2))
					qy := cy + pitch/4*float64(1-2*(q/2%2))
					number := 2*b*30 + 2*q + 1
					g.compound(qx, qy, pitch/2-60, pitch/2-60, target/k, township, comm, west, number, g.names.compound(), 0, false)
				}
			}
		}
	}
	g.campuses(side)
}

// urbanVillage adds a 城中村 of lanes (东一街, 西二巷, ...) with rented houses
// of many households each.
func (g *gen) urbanVillage(cx, cy float64, township string, households int) {
	name := g.names.village()
	lanes := 6 + g.rng.IntN(8)
	perHouse := 4 + g.rng.IntN(9)
	houses := max(1, households/perHouse)
	perLane := max(1, houses/lanes)
	for l := 0; l < lanes; l++ {
		ln := lane(l)
		lx := cx - 200 + 400*float64(l)/float64(lanes)
		g.uvLanes = append(g.uvLanes, laneRec{x: lx, y0: cy - 200, y1: cy + 200, name: ln})
		for k := 0; k < perLane; k++ {
			y := cy - 200 + 400*float64(k)/float64(perLane)
			number := k + 1
			place := fmt.Sprintf("uvhouse:%s/%s%s%d号", township, name, ln, number)
			g.add(lx, y, perHouse, place, name, 0.5, func(i int) string {
				p := parts{township: township, village: name, road: ln, number: number}
				s := g.w.write(p, true)
				return s + fmt.Sprintf("%d%s", 100*(1+i/4)+i%4+1, g.st.room)
			})
		}
	}
}

// mountain generates a sparse mountain county: a main valley and side
// valleys with villages strung along them, a township at every few villages.
func (g *gen) mountain(households int) {
	const length = 70000.0
	type valley struct{ x0, y0, ux, uy, l float64 }
	valleys := []valley{{-length / 2, 0, 1, 0, length}}
	for k := 0; k < 5; k++ {
		x := -length/2 + length*(0.1+0.8*g.rng.Float64())
		dir := float64(1 - 2*(k%2))
		ang := math.Pi/2 + (g.rng.Float64()-0.5)*0.8
		valleys = append(valleys, valley{x, 0, math.Cos(ang) * dir, math.Sin(ang) * dir, 10000 + 15000*g.rng.Float64()})
	}
	var total float64
	for _, v := range valleys {
		total += v.l
		g.valleys = append(g.valleys, [5]float64{v.x0, v.y0, v.ux, v.uy, v.l})
	}
	villages := max(6, households/220)
	townEvery := 6
	township := ""
	seatDone := false
	for k := 0; k < villages; k++ {
		// A place along the valleys, spread by length.
		t := (float64(k) + 0.5) / float64(villages) * total
		var v valley
		for _, v = range valleys {
			if t < v.l {
				break
			}
			t -= v.l
		}
		vx, vy := v.x0+v.ux*t, v.y0+v.uy*t
		if k%townEvery == 0 {
			if !seatDone {
				township, seatDone = g.st.seat, true
				g.names.used[township] = true
				g.grid(vx, vy+300, township, households/8, 250, 0.5, nil)
				g.site(vx+150, vy+300, g.county+"第一小学", true, false, dataset.Town, township)
				g.site(vx-200, vy+350, g.county+"中学", false, true, dataset.Town, township)
			} else {
				township = g.names.township(g.st.townSuffix)
				g.grid(vx, vy+300, township, households/40, 220, 0.2, nil)
				g.site(vx+150, vy+300, township+"中心学校", true, k%(2*townEvery) == 0, dataset.Town, township)
				g.sites[len(g.sites)-1].boarding = true
			}
		}
		// Groups strung along the valley: some longer than 600 m.
		groups := 2 + g.rng.IntN(4)
		stretch := 150 + 900*g.rng.Float64()
		g.village(vx, vy, township, households/villages, groups, 50, 2500, v.ux, v.uy, stretch)
		if k%4 == 2 {
			g.site(vx+60, vy+40, g.lastVillage()+"教学点", true, false, dataset.Rural, township)
		}
	}
}

// ---- schools ----

// site adds a campus.
func (g *gen) site(x, y float64, name string, primary, junior bool, area dataset.AreaType, township string) {
	g.sites = append(g.sites, site{x: x, y: y, name: name, primary: primary, junior: junior, public: true, area: area,
		addr: township})
}

// schoolsIn places the schools of a town of n households around (cx, cy):
// one primary school per perPrimary households and one junior per
// perJunior, at homes drawn by weight, at least sep metres apart.
func (g *gen) schoolsIn(cx, cy float64, n, perPrimary, sep, perJunior int, area dataset.AreaType, township string) {
	from := len(g.homes) - n
	pick := func(count int, primary bool, label string) {
		var placed [][2]float64
		for k := 0; k < count; k++ {
			var x, y float64
			for try := 0; try < 100; try++ {
				h := g.homes[from+g.rng.IntN(n)]
				x, y = h.x+30, h.y+30
				ok := true
				for _, p := range placed {
					if math.Hypot(x-p[0], y-p[1]) < float64(sep)*math.Max(1, 3-float64(try)/30) {
						ok = false
						break
					}
				}
				if ok {
					break
				}
			}
			placed = append(placed, [2]float64{x, y})
			g.site(x, y, fmt.Sprintf("%s第%s%s", g.county, hanNumber(k+1), label), primary, !primary, area, township)
		}
	}
	pick(max(1, int(math.Round(float64(n)/float64(perPrimary)))), true, "小学")
	pick(max(1, int(math.Round(float64(n)/float64(perJunior)))), false, "初级中学")
}

// campuses places the campuses of an urban district: primary, junior and
// nine-year, a few private, at homes drawn uniformly (so where people
// live), spread apart.
func (g *gen) campuses(side float64) {
	c := g.spec.Campuses
	nine := c * 7 / 100
	private := max(2, c*3/100)
	junior := c*28/100 - private/2
	primary := c - nine - junior - private
	sep := side / math.Sqrt(float64(c)) / 2.5
	var placed [][2]float64
	add := func(name string, p, j, public bool) {
		var x, y float64
		for try := 0; try < 200; try++ {
			h := g.homes[g.rng.IntN(len(g.homes))]
			x, y = h.x+40, h.y+40
			ok := true
			for _, q := range placed {
				if math.Hypot(x-q[0], y-q[1]) < sep*math.Max(0.3, 1-float64(try)/150) {
					ok = false
					break
				}
			}
			if ok {
				break
			}
		}
		placed = append(placed, [2]float64{x, y})
		g.sites = append(g.sites, site{x: x, y: y, name: name, primary: p, junior: j, public: public, area: dataset.Urban})
	}
	for k := 0; k < primary; k++ {
		add(fmt.Sprintf("%s第%d小学", g.county, k+1), true, false, true)
	}
	for k := 0; k < junior; k++ {
		add(fmt.Sprintf("%s第%d中学", g.county, k+1), false, true, true)
	}
	for k := 0; k < nine; k++ {
		add(fmt.Sprintf("%s第%d九年一贯制学校", g.county, k+1), true, true, true)
	}
	for k := 0; k < private; k++ {
		add(fmt.Sprintf("%s民办育英学校%d", g.county, k+1), k%2 == 0, k%2 == 1, false)
	}
}
