package zones

import "testing"

// TestObjectiveKnown: a configuration or a request names an objective
// exactly; the older names ParseObjective reads are not known names, and
// every known name parses to itself.
func TestObjectiveKnown(t *testing.T) {
	for _, s := range []string{"distance", "moves", "balanced", "equity"} {
		if !Objective(s).Known() {
			t.Errorf("%q not known", s)
		}
		if o, err := ParseObjective(s); err != nil || string(o) != s {
			t.Errorf("ParseObjective(%q) = %q, %v", s, o, err)
		}
	}
	for _, s := range []string{"", "shortest", "stability", "Distance", "fastest"} {
		if Objective(s).Known() {
			t.Errorf("%q known", s)
		}
	}
	if got := ObjectiveNames(); got != "distance, moves, balanced, equity" {
		t.Errorf("names %q", got)
	}
}
