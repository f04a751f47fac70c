package report

import (
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// File names of the comparison in the meeting pack.
const (
	CompareFile    = "compare.html"
	ComparePDFFile = "compare.pdf"
)

//go:embed compare.tmpl
var compareTmplText string

//go:embed compare.css
var compareCSSText string

// compareView is a comparison as the sections of its page read it.
type compareView struct {
	c     *compare.Comparison
	ds    *dataset.Dataset
	views []*view      // one per plan, in the comparison's order, on one map geometry
	heads []planHead   // the plans' labels
	geom  *mapGeom     // shared by every plan's maps; nil when nothing is drawable
	base  *view        // views[0], the plan in force
	lvls  []*levelView // the base's levels with school sections
	props []*proposal  // the proposals, views[1:]
}

// proposal is a plan other than the plan in force, with its change.
type proposal struct {
	i    int // index into the comparison's plans
	head planHead
	o    *compare.Outcome
	v    *view
}

// planHead names a plan: 现行片区 or 方案一, 方案二 …, with the plan's own
// name (a folder's or file's) and where it was read.
type planHead struct {
	Label, Name, Path string
	Colour            string // of the plan's bars in the charts
}

// title is the plan's label with its name: 方案一（name）.
func (h planHead) title() string {
	if h.Name == "" {
		return h.Label
	}
	return h.Label + "（" + h.Name + "）"
}

// planColours tell the plans apart in the charts: grey for the plan in
// force, then Tableau 10.
var planColours = []string{"#8c8c8c", "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f"}

// planLabel is the label of plan i: 现行片区, 方案一 … 方案十, 方案 11 ….
func planLabel(i int) string {
	if i == 0 {
		return "现行片区"
	}
	if d := []rune("一二三四五六七八九十"); i <= len(d) {
		return "方案" + string(d[i-1])
	}
	return "方案 " + strconv.Itoa(i)
}

// compareSection is one part of the comparison page.
type compareSection struct {
	id, title string // the template's name and anchor; the heading
	build     func(cv *compareView) (any, error)
}

var compareSections = []compareSection{
	{"c-cover", "概况", (*compareView).coverData},
	{"c-summary", "方案对比表", (*compareView).summaryData},
	{"c-maps", "各方案片区图", (*compareView).mapsData},
	{"c-changes", "调整区域图", (*compareView).changesData},
	{"c-longer", "上学距离变远的新生", (*compareView).longerData},
	{"c-walks", "绕行与平交道口", (*compareView).walksData},
	{"c-schools", "学校对比", (*compareView).schoolsData},
	{"c-charts", "图表", (*compareView).chartsData},
	{"c-details", "调整明细", (*compareView).detailsData},
	{"c-zones", "片区范围（招生公告）", (*compareView).zonesData},
}

// CompareHTML renders the comparison of zone plans for the zoning review
// meeting (片区调整论证会) as one self-contained page in Chinese that prints
// on A4: the plans and a sentence on each proposal, the figures side by
// side, the zones of each plan, the areas each proposal changes, the
// schools under each plan, charts, the places, units and entrants that
// change school, and each plan's zones in the words of the enrollment
// notice. Homes are named by address cut at the building, never by a
// child's or household's id. The same comparison gives the same bytes.
func CompareHTML(c *compare.Comparison) ([]byte, error) {
	cv, err := newCompareView(c)
	if err != nil {
		return nil, err
	}
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	if _, err := t.New("compare").Parse(compareTmplText); err != nil {
		return nil, fmt.Errorf("report: compare template: %w", err)
	}
	p := pageData{
		Title: fmt.Sprintf("%s %d年秋季义务教育招生片区调整方案对比", countyName(cv.ds.Meta.Name), c.Year),
		Subtitle: fmt.Sprintf("%d 学年一年级、七年级新生分别按现行片区与 %d 个调整方案入学的对比 · 片区调整论证会材料",
			c.Year, len(cv.props)),
		CSS: template.CSS(styleText + compareCSSText),
		JS:  template.JS(scriptText),
	}
	list := make([]builder, len(compareSections))
	for i, s := range compareSections {
		list[i] = builder{s.id, s.title, func(*view, *template.Template) (any, error) { return s.build(cv) }}
	}
	return renderPage(t, cv.base, list, p)
}

// newCompareView checks the comparison and makes one view per plan, all
// drawn on one projection and frame so that their maps compare.
func newCompareView(c *compare.Comparison) (*compareView, error) {
	if c == nil || len(c.Plans) == 0 {
		return nil, errors.New("report: compare: no plans")
	}
	cv := &compareView{c: c}
	var wgs orb.Bound
	hasB := false
	for i, o := range c.Plans {
		if o == nil || o.Result == nil {
			return nil, fmt.Errorf("report: compare: plan %d has no result", i+1)
		}
		if i > 0 && o.Change == nil {
			return nil, fmt.Errorf("report: compare: plan %d has no change against the plan in force", i+1)
		}
		v, err := newView(o.Result, o.Metrics)
		if err != nil {
			return nil, fmt.Errorf("report: compare: plan %d: %w", i+1, err)
		}
		if i == 0 {
			cv.ds = v.ds
		} else if len(v.ds.Schools) != len(cv.ds.Schools) || len(v.ds.Households) != len(cv.ds.Households) {
			return nil, fmt.Errorf("report: compare: plan %d is of another dataset (%d schools, %d households; the plan in force's: %d, %d)",
				i+1, len(v.ds.Schools), len(v.ds.Households), len(cv.ds.Schools), len(cv.ds.Households))
		}
		if b, ok := v.extent(); ok {
			if hasB {
				wgs = wgs.Union(b)
			} else {
				wgs, hasB = b, true
			}
		}
		h := planHead{Label: planLabel(i), Colour: planColours[i%len(planColours)]}
		if o.Plan != nil {
			h.Name, h.Path = o.Plan.Name, o.Plan.Path
		}
		cv.views = append(cv.views, v)
		cv.heads = append(cv.heads, h)
	}
	if hasB {
		cv.geom = cv.views[0].mapGeomOf(wgs)
	}
	for i, v := range cv.views {
		v.geom = cv.geom
		if i > 0 {
			cv.props = append(cv.props, &proposal{i: i, head: cv.heads[i], o: c.Plans[i], v: v})
		}
	}
	cv.base = cv.views[0]
	for _, lv := range cv.base.levels {
		if len(lv.lr.Sections) > 0 {
			cv.lvls = append(cv.lvls, lv)
		}
	}
	return cv, nil
}

// countyName is the dataset's name up to a space or parenthesis:
// "呼图壁县 (synthetic)" → 呼图壁县.
func countyName(name string) string {
	if i := strings.IndexAny(name, " (（"); i >= 0 {
		return name[:i]
	}
	return name
}

// levels are the levels of the plan in force that have school sections,
// in its order.
func (cv *compareView) levels() []*levelView { return cv.lvls }

// level returns a level of levels(), nil for another.
func (cv *compareView) level(l string) *levelView {
	for _, lv := range cv.lvls {
		if string(lv.lr.Level) == l {
			return lv
		}
	}
	return nil
}

// schoolName names a school's section of a level without the county's
// name in front (第二小学, 第三中学小学部: compare.SectionName); none for -1.
func (cv *compareView) schoolName(j int, l dataset.Level, none string) string {
	if j < 0 || j >= len(cv.ds.Schools) {
		return none
	}
	return shortName(compare.SectionName(&cv.ds.Schools[j], l), cv.ds.Meta.Name)
}

// zoneName names a zone of a level by its schools' sections (一小、二小);
// none for no zone.
func (cv *compareView) zoneName(l dataset.Level, z compare.Zone, none string) string {
	if len(z) == 0 {
		return none
	}
	names := make([]string, len(z))
	for i, j := range z {
		names[i] = cv.schoolName(j, l, none)
	}
	return strings.Join(names, "、")
}

// coverView is the first page: the plans, a sentence on each proposal and
// the warnings.
type coverView struct {
	County    string
	Year      int
	Plans     []planHead
	Entrants  string // the year's entrants per level, the same under every plan
	Headlines []headline
	Warnings  []string
}

type headline struct {
	Plan planHead
	Text string
	// Checks says how the checks that fail change, naming those that get
	// worse (compare.Comparison.CheckText); Worse is set when some do.
	Checks string
	Worse  bool
	Longer string // the entrants who go farther (longerSentence)
	Walks  string // long detours and at-grade crossings against the plan in force (walksSentence)
}

func (cv *compareView) coverData() (any, error) {
	out := coverView{County: countyName(cv.ds.Meta.Name), Year: cv.c.Year, Plans: cv.heads}
	var ents []string
	for _, lv := range cv.levels() {
		ents = append(ents, lv.name+" "+strconv.Itoa(lv.lm.Entrants)+" 人")
	}
	out.Entrants = strings.Join(ents, "、")
	for _, p := range cv.props {
		out.Headlines = append(out.Headlines, headline{Plan: p.head, Text: cv.headline(p), Checks: cv.c.CheckText(p.o),
			Worse: len(p.o.Change.Worse) > 0, Longer: cv.longerSentence(p.o.Change), Walks: cv.walksSentence(p)})
	}
	for i, o := range cv.c.Plans {
		out.Warnings = append(out.Warnings, cv.warnings(cv.heads[i], o)...)
	}
	return out, nil
}

// headline says in one sentence what a proposal changes: 新生改变学校 N 人
// （小学 a、初中 b），片区改变的住户，就近入学比例 x% → y%，平均上学距离
// d → e 米, per level.
func (cv *compareView) headline(p *proposal) string {
	moved := map[dataset.Level]int{}
	for _, m := range p.o.Change.Moves {
		moved[m.Level]++
	}
	var byLevel, homes, nearby, dist []string
	for _, lv := range cv.levels() {
		l := lv.lr.Level
		byLevel = append(byLevel, lv.name+" "+strconv.Itoa(moved[l]))
		homes = append(homes, lv.name+" "+strconv.Itoa(p.o.Change.Households[l])+" 户")
		after := p.o.Metrics.Levels[string(l)]
		nearby = append(nearby, lv.name+" "+pct(lv.lm.PolicyNearbyRatio)+" → "+pct(after.PolicyNearbyRatio))
		dist = append(dist, lv.name+" "+metresNum(lv.lm.MeanDistanceM)+" → "+metresNum(after.MeanDistanceM)+" 米")
	}
	return "新生改变学校 " + strconv.Itoa(len(p.o.Change.Moves)) + " 人（" + strings.Join(byLevel, "、") +
		"），片区改变的住户 " + strings.Join(homes, "、") + "，就近入学比例 " + strings.Join(nearby, "、") +
		"，平均上学距离 " + strings.Join(dist, "、") + "。"
}

// warnings are what a plan leaves out: homes in no zone, zones of schools
// that take no entrants.
func (cv *compareView) warnings(h planHead, o *compare.Outcome) []string {
	var out []string
	for _, w := range cv.c.Warnings() {
		if w.Plan == o {
			out = append(out, h.title()+"："+w.Chinese())
		}
	}
	return out
}

// summaryView is the side-by-side table of compare.Comparison.Summary.
type summaryView struct {
	Plans  []planHead
	Groups []summaryGroup
}

type summaryGroup struct {
	Name string
	Rows []summaryRow
}

type summaryRow struct {
	Label  string
	Target string // "≥ 95%", "≤ 0.500"; "" without one
	Cells  []ccell
}

// ccell is a cell of the comparison's tables.
type ccell struct {
	Text  string
	Class string // better, worse, bad, changed, or ""
	Mark  string // ✓ or ✗ against a target; "" for none
	Ok    bool   // the mark is ✓
	Title string // hover text
}

func (cv *compareView) summaryData() (any, error) {
	out := summaryView{Plans: cv.heads}
	for _, f := range cv.c.Summary() {
		if l, _, _ := strings.Cut(f.Key, "."); cv.level(l) == nil && slices.Contains(dataset.Levels, dataset.Level(l)) {
			continue // a level without schools
		}
		if n := len(out.Groups); n == 0 || out.Groups[n-1].Name != f.Group {
			out.Groups = append(out.Groups, summaryGroup{Name: f.Group})
		}
		g := &out.Groups[len(out.Groups)-1]
		row := summaryRow{Label: f.Label}
		if f.Target != nil {
			row.Target = targetText(f)
		}
		for i, v := range f.Values {
			c := ccell{Text: figureText(f.Format, v)}
			if i > 0 && f.Better != 0 && c.Text != none && f.Values[0] != nil && c.Text != figureText(f.Format, f.Values[0]) {
				if (*v-*f.Values[0])*float64(f.Better) > 0 {
					c.Class, c.Title = "better", "优于现行片区"
				} else {
					c.Class, c.Title = "worse", "劣于现行片区"
				}
			}
			if f.Target != nil && c.Text != none {
				c.Mark, c.Ok = "✗", false
				if meetsTarget(*v, *f.Target, f.Better) {
					c.Mark, c.Ok = "✓", true
				}
			}
			row.Cells = append(row.Cells, c)
		}
		g.Rows = append(g.Rows, row)
	}
	return out, nil
}

// figureText formats a value of a summary figure by its format; none for
// nil or not finite.
func figureText(format string, v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return none
	}
	switch format {
	case compare.FormatInt:
		return strconv.FormatFloat(math.Round(*v), 'f', 0, 64)
	case compare.FormatPct:
		return pct(v)
	case compare.FormatM:
		return metresNum(v)
	case compare.FormatKm2, compare.FormatRatio:
		return strconv.FormatFloat(*v, 'f', 3, 64)
	}
	return strconv.FormatFloat(*v, 'g', 6, 64)
}

// meetsTarget reports a value that reaches a target: at least the target
// when more is better, at most it when less is (rounding of a ratio of
// counts allowed for).
func meetsTarget(v, target float64, better int) bool {
	if better < 0 {
		return v <= target+1e-9
	}
	return meets(v, target)
}

// targetText writes a figure's target: "≥ 95%", "≤ 0.500".
func targetText(f compare.Figure) string {
	op := "≥ "
	if f.Better < 0 {
		op = "≤ "
	}
	if f.Format == compare.FormatPct {
		return op + pctTarget(*f.Target)
	}
	return op + figureText(f.Format, f.Target)
}
