package report

import (
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/geo/roads"
)

// The checks along the roads, for a run that measures routes (metrics.json
// levels.L.route): the rural walking time, long detours, at-grade
// crossings of railways and expressways, and the zones a barrier cuts.
// They are planning information (参考), not standards that pass or fail,
// as the service radius; their counts are the metrics', never recounted.

// barrierWords names a barrier kind for a barrier without a name.
var barrierWords = map[string]string{
	string(roads.River):    "河流",
	string(roads.Canal):    "渠道",
	string(roads.Motorway): "高速公路",
	string(roads.Trunk):    "国道",
	string(roads.Railway):  "铁路",
}

// routeChecks are the checks along the roads of every level whose metrics
// have them; none for a straight-line run.
func (v *view) routeChecks() []check {
	var out []check
	for _, lv := range v.levels {
		if rm := lv.lm.Route; rm != nil && rm.WalkLimitMin > 0 {
			out = append(out, v.walkCheck(lv, rm))
		}
	}
	for _, lv := range v.levels {
		if rm := lv.lm.Route; rm != nil {
			out = append(out, detourCheck(lv, rm))
		}
	}
	for _, lv := range v.levels {
		if rm := lv.lm.Route; rm != nil {
			out = append(out, atGradeCheck(lv, rm))
		}
	}
	for _, lv := range v.levels {
		if rm := lv.lm.Route; rm != nil {
			out = append(out, v.straddleCheck(lv, rm))
		}
	}
	return out
}

// walkCheck is the rural walking time (农村小学步行时间): the entrants seated
// at rural schools and those of them whose walk is longer than
// policy.rural_walk_min at policy.walk_speed_m_per_min.
func (v *view) walkCheck(lv *levelView, rm *engine.RouteMetrics) check {
	limit := strconv.FormatFloat(rm.WalkLimitMin, 'f', -1, 64)
	speed := strconv.FormatFloat(v.pol.WalkSpeedMPerMin, 'f', -1, 64)
	c := newCheck("农村"+lv.name+"步行时间", "农村"+lv.name+"生步行上学单程不超过 "+limit+" 分钟 (按每分钟步行 "+speed+" 米计，规划参考)")
	if rm.RuralEntrants == 0 {
		c.set(statusNoData, "没有在农村学校就读的"+lv.name+"新生。")
		return c
	}
	walk := ""
	if v.pol.WalkSpeedMPerMin > 0 {
		walk = " (约 " + metresNumOf(rm.WalkLimitMin*v.pol.WalkSpeedMPerMin) + " 米)"
	}
	s := "在农村学校就读的" + lv.name + "新生 " + strconv.Itoa(rm.RuralEntrants) + " 人中，" + strconv.Itoa(rm.BeyondWalkLimit) +
		" 人沿道路步行超过 " + limit + " 分钟" + walk
	if rm.BeyondWalkLimit > 0 {
		s += "，占 " + pctOf(float64(rm.BeyondWalkLimit)/float64(rm.RuralEntrants)) + "，宜安排校车、寄宿或就近设点。"
	} else {
		s += "。"
	}
	c.set(statusInfo, s)
	return c
}

// detourCheck is the long detours (绕行): walks at least DetourRatio times
// the straight line and longer than the service radius.
func detourCheck(lv *levelView, rm *engine.RouteMetrics) check {
	ratio := strconv.FormatFloat(rm.DetourRatio, 'f', -1, 64)
	radius := metresNum(&lv.lm.ServiceRadiusM)
	c := newCheck("绕行 ("+lv.name+")", "步行距离不超过直线距离的 "+ratio+" 倍，或不超过服务半径 "+radius+" 米 (规划参考)")
	s := strconv.Itoa(rm.LongDetours) + " 名已安置" + lv.name + "新生上学需绕行：沿道路步行距离是直线距离的 " + ratio +
		" 倍以上，且超过 " + radius + " 米 (多因河流、铁路、高速公路阻隔)。"
	if rm.LongDetours == 0 {
		s = "没有已安置" + lv.name + "新生的步行距离是直线距离的 " + ratio + " 倍以上且超过 " + radius + " 米。"
	}
	if rm.BeyondReach > 0 {
		s += "另有 " + strconv.Itoa(rm.BeyondReach) + " 人从家沿道路到不了学校 (道路数据中没有连通的道路)。"
	}
	c.set(statusInfo, s)
	return c
}

// atGradeCheck is the walks that cross a railway or an expressway on its
// level (平交道口).
func atGradeCheck(lv *levelView, rm *engine.RouteMetrics) check {
	c := newCheck("平交道口 ("+lv.name+")", "上学路线经桥梁、地道穿越铁路和高速公路，不走平交道口 (规划参考)")
	if rm.AtGrade == 0 {
		c.set(statusInfo, "没有已安置"+lv.name+"新生的上学路线在平交道口穿越铁路或高速公路。")
		return c
	}
	c.set(statusInfo, strconv.Itoa(rm.AtGrade)+" 名已安置"+lv.name+"新生的上学路线在平交道口穿越铁路或高速公路，宜设看护或改走立交通道。")
	return c
}

// straddleCheck names the zones that a barrier cuts with no crossing of it
// inside the zone (片区跨越障碍).
func (v *view) straddleCheck(lv *levelView, rm *engine.RouteMetrics) check {
	c := newCheck("片区跨越障碍 ("+lv.name+")", "片区不跨越没有通道的河流、铁路、高速公路 (规划参考)")
	for _, st := range rm.Straddling {
		var names []string
		for _, id := range st.Schools {
			if j := v.ds.SchoolIndex(id); j >= 0 {
				names = append(names, v.sectionName(j, lv.lr.Level))
			} else {
				names = append(names, id)
			}
		}
		var bs []string
		for _, b := range st.Barriers {
			if w, ok := barrierWords[b]; ok {
				b = w
			}
			bs = append(bs, b)
		}
		d := strings.Join(names, "、") + "片区：" + strings.Join(bs, "、")
		if st.Households > 0 {
			d += "（隔障碍 " + strconv.Itoa(st.Households) + " 户）"
		}
		c.Details = append(c.Details, d)
	}
	if len(c.Details) == 0 {
		c.set(statusInfo, "没有"+lv.name+"片区被片区内无通道的河流、铁路或公路分隔。")
		return c
	}
	c.set(statusInfo, strconv.Itoa(len(c.Details))+" 个"+lv.name+"片区被河流、铁路或公路分隔，片区内没有穿越通道，另一侧的儿童需绕行：")
	return c
}

// metresNumOf is metresNum of a value.
func metresNumOf(m float64) string { return metresNum(&m) }
