package scenario_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
)

func TestParseDelay(t *testing.T) {
	for _, tc := range []struct {
		in    string
		id    string
		years int
		bad   string
	}{
		{in: "erzhong-relocate=2", id: "erzhong-relocate", years: 2},
		{in: " m = -1 ", id: "m", years: -1},
		{in: "a=b=3", bad: "want EVENT=YEARS"},
		{in: "=2", bad: "want EVENT=YEARS"},
		{in: "m", bad: "want EVENT=YEARS"},
		{in: "m=NaN", bad: "want EVENT=YEARS"},
		{in: "m=31", bad: "want YEARS from -30 to 30"},
		{in: "m=-999999999", bad: "want YEARS from -30 to 30"},
	} {
		id, years, err := scenario.ParseDelay(tc.in)
		if tc.bad != "" {
			if err == nil || !strings.Contains(err.Error(), tc.bad) || !strings.HasPrefix(err.Error(), "scenario: ") {
				t.Errorf("%q: %v, want %q", tc.in, err, tc.bad)
			}
			continue
		}
		if err != nil || id != tc.id || years != tc.years {
			t.Errorf("%q: %q %d %v, want %q %d", tc.in, id, years, err, tc.id, tc.years)
		}
	}
}

// FuzzParseDelay: ParseDelay never panics; what it accepts is an id without
// surrounding spaces and years within the bound, written back as
// id=years it parses the same.
func FuzzParseDelay(f *testing.F) {
	for _, s := range []string{"erzhong-relocate=2", " m = -1 ", "a=b=3", "=2", "m=NaN", "m=31", "m=+5", "二中=0x1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, years, err := scenario.ParseDelay(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "scenario: delay ") || id != "" || years != 0 {
				t.Fatalf("%q: %q %d %v", s, id, years, err)
			}
			return
		}
		if id == "" || id != strings.TrimSpace(id) || years < -scenario.MaxDelayYears || years > scenario.MaxDelayYears {
			t.Fatalf("%q accepted as %q %d", s, id, years)
		}
		if strings.Contains(id, "=") {
			// The id is what precedes the first "=": it holds none.
			t.Fatalf("%q: id %q holds an =", s, id)
		}
		id2, years2, err := scenario.ParseDelay(id + "=" + strconv.Itoa(years))
		if err != nil || id2 != id || years2 != years {
			t.Fatalf("%q: %q=%d parses as %q %d %v", s, id, years, id2, years2, err)
		}
	})
}

// FuzzValidate: Validate of any one event against a dataset never panics,
// reports only dataset.Problems at the event's line with the package's
// name, and refuses an event naming a school the dataset lacks or a year
// not after the base year.
func FuzzValidate(f *testing.F) {
	f.Add(2022, "open", "a", "", "", "", 5)
	f.Add(2021, "relocate", "a", "b", "", "c", 0)
	f.Add(2023, "move_intake", "a", "", "b", "primary", 1)
	f.Add(2023, "move_intake", "zz", "", "c", "junior", 1)
	f.Add(-1, "", "", "", "", "", -3)
	f.Fuzz(func(t *testing.T, year int, kind, school, to, receiver, level string, seats int) {
		d := ds()
		e := scenario.Event{ID: "e", Year: year, Kind: scenario.Kind(kind), School: school, To: to, LeavesTo: to,
			Level: dataset.Level(level), Line: 7}
		if receiver != "" {
			e.Receivers = []scenario.Receiver{{School: receiver}}
		}
		e.Seats.Primary = &seats
		sc := &scenario.Scenario{File: "f.yaml", Events: []scenario.Event{e}}
		err := sc.Validate(d)
		known := func(id string) bool { return id == "" || d.School(id) != nil }
		mustFail := year <= d.Meta.BaseYear || school == "" || !known(school) || !known(to) || !known(receiver)
		if err == nil {
			if mustFail {
				t.Fatalf("event %+v accepted", e)
			}
			return
		}
		var ps dataset.Problems
		if !errors.As(err, &ps) || len(ps) == 0 {
			t.Fatalf("error %v is not dataset.Problems", err)
		}
		for _, p := range ps {
			if p.File != "f.yaml" || p.Line != 7 || !strings.HasPrefix(p.Msg, "scenario: ") || strings.Contains(p.Msg, "\n") {
				t.Fatalf("problem %q", p)
			}
		}
	})
}
