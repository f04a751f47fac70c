package dataset

import "strings"

// SectionName names the section of one level of a school for pages and
// workbooks where sections are listed apart: the school's name, followed
// by 小学部 or 初中部 when the campus teaches both levels or is a nine-year
// school (九年一贯制): 呼图壁县第三中学小学部, 呼图壁县第三中学初中部. A
// school of one level keeps its name (呼图壁县第二小学), and so does a name
// that already says its section (…小学部, …初中部) or its level (a primary
// section of …小学, a junior section of …初中 or …初级中学).
func (s *School) SectionName(l Level) string {
	return SectionName(s.Name, l, s.NineYear || s.PrimarySeats > 0 && s.JuniorSeats > 0)
}

// SectionName is School.SectionName for a school given by its name and
// whether its campus has two sections (both levels, or nine-year).
func SectionName(name string, l Level, twoSections bool) string {
	if !twoSections || name == "" {
		return name
	}
	n := strings.TrimSpace(name)
	if strings.HasSuffix(n, "小学部") || strings.HasSuffix(n, "初中部") {
		return name
	}
	if l == Junior {
		if strings.HasSuffix(n, "初中") || strings.HasSuffix(n, "初级中学") {
			return name
		}
		return n + "初中部"
	}
	if strings.HasSuffix(n, "小学") {
		return name
	}
	return n + "小学部"
}
