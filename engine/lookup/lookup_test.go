package lookup

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// haversine is the great-circle distance in metres on a sphere of radius
// 6,371,008.8 m, written out independently of package geo.
func haversine(a, b orb.Point) float64 {
	const r = 6371008.8
	rad := math.Pi / 180
	dlat, dlon := (b[1]-a[1])*rad, (b[0]-a[0])*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(a[1]*rad)*math.Cos(b[1]*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// schoolsOf lists "level:school" of an answer, in order.
func schoolsOf(a *Answer) []string {
	if a == nil {
		return nil
	}
	var out []string
	for _, l := range a.Levels {
		for _, s := range l.Schools {
			out = append(out, l.Level+":"+s.SchoolID)
		}
	}
	return out
}

func TestLocateTiny(t *testing.T) {
	p := tinyPlan(t)
	tests := []struct {
		name    string
		pt      orb.Point
		want    []string
		zoneID  string // of the primary level
		wantErr string
	}{
		{"west", orb.Point{87.05, 44.0}, []string{"primary:A", "junior:J"}, "", ""},
		{"east multi-school", orb.Point{87.2, 44.02}, []string{"primary:B1", "primary:B2", "junior:J"}, "east", ""},
		{"on the shared border", orb.Point{87.1, 44.0}, []string{"primary:A", "junior:J"}, "", ""},
		{"outside", orb.Point{86.0, 44.0}, nil, "", "outside the zoned area of 测试县"},
		{"NaN", orb.Point{math.NaN(), 44}, nil, "", "finite"},
		{"lat out of range", orb.Point{87, 91}, nil, "", "lat -90..90"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := p.Locate(tc.pt)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := schoolsOf(&a); !slices.Equal(got, tc.want) {
				t.Fatalf("schools %v, want %v", got, tc.want)
			}
			if a.Levels[0].ZoneID != tc.zoneID {
				t.Errorf("zone id %q, want %q", a.Levels[0].ZoneID, tc.zoneID)
			}
			if a.Point == nil || *a.Point != tc.pt || a.County != "测试县" {
				t.Errorf("point %v county %q", a.Point, a.County)
			}
			for _, l := range a.Levels {
				for _, s := range l.Schools {
					loc := p.schools[s.SchoolID].Loc
					if s.DistanceM == nil || math.Abs(*s.DistanceM-haversine(tc.pt, loc)) > 0.5 {
						t.Errorf("%s distance %v, want %.1f", s.SchoolID, s.DistanceM, haversine(tc.pt, loc))
					}
				}
			}
		})
	}
	if _, err := p.Locate(orb.Point{86, 44}); !errors.Is(err, ErrOutside) {
		t.Errorf("outside: err %v does not wrap ErrOutside", err)
	}
}

func TestLocateTinyDetails(t *testing.T) {
	p := tinyPlan(t)
	a, err := p.Locate(orb.Point{87.2, 44.02})
	if err != nil {
		t.Fatal(err)
	}
	pr := a.Levels[0]
	if pr.LevelName != "小学" || a.Levels[1].LevelName != "初中" {
		t.Errorf("level names %q %q", pr.LevelName, a.Levels[1].LevelName)
	}
	if pr.Schools[0].LotteryOdds == nil || *pr.Schools[0].LotteryOdds != 0.5 || pr.Schools[1].LotteryOdds != nil {
		t.Errorf("odds %v %v, want 0.5 and none", pr.Schools[0].LotteryOdds, pr.Schools[1].LotteryOdds)
	}
	if want := "乙小学、丙小学：园林路2—20号；呼图壁镇白杨村2组、5组。"; pr.Notice != want {
		t.Errorf("notice %q, want %q", pr.Notice, want)
	}
	if want := "丁中学"; a.Levels[1].Notice != want {
		t.Errorf("junior notice %q, want %q (no description: the name)", a.Levels[1].Notice, want)
	}
	w, _ := p.Locate(orb.Point{87.05, 44})
	if w.Levels[0].Schools[0].Address != "呼图壁镇东风路1号" {
		t.Errorf("campus address %q", w.Levels[0].Schools[0].Address)
	}
}

func TestMatchTiny(t *testing.T) {
	p := tinyPlan(t)
	tests := []struct {
		query   string
		how     string
		address string
		want    []string
		noDist  bool
	}{
		{"呼图壁镇东风路10号锦华苑1栋1单元101室", HowExact, "呼图壁镇东风路10号锦华苑", []string{"primary:A", "junior:J"}, false},
		{"呼图壁镇东风路１０号锦华苑１幢１单元１０２室", HowNormalised, "呼图壁镇东风路10号锦华苑", []string{"primary:A", "junior:J"}, false},
		{"新疆昌吉州呼图壁县呼图壁镇东风路十号锦华苑", HowNormalised, "呼图壁镇东风路10号锦华苑", []string{"primary:A", "junior:J"}, false},
		{"锦华苑2栋", HowNormalised, "呼图壁镇东风路10号锦华苑", []string{"primary:A", "junior:J"}, false},
		{"红山村三组", HowNormalised, "呼图壁镇红山村3组", []string{"primary:B1", "primary:B2", "junior:J"}, false},
		{"呼图壁镇园林路8号", HowExact, "呼图壁镇园林路8号", []string{"primary:B1", "primary:B2", "junior:J"}, false},
		{"呼图壁镇东风路50号", HowRange, "呼图壁镇东风路50号", []string{"primary:A"}, true},
		{"园林路12号", HowRange, "园林路12号", []string{"primary:B1", "primary:B2"}, true},
		{"呼图壁镇锦花苑", HowFuzzy, "呼图壁镇东风路10号锦华苑", []string{"primary:A", "junior:J"}, false},
		{"呼图壁镇红三村3组", HowFuzzy, "呼图壁镇红山村3组", []string{"primary:B1", "primary:B2", "junior:J"}, false},
		{"翠湖小区3栋", HowNormalised, "呼图壁镇翠湖小区", []string{"primary:A"}, true},
		{"呼图壁镇白杨村5组12号", HowNormalised, "呼图壁镇白杨村5组", []string{"primary:B1", "primary:B2"}, true},
		{"白扬村5组", HowFuzzy, "呼图壁镇白杨村5组", []string{"primary:B1", "primary:B2"}, true},
		{"呼图壁镇白杨村3组", HowNone, "", nil, false},
		{"火星路1号", HowNone, "", nil, false},
		{"呼图壁镇东风路500号", HowNone, "", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			m, err := p.Match(tc.query)
			if tc.how == HowNone {
				if !errors.Is(err, ErrNoMatch) || m.Answer != nil || m.How != HowNone {
					t.Fatalf("err %v answer %v how %q, want ErrNoMatch, no answer", err, m.Answer, m.How)
				}
				if len(m.Candidates) > 5 {
					t.Errorf("%d candidates, want ≤ 5", len(m.Candidates))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.How != tc.how || m.Address != tc.address {
				t.Errorf("how %q address %q, want %q %q", m.How, m.Address, tc.how, tc.address)
			}
			if got := schoolsOf(m.Answer); !slices.Equal(got, tc.want) {
				t.Errorf("schools %v, want %v", got, tc.want)
			}
			wantScore := 1.0
			if tc.how == HowFuzzy {
				// One substitution in a form of n characters: 1 − 1/n.
				wantScore = 1 - 1/float64(len([]rune(tc.query)))
			}
			if math.Abs(m.Score-wantScore) > 1e-9 {
				t.Errorf("score %v, want %v", m.Score, wantScore)
			}
			for _, l := range m.Answer.Levels {
				for _, s := range l.Schools {
					if (s.DistanceM == nil) != tc.noDist {
						t.Errorf("%s distance %v", s.SchoolID, s.DistanceM)
					}
				}
			}
		})
	}
}

// TestCandidatesNameNoHouse: candidates are compounds and village groups;
// a single house, or an address Parse cannot place (a household's own), is
// never offered, nor matched fuzzily.
func TestCandidatesNameNoHouse(t *testing.T) {
	p := tinyPlan(t)
	other := "呼图壁镇光明东头第三家"
	if pi, ok := p.gaz.exact[other]; !ok || p.gaz.places[pi].kind != kindOther {
		t.Fatalf("%s is not an unplaced address of the gazetteer", other)
	}
	if m, err := p.Match(other); err != nil || m.How != HowExact {
		t.Errorf("typed in full: %v %v", m, err)
	}
	for _, q := range []string{"呼图壁镇光明东头第三户", "呼图壁镇园林路88号", "呼图壁镇园林路", "锦华", "红山村"} {
		m, err := p.Match(q)
		if m.Answer != nil && q == "呼图壁镇光明东头第三户" {
			t.Errorf("%q matched %q fuzzily", q, m.Address)
		}
		if err == nil {
			continue
		}
		for _, c := range m.Candidates {
			if c.Address == other || c.Address == "呼图壁镇园林路8号" {
				t.Errorf("%q: candidate %q", q, c.Address)
			}
		}
	}
	// The village's only group is 2 edits away (score 0.6): a fuzzy match.
	if m, err := p.Match("红山村"); err != nil || m.Address != "呼图壁镇红山村3组" || m.How != HowFuzzy {
		t.Errorf("红山村: %+v %v, want a fuzzy match of 呼图壁镇红山村3组", m, err)
	}
	// Two groups of the same village: a tie, so candidates and no answer.
	p2 := tinyDataset()
	p2.Households = append(p2.Households, p2.Households[2])
	p2.Households[len(p2.Households)-1].ID, p2.Households[len(p2.Households)-1].Address = "hx0006", "呼图壁镇红山村4组1号"
	two, err := New(p2, tinySource())
	if err != nil {
		t.Fatal(err)
	}
	m, err := two.Match("红山村")
	if !errors.Is(err, ErrNoMatch) || len(m.Candidates) != 2 || m.Candidates[0].Address != "呼图壁镇红山村3组" {
		t.Errorf("红山村 with groups 3 and 4: %+v %v, want the two groups as candidates", m, err)
	}
}

func TestMatchBadInput(t *testing.T) {
	p := tinyPlan(t)
	for _, q := range []string{"", "   ", "\xff\xfe", strings.Repeat("路", MaxQueryLen+1)} {
		m, err := p.Match(q)
		if err == nil || errors.Is(err, ErrNoMatch) || m.Answer != nil {
			t.Errorf("Match(%q) = %v, %v; want an input error and no answer", q, m, err)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kitten", "sitting", 9, 3},
		{"kitten", "sitting", 2, 2},
		{"", "abc", 9, 3},
		{"abc", "", 9, 3},
		{"abc", "abc", 9, 0},
		{"锦华苑", "锦花苑", 9, 1},
		{"锦华苑", "华苑", 9, 1},
		{"红山村3组", "红山村3", 9, 1},
		{"ab", "ba", 9, 2},
		{"abcdef", "a", 3, 3},
	}
	for _, tc := range tests {
		if got := editDistance([]rune(tc.a), []rune(tc.b), tc.limit); got != tc.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
}

func TestNewErrors(t *testing.T) {
	src := tinySource()
	src.Zones = append(src.Zones, src.Zones[0])
	src.Zones[len(src.Zones)-1].SchoolID = "nope"
	if _, err := New(tinyDataset(), src); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("unknown school: err %v", err)
	}
	src = tinySource()
	src.Zones[0].Level = "senior"
	if _, err := New(tinyDataset(), src); err == nil || !strings.Contains(err.Error(), "accepted: primary, junior") {
		t.Errorf("bad level: err %v", err)
	}
	if _, err := New(nil, tinySource()); err == nil {
		t.Error("nil dataset accepted")
	}
}
