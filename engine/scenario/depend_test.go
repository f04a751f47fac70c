package scenario_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
)

// TestEvaluation: the evaluation month's school year is the calendar year
// from September and the year before from January to August; a bad value
// is reported at its line; a scenario without one has none.
func TestEvaluation(t *testing.T) {
	for _, c := range []struct {
		value string
		want  int // school year; 0: a problem
	}{
		{"2026-06", 2025}, {"2026-6", 2025}, {"2026年6月", 2025}, {"2026/06", 2025},
		{"2026-01", 2025}, {"2026-08", 2025}, {"2026-09", 2026}, {"2026-12", 2026},
		{"2026", 0}, {"2026-13", 0}, {"2026-00", 0}, {"26-06", 0}, {"June 2026", 0}, {"[2026, 6]", 0}, {"2026-06-15", 0},
	} {
		t.Run(c.value, func(t *testing.T) {
			yaml := "name: x\nevaluation: " + c.value + "\nevents:\n  - {id: a, year: 2022, kind: build, school: a, teaching_area_m2: 5}\n"
			sc, err := scenario.Parse([]byte(yaml), "s.yaml")
			if c.want == 0 {
				if err == nil || !strings.Contains(err.Error(), "s.yaml:2: scenario: evaluation") {
					t.Fatalf("error %v, want one at s.yaml:2", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := sc.EvaluationYear(); got != c.want {
				t.Errorf("school year %d, want %d", got, c.want)
			}
			if sc.Evaluation.Line != 2 {
				t.Errorf("line %d, want 2", sc.Evaluation.Line)
			}
		})
	}
	sc, err := scenario.Parse([]byte("events: []\n"), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if sc.EvaluationYear() != 0 || sc.Evaluation != nil {
		t.Errorf("no evaluation in the file, yet %+v", sc.Evaluation)
	}
	var none *scenario.Scenario
	if none.EvaluationYear() != 0 {
		t.Error("a nil scenario has an evaluation year")
	}
}

// TestPlanEvaluation: the embedded plan dates the national evaluation
// June 2026 (附件2 2026年6月), school year 2025–26.
func TestPlanEvaluation(t *testing.T) {
	sc, err := scenario.Parse(data.HutubiPlan(), data.PlanName)
	if err != nil {
		t.Fatal(err)
	}
	if e := sc.Evaluation; e == nil || e.Year != 2026 || e.Month != 6 || sc.EvaluationYear() != 2025 {
		t.Errorf("evaluation %+v (school year %d), want 2026-06, school year 2025", e, sc.EvaluationYear())
	}
}

// TestAfterProblems: after names an event listed before, not itself, of
// the same year or earlier; leaves_to and leaves are checked.
func TestAfterProblems(t *testing.T) {
	const a = "events:\n  - {id: a, year: 2022, kind: build, school: a, teaching_area_m2: 5}\n"
	for _, c := range []struct{ name, yaml, want string }{
		{"unknown", a + "  - {id: b, year: 2022, kind: build, school: a, teaching_area_m2: 5, after: zz}\n",
			`s.yaml:3: scenario: event "b": after "zz": no event of that id before it (accepted: a)`},
		{"later in the file", "events:\n  - {id: b, year: 2022, kind: build, school: a, teaching_area_m2: 5, after: a}\n" +
			"  - {id: a, year: 2022, kind: build, school: a, teaching_area_m2: 5}\n",
			`s.yaml:2: scenario: event "b": after "a": list "a" before the event that follows it`},
		{"itself", a + "  - {id: b, year: 2022, kind: build, school: a, teaching_area_m2: 5, after: b}\n",
			`s.yaml:3: scenario: event "b": after names the event itself`},
		{"earlier year", a + "  - {id: b, year: 2021, kind: build, school: a, teaching_area_m2: 5, after: a}\n",
			`s.yaml:3: scenario: event "b": year 2021 comes before 2022, the year of "a" it follows (after)`},
		{"leaves_to itself", "events:\n  - {id: r, year: 2022, kind: relocate, school: a, to: b, leaves_to: b}\n",
			`s.yaml:2: scenario: event "r": leaves_to "b" is the school that moves`},
		{"leaves without leaves_to", "events:\n  - {id: r, year: 2022, kind: relocate, school: a, to: b, leaves: [sports_area_m2]}\n",
			`s.yaml:2: scenario: event "r": leaves needs leaves_to`},
		{"unknown facility", "events:\n  - {id: r, year: 2022, kind: relocate, school: a, to: b, leaves_to: c, leaves: [seats]}\n",
			`s.yaml:2: scenario: event "r": leaves "seats" (accepted: teaching_area_m2, sports_area_m2, music_rooms, art_rooms)`},
		{"leaves_to of another kind", "events:\n  - {id: r, year: 2022, kind: build, school: a, teaching_area_m2: 5, leaves_to: c}\n",
			`s.yaml:2: scenario: event "r": key "leaves_to" does not apply to kind build`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := scenario.Parse([]byte(c.yaml), "s.yaml")
			var ps dataset.Problems
			if !errors.As(err, &ps) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n%v\nwant %q", err, c.want)
			}
		})
	}
	sc, err := scenario.Parse([]byte("events:\n  - {id: r, year: 2022, kind: relocate, school: a, to: b, leaves_to: c}\n"), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.Events[0].Left(); strings.Join(got, ",") != strings.Join(scenario.Facilities, ",") {
		t.Errorf("leaves_to without leaves leaves %v, want every facility", got)
	}
	if err := sc.Validate(campuses()); err != nil {
		t.Errorf("valid relocation: %v", err)
	}
	bad, _ := scenario.Parse([]byte("events:\n  - {id: r, year: 2022, kind: relocate, school: a, to: b, leaves_to: zz}\n"), "s.yaml")
	if err := bad.Validate(campuses()); err == nil || !strings.Contains(err.Error(), `s.yaml:2: scenario: event "r": unknown school id "zz"`) {
		t.Errorf("unknown leaves_to: %v", err)
	}
}

// campuses is a county of four campuses: a (a junior school that moves),
// b (the campus it takes), c (a primary school 300 m from a), far (a
// primary school 5 km away) and empty (a campus with no section).
func campuses() *dataset.Dataset {
	area := func(v float64) *float64 { return &v }
	rooms := func(n int) *int { return &n }
	d := &dataset.Dataset{Meta: dataset.Meta{BaseYear: 2021}, Schools: []dataset.School{
		{ID: "a", Name: "甲中学", JuniorSeats: 600, Public: true, Loc: orb.Point{87, 44}, TeachingAreaM2: area(3470),
			SportsAreaM2: area(6170), MusicRooms: rooms(1), ArtRooms: rooms(1)},
		{ID: "b", Name: "乙中学", JuniorSeats: 700, Public: true, Loc: orb.Point{87.02, 44}, TeachingAreaM2: area(4230)},
		{ID: "c", Name: "丙小学", PrimarySeats: 1000, Public: true, Loc: orb.Point{87, 44.0027}},
		{ID: "far", Name: "丁小学", PrimarySeats: 300, Public: true, Loc: orb.Point{87, 44.045}},
		{ID: "empty", Name: "新校区", Public: true, Loc: orb.Point{87.05, 44}},
	}}
	d.Index()
	return d
}

// plan is a hand-made plan in the shape of the county plan: b's juniors
// leave for the new campus, a moves onto b's site (its old campus to c),
// c builds seats in the buildings it gets, a builds at its new site, and
// the old form of the hand-over (transfer_area in the year of the move,
// before it) when handOver.
func plan(handOver, leavesTo, after bool) string {
	var b strings.Builder
	b.WriteString("events:\n")
	b.WriteString("  - {id: open, year: 2022, kind: open, school: empty, seats: {junior: 800}}\n")                                               // 2
	b.WriteString("  - {id: out, year: 2022, kind: move_intake, school: b, level: junior, receivers: [{school: empty, share: 1}], mode: all}\n") // 3
	if handOver {
		b.WriteString("  - {id: hand, year: 2022, kind: transfer_area, school: a, to: c, teaching_area_m2: 3000}\n") // 4
	} else {
		b.WriteString("  - {id: hand, year: 2022, kind: teachers, school: c, pe_art: 1}\n") // 4: unrelated
	}
	reloc := "  - {id: move, year: 2022, kind: relocate, school: a, to: b"
	if leavesTo {
		reloc += ", leaves_to: c"
	}
	if after {
		reloc += ", after: out"
	}
	b.WriteString(reloc + "}\n") // 5
	dep := ""
	if after {
		dep = ", after: move"
	}
	b.WriteString("  - {id: seats, year: 2022, kind: build, school: c, seats: {primary: 500}" + dep + "}\n")     // 6
	b.WriteString("  - {id: new-seats, year: 2022, kind: build, school: a, seats: {junior: 300}" + dep + "}\n")  // 7
	b.WriteString("  - {id: art, year: 2025, kind: build, school: a, teaching_area_m2: 3000, music_rooms: 1}\n") // 8
	return b.String()
}

// TestWarnings: Warnings names, at the dependent event's line, what
// --delay and --skip pull apart, and an old campus left to no school; the
// plans as written warn of nothing else.
func TestWarnings(t *testing.T) {
	type change struct {
		delay map[string]int
		skip  []string
	}
	for _, c := range []struct {
		name                      string
		handOver, leavesTo, after bool
		change                    change
		want                      []string // substrings, each of one warning; nil: no warning
		notes                     []string
	}{
		{name: "as written", leavesTo: true, after: true},
		{name: "old campus to no school", after: true,
			want: []string{`s.yaml:5: warning: scenario: event "move": when a moves, its old campus's 3470 m² of floor area (teaching_area_m2), 6170 m² of sports grounds (sports_area_m2), music rooms: 1, art rooms: 1 (as schools.csv gives them) go to no school; leaves_to: SCHOOL names the school that takes them (the nearest, c 丙小学, is 300 m away)`}},
		{name: "hand-over before a delayed move", handOver: true, leavesTo: true, change: change{delay: map[string]int{"move": 2}},
			want: []string{`s.yaml:4: warning: scenario: event "hand" (transfer_area, 2022) is about a's campus: the file puts it in the same year, just before the move "move" (a to b's campus, 2022); now it comes a year or more before the move (2024): it applies to a's old campus, where a still teaches; after: hand on "move" keeps them together`,
				`s.yaml:7: warning: scenario: event "new-seats" (build, 2022) is about a's campus: the file puts it in the same year, just after the move "move" (a to b's campus, 2022); now it comes a year or more before the move (2024): it applies to a's old campus, where a still teaches; after: move keeps them together`,
				`s.yaml:3: warning: scenario: event "out" (move_intake, 2022) is about b's campus`}},
		{name: "the move-out delayed past the move", leavesTo: true, change: change{delay: map[string]int{"out": 1}},
			want: []string{`s.yaml:3: warning: scenario: event "out" (move_intake, 2023) is about b's campus: the file puts it in the same year, just before the move "move" (a to b's campus, 2022); now it comes a year or more after the move (2022): b's junior pupils are still on the campus when a takes it, and the simulation stops there; after: out on "move" keeps them together`}},
		{name: "a building at the new site before a late move", leavesTo: true, after: true, change: change{delay: map[string]int{"move": 4}},
			want: []string{`s.yaml:8: warning: scenario: event "art" (build, 2025) is about a's campus: the file puts it a year or more after the move "move" (a to b's campus, 2022); now it comes a year or more before the move (2026): it applies to a's old campus, where a still teaches`},
			notes: []string{`s.yaml:6: note: event "seats" follows "move" (after): moved from 2022 to 2026 with it`,
				`s.yaml:7: note: event "new-seats" follows "move" (after): moved from 2022 to 2026 with it`}},
		{name: "dependents move along", leavesTo: true, after: true, change: change{delay: map[string]int{"out": 1}},
			notes: []string{`s.yaml:5: note: event "move" follows "out" (after): moved from 2022 to 2023 with it`,
				`s.yaml:6: note: event "seats" follows "move" (after): moved from 2022 to 2023 with it`,
				`s.yaml:7: note: event "new-seats" follows "move" (after): moved from 2022 to 2023 with it`}},
		{name: "the move skipped", leavesTo: true, after: true, change: change{skip: []string{"move"}},
			want: []string{`s.yaml:6: warning: scenario: event "seats" follows "move" (after), which is skipped: "seats" still takes effect in 2022 (skip it too to leave it out)`,
				`s.yaml:7: warning: scenario: event "new-seats" follows "move" (after), which is skipped`,
				`s.yaml:8: warning: scenario: event "art" (build, 2025) is about a's campus: the file puts it a year or more after the move "move" (a to b's campus, 2022), which is skipped: it applies to a's campus as it is`}},
		{name: "the move-out skipped", leavesTo: true, change: change{skip: []string{"out"}},
			want: []string{`s.yaml:5: warning: scenario: event "move" moves a to b's campus, whose junior pupils were to move out first ("out"), which is skipped: they are still there`}},
		{name: "a dependent delayed before what it follows", leavesTo: true, after: true, change: change{delay: map[string]int{"move": 1, "seats": -1}},
			want: []string{`s.yaml:6: warning: scenario: event "seats" (2022) now comes before "move" (2023), which it follows (after): it takes effect first`},
			notes: []string{`s.yaml:6: note: event "seats" follows "move" (after): moved from 2022 to 2023 with it`,
				`s.yaml:7: note: event "new-seats" follows "move" (after): moved from 2022 to 2023 with it`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc, err := scenario.Parse([]byte(plan(c.handOver, c.leavesTo, c.after)), "s.yaml")
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"out", "move", "seats"} { // in file order
				if n, ok := c.change.delay[id]; ok {
					if err := sc.Delay(id, n); err != nil {
						t.Fatal(err)
					}
				}
			}
			for _, id := range c.change.skip {
				if err := sc.Skip(id); err != nil {
					t.Fatal(err)
				}
			}
			ds := campuses()
			if err := sc.Validate(ds); err != nil {
				t.Fatalf("the changed plan is valid, yet: %v", err)
			}
			got := sc.Warnings(ds)
			if len(got) != len(c.want) {
				t.Errorf("%d warnings, want %d:\n%v", len(got), len(c.want), got)
			}
			text := got.Error()
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("warnings\n%s\nlack %q", text, w)
				}
			}
			if strings.Join(sc.Notes, "\n") != strings.Join(c.notes, "\n") {
				t.Errorf("notes\n%s\nwant\n%s", strings.Join(sc.Notes, "\n"), strings.Join(c.notes, "\n"))
			}
		})
	}
}

// TestWarningsReceiverNotOpen: facilities handed to a campus with no
// section that year serve nobody, and Warnings says so; once an open
// event gives it one, it does not.
func TestWarningsReceiverNotOpen(t *testing.T) {
	const hand = "  - {id: hand, year: 2022, kind: transfer_area, school: a, to: empty, sports_area_m2: 100}\n"
	sc, err := scenario.Parse([]byte("events:\n"+hand), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := `s.yaml:2: warning: scenario: event "hand" hands facilities to empty, which has no pupils in 2022`
	if w := sc.Warnings(campuses()); len(w) != 1 || !strings.Contains(w.Error(), want) {
		t.Errorf("warnings %v, want %q", w, want)
	}
	sc, err = scenario.Parse([]byte("events:\n  - {id: open, year: 2022, kind: open, school: empty, seats: {junior: 10}}\n"+hand), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if w := sc.Warnings(campuses()); len(w) != 0 {
		t.Errorf("the campus opens in 2022, yet: %v", w)
	}
}

// TestPlanDependencies: the embedded plan, as written, warns of nothing
// on the default dataset; delaying 二中's move delays what follows it
// (the seats built in 二小's handed-over buildings and at 二中's new site,
// 六中初中部 moving to it) without a warning; delaying 一中's move into
// 新一中 delays 二中's move and everything after it; and no single delay
// of one to three years of any event leaves an event before one it
// follows.
func TestPlanDependencies(t *testing.T) {
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		t.Fatal(err)
	}
	parse := func() *scenario.Scenario {
		t.Helper()
		sc, err := scenario.Parse(data.HutubiPlan(), data.PlanName)
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	sc := parse()
	if w := sc.Warnings(ds); len(w) > 0 {
		t.Errorf("the plan as written warns:\n%v", w)
	}
	move := sc.Find("erzhong-relocate")
	if move == nil || move.LeavesTo != "hz03" || move.Kind != scenario.Relocate || move.School != "hz04" {
		t.Fatalf("erzhong-relocate does not leave 二中's old campus to 二小 (hz03): %+v", move)
	}
	for _, c := range []struct {
		event string
		years int
		moved []string // events that move along, to the delayed event's year
	}{
		{"erzhong-relocate", 2, []string{"erxiao-seats", "liuzhong-junior-to-erzhong", "erzhong-seats"}},
		{"yizhong-to-new-campus", 1, []string{"erzhong-relocate", "erxiao-seats", "liuzhong-junior-to-erzhong", "erzhong-seats"}},
		{"xin-yizhong-open", 1, []string{"yizhong-to-new-campus", "erzhong-relocate", "erxiao-seats", "liuzhong-junior-to-erzhong", "erzhong-seats", "wuzhong-junior-out"}},
	} {
		sc := parse()
		before := map[string]int{}
		for _, e := range sc.Events {
			before[e.ID] = e.Year
		}
		if err := sc.Delay(c.event, c.years); err != nil {
			t.Fatal(err)
		}
		want := before[c.event] + c.years
		for _, e := range sc.Events {
			moved := e.ID == c.event
			for _, id := range c.moved {
				moved = moved || id == e.ID
			}
			switch {
			case moved && e.Year != want:
				t.Errorf("--delay %s=%d: %s in %d, want %d", c.event, c.years, e.ID, e.Year, want)
			case !moved && e.Year != before[e.ID]:
				t.Errorf("--delay %s=%d: %s moved from %d to %d", c.event, c.years, e.ID, before[e.ID], e.Year)
			}
		}
		if err := sc.Validate(ds); err != nil {
			t.Errorf("--delay %s=%d: %v", c.event, c.years, err)
		}
		if w := sc.Warnings(ds); len(w) > 0 {
			t.Errorf("--delay %s=%d warns:\n%v", c.event, c.years, w)
		}
	}
	for _, e := range parse().Events {
		for years := 1; years <= 3; years++ {
			sc := parse()
			if err := sc.Delay(e.ID, years); err != nil {
				t.Fatal(err)
			}
			for _, f := range sc.Events {
				if dep := sc.Find(f.After); dep != nil && dep.Year > f.Year {
					t.Errorf("--delay %s=%d: %s (%d) before %s (%d), which it follows", e.ID, years, f.ID, f.Year, dep.ID, dep.Year)
				}
			}
		}
	}
}

// ExampleScenario_Warnings: the old form of the county plan's hand-over of
// 二中's buildings, a transfer_area in the year of the move, pulled apart
// from the move by a delay.
func ExampleScenario_Warnings() {
	sc, _ := scenario.Parse([]byte(plan(true, true, false)), "plan.yaml")
	_ = sc.Delay("move", 2)
	for _, w := range sc.Warnings(campuses()) {
		if strings.Contains(w.Msg, `"hand"`) {
			fmt.Println(w.File, w.Line, strings.HasPrefix(w.Msg, "warning: "))
			fmt.Println(strings.Contains(w.Msg, "it applies to a's old campus, where a still teaches"))
		}
	}
	// Output:
	// plan.yaml 4 true
	// true
}
