package workbook_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render"
	"github.com/hutubi-edu/zoning/engine/render/workbook"
	"github.com/hutubi-edu/zoning/geo"
)

// The workbook tests compare the hand-made town's zones in force with two
// proposals: 调整方案 moves the compound X from A to B at both levels,
// 仅调小学 at the primary level only (its junior zones are the zones in
// force).
const (
	planForce   = "现行片区"
	planBoth    = "调整方案"
	planPrimary = "仅调小学"
	nameA       = "西城学校"
	nameB       = "东城学校"
)

// xlsxFixture is the town and its three-plan comparison.
type xlsxFixture struct {
	tw *comparetest.Town
	c  *compare.Comparison
}

// xlsxCompared makes the fixture once.
var xlsxCompared = sync.OnceValues(func() (xlsxFixture, error) {
	tw := comparetest.New()
	var primaryOnly []dataset.Zone
	for _, z := range tw.Proposal {
		if z.Level == dataset.Primary {
			primaryOnly = append(primaryOnly, z)
		}
	}
	for _, z := range tw.InForce {
		if z.Level == dataset.Junior {
			primaryOnly = append(primaryOnly, z)
		}
	}
	c, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{
		{Name: planForce, Zones: tw.InForce}, {Name: planBoth, Zones: tw.Proposal}, {Name: planPrimary, Zones: primaryOnly}},
		compare.Options{Config: config.Default()})
	return xlsxFixture{tw, c}, err
})

// xlsxTown returns the town and its three-plan comparison.
func xlsxTown(tb testing.TB) (*comparetest.Town, *compare.Comparison) {
	tb.Helper()
	fx, err := xlsxCompared()
	if err != nil {
		tb.Fatal(err)
	}
	return fx.tw, fx.c
}

// openXLSX renders the comparison and opens the workbook.
func openXLSX(tb testing.TB, c *compare.Comparison) (*excelize.File, []byte) {
	tb.Helper()
	b, err := workbook.XLSX(c, render.Planners)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f, b
}

// rows returns a sheet's rows, each padded to n cells.
func rows(t *testing.T, f *excelize.File, sheet string, n int) [][]string {
	t.Helper()
	rs, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rs {
		for len(rs[i]) < n {
			rs[i] = append(rs[i], "")
		}
	}
	return rs
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// numberAt reads a cell that must hold a number: its raw value and its
// number format code.
func numberAt(t *testing.T, f *excelize.File, sheet string, col, row int) (float64, string) {
	t.Helper()
	ref := cell(col, row)
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("%s!%s: cell type %v, want a number", sheet, ref, typ)
	}
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Errorf("%s!%s: %q is not a number", sheet, ref, raw)
	}
	st := styleAt(t, f, sheet, ref)
	code := ""
	if st.CustomNumFmt != nil {
		code = *st.CustomNumFmt
	}
	return v, code
}

func styleAt(t *testing.T, f *excelize.File, sheet, ref string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func fillOf(st *excelize.Style) string {
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return strings.TrimPrefix(strings.ToUpper(st.Fill.Color[0]), "#")
}

func TestXLSXSheets(t *testing.T) {
	_, c := xlsxTown(t)
	f, _ := openXLSX(t, c)
	want := []string{"汇总", "学校", "调整名单", "调整住户", "调整统计", "学校增减", "距离变远", "片区范围"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %v, want %v", got, want)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet %d, want 0 (汇总)", got)
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2022-01-01T00:00:00Z" || props.Modified != props.Created {
		t.Errorf("created %q modified %q, want 1 January of the year 2022", props.Created, props.Modified)
	}

	// Headers.
	headers := []struct {
		sheet string
		row   int
		want  []string
	}{
		{"汇总", 3, []string{"分组", "指标", planForce, planBoth, planPrimary, "达标要求"}},
		{"学校", 1, []string{"学段", "学校代码", "学校名称", planForce}},
		{"调整名单", 1, []string{"方案", "学段", "学生编号", "户编号", "家庭住址", "原学校", "新学校", "原距离(米)", "新距离(米)", "距离变化(米)"}},
		{"调整住户", 1, []string{"方案", "学段", "户编号", "家庭住址", "户籍", "原片区学校", "新片区学校", "本年新生(人)"}},
		{"调整统计", 1, []string{"方案", "学段", "类型", "名称", "村民小组", "原学校", "新学校", "住户", "新生"}},
		{"学校增减", 1, []string{"方案", "学段", "学校代码", "学校名称", "招生计划", "现行新生", "方案新生", "增减", "调出", "调入", "调出住户", "调入住户",
			"现行片区住户", "方案片区住户", "现行平均距离(米)", "方案平均距离(米)", "提示"}},
		{"距离变远", 1, []string{"方案", "学段", "类型", "名称", "村民小组", "原学校", "新学校", "距离变远的新生", "其中变远1公里以上",
			"原平均距离(米)", "新平均距离(米)", "最多变远(米)"}},
		{"片区范围", 1, []string{"方案", "学段", "学校", "片区范围（招生公告）", "有调整"}},
	}
	for _, h := range headers {
		rs := rows(t, f, h.sheet, len(h.want))
		if got := rs[h.row-1][:len(h.want)]; !slices.Equal(got, h.want) {
			t.Errorf("%s row %d: %q, want %q", h.sheet, h.row, got, h.want)
		}
		st := styleAt(t, f, h.sheet, cell(1, h.row))
		if st.Font == nil || !st.Font.Bold || fillOf(st) == "" {
			t.Errorf("%s header: bold %v fill %q, want bold with a fill", h.sheet, st.Font != nil && st.Font.Bold, fillOf(st))
		}
	}
	if title, _ := f.GetCellValue("汇总", "A1"); title != "测试县2022年片区方案对比" {
		t.Errorf("title %q", title)
	}

	// 学校: the plan names over their blocks, the figure names below.
	var figs []string
	figs = append(figs, "新生", "招生计划", "使用率", "班级数", "最大班额", "校园在校生", "调出", "调入")
	for _, k := range compliance.IndicatorKeys() {
		name, unit, _, _ := compliance.IndicatorName(k)
		figs = append(figs, name+"（"+unit+"）")
	}
	merged, err := f.GetMergeCells("学校")
	if err != nil {
		t.Fatal(err)
	}
	rs := rows(t, f, "学校", 3+3*len(figs))
	for p, name := range []string{planForce, planBoth, planPrimary} {
		c0 := 4 + p*len(figs)
		ref := cell(c0, 1) + ":" + cell(c0+len(figs)-1, 1)
		found := false
		for _, m := range merged {
			if m.GetStartAxis()+":"+m.GetEndAxis() == ref && m.GetCellValue() == name {
				found = true
			}
		}
		if !found {
			t.Errorf("学校: %s not merged over %s", name, ref)
		}
		if got := rs[1][c0-1 : c0-1+len(figs)]; !slices.Equal(got, figs) {
			t.Errorf("学校 block of %s: %q, want %q", name, got, figs)
		}
	}
	// One row per school section: A and B at both levels.
	if len(rs) < 6 || rs[2][2] != sec(nameA, "小学") || rs[3][2] != sec(nameB, "小学") || rs[4][0] != "初中" || rs[4][2] != sec(nameA, "初中") {
		t.Errorf("学校 rows %q, want A and B per level", rs[2:min(len(rs), 6)])
	}

	// Frozen panes.
	panes := []struct {
		sheet  string
		x, y   int
		topLft string
	}{
		{"汇总", 2, 3, "C4"}, {"学校", 3, 2, "D3"}, {"调整名单", 0, 1, "A2"}, {"调整住户", 0, 1, "A2"}, {"调整统计", 0, 1, "A2"},
		{"学校增减", 0, 1, "A2"}, {"片区范围", 0, 1, "A2"},
	}
	for _, p := range panes {
		got, err := f.GetPanes(p.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Freeze || got.XSplit != p.x || got.YSplit != p.y || got.TopLeftCell != p.topLft {
			t.Errorf("%s panes %+v, want frozen at %d columns, %d rows, %s", p.sheet, got, p.x, p.y, p.topLft)
		}
	}

	// Autofilters on the lists.
	names := f.GetDefinedName()
	for _, sh := range []string{"调整名单", "调整住户", "调整统计", "学校增减", "片区范围"} {
		ok := false
		for _, n := range names {
			if n.Name == "_xlnm._FilterDatabase" && n.Scope == sh && strings.Contains(n.RefersTo, "$A$1:") {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%s: no autofilter on the header (defined names %+v)", sh, names)
		}
	}
}

// TestXLSXMoves: 调整名单 lists exactly X's entrants, per proposal, A → B,
// with the distances rounded to the metre.
func TestXLSXMoves(t *testing.T) {
	tw, c := xlsxTown(t)
	ds := tw.DS
	f, _ := openXLSX(t, c)
	rs := rows(t, f, "调整名单", 10)
	type key struct{ plan, child string }
	want := map[key]string{}
	for _, id := range tw.XPrimary {
		want[key{planBoth, id}] = "小学"
		want[key{planPrimary, id}] = "小学"
	}
	for _, id := range tw.XJunior {
		want[key{planBoth, id}] = "初中"
	}
	a, b := ds.School("A").Loc, ds.School("B").Loc
	got := map[key]bool{}
	for i, r := range rs[1:] {
		row := i + 2
		k := key{r[0], r[2]}
		level, ok := want[k]
		if !ok {
			t.Errorf("row %d: %q is not one of X's entrants under a proposal", row, r)
			continue
		}
		if got[k] {
			t.Errorf("row %d: %v listed twice", row, k)
		}
		got[k] = true
		var h *dataset.Household
		for j := range ds.Children {
			if ds.Children[j].ID == r[2] {
				h = &ds.Households[ds.HouseholdIndex(ds.Children[j].HouseholdID)]
			}
		}
		if r[1] != level || r[3] != h.ID || r[4] != h.Address || r[5] != sec(nameA, level) || r[6] != sec(nameB, level) {
			t.Errorf("row %d: %q, want %s, household %s at %s, %s → %s", row, r, level, h.ID, h.Address, sec(nameA, level), sec(nameB, level))
		}
		if !slices.Contains(tw.XHouseholds, h.ID) {
			t.Errorf("row %d: household %s is not X's", row, h.ID)
		}
		old, nw := math.Round(geo.Distance(h.Loc, a)), math.Round(geo.Distance(h.Loc, b))
		for k, w := range []float64{old, nw, nw - old} {
			v, code := numberAt(t, f, "调整名单", 8+k, row)
			if v != w {
				t.Errorf("row %d column %d: %v, want %v", row, 8+k, v, w)
			}
			if k < 2 && code != "#,##0" {
				t.Errorf("row %d column %d: format %q, want #,##0", row, 8+k, code)
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d moves listed, want %d (X's entrants per proposal)", len(got), len(want))
	}
}

// TestXLSXPlaces: 调整统计 holds X's row per proposal and level with its
// households and entrants; 学校增减 has A lose and B gain them.
func TestXLSXPlaces(t *testing.T) {
	tw, c := xlsxTown(t)
	f, _ := openXLSX(t, c)
	rs := rows(t, f, "调整统计", 9)
	type want struct {
		plan, level string
		entrants    int
	}
	wants := []want{{planBoth, "小学", len(tw.XPrimary)}, {planBoth, "初中", len(tw.XJunior)}, {planPrimary, "小学", len(tw.XPrimary)}}
	if len(rs)-1 != len(wants) {
		t.Errorf("调整统计 has %d rows, want X's %d", len(rs)-1, len(wants))
	}
	for _, w := range wants {
		found := false
		for i, r := range rs[1:] {
			if r[0] != w.plan || r[1] != w.level {
				continue
			}
			found = true
			if r[2] != "小区" || r[3] != "城关镇幸福小区" || r[4] != "" || r[5] != sec(nameA, w.level) || r[6] != sec(nameB, w.level) {
				t.Errorf("%s %s: %q, want 小区 城关镇幸福小区 %s → %s", w.plan, w.level, r, sec(nameA, w.level), sec(nameB, w.level))
			}
			if hh, _ := numberAt(t, f, "调整统计", 8, i+2); hh != comparetest.XHouses {
				t.Errorf("%s %s: %v households, want %d", w.plan, w.level, hh, comparetest.XHouses)
			}
			if n, _ := numberAt(t, f, "调整统计", 9, i+2); n != float64(w.entrants) {
				t.Errorf("%s %s: %v entrants, want %d", w.plan, w.level, n, w.entrants)
			}
		}
		if !found {
			t.Errorf("no row of X for %s %s", w.plan, w.level)
		}
	}

	// 学校增减: A loses X's entrants, B gains them; the junior sections of
	// 仅调小学 do not change.
	rs = rows(t, f, "学校增减", 12)
	seen := 0
	for i, r := range rs[1:] {
		moved := len(tw.XPrimary)
		if r[1] == "初中" {
			moved = len(tw.XJunior)
			if r[0] == planPrimary {
				moved = 0
			}
		}
		var delta, out, in float64
		delta, _ = numberAt(t, f, "学校增减", 8, i+2)
		out, _ = numberAt(t, f, "学校增减", 9, i+2)
		in, _ = numberAt(t, f, "学校增减", 10, i+2)
		switch r[3] {
		case sec(nameA, r[1]):
			if delta != float64(-moved) || out != float64(moved) || in != 0 {
				t.Errorf("学校增减 %q: %v out %v in %v, want −%d", r[:4], delta, out, in, moved)
			}
		case sec(nameB, r[1]):
			if delta != float64(moved) || in != float64(moved) || out != 0 {
				t.Errorf("学校增减 %q: %v out %v in %v, want +%d", r[:4], delta, out, in, moved)
			}
		}
		seen++
	}
	if seen != 8 {
		t.Errorf("学校增减: %d rows, want 2 proposals × 2 levels × 2 schools", seen)
	}
}

// TestXLSXSummary: 汇总 holds the Summary figures as numbers with their
// formats, the moved entrants among them, and colours a proposal's value
// green or red exactly when it is shown better or worse than the plan in
// force's. The comparison the other way round (the proposal in force, X
// moved back) has better values to colour green.
func TestXLSXSummary(t *testing.T) {
	tw, c := xlsxTown(t)
	back, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{
		{Name: planBoth, Zones: tw.Proposal}, {Name: planForce, Zones: tw.InForce}}, compare.Options{Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	fills := map[string]int{}
	checkSummary(t, back, fills)
	f := checkSummary(t, c, fills)
	if fills["C6EFCE"] == 0 || fills["FFC7CE"] == 0 {
		t.Errorf("fills %v: want some values better and some worse", fills)
	}
	rs := rows(t, f, "汇总", 6)
	// The moved entrants, by label.
	wantMoved := map[string][3]float64{
		"小学新生改变学校（人）": {math.NaN(), float64(len(tw.XPrimary)), float64(len(tw.XPrimary))},
		"初中新生改变学校（人）": {math.NaN(), float64(len(tw.XJunior)), 0},
	}
	found := 0
	for i, r := range rs {
		w, ok := wantMoved[r[1]]
		if !ok {
			continue
		}
		found++
		if r[2] != "—" {
			t.Errorf("%s of the plan in force: %q, want —", r[1], r[2])
		}
		for p := 1; p < 3; p++ {
			v, code := numberAt(t, f, "汇总", 3+p, i+1)
			if v != w[p] || code != "#,##0" {
				t.Errorf("%s plan %d: %v (%q), want %v as #,##0", r[1], p, v, code, w[p])
			}
		}
	}
	if found != 2 {
		t.Errorf("%d moved-entrants rows, want 2", found)
	}
	// Notes: every home is in a zone of every plan, so no gap is noted;
	// the receiving school B's growth is (east of the line it more than
	// doubles its entrants' mean distance, TestGrowth).
	var notes []string
	for i, r := range rs {
		if r[0] == "提示" {
			for _, n := range rs[i+1:] {
				notes = append(notes, n[0])
			}
		}
	}
	growth := 0
	for _, w := range c.Warnings() {
		if w.Kind != compare.WarnGrowth {
			t.Errorf("warning %v for plans without gaps", w)
			continue
		}
		growth++
		if line := "方案「" + w.Plan.Plan.Name + "」：" + w.Chinese(); !slices.Contains(notes, line) {
			t.Errorf("汇总 notes %q lack %q", notes, line)
		}
		if !strings.Contains(w.Chinese(), "东城学校") {
			t.Errorf("growth warning %q does not name B", w.Chinese())
		}
	}
	if growth == 0 {
		t.Error("no receiving school flagged: B's entrants go from 天山花园's few hundred metres to X's two kilometres")
	}
}

// checkSummary checks the figures of 汇总 against Summary: as numbers in
// their formats, coloured by the shown difference from the plan in force,
// counting the fills of the proposals' cells; it returns the workbook.
func checkSummary(t *testing.T, c *compare.Comparison, fills map[string]int) *excelize.File {
	t.Helper()
	f, _ := openXLSX(t, c)
	formats := map[string]string{compare.FormatInt: "#,##0", compare.FormatPct: "0.0%", compare.FormatM: "#,##0",
		compare.FormatKm2: "#,##0.00", compare.FormatRatio: "0.000"}
	decimals := map[string]int{compare.FormatInt: 0, compare.FormatPct: 3, compare.FormatM: 0, compare.FormatKm2: 2, compare.FormatRatio: 3}
	n := len(c.Plans)
	rs := rows(t, f, "汇总", 3+n)
	for i, fig := range c.Summary() {
		row := 4 + i
		r := rs[row-1]
		if r[0] != fig.Group || r[1] != fig.Label {
			t.Fatalf("row %d: %q, want %s %s", row, r[:2], fig.Group, fig.Label)
		}
		var shown []float64
		for p, v := range fig.Values {
			if v == nil {
				if r[2+p] != "—" {
					t.Errorf("%s plan %d: %q, want — for none", fig.Key, p, r[2+p])
				}
				shown = append(shown, math.NaN())
				continue
			}
			got, code := numberAt(t, f, "汇总", 3+p, row)
			if code != formats[fig.Format] {
				t.Errorf("%s plan %d: format %q, want %q", fig.Key, p, code, formats[fig.Format])
			}
			shown = append(shown, math.Round(got*math.Pow(10, float64(decimals[fig.Format]))))
		}
		for p := 1; p < len(shown); p++ {
			want := ""
			if d := shown[p] - shown[0]; fig.Better != 0 && d != 0 && !math.IsNaN(d) {
				if d*float64(fig.Better) > 0 {
					want = "C6EFCE"
				} else {
					want = "FFC7CE"
				}
			}
			got := fillOf(styleAt(t, f, "汇总", cell(3+p, row)))
			if got != want {
				t.Errorf("%s plan %d: fill %q, want %q (values %v, better %d)", fig.Key, p, got, want, shown, fig.Better)
			}
			fills[got]++
		}
		if fig.Target != nil {
			v, code := numberAt(t, f, "汇总", 3+n, row)
			if v != *fig.Target || !strings.HasSuffix(code, formats[fig.Format]) {
				t.Errorf("%s target %v %q, want %v in %s", fig.Key, v, code, *fig.Target, formats[fig.Format])
			}
		}
	}
	return f
}

// TestXLSXZones: 片区范围 has one row per plan, level and school, marks
// the schools whose wording a proposal changes, and B's wording gains X.
func TestXLSXZones(t *testing.T) {
	_, c := xlsxTown(t)
	f, _ := openXLSX(t, c)
	rs := rows(t, f, "片区范围", 5)
	type key struct{ plan, level, school string }
	want := map[key]string{}
	for _, l := range []string{"小学", "初中"} {
		for _, s := range []string{sec(nameA, l), sec(nameB, l)} {
			want[key{planForce, l, s}] = "—"
			want[key{planBoth, l, s}] = "是"
			want[key{planPrimary, l, s}] = map[string]string{"小学": "是", "初中": "否"}[l]
		}
	}
	got := map[key]string{}
	for _, r := range rs[1:] {
		k := key{r[0], r[1], r[2]}
		got[k] = r[4]
		if !strings.HasPrefix(r[3], r[2]+"：") {
			t.Errorf("%v: %q does not start with the school", k, r[3])
		}
		// X (幸福小区) is in A's zone in force, in B's under a proposal
		// that moves it.
		moved := r[0] == planBoth || r[0] == planPrimary && r[1] == "小学"
		if inB := strings.Contains(r[3], "幸福小区"); r[2] == sec(nameB, r[1]) && inB != moved || r[2] == sec(nameA, r[1]) && inB == moved {
			t.Errorf("%v: %q", k, r[3])
		}
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%v: 有调整 %q, want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d rows, want %d", len(got), len(want))
	}
	st := styleAt(t, f, "片区范围", "D2")
	if st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("片区范围 text does not wrap")
	}
	if w, _ := f.GetColWidth("片区范围", "D"); w < 60 {
		t.Errorf("片区范围 text column %v wide, want a wide column", w)
	}
}

// TestXLSXWarnings: a proposal leaving homes outside every zone says how
// many under the table.
func TestXLSXWarnings(t *testing.T) {
	tw := comparetest.New()
	gap := comparetest.ZonesSplitAt(comparetest.LineForce)
	gap[0].Geometry = comparetest.Rect(86.878, comparetest.LineForce) // primary A misses the homes west of 86.878
	c, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{
		{Name: planForce, Zones: tw.InForce}, {Name: "缺口", Zones: gap}}, compare.Options{Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	west := 0
	for _, h := range tw.DS.Households {
		if h.Loc[0] < 86.878 {
			west++
		}
	}
	f, _ := openXLSX(t, c)
	rs := rows(t, f, "汇总", 1)
	want := fmt.Sprintf("方案「缺口」：小学有 %d 户住户不在任何片区内", west)
	at := slices.IndexFunc(rs, func(r []string) bool { return r[0] == "提示" })
	if at < 0 || !slices.ContainsFunc(rs[at:], func(r []string) bool { return strings.HasPrefix(r[0], want) }) {
		t.Errorf("no warning %q under the table", want)
	}
}

// TestXLSXRendersAlike: two renders of one comparison hold the same cells
// and the same bytes.
func TestXLSXRendersAlike(t *testing.T) {
	_, c := xlsxTown(t)
	f1, b1 := openXLSX(t, c)
	f2, b2 := openXLSX(t, c)
	for _, sh := range f1.GetSheetList() {
		r1, _ := f1.GetRows(sh)
		r2, _ := f2.GetRows(sh)
		if fmt.Sprint(r1) != fmt.Sprint(r2) {
			t.Errorf("%s differs between renders", sh)
		}
	}
	if !bytes.Equal(b1, b2) {
		t.Errorf("two renders differ in bytes (%d and %d)", len(b1), len(b2))
	}
}

// TestXLSXIncomplete: a comparison not made by Compare is refused with an
// error, not a panic.
func TestXLSXIncomplete(t *testing.T) {
	_, c := xlsxTown(t)
	half := *c
	half.Plans = c.Plans[:1]
	noPlan := *c
	noPlan.Plans = []*compare.Outcome{c.Plans[0], {Result: c.Plans[1].Result}}
	for _, bad := range []*compare.Comparison{{}, &half, &noPlan} {
		if _, err := workbook.XLSX(bad, render.Planners); err == nil || !strings.HasPrefix(err.Error(), "workbook: ") {
			t.Errorf("%d plans: error %v, want workbook: ...", len(bad.Plans), err)
		}
	}
}

func BenchmarkXLSX(b *testing.B) {
	c := comparetest.Compare(b, comparetest.New())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := workbook.XLSX(c, render.Planners); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleXLSX() {
	tw := comparetest.New()
	c, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{
		{Name: "现行片区", Zones: tw.InForce}, {Name: "调整方案", Zones: tw.Proposal}}, compare.Options{Config: config.Default()})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := workbook.XLSX(c, render.Planners) // write it to compare.xlsx
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	fmt.Println(f.GetSheetList())
	places, _ := f.GetRows("调整统计")
	for _, r := range places {
		fmt.Println(strings.Join(r, " "))
	}
	// Output:
	// [汇总 学校 调整名单 调整住户 调整统计 学校增减 距离变远 片区范围]
	// 方案 学段 类型 名称 村民小组 原学校 新学校 住户 新生
	// 调整方案 小学 小区 城关镇幸福小区  西城学校小学部 东城学校小学部 6 6
	// 调整方案 初中 小区 城关镇幸福小区  西城学校初中部 东城学校初中部 6 2
}

// TestXLSXHomes: 调整住户 lists every household of X once per proposal and
// level that moves it (调整方案: both levels; 仅调小学: primary only), from
// 西城学校 to 东城学校, with its entrants of the level: one primary entrant
// each, a junior one in every third household.
func TestXLSXHomes(t *testing.T) {
	tw, c := xlsxTown(t)
	f, _ := openXLSX(t, c)
	rs := rows(t, f, "调整住户", 8)[1:]
	type key struct{ plan, level, household string }
	got := map[key][]string{}
	for _, r := range rs {
		if r[0] == "" {
			continue
		}
		got[key{r[0], r[1], r[2]}] = r
	}
	want := 0
	juniorEntrants := map[string]bool{}
	for _, ch := range tw.DS.Children {
		if slices.Contains(tw.XJunior, ch.ID) {
			juniorEntrants[ch.HouseholdID] = true
		}
	}
	for _, plan := range []string{planBoth, planPrimary} {
		for _, level := range []string{"小学", "初中"} {
			if plan == planPrimary && level == "初中" {
				continue
			}
			for _, hid := range tw.XHouseholds {
				want++
				r, ok := got[key{plan, level, hid}]
				if !ok {
					t.Errorf("%s %s: household %s of X is not listed", plan, level, hid)
					continue
				}
				entrants := "1"
				if level == "初中" && !juniorEntrants[hid] {
					entrants = "0"
				}
				if !strings.Contains(r[3], "幸福小区") || r[4] != "本县户籍" || r[5] != sec(nameA, level) || r[6] != sec(nameB, level) || r[7] != entrants {
					t.Errorf("%s %s %s: %q, want X's address, 本县户籍, %s → %s, %s entrant(s)", plan, level, hid, r, sec(nameA, level), sec(nameB, level), entrants)
				}
			}
		}
	}
	if len(got) != want {
		t.Errorf("%d households listed, want X's %d rows", len(got), want)
	}
}

// TestXLSXLongLists: a list longer than a sheet ends, on the sheet's last
// row, with a row saying how many rows are left out and where they are;
// the rows above are intact. (Excel's limit is 1,048,576 rows; the test
// lowers it to 6.)
func TestXLSXLongLists(t *testing.T) {
	_, c := xlsxTown(t)
	restore := workbook.SetMaxSheetRows(6)
	defer restore()
	f, _ := openXLSX(t, c)
	for _, tc := range []struct {
		sheet string
		rows  int // rows of the first proposal, 调整方案
	}{{"调整名单", len(comparetest.New().XPrimary) + len(comparetest.New().XJunior)}, {"调整住户", 2 * comparetest.XHouses}} {
		rs := rows(t, f, tc.sheet, 1)
		if len(rs) != 6 {
			t.Errorf("%s: %d rows, want 6 (the header, 4 rows, the cut)", tc.sheet, len(rs))
			continue
		}
		for _, r := range rs[1:5] {
			if r[0] != planBoth {
				t.Errorf("%s: row %q above the cut is not 调整方案's", tc.sheet, r)
			}
		}
		want := fmt.Sprintf("以下 %d 行（%s）", tc.rows-4, planBoth)
		if !strings.HasPrefix(rs[5][0], want) || !strings.Contains(rs[5][0], "compare.gpkg") {
			t.Errorf("%s: last row %q, want it to start %q and name compare.gpkg", tc.sheet, rs[5][0], want)
		}
	}
}

// TestXLSXOverlapWarning: the workbook's summary warns of a plan whose
// zones overlap, with the households in both.
func TestXLSXOverlapWarning(t *testing.T) {
	c, both := comparetest.Overlap(t, comparetest.New())
	f, _ := openXLSX(t, c)
	want := fmt.Sprintf("方案「重叠」：小学有 %d 户住户同时位于两个片区内", len(both))
	found := false
	for _, r := range rows(t, f, "汇总", 1) {
		if strings.HasPrefix(r[0], want) {
			found = true
		}
	}
	if !found {
		t.Errorf("汇总 has no warning starting %q", want)
	}
}

// sec names a campus's section of a level given in Chinese (小学, 初中):
// both of the town's schools have both sections, so the workbook writes
// 小学部 or 初中部 after their names.
func sec(name, level string) string {
	if level == "初中" {
		return name + "初中部"
	}
	return name + "小学部"
}

// TestXLSXLonger: 距离变远 lists X once per proposal and level that moves
// it, all of its entrants of the level going farther (X lies west of the
// line, nearer A than B), with the distances as numbers.
func TestXLSXLonger(t *testing.T) {
	tw, c := xlsxTown(t)
	f, _ := openXLSX(t, c)
	rs := rows(t, f, "距离变远", 12)
	want := map[[2]string]int{{planBoth, "小学"}: len(tw.XPrimary), {planBoth, "初中"}: len(tw.XJunior), {planPrimary, "小学"}: len(tw.XPrimary)}
	got := map[[2]string]bool{}
	for i, r := range rs[1:] {
		if r[0] == "" || strings.HasPrefix(r[0], "改变学校后") {
			continue // the note below the list
		}
		k := [2]string{r[0], r[1]}
		n, ok := want[k]
		if !ok || got[k] {
			t.Errorf("row %d: %q, want X once per proposal and level that moves it", i+2, r)
			continue
		}
		got[k] = true
		if r[3] != "城关镇幸福小区" || r[5] != sec(nameA, r[1]) || r[6] != sec(nameB, r[1]) {
			t.Errorf("row %d: %q, want 城关镇幸福小区 from %s to %s", i+2, r, sec(nameA, r[1]), sec(nameB, r[1]))
		}
		if v, _ := numberAt(t, f, "距离变远", 8, i+2); v != float64(n) {
			t.Errorf("row %d: %v entrants farther, want X's %d", i+2, v, n)
		}
		oldM, _ := numberAt(t, f, "距离变远", 10, i+2)
		newM, code := numberAt(t, f, "距离变远", 11, i+2)
		if !(newM > oldM) || code != "#,##0" {
			t.Errorf("row %d: %v → %v m (%q), want farther, as #,##0", i+2, oldM, newM, code)
		}
	}
	if len(got) != len(want) {
		t.Errorf("rows for %v, want %v", got, want)
	}
}
