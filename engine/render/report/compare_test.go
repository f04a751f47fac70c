package report

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// The hand-made town of the comparison tests, at 44.19° N: two schools with
// both sections, 测试县西城学校 (A, in the west) and 测试县东城学校 (B, in
// the east), and five places of households between them, west to east:
//
//   - 锦华苑, 8 households by A, each with a primary entrant, every other one
//     with a junior one, and 10 pupils of A in grades 1–4;
//   - the village 二十里店镇红山村: groups 1 (2 households), 2 (1), 3 (1)
//     inside the box V, group 4 (1) west of it;
//   - the compound X, 幸福小区: 7 households, two a building (buildings 1–3,
//     then the 7th alone in building 4), the first six with a primary
//     entrant, the 1st and 4th with a junior one, the 7th without a child,
//     all inside the box X;
//   - 天山花园, 8 households by B.
//
// The zones in force meet at 86.898° E (A west, B east, both levels). 方案一
// is the plan in force with X's box moved from A's zones to B's; 方案二
// moves V's box too.
const (
	townLat          = 44.19
	townW, townE     = 86.87, 86.93
	townS, townN     = 44.18, 44.20
	lineInForce      = 86.898
	schoolA, schoolB = "A", "B"
)

// Expected figures of the hand-made town, worked out from the list above.
const (
	xHouseholds     = 7 // per level: a zone holds every household of both levels
	xPrimary        = 6
	xJunior         = 2
	vHouseholds     = 4 // groups 1–3
	vPrimary        = 3 // households 1, 2 and 4 of the village
	vJunior         = 1 // household 2
	nameA, nameB    = "测试县西城学校", "测试县东城学校"
	shortA, shortB  = "西城学校", "东城学校"
	xName           = "呼图壁镇幸福小区"
	vName           = "二十里店镇红山村1—3组"
	county          = "测试县"
	compareTestYear = 2022
)

// boxX and boxV are the areas the proposals move from A to B.
var (
	boxX = square(86.8895, 44.185, lineInForce, 44.195)
	boxV = square(86.8845, 44.185, 86.8868, 44.195)
)

type townHome struct {
	lon             float64
	addr            string
	primary, junior bool
}

// townHomes are the town's households, west to east within each place.
func townHomes() []townHome {
	var hs []townHome
	for i := range 8 {
		hs = append(hs, townHome{86.8760 + 0.0005*float64(i), fmt.Sprintf("呼图壁镇园林路18号锦华苑%d栋%d单元%d01室", i/2+1, i%2+1, i+1), true, i%2 == 0})
	}
	hs = append(hs,
		townHome{86.8830, "二十里店镇红山村4组8号", true, false},
		townHome{86.8850, "二十里店镇红山村1组3号", true, false},
		townHome{86.8853, "二十里店镇红山村1组5号", true, true},
		townHome{86.8857, "二十里店镇红山村2组1号", false, false},
		townHome{86.8862, "二十里店镇红山村3组2号", true, false},
	)
	for i := range 7 {
		hs = append(hs, townHome{86.8900 + 0.0004*float64(i), fmt.Sprintf("呼图壁镇东风路66号幸福小区%d栋2单元%d02室", i/2+1, i+1), i < 6, i == 0 || i == 3})
	}
	for i := range 8 {
		hs = append(hs, townHome{86.9100 + 0.0005*float64(i), fmt.Sprintf("呼图壁镇天山路9号天山花园%d栋1单元101室", i+1), true, i%4 == 0})
	}
	return hs
}

// townDataset builds the town with the zones in force.
func townDataset() *dataset.Dataset {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: county + " (hand-made)", BaseYear: compareTestYear - 1}}
	// A is short of everything (its checks fail), B is not.
	ds.Schools = []dataset.School{
		{ID: schoolA, Name: nameA, Loc: orb.Point{86.880, townLat}, PrimarySeats: 600, JuniorSeats: 600, AreaType: dataset.Urban, Public: true,
			TeachingAreaM2: ptr(100.0), SportsAreaM2: ptr(200.0), TeachersQualified: ptr(1.0), TeachersBackbone: ptr(0.0),
			TeachersPEArt: ptr(0.0), EquipmentYuan: ptr(1000.0), MultimediaRooms: ptr(0.0), MusicRooms: ptr(0), ArtRooms: ptr(0)},
		{ID: schoolB, Name: nameB, Loc: orb.Point{86.917, townLat}, PrimarySeats: 600, JuniorSeats: 600, AreaType: dataset.Urban, Public: true,
			TeachingAreaM2: ptr(2000.0), SportsAreaM2: ptr(3000.0), TeachersQualified: ptr(10.0), TeachersBackbone: ptr(3.0),
			TeachersPEArt: ptr(4.0), EquipmentYuan: ptr(100000.0), MultimediaRooms: ptr(5.0), MusicRooms: ptr(1), ArtRooms: ptr(1)},
	}
	for n, h := range townHomes() {
		hid := fmt.Sprintf("H%03d", n)
		ds.Households = append(ds.Households, dataset.Household{ID: hid, Loc: orb.Point{h.lon, townLat + 0.0005*float64(n%3)},
			Address: h.addr, Hukou: dataset.Local})
		if h.primary {
			ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("P%03d", n), HouseholdID: hid, BirthYear: compareTestYear - 6})
		}
		if h.junior {
			ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("J%03d", n), HouseholdID: hid,
				BirthYear: compareTestYear - 12, Grade: 6, SchoolID: schoolA})
		}
		if n < 8 {
			// 锦华苑's pupils of A, grades 1–4 (10 a household): enough for
			// A's resource checks to count (the county's small schools do
			// not), too few to fill it.
			for k := range 10 {
				g := 1 + k%4
				ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("S%03d-%d", n, k), HouseholdID: hid,
					BirthYear: compareTestYear - 6 - g, Grade: g, SchoolID: schoolA})
			}
		}
	}
	ds.Zones = townZones(square(townW, townS, lineInForce, townN), square(lineInForce, townS, townE, townN))
	ds.Boundary = square(townW, townS, townE, townN)
	ds.Index()
	return ds
}

// townZones gives A and B the same zone at both levels.
func townZones(a, b orb.MultiPolygon) []dataset.Zone {
	var out []dataset.Zone
	for _, l := range dataset.Levels {
		out = append(out, dataset.Zone{Level: l, SchoolID: schoolA, Geometry: a}, dataset.Zone{Level: l, SchoolID: schoolB, Geometry: b})
	}
	return out
}

// moveBoxes is the plan in force with the boxes moved from A's zones to B's.
func moveBoxes(tb testing.TB, inForce []dataset.Zone, boxes ...orb.MultiPolygon) []dataset.Zone {
	tb.Helper()
	var a, b orb.MultiPolygon
	for _, z := range inForce {
		switch z.SchoolID {
		case schoolA:
			a = z.Geometry
		case schoolB:
			b = z.Geometry
		}
	}
	gs := []orb.Geometry{b}
	for _, box := range boxes {
		gs = append(gs, box)
		var err error
		if a, err = geos.Difference(a, box); err != nil {
			tb.Fatal(err)
		}
	}
	b, err := geos.Union(gs...)
	if err != nil {
		tb.Fatal(err)
	}
	return townZones(a, b)
}

var (
	townOnce sync.Once
	townCmp  *compare.Comparison
	townErr  error
)

// townComparison compares the town's zones in force with 方案一 and 方案二
// (computed once; the tests do not change it).
func townComparison(tb testing.TB) *compare.Comparison {
	tb.Helper()
	townOnce.Do(func() { townCmp, townErr = compareTown(tb) })
	if townErr != nil {
		tb.Fatal(townErr)
	}
	return townCmp
}

func compareTown(tb testing.TB) (*compare.Comparison, error) {
	ds := townDataset()
	plans := []*compare.Plan{
		{Name: "现行片区2021", Path: "plans/in-force/zones.geojson", Zones: ds.Zones},
		{Name: "幸福小区划入东城", Path: "plans/x-east", Zones: moveBoxes(tb, ds.Zones, boxX)},
		{Name: "幸福小区与红山村1—3组划入东城", Path: "plans/xv-east", Zones: moveBoxes(tb, ds.Zones, boxX, boxV)},
	}
	return compare.Compare(context.Background(), ds, plans, compare.Options{Year: compareTestYear, Config: config.Default()})
}

func renderCompare(tb testing.TB, c *compare.Comparison) string {
	tb.Helper()
	b, err := CompareHTML(c)
	if err != nil {
		tb.Fatalf("CompareHTML: %v", err)
	}
	return string(b)
}

// planPart returns the part of a section about one plan: from its heading
// (h3 with the plan's label) to the next plan's, "" when absent.
func planPart(sec, label string) string {
	re := regexp.MustCompile(`<h3><span class="swatch"[^>]*></span>` + label)
	loc := re.FindStringIndex(sec)
	if loc == nil {
		return ""
	}
	rest := sec[loc[1]:]
	if j := strings.Index(rest, `<h3><span class="swatch"`); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

func TestCompareHTMLSections(t *testing.T) {
	html := renderCompare(t, townComparison(t))
	for _, s := range []struct{ id, title string }{
		{"c-cover", "概况"}, {"c-summary", "方案对比表"}, {"c-maps", "各方案片区图"}, {"c-changes", "调整区域图"},
		{"c-schools", "学校对比"}, {"c-charts", "图表"}, {"c-details", "调整明细"}, {"c-zones", "片区范围（招生公告）"},
	} {
		sec := section(html, s.id)
		if sec == "" {
			t.Errorf("no section %s", s.id)
			continue
		}
		if !strings.Contains(sec, "<h2>"+s.title+"</h2>") {
			t.Errorf("section %s lacks its heading %s", s.id, s.title)
		}
	}
	for _, want := range []string{
		"<!DOCTYPE html>", "测试县 2022年秋季义务教育招生片区调整方案对比",
		"现行片区2021", "plans/in-force/zones.geojson", "幸福小区划入东城", "plans/x-east",
		"@page { size: A4; margin: 12mm; }",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// No date: nothing that looks like one besides the school year.
	if m := regexp.MustCompile(`20\d\d[-/年]\d{1,2}[-/月]\d{1,2}`).FindString(html); m != "" {
		t.Errorf("page prints a date %q", m)
	}
}

// TestCompareHTMLHeadline checks each proposal's sentence, worked out from
// the town: 方案一 moves X (6 primary, 2 junior entrants; 7 households a
// level), 方案二 X and V.
func TestCompareHTMLHeadline(t *testing.T) {
	cover := section(renderCompare(t, townComparison(t)), "c-cover")
	for _, c := range []struct {
		label                  string
		primary, junior, homes int
	}{
		{"方案一", xPrimary, xJunior, xHouseholds},
		{"方案二", xPrimary + vPrimary, xJunior + vJunior, xHouseholds + vHouseholds},
	} {
		want := fmt.Sprintf("新生改变学校 %d 人（小学 %d、初中 %d），片区改变的住户 小学 %d 户、初中 %d 户，就近入学比例 小学 ",
			c.primary+c.junior, c.primary, c.junior, c.homes, c.homes)
		re := regexp.MustCompile(`<li><strong>` + c.label + `（[^）]*）：</strong>(.*)</li>`)
		m := re.FindStringSubmatch(cover)
		if m == nil {
			t.Errorf("no headline of %s", c.label)
			continue
		}
		if !strings.HasPrefix(m[1], want) {
			t.Errorf("%s: headline %q, want it to start %q", c.label, m[1], want)
		}
		if !regexp.MustCompile(`平均上学距离 小学 \d+ → \d+ 米、初中 \d+ → \d+ 米。`).MatchString(m[1]) {
			t.Errorf("%s: headline %q lacks the distances", c.label, m[1])
		}
		// Every moved entrant lives between A and B, nearer A: each goes
		// farther, some by more than a kilometre.
		if want := fmt.Sprintf("改变学校后上学距离变远的新生：小学 %d 人（其中远 1 公里以上 ", c.primary); !strings.Contains(m[1], want) {
			t.Errorf("%s: headline %q lacks %q", c.label, m[1], want)
		}
	}
	// The only warnings: the receiving school B, whose entrants' mean
	// distance more than doubles once X's come from two kilometres away.
	for _, li := range regexp.MustCompile(`(?s)<div class="warn".*?</div>`).FindAllString(cover, -1) {
		for _, item := range regexp.MustCompile(`<li>([^<]*)</li>`).FindAllStringSubmatch(li, -1) {
			if !strings.Contains(item[1], "东城学校") || !strings.Contains(item[1], "增加一倍以上") {
				t.Errorf("warning %q for plans that cover every home and use every zone", item[1])
			}
		}
	}
}

// TestCompareHTMLPlaces checks the places of each proposal: X moves from A
// to B with its households and entrants at each level, and so do the
// village's groups 1—3 under 方案二.
func TestCompareHTMLPlaces(t *testing.T) {
	details := section(renderCompare(t, townComparison(t)), "c-details")
	row := func(level, name, kind string, households, entrants int) string {
		return fmt.Sprintf(`<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class="n">%d</td><td class="n">%d</td></tr>`,
			level, name, kind, sec(shortA, level), sec(shortB, level), households, entrants)
	}
	one, two := planPart(details, "方案一"), planPart(details, "方案二")
	if one == "" || two == "" {
		t.Fatal("details lack a proposal")
	}
	for _, c := range []struct {
		part, want string
	}{
		{one, row("小学", xName, compare.KindCompound, xHouseholds, xPrimary)},
		{one, row("初中", xName, compare.KindCompound, xHouseholds, xJunior)},
		{two, row("小学", xName, compare.KindCompound, xHouseholds, xPrimary)},
		{two, row("小学", vName, compare.KindVillage, vHouseholds, vPrimary)},
		{two, row("初中", vName, compare.KindVillage, vHouseholds, vJunior)},
	} {
		if !strings.Contains(c.part, c.want) {
			t.Errorf("details lack the row %s", c.want)
		}
	}
	if strings.Contains(one, "红山村") {
		t.Error("方案一 lists the village, which it does not move")
	}
	for _, other := range []string{"锦华苑", "天山花园"} {
		if strings.Contains(details, other) {
			t.Errorf("details list %s, which no plan moves", other)
		}
	}
}

// TestCompareHTMLMovedEntrants checks the list of moved entrants: by
// building (no unit, no room), two households a building in X, and the
// mean distances to the old and new school.
func TestCompareHTMLMovedEntrants(t *testing.T) {
	c := townComparison(t)
	details := section(renderCompare(t, c), "c-details")
	one := planPart(details, "方案一")
	if m := regexp.MustCompile(`\d+单元|\d+室`).FindString(details); m != "" {
		t.Errorf("details name a unit or a room: %s", m)
	}
	ds := c.Dataset
	a, b := ds.Schools[0].Loc, ds.Schools[1].Loc
	homes := townHomes()
	first := 8 + 5 // X's first household
	for bldg := 1; bldg <= 3; bldg++ {
		// Buildings 1–3 hold X's households 2(bldg−1) and 2(bldg−1)+1,
		// each with a primary entrant.
		var oldSum, newSum float64
		for k := 0; k < 2; k++ {
			n := first + 2*(bldg-1) + k
			loc := orb.Point{homes[n].lon, townLat + 0.0005*float64(n%3)}
			oldSum += hav(loc, a)
			newSum += hav(loc, b)
		}
		want := fmt.Sprintf(`<tr><td>小学</td><td>呼图壁镇东风路66号幸福小区%d栋</td><td>%s</td><td>%s</td><td class="n">2</td><td class="n">%s</td><td class="n">%s</td></tr>`,
			bldg, sec(shortA, "小学"), sec(shortB, "小学"), strconv.Itoa(int(oldSum/2+0.5)), strconv.Itoa(int(newSum/2+0.5)))
		if !strings.Contains(one, want) {
			t.Errorf("方案一 lacks the row %s", want)
		}
	}
	// Building 4 holds X's 7th household only, without a child: counted
	// among the households, not among the moves. Buildings 1 and 2 hold
	// the junior entrants, one each.
	if strings.Contains(one, `<td>呼图壁镇东风路66号幸福小区4栋</td>`) {
		t.Error("方案一 lists building 4, which has no entrant")
	}
	for bldg := 1; bldg <= 2; bldg++ {
		want := fmt.Sprintf(`<tr><td>初中</td><td>呼图壁镇东风路66号幸福小区%d栋</td><td>%s</td><td>%s</td><td class="n">1</td>`, bldg, sec(shortA, "初中"), sec(shortB, "初中"))
		if !strings.Contains(one, want) {
			t.Errorf("方案一 lacks the row %s", want)
		}
	}
	if want := fmt.Sprintf("改变学校的新生 (共 %d 人，地址写到楼栋)", xPrimary+xJunior); !strings.Contains(one, want) {
		t.Errorf("方案一 lacks %q", want)
	}
}

// TestCompareHTMLSummary checks the summary's moved entrants: none for the
// plan in force, X's for 方案一, X's and V's for 方案二.
func TestCompareHTMLSummary(t *testing.T) {
	sum := section(renderCompare(t, townComparison(t)), "c-summary")
	for _, c := range []struct {
		label  string
		values [3]string
	}{
		{"小学新生改变学校（人）", [3]string{none, strconv.Itoa(xPrimary), strconv.Itoa(xPrimary + vPrimary)}},
		{"初中新生改变学校（人）", [3]string{none, strconv.Itoa(xJunior), strconv.Itoa(xJunior + vJunior)}},
		{"小学片区改变的住户（户）", [3]string{none, strconv.Itoa(xHouseholds), strconv.Itoa(xHouseholds + vHouseholds)}},
	} {
		want := `<tr><th scope="row">` + c.label + `</th><td class="target"></td>`
		for _, v := range c.values {
			want += `<td class="n">` + v + `</td>`
		}
		if !strings.Contains(sum, want+"</tr>") {
			t.Errorf("summary lacks the row %s", want)
		}
	}
	// The nearby ratio is held to its target: a mark in each plan's cell.
	re := regexp.MustCompile(`<tr><th scope="row">就近入学比例（达标口径）</th><td class="target">≥ (\d+)%</td>(.*?)</tr>`)
	m := re.FindStringSubmatch(sum)
	if m == nil {
		t.Fatal("summary lacks the nearby ratio with its target")
	}
	if n := strings.Count(m[2], `<span class="mark`); n != 3 {
		t.Errorf("nearby ratio: %d target marks, want one a plan", n)
	}
	// Colours: a proposal's cell is better or worse than the plan in force
	// only where the figure has a direction.
	if !strings.Contains(sum, `class="key better"`) || !strings.Contains(sum, `class="key worse"`) {
		t.Error("summary lacks its colour legend")
	}
	entrants := regexp.MustCompile(`<tr><th scope="row">入学新生（人）</th>.*?</tr>`).FindString(sum)
	if strings.Contains(entrants, "better") || strings.Contains(entrants, "worse") {
		t.Errorf("entrants, which have no direction, are coloured: %s", entrants)
	}
}

// TestCompareHTMLSchools checks the primary schools under each plan: the
// entrants seated (all in their zone, places being ample) and the moves
// out and in, worked out from the town: in force A's zone holds 锦华苑 (8
// entrants), the village (4) and X (6), B's 天山花园 (8); 方案一 moves X's 6,
// 方案二 X's and the village groups' 3.
func TestCompareHTMLSchools(t *testing.T) {
	sec := section(renderCompare(t, townComparison(t)), "c-schools")
	primary := sec[:strings.Index(sec, "<h3>初中</h3>")]
	a := primary[strings.Index(primary, ">"+shortA):strings.Index(primary, ">"+shortB)]
	b := primary[strings.Index(primary, ">"+shortB):]
	entrants := regexp.MustCompile(`(现行片区|方案一|方案二)</td><td class="n[^"]*">(\d+)</td>`)
	moves := regexp.MustCompile(`(方案一|方案二)</td>(?:<td[^>]*>[^<]*</td>){7}<td class="n">(\d+)</td><td class="n">(\d+)</td>`)
	for _, c := range []struct {
		part              string
		entrants          map[string]string
		movesOut, movesIn map[string]string
	}{
		{a, map[string]string{"现行片区": "18", "方案一": "12", "方案二": "9"}, map[string]string{"方案一": "6", "方案二": "9"}, map[string]string{"方案一": "0", "方案二": "0"}},
		{b, map[string]string{"现行片区": "8", "方案一": "14", "方案二": "17"}, map[string]string{"方案一": "0", "方案二": "0"}, map[string]string{"方案一": "6", "方案二": "9"}},
	} {
		got := map[string]string{}
		for _, m := range entrants.FindAllStringSubmatch(c.part, -1) {
			got[m[1]] = m[2]
		}
		if fmt.Sprint(got) != fmt.Sprint(c.entrants) {
			t.Errorf("entrants %v, want %v", got, c.entrants)
		}
		out, in := map[string]string{}, map[string]string{}
		for _, m := range moves.FindAllStringSubmatch(c.part, -1) {
			out[m[1]], in[m[1]] = m[2], m[3]
		}
		if fmt.Sprint(out) != fmt.Sprint(c.movesOut) || fmt.Sprint(in) != fmt.Sprint(c.movesIn) {
			t.Errorf("moves out %v in %v, want %v and %v", out, in, c.movesOut, c.movesIn)
		}
	}
	// A lacks music and art rooms under every plan: listed in force, the
	// same under the proposals.
	if !strings.Contains(a, "音乐教室、美术教室</td>") || strings.Count(a, ">同现行片区</td>") != 2 {
		t.Errorf("A's failed checks not listed in force and the same under both proposals")
	}
}

func TestFailedCell(t *testing.T) {
	for _, c := range []struct {
		failed, base []string
		proposal     bool
		text, class  string
	}{
		{[]string{"music_rooms", "art_rooms"}, nil, false, "音乐教室、美术教室", "text bad"},
		{nil, nil, false, "", "text"},
		{[]string{"music_rooms"}, []string{"music_rooms"}, true, "同现行片区", "text"},
		{[]string{"music_rooms", "class_size"}, []string{"music_rooms"}, true, "新增：班额", "text bad"},
		{nil, []string{"music_rooms"}, true, "消除：音乐教室", "text better"},
		{[]string{"class_size"}, []string{"school_size"}, true, "新增：班额；消除：校额", "text bad"},
		{nil, nil, true, "", "text"},
	} {
		got := failedCell(c.failed, c.base, c.proposal)
		if got.Text != c.text || got.Class != c.class {
			t.Errorf("failedCell(%v, %v, %v) = %q %q, want %q %q", c.failed, c.base, c.proposal, got.Text, got.Class, c.text, c.class)
		}
	}
}

// TestCompareHTMLZoneTexts checks the notice texts: both schools under each
// plan, in force with X in A's text, under the proposals in B's, and both
// schools tagged as changed in each proposal.
func TestCompareHTMLZoneTexts(t *testing.T) {
	zs := section(renderCompare(t, townComparison(t)), "c-zones")
	inForce, one := planPart(zs, "现行片区"), planPart(zs, "方案一")
	for _, part := range []string{inForce, one} {
		for _, n := range []string{nameA, nameB} {
			for _, l := range []string{"小学", "初中"} {
				if strings.Count(part, sec(n, l)+"：") != 1 { // the section of the level
					t.Errorf("zone texts lack %s： once", sec(n, l))
				}
			}
		}
	}
	textOf := func(part, name string) string {
		return regexp.MustCompile(name + `：[^<]*`).FindString(part)
	}
	if a := textOf(inForce, sec(nameA, "小学")); !strings.Contains(a, "幸福小区") {
		t.Errorf("in force, A's text %q lacks 幸福小区", a)
	}
	if b := textOf(one, sec(nameB, "小学")); !strings.Contains(b, "幸福小区") {
		t.Errorf("方案一: B's text %q lacks 幸福小区", b)
	}
	if strings.Contains(inForce, "有调整") {
		t.Error("the plan in force has changed zones")
	}
	if n := strings.Count(one, `<span class="changed-tag">有调整</span>`); n != 4 {
		t.Errorf("方案一: %d zones tagged as changed, want 4 (A and B, each level)", n)
	}
}

// TestCompareHTMLMaps counts the maps: the county and county seat of each
// plan and level, and the same two maps of changes for each proposal and
// level, with one area a pair (方案一: X; 方案二: X and V, one pair, A → B).
func TestCompareHTMLMaps(t *testing.T) {
	html := renderCompare(t, townComparison(t))
	maps := section(html, "c-maps")
	if n := strings.Count(maps, `<svg class="map"`); n != 3*2*2 {
		t.Errorf("%d zone maps, want 12 (3 plans, 2 levels, county and county seat)", n)
	}
	chg := section(html, "c-changes")
	if n := strings.Count(chg, `<svg class="map changes pairs"`); n != 2*2*2 {
		t.Errorf("%d maps of changes, want 8 (2 proposals, 2 levels, county and county seat)", n)
	}
	if n := strings.Count(chg, `<path class="changed"`); n != 8 {
		t.Errorf("%d changed areas drawn, want 8 (one pair a map)", n)
	}
	if n := strings.Count(chg, `<path class="old"`); n != 8 {
		t.Errorf("%d outlines of the zones in force, want 8", n)
	}
	// The legend row of 方案一's primary area: A → B, X's households.
	want := fmt.Sprintf(`<td>%s</td><td>%s</td><td class="n">%d</td>`, sec(shortA, "小学"), sec(shortB, "小学"), xHouseholds)
	if !strings.Contains(planPart(chg, "方案一"), want) {
		t.Errorf("方案一's changes lack %s", want)
	}
	want = fmt.Sprintf(`<td>%s</td><td>%s</td><td class="n">%d</td>`, sec(shortA, "小学"), sec(shortB, "小学"), xHouseholds+vHouseholds)
	if !strings.Contains(planPart(chg, "方案二"), want) {
		t.Errorf("方案二's changes lack %s", want)
	}
}

// TestCompareHTMLWarnings: homes in no zone and zones left out are shown
// on the cover.
func TestCompareHTMLWarnings(t *testing.T) {
	c := *townComparison(t)
	o := *c.Plans[1]
	o.Uncovered = map[dataset.Level]int{dataset.Primary: 3}
	o.Ignored = []string{"小学 测试县民办学校（P9）"}
	// Overlapping zones: a copy of the result, so that the shared one
	// stays as it was.
	res := *o.Result
	res.Levels = slices.Clone(res.Levels)
	for i, lr := range res.Levels {
		if lr.Level == dataset.Junior {
			l := *lr
			l.Overlapping = 4
			res.Levels[i] = &l
		}
	}
	o.Result = &res
	c.Plans = append([]*compare.Outcome{c.Plans[0], &o}, c.Plans[2:]...)
	cover := section(renderCompare(t, &c), "c-cover")
	warn := regexp.MustCompile(`(?s)<div class="warn" role="alert">.*?</div>`).FindString(cover)
	for _, want := range []string{"方案一（幸福小区划入东城）：小学有 3 户住户不在任何片区内", "小学 测试县民办学校（P9）",
		"方案一（幸福小区划入东城）：初中有 4 户住户同时位于两个片区内"} {
		if !strings.Contains(warn, want) {
			t.Errorf("warnings %q lack %q", warn, want)
		}
	}
}

func TestCompareHTMLOffline(t *testing.T) {
	html := renderCompare(t, townComparison(t))
	for _, bad := range []string{"http://", "https://", "//cdn", "@import", "<link", "src=", "@font-face"} {
		if strings.Contains(html, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if m := regexp.MustCompile(`url\([^#]`).FindString(html); m != "" {
		t.Errorf("page contains %q", m)
	}
}

func TestCompareHTMLDeterministic(t *testing.T) {
	first := renderCompare(t, townComparison(t))
	c, err := compareTown(t) // computed anew
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if again := renderCompare(t, c); again != first {
			t.Fatalf("render %d differs from the first", i+2)
		}
	}
}

// TestCompareHTMLWellFormed checks that every element is closed in order
// (void elements aside), that no id is used twice, and that every inline
// SVG is well-formed XML.
func TestCompareHTMLWellFormed(t *testing.T) {
	html := renderCompare(t, townComparison(t))
	if err := balanced(html); err != nil {
		t.Fatal(err)
	}
	svgs := regexp.MustCompile(`(?s)<svg[ >].*?</svg>`).FindAllString(html, -1)
	if len(svgs) < 20 {
		t.Fatalf("%d inline SVGs, want maps and charts", len(svgs))
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		if ids[m[1]] {
			t.Errorf("id %q used twice", m[1])
		}
		ids[m[1]] = true
	}
	for _, s := range svgs {
		if err := wellFormedXML(s); err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%.300s", err, s)
		}
	}
}

// TestCompareHTMLEscapes: a plan name and an address with markup come out
// as text.
func TestCompareHTMLEscapes(t *testing.T) {
	c := *townComparison(t)
	o := *c.Plans[1]
	p := *o.Plan
	p.Name = `<script>alert(1)</script>`
	o.Plan = &p
	c.Plans = append([]*compare.Outcome{c.Plans[0], &o}, c.Plans[2:]...)
	html := renderCompare(t, &c)
	if strings.Contains(html, "<script>alert") {
		t.Error("plan name not escaped")
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("escaped plan name missing")
	}
}

func TestCompareHTMLBadInput(t *testing.T) {
	good := townComparison(t)
	noChange := *good
	o := *good.Plans[1]
	o.Change = nil
	noChange.Plans = []*compare.Outcome{good.Plans[0], &o}
	noResult := *good
	noResult.Plans = []*compare.Outcome{{}}
	for name, c := range map[string]*compare.Comparison{
		"nil": nil, "no plans": {}, "no result": &noResult, "no change": &noChange,
	} {
		if _, err := CompareHTML(c); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestBuildingAddress(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"呼图壁镇园林路18号锦华苑3栋2单元501室", "呼图壁镇园林路18号锦华苑3栋"},
		{"锦华苑3号楼2单元501", "锦华苑3栋"},
		{"幸福小区12-3-501", "幸福小区12栋"},
		{"东风路5号2单元301室", "东风路5号"},
		{"二十里店镇红山村3组12号", "二十里店镇红山村3组12号"},
		{"呼图壁镇锦华苑三栋二单元五零一室", "呼图壁镇锦华苑3栋"},
		{"", "（无地址）"},
		{"  ", "（无地址）"},
	} {
		if got := buildingAddress(address.NewParser(nil), c.in); got != c.want {
			t.Errorf("buildingAddress(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPlanLabel(t *testing.T) {
	for i, want := range map[int]string{0: "现行片区", 1: "方案一", 2: "方案二", 10: "方案十", 11: "方案 11"} {
		if got := planLabel(i); got != want {
			t.Errorf("planLabel(%d) = %q, want %q", i, got, want)
		}
	}
}

func BenchmarkCompareHTML(b *testing.B) {
	c := townComparison(b)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		out, err := CompareHTML(c)
		if err != nil {
			b.Fatal(err)
		}
		n = len(out)
	}
	b.ReportMetric(float64(n), "bytes")
}

// voids are the HTML elements without an end tag.
var voids = map[string]bool{"meta": true, "br": true, "img": true, "input": true, "link": true, "hr": true, "wbr": true}

// balanced checks that the page's elements nest: each end tag closes the
// element last opened (the bodies of style and script are skipped).
func balanced(html string) error {
	tag := regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>`)
	var stack []string
	pos := 0
	for {
		loc := tag.FindStringSubmatchIndex(html[pos:])
		if loc == nil {
			break
		}
		end, name, self := html[pos+loc[2]:pos+loc[3]] == "/", strings.ToLower(html[pos+loc[4]:pos+loc[5]]), html[pos+loc[6]:pos+loc[7]] == "/"
		pos += loc[1]
		switch {
		case end:
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return fmt.Errorf("</%s> at byte %d closes %v", name, pos, stack[max(0, len(stack)-3):])
			}
			stack = stack[:len(stack)-1]
		case self || voids[name]:
		case name == "style" || name == "script":
			j := strings.Index(html[pos:], "</"+name+">")
			if j < 0 {
				return fmt.Errorf("<%s> not closed", name)
			}
			pos += j + len("</"+name+">")
		default:
			stack = append(stack, name)
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("elements left open: %v", stack)
	}
	if strings.Count(html, "<!DOCTYPE html>") != 1 {
		return fmt.Errorf("no doctype")
	}
	return nil
}

// wellFormedXML reads s as XML to the end.
func wellFormedXML(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// FuzzBuildingAddress: whatever the address, the cut one is not empty and
// names no unit or room that the parser reads.
func FuzzBuildingAddress(f *testing.F) {
	for _, s := range []string{"呼图壁镇园林路18号锦华苑3栋2单元501室", "幸福小区12-3-501", "二十里店镇红山村3组12号",
		"东风路5号2单元301室", "锦华苑三栋二单元五零一室", "", "2单元", "室", "A栋B单元C室xyz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := address.NewParser(nil)
		got := buildingAddress(p, s)
		if got == "" {
			t.Fatalf("buildingAddress(%q) is empty", s)
		}
		if a := p.Parse(got); a.Unit != "" || a.Room != "" {
			t.Errorf("buildingAddress(%q) = %q, which names unit %q room %q", s, got, a.Unit, a.Room)
		}
	})
}

func TestBalanced(t *testing.T) {
	for _, c := range []struct {
		html string
		ok   bool
	}{
		{"<!DOCTYPE html><html><body><p>a<br>b</p><svg><path d=\"M0 0\"/></svg></body></html>", true},
		{"<!DOCTYPE html><style>p > a {}</style><script>if (a < b) {}</script><div></div>", true},
		{"<!DOCTYPE html><div><p></div>", false},
		{"<!DOCTYPE html><div>", false},
		{"<div></div>", false},
	} {
		if err := balanced(c.html); (err == nil) != c.ok {
			t.Errorf("balanced(%q) = %v, want ok %v", c.html, err, c.ok)
		}
	}
}

// sec names a campus's section of a level given in Chinese (小学, 初中):
// both of the town's schools have both sections, so the page writes 小学部
// or 初中部 after their names.
func sec(name, level string) string {
	if level == "初中" {
		return name + "初中部"
	}
	return name + "小学部"
}

// TestCompareHTMLLonger checks the section on longer trips: under 方案一
// every moved entrant of X goes farther (X lies between A and B, nearer
// A), counted here from the distances to the two schools; the place is X;
// those farther by more than a kilometre are counted and marked.
func TestCompareHTMLLonger(t *testing.T) {
	c := townComparison(t)
	one := planPart(section(renderCompare(t, c), "c-longer"), "方案一")
	if one == "" {
		t.Fatal("no section on longer trips for 方案一")
	}
	ds := c.Dataset
	a, b := ds.Schools[0].Loc, ds.Schools[1].Loc
	homes := townHomes()
	longer, far := 0, 0
	for n := 13; n < 13+7; n++ { // X's households
		if !homes[n].primary {
			continue
		}
		loc := orb.Point{homes[n].lon, townLat + 0.0005*float64(n%3)}
		if d := hav(loc, b) - hav(loc, a); d > 0 {
			longer++
			if d > compare.FarTripM {
				far++
			}
		}
	}
	want := fmt.Sprintf("小学：改变学校的新生 %d 人，其中上学距离变远 %d 人，变远 1 公里以上 %d 人；变远最多的是%s", xPrimary, longer, far, xName)
	if !strings.Contains(one, want) {
		t.Errorf("方案一 lacks %q", want)
	}
	row := fmt.Sprintf(`<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class="n">%d</td><td class="n%s">%d</td>`,
		xName, compare.KindCompound, sec(shortA, "小学"), sec(shortB, "小学"), longer, map[bool]string{true: " bad"}[far > 0], far)
	if !strings.Contains(one, row) {
		t.Errorf("方案一 lacks the row %s", row)
	}
}
