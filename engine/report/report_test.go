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
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.html from the current output")

// square is the lon/lat rectangle [x0,x1]×[y0,y1] as a one-polygon
// multipolygon, counter-clockwise.
func square(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

func ptr[T any](v T) *T { return &v }

// smallRun is a hand-made run of a county of three schools: 县一小 and 县二小
// (primary, zones side by side) and 县一中 (junior, one zone over both).
//
// Primary: three entrants; 县一小 has 2 places and seats two of its zone,
// the third (also of 县一小's zone) goes to 县二小 unzoned: zoned ratio 2/3
// = 66.7%, mean distance (300+500+700)/3 = 500 m, lower bound 400 m, gap
// 500/400 − 1 = +25.0%. 县二小 has 1+425+4×426 = 2130 pupils: over the 2000
// school size. Junior: two entrants, both zoned, mean (1000+1500)/2 = 1250 m.
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
			{ID: "h0", Loc: orb.Point{87.002, 44.002}, Hukou: dataset.Local},
			{ID: "h1", Loc: orb.Point{87.006, 44.003}, Hukou: dataset.Migrant, Permit: true},
			{ID: "h2", Loc: orb.Point{87.008, 44.006}, Hukou: dataset.Local},
			{ID: "h3", Loc: orb.Point{87.012, 44.004}, Hukou: dataset.Local},
			{ID: "h4", Loc: orb.Point{87.018, 44.009}, Hukou: dataset.Local},
		},
		Children: []dataset.Child{
			{ID: "c0", HouseholdID: "h0", BirthYear: 2020},
			{ID: "c1", HouseholdID: "h1", BirthYear: 2020},
			{ID: "c2", HouseholdID: "h2", BirthYear: 2020},
			{ID: "c3", HouseholdID: "h3", BirthYear: 2014, Grade: 6, SchoolID: "p1"},
			{ID: "c4", HouseholdID: "h4", BirthYear: 2014, Grade: 6, SchoolID: "p2", Disability: true},
		},
	}
	ds.Index()
	primary := &engine.LevelResult{
		Level:    dataset.Primary,
		Sections: []int{0, 1},
		Zoned:    []int{0, 1},
		Capacity: []int{2, 60, 0},
		Entrants: []int{0, 1, 2},
		Seats: []engine.Seat{
			{Child: 0, School: 0, Zoned: true, DistanceM: 300},
			{Child: 1, School: 0, Zoned: true, DistanceM: 500},
			{Child: 2, School: 1, Zoned: false, DistanceM: 700},
		},
		Zones:       []orb.MultiPolygon{square(87.000, 44.000, 87.010, 44.010), square(87.010, 44.000, 87.020, 44.010)},
		LowerBoundM: ptr(400.0),
		Students: [][]int{
			{2, 40, 40, 40, 40, 40},
			{1, 425, 426, 426, 426, 426},
			{0, 0, 0, 0, 0, 0},
		},
	}
	junior := &engine.LevelResult{
		Level:    dataset.Junior,
		Sections: []int{2},
		Zoned:    []int{2},
		Capacity: []int{0, 0, 5},
		Entrants: []int{3, 4},
		Seats: []engine.Seat{
			{Child: 3, School: 2, Zoned: true, DistanceM: 1000},
			{Child: 4, School: 2, Zoned: true, DistanceM: 1500},
		},
		Zones:    []orb.MultiPolygon{square(87.000, 44.000, 87.020, 44.010)},
		Students: [][]int{{0, 0, 0}, {0, 0, 0}, {2, 300, 300}},
	}
	return &engine.Result{
		Dataset: ds,
		Config:  config.Default(),
		Year:    2026,
		Area:    square(87.000, 44.000, 87.020, 44.010),
		Levels:  []*engine.LevelResult{primary, junior},
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
		"县二小: 在校生 2130 &gt; 2000",
		// Primary: 3 entrants, 2 zoned.
		"66.7%", "500 m", "400 m", "&#43;25.0%", "2 / 2",
		"城区、镇区公办非寄宿学校小学新生 3 人中 2 人在本片区学校入学，占 66.7%，低于目标 100%",
		// Junior: both zoned.
		"1250 m", "初中新生 2 人中 2 人在本片区学校入学，占 100.0%，达到目标 95%",
		// 县一中 has 2+300+300 = 602 pupils in 1+6+6 = 13 classes of at most 50:
		// ⌈13/12⌉ = 2 music rooms needed, none there; art room 1 < 2.
		"县一中: 13 个班需音乐教室 2 间，现有 0 间",
		"县一中: 13 个班需美术教室 2 间，现有 1 间",
		// The one migrant entrant with a permit is seated; the disabled one too.
		"新生中持居住证随迁子女 1 人，1 人已安排学位，占 100.0%",
		"新生中残疾儿童 1 人，1 人已安排学位",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// The campus-size failure is flagged in the table too.
	if !regexp.MustCompile(`<td class="bad" title="[^"]*">2130 / 2000</td>`).MatchString(html) {
		t.Error("2130 / 2000 is not highlighted in the school table")
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
// attribute or in the CSS, and no external script, style or font.
func TestHTMLOffline(t *testing.T) {
	res := smallRun()
	html := render(t, res, res.Metrics())
	for _, bad := range []string{"http://", "https://", "//cdn", "@import", "url(", "<link", "src=", "@font-face"} {
		if strings.Contains(html, bad) {
			t.Errorf("report contains %q", bad)
		}
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
	// Two levels, each a county map and a county-seat map (the schools are urban).
	if maps != 4 {
		t.Errorf("%d maps, want 4", maps)
	}
	// Zones: 2 primary + 1 junior, each drawn on two maps.
	if n := strings.Count(html, `<path class="zone"`); n != 6 {
		t.Errorf("%d zone paths, want 6", n)
	}
	// Markers: 2 primary + 1 junior sections on two maps each.
	if n := strings.Count(html, `<g class="mk"`); n != 6 {
		t.Errorf("%d school markers, want 6", n)
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
		t.Fatalf("%v (run go test ./engine/report -run Golden -update)", err)
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
		{"zoned out of range", func(r *engine.Result) { r.Levels[1].Zoned[0] = -1 }},
		{"seat school out of range", func(r *engine.Result) { r.Levels[0].Seats[0].School = 3 }},
		{"seat child out of range", func(r *engine.Result) { r.Levels[0].Seats[0].Child = 99 }},
		{"too many zones", func(r *engine.Result) {
			r.Levels[1].Zones = append(r.Levels[1].Zones, r.Levels[1].Zones[0])
		}},
		{"capacity length", func(r *engine.Result) { r.Levels[0].Capacity = []int{1} }},
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
	jr.Entrants, jr.Seats, jr.Zones = nil, nil, []orb.MultiPolygon{nil}
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
	if strings.Contains(html, `class="inset"`) {
		t.Error("inset drawn without a county seat")
	}
}
