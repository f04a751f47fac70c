package report

import (
	"cmp"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// Option adds to the report.
type Option func(*options)

type options struct {
	sim        *simulate.Result
	evaluation int
}

// WithSimulation adds the pages of a simulation (package simulate) to the
// report: the checks year by year and school by school, the pupils of each
// school against its size cap, the county indicators over time, the
// scenario's events with their place in the plan, and what still fails in
// the evaluation year. evaluation 0 is the model's,
// simulate.Result.EvaluationYear. A nil simulation adds nothing.
func WithSimulation(sim *simulate.Result, evaluation int) Option {
	return func(o *options) { o.sim, o.evaluation = sim, evaluation }
}

// kindText names an event kind in Chinese.
var kindText = map[scenario.Kind]string{
	scenario.Open:         "新校区启用",
	scenario.Relocate:     "整体搬迁",
	scenario.TransferArea: "移交校舍",
	scenario.MoveIntake:   "学段调整",
	scenario.Build:        "新建校舍",
	scenario.Teachers:     "补充教师",
}

// keyText names a check in Chinese, short enough for a table row.
var keyText = map[string]string{
	compliance.KeySchoolSize:     "校额",
	compliance.KeyClassSize:      "班额",
	compliance.KeyResources6of7:  "资源配置 7 项中达标项数",
	compliance.KeyResourcesFloor: "资源配置最低指标",
	compliance.KeyMusicRooms:     "音乐教室",
	compliance.KeyArtRooms:       "美术教室",
	compliance.KeyNearbyRatio:    "就近入学比例",
	compliance.KeyMigrantsPublic: "随迁子女在公办学校就读比例",
	compliance.KeyDisabledEnrol:  "残疾儿童少年入学率",
	compliance.KeyAllSeated:      "适龄儿童均有学位",
	compliance.KeyLevel:          "学段",
	compliance.KeyTeachersQual:   "高于规定学历教师",
	compliance.KeyBackbone:       "县级及以上骨干教师",
	compliance.KeyPEArt:          "体育、艺术专任教师",
	compliance.KeyTeachingArea:   "生均教学及辅助用房面积",
	compliance.KeySportsArea:     "生均体育运动场馆面积",
	compliance.KeyEquipment:      "生均教学仪器设备值",
	compliance.KeyMultimedia:     "每百名学生网络多媒体教室",
}

// checkName names a check by key, a CV by its indicator; a check this
// page does not know yet is 其他核查项, never its key in Latin letters.
func checkName(key string) string {
	if s, ok := keyText[key]; ok {
		return s
	}
	if ind, ok := strings.CutPrefix(key, compliance.CVPrefix); ok {
		if s, ok := keyText[ind]; ok {
			return "差异系数：" + s
		}
	}
	return "其他核查项"
}

// levelName is the Chinese name of a compliance level, "" for both.
func levelName(l string) string {
	switch l {
	case compliance.Primary:
		return "小学"
	case compliance.Junior:
		return "初中"
	}
	return ""
}

// simView is what the simulation pages share.
type simView struct {
	sim        *simulate.Result
	evaluation int
	years      []int
	county     string
	// sectioned: the sections named apart from their campus (小学部,
	// 初中部) by sections().
	sectioned map[sectionKey]bool
}

func (v *view) simulation() *simView {
	if v.sim == nil || len(v.sim.Years) == 0 {
		return nil
	}
	s := &simView{sim: v.sim, evaluation: v.evaluation, county: v.ds.Meta.Name, sectioned: map[sectionKey]bool{}}
	if s.evaluation == 0 {
		s.evaluation = v.sim.EvaluationYear()
	}
	for _, y := range v.sim.Years {
		s.years = append(s.years, y.Year)
	}
	return s
}

// sectionKey identifies a school section across the years.
type sectionKey struct {
	id    string
	level dataset.Level
}

// sections returns every school section that appears in some year, the
// primary sections first, each level in order of first appearance, with
// the section's name: 呼图壁县第三中学小学部 for a campus that has both
// sections in some year or is a nine-year school (dataset.SectionName).
func (s *simView) sections() ([]sectionKey, map[sectionKey]string) {
	names := map[sectionKey]string{}
	first := map[sectionKey]int{}
	levels := map[string]map[dataset.Level]bool{}
	nineYear := map[string]bool{}
	var keys []sectionKey
	n := 0
	for _, y := range s.sim.Years {
		for _, sch := range y.Schools {
			nineYear[sch.ID] = nineYear[sch.ID] || sch.NineYear
		}
		for _, sec := range y.Sections {
			k := sectionKey{sec.SchoolID, sec.Level}
			if _, ok := names[k]; !ok {
				keys = append(keys, k)
				first[k] = n
				n++
			}
			names[k] = sec.Name
			if levels[sec.SchoolID] == nil {
				levels[sec.SchoolID] = map[dataset.Level]bool{}
			}
			levels[sec.SchoolID][sec.Level] = true
		}
	}
	for k, name := range names {
		if sec := dataset.SectionName(name, k.level, len(levels[k.id]) > 1 || nineYear[k.id]); sec != name {
			names[k] = sec
			s.sectioned[k] = true
		}
	}
	slices.SortStableFunc(keys, func(a, b sectionKey) int {
		return cmp.Or(cmp.Compare(levelRank(string(a.level)), levelRank(string(b.level))), cmp.Compare(first[a], first[b]))
	})
	return keys, names
}

func levelRank(l string) int {
	switch l {
	case compliance.Primary:
		return 0
	case compliance.Junior:
		return 1
	}
	return 2
}

// ---- (a) the checks, year by year and section by section ----

type heatCell struct {
	Text, Class, Title string
}

type heatRow struct {
	Name, Level string
	County      bool
	Cells       []heatCell
}

type failItem struct {
	Where, Text string
}

type simChecksView struct {
	Years      []int
	Rows       []heatRow
	Evaluation int
	Failures   []failItem
	Passes     bool
	NoYear     bool
	FailsByYr  []yearCount
	Scenario   string
}

type yearCount struct {
	Year, Fails int
}

// heatClass colours a cell by its number of failed checks.
func heatClass(n int) string {
	switch {
	case n == 0:
		return "h0"
	case n == 1:
		return "h1"
	case n <= 3:
		return "h2"
	}
	return "h3"
}

// heatOf is the heat-map cell of a list of checks (nil: no such section).
func heatOf(year int, who string, checks []compliance.Check, empty bool) heatCell {
	if checks == nil && !empty {
		return heatCell{Class: "hn", Title: strconv.Itoa(year) + " " + who + "：无此学段"}
	}
	var fails []string
	made := 0
	for _, c := range checks {
		if c.Skipped {
			continue
		}
		made++
		if c.Failed() {
			fails = append(fails, c.Text)
		}
	}
	if made == 0 {
		return heatCell{Text: "", Class: "hn", Title: strconv.Itoa(year) + " " + who + "：无在校生或无可核查项"}
	}
	c := heatCell{Class: heatClass(len(fails))}
	if len(fails) == 0 {
		c.Title = strconv.Itoa(year) + " " + who + "：" + strconv.Itoa(made) + " 项全部达标"
		return c
	}
	c.Text = strconv.Itoa(len(fails))
	c.Title = strconv.Itoa(year) + " " + who + "：未达标 " + strconv.Itoa(len(fails)) + " 项\n" + strings.Join(fails, "\n")
	return c
}

func simChecksData(v *view, _ *template.Template) (any, error) {
	s := v.simulation()
	if s == nil {
		return nil, nil
	}
	out := simChecksView{Years: s.years, Evaluation: s.evaluation}
	if s.sim.Scenario != nil {
		out.Scenario = cmp.Or(s.sim.Scenario.Name, s.sim.Scenario.File)
	}
	keys, names := s.sections()
	type bySec map[sectionKey][]compliance.Check
	perYear := make([]bySec, len(s.sim.Years))
	county := make([]map[string][]compliance.Check, len(s.sim.Years))
	present := make([]map[sectionKey]bool, len(s.sim.Years))
	for i, y := range s.sim.Years {
		perYear[i], county[i], present[i] = bySec{}, map[string][]compliance.Check{}, map[sectionKey]bool{}
		for _, sec := range y.Sections {
			present[i][sectionKey{sec.SchoolID, sec.Level}] = true
		}
		for _, c := range y.Report.Checks {
			if c.Scope == compliance.ScopeCounty {
				county[i][c.Level] = append(county[i][c.Level], c)
				continue
			}
			for _, l := range dataset.Levels {
				k := sectionKey{c.SchoolID, l}
				if (c.Level == "" || c.Level == string(l)) && present[i][k] {
					perYear[i][k] = append(perYear[i][k], c)
				}
			}
		}
		out.FailsByYr = append(out.FailsByYr, yearCount{y.Year, len(y.Report.Failures())})
	}
	for _, k := range keys {
		who := names[k]
		if !s.sectioned[k] {
			who += " " + k.level.Chinese()
		}
		r := heatRow{Name: shortName(names[k], s.county), Level: k.level.Chinese()}
		for i, y := range s.sim.Years {
			checks := perYear[i][k]
			if checks == nil && present[i][k] {
				checks = []compliance.Check{}
			}
			r.Cells = append(r.Cells, heatOf(y.Year, who, checks, present[i][k]))
		}
		out.Rows = append(out.Rows, r)
	}
	for _, l := range []string{compliance.Primary, compliance.Junior, ""} {
		name := "全县" + levelName(l)
		r := heatRow{Name: name, Level: levelName(l), County: true}
		any := false
		for i, y := range s.sim.Years {
			cs := county[i][l]
			any = any || len(cs) > 0
			r.Cells = append(r.Cells, heatOf(y.Year, name, cs, true))
		}
		if l == "" {
			r.Name, r.Level = "全县", "两学段"
		}
		if any {
			out.Rows = append(out.Rows, r)
		}
	}
	y := s.sim.Year(s.evaluation)
	if y == nil {
		out.NoYear = true
		return out, nil
	}
	for _, c := range y.Report.Failures() {
		where := "全县"
		k := sectionKey{c.SchoolID, dataset.Level(c.Level)}
		if c.Scope == compliance.ScopeSchool {
			where = c.Name
			if s.sectioned[k] {
				where = names[k]
			}
		}
		if ln := levelName(c.Level); ln != "" && !(c.Scope == compliance.ScopeSchool && s.sectioned[k]) {
			where += " " + ln
		}
		out.Failures = append(out.Failures, failItem{Where: where, Text: c.Text})
	}
	out.Passes = len(out.Failures) == 0
	return out, nil
}

// ---- line charts: (b) pupils per school and (c) county indicators ----

type polyline struct {
	Points, Colour, Title string
	Dash                  bool
	Dots                  []dot
}

type dot struct {
	X, Y, Title string
}

type lineChart struct {
	W, H                   int
	Left, Right, Top, Base int
	YTicks, XTicks         []tick
	Lines                  []polyline
	Label                  string
}

type series struct {
	name   string
	values []float64 // by year; NaN: none
	colour string
	dash   bool
	dots   bool
}

// lineChart draws series over the years in a w×h chart; format writes a
// value. The y axis starts at lo (or lower when a value is) and reaches
// the highest value.
func newLineChart(w, h int, years []int, ss []series, lo float64, format func(float64) string, label string) *lineChart {
	c := &lineChart{W: w, H: h, Left: 44, Right: w - 10, Top: 12, Base: h - 22, Label: label}
	if w < 300 {
		c.Left = 36
	}
	top, bottom := math.Inf(-1), lo
	for _, s := range ss {
		for _, x := range s.values {
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				top, bottom = math.Max(top, x), math.Min(bottom, x)
			}
		}
	}
	if math.IsInf(top, -1) || len(years) == 0 {
		return nil
	}
	if top <= bottom {
		top = bottom + 1
	}
	step := niceStep((top - bottom) / 4)
	ymin := math.Floor(bottom/step) * step
	ymax := math.Ceil(top/step) * step
	if ymax <= top-step/1e6 {
		ymax += step
	}
	sy := float64(c.Base-c.Top) / (ymax - ymin)
	yOf := func(x float64) float64 { return float64(c.Base) - (x-ymin)*sy }
	for t := ymin; t <= ymax+step/2; t += step {
		c.YTicks = append(c.YTicks, tick{Y: num(yOf(t), 1), Label: format(t)})
	}
	span := float64(c.Right - c.Left)
	xOf := func(i int) float64 {
		if len(years) == 1 {
			return float64(c.Left) + span/2
		}
		return float64(c.Left) + span*float64(i)/float64(len(years)-1)
	}
	every := max(1, int(math.Ceil(float64(len(years))*28/span)))
	for i, y := range years {
		if i%every == 0 || i == len(years)-1 && (len(years)-1)%every >= every/2+1 {
			c.XTicks = append(c.XTicks, tick{X: num(xOf(i), 1), Label: strconv.Itoa(y)})
		}
	}
	for _, s := range ss {
		var pts []string
		var vals []string
		p := polyline{Colour: s.colour, Dash: s.dash}
		for i, x := range s.values {
			if i >= len(years) || math.IsNaN(x) || math.IsInf(x, 0) {
				continue
			}
			pts = append(pts, num(xOf(i), 1)+","+num(yOf(x), 1))
			vals = append(vals, strconv.Itoa(years[i])+" "+format(x))
			if s.dots {
				p.Dots = append(p.Dots, dot{X: num(xOf(i), 1), Y: num(yOf(x), 1), Title: s.name + " " + strconv.Itoa(years[i]) + "：" + format(x)})
			}
		}
		if len(pts) == 0 {
			continue
		}
		p.Points = strings.Join(pts, " ")
		p.Title = s.name + "\n" + strings.Join(vals, "，")
		c.Lines = append(c.Lines, p)
	}
	return c
}

func intFormat(x float64) string { return strconv.FormatFloat(math.Round(x), 'f', 0, 64) }

// shareFormat writes a share 0–1 as a percentage with at most one decimal.
func shareFormat(x float64) string {
	t := strconv.FormatFloat(x*100, 'f', 1, 64)
	t = strings.TrimSuffix(t, ".0")
	return t + "%"
}

// plainFormat writes a number with at most two decimals: 0.5, 0.63.
func plainFormat(x float64) string {
	t := strconv.FormatFloat(x, 'f', 2, 64)
	if strings.Contains(t, ".") {
		t = strings.TrimRight(strings.TrimRight(t, "0"), ".")
	}
	if t == "-0" {
		t = "0"
	}
	return t
}

type legendItem struct {
	Name, Colour string
	Dash         bool
}

type schoolCurve struct {
	Name, Levels string
	Note         string
	Chart        *lineChart
}

type simTrendsView struct {
	Schools     []schoolCurve
	Legend      []legendItem
	Shares      *lineChart
	ShareLegend []legendItem
	CV          []cvChart
	Table       []indicatorRow
	Years       []int
	FirstYear   int
	LastYear    int
}

type cvChart struct {
	Name   string
	Chart  *lineChart
	Legend []legendItem
}

type indicatorRow struct {
	Name  string
	Limit string
	Cells []heatCell
}

var (
	colPrimary = "#1f77b4"
	colJunior  = "#ff7f0e"
	colCampus  = "#333333"
	colCap     = "#c62828"
	// cvColours is one colour per resource indicator.
	cvColours = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"}
)

// cvKeys are the seven indicators in the order of docs/policy.md.
var cvKeys = []string{compliance.KeyTeachersQual, compliance.KeyBackbone, compliance.KeyPEArt,
	compliance.KeyTeachingArea, compliance.KeySportsArea, compliance.KeyEquipment, compliance.KeyMultimedia}

func nanSeries(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = math.NaN()
	}
	return out
}

// simTrendsData is the simulation's trends section: a small chart of
// students per campus, the county's shares and coefficients of variation
// over the years, and the county checks as a table.
func simTrendsData(v *view, _ *template.Template) (any, error) {
	s := v.simulation()
	if s == nil {
		return nil, nil
	}
	n := len(s.years)
	out := simTrendsView{Years: s.years, FirstYear: s.years[0], LastYear: s.years[n-1]}
	out.Legend = []legendItem{{"小学在校生", colPrimary, false}, {"初中在校生", colJunior, false},
		{"全校在校生 (两学段)", colCampus, false}, {"校额上限", colCap, true}}
	for _, c := range s.campuses() {
		out.Schools = append(out.Schools, s.campusCurve(c))
	}
	out.Shares, out.ShareLegend = s.shareChart()
	out.CV = s.cvCharts()
	out.Table = s.countyTable()
	return out, nil
}

// campusYears is one campus's students over the simulated years (NaN in a
// year it has none), per level and in all, and its size limit.
type campusYears struct {
	name       string
	levels     map[dataset.Level][]float64
	total, cap []float64
}

// campuses gathers each campus's students and size limit over the years,
// in order of first appearance.
func (s *simView) campuses() []*campusYears {
	n := len(s.years)
	byID := map[string]*campusYears{}
	var out []*campusYears
	for i, y := range s.sim.Years {
		for _, sec := range y.Sections {
			c := byID[sec.SchoolID]
			if c == nil {
				c = &campusYears{name: sec.Name, levels: map[dataset.Level][]float64{}, total: nanSeries(n), cap: nanSeries(n)}
				byID[sec.SchoolID] = c
				out = append(out, c)
			}
			if c.levels[sec.Level] == nil {
				c.levels[sec.Level] = nanSeries(n)
			}
			c.levels[sec.Level][i] = float64(sec.Students)
			c.total[i] = float64(sec.CampusStudents)
		}
		for _, ch := range y.Report.Checks {
			if ch.Key == compliance.KeySchoolSize && ch.Scope == compliance.ScopeSchool && ch.Limit != nil {
				if c := byID[ch.SchoolID]; c != nil {
					c.cap[i] = *ch.Limit
					if ch.Value != nil {
						c.total[i] = *ch.Value
					}
				}
			}
		}
	}
	return out
}

// campusCurve is one campus's small chart: a line per level, the campus's
// total when it has both, and its size limit when the limit is near
// enough to the lines to be drawn (a note says which).
func (s *simView) campusCurve(c *campusYears) schoolCurve {
	var ss []series
	var levels []string
	top := 0.0
	for _, l := range dataset.Levels {
		vals := c.levels[l]
		if vals == nil {
			continue
		}
		levels = append(levels, l.Chinese())
		col := colPrimary
		if l == dataset.Junior {
			col = colJunior
		}
		ss = append(ss, series{name: c.name + " " + l.Chinese() + "在校生", values: vals, colour: col})
		for _, x := range vals {
			if !math.IsNaN(x) {
				top = math.Max(top, x)
			}
		}
	}
	if len(levels) > 1 {
		// Drawn first, under the sections' lines it may equal.
		ss = append([]series{{name: c.name + " 全校在校生", values: c.total, colour: colCampus}}, ss...)
		for _, x := range c.total {
			if !math.IsNaN(x) {
				top = math.Max(top, x)
			}
		}
	}
	capNote := ""
	capV := math.NaN()
	for _, x := range c.cap {
		if !math.IsNaN(x) {
			capV = x
		}
	}
	switch {
	case math.IsNaN(capV):
		capNote = "无校额上限数据"
	case capV <= 1.3*math.Max(top, 1):
		ss = append(ss, series{name: c.name + " 校额上限", values: c.cap, colour: colCap, dash: true})
		capNote = "校额上限 " + intFormat(capV) + " 人"
	default:
		capNote = "校额上限 " + intFormat(capV) + " 人 (远高于在校生，未画出)"
	}
	return schoolCurve{Name: shortName(c.name, s.county), Levels: strings.Join(levels, "、"),
		Note: capNote, Chart: newLineChart(260, 130, s.years, ss, 0, intFormat, c.name+"在校生")}
}

// countyCheck is year i's county check of a key and level, nil if none.
func (s *simView) countyCheck(i int, key, level string) *compliance.Check {
	for k := range s.sim.Years[i].Report.Checks {
		c := &s.sim.Years[i].Report.Checks[k]
		if c.Scope == compliance.ScopeCounty && c.Key == key && c.Level == level {
			return c
		}
	}
	return nil
}

// shareChart draws the county's shares over the years (the nearby ratio
// per level, migrant children in public schools, disabled children
// enrolled), each with its standard dashed, and their legend.
func (s *simView) shareChart() (*lineChart, []legendItem) {
	n := len(s.years)
	shareKeys := []struct {
		key, level, name, colour string
	}{
		{compliance.KeyNearbyRatio, compliance.Primary, "小学就近入学比例", colPrimary},
		{compliance.KeyNearbyRatio, compliance.Junior, "初中就近入学比例", colJunior},
		{compliance.KeyMigrantsPublic, "", "随迁子女在公办学校就读", "#2ca02c"},
		{compliance.KeyDisabledEnrol, "", "残疾儿童少年入学率", "#9467bd"},
	}
	var shares []series
	var legend []legendItem
	for _, sk := range shareKeys {
		vals, lims := nanSeries(n), nanSeries(n)
		for i := range s.sim.Years {
			if c := s.countyCheck(i, sk.key, sk.level); c != nil && !c.Skipped {
				if c.Value != nil {
					vals[i] = *c.Value
				}
				if c.Limit != nil {
					lims[i] = *c.Limit
				}
			}
		}
		shares = append(shares, series{name: sk.name, values: vals, colour: sk.colour, dots: true},
			series{name: sk.name + " 标准", values: lims, colour: sk.colour, dash: true})
		legend = append(legend, legendItem{sk.name, sk.colour, false})
	}
	legend = append(legend, legendItem{"虚线：各自的标准", "#666", true})
	return newLineChart(640, 260, s.years, shares, 0.8, shareFormat, "比例"), legend
}

// cvCharts draws, per level, the county's coefficients of variation of
// the seven resource indicators over the years with their upper limit.
func (s *simView) cvCharts() []cvChart {
	n := len(s.years)
	var out []cvChart
	for _, l := range []string{compliance.Primary, compliance.Junior} {
		var ss []series
		var legend []legendItem
		lims := nanSeries(n)
		for k, key := range cvKeys {
			vals := nanSeries(n)
			for i := range s.sim.Years {
				if c := s.countyCheck(i, compliance.CVPrefix+key, l); c != nil && !c.Skipped && c.Value != nil {
					vals[i] = *c.Value
					if c.Limit != nil {
						lims[i] = *c.Limit
					}
				}
			}
			ss = append(ss, series{name: levelName(l) + " " + keyText[key] + " 差异系数", values: vals, colour: cvColours[k], dots: true})
			legend = append(legend, legendItem{keyText[key], cvColours[k], false})
		}
		ss = append(ss, series{name: levelName(l) + " 差异系数上限", values: lims, colour: colCap, dash: true})
		legend = append(legend, legendItem{"上限", colCap, true})
		if ch := newLineChart(640, 260, s.years, ss, 0, plainFormat, "差异系数"); ch != nil {
			out = append(out, cvChart{Name: levelName(l) + "校际差异系数", Chart: ch, Legend: legend})
		}
	}
	return out
}

// countyTable is the county checks as a table of values over the years,
// a row per check and level in order of first appearance, failures
// marked.
func (s *simView) countyTable() []indicatorRow {
	type rowKey struct{ key, level string }
	var rows []rowKey
	seen := map[rowKey]bool{}
	for _, y := range s.sim.Years {
		for _, c := range y.Report.Checks {
			k := rowKey{c.Key, c.Level}
			if c.Scope == compliance.ScopeCounty && !seen[k] {
				seen[k] = true
				rows = append(rows, k)
			}
		}
	}
	var out []indicatorRow
	for _, k := range rows {
		r := indicatorRow{Name: strings.TrimSpace(levelName(k.level) + " " + checkName(k.key))}
		for i := range s.sim.Years {
			c := s.countyCheck(i, k.key, k.level)
			switch {
			case c == nil:
				r.Cells = append(r.Cells, heatCell{Class: "hn", Text: none})
			case c.Skipped || c.Value == nil:
				r.Cells = append(r.Cells, heatCell{Class: "hn", Text: none, Title: c.Text})
			default:
				f := plainFormat
				if !strings.HasPrefix(k.key, compliance.CVPrefix) {
					f = shareFormat
				}
				cl := "ok"
				if c.Failed() {
					cl = "bad"
				}
				r.Cells = append(r.Cells, heatCell{Class: cl, Text: f(*c.Value), Title: c.Text})
				if c.Limit != nil {
					op := "≥ "
					if strings.HasPrefix(k.key, compliance.CVPrefix) {
						op = "≤ "
					}
					r.Limit = op + f(*c.Limit)
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// ---- (d) the scenario's events ----

type eventRow struct {
	Year, ID, Kind, School, Note, Source string
}

type simEventsView struct {
	Rows     []eventRow
	Scenario string
}

func simEventsData(v *view, _ *template.Template) (any, error) {
	s := v.simulation()
	if s == nil {
		return nil, nil
	}
	out := simEventsView{}
	if s.sim.Scenario != nil {
		out.Scenario = cmp.Or(s.sim.Scenario.Name, s.sim.Scenario.File)
	}
	// name names a school, or its section of level l (呼图壁县第三中学小学部);
	// with say, a school of one section is followed by the level's name
	// (呼图壁县第二中学 初中).
	name := func(id string, l dataset.Level, say bool) string {
		if id == "" {
			return ""
		}
		n := id
		if ds := s.sim.Dataset; ds != nil {
			if j := ds.SchoolIndex(id); j >= 0 {
				sc := &ds.Schools[j]
				n = sc.Name
				if l != "" {
					if sec := sc.SectionName(l); sec != sc.Name {
						return sec
					}
				}
			}
		}
		if l != "" && say {
			n += " " + l.Chinese()
		}
		return n
	}
	for _, y := range s.sim.Years {
		for _, e := range y.Events {
			school := name(e.School, e.Level, true)
			var to []string
			if e.To != "" {
				to = append(to, name(e.To, e.Level, false))
			}
			for _, r := range e.Receivers {
				to = append(to, name(r.School, e.Level, false))
			}
			if len(to) > 0 {
				school += " → " + strings.Join(to, "、")
			}
			kind := kindText[e.Kind]
			if kind == "" {
				kind = string(e.Kind)
			}
			out.Rows = append(out.Rows, eventRow{Year: strconv.Itoa(y.Year), ID: e.ID, Kind: kind, School: school,
				Note: e.Note, Source: cmp.Or(e.Source, none)})
		}
	}
	return out, nil
}
