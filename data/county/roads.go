package county

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data/synth/roadnet"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// roadStream is the second word of the PCG state of the road layer's own
// generator: the roads never draw from the generator the households come
// from, so a county keeps its households whether or not it has roads.
const roadStream = 0x526f616473 // "Roads"

// riverNames are the names a generated county's river may take.
var riverNames = []string{"清水河", "白杨河", "沙河", "小清河", "青龙河", "黄泥河", "柳河", "石河"}

// gridRec is a town's street grid as grid laid it out: north–south road i
// at x = cx + (i−r)·pitch − pitch/2, east–west road j at y = cy + (j−r)·pitch
// − pitch/2, and the centres of the blocks it filled.
type gridRec struct {
	cx, cy, pitch float64
	r             int
	ns, ew        []string
	blocks        [][2]float64
}

// groupRec is a village group: its centre, the spread of its houses, and
// the direction and length it is strung along (mountain villages).
type groupRec struct{ x, y, spread, ax, ay, length float64 }

// cityRec is the urban district's arterial grid: north–south road i at x =
// −side/2 + i·pitch, east–west road j at y = −side/2 + j·pitch.
type cityRec struct {
	side, pitch float64
	n           int
	ns, ew      []string
}

// laneRec is a lane of an urban village.
type laneRec struct {
	x, y0, y1 float64
	name      string
}

// roadLayer lays out the county's roads and barriers in its family's style,
// from the recorded streets, groups and campuses, with its own generator.
func (g *gen) roadLayer() (*roads.Network, error) {
	rng := rand.New(rand.NewPCG(g.spec.Seed, roadStream))
	n := &roadnet.Net{}
	var err error
	switch g.spec.Family {
	case Urban:
		g.cityRoads(n, rng)
	case Mountain:
		err = g.mountainRoads(n, rng)
	default:
		err = g.plainsRoads(n, rng)
	}
	if err != nil {
		return nil, err
	}
	for _, s := range g.sites {
		p := orb.Point{s.x, s.y}
		if !n.Connect(p, 3000, "service", "") && !n.ConnectAcross(p, 30000, roadnet.Road{Class: "service", River: true, Motor: roadnet.Under, Rail: roadnet.Under}) {
			return nil, fmt.Errorf("county: no road reaches campus %s", s.name)
		}
	}
	out, bars, _, err := n.Finish(roadnet.NewFrame(g.st.origin))
	if err != nil {
		return nil, fmt.Errorf("county: %w", err)
	}
	rs := make([]roads.Road, len(out))
	for i, r := range out {
		rs[i] = roads.Road{Line: r.Line, Class: r.Class, Oneway: r.Oneway, Name: r.Name, Bridge: r.Bridge, Tunnel: r.Tunnel}
	}
	bs := make([]roads.Barrier, len(bars))
	for i, b := range bars {
		bs[i] = roads.Barrier{Line: b.Line, Kind: roads.BarrierKind(b.Kind), Name: b.Name}
	}
	net, err := roads.New(rs, bs)
	if err != nil {
		return nil, fmt.Errorf("county: %w", err)
	}
	return net, nil
}

// withRoads gives the dataset its road layer.
func (g *gen) withRoads(d *dataset.Dataset) error {
	net, err := g.roadLayer()
	if err != nil {
		return err
	}
	d.Roads = net
	d.Meta.Roads, d.Meta.Barriers = dataset.RoadsFile, dataset.BarriersFile
	return nil
}

// gridRoads adds the streets of a town grid around its filled blocks, with
// a vertex at every crossing street, and returns them.
func (g *gen) gridRoads(n *roadnet.Net, gr gridRec, main string) []*roadnet.Road {
	half := gr.pitch / 2
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, b := range gr.blocks {
		minX, maxX = min(minX, b[0]-half), max(maxX, b[0]+half)
		minY, maxY = min(minY, b[1]-half), max(maxY, b[1]+half)
	}
	var xs, ys []int
	for i := range gr.ns {
		if x := gr.cx + float64(i-gr.r)*gr.pitch - half; x >= minX-1 && x <= maxX+1 {
			xs = append(xs, i)
		}
	}
	for j := range gr.ew {
		if y := gr.cy + float64(j-gr.r)*gr.pitch - half; y >= minY-1 && y <= maxY+1 {
			ys = append(ys, j)
		}
	}
	x := func(i int) float64 { return gr.cx + float64(i-gr.r)*gr.pitch - half }
	y := func(j int) float64 { return gr.cy + float64(j-gr.r)*gr.pitch - half }
	class := func(k, of int) string {
		if k == of/2 {
			return main
		}
		return "residential"
	}
	var own []*roadnet.Road
	if len(xs) < 2 || len(ys) < 2 {
		return nil
	}
	// The streets go on out of town for a while, as the 附 houses along
	// them do.
	const out = 700.0
	for k, i := range xs {
		var pts []orb.Point
		for _, j := range ys {
			pts = append(pts, orb.Point{x(i), y(j)})
		}
		pts = extend(n, pts, out)
		before := len(n.Roads)
		n.AddStopping(roadnet.Road{Pts: pts, Class: class(k, len(xs)), Name: gr.ns[i]}, 30, roadnet.River, roadnet.Motorway, roadnet.Railway)
		own = append(own, n.Roads[before:]...)
	}
	for k, j := range ys {
		var pts []orb.Point
		for _, i := range xs {
			pts = append(pts, orb.Point{x(i), y(j)})
		}
		pts = extend(n, pts, out)
		before := len(n.Roads)
		n.AddStopping(roadnet.Road{Pts: pts, Class: class(k, len(ys)), Name: gr.ew[j]}, 30, roadnet.River, roadnet.Motorway, roadnet.Railway)
		own = append(own, n.Roads[before:]...)
	}
	return own
}

// extend lengthens a straight street by out metres at each end, where that
// crosses no river, railway or motorway.
func extend(n *roadnet.Net, pts []orb.Point, out float64) []orb.Point {
	a, b := pts[0], pts[len(pts)-1]
	l := math.Hypot(b[0]-a[0], b[1]-a[1])
	ux, uy := (b[0]-a[0])/l, (b[1]-a[1])/l
	if p := (orb.Point{a[0] - ux*out, a[1] - uy*out}); !n.Blocked(a, p) {
		pts = append([]orb.Point{p}, pts...)
	}
	if p := (orb.Point{b[0] + ux*out, b[1] + uy*out}); !n.Blocked(b, p) {
		pts = append(pts, p)
	}
	return pts
}

// homesIndex indexes the homes and campuses that barriers keep clear of.
func (g *gen) homesIndex() func(clear float64) func(a, b orb.Point) float64 {
	var pts []orb.Point
	for _, h := range g.homes {
		pts = append(pts, orb.Point{h.x, h.y})
	}
	for _, s := range g.sites {
		pts = append(pts, orb.Point{s.x, s.y})
	}
	ix := roadnet.NewPoints(pts, 200)
	return func(clear float64) func(a, b orb.Point) float64 {
		return func(a, b orb.Point) float64 { return 1000 * float64(ix.Near(a, b, clear)) }
	}
}

// villageRoads adds each group's lanes and joins the group to the network:
// without crossing a river or the expressway where a road on its own side
// is near, else across them on a bridge or underpass of its own.
func (g *gen) villageRoads(n *roadnet.Net, lane, track string) error {
	for _, gr := range g.groups {
		c := orb.Point{gr.x, gr.y}
		var own []*roadnet.Road
		dirs := [][2]float64{{1, 0}, {0, 1}}
		reach := 2.5 * gr.spread
		if gr.length > 0 {
			// Strung along its valley's road: the road is its lane.
			dirs = nil
		}
		for _, d := range dirs {
			a := laneEnd(n, c, -d[0], -d[1], reach)
			b := laneEnd(n, c, d[0], d[1], reach)
			if roadnet.Length([]orb.Point{a, b}) > 20 {
				own = append(own, n.AddRoad(roadnet.Road{Pts: []orb.Point{a, c, b}, Class: lane}))
			}
		}
		// A road on its own side nearby; else a bridge or underpass to a
		// road nearby across; else a long road on its own side; else a
		// long one across.
		across := roadnet.Road{Class: track, River: true, Motor: roadnet.Under, Rail: roadnet.Under}
		if !n.Connect(c, 4000, track, "", own...) && !n.ConnectAcross(c, 4000, across, own...) &&
			!n.Connect(c, 40000, track, "", own...) && !n.ConnectAcross(c, 40000, across, own...) {
			return fmt.Errorf("county: no road reaches the village group at %.0f, %.0f", gr.x, gr.y)
		}
	}
	return nil
}

// laneEnd returns the end of a lane from c in direction (dx, dy): reach
// metres out, or short of the first river, railway or motorway.
func laneEnd(n *roadnet.Net, c orb.Point, dx, dy, reach float64) orb.Point {
	for l := reach; l > 10; l -= 20 {
		if !n.Blocked(c, orb.Point{c[0] + dx*(l+20), c[1] + dy*(l+20)}) {
			return orb.Point{c[0] + dx*l, c[1] + dy*l}
		}
	}
	return c
}

// plainsRoads: the seat's and the towns' grids, county roads from the seat
// to each town, a river east of the seat and an expressway south of it,
// crossed by the county roads that meet them (and by a road of their own
// when none does), and village roads.
func (g *gen) plainsRoads(n *roadnet.Net, rng *rand.Rand) error {
	if len(g.grids) == 0 {
		return fmt.Errorf("county: a plains county without a town")
	}
	clearOf := g.homesIndex()
	seat := g.grids[0]
	var seatMaxX, seatMinY float64 = math.Inf(-1), math.Inf(1)
	for _, b := range seat.blocks {
		seatMaxX = max(seatMaxX, b[0]+seat.pitch/2)
		seatMinY = min(seatMinY, b[1]-seat.pitch/2)
	}
	const reach = 14000.0
	riverX := seatMaxX + 1500 + 500*rng.Float64()
	river := roadnet.Route([]orb.Point{{riverX - 800, -reach}, {riverX, 0}, {riverX + 600, reach}}, 200, 1200, clearOf(80))
	n.AddBarrier(roadnet.Barrier{Pts: river, Kind: roadnet.River, Name: riverNames[rng.IntN(len(riverNames))]})
	expY := seatMinY - 1500 - 500*rng.Float64()
	exp := roadnet.Route([]orb.Point{{-reach, expY + 400}, {reach, expY - 400}}, 200, 1200, clearOf(80))
	expName := fmt.Sprintf("G%d高速", 10+rng.IntN(80))
	n.AddBarrier(roadnet.Barrier{Pts: exp, Kind: roadnet.Motorway, Name: expName})
	n.AddRoad(roadnet.Road{Pts: exp, Class: "motorway", Name: expName, River: true})
	var seatRoads [][]*roadnet.Road
	for k, gr := range g.grids {
		main := "tertiary"
		if k == 0 {
			main = "secondary"
		}
		seatRoads = append(seatRoads, g.gridRoads(n, gr, main))
	}
	// County roads: from the seat grid's corner nearest a town to the
	// town grid's corner nearest the seat.
	crossedRiver, crossedExp := false, false
	motor := []roadnet.Cross{roadnet.Over, roadnet.Under}
	for k := 1; k < len(g.grids); k++ {
		a := nearestVertex(seatRoads[0], orb.Point{g.grids[k].cx, g.grids[k].cy})
		b := nearestVertex(seatRoads[k], orb.Point{seat.cx, seat.cy})
		line := []orb.Point{a, b}
		crossedRiver = crossedRiver || roadnet.Crosses(line, river)
		crossedExp = crossedExp || roadnet.Crosses(line, exp)
		n.AddRoad(roadnet.Road{Pts: line, Class: "secondary", Name: fmt.Sprintf("县道%03d", 100+k), River: true, Motor: motor[k%2]})
	}
	// The seat reaches across the river and the expressway at least once.
	if !crossedRiver {
		a := nearestVertex(seatRoads[0], orb.Point{riverX + 5000, 0})
		n.AddRoad(roadnet.Road{Pts: []orb.Point{a, {riverX + 3000, a[1]}}, Class: "tertiary", Name: "滨河路", River: true, Motor: roadnet.Under})
	}
	if !crossedExp {
		a := nearestVertex(seatRoads[0], orb.Point{0, expY - 5000})
		n.AddRoad(roadnet.Road{Pts: []orb.Point{a, {a[0], expY - 3000}}, Class: "tertiary", Name: "南环路", River: true, Motor: roadnet.Over})
	}
	return g.villageRoads(n, "residential", "unclassified")
}

// nearestVertex returns the vertex of the roads nearest to p.
func nearestVertex(rs []*roadnet.Road, p orb.Point) orb.Point {
	best, bd := orb.Point{}, math.Inf(1)
	for _, r := range rs {
		for _, q := range r.Pts {
			if d := math.Hypot(q[0]-p[0], q[1]-p[1]); d < bd {
				best, bd = q, d
			}
		}
	}
	return best
}

// mountainRoads: a road up each valley, a river along the main valley
// south of its road (so that the side valleys running south bridge it),
// the towns' grids joined to the valley road, and village tracks.
func (g *gen) mountainRoads(n *roadnet.Net, rng *rand.Rand) error {
	if len(g.valleys) == 0 {
		return fmt.Errorf("county: a mountain county without valleys")
	}
	clearOf := g.homesIndex()
	// The roads run on 3 km past the valleys' ends, where the last
	// villages' groups lie.
	const beyond = 3000.0
	main := g.valleys[0]
	a := orb.Point{main[0] - main[2]*beyond, main[1] - main[3]*beyond}
	b := orb.Point{main[0] + main[2]*(main[4]+beyond), main[1] + main[3]*(main[4]+beyond)}
	off := -300.0
	river := roadnet.Route([]orb.Point{{a[0], a[1] + off}, {b[0], b[1] + off}}, 250, 150, clearOf(60))
	n.AddBarrier(roadnet.Barrier{Pts: river, Kind: roadnet.River, Name: riverNames[rng.IntN(len(riverNames))]})
	n.AddRoad(roadnet.Road{Pts: roadnet.Densify([]orb.Point{a, b}, 2000), Class: "secondary", Name: "省道" + fmt.Sprint(200+rng.IntN(100))})
	for k, v := range g.valleys[1:] {
		// A side valley's villages spread both ways from its mouth: its
		// road crosses the main valley (and the river) there.
		s := orb.Point{v[0] - v[2]*beyond, v[1] - v[3]*beyond}
		e := orb.Point{v[0] + v[2]*(v[4]+beyond), v[1] + v[3]*(v[4]+beyond)}
		n.AddRoad(roadnet.Road{Pts: []orb.Point{s, e}, Class: "tertiary", Name: fmt.Sprintf("乡道%03d", k+1), River: true})
	}
	for _, gr := range g.grids {
		own := g.gridRoads(n, gr, "tertiary")
		if len(own) == 0 {
			continue
		}
		p := nearestVertex(own, orb.Point{gr.cx, gr.cy - 2000})
		if !n.Connect(p, 5000, "tertiary", "", own...) {
			return fmt.Errorf("county: no road reaches the town at %.0f, %.0f", gr.cx, gr.cy)
		}
	}
	return g.villageRoads(n, "track", "track")
}

// cityRoads: arterials every pitch with a street down the middle of each
// block, the urban villages' lanes, a railway across the district crossed
// by a few arterials through underpasses (the other roads stop short of it),
// and an elevated expressway every road passes beneath.
func (g *gen) cityRoads(n *roadnet.Net, rng *rand.Rand) {
	c := g.city
	lo := -c.side / 2
	hi := lo + float64(c.n)*c.pitch
	railRow := c.n / 3
	expCol := 2 * c.n / 3
	railY := lo + (float64(railRow)+0.5)*c.pitch + 10
	expX := lo + (float64(expCol)+0.5)*c.pitch - 10
	n.AddBarrier(roadnet.Barrier{Pts: roadnet.Densify([]orb.Point{{lo - 500, railY}, {hi + 500, railY}}, 500), Kind: roadnet.Railway,
		Name: "城际铁路"})
	expPts := roadnet.Densify([]orb.Point{{expX, lo - 500}, {expX, hi + 500}}, 500)
	n.AddBarrier(roadnet.Barrier{Pts: expPts, Kind: roadnet.Motorway, Name: "城市快速路"})
	n.AddRoad(roadnet.Road{Pts: expPts, Class: "motorway", Name: "城市快速路", Rail: roadnet.Over})
	var ticks []float64
	for i := 0; i <= c.n; i++ {
		ticks = append(ticks, lo+float64(i)*c.pitch)
	}
	underpass := rng.IntN(4)
	for i := 0; i <= c.n; i++ {
		class := "secondary"
		if i%4 == 0 {
			class = "primary"
		}
		x := ticks[i]
		var ns, ew []orb.Point
		for _, t := range ticks {
			ns = append(ns, orb.Point{x, t})
			ew = append(ew, orb.Point{t, x})
		}
		r := roadnet.Road{Pts: ns, Class: class, Name: c.ns[i], Motor: roadnet.Below}
		if i%4 == underpass {
			r.Rail = roadnet.Under
			n.AddRoad(r)
		} else {
			n.AddStopping(r, 30, roadnet.Railway)
		}
		n.AddRoad(roadnet.Road{Pts: ew, Class: class, Name: c.ew[i], Motor: roadnet.Below})
	}
	// Streets down the middle of the blocks (none along the railway or
	// under the expressway).
	for a := 0; a < c.n; a++ {
		m := lo + (float64(a)+0.5)*c.pitch + 10
		if a != expCol {
			n.AddStopping(roadnet.Road{Pts: []orb.Point{{m, lo}, {m, hi}}, Class: "residential", Motor: roadnet.Below}, 30, roadnet.Railway)
		}
		if a != railRow {
			n.AddRoad(roadnet.Road{Pts: []orb.Point{{lo, m}, {hi, m}}, Class: "residential", Motor: roadnet.Below})
		}
	}
	// The urban villages' lanes run the block's height, arterial to
	// arterial.
	for _, l := range g.uvLanes {
		y0 := lo + math.Floor((l.y0-lo)/c.pitch)*c.pitch
		before := len(n.Roads)
		n.AddStopping(roadnet.Road{Pts: []orb.Point{{l.x, y0}, {l.x, y0 + c.pitch}}, Class: "living_street", Name: l.name, Motor: roadnet.Below}, 20, roadnet.Railway)
		for _, r := range n.Roads[before:] {
			n.Snap(r, 1)
		}
	}
}
