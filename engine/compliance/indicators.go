package compliance

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/hutubi-edu/zoning/engine/config"
)

// indicator is one of the seven resource indicators of docs/policy.md.
type indicator struct {
	key      string // Check.Key, also the config key
	name     string // the name in 教督〔2017〕6号
	unit     string // unit of the value as written in Text
	per100   bool   // per 100 students, else per student
	input    func(s *Section) *float64
	standard func(r config.Resources) float64
}

// indicators are the seven, in the order of docs/policy.md.
var indicators = []indicator{
	{KeyTeachersQual, "每百名学生拥有高于规定学历教师数", "人", true,
		func(s *Section) *float64 { return s.TeachersQualified },
		func(r config.Resources) float64 { return r.TeachersQualifiedPer100 }},
	{KeyBackbone, "每百名学生拥有县级及以上骨干教师数", "人", true,
		func(s *Section) *float64 { return s.TeachersBackbone },
		func(r config.Resources) float64 { return r.BackbonePer100 }},
	{KeyPEArt, "每百名学生拥有体育、艺术(美术、音乐)专任教师数", "人", true,
		func(s *Section) *float64 { return s.TeachersPEArt },
		func(r config.Resources) float64 { return r.PEArtPer100 }},
	{KeyTeachingArea, "生均教学及辅助用房面积", "m²", false,
		func(s *Section) *float64 { return s.TeachingAreaM2 },
		func(r config.Resources) float64 { return r.TeachingAreaM2 }},
	{KeySportsArea, "生均体育运动场馆面积", "m²", false,
		func(s *Section) *float64 { return s.SportsAreaM2 },
		func(r config.Resources) float64 { return r.SportsAreaM2 }},
	{KeyEquipment, "生均教学仪器设备值", "元", false,
		func(s *Section) *float64 { return s.EquipmentYuan },
		func(r config.Resources) float64 { return r.EquipmentYuan }},
	{KeyMultimedia, "每百名学生拥有网络多媒体教室数", "间", true,
		func(s *Section) *float64 { return s.MultimediaRooms },
		func(r config.Resources) float64 { return r.MultimediaPer100 }},
}

// IndicatorKeys returns the keys of the seven resource indicators in
// the order of docs/policy.md; the county checks of their coefficients of variation
// are keyed CVPrefix + key.
func IndicatorKeys() []string {
	out := make([]string, len(indicators))
	for i, ind := range indicators {
		out[i] = ind.key
	}
	return out
}

// IndicatorValue returns a section's value of the resource indicator with
// the key (per student, or per 100 students for the *_per100 keys): false
// when the key is unknown, the input is not given or not finite, or the
// section has no students.
func IndicatorValue(s Section, key string) (float64, bool) {
	for _, ind := range indicators {
		if ind.key == key {
			return ind.value(&s)
		}
	}
	return 0, false
}

func (ind indicator) value(s *Section) (float64, bool) {
	in := ind.input(s)
	if in == nil || math.IsNaN(*in) || math.IsInf(*in, 0) || s.Students <= 0 {
		return 0, false
	}
	if ind.per100 {
		return *in * 100 / float64(s.Students), true
	}
	return *in / float64(s.Students), true
}

// weighted is one section in a coefficient of variation: n students,
// value x.
type weighted struct {
	n int
	x float64
}

// resources returns the seven indicator checks of a section, then
// resources_6of7 and resources_floor, and each indicator's value when the
// section counts in the county's coefficient of variation (nil otherwise).
func resources(year int, s Section, name string, p config.Policy) ([]Check, []*float64) {
	std := p.Resources.Of(s.Level)
	small := s.Students <= 0 || s.Students < p.SmallSchool
	smallNote := fmt.Sprintf("不计(学生 %d 人 < %d 人)", s.Students, p.SmallSchool)
	base := Check{Year: year, Scope: ScopeSchool, SchoolID: s.SchoolID, Name: s.Name, Level: s.Level}
	checks := make([]Check, 0, len(indicators)+2)
	vals := make([]*float64, len(indicators))
	given, met := 0, 0
	minShare, minName := math.Inf(1), ""
	for k, ind := range indicators {
		ch := base
		ch.Key = ind.key
		lim := ind.standard(std)
		ch.Limit = ptr(lim)
		v, ok := ind.value(&s)
		switch {
		case !ok && ind.input(&s) != nil && s.Students > 0:
			ch.Skipped = true
			ch.Text = fmt.Sprintf("%d %s: %s 数据无效", year, name, ind.name)
		case small:
			if ok {
				ch.Value = ptr(v)
			}
			ch.Skipped = true
			ch.Text = fmt.Sprintf("%d %s: %s %s", year, name, ind.name, smallNote)
		case !ok:
			ch.Skipped = true
			ch.Text = fmt.Sprintf("%d %s: %s 未提供", year, name, ind.name)
		default:
			ch.Value = ptr(v)
			ch.Pass = atLeast(v, lim)
			vs, ls := formatPair(v, lim, 2, true)
			ch.Text = fmt.Sprintf("%d %s: %s %s %s %s %s %s", year, name, ind.name, vs, ind.unit, cmpLeast(ch.Pass), ls, ind.unit)
			vals[k] = ptr(v)
			given++
			if ch.Pass {
				met++
			}
			share := math.Inf(1)
			if lim > 0 {
				share = v / lim
			}
			if share < minShare {
				minShare, minName = share, ind.name
			}
		}
		checks = append(checks, ch)
	}
	missing := len(indicators) - given

	six := base
	six.Key = KeyResources6of7
	six.Limit = ptr(float64(p.ResourcesMinMet))
	floor := base
	floor.Key = KeyResourcesFloor
	floor.Limit = ptr(p.ResourcesFloor)
	switch {
	case small:
		six.Skipped, floor.Skipped = true, true
		six.Text = fmt.Sprintf("%d %s: 资源配置达标项数 %s", year, name, smallNote)
		floor.Text = fmt.Sprintf("%d %s: 资源配置最低指标 %s", year, name, smallNote)
		return append(checks, six, floor), vals
	case given == 0:
		six.Skipped, floor.Skipped = true, true
		six.Text = fmt.Sprintf("%d %s: 资源配置达标项数 未提供", year, name)
		floor.Text = fmt.Sprintf("%d %s: 资源配置最低指标 未提供", year, name)
		return append(checks, six, floor), nil
	}

	six.Value = ptr(float64(met))
	switch {
	case met >= p.ResourcesMinMet:
		six.Pass = true
		six.Text = fmt.Sprintf("%d %s: 资源配置达标 %d 项 ≥ %d 项(共 %d 项)", year, name, met, p.ResourcesMinMet, len(indicators))
	case met+missing < p.ResourcesMinMet:
		six.Text = fmt.Sprintf("%d %s: 资源配置达标 %d 项 < %d 项(共 %d 项)", year, name, met, p.ResourcesMinMet, len(indicators))
	default:
		six.Skipped = true
		six.Text = fmt.Sprintf("%d %s: 资源配置达标 %d 项, %d 项未提供, 无法判定是否 ≥ %d 项", year, name, met, missing, p.ResourcesMinMet)
	}

	if !math.IsInf(minShare, 1) {
		floor.Value = ptr(minShare)
	}
	fs := formatLimit(p.ResourcesFloor * 100)
	switch {
	case !atLeast(minShare, p.ResourcesFloor):
		vs, _ := formatPair(minShare*100, p.ResourcesFloor*100, 1, false)
		floor.Text = fmt.Sprintf("%d %s: 最低指标 %s 为标准的 %s%% < %s%%", year, name, minName, vs, fs)
	case missing > 0:
		floor.Skipped = true
		floor.Text = fmt.Sprintf("%d %s: 已提供的 %d 项指标均不低于标准的 %s%%, %d 项未提供", year, name, given, fs, missing)
	default:
		floor.Pass = true
		if math.IsInf(minShare, 1) {
			floor.Text = fmt.Sprintf("%d %s: 各项指标均不低于标准的 %s%%", year, name, fs)
		} else {
			vs, _ := formatPair(minShare*100, p.ResourcesFloor*100, 1, false)
			floor.Text = fmt.Sprintf("%d %s: 最低指标 %s 为标准的 %s%% ≥ %s%%", year, name, minName, vs, fs)
		}
	}
	return append(checks, six, floor), vals
}

// WeightedCV returns the between-school coefficient of variation of docs/policy.md
// for values x[i] of schools with n[i] students: sqrt(Σ w_i (x_i − x̄)²) / x̄
// with w_i = n_i/N, N = Σ n_i and x̄ = Σ w_i x_i. Schools with n[i] ≤ 0
// carry no weight. ok is false when the lengths differ, no school has
// students or x̄ ≤ 0.
func WeightedCV(n []int, x []float64) (cv float64, ok bool) {
	if len(n) != len(x) {
		return 0, false
	}
	ws := make([]weighted, len(n))
	for i := range n {
		ws[i] = weighted{n[i], x[i]}
	}
	return weightedCV(ws)
}

func weightedCV(ws []weighted) (float64, bool) {
	total := 0.0
	for _, w := range ws {
		if w.n > 0 {
			total += float64(w.n)
		}
	}
	if total <= 0 {
		return 0, false
	}
	mean := 0.0
	for _, w := range ws {
		if w.n > 0 {
			mean += float64(w.n) / total * w.x
		}
	}
	if !(mean > 0) || math.IsInf(mean, 0) {
		return 0, false
	}
	v := 0.0
	for _, w := range ws {
		if w.n > 0 {
			d := w.x - mean
			v += float64(w.n) / total * d * d
		}
	}
	return math.Sqrt(v) / mean, true
}

func cvCheck(year int, level string, ind indicator, ws []weighted, lim float64) Check {
	ch := Check{Year: year, Scope: ScopeCounty, Level: level, Key: CVPrefix + ind.key, Limit: ptr(lim)}
	where := "全县" + levelName(level)
	cv, ok := weightedCV(ws)
	if !ok {
		ch.Skipped = true
		ch.Text = fmt.Sprintf("%d %s: 校际差异系数(%s) 无可计算的学校", year, where, ind.name)
		return ch
	}
	ch.Value = ptr(cv)
	ch.Pass = atMost(cv, lim)
	vs, ls := formatPair(cv, lim, 2, true)
	ch.Text = fmt.Sprintf("%d %s: 校际差异系数(%s) %s %s %s (%d 校)", year, where, ind.name, vs, cmpMost(ch.Pass), ls, len(ws))
	return ch
}

// formatLimit writes a limit with at most 6 decimals, trailing zeros cut.
func formatLimit(lim float64) string {
	return trimZeros(strconv.FormatFloat(lim, 'f', 6, 64))
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// formatPair writes a value and its limit for a sentence: the value with dec
// decimals (trailing zeros cut when trim), more (up to 6) when fewer would
// show it on the wrong side of, or equal to, a limit it differs from.
func formatPair(v, lim float64, dec int, trim bool) (string, string) {
	ls := formatLimit(lim)
	tol := eps * math.Max(1, math.Abs(lim))
	for d := dec; ; d++ {
		vs := strconv.FormatFloat(v, 'f', d, 64)
		if trim {
			vs = trimZeros(vs)
		}
		if d >= 6 || math.IsNaN(v) || math.IsInf(v, 0) {
			return vs, ls
		}
		shown, _ := strconv.ParseFloat(vs, 64)
		if (v < lim-tol && shown >= lim) || (v > lim+tol && shown <= lim) {
			continue
		}
		return vs, ls
	}
}

// IndicatorName returns the name of the resource indicator with the key as
// 教督〔2017〕6号 words it, the unit of its value, and whether the value is
// per 100 students (else per student); ok is false for an unknown key.
func IndicatorName(key string) (name, unit string, per100, ok bool) {
	for _, ind := range indicators {
		if ind.key == key {
			return ind.name, ind.unit, ind.per100, true
		}
	}
	return "", "", false, false
}
