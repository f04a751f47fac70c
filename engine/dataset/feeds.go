package dataset

import "slices"

// schoolKnown are the columns schools.csv may have: SchoolColumns and the
// optional feeds, written only when some school has one (so that a
// dataset without it writes the bytes it always did).
var schoolKnown = append(slices.Clone(SchoolColumns), "feeds")

// checkFeeds checks the feeds column of schools.csv once every row is read:
// it must name a school of the file with a junior section, and only a
// school with a primary section feeds one. A feeds naming a row with
// problems of its own raises none more.
func (l *loader) checkFeeds() {
	for i := range l.d.Schools {
		s := &l.d.Schools[i]
		if s.Feeds == "" {
			continue
		}
		if s.PrimarySeats == 0 {
			l.problem(SchoolsFile, s.Line, "feeds %q: school %q has no primary section (primary_seats = 0) to feed a junior school", s.Feeds, s.ID)
			continue
		}
		e, ok := l.schools[s.Feeds]
		switch {
		case !ok:
			l.problem(SchoolsFile, s.Line, "feeds %q does not exist in schools.csv (accepted: the school_id of a school with a junior section, or blank)", s.Feeds)
		case e.index < 0:
		case !l.d.Schools[e.index].HasLevel(Junior):
			l.problem(SchoolsFile, s.Line, "feeds %q: school %q has no junior section (junior_seats = 0)", s.Feeds, s.Feeds)
		}
	}
}

// withFeeds adds the feeds column to the rows of schools.csv (header
// first, then the schools in order) when some school has one.
func withFeeds(rows [][]string, schools []School) {
	if !slices.ContainsFunc(schools, func(s School) bool { return s.Feeds != "" }) {
		return
	}
	rows[0] = append(slices.Clone(rows[0]), "feeds")
	for i := range schools {
		rows[i+1] = append(rows[i+1], schools[i].Feeds)
	}
}

// FeederOf returns the index of the junior school that school j's primary
// section feeds by the feeds column, or −1 when it names none (or one not
// in the dataset).
func (d *Dataset) FeederOf(j int) int {
	if f := d.Schools[j].Feeds; f != "" {
		return d.SchoolIndex(f)
	}
	return -1
}
