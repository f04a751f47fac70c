package report

import (
	"html/template"
	"strconv"
	"strings"
)

// concentrationTmpl is the section of the migrant entrants' concentration
// across schools (metrics.json levels.L.concentration), parsed with
// report.tmpl.
const concentrationTmpl = `{{define "concentration" -}}
<p class="lead">随迁子女新生在各校的分布，按实际入学的学校统计（含自主选择民办学校，不含未安置）。分布差异指数（相异指数）= ½ × Σ |某校该类新生占本学段该类新生的比例 − 该校其他新生占本学段其他新生的比例|：0 表示各校比例相同，1 表示完全分开；其值即为使各校比例一致需要换校的该类新生比例。隔离指数 = Σ（某校该类新生占该类新生的比例 × 该类新生在该校新生中的比例），即该类新生平均所在学校中同类新生的比例，均匀分布时等于本学段的比例。比例超过本学段两倍的学校单独列出。定义与出处见 <code>docs/policy.md</code>。</p>
{{range .Levels}}<h3>{{.Name}}（新生 {{.Entrants}} 人，{{.Schools}} 所学校）</h3>
<div class="tablewrap"><table class="concentration">
<thead><tr><th>新生</th><th>人数</th><th>占新生比例</th><th>分布差异指数</th><th>隔离指数</th><th>比例超过本学段两倍的学校</th></tr></thead>
<tbody>
{{range .Rows}}<tr><th scope="row">{{.Name}}</th><td class="n">{{.Entrants}}</td><td class="n">{{.Share}}</td><td class="n">{{.D}}</td><td class="n">{{.X}}</td><td>{{.Schools}}</td></tr>
{{end}}</tbody></table></div>
{{end}}
{{- end}}`

type concentrationView struct {
	Levels []concentrationLevel
}

type concentrationLevel struct {
	Name              string
	Entrants, Schools int
	Rows              []concentrationRow
}

type concentrationRow struct {
	Name, Share, D, X, Schools string
	Entrants                   int
}

// concentrationData shows each level's concentration; nil (no section)
// when no level has a migrant entrant.
func concentrationData(v *view, _ *template.Template) (any, error) {
	var out concentrationView
	found := false
	for _, lv := range v.levels {
		c := lv.lm.Concentration
		if c == nil {
			continue
		}
		cl := concentrationLevel{Name: lv.name, Entrants: c.Entrants, Schools: c.Schools}
		for _, g := range c.Groups {
			found = found || g.Entrants > 0
			r := concentrationRow{Name: g.Group.Chinese(), Entrants: g.Entrants, Share: pct(g.Share), D: index(g.Dissimilarity),
				X: index(g.Isolation), Schools: none}
			var names []string
			for _, s := range g.Concentrated {
				names = append(names, s.Name+"（"+strconv.Itoa(s.Group)+"/"+strconv.Itoa(s.Entrants)+"，"+pctOf(s.Share)+"）")
			}
			if len(names) > 0 {
				r.Schools = strings.Join(names, "；")
			}
			cl.Rows = append(cl.Rows, r)
		}
		out.Levels = append(out.Levels, cl)
	}
	if !found {
		return nil, nil
	}
	return out, nil
}

// index formats an index 0–1 with three decimals, "—" when undefined.
func index(v *float64) string {
	if v == nil {
		return none
	}
	return strconv.FormatFloat(*v, 'f', 3, 64)
}
