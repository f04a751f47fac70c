package pack_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render"
	"github.com/hutubi-edu/zoning/engine/render/browser"
	"github.com/hutubi-edu/zoning/engine/render/gis"
	"github.com/hutubi-edu/zoning/engine/render/pack"
	"github.com/hutubi-edu/zoning/engine/render/report"
	"github.com/hutubi-edu/zoning/engine/render/workbook"
	"github.com/hutubi-edu/zoning/geo/gpkg"
)

// noChromium hides every browser from browser.FindChromium for the test.
func noChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, ok := browser.FindChromium(); ok {
		t.Fatal("a Chromium is still found")
	}
}

// TestFiles renders the town's pack without a PDF and reads each file
// back: the names, X's entrants in the moves (A → B, nobody else), the
// notice texts, the workbook's sheets, the GeoPackage's layers, and the
// same bytes as each part rendered on its own.
func TestFiles(t *testing.T) {
	tw := comparetest.New()
	c := comparetest.Compare(t, tw)
	files, note, err := pack.Files(context.Background(), c, pack.Options{PDF: pack.PDFOff})
	if err != nil {
		t.Fatal(err)
	}
	if note != "" {
		t.Errorf("note %q with the PDF off, want none", note)
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	want := []string{"compare-concentration.csv", "compare-feeders.csv", "compare.gpkg", "compare.html", "compare.xlsx",
		"plan1-现行片区-notice.txt", "plan1-现行片区.geojson",
		"plan2-调整方案-changes.geojson", "plan2-调整方案-moves.csv", "plan2-调整方案-notice.txt", "plan2-调整方案.geojson"}
	if !slices.Equal(names, want) {
		t.Fatalf("files %q, want %q", names, want)
	}

	// Moves: exactly X's entrants, primary and junior, 西城学校 A → 东城学校 B,
	// then X's households, each once a level.
	moves := files["plan2-调整方案-moves.csv"]
	if !bytes.HasPrefix(moves, []byte("\ufeff")) {
		t.Error("moves.csv without the byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(moves, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || rows[0][0] != "child_id" || rows[0][4] != "old_school_id" || rows[0][6] != "new_school_id" {
		t.Fatalf("moves.csv header %v", rows)
	}
	var moved, homes []string
	for _, r := range rows[1:] {
		switch r[10] {
		case engine.MoveKindEntrant:
			moved = append(moved, r[0])
		case engine.MoveKindHousehold:
			homes = append(homes, r[1]+" "+r[2])
		default:
			t.Errorf("row of kind %q", r[10])
		}
		if r[4] != "A" || r[6] != "B" || !strings.Contains(r[3], "幸福小区") {
			t.Errorf("move %v, want X's from A to B", r)
		}
	}
	wantMoved := append(slices.Clone(tw.XPrimary), tw.XJunior...)
	slices.Sort(moved)
	slices.Sort(wantMoved)
	if !slices.Equal(moved, wantMoved) {
		t.Errorf("moved %v, want X's entrants %v", moved, wantMoved)
	}
	var wantHomes []string
	for _, l := range dataset.Levels {
		for _, h := range tw.XHouseholds {
			wantHomes = append(wantHomes, h+" "+string(l))
		}
	}
	if !slices.Equal(homes, wantHomes) {
		t.Errorf("households %v, want X's at each level %v", homes, wantHomes)
	}

	// Notice texts: the title of the year, both schools, once per plan.
	for _, n := range []string{"plan1-现行片区-notice.txt", "plan2-调整方案-notice.txt"} {
		text := string(files[n])
		for _, w := range []string{"测试县", "2022", "西城学校", "东城学校"} {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", n, w, text)
			}
		}
	}

	// The workbook's sheets; 调整名单 lists X's entrants.
	f, err := excelize.OpenReader(bytes.NewReader(files["compare.xlsx"]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"汇总", "学校", "调整名单", "调整住户", "调整统计", "学校增减", "距离变远", "片区范围"}) {
		t.Errorf("sheets %v", got)
	}
	xr, err := f.GetRows("调整名单")
	if err != nil {
		t.Fatal(err)
	}
	if len(xr) != 1+len(wantMoved) {
		t.Errorf("调整名单 has %d rows, want a header and %d entrants", len(xr), len(wantMoved))
	}

	// The GeoPackage opens in a GIS: its five layers.
	if !bytes.HasPrefix(files["compare.gpkg"], []byte("SQLite format 3\x00")) {
		t.Error("compare.gpkg is not SQLite")
	}
	path := filepath.Join(t.TempDir(), "compare.gpkg")
	if err := os.WriteFile(path, files["compare.gpkg"], 0o644); err != nil {
		t.Fatal(err)
	}
	layers, err := gpkg.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	var lnames []string
	for _, l := range layers {
		lnames = append(lnames, l.Name)
	}
	if w := []string{"schools", "plan1_zones", "plan2_zones", "plan2_changes", "plan2_moved_households"}; !slices.Equal(lnames, w) {
		t.Errorf("layers %v, want %v", lnames, w)
	}

	// The same bytes as each part alone (what zoning compare wrote before
	// the pack moved here).
	gj, err := gis.GeoJSON(c)
	if err != nil {
		t.Fatal(err)
	}
	for n, b := range gj {
		if !bytes.Equal(files[n], b) {
			t.Errorf("%s differs from gis.GeoJSON's", n)
		}
	}
	if b, err := workbook.XLSX(c, render.Planners); err != nil || !bytes.Equal(b, files["compare.xlsx"]) {
		t.Errorf("compare.xlsx differs from workbook.XLSX's (%v)", err)
	}
	if b, err := report.CompareHTML(c); err != nil || !bytes.Equal(b, files["compare.html"]) {
		t.Errorf("compare.html differs from report.CompareHTML's (%v)", err)
	}
	if b, err := c.Plans[1].Result.MovesCSV(c.Plans[1].Change.HouseholdMoves); err != nil || !bytes.Equal(b, moves) {
		t.Errorf("moves differ from Result.MovesCSV's (%v)", err)
	}
}

// TestFilesPDF: the PDF modes with and without a Chromium.
func TestFilesPDF(t *testing.T) {
	c := comparetest.Compare(t, comparetest.New())
	_, haveChromium := browser.FindChromium()
	cases := []struct {
		name     string
		browser  bool // leave the browsers in PATH
		opt      pack.Options
		pdf      bool   // compare.pdf made
		note     string // in the note; "" for none
		errorHas string // in the error; "" for none
	}{
		{"off, no browser", false, pack.Options{PDF: pack.PDFOff}, false, "", ""},
		{"auto, no browser", false, pack.Options{PDF: pack.PDFAuto}, false, "no Chromium found", ""},
		{"default is auto", false, pack.Options{}, false, "no Chromium found", ""},
		{"on, no browser", false, pack.Options{PDF: pack.PDFOn}, false, "", "no Chromium found"},
		{"bad mode", true, pack.Options{PDF: "maybe"}, false, "", "accepted: auto, on, off"},
		{"auto", true, pack.Options{PDF: pack.PDFAuto}, true, "", ""},
		{"on", true, pack.Options{PDF: pack.PDFOn}, true, "", ""},
		{"off with a browser", true, pack.Options{PDF: pack.PDFOff}, false, "", ""},
		// No browser starts in a nanosecond.
		{"auto, out of time, skipped", true, pack.Options{PDFTimeout: time.Nanosecond, SkipFailedPDF: true}, false, "not printed within 1ns", ""},
		{"auto, out of time", true, pack.Options{PDFTimeout: time.Nanosecond}, false, "", "browser: pdf"},
		{"on, out of time, not skipped", true, pack.Options{PDF: pack.PDFOn, PDFTimeout: time.Nanosecond, SkipFailedPDF: true}, false, "", "browser: pdf"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.browser && !haveChromium && tc.errorHas != "accepted: auto, on, off" {
				t.Skip("no Chromium installed")
			}
			if !tc.browser {
				noChromium(t)
			}
			files, note, err := pack.Files(context.Background(), c, tc.opt)
			if tc.errorHas != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errorHas) {
					t.Fatalf("error %v, want one with %q", err, tc.errorHas)
				}
				if files != nil {
					t.Error("files with an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			pdf, ok := files[pack.PDFFile]
			if ok != tc.pdf {
				t.Errorf("compare.pdf made: %v, want %v", ok, tc.pdf)
			}
			if ok && !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Errorf("compare.pdf starts %q", pdf[:min(8, len(pdf))])
			}
			if (tc.note == "") != (note == "") || !strings.Contains(note, tc.note) {
				t.Errorf("note %q, want one with %q", note, tc.note)
			}
			if _, ok := files[pack.HTMLFile]; !ok {
				t.Error("no compare.html")
			}
		})
	}
}

// TestFilesCancelled: a context done while printing is an error even when
// failed PDFs are skipped.
func TestFilesCancelled(t *testing.T) {
	if _, ok := browser.FindChromium(); !ok {
		t.Skip("no Chromium installed")
	}
	c := comparetest.Compare(t, comparetest.New())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := pack.Files(ctx, c, pack.Options{SkipFailedPDF: true})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

func TestFilesEmpty(t *testing.T) {
	for name, c := range map[string]*compare.Comparison{"nil": nil, "no plans": {}} {
		if _, _, err := pack.Files(context.Background(), c, pack.Options{PDF: pack.PDFOff}); err == nil || !strings.HasPrefix(err.Error(), "pack: ") {
			t.Errorf("%s: error %v, want a pack error", name, err)
		}
	}
}

func TestParsePDFMode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want pack.PDFMode
		ok   bool
	}{
		{"", pack.PDFAuto, true}, {"auto", pack.PDFAuto, true}, {"on", pack.PDFOn, true}, {"off", pack.PDFOff, true},
		{"Auto", "", false}, {"yes", "", false}, {" on", "", false},
	} {
		got, err := pack.ParsePDFMode(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParsePDFMode(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "accepted: auto, on, off") {
			t.Errorf("error %q does not list the modes", err)
		}
	}
}

func FuzzParsePDFMode(f *testing.F) {
	for _, s := range []string{"", "auto", "on", "off", "ON", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := pack.ParsePDFMode(s)
		if err != nil {
			if m != "" {
				t.Fatalf("%q: mode %q with an error", s, m)
			}
			return
		}
		if !slices.Contains([]pack.PDFMode{pack.PDFAuto, pack.PDFOn, pack.PDFOff}, m) {
			t.Fatalf("%q: mode %q", s, m)
		}
		if again, err := pack.ParsePDFMode(string(m)); err != nil || again != m {
			t.Fatalf("%q: %q reads back as %q, %v", s, m, again, err)
		}
	})
}

// TestFilesPublic: the pack to hand out holds no child or household id and
// no address below the building, in any file (the workbook unzipped, the
// GeoPackage's every value), while the planners' pack does hold them.
func TestFilesPublic(t *testing.T) {
	noChromium(t)
	tw := comparetest.New()
	c := comparetest.Compare(t, tw)
	var ids, rooms []string
	for _, ch := range tw.DS.Children {
		ids = append(ids, ch.ID)
	}
	for _, h := range tw.DS.Households {
		ids = append(ids, h.ID)
		if strings.Contains(h.Address, "室") {
			rooms = append(rooms, h.Address)
		}
	}
	// texts returns every file of a pack as text: the workbook's XML parts,
	// the GeoPackage's values, the others as they are.
	texts := func(files map[string][]byte) map[string]string {
		out := map[string]string{}
		for name, b := range files {
			switch filepath.Ext(name) {
			case ".xlsx":
				f, err := excelize.OpenReader(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				var sb strings.Builder
				for _, sh := range f.GetSheetList() {
					rows, _ := f.GetRows(sh)
					for _, r := range rows {
						sb.WriteString(strings.Join(r, "\t") + "\n")
					}
				}
				f.Close()
				out[name] = sb.String()
			case ".gpkg":
				p := filepath.Join(t.TempDir(), name)
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatal(err)
				}
				layers, err := gpkg.Read(p)
				if err != nil {
					t.Fatal(err)
				}
				var sb strings.Builder
				for _, l := range layers {
					for _, ft := range l.Features {
						for _, v := range ft.Values {
							if s, ok := v.(string); ok {
								sb.WriteString(s + "\n")
							}
						}
					}
				}
				out[name] = sb.String()
			default:
				out[name] = string(b)
			}
		}
		return out
	}
	leaks := func(files map[string][]byte) []string {
		var found []string
		for name, text := range texts(files) {
			for _, s := range append(slices.Clone(rooms), ids...) {
				if regexp.MustCompile(`(^|[^0-9A-Za-z])` + regexp.QuoteMeta(s) + `($|[^0-9A-Za-z])`).MatchString(text) {
					found = append(found, name+": "+s)
				}
			}
		}
		return found
	}
	public, _, err := pack.Files(context.Background(), c, pack.Options{PDF: pack.PDFOff, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	if l := leaks(public); len(l) > 0 {
		t.Errorf("the public pack holds ids or room addresses: %v", l)
	}
	for name := range public {
		if strings.HasSuffix(name, "-moves.csv") {
			t.Errorf("the public pack has %s", name)
		}
	}
	planners, _, err := pack.Files(context.Background(), c, pack.Options{PDF: pack.PDFOff})
	if err != nil {
		t.Fatal(err)
	}
	if len(leaks(planners)) == 0 {
		t.Error("the planners' pack holds no id: the test cannot see a leak")
	}
}
