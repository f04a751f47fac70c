package compliance

import (
	"testing"

	"github.com/hutubi-edu/zoning/engine/config"
)

// The rural walk count is reported for the levels given, as a reference that
// never fails a year.
func TestRuralWalkCheck(t *testing.T) {
	p := config.Default().Policy
	for _, tc := range []struct {
		name   string
		walk   map[string]RuralWalk
		levels []string
	}{
		{"no roads", nil, nil},
		{"primary", map[string]RuralWalk{Primary: {Entrants: 40, Beyond: 7}}, []string{Primary}},
		{"none beyond", map[string]RuralWalk{Primary: {Entrants: 40}}, []string{Primary}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Evaluate(County{Year: 2025, RuralWalk: tc.walk}, p)
			var got []string
			for _, c := range r.Checks {
				if c.Key != KeyRuralWalk {
					continue
				}
				got = append(got, c.Level)
				want := tc.walk[c.Level]
				if c.Value == nil || int(*c.Value) != want.Beyond || c.Limit == nil || *c.Limit != p.RuralWalkMin {
					t.Errorf("%s: value %v limit %v, want %d beyond %g minutes", c.Level, c.Value, c.Limit, want.Beyond, p.RuralWalkMin)
				}
				if c.Failed() || !c.Skipped {
					t.Errorf("%s: the check counts toward the evaluation (failed %v, skipped %v)", c.Level, c.Failed(), c.Skipped)
				}
			}
			if len(got) != len(tc.levels) {
				t.Errorf("rural walk checks for %v, want %v", got, tc.levels)
			}
		})
	}
}
