package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// The years a base_year may be (docs/dataset-format.md, "Plausibility"):
// outside them it is a problem.
const (
	MinBaseYear = 1990
	MaxBaseYear = 2100
)

// The ages a child may reach in the calendar year it enters grade 1
// without a word (docs/dataset-format.md, "Plausibility"): 6 or 7 on time
// (six by the county's cut-off, 31 August in most), 8 or 9 for one who
// entered late or repeated a grade. A year younger (an early entrant) or
// older than MaxEntryAge is a warning; younger still, a problem.
const (
	MinEntryAge = 6
	MaxEntryAge = 9
)

// Homes and campuses farther from the median of the homes than both
// FarFromHomesM and FarFromHomesSpread times the homes' median distance to
// it are warned about when the dataset names no boundary
// (docs/dataset-format.md, "Plausibility").
const (
	FarFromHomesM      = 300_000
	FarFromHomesSpread = 10
)

// maxSameWarnings is how many warnings of one kind a file gets one a line;
// the rest are counted in one more.
const maxSameWarnings = 10

// structural reports a problem that keeps a file, or a record of it, from
// being read: such problems come first, before what may be their
// consequences (firstThings). Line 0 is the file as a whole.
func (l *loader) structural(file string, line int, format string, args ...any) {
	p := Problem{File: l.name(file), Line: line, Msg: fmt.Sprintf(format, args...)}
	l.probs = append(l.probs, p)
	if l.first == nil {
		l.first = map[Problem]bool{}
	}
	l.first[p] = true
}

// firstThings returns the problems in the order Load reports them: the
// structural ones, then the others, each sorted by file and line.
func (l *loader) firstThings() Problems {
	var first, rest []Problem
	for _, p := range l.probs {
		if l.first[p] {
			first = append(first, p)
		} else {
			rest = append(rest, p)
		}
	}
	sortProblems(first)
	sortProblems(rest)
	return append(first, rest...)
}

// cappedWarn is a warning of a kind that may repeat on many lines: the
// first maxSameWarnings of a file are kept, the others counted.
func (l *loader) cappedWarn(kind, file string, line int, format string, args ...any) {
	if l.capped == nil {
		l.capped = map[[2]string]*cappedCount{}
	}
	k := [2]string{file, kind}
	c := l.capped[k]
	if c == nil {
		c = &cappedCount{}
		l.capped[k] = c
	}
	c.n++
	if c.n <= maxSameWarnings {
		l.warn(file, line, format, args...)
	} else if c.n == maxSameWarnings+1 {
		c.line = line
	}
}

type cappedCount struct{ n, line int }

// flushCapped adds, for each kind of warning cut short, one saying how
// many more there are, at the first line not shown.
func (l *loader) flushCapped() {
	for k, c := range l.capped {
		if c.n > maxSameWarnings {
			l.warn(k[0], c.line, "%d more warnings like the above (%s) from this line on, not shown", c.n-maxSameWarnings, k[1])
		}
	}
}

// checkBaseYear checks a base_year read as four digits.
func (l *loader) checkBaseYear(line, y int) bool {
	if y < MinBaseYear || y > MaxBaseYear {
		l.problem(MetaFile, line, "base_year %d outside %d–%d", y, MinBaseYear, MaxBaseYear)
		return false
	}
	return true
}

// checkBirth checks a child's birth year against its grade and the base
// year.
func (t *table) checkBirth(c *Child) {
	base := t.l.d.Meta.BaseYear
	if base == 0 || c.BirthYear == 0 {
		return
	}
	if c.BirthYear > base+1 {
		t.errf("birth_year %d is after the base year %d's school year (%d–%d)", c.BirthYear, base, base, base+1)
		return
	}
	if c.Grade == 0 {
		// It enters grade 1 next year at the earliest (Child.GradeIn).
		if age := base + 1 - c.BirthYear; age > MaxEntryAge {
			t.l.cappedWarn("age", t.file, t.line, "child born in %d is not at school in %d (grade 0): entering grade 1 in %d, aged %d that year (usual: 6 or 7; check birth_year and grade)",
				c.BirthYear, base, base+1, age)
		}
		return
	}
	entry := base - c.Grade + 1
	switch age := entry - c.BirthYear; {
	case age < MinEntryAge-1:
		t.errf("birth_year %d is implausible for grade %d in %d: the pupil entered grade 1 in %d, aged %d that year (accepted: %d or more; usual: 6 or 7)",
			c.BirthYear, c.Grade, base, entry, age, MinEntryAge-1)
	case age < MinEntryAge:
		t.l.cappedWarn("age", t.file, t.line, "grade %d pupil born in %d entered grade 1 in %d aged %d, a year early (usual: 6 or 7; check birth_year and grade)",
			c.Grade, c.BirthYear, entry, age)
	case age > MaxEntryAge:
		t.l.cappedWarn("age", t.file, t.line, "grade %d pupil born in %d entered grade 1 in %d aged %d (usual: 6 or 7; check birth_year and grade)",
			c.Grade, c.BirthYear, entry, age)
	}
}

// checkIntake warns about an intake column above the section's seats.
func (t *table) checkIntake(s *School) {
	for _, lv := range Levels {
		in := s.Intake(lv)
		if in == nil || *in <= s.Seats(lv) {
			continue
		}
		if s.Seats(lv) == 0 {
			t.l.warn(t.file, t.line, "%s_intake %d, but %s_seats is 0: the campus has no %s section", lv, *in, lv, lv)
		} else {
			t.l.warn(t.file, t.line, "%s_intake %d is more than %s_seats %d, the section's places in all its grades", lv, *in, lv, s.Seats(lv))
		}
	}
}

// plausible runs the checks of the dataset as a whole, once its files are
// read.
func (l *loader) plausible() {
	if l.d.Meta.Boundary == "" && l.d.Boundary == nil {
		l.farFromHomes()
	}
}

// farFromHomes warns, for a dataset without a boundary, about homes and
// campuses far from the others: farther from the homes' median point (the
// median longitude and latitude, which half the homes can move without
// moving it far) than FarFromHomesM and than FarFromHomesSpread times the
// homes' median distance to that point.
func (l *loader) farFromHomes() {
	hs := l.d.Households
	if len(hs) < 3 {
		return
	}
	lons := make([]float64, len(hs))
	lats := make([]float64, len(hs))
	for i := range hs {
		lons[i], lats[i] = hs[i].Loc[0], hs[i].Loc[1]
	}
	centre := orb.Point{median(lons), median(lats)}
	dist := make([]float64, len(hs))
	for i := range hs {
		dist[i] = geo.Distance(centre, hs[i].Loc)
	}
	spread := median(slices.Clone(dist))
	limit := max(FarFromHomesM, FarFromHomesSpread*spread)
	far := func(p orb.Point, d float64) string {
		return fmt.Sprintf("lon %.6f, lat %.6f is %.0f km from the middle of the homes (lon %.4f, lat %.4f; half of the homes lie within %.1f km of it): check its coordinates, or name the county's boundary in %s",
			p[0], p[1], d/1000, centre[0], centre[1], spread/1000, MetaFile)
	}
	for i := range hs {
		if dist[i] > limit {
			l.cappedWarn("far", HouseholdsFile, hs[i].Line, "%s", far(hs[i].Loc, dist[i]))
		}
	}
	for i := range l.d.Schools {
		s := &l.d.Schools[i]
		if d := geo.Distance(centre, s.Loc); d > limit {
			l.cappedWarn("far", SchoolsFile, s.Line, "%s", far(s.Loc, d))
		}
	}
}

// median returns the median of v, reordering it; v is not empty.
func median(v []float64) float64 {
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// notChecked says, for each file whose references could not be checked
// because the file they point to has errors, that they were not.
func (l *loader) notChecked() {
	note := func(file, against, what string) {
		l.problem(file, 0, "%s not checked against %s, which has errors", what, l.name(against))
	}
	if l.csvRead[ChildrenFile] {
		if !l.householdsOK {
			note(ChildrenFile, HouseholdsFile, "household_id")
		}
		if !l.schoolsOK {
			note(ChildrenFile, SchoolsFile, "school_id")
		}
	}
	if !l.schoolsOK && l.present(ZonesFile) {
		note(ZonesFile, SchoolsFile, "school_id")
	}
	if b := l.d.Meta.Boundary; b != "" && l.d.Boundary == nil {
		for _, f := range []string{SchoolsFile, HouseholdsFile} {
			if l.csvRead[f] {
				note(f, b, "lon, lat")
			}
		}
	}
}

// present reports whether a regular file of the name is in the dataset.
func (l *loader) present(file string) bool {
	fi, err := fs.Stat(l.fsys, file)
	return err == nil && fi.Mode().IsRegular() || err != nil && !errors.Is(err, fs.ErrNotExist)
}
