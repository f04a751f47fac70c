// Package workbook renders a comparison of zone plans (engine/compare) as
// the meeting pack's workbook, compare.xlsx, with excelize: one sheet per
// table a planner filters or prints (XLSX lists them).
//
// What belongs here: the sheets, their cells, number formats, colours and
// print setup. The figures are engine/compare's; this package only lays
// them out (it recounts nothing the comparison gives).
package workbook

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render"
)

// Sheet names of the workbook, in order.
const (
	SheetSummary  = "汇总"
	SheetSchools  = "学校"
	SheetMoves    = "调整名单"
	SheetHomes    = "调整住户"
	SheetPlaces   = "调整统计"
	SheetSections = "学校增减"
	SheetLonger   = "距离变远"
	SheetZones    = "片区范围"
)

// Number formats of the workbook (Excel format codes).
const (
	numCount = "#,##0"
	numPct   = "0.0%"
	numM     = "#,##0"
	numKm2   = "#,##0.00"
	numRatio = "0.000"
	numDelta = "+#,##0;-#,##0;0"
	numInd   = "#,##0.00"
)

// Fills and fonts (RGB hex).
const (
	fillHeader = "DDEBF7" // light blue
	fillBetter = "C6EFCE" // light green, as Excel's "good"
	fillWorse  = "FFC7CE" // light red, as Excel's "bad"
	fontBetter = "006100"
	fontWorse  = "9C0006"
)

// none is written where a figure does not apply.
const none = "—"

// XLSX renders the comparison c as the meeting pack's workbook
// (compare.xlsx) for an audience, with the sheets
//
//   - 汇总: the side-by-side figures of c.Summary, proposals coloured green
//     where better and red where worse than the plan in force, with the
//     docs/policy.md targets, and warnings (homes no zone holds, zones left out);
//   - 学校: every school section of c.Schools, a block of columns per plan
//     (entrants, intake places, utilisation, classes, largest class, campus
//     students, moves out and in, the seven resource indicators), places
//     over capacity, oversized classes and failed indicators in red;
//   - 调整名单: one row per entrant whose zone school changes, per proposal,
//     with the distances in metres;
//   - 调整统计: the compounds, villages (with their groups) and streets whose
//     school changes, with the households and entrants;
//   - 学校增减: per school section, the entrants under the plan in force and
//     the proposal, the moves out and in, the households of its zone and
//     its entrants' mean distance in force and under the proposal, and
//     whether either more than doubles for a receiving school;
//   - 距离变远: per proposal, level and village, compound or street, the
//     moved entrants whose new school is farther from home, those farther
//     by more than compare.FarTripM, their mean distances and the largest
//     lengthening;
//   - 片区范围: each school's zone as the enrollment notice words it, per
//     plan, marking the schools whose wording a proposal changes.
//
// For render.Public, the sheets 调整名单 and 调整住户 (the children and
// households by id and address) are left out.
//
// Numbers are stored as numbers with number formats. The document's
// creation and modification times are 1 January of the comparison's year,
// so that two renders of one comparison are the same bytes.
func XLSX(c *compare.Comparison, a render.Audience) ([]byte, error) {
	if len(c.Plans) < 2 || c.Dataset == nil {
		return nil, fmt.Errorf("workbook: %d plans: a comparison made by Compare has the plan in force and at least one proposal", len(c.Plans))
	}
	for i, o := range c.Plans {
		if o == nil || o.Plan == nil || o.Result == nil || o.Standard == nil || i > 0 && o.Change == nil {
			return nil, fmt.Errorf("workbook: plan %d is incomplete: a comparison is made by Compare", i+1)
		}
	}
	b := &book{f: excelize.NewFile(), c: c, styles: map[style]int{}}
	defer b.f.Close()
	if err := b.f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	sheets := []string{SheetSchools, SheetMoves, SheetHomes, SheetPlaces, SheetSections, SheetLonger, SheetZones}
	if a == render.Public {
		sheets = []string{SheetSchools, SheetPlaces, SheetSections, SheetLonger, SheetZones}
	}
	for _, name := range sheets {
		if _, err := b.f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("workbook: %w", err)
		}
	}
	b.summary()
	b.schools()
	if a != render.Public {
		b.moves()
		b.homes()
	}
	b.places()
	b.sections()
	b.longer()
	b.zones()
	if b.err != nil {
		return nil, fmt.Errorf("workbook: %w", b.err)
	}
	b.f.SetActiveSheet(0)
	at := fmt.Sprintf("%04d-01-01T00:00:00Z", c.Year)
	if err := b.f.SetDocProps(&excelize.DocProperties{
		Title:          b.title(),
		Subject:        "片区调整论证会",
		Creator:        "zoning",
		LastModifiedBy: "zoning",
		Language:       "zh-CN",
		Created:        at,
		Modified:       at,
	}); err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	buf, err := b.f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// style is a cell style of the workbook; book.style makes each once.
type style struct {
	num    string // number format code, "" for General
	fill   string // RGB fill, "" for none
	font   string // RGB font colour, "" for the default
	bold   bool
	size   float64 // font size, 0 for the default
	wrap   bool
	center bool
	top    bool // align to the top (long text)
	border bool
}

var (
	stHeader = style{fill: fillHeader, bold: true, wrap: true, center: true, border: true}
	stText   = style{}
	stCenter = style{center: true}
	stTitle  = style{bold: true, size: 14}
	stNote   = style{font: "595959"}
	stWarn   = style{font: fontWorse}
	stLong   = style{wrap: true, top: true}
)

// book is a workbook being written; the first error stops the writing.
type book struct {
	f      *excelize.File
	c      *compare.Comparison
	styles map[style]int
	err    error
}

func (b *book) fail(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func (b *book) style(s style) int {
	if id, ok := b.styles[s]; ok {
		return id
	}
	es := &excelize.Style{}
	if s.num != "" {
		code := s.num
		es.CustomNumFmt = &code
	}
	if s.fill != "" {
		es.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{s.fill}}
	}
	if s.bold || s.font != "" || s.size != 0 {
		es.Font = &excelize.Font{Bold: s.bold, Color: s.font, Size: s.size}
	}
	if s.wrap || s.center || s.top {
		es.Alignment = &excelize.Alignment{WrapText: s.wrap, Vertical: "center"}
		if s.center {
			es.Alignment.Horizontal = "center"
		}
		if s.top {
			es.Alignment.Vertical = "top"
		}
	}
	if s.border {
		for _, side := range []string{"left", "right", "top", "bottom"} {
			es.Border = append(es.Border, excelize.Border{Type: side, Color: "A6A6A6", Style: 1})
		}
	}
	id, err := b.f.NewStyle(es)
	b.fail(err)
	b.styles[s] = id
	return id
}

// sheet writes one worksheet, keeping the widest text of each column.
type sheet struct {
	b      *book
	name   string
	widths map[int]float64 // column (1-based) → display width
}

func (b *book) sheet(name string) *sheet {
	return &sheet{b: b, name: name, widths: map[int]float64{}}
}

// set writes v (string, int, float64, *float64 or nil) at column col,
// row row (both 1-based) with the style; a nil number is written as none.
func (s *sheet) set(col, row int, v any, st style) {
	if s.b.err != nil {
		return
	}
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		s.b.fail(err)
		return
	}
	w := 0.0
	switch x := v.(type) {
	case nil:
		v, w = none, 2
		st.center = true
	case *float64:
		if x == nil {
			v, w = none, 2
			st.center = true
		} else {
			v, w = *x, numWidth(*x, st.num)
		}
	case float64:
		w = numWidth(x, st.num)
	case int:
		w = numWidth(float64(x), st.num)
	case string:
		w = displayWidth(x)
	}
	if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		v = none
	}
	if !st.wrap {
		s.widths[col] = max(s.widths[col], w)
	}
	s.b.fail(s.b.f.SetCellValue(s.name, cell, v))
	if st != stText {
		s.b.fail(s.b.f.SetCellStyle(s.name, cell, cell, s.b.style(st)))
	}
}

// maxSheetRows is the last row of a worksheet (Excel's limit, 1,048,576).
var maxSheetRows = excelize.TotalRows

// cut ends a list too long for its sheet at row, the last one, with where
// the n rows left out of proposal o are to be found; the list stops there
// (a later proposal's rows are left out too, and the row says so).
func (s *sheet) cut(row, n int, o *compare.Outcome) {
	s.set(1, row, fmt.Sprintf("以下 %d 行（%s）及其后方案的行超出 Excel 的行数上限，未列出：见 %s 的 moves.csv 与 compare.gpkg",
		n, o.Plan.Name, o.Plan.Name), stText)
}

// header writes a header row from column 1.
func (s *sheet) header(row int, names ...string) {
	for i, n := range names {
		s.set(i+1, row, n, stHeader)
		s.widths[i+1] = max(s.widths[i+1], min(displayWidth(n), 16))
	}
}

// merge merges the cells from (c1, r1) to (c2, r2).
func (s *sheet) merge(c1, r1, c2, r2 int) {
	if s.b.err != nil || c1 == c2 && r1 == r2 {
		return
	}
	a, _ := excelize.CoordinatesToCellName(c1, r1)
	z, _ := excelize.CoordinatesToCellName(c2, r2)
	s.b.fail(s.b.f.MergeCell(s.name, a, z))
}

// freeze freezes the rows above row and the columns left of col (both
// 1-based: freeze(1, 2) keeps row 1 in view).
func (s *sheet) freeze(col, row int) {
	if s.b.err != nil {
		return
	}
	tl, _ := excelize.CoordinatesToCellName(col, row)
	pane := "bottomRight"
	switch {
	case col == 1:
		pane = "bottomLeft"
	case row == 1:
		pane = "topRight"
	}
	s.b.fail(s.b.f.SetPanes(s.name, &excelize.Panes{Freeze: true, XSplit: col - 1, YSplit: row - 1, TopLeftCell: tl,
		ActivePane: pane, Selection: []excelize.Selection{{SQRef: tl, ActiveCell: tl, Pane: pane}}}))
}

// print sets the sheet up for printing: A4 landscape, the rows above row
// repeated on every page, and with fit as wide as one page.
func (s *sheet) print(row int, fit bool) {
	if s.b.err != nil {
		return
	}
	a4, landscape := 9, "landscape"
	layout := &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape}
	if fit {
		one, tall := 1, 0
		layout.FitToWidth, layout.FitToHeight = &one, &tall
		s.b.fail(s.b.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}))
	}
	s.b.fail(s.b.f.SetPageLayout(s.name, layout))
	if row > 1 {
		s.b.fail(s.b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s.name,
			RefersTo: fmt.Sprintf("'%s'!$1:$%d", s.name, row-1)}))
	}
}

// filter puts an autofilter on the header row over columns 1..cols and
// the rows below it down to last.
func (s *sheet) filter(row, cols, last int) {
	if s.b.err != nil {
		return
	}
	a, _ := excelize.CoordinatesToCellName(1, row)
	z, _ := excelize.CoordinatesToCellName(cols, max(last, row))
	s.b.fail(s.b.f.AutoFilter(s.name, a+":"+z, nil))
}

// width sets a column's width.
func (s *sheet) width(col int, w float64) {
	if s.b.err != nil {
		return
	}
	name, _ := excelize.ColumnNumberToName(col)
	s.b.fail(s.b.f.SetColWidth(s.name, name, name, w))
}

// fit sets every written column's width to its widest text, within
// [6, 60] characters; columns in fixed are left as set.
func (s *sheet) fit(fixed ...int) {
	cols := make([]int, 0, len(s.widths))
	for col := range s.widths {
		cols = append(cols, col)
	}
	slices.Sort(cols)
	for _, col := range cols {
		if !slices.Contains(fixed, col) {
			s.width(col, min(max(s.widths[col]+2, 6), 60))
		}
	}
}

// displayWidth is the width of text in Excel's column units: 2 for a
// wide (CJK) character, 1 for others.
func displayWidth(text string) float64 {
	w := 0.0
	for _, r := range text {
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hangul, unicode.Hiragana, unicode.Katakana) ||
			r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF || r == '—' || r == '…') {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// numWidth estimates the width of a number shown with the format.
func numWidth(v float64, format string) float64 {
	dec := 0
	if i := strings.IndexByte(format, '.'); i >= 0 {
		dec = strings.Count(format[i:], "0")
	}
	if strings.Contains(format, "%") {
		v *= 100
	}
	w := float64(len(strconv.FormatFloat(math.Abs(v), 'f', dec, 64))) + 2
	if math.Abs(v) >= 1000 {
		w += math.Floor(math.Log10(math.Abs(v)) / 3) // thousands separators
	}
	return w
}

// title is the workbook's title: the county, the year, 片区方案对比.
func (b *book) title() string {
	return fmt.Sprintf("%s%d年片区方案对比", compare.CountyName(b.c.Dataset.Meta.Name), b.c.Year)
}

// figureFormat is the number format and the decimals shown of a compare.Figure
// format.
func figureFormat(format string) (code string, decimals int) {
	switch format {
	case compare.FormatPct:
		return numPct, 3 // of the share: 0.1 %
	case compare.FormatM:
		return numM, 0
	case compare.FormatKm2:
		return numKm2, 2
	case compare.FormatRatio:
		return numRatio, 3
	}
	return numCount, 0
}

// compareShown compares a proposal's value with the plan in force's as
// shown (rounded to the decimals shown), in the figure's better direction:
// +1 better, −1 worse, 0 the same or not comparable.
func compareShown(f compare.Figure, v, base *float64) int {
	if f.Better == 0 || v == nil || base == nil {
		return 0
	}
	_, dec := figureFormat(f.Format)
	p := math.Pow(10, float64(dec))
	d := math.Round(*v*p) - math.Round(*base*p)
	switch {
	case d > 0:
		return f.Better
	case d < 0:
		return -f.Better
	}
	return 0
}

// summary writes 汇总.
func (b *book) summary() {
	s := b.sheet(SheetSummary)
	c := b.c
	n := len(c.Plans)
	last := 2 + n + 1
	s.set(1, 1, b.title(), stTitle)
	s.merge(1, 1, last, 1)
	s.set(1, 2, fmt.Sprintf("现行片区：%s。同一批新生分别按各方案的片区入学；绿色：方案优于现行片区，红色：劣于现行片区。",
		c.Plans[0].Plan.Name), stNote)
	s.merge(1, 2, last, 2)
	s.widths = map[int]float64{} // the title and the note span the table
	hdr := []string{"分组", "指标"}
	for _, o := range c.Plans {
		hdr = append(hdr, o.Plan.Name)
	}
	s.header(3, append(hdr, "达标要求")...)
	row := 4
	for _, f := range c.Summary() {
		code, _ := figureFormat(f.Format)
		s.set(1, row, f.Group, stText)
		s.set(2, row, f.Label, stText)
		for i, v := range f.Values {
			st := style{num: code}
			if i > 0 {
				switch compareShown(f, v, f.Values[0]) {
				case 1:
					st.fill, st.font = fillBetter, fontBetter
				case -1:
					st.fill, st.font = fillWorse, fontWorse
				}
			}
			s.set(3+i, row, v, st)
		}
		if f.Target != nil {
			tc := code
			switch {
			case f.Better > 0:
				tc = `"≥"` + code
			case f.Better < 0:
				tc = `"≤"` + code
			}
			s.set(3+n, row, *f.Target, style{num: tc})
		}
		row++
	}
	warnings := b.warnings()
	if len(warnings) > 0 {
		row++
		s.set(1, row, "提示", style{bold: true})
		row++
		for _, w := range warnings {
			s.set(1, row, w, stWarn)
			row++
		}
		s.widths[1] = 0 // warnings run over the columns to the right
	}
	s.fit()
	s.width(1, 12)
	s.freeze(3, 4)
	s.print(4, true)
}

// warnings are, per proposal, the checks that it makes fail and those it
// makes pass; then the homes that no zone of a plan holds, the zones that a
// plan's placement left out and the receiving schools that more than
// double (Warnings).
func (b *book) warnings() []string {
	var out []string
	for _, o := range b.c.Plans[1:] {
		if t := b.c.CheckText(o); t != "" {
			out = append(out, "方案「"+o.Plan.Name+"」："+t)
		}
	}
	for _, w := range b.c.Warnings() {
		out = append(out, "方案「"+w.Plan.Plan.Name+"」："+w.Chinese())
	}
	return out
}

// schoolFigures are the column names of a plan's block in 学校 before the
// resource indicators.
var schoolFigures = []string{"新生", "招生计划", "使用率", "班级数", "最大班额", "校园在校生", "调出", "调入"}

// indicatorHeaders are the names of the seven resource indicators with
// their units, in compliance.IndicatorKeys order.
func indicatorHeaders() []string {
	var out []string
	for _, key := range compliance.IndicatorKeys() {
		name, unit, _, _ := compliance.IndicatorName(key)
		out = append(out, name+"（"+unit+"）")
	}
	return out
}

// schools writes 学校.
func (b *book) schools() {
	s := b.sheet(SheetSchools)
	c := b.c
	keys := compliance.IndicatorKeys()
	figs := append(slices.Clone(schoolFigures), indicatorHeaders()...)
	block := len(figs)
	for i, h := range []string{"学段", "学校代码", "学校名称"} {
		s.widths[i+1] = displayWidth(h)
		s.set(i+1, 1, h, stHeader)
		s.set(i+1, 2, "", stHeader)
		s.merge(i+1, 1, i+1, 2)
	}
	for p, o := range c.Plans {
		c0 := 4 + p*block
		s.set(c0, 1, o.Plan.Name, stHeader)
		for k := 1; k < block; k++ {
			s.set(c0+k, 1, "", stHeader)
		}
		s.merge(c0, 1, c0+block-1, 1)
		for k, h := range figs {
			s.set(c0+k, 2, h, stHeader)
		}
	}
	red := func(st style, bad bool) style {
		if bad {
			st.fill, st.font = fillWorse, fontWorse
		}
		return st
	}
	cnt := style{num: numCount}
	row := 3
	for _, r := range c.Schools() {
		s.set(1, row, r.Level.Chinese(), stCenter)
		s.set(2, row, r.ID, stText)
		s.set(3, row, r.Name, stText)
		for p, f := range r.Plans {
			c0 := 4 + p*block
			over := f.IntakeCapacity > 0 && f.Entrants > f.IntakeCapacity || f.IntakeCapacity == 0 && f.Entrants > 0
			s.set(c0, row, f.Entrants, red(cnt, over))
			s.set(c0+1, row, f.IntakeCapacity, cnt)
			s.set(c0+2, row, f.Utilisation, red(style{num: numPct}, over))
			s.set(c0+3, row, f.Classes, cnt)
			s.set(c0+4, row, f.MaxClassSize, red(cnt, f.ClassCap > 0 && f.MaxClassSize > f.ClassCap))
			s.set(c0+5, row, f.CampusStudents, red(cnt, f.CampusCap > 0 && f.CampusStudents > f.CampusCap))
			if p == 0 {
				s.set(c0+6, row, nil, cnt)
				s.set(c0+7, row, nil, cnt)
			} else {
				s.set(c0+6, row, f.MovedOut, cnt)
				s.set(c0+7, row, f.MovedIn, cnt)
			}
			for k, key := range keys {
				var v *float64
				if k < len(f.Indicators) {
					v = f.Indicators[k]
				}
				s.set(c0+8+k, row, v, red(style{num: numInd}, v != nil && slices.Contains(f.Failed, key)))
			}
		}
		row++
	}
	row++
	s.set(1, row, "红色：新生超出招生计划、最大班额超出班额上限、校园在校生超出规模上限，或资源配置指标未达标准。", stNote)
	s.widths[1] = 0
	s.fit()
	s.width(1, 8)
	for p := range c.Plans {
		for k := range block {
			col := 4 + p*block + k
			s.width(col, max(s.widths[col]+2, 9))
			if k >= len(schoolFigures) {
				s.width(col, 14)
			}
		}
	}
	if s.b.err == nil {
		s.b.fail(b.f.SetRowHeight(SheetSchools, 2, 72))
	}
	s.freeze(4, 3)
	s.print(3, false)
}

// moves writes 调整名单.
func (b *book) moves() {
	s := b.sheet(SheetMoves)
	ds := b.c.Dataset
	s.header(1, "方案", "学段", "学生编号", "户编号", "家庭住址", "原学校", "新学校", "原距离(米)", "新距离(米)", "距离变化(米)")
	row := 2
	m0 := style{num: numM}
	for _, o := range b.c.Plans[1:] {
		if o.Change == nil {
			continue
		}
		for i, m := range o.Change.Moves {
			if row == maxSheetRows {
				s.cut(row, len(o.Change.Moves)-i, o)
				break
			}
			s.set(1, row, o.Plan.Name, stText)
			s.set(2, row, m.Level.Chinese(), stCenter)
			s.set(3, row, ds.Children[m.Child].ID, stText)
			s.set(4, row, ds.Households[m.Household].ID, stText)
			s.set(5, row, ds.Households[m.Household].Address, stText)
			s.set(6, row, b.c.ZoneName(m.Level, zoneAt(m.Old)), stText)
			s.set(7, row, b.c.ZoneName(m.Level, zoneAt(m.New)), stText)
			var od, nd, dd *float64
			if m.Old >= 0 {
				v := math.Round(m.OldDistM)
				od = &v
			}
			if m.New >= 0 {
				v := math.Round(m.NewDistM)
				nd = &v
			}
			if od != nil && nd != nil {
				v := *nd - *od
				dd = &v
			}
			s.set(8, row, od, m0)
			s.set(9, row, nd, m0)
			s.set(10, row, dd, style{num: numDelta})
			row++
		}
		if row == maxSheetRows {
			break // cut: the sheet is full
		}
	}
	s.fit()
	s.filter(1, 10, row-1)
	s.freeze(1, 2)
	s.print(2, true)
}

// homes writes 调整住户: every registered household whose zone school
// changes, per proposal and level, whether or not a child of theirs enters
// this year: the families the new notice speaks to.
func (b *book) homes() {
	s := b.sheet(SheetHomes)
	ds := b.c.Dataset
	s.header(1, "方案", "学段", "户编号", "家庭住址", "户籍", "原片区学校", "新片区学校", "本年新生(人)")
	row := 2
	cnt := style{num: numCount}
	for _, o := range b.c.Plans[1:] {
		if o.Change == nil {
			continue
		}
		moved := o.Change.HouseholdMoves
		for i, hm := range moved {
			if row == maxSheetRows {
				s.cut(row, len(moved)-i, o)
				break
			}
			h := &ds.Households[hm.Household]
			s.set(1, row, o.Plan.Name, stText)
			s.set(2, row, hm.Level.Chinese(), stCenter)
			s.set(3, row, h.ID, stText)
			s.set(4, row, h.Address, stText)
			s.set(5, row, hukouText(h), stCenter)
			s.set(6, row, b.c.ZoneName(hm.Level, hm.OldZone), stText)
			s.set(7, row, b.c.ZoneName(hm.Level, hm.NewZone), stText)
			s.set(8, row, len(hm.Entrants), cnt)
			row++
		}
		if row == maxSheetRows {
			break // cut: the sheet is full
		}
	}
	s.fit()
	s.filter(1, 8, row-1)
	s.freeze(1, 2)
	s.print(2, true)
}

// hukouText names a household's registration as the bureau does.
func hukouText(h *dataset.Household) string {
	switch {
	case h.Hukou != dataset.Migrant:
		return "本县户籍"
	case h.Permit:
		return "随迁（持居住证）"
	}
	return "随迁"
}

// zoneAt is the zone of one school index, nil for −1.
func zoneAt(j int) compare.Zone {
	if j < 0 {
		return nil
	}
	return compare.Zone{j}
}

// places writes 调整统计.
func (b *book) places() {
	s := b.sheet(SheetPlaces)
	s.header(1, "方案", "学段", "类型", "名称", "村民小组", "原学校", "新学校", "住户", "新生")
	row := 2
	cnt := style{num: numCount}
	for _, o := range b.c.Plans[1:] {
		if o.Change == nil {
			continue
		}
		for _, p := range o.Change.Places {
			s.set(1, row, o.Plan.Name, stText)
			s.set(2, row, p.Level.Chinese(), stCenter)
			s.set(3, row, p.Kind, stCenter)
			s.set(4, row, p.Name, stText)
			s.set(5, row, p.GroupsText(), stText)
			s.set(6, row, b.c.ZoneName(p.Level, p.Old), stText)
			s.set(7, row, b.c.ZoneName(p.Level, p.New), stText)
			s.set(8, row, p.Households, cnt)
			s.set(9, row, p.Entrants, cnt)
			row++
		}
	}
	s.fit()
	s.filter(1, 9, row-1)
	s.freeze(1, 2)
	s.print(2, true)
}

// sections writes 学校增减.
func (b *book) sections() {
	s := b.sheet(SheetSections)
	ds := b.c.Dataset
	before := meanDistances(b.c.Plans[0].Metrics)
	s.header(1, "方案", "学段", "学校代码", "学校名称", "招生计划", "现行新生", "方案新生", "增减", "调出", "调入", "调出住户", "调入住户",
		"现行片区住户", "方案片区住户", "现行平均距离(米)", "方案平均距离(米)", "提示")
	row := 2
	cnt := style{num: numCount}
	for _, o := range b.c.Plans[1:] {
		if o.Change == nil {
			continue
		}
		after := meanDistances(o.Metrics)
		for _, sc := range o.Change.Schools {
			s.set(1, row, o.Plan.Name, stText)
			s.set(2, row, sc.Level.Chinese(), stCenter)
			s.set(3, row, ds.Schools[sc.School].ID, stText)
			s.set(4, row, b.c.ZoneName(sc.Level, compare.Zone{sc.School}), stText)
			s.set(5, row, sc.IntakeCapacity, cnt)
			s.set(6, row, sc.Before, cnt)
			over := sc.After > sc.IntakeCapacity
			st := cnt
			if over {
				st.fill, st.font = fillWorse, fontWorse
			}
			s.set(7, row, sc.After, st)
			s.set(8, row, sc.After-sc.Before, style{num: numDelta})
			s.set(9, row, sc.Out, cnt)
			s.set(10, row, sc.In, cnt)
			s.set(11, row, sc.HouseholdsOut, cnt)
			s.set(12, row, sc.HouseholdsIn, cnt)
			id := string(sc.Level) + "\x00" + ds.Schools[sc.School].ID
			var g *compare.Growth
			for i := range o.Change.Growth {
				if o.Change.Growth[i].Level == sc.Level && o.Change.Growth[i].School == sc.School {
					g = &o.Change.Growth[i]
				}
			}
			flag := func(st style, on bool) style {
				if on {
					st.fill, st.font = fillWorse, fontWorse
				}
				return st
			}
			s.set(13, row, sc.ZoneBefore, cnt)
			s.set(14, row, sc.ZoneAfter, flag(cnt, g != nil && g.Households))
			s.set(15, row, before[id], style{num: numM})
			s.set(16, row, after[id], flag(style{num: numM}, g != nil && g.Distance))
			if g != nil {
				s.set(17, row, growthNote(g), stWarn)
			}
			row++
		}
	}
	s.fit()
	s.filter(1, 17, row-1)
	s.freeze(1, 2)
	s.print(2, true)
}

// growthNote says what more than doubles at a receiving school.
func growthNote(g *compare.Growth) string {
	var parts []string
	if g.Households {
		parts = append(parts, "片区住户")
	}
	if g.Distance {
		parts = append(parts, "平均上学距离")
	}
	return strings.Join(parts, "、") + "增加一倍以上"
}

// longer writes 距离变远.
func (b *book) longer() {
	s := b.sheet(SheetLonger)
	far := compare.RadiusText(compare.FarTripM)
	s.header(1, "方案", "学段", "类型", "名称", "村民小组", "原学校", "新学校", "距离变远的新生", "其中变远"+far+"以上",
		"原平均距离(米)", "新平均距离(米)", "最多变远(米)")
	row := 2
	cnt, m := style{num: numCount}, style{num: numM}
	for _, o := range b.c.Plans[1:] {
		if o.Change == nil {
			continue
		}
		for _, lt := range o.Change.Longer {
			for _, p := range lt.Places {
				s.set(1, row, o.Plan.Name, stText)
				s.set(2, row, p.Level.Chinese(), stCenter)
				s.set(3, row, p.Kind, stCenter)
				s.set(4, row, p.Name, stText)
				s.set(5, row, p.GroupsText(), stText)
				s.set(6, row, b.c.SchoolName(p.Old, p.Level, none), stText)
				s.set(7, row, b.c.SchoolName(p.New, p.Level, none), stText)
				s.set(8, row, p.Entrants, cnt)
				s.set(9, row, p.Far, cnt)
				s.set(10, row, math.Round(p.OldMeanM), m)
				s.set(11, row, math.Round(p.NewMeanM), m)
				s.set(12, row, math.Round(p.MaxIncreaseM), m)
				row++
			}
		}
	}
	last := row - 1
	row++
	s.set(1, row, "改变学校后上学距离（家到学校的直线距离）变远的新生，按村、小区或街道及原、新学校合并，最多变远的排在前面。", stNote)
	s.widths[1] = 0
	s.fit()
	s.width(1, 12)
	s.filter(1, 12, last)
	s.freeze(1, 2)
	s.print(2, true)
}

// zoneTextWidth is the width of the 片区范围 column, in characters.
const zoneTextWidth = 90

// zones writes 片区范围.
func (b *book) zones() {
	s := b.sheet(SheetZones)
	s.header(1, "方案", "学段", "学校", "片区范围（招生公告）", "有调整")
	base := map[string]string{}
	for _, p := range b.c.Plans[0].Descriptions {
		for _, z := range p.Zones {
			base[p.Level+"\x00"+z.SchoolID] = z.Text()
		}
	}
	row := 2
	for i, o := range b.c.Plans {
		for _, p := range o.Descriptions {
			for _, z := range p.Zones {
				text := z.Text()
				name := z.SchoolName
				if name == "" {
					name = z.SchoolID
				}
				s.set(1, row, o.Plan.Name, stText)
				s.set(2, row, dataset.Level(p.Level).Chinese(), stCenter)
				s.set(3, row, name, stText)
				s.set(4, row, text, stLong)
				switch {
				case i == 0:
					s.set(5, row, none, stCenter)
				case base[p.Level+"\x00"+z.SchoolID] != text:
					s.set(5, row, "是", style{center: true, fill: fillWorse, font: fontWorse})
				default:
					s.set(5, row, "否", stCenter)
				}
				if lines := math.Ceil(displayWidth(text) / (zoneTextWidth - 2)); lines > 1 && b.err == nil {
					b.fail(b.f.SetRowHeight(SheetZones, row, min(16*lines, 409)))
				}
				row++
			}
		}
	}
	s.fit(4)
	s.width(4, zoneTextWidth)
	s.filter(1, 5, row-1)
	s.freeze(1, 2)
	s.print(2, true)
}

// meanDistances gives each school section's entrants' mean distance of a
// plan's metrics, by level and school id.
func meanDistances(m engine.Metrics) map[string]*float64 {
	out := map[string]*float64{}
	for _, s := range m.Schools {
		out[s.Level+"\x00"+s.SchoolID] = s.MeanDistanceM
	}
	return out
}
