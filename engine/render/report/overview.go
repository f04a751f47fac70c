package report

import (
	"html/template"
	"strconv"
)

// figure is one headline figure.
type figure struct {
	Label string // Chinese, with the technical term in parentheses where useful
	Value string
	Note  string // small print under the value
	Class string // "", "ok", "bad"
}

type levelCard struct {
	Level, Name string
	Figures     []figure
}

type overviewView struct {
	County    string
	Year      int
	Schools   int
	Homes     int
	Children  int
	Units     int
	Cards     []levelCard
	Resolving string // the H3 resolution, "" when unknown
}

func overviewData(v *view, _ *template.Template) (any, error) {
	o := overviewView{County: countyTitle(v.ds.Meta.Name), Year: v.res.Year, Schools: len(v.ds.Schools),
		Homes: len(v.ds.Households), Children: len(v.ds.Children)}
	if u := v.res.Units; u != nil {
		o.Units = len(u.Units)
		o.Resolving = strconv.Itoa(u.Resolution)
	}
	for _, lv := range v.levels {
		lm := lv.lm
		c := levelCard{Level: string(lv.lr.Level), Name: lv.name}
		add := func(label, value, note, class string) {
			c.Figures = append(c.Figures, figure{label, value, note, class})
		}
		add("新生人数", strconv.Itoa(lm.Entrants), lv.lr.Level.Chinese()+"起始年级新生", "")
		short := lm.Entrants - lm.IntakeCapacity
		note := "学位富余 " + strconv.Itoa(-short)
		if short > 0 {
			note = "学位缺口 " + strconv.Itoa(short)
		}
		add("招生计划", strconv.Itoa(lm.IntakeCapacity), note, "")
		cls := "ok"
		if lm.Unplaced > 0 {
			cls = "bad"
		}
		add("未安置", strconv.Itoa(lm.Unplaced), "无学位可安排的新生", cls)
		add("划片入学比例", pct(lm.ZonedRatio), "全部新生中在本片区学校入学的比例", "")
		cls = ""
		if lm.PolicyNearbyRatio != nil {
			cls = "ok"
			if !meets(*lm.PolicyNearbyRatio, lm.NearbyTarget) {
				cls = "bad"
			}
		}
		add("就近入学比例", pct(lm.PolicyNearbyRatio),
			"目标 "+pctTarget(lm.NearbyTarget)+"；城区、镇区公办非寄宿学校新生 "+strconv.Itoa(lm.PolicyEntrants)+" 人", cls)
		add("平均上学距离", metres(lm.MeanDistanceM), "家到学校直线距离；90% 分位 "+metres(lm.P90DistanceM), "")
		add("理论下界", metres(lm.LowerBoundM), "只受学位限制的最优平均距离 (见下)", "")
		add("与下界差距", signedPct(lm.GapToLowerBound), "平均距离 ÷ 下界 − 1", "")
		if v.inForce {
			moved := 0
			for _, mv := range v.moves {
				if mv.Level == lv.lr.Level {
					moved++
				}
			}
			share := none
			if lm.Entrants > 0 {
				share = pctOf(float64(moved) / float64(lm.Entrants))
			}
			add("片区调整", strconv.Itoa(moved), "片区学校与现行片区不同的新生，占 "+share, "")
		}
		add("连片片区", strconv.Itoa(lm.ContiguousZones)+" / "+strconv.Itoa(lm.Zones), "片区由一整块组成的个数", "")
		add("超出服务半径", pct(lm.BeyondRadiusShare), "服务半径 "+metresNum(&lm.ServiceRadiusM)+" 米 (参考)", "")
		o.Cards = append(o.Cards, c)
	}
	return o, nil
}

// meets reports whether a share reaches a target, allowing for the rounding
// of a ratio of counts (a target of 95% is met by 19/20 whatever the float).
func meets(share, target float64) bool {
	return share >= target-1e-9
}
