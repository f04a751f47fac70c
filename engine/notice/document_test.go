package notice

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

func TestNumeral(t *testing.T) {
	// Written by hand, as Chinese documents number items.
	cases := []struct {
		n    int
		want string
	}{
		{0, "零"}, {1, "一"}, {2, "二"}, {9, "九"}, {10, "十"}, {11, "十一"}, {12, "十二"},
		{19, "十九"}, {20, "二十"}, {21, "二十一"}, {30, "三十"}, {99, "九十九"},
		{100, "一百"}, {101, "一百零一"}, {110, "一百一十"}, {111, "一百一十一"}, {120, "一百二十"},
		{999, "九百九十九"}, {1000, "一千"}, {1001, "一千零一"}, {1010, "一千零一十"},
		{1100, "一千一百"}, {2019, "二千零一十九"}, {9999, "九千九百九十九"},
		{10000, "一万"}, {10001, "一万零一"}, {10010, "一万零一十"}, {10100, "一万零一百"},
		{11000, "一万一千"}, {100000, "十万"}, {110000, "十一万"}, {150000, "十五万"},
		{1000100, "一百万零一百"}, {1001000, "一百万一千"}, {99999999, "九千九百九十九万九千九百九十九"},
		{100000000, "100000000"}, {-1, "-1"},
	}
	for _, tc := range cases {
		if got := Numeral(tc.n); got != tc.want {
			t.Errorf("Numeral(%d) = %s, want %s", tc.n, got, tc.want)
		}
	}
}

func TestItemAndSectionNumbers(t *testing.T) {
	cases := []struct {
		n             int
		item, section string
	}{
		{1, "（一）", "一、"}, {2, "（二）", "二、"}, {10, "（十）", "十、"}, {11, "（十一）", "十一、"},
		{20, "（二十）", "二十、"}, {21, "（二十一）", "二十一、"}, {105, "（一百零五）", "一百零五、"},
	}
	for _, tc := range cases {
		if got := ItemNumber(tc.n); got != tc.item {
			t.Errorf("ItemNumber(%d) = %s, want %s", tc.n, got, tc.item)
		}
		if got := SectionNumber(tc.n); got != tc.section {
			t.Errorf("SectionNumber(%d) = %s, want %s", tc.n, got, tc.section)
		}
	}
}

// parseNumeral reads a Chinese numeral back, independently of Numeral: a
// digit sets the pending number, 十/百/千 multiply it (十 alone is 10) into
// the section, 万 closes the section, 零 only separates.
func parseNumeral(s string) (int, error) {
	digits := map[rune]int{'零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	units := map[rune]int{'十': 10, '百': 100, '千': 1000}
	total, section, num := 0, 0, 0
	for _, r := range s {
		if d, ok := digits[r]; ok {
			num = d
			continue
		}
		if u, ok := units[r]; ok {
			if num == 0 {
				if r != '十' {
					return 0, fmt.Errorf("%s: %c without a digit", s, r)
				}
				num = 1
			}
			section += num * u
			num = 0
			continue
		}
		if r == '万' {
			total += (section + num) * 10000
			section, num = 0, 0
			continue
		}
		return 0, fmt.Errorf("%s: %c", s, r)
	}
	return total + section + num, nil
}

// checkNumeral checks that Numeral(n) reads back as n and is written in
// the canonical form: no 零零, no trailing 零, no leading 一十.
func checkNumeral(t *testing.T, n int) {
	t.Helper()
	s := Numeral(n)
	got, err := parseNumeral(s)
	if err != nil || got != n {
		t.Fatalf("Numeral(%d) = %s reads back as %d (%v)", n, s, got, err)
	}
	if n > 0 && (strings.Contains(s, "零零") || strings.HasSuffix(s, "零") || strings.HasPrefix(s, "一十") || strings.Contains(s, "零万")) {
		t.Fatalf("Numeral(%d) = %s is not canonical", n, s)
	}
}

func TestNumeralReadsBack(t *testing.T) {
	for n := 0; n <= 20000; n++ {
		checkNumeral(t, n)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		checkNumeral(t, r.IntN(100000000))
	}
}

func FuzzNumeral(f *testing.F) {
	for _, n := range []int{0, 1, 10, 11, 101, 10010, 99999999, 100000000, -5} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int) {
		if n < 0 || n > 99999999 {
			if Numeral(n) == "" {
				t.Fatalf("Numeral(%d) is empty", n)
			}
			return
		}
		checkNumeral(t, n)
	})
}

func TestTitle(t *testing.T) {
	cases := []struct {
		county string
		year   int
		want   string
	}{
		{"呼图壁县", 2022, "呼图壁县2022年义务教育招生片区"},
		{"呼图壁县", 0, "呼图壁县义务教育招生片区"},
		{"", 2022, "2022年义务教育招生片区"},
		{"", 0, "义务教育招生片区"},
		{" 呼图壁县 ", -1, "呼图壁县义务教育招生片区"},
		{"呼图壁县 (synthetic)", 2022, "呼图壁县2022年义务教育招生片区"},
		{"呼图壁县（试点）", 2022, "呼图壁县2022年义务教育招生片区"},
		{"Hutubi", 0, "Hutubi 义务教育招生片区"},
		{"第3区", 2022, "第3区2022年义务教育招生片区"},
	}
	for _, tc := range cases {
		if got := Title(tc.county, tc.year); got != tc.want {
			t.Errorf("Title(%q, %d) = %q, want %q", tc.county, tc.year, got, tc.want)
		}
	}
}

func TestLevelHeading(t *testing.T) {
	for level, want := range map[string]string{"primary": "小学招生片区", "junior": "初中招生片区", "幼儿园": "幼儿园招生片区"} {
		if got := LevelHeading(level); got != want {
			t.Errorf("LevelHeading(%q) = %q, want %q", level, got, want)
		}
	}
}

// zone is a zone with one compound, for the document tests.
func zone(id, name, compound string) Zone {
	return Zone{SchoolID: id, SchoolName: name, Compounds: []Compound{{Township: "呼图壁镇", Name: compound}}}
}

func TestDocumentSections(t *testing.T) {
	a, b, c, d := zone("a", "甲小学", "锦华苑"), zone("b", "乙小学", "天山花园"), zone("c", "丙小学", "天山花园"), zone("d", "丁小学", "桃李园")
	cases := []struct {
		name   string
		plans  []Plan
		groups Groups
		want   []string // per paragraph: level|schools|text
		err    string
	}{
		{
			name:  "no groups: every school its own paragraph, in plan order",
			plans: []Plan{{Level: "junior", Zones: []Zone{d}}, {Level: "primary", Zones: []Zone{b, a}}},
			want:  []string{"junior|d|丁小学：桃李园。", "primary|b|乙小学：天山花园。", "primary|a|甲小学：锦华苑。"},
		},
		{
			name:   "a shared zone at its first school's place",
			plans:  []Plan{{Level: "primary", Zones: []Zone{a, b, d, c}}},
			groups: Groups{"primary": {"b": "Z", "c": "Z"}},
			want:   []string{"primary|a|甲小学：锦华苑。", "primary|b,c|乙小学、丙小学（多校划片）：天山花园。", "primary|d|丁小学：桃李园。"},
		},
		{
			name:   "groups of another level do not apply",
			plans:  []Plan{{Level: "primary", Zones: []Zone{b, c}}},
			groups: Groups{"junior": {"b": "Z", "c": "Z"}},
			want:   []string{"primary|b|乙小学：天山花园。", "primary|c|丙小学：天山花园。"},
		},
		{
			name:   "one school of a shared zone listed: still 多校划片",
			plans:  []Plan{{Level: "primary", Zones: []Zone{b}}},
			groups: Groups{"primary": {"b": "Z", "x": "Z"}},
			want:   []string{"primary|b|乙小学（多校划片）：天山花园。"},
		},
		{
			name:   "a zone_id of one school is not 多校划片",
			plans:  []Plan{{Level: "primary", Zones: []Zone{b}}},
			groups: Groups{"primary": {"b": "Z"}},
			want:   []string{"primary|b|乙小学：天山花园。"},
		},
		{
			name:   "three schools, no name: the id",
			plans:  []Plan{{Level: "primary", Zones: []Zone{b, {SchoolID: "e", Compounds: b.Compounds}, c}}},
			groups: Groups{"primary": {"b": "Z", "c": "Z", "e": "Z"}},
			want:   []string{"primary|b,e,c|乙小学、e、丙小学（多校划片）：天山花园。"},
		},
		{
			name:   "different words in one zone",
			plans:  []Plan{{Level: "primary", Zones: []Zone{a, b}}},
			groups: Groups{"primary": {"a": "Z", "b": "Z"}},
			err:    "primary multi-school zone Z: schools a and b have different descriptions",
		},
		{name: "a level twice", plans: []Plan{{Level: "primary"}, {Level: "primary"}}, err: "level primary twice"},
		{name: "an empty level", plans: []Plan{{Zones: []Zone{a}}}, err: "empty level"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			secs, err := Document{Plans: tc.plans, Groups: tc.groups}.Sections()
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range secs {
				for _, p := range s.Paragraphs {
					got = append(got, s.Level+"|"+strings.Join(p.Schools, ",")+"|"+p.Text())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestDocumentWriteText(t *testing.T) {
	var zs []Zone
	for i := 1; i <= 21; i++ {
		zs = append(zs, zone(fmt.Sprint(i), fmt.Sprintf("第%d小学", i), "锦华苑"))
	}
	doc := Document{Title: Title("呼图壁县", 2022), Plans: []Plan{{Level: "primary", Zones: zs}, {Level: "junior", Zones: zs[:1]}}}
	var b bytes.Buffer
	if err := doc.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	// Title, blank, heading, 21 paragraphs, blank, heading, 1 paragraph, and
	// the empty string after the last line end.
	if len(lines) != 1+1+1+21+1+1+1+1 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	for i, want := range map[int]string{
		0:  "呼图壁县2022年义务教育招生片区",
		1:  "",
		2:  "一、小学招生片区",
		3:  "（一）第1小学：锦华苑。",
		12: "（十）第10小学：锦华苑。",
		13: "（十一）第11小学：锦华苑。",
		22: "（二十）第20小学：锦华苑。",
		23: "（二十一）第21小学：锦华苑。",
		24: "",
		25: "二、初中招生片区",
		26: "（一）第1小学：锦华苑。",
		27: "",
	} {
		if lines[i] != want {
			t.Errorf("line %d: %q, want %q", i+1, lines[i], want)
		}
	}

	// No title: the first heading first.
	b.Reset()
	if err := (Document{Plans: doc.Plans[1:]}).WriteText(&b); err != nil || b.String() != "一、初中招生片区\n（一）第1小学：锦华苑。\n" {
		t.Errorf("without a title: %v %q", err, b.String())
	}

	// A bad document writes nothing.
	b.Reset()
	bad := Document{Title: "x", Plans: []Plan{{Level: "primary"}, {Level: "primary"}}}
	if err := bad.WriteText(&b); err == nil || b.Len() > 0 {
		t.Errorf("bad document: %v, wrote %q", err, b.String())
	}
	if err := bad.WriteMarkdown(&b); err == nil || b.Len() > 0 {
		t.Errorf("bad document as Markdown: %v, wrote %q", err, b.String())
	}

	// A writer's error is returned.
	if err := doc.WriteText(failWriter{}); err == nil {
		t.Error("a failing writer's error was lost")
	}
}

func TestDocumentWriteMarkdown(t *testing.T) {
	doc := Document{
		Title: "呼图壁县*2022*",
		Plans: []Plan{{Level: "primary", Zones: []Zone{zone("a", "甲_小学", "[锦华苑]"), zone("b", "乙小学", "天山花园")}}},
	}
	var b bytes.Buffer
	if err := doc.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	want := "# 呼图壁县\\*2022\\*\n\n## 一、小学招生片区\n\n（一）甲\\_小学：\\[锦华苑\\]。\n\n（二）乙小学：天山花园。\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestDescribeZones checks DescribeZones against Describe: a zone's
// description is that of Describe with every household of the zone given
// to one of its schools, copied to each school of the zone under its own
// id and name.
func TestDescribeZones(t *testing.T) {
	ds := &dataset.Dataset{}
	for i := range 5 {
		ds.Schools = append(ds.Schools, dataset.School{ID: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("第%d小学", i)})
	}
	addrs := []string{
		"呼图壁镇园林路18号锦华苑1栋", "呼图壁镇园林路18号锦华苑2栋", "呼图壁镇东风路1号", "呼图壁镇东风路3号",
		"二十里店镇红山村1组2号", "二十里店镇红山村2组2号", "大丰镇高桥村1组1号", "呼图壁镇东风路5号",
	}
	for i, a := range addrs {
		ds.Households = append(ds.Households, dataset.Household{ID: fmt.Sprint(i), Address: a})
	}
	ds.Index()
	// Zones: 0 = {s3, s1} (shared, listed out of order), 1 = {s2}, 2 = {s4}
	// with no household; s0 has no zone. Household 7 is in none, household
	// 6's zone index is out of range.
	members := [][]int{{3, 1}, {2}, {4}}
	zoneOf := []int{0, 0, 1, 0, 1, 1, 9, -1}
	got := DescribeZones(ds, zoneOf, members)

	// Household → the school Describe is given: zone 0 → s3 (its first
	// member), zone 1 → s2.
	ref := Describe(ds, []int{3, 3, 2, 3, 2, 2, -1, -1})
	byID := map[string]Zone{}
	for _, z := range ref {
		byID[z.SchoolID] = z
	}
	want := []struct{ id, from string }{{"s1", "s3"}, {"s2", "s2"}, {"s3", "s3"}} // ds.Schools order
	if len(got) != len(want) {
		t.Fatalf("%d zones, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		z := byID[w.from]
		z.SchoolID, z.SchoolName = w.id, ds.Schools[ds.SchoolIndex(w.id)].Name
		if got[i].SchoolID != w.id || got[i].SchoolName != z.SchoolName || got[i].Text() != z.Text() || got[i].Households != z.Households {
			t.Errorf("zone %d: %s %q (%d households), want %s %q (%d)", i, got[i].SchoolID, got[i].Text(), got[i].Households, w.id, z.Text(), z.Households)
		}
	}
	// Worked out by hand: zone 0 holds 锦华苑 (at 园林路18号: 园林路1—18号
	// are its numbers) and 东风路3号, with 4 (absent, after 3; 5 is unzoned);
	// zone 1 东风路1号, with 2 (absent, after 1), and 红山村 groups 1–2.
	if want := "第1小学：锦华苑；东风路3—4号、园林路1—18号。"; got[0].Text() != want {
		t.Errorf("zone of s1: %q, want %q", got[0].Text(), want)
	}
	if want := "第2小学：东风路1—2号；二十里店镇红山村全村。"; got[1].Text() != want {
		t.Errorf("zone of s2: %q, want %q", got[1].Text(), want)
	}

	// A school in two zones takes the first; a school index out of range is skipped.
	got = DescribeZones(ds, []int{0, 1}, [][]int{{2, 7}, {2}})
	if len(got) != 1 || got[0].SchoolID != "s2" || got[0].Text() != "第2小学：锦华苑（部分）；园林路1—18号。" {
		t.Errorf("school in two zones: %+v", got)
	}
	if got := DescribeZones(ds, nil, nil); got != nil {
		t.Errorf("no zones: %+v", got)
	}
}

func TestGroupsOf(t *testing.T) {
	g := GroupsOf([]dataset.Zone{
		{Level: dataset.Primary, SchoolID: "a", ZoneID: "Z"},
		{Level: dataset.Primary, SchoolID: "b", ZoneID: "Z"},
		{Level: dataset.Primary, SchoolID: "c"},
		{Level: dataset.Junior, SchoolID: "a", ZoneID: "J"},
	})
	if len(g) != 2 || len(g["primary"]) != 2 || g["primary"]["a"] != "Z" || g["primary"]["b"] != "Z" || g["junior"]["a"] != "J" {
		t.Errorf("GroupsOf: %v", g)
	}
}

func BenchmarkDocumentWriteText(b *testing.B) {
	var zs []Zone
	for i := range 40 {
		zs = append(zs, Zone{SchoolID: fmt.Sprint(i), SchoolName: "呼图壁县第一小学",
			Compounds: []Compound{{Name: "锦华苑"}, {Name: "天山花园"}},
			Streets:   []Street{{Road: "东风路", Ranges: []Range{{From: 1, To: 35}, {From: 40, To: 52}}}},
			Villages:  []Village{{Township: "大丰镇", Name: "高桥村", Groups: []int{1, 2, 3, 5}}}})
	}
	doc := Document{Title: Title("呼图壁县", 2022), Plans: []Plan{{Level: "primary", Zones: zs}, {Level: "junior", Zones: zs[:10]}}}
	for b.Loop() {
		if err := doc.WriteText(discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
