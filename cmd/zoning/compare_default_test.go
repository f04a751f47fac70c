package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
	"github.com/xuri/excelize/v2"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/browser"
)

// planarZones reads a zones.geojson into level → school id → polygons.
func planarZones(t *testing.T, b []byte) map[string]map[string]orb.MultiPolygon {
	t.Helper()
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]orb.MultiPolygon{}
	for _, f := range fc.Features {
		l, id := f.Properties.MustString("level", ""), f.Properties.MustString("school_id", "")
		if out[l] == nil {
			out[l] = map[string]orb.MultiPolygon{}
		}
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			out[l][id] = append(out[l][id], g)
		case orb.MultiPolygon:
			out[l][id] = append(out[l][id], g...)
		}
	}
	return out
}

// zoneAt returns the school whose zone holds p (planar point in polygon,
// as docs/dataset-format.md counts it), "" for none.
func zoneAt(zs map[string]orb.MultiPolygon, p orb.Point) string {
	for id, mp := range zs {
		if planar.MultiPolygonContains(mp, p) {
			return id
		}
	}
	return ""
}

func csvRows(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestCompareDefault compares the default's zones in force with its redraw
// from the command line and checks the pack against a count made here:
// every entrant whose home lies in zones of different schools in the two
// plans (point in polygon on the files) is in the moves, and nobody else;
// the workbook's and the page's figures are the same count; and the
// redraw's own moves.csv, metrics.json and summary (checkRedrawMoves). With
// UPDATE_SCREENSHOT=1 it saves the page's top to docs/compare.png and its
// changed-area maps to docs/compare-changes.png.
func TestCompareDefault(t *testing.T) {
	redraw := filepath.Join(t.TempDir(), "优化方案")
	redrawOut, stderr, err := zoning(t, "redraw", "-q", "--out", redraw)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	out := filepath.Join(t.TempDir(), "pack")
	stdout, stderr, err := zoning(t, "compare", "-q", "--pdf", "off", "current", redraw, "--out", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		t.Fatal(err)
	}
	inForce := map[string]map[string]orb.MultiPolygon{}
	for _, z := range ds.Zones {
		if inForce[string(z.Level)] == nil {
			inForce[string(z.Level)] = map[string]orb.MultiPolygon{}
		}
		inForce[string(z.Level)][z.SchoolID] = append(inForce[string(z.Level)][z.SchoolID], z.Geometry...)
	}
	proposal := planarZones(t, readFile(t, filepath.Join(redraw, "zones.geojson")))
	want := map[string]string{} // child → level
	perLevel := map[string]int{}
	for _, row := range csvRows(t, readFile(t, filepath.Join(redraw, "assignments.csv")))[1:] {
		child, hh, level := row[0], row[1], row[2]
		home := ds.Household(hh).Loc
		if zoneAt(inForce[level], home) != zoneAt(proposal[level], home) {
			want[child] = level
			perLevel[level]++
		}
	}
	packed := csvRows(t, readFile(t, filepath.Join(out, "plan2-优化方案-moves.csv")))
	got := map[string]bool{}
	for _, row := range packed[1:] {
		if row[10] != "entrant" {
			continue // a household's row
		}
		got[row[0]] = true
		if want[row[0]] != row[2] {
			t.Errorf("moves.csv lists %s (%s), whose zone school is the same in both plans", row[0], row[2])
		}
	}
	for child := range want {
		if !got[child] {
			t.Errorf("child %s changes zone school but is not in moves.csv", child)
		}
	}
	if len(want) == 0 {
		t.Fatal("the redraw moves nobody: the test proves nothing")
	}
	checkRedrawMoves(t, ds, inForce, proposal, redraw, redrawOut, packed)
	for _, l := range []string{"primary", "junior"} {
		if !strings.Contains(stdout, l) || !regexp.MustCompile(l+` +`+strconv.Itoa(perLevel[l])+` of \d+ entrants change school`).MatchString(stdout) {
			t.Errorf("stdout does not say %d %s entrants change school:\n%s", perLevel[l], l, stdout)
		}
	}
	// The workbook's summary: the row 小学新生改变学校（人） holds the count.
	f, err := excelize.OpenFile(filepath.Join(out, "compare.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("汇总", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, r := range rows {
		for l, label := range map[string]string{"primary": "小学新生改变学校（人）", "junior": "初中新生改变学校（人）"} {
			if len(r) > 3 && r[1] == label {
				found[l] = true
				if r[3] != strconv.Itoa(perLevel[l]) {
					t.Errorf("compare.xlsx 汇总 %s: %q, want %d", label, r[3], perLevel[l])
				}
			}
		}
	}
	if len(found) != 2 {
		t.Errorf("compare.xlsx 汇总 lacks the moved-entrant rows: %v", found)
	}
	html := readFile(t, filepath.Join(out, "compare.html"))
	for _, l := range []string{"小学", "初中"} {
		n := perLevel["primary"]
		if l == "初中" {
			n = perLevel["junior"]
		}
		if !bytes.Contains(html, []byte(l+" "+strconv.Itoa(n))) && !bytes.Contains(html, []byte(l+strconv.Itoa(n))) {
			t.Errorf("compare.html does not give %d moved %s entrants in its headline", n, l)
		}
	}
	if os.Getenv("UPDATE_SCREENSHOT") == "1" {
		saveCompareShots(t, html)
	}
}

// saveCompareShots saves the top of the page (cover and summary) and its
// changed-area maps alone.
func saveCompareShots(t *testing.T, html []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	shots := []struct {
		file   string
		html   []byte
		height int
	}{
		{"compare.png", html, 2200},
		{"compare-changes.png", bytes.Replace(html, []byte("</head>"),
			[]byte("<style>main > section:not(#c-changes){display:none}</style></head>"), 1), 1500},
	}
	for _, s := range shots {
		png, err := browser.Screenshot(ctx, s.html, 1200, s.height)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", s.file), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
