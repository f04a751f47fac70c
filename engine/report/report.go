package report

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
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
	}).Parse(tmplText)
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
	build     func(v *view, t *template.Template) (any, error) // data of the template named id
}

// sections lists the page's sections in order. A later section is one more
// entry here and one more {{define}} in report.tmpl.
var sections = []builder{
	{"overview", "概况", overviewData},
	{"maps", "片区与学校分布图", mapsData},
	{"schools", "学校明细", schoolsData},
	{"checks", "标准核查 (POLICY)", checksData},
	{"charts", "学位利用与上学距离", chartsData},
}

// view is the run as the sections read it.
type view struct {
	res    *engine.Result
	m      engine.Metrics
	ds     *dataset.Dataset
	pol    config.Policy
	levels []*levelView
}

// levelView is one level with its metrics.
type levelView struct {
	lr      *engine.LevelResult
	lm      engine.LevelMetrics
	name    string                 // 小学 or 初中
	schools []engine.SchoolMetrics // the level's entries of Metrics.Schools, in their order
	byIndex map[int]*engine.SchoolMetrics
}

// HTML renders the report of a run with its metrics (res.Metrics()). It
// fails on a result whose indexes do not fit its dataset, never panics.
func HTML(res *engine.Result, m engine.Metrics) ([]byte, error) {
	v, err := newView(res, m)
	if err != nil {
		return nil, err
	}
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	p := pageData{
		Title:    fmt.Sprintf("%s %d 学年义务教育招生划片报告", v.ds.Meta.Name, res.Year),
		Subtitle: fmt.Sprintf("%d 学年 (%d 年 9 月 — %d 年 7 月) 一年级、七年级新生入学片区调整", res.Year, res.Year, res.Year+1),
		CSS:      template.CSS(styleText),
		JS:       template.JS(scriptText),
	}
	for _, s := range sections {
		data, err := s.build(v, t)
		if err != nil {
			return nil, err
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
		for _, j := range lr.Zoned {
			if !inRange(j) {
				return nil, fmt.Errorf("report: %s: zoned school index %d outside 0–%d", lr.Level, j, n-1)
			}
		}
		if len(lr.Zones) > len(lr.Zoned) {
			return nil, fmt.Errorf("report: %s: %d zones for %d zoned schools", lr.Level, len(lr.Zones), len(lr.Zoned))
		}
		if len(lr.Capacity) != 0 && len(lr.Capacity) != n {
			return nil, fmt.Errorf("report: %s: %d capacities for %d schools", lr.Level, len(lr.Capacity), n)
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
	return v, nil
}

// capacity returns the level's intake places of school j, 0 when unknown.
func (lv *levelView) capacity(j int) int {
	if j >= 0 && j < len(lv.lr.Capacity) {
		return lv.lr.Capacity[j]
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
