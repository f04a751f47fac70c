package report

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/hutubi-edu/zoning/engine"
)

// The 对口 section: each primary school and the junior school it feeds
// (小学对口初中), the primary zones that straddle junior zones, and with
// --nest what nesting costs. It renders its own template (feedersTmpl)
// into HTML; report.tmpl's "feeders" only writes it out.

const feedersTmpl = `<p class="lead">小学对口初中：每所小学的毕业生升入的初中。来源“学校表”为 <code>schools.csv</code> 的 <code>feeds</code> 列；“划片”为小学片区内新生最多居住的初中片区；“校址”为嵌套划片时小学校址所在的初中片区；“最近”为校址不在任何初中片区时最近的初中。比例为该小学片区新生中居住在对口初中片区内的比例。</p>
<div class="tablewrap"><table class="feeders">
<thead><tr><th>小学</th><th>对口初中</th><th>来源</th><th>片区新生</th><th>在对口初中片区内</th></tr></thead>
<tbody>
{{range .Rows}}<tr><th scope="row">{{.Primary}}</th><td>{{.Junior}}</td><td>{{.Source}}</td><td class="n">{{.Entrants}}</td><td class="n">{{.Share}}</td></tr>
{{end}}</tbody></table></div>
{{with .Nesting}}<h3>嵌套划片的代价</h3>
<p class="lead">每个小学片区都在其对口初中的片区之内（--nest）。距离为新生家到片区学校的平均{{.Distance}}；下界为不划片时的运输问题最优解，嵌套下界为各初中片区的新生只进其对口小学时的最优解。</p>
<div class="tablewrap"><table class="nesting">
<thead><tr><th></th><th>平均距离</th><th>下界</th><th>与下界之差</th><th>超出学位的新生</th></tr></thead>
<tbody>
<tr><th scope="row">嵌套</th><td class="n">{{.NestedMean}}</td><td class="n">{{.NestedBound}}</td><td class="n">{{.Gap}}</td><td class="n">{{.OverNested}}</td></tr>
<tr><th scope="row">不嵌套</th><td class="n">{{.FreeMean}}</td><td class="n">{{.Bound}}</td><td class="n">{{.GapFree}}</td><td class="n">{{.OverFree}}</td></tr>
</tbody></table></div>
<p>嵌套使每名新生的平均距离增加 {{.Cost}}；不嵌套时有 {{.Straddling}} 个小学片区跨初中片区。{{with .Merged}}没有小学对口的初中片区与相邻片区一并划分：{{.}}。{{end}}{{if .DroppedPins}}{{.DroppedPins}} 个锁定单元所锁学校不在该单元的初中片区内，未予保留。{{end}}</p>
{{end}}{{if .Splits}}<h3>跨初中片区的小学片区</h3>
<p class="lead">这些小学片区的新生分属不同初中片区，七年级时同班同学将分开。用 <code>--nest</code> 可使每个小学片区只在一个初中片区内。完整列表见 <code>metrics.json</code> 的 <code>feeder_splits</code>。</p>
<ul class="splits">
{{range .Splits}}<li>{{.}}</li>
{{end}}</ul>{{end}}`

type feedersView struct {
	Rows    []feederRow
	Nesting *nestingView
	Splits  []string
}

type feederRow struct {
	Primary, Junior, Source string
	Entrants                int
	Share                   string
}

type nestingView struct {
	Distance                                      string
	NestedMean, FreeMean, NestedBound             string
	Bound, Gap, GapFree, Cost, Merged             string
	OverNested, OverFree, Straddling, DroppedPins int
}

// FeederSourceName is the Chinese name of a feeder's source
// (engine.Feeder.Source) as the report and the meeting pack write it.
func FeederSourceName(s string) string {
	switch s {
	case engine.FeederColumn:
		return "学校表"
	case engine.FeederPlan:
		return "划片"
	case engine.FeederCampus:
		return "校址"
	case engine.FeederNear:
		return "最近"
	}
	return s
}

// feedersData renders the 对口 section; nil (no section) without a
// primary school with a zone in a run of both levels.
func feedersData(v *view, _ *template.Template) (any, error) {
	if len(v.m.Feeders) == 0 {
		return nil, nil
	}
	var fv feedersView
	for _, f := range v.m.Feeders {
		r := feederRow{Primary: f.Name, Junior: f.JuniorName, Source: FeederSourceName(f.Source), Entrants: f.Entrants, Share: pct(f.Share)}
		if r.Junior == "" {
			r.Junior = none
		}
		fv.Rows = append(fv.Rows, r)
	}
	if lm, ok := v.m.Levels["primary"]; ok && lm.Nesting != nil {
		n := lm.Nesting
		dist := "直线距离"
		if n.Distance == engine.DistanceRoute {
			dist = "步行距离"
		}
		fv.Nesting = &nestingView{Distance: dist, NestedMean: metres(n.NestedMeanM), FreeMean: metres(n.UnnestedMeanM),
			NestedBound: metres(n.NestedLowerBoundM), Bound: metres(n.LowerBoundM), Gap: signedPct(n.Gap), GapFree: signedPct(n.GapUnnested),
			Cost: metres(n.CostM), Merged: strings.Join(n.Merged, "、"), OverNested: n.OverNested, OverFree: n.OverUnnested,
			Straddling: n.StraddlingUnnest, DroppedPins: n.DroppedPins}
	}
	for _, s := range v.m.FeederSplits {
		var parts []string
		for _, j := range s.Juniors {
			parts = append(parts, fmt.Sprintf("%s %d 人", j.Name, j.Entrants))
		}
		fv.Splits = append(fv.Splits, fmt.Sprintf("%s（新生 %d 人）：%s", s.Name, s.Entrants, strings.Join(parts, "，")))
	}
	t, err := template.New("feeders").Parse(feedersTmpl)
	if err != nil {
		return nil, fmt.Errorf("report: feeders template: %w", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, fv); err != nil {
		return nil, fmt.Errorf("report: feeders: %w", err)
	}
	return template.HTML(b.String()), nil
}
