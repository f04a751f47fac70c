package compliance_test

import (
	"fmt"
	"strings"

	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/config"
)

func f(v float64) *float64 { return &v }
func n(v int) *int         { return &v }

// A county of one primary school whose teaching floor area is short.
func ExampleEvaluate() {
	s := compliance.Section{
		SchoolID: "p2", Name: "县二小", Level: compliance.Primary,
		Students: 800, Classes: 18, MaxClassSize: 45, Public: true, AreaType: "urban",
		TeachingAreaM2: f(3400), SportsAreaM2: f(6400), TeachersQualified: f(36),
		TeachersBackbone: f(8), TeachersPEArt: f(8), EquipmentYuan: f(1_700_000), MultimediaRooms: f(19),
		MusicRooms: n(2), ArtRooms: n(1),
	}
	c := compliance.County{
		Year:             2023,
		Sections:         []compliance.Section{s},
		Nearby:           map[string]compliance.Nearby{compliance.Primary: {Zoned: 120, Counted: 120}},
		MigrantsEligible: 200, MigrantsPublic: 166,
		DisabledChildren: 20, DisabledEnrolled: 19,
	}
	r := compliance.Evaluate(c, config.Default().Policy)
	for _, ch := range r.Checks {
		if ch.Scope == compliance.ScopeSchool {
			fmt.Println(ch.Text)
		}
	}
	fmt.Println("failures:")
	for _, ch := range r.Failures() {
		fmt.Println(ch.Text)
	}
	fmt.Println("passed:", r.Passed())
	// Output:
	// 2023 县二小: 校额 800 人 ≤ 2000 人
	// 2023 县二小: 最大班额 45 人 ≤ 45 人
	// 2023 县二小: 每百名学生拥有高于规定学历教师数 4.5 人 ≥ 4.2 人
	// 2023 县二小: 每百名学生拥有县级及以上骨干教师数 1 人 ≥ 1 人
	// 2023 县二小: 每百名学生拥有体育、艺术(美术、音乐)专任教师数 1 人 ≥ 0.9 人
	// 2023 县二小: 生均教学及辅助用房面积 4.25 m² < 4.5 m²
	// 2023 县二小: 生均体育运动场馆面积 8 m² ≥ 7.5 m²
	// 2023 县二小: 生均教学仪器设备值 2125 元 ≥ 2000 元
	// 2023 县二小: 每百名学生拥有网络多媒体教室数 2.38 间 ≥ 2.3 间
	// 2023 县二小: 资源配置达标 6 项 ≥ 6 项(共 7 项)
	// 2023 县二小: 最低指标 生均教学及辅助用房面积 为标准的 94.4% ≥ 85%
	// 2023 县二小: 音乐教室 2 间 ≥ 2 间(18 个班, 每 12 班 1 间)
	// 2023 县二小: 美术教室 1 间 < 2 间(18 个班, 每 12 班 1 间)
	// failures:
	// 2023 县二小: 生均教学及辅助用房面积 4.25 m² < 4.5 m²
	// 2023 县二小: 美术教室 1 间 < 2 间(18 个班, 每 12 班 1 间)
	// 2023 全县: 随迁子女在公办学校就读比例 83.0% < 85% (166/200，一至九年级持居住证随迁子女在公办学校或政府购买学位就读)
	// passed: false
}

// Splitting a nine-year school's campus figures between its sections.
func ExampleSplitCampus() {
	campus := compliance.Resources{TeachingAreaM2: f(9000), TeachersQualified: f(60)}
	p, j := compliance.SplitCampus(campus, 1200, 600)
	fmt.Println(*p.TeachingAreaM2, *j.TeachingAreaM2, *p.TeachersQualified, *j.TeachersQualified, p.SportsAreaM2 == nil)
	// Output: 6000 3000 40 20 true
}

// Writing compliance.csv.
func ExampleWriteCSV() {
	r := compliance.Evaluate(compliance.County{Year: 2026, MigrantsEligible: 100, MigrantsPublic: 83}, config.Default().Policy)
	var b strings.Builder
	if err := compliance.WriteCSV(&b, []compliance.Report{r}); err != nil {
		fmt.Println(err)
	}
	// The file starts with a byte order mark and its lines end in CRLF.
	fmt.Print(strings.ReplaceAll(strings.TrimPrefix(b.String(), "\uFEFF"), "\r\n", "\n"))
	// Output:
	// year,scope,school_id,name,level,key,value,limit,pass,text
	// 2026,county,,,,migrants_public,0.83,0.85,0,2026 全县: 随迁子女在公办学校就读比例 83.0% < 85% (83/100，一至九年级持居住证随迁子女在公办学校或政府购买学位就读)
	// 2026,county,,,,disabled_enrolment,,0.95,,2026 全县: 残疾儿童少年入学率 无统计对象
}

// The weighted between-school coefficient of variation of three schools of
// 100, 200 and 700 students with 4, 5 and 6 m² per student:
// sqrt(0.44)/5.6.
func ExampleWeightedCV() {
	cv, ok := compliance.WeightedCV([]int{100, 200, 700}, []float64{4, 5, 6})
	fmt.Printf("%.4f %v\n", cv, ok)
	// Output: 0.1185 true
}
