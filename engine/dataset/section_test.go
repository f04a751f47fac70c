package dataset

import (
	"strings"
	"testing"
)

func TestSectionName(t *testing.T) {
	for _, tc := range []struct {
		school School
		level  Level
		want   string
	}{
		{School{Name: "呼图壁县第三中学", PrimarySeats: 1500, JuniorSeats: 900, NineYear: true}, Primary, "呼图壁县第三中学小学部"},
		{School{Name: "呼图壁县第三中学", PrimarySeats: 1500, JuniorSeats: 900, NineYear: true}, Junior, "呼图壁县第三中学初中部"},
		// A nine-year school whose primary section has closed keeps the
		// name of its junior section.
		{School{Name: "呼图壁县第三中学", JuniorSeats: 900, NineYear: true}, Junior, "呼图壁县第三中学初中部"},
		// Both levels without the nine-year flag: still two sections.
		{School{Name: "大丰镇中心学校", PrimarySeats: 830, JuniorSeats: 400}, Primary, "大丰镇中心学校小学部"},
		{School{Name: "大丰镇中心学校", PrimarySeats: 830, JuniorSeats: 400}, Junior, "大丰镇中心学校初中部"},
		// One level: the school's name.
		{School{Name: "呼图壁县第二小学", PrimarySeats: 1070}, Primary, "呼图壁县第二小学"},
		{School{Name: "呼图壁县第四中学", JuniorSeats: 1200}, Junior, "呼图壁县第四中学"},
		// Names that already say the section or the level.
		{School{Name: "呼图壁县第一小学", PrimarySeats: 1, JuniorSeats: 1}, Primary, "呼图壁县第一小学"},
		{School{Name: "呼图壁县第一小学", PrimarySeats: 1, JuniorSeats: 1}, Junior, "呼图壁县第一小学初中部"},
		{School{Name: "某镇初级中学", PrimarySeats: 1, JuniorSeats: 1}, Junior, "某镇初级中学"},
		{School{Name: "某镇初级中学", PrimarySeats: 1, JuniorSeats: 1}, Primary, "某镇初级中学小学部"},
		{School{Name: "某校初中部", PrimarySeats: 1, JuniorSeats: 1}, Junior, "某校初中部"},
		{School{Name: "", PrimarySeats: 1, JuniorSeats: 1}, Junior, ""},
	} {
		if got := tc.school.SectionName(tc.level); got != tc.want {
			t.Errorf("%q %s: %q, want %q", tc.school.Name, tc.level, got, tc.want)
		}
	}
}

// The two sections of a campus with both levels never share a name, and a
// section's name always starts with the school's.
func TestSectionNamesDiffer(t *testing.T) {
	for _, name := range []string{"呼图壁县第三中学", "呼图壁县育才学校", "某镇九年一贯制学校", "呼图壁县第一小学", "某镇初级中学", "某镇初中", "x"} {
		s := School{Name: name, PrimarySeats: 10, JuniorSeats: 10}
		p, j := s.SectionName(Primary), s.SectionName(Junior)
		if p == j {
			t.Errorf("%s: both sections named %q", name, p)
		}
		if !strings.HasPrefix(p, name) || !strings.HasPrefix(j, name) {
			t.Errorf("%s: %q, %q do not start with the school's name", name, p, j)
		}
	}
}
