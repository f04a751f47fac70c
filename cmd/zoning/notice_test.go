package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/hutubi-edu/zoning/engine/address"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// noticeCounty writes a small county, base year 2021, whose entrants of
// 2022 lie in three clusters, each next to one primary school with seats to
// spare, so that every cluster is its school's zone:
//
//	west, by 西小学: 幸福社区 (天山花园 and 幸福路 houses), 锦华苑 (no
//	  community), 西环路1–5号, 大丰镇高桥村 groups 1–2;
//	east, by 东小学: 东风路1–6号, 锦绣花园, 二十里店镇红山村 groups 1–2;
//	north, by 北小学: 园林社区 (馨园小区), 北京路7–9号, 红山村 group 3.
//
// One junior school, 第一中学, takes the whole county.
func noticeCounty(t *testing.T) string {
	t.Helper()
	// The townships in the county's order, which the notice follows.
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2021, Places: &address.Gazetteer{
		Townships: []address.Township{{Name: "呼图壁镇"}, {Name: "大丰镇"}, {Name: "二十里店镇"}}}}}
	ds.Schools = []dataset.School{
		{ID: "w", Name: "西小学", Loc: orb.Point{86.870, 44.190}, PrimarySeats: 600, AreaType: dataset.Urban, Public: true},
		{ID: "e", Name: "东小学", Loc: orb.Point{86.930, 44.190}, PrimarySeats: 600, AreaType: dataset.Urban, Public: true},
		{ID: "n", Name: "北小学", Loc: orb.Point{86.930, 44.235}, PrimarySeats: 600, AreaType: dataset.Urban, Public: true},
		{ID: "j", Name: "第一中学", Loc: orb.Point{86.900, 44.200}, JuniorSeats: 900, AreaType: dataset.Urban, Public: true},
	}
	add := func(lon, lat float64, addr, community string) {
		i := len(ds.Households)
		hid := fmt.Sprintf("h%02d", i)
		ds.Households = append(ds.Households, dataset.Household{ID: hid, Loc: orb.Point{lon, lat},
			Address: addr, Hukou: dataset.Local, Community: community})
		ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("c%02d", i), HouseholdID: hid, BirthYear: 2016})
		if i%3 == 0 { // a grade 6 pupil: an entrant of junior school in 2022
			ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("g%02d", i), HouseholdID: hid, BirthYear: 2010, Grade: 6, SchoolID: "w"})
		}
	}
	for k := 1; k <= 3; k++ {
		add(86.872+0.0005*float64(k), 44.192, fmt.Sprintf("呼图壁镇幸福路2号天山花园%d栋", k), "幸福社区")
		add(86.874+0.0005*float64(k), 44.188, fmt.Sprintf("呼图壁镇园林路18号锦华苑%d栋", k), "")
		add(86.930+0.0005*float64(k), 44.186, fmt.Sprintf("呼图壁镇东风路50号锦绣花园%d栋", k), "")
		add(86.932+0.0005*float64(k), 44.237, fmt.Sprintf("呼图壁镇北京路3号馨园小区%d栋", k), "园林社区")
	}
	add(86.871, 44.193, "呼图壁镇幸福路10号", "幸福社区")
	add(86.872, 44.193, "呼图壁镇幸福路12号", "幸福社区")
	for n := 1; n <= 5; n++ {
		add(86.866, 44.189+0.0005*float64(n), fmt.Sprintf("呼图壁镇西环路%d号", n), "")
	}
	for n := 1; n <= 6; n++ {
		add(86.925, 44.189+0.0005*float64(n), fmt.Sprintf("呼图壁镇东风路%d号", n), "")
	}
	for n := 7; n <= 9; n++ {
		add(86.928, 44.232+0.0005*float64(n), fmt.Sprintf("呼图壁镇北京路%d号", n), "")
	}
	for g := 1; g <= 2; g++ {
		add(86.860, 44.190+0.002*float64(g), fmt.Sprintf("大丰镇高桥村%d组%d号", g, g+3), "")
		add(86.940, 44.188+0.002*float64(g), fmt.Sprintf("二十里店镇红山村%d组%d号", g, g+1), "红山村委会")
	}
	add(86.938, 44.234, "二十里店镇红山村3组8号", "红山村委会")
	ds.Index()
	dir := t.TempDir()
	if err := ds.Write(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The paragraphs of the three primary zones and the junior zone, worked out
// by hand from Zone.Text's rules: kinds in order communities (全部),
// compounds, streets with numbers, villages with township and groups;
// townships of compounds and streets left out as they are all 呼图壁镇 and
// no road name is used by two townships; a village wholly in the zone is
// 全村; 小区 kept as the addresses write it. Every road's numbers run from 1
// to its largest, a compound's gate number included: 园林路 to 18 (锦华苑),
// 幸福路 to 12, 东风路 to 50 (锦绣花园), 北京路 to 9 (馨园小区 at 3), each
// road in one zone. The junior zone holds everything: both communities,
// the three compounds outside them, every road and both villages.
const (
	westText  = "西小学：幸福社区全部；锦华苑；园林路1—18号、幸福路1—12号、西环路1—5号；大丰镇高桥村全村。"
	eastText  = "东小学：锦绣花园；东风路1—50号；二十里店镇红山村1—2组。"
	northText = "北小学：园林社区全部；北京路1—9号；二十里店镇红山村3组。"
	// feeds ends a primary paragraph of a run's notice: its 对口初中 from
	// metrics.json's feeders (the county's one junior school).
	feeds     = "对口初中：第一中学。"
	juniorTxt = "第一中学：园林社区、幸福社区全部；锦华苑、锦绣花园；东风路1—50号、北京路1—9号、园林路1—18号、幸福路1—12号、西环路1—5号；大丰镇高桥村全村，二十里店镇红山村全村。"
)

// noticeRun writes noticeCounty and runs it (run, or redraw with args)
// into a temporary output folder.
func noticeRun(t *testing.T, args ...string) (data, out string) {
	t.Helper()
	data = noticeCounty(t)
	out = filepath.Join(t.TempDir(), "out")
	cmd := append([]string{"run", "--simulate=false"}, args...)
	if len(args) > 0 {
		cmd = append([]string{"redraw"}, args...)
	}
	cmd = append(cmd, "--data", data, "--out", out, "-q")
	if _, stderr, err := zoning(t, cmd...); err != nil {
		t.Fatalf("%v: %v %s", cmd, err, stderr)
	}
	return data, out
}

// paragraphs splits a notice's text into its sections: heading → the
// paragraphs without their numbers.
func paragraphs(t *testing.T, text string) (title string, headings []string, pars map[string][]string) {
	t.Helper()
	pars = map[string][]string{}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	title = lines[0]
	head := ""
	for _, l := range lines[1:] {
		switch {
		case l == "":
		case strings.HasPrefix(l, "（"):
			if head == "" {
				t.Fatalf("paragraph before any heading: %q", l)
			}
			_, body, ok := strings.Cut(l, "）")
			if !ok {
				t.Fatalf("unnumbered paragraph %q", l)
			}
			pars[head] = append(pars[head], body)
		default:
			head = l
			headings = append(headings, l)
		}
	}
	return title, headings, pars
}

// itemKind classifies one ；-separated part of a paragraph: 0 communities,
// 1 compounds, 2 streets, 3 villages.
func itemKind(part string) int {
	switch {
	case strings.HasSuffix(part, "全部"):
		return 0
	case strings.Contains(part, "组") || strings.Contains(part, "全村"):
		return 3
	case strings.Contains(part, "号"):
		return 2
	}
	return 1
}

func TestNoticeOfARun(t *testing.T) {
	data, out := noticeRun(t)
	stdout, stderr, err := zoning(t, "notice", "--plan", out, "--data", data, "-q")
	if err != nil {
		t.Fatalf("notice: %v %s", err, stderr)
	}
	title, headings, pars := paragraphs(t, stdout)
	// The year is the run's target year: the base year + 1 (docs/dataset-format.md).
	if want := "测试县2022年义务教育招生片区"; title != want {
		t.Errorf("title %q, want %q", title, want)
	}
	if want := []string{"一、小学招生片区", "二、初中招生片区"}; strings.Join(headings, "|") != strings.Join(want, "|") {
		t.Errorf("headings %q, want %q", headings, want)
	}
	// The dataset's school order, one paragraph per zoned school.
	if got, want := pars["一、小学招生片区"], []string{westText + feeds, eastText + feeds, northText + feeds}; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("primary paragraphs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := pars["二、初中招生片区"]; len(got) != 1 || got[0] != juniorTxt {
		t.Errorf("junior paragraphs %q, want [%q]", got, juniorTxt)
	}
	// Every zoned school once per level; items in the customary order.
	for _, head := range headings {
		count := map[string]int{}
		for _, p := range pars[head] {
			name, body, ok := strings.Cut(p, "：")
			if !ok || !strings.HasSuffix(body, "。") {
				t.Fatalf("%s: paragraph %q is not NAME：ITEMS。", head, p)
			}
			count[name]++
			last := -1
			for part := range strings.SplitSeq(strings.TrimSuffix(body, "。"), "；") {
				k := itemKind(part)
				if k <= last {
					t.Errorf("%s: %s: %q out of order in %q", head, name, part, body)
				}
				last = k
			}
		}
		for name, n := range count {
			if n != 1 {
				t.Errorf("%s: %s %d times", head, name, n)
			}
		}
	}

	// The same plan worded from the dataset (zones.geojson only) reads the same.
	geoOnly := t.TempDir()
	for _, f := range []string{"zones.geojson", "metrics.json"} {
		copyFile(t, filepath.Join(out, f), filepath.Join(geoOnly, f))
	}
	fromGeo, stderr, err := zoning(t, "notice", "--plan", geoOnly, "--data", data, "-q")
	if err != nil {
		t.Fatalf("notice from zones.geojson: %v %s", err, stderr)
	}
	if fromGeo != stdout {
		t.Errorf("from zones.geojson:\n%s\nfrom zones.csv:\n%s", fromGeo, stdout)
	}
	// ... and so does the zones.geojson file named directly.
	fromFile, _, err := zoning(t, "notice", "--plan", filepath.Join(geoOnly, "zones.geojson"), "--data", data, "-q")
	if err != nil || fromFile != stdout {
		t.Errorf("from the file: %v\n%s", err, fromFile)
	}

	// A hand-drawn plan that leaves the north cluster's 7 households (3 of
	// 馨园小区, 北京路7–9号, 红山村3组) out of every primary zone: they are
	// left out, with a warning; the other zones read as before.
	fc, err := geojson.UnmarshalFeatureCollection(readFile(t, filepath.Join(geoOnly, "zones.geojson")))
	if err != nil {
		t.Fatal(err)
	}
	drawn := geojson.NewFeatureCollection()
	for _, f := range fc.Features {
		if f.Properties.MustString("school_id", "") != "n" {
			drawn.Append(f)
		}
	}
	b, err := drawn.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	drawnFile := filepath.Join(t.TempDir(), "drawn.geojson")
	if err := os.WriteFile(drawnFile, b, 0o644); err != nil {
		t.Fatal(err)
	}
	fromDrawn, stderr, err := zoning(t, "notice", "--plan", drawnFile, "--data", data, "--level", "primary")
	if err != nil {
		t.Fatalf("hand-drawn plan: %v %s", err, stderr)
	}
	// Without metrics.json, the year is the dataset's base year + 1.
	if want := "测试县2022年义务教育招生片区\n\n一、小学招生片区\n（一）" + westText + "\n（二）" + eastText + "\n"; fromDrawn != want {
		t.Errorf("hand-drawn plan:\n%s\nwant\n%s", fromDrawn, want)
	}
	if want := "warning: 7 of 33 households lie in no primary zone"; !strings.Contains(stderr, want) {
		t.Errorf("hand-drawn plan: stderr %q, want %q", stderr, want)
	}

	// --level, and --out writing the same text to a file.
	junior, _, err := zoning(t, "notice", "--plan", out, "--level", "junior", "-q")
	if want := "2022年义务教育招生片区\n\n一、初中招生片区\n（一）" + juniorTxt + "\n"; err != nil || junior != want {
		t.Errorf("--level junior without --data: %v\n%q\nwant\n%q", err, junior, want)
	}
	file := filepath.Join(t.TempDir(), "notice.txt")
	if o, stderr, err := zoning(t, "notice", "--plan", out, "--data", data, "--out", file, "-q"); err != nil || o != "" {
		t.Fatalf("--out: %v %s, stdout %q", err, stderr, o)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != stdout {
		t.Errorf("--out file: %v\n%s", err, b)
	}
	if es, _ := os.ReadDir(filepath.Dir(file)); len(es) != 1 {
		t.Errorf("--out left %d files in its folder, want 1", len(es))
	}

	// Markdown: the same paragraphs under # and ## headings.
	md, _, err := zoning(t, "notice", "--plan", out, "--data", data, "--format", "md", "--level", "primary", "-q")
	want := "# 测试县2022年义务教育招生片区\n\n## 一、小学招生片区\n\n（一）" + westText + feeds + "\n\n（二）" + eastText + feeds + "\n\n（三）" + northText + feeds + "\n"
	if err != nil || md != want {
		t.Errorf("--format md: %v\n%s\nwant\n%s", err, md, want)
	}
}

func TestNoticeMultiSchoolZone(t *testing.T) {
	data := noticeCounty(t)
	locks := filepath.Join(t.TempDir(), "locks.csv")
	if err := os.WriteFile(locks, []byte("level,school_id,lock,zone_id\nprimary,e,share,EN\nprimary,n,share,EN\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	if _, stderr, err := zoning(t, "redraw", "--data", data, "--locks", locks, "--out", out, "-q"); err != nil {
		t.Fatalf("redraw: %v %s", err, stderr)
	}
	stdout, stderr, err := zoning(t, "notice", "--plan", out, "--data", data, "--level", "primary", "-q")
	if err != nil {
		t.Fatalf("notice: %v %s", err, stderr)
	}
	_, _, pars := paragraphs(t, stdout)
	ps := pars["一、小学招生片区"]
	if len(ps) != 2 || ps[0] != westText+feeds {
		t.Fatalf("primary paragraphs %q, want 西小学's and the shared zone's", ps)
	}
	// The shared zone: the east and north clusters together, written once
	// under both names. 北京路 and 东风路 are one street kind; the villages
	// are all of 红山村.
	want := "东小学、北小学（多校划片）：园林社区全部；锦绣花园；东风路1—50号、北京路1—9号；二十里店镇红山村全村。" + feeds
	if ps[1] != want {
		t.Errorf("shared zone:\n%s\nwant\n%s", ps[1], want)
	}
	if strings.Count(stdout, "东小学") != 1 || strings.Count(stdout, "北小学") != 1 {
		t.Errorf("a school of the shared zone is written more than once:\n%s", stdout)
	}

	geoOnly := t.TempDir()
	for _, f := range []string{"zones.geojson", "metrics.json"} {
		copyFile(t, filepath.Join(out, f), filepath.Join(geoOnly, f))
	}
	fromGeo, stderr, err := zoning(t, "notice", "--plan", geoOnly, "--data", data, "--level", "primary", "-q")
	if err != nil || fromGeo != stdout {
		t.Errorf("from zones.geojson: %v %s\n%s\nwant\n%s", err, stderr, fromGeo, stdout)
	}

	// zones.csv without zones.geojson cannot tell the shared zone: each
	// school on its own, with a warning.
	csvOnly := t.TempDir()
	copyFile(t, filepath.Join(out, "zones.csv"), filepath.Join(csvOnly, "zones.csv"))
	alone, stderr, err := zoning(t, "notice", "--plan", csvOnly, "--level", "primary")
	if err != nil || !strings.Contains(stderr, "多校划片") {
		t.Fatalf("zones.csv only: %v, stderr %q", err, stderr)
	}
	// Without --data, the embedded county, whose schools these are not:
	// no county in the title, and a warning.
	if !strings.HasPrefix(alone, "2022年义务教育招生片区\n") || !strings.Contains(stderr, "the title leaves out the county") {
		t.Errorf("zones.csv only, the embedded dataset: title %q, stderr %q", strings.SplitN(alone, "\n", 2)[0], stderr)
	}
	// Without metrics.json, no 对口初中.
	body := strings.TrimSuffix(strings.TrimPrefix(want, "东小学、北小学（多校划片）"), feeds)
	if !strings.Contains(alone, "（二）东小学"+body) || !strings.Contains(alone, "（三）北小学"+body) {
		t.Errorf("zones.csv only:\n%s", alone)
	}

	// Schools of one zone_id whose zones.csv words differ are an error.
	b, err := os.ReadFile(filepath.Join(out, "zones.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\r\n")
	var kept []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "primary,n,北小学,compound,") {
			kept = append(kept, l)
		}
	}
	if len(kept) != len(lines)-1 {
		t.Fatalf("zones.csv has %d compound rows of 北小学, want 1", len(lines)-len(kept))
	}
	if err := os.WriteFile(filepath.Join(out, "zones.csv"), []byte(strings.Join(kept, "\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := zoning(t, "notice", "--plan", out, "-q"); err == nil || !strings.Contains(err.Error(), "different descriptions") {
		t.Errorf("differing words in a shared zone: %v", err)
	}
}

func TestNoticeErrors(t *testing.T) {
	_, out := noticeRun(t)
	empty := t.TempDir()
	badCSV := t.TempDir()
	for _, f := range []string{"zones.geojson", "zones.csv"} {
		copyFile(t, filepath.Join(out, f), filepath.Join(badCSV, f))
	}
	// Line 3 of zones.csv (header, then rows) gets a range ending below its start.
	b, _ := os.ReadFile(filepath.Join(badCSV, "zones.csv"))
	lines := strings.Split(string(b), "\r\n")
	f := strings.Split(lines[2], ",")
	f[3], f[5], f[6] = "street", "东风路", "9-3"
	lines[2] = strings.Join(f, ",")
	if err := os.WriteFile(filepath.Join(badCSV, "zones.csv"), []byte(strings.Join(lines, "\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	badMetrics := t.TempDir()
	copyFile(t, filepath.Join(out, "zones.csv"), filepath.Join(badMetrics, "zones.csv"))
	if err := os.WriteFile(filepath.Join(badMetrics, "metrics.json"), []byte(`{"year": "soon"`), 0o644); err != nil {
		t.Fatal(err)
	}
	juniorOnly := t.TempDir()
	var kept []string
	for _, l := range strings.Split(string(readFile(t, filepath.Join(out, "zones.csv"))), "\r\n") {
		if !strings.HasPrefix(l, "primary,") {
			kept = append(kept, l)
		}
	}
	if err := os.WriteFile(filepath.Join(juniorOnly, "zones.csv"), []byte(strings.Join(kept, "\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	notJSON := filepath.Join(t.TempDir(), "zones.geojson")
	if err := os.WriteFile(notJSON, []byte("not geojson"), 0o644); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name string
		args []string
		code int    // exit code: 2 for a file's problem printed on stderr, else 1
		want string // in the error (code 1) or stderr (code 2)
	}{
		{"no --plan", nil, 1, "give --plan"},
		{"missing folder", []string{"--plan", filepath.Join(empty, "nope")}, 1, "no such file"},
		{"empty folder", []string{"--plan", empty}, 1, "neither zones.csv nor zones.geojson"},
		{"bad zones.csv", []string{"--plan", badCSV}, 2, filepath.Join(badCSV, "zones.csv") + ":3: street 东风路"},
		{"bad metrics.json", []string{"--plan", badMetrics}, 1, filepath.Join(badMetrics, "metrics.json")},
		{"bad zones.geojson", []string{"--plan", notJSON}, 1, notJSON},
		{"zones.csv named as a file", []string{"--plan", filepath.Join(out, "zones.csv")}, 1, "a file must be a zones.geojson"},
		{"a level the plan lacks", []string{"--plan", juniorOnly, "--level", "primary"}, 1, "has no primary zones"},
		{"bad level", []string{"--plan", out, "--level", "senior"}, 1, "accepted: primary, junior, all"},
		{"bad format", []string{"--plan", out, "--format", "pdf"}, 1, "accepted: txt, md"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "notice.txt")
			args := append([]string{"notice", "-q", "--out", file}, tc.args...)
			stdout, stderr, err := zoning(t, args...)
			var ex exitError
			switch {
			case err == nil:
				t.Fatal("accepted")
			case tc.code == 2 && (!errors.As(err, &ex) || ex.code != 2):
				t.Errorf("err %v, want exit code 2", err)
			case tc.code == 2 && !strings.Contains(stderr, tc.want):
				t.Errorf("stderr %q, want %q", stderr, tc.want)
			case tc.code == 1 && (errors.As(err, &ex) || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("err %v, want a message with %q", err, tc.want)
			}
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
			if _, err := os.Stat(file); !os.IsNotExist(err) {
				t.Errorf("--out file written")
			}
		})
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.WriteFile(dst, readFile(t, src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
