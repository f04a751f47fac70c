package compliance

// Resources are the seven resource inputs of a campus or a section; nil =
// not given. Areas are in m², equipment in 元, teachers in people and
// multimedia classrooms in rooms, all totals (not per student).
type Resources struct {
	TeachingAreaM2    *float64
	SportsAreaM2      *float64
	TeachersQualified *float64
	TeachersBackbone  *float64
	TeachersPEArt     *float64
	EquipmentYuan     *float64
	MultimediaRooms   *float64
}

// Resources returns the section's resource inputs.
func (s Section) Resources() Resources {
	return Resources{s.TeachingAreaM2, s.SportsAreaM2, s.TeachersQualified, s.TeachersBackbone,
		s.TeachersPEArt, s.EquipmentYuan, s.MultimediaRooms}
}

// SetResources sets the section's resource inputs.
func (s *Section) SetResources(r Resources) {
	s.TeachingAreaM2, s.SportsAreaM2 = r.TeachingAreaM2, r.SportsAreaM2
	s.TeachersQualified, s.TeachersBackbone, s.TeachersPEArt = r.TeachersQualified, r.TeachersBackbone, r.TeachersPEArt
	s.EquipmentYuan, s.MultimediaRooms = r.EquipmentYuan, r.MultimediaRooms
}

func (r *Resources) fields() []**float64 {
	return []**float64{&r.TeachingAreaM2, &r.SportsAreaM2, &r.TeachersQualified, &r.TeachersBackbone,
		&r.TeachersPEArt, &r.EquipmentYuan, &r.MultimediaRooms}
}

// SplitCampus splits the campus-level resource inputs of a campus with a
// primary and a junior section (a nine-year school, 九年一贯制) between them
// in proportion to their enrolment, as docs/policy.md says of floor area: each
// section gets campus × its students / both sections' students, so both
// sections have the campus's per-student figures. Every input is split this
// way, teachers included: schools usually report teachers per campus, and
// teachers shared by both sections are counted in proportion to the
// students they serve. A nil input stays nil in both; the two shares add
// up to the campus total exactly. Negative student counts count as 0; when
// both are 0 the inputs are halved. Music and art rooms are not split: they are checked per
// campus against the campus's classes (Section.MusicRooms, ArtRooms,
// CampusClasses).
func SplitCampus(campus Resources, primaryStudents, juniorStudents int) (primary, junior Resources) {
	p, j := float64(max(primaryStudents, 0)), float64(max(juniorStudents, 0))
	sp, sj := 0.5, 0.5
	if p+j > 0 {
		sp, sj = p/(p+j), j/(p+j)
	}
	src, pf, jf := campus.fields(), primary.fields(), junior.fields()
	for i, f := range src {
		if *f == nil {
			continue
		}
		c := **f
		// The smaller share is computed, the larger is what is left, and
		// the smaller is recomputed from it: c − big is exact (Sterbenz),
		// so small + big == c exactly.
		small, sh := c*sp, true
		if sp > sj {
			small, sh = c*sj, false
		}
		big := c - small
		small = c - big
		a, b := small, big
		if !sh {
			a, b = big, small
		}
		*pf[i], *jf[i] = &a, &b
	}
	return primary, junior
}
