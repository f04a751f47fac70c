package compliance

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Levels accepted in Section.Level and as keys of County.Nearby.
const (
	Primary = "primary" // 小学, grades 1–6
	Junior  = "junior"  // 初中, grades 7–9
)

// Scopes of a Check.
const (
	ScopeSchool = "school" // one school section or campus
	ScopeCounty = "county" // the county, one level or both
)

// Section is one level's section of a school campus in one year.
//
// Resource inputs (TeachingAreaM2 … MultimediaRooms) are the section's own
// figures, nil when not given. A campus with two sections usually reports
// them per campus: split them with SplitCampus first. MusicRooms, ArtRooms,
// CampusStudents and CampusClasses are per campus.
type Section struct {
	SchoolID string
	Name     string
	Level    string // "primary" or "junior"

	Students        int   // students of the section; 0 = the sum of StudentsByGrade
	StudentsByGrade []int // students per grade of the section, lowest grade first (informative)
	Classes         int   // classes of the section
	MaxClassSize    int   // students in the largest class; 0 = not given
	Public          bool
	Boarding        bool
	AreaType        string // "urban", "town", "rural" or "" (unknown)
	NineYear        bool   // 九年一贯制: the campus size cap is policy.school_size_nine_year
	CampusStudents  int    // students on the campus, both sections; 0 = the sum of the campus's sections in County

	TeachingAreaM2    *float64 // floor area of teaching and auxiliary rooms, m²
	SportsAreaM2      *float64 // sports ground area, m²
	TeachersQualified *float64 // teachers above the required qualification
	TeachersBackbone  *float64 // county-level-or-higher backbone teachers
	TeachersPEArt     *float64 // PE and art teachers
	EquipmentYuan     *float64 // teaching equipment value, 元
	MultimediaRooms   *float64 // networked multimedia classrooms

	MusicRooms    *int // music rooms of the campus; nil = not given
	ArtRooms      *int // art rooms of the campus; nil = not given
	CampusClasses int  // classes on the campus, both sections; 0 = the sum of the campus's sections in County

	// Classrooms are the section's general classrooms (0: not given);
	// OverClasses, LargeClasses and HugeClasses count its classes above
	// the class-size cap, of policy.large_class pupils or more (大班额) and
	// of policy.huge_class or more (超大班额); ShortRooms the classes
	// beyond its classrooms. Informative: the class_size check says them.
	Classrooms, OverClasses, LargeClasses, HugeClasses, ShortRooms int
}

// Seating counts one level's children of compulsory-school age in one
// year for the check that every one has a place (所有适龄儿童均有学位).
type Seating struct {
	Entrants int // entrants of the level (grade 1 or 7 by age)
	Unseated int // of them, with no place
	Earlier  int // children of the level's other grades with no place (not seated in an earlier year)
	// Note says why and where seats stand idle, in Chinese; it ends the
	// check's sentence.
	Note string
}

// Nearby counts one level's entrants for the nearby-enrolment ratio:
// Counted entrants to urban and town public non-boarding schools, Zoned of
// them admitted to the school whose zone contains their home.
type Nearby struct {
	Zoned   int
	Counted int
}

// County is the county in one school year (Year = September Year to July
// Year+1).
type County struct {
	Year     int
	Sections []Section
	Nearby   map[string]Nearby // by level, "primary" or "junior"
	// Seating, by level, gives the all_seated check; a level absent is
	// not checked.
	Seating map[string]Seating

	// The county shares, as CountShares counts them (Shares.Apply sets
	// these four fields): every child of grades 1–9 in Year, not only the
	// entrants.
	MigrantsEligible int // migrant children with a residence permit (居住证) of compulsory-school age
	MigrantsPublic   int // of them, enrolled in public schools or government-purchased places

	DisabledChildren int // disabled children of compulsory-school age
	DisabledEnrolled int // of them, enrolled (school, special school or home teaching)

	// RuralWalk, by level, counts the entrants seated at rural schools and
	// those of them walking longer than policy.rural_walk_min along the
	// roads; a level absent (a run without roads, or junior) is not
	// counted.
	RuralWalk map[string]RuralWalk
}

// RuralWalk is a level's rural entrants and their walks.
type RuralWalk struct {
	Entrants int // seated at rural schools
	Beyond   int // of them, walking longer than policy.rural_walk_min (or beyond any road's reach)
}

// Check is one verdict. Value and Limit are in the unit of the check: people
// for sizes, m² or 元 per student, people or rooms per 100 students, a
// count of indicators for resources_6of7, a share (0–1) for resources_floor
// and the county ratios, a plain number for the coefficients of variation.
// Value is nil when not known, Limit when no limit applies. A skipped check
// (data not given, or a school below policy.small_school students for the
// resource indicators) has Pass false and does not count as a failure.
type Check struct {
	Year     int
	Scope    string // "school" or "county"
	SchoolID string // "" for county checks
	Name     string // school name; "" for county checks
	Level    string // "primary", "junior", or "" for a campus with both or for both levels
	Key      string // stable id: see the Key constants
	Value    *float64
	Limit    *float64
	Pass     bool
	Skipped  bool
	Text     string // the sentence a planner reads, in Chinese, with the numbers
}

// Failed reports whether the check was made and failed.
func (c Check) Failed() bool { return !c.Pass && !c.Skipped }

// Keys of the checks.
const (
	KeySchoolSize     = "school_size"     // campus students ≤ school_size (nine-year: school_size_nine_year)
	KeyClassSize      = "class_size"      // largest class ≤ class_size of the level
	KeyResources6of7  = "resources_6of7"  // at least resources_min_met of the seven indicators met
	KeyResourcesFloor = "resources_floor" // no indicator below resources_floor of its standard
	KeyMusicRooms     = "music_rooms"     // ≥ ceil(campus classes / classes_per_art_room)
	KeyArtRooms       = "art_rooms"       // ≥ ceil(campus classes / classes_per_art_room)
	KeyNearbyRatio    = "nearby_ratio"    // per level, ≥ nearby_ratio
	KeyMigrantsPublic = "migrants_public" // ≥ migrant_public_share
	KeyDisabledEnrol  = "disabled_enrolment"
	KeyAllSeated      = "all_seated" // per level, every child of compulsory-school age has a place
	KeyRuralWalk      = "rural_walk" // rural primary entrants walking longer than rural_walk_min: counted, not an evaluation standard
	KeyLevel          = "level"      // a section whose level is not primary or junior: nothing checked
	KeyTeachersQual   = "teachers_qualified_per100"
	KeyBackbone       = "backbone_per100"
	KeyPEArt          = "pe_art_per100"
	KeyTeachingArea   = "teaching_area_m2"
	KeySportsArea     = "sports_area_m2"
	KeyEquipment      = "equipment_yuan"
	KeyMultimedia     = "multimedia_per100"
	CVPrefix          = "cv_" // county coefficient of variation of an indicator: "cv_" + its key
	KeyCVTeachingArea = CVPrefix + KeyTeachingArea
	KeyCVSportsArea   = CVPrefix + KeySportsArea
	KeyCVEquipment    = CVPrefix + KeyEquipment
	KeyCVMultimedia   = CVPrefix + KeyMultimedia
	KeyCVTeachersQual = CVPrefix + KeyTeachersQual
	KeyCVBackbone     = CVPrefix + KeyBackbone
	KeyCVPEArt        = CVPrefix + KeyPEArt
)

// Report is the checks of one year: per section in order of school id and
// level (primary first), then per level the county checks, then the
// county-wide ones.
type Report struct {
	Year   int
	Checks []Check
}

// Passed reports whether no check failed; skipped checks do not count.
func (r Report) Passed() bool {
	for _, c := range r.Checks {
		if c.Failed() {
			return false
		}
	}
	return true
}

// Failures returns the checks that were made and failed, in report order.
func (r Report) Failures() []Check {
	var out []Check
	for _, c := range r.Checks {
		if c.Failed() {
			out = append(out, c)
		}
	}
	return out
}

// campus gathers what a campus's checks need from its sections.
type campus struct {
	students, classes int
	nineYear          bool
	levels            int
	music, art        *int
	first             int // index of the campus's first section in sorted order

	sumStudents, sumClasses int // over the campus's sections
}

func levelRank(l string) int {
	switch l {
	case Primary:
		return 0
	case Junior:
		return 1
	}
	return 2
}

// Evaluate runs every check of docs/policy.md on one year of the county with the
// thresholds of p. Campus checks (school_size, music_rooms, art_rooms) are
// made once per school id, on its first section; a campus's figures are
// CampusStudents and CampusClasses of its first section that gives them,
// else the sums over its sections. A section whose level is neither
// "primary" nor "junior" yields one skipped check with key "level".
func Evaluate(c County, p config.Policy) Report {
	secs := make([]Section, len(c.Sections))
	copy(secs, c.Sections)
	for i := range secs {
		if secs[i].Students <= 0 {
			n := 0
			for _, g := range secs[i].StudentsByGrade {
				if g > 0 {
					n += g
				}
			}
			secs[i].Students = n
		}
	}
	sort.SliceStable(secs, func(i, j int) bool {
		if secs[i].SchoolID != secs[j].SchoolID {
			return secs[i].SchoolID < secs[j].SchoolID
		}
		return levelRank(secs[i].Level) < levelRank(secs[j].Level)
	})

	campuses := map[string]*campus{}
	for i, s := range secs {
		cp := campuses[s.SchoolID]
		if cp == nil {
			cp = &campus{first: i, students: -1, classes: -1}
			campuses[s.SchoolID] = cp
		}
		if levelRank(s.Level) < 2 {
			cp.levels++
			cp.sumStudents += s.Students
			cp.sumClasses += max(s.Classes, 0)
		}
		cp.nineYear = cp.nineYear || s.NineYear
		if cp.music == nil {
			cp.music = s.MusicRooms
		}
		if cp.art == nil {
			cp.art = s.ArtRooms
		}
		if cp.students < 0 && s.CampusStudents > 0 {
			cp.students = s.CampusStudents
		}
		if cp.classes < 0 && s.CampusClasses > 0 {
			cp.classes = s.CampusClasses
		}
	}
	for _, cp := range campuses {
		if cp.students < 0 {
			cp.students = cp.sumStudents
		}
		if cp.classes < 0 {
			cp.classes = cp.sumClasses
		}
	}

	r := Report{Year: c.Year}
	add := func(ch Check) {
		ch.Year = c.Year
		r.Checks = append(r.Checks, ch)
	}
	// included[level][indicator] holds the (students, value) pairs of the
	// sections counted in the coefficient of variation.
	included := map[string][][]weighted{Primary: make([][]weighted, len(indicators)), Junior: make([][]weighted, len(indicators))}
	for i, s := range secs {
		cp := campuses[s.SchoolID]
		name := oneLine(s.Name)
		if name == "" {
			name = oneLine(s.SchoolID)
		}
		if levelRank(s.Level) == 2 {
			add(Check{Scope: ScopeSchool, SchoolID: s.SchoolID, Name: s.Name, Level: s.Level, Key: KeyLevel, Skipped: true,
				Text: fmt.Sprintf("%d %s: 学段 %q 无效(可用 primary、junior), 未检查", c.Year, name, s.Level)})
			continue
		}
		campusLevel := s.Level
		if cp.levels > 1 {
			campusLevel = ""
		}
		// A section of a campus with both levels, or of a nine-year
		// school, is named as such: 呼图壁县第三中学小学部.
		secName := dataset.SectionName(name, dataset.Level(s.Level), cp.levels > 1 || cp.nineYear)
		if cp.first == i {
			add(schoolSize(c.Year, s, name, campusLevel, cp, p))
		}
		add(classSize(c.Year, s, secName, p))
		checks, vals := resources(c.Year, s, secName, p)
		for _, ch := range checks {
			add(ch)
		}
		for k, v := range vals {
			if v != nil {
				included[s.Level][k] = append(included[s.Level][k], weighted{n: s.Students, x: *v})
			}
		}
		if cp.first == i {
			add(rooms(c.Year, s, name, campusLevel, KeyMusicRooms, "音乐教室", cp.music, cp.classes, p))
			add(rooms(c.Year, s, name, campusLevel, KeyArtRooms, "美术教室", cp.art, cp.classes, p))
		}
	}

	for _, l := range []string{Primary, Junior} {
		has := false
		for _, s := range secs {
			if s.Level == l {
				has = true
				break
			}
		}
		if has {
			for k, ind := range indicators {
				add(cvCheck(c.Year, l, ind, included[l][k], p.CVMax.Of(l)))
			}
		}
		nb, ok := c.Nearby[l]
		if has || ok {
			add(ratioCheck(c.Year, l, KeyNearbyRatio, "就近划片入学比例", nb.Zoned, nb.Counted, p.NearbyRatio.Of(l), ""))
		}
		if st, ok := c.Seating[l]; ok {
			add(seatedCheck(c.Year, l, st))
		}
		if rw, ok := c.RuralWalk[l]; ok {
			add(ruralWalkCheck(c.Year, l, rw, p))
		}
	}
	add(ratioCheck(c.Year, "", KeyMigrantsPublic, "随迁子女在公办学校就读比例", c.MigrantsPublic, c.MigrantsEligible, p.MigrantPublicShare,
		"一至九年级持居住证随迁子女在公办学校或政府购买学位就读"))
	add(ratioCheck(c.Year, "", KeyDisabledEnrol, "残疾儿童少年入学率", c.DisabledEnrolled, c.DisabledChildren, p.DisabilityEnrolment,
		"一至九年级残疾儿童少年入学"))
	return r
}

// oneLine replaces line breaks by spaces, so that a sentence stays on one
// line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
}

// levelName is the Chinese name of a level: 小学 or 初中.
func levelName(l string) string {
	if l == Junior {
		return "初中"
	}
	return "小学"
}

func ptr(v float64) *float64 { return &v }

// eps is the relative tolerance of the comparisons of computed ratios with
// their limits, so that 9 teachers for 1000 students meet 0.9 per 100.
const eps = 1e-9

func atLeast(v, lim float64) bool { return v >= lim-eps*math.Max(1, math.Abs(lim)) }
func atMost(v, lim float64) bool  { return v <= lim+eps*math.Max(1, math.Abs(lim)) }

func schoolSize(year int, s Section, name, level string, cp *campus, p config.Policy) Check {
	lim, note := p.SchoolSize, ""
	if cp.nineYear {
		lim, note = p.SchoolSizeNineYear, "(九年一贯制)"
	}
	ok := cp.students <= lim
	return Check{Scope: ScopeSchool, SchoolID: s.SchoolID, Name: s.Name, Level: level, Key: KeySchoolSize,
		Value: ptr(float64(cp.students)), Limit: ptr(float64(lim)), Pass: ok,
		Text: fmt.Sprintf("%d %s: 校额 %d 人 %s %d 人%s", year, name, cp.students, cmpMost(ok), lim, note)}
}

func classSize(year int, s Section, name string, p config.Policy) Check {
	lim := p.ClassSize.Of(s.Level)
	ch := Check{Scope: ScopeSchool, SchoolID: s.SchoolID, Name: s.Name, Level: s.Level, Key: KeyClassSize, Limit: ptr(float64(lim))}
	if s.MaxClassSize <= 0 {
		ch.Skipped = true
		ch.Text = fmt.Sprintf("%d %s: 最大班额 未提供", year, name)
		return ch
	}
	ch.Value = ptr(float64(s.MaxClassSize))
	ch.Pass = s.MaxClassSize <= lim
	ch.Text = fmt.Sprintf("%d %s: 最大班额 %d 人 %s %d 人", year, name, s.MaxClassSize, cmpMost(ch.Pass), lim)
	var parts []string
	if s.OverClasses > 0 {
		parts = append(parts, fmt.Sprintf("超过 %d 人的班 %d 个", lim, s.OverClasses))
	}
	if s.LargeClasses > 0 {
		parts = append(parts, fmt.Sprintf("%d 人及以上的大班额 %d 个", p.LargeClass, s.LargeClasses))
	}
	if s.HugeClasses > 0 {
		parts = append(parts, fmt.Sprintf("%d 人及以上的超大班额 %d 个", p.HugeClass, s.HugeClasses))
	}
	if s.ShortRooms > 0 {
		parts = append(parts, fmt.Sprintf("缺普通教室 %d 间", s.ShortRooms))
	}
	if len(parts) > 0 && s.Classrooms > 0 {
		parts = append(parts, fmt.Sprintf("普通教室 %d 间, 编班 %d 个", s.Classrooms, s.Classes))
	}
	if len(parts) > 0 {
		ch.Text += "(" + strings.Join(parts, ", ") + ")"
	}
	return ch
}

// seatedCheck checks that every child of a level's ages has a place.
func seatedCheck(year int, level string, st Seating) Check {
	out := st.Unseated + st.Earlier
	ch := Check{Year: year, Scope: ScopeCounty, Level: level, Key: KeyAllSeated, Value: ptr(float64(out)), Limit: ptr(0),
		Pass: out == 0}
	where := "全县" + levelName(level)
	if ch.Pass {
		ch.Text = fmt.Sprintf("%d %s: 所有适龄儿童均有学位 (入学 %d 人, 均已安排)", year, where, st.Entrants)
	} else {
		ch.Text = fmt.Sprintf("%d %s: 所有适龄儿童均有学位 未达到: 入学 %d 人, %d 人无学位", year, where, st.Entrants, st.Unseated)
		if st.Earlier > 0 {
			ch.Text += fmt.Sprintf("; 往年未安排、仍无学位 %d 人", st.Earlier)
		}
	}
	if st.Note != "" {
		ch.Text += "; " + oneLine(st.Note)
	}
	return ch
}

// ruralWalkCheck counts the rural entrants walking longer than
// policy.rural_walk_min. It is a planning reference, not a standard of the
// evaluation: skipped, so that it never counts as a failure, with the count
// as its value.
func ruralWalkCheck(year int, level string, rw RuralWalk, p config.Policy) Check {
	return Check{Year: year, Scope: ScopeCounty, Level: level, Key: KeyRuralWalk, Value: ptr(float64(rw.Beyond)),
		Limit: ptr(p.RuralWalkMin), Skipped: true,
		Text: fmt.Sprintf("%d 全县%s: 农村学校新生 %d 人中 %d 人沿道路步行上学超过 %g 分钟 (按每分钟 %g 米计; 规划参考, 不计入验收)",
			year, levelName(level), rw.Entrants, rw.Beyond, p.RuralWalkMin, p.WalkSpeedMPerMin)}
}

func rooms(year int, s Section, name, level, key, what string, have *int, classes int, p config.Policy) Check {
	ch := Check{Year: year, Scope: ScopeSchool, SchoolID: s.SchoolID, Name: s.Name, Level: level, Key: key}
	if p.ClassesPerArtRoom <= 0 {
		ch.Skipped = true
		ch.Text = fmt.Sprintf("%d %s: %s 未检查(policy.classes_per_art_room %d 须大于 0)", year, name, what, p.ClassesPerArtRoom)
		return ch
	}
	need := (classes + p.ClassesPerArtRoom - 1) / p.ClassesPerArtRoom
	ch.Limit = ptr(float64(need))
	if have == nil {
		ch.Skipped = true
		ch.Text = fmt.Sprintf("%d %s: %s 未提供", year, name, what)
		return ch
	}
	ch.Value = ptr(float64(*have))
	ch.Pass = *have >= need
	ch.Text = fmt.Sprintf("%d %s: %s %d 间 %s %d 间(%d 个班, 每 %d 班 1 间)", year, name, what, *have, cmpLeast(ch.Pass), need, classes, p.ClassesPerArtRoom)
	return ch
}

func cmpLeast(ok bool) string {
	if ok {
		return "≥"
	}
	return "<"
}

func cmpMost(ok bool) string {
	if ok {
		return "≤"
	}
	return ">"
}

// ratioCheck checks num/den ≥ lim for a county ratio; level "" is both
// levels (全县). A note, when given, says after the counts who they are.
func ratioCheck(year int, level, key, what string, num, den int, lim float64, note string) Check {
	ch := Check{Year: year, Scope: ScopeCounty, Level: level, Key: key, Limit: ptr(lim)}
	where := "全县"
	if level != "" {
		where += levelName(level)
	}
	if den <= 0 {
		ch.Skipped = true
		ch.Text = fmt.Sprintf("%d %s: %s 无统计对象", year, where, what)
		return ch
	}
	v := float64(num) / float64(den)
	ch.Value = ptr(v)
	ch.Pass = atLeast(v, lim)
	vs, ls := formatPair(v*100, lim*100, 1, false)
	if note != "" {
		note = "，" + note
	}
	ch.Text = fmt.Sprintf("%d %s: %s %s%% %s %s%% (%d/%d%s)", year, where, what, vs, cmpLeast(ch.Pass), ls, num, den, note)
	return ch
}
