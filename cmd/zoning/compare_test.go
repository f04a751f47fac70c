package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/xuri/excelize/v2"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
)

// compareCounty writes a town with two schools, A in the west and B in the
// east, whose zones in force meet at lon 86.898; the compound 幸福小区 (5
// households, each with a primary entrant) lies at 86.890–86.892, in A's
// zone. It returns the dataset folder and a proposal (a zones.geojson file)
// whose line is at 86.888: 幸福小区, and nothing else, goes to B.
func compareCounty(t *testing.T) (data, proposal string) {
	t.Helper()
	rect := func(w, e float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{w, 44.18}, {e, 44.18}, {e, 44.20}, {w, 44.20}, {w, 44.18}}}}
	}
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2021}, Boundary: rect(86.87, 86.93)}
	ds.Schools = []dataset.School{
		{ID: "A", Name: "西城学校", Loc: orb.Point{86.880, 44.19}, PrimarySeats: 600, AreaType: dataset.Urban, Public: true},
		{ID: "B", Name: "东城学校", Loc: orb.Point{86.917, 44.19}, PrimarySeats: 600, AreaType: dataset.Urban, Public: true},
	}
	add := func(lon float64, addr string) {
		i := len(ds.Households)
		hid := fmt.Sprintf("h%02d", i)
		ds.Households = append(ds.Households, dataset.Household{ID: hid, Loc: orb.Point{lon, 44.19}, Address: addr, Hukou: dataset.Local})
		ds.Children = append(ds.Children, dataset.Child{ID: fmt.Sprintf("c%02d", i), HouseholdID: hid, BirthYear: 2016})
	}
	for k := range 4 {
		add(86.876+0.0005*float64(k), fmt.Sprintf("呼图壁镇园林路18号锦华苑%d栋1单元101室", k+1))
		add(86.910+0.0005*float64(k), fmt.Sprintf("呼图壁镇天山路9号天山花园%d栋1单元101室", k+1))
	}
	for k := range 5 {
		add(86.890+0.0005*float64(k), fmt.Sprintf("呼图壁镇东风路66号幸福小区%d栋2单元%d02室", k+1, k+1))
	}
	split := func(line float64) []dataset.Zone {
		return []dataset.Zone{{Level: dataset.Primary, SchoolID: "A", Geometry: rect(86.87, line)},
			{Level: dataset.Primary, SchoolID: "B", Geometry: rect(line, 86.93)}}
	}
	ds.Zones = split(86.898)
	data = t.TempDir()
	if err := ds.Write(data); err != nil {
		t.Fatal(err)
	}
	fc := geojson.NewFeatureCollection()
	for _, z := range split(86.888) {
		f := geojson.NewFeature(z.Geometry[0])
		f.Properties["level"], f.Properties["school_id"] = string(z.Level), z.SchoolID
		fc.Append(f)
	}
	b, err := fc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	proposal = filepath.Join(t.TempDir(), "东移方案.geojson")
	if err := os.WriteFile(proposal, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return data, proposal
}

func TestCompareCommand(t *testing.T) {
	data, proposal := compareCounty(t)
	out := filepath.Join(t.TempDir(), "pack")
	stdout, stderr, err := zoning(t, "compare", "--data", data, "--quiet", "--pdf", "off", proposal, "--out", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	// One plan: the zones in force are PLAN_A.
	for _, want := range []string{"the plan in force is 现行片区", "东移方案", "5 of 13 entrants change school, 5 households change zone"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	for _, name := range []string{"compare.html", "compare.xlsx", "compare.gpkg", "plan1-现行片区.geojson", "plan2-东移方案.geojson",
		"plan2-东移方案-changes.geojson", "plan2-东移方案-moves.csv", "plan1-现行片区-notice.txt", "plan2-东移方案-notice.txt"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("missing %s: %v", name, err)
		}
	}
	// The only warning: B receives X's 5 households, more than doubling
	// its zone's 4 (天山花园).
	warns := regexp.MustCompile(`(?m)^warning: .*$`).FindAllString(stdout, -1)
	if strings.Contains(stdout, "junior") || len(warns) != 1 ||
		!strings.Contains(warns[0], "东城学校 (B) more than doubles: households of its zone 4 → 9") {
		t.Errorf("stdout speaks of the junior level, which the county lacks, or warns of other than B's growth:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "compare.pdf")); err == nil {
		t.Error("compare.pdf written with --pdf off")
	}
	moves := string(readFile(t, filepath.Join(out, "plan2-东移方案-moves.csv")))
	if n := strings.Count(moves, "幸福小区"); n != 10 || strings.Count(moves, "\n") != 11 ||
		strings.Count(moves, ",entrant,") != 5 || strings.Count(moves, ",household,") != 5 {
		t.Errorf("moves.csv: %d rows of 幸福小区 in %d lines, want 10 rows after the header (5 entrants, 5 households):\n%s",
			n, strings.Count(moves, "\n"), moves)
	}
	notice := string(readFile(t, filepath.Join(out, "plan2-东移方案-notice.txt")))
	if i, j := strings.Index(notice, "东城学校："), strings.Index(notice, "幸福小区"); i < 0 || j < i {
		t.Errorf("the proposal's notice does not put 幸福小区 under 东城学校:\n%s", notice)
	}
	// NAME=PLAN names the plans.
	named := filepath.Join(t.TempDir(), "named")
	stdout, stderr, err = zoning(t, "compare", "--data", data, "-q", "--pdf", "off", "现状=current", "东移="+proposal, "--out", named)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "the plan in force is 现状") || !strings.Contains(stdout, "东移 (") {
		t.Errorf("the names given are not used:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(named, "plan2-东移-moves.csv")); err != nil {
		t.Error(err)
	}
	f, err := excelize.OpenFile(filepath.Join(out, "compare.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if idx, _ := f.GetSheetIndex("调整名单"); idx < 0 {
		t.Errorf("compare.xlsx sheets %v lack 调整名单", f.GetSheetList())
	}
}

// TestCompareBadPlans: every bad plan is named, and nothing is written.
func TestCompareBadPlans(t *testing.T) {
	data, proposal := compareCounty(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.geojson")
	b := strings.Replace(string(readFile(t, proposal)), `"school_id":"B"`, `"school_id":"Q"`, 1)
	if err := os.WriteFile(bad, []byte(b), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want []string
		code int // exit code: 2 for bad input, as a broken dataset's
	}{
		{"missing plan", []string{"current", filepath.Join(dir, "nothing"), filepath.Join(dir, "nothing2")}, []string{"nothing", "nothing2"}, 2},
		{"unknown school", []string{"current", bad}, []string{bad + `:1: feature 2: school_id "Q" does not exist`}, 2},
		{"bad pdf", []string{"--pdf", "maybe", proposal}, []string{"accepted: auto, on, off"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "pack")
			_, stderr, err := zoning(t, append([]string{"compare", "--data", data, "--quiet", "--out", out}, tc.args...)...)
			if err == nil {
				t.Fatal("no error")
			}
			code := 1
			if ex := (exitError{}); errors.As(err, &ex) {
				code = ex.code
			}
			if code != tc.code {
				t.Errorf("exit code %d, want %d", code, tc.code)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error()+stderr, w) {
					t.Errorf("error %q lacks %q", err.Error()+stderr, w)
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("the output folder was written")
			}
		})
	}
}

// TestComparePlanCRS: a proposal drawn on a GCJ-02 web map, read with
// --plan-crs gcj02, moves the same entrants as the same plan in WGS84.
func TestComparePlanCRS(t *testing.T) {
	data, proposal := compareCounty(t)
	fc, err := geojson.UnmarshalFeatureCollection(readFile(t, proposal))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fc.Features {
		poly := f.Geometry.(orb.Polygon)
		for _, ring := range poly {
			for i, p := range ring {
				ring[i] = geo.WGS84ToGCJ02(p)
			}
		}
	}
	b, err := fc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	drawn := filepath.Join(t.TempDir(), "东移方案.geojson")
	if err := os.WriteFile(drawn, b, 0o644); err != nil {
		t.Fatal(err)
	}
	moves := func(plan string, args ...string) string {
		out := filepath.Join(t.TempDir(), "pack")
		if _, stderr, err := zoning(t, append([]string{"compare", "--data", data, "-q", "--pdf", "off", plan, "--out", out}, args...)...); err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		return string(readFile(t, filepath.Join(out, "plan2-东移方案-moves.csv")))
	}
	want := moves(proposal)
	if got := moves(drawn, "--plan-crs", "gcj02"); got != want {
		t.Errorf("the GCJ-02 plan read with --plan-crs gcj02 moves\n%s\nthe WGS84 plan\n%s", got, want)
	}
	// Read as WGS84, the drawn line lies about 200 m east: part of 幸福小区
	// stays with A.
	if got := moves(drawn); got == want {
		t.Error("the GCJ-02 plan read as WGS84 moves the same entrants: the test cannot tell the conversion")
	}
	if _, _, err := zoning(t, "compare", "--data", data, "-q", "--plan-crs", "mercator", drawn); err == nil ||
		!strings.Contains(err.Error(), "wgs84") {
		t.Errorf("--plan-crs mercator: %v, want an error listing the accepted systems", err)
	}
}

// TestComparePublic: --public writes the pack without the moves CSV and
// without the workbook's lists of children and households.
func TestComparePublic(t *testing.T) {
	data, proposal := compareCounty(t)
	out := filepath.Join(t.TempDir(), "handout")
	if _, stderr, err := zoning(t, "compare", "--data", data, "-q", "--pdf", "off", "--public", proposal, "--out", out); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "plan2-东移方案-moves.csv")); err == nil {
		t.Error("the public pack has the moves CSV")
	}
	f, err := excelize.OpenFile(filepath.Join(out, "compare.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		if sh == "调整名单" || sh == "调整住户" {
			t.Errorf("the public workbook has the sheet %s", sh)
		}
	}
}
