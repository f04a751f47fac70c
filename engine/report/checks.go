package report

import (
	"html/template"
	"math"
	"strconv"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Status of a check.
const (
	statusPass   = "pass"
	statusFail   = "fail"
	statusInfo   = "info"
	statusNoData = "nodata"
)

var statusText = map[string]string{
	statusPass:   "达标",
	statusFail:   "未达标",
	statusInfo:   "参考",
	statusNoData: "无数据",
}

// check is one POLICY.md check with its numbers in words.
type check struct {
	Name       string
	Standard   string
	Status     string
	StatusText string
	Summary    string
	Details    []string // one sentence per failure: "县二小: 在校生 2130 > 2000"
}

type checksView struct {
	Checks       []check
	Pass, Fail   int
	Unavailable  int
	ResourceNote string
}

func newCheck(name, standard string) check { return check{Name: name, Standard: standard} }

func (c *check) set(status, summary string) {
	c.Status, c.StatusText, c.Summary = status, statusText[status], summary
}

func checksData(v *view, _ *template.Template) (any, error) {
	var out checksView
	add := func(c check) {
		switch c.Status {
		case statusPass:
			out.Pass++
		case statusFail:
			out.Fail++
		case statusNoData:
			out.Unavailable++
		}
		out.Checks = append(out.Checks, c)
	}
	for _, lv := range v.levels {
		add(nearbyCheck(lv))
	}
	add(v.schoolSizeCheck())
	for _, lv := range v.levels {
		add(classSizeCheck(lv))
	}
	add(v.roomsCheck())
	for _, lv := range v.levels {
		add(placesCheck(lv))
	}
	add(v.entrantShareCheck("随迁子女入学", "持居住证的随迁子女在公办学校或政府购买学位就读 ≥ "+pctTarget(v.pol.MigrantPublicShare),
		v.pol.MigrantPublicShare, "持居住证随迁子女", func(h *dataset.Household, _ *dataset.Child) bool {
			return h.Hukou == dataset.Migrant && h.Permit
		}))
	add(v.entrantShareCheck("残疾儿童少年入学", "残疾儿童少年入学率 ≥ "+pctTarget(v.pol.DisabilityEnrolment),
		v.pol.DisabilityEnrolment, "残疾儿童", func(_ *dataset.Household, c *dataset.Child) bool {
			return c.Disability
		}))
	for _, lv := range v.levels {
		add(radiusCheck(lv))
	}
	out.ResourceNote = "生均资源配置七项指标及校际差异系数需学校的面积、教师、设备数据，本报告暂未核查。"
	return out, nil
}

// nearbyCheck is the nearby ratio of a level against its target.
func nearbyCheck(lv *levelView) check {
	lm := lv.lm
	c := newCheck("就近划片入学比例 ("+lv.name+")", "城区、镇区公办非寄宿学校新生在片区学校入学 ≥ "+pctTarget(lm.NearbyTarget))
	if lm.PolicyNearbyRatio == nil || lm.PolicyEntrants == 0 {
		c.set(statusNoData, "没有在城区、镇区公办非寄宿学校入学的"+lv.name+"新生。")
		return c
	}
	r := *lm.PolicyNearbyRatio
	n := lm.PolicyEntrants
	k := int(math.Round(r * float64(n)))
	s := "城区、镇区公办非寄宿学校" + lv.name + "新生 " + strconv.Itoa(n) + " 人中 " + strconv.Itoa(k) +
		" 人在本片区学校入学，占 " + pctOf(r)
	if meets(r, lm.NearbyTarget) {
		c.set(statusPass, s+"，达到目标 "+pctTarget(lm.NearbyTarget)+"。")
	} else {
		c.set(statusFail, s+"，低于目标 "+pctTarget(lm.NearbyTarget)+"；"+strconv.Itoa(n-k)+" 人因片区学校学位不足统筹安排到其他学校。")
	}
	return c
}

// schoolSizeCheck compares every campus's students with its size limit.
func (v *view) schoolSizeCheck() check {
	c := newCheck("校额 (school size)", "每校在校生 ≤ "+strconv.Itoa(v.pol.SchoolSize)+" 人，九年一贯制 ≤ "+
		strconv.Itoa(v.pol.SchoolSizeNineYear)+" 人")
	seen := map[string]bool{}
	n, biggest := 0, 0
	biggestName := ""
	for i := range v.m.Schools {
		sm := &v.m.Schools[i]
		if seen[sm.SchoolID] || sm.CampusCap <= 0 {
			continue
		}
		seen[sm.SchoolID] = true
		n++
		if sm.CampusTotal > biggest {
			biggest, biggestName = sm.CampusTotal, sm.Name
		}
		if campusOver(sm) {
			c.Details = append(c.Details, sm.Name+": 在校生 "+strconv.Itoa(sm.CampusTotal)+" > "+strconv.Itoa(sm.CampusCap))
		}
	}
	switch {
	case n == 0:
		c.set(statusNoData, "没有学校数据。")
	case len(c.Details) == 0:
		c.set(statusPass, "全部 "+strconv.Itoa(n)+" 所学校在校生均未超过校额上限；最多的是"+biggestName+"，"+strconv.Itoa(biggest)+" 人。")
	default:
		c.set(statusFail, strconv.Itoa(n)+" 所学校中 "+strconv.Itoa(len(c.Details))+" 所超过校额上限：")
	}
	return c
}

// classSizeCheck compares each section's largest class with the class size.
func classSizeCheck(lv *levelView) check {
	cap := 0
	for i := range lv.schools {
		cap = max(cap, lv.schools[i].ClassCap)
	}
	c := newCheck("班额 ("+lv.name+")", "每班 ≤ "+strconv.Itoa(cap)+" 人")
	n, biggest := 0, 0
	for i := range lv.schools {
		sm := &lv.schools[i]
		if sm.Classes == 0 {
			continue
		}
		n++
		biggest = max(biggest, sm.MaxClassSize)
		if classOver(sm) {
			c.Details = append(c.Details, sm.Name+": 最大班额 "+strconv.Itoa(sm.MaxClassSize)+" > "+strconv.Itoa(sm.ClassCap))
		}
	}
	switch {
	case n == 0:
		c.set(statusNoData, "没有"+lv.name+"在校生。")
	case len(c.Details) == 0:
		c.set(statusPass, "全部 "+strconv.Itoa(n)+" 所学校的"+lv.name+"班级均不超过上限，最大班额 "+strconv.Itoa(biggest)+" 人。")
	default:
		c.set(statusFail, strconv.Itoa(n)+" 所学校中 "+strconv.Itoa(len(c.Details))+" 所有超额班级：")
	}
	return c
}

// roomsCheck asks one music and one art room per so many classes of a
// campus, for the campuses whose room counts the dataset gives.
func (v *view) roomsCheck() check {
	per := v.pol.ClassesPerArtRoom
	c := newCheck("音乐、美术教室", "每 "+strconv.Itoa(per)+" 个班各 1 间音乐、美术教室")
	if per <= 0 {
		c.set(statusNoData, "未设置每间教室对应的班级数。")
		return c
	}
	classes := map[string]int{}
	var order []string
	for i := range v.m.Schools {
		sm := &v.m.Schools[i]
		if _, ok := classes[sm.SchoolID]; !ok {
			order = append(order, sm.SchoolID)
		}
		classes[sm.SchoolID] += sm.Classes
	}
	n := 0
	for _, id := range order {
		s := v.ds.School(id)
		if s == nil || (s.MusicRooms == nil && s.ArtRooms == nil) {
			continue
		}
		n++
		need := (classes[id] + per - 1) / per
		for _, r := range []struct {
			name string
			have *int
		}{{"音乐教室", s.MusicRooms}, {"美术教室", s.ArtRooms}} {
			if r.have != nil && *r.have < need {
				c.Details = append(c.Details, s.Name+": "+strconv.Itoa(classes[id])+" 个班需"+r.name+" "+
					strconv.Itoa(need)+" 间，现有 "+strconv.Itoa(*r.have)+" 间")
			}
		}
	}
	switch {
	case n == 0:
		c.set(statusNoData, "数据中没有学校的音乐、美术教室数。")
	case len(c.Details) == 0:
		c.set(statusPass, "有教室数据的 "+strconv.Itoa(n)+" 所学校均达到数量要求 (教室面积未核查)。")
	default:
		c.set(statusFail, "有教室数据的 "+strconv.Itoa(n)+" 所学校中，以下教室数量不足 (教室面积未核查)：")
	}
	return c
}

// placesCheck states whether every entrant of a level got a place.
func placesCheck(lv *levelView) check {
	lm := lv.lm
	c := newCheck("新生学位保障 ("+lv.name+")", "全部适龄新生有学位")
	switch {
	case lm.Entrants == 0:
		c.set(statusNoData, "本学年没有"+lv.name+"新生。")
	case lm.Unplaced == 0:
		c.set(statusPass, "全部 "+strconv.Itoa(lm.Entrants)+" 名"+lv.name+"新生均有学位 (招生计划 "+strconv.Itoa(lm.IntakeCapacity)+")。")
	default:
		c.set(statusFail, lv.name+"新生 "+strconv.Itoa(lm.Entrants)+" 人，招生计划 "+strconv.Itoa(lm.IntakeCapacity)+
			"，"+strconv.Itoa(lm.Unplaced)+" 人无学位可安排。")
	}
	return c
}

// entrantShareCheck counts the entrants (both levels) that match and how
// many of them were seated; every seat of the engine is a public place or a
// private place the government buys.
func (v *view) entrantShareCheck(name, standard string, target float64, who string,
	match func(*dataset.Household, *dataset.Child) bool) check {
	c := newCheck(name, standard)
	total, seated := 0, 0
	for _, lv := range v.levels {
		for _, s := range lv.lr.Seats {
			ch := &v.ds.Children[s.Child]
			h := v.ds.Household(ch.HouseholdID)
			if h == nil || !match(h, ch) {
				continue
			}
			total++
			if s.School >= 0 {
				seated++
			}
		}
	}
	if total == 0 {
		c.set(statusNoData, "本学年新生中没有"+who+"。")
		return c
	}
	r := float64(seated) / float64(total)
	s := "新生中" + who + " " + strconv.Itoa(total) + " 人，" + strconv.Itoa(seated) + " 人已安排学位，占 " + pctOf(r)
	if meets(r, target) {
		c.set(statusPass, s+"。仅统计本学年新生。")
	} else {
		c.set(statusFail, s+"，低于 "+pctTarget(target)+"。仅统计本学年新生。")
	}
	return c
}

// radiusCheck reports the share of a level's seated entrants beyond the
// service radius: a planning target, not a pass/fail standard.
func radiusCheck(lv *levelView) check {
	lm := lv.lm
	c := newCheck("服务半径 ("+lv.name+")", "步行服务半径 "+metresNum(&lm.ServiceRadiusM)+" 米 (规划参考)")
	if lm.BeyondRadiusShare == nil {
		c.set(statusNoData, "没有已安置的"+lv.name+"新生。")
		return c
	}
	c.set(statusInfo, pct(lm.BeyondRadiusShare)+" 的已安置"+lv.name+"新生家到学校直线距离超过 "+metresNum(&lm.ServiceRadiusM)+
		" 米；平均 "+metres(lm.MeanDistanceM)+"，90% 分位 "+metres(lm.P90DistanceM)+"。")
	return c
}
