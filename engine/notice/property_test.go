package notice

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// reporter is what the checks need of a *testing.T.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// recorder is a reporter that only records failure, for testing the checks.
type recorder struct{ failed bool }

func (r *recorder) Helper()                           {}
func (r *recorder) Errorf(format string, args ...any) { r.failed = true }
func (r *recorder) Fatalf(format string, args ...any) { r.failed = true; runtime.Goexit() }

// match is how one item of a zone describes a household.
type match struct {
	kind    string
	partial bool   // a compound or group marked partial
	number  int    // the house number, for a street match
	item    string // which item: kind|township|name|detail
}

// Specificity of the kinds, most specific first: a reader goes by the
// most specific item that names the home in any zone's text.
var specificity = map[string]int{KindAddress: 0, KindCompound: 1, KindVillage: 2, KindStreet: 3, KindCommunity: 4}

// matches lists the items of z that name hh, by the rules of the package
// doc, worked out here from the parsed address independently of
// Describe's bookkeeping: its community, its compound, its village and
// group, the range holding its number on its road (a lane's house at the
// lane's number) when it has no village, and its address. uniq gives the
// township of each road name that one township has (roadTowns): the road
// of an address without a township.
func matches(p *address.Parser, z *Zone, hh *dataset.Household, uniq map[string]string) []match {
	return matchesOf(p.Parse(hh.Address), hh, z, uniq)
}

// matchesOf is matches with the address parsed.
func matchesOf(a address.Address, hh *dataset.Household, z *Zone, uniq map[string]string) []match {
	var out []match
	com := strings.TrimSpace(hh.Community)
	if com == "" {
		com = a.Community
	}
	if strings.HasSuffix(com, "村委会") || strings.HasSuffix(com, "村民委员会") || strings.HasSuffix(com, "村") {
		com = ""
	}
	if com != "" {
		for _, c := range z.Communities {
			if c == com || c == a.Township+com {
				out = append(out, match{kind: KindCommunity, item: KindCommunity + "|" + c})
			}
		}
	}
	text := a.String()
	if text == "" {
		text = NoAddress
	}
	for _, s := range z.Addresses {
		if s == text {
			out = append(out, match{kind: KindAddress, item: KindAddress + "|" + s})
		}
	}
	if a.Extra != "" {
		return out
	}
	if a.Compound != "" {
		for _, c := range z.Compounds {
			if c.Township == a.Township && (c.Name == a.Compound || c.Name == a.Compound+"小区") {
				out = append(out, match{kind: KindCompound, partial: c.Partial, item: compoundItem(c)})
			}
		}
	}
	if a.Village != "" {
		g, err := strconv.Atoi(a.Group)
		numeric := err == nil && a.Group != "" && a.Group[0] != '+' && a.Group[0] != '-'
		for _, v := range z.Villages {
			if v.Township != a.Township || v.Name != a.Village {
				continue
			}
			switch {
			case v.All:
				out = append(out, match{kind: KindVillage, item: villageItem(v, -1)})
			case numeric && slices.Contains(v.Groups, g):
				out = append(out, match{kind: KindVillage, partial: slices.Contains(v.Partial, g), item: villageItem(v, g)})
			}
		}
		return out
	}
	if road, n, ok := roadNumber(a); ok {
		town := a.Township
		if t, ok := uniq[road]; ok && town == "" {
			town = t
		}
		for _, s := range z.Streets {
			if s.Road != road || s.Township != town {
				continue
			}
			for _, r := range s.Ranges {
				if r.Contains(n) {
					out = append(out, match{kind: KindStreet, number: n, item: rangeItem(s, r)})
				}
			}
		}
	}
	return out
}

// parsedCache holds each dataset's parsed addresses (parsedOf).
var parsedCache sync.Map // *dataset.Dataset → []address.Address

// parsedOf returns the dataset's addresses parsed, once per dataset.
func parsedOf(ds *dataset.Dataset) []address.Address {
	if v, ok := parsedCache.Load(ds); ok && len(v.([]address.Address)) == len(ds.Households) {
		return v.([]address.Address)
	}
	out := make([]address.Address, len(ds.Households))
	for h := range ds.Households {
		out[h] = ds.Parser().Parse(ds.Households[h].Address)
	}
	parsedCache.Store(ds, out)
	return out
}

// roadTowns returns the township of each road name of the dataset's homes
// that exactly one township has.
func roadTowns(ds *dataset.Dataset) map[string]string {
	towns := map[string]map[string]bool{}
	for _, a := range parsedOf(ds) {
		if name, _, ok := roadNumber(a); ok && a.Village == "" && a.Extra == "" && a.Township != "" {
			if towns[name] == nil {
				towns[name] = map[string]bool{}
			}
			towns[name][a.Township] = true
		}
	}
	out := map[string]string{}
	for name, ts := range towns {
		if len(ts) == 1 {
			for t := range ts {
				out[name] = t
			}
		}
	}
	return out
}

func compoundItem(c Compound) string { return KindCompound + "|" + c.Township + "|" + c.Name }

func villageItem(v Village, g int) string {
	return fmt.Sprintf("%s|%s|%s|%d", KindVillage, v.Township, v.Name, g)
}

func rangeItem(s Street, r Range) string {
	return fmt.Sprintf("%s|%s|%s|%s", KindStreet, s.Township, s.Road, FormatRanges([]Range{r}))
}

// single reports whether the household is a single house, and its road
// number.
func single(p *address.Parser, hh *dataset.Household) (town, road string, n int, ok bool) {
	a := p.Parse(hh.Address)
	road, n, ok = roadNumber(a)
	return a.Township, road, n, ok && a.Extra == "" && a.Compound == "" && a.Village == ""
}

// checkDescription checks the invariants of Describe's result zones for the
// dataset and schoolOf:
//   - one zone per school with households, in school order, with the count;
//   - a reader finds every household of a zone by the most specific item
//     that names it in any zone's text (address, compound, village group,
//     house number, community): exactly one item of its own zone, and in
//     another zone only an item marked partial or an address that a home
//     of that zone has too; a household in no zone is named only so;
//   - the roads: see checkRoads;
//   - listed communities and whole villages have all their homes in the
//     zone, and every item but a range describes some home of the zone;
//   - items are in township order;
//   - ParseText reads each zone's text back to its items.
func checkDescription(t reporter, ds *dataset.Dataset, schoolOf []int, zones []Zone) {
	t.Helper()
	checkReader(t, ds, schoolOf, zones, false)
}

// checkReader checks what checkDescription does; light leaves out the
// items' own checks (checkZone), which take long on a large county, but
// for ParseText.
func checkReader(t reporter, ds *dataset.Dataset, schoolOf []int, zones []Zone, light bool) {
	t.Helper()
	zoneOf := make([]int, len(ds.Households))
	count := make([]int, len(ds.Schools))
	for h := range zoneOf {
		zoneOf[h] = -1
		if h < len(schoolOf) && schoolOf[h] >= 0 && schoolOf[h] < len(ds.Schools) {
			zoneOf[h] = schoolOf[h]
			count[schoolOf[h]]++
		}
	}
	zi := 0
	school := make([]int, len(zones)) // the school of each zone
	for s, sc := range ds.Schools {
		if count[s] == 0 {
			continue
		}
		if zi >= len(zones) || zones[zi].SchoolID != sc.ID {
			t.Fatalf("zone %d: want school %s", zi, sc.ID)
		}
		if zones[zi].Households != count[s] {
			t.Errorf("%s: Households %d, want %d", sc.ID, zones[zi].Households, count[s])
		}
		school[zi] = s
		zi++
	}
	if zi != len(zones) {
		t.Fatalf("%d zones, want %d", len(zones), zi)
	}
	used := make([]map[string]bool, len(zones)) // items that describe a home of the zone
	for i := range used {
		used[i] = map[string]bool{}
	}
	uniq := roadTowns(ds)
	parsed := parsedOf(ds)
	byText := map[string][]int{} // households by canonical address
	for h := range ds.Households {
		byText[parsed[h].String()] = append(byText[parsed[h].String()], h)
	}
	// The zones whose items name a place: only they can describe a home
	// of it.
	named := map[string][]int{}
	for i, z := range zones {
		var ns []string
		ns = append(ns, z.Communities...)
		ns = append(ns, z.Addresses...)
		for _, c := range z.Compounds {
			ns = append(ns, c.Name)
		}
		for _, st := range z.Streets {
			ns = append(ns, st.Road)
		}
		for _, v := range z.Villages {
			ns = append(ns, v.Name)
		}
		for _, n := range ns {
			if k := len(named[n]); k == 0 || named[n][k-1] != i {
				named[n] = append(named[n], i)
			}
		}
	}
	for h := range ds.Households {
		hh := &ds.Households[h]
		ms := make([][]match, len(zones))
		best := len(specificity)
		a := parsed[h]
		road, _, _ := roadNumber(a)
		com := strings.TrimSpace(hh.Community)
		if com == "" {
			com = a.Community
		}
		text := a.String()
		if text == "" {
			text = NoAddress
		}
		cand := map[int]bool{}
		for _, n := range []string{a.Compound, a.Compound + "小区", road, a.Village, text, com, a.Township + com} {
			for _, i := range named[n] {
				cand[i] = true
			}
		}
		for i := range zones {
			if !cand[i] {
				continue
			}
			ms[i] = matchesOf(parsed[h], hh, &zones[i], uniq)
			for _, m := range ms[i] {
				best = min(best, specificity[m.kind])
			}
		}
		for i := range zones {
			var of []match
			for _, m := range ms[i] {
				if specificity[m.kind] == best {
					of = append(of, m)
				}
			}
			if school[i] == zoneOf[h] {
				if len(of) != 1 {
					t.Errorf("%s: %s (%s) described by %d items %+v:\n%s", zones[i].SchoolID, hh.Address, hh.Community, len(of), of, zones[i].Text())
				} else {
					used[i][of[0].item] = true
				}
				continue
			}
			for _, m := range of {
				// A home in no zone at a number of the zone's.
				ok := m.partial || m.kind == KindStreet && zoneOf[h] < 0
				if m.kind == KindAddress {
					for _, g := range byText[parsed[h].String()] {
						ok = ok || zoneOf[g] == school[i]
					}
				}
				if !ok {
					t.Errorf("%s: %s of zone %d described by %+v:\n%s", zones[i].SchoolID, hh.Address, zoneOf[h], m, zones[i].Text())
				}
			}
		}
	}
	for i := range zones {
		if light {
			checkParse(t, ds, &zones[i])
		} else {
			checkZone(t, ds, zoneOf, school[i], &zones[i], used[i])
		}
	}
	checkRoads(t, ds, zoneOf, zones, school)
}

func checkZone(t reporter, ds *dataset.Dataset, zoneOf []int, s int, z *Zone, used map[string]bool) {
	t.Helper()
	uniq := roadTowns(ds)
	for _, c := range z.Communities {
		if !used[KindCommunity+"|"+c] {
			for h := range ds.Households {
				if zoneOf[h] == s && slices.ContainsFunc(matches(ds.Parser(), z, &ds.Households[h], uniq), func(m match) bool { return m.kind == KindCommunity }) {
					used[KindCommunity+"|"+c] = true
				}
			}
		}
		if !used[KindCommunity+"|"+c] {
			t.Errorf("%s: community %s describes no home", z.SchoolID, c)
		}
		for h := range ds.Households {
			for _, m := range matches(ds.Parser(), z, &ds.Households[h], uniq) {
				if m.kind == KindCommunity && zoneOf[h] != s {
					t.Errorf("%s: community %s holds %s of zone %d", z.SchoolID, c, ds.Households[h].Address, zoneOf[h])
				}
			}
		}
	}
	for _, a := range z.Addresses {
		if !used[KindAddress+"|"+a] {
			t.Errorf("%s: address %s describes no home", z.SchoolID, a)
		}
	}
	for _, c := range z.Compounds {
		if !used[compoundItem(c)] {
			t.Errorf("%s: compound %+v describes no home", z.SchoolID, c)
		}
		partial := false
		for h := range ds.Households {
			a := ds.Parser().Parse(ds.Households[h].Address)
			if a.Extra == "" && a.Township == c.Township && (c.Name == a.Compound || c.Name == a.Compound+"小区") && zoneOf[h] != s {
				partial = true
			}
		}
		if partial != c.Partial {
			t.Errorf("%s: compound %+v: partial should be %v", z.SchoolID, c, partial)
		}
	}
	for _, v := range z.Villages {
		if v.All && v.Groups != nil {
			t.Errorf("%s: village %+v: groups with All", z.SchoolID, v)
		}
		if !v.All && (len(v.Groups) == 0 || !slices.IsSorted(v.Groups)) {
			t.Errorf("%s: village %+v: groups empty or unsorted", z.SchoolID, v)
		}
		if v.All && !used[villageItem(v, -1)] {
			t.Errorf("%s: village %+v describes no home", z.SchoolID, v)
		}
		for _, g := range v.Groups {
			if !used[villageItem(v, g)] {
				t.Errorf("%s: village %+v group %d describes no home", z.SchoolID, v, g)
			}
		}
		for h := range ds.Households {
			a := ds.Parser().Parse(ds.Households[h].Address)
			if v.All && a.Extra == "" && a.Township == v.Township && a.Village == v.Name && zoneOf[h] != s {
				t.Errorf("%s: village %+v is 全村 but %s is in zone %d", z.SchoolID, v, ds.Households[h].Address, zoneOf[h])
			}
		}
	}
	towns := func(kind string, ts []string) {
		rank := func(t string) int {
			if i := ds.Parser().TownshipRank(t); i >= 0 {
				return i
			}
			if t == "" {
				return 1 << 30
			}
			return 1 << 20
		}
		for i := 1; i < len(ts); i++ {
			if rank(ts[i-1]) > rank(ts[i]) {
				t.Errorf("%s: %s out of township order: %q", z.SchoolID, kind, ts)
			}
		}
	}
	towns("compounds", townsOf(z.Compounds, func(c Compound) string { return c.Township }))
	towns("streets", townsOf(z.Streets, func(s Street) string { return s.Township }))
	towns("villages", townsOf(z.Villages, func(v Village) string { return v.Township }))
	checkParse(t, ds, z)
}

// checkParse checks that ParseText reads the zone's text back to its items:
// the same names, groups and ranges, and the townships the text writes
// (all of them when the zone's compounds and streets lie in several
// townships, else those of the Qualified items).
func checkParse(t reporter, ds *dataset.Dataset, z *Zone) {
	t.Helper()
	var towns []string
	for _, tw := range ds.Parser().Townships() {
		towns = append(towns, tw)
	}
	text := z.Text()
	got, err := ParseText(text, towns)
	if err != nil {
		t.Errorf("%s: ParseText(%q): %v", z.SchoolID, text, err)
		return
	}
	want := *z
	want.SchoolID, want.Households = "", 0
	if want.SchoolName == "" {
		want.SchoolName = z.SchoolID
	}
	shown := map[string]bool{}
	for _, c := range z.Compounds {
		shown[c.Township] = true
	}
	for _, s := range z.Streets {
		shown[s.Township] = true
	}
	all := len(shown) > 1
	// An item's township is read when it is written before the item or
	// before the first item of its run (the items of one township).
	read := func(towns []string, qualified []bool) []string {
		out := make([]string, len(towns))
		for i := range towns {
			j := i
			for j > 0 && towns[j-1] == towns[i] {
				j--
			}
			if all || qualified[i] || qualified[j] {
				out[i] = towns[i]
			}
		}
		return out
	}
	if len(got.Compounds) != len(z.Compounds) || len(got.Streets) != len(z.Streets) {
		t.Errorf("%s: ParseText(%q): %d compounds and %d streets, want %d and %d", z.SchoolID, text,
			len(got.Compounds), len(got.Streets), len(z.Compounds), len(z.Streets))
		return
	}
	want.Compounds = slices.Clone(z.Compounds)
	var ts []string
	var qs []bool
	for _, c := range z.Compounds {
		ts, qs = append(ts, c.Township), append(qs, c.Qualified)
	}
	for i, t := range read(ts, qs) {
		want.Compounds[i].Township = t
		want.Compounds[i].Qualified, got.Compounds[i].Qualified = false, false
	}
	want.Streets = slices.Clone(z.Streets)
	ts, qs = nil, nil
	for _, s := range z.Streets {
		ts, qs = append(ts, s.Township), append(qs, s.Qualified)
	}
	for i, t := range read(ts, qs) {
		want.Streets[i].Township = t
		want.Streets[i].Qualified, got.Streets[i].Qualified = false, false
	}
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", normal(want)) {
		t.Errorf("%s: ParseText(%q):\n got %+v\nwant %+v", z.SchoolID, text, got, normal(want))
	}
}

// normal gives nil and empty lists one form, for comparing.
func normal(z Zone) Zone {
	for i := range z.Villages {
		if len(z.Villages[i].Partial) == 0 {
			z.Villages[i].Partial = nil
		}
	}
	return z
}

// checkRoads checks the share of the roads: for every road of the county
// with homes (a township-less road counting as the one of its name when
// one township has it), every number from 1 (0 when a home is numbered 0)
// to its largest is in the ranges of exactly one zone, or of none when the
// number's homes are all in no zone; a number whose single houses are all
// in one zone is in that zone's ranges; a zone's ranges of a road could
// not be fewer by merging two, and are not longer than the plain ranges of
// the same numbers.
func checkRoads(t reporter, ds *dataset.Dataset, zoneOf []int, zones []Zone, school []int) {
	t.Helper()
	type road struct{ town, name string }
	nums := map[road]map[int][]int{} // households at each number
	towns := map[string]map[string]bool{}
	parsed := parsedOf(ds)
	for h := range ds.Households {
		a := parsed[h]
		name, n, ok := roadNumber(a)
		if !ok || a.Village != "" || a.Extra != "" {
			continue
		}
		if towns[name] == nil {
			towns[name] = map[string]bool{}
		}
		if a.Township != "" {
			towns[name][a.Township] = true
		}
		k := road{a.Township, name}
		if nums[k] == nil {
			nums[k] = map[int][]int{}
		}
		nums[k][n] = append(nums[k][n], h)
	}
	for k, ns := range nums {
		if k.town == "" && len(towns[k.name]) == 1 {
			for t := range towns[k.name] {
				to := road{t, k.name}
				for n, hs := range ns {
					nums[to][n] = append(nums[to][n], hs...)
				}
			}
			delete(nums, k)
		}
	}
	for k, ns := range nums {
		hi, lo := 0, 1
		roadZoned := false
		for n, hs := range ns {
			hi = max(hi, n)
			lo = min(lo, n)
			for _, h := range hs {
				roadZoned = roadZoned || zoneOf[h] >= 0
			}
		}
		if hi > 100000 {
			continue // too long to walk
		}
		for n := lo; n <= hi; n++ {
			var in []int
			for i, z := range zones {
				for _, s := range z.Streets {
					if s.Township == k.town && s.Road == k.name && slices.ContainsFunc(s.Ranges, func(r Range) bool { return r.Contains(n) }) {
						in = append(in, school[i])
					}
				}
			}
			zoned := false
			singles := map[int]bool{}
			for _, h := range ns[n] {
				zoned = zoned || zoneOf[h] >= 0
				if a := parsed[h]; a.Compound == "" {
					singles[zoneOf[h]] = true
				}
			}
			switch {
			case len(in) > 1:
				t.Errorf("%s%s%d号 is in the ranges of schools %v", k.town, k.name, n, in)
			case len(in) == 0 && (zoned || len(ns[n]) == 0 && roadZoned):
				t.Errorf("%s%s%d号 is in no range", k.town, k.name, n)
			case len(in) == 1 && len(singles) == 1 && !singles[in[0]]:
				t.Errorf("%s%s%d号: its single houses are all in zone %v, its range in %d", k.town, k.name, n, singles, in[0])
			}
		}
	}
	for _, z := range zones {
		for _, s := range z.Streets {
			set := map[int]bool{}
			for i, r := range s.Ranges {
				if !r.valid() {
					t.Errorf("%s %s: bad range %+v", z.SchoolID, s.Road, r)
					continue
				}
				for j, q := range s.Ranges[:i] {
					step := 1
					if q.Parity != All {
						step = 2
					}
					if q.Parity == r.Parity && (q.To+step == r.From || r.To+step == q.From) {
						t.Errorf("%s %s: ranges %d and %d could be one: %+v", z.SchoolID, s.Road, j, i, s.Ranges)
					}
				}
				if r.To-r.From > 100000 {
					return
				}
				for n := r.From; n <= r.To; n++ {
					if r.Contains(n) {
						set[n] = true
					}
				}
			}
			var plain []Range
			for n := range set {
				if !set[n-1] {
					m := n
					for set[m+1] {
						m++
					}
					plain = append(plain, Range{From: n, To: m})
				}
			}
			length := func(rs []Range) int {
				return len([]rune(Zone{Streets: []Street{{Road: "路", Ranges: rs}}}.Text()))
			}
			if length(s.Ranges) > length(plain) {
				t.Errorf("%s %s: %+v longer than the plain ranges %+v", z.SchoolID, s.Road, s.Ranges, plain)
			}
		}
	}
}

// randomCounty makes a small county from a vocabulary chosen so that names,
// numbers and communities collide often: compounds on road numbers that
// single houses also use, villages with and without groups, addresses Parse
// cannot place, homes without a township. Units (a compound, a house number,
// a village group) mostly keep one zone and one community; with
// probability noise a household takes another.
func randomCounty(r *rand.Rand, noise float64) (*dataset.Dataset, []int) {
	towns := []string{"呼图壁镇", "大丰镇", "二十里店镇", ""}
	roads := []string{"东风路", "园林路", "东风路3巷"}
	compounds := []string{"锦华苑", "安居小区", "天山花园", "牧民新村"}
	villages := []string{"红山村", "东滩村"}
	coms := []string{"", "", "幸福社区", "园林社区", "水晶社区", "红山村委会"}
	nSchools := 2 + r.IntN(3)
	schools := make([]dataset.School, nSchools)
	for i := range schools {
		schools[i] = dataset.School{ID: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("第%d小学", i+1), PrimarySeats: 1}
	}
	pickZone := func() int {
		if r.IntN(20) == 0 {
			return -1
		}
		return r.IntN(nSchools)
	}
	var rows []row
	for range 5 + r.IntN(40) {
		town := towns[r.IntN(len(towns))]
		com, zone := coms[r.IntN(len(coms))], pickZone()
		var addr func(k int) string
		switch r.IntN(7) {
		case 0, 1:
			name := compounds[r.IntN(len(compounds))]
			at := ""
			if r.IntN(2) == 0 {
				at = fmt.Sprintf("%s%d号", roads[r.IntN(len(roads))], 1+r.IntN(20))
			}
			addr = func(k int) string {
				written := name
				if name == "锦华苑" && k%2 == 1 {
					written = "锦华苑小区"
				}
				return fmt.Sprintf("%s%s%s%d栋1单元%d01室", town, at, written, 1+r.IntN(3), k+1)
			}
		case 2, 3:
			road, n := roads[r.IntN(len(roads))], 1+r.IntN(20)
			addr = func(k int) string {
				if k%2 == 1 {
					return fmt.Sprintf("%s%s%d-%d号", town, road, n, k)
				}
				return fmt.Sprintf("%s%s%d号", town, road, n)
			}
		case 4, 5:
			v := villages[r.IntN(len(villages))]
			g := 1 + r.IntN(6)
			addr = func(k int) string {
				if r.IntN(10) == 0 {
					return fmt.Sprintf("%s%s%d号", town, v, k+1)
				}
				return fmt.Sprintf("%s%s%d组%d号", town, v, g, k+1)
			}
		default:
			odd := []string{"某某单位院内", "东风路", "锦华苑东门"}[r.IntN(3)]
			addr = func(int) string { return town + odd }
		}
		for k := range 1 + r.IntN(3) {
			c, z := com, zone
			if r.Float64() < noise {
				c = coms[r.IntN(len(coms))]
			}
			if r.Float64() < noise {
				z = pickZone()
			}
			rows = append(rows, row{addr(k), c, z})
		}
	}
	return build(schools, rows)
}

func TestDescribeProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 400 {
		noise := []float64{0, 0.1, 0.5, 1}[i%4]
		ds, schoolOf := randomCounty(r, noise)
		zones := Describe(ds, schoolOf)
		ok := t.Run(fmt.Sprintf("county%d", i), func(t *testing.T) {
			checkDescription(t, ds, schoolOf, zones)
			var buf bytes.Buffer
			if err := WriteCSV(&buf, "junior", zones); err != nil {
				t.Fatal(err)
			}
			plans, err := ReadCSV(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if len(zones) > 0 && (len(plans) != 1 || !reflect.DeepEqual(plans[0].Zones, withoutCounts(zones))) {
				t.Errorf("CSV round trip:\n got %+v\nwant %+v", plans, withoutCounts(zones))
			}
			if !reflect.DeepEqual(Describe(ds, schoolOf), zones) {
				t.Error("Describe is not deterministic")
			}
		})
		if !ok {
			for h, hh := range ds.Households {
				t.Logf("%s %q %s zone %d", hh.ID, hh.Address, hh.Community, schoolOf[h])
			}
			break
		}
	}
}

// TestCheckerFails shows that checkDescription catches broken descriptions:
// each mutation of a correct description must be reported.
func TestCheckerFails(t *testing.T) {
	ds, schoolOf := build(twoSchools, handmade)
	good := Describe(ds, schoolOf)
	mutations := []struct {
		name string
		f    func(z []Zone)
	}{
		{"range widened into another zone", func(z []Zone) { z[0].Streets[0].Ranges[0].To = 2 }},
		{"range dropped", func(z []Zone) { z[0].Streets[0].Ranges = z[0].Streets[0].Ranges[1:] }},
		{"ranges not merged", func(z []Zone) {
			z[0].Streets[1].Ranges = append([]Range{{From: 1, To: 2}, {From: 3, To: 3}}, z[0].Streets[1].Ranges[1:]...)
		}},
		{"a number in no zone's ranges", func(z []Zone) { z[1].Streets[0].Ranges = z[1].Streets[0].Ranges[1:] }},
		{"a number in two zones' ranges", func(z []Zone) {
			z[1].Streets[0].Ranges = append(z[1].Streets[0].Ranges, Range{From: 9, To: 9})
		}},
		{"a side's range longer than single numbers", func(z []Zone) {
			z[1].Streets[0].Ranges = []Range{{From: 2, To: 4, Parity: Even}, {From: 7, To: 7}}
		}},
		{"compound listed twice", func(z []Zone) { z[0].Compounds = append(z[0].Compounds, z[0].Compounds[1]) }},
		{"partial flag lost", func(z []Zone) { z[1].Compounds[1].Partial = false }},
		{"community of a split zone", func(z []Zone) { z[1].Communities = []string{"园林社区"} }},
		{"group of another zone", func(z []Zone) { z[0].Villages[1].Groups = []int{1, 2, 3, 4} }},
		{"whole village wrongly", func(z []Zone) { z[0].Villages[1] = Village{Township: "二十里店镇", Name: "红山村", All: true} }},
		{"count off", func(z []Zone) { z[1].Households++ }},
	}
	for _, m := range mutations {
		zones := clone(good)
		m.f(zones)
		rec := &recorder{}
		done := make(chan struct{})
		go func() {
			defer close(done)
			checkDescription(rec, ds, schoolOf, zones)
		}()
		<-done
		if !rec.failed {
			t.Errorf("%s: not caught", m.name)
		}
	}
}

// clone deep-copies zones.
func clone(zones []Zone) []Zone {
	out := make([]Zone, len(zones))
	for i, z := range zones {
		z.Communities = slices.Clone(z.Communities)
		z.Compounds = slices.Clone(z.Compounds)
		z.Villages = slices.Clone(z.Villages)
		z.Streets = slices.Clone(z.Streets)
		for j := range z.Streets {
			z.Streets[j].Ranges = slices.Clone(z.Streets[j].Ranges)
		}
		for j := range z.Villages {
			z.Villages[j].Groups = slices.Clone(z.Villages[j].Groups)
		}
		out[i] = z
	}
	return out
}
