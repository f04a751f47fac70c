package report

import (
	"html/template"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine"
)

func TestFeedersSection(t *testing.T) {
	one := 1.0
	nested, free, cost, bound := 1200.0, 1000.0, 200.0, 950.0
	gap, gapFree := nested/bound-1, free/bound-1
	m := engine.Metrics{
		Levels: map[string]engine.LevelMetrics{"primary": {Nesting: &engine.NestingMetrics{Distance: engine.DistanceRoute,
			NestedMeanM: &nested, UnnestedMeanM: &free, CostM: &cost, LowerBoundM: &bound, Gap: &gap, GapUnnested: &gapFree,
			OverNested: 3, StraddlingUnnest: 2, Merged: []string{"第三中学（新生 40 人）"}}}},
		Feeders: []engine.FeederMetrics{
			{SchoolID: "p1", Name: "第一小学", JuniorID: "j1", JuniorName: "第一中学", Source: engine.FeederColumn, Entrants: 40, Share: &one},
			{SchoolID: "p2", Name: "第二小学", Source: engine.FeederPlan, Entrants: 0},
		},
		FeederSplits: []engine.FeederSplit{{SchoolID: "p3", Name: "第三小学", Entrants: 30,
			Juniors: []engine.FeederSplitShare{{Name: "第一中学", Entrants: 15}, {Name: "第二中学", Entrants: 15}}}},
	}
	data, err := feedersData(&view{m: m}, nil)
	if err != nil {
		t.Fatal(err)
	}
	html := string(data.(template.HTML))
	for _, want := range []string{
		`<th scope="row">第一小学</th><td>第一中学</td><td>学校表</td><td class="n">40</td><td class="n">100.0%</td>`,
		`<th scope="row">第二小学</th><td>—</td><td>划片</td><td class="n">0</td><td class="n">—</td>`,
		"平均步行距离",
		`<th scope="row">嵌套</th><td class="n">1200 m</td><td class="n">—</td><td class="n">&#43;26.3%</td><td class="n">3</td>`,
		`<th scope="row">不嵌套</th><td class="n">1000 m</td><td class="n">950 m</td><td class="n">&#43;5.3%</td><td class="n">0</td>`,
		"平均距离增加 200 m；不嵌套时有 2 个小学片区跨初中片区",
		"第三中学（新生 40 人）",
		"<li>第三小学（新生 30 人）：第一中学 15 人，第二中学 15 人</li>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("section lacks %q:\n%s", want, html)
		}
	}
	if data, _ := feedersData(&view{}, nil); data != nil {
		t.Errorf("a run without a 对口 table got a section")
	}
}
