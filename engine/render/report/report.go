package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"strings"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// File is the report's file name in a run's output folder.
const File = "report.html"

//go:embed report.tmpl
var tmplText string

//go:embed style.css
var styleText string

//go:embed script.js
var scriptText string

// tmpl holds the page and one named template per section. Parsing a constant
// cannot fail once the tests pass; the error is still returned, not panicked.
func parseTemplates() (*template.Template, error) {
	t, err := template.New("report").Funcs(template.FuncMap{
		"add": func(a, b int) int { return a + b },
	}).Parse(tmplText + proposalsTmpl + concentrationTmpl)
	if err != nil {
		return nil, fmt.Errorf("report: template: %w", err)
	}
	return t, nil
}

// Section is one part of the page: a heading with an anchor and a body of
// HTML that a template has already escaped.
type Section struct {
	ID    string // anchor, ASCII: "overview", "maps", ...
	Title string // heading, Chinese
	Body  template.HTML
}

// builder makes one section from the view of the run.
type builder struct {
	id, title string
	// build returns the data of the template named id, or nil to leave the
	// section out of the page.
	build func(v *view, t *template.Template) (any, error)
}

// sections lists the page's sections in order. A later section is one more
// entry here and one more {{define}} in report.tmpl.
var sections = []builder{
	{"overview", "概况", overviewData},
	{"maps", "片区与学校分布图", mapsData},
	{"moves", "调整情况", movesData},
	{"outofzone", "片外安置", outOfZoneData},
	{"lotteries", "多校划片", lotteriesData},
	{"feeders", "小学对口初中", feedersData},
	{"proposals", "多校划片建议", proposalsData},
	{"concentration", "随迁子女分布", concentrationData},
	{"schools", "学校明细", schoolsData},
	{"checks", "标准核查", checksData},
	{"charts", "学位利用与上学距离", chartsData},
	{"zones", "片区范围", zonesData},
	{"simulation", "逐年模拟：标准核查", simChecksData},
	{"simtrends", "逐年模拟：在校生与全县指标", simTrendsData},
	{"simmaps", "逐年模拟：片区图", simMapsData},
	{"simevents", "逐年模拟：规划事件", simEventsData},
}

// view is the run as the sections read it.
type view struct {
	res    *engine.Result
	m      engine.Metrics
	ds     *dataset.Dataset
	pol    config.Policy
	levels []*levelView
	// units: res.Units and every level's plan are there and fit the
	// dataset, so that moves, zone descriptions and changed areas can be
	// read. False for a result built without units (nothing to say).
	units bool
	// inForce: the dataset has zones in force, so moves are known.
	inForce bool
	moves   []engine.Move // against the zones in force; nil when !inForce
	geom    *mapGeom      // the maps' projection and frames, nil when nothing is drawable
	// sim is the simulation of WithSimulation, nil without; evaluation is
	// the year whose failures are listed (0: simulate.Result.EvaluationYear).
	sim        *simulate.Result
	evaluation int
}

// levelView is one level with its metrics.
type levelView struct {
	lr      *engine.LevelResult
	lm      engine.LevelMetrics
	name    string                 // 小学 or 初中
	schools []engine.SchoolMetrics // the level's entries of Metrics.Schools, in their order
	byIndex map[int]*engine.SchoolMetrics
}

// HTML renders the report of a run with its metrics (res.Metrics()). The
// moves (res.Moves) and zone descriptions (res.Descriptions) are read from
// the result when it has units; a result without units (res.Units nil) gets
// a page that says so in those sections. It fails on a result whose indexes
// do not fit its dataset or units, never panics.
//
// Options add pages: WithSimulation adds the pages of a simulation.
func HTML(res *engine.Result, m engine.Metrics, opts ...Option) ([]byte, error) {
	v, err := newView(res, m)
	if err != nil {
		return nil, err
	}
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	v.sim, v.evaluation = o.sim, o.evaluation
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	p := pageData{
		Title:    fmt.Sprintf("%s %d 学年义务教育招生划片报告", countyTitle(v.ds.Meta.Name), res.Year),
		Subtitle: fmt.Sprintf("%d 学年 (%d 年 9 月 — %d 年 7 月) 一年级、七年级新生入学片区调整", res.Year, res.Year, res.Year+1),
		CSS:      template.CSS(styleText),
		JS:       template.JS(scriptText),
		Route:    m.Distance == engine.DistanceRoute,
	}
	return renderPage(t, v, sections, p)
}

// renderPage builds each section of the list from the view, leaving out those
// whose builder gives no data, and executes the page.
func renderPage(t *template.Template, v *view, list []builder, p pageData) ([]byte, error) {
	for _, s := range list {
		data, err := s.build(v, t)
		if err != nil {
			return nil, err
		}
		if data == nil {
			continue
		}
		var b bytes.Buffer
		if err := t.ExecuteTemplate(&b, s.id, data); err != nil {
			return nil, fmt.Errorf("report: section %s: %w", s.id, err)
		}
		// The body comes out of html/template, escaped in its context.
		p.Sections = append(p.Sections, Section{ID: s.id, Title: s.title, Body: template.HTML(b.String())})
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "page", p); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return b.Bytes(), nil
}

type pageData struct {
	Title, Subtitle string
	CSS             template.CSS
	JS              template.JS
	Sections        []Section
	Route           bool // the run measures walks along the roads (metrics.json distance "route")
}

// newView checks the result's indexes against its dataset and gathers each
// level's metrics.
func newView(res *engine.Result, m engine.Metrics) (*view, error) {
	if res == nil || res.Dataset == nil {
		return nil, errors.New("report: no result or no dataset")
	}
	ds := res.Dataset
	v := &view{res: res, m: m, ds: ds, pol: res.Config.Policy}
	n := len(ds.Schools)
	inRange := func(j int) bool { return j >= 0 && j < n }
	for _, lr := range res.Levels {
		if lr == nil {
			return nil, errors.New("report: nil level result")
		}
		if _, err := dataset.ParseLevel(string(lr.Level)); err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		for _, j := range lr.Sections {
			if !inRange(j) {
				return nil, fmt.Errorf("report: %s: section school index %d outside 0–%d", lr.Level, j, n-1)
			}
		}
		for _, zk := range lr.Zoned {
			j := zk.School
			if !inRange(j) {
				return nil, fmt.Errorf("report: %s: zoned school index %d outside 0–%d", lr.Level, j, n-1)
			}
		}
		if len(lr.Schools) != 0 && len(lr.Schools) != n {
			return nil, fmt.Errorf("report: %s: figures of %d schools for %d schools", lr.Level, len(lr.Schools), n)
		}
		for _, s := range lr.Seats {
			if s.School >= n || s.School < -1 {
				return nil, fmt.Errorf("report: %s: seat school index %d outside -1–%d", lr.Level, s.School, n-1)
			}
			if s.Child < 0 || s.Child >= len(ds.Children) {
				return nil, fmt.Errorf("report: %s: seat child index %d outside 0–%d", lr.Level, s.Child, len(ds.Children)-1)
			}
		}
		lv := &levelView{lr: lr, lm: m.Levels[string(lr.Level)], name: lr.Level.Chinese(),
			byIndex: map[int]*engine.SchoolMetrics{}}
		for _, sm := range m.Schools {
			if sm.Level == string(lr.Level) {
				lv.schools = append(lv.schools, sm)
			}
		}
		for i := range lv.schools {
			if j := ds.SchoolIndex(lv.schools[i].SchoolID); j >= 0 {
				lv.byIndex[j] = &lv.schools[i]
			}
		}
		v.levels = append(v.levels, lv)
	}
	if res.Units != nil {
		if err := checkUnits(res); err != nil {
			return nil, err
		}
		v.units = true
	}
	if v.units && len(ds.Zones) > 0 {
		moves, err := res.Moves()
		if err != nil {
			return nil, fmt.Errorf("report: moves: %w", err)
		}
		v.inForce, v.moves = true, moves
	}
	v.geom = v.newMapGeom()
	return v, nil
}

// checkUnits checks what Moves, Descriptions and the changed areas read:
// each household's unit, each unit's homes, each level's plan, zones and
// zones in force, and each entrant's household.
func checkUnits(res *engine.Result) error {
	ds, us := res.Dataset, res.Units
	nu := len(us.Units)
	if len(us.HomeUnit) != len(ds.Households) {
		return fmt.Errorf("report: %d home units for %d households", len(us.HomeUnit), len(ds.Households))
	}
	for h, u := range us.HomeUnit {
		if u < 0 || u >= nu {
			return fmt.Errorf("report: household %d in unit %d outside 0–%d", h, u, nu-1)
		}
	}
	for u := range us.Units {
		for _, h := range us.Units[u].Homes {
			if h < 0 || h >= len(ds.Households) {
				return fmt.Errorf("report: unit %d holds household %d outside 0–%d", u, h, len(ds.Households)-1)
			}
		}
	}
	for _, lr := range res.Levels {
		nz := len(lr.Zones)
		for z, zn := range lr.Zones {
			members := zn.Schools
			if len(members) == 0 {
				return fmt.Errorf("report: %s: zone %d has no school", lr.Level, z)
			}
			for _, j := range members {
				if j < 0 || j >= len(ds.Schools) {
					return fmt.Errorf("report: %s: zone %d school index %d outside 0–%d", lr.Level, z, j, len(ds.Schools)-1)
				}
			}
		}
		for k := range lr.Zoned {
			if z := lr.Zoned[k].Zone; z < 0 || z >= nz {
				return fmt.Errorf("report: %s: zoned school %d in zone %d outside 0–%d", lr.Level, k, z, nz-1)
			}
		}
		if err := lr.CheckPlan(nu); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		for _, ci := range lr.Entrants {
			if ci < 0 || ci >= len(ds.Children) || ds.HouseholdIndex(ds.Children[ci].HouseholdID) < 0 {
				return fmt.Errorf("report: %s: entrant %d has no household", lr.Level, ci)
			}
		}
	}
	return nil
}

// sectionName names school j's section of level l: 呼图壁县第三中学小学部
// for a campus of two sections (dataset.School.SectionName), else the
// school's name; "" for an index out of range.
func (v *view) sectionName(j int, l dataset.Level) string {
	if j < 0 || j >= len(v.ds.Schools) {
		return ""
	}
	return v.ds.Schools[j].SectionName(l)
}

// sectionOf names the section of a school's metrics (sectionName), or
// the metrics' name for a school the dataset does not have.
func (v *view) sectionOf(sm *engine.SchoolMetrics) string {
	if j := v.ds.SchoolIndex(sm.SchoolID); j >= 0 {
		return v.sectionName(j, dataset.Level(sm.Level))
	}
	return sm.Name
}

// zoneName names zone z of a level by its schools (一小、二小 for a
// multi-school zone); none when z is -1.
func (v *view) zoneName(lr *engine.LevelResult, z int, none string) string {
	if z < 0 || z >= len(lr.Zones) {
		return none
	}
	var b strings.Builder
	for i, j := range lr.Zones[z].Schools {
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(v.sectionName(j, lr.Level))
	}
	return b.String()
}

// level returns the view of a level, nil when the run has none.
func (v *view) level(l string) *levelView {
	for _, lv := range v.levels {
		if string(lv.lr.Level) == l {
			return lv
		}
	}
	return nil
}

// capacity returns the level's intake places of school j, 0 when unknown.
func (lv *levelView) capacity(j int) int {
	if j >= 0 && j < len(lv.lr.Schools) {
		return lv.lr.Schools[j].Capacity
	}
	return 0
}

// entrants returns the entrants seated at school j, from the metrics.
func (lv *levelView) entrants(j int) int {
	if sm := lv.byIndex[j]; sm != nil {
		return sm.Entrants
	}
	return 0
}
