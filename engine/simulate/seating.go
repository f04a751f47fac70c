package simulate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Seating accounts for one level's entrants in one simulated year: each is
// seated (at the school of its zone, at another public school where the
// zone's seats ran out, at a private school its family chose, or at a
// private school without that choice: a government-purchased place) or
// unseated, and then the reason and the seats left idle are given.
type Seating struct {
	Level    dataset.Level
	Entrants int // children entering the level this year (grade 1 or 7 by age)
	Zoned    int // seated at the school of the zone holding their home
	Chosen   int // seated at a private school their family chose
	// Purchased: seated at a private school their family did not choose
	// (government-purchased places, 政府购买学位).
	Purchased int
	Seated    int // every entrant with a place: Zoned, Chosen, Purchased and those sent to another public school
	Unseated  int // Entrants − Seated
	// Earlier: children of the level's other grades (by age) with no
	// school this year, left without a place in an earlier year.
	Earlier int
	Places  int // intake places of the sections taking entrants this year
	Reason  Reason
	// Idle lists the sections of the level with seats beyond their
	// pupils this year, open or closed to entrants, most idle first
	// (then by school id).
	Idle []IdleSeats
}

// IdleSeats is a section's seats beyond its pupils in one year.
type IdleSeats struct {
	SchoolID, Name string
	Seats          int  // seats beyond the section's pupils
	Closed         bool // the section takes no entrants this year (scenario)
}

// Reason says why entrants of a level were left without a place.
type Reason string

// The reasons.
const (
	// ReasonNone: every entrant has a place.
	ReasonNone Reason = ""
	// ReasonPlacesShort: the sections taking entrants have fewer intake
	// places than there are entrants, county-wide.
	ReasonPlacesShort Reason = "places_short"
	// ReasonNotPlaced: places were left, yet some entrants were given
	// none.
	ReasonNotPlaced Reason = "not_placed"
)

// IdleSeatsTotal is the seats of Idle: open is true for the sections
// taking entrants, false for those closed to them.
func (s *Seating) IdleSeatsTotal(open bool) int {
	n := 0
	for _, v := range s.Idle {
		if v.Closed != open {
			n += v.Seats
		}
	}
	return n
}

// Note says, in Chinese, why entrants were left without a place and where
// seats stand idle; "" when every entrant has one.
func (s *Seating) Note() string {
	var parts []string
	switch s.Reason {
	case ReasonPlacesShort:
		parts = append(parts, fmt.Sprintf("全县招生学校可招学位 %d 个, 少于入学 %d 人", s.Places, s.Entrants))
	case ReasonNotPlaced:
		parts = append(parts, fmt.Sprintf("全县招生学校可招学位 %d 个, 仍有 %d 人未能安排", s.Places, s.Unseated))
	}
	if s.Unseated+s.Earlier == 0 {
		return ""
	}
	var closed, open []string
	for _, v := range s.Idle {
		t := fmt.Sprintf("%s %d 个", v.Name, v.Seats)
		if v.Closed {
			closed = append(closed, t)
		} else {
			open = append(open, t)
		}
	}
	if len(closed) > 0 {
		parts = append(parts, "停止招生的"+levelWord(s.Level)+"尚有空余学位: "+strings.Join(closed, "、"))
	}
	if len(open) > 0 {
		parts = append(parts, "招生学校尚有空余学位: "+strings.Join(open, "、"))
	}
	if len(closed)+len(open) == 0 {
		parts = append(parts, "全县"+levelWord(s.Level)+"无空余学位")
	}
	return strings.Join(parts, "; ")
}

// seating accounts for a level's entrants of year yr (see Seating): pupils
// are the year's pupils per school by grade (the level's first grade
// first), closed the sections taking no entrants.
func seating(ds *dataset.Dataset, schools []dataset.School, lr *engine.LevelResult, enrol *engine.Enrolment,
	pupils [][]int, closed map[int]bool) Seating {
	st := Seating{Level: lr.Level, Entrants: len(lr.Entrants)}
	for _, s := range lr.Seats {
		switch {
		case s.School < 0:
			continue
		case s.Reason == engine.SeatPrivateChoice:
			st.Chosen++
		case !schools[s.School].Public:
			st.Purchased++
		case s.Zoned:
			st.Zoned++
		}
		st.Seated++
	}
	st.Unseated = st.Entrants - st.Seated
	first, last := lr.Level.Grades()
	for i := range ds.Children {
		if g := ds.Children[i].GradeIn(enrol.Year, ds.Meta.BaseYear); g > first && g <= last && enrol.School[i] < 0 {
			st.Earlier++
		}
	}
	for j := range schools {
		if j < len(lr.Schools) && !closed[j] {
			st.Places += lr.Schools[j].Capacity
		}
	}
	switch {
	case st.Unseated == 0:
	case st.Places < st.Entrants:
		st.Reason = ReasonPlacesShort
	default:
		st.Reason = ReasonNotPlaced
	}
	for j := range schools {
		s := &schools[j]
		if !s.HasLevel(lr.Level) {
			continue
		}
		n := 0
		for _, v := range pupils[j] {
			n += v
		}
		if idle := s.Seats(lr.Level) - n; idle > 0 {
			st.Idle = append(st.Idle, IdleSeats{SchoolID: s.ID, Name: s.SectionName(lr.Level), Seats: idle, Closed: closed[j]})
		}
	}
	slices.SortStableFunc(st.Idle, func(a, b IdleSeats) int {
		return cmp.Or(cmp.Compare(b.Seats, a.Seats), cmp.Compare(a.SchoolID, b.SchoolID))
	})
	return st
}

// levelWord is the Chinese word of a level: 小学 or 初中.
func levelWord(l dataset.Level) string {
	if l == dataset.Junior {
		return "初中"
	}
	return "小学"
}

// notNearby reports whether an entrant placed outside the zones (unseated,
// or at a private school without the family's choice) counts in the
// nearby ratio, as not nearby: when the zone holding its home has an urban
// or town public non-boarding school, or when the home is in no zone.
func notNearby(ds *dataset.Dataset, schools []dataset.School, lr *engine.LevelResult, child int) bool {
	if lr.HomeZone == nil {
		return true
	}
	h := ds.HouseholdIndex(ds.Children[child].HouseholdID)
	if h < 0 || h >= len(lr.HomeZone) || lr.HomeZone[h] < 0 || lr.HomeZone[h] >= len(lr.Zones) {
		return true
	}
	for _, j := range lr.Zones[lr.HomeZone[h]].Schools {
		if engine.NearbyCounted(&schools[j]) {
			return true
		}
	}
	return false
}

// countySeating is the compliance figures of a year's seating.
func countySeating(seats []Seating) map[string]compliance.Seating {
	out := make(map[string]compliance.Seating, len(seats))
	for i := range seats {
		s := &seats[i]
		out[string(s.Level)] = compliance.Seating{Entrants: s.Entrants, Unseated: s.Unseated, Earlier: s.Earlier, Note: s.Note()}
	}
	return out
}

// scaleClassrooms keeps a section's classrooms column in step with its
// seats when an event sets them to v: the rooms scale with the seats, at
// the section's own seats per room (a building added holds classrooms as
// the school's do). A section without the column derives its rooms from
// its seats anyway; one with no seats before, or none after, keeps it.
func scaleClassrooms(s *dataset.School, l dataset.Level, v int) {
	r, old := s.Classrooms(l), s.Seats(l)
	if r == nil || old <= 0 || v <= 0 || v == old {
		return
	}
	n := max(1, (2**r*v+old)/(2*old)) // round(r·v/old)
	if l == dataset.Junior {
		s.JuniorClassrooms = &n
	} else {
		s.PrimaryClassrooms = &n
	}
}
