package report

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/zones"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.html from the current output")

// square is the lon/lat rectangle [x0,x1]×[y0,y1] as a one-polygon
// multipolygon, counter-clockwise.
func square(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

func ptr[T any](v T) *T { return &v }

// smallRun is a hand-made run of a county of three schools: 县一小 and 县二小
// (primary, zones side by side at 87.010° E) and 县一中 (junior, one zone
// over both), with zones in force and one unit per household.
//
// Primary: six entrants. 县一小 has 2 places and seats two of its zone; the
// third of its zone (KID-2, 锦华苑) goes to 县二小 out of zone; the other
// three are of 县二小's zone. Zoned ratio 5/6 = 83.3%, mean distance
// (300+500+700+400+600+500)/6 = 500 m, lower bound 400 m, gap 500/400 − 1 =
// +25.0%. 县二小 has 4+425+4×426 = 2133 pupils: over the 2000 school size.
// Junior: two entrants, both zoned, mean (1000+1500)/2 = 1250 m.
//
// Zones in force: primary 县一小 west of 87.012° E and 县二小 east of it, both
// south of 44.009° N; junior 县一中 over the whole area. The redraw moves
// the line to 87.010° E, so HH-5 and HH-6 (between the two lines) change
// from 县一小 to 县二小, and HH-7 (north of 44.009°, in no zone in force)
// gets 县二小: 3 of 6 primary entrants moved, no junior one. A ninth unit,
// open land without homes, changes from 县二小 to 县一小.
func smallRun() *engine.Result {
	ds := &dataset.Dataset{
		Meta: dataset.Meta{Name: "测试县", BaseYear: 2025},
		Schools: []dataset.School{
			{ID: "p1", Name: "县一小", Loc: orb.Point{87.004, 44.005}, PrimarySeats: 600, AreaType: dataset.Urban, Public: true},
			{ID: "p2", Name: "县二小", Loc: orb.Point{87.015, 44.005}, PrimarySeats: 2400, AreaType: dataset.Urban, Public: true},
			{ID: "j1", Name: "县一中", Loc: orb.Point{87.010, 44.008}, JuniorSeats: 900, AreaType: dataset.Urban, Public: true,
				MusicRooms: ptr(0), ArtRooms: ptr(1)},
		},
		Households: []dataset.Household{
			{ID: "HH-0", Loc: orb.Point{87.002, 44.002}, Hukou: dataset.Local, Address: "呼图壁镇东风路1号"},
			{ID: "HH-1", Loc: orb.Point{87.006, 44.003}, Hukou: dataset.Migrant, Permit: true, Address: "呼图壁镇东风路3号"},
			{ID: "HH-2", Loc: orb.Point{87.008, 44.006}, Hukou: dataset.Local, Address: "呼图壁镇锦华苑1栋1单元101室"},
			{ID: "HH-3", Loc: orb.Point{87.013, 44.004}, Hukou: dataset.Local, Address: "呼图壁镇园林路8号"},
			{ID: "HH-4", Loc: orb.Point{87.018, 44.008}, Hukou: dataset.Local, Address: "呼图壁镇天山花园2栋3单元502室"},
			{ID: "HH-5", Loc: orb.Point{87.011, 44.005}, Hukou: dataset.Local, Address: "呼图壁镇东风路9号"},
			{ID: "HH-6", Loc: orb.Point{87.0115, 44.003}, Hukou: dataset.Local, Address: "呼图壁镇园林路2号"},
			{ID: "HH-7", Loc: orb.Point{87.013, 44.0095}, Hukou: dataset.Migrant, Address: "二十里店镇红山村3组"},
		},
		Children: []dataset.Child{
			{ID: "KID-0", HouseholdID: "HH-0", BirthYear: 2020},
			{ID: "KID-1", HouseholdID: "HH-1", BirthYear: 2020},
			{ID: "KID-2", HouseholdID: "HH-2", BirthYear: 2020},
			{ID: "KID-3", HouseholdID: "HH-3", BirthYear: 2014, Grade: 6, SchoolID: "p1"},
			{ID: "KID-4", HouseholdID: "HH-4", BirthYear: 2014, Grade: 6, SchoolID: "p2", Disability: true},
			{ID: "KID-5", HouseholdID: "HH-5", BirthYear: 2020},
			{ID: "KID-6", HouseholdID: "HH-6", BirthYear: 2020},
			{ID: "KID-7", HouseholdID: "HH-7", BirthYear: 2020},
		},
		Zones: []dataset.Zone{
			{Level: dataset.Primary, SchoolID: "p1", Geometry: square(87.000, 44.000, 87.012, 44.009)},
			{Level: dataset.Primary, SchoolID: "p2", Geometry: square(87.012, 44.000, 87.020, 44.009)},
			{Level: dataset.Junior, SchoolID: "j1", Geometry: square(87.000, 44.000, 87.020, 44.010)},
		},
	}
	ds.Index()
	// One unit per household: the home's H3 cell.
	us := &zones.Units{Resolution: 10}
	for h := range ds.Households {
		c, err := geo.CellOf(ds.Households[h].Loc, 10)
		if err != nil {
			panic(err) // constant test data
		}
		us.Units = append(us.Units, zones.Unit{ID: h, Cells: []geo.Cell{c}, Homes: []int{h}, Center: ds.Households[h].Loc})
		us.HomeUnit = append(us.HomeUnit, h)
	}
	// Unit 8: open land without homes, in 县二小's zone in force and in
	// 县一小's now: it moves no one and is not drawn as changed.
	open, err := geo.CellOf(orb.Point{87.016, 44.001}, 10)
	if err != nil {
		panic(err)
	}
	us.Units = append(us.Units, zones.Unit{ID: 8, Cells: []geo.Cell{open}, Center: orb.Point{87.016, 44.001}})
	primary := &engine.LevelResult{
		Level:    dataset.Primary,
		Sections: []int{0, 1},
		Zoned: []engine.ZonedSchool{
			{School: 0, Zone: 0, Polygon: square(87.000, 44.000, 87.010, 44.010)},
			{School: 1, Zone: 1, Polygon: square(87.010, 44.000, 87.020, 44.010)},
		},
		Zones: []engine.Zone{{Schools: []int{0}}, {Schools: []int{1}}},
		Schools: []engine.LevelSchool{
			{Capacity: 2, Students: []int{2, 40, 40, 40, 40, 40}},
			{Capacity: 60, Students: []int{4, 425, 426, 426, 426, 426}},
			{Capacity: 0, Students: []int{0, 0, 0, 0, 0, 0}},
		},
		Entrants: []int{0, 1, 2, 5, 6, 7},
		Seats: []engine.Seat{
			{Child: 0, School: 0, Zoned: true, DistanceM: 300},
			{Child: 1, School: 0, Zoned: true, DistanceM: 500},
			{Child: 2, School: 1, Zoned: false, DistanceM: 700},
			{Child: 5, School: 1, Zoned: true, DistanceM: 400},
			{Child: 6, School: 1, Zoned: true, DistanceM: 600},
			{Child: 7, School: 1, Zoned: true, DistanceM: 500},
		},
		LowerBoundM: ptr(400.0),
	}
	junior := &engine.LevelResult{
		Level:    dataset.Junior,
		Sections: []int{2},
		Zoned:    []engine.ZonedSchool{{School: 2, Zone: 0, Polygon: square(87.000, 44.000, 87.020, 44.010)}},
		Zones:    []engine.Zone{{Schools: []int{2}}},
		Schools:  []engine.LevelSchool{{Capacity: 0, Students: []int{0, 0, 0}}, {Capacity: 0, Students: []int{0, 0, 0}}, {Capacity: 5, Students: []int{2, 300, 300}}},
		Entrants: []int{3, 4},
		Seats: []engine.Seat{
			{Child: 3, School: 2, Zoned: true, DistanceM: 1000},
			{Child: 4, School: 2, Zoned: true, DistanceM: 1500},
		},
	}
	// Units 0–7 (= households) 0–2 in 县一小's zone, 3–7 in 县二小's; in
	// force: 0, 1, 2, 5, 6 in 县一小's, 3, 4 in 县二小's, 7 in none.
	primary.SetUnitZones(us, []int{0, 0, 0, 1, 1, 1, 1, 1, 0}, []int{0, 0, 0, 1, 1, 0, 0, -1, 1})
	junior.SetUnitZones(us, []int{0, 0, 0, 0, 0, 0, 0, 0, 0}, []int{0, 0, 0, 0, 0, 0, 0, 0, 0})
	return &engine.Result{
		Dataset:   ds,
		Config:    config.Default(),
		Year:      2026,
		Area:      square(87.000, 44.000, 87.020, 44.010),
		Units:     us,
		Levels:    []*engine.LevelResult{primary, junior},
		Objective: zones.FewestMoves,
		// Every child's school in 2026: the entrants' seats (KID-3 and
		// KID-4 enter grade 7 at 县一中).
		Enrolment: &engine.Enrolment{Year: 2026, School: []int{0, 0, 1, 2, 2, 1, 1, 1}},
	}
}

func render(t testing.TB, res *engine.Result, m engine.Metrics) string {
	t.Helper()
	b, err := HTML(res, m)
	if err != nil {
		t.Fatalf("HTML: %v", err)
	}
	return string(b)
}

func TestHTMLSmallRun(t *testing.T) {
	res := smallRun()
	html := render(t, res, res.Metrics())
	for _, want := range []string{
		"<!DOCTYPE html>",
		"测试县 2026 学年",
		"县一小", "县二小", "县一中",
		// The oversized campus, in words.
		"县二小: 在校生 2133 &gt; 2000",
		// Primary: 6 entrants, 5 zoned.
		"83.3%", "500 m", "400 m", "&#43;25.0%", "2 / 2",
		"城区、镇区公办非寄宿学校小学新生 6 人中 5 人在本片区学校入学，占 83.3%，低于目标 100%；1 人因片区学校学位不足统筹安排到其他学校",
		// Junior: both zoned.
		"1250 m", "初中新生 2 人中 2 人在本片区学校入学，占 100.0%，达到目标 95%",
		// 县一中 has 2+300+300 = 602 pupils in 1+6+6 = 13 classes of at most 50:
		// ⌈13/12⌉ = 2 music rooms needed, none there; art room 1 < 2.
		"县一中: 13 个班需音乐教室 2 间，现有 0 间",
		"县一中: 13 个班需美术教室 2 间，现有 1 间",
		// The one migrant pupil with a permit is the entrant KID-1, seated
		// at 县一小; the disabled pupil is the entrant KID-4, at 县一中.
		"一至九年级持居住证随迁子女 1 人，在公办学校 1 人、政府购买学位 0 人，共 1 人，占 100.0%，达到 85%。" +
			"其中一年级、七年级新生 1 人，1 人在公办学校或政府购买学位就读，占 100.0%。",
		"一至九年级残疾儿童少年 1 人，入学 1 人，占 100.0%，达到 95%。其中一年级、七年级新生 1 人，1 人已安排学位。",
		// No school gives resource data: the seven indicators say so.
		"数据中没有小学学校的面积、教师、设备数据",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(html, "暂未核查") {
		t.Error("the report still says the indicators were not checked")
	}
	// A result without the year's enrolment cannot count the pupils: it
	// says so, and still gives the entrants' share, labelled.
	res.Enrolment = nil
	html = render(t, res, res.Metrics())
	if !strings.Contains(html, "本结果没有本学年在校生的数据。其中一年级、七年级新生 1 人，1 人在公办学校或政府购买学位就读，占 100.0%。") {
		t.Error("without the enrolment, the migrant check does not say so")
	}
	res.Enrolment = &engine.Enrolment{Year: 2026, School: []int{0, 0, 1, 2, 2, 1, 1, 1}}
	// The campus-size failure is flagged in the table too.
	if !regexp.MustCompile(`<td class="bad" title="[^"]*">2133 / 2000</td>`).MatchString(html) {
		t.Error("2133 / 2000 is not highlighted in the school table")
	}
	if !strings.Contains(html, `<td title="全校在校生 / 校额上限">602 / 2000</td>`) {
		t.Error("县一中's campus size missing or wrongly highlighted")
	}
}

func TestHTMLClassSizeFailure(t *testing.T) {
	res := smallRun()
	m := res.Metrics()
	found := false
	for i := range m.Schools {
		if m.Schools[i].SchoolID == "p1" && m.Schools[i].Level == "primary" {
			m.Schools[i].MaxClassSize = 48
			found = true
		}
	}
	if !found {
		t.Fatal("no metrics for p1")
	}
	html := render(t, res, m)
	if !strings.Contains(html, "县一小: 最大班额 48 &gt; 45") {
		t.Error("class size failure not stated")
	}
	if !strings.Contains(html, `<td class="bad" title="班额上限 45">48</td>`) {
		t.Error("class size failure not highlighted")
	}
}

// TestHTMLOffline checks that nothing is fetched: no URL of any scheme in an
// attribute or in the CSS (url() only of a pattern of the page, url(#…)),
// and no external script, style or font.
func TestHTMLOffline(t *testing.T) {
	res := smallRun()
	html := render(t, res, res.Metrics())
	for _, bad := range []string{"http://", "https://", "//cdn", "@import", "<link", "src=", "@font-face"} {
		if strings.Contains(html, bad) {
			t.Errorf("report contains %q", bad)
		}
	}
	if m := regexp.MustCompile(`url\([^#]`).FindString(html); m != "" {
		t.Errorf("report contains %q", m)
	}
	if !strings.Contains(html, "url(#") {
		t.Error("no hatch pattern referenced: the test above checked nothing")
	}
}

// TestHTMLSVGWellFormed parses every inline SVG as XML and checks the maps'
// elements.
func TestHTMLSVGWellFormed(t *testing.T) {
	res := smallRun()
	html := render(t, res, res.Metrics())
	svgs := regexp.MustCompile(`(?s)<svg[ >].*?</svg>`).FindAllString(html, -1)
	if len(svgs) < 4 {
		t.Fatalf("%d inline SVGs, want maps and charts", len(svgs))
	}
	maps := 0
	for _, s := range svgs {
		d := xml.NewDecoder(strings.NewReader(s))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("SVG is not well-formed XML: %v\n%.300s", err, s)
			}
		}
		if strings.Contains(s, `class="map"`) {
			maps++
		}
	}
	// Two levels, each a county map and a county-seat map (the schools are
	// urban), and the primary map of changed areas (junior has none).
	if maps != 4 {
		t.Errorf("%d maps, want 4", maps)
	}
	if n := strings.Count(html, `<svg class="map changes"`); n != 1 {
		t.Errorf("%d maps of changes, want 1", n)
	}
	// Zones: 2 primary + 1 junior, each drawn on two maps, and the 2
	// primary ones on the map of changes.
	if n := strings.Count(html, `<path class="zone"`); n != 8 {
		t.Errorf("%d zone paths, want 8", n)
	}
	// Markers: 2 primary + 1 junior sections on two maps each, and 2 on
	// the map of changes.
	if n := strings.Count(html, `<g class="mk"`); n != 8 {
		t.Errorf("%d school markers, want 8", n)
	}
	pathD := regexp.MustCompile(`<path class="zone" fill="#[0-9a-f]{6}" d="([^"]*)"`)
	syntax := regexp.MustCompile(`^(M-?\d+ -?\d+( -?\d+ -?\d+)*Z)+$`)
	for _, m := range pathD.FindAllStringSubmatch(html, -1) {
		if !syntax.MatchString(m[1]) {
			t.Errorf("bad path data %q", m[1])
		}
	}
	// Hover titles name the school with its entrants and places.
	if !strings.Contains(html, "<title>县一小\n入学 2 / 学位 2") {
		t.Error("no hover title for 县一小")
	}
	// The two primary zones touch: their fills differ.
	fills := regexp.MustCompile(`<path class="zone" fill="(#[0-9a-f]{6})"`).FindAllStringSubmatch(html, -1)
	if len(fills) >= 2 && fills[0][1] == fills[1][1] {
		t.Errorf("touching zones share the colour %s", fills[0][1])
	}
}

func TestHTMLDeterministic(t *testing.T) {
	res := smallRun()
	first := render(t, res, res.Metrics())
	for i := 0; i < 5; i++ {
		res := smallRun()
		if again := render(t, res, res.Metrics()); again != first {
			t.Fatalf("render %d differs from the first", i+2)
		}
	}
}

func TestHTMLGolden(t *testing.T) {
	res := smallRun()
	got := []byte(render(t, res, res.Metrics()))
	path := filepath.Join("testdata", "small.golden.html")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./engine/render/report -run Golden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report differs from %s; inspect and run with -update if intended", path)
	}
}

func TestHTMLBadInput(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(r *engine.Result)
	}{
		{"nil dataset", func(r *engine.Result) { r.Dataset = nil }},
		{"section out of range", func(r *engine.Result) { r.Levels[0].Sections[0] = 7 }},
		{"zoned out of range", func(r *engine.Result) { r.Levels[1].Zoned[0].School = -1 }},
		{"seat school out of range", func(r *engine.Result) { r.Levels[0].Seats[0].School = 3 }},
		{"seat child out of range", func(r *engine.Result) { r.Levels[0].Seats[0].Child = 99 }},
		{"schools length", func(r *engine.Result) { r.Levels[0].Schools = r.Levels[0].Schools[:1] }},
		{"nil level", func(r *engine.Result) { r.Levels[0] = nil }},
		{"unknown level", func(r *engine.Result) { r.Levels[0].Level = "senior" }},
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
	if _, err := HTML(nil, engine.Metrics{}); err == nil {
		t.Error("nil result accepted")
	}
}

// TestHTMLEmptyLevel renders a level without entrants, zones or seats.
func TestHTMLEmptyLevel(t *testing.T) {
	res := smallRun()
	jr := res.Levels[1]
	jr.Entrants, jr.Seats, jr.Zoned[0].Polygon = nil, nil, nil
	html := render(t, res, res.Metrics())
	if !strings.Contains(html, "没有已安置的新生") {
		t.Error("empty junior level not stated")
	}
	if !strings.Contains(html, "本学年没有初中新生") {
		t.Error("places check of an empty level not stated")
	}
}

// TestHTMLEscapes checks that names are escaped, not interpreted.
func TestHTMLEscapes(t *testing.T) {
	res := smallRun()
	res.Dataset.Schools[0].Name = `<script>alert(1)</script>"&`
	res.Dataset.Meta.Name = `<b>县</b>`
	html := render(t, res, res.Metrics())
	if strings.Count(html, "<script") != 1 {
		t.Error("a name was written as a script element")
	}
	if strings.Contains(html, "<b>县</b>") {
		t.Error("county name not escaped")
	}
}

// TestHTMLNoUrbanSchool draws the county map alone when no school is urban.
func TestHTMLNoUrbanSchool(t *testing.T) {
	res := smallRun()
	for i := range res.Dataset.Schools {
		res.Dataset.Schools[i].AreaType = dataset.Rural
	}
	html := render(t, res, res.Metrics())
	if n := strings.Count(html, `<svg class="map"`); n != 2 {
		t.Errorf("%d maps, want one per level", n)
	}
	// The map of changes takes the county's frame: every school is drawn.
	if n := strings.Count(html, `<svg class="map changes"`); n != 1 {
		t.Errorf("%d maps of changes, want 1", n)
	}
	if strings.Contains(html, `class="inset"`) {
		t.Error("inset drawn without a county seat")
	}
}
