package report

import (
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/simulate"
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

// check is one check of docs/policy.md with its numbers in words.
type check struct {
	Name       string
	Standard   string
	Status     string
	StatusText string
	Summary    string
	Details    []string // one sentence per failure: "县二小: 在校生 2130 > 2000"
}

type checksView struct {
	Checks      []check
	Pass, Fail  int
	Unavailable int
	// Simulation: the report has the simulation's pages, which check the
	// same year by year.
	Simulation bool
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
		add(v.classSizeCheck(lv))
	}
	add(v.roomsCheck())
	for _, lv := range v.levels {
		add(placesCheck(lv))
	}
	add(v.migrantCheck())
	add(v.disabledCheck())
	std := v.standard()
	for _, lv := range v.levels {
		add(resourcesCheck(lv, std))
	}
	for _, lv := range v.levels {
		add(cvCheck(lv, std, v.pol))
	}
	for _, lv := range v.levels {
		add(radiusCheck(lv, v.m.Distance == engine.DistanceRoute))
	}
	for _, c := range v.routeChecks() {
		add(c)
	}
	out.Simulation = v.sim != nil
	return out, nil
}

// standard is docs/policy.md's evaluation of the run's year (the pupils of
// every grade, the schools' resources), as the simulation and the meeting
// pack evaluate a year; nil for a result without the enrolment of its
// year.
func (v *view) standard() *simulate.Year {
	if v.res.Enrolment == nil || len(v.res.Enrolment.School) != len(v.ds.Children) {
		return nil
	}
	return simulate.Evaluate(v.res)
}

// shares are the county shares of the run's year over every pupil of
// grades 1–9 (simulate.Shares: the count compliance.csv and `zoning
// migrants` show); false for a result without the enrolment of its year.
func (v *view) shares() (compliance.Shares, bool) {
	if v.res.Enrolment == nil || len(v.res.Enrolment.School) != len(v.ds.Children) {
		return compliance.Shares{}, false
	}
	return simulate.Shares(v.res), true
}

// entrantShare counts the entrants (both levels) that match and those of
// them seated at a public school or on a place the government buys (a
// private school the family chose does not count).
func (v *view) entrantShare(match func(*dataset.Household, *dataset.Child) bool) (total, counted int) {
	purchased := simulate.Purchased(v.res)
	for _, lv := range v.levels {
		for _, s := range lv.lr.Seats {
			ch := &v.ds.Children[s.Child]
			h := v.ds.Household(ch.HouseholdID)
			if h == nil || !match(h, ch) {
				continue
			}
			total++
			if s.School >= 0 && (v.ds.Schools[s.School].Public || purchased[s.Child]) {
				counted++
			}
		}
	}
	return total, counted
}

// migrantCheck is the migrant share of docs/policy.md: eligible migrant
// children of grades 1–9 at public schools or on purchased places, with
// the entrants' own share labelled as such.
func (v *view) migrantCheck() check {
	target := v.pol.MigrantPublicShare
	c := newCheck("随迁子女入学", "一至九年级持居住证随迁子女在公办学校或政府购买学位就读 ≥ "+pctTarget(target))
	n, k := v.entrantShare(func(h *dataset.Household, _ *dataset.Child) bool { return h.Hukou == dataset.Migrant && h.Permit })
	entrants := ""
	if n > 0 {
		entrants = "其中一年级、七年级新生 " + strconv.Itoa(n) + " 人，" + strconv.Itoa(k) + " 人在公办学校或政府购买学位就读，占 " +
			pctOf(float64(k)/float64(n)) + "。"
	}
	sh, ok := v.shares()
	if !ok || sh.MigrantsEligible == 0 {
		what := "本学年没有持居住证的随迁子女在校生。"
		if !ok {
			what = "本结果没有本学年在校生的数据。"
		}
		c.set(statusNoData, what+entrants)
		return c
	}
	r := *sh.MigrantShare()
	s := "一至九年级持居住证随迁子女 " + strconv.Itoa(sh.MigrantsEligible) + " 人，在公办学校 " + strconv.Itoa(sh.MigrantsPublic) +
		" 人、政府购买学位 " + strconv.Itoa(sh.MigrantsPurchased) + " 人，共 " + strconv.Itoa(sh.MigrantsCounted()) + " 人，占 " + pctOf(r)
	if meets(r, target) {
		s += "，达到 " + pctTarget(target)
		c.Status = statusPass
	} else {
		s += "，低于 " + pctTarget(target)
		c.Status = statusFail
	}
	var rest []string
	if sh.MigrantsPrivate > 0 {
		rest = append(rest, "自主选择民办学校 "+strconv.Itoa(sh.MigrantsPrivate)+" 人")
	}
	if sh.MigrantsOut > 0 {
		rest = append(rest, "未入学 "+strconv.Itoa(sh.MigrantsOut)+" 人")
	}
	if len(rest) > 0 {
		s += "；" + strings.Join(rest, "，") + "，不计入"
	}
	c.set(c.Status, s+"。"+entrants)
	return c
}

// disabledCheck is the enrolment of disabled children of grades 1–9, with
// the entrants' own share labelled as such.
func (v *view) disabledCheck() check {
	target := v.pol.DisabilityEnrolment
	c := newCheck("残疾儿童少年入学", "一至九年级残疾儿童少年入学率 ≥ "+pctTarget(target))
	n, k := v.entrantShare(func(_ *dataset.Household, ch *dataset.Child) bool { return ch.Disability })
	entrants := ""
	if n > 0 {
		entrants = "其中一年级、七年级新生 " + strconv.Itoa(n) + " 人，" + strconv.Itoa(k) + " 人已安排学位。"
	}
	sh, ok := v.shares()
	if !ok || sh.DisabledChildren == 0 {
		what := "本学年在校生中没有残疾儿童少年。"
		if !ok {
			what = "本结果没有本学年在校生的数据。"
		}
		c.set(statusNoData, what+entrants)
		return c
	}
	r := *sh.DisabledShare()
	s := "一至九年级残疾儿童少年 " + strconv.Itoa(sh.DisabledChildren) + " 人，入学 " + strconv.Itoa(sh.DisabledEnrolled) + " 人，占 " + pctOf(r)
	if meets(r, target) {
		c.set(statusPass, s+"，达到 "+pctTarget(target)+"。"+entrants)
	} else {
		c.set(statusFail, s+"，低于 "+pctTarget(target)+"。"+entrants)
	}
	return c
}

// resourceKeys are the checks of the seven indicators and of their two
// rules.
var resourceKeys = map[string]bool{
	compliance.KeyResources6of7: true, compliance.KeyResourcesFloor: true,
	compliance.KeyTeachersQual: true, compliance.KeyBackbone: true, compliance.KeyPEArt: true,
	compliance.KeyTeachingArea: true, compliance.KeySportsArea: true, compliance.KeyEquipment: true, compliance.KeyMultimedia: true,
}

// yearText drops the year in front of a check's sentence: the page is of
// one year.
func yearText(c compliance.Check) string {
	return strings.TrimPrefix(c.Text, strconv.Itoa(c.Year)+" ")
}

// resourcesCheck is the seven resource indicators of a level's sections
// (资源配置): at least resources_min_met met and none below the floor.
func resourcesCheck(lv *levelView, std *simulate.Year) check {
	c := newCheck("生均资源配置七项指标 ("+lv.name+")", "每校至少 6 项达到标准，其余不低于标准的 85%")
	if std == nil {
		c.set(statusNoData, "本结果没有本学年在校生的数据。")
		return c
	}
	level := string(lv.lr.Level)
	sections, failed := map[string]bool{}, map[string]bool{}
	indicators := 0
	for _, ck := range std.Report.Checks {
		if ck.Level != level || !resourceKeys[ck.Key] || ck.Skipped {
			continue
		}
		sections[ck.SchoolID] = true
		if ck.Key != compliance.KeyResources6of7 && ck.Key != compliance.KeyResourcesFloor {
			indicators++
		}
		if ck.Failed() {
			failed[ck.SchoolID] = true
			if ck.Key == compliance.KeyResources6of7 || ck.Key == compliance.KeyResourcesFloor {
				c.Details = append(c.Details, yearText(ck))
			}
		}
	}
	switch {
	case len(sections) == 0:
		c.set(statusNoData, "数据中没有"+lv.name+"学校的面积、教师、设备数据 (或学校规模小于核查下限)。")
	case len(c.Details) == 0:
		c.set(statusPass, "按本学年在校生核查 "+strconv.Itoa(len(sections))+" 所学校的"+lv.name+"，各校均达到要求 (共 "+strconv.Itoa(indicators)+" 项指标)。")
	default:
		c.set(statusFail, "按本学年在校生核查 "+strconv.Itoa(len(sections))+" 所学校的"+lv.name+"，"+strconv.Itoa(len(failed))+" 所有指标未达标，其中未达到要求的：")
	}
	return c
}

// cvCheck is the between-school coefficients of variation of a level's
// seven indicators (校际差异系数).
func cvCheck(lv *levelView, std *simulate.Year, pol config.Policy) check {
	level := string(lv.lr.Level)
	c := newCheck("校际差异系数 ("+lv.name+")", "七项指标的校际差异系数均 ≤ "+strconv.FormatFloat(pol.CVMax.Of(level), 'f', -1, 64))
	if std == nil {
		c.set(statusNoData, "本结果没有本学年在校生的数据。")
		return c
	}
	n := 0
	for _, ck := range std.Report.Checks {
		if ck.Level != level || !strings.HasPrefix(ck.Key, compliance.CVPrefix) || ck.Skipped {
			continue
		}
		n++
		if ck.Failed() {
			c.Details = append(c.Details, yearText(ck))
		}
	}
	switch {
	case n == 0:
		c.set(statusNoData, "数据中没有可计算差异系数的"+lv.name+"学校数据。")
	case len(c.Details) == 0:
		c.set(statusPass, lv.name+"核查 "+strconv.Itoa(n)+" 项指标的校际差异系数，均不超过上限。")
	default:
		c.set(statusFail, lv.name+"核查 "+strconv.Itoa(n)+" 项指标的校际差异系数，"+strconv.Itoa(len(c.Details))+" 项超过上限：")
	}
	return c
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
	c := newCheck("校额", "每校在校生 ≤ "+strconv.Itoa(v.pol.SchoolSize)+" 人，九年一贯制 ≤ "+
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
func (v *view) classSizeCheck(lv *levelView) check {
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
			c.Details = append(c.Details, v.sectionOf(sm)+": 最大班额 "+strconv.Itoa(sm.MaxClassSize)+" > "+strconv.Itoa(sm.ClassCap))
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

// radiusCheck reports the share of a level's seated entrants beyond the
// service radius: a planning target, not a pass/fail standard. route: the
// metrics count the walk along the roads (metrics.json distance "route").
func radiusCheck(lv *levelView, route bool) check {
	lm := lv.lm
	c := newCheck("服务半径 ("+lv.name+")", "步行服务半径 "+metresNum(&lm.ServiceRadiusM)+" 米 (规划参考)")
	if lm.BeyondRadiusShare == nil {
		c.set(statusNoData, "没有已安置的"+lv.name+"新生。")
		return c
	}
	if route && lm.Route != nil {
		c.set(statusInfo, pct(lm.BeyondRadiusShare)+" 的已安置"+lv.name+"新生沿道路步行到校超过 "+metresNum(&lm.ServiceRadiusM)+
			" 米；步行平均 "+metres(lm.Route.MeanRouteM)+"，90% 分位 "+metres(lm.Route.P90RouteM)+
			" (直线距离平均 "+metres(lm.MeanDistanceM)+")。")
		return c
	}
	c.set(statusInfo, pct(lm.BeyondRadiusShare)+" 的已安置"+lv.name+"新生家到学校直线距离超过 "+metresNum(&lm.ServiceRadiusM)+
		" 米；平均 "+metres(lm.MeanDistanceM)+"，90% 分位 "+metres(lm.P90DistanceM)+"。")
	return c
}
