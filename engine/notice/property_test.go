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

// matches lists the items of z that describe hh, by the rules of the
// package doc, worked out here from the parsed address independently of
// Describe's bookkeeping.
func matches(p *address.Parser, z *Zone, hh *dataset.Household) []match {
	a := p.Parse(hh.Address)
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
	byAddress := func() {
		for _, s := range z.Addresses {
			if s == text {
				out = append(out, match{kind: KindAddress, item: KindAddress + "|" + s})
			}
		}
	}
	road, n, isStreet := a.Street()
	switch {
	case a.Extra != "":
		byAddress()
	case a.Compound != "":
		for _, c := range z.Compounds {
			if c.Township == a.Township && (c.Name == a.Compound || c.Name == a.Compound+"小区") {
				out = append(out, match{kind: KindCompound, partial: c.Partial, item: compoundItem(c)})
			}
		}
	case a.Village != "":
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
		if !numeric {
			byAddress()
		}
	case isStreet:
		for _, s := range z.Streets {
			if s.Township != a.Township || s.Road != road {
				continue
			}
			for _, r := range s.Ranges {
				if r.From <= n && n <= r.To {
					out = append(out, match{kind: KindStreet, number: n, item: rangeItem(s, r)})
				}
			}
		}
	default:
		byAddress()
	}
	return out
}

func compoundItem(c Compound) string { return KindCompound + "|" + c.Township + "|" + c.Name }

func villageItem(v Village, g int) string {
	return fmt.Sprintf("%s|%s|%s|%d", KindVillage, v.Township, v.Name, g)
}

func rangeItem(s Street, r Range) string {
	return fmt.Sprintf("%s|%s|%s|%d-%d", KindStreet, s.Township, s.Road, r.From, r.To)
}

// single reports whether the household is a single house, and its road
// number.
func single(p *address.Parser, hh *dataset.Household) (town, road string, n int, ok bool) {
	a := p.Parse(hh.Address)
	road, n, ok = a.Street()
	return a.Township, road, n, ok && a.Extra == "" && a.Compound == "" && a.Village == ""
}

// checkDescription checks the invariants of Describe's result zones for the
// dataset and schoolOf:
//   - one zone per school with households, in school order, with the count;
//   - every household of a zone is described by exactly one of its items;
//   - a household of another zone (or none) is described by an item of a
//     zone only when the item is marked partial, or is a house number with a
//     single house in the zone, or an address another home of the zone has;
//   - every range starts and ends on a single house of the zone, covers no
//     house number whose homes are all elsewhere, and consecutive ranges are
//     separated by a number that may not be covered;
//   - listed communities and whole villages have all their homes in the
//     zone, and every item describes some home of the zone;
//   - items are in township order.
func checkDescription(t reporter, ds *dataset.Dataset, schoolOf []int, zones []Zone) {
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
		checkZone(t, ds, zoneOf, s, &zones[zi])
		zi++
	}
	if zi != len(zones) {
		t.Fatalf("%d zones, want %d", len(zones), zi)
	}
}

func checkZone(t reporter, ds *dataset.Dataset, zoneOf []int, s int, z *Zone) {
	t.Helper()
	used := map[string]bool{} // items that describe a home of the zone
	byCommunity := make([]bool, len(ds.Households))
	for h := range ds.Households {
		hh := &ds.Households[h]
		ms := matches(ds.Parser(), z, hh)
		a := ds.Parser().Parse(hh.Address)
		if zoneOf[h] == s {
			if len(ms) != 1 {
				t.Errorf("%s: %s (%s) described by %d items %+v:\n%s", z.SchoolID, hh.Address, hh.Community, len(ms), ms, z.Text())
				continue
			}
			byCommunity[h] = ms[0].kind == KindCommunity
			used[ms[0].item] = true
			continue
		}
		for _, m := range ms {
			ok := m.partial
			switch m.kind {
			case KindStreet:
				town, road, _, _ := single(ds.Parser(), hh)
				ok = hasSingle(ds, zoneOf, s, town, road, m.number)
			case KindAddress:
				for g := range ds.Households {
					ok = ok || zoneOf[g] == s && ds.Parser().Parse(ds.Households[g].Address).String() == a.String()
				}
			}
			if !ok {
				t.Errorf("%s: %s of zone %d described by %+v:\n%s", z.SchoolID, hh.Address, zoneOf[h], m, z.Text())
			}
		}
	}
	for _, c := range z.Communities {
		if !used[KindCommunity+"|"+c] {
			t.Errorf("%s: community %s describes no home", z.SchoolID, c)
		}
	}
	for _, a := range z.Addresses {
		if !used[KindAddress+"|"+a] {
			t.Errorf("%s: address %s describes no home", z.SchoolID, a)
		}
	}
	for _, st := range z.Streets {
		for _, r := range st.Ranges {
			if !used[rangeItem(st, r)] {
				t.Errorf("%s: %s range %v describes no home", z.SchoolID, st.Road, r)
			}
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
	for _, st := range z.Streets {
		checkRanges(t, ds, zoneOf, s, st, byCommunity)
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
}

func hasSingle(ds *dataset.Dataset, zoneOf []int, s int, town, road string, n int) bool {
	for h := range ds.Households {
		if t, r, m, ok := single(ds.Parser(), &ds.Households[h]); ok && zoneOf[h] == s && t == town && r == road && m == n {
			return true
		}
	}
	return false
}

func checkRanges(t reporter, ds *dataset.Dataset, zoneOf []int, s int, st Street, byCommunity []bool) {
	t.Helper()
	own := func(n int) bool {
		for h := range ds.Households {
			if town, road, m, ok := single(ds.Parser(), &ds.Households[h]); ok && town == st.Township && road == st.Road && m == n &&
				zoneOf[h] == s && !byCommunity[h] {
				return true
			}
		}
		return false
	}
	// allowed: n may lie inside a range of the zone.
	allowed := func(n int) bool {
		if own(n) {
			return true
		}
		for h := range ds.Households {
			a := ds.Parser().Parse(ds.Households[h].Address)
			if road, m, ok := a.Street(); ok && a.Township == st.Township && road == st.Road && m == n {
				_, _, _, isSingle := single(ds.Parser(), &ds.Households[h])
				if zoneOf[h] != s || isSingle {
					return false // a home elsewhere, or a single house described by its community
				}
			}
		}
		return true
	}
	present := map[int]bool{}
	for h := range ds.Households {
		a := ds.Parser().Parse(ds.Households[h].Address)
		if road, m, ok := a.Street(); ok && a.Township == st.Township && road == st.Road {
			present[m] = true
		}
	}
	for i, r := range st.Ranges {
		if r.From > r.To || !own(r.From) || !own(r.To) {
			t.Errorf("%s %s: range %v does not start and end on its own houses", ds.Schools[s].ID, st.Road, r)
		}
		for n := range present {
			if r.From <= n && n <= r.To && !allowed(n) {
				t.Errorf("%s %s: range %v covers number %d of another zone", ds.Schools[s].ID, st.Road, r, n)
			}
		}
		if i == 0 {
			continue
		}
		prev := st.Ranges[i-1]
		if prev.To >= r.From {
			t.Errorf("%s %s: ranges %v, %v overlap or are out of order", ds.Schools[s].ID, st.Road, prev, r)
		}
		broken := false
		for n := range present {
			broken = broken || prev.To < n && n < r.From && !allowed(n)
		}
		if !broken {
			t.Errorf("%s %s: ranges %v and %v should be one", ds.Schools[s].ID, st.Road, prev, r)
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
			z[0].Streets[1].Ranges = append([]Range{{1, 2}, {3, 3}}, z[0].Streets[1].Ranges[1:]...)
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
