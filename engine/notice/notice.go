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
}

// Street is a road of a zone with the house numbers of its single houses
// (addresses with a road and a number but no compound) that are in the zone
// and not described by a listed community.
type Street struct {
	Township string
	Road     string  // with its suffix, e.g. 东风路, 东风路3巷
	Ranges   []Range // ascending, disjoint
}

// Range is an inclusive range of house numbers, From ≤ To, both numbers of
// the zone's single houses. The numbers are the leading integers of the
// written ones (12-3号 counts as 12). Ranges are merged over the numbers
// present on the road county-wide: a range covers every number present
// between From and To, which is either a single house of the zone or a
// number whose homes (compounds on the road) are all in the zone; two
// ranges are separated by a number present that is neither. So a range
// never covers a number whose homes are all in other zones. Numbers absent
// from the dataset may fall inside a range; odd and even sides are not
// assumed.
type Range struct{ From, To int }

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
	road   int32  // index into roads of the house's road number, -1 when none
	com    int32  // listable community, -1 when none
	unit   int32  // the unit no zone should split
	zone   int32  // school index, -1 when none
	single bool   // a single house: road and number, no compound
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
	return out
}

type describer struct {
	ds     *dataset.Dataset
	p      *address.Parser // the dataset's
	homes  []home
	byZone [][]int32 // households of each school

	units     [][]int32 // households of each unit
	unitZone  []int32   // summary zone of each unit
	unitName  []string  // compound name to write when not the parsed one
	coms      []townName
	comZone   []int32 // summary zone of each community
	listed    []bool  // community listed under 社区 (after closeCommunities)
	villages  map[townName][]int32
	roads     []townName
	roadIdx   map[townName]int32
	roadNums  [][]int             // per road: numbers present county-wide, ascending
	numHomes  map[roadNum][]int32 // households at a house number
	ambiguous map[string]bool     // community names used in several townships
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
		numHomes:  map[roadNum][]int32{},
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
			if _, num, ok := a.Street(); ok {
				m.kind, m.name, m.sub, m.single = kindStreet, a.Road, num, true
			} else {
				m.kind, m.name = kindAddress, addressText(a)
			}
		}
		if road, num, ok := a.Street(); ok {
			k := townName{a.Township, road}
			r, seen := d.roadIdx[k]
			if !seen {
				r = int32(len(d.roads))
				d.roadIdx[k] = r
				d.roads = append(d.roads, k)
			}
			m.road = r
			rn := roadNum{r, num}
			d.numHomes[rn] = append(d.numHomes[rn], int32(h))
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
	d.roadNums = make([][]int, len(d.roads))
	for rn := range d.numHomes {
		d.roadNums[rn.road] = append(d.roadNums[rn.road], rn.n)
	}
	for _, ns := range d.roadNums {
		slices.Sort(ns)
	}
	return d
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
// listed communities of that zone. Otherwise a home would be described both
// by its community and by its unit's item.
func (d *describer) closeCommunities() {
	d.listed = make([]bool, len(d.coms))
	for c, z := range d.comZone {
		// A community written without a township whose name a township
		// uses may be that township's: listing it would be ambiguous.
		d.listed[c] = z >= 0 && (d.coms[c].town != "" || !d.ambiguous[d.coms[c].name])
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
	streets := map[int32]bool{}
	addrs := map[townName]bool{}
	for _, h := range d.byZone[s] {
		m := &d.homes[h]
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
		case kindStreet:
			streets[m.road] = true
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

	for r := range streets {
		z.Streets = append(z.Streets, Street{Township: d.roads[r].town, Road: d.roads[r].name, Ranges: d.ranges(r, s)})
	}
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

// ranges returns the house-number ranges of road r in zone s. A number of
// the road is the zone's own when a single house there is in the zone and
// not described by its community; it may be bridged when no single house
// uses it and all its homes (compounds on the road) are in the zone; any
// other number breaks a range.
func (d *describer) ranges(r, s int32) []Range {
	var out []Range
	open := false
	var cur Range
	pending := -1 // last own number of the open range
	for _, n := range d.roadNums[r] {
		own, bridge := false, true
		for _, h := range d.numHomes[roadNum{r, n}] {
			m := &d.homes[h]
			if m.single {
				bridge = false
				if m.zone == s && !d.covered(h) {
					own = true
				}
			} else if m.zone != s {
				bridge = false
			}
		}
		switch {
		case own:
			if !open {
				cur, open = Range{From: n}, true
			}
			pending = n
		case bridge && open:
		default:
			if open {
				cur.To = pending
				out = append(out, cur)
				open = false
			}
		}
	}
	if open {
		cur.To = pending
		out = append(out, cur)
	}
	return out
}
