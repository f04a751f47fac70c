package scenario

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
)

// Warnings returns what is worth knowing before a simulation, though it
// does not stop one, as FILE:LINE: warning: message (each Msg starts with
// "warning: "), in file order:
//
//   - a relocation whose old campus goes to no school (no leaves_to, or
//     leaves not listing every facility the campus has in ds), naming the
//     nearest school that could take it;
//   - an event that follows (after) a skipped event, or that now comes
//     before the event it follows (a negative Delay);
//   - an event about a relocated school's campus, old or new — a building
//     or seats there, floor area handed over from or to it, its old
//     campus left to it, the new campus's pupils moving out — that Delay
//     or Skip pulls apart from the move: the file has it before the move
//     and now it comes after, or the other way round, or the file has it
//     in the move's year and now it is not, or the move is skipped. Events
//     that follow the move (after) move with it and are not named;
//   - facilities handed to a school (leaves_to, transfer_area's to) in a
//     year it has no section, so that they serve no pupil.
func (s *Scenario) Warnings(ds *dataset.Dataset) dataset.Problems {
	var out dataset.Problems
	warn := func(line int, format string, a ...any) {
		out = append(out, dataset.Problem{File: s.File, Line: line, Msg: "warning: scenario: " + fmt.Sprintf(format, a...)})
	}
	skipped := func(id string) *Event {
		for i := range s.Skipped {
			if s.Skipped[i].ID == id {
				return &s.Skipped[i]
			}
		}
		return nil
	}
	for i := range s.Events {
		e := &s.Events[i]
		if e.Kind == Relocate {
			s.leftBehind(ds, e, warn)
		}
		if e.After != "" {
			if dep := s.Find(e.After); dep != nil && dep.Year > e.Year {
				warn(e.Line, "event %q (%d) now comes before %q (%d), which it follows (after): it takes effect first", e.ID, e.Year, dep.ID, dep.Year)
			} else if dep == nil && skipped(e.After) != nil {
				warn(e.Line, "event %q follows %q (after), which is skipped: %q still takes effect in %d (skip it too to leave it out)",
					e.ID, e.After, e.ID, e.Year)
			}
		}
		for _, to := range []string{e.LeavesTo, transferTo(e)} {
			if to != "" && !s.hasSection(ds, to, e.Year) {
				warn(e.Line, "event %q hands facilities to %s, which has no pupils in %d: they serve nobody until it opens", e.ID, to, e.Year)
			}
		}
	}
	moves := slices.Clone(s.Skipped)
	moves = append(moves, s.Events...)
	for m := range moves {
		r := &moves[m]
		if r.Kind != Relocate {
			continue
		}
		gone := s.Find(r.ID) == nil
		for _, list := range [][]Event{s.Events, s.Skipped} {
			for i := range list {
				e := &list[i]
				if e.ID == r.ID || s.follows(e, r.ID) || s.follows(r, e.ID) {
					continue
				}
				campus := aboutCampus(e, r)
				if campus == "" {
					continue
				}
				eGone := s.Find(e.ID) == nil
				if eGone && !gone {
					// A skipped move-out of the campus the school takes.
					if e.Kind == MoveIntake && side(e.FileYear, e.Line, r.FileYear, r.Line) < 0 {
						warn(r.Line, "event %q moves %s to %s's campus, whose %s pupils were to move out first (%q), which is skipped: they are still there",
							r.ID, r.School, r.To, e.Level, e.ID)
					}
					continue
				}
				if eGone {
					continue
				}
				was := side(e.FileYear, e.Line, r.FileYear, r.Line)
				if gone {
					if was > -2 && e.Kind != MoveIntake {
						warn(e.Line, "event %q (%s, %d) is about %s's campus: the file puts it %s the move %q (%s to %s's campus, %d), which is skipped: it applies to %s's campus as it is",
							e.ID, e.Kind, e.Year, campus, sideText(was), r.ID, r.School, r.To, r.FileYear, campus)
					}
					continue
				}
				now := side(e.Year, e.Line, r.Year, r.Line)
				if (was < 0) == (now < 0) && (abs(was) == 1) == (abs(now) == 1) {
					continue
				}
				fix := fmt.Sprintf("after: %s on %q keeps them together", e.ID, r.ID)
				if e.Line > r.Line {
					fix = fmt.Sprintf("after: %s keeps them together", r.ID)
				}
				warn(e.Line, "event %q (%s, %d) is about %s's campus: the file puts it %s the move %q (%s to %s's campus, %d); now it comes %s the move (%d): %s; %s",
					e.ID, e.Kind, e.Year, campus, sideText(was), r.ID, r.School, r.To, r.FileYear, sideText(now), r.Year, consequence(e, r, now), fix)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b dataset.Problem) int { return a.Line - b.Line })
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// side places an event (year, line) against a move (ry, rline): −2 an
// earlier year, −1 the same year and before it in the file, 1 the same year
// and after it, 2 a later year.
func side(y, line, ry, rline int) int {
	switch {
	case y < ry:
		return -2
	case y > ry:
		return 2
	case line < rline:
		return -1
	}
	return 1
}

func sideText(side int) string {
	switch side {
	case -2:
		return "a year or more before"
	case -1:
		return "in the same year, just before"
	case 1:
		return "in the same year, just after"
	}
	return "a year or more after"
}

// consequence says what an event about a moved school's campus does when
// it now falls on side now of the move r.
func consequence(e, r *Event, now int) string {
	switch {
	case e.Kind == MoveIntake && now > 0:
		return fmt.Sprintf("%s's %s pupils are still on the campus when %s takes it, and the simulation stops there", r.To, e.Level, r.School)
	case e.Kind == MoveIntake:
		return fmt.Sprintf("%s's %s pupils leave the campus years before %s takes it", r.To, e.Level, r.School)
	case touches(e, r.School) && now < 0:
		return fmt.Sprintf("it applies to %s's old campus, where %s still teaches", r.School, r.School)
	case touches(e, r.School):
		return fmt.Sprintf("it applies to %s's new campus (%s's site), not the old one", r.School, r.To)
	case now < 0:
		return fmt.Sprintf("it applies to %s's campus before %s takes it", r.To, r.School)
	}
	return fmt.Sprintf("it applies to %s, whose campus %s has taken (nobody is taught under %s then)", r.To, r.School, r.To)
}

// follows reports whether e follows the event id, directly or through
// others (after).
func (s *Scenario) follows(e *Event, id string) bool {
	seen := map[string]bool{}
	for e != nil && e.After != "" && !seen[e.ID] {
		if e.After == id {
			return true
		}
		seen[e.ID] = true
		next := s.Find(e.After)
		if next == nil {
			for i := range s.Skipped {
				if s.Skipped[i].ID == e.After {
					next = &s.Skipped[i]
				}
			}
		}
		e = next
	}
	return false
}

// touches reports whether the event changes the fixed facilities or seats
// of school id: builds there, hands floor area from or to it, leaves an
// old campus to it.
func touches(e *Event, id string) bool {
	switch e.Kind {
	case Build:
		return e.School == id && (e.TeachingAreaM2 != nil || e.SportsAreaM2 != nil || e.MusicRooms != nil || e.ArtRooms != nil ||
			e.Seats.Primary != nil || e.Seats.Junior != nil)
	case TransferArea:
		return e.School == id || e.To == id
	case Relocate:
		return e.LeavesTo == id
	}
	return false
}

// aboutCampus returns the school whose campus event e is about when it is
// one of the move r's: its school (old campus before, new after) or the
// campus it takes (facilities there, or its pupils moving out all at
// once); "" otherwise.
func aboutCampus(e, r *Event) string {
	switch {
	case touches(e, r.School):
		return r.School
	case touches(e, r.To):
		return r.To
	case e.Kind == MoveIntake && e.School == r.To && e.Mode == MoveAll:
		return r.To
	}
	return ""
}

func transferTo(e *Event) string {
	if e.Kind == TransferArea {
		return e.To
	}
	return ""
}

// hasSection reports whether school id has seats of some level in school
// year y: in ds, or by an open or build event of that year or before. A
// school unknown to ds counts as having one (Validate reports it).
func (s *Scenario) hasSection(ds *dataset.Dataset, id string, y int) bool {
	sc := ds.School(id)
	if sc == nil {
		return true
	}
	for _, l := range dataset.Levels {
		if sc.Seats(l) > 0 || opened(s, id, l, y) {
			return true
		}
	}
	return false
}

// leftBehind warns when a relocation's old campus, or part of it, goes to
// no school.
func (s *Scenario) leftBehind(ds *dataset.Dataset, e *Event, warn func(int, string, ...any)) {
	sc := ds.School(e.School)
	if sc == nil {
		return
	}
	left := e.Left()
	var lost []string
	for _, f := range Facilities {
		if slices.Contains(left, f) {
			continue
		}
		if v := facility(sc, f); v > 0 {
			lost = append(lost, facilityText(f, v))
		}
	}
	if len(lost) == 0 {
		return
	}
	near, d := "", math.Inf(1)
	for k := range ds.Schools {
		o := &ds.Schools[k]
		if o.ID == e.School || o.ID == e.To || !o.Public || !s.hasSection(ds, o.ID, e.Year) {
			continue
		}
		if dd := geo.Distance(sc.Loc, o.Loc); dd < d {
			near, d = o.ID, dd
		}
	}
	hint := "leaves_to: SCHOOL names the school that takes them"
	if e.LeavesTo != "" {
		hint = "leaves lists what " + e.LeavesTo + " takes"
	} else if near != "" {
		hint += fmt.Sprintf(" (the nearest, %s %s, is %.0f m away)", near, ds.School(near).Name, d)
	}
	warn(e.Line, "event %q: when %s moves, its old campus's %s (as schools.csv gives them) go to no school; %s",
		e.ID, e.School, strings.Join(lost, ", "), hint)
}

// facility returns a school's amount of one of Facilities, 0 when not
// given.
func facility(sc *dataset.School, f string) float64 {
	var p *float64
	var n *int
	switch f {
	case LeaveTeachingArea:
		p = sc.TeachingAreaM2
	case LeaveSportsArea:
		p = sc.SportsAreaM2
	case LeaveMusicRooms:
		n = sc.MusicRooms
	case LeaveArtRooms:
		n = sc.ArtRooms
	}
	switch {
	case p != nil:
		return *p
	case n != nil:
		return float64(*n)
	}
	return 0
}

func facilityText(f string, v float64) string {
	switch f {
	case LeaveTeachingArea:
		return fmt.Sprintf("%g m² of floor area (teaching_area_m2)", v)
	case LeaveSportsArea:
		return fmt.Sprintf("%g m² of sports grounds (sports_area_m2)", v)
	case LeaveMusicRooms:
		return fmt.Sprintf("music rooms: %g", v)
	}
	return fmt.Sprintf("art rooms: %g", v)
}
