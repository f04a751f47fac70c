package compare

import "strings"

// PlanArg reads one plan argument of zoning compare: PLAN, or NAME=PLAN to
// name the plan in the pack. An argument that is itself an existing path
// (exists says so) is a plan whatever it holds, so that a folder whose name
// has an "=" is read as it is; otherwise the first "=" with text on both
// sides splits the name from the plan. name is "" when none is given.
func PlanArg(arg string, exists func(path string) bool) (name, path string) {
	if exists != nil && exists(arg) {
		return "", arg
	}
	if n, p, ok := strings.Cut(arg, "="); ok && n != "" && p != "" {
		return n, p
	}
	return "", arg
}
