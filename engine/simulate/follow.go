package simulate

import (
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/zones"
)

// Movable are the resources that follow a moved section's pupils
// (scenario.Follow): teachers, teaching equipment and multimedia rooms.
// Floor and sports area, music and art rooms and seats are fixed: they stay
// with the campus.
type Movable struct {
	TeachersQualified float64 // teachers above the required qualification
	TeachersBackbone  float64 // county-level or higher backbone teachers
	TeachersPEArt     float64 // PE and art (music, fine art) teachers
	EquipmentYuan     float64 // teaching equipment, yuan
	MultimediaRooms   float64 // networked multimedia classrooms
}

// movable lists the movable fields: a school's and a Movable's.
var movable = []struct {
	school func(*dataset.School) **float64
	value  func(*Movable) *float64
}{
	{func(s *dataset.School) **float64 { return &s.TeachersQualified }, func(m *Movable) *float64 { return &m.TeachersQualified }},
	{func(s *dataset.School) **float64 { return &s.TeachersBackbone }, func(m *Movable) *float64 { return &m.TeachersBackbone }},
	{func(s *dataset.School) **float64 { return &s.TeachersPEArt }, func(m *Movable) *float64 { return &m.TeachersPEArt }},
	{func(s *dataset.School) **float64 { return &s.EquipmentYuan }, func(m *Movable) *float64 { return &m.EquipmentYuan }},
	{func(s *dataset.School) **float64 { return &s.MultimediaRooms }, func(m *Movable) *float64 { return &m.MultimediaRooms }},
}

// ResourceMove is what a moved section handed one receiver in one school
// year under resources: follow.
type ResourceMove struct {
	Year     int
	Event    *scenario.Event // the move_intake
	From, To string          // school ids: the sending school, the receiver
	Level    dataset.Level
	// Had is the section's pupils the year before; Lost those of them it
	// lost to the move this year (all receivers together): with mode
	// phase_out Had less the section's pupils this year, with mode all Had.
	Had, Lost int
	// CampusHad is the sending campus's pupils the year before whose
	// sections still held their resources (Had for a one-level school).
	CampusHad int
	Share     float64 // of what the section sent this year, To's part (0–1)
	Moved     Movable // what To received
}

// sectionPart returns the part of a campus's movable resources r that
// serves section l: r shared by the pupils of the year before (had of the
// section, other of the campus's other section) as compliance.SplitCampus
// shares them; all of r when the other section has none.
func sectionPart(r Movable, l dataset.Level, had, other int) Movable {
	if other <= 0 {
		return r
	}
	res := compliance.Resources{TeachersQualified: &r.TeachersQualified, TeachersBackbone: &r.TeachersBackbone,
		TeachersPEArt: &r.TeachersPEArt, EquipmentYuan: &r.EquipmentYuan, MultimediaRooms: &r.MultimediaRooms}
	p, j := had, other
	if l == dataset.Junior {
		p, j = other, had
	}
	ps, js := compliance.SplitCampus(res, p, j)
	part := js
	if l == dataset.Primary {
		part = ps
	}
	return Movable{*part.TeachersQualified, *part.TeachersBackbone, *part.TeachersPEArt, *part.EquipmentYuan, *part.MultimediaRooms}
}

// followShares returns the resources that move when a section that had had
// pupils the year before (other: the campus's other section's) loses lost
// of them, out of the campus's movable resources r: the section's part
// (sectionPart) times lost/had. They are split by the weights (shares, or
// pupils each receiver took; equal parts when they add up to zero); the last
// receiver with a weight gets what the others leave, so the parts add up to
// what moves.
func followShares(r Movable, l dataset.Level, had, other, lost int, weights []float64) (sent Movable, parts []Movable, shares []float64) {
	parts = make([]Movable, len(weights))
	shares = make([]float64, len(weights))
	if had <= 0 || lost <= 0 || len(weights) == 0 {
		return Movable{}, parts, shares
	}
	lost = min(lost, had)
	part := sectionPart(r, l, had, other)
	f := float64(lost) / float64(had)
	total, last := 0.0, -1
	for i, w := range weights {
		if w > 0 {
			total += w
			last = i
		}
	}
	for i, w := range weights {
		switch {
		case total <= 0:
			shares[i] = 1 / float64(len(weights))
		case w > 0:
			shares[i] = w / total
		}
	}
	if last < 0 {
		last = len(weights) - 1
	}
	for _, fld := range movable {
		v := *fld.value(&part) * f
		if lost == had {
			v = *fld.value(&part) // the whole section's part, exactly
		}
		*fld.value(&sent) = v
		given := 0.0
		for i := range weights {
			if i == last || shares[i] == 0 {
				continue
			}
			x := v * shares[i]
			*fld.value(&parts[i]) = x
			given += x
		}
		*fld.value(&parts[last]) = v - given
	}
	return sent, parts, shares
}

// movableOf returns a school's movable resources (0 when not given).
func movableOf(s *dataset.School) Movable {
	var m Movable
	for _, fld := range movable {
		if p := *fld.school(s); p != nil {
			*fld.value(&m) = *p
		}
	}
	return m
}

// follow moves a section's resources from schools[j] to schools[recv[r]]:
// see followShares. Fields the sender does not give stay unset; the sender's
// values are replaced, never changed in place (years share pointers).
func follow(schools []dataset.School, y int, e *scenario.Event, j int, recv []int, had, other, lost int, weights []float64) []ResourceMove {
	s := &schools[j]
	sent, parts, shares := followShares(movableOf(s), e.Level, had, other, lost, weights)
	if sent == (Movable{}) {
		return nil
	}
	for _, fld := range movable {
		from := fld.school(s)
		if *from == nil {
			continue
		}
		left := **from - *fld.value(&sent)
		if left < 0 && left > -1e-9*max(1, **from) {
			left = 0
		}
		*from = &left
		for r, k := range recv {
			if v := *fld.value(&parts[r]); v != 0 {
				add(fld.school(&schools[k]), &v)
			}
		}
	}
	out := make([]ResourceMove, 0, len(recv))
	for r, k := range recv {
		out = append(out, ResourceMove{Year: y, Event: e, From: s.ID, To: schools[k].ID, Level: e.Level,
			Had: had, Lost: min(lost, had), CampusHad: had + max(other, 0), Share: shares[r], Moved: parts[r]})
	}
	return out
}

// levelPupils counts, per level, each school's pupils of the level in the
// enrolment's year.
func levelPupils(ds *dataset.Dataset, enrol *engine.Enrolment) map[dataset.Level][]int {
	out := map[dataset.Level][]int{dataset.Primary: make([]int, len(ds.Schools)), dataset.Junior: make([]int, len(ds.Schools))}
	for i, j := range enrol.School {
		if j < 0 || i >= len(ds.Children) || j >= len(ds.Schools) {
			continue
		}
		if g := ds.Children[i].GradeIn(enrol.Year, ds.Meta.BaseYear); g >= 1 && g <= 9 {
			out[dataset.LevelOfGrade(g)][j]++
		}
	}
	return out
}

func otherLevel(l dataset.Level) dataset.Level {
	if l == dataset.Junior {
		return dataset.Primary
	}
	return dataset.Junior
}

// phaseOutFollow moves, after year y is placed, the movable resources of
// every section phased out under resources: follow: each lost, since the
// year before, the pupils it had less those it has (see followShares).
// served holds each school's pupils per level the year before, 0 for a
// section whose resources left with all its pupils this year; now is the
// pupils of year y.
func phaseOutFollow(ds *dataset.Dataset, y int, schools []dataset.School, moves []*moved, closed map[dataset.Level]map[int]bool,
	served, now map[dataset.Level][]int, yr *engine.YearResult, us *zones.Units) []ResourceMove {
	var out []ResourceMove
	done := map[dataset.Level]map[int]bool{dataset.Primary: {}, dataset.Junior: {}}
	for _, mv := range moves {
		e, j, l := mv.ev, mv.source, mv.level
		if e.Mode != scenario.PhaseOut || e.Resources == scenario.Stay || !closed[l][j] || done[l][j] {
			continue
		}
		done[l][j] = true
		had, lost := served[l][j], served[l][j]-now[l][j]
		if had <= 0 || lost <= 0 {
			continue
		}
		recv := make([]int, len(e.Receivers))
		for r, rc := range e.Receivers {
			recv[r] = ds.SchoolIndex(rc.School)
		}
		var weights []float64
		if e.Split == scenario.ByZone {
			weights = takenFromZone(ds, mv, recv, yr.Level(l), us)
		} else {
			weights = make([]float64, len(recv))
			for r, rc := range e.Receivers {
				weights[r] = rc.Share
			}
		}
		out = append(out, follow(schools, y, e, j, recv, had, served[otherLevel(l)][j], lost, weights)...)
	}
	return out
}

// takenFromZone counts, per receiver, this year's entrants it seated from
// its part of the moved section's former zone; when none were, the homes of
// its part.
func takenFromZone(ds *dataset.Dataset, mv *moved, recv []int, lr *engine.LevelResult, us *zones.Units) []float64 {
	w := make([]float64, len(recv))
	found := false
	if lr != nil {
		for _, st := range lr.Seats {
			if st.School < 0 {
				continue
			}
			h := ds.HouseholdIndex(ds.Children[st.Child].HouseholdID)
			if h < 0 {
				continue
			}
			if r, ok := mv.pins[us.HomeUnit[h]]; ok && recv[r] == st.School {
				w[r]++
				found = true
			}
		}
	}
	if !found {
		for u, r := range mv.pins {
			w[r] += float64(len(us.Units[u].Homes))
		}
	}
	return w
}

// leave adds the facilities of from's campus that a relocation leaves
// (scenario.Event.Left: floor area and sports grounds in m², music and art
// rooms) to the school that takes the old campus. from's own figures are
// replaced by the new campus's afterwards, so nothing is counted twice.
func leave(from, to *dataset.School, left []string) {
	for _, f := range left {
		switch f {
		case scenario.LeaveTeachingArea:
			add(&to.TeachingAreaM2, from.TeachingAreaM2)
		case scenario.LeaveSportsArea:
			add(&to.SportsAreaM2, from.SportsAreaM2)
		case scenario.LeaveMusicRooms:
			addInt(&to.MusicRooms, from.MusicRooms)
		case scenario.LeaveArtRooms:
			addInt(&to.ArtRooms, from.ArtRooms)
		}
	}
}
