package synth

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/data/synth/roadnet"
	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
)

// pcgStream is the second word of the PCG state; the seed is the first.
const pcgStream = 0x48757475626931 // "Hutubi1"

// Geometry of the generator, in metres.
const (
	metresPerDegree = geo.EarthRadius * math.Pi / 180

	groupSpacingOasis    = 900.0  // least distance between two village groups
	groupSpacingMountain = 1500.0 // in the mountains
	groupFromCentre      = 1400.0 // least distance from a group to a town block
	groupSpreadOasis     = 1800.0 // groups lie within this of the village's place
	groupSpreadMountain  = 5000.0
	houseSpreadOasis     = 300.0 // houses lie within this of their group's centre
	houseSpreadMountain  = 450.0
	northLimit           = 44.37 // nobody lives north of it: desert and XPCC farms
	unitOffset           = 18.0  // metres between the staircases (单元) of a building
	campusFromGroup      = 120.0 // a village campus stands this far east of its group's centre
)

// Report holds the figures of a generated dataset that the files do not
// carry (people) and a summary of those they do.
type Report struct {
	People          int            // household members, children included
	Households      int            // households
	ByTownship      []TownshipSize // households and people per township
	ChildrenByGrade [10]int        // grade 0 (not yet in school) to 9
	BirthsByYear    map[int]int
	Migrant         int // migrant households
	MigrantSeat     int // migrant households in the county seat
	SeatHouseholds  int
	Permit          int // migrant households with a residence permit
	Disability      int // children with needs = disability
	Seats, Pupils   [2]int
	Elsewhere       int // pupils not at their zone's school
	Units           int // zoning units (town blocks and village groups)
	Schools         []SchoolSize
	Roads           []roadnet.OutRoad    // the road layer
	Barriers        []roadnet.OutBarrier // its barriers
	RoadStats       RoadStats
}

// SchoolSize is one campus's line of a Report.
type SchoolSize struct {
	ID, Name string
	Seats    [2]int // primary, junior
	Pupils   [2]int // enrolled in 2021
	Zone     [2]int // 2021 pupils living in the campus's zone
}

// TownshipSize is one township's line of a Report.
type TownshipSize struct {
	Name               string
	Households, People int
}

// Generate builds the synthetic Hutubi County of base year 2021 from the
// facts table and seed. The same seed gives the same dataset; the committed
// default dataset uses DefaultSeed.
func Generate(seed uint64) (*dataset.Dataset, error) {
	d, _, err := GenerateReport(seed)
	return d, err
}

// GenerateReport is Generate that also returns the figures of the run.
func GenerateReport(seed uint64) (*dataset.Dataset, *Report, error) {
	g := &gen{rng: rand.New(rand.NewPCG(seed, pcgStream)), rep: &Report{BirthsByYear: map[int]int{}}}
	g.boundary = outline()
	steps := []func() error{g.placeCentres, g.placeGroups, g.placeSchools, g.makeHouseholds,
		g.makeChildren, g.zoneUnits, g.placePupils, g.fillIndicators, g.makeZones}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, nil, err
		}
	}
	err := g.makeRoads(seed)
	if err != nil {
		return nil, nil, err
	}
	g.rep.Roads, g.rep.Barriers, g.rep.RoadStats = g.roads, g.barriers, g.roadStats
	d := &dataset.Dataset{
		Meta: dataset.Meta{Name: Name, BaseYear: BaseYear, CRS: geo.WGS84, Boundary: dataset.BoundaryFile,
			Places: Places()},
		Schools:    g.schools,
		Households: g.households,
		Children:   g.children,
		Boundary:   orb.MultiPolygon{g.boundary},
		Zones:      g.zones,
	}
	if d.Roads, err = g.network(); err != nil {
		return nil, nil, err
	}
	d.Meta.Roads, d.Meta.Barriers = dataset.RoadsFile, dataset.BarriersFile
	d.Index()
	g.summarise()
	return d, g.rep, nil
}

// outline returns the county boundary as a closed polygon.
func outline() orb.Polygon {
	ring := make(orb.Ring, len(countyOutline))
	for i, p := range countyOutline {
		ring[i] = orb.Point{p[0], p[1]}
	}
	return orb.Polygon{ring}
}

// unit is a zoning unit: a block of a town's road grid or a village group.
// Its seed point's Voronoi cell (in the scaled plane) is its territory.
type unit struct {
	town      int
	pt        orb.Point
	committee string // village committee, "" for a town block
	group     int
	school    [2]string // zone school per level (index levelIndex)
}

// home is what the generator knows of a household beyond the dataset row.
type home struct {
	town   int
	seat   bool
	centre bool
	size   int
	kids   int
	unit   int // the unit whose cell holds the home
}

type slot struct {
	road   int // index into the centre's roads (EW first, then NS)
	number int
}

type townState struct {
	blocks   [][]int
	reserved map[slot]bool
	groups   map[string][]int // committee → its units by group number - 1
	houses   map[string][]int // committee → houses per group
}

type gen struct {
	rng      *rand.Rand
	rep      *Report
	boundary orb.Polygon

	units      []unit
	towns      []townState
	schools    []dataset.School
	facts      []*schoolFact
	households []dataset.Household
	homes      []home
	children   []dataset.Child
	zones      []dataset.Zone

	enrol  map[string]*[10]int // pupils by grade per school
	demand map[string]*[2]int  // pupils living in each school's zones

	// The road layer (roads.go), from its own generator.
	compoundBlocks []compoundBlock
	roads          []roadnet.OutRoad
	barriers       []roadnet.OutBarrier
	roadStats      RoadStats
}

// compoundBlock is a town block holding a compound.
type compoundBlock struct{ town, row, col int }

func levelIndex(l dataset.Level) int {
	if l == dataset.Junior {
		return 1
	}
	return 0
}

// metres is the great-circle distance in metres: the metric of the units'
// Voronoi cells, so that a home lies in the cell of its nearest unit.
func metres(a, b orb.Point) float64 { return geo.Distance(a, b) }

// offset moves p by east and north metres.
func offset(p orb.Point, east, north float64) orb.Point {
	return orb.Point{p[0] + east/(metresPerDegree*math.Cos(p[1]*math.Pi/180)), p[1] + north/metresPerDegree}
}

// round6 rounds a coordinate to the 6 decimals households.csv carries, so
// that the dataset in memory is exactly the dataset on disk.
func round6(p orb.Point) orb.Point {
	r := func(v float64) float64 {
		f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 6, 64), 64)
		return f
	}
	return orb.Point{r(p[0]), r(p[1])}
}

func (g *gen) inside(p orb.Point) bool {
	return planar.PolygonContains(g.boundary, p)
}

// roads returns the centre's roads, east–west first.
func (c *centre) roads() []road { return append(slices.Clone(c.Grid.EW), c.Grid.NS...) }

// roadEnds returns the ends of road i of the centre: west to east or south
// to north.
func (c *centre) roadEnds(i int) (a, b orb.Point) {
	ew, ns := c.Grid.EW, c.Grid.NS
	if i < len(ew) {
		return orb.Point{ns[0].Pos, ew[i].Pos}, orb.Point{ns[len(ns)-1].Pos, ew[i].Pos}
	}
	i -= len(ew)
	return orb.Point{ns[i].Pos, ew[0].Pos}, orb.Point{ns[i].Pos, ew[len(ew)-1].Pos}
}

// slots returns the number of house numbers on each side of road i.
func (c *centre) slots(i int) int {
	a, b := c.roadEnds(i)
	return int(geo.Distance(a, b) / c.Frontage)
}

// slotPoint returns where house number n of road i stands: set back 12 m
// from the road on its side (even: north or east).
func (c *centre) slotPoint(i, n int) orb.Point {
	a, b := c.roadEnds(i)
	k := (n + 1) / 2
	t := (float64(k) - 0.5) * c.Frontage / geo.Distance(a, b)
	p := orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
	side := 12.0
	if n%2 == 1 {
		side = -12
	}
	if i < len(c.Grid.EW) {
		return offset(p, 0, side)
	}
	return offset(p, side, 0)
}

// numberAt returns the house number of road i nearest to p, on p's side.
func (c *centre) numberAt(i int, p orb.Point) int {
	a, b := c.roadEnds(i)
	var t float64
	odd := false
	if i < len(c.Grid.EW) {
		t = (p[0] - a[0]) / (b[0] - a[0])
		odd = p[1] < a[1]
	} else {
		t = (p[1] - a[1]) / (b[1] - a[1])
		odd = p[0] < a[0]
	}
	t = min(max(t, 0), 1)
	k := int(math.Round(t*geo.Distance(a, b)/c.Frontage + 0.5))
	k = min(max(k, 1), c.slots(i))
	if odd {
		return 2*k - 1
	}
	return 2 * k
}

func (c *centre) roadIndex(name string) int {
	for i, r := range c.roads() {
		if r.Name == name {
			return i
		}
	}
	return -1
}

// placeCentres lays out the blocks of every town centre as zoning units.
func (g *gen) placeCentres() error {
	g.towns = make([]townState, len(townships))
	for t := range townships {
		ts := &g.towns[t]
		ts.reserved = map[slot]bool{}
		ts.groups = map[string][]int{}
		ts.houses = map[string][]int{}
		c := townships[t].Centre
		if c == nil {
			continue
		}
		ew, ns := c.Grid.EW, c.Grid.NS
		if len(ew) < 2 || len(ns) < 2 {
			return fmt.Errorf("synth: %s: a road grid needs at least 2 roads each way", townships[t].Name)
		}
		ts.blocks = make([][]int, len(ew)-1)
		for i := 0; i+1 < len(ew); i++ {
			for j := 0; j+1 < len(ns); j++ {
				p := orb.Point{(ns[j].Pos + ns[j+1].Pos) / 2, (ew[i].Pos + ew[i+1].Pos) / 2}
				if !g.inside(p) {
					return fmt.Errorf("synth: %s: block %d,%d lies outside the county", townships[t].Name, i, j)
				}
				ts.blocks[i] = append(ts.blocks[i], len(g.units))
				g.units = append(g.units, unit{town: t, pt: p})
			}
		}
	}
	return nil
}

// placeGroups places the village groups of every village: away from each
// other and from the town blocks, so that every home's nearest unit is one of
// its own township's.
func (g *gen) placeGroups() error {
	for t := range townships {
		tw := &townships[t]
		spacing, spread := groupSpacingOasis, groupSpreadOasis
		if tw.Mountain {
			spacing, spread = groupSpacingMountain, groupSpreadMountain
		}
		for _, v := range tw.Villages {
			home := orb.Point{v.Lon, v.Lat}
			var pts []orb.Point
			for range v.Groups {
				p, err := g.groupPoint(home, spacing, spread, tw.Mountain)
				if err != nil {
					return fmt.Errorf("synth: %s %s: %w", tw.Name, v.Committee, err)
				}
				pts = append(pts, p)
				g.units = append(g.units, unit{town: t, pt: p, committee: v.Committee})
			}
			// 1组 is the group nearest the village's centre.
			first := len(g.units) - len(pts)
			slices.SortStableFunc(pts, func(a, b orb.Point) int { return cmp.Compare(metres(a, home), metres(b, home)) })
			for k, p := range pts {
				u := first + k
				g.units[u].pt = p
				g.units[u].group = k + 1
				g.towns[t].groups[v.Committee] = append(g.towns[t].groups[v.Committee], u)
			}
		}
	}
	g.rep.Units = len(g.units)
	return nil
}

func (g *gen) groupPoint(home orb.Point, spacing, spread float64, mountain bool) (orb.Point, error) {
	houses := houseSpreadOasis
	if mountain {
		houses = houseSpreadMountain
	}
	for try := 0; try < 2000; try++ {
		r := spread * math.Sqrt(g.rng.Float64()) * (1 + float64(try/500)*0.25)
		a := 2 * math.Pi * g.rng.Float64()
		p := round6(offset(home, r*math.Cos(a), r*math.Sin(a)))
		if p[1] > northLimit || !g.inside(p) || !g.inside(offset(p, houses, 0)) || !g.inside(offset(p, -houses, 0)) ||
			!g.inside(offset(p, 0, houses)) || !g.inside(offset(p, 0, -houses)) {
			continue
		}
		ok := true
		for _, u := range g.units {
			lim := groupSpacingOasis
			if u.committee == "" {
				lim = groupFromCentre
			} else if mountain {
				lim = spacing
			}
			if metres(p, u.pt) < lim {
				ok = false
				break
			}
		}
		if ok {
			return p, nil
		}
	}
	return orb.Point{}, fmt.Errorf("no room for a village group within %.0f m", spread*1.75)
}

// placeSchools creates the campuses, at their facts' places or at their
// village group, and reserves their address numbers.
func (g *gen) placeSchools() error {
	for i := range schools {
		f := &schools[i]
		t := townIndex(f.Town)
		if t < 0 {
			return fmt.Errorf("synth: school %s: unknown township %q", f.ID, f.Town)
		}
		s := dataset.School{ID: f.ID, Name: f.Name, AreaType: f.Area, Boarding: f.Boarding, Public: !f.Private,
			NineYear: f.NineYear}
		switch {
		case f.Road != "":
			c := townships[t].Centre
			r := -1
			if c != nil {
				r = c.roadIndex(f.Road)
			}
			if r < 0 {
				return fmt.Errorf("synth: school %s: %s has no road %q", f.ID, f.Town, f.Road)
			}
			s.Loc = orb.Point{f.Lon, f.Lat}
			n := c.numberAt(r, s.Loc)
			g.towns[t].reserved[slot{r, n}] = true
			s.Address = fmt.Sprintf("%s%s%d号", f.Town, f.Road, n)
		case f.Committee != "":
			us := g.towns[t].groups[f.Committee]
			if f.Group < 1 || f.Group > len(us) {
				return fmt.Errorf("synth: school %s: %s has no group %d", f.ID, f.Committee, f.Group)
			}
			s.Loc = round6(offset(g.units[us[f.Group-1]].pt, campusFromGroup, 0))
			// The campus's number follows the group's houses; set in makeHouseholds.
		default:
			return fmt.Errorf("synth: school %s: neither a road nor a village group", f.ID)
		}
		if !g.inside(s.Loc) {
			return fmt.Errorf("synth: school %s lies outside the county", f.ID)
		}
		g.schools = append(g.schools, s)
		g.facts = append(g.facts, f)
	}
	return nil
}

func townIndex(name string) int {
	for t := range townships {
		if townships[t].Name == name {
			return t
		}
	}
	return -1
}

// Places returns the county's place names for dataset.yaml, from the facts:
// the prefixes, the townships in the county's order (the official name of a
// township that addresses write otherwise, with its aliases), each with its
// communities (社区, 居委会) and its villages as addresses write them.
func Places() *address.Gazetteer {
	g := &address.Gazetteer{Prefixes: slices.Clone(prefixes)}
	order := make([]int, len(townships))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(townships[a].Rank, townships[b].Rank) })
	for _, t := range order {
		tw := &townships[t]
		pt := address.Township{Name: tw.Name, Aliases: slices.Clone(tw.Aliases)}
		if tw.Official != "" {
			pt.Name = tw.Official
		}
		if tw.Centre != nil {
			for _, c := range tw.Centre.Communities {
				if !strings.HasSuffix(c.Name, "村委会") { // a village committee: among the villages
					pt.Communities = append(pt.Communities, c.Name)
				}
			}
		}
		for _, v := range tw.Villages {
			pt.Villages = append(pt.Villages, villageName(v.Committee))
		}
		g.Townships = append(g.Townships, pt)
	}
	return g
}

// villageName is the committee's name as addresses write it: without 委会.
func villageName(committee string) string {
	const suffix = "委会"
	if len(committee) > len(suffix) && committee[len(committee)-len(suffix):] == suffix {
		return committee[:len(committee)-len(suffix)]
	}
	return committee
}

// split divides n into parts proportional to weights (largest remainder).
func split(n int, weights []float64) []int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(weights))
	left := n
	for i, w := range weights {
		x := float64(n) * w / sum
		out[i] = int(x)
		left -= out[i]
		rems[i] = rem{i, x - float64(out[i])}
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.r, a.r) })
	for k := 0; k < left; k++ {
		out[rems[k%len(rems)].i]++
	}
	return out
}

func (g *gen) uniform(lo, hi float64) float64 { return lo + (hi-lo)*g.rng.Float64() }

// addHousehold appends a household; its id follows the order of creation.
func (g *gen) addHousehold(t int, p orb.Point, address, community string, migrant float64, centre bool) {
	h := dataset.Household{
		ID:        fmt.Sprintf("h%06d", len(g.households)+1),
		Loc:       round6(p),
		Address:   address,
		Hukou:     dataset.Local,
		Community: community,
	}
	if g.rng.Float64() < migrant {
		h.Hukou = dataset.Migrant
		h.Permit = g.rng.Float64() < 0.5
	}
	g.households = append(g.households, h)
	g.homes = append(g.homes, home{town: t, seat: t == 0, centre: centre})
}

// makeHouseholds builds every household: compound flats and street houses
// in the town centres, houses by village group.
func (g *gen) makeHouseholds() error {
	for t := range townships {
		tw := &townships[t]
		inVillages := tw.Households
		if tw.Centre != nil {
			if err := g.centreHouseholds(t); err != nil {
				return err
			}
			inVillages -= tw.Centre.Households
		}
		if err := g.villageHouseholds(t, inVillages); err != nil {
			return err
		}
	}
	for i := range g.households {
		if !g.inside(g.households[i].Loc) {
			return fmt.Errorf("synth: household %s (%s) lies outside the county", g.households[i].ID, g.households[i].Address)
		}
	}
	return nil
}

func (g *gen) community(c *centre, p orb.Point) string {
	best, bd := "", math.Inf(1)
	for _, cm := range c.Communities {
		if d := metres(p, orb.Point{cm.Lon, cm.Lat}); d < bd {
			best, bd = cm.Name, d
		}
	}
	return best
}

func (g *gen) centreHouseholds(t int) error {
	tw := &townships[t]
	c := tw.Centre
	ts := &g.towns[t]
	flats := int(math.Round(float64(c.Households) * c.Apartments))
	houses := c.Households - flats
	nblocks := len(ts.blocks) * len(ts.blocks[0])
	if len(c.Compounds) > nblocks {
		return fmt.Errorf("synth: %s: %d compounds for %d blocks", tw.Name, len(c.Compounds), nblocks)
	}
	// Compounds: one per block, in blocks drawn at random.
	blocks := g.rng.Perm(nblocks)[:len(c.Compounds)]
	weights := make([]float64, len(c.Compounds))
	for i := range weights {
		weights[i] = g.uniform(0.5, 1.5)
	}
	sizes := split(flats, weights)
	for k, name := range c.Compounds {
		b := blocks[k]
		row, col := b/len(ts.blocks[0]), b%len(ts.blocks[0])
		g.compoundBlocks = append(g.compoundBlocks, compoundBlock{t, row, col})
		if err := g.compound(t, name, row, col, sizes[k]); err != nil {
			return err
		}
	}
	// Street houses on free house numbers, drawn at random, listed by road.
	var free []slot
	nroads := len(c.roads())
	for r := 0; r < nroads; r++ {
		for n := 1; n <= 2*c.slots(r); n++ {
			if !ts.reserved[slot{r, n}] {
				free = append(free, slot{r, n})
			}
		}
	}
	if houses > len(free) {
		return fmt.Errorf("synth: %s: %d street houses for %d free house numbers", tw.Name, houses, len(free))
	}
	g.rng.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	free = free[:houses]
	slices.SortFunc(free, func(a, b slot) int { return cmp.Or(cmp.Compare(a.road, b.road), cmp.Compare(a.number, b.number)) })
	roads := c.roads()
	for _, s := range free {
		p := c.slotPoint(s.road, s.number)
		p = offset(p, g.uniform(-3, 3), g.uniform(-3, 3))
		addr := fmt.Sprintf("%s%s%d号", tw.Name, roads[s.road].Name, s.number)
		g.addHousehold(t, p, addr, g.community(c, p), c.Migrant, true)
	}
	return nil
}

// compound lays out a residential compound in block (row, col) of town t with
// n households: buildings (栋) in rows, staircases (单元), flats (室).
func (g *gen) compound(t int, name string, row, col, n int) error {
	tw := &townships[t]
	c := tw.Centre
	ts := &g.towns[t]
	centrePt := g.units[ts.blocks[row][col]].pt
	floors, units := 5+g.rng.IntN(2), 2+g.rng.IntN(2)
	if g.rng.Float64() < c.HighRise {
		floors, units = 11+g.rng.IntN(8), 2
	}
	perBuilding := floors * units * 2
	// About 93% of flats are lived in by a registered household.
	nb := max(1, int(math.Ceil(float64(n)/(0.93*float64(perBuilding)))))
	// The gate is on the block's southern road, on its north side.
	gate := c.numberAt(row, centrePt)
	if gate%2 == 1 {
		gate++
	}
	ts.reserved[slot{row, gate}] = true
	// Buildings on a grid inside the middle 60% of the block.
	ew, ns := c.Grid.EW, c.Grid.NS
	w := (ns[col+1].Pos - ns[col].Pos) * 0.6
	h := (ew[row+1].Pos - ew[row].Pos) * 0.6
	cols := int(math.Ceil(math.Sqrt(float64(nb))))
	rows := (nb + cols - 1) / cols
	// The flats left empty, drawn at random.
	total := nb * perBuilding
	empty := make([]bool, total)
	for _, i := range g.rng.Perm(total)[:total-n] {
		empty[i] = true
	}
	left, flat := n, 0
	for b := 0; b < nb; b++ {
		r, k := b/cols, b%cols
		bp := orb.Point{centrePt[0] - w/2 + w*(float64(k)+0.5)/float64(cols),
			centrePt[1] - h/2 + h*(float64(r)+0.5)/float64(rows)}
		for u := 1; u <= units; u++ {
			up := offset(bp, (float64(u)-float64(units+1)/2)*unitOffset, 0)
			comm := g.community(c, up)
			for f := 1; f <= floors; f++ {
				for door := 1; door <= 2; door++ {
					flat++
					if empty[flat-1] {
						continue
					}
					addr := fmt.Sprintf("%s%s%d号%s%d栋%d单元%d%02d室", tw.Name, c.roads()[row].Name, gate, name, b+1, u, f, door)
					g.addHousehold(t, up, addr, comm, c.Migrant, true)
					left--
				}
			}
		}
	}
	if left > 0 {
		return fmt.Errorf("synth: %s %s: %d households without a flat", tw.Name, name, left)
	}
	return nil
}

func (g *gen) villageHouseholds(t, n int) error {
	tw := &townships[t]
	if len(tw.Villages) == 0 {
		if n != 0 {
			return fmt.Errorf("synth: %s: %d households but no villages", tw.Name, n)
		}
		return nil
	}
	weights := make([]float64, len(tw.Villages))
	for i, v := range tw.Villages {
		weights[i] = v.Weight
	}
	perVillage := split(n, weights)
	spread := houseSpreadOasis
	if tw.Mountain {
		spread = houseSpreadMountain
	}
	for i, v := range tw.Villages {
		us := g.towns[t].groups[v.Committee]
		gw := make([]float64, len(us))
		for k := range gw {
			gw[k] = g.uniform(0.6, 1.4)
		}
		perGroup := split(perVillage[i], gw)
		name := villageName(v.Committee)
		counts := make([]int, len(us))
		for k, u := range us {
			c := g.units[u].pt
			pts := make([]orb.Point, 0, perGroup[k])
			for len(pts) < perGroup[k] {
				r := spread * math.Sqrt(g.rng.Float64())
				a := 2 * math.Pi * g.rng.Float64()
				p := round6(offset(c, r*math.Cos(a), r*math.Sin(a)))
				if g.inside(p) {
					pts = append(pts, p)
				}
			}
			// Houses are numbered west to east.
			slices.SortStableFunc(pts, func(a, b orb.Point) int { return cmp.Compare(a[0], b[0]) })
			for h, p := range pts {
				addr := fmt.Sprintf("%s%s%d组%d号", tw.Name, name, k+1, h+1)
				g.addHousehold(t, p, addr, v.Committee, tw.Migrant, false)
			}
			counts[k] = len(pts)
		}
		g.towns[t].houses[v.Committee] = counts
	}
	// Village campuses take the number after their group's last house.
	for i, f := range g.facts {
		if f.Committee == "" || townIndex(f.Town) != t {
			continue
		}
		n := g.towns[t].houses[f.Committee][f.Group-1] + 1
		g.schools[i].Address = fmt.Sprintf("%s%s%d组%d号", tw.Name, villageName(f.Committee), f.Group, n)
	}
	return nil
}
