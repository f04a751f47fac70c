package simulate

import (
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Versus sets the failing checks of two simulations side by side (zoning
// simulate --compare): per year, how many fail under each; and, in the
// evaluation year, the checks that fail under one scenario only.
type Versus struct {
	Names      [2]string // the scenarios, as the reader knows them
	Evaluation int       // the evaluation year
	Years      []VersusYear
	// Only lists, per scenario, the sentences of the checks failing in the
	// evaluation year under it and not under the other, sorted; nil when
	// either simulation lacks the year.
	Only [2][]string
	// Evaluated is false when either simulation lacks the evaluation year.
	Evaluated bool
}

// VersusYear is a year of the first simulation: the checks failing under
// each scenario; Failing[1] is -1 when the second simulation lacks the
// year.
type VersusYear struct {
	Year    int
	Failing [2]int
}

// Compare sets simulations a and b side by side, with the failures of the
// evaluation year compared check by check (a check is its scope, school,
// level and key).
func Compare(a, b *Result, names [2]string, evaluation int) Versus {
	v := Versus{Names: names, Evaluation: evaluation}
	for _, ya := range a.Years {
		vy := VersusYear{Year: ya.Year, Failing: [2]int{len(ya.Report.Failures()), -1}}
		if yb := b.Year(ya.Year); yb != nil {
			vy.Failing[1] = len(yb.Report.Failures())
		}
		v.Years = append(v.Years, vy)
	}
	ya, yb := a.Year(evaluation), b.Year(evaluation)
	if ya == nil || yb == nil {
		return v
	}
	v.Evaluated = true
	fails := func(y *Year) map[string]string {
		m := map[string]string{}
		for _, c := range y.Report.Failures() {
			m[c.Scope+"|"+c.SchoolID+"|"+c.Level+"|"+c.Key] = c.Text
		}
		return m
	}
	f := [2]map[string]string{fails(ya), fails(yb)}
	for side := range 2 {
		only := []string{}
		for k, text := range f[side] {
			if _, ok := f[1-side][k]; !ok {
				only = append(only, text)
			}
		}
		slices.Sort(only)
		v.Only[side] = only
	}
	return v
}

// Write prints the comparison for people: a line per year, then, per
// scenario, what fails in the evaluation year under it only.
func (v Versus) Write(w io.Writer) {
	fmt.Fprintf(w, "year  failing checks: %s | %s\n", v.Names[0], v.Names[1])
	for _, y := range v.Years {
		nb := "-"
		if y.Failing[1] >= 0 {
			nb = strconv.Itoa(y.Failing[1])
		}
		fmt.Fprintf(w, "%d  %d | %s\n", y.Year, y.Failing[0], nb)
	}
	if !v.Evaluated {
		return
	}
	for side, name := range v.Names {
		fmt.Fprintf(w, "failing in %d only under %s:\n", v.Evaluation, name)
		for _, text := range v.Only[side] {
			fmt.Fprintln(w, "  "+text)
		}
	}
}
