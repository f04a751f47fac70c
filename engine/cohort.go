package engine

import (
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// Entrants returns the indexes (into ds.Children) of the children who enter
// the level in school year y: those in grade 1 (primary) or grade 7 (junior)
// in y, per the grades over time of docs/dataset-format.md. The order is the children's.
func Entrants(ds *dataset.Dataset, y int, level dataset.Level) []int {
	g := level.EntryGrade()
	var out []int
	for i := range ds.Children {
		if ds.Children[i].GradeIn(y, ds.Meta.BaseYear) == g {
			out = append(out, i)
		}
	}
	return out
}

// FutureEntrants returns the children (indexes into ds.Children) who will
// enter the level after school year y: for primary, those not at school yet
// in y; for junior, the primary pupils of y (grades 1–5; grade 6 enters
// junior next year, and is counted too).
func FutureEntrants(ds *dataset.Dataset, y int, level dataset.Level) []int {
	lo, hi := 0, 0 // grades in y
	if level == dataset.Junior {
		lo, hi = 1, 6
	}
	var out []int
	for i := range ds.Children {
		if g := ds.Children[i].GradeIn(y, ds.Meta.BaseYear); g >= lo && g <= hi {
			out = append(out, i)
		}
	}
	return out
}

// Enrolment records the school of every child in one school year.
type Enrolment struct {
	Year   int
	School []int // School[i]: index into ds.Schools of child i's school, or -1
}

// BaseEnrolment is the enrolment of the dataset's base year, as children.csv
// gives it.
func BaseEnrolment(ds *dataset.Dataset) *Enrolment {
	e := &Enrolment{Year: ds.Meta.BaseYear, School: make([]int, len(ds.Children))}
	idx := schoolIndex(ds)
	for i := range ds.Children {
		e.School[i] = -1
		if c := &ds.Children[i]; c.Grade >= 1 {
			if j, ok := idx[c.SchoolID]; ok {
				e.School[i] = j
			}
		}
	}
	return e
}

func schoolIndex(ds *dataset.Dataset) map[string]int {
	m := make(map[string]int, len(ds.Schools))
	for j := range ds.Schools {
		m[ds.Schools[j].ID] = j
	}
	return m
}

// Continuing counts, for each school, the pupils enrolled in year e.Year who
// will be in the level's grades after the entry grade in year y = e.Year+1
// (grades 2–6 or 8–9): the pupils who hold seats before the entrants come.
func (e *Enrolment) Continuing(ds *dataset.Dataset, level dataset.Level) []int {
	first, last := level.Grades()
	out := make([]int, len(ds.Schools))
	for i := range ds.Children {
		j := e.School[i]
		if j < 0 {
			continue
		}
		g := ds.Children[i].GradeIn(e.Year+1, ds.Meta.BaseYear)
		if g > first && g <= last {
			out[j]++
		}
	}
	return out
}

// Students counts, for each school, the pupils of the level enrolled in
// year e.Year, by grade: Students[j][g-first].
func (e *Enrolment) Students(ds *dataset.Dataset, level dataset.Level) [][]int {
	first, last := level.Grades()
	out := make([][]int, len(ds.Schools))
	for j := range out {
		out[j] = make([]int, last-first+1)
	}
	for i := range ds.Children {
		j := e.School[i]
		if j < 0 {
			continue
		}
		g := ds.Children[i].GradeIn(e.Year, ds.Meta.BaseYear)
		if g >= first && g <= last {
			out[j][g-first]++
		}
	}
	return out
}

// Advance returns the enrolment of the next year before entrants are placed:
// pupils keep their school while they stay in its level; those who leave
// grade 6 or grade 9 leave it.
func (e *Enrolment) Advance(ds *dataset.Dataset) *Enrolment {
	n := &Enrolment{Year: e.Year + 1, School: make([]int, len(e.School))}
	for i, j := range e.School {
		n.School[i] = -1
		if j < 0 {
			continue
		}
		g := ds.Children[i].GradeIn(n.Year, ds.Meta.BaseYear)
		if g >= 2 && g <= 6 || g >= 8 && g <= 9 {
			n.School[i] = j
		}
	}
	return n
}

// IntakeCapacity returns the places for the entry grade of the level at each
// school in year e.Year+1: the intake column of schools.csv when the dataset
// gives it and y is the target year, else the section's seats minus its
// continuing pupils, never below 0. A school without the section has 0.
func (e *Enrolment) IntakeCapacity(ds *dataset.Dataset, level dataset.Level, useColumn bool) []int {
	cont := e.Continuing(ds, level)
	out := make([]int, len(ds.Schools))
	for j := range ds.Schools {
		s := &ds.Schools[j]
		if !s.HasLevel(level) {
			continue
		}
		if v := s.Intake(level); useColumn && v != nil {
			out[j] = *v
			continue
		}
		out[j] = max(0, s.Seats(level)-cont[j])
	}
	return out
}

// Classes returns the number of classes and the largest class for n pupils
// of one grade under a class-size cap: ceil(n/cap) classes, as even as
// possible.
func Classes(n, capacity int) (classes, largest int) {
	if n <= 0 || capacity <= 0 {
		return 0, 0
	}
	classes = (n + capacity - 1) / capacity
	largest = (n + classes - 1) / classes
	return classes, largest
}

// ClassPlan is how one section's pupils are formed into classes in one
// year, one class to a classroom.
type ClassPlan struct {
	ByGrade []int // classes per grade, the level's first grade first
	Classes int   // classes formed
	Largest int   // pupils in the largest class
	// Over counts the classes above the class-size cap; Large and Huge
	// those of at least the large and huge thresholds (大班额, 超大班额).
	Over, Large, Huge int
	// Short is the classes beyond the classrooms: a grade with pupils
	// has at least one class even when no room is left.
	Short int
}

// ClassLimits are what FormClasses forms classes within: the classrooms
// (negative: no limit), the class-size cap, and the thresholds of large
// and huge classes (pupils; 0: not counted).
type ClassLimits struct {
	Classrooms, Cap, Large, Huge int
}

// SectionLimits returns the limits classes of section l of school s are
// formed within under the policy: its classrooms (SectionClassrooms), the
// class-size cap and the large and huge class thresholds. A run's metrics
// and the simulation form classes alike through it.
func SectionLimits(s *dataset.School, l dataset.Level, pol config.Policy) ClassLimits {
	return ClassLimits{Classrooms: SectionClassrooms(s, l, pol.ClassroomSeats.Of(string(l))), Cap: pol.ClassSize.Of(string(l)),
		Large: pol.LargeClass, Huge: pol.HugeClass}
}

// FormClasses forms each grade's pupils (byGrade) into classes, as even as
// possible within a grade. When the classrooms allow, a grade of n pupils
// has ceil(n/Cap) classes (Classes); else every grade with pupils has one
// class and the rooms left go, one at a time, to the grade whose largest
// class is the largest (the lower grade on a tie), which makes the largest
// class as small as the rooms allow.
func FormClasses(byGrade []int, lim ClassLimits) ClassPlan {
	p := ClassPlan{ByGrade: make([]int, len(byGrade))}
	if lim.Cap <= 0 {
		return p
	}
	want, grades := 0, 0
	for g, n := range byGrade {
		if n > 0 {
			p.ByGrade[g], _ = Classes(n, lim.Cap)
			want += p.ByGrade[g]
			grades++
		}
	}
	if lim.Classrooms >= 0 && want > lim.Classrooms {
		for g, n := range byGrade {
			if n > 0 {
				p.ByGrade[g] = 1
			}
		}
		for left := lim.Classrooms - grades; left > 0; left-- {
			best, size := -1, 0
			for g, n := range byGrade {
				if n > 0 {
					if s := ceilDiv(n, p.ByGrade[g]); s > size {
						best, size = g, s
					}
				}
			}
			if size <= lim.Cap {
				break // cannot happen: the rooms are fewer than the classes wanted
			}
			p.ByGrade[best]++
		}
	}
	count := func(q, r, c, at int) int { // classes of at least at pupils: r of q+1, c−r of q
		switch {
		case at <= 0:
			return 0
		case q >= at:
			return c
		case q+1 >= at:
			return r
		}
		return 0
	}
	for g, n := range byGrade {
		c := p.ByGrade[g]
		if c == 0 {
			continue
		}
		p.Classes += c
		q, r := n/c, n%c
		p.Largest = max(p.Largest, ceilDiv(n, c))
		p.Over += count(q, r, c, lim.Cap+1)
		p.Large += count(q, r, c, lim.Large)
		p.Huge += count(q, r, c, lim.Huge)
	}
	if lim.Classrooms >= 0 {
		p.Short = max(0, p.Classes-lim.Classrooms)
	}
	return p
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// SectionClassrooms returns a section's general classrooms: the
// classrooms column of schools.csv when given, else those of a school
// built, as schools are, with the same number of parallel classes in each
// grade (轨): the fewest that hold its seats at classroomSeats pupils a
// room, ceil(seats / (grades × classroomSeats)), times the level's grades
// (6 or 3). 0 for a school without the section; −1 (no limit) when the
// column is blank and classroomSeats is not above 0.
func SectionClassrooms(s *dataset.School, l dataset.Level, classroomSeats int) int {
	if v := s.Classrooms(l); v != nil {
		return *v
	}
	if s.Seats(l) <= 0 {
		return 0
	}
	if classroomSeats <= 0 {
		return -1
	}
	first, last := l.Grades()
	grades := last - first + 1
	return grades * ceilDiv(s.Seats(l), grades*classroomSeats)
}
