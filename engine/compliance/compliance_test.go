package compliance

import (
	"math"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine/config"
)

func fp(v float64) *float64 { return &v }
func ip(v int) *int         { return &v }

// find returns the check with the school id, level and key; t fails when
// there is not exactly one.
func find(t *testing.T, r Report, id, level, key string) Check {
	t.Helper()
	var out []Check
	for _, c := range r.Checks {
		if c.SchoolID == id && c.Level == level && c.Key == key {
			out = append(out, c)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%d checks %q/%q/%q, want 1; checks:\n%s", len(out), id, level, key, texts(r))
	}
	return out[0]
}

func texts(r Report) string {
	var b strings.Builder
	for _, c := range r.Checks {
		b.WriteString(c.Key + " | " + c.Text + "\n")
	}
	return b.String()
}

// full returns a section meeting every resource standard of docs/policy.md with
// room to spare: each input is 1.2 × standard × students (per 100 for the
// per-100 indicators).
func full(id, level string, students int) Section {
	std := config.Default().Policy.Resources.Of(level)
	n := float64(students)
	return Section{
		SchoolID: id, Name: id, Level: level, Students: students, Classes: 10, MaxClassSize: 40, Public: true,
		TeachersQualified: fp(1.2 * std.TeachersQualifiedPer100 * n / 100),
		TeachersBackbone:  fp(1.2 * std.BackbonePer100 * n / 100),
		TeachersPEArt:     fp(1.2 * std.PEArtPer100 * n / 100),
		TeachingAreaM2:    fp(1.2 * std.TeachingAreaM2 * n),
		SportsAreaM2:      fp(1.2 * std.SportsAreaM2 * n),
		EquipmentYuan:     fp(1.2 * std.EquipmentYuan * n),
		MultimediaRooms:   fp(1.2 * std.MultimediaPer100 * n / 100),
	}
}

func eval(p config.Policy, secs ...Section) Report {
	return Evaluate(County{Year: 2023, Sections: secs}, p)
}

func TestResourceIndicator(t *testing.T) {
	def := config.Default().Policy
	tests := []struct {
		name     string
		level    string
		students int
		key      string
		set      func(s *Section)
		value    float64 // worked out by hand
		pass     bool
		text     string
	}{
		{"800 students, 3400 m²: 4.25 < 4.5", Primary, 800, KeyTeachingArea, func(s *Section) { s.TeachingAreaM2 = fp(3400) },
			4.25, false, "2023 a: 生均教学及辅助用房面积 4.25 m² < 4.5 m²"},
		{"800 students, 3600 m²: 4.5 at the standard", Primary, 800, KeyTeachingArea, func(s *Section) { s.TeachingAreaM2 = fp(3600) },
			4.5, true, "2023 a: 生均教学及辅助用房面积 4.5 m² ≥ 4.5 m²"},
		{"junior 1000 students, 5700 m²: 5.7 < 5.8", Junior, 1000, KeyTeachingArea, func(s *Section) { s.TeachingAreaM2 = fp(5700) },
			5.7, false, "2023 a: 生均教学及辅助用房面积 5.7 m² < 5.8 m²"},
		{"sports 600 students 4416 m²: 7.36 < 7.5", Primary, 600, KeySportsArea, func(s *Section) { s.SportsAreaM2 = fp(4416) },
			7.36, false, "2023 a: 生均体育运动场馆面积 7.36 m² < 7.5 m²"},
		{"9 PE/art teachers for 1000: 0.9 at the standard", Primary, 1000, KeyPEArt, func(s *Section) { s.TeachersPEArt = fp(9) },
			0.9, true, "2023 a: 每百名学生拥有体育、艺术(美术、音乐)专任教师数 0.9 人 ≥ 0.9 人"},
		{"41 qualified teachers for 1000: 4.1 < 4.2", Primary, 1000, KeyTeachersQual, func(s *Section) { s.TeachersQualified = fp(41) },
			4.1, false, "2023 a: 每百名学生拥有高于规定学历教师数 4.1 人 < 4.2 人"},
		{"junior 53 qualified for 1000: 5.3 at the standard", Junior, 1000, KeyTeachersQual, func(s *Section) { s.TeachersQualified = fp(53) },
			5.3, true, "2023 a: 每百名学生拥有高于规定学历教师数 5.3 人 ≥ 5.3 人"},
		{"equipment 1,990,000 for 1000: 1990 < 2000", Primary, 1000, KeyEquipment, func(s *Section) { s.EquipmentYuan = fp(1_990_000) },
			1990, false, "2023 a: 生均教学仪器设备值 1990 元 < 2000 元"},
		{"multimedia 7 rooms for 300 junior: 2.33 < 2.4", Junior, 300, KeyMultimedia, func(s *Section) { s.MultimediaRooms = fp(7) },
			7.0 / 3, false, "2023 a: 每百名学生拥有网络多媒体教室数 2.33 间 < 2.4 间"},
		{"backbone 2 for 250: 0.8 < 1", Primary, 250, KeyBackbone, func(s *Section) { s.TeachersBackbone = fp(2) },
			0.8, false, "2023 a: 每百名学生拥有县级及以上骨干教师数 0.8 人 < 1 人"},
		{"4.4996 shown with enough decimals", Primary, 10000, KeyTeachingArea, func(s *Section) { s.TeachingAreaM2 = fp(44996) },
			4.4996, false, "2023 a: 生均教学及辅助用房面积 4.4996 m² < 4.5 m²"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := full("a", tc.level, tc.students)
			tc.set(&s)
			c := find(t, eval(def, s), "a", tc.level, tc.key)
			if c.Skipped || c.Value == nil || math.Abs(*c.Value-tc.value) > 1e-9 || c.Pass != tc.pass || c.Text != tc.text {
				t.Errorf("got skipped=%v value=%v pass=%v %q; want value %v pass %v %q", c.Skipped, deref(c.Value), c.Pass, c.Text, tc.value, tc.pass, tc.text)
			}
			if c.Scope != ScopeSchool || c.Year != 2023 {
				t.Errorf("scope %q year %d", c.Scope, c.Year)
			}
		})
	}
}

func deref(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func TestSixOfSevenAndFloor(t *testing.T) {
	def := config.Default().Policy
	// 1000 primary students; standards 4.5 m², 7.5 m², 2000 元, 4.2, 1.0, 0.9, 2.3 per 100.
	tests := []struct {
		name        string
		set         func(s *Section)
		met         float64 // indicators met, by hand
		sixPass     bool
		sixSkipped  bool
		floorValue  float64 // lowest value / standard, by hand; 0 = do not check
		floorPass   bool
		floorSkiped bool
		floorText   string
	}{
		{"all seven met", func(s *Section) {}, 7, true, false, 1.2, true, false, ""},
		{"6 met, one at 80%: floor fails", func(s *Section) { s.TeachingAreaM2 = fp(3600) /* 3.6 = 0.8×4.5 */ },
			6, true, false, 0.8, false, false, "2023 a: 最低指标 生均教学及辅助用房面积 为标准的 80.0% < 85%"},
		{"6 met, one at 86%: both pass", func(s *Section) { s.SportsAreaM2 = fp(6450) /* 6.45 = 0.86×7.5 */ },
			6, true, false, 0.86, true, false, "2023 a: 最低指标 生均体育运动场馆面积 为标准的 86.0% ≥ 85%"},
		{"6 met, one at exactly 85%", func(s *Section) { s.EquipmentYuan = fp(1_700_000) /* 1700 = 0.85×2000 */ },
			6, true, false, 0.85, true, false, ""},
		{"5 met: fails", func(s *Section) { s.TeachersBackbone = fp(9); s.TeachersPEArt = fp(8.5) },
			5, false, false, 0.9, true, false, ""},
		{"5 met, 1 missing, 1 short at 90%: undecided", func(s *Section) { s.MultimediaRooms = nil; s.TeachersBackbone = fp(9) },
			5, false, true, 0.9, false, true, "2023 a: 已提供的 6 项指标均不低于标准的 85%, 1 项未提供"},
		{"4 met, 1 missing, 2 short: fails", func(s *Section) { s.MultimediaRooms = nil; s.TeachersBackbone = fp(9); s.TeachersPEArt = fp(8.1) },
			4, false, false, 0.9, false, true, ""},
		{"6 met, 1 missing: passes, floor undecided", func(s *Section) { s.MultimediaRooms = nil },
			6, true, false, 1.2, false, true, ""},
		{"one missing and one at 50%: floor fails anyway", func(s *Section) { s.MultimediaRooms = nil; s.EquipmentYuan = fp(1_000_000) },
			5, false, true, 0.5, false, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := full("a", Primary, 1000)
			tc.set(&s)
			r := eval(def, s)
			six := find(t, r, "a", Primary, KeyResources6of7)
			if six.Value == nil || *six.Value != tc.met || six.Pass != tc.sixPass || six.Skipped != tc.sixSkipped || *six.Limit != 6 {
				t.Errorf("6of7: value %v pass %v skipped %v (%s); want %v %v %v", deref(six.Value), six.Pass, six.Skipped, six.Text, tc.met, tc.sixPass, tc.sixSkipped)
			}
			fl := find(t, r, "a", Primary, KeyResourcesFloor)
			if fl.Value == nil || math.Abs(*fl.Value-tc.floorValue) > 1e-9 || fl.Pass != tc.floorPass || fl.Skipped != tc.floorSkiped || *fl.Limit != 0.85 {
				t.Errorf("floor: value %v pass %v skipped %v (%s); want %v %v %v", deref(fl.Value), fl.Pass, fl.Skipped, fl.Text, tc.floorValue, tc.floorPass, tc.floorSkiped)
			}
			if tc.floorText != "" && fl.Text != tc.floorText {
				t.Errorf("floor text %q, want %q", fl.Text, tc.floorText)
			}
		})
	}
}

func TestSkipped(t *testing.T) {
	def := config.Default().Policy
	t.Run("nil input", func(t *testing.T) {
		s := full("a", Primary, 800)
		s.SportsAreaM2 = nil
		c := find(t, eval(def, s), "a", Primary, KeySportsArea)
		if !c.Skipped || c.Pass || c.Value != nil || c.Failed() || c.Text != "2023 a: 生均体育运动场馆面积 未提供" {
			t.Errorf("%+v", c)
		}
	})
	t.Run("nothing given", func(t *testing.T) {
		s := Section{SchoolID: "a", Name: "a", Level: Primary, Students: 800}
		r := eval(def, s)
		for _, k := range append(IndicatorKeys(), KeyResources6of7, KeyResourcesFloor, KeyClassSize, KeyMusicRooms, KeyArtRooms) {
			level := Primary
			if c := find(t, r, "a", level, k); !c.Skipped || c.Failed() {
				t.Errorf("%s not skipped: %s", k, c.Text)
			}
		}
		for _, k := range IndicatorKeys() {
			if c := find(t, r, "", Primary, CVPrefix+k); !c.Skipped {
				t.Errorf("cv %s not skipped: %s", k, c.Text)
			}
		}
		if !r.Passed() {
			t.Errorf("skipped checks failed the county: %v", r.Failures())
		}
	})
	t.Run("49 students small, 50 not", func(t *testing.T) {
		small := full("s", Primary, 49)
		small.TeachingAreaM2 = fp(49) // 1 m² per student, far below
		ok := full("t", Primary, 50)
		r := eval(def, small, ok)
		for _, k := range append(IndicatorKeys(), KeyResources6of7, KeyResourcesFloor) {
			if c := find(t, r, "s", Primary, k); !c.Skipped || c.Failed() {
				t.Errorf("small %s: %s", k, c.Text)
			}
			if c := find(t, r, "t", Primary, k); c.Skipped || !c.Pass {
				t.Errorf("50 students %s: %s", k, c.Text)
			}
		}
		c := find(t, r, "s", Primary, KeyTeachingArea)
		if c.Value == nil || *c.Value != 1 || c.Text != "2023 s: 生均教学及辅助用房面积 不计(学生 49 人 < 50 人)" {
			t.Errorf("small value %v text %q", deref(c.Value), c.Text)
		}
		// The CV is over the one school left: 0.
		if c := find(t, r, "", Primary, KeyCVTeachingArea); c.Skipped || *c.Value != 0 || !strings.HasSuffix(c.Text, "(1 校)") {
			t.Errorf("cv with the small school left out: %v %s", deref(c.Value), c.Text)
		}
		// The small school is still checked for class and school size.
		if c := find(t, r, "s", Primary, KeyClassSize); c.Skipped {
			t.Errorf("small school class size skipped")
		}
	})
	t.Run("NaN input", func(t *testing.T) {
		s := full("a", Primary, 800)
		s.EquipmentYuan = fp(math.NaN())
		c := find(t, eval(def, s), "a", Primary, KeyEquipment)
		if !c.Skipped || c.Value != nil || !strings.Contains(c.Text, "数据无效") {
			t.Errorf("%+v", c)
		}
	})
}

func TestSizes(t *testing.T) {
	def := config.Default().Policy
	tests := []struct {
		name  string
		secs  []Section
		id    string
		level string
		key   string
		value float64
		limit float64
		pass  bool
		text  string
	}{
		{"primary class 45 passes", []Section{{SchoolID: "a", Name: "甲", Level: Primary, Students: 400, MaxClassSize: 45}},
			"a", Primary, KeyClassSize, 45, 45, true, "2023 甲: 最大班额 45 人 ≤ 45 人"},
		{"primary class 46 fails", []Section{{SchoolID: "a", Name: "甲", Level: Primary, Students: 400, MaxClassSize: 46}},
			"a", Primary, KeyClassSize, 46, 45, false, "2023 甲: 最大班额 46 人 > 45 人"},
		{"junior class 50 passes", []Section{{SchoolID: "a", Name: "甲", Level: Junior, Students: 400, MaxClassSize: 50}},
			"a", Junior, KeyClassSize, 50, 50, true, "2023 甲: 最大班额 50 人 ≤ 50 人"},
		{"junior class 51 fails", []Section{{SchoolID: "a", Name: "甲", Level: Junior, Students: 400, MaxClassSize: 51}},
			"a", Junior, KeyClassSize, 51, 50, false, "2023 甲: 最大班额 51 人 > 50 人"},
		{"2000 passes", []Section{{SchoolID: "a", Name: "县四中", Level: Junior, Students: 2000}},
			"a", Junior, KeySchoolSize, 2000, 2000, true, "2023 县四中: 校额 2000 人 ≤ 2000 人"},
		{"2001 fails", []Section{{SchoolID: "a", Name: "县四中", Level: Junior, Students: 2001}},
			"a", Junior, KeySchoolSize, 2001, 2000, false, "2023 县四中: 校额 2001 人 > 2000 人"},
		{"campus students given", []Section{{SchoolID: "a", Name: "县四中", Level: Junior, Students: 1900, CampusStudents: 2130}},
			"a", Junior, KeySchoolSize, 2130, 2000, false, "2023 县四中: 校额 2130 人 > 2000 人"},
		{"students from grades", []Section{{SchoolID: "a", Name: "甲", Level: Junior, StudentsByGrade: []int{700, 700, 601}}},
			"a", Junior, KeySchoolSize, 2001, 2000, false, "2023 甲: 校额 2001 人 > 2000 人"},
		{"nine-year 1500+1000 = 2500 passes", []Section{
			{SchoolID: "n", Name: "九校", Level: Junior, Students: 1000, NineYear: true},
			{SchoolID: "n", Name: "九校", Level: Primary, Students: 1500, NineYear: true}},
			"n", "", KeySchoolSize, 2500, 2500, true, "2023 九校: 校额 2500 人 ≤ 2500 人(九年一贯制)"},
		{"nine-year 2501 fails", []Section{
			{SchoolID: "n", Name: "九校", Level: Primary, Students: 1501, NineYear: true},
			{SchoolID: "n", Name: "九校", Level: Junior, Students: 1000, NineYear: true}},
			"n", "", KeySchoolSize, 2501, 2500, false, "2023 九校: 校额 2501 人 > 2500 人(九年一贯制)"},
		{"two sections, not nine-year: 2000 cap", []Section{
			{SchoolID: "n", Name: "完中", Level: Primary, Students: 1200},
			{SchoolID: "n", Name: "完中", Level: Junior, Students: 900}},
			"n", "", KeySchoolSize, 2100, 2000, false, "2023 完中: 校额 2100 人 > 2000 人"},
		{"section of a two-section campus is named", []Section{
			{SchoolID: "n", Name: "九校", Level: Primary, Students: 900, MaxClassSize: 46, NineYear: true},
			{SchoolID: "n", Name: "九校", Level: Junior, Students: 600, NineYear: true}},
			"n", Primary, KeyClassSize, 46, 45, false, "2023 九校小学部: 最大班额 46 人 > 45 人"},
		{"18 classes need 2 music rooms", []Section{{SchoolID: "a", Name: "甲", Level: Primary, Students: 800, Classes: 18, MusicRooms: ip(1)}},
			"a", Primary, KeyMusicRooms, 1, 2, false, "2023 甲: 音乐教室 1 间 < 2 间(18 个班, 每 12 班 1 间)"},
		{"12 classes need 1 art room", []Section{{SchoolID: "a", Name: "甲", Level: Primary, Students: 500, Classes: 12, ArtRooms: ip(1)}},
			"a", Primary, KeyArtRooms, 1, 1, true, "2023 甲: 美术教室 1 间 ≥ 1 间(12 个班, 每 12 班 1 间)"},
		{"campus classes summed over sections: 20+17 need 4", []Section{
			{SchoolID: "n", Name: "九校", Level: Primary, Students: 900, Classes: 20, ArtRooms: ip(3)},
			{SchoolID: "n", Name: "九校", Level: Junior, Students: 800, Classes: 17}},
			"n", "", KeyArtRooms, 3, 4, false, "2023 九校: 美术教室 3 间 < 4 间(37 个班, 每 12 班 1 间)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := find(t, eval(def, tc.secs...), tc.id, tc.level, tc.key)
			if c.Skipped || *c.Value != tc.value || *c.Limit != tc.limit || c.Pass != tc.pass || c.Text != tc.text {
				t.Errorf("got %v/%v pass %v skipped %v %q; want %v/%v %v %q", deref(c.Value), deref(c.Limit), c.Pass, c.Skipped, c.Text, tc.value, tc.limit, tc.pass, tc.text)
			}
		})
	}
}

func TestCountyRatios(t *testing.T) {
	def := config.Default().Policy
	tests := []struct {
		name  string
		c     County
		level string
		key   string
		value float64 // by hand; NaN = skipped
		pass  bool
		text  string
	}{
		{"primary nearby 100/100", County{Year: 2026, Nearby: map[string]Nearby{Primary: {100, 100}}}, Primary, KeyNearbyRatio,
			1, true, "2026 全县小学: 就近划片入学比例 100.0% ≥ 100% (100/100)"},
		{"primary nearby 999/1000 fails 100%", County{Year: 2026, Nearby: map[string]Nearby{Primary: {999, 1000}}}, Primary, KeyNearbyRatio,
			0.999, false, "2026 全县小学: 就近划片入学比例 99.9% < 100% (999/1000)"},
		{"primary nearby 1999/2000 shown with two decimals", County{Year: 2026, Nearby: map[string]Nearby{Primary: {1999, 2000}}}, Primary, KeyNearbyRatio,
			0.9995, false, "2026 全县小学: 就近划片入学比例 99.95% < 100% (1999/2000)"},
		{"junior nearby 19/20 = 95% passes", County{Year: 2026, Nearby: map[string]Nearby{Junior: {19, 20}}}, Junior, KeyNearbyRatio,
			0.95, true, "2026 全县初中: 就近划片入学比例 95.0% ≥ 95% (19/20)"},
		{"junior nearby 18/20 fails", County{Year: 2026, Nearby: map[string]Nearby{Junior: {18, 20}}}, Junior, KeyNearbyRatio,
			0.9, false, "2026 全县初中: 就近划片入学比例 90.0% < 95% (18/20)"},
		{"nearby nobody counted", County{Year: 2026, Nearby: map[string]Nearby{Junior: {0, 0}}}, Junior, KeyNearbyRatio,
			math.NaN(), false, "2026 全县初中: 就近划片入学比例 无统计对象"},
		{"migrants 83%", County{Year: 2026, MigrantsEligible: 200, MigrantsPublic: 166}, "", KeyMigrantsPublic,
			0.83, false, "2026 全县: 随迁子女在公办学校就读比例 83.0% < 85% (166/200，一至九年级持居住证随迁子女在公办学校或政府购买学位就读)"},
		{"migrants 85%", County{Year: 2026, MigrantsEligible: 200, MigrantsPublic: 170}, "", KeyMigrantsPublic,
			0.85, true, "2026 全县: 随迁子女在公办学校就读比例 85.0% ≥ 85% (170/200，一至九年级持居住证随迁子女在公办学校或政府购买学位就读)"},
		{"disabled 19/20", County{Year: 2026, DisabledChildren: 20, DisabledEnrolled: 19}, "", KeyDisabledEnrol,
			0.95, true, "2026 全县: 残疾儿童少年入学率 95.0% ≥ 95% (19/20，一至九年级残疾儿童少年入学)"},
		{"disabled 37/40", County{Year: 2026, DisabledChildren: 40, DisabledEnrolled: 37}, "", KeyDisabledEnrol,
			0.925, false, "2026 全县: 残疾儿童少年入学率 92.5% < 95% (37/40，一至九年级残疾儿童少年入学)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := find(t, Evaluate(tc.c, def), "", tc.level, tc.key)
			if c.Scope != ScopeCounty || c.Text != tc.text || c.Pass != tc.pass {
				t.Errorf("got pass %v %q; want %v %q", c.Pass, c.Text, tc.pass, tc.text)
			}
			if math.IsNaN(tc.value) {
				if !c.Skipped || c.Value != nil {
					t.Errorf("not skipped: %+v", c)
				}
			} else if c.Skipped || math.Abs(*c.Value-tc.value) > 1e-12 {
				t.Errorf("value %v want %v", deref(c.Value), tc.value)
			}
		})
	}
}

func TestCVOfIndicator(t *testing.T) {
	def := config.Default().Policy
	// Three primary schools of 100, 200 and 700 students with 4, 5 and 6 m²
	// per student. By hand: w = 0.1, 0.2, 0.7; x̄ = 0.4 + 1.0 + 4.2 = 5.6;
	// Σ w (x − x̄)² = 0.1·2.56 + 0.2·0.36 + 0.7·0.16 = 0.256 + 0.072 + 0.112
	// = 0.44; CV = sqrt(0.44)/5.6 ≈ 0.11845.
	a, b, c := full("a", Primary, 100), full("b", Primary, 200), full("c", Primary, 700)
	a.TeachingAreaM2, b.TeachingAreaM2, c.TeachingAreaM2 = fp(400), fp(1000), fp(4200)
	small := full("d", Primary, 20)
	small.TeachingAreaM2 = fp(2000) // 100 m² per student, left out
	r := eval(def, a, b, c, small)
	ch := find(t, r, "", Primary, KeyCVTeachingArea)
	want := math.Sqrt(0.44) / 5.6
	if ch.Skipped || math.Abs(*ch.Value-want) > 1e-12 || !ch.Pass || *ch.Limit != 0.5 {
		t.Fatalf("cv %v want %v (%s)", deref(ch.Value), want, ch.Text)
	}
	if ch.Text != "2023 全县小学: 校际差异系数(生均教学及辅助用房面积) 0.12 ≤ 0.5 (3 校)" {
		t.Errorf("text %q", ch.Text)
	}
	// Equal inputs per student elsewhere: CV 0.
	if ch := find(t, r, "", Primary, KeyCVSportsArea); math.Abs(*ch.Value) > 1e-12 {
		t.Errorf("equal values give cv %v", *ch.Value)
	}
	for _, c := range r.Checks {
		if c.Level == Junior {
			t.Errorf("junior check without junior sections: %s", c.Text)
		}
	}

	// Two junior schools of 100 students with 5.1 and 15.3 m² of sports
	// ground per student: x̄ = 10.2, deviations ±5.1, CV = 5.1/10.2 = 0.5 >
	// 0.45; for primary schools the same figures meet 0.50.
	for _, tc := range []struct {
		level string
		pass  bool
		text  string
	}{
		{Junior, false, "2023 全县初中: 校际差异系数(生均体育运动场馆面积) 0.5 > 0.45 (2 校)"},
		{Primary, true, "2023 全县小学: 校际差异系数(生均体育运动场馆面积) 0.5 ≤ 0.5 (2 校)"},
	} {
		x, y := full("x", tc.level, 100), full("y", tc.level, 100)
		x.SportsAreaM2, y.SportsAreaM2 = fp(510), fp(1530)
		ch := find(t, eval(def, x, y), "", tc.level, KeyCVSportsArea)
		if math.Abs(*ch.Value-0.5) > 1e-12 || ch.Pass != tc.pass || ch.Text != tc.text {
			t.Errorf("%s: cv %v pass %v %q; want 0.5 %v %q", tc.level, *ch.Value, ch.Pass, ch.Text, tc.pass, tc.text)
		}
	}
}

func TestWeightedCVTable(t *testing.T) {
	tests := []struct {
		name string
		n    []int
		x    []float64
		want float64 // by hand; NaN = not ok
	}{
		{"100/200/700", []int{100, 200, 700}, []float64{4, 5, 6}, math.Sqrt(0.44) / 5.6},
		{"equal weights ±1 around 2", []int{5, 5}, []float64{1, 3}, 0.5},
		// w = 1/4, 3/4; x̄ = 0.25·0 + 0.75·4 = 3; var = 0.25·9 + 0.75·1 = 3.
		{"1:3 weights, 0 and 4", []int{1, 3}, []float64{0, 4}, math.Sqrt(3) / 3},
		{"one school", []int{300}, []float64{7}, 0},
		{"zero weight ignored", []int{0, 10, 10}, []float64{1000, 1, 3}, 0.5},
		{"empty", nil, nil, math.NaN()},
		{"mean zero", []int{1, 1}, []float64{0, 0}, math.NaN()},
		{"lengths differ", []int{1}, []float64{1, 2}, math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := WeightedCV(tc.n, tc.x)
			if math.IsNaN(tc.want) {
				if ok {
					t.Errorf("ok with %v", got)
				}
				return
			}
			if !ok || math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("got %v %v want %v", got, ok, tc.want)
			}
		})
	}
}

func TestConfigOverride(t *testing.T) {
	def := config.Default().Policy
	s := full("a", Primary, 30)
	s.MaxClassSize = 45
	s.TeachingAreaM2 = fp(30 * 3.6) // 80% of 4.5 m²

	p := def
	p.ClassSize.Primary = 40
	if c := find(t, eval(def, s), "a", Primary, KeyClassSize); !c.Pass {
		t.Errorf("default: %s", c.Text)
	}
	if c := find(t, eval(p, s), "a", Primary, KeyClassSize); c.Pass || c.Text != "2023 a: 最大班额 45 人 > 40 人" {
		t.Errorf("class_size 40: %s", c.Text)
	}

	// small_school 20 brings the 30-student school into the indicators; a
	// floor of 75% lets its 80% pass.
	p = def
	p.SmallSchool = 20
	if c := find(t, eval(def, s), "a", Primary, KeyResourcesFloor); !c.Skipped {
		t.Errorf("default small school not skipped: %s", c.Text)
	}
	if c := find(t, eval(p, s), "a", Primary, KeyResourcesFloor); c.Skipped || c.Pass {
		t.Errorf("small_school 20: %s", c.Text)
	}
	p.ResourcesFloor = 0.75
	if c := find(t, eval(p, s), "a", Primary, KeyResourcesFloor); !c.Pass || c.Text != "2023 a: 最低指标 生均教学及辅助用房面积 为标准的 80.0% ≥ 75%" {
		t.Errorf("floor 0.75: %s", c.Text)
	}
	p.ResourcesMinMet = 7
	if c := find(t, eval(p, s), "a", Primary, KeyResources6of7); c.Pass || c.Text != "2023 a: 资源配置达标 6 项 < 7 项(共 7 项)" {
		t.Errorf("min met 7: %s", c.Text)
	}
	p.Resources.Primary.TeachingAreaM2 = 3.5
	if c := find(t, eval(p, s), "a", Primary, KeyTeachingArea); !c.Pass || c.Text != "2023 a: 生均教学及辅助用房面积 3.6 m² ≥ 3.5 m²" {
		t.Errorf("standard 3.5: %s", c.Text)
	}

	p = def
	p.SchoolSizeNineYear = 3000
	n := []Section{{SchoolID: "n", Level: Primary, Students: 2000, NineYear: true}, {SchoolID: "n", Level: Junior, Students: 900, NineYear: true}}
	if c := find(t, eval(def, n...), "n", "", KeySchoolSize); c.Pass {
		t.Errorf("default 2900: %s", c.Text)
	}
	if c := find(t, eval(p, n...), "n", "", KeySchoolSize); !c.Pass {
		t.Errorf("nine-year 3000: %s", c.Text)
	}

	p = def
	p.MigrantPublicShare = 0.8
	c := County{Year: 2026, MigrantsEligible: 200, MigrantsPublic: 166}
	if ch := find(t, Evaluate(c, p), "", "", KeyMigrantsPublic); !ch.Pass || ch.Text != "2026 全县: 随迁子女在公办学校就读比例 83.0% ≥ 80% (166/200，一至九年级持居住证随迁子女在公办学校或政府购买学位就读)" {
		t.Errorf("migrants 0.8: %s", ch.Text)
	}

	p = def
	p.ClassesPerArtRoom = 0 // misconfigured: skipped, no division by zero
	s.MusicRooms = ip(1)
	if ch := find(t, eval(p, s), "a", Primary, KeyMusicRooms); !ch.Skipped || ch.Failed() {
		t.Errorf("classes_per_art_room 0: %s", ch.Text)
	}
}

func TestPassedAndFailures(t *testing.T) {
	def := config.Default().Policy
	good := full("a", Primary, 500)
	r := Evaluate(County{Year: 2025, Sections: []Section{good}, Nearby: map[string]Nearby{Primary: {50, 50}}}, def)
	if !r.Passed() || len(r.Failures()) != 0 {
		t.Fatalf("good county fails: %v\n%s", r.Failures(), texts(r))
	}
	bad := full("b", Primary, 500)
	bad.MaxClassSize = 46
	r = Evaluate(County{Year: 2025, Sections: []Section{good, bad}, MigrantsEligible: 10, MigrantsPublic: 8}, def)
	f := r.Failures()
	if r.Passed() || len(f) != 2 || f[0].Key != KeyClassSize || f[0].SchoolID != "b" || f[1].Key != KeyMigrantsPublic {
		t.Errorf("failures %v", f)
	}
	for _, c := range r.Checks {
		if c.Year != 2025 || !strings.HasPrefix(c.Text, "2025 ") {
			t.Errorf("year missing: %+v", c)
		}
	}
}

func TestUnknownLevel(t *testing.T) {
	r := eval(config.Default().Policy, Section{SchoolID: "x", Name: "某校", Level: "senior", Students: 3000})
	c := find(t, r, "x", "senior", KeyLevel)
	if !c.Skipped || c.Text != `2023 某校: 学段 "senior" 无效(可用 primary、junior), 未检查` {
		t.Errorf("%+v", c)
	}
	for _, ch := range r.Checks {
		if ch.SchoolID == "x" && ch.Key != KeyLevel {
			t.Errorf("checked anyway: %s", ch.Text)
		}
	}
}

func TestOrderIndependent(t *testing.T) {
	def := config.Default().Policy
	secs := []Section{full("c", Junior, 300), full("a", Junior, 500), full("a", Primary, 900), full("b", Primary, 60)}
	secs[1].NineYear, secs[2].NineYear = true, true
	r1 := eval(def, secs...)
	rev := []Section{secs[3], secs[2], secs[1], secs[0]}
	r2 := eval(def, rev...)
	if texts(r1) != texts(r2) {
		t.Errorf("order changes the report:\n%s\nvs\n%s", texts(r1), texts(r2))
	}
	// Sections in school id order, primary before junior.
	var order []string
	for _, c := range r1.Checks {
		if c.Key == KeyClassSize {
			order = append(order, c.SchoolID+"/"+c.Level)
		}
	}
	if strings.Join(order, " ") != "a/primary a/junior b/primary c/junior" {
		t.Errorf("order %v", order)
	}
}

func TestIndicatorValue(t *testing.T) {
	s := Section{Students: 400, TeachersQualified: fp(18), TeachingAreaM2: fp(2000), EquipmentYuan: fp(math.Inf(1))}
	tests := []struct {
		key  string
		want float64 // by hand; NaN = not ok
	}{
		{KeyTeachersQual, 4.5}, // 18 × 100 / 400
		{KeyTeachingArea, 5},   // 2000 / 400
		{KeySportsArea, math.NaN()},
		{KeyEquipment, math.NaN()},
		{"cv_teaching_area_m2", math.NaN()},
	}
	for _, tc := range tests {
		got, ok := IndicatorValue(s, tc.key)
		if math.IsNaN(tc.want) != !ok || (ok && got != tc.want) {
			t.Errorf("%s: %v %v, want %v", tc.key, got, ok, tc.want)
		}
	}
	s.Students = 0
	if _, ok := IndicatorValue(s, KeyTeachingArea); ok {
		t.Error("value without students")
	}
	if got := strings.Join(IndicatorKeys(), ","); got != "teachers_qualified_per100,backbone_per100,pe_art_per100,teaching_area_m2,sports_area_m2,equipment_yuan,multimedia_per100" {
		t.Errorf("keys %s", got)
	}
}

// TestAllSeated: the check is made per level that County.Seating gives,
// passes only when every child of the level's ages has a place (this
// year's entrants and those left without one in earlier years), and its
// sentence gives the counts and the caller's note.
func TestAllSeated(t *testing.T) {
	p := config.Default().Policy
	for _, tc := range []struct {
		name string
		st   Seating
		pass bool
		text string
	}{
		{"all seated", Seating{Entrants: 2450}, true, "2029 全县初中: 所有适龄儿童均有学位 (入学 2450 人, 均已安排)"},
		{"short", Seating{Entrants: 2450, Unseated: 20, Note: "全县可招生学位 2430 个"}, false,
			"2029 全县初中: 所有适龄儿童均有学位 未达到: 入学 2450 人, 20 人无学位; 全县可招生学位 2430 个"},
		{"earlier", Seating{Entrants: 2240, Earlier: 20}, false,
			"2029 全县初中: 所有适龄儿童均有学位 未达到: 入学 2240 人, 0 人无学位; 往年未安排、仍无学位 20 人"},
	} {
		r := Evaluate(County{Year: 2029, Seating: map[string]Seating{Junior: tc.st}}, p)
		c := find(t, r, "", Junior, KeyAllSeated)
		if c.Pass != tc.pass || c.Failed() == tc.pass || c.Text != tc.text || *c.Value != float64(tc.st.Unseated+tc.st.Earlier) {
			t.Errorf("%s: pass %v value %v %q, want pass %v %q", tc.name, c.Pass, *c.Value, c.Text, tc.pass, tc.text)
		}
		for _, c := range r.Checks {
			if c.Key == KeyAllSeated && c.Level != Junior {
				t.Errorf("%s: an all_seated check for %q, which Seating does not give", tc.name, c.Level)
			}
		}
	}
}

// TestClassSizeCounts: the class_size sentence says the classes over the
// cap, the large and huge ones and the classrooms when there are any.
func TestClassSizeCounts(t *testing.T) {
	s := full("a", Primary, 1800)
	s.MaxClassSize, s.Classes, s.Classrooms, s.OverClasses, s.LargeClasses, s.HugeClasses = 58, 36, 36, 12, 2, 0
	c := find(t, eval(config.Default().Policy, s), "a", Primary, KeyClassSize)
	if want := "2023 a: 最大班额 58 人 > 45 人(超过 45 人的班 12 个, 56 人及以上的大班额 2 个, 普通教室 36 间, 编班 36 个)"; c.Pass || c.Text != want {
		t.Errorf("got %q, want %q", c.Text, want)
	}
}
