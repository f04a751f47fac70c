package synth

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data/synth/roadnet"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// roadStream is the second word of the PCG state of the road layer's own
// generator: the roads never draw from the generator the people come from,
// so adding or changing them leaves every other file as it was.
const roadStream = 0x526f616473 // "Roads"

// The road layer's layout, lon, lat WGS84: invented, but where the county's
// public maps put the lines relative to the county seat. The 呼图壁河 comes
// out of the Tianshan in the south and runs north between 五工台 (河西, west
// of the river) and the county seat; the Lanzhou–Xinjiang railway and the G30
// expressway cross the north of the oasis, north of the county seat; the
// G312 runs east–west south of it, through 大丰 and 二十里店.
var (
	riverCourse = [][2]float64{{86.630, 43.660}, {86.670, 43.800}, {86.715, 43.950}, {86.775, 44.070},
		{86.808, 44.170}, {86.818, 44.260}, {86.828, 44.400}, {86.845, 44.560}}
	railwayCourse = [][2]float64{{86.525, 44.2125}, {86.700, 44.2125}, {86.880, 44.2125}, {87.085, 44.2125}}
	g30Course     = [][2]float64{{86.515, 44.250}, {86.700, 44.250}, {86.900, 44.250}, {87.090, 44.250}}
	g312Course    = [][2]float64{{86.515, 44.170}, {86.590, 44.172}, {86.700, 44.168}, {86.800, 44.165},
		{86.860, 44.163}, {86.940, 44.160}, {86.950, 44.1565}, {86.970, 44.1565}, {87.090, 44.160}}
	// The main canals leave the river at the foot of the oasis; the branch
	// canals (支渠) run north from them, at longitudes jittered by the road
	// generator.
	eastCanal = [][2]float64{{86.782, 44.095}, {86.850, 44.112}, {86.950, 44.135}, {87.050, 44.170}}
	westCanal = [][2]float64{{86.779, 44.090}, {86.700, 44.105}, {86.600, 44.125}, {86.530, 44.150}}
	branches  = []float64{86.572, 86.650, 86.728, 86.845, 86.942, 87.000, 87.060}
)

// countyRoad is a road of the layout.
type countyRoad struct {
	name, class string
	pts         [][2]float64
	rail, motor roadnet.Cross
	river       bool
	stopAtG30   bool
}

// The county and township roads (县道, 乡道). North–south roads run through
// the township towns as their main street: the part inside the town's grid
// is the grid's own road, so these are split at the grid.
var countyRoads = []countyRoad{
	{name: "南干渠路", class: "tertiary", pts: [][2]float64{{86.550, 44.132}, {86.700, 44.128}, {86.860, 44.131}, {87.020, 44.136}}, river: true},
	{name: "呼五公路", class: "secondary", pts: [][2]float64{{86.862, 44.192}, {86.830, 44.1945}, {86.790, 44.205}, {86.776, 44.226}}, river: true, rail: roadnet.AtGrade},
	{name: "北部县道", class: "tertiary", pts: [][2]float64{{86.555, 44.300}, {86.700, 44.305}, {86.850, 44.300}, {87.050, 44.305}}, river: true},
	{name: "呼雀公路", class: "secondary", pts: [][2]float64{{86.862, 44.170}, {86.850, 44.100}, {86.820, 44.030}, {86.760, 43.960},
		{86.660, 43.930}, {86.560, 43.900}, {86.485, 43.867}}, river: true},
	// North–south roads: south of the town, north of it.
	{name: "红山路", class: "tertiary", pts: [][2]float64{{86.560, 44.118}, {86.560, 44.345}}, rail: roadnet.AtGrade, motor: roadnet.Over},
	{name: "大丰路", class: "tertiary", pts: [][2]float64{{86.594, 44.112}, {86.594, 44.176}}},
	{name: "大丰路", class: "tertiary", pts: [][2]float64{{86.594, 44.185}, {86.594, 44.345}}, rail: roadnet.AtGrade, stopAtG30: true},
	{name: "中渠公路", class: "tertiary", pts: [][2]float64{{86.670, 44.112}, {86.670, 44.350}}, rail: roadnet.Under, stopAtG30: true},
	{name: "五工台路", class: "tertiary", pts: [][2]float64{{86.769, 44.112}, {86.769, 44.226}}, rail: roadnet.AtGrade},
	{name: "五工台路", class: "tertiary", pts: [][2]float64{{86.769, 44.235}, {86.769, 44.350}}, rail: roadnet.AtGrade, motor: roadnet.Under},
	{name: "呼南路", class: "tertiary", pts: [][2]float64{{86.897, 44.112}, {86.897, 44.170}}},
	{name: "呼园路", class: "secondary", pts: [][2]float64{{86.897, 44.2085}, {86.897, 44.214}, {86.895, 44.218}}, rail: roadnet.Under},
	{name: "呼园路", class: "secondary", pts: [][2]float64{{86.895, 44.227}, {86.895, 44.355}}, motor: roadnet.Over},
	{name: "二十里店路", class: "tertiary", pts: [][2]float64{{86.959, 44.112}, {86.959, 44.160}}},
	{name: "二十里店路", class: "tertiary", pts: [][2]float64{{86.959, 44.169}, {86.959, 44.345}}, rail: roadnet.AtGrade, stopAtG30: true},
	{name: "东滩路", class: "tertiary", pts: [][2]float64{{87.030, 44.140}, {87.030, 44.340}}, rail: roadnet.Under, motor: roadnet.Under},
}

// RoadStats counts the road layer's contents.
type RoadStats struct {
	ByClass map[string]int // road features by class
	ByKind  map[string]int // barriers by kind
	roadnet.Stats
}

func pts(frame roadnet.Frame, ll [][2]float64) []orb.Point {
	out := make([]orb.Point, len(ll))
	for i, p := range ll {
		out[i] = frame.XY(orb.Point{p[0], p[1]})
	}
	return out
}

// makeRoads lays out the road layer from the finished homes and campuses,
// drawing from its own generator.
func (g *gen) makeRoads(seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, roadStream))
	frame := roadnet.NewFrame(orb.Point{86.9, 44.19})
	var homes []orb.Point
	for i := range g.households {
		homes = append(homes, frame.XY(g.households[i].Loc))
	}
	for i := range g.schools {
		homes = append(homes, frame.XY(g.schools[i].Loc))
	}
	ix := roadnet.NewPoints(homes, 200)
	clearOf := func(clear float64) func(a, b orb.Point) float64 {
		return func(a, b orb.Point) float64 { return 1000 * float64(ix.Near(a, b, clear)) }
	}
	n := &roadnet.Net{}
	route := func(ll [][2]float64, maxOff, clear float64) []orb.Point {
		return roadnet.Route(pts(frame, ll), 200, maxOff, clearOf(clear))
	}
	// Barriers first: they keep clear of the homes.
	river := route(riverCourse, 1500, 150)
	n.AddBarrier(roadnet.Barrier{Pts: river, Kind: roadnet.River, Name: "呼图壁河"})
	rail := route(railwayCourse, 500, 120)
	n.AddBarrier(roadnet.Barrier{Pts: rail, Kind: roadnet.Railway, Name: "兰新铁路"})
	g30 := route(g30Course, 800, 120)
	n.AddBarrier(roadnet.Barrier{Pts: g30, Kind: roadnet.Motorway, Name: "G30连霍高速"})
	g312 := route(g312Course, 300, 40)
	n.AddBarrier(roadnet.Barrier{Pts: g312, Kind: roadnet.Trunk, Name: "G312国道"})
	n.AddBarrier(roadnet.Barrier{Pts: route(eastCanal, 600, 80), Kind: roadnet.Canal, Name: "东干渠"})
	n.AddBarrier(roadnet.Barrier{Pts: route(westCanal, 600, 80), Kind: roadnet.Canal, Name: "西干渠"})
	for k, lon := range branches {
		lon += (rng.Float64() - 0.5) * 0.008
		south := 44.100 + 0.03*(lon-86.55)/0.5 + 0.015
		north := 44.330 + rng.Float64()*0.03
		name := fmt.Sprintf("%s支渠", []string{"一", "二", "三", "四", "五", "六", "七"}[k])
		n.AddBarrier(roadnet.Barrier{Pts: route([][2]float64{{lon, south}, {lon, north}}, 600, 80), Kind: roadnet.Canal, Name: name})
	}
	// The expressway and the trunk road are roads too.
	n.AddRoad(roadnet.Road{Pts: g30, Class: "motorway", Name: "G30连霍高速", River: true})
	n.AddRoad(roadnet.Road{Pts: g312, Class: "trunk", Name: "G312国道", River: true, Rail: roadnet.AtGrade})
	// The town grids: every road of the grid, with a vertex at every
	// crossing street.
	for t := range townships {
		c := townships[t].Centre
		if c == nil {
			continue
		}
		class := func(name string, seat bool) string {
			switch {
			case seat && (name == "南环路" || name == "北环路" || name == "西环路" || name == "东环路"):
				return "secondary"
			case seat && (name == "迎宾路" || name == "人民路" || name == "天山路"):
				return "tertiary"
			case !seat && (name == c.Grid.EW[len(c.Grid.EW)/2].Name || name == c.Grid.NS[len(c.Grid.NS)/2].Name):
				return "tertiary"
			}
			return "residential"
		}
		for _, r := range c.Grid.EW {
			var line [][2]float64
			for _, s := range c.Grid.NS {
				line = append(line, [2]float64{s.Pos, r.Pos})
			}
			n.AddRoad(roadnet.Road{Pts: pts(frame, line), Class: class(r.Name, t == 0), Name: r.Name})
		}
		for _, r := range c.Grid.NS {
			var line [][2]float64
			for _, s := range c.Grid.EW {
				line = append(line, [2]float64{r.Pos, s.Pos})
			}
			n.AddRoad(roadnet.Road{Pts: pts(frame, line), Class: class(r.Name, t == 0), Name: r.Name})
		}
	}
	// Compound gates: a service road from the gate on the block's southern
	// road to the middle of the block.
	for _, cb := range g.compoundBlocks {
		c := townships[cb.town].Centre
		ew, ns := c.Grid.EW, c.Grid.NS
		lon := (ns[cb.col].Pos + ns[cb.col+1].Pos) / 2
		gate := frame.XY(orb.Point{lon, ew[cb.row].Pos})
		mid := frame.XY(orb.Point{lon, (ew[cb.row].Pos + ew[cb.row+1].Pos) / 2})
		r := n.AddRoad(roadnet.Road{Pts: []orb.Point{gate, mid}, Class: "service"})
		n.Snap(r, 1)
	}
	for _, cr := range countyRoads {
		r := roadnet.Road{Pts: pts(frame, cr.pts), Class: cr.class, Name: cr.name, Rail: cr.rail, Motor: cr.motor, River: cr.river}
		if cr.stopAtG30 {
			before := len(n.Roads)
			n.AddStopping(r, 60, roadnet.Motorway)
			for _, r := range n.Roads[before:] {
				n.Snap(r, 5)
			}
			continue
		}
		n.Snap(n.AddRoad(r), 5)
	}
	// The expressway's interchange north of the county seat.
	if err := interchange(n, frame, g30, 86.897); err != nil {
		return err
	}
	// Campus gates: a town campus opens on the road of its address.
	for i, f := range g.facts {
		if f.Road == "" {
			continue
		}
		p := frame.XY(g.schools[i].Loc)
		if !n.ConnectTo(p, 2000, "service", "", func(r *roadnet.Road) bool { return r.Name == f.Road }) {
			return fmt.Errorf("synth: school %s: no %s near it", f.ID, f.Road)
		}
	}
	// Village roads: through each group, and from it to the network.
	spreadOf := func(u *unit) float64 {
		if townships[u.town].Mountain {
			return houseSpreadMountain
		}
		return houseSpreadOasis
	}
	var groups []int
	for u := range g.units {
		if g.units[u].committee != "" {
			groups = append(groups, u)
		}
	}
	// Nearest the existing network first, so that groups farther out join
	// the roads of nearer ones.
	here := map[int]orb.Point{}
	for _, u := range groups {
		here[u] = frame.XY(g.units[u].pt)
	}
	for _, u := range groups {
		un := &g.units[u]
		c := here[u]
		s := spreadOf(un)
		class, lane := "unclassified", "residential"
		if townships[un.town].Mountain {
			class, lane = "track", "track"
		}
		var own []*roadnet.Road
		for _, d := range [][2]float64{{1, 0}, {0, 1}} {
			a := lanePoint(n, c, -d[0], -d[1], s)
			b := lanePoint(n, c, d[0], d[1], s)
			if roadnet.Length([]orb.Point{a, b}) > 20 {
				own = append(own, n.AddRoad(roadnet.Road{Pts: []orb.Point{a, c, b}, Class: lane}))
			}
		}
		if !n.Connect(c, 25000, class, "", own...) {
			return fmt.Errorf("synth: %s %d组: no road reaches it", un.committee, un.group)
		}
	}
	roadsOut, barriers, st, err := n.Finish(frame)
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	g.roads, g.barriers = roadsOut, barriers
	g.roadStats = RoadStats{ByClass: map[string]int{}, ByKind: map[string]int{}, Stats: st}
	for _, r := range roadsOut {
		g.roadStats.ByClass[r.Class]++
	}
	for _, b := range barriers {
		g.roadStats.ByKind[b.Kind]++
	}
	return nil
}

// lanePoint returns the end of a village lane from c in direction (dx, dy):
// s metres out, or short of the first river, railway or motorway.
func lanePoint(n *roadnet.Net, c orb.Point, dx, dy, s float64) orb.Point {
	for l := s; l > 10; l -= 30 {
		p := orb.Point{c[0] + dx*l, c[1] + dy*l}
		if !n.Blocked(c, orb.Point{c[0] + dx*(l+30), c[1] + dy*(l+30)}) {
			return p
		}
	}
	return c
}

// interchange adds the on and off ramps (motorway_link) between the
// expressway and the north–south road at lon.
func interchange(n *roadnet.Net, frame roadnet.Frame, g30 []orb.Point, lon float64) error {
	x := frame.XY(orb.Point{lon, 44.2})[0]
	var motorway, local *roadnet.Road
	for _, r := range n.Roads {
		if r.Class == "motorway" {
			motorway = r
		}
		if r.Name == "呼园路" && r.Pts[0][1] > frame.XY(orb.Point{lon, 44.22})[1] {
			local = r
		}
	}
	if motorway == nil || local == nil {
		return fmt.Errorf("synth: no expressway or 呼园路 for the interchange")
	}
	// Where the expressway passes x.
	y := math.NaN()
	for i := 0; i+1 < len(g30); i++ {
		a, b := g30[i], g30[i+1]
		if (a[0]-x)*(b[0]-x) <= 0 && a[0] != b[0] {
			y = a[1] + (x-a[0])/(b[0]-a[0])*(b[1]-a[1])
		}
	}
	if math.IsNaN(y) {
		return fmt.Errorf("synth: the expressway does not pass the interchange")
	}
	foot := orb.Point{x, y - 350}
	// The foot of the ramps is a vertex of the local road.
	for i := 0; i+1 < len(local.Pts); i++ {
		a, b := local.Pts[i], local.Pts[i+1]
		if (a[1]-foot[1])*(b[1]-foot[1]) <= 0 {
			t := (foot[1] - a[1]) / (b[1] - a[1])
			foot = orb.Point{a[0] + t*(b[0]-a[0]), foot[1]}
			local.Pts = slices.Insert(local.Pts, i+1, foot)
			break
		}
	}
	for _, dx := range []float64{-700, 700} {
		// The ramp's top: a vertex of the expressway.
		best, bd := 0, math.Inf(1)
		for i, p := range motorway.Pts {
			if d := math.Abs(p[0] - (x + dx)); d < bd {
				best, bd = i, d
			}
		}
		n.AddRoad(roadnet.Road{Pts: []orb.Point{motorway.Pts[best], foot}, Class: "motorway_link"})
	}
	return nil
}

// sortedKeys returns a map's keys in order.
func sortedKeys(m map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, cmp.Compare[string])
	return out
}

// network returns the road layer as a geo/roads network.
func (g *gen) network() (*roads.Network, error) {
	rs := make([]roads.Road, len(g.roads))
	for i, r := range g.roads {
		rs[i] = roads.Road{Line: r.Line, Class: r.Class, Oneway: r.Oneway, Name: r.Name, Bridge: r.Bridge, Tunnel: r.Tunnel}
	}
	bs := make([]roads.Barrier, len(g.barriers))
	for i, b := range g.barriers {
		bs[i] = roads.Barrier{Line: b.Line, Kind: roads.BarrierKind(b.Kind), Name: b.Name}
	}
	n, err := roads.New(rs, bs)
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	return n, nil
}
