package scenario_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
)

func ds() *dataset.Dataset {
	d := &dataset.Dataset{Meta: dataset.Meta{BaseYear: 2021}, Schools: []dataset.School{
		{ID: "a", PrimarySeats: 100, Public: true}, {ID: "b", PrimarySeats: 100, Public: true}, {ID: "c", Public: true}}}
	d.Index()
	return d
}

// TestProblems: each broken scenario gives the FILE:LINE: message of the
// line at fault (lines counted by hand in the text).
func TestProblems(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       []string // substrings, one per problem, with its line
	}{
		{"unknown kind", "events:\n  - id: x\n    year: 2022\n    kind: demolish\n    school: a\n",
			[]string{`s.yaml:4: scenario: event "x": unknown kind "demolish" (accepted: open, relocate, transfer_area, move_intake, build, teachers)`}},
		{"bad year", "events:\n  - {id: x, year: 22, kind: build, school: a, teaching_area_m2: 5}\n",
			[]string{`s.yaml:2: scenario: event "x": year 22 must be a school year`}},
		{"duplicate id", "events:\n  - {id: x, year: 2022, kind: build, school: a, teaching_area_m2: 5}\n  - {id: x, year: 2023, kind: build, school: a, teaching_area_m2: 5}\n",
			[]string{`s.yaml:3: scenario: id "x" used twice (first on line 2)`}},
		{"key of another kind", "events:\n  - id: x\n    year: 2022\n    kind: open\n    school: a\n    seats: {primary: 5}\n    level: primary\n",
			[]string{`s.yaml:7: scenario: event "x": key "level" does not apply to kind open`}},
		{"shares", "events:\n  - id: x\n    year: 2022\n    kind: move_intake\n    school: a\n    level: primary\n    receivers: [{school: b, share: 0.5}, {school: c, share: 0.4}]\n",
			[]string{`s.yaml:7: scenario: event "x": shares add up to 0.9, want 1`}},
		{"level", "events:\n  - id: x\n    year: 2022\n    kind: move_intake\n    school: a\n    level: senior\n    receivers: [{school: b, share: 1}]\n",
			[]string{`s.yaml:6: scenario: event "x": level "senior" (accepted: primary, junior)`}},
		{"resources", "events:\n  - id: x\n    year: 2022\n    kind: move_intake\n    school: a\n    level: primary\n    receivers: [{school: b, share: 1}]\n    resources: moved\n",
			[]string{`s.yaml:8: scenario: event "x": resources "moved" (accepted: follow, stay)`}},
		{"resources of another kind", "events:\n  - id: x\n    year: 2022\n    kind: build\n    school: a\n    teaching_area_m2: 5\n    resources: stay\n",
			[]string{`s.yaml:7: scenario: event "x": key "resources" does not apply to kind build`}},
		{"top key", "name: x\nevnts: []\n", []string{`s.yaml:2: scenario: unknown key "evnts" (accepted: name, evaluation, events)`, `s.yaml:1: scenario: events must be a list`}},
		{"not yaml", "events: [\n", []string{`s.yaml:`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Parse([]byte(tc.yaml), "s.yaml")
			var ps dataset.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %v, want dataset.Problems", err)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("problems\n%s\nlack %q", msg, w)
				}
			}
		})
	}
}

// TestValidate: unknown school ids and years not after the base year are
// reported at the event's line; a receiver without the level is reported
// unless an earlier event opens it.
func TestValidate(t *testing.T) {
	yaml := `events:
  - {id: x, year: 2021, kind: build, school: a, teaching_area_m2: 5}
  - {id: y, year: 2022, kind: teachers, school: zz, pe_art: 1}
  - id: z
    year: 2022
    kind: move_intake
    school: a
    level: primary
    receivers: [{school: c, share: 1}]
`
	sc, err := scenario.Parse([]byte(yaml), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	err = sc.Validate(ds())
	if err == nil {
		t.Fatal("no problems")
	}
	for _, w := range []string{`s.yaml:2: scenario: event "x": year 2021 must come after the base year 2021`,
		`s.yaml:3: scenario: event "y": unknown school id "zz" (accepted: the school_id of schools.csv: a, b, c)`,
		`s.yaml:4: scenario: event "z": receiver c has no primary section by 2022`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("problems\n%v\nlack %q", err, w)
		}
	}
	opened := yaml + "  - {id: o, year: 2022, kind: open, school: c, seats: {primary: 10}}\n"
	sc, err = scenario.Parse([]byte(opened), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.Validate(ds()); strings.Contains(err.Error(), "receiver c") {
		t.Errorf("receiver c is opened in 2022, yet: %v", err)
	}
}

// TestParseValues: values, defaults (mode phase_out, split share,
// resources follow) and lines come through.
func TestParseValues(t *testing.T) {
	yaml := `name: 测试
events:
  - id: m
    year: 2023
    kind: move_intake
    school: a
    level: primary
    receivers:
      - {school: b, share: 0.25}
      - {school: c, share: 0.75}
    source: 正文四(三)
  - {id: t, year: 2024, kind: build, school: b, teaching_area_m2: 3500, music_rooms: 2, seats: {junior: 300}}
`
	sc, err := scenario.Parse([]byte(yaml), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "测试" || len(sc.Events) != 2 {
		t.Fatalf("name %q, %d events", sc.Name, len(sc.Events))
	}
	m, b := sc.Events[0], sc.Events[1]
	if m.Line != 3 || m.Mode != scenario.PhaseOut || m.Split != scenario.ByShare || m.Resources != scenario.Follow || m.Level != dataset.Primary ||
		len(m.Receivers) != 2 || m.Receivers[1].Share != 0.75 || m.Label() != "m (正文四(三))" {
		t.Errorf("move: %+v", m)
	}
	if b.Line != 12 || *b.TeachingAreaM2 != 3500 || *b.MusicRooms != 2 || *b.Seats.Junior != 300 || b.Seats.Primary != nil {
		t.Errorf("build: %+v", b)
	}
	stay, err := scenario.Parse([]byte("events:\n  - {id: m, year: 2023, kind: move_intake, school: a, level: junior, receivers: [{school: b, share: 1}], mode: all, resources: stay}\n"), "s.yaml")
	if err != nil || stay.Events[0].Resources != scenario.Stay || stay.Events[0].Mode != scenario.MoveAll {
		t.Errorf("resources: stay: %v %+v", err, stay)
	}
	if got := sc.In(2024); len(got) != 1 || got[0].ID != "t" {
		t.Errorf("In(2024) = %v", got)
	}
	if err := sc.Delay("m", 2); err != nil || sc.Events[0].Year != 2025 {
		t.Errorf("delay: %v, year %d", err, sc.Events[0].Year)
	}
	if err := sc.Skip("t"); err != nil || len(sc.Events) != 1 {
		t.Errorf("skip: %v, %d events", err, len(sc.Events))
	}
	if err := sc.Skip("nope"); err == nil || !strings.Contains(err.Error(), "accepted: m") {
		t.Errorf("skip of an unknown id: %v", err)
	}
}

// FuzzParse: Parse never panics, and either returns a scenario or
// dataset.Problems.
func FuzzParse(f *testing.F) {
	f.Add([]byte("events:\n  - {id: x, year: 2022, kind: open, school: a, seats: {primary: 5}}\n"))
	f.Add([]byte("events:\n  - id: m\n    kind: move_intake\n    receivers: [{school: b}]\n"))
	f.Add([]byte("name: [\n"))
	f.Add([]byte("events:\n  - {id: m, year: 2023, kind: move_intake, school: a, level: primary, receivers: [{school: b, share: 1}], resources: follow}\n"))
	f.Add([]byte("evaluation: 2026年6月\nevents:\n  - {id: r, year: 2022, kind: relocate, school: a, to: b, leaves_to: c, leaves: [sports_area_m2]}\n  - {id: s, year: 2022, kind: build, school: c, seats: {primary: 5}, after: r}\n"))
	f.Add([]byte("evaluation: [2026]\nevents:\n  - {id: s, year: 2022, kind: build, school: c, after: s}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		sc, err := scenario.Parse(b, "f.yaml")
		if err != nil {
			var ps dataset.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error %v is not dataset.Problems", err)
			}
			return
		}
		if y := sc.EvaluationYear(); y != 0 && (y < 1899 || y > 2200) {
			t.Fatalf("evaluation school year %d", y)
		}
		_ = sc.Validate(ds())
		if len(sc.Events) > 0 {
			_ = sc.Delay(sc.Events[0].ID, 2)
			_ = sc.Skip(sc.Events[len(sc.Events)-1].ID)
		}
		for _, w := range sc.Warnings(ds()) {
			if !strings.HasPrefix(w.Msg, "warning: ") {
				t.Fatalf("warning %q", w)
			}
		}
	})
}
