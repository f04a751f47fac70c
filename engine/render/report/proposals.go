package report

import (
	"fmt"
	"html/template"
	"math"
	"strconv"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// proposalsTmpl is the section of the multi-school zones the run proposes
// (metrics.json share_proposals), parsed with report.tmpl.
const proposalsTmpl = `{{define "proposals" -}}
<p class="lead">以下学校的就近生源（按离家最近的学校划分，{{.Metric}}）超过招生计划的 {{.Threshold}} 倍，建议与相邻学校实行多校划片、随机派位：相邻学校按离该校由近到远依次加入，直到其富余学位容纳溢出的生源。本次划片结果未作改变；如采纳，将输出文件 <code>{{.File}}</code> 作为 <code>--locks</code> 传入重新划片。录取率与平均距离为估算：按本次随机种子，在就近划分上模拟一次派位。</p>
{{range .Zones}}<h3>{{.LevelName}} · {{.ZoneID}}</h3>
<p>{{.Name}}就近生源 {{.Demand}} 人，招生计划 {{.Intake}} 人，为 {{.Ratio}} 倍{{if .Short}}；相邻学校的富余学位仍差 {{.Short}} 个{{end}}。</p>
<div class="tablewrap"><table class="proposal">
<thead><tr><th>学校</th><th>就近生源</th><th>招生计划</th><th>富余学位</th><th>距该校</th></tr></thead>
<tbody>
{{range .Schools}}<tr><th scope="row">{{.Name}}</th><td class="n">{{.Demand}}</td><td class="n">{{.Intake}}</td><td class="n">{{.Spare}}</td><td class="n">{{.Apart}}</td></tr>
{{end}}</tbody></table></div>
<div class="tablewrap"><table class="proposal">
<thead><tr><th>新生</th><th>片区内人数</th><th>以{{.Name}}为第一志愿</th><th>{{.Name}}录取</th><th>录取率</th><th>片区内入学</th></tr></thead>
<tbody>
{{range .Priorities}}<tr><th scope="row">{{.Name}}</th><td class="n">{{.InZone}}</td><td class="n">{{.Applicants}}</td><td class="n">{{.Admitted}}</td><td class="n">{{.Odds}}</td><td class="n">{{.Seated}}</td></tr>
{{end}}</tbody></table></div>
<p class="hint">片区内 {{.Entrants}} 名新生的平均上学距离（估算）：本次划片 {{.Redraw}}；多校划片 {{.Shared}}（就近划分、不共享时 {{.Single}}）。{{.Saved}}</p>
{{end}}
{{- end}}`

type proposalsView struct {
	Metric, Threshold, File string
	Zones                   []proposalZone
}

type proposalZone struct {
	LevelName, ZoneID, Name string
	Demand, Intake, Short   int
	Ratio                   string
	Schools                 []proposalSchool
	Priorities              []proposalPriority
	Entrants                int
	Redraw, Single, Shared  string
	Saved                   string // the saving or the cost in words
}

type proposalSchool struct {
	Name                  string
	Demand, Intake, Spare int
	Apart                 string
}

type proposalPriority struct {
	Name                                 string
	InZone, Applicants, Admitted, Seated int
	Odds                                 string
}

// proposalsData shows the multi-school zones the run proposes; nil (no
// section) when it proposes none.
func proposalsData(v *view, _ *template.Template) (any, error) {
	if len(v.m.ShareProposals) == 0 {
		return nil, nil
	}
	out := proposalsView{Metric: "直线距离", File: engine.ProposedLocksFile,
		Threshold: strconv.FormatFloat(v.m.ShareProposals[0].Threshold, 'f', -1, 64)}
	if v.m.Distance == engine.DistanceRoute {
		out.Metric = "沿道路步行距离"
	}
	for _, pm := range v.m.ShareProposals {
		z := proposalZone{LevelName: pm.Level, ZoneID: pm.ZoneID, Name: pm.Name, Short: pm.Short,
			Ratio: strconv.FormatFloat(pm.Ratio, 'f', 2, 64), Entrants: pm.Distance.Entrants}
		if lv := v.level(pm.Level); lv != nil {
			z.LevelName = lv.name
		}
		for i, s := range pm.Schools {
			name := s.Name
			if sc := v.ds.School(s.SchoolID); sc != nil {
				name = sc.SectionName(dataset.Level(pm.Level))
			}
			if i == 0 {
				z.Name, z.Demand, z.Intake = name, s.NearbyDemand, s.IntakeCapacity
			}
			ps := proposalSchool{Name: name, Demand: s.NearbyDemand, Intake: s.IntakeCapacity,
				Spare: s.IntakeCapacity - s.NearbyDemand, Apart: none}
			if i > 0 {
				ps.Apart = metres(&s.ApartM)
			}
			z.Schools = append(z.Schools, ps)
		}
		for p, name := range []string{"户籍", "居住证", "其他随迁"} {
			z.Priorities = append(z.Priorities, proposalPriority{Name: name, InZone: pm.InZone[p], Applicants: pm.Applicants[p],
				Admitted: pm.Admitted[p], Seated: pm.Seated[p], Odds: pct(pm.Odds[p])})
		}
		d := pm.Distance
		z.Redraw, z.Single, z.Shared = metres(&d.RedrawM), metres(&d.SingleM), metres(&d.SharedM)
		switch saved := math.Round(d.SavedM); {
		case saved > 0:
			z.Saved = fmt.Sprintf("多校划片每人平均少走 %.0f 米。", saved)
		case saved < 0:
			z.Saved = fmt.Sprintf("多校划片每人平均多走 %.0f 米：其好处在于就近生源都有机会入读该校，而非距离。", -saved)
		default:
			z.Saved = "平均距离不变。"
		}
		out.Zones = append(out.Zones, z)
	}
	return out, nil
}
