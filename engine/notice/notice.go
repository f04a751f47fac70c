package notice

import (
	"slices"
	"strings"

	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Zone is the description of one school's zone for one level. The lists are
// in township order (the order of the dataset's gazetteer, Parser.Townships,
// then unknown townships by name, then none), then by name with numbers
// compared numerically.
type Zone struct {
	SchoolID   string
	SchoolName string

	// Communities are the neighbourhood committees (社区, 居委会) all of whose
	// households are in the zone, by name; a name that several townships use
	// is written after its township (大丰镇幸福社区). Village committees
	// (村委会) are described by Villages instead.
	Communities []string
	Compounds   []Compound
	Streets     []Street
	Villages    []Village

	// Addresses are the homes that none of the other items can describe
	// (the address package could not place them, or a village home without
	// a group number in a village not wholly in the zone), each by its
	// canonical address (address.Address.String), or NoAddress.
	Addresses []string

	// Households is the number of households in the zone; ReadCSV leaves it 0.
	Households int
}

// Compound is a residential compound (小区) of a zone.
type Compound struct {
	Township string // official township name; empty when the addresses give none
	// Name is the compound as the dataset's parser reports it (锦华苑), with the 小区
	// that Parse drops written back when most of its addresses write it
	// (安居小区).
	Name    string
	Partial bool // some of the compound's households are in another zone, or in none
	// Qualified is set when the level's compounds use the name in several
	// townships: the text then writes the township before it.
	Qualified bool
}

// Street is a road of a zone with the zone's share of its house numbers.
//
// Describe shares out every number of every road of the county among the
// zones of the level, from 1 (0 when a house is numbered 0) to the largest
// number of a home on the road, so that a reader with any number of the
// road finds exactly one school: a number goes to the zone of its single
// houses (addresses with a road and a number but no compound; a lane's
// houses, 长宁路1018弄5号, stand at the lane's number, 1018), the most of
// them when they are split, else to the zone of its other homes (a
// compound at 东风路50号), the most of them; a number where no home is goes
// to the zone of the nearest numbers on its side of the road (odd or even),
// else on either side. A number whose homes are in no zone is in no range.
// The numbers are the leading integers of the written ones (12-3号 and
// 12附1号 count as 12); a single house at a number that went to another
// zone is listed among the zone's Addresses.
type Street struct {
	Township string
	Road     string  // with its suffix, e.g. 东风路, 东风路3巷
	Ranges   []Range // by From, covering disjoint numbers
	// Qualified is set when the level's streets use the road's name in
	// several townships (团结路 of 呼图壁镇 and of 雀尔沟镇): the text then
	// writes the township before it, 呼图壁镇团结路.
	Qualified bool
}

// Range is an inclusive range of house numbers, From ≤ To: all of them, or
// with Parity Odd (单号) or Even (双号) only those of one side of the road,
// From and To then of that parity and From < To. Describe words a zone's
// share of a road in the fewest characters of text.
type Range struct {
	From, To int
	Parity   Parity
}

// Village is a village (村) of a zone with its groups (村民小组).
type Village struct {
	Township string
	Name     string // with its 村, e.g. 红山村
	Groups   []int  // ascending; nil when All
	Partial  []int  // the groups of Groups that also have households in another zone, or in none
	All      bool   // every household of the village county-wide is in the zone: 全村
}

// home is one household as Describe sees it.
type home struct {
	kind   uint8
	town   string
	name   string // compound, village, road, or canonical address
	sub    int    // village group or house number; -1 when none
	road   int32  // index into roads of the home's road, -1 when none
	num    int    // the home's number on the road
	com    int32  // listable community, -1 when none
	unit   int32  // the unit no zone should split
	zone   int32  // school index, -1 when none
	single bool   // a single house: road and number (or lane), no compound
}

const (
	kindCompound uint8 = iota
	kindVillage
	kindStreet
	kindAddress
)

type unitKey struct {
	kind uint8
	town string
	name string
	sub  int
}

type townName struct{ town, name string }

type roadNum struct {
	road int32
	n    int
}

// Summary zone values of a set of households.
const (
	zoneNone  = -3 // the set is empty
	zoneMixed = -2 // several zones, or a household without a zone
)

func merge(acc, z int32) int32 {
	switch {
	case acc == zoneNone:
		return z
	case acc == z:
		return acc
	}
	return zoneMixed
}

// Describe describes the zones of one level. schoolOf[h] is the index in
// ds.Schools of the school whose zone holds household h (ds.Households[h]),
// or -1; an index out of range, or a household beyond the end of schoolOf,
// counts as -1. It returns one Zone per school with at least one household,
// in ds.Schools order.
func Describe(ds *dataset.Dataset, schoolOf []int) []Zone {
	d := newDescriber(ds, schoolOf)
	d.closeCommunities()
	var out []Zone
	for s := range ds.Schools {
		if len(d.byZone[s]) > 0 {
			out = append(out, d.zone(int32(s)))
		}
	}
	qualify(out)
	return out
}

// qualify sets Qualified on the compounds and streets of zs (one level's
// zones) whose name the level's compounds, or streets, use in several
// townships (the empty township counting as one).
func qualify(zs []Zone) {
	compounds, roads := map[string]map[string]bool{}, map[string]map[string]bool{}
	add := func(m map[string]map[string]bool, name, town string) {
		if m[name] == nil {
			m[name] = map[string]bool{}
		}
		m[name][town] = true
	}
	for _, z := range zs {
		for _, c := range z.Compounds {
			add(compounds, c.Name, c.Township)
		}
		for _, s := range z.Streets {
			add(roads, s.Road, s.Township)
		}
	}
	for i := range zs {
		for j := range zs[i].Compounds {
			c := &zs[i].Compounds[j]
			c.Qualified = c.Township != "" && len(compounds[c.Name]) > 1
		}
		for j := range zs[i].Streets {
			s := &zs[i].Streets[j]
			s.Qualified = s.Township != "" && len(roads[s.Road]) > 1
		}
	}
}

type describer struct {
	ds     *dataset.Dataset
	p      *address.Parser // the dataset's
	homes  []home
	byZone [][]int32 // households of each school

	units    [][]int32 // households of each unit
	unitZone []int32   // summary zone of each unit
	unitName []string  // compound name to write when not the parsed one
	coms     []townName
	comZone  []int32 // summary zone of each community
	listed   []bool  // community listed under 社区 (after closeCommunities)
	villages map[townName][]int32
	roads    []townName
	roadIdx  map[townName]int32
	owner    map[roadNum]int32 // the zone of each number present on a road (-1: none)
	// split are the addresses of single houses whose number went to
	// another zone; a home of that zone at the same address is listed
	// too, as the text cannot tell them apart.
	split     map[townName]bool
	streetsOf [][]Street      // per school: its share of the roads
	ambiguous map[string]bool // community names used in several townships
}

func newDescriber(ds *dataset.Dataset, schoolOf []int) *describer {
	n := len(ds.Households)
	d := &describer{
		ds:        ds,
		p:         ds.Parser(),
		homes:     make([]home, n),
		byZone:    make([][]int32, len(ds.Schools)),
		villages:  map[townName][]int32{},
		roadIdx:   map[townName]int32{},
		owner:     map[roadNum]int32{},
		split:     map[townName]bool{},
		ambiguous: map[string]bool{},
	}
	unitIdx := map[unitKey]int32{}
	comIdx := map[townName]int32{}
	comTown := map[string]string{}
	var xiaoqu []int // per compound unit: addresses writing 小区 minus the others
	for h := range ds.Households {
		hh := &ds.Households[h]
		a := d.p.Parse(hh.Address)
		z := int32(-1)
		if h < len(schoolOf) && schoolOf[h] >= 0 && schoolOf[h] < len(ds.Schools) {
			z = int32(schoolOf[h])
			d.byZone[z] = append(d.byZone[z], int32(h))
		}
		m := home{town: a.Township, sub: -1, road: -1, com: -1, zone: z}
		switch {
		case a.Extra != "":
			m.kind, m.town, m.name = kindAddress, a.Township, addressText(a)
		case a.Compound != "":
			m.kind, m.name = kindCompound, a.Compound
		case a.Village != "":
			m.kind, m.name = kindVillage, a.Village
			if g, ok := atoi(a.Group); ok {
				m.sub = g
			} else if a.Group != "" {
				// A group such as 5A: its own unit, listed by address.
				m.name = a.Village + "\x00" + a.Group
			}
		default:
			if _, num, ok := roadNumber(a); ok {
				m.kind, m.name, m.sub, m.single = kindStreet, a.Road, num, true
			} else {
				m.kind, m.name = kindAddress, addressText(a)
			}
		}
		if road, num, ok := roadNumber(a); ok && a.Village == "" && a.Extra == "" {
			k := townName{a.Township, road}
			r, seen := d.roadIdx[k]
			if !seen {
				r = int32(len(d.roads))
				d.roadIdx[k] = r
				d.roads = append(d.roads, k)
			}
			m.road, m.num = r, num
		}
		if c := community(hh.Community, a); c != "" {
			k := townName{a.Township, c}
			id, seen := comIdx[k]
			if !seen {
				id = int32(len(d.coms))
				comIdx[k] = id
				d.coms = append(d.coms, k)
				d.comZone = append(d.comZone, zoneNone)
				if t, ok := comTown[c]; ok && t != a.Township {
					d.ambiguous[c] = true
				}
				comTown[c] = a.Township
			}
			m.com = id
			d.comZone[id] = merge(d.comZone[id], z)
		}
		uk := unitKey{m.kind, m.town, m.name, m.sub}
		u, seen := unitIdx[uk]
		if !seen {
			u = int32(len(d.units))
			unitIdx[uk] = u
			d.units = append(d.units, nil)
			d.unitZone = append(d.unitZone, zoneNone)
		}
		m.unit = u
		d.units[u] = append(d.units[u], int32(h))
		if m.kind == kindCompound {
			// Parse reads 安居小区 as 安居; the notice writes the name as
			// most of the compound's addresses do.
			for int(u) >= len(xiaoqu) {
				xiaoqu = append(xiaoqu, 0)
			}
			if !strings.HasSuffix(a.Compound, "小区") && strings.Contains(hh.Address, a.Compound+"小区") {
				xiaoqu[u]++
			} else {
				xiaoqu[u]--
			}
		}
		d.unitZone[u] = merge(d.unitZone[u], z)
		if m.kind == kindVillage {
			k := townName{m.town, a.Village}
			d.villages[k] = append(d.villages[k], int32(h))
		}
		d.homes[h] = m
	}
	d.unitName = make([]string, len(d.units))
	for u, n := range xiaoqu {
		if n > 0 {
			d.unitName[u] = d.homes[d.units[u][0]].name + "小区"
		}
	}
	d.shareRoads()
	return d
}

// roadNumber returns the road of a home and its number on it: the lane's
// number for a lane's house (长宁路1018弄5号: 1018), else the leading
// integer of the house number (address.Address.Street).
func roadNumber(a address.Address) (road string, n int, ok bool) {
	if a.Lane != "" && a.Road != "" {
		i := 0
		for i < len(a.Lane) && isDigit(a.Lane[i]) {
			i++
		}
		n, ok = atoi(a.Lane[:i])
		return a.Road, n, ok
	}
	return a.Street()
}

// shareRoads shares out the numbers of every road among the zones (see
// Street) into streetsOf. A road written without its township is the road
// of that name of the one township that has one, when exactly one has.
func (d *describer) shareRoads() {
	towns := map[string][]int32{} // road name → its roads with a township
	for r, k := range d.roads {
		if k.town != "" {
			towns[k.name] = append(towns[k.name], int32(r))
		}
	}
	byRoad := make([][]int32, len(d.roads))
	for h := range d.homes {
		m := &d.homes[h]
		if m.road < 0 {
			continue
		}
		if k := d.roads[m.road]; k.town == "" && len(towns[k.name]) == 1 {
			m.road = towns[k.name][0]
		}
		byRoad[m.road] = append(byRoad[m.road], int32(h))
	}
	d.streetsOf = make([][]Street, len(d.ds.Schools))
	singles := map[int32]int{}
	others := map[int32]int{}
	for r, hs := range byRoad {
		if len(hs) == 0 {
			continue
		}
		slices.SortFunc(hs, func(x, y int32) int {
			if c := d.homes[x].num - d.homes[y].num; c != 0 {
				return c
			}
			return int(x - y)
		})
		var nums []int
		var owners []int32
		for i := 0; i < len(hs); {
			n := d.homes[hs[i]].num
			clear(singles)
			clear(others)
			for ; i < len(hs) && d.homes[hs[i]].num == n; i++ {
				m := &d.homes[hs[i]]
				switch {
				case m.zone < 0:
				case m.single:
					singles[m.zone]++
				default:
					others[m.zone]++
				}
			}
			z := most(singles)
			if z < 0 {
				z = most(others)
			}
			nums = append(nums, n)
			owners = append(owners, z)
			d.owner[roadNum{int32(r), n}] = z
			for j := i - 1; j >= 0 && d.homes[hs[j]].num == n; j-- {
				if m := &d.homes[hs[j]]; m.single && m.zone >= 0 && m.zone != z {
					d.split[d.addressOf(hs[j])] = true
				}
			}
		}
		ps := pieces(nums, owners)
		seen := map[int32]bool{}
		for _, p := range ps {
			for _, z := range [2]int32{p.odd, p.even} {
				if z < 0 || seen[z] {
					continue
				}
				seen[z] = true
				if rs := wordRanges(ps, z); len(rs) > 0 {
					d.streetsOf[z] = append(d.streetsOf[z], Street{Township: d.roads[r].town, Road: d.roads[r].name, Ranges: rs})
				}
			}
		}
	}
}

// addressOf is how Zone.Addresses lists household h, with its township.
func (d *describer) addressOf(h int32) townName {
	return townName{d.homes[h].town, addressText(d.p.Parse(d.ds.Households[h].Address))}
}

// most returns the zone with the largest count, the lowest of those tied;
// -1 when there is none.
func most(counts map[int32]int) int32 {
	best, n := int32(-1), 0
	for z, c := range counts {
		if c > n || c == n && z < best {
			best, n = z, c
		}
	}
	return best
}

// community returns the neighbourhood committee of a home: the community
// column when given, else the 社区 of its address; empty for a village
// committee (村委会), which Villages describe.
func community(column string, a address.Address) string {
	c := strings.TrimSpace(column)
	if c == "" {
		c = a.Community
	}
	for _, s := range []string{"村民委员会", "村委会", "村"} {
		if strings.HasSuffix(c, s) {
			return ""
		}
	}
	return c
}

// maxNumber is the largest house or group number: the largest int32, as
// address.Address.Street allows.
const maxNumber = 1<<31 - 1

// atoi reads a decimal integer from 0 to maxNumber written with ASCII digits
// only.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 10 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	if n > maxNumber {
		return 0, false
	}
	return n, true
}

// closeCommunities decides which communities are listed under 社区: those
// wholly in one zone, known by their name (a name that several townships
// use needs the township), such that every unit (compound, village group, house
// number) with a household in a listed community has all its households in
// listed communities of that zone, and every home on a road of a listed
// community stands at a number of the zone. Otherwise a home would be
// described both by its community and by its unit's item, or its number's
// range, of another zone.
func (d *describer) closeCommunities() {
	d.listed = make([]bool, len(d.coms))
	for c, z := range d.comZone {
		// A community written without a township whose name a township
		// uses may be that township's: listing it would be ambiguous.
		d.listed[c] = z >= 0 && (d.coms[c].town != "" || !d.ambiguous[d.coms[c].name])
	}
	// A home of a listed community stands at a number of its zone's
	// ranges, so that the community and the road say the same.
	for h := range d.homes {
		m := &d.homes[h]
		if m.com >= 0 && m.road >= 0 && d.owner[roadNum{m.road, m.num}] != d.comZone[m.com] {
			d.listed[m.com] = false
		}
	}
	for changed := true; changed; {
		changed = false
		for u, hs := range d.units {
			z := d.unitZone[u]
			ok := z >= 0
			touched := false
			for _, h := range hs {
				c := d.homes[h].com
				in := c >= 0 && d.listed[c]
				touched = touched || in
				ok = ok && in
			}
			if !touched || ok {
				continue
			}
			for _, h := range hs {
				if c := d.homes[h].com; c >= 0 && d.listed[c] {
					d.listed[c] = false
					changed = true
				}
			}
		}
	}
}

// covered reports whether household h is described by its community.
func (d *describer) covered(h int32) bool {
	c := d.homes[h].com
	return c >= 0 && d.listed[c]
}

// zone describes school s's zone.
func (d *describer) zone(s int32) Zone {
	sc := &d.ds.Schools[s]
	z := Zone{SchoolID: sc.ID, SchoolName: sc.Name, Households: len(d.byZone[s])}

	var coms []townName
	seenUnit := map[int32]bool{}
	villages := map[townName]bool{}
	addrs := map[townName]bool{}
	for _, h := range d.byZone[s] {
		m := &d.homes[h]
		if m.single && d.owner[roadNum{m.road, m.num}] != s {
			// Its number went to another zone: listed by address.
			addrs[d.addressOf(h)] = true
			continue
		}
		if m.single && len(d.split) > 0 {
			if k := d.addressOf(h); d.split[k] {
				addrs[k] = true // the same address in another zone
			}
		}
		if d.covered(h) {
			continue
		}
		if seenUnit[m.unit] {
			continue
		}
		seenUnit[m.unit] = true
		switch m.kind {
		case kindCompound:
			name := m.name
			if n := d.unitName[m.unit]; n != "" {
				name = n
			}
			z.Compounds = append(z.Compounds, Compound{Township: m.town, Name: name, Partial: d.unitZone[m.unit] != s})
		case kindVillage:
			villages[townName{m.town, villageName(m.name)}] = true
		case kindStreet: // its number's range
		default:
			addrs[townName{m.town, m.name}] = true
		}
	}
	for c, z := range d.comZone {
		if z == s && d.listed[c] {
			coms = append(coms, d.coms[c])
		}
	}
	sortBy(d.p, coms, func(k townName) (string, string) { return k.town, k.name })
	for _, k := range coms {
		name := k.name
		if d.ambiguous[name] {
			name = k.town + name
		}
		z.Communities = append(z.Communities, name)
	}
	sortBy(d.p, z.Compounds, func(c Compound) (string, string) { return c.Township, c.Name })

	z.Streets = slices.Clone(d.streetsOf[s])
	sortBy(d.p, z.Streets, func(st Street) (string, string) { return st.Township, st.Road })

	for k := range villages {
		v, rest := d.village(k, s)
		if v.All || len(v.Groups) > 0 {
			z.Villages = append(z.Villages, v)
		}
		for _, h := range rest {
			addrs[townName{d.homes[h].town, addressText(d.p.Parse(d.ds.Households[h].Address))}] = true
		}
	}
	sortBy(d.p, z.Villages, func(v Village) (string, string) { return v.Township, v.Name })

	var as []townName
	for k := range addrs {
		as = append(as, k)
	}
	sortBy(d.p, as, func(k townName) (string, string) { return k.town, k.name })
	for _, k := range as {
		z.Addresses = append(z.Addresses, k.name)
	}
	return z
}

// NoAddress stands in Zone.Addresses for the homes whose address is empty
// (or nothing but punctuation and spaces).
const NoAddress = "（无地址）"

// addressText is how Zone.Addresses lists a home.
func addressText(a address.Address) string {
	if s := a.String(); s != "" {
		return s
	}
	return NoAddress
}

// villageName strips the odd group (5A) that newDescriber appends to a
// village name.
func villageName(name string) string {
	v, _, _ := strings.Cut(name, "\x00")
	return v
}

// village describes village k in zone s. rest are the households of the
// village in the zone that its groups cannot describe (no group number, or
// one that is not an integer) when it is not wholly in the zone.
func (d *describer) village(k townName, s int32) (v Village, rest []int32) {
	v = Village{Township: k.town, Name: k.name, All: true}
	for _, h := range d.villages[k] {
		if d.homes[h].zone != s || d.covered(h) {
			v.All = false
			break
		}
	}
	if v.All {
		return v, nil
	}
	for _, h := range d.villages[k] {
		m := &d.homes[h]
		if m.zone != s || d.covered(h) {
			continue
		}
		if m.sub < 0 {
			rest = append(rest, h)
			continue
		}
		if !slices.Contains(v.Groups, m.sub) {
			v.Groups = append(v.Groups, m.sub)
			if d.unitZone[m.unit] != s {
				v.Partial = append(v.Partial, m.sub)
			}
		}
	}
	slices.Sort(v.Groups)
	slices.Sort(v.Partial)
	return v, rest
}
