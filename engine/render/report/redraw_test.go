package report

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/zones"
)

// hav is the haversine great-circle distance in metres on the sphere of
// radius 6371008.8 m, written here as the reference the moves are checked
// against.
func hav(a, b orb.Point) float64 {
	const r = 6371008.8
	rad := math.Pi / 180
	p1, p2 := a[1]*rad, b[1]*rad
	dp, dl := (b[1]-a[1])*rad, (b[0]-a[0])*rad
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// m0 formats metres as the report does, rounded: "560 m".
func m0(x float64) string { return strconv.FormatFloat(math.Round(x), 'f', 0, 64) + " m" }

// section returns the HTML of one section of the page, "" when absent.
func section(html, id string) string {
	i := strings.Index(html, `<section id="`+id+`">`)
	if i < 0 {
		return ""
	}
	j := strings.Index(html[i:], "</section>")
	return html[i : i+j]
}

// TestHTMLMoves checks the moves of the small run, worked out by hand (see
// smallRun): KID-5 (HH-5) and KID-6 (HH-6) move from 县一小 to 县二小, KID-7
// (HH-7) had no zone in force and gets 县二小; 3 of 6 primary entrants.
func TestHTMLMoves(t *testing.T) {
	res := smallRun()
	html := render(t, res, res.Metrics())
	sec := section(html, "moves")
	if sec == "" {
		t.Fatal("no moves section")
	}
	hh := func(i int) orb.Point { return res.Dataset.Households[i].Loc }
	p1, p2 := res.Dataset.Schools[0].Loc, res.Dataset.Schools[1].Loc
	old5, old6 := hav(hh(5), p1), hav(hh(6), p1)
	new5, new6, new7 := hav(hh(5), p2), hav(hh(6), p2), hav(hh(7), p2)
	delta := func(d float64) string {
		s := m0(d)
		if math.Round(d) > 0 {
			s = "+" + s
		}
		return s
	}
	for _, want := range []string{
		"本次调整目标：<strong>最少调整</strong>",
		"小学新生 6 人，片区学校与现行片区不同的 <strong>3</strong> 人，占 50.0%，涉及 3 户。",
		"初中新生 2 人，片区学校与现行片区不同的 <strong>0</strong> 人，占 0.0%。",
		"初中片区学校没有变化",
		// Flows: 县一小 → 县二小 first (2 entrants), then from no zone (1).
		"<tr><td>县一小</td><td>县二小</td><td class=\"n\">2</td><td class=\"n\">" + m0((old5+old6)/2) +
			"</td><td class=\"n\">" + m0((new5+new6)/2) + "</td><td class=\"n\">" + delta((new5+new6-old5-old6)/2) + "</td></tr>",
		"<tr><td>（无现行片区）</td><td>县二小</td><td class=\"n\">1</td><td class=\"n\">—</td><td class=\"n\">" + m0(new7) +
			"</td><td class=\"n\">—</td></tr>",
		// Total: the old mean over the two that had a zone, the new over all
		// three, the change over the two with both.
		"<td class=\"n\">3</td><td class=\"n\">" + m0((old5+old6)/2) + "</td><td class=\"n\">" + m0((new5+new6+new7)/3) +
			"</td><td class=\"n\">" + delta((new5+new6-old5-old6)/2) + "</td>",
		// Households by address: 二 (U+4E8C) before 呼 (U+547C); 东 (U+4E1C) before 园 (U+56ED).
		"<tr><td>二十里店镇红山村3组</td><td>（无现行片区）</td><td>县二小</td><td class=\"n\">—</td><td class=\"n\">" + m0(new7) + "</td><td class=\"n\">1</td></tr>\n" +
			"<tr><td>呼图壁镇东风路9号</td><td>县一小</td><td>县二小</td><td class=\"n\">" + m0(old5) + "</td><td class=\"n\">" + m0(new5) + "</td><td class=\"n\">1</td></tr>\n" +
			"<tr><td>呼图壁镇园林路2号</td><td>县一小</td><td>县二小</td><td class=\"n\">" + m0(old6) + "</td><td class=\"n\">" + m0(new6) + "</td><td class=\"n\">1</td></tr>",
		"共 3 户，按地址排序；全部名单见输出文件 <code>moves.csv</code>",
		// The map: units 5, 6 (县一小 → 县二小) and 7 (none → 县二小).
		"片区学校改变的居住区 (3 处)",
		"<title>原片区 （无现行片区） → 新片区 县二小：本学年新生 1 人改变片区学校</title>",
		"<title>原片区 县一小 → 新片区 县二小：本学年新生 2 人改变片区学校</title>",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("moves section lacks %q", want)
		}
	}
	// The headline figure.
	if !strings.Contains(section(html, "overview"), "<dt>片区调整</dt><dd>3</dd><dd class=\"note\">片区学校与现行片区不同的新生，占 50.0%</dd>") {
		t.Error("overview lacks the primary moves")
	}
	// Changed areas: two regions, the second of two separate cells (units
	// 5 and 6 are 230 m apart); zones in force outlined by two rings.
	changed := regexp.MustCompile(`<path class="changed" fill="url\(#map-primary-moves-hatch\)" d="([^"]*)">`).FindAllStringSubmatch(sec, -1)
	if len(changed) != 2 {
		t.Fatalf("%d changed regions, want 2", len(changed))
	}
	if a, b := strings.Count(changed[0][1], "M"), strings.Count(changed[1][1], "M"); a != 1 || b != 2 {
		t.Errorf("changed regions of %d and %d rings, want 1 and 2", a, b)
	}
	if !strings.Contains(sec, `<pattern id="map-primary-moves-hatch"`) {
		t.Error("hatch pattern missing")
	}
	old := regexp.MustCompile(`<path class="old" d="([^"]*)"/>`).FindStringSubmatch(sec)
	if old == nil || strings.Count(old[1], "M") != 2 {
		t.Errorf("zones in force outline %v, want two rings", old)
	}
}

// TestHTMLNoIDs: no child or household id anywhere in the page, which may
// be shown to parents' representatives.
func TestHTMLNoIDs(t *testing.T) {
	res := smallRun()
	html := render(t, res, res.Metrics())
	for _, h := range res.Dataset.Households {
		if strings.Contains(html, h.ID) {
			t.Errorf("household id %s in the page", h.ID)
		}
	}
	for _, c := range res.Dataset.Children {
		if strings.Contains(html, c.ID) {
			t.Errorf("child id %s in the page", c.ID)
		}
	}
}

func TestHTMLMovesWithout(t *testing.T) {
	t.Run("no zones in force", func(t *testing.T) {
		res := smallRun()
		res.Dataset.Zones = nil
		html := render(t, res, res.Metrics())
		if !strings.Contains(section(html, "moves"), "数据中没有现行片区 (<code>zones.geojson</code>)，无法统计调整情况") {
			t.Error("missing zones in force not stated")
		}
		if strings.Contains(html, "<dt>片区调整</dt>") {
			t.Error("moves figure without zones in force")
		}
	})
	t.Run("no units", func(t *testing.T) {
		res := smallRun()
		m := res.Metrics()
		res.Units = nil
		html := render(t, res, m)
		if !strings.Contains(section(html, "moves"), "本次结果没有划片单元数据") {
			t.Error("moves without units not stated")
		}
		if !strings.Contains(section(html, "zones"), "本次结果没有划片单元数据") {
			t.Error("zone descriptions without units not stated")
		}
	})
}

func TestObjectiveText(t *testing.T) {
	for _, c := range []struct {
		o    zones.Objective
		want string
	}{
		{zones.ShortestDistance, "最短距离"}, {zones.FewestMoves, "最少调整"}, {zones.Balanced, "兼顾"},
		{"", "未注明"}, {"other", "other"},
	} {
		if got, _ := objectiveText(c.o); got != c.want {
			t.Errorf("objectiveText(%q) = %q, want %q", c.o, got, c.want)
		}
	}
	res := smallRun()
	res.Objective = zones.Balanced
	if html := render(t, res, res.Metrics()); !strings.Contains(html, "本次调整目标：<strong>兼顾</strong>") {
		t.Error("balanced objective not named")
	}
}

// manyMoves returns the small run's view with n moved primary households
// appended to HH-5's unit (addresses 东风路1号 … 东风路n号 written in a shuffled order),
// each moving one entrant from 县一小 to 县二小 with old distance 1000 + i m
// and new distance 500 + i m for the household of 东风路i号.
func manyMoves(t testing.TB, n int) *view {
	res := smallRun()
	v, err := newView(res, res.Metrics())
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 12))
	v.moves = nil
	for _, i := range r.Perm(n) {
		num := i + 1
		h := len(v.ds.Households)
		v.ds.Households = append(v.ds.Households, dataset.Household{Address: fmt.Sprintf("呼图壁镇东风路%d号", num)})
		v.res.Units.HomeUnit = append(v.res.Units.HomeUnit, 5) // HH-5's unit, which changes school
		v.moves = append(v.moves, engine.Move{Household: h, Level: dataset.Primary, Old: 0, New: 1,
			OldDistM: float64(1000 + num), NewDistM: float64(500 + num)})
	}
	return v
}

// TestMovesListCapped: of 230 moved households the first 200 by address
// are listed, 东风路1号 to 东风路200号 in numeric order; the flow holds all
// 230 with means 1000 + 115.5 and 500 + 115.5 m.
func TestMovesListCapped(t *testing.T) {
	v := manyMoves(t, 230)
	data, err := movesData(v, nil)
	if err != nil {
		t.Fatal(err)
	}
	lm := data.(movesView).Levels[0]
	if lm.Moved != 230 || lm.Households != 230 || len(lm.Homes) != movesListMax {
		t.Fatalf("moved %d, households %d, listed %d; want 230, 230, %d", lm.Moved, lm.Households, len(lm.Homes), movesListMax)
	}
	for i, h := range lm.Homes {
		if want := fmt.Sprintf("呼图壁镇东风路%d号", i+1); h.Address != want {
			t.Fatalf("row %d: %s, want %s", i, h.Address, want)
		}
		if h.OldDist != m0(float64(1000+i+1)) || h.From != "县一小" || h.To != "县二小" {
			t.Fatalf("row %d: %+v", i, h)
		}
	}
	// Mean of 1001 … 1230 is 1115.5, of 501 … 730 is 615.5: rounded half
	// away from zero.
	if len(lm.Flows) != 1 || lm.Flows[0].N != 230 || lm.Flows[0].OldMean != "1116 m" || lm.Flows[0].NewMean != "616 m" ||
		lm.Flows[0].Delta != "-500 m" {
		t.Errorf("flows %+v", lm.Flows)
	}
	// And as the page writes it.
	tm, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := tm.ExecuteTemplate(&b, "moves", data); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "共 230 户，下表按地址排序列出前 200 户；全部名单见输出文件 <code>moves.csv</code>") {
		t.Error("capped list not stated")
	}
	if n := strings.Count(b.String(), "<td>呼图壁镇东风路"); n != 200 {
		t.Errorf("%d rows listed, want 200", n)
	}
}

// TestFlowsProperties compares flows with a direct count on random moves.
func TestFlowsProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for trial := 0; trial < 300; trial++ {
		n := r.IntN(80)
		var moves []engine.Move
		for i := 0; i < n; i++ {
			m := engine.Move{Old: r.IntN(5) - 1, New: r.IntN(5) - 1}
			if m.Old >= 0 {
				m.OldDistM = r.Float64() * 5000
			}
			if m.New >= 0 {
				m.NewDistM = r.Float64() * 5000
			}
			moves = append(moves, m)
		}
		fs := flows(moves)
		total := 0
		seen := map[[2]int]bool{}
		for i, f := range fs {
			k := [2]int{f.old, f.new}
			if seen[k] {
				t.Fatalf("pair %v twice", k)
			}
			seen[k] = true
			var want, oldN int
			var oldSum float64
			for _, m := range moves {
				if m.Old == f.old && m.New == f.new {
					want++
					if m.Old >= 0 {
						oldN++
						oldSum += m.OldDistM
					}
				}
			}
			if f.n != want || f.oldN != oldN || math.Abs(f.oldSum-oldSum) > 1e-6 {
				t.Fatalf("flow %v: %d entrants (%d with old, %.1f m), want %d (%d, %.1f m)", k, f.n, f.oldN, f.oldSum, want, oldN, oldSum)
			}
			if i > 0 && fs[i-1].n < f.n {
				t.Fatalf("flows not by entrants, most first: %d then %d", fs[i-1].n, f.n)
			}
			total += f.n
		}
		if total != n {
			t.Fatalf("flows hold %d moves of %d", total, n)
		}
	}
}

func TestNaturalCompare(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"东风路8号", "东风路78号", -1},
		{"东风路78号", "东风路8号", 1},
		{"东风路8号", "东风路8号", 0},
		{"a2", "a10", -1},
		{"a02", "a2", 1}, // same number: the longer run last
		{"a", "a1", -1},
		{"", "", 0},
		{"1栋2单元", "1栋10单元", -1},
		{"红山村3组", "红山村12组", -1},
		{"x9", "x-", 1}, // a digit after '-' (0x2d), before 'a'
		{"x9", "xa", -1},
		{"99999999999999999999999", "100000000000000000000000", -1}, // beyond int64
	} {
		if got := naturalCompare(c.a, c.b); got != c.want {
			t.Errorf("naturalCompare(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// TestNaturalCompareOrder: on random strings of digits, letters and Chinese
// the comparison is antisymmetric and transitive, zero only for equal
// strings, and orders 路N号 by N.
func TestNaturalCompareOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	alphabet := []string{"0", "1", "2", "9", "0", "a", "-", "路", "号", "栋"}
	gen := func() string {
		var b strings.Builder
		for range r.IntN(7) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	sign := func(x int) int {
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return 0
	}
	for i := 0; i < 20000; i++ {
		a, b, c := gen(), gen(), gen()
		ab, ba := naturalCompare(a, b), naturalCompare(b, a)
		if sign(ab) != -sign(ba) {
			t.Fatalf("%q vs %q: %d and %d", a, b, ab, ba)
		}
		if (ab == 0) != (a == b) {
			t.Fatalf("%q vs %q: %d", a, b, ab)
		}
		if ab <= 0 && naturalCompare(b, c) <= 0 && naturalCompare(a, c) > 0 {
			t.Fatalf("not transitive: %q ≤ %q ≤ %q but %q > %q", a, b, c, a, c)
		}
	}
	var s []string
	for _, n := range r.Perm(300) {
		s = append(s, "东风路"+strconv.Itoa(n)+"号")
	}
	slices.SortFunc(s, naturalCompare)
	for i, x := range s {
		if x != "东风路"+strconv.Itoa(i)+"号" {
			t.Fatalf("position %d: %s", i, x)
		}
	}
}

// TestHTMLOutOfZone: KID-2 of 锦华苑 in 县一小's zone was seated at 县二小.
func TestHTMLOutOfZone(t *testing.T) {
	res := smallRun()
	m := res.Metrics()
	sec := section(render(t, res, m), "outofzone")
	for _, want := range []string{
		"小学新生 6 人中 <strong>1</strong> 人未能在本片区学校入学：",
		"<tr><td>县一小</td><td>呼图壁镇锦华苑</td><td class=\"n\">1</td><td class=\"n\">0</td></tr>",
		"初中新生全部在本片区学校入学，片外安置 0 人。",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("out-of-zone section lacks %q", want)
		}
	}
	// Hand-made entries: a multi-school zone, a home in no zone, unplaced
	// entrants: 3 + 2 + 1 = 6 children, 0 + 2 + 0 = 2 unplaced.
	res.Levels[0].Zones[0].ID = "城区一片"
	m.OutOfZone = []engine.OutOfZone{
		{Level: "primary", ZoneSchool: "城区一片", Unit: "呼图壁镇锦华苑", Children: 3},
		{Level: "primary", ZoneSchool: "", Unit: "87.01000,44.00900", Children: 2, Unplaced: 2},
		{Level: "primary", ZoneSchool: "p2", Unit: "呼图壁镇东风路", Children: 1},
	}
	sec = section(render(t, res, m), "outofzone")
	for _, want := range []string{
		"小学新生 6 人中 <strong>6</strong> 人未能在本片区学校入学，其中 2 人暂无学位：",
		"<tr><td>县一小 (多校划片 城区一片)</td><td>呼图壁镇锦华苑</td><td class=\"n\">3</td><td class=\"n\">0</td></tr>",
		"<tr><td>（无片区）</td><td>87.01000,44.00900</td><td class=\"n\">2</td><td class=\"n bad\">2</td></tr>",
		"<tr><td>县二小</td><td>呼图壁镇东风路</td><td class=\"n\">1</td><td class=\"n\">0</td></tr>",
		"<td class=\"n\">6</td><td class=\"n\">2</td></tr></tfoot>",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("out-of-zone section lacks %q", want)
		}
	}
	m.OutOfZone = nil
	sec = section(render(t, res, m), "outofzone")
	if !strings.Contains(sec, "小学新生全部在本片区学校入学，片外安置 0 人。") {
		t.Error("no out-of-zone primary entrant not stated")
	}
}

// TestHTMLLotteries: none in the small run (no section, no link); a
// hand-made draw of a zone of 县一小 and 县二小: 县一小 first choice of 3
// local, 1 permit and 1 other entrants, admits the 2 local ones it has room
// for (odds 2/5 = 40.0%); 县二小 first choice of 1 local, admitted (100.0%);
// the zone 3 of 6 = 50.0%.
func TestHTMLLotteries(t *testing.T) {
	res := smallRun()
	m := res.Metrics()
	html := render(t, res, m)
	if strings.Contains(html, `id="lotteries"`) || strings.Contains(html, `href="#lotteries"`) {
		t.Error("lottery section without a multi-school zone")
	}
	m.Lotteries = []engine.LotteryMetrics{
		{Level: "primary", ZoneID: "城区一片", SchoolID: "p1", Name: "县一小", Applicants: [3]int{3, 1, 1}, Admitted: [3]int{2, 0, 0}, Odds: ptr(0.4)},
		{Level: "primary", ZoneID: "城区一片", SchoolID: "p2", Name: "县二小", Applicants: [3]int{1, 0, 0}, Admitted: [3]int{1, 0, 0}, Odds: ptr(1.0)},
	}
	html = render(t, res, m)
	sec := section(html, "lotteries")
	n := func(xs ...int) string {
		var b strings.Builder
		for _, x := range xs {
			b.WriteString(`<td class="n">` + strconv.Itoa(x) + `</td>`)
		}
		return b.String()
	}
	for _, want := range []string{
		"<h3>小学 · 片区 城区一片 (县一小、县二小)</h3>",
		"<tr><th scope=\"row\">县一小</th>" + n(3, 1, 1, 5, 2, 0, 0, 2) + "<td class=\"n\">40.0%</td></tr>",
		"<tr><th scope=\"row\">县二小</th>" + n(1, 0, 0, 1, 1, 0, 0, 1) + "<td class=\"n\">100.0%</td></tr>",
		"<tr><th scope=\"row\">合计</th>" + n(4, 1, 1, 6, 3, 0, 0, 3) + "<td class=\"n\">50.0%</td></tr>",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("lottery section lacks %q", want)
		}
	}
	if !strings.Contains(html, `<a href="#lotteries">多校划片</a>`) {
		t.Error("no link to the lottery section")
	}
}

// TestHTMLZoneTexts: the notice paragraphs of the small run, worked out
// from the addresses: 县一小 holds HH-0, 1, 2 (东风路1号, 3号, 锦华苑); 县二小
// HH-3 … 7 (园林路8号, 天山花园, 东风路9号, 园林路2号, 红山村3组, the village's
// only home); 县一中 all eight. 东风路 has numbers 1, 3, 9 county-wide, 园林路
// 2 and 8.
func TestHTMLZoneTexts(t *testing.T) {
	res := smallRun()
	sec := section(render(t, res, res.Metrics()), "zones")
	for _, want := range []string{
		// Every number of a road belongs to one zone (engine/notice): 东风路
		// 1 and 3 are 县一小's and 9 县二小's, the numbers between and the
		// even side without houses go with their neighbours; 园林路 2 and
		// 8 are 县二小's, so its numbers 1—8 are.
		"<li><p>县一小：锦华苑；东风路1—8号。</p><p class=\"hint\">登记 3 户</p></li>\n" +
			"<li><p>县二小：天山花园；东风路9号、园林路1—8号；二十里店镇红山村全村。</p><p class=\"hint\">登记 5 户</p></li>",
		"<li><p>县一中：天山花园、锦华苑；东风路1—9号、园林路1—8号；二十里店镇红山村全村。</p><p class=\"hint\">登记 8 户</p></li>",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("zones section lacks %q", want)
		}
	}
	// A multi-school zone is marked.
	res.Levels[0].Zones[0].ID = "城区一片"
	sec = section(render(t, res, res.Metrics()), "zones")
	if !strings.Contains(sec, "登记 3 户；多校划片 城区一片，片区内随机派位") {
		t.Error("multi-school zone not marked")
	}
}

// TestHTMLAddressEscaped: an address is text, never markup.
func TestHTMLAddressEscaped(t *testing.T) {
	res := smallRun()
	res.Dataset.Households[5].Address = `<img onerror=alert(1)>东风路9号`
	html := render(t, res, res.Metrics())
	if strings.Contains(html, "<img") {
		t.Error("address written as markup")
	}
	if !strings.Contains(section(html, "moves"), "&lt;img onerror=alert(1)&gt;东风路9号") {
		t.Error("escaped address not listed")
	}
}

func TestHTMLBadUnits(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(r *engine.Result)
	}{
		{"home unit count", func(r *engine.Result) { r.Units.HomeUnit = r.Units.HomeUnit[:3] }},
		{"home unit range", func(r *engine.Result) { r.Units.HomeUnit[2] = 99 }},
		{"unit home range", func(r *engine.Result) { r.Units.Units[1].Homes = []int{-1} }},
		{"plan length", func(r *engine.Result) { r.Levels[0].SetUnitZones(r.Units, []int{0}, nil) }},
		{"plan zone", func(r *engine.Result) { r.Levels[0].SetUnitZones(r.Units, []int{5, 0, 0, 1, 1, 1, 1, 1, 0}, nil) }},
		{"current length", func(r *engine.Result) {
			r.Levels[0].SetUnitZones(r.Units, []int{0, 0, 0, 1, 1, 1, 1, 1, 0}, []int{0})
		}},
		{"current zone", func(r *engine.Result) {
			r.Levels[0].SetUnitZones(r.Units, []int{0, 0, 0, 1, 1, 1, 1, 1, 0}, []int{0, 0, 0, -2, 1, 0, 0, -1, 1})
		}},
		{"empty zone", func(r *engine.Result) { r.Levels[0].Zones[1].Schools = nil }},
		{"zone school", func(r *engine.Result) { r.Levels[1].Zones[0].Schools = []int{7} }},
		{"group", func(r *engine.Result) { r.Levels[0].Zoned[1].Zone = 4 }},
		{"entrant household", func(r *engine.Result) { r.Dataset.Children[5].HouseholdID = "nobody" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := smallRun()
			m := res.Metrics()
			c.mutate(res)
			if _, err := HTML(res, m); err == nil || !strings.HasPrefix(err.Error(), "report: ") {
				t.Errorf("err = %v, want a report: error", err)
			}
		})
	}
}

func BenchmarkMovesSection(b *testing.B) {
	v := manyMoves(b, 5000)
	for b.Loop() {
		if _, err := movesData(v, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMovedHomesSiblings: two moved entrants of one household make one row
// of 2; a household without an address is listed as such.
func TestMovedHomesSiblings(t *testing.T) {
	res := smallRun()
	v, err := newView(res, res.Metrics())
	if err != nil {
		t.Fatal(err)
	}
	v.ds.Households[6].Address = ""
	rows := v.movedHomes([]engine.Move{
		{Household: 5, Old: 0, New: 1, OldDistM: 700, NewDistM: 300},
		{Household: 6, Old: 0, New: 1, OldDistM: 640, NewDistM: 360},
		{Household: 5, Old: 0, New: 1, OldDistM: 700, NewDistM: 300},
	})
	want := []homeRow{
		{Address: "呼图壁镇东风路9号", From: "县一小", To: "县二小", OldDist: "700 m", NewDist: "300 m", N: 2},
		{Address: "（无地址）", From: "县一小", To: "县二小", OldDist: "640 m", NewDist: "360 m", N: 1},
	}
	if !slices.Equal(rows, want) {
		t.Errorf("rows %+v, want %+v", rows, want)
	}
}
