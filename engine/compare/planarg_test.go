package compare_test

import (
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine/compare"
)

func TestPlanArg(t *testing.T) {
	exists := func(p string) bool { return p == "out/a=b" }
	for _, tc := range []struct{ arg, name, path string }{
		{"out/redraw", "", "out/redraw"},
		{"方案一=out/redraw", "方案一", "out/redraw"},
		{"现行=current", "现行", "current"},
		{"out/a=b", "", "out/a=b"}, // an existing path is read as it is
		{"=out/x", "", "=out/x"},
		{"x=", "", "x="},
		{"a=b=c", "a", "b=c"},
	} {
		if name, path := compare.PlanArg(tc.arg, exists); name != tc.name || path != tc.path {
			t.Errorf("%q: %q %q, want %q %q", tc.arg, name, path, tc.name, tc.path)
		}
	}
}

// FuzzPlanArg: PlanArg never panics and loses nothing: the name and the
// path put back together are the argument; a name holds no "=", and an
// existing path is never split.
func FuzzPlanArg(f *testing.F) {
	for _, s := range []string{"out/redraw", "方案一=out/redraw", "=x", "x=", "a=b=c", "plan.gpkg:layer", ""} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, arg string, exists bool) {
		name, path := compare.PlanArg(arg, func(string) bool { return exists })
		switch {
		case name == "" && path != arg:
			t.Fatalf("%q: no name, path %q", arg, path)
		case name != "" && (exists || name+"="+path != arg || strings.Contains(name, "=") || path == ""):
			t.Fatalf("%q (exists %v): name %q, path %q", arg, exists, name, path)
		}
	})
}
