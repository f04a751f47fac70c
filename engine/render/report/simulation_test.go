package report_test

import (
	"html"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/report"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// oneSchool is a run of a county of one primary school, as in ExampleHTML.
func oneSchool() *engine.Result {
	ds := &dataset.Dataset{
		Meta:       dataset.Meta{Name: "示例县", BaseYear: 2025},
		Schools:    []dataset.School{{ID: "s1", Name: "示例县第一小学", Loc: orb.Point{87.005, 44.005}, PrimarySeats: 300, AreaType: dataset.Urban, Public: true}},
		Households: []dataset.Household{{ID: "h1", Loc: orb.Point{87.003, 44.004}, Hukou: dataset.Local}},
		Children:   []dataset.Child{{ID: "c1", HouseholdID: "h1", BirthYear: 2020}},
	}
	ds.Index()
	zone := orb.MultiPolygon{{{{87, 44}, {87.01, 44}, {87.01, 44.01}, {87, 44.01}, {87, 44}}}}
	return &engine.Result{Dataset: ds, Config: config.Default(), Year: 2026, Area: zone,
		Levels: []*engine.LevelResult{{
			Level: dataset.Primary, Sections: []int{0},
			Schools:  []engine.LevelSchool{{Capacity: 50, Students: []int{1, 40, 40, 40, 40, 40}}},
			Zoned:    []engine.ZonedSchool{{School: 0, Zone: 0, Polygon: zone}},
			Entrants: []int{0},
			Seats:    []engine.Seat{{Child: 0, School: 0, Zoned: true, DistanceM: 190}},
		}}}
}

func f(x float64) *float64 { return &x }

func chk(year int, key string, pass bool, text string) compliance.Check {
	return compliance.Check{Year: year, Scope: compliance.ScopeSchool, SchoolID: "s1", Name: "示例县第一小学",
		Level: compliance.Primary, Key: key, Value: f(1), Limit: f(2), Pass: pass, Text: text}
}

// smallSim is three years of the one school: 2025 two failures, 2026 one
// (one check skipped), 2027 none; one event in 2026.
func smallSim(ds *dataset.Dataset) *simulate.Result {
	sc := &scenario.Scenario{Name: "示例方案", Events: []scenario.Event{
		{ID: "build-1", Year: 2026, Kind: scenario.Build, School: "s1", Source: "附件2 2026年 第1项", Note: "新建<综合楼>"},
	}}
	sec := func(y, n int) simulate.Section {
		return simulate.Section{Year: y, SchoolID: "s1", Name: "示例县第一小学", Level: dataset.Primary, Students: n, Seats: 300, CampusStudents: n}
	}
	sizeCheck := func(y int, v float64) compliance.Check {
		return compliance.Check{Year: y, Scope: compliance.ScopeSchool, SchoolID: "s1", Name: "示例县第一小学", Key: compliance.KeySchoolSize,
			Value: f(v), Limit: f(2000), Pass: true, Text: "校额"}
	}
	years := []*simulate.Year{
		{Year: 2025, Sections: []simulate.Section{sec(2025, 200)}, Report: compliance.Report{Year: 2025, Checks: []compliance.Check{
			sizeCheck(2025, 200),
			chk(2025, compliance.KeyMusicRooms, false, "2025 示例县第一小学: 音乐教室 0 间 < 1 间"),
			chk(2025, compliance.KeyTeachingArea, false, "2025 示例县第一小学: 生均教学及辅助用房面积 <3 m²>"),
		}}},
		{Year: 2026, Events: []*scenario.Event{&sc.Events[0]}, Sections: []simulate.Section{sec(2026, 220)}, Report: compliance.Report{Year: 2026, Checks: []compliance.Check{
			sizeCheck(2026, 220),
			chk(2026, compliance.KeyMusicRooms, false, "2026 示例县第一小学: 音乐教室 0 间 < 1 间"),
			{Year: 2026, Scope: compliance.ScopeSchool, SchoolID: "s1", Level: compliance.Primary, Key: compliance.KeyEquipment, Skipped: true, Text: "2026 skipped"},
			{Year: 2026, Scope: compliance.ScopeCounty, Level: compliance.Primary, Key: compliance.KeyNearbyRatio, Value: f(0.97), Limit: f(1), Text: "2026 全县小学: 就近入学比例 97% < 100%"},
		}}},
		{Year: 2027, Sections: []simulate.Section{sec(2027, 240)}, Report: compliance.Report{Year: 2027, Checks: []compliance.Check{
			sizeCheck(2027, 240),
			chk(2027, compliance.KeyMusicRooms, true, "2027 示例县第一小学: 音乐教室 1 间 ≥ 1 间"),
		}}},
	}
	return &simulate.Result{Dataset: ds, Scenario: sc, Years: years}
}

// heatCells returns the cells (class and title) of the heat map's row that
// starts with name.
func heatCells(t *testing.T, page, name string) []string {
	t.Helper()
	sec := simSection(page, "simulation")
	i := strings.Index(sec, "<tr><th scope=\"row\">"+name+"</th>")
	if i < 0 {
		t.Fatalf("no heat-map row %q in\n%s", name, sec)
	}
	row := sec[i:]
	row = row[:strings.Index(row, "</tr>")]
	parts := strings.Split(row, "<td class=\"")[2:] // skip the level cell
	return parts
}

func TestHTMLSimulation(t *testing.T) {
	res := oneSchool()
	plain, err := report.HTML(res, res.Metrics())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(plain), `id="simulation"`) {
		t.Error("a report without a simulation has simulation pages")
	}
	for _, nilSim := range []report.Option{nil, report.WithSimulation(nil, 0)} {
		b, err := report.HTML(res, res.Metrics(), nilSim)
		if err != nil || string(b) != string(plain) {
			t.Errorf("a nil option or simulation changes the report (err %v)", err)
		}
	}
	sim := smallSim(res.Dataset)
	b, err := report.HTML(res, res.Metrics(), report.WithSimulation(sim, 0))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, id := range []string{"simulation", "simtrends", "simevents"} {
		if !strings.Contains(page, `<section id="`+id+`">`) {
			t.Errorf("no section %s", id)
		}
	}
	// One school section, three years: 2 failures (h2), 1 (h1, the skipped
	// check not counted), none (h0).
	cells := heatCells(t, page, "第一小学")
	if len(cells) != 3 {
		t.Fatalf("%d cells, want 3: %q", len(cells), cells)
	}
	for i, want := range []struct{ class, text string }{
		{"h2", ">2<"}, {"h1", ">1<"}, {"h0", "></td>"},
	} {
		if !strings.HasPrefix(cells[i], want.class+`"`) || !strings.Contains(cells[i], want.text) {
			t.Errorf("%d: cell %q, want class %s and %s", 2025+i, cells[i], want.class, want.text)
		}
	}
	// The hover title lists the failing checks' texts, escaped.
	if !strings.Contains(cells[0], html.EscapeString("生均教学及辅助用房面积 <3 m²>")) || !strings.Contains(cells[0], "音乐教室 0 间") {
		t.Errorf("2025 title lacks the failing checks: %q", cells[0])
	}
	if strings.Contains(page, "<3 m²>") || strings.Contains(page, "<综合楼>") {
		t.Error("a check text or an event note is not escaped")
	}
	// The evaluation year is 2027 (after the 2026 event): every check passes.
	sc := simSection(page, "simulation")
	if !strings.Contains(sc, "2027 学年全县所有核查项均达标") {
		t.Errorf("evaluation 2027 should pass:\n%s", sc)
	}
	// Evaluating 2026 lists its two failures in their own words.
	b, err = report.HTML(res, res.Metrics(), report.WithSimulation(sim, 2026))
	if err != nil {
		t.Fatal(err)
	}
	sc = simSection(string(b), "simulation")
	for _, want := range []string{"2026 学年共 <strong class=\"badtext\">2</strong> 项未达标", "2026 示例县第一小学: 音乐教室 0 间 &lt; 1 间",
		"2026 全县小学: 就近入学比例 97% &lt; 100%"} {
		if !strings.Contains(sc, want) {
			t.Errorf("evaluation 2026 lacks %q", want)
		}
	}
	if strings.Contains(sc, "2026 skipped") && strings.Contains(sc, "<li><span class=\"where\">示例县第一小学 小学</span>2026 skipped") {
		t.Error("a skipped check is listed as a failure")
	}
	// The events table: year, kind in Chinese, school, source.
	ev := simSection(page, "simevents")
	for _, want := range []string{"<td class=\"n\">2026</td><td>新建校舍</td><td>示例县第一小学</td>", "附件2 2026年 第1项", "build-1"} {
		if !strings.Contains(ev, want) {
			t.Errorf("events lack %q:\n%s", want, ev)
		}
	}
	// The county row of the nearby ratio: 97% marked bad in 2026.
	tr := simSection(page, "simtrends")
	if !strings.Contains(tr, `<td class="n bad" title="2026 全县小学: 就近入学比例 97% &lt; 100%">97%</td>`) {
		t.Errorf("county table lacks the failing nearby ratio:\n%s", tr)
	}
	if mp := simSection(page, "simmaps"); !strings.Contains(mp, "2025、2026、2027 学年没有重新划片的结果") || strings.Contains(mp, "<svg") {
		t.Errorf("years without results should be named, not drawn:\n%s", mp)
	}
	if !strings.Contains(tr, "校额上限 2000 人") {
		t.Error("the school's size cap is not named")
	}
}

// simSection returns the page's section id, "" when absent.
func simSection(page, id string) string {
	i := strings.Index(page, `<section id="`+id+`">`)
	if i < 0 {
		return ""
	}
	j := strings.Index(page[i:], "</section>")
	return page[i : i+j]
}
