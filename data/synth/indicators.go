package synth

import (
	"fmt"
	"math"

	"github.com/hutubi-edu/zoning/engine/dataset"
)

// classLimit returns the class-size limit of docs/policy.md for a grade.
func classLimit(grade int) int {
	if grade >= 7 {
		return 50
	}
	return 45
}

// indicatorUnit is what a value is rounded to, and per is the number of
// students the indicator is counted per (100 for teachers and rooms).
var (
	indicatorUnit = [numIndicators]float64{1, 1, 1, 10, 10, 1000, 1}
	indicatorPer  = [numIndicators]float64{100, 100, 100, 1, 1, 1, 100}
)

// fillIndicators sets the resource columns of every campus from its 2021
// enrolment: each indicator a little above its standard, except those the
// facts list as short, which fall below by the given fraction; music and art
// rooms one of each per 12 classes, less the rooms the facts say are
// missing.
func (g *gen) fillIndicators() error {
	enrol := map[string]*[10]int{}
	for i := range g.schools {
		enrol[g.schools[i].ID] = &[10]int{}
	}
	for i := range g.children {
		if c := &g.children[i]; c.Grade > 0 {
			enrol[c.SchoolID][c.Grade]++
		}
	}
	g.enrol = enrol
	for i, f := range g.facts {
		s := &g.schools[i]
		if f.Closed != nil {
			zero := 0.0
			s.TeachersQualified, s.TeachersBackbone, s.TeachersPEArt = &zero, &zero, &zero
			s.TeachingAreaM2, s.SportsAreaM2 = ptr(f.Closed.Teaching), ptr(f.Closed.Sports)
			s.EquipmentYuan, s.MultimediaRooms = ptr(f.Closed.Equipment), ptr(f.Closed.Multimedia)
			s.MusicRooms, s.ArtRooms = &f.Closed.Music, &f.Closed.Art
			continue
		}
		e := enrol[f.ID]
		n, classes := 0, 0
		for gr := 1; gr <= 9; gr++ {
			n += e[gr]
			classes += (e[gr] + classLimit(gr) - 1) / classLimit(gr)
		}
		if n == 0 {
			return fmt.Errorf("synth: school %s has no pupils", f.ID)
		}
		level := dataset.Primary
		if f.Junior {
			level = dataset.Junior // the stricter standard binds a nine-year school
		}
		vals := [numIndicators]*float64{}
		for ind := Indicator(0); ind < numIndicators; ind++ {
			unit, per := indicatorUnit[ind], indicatorPer[ind]
			// Round to the unit, then make sure rounding did not carry the
			// figure across the standard.
			std := ind.Standard(level) * float64(n) / per
			frac, short := f.Short[ind]
			if !short {
				frac = g.uniform(1.05, 1.30)
			}
			v := math.Round(std*frac/unit) * unit
			switch {
			case short && v >= std:
				v = math.Ceil(std/unit)*unit - unit
			case !short && v < std:
				v = math.Ceil(std/unit) * unit
			}
			v = max(v, 0)
			vals[ind] = ptr(v)
		}
		s.TeachersQualified, s.TeachersBackbone, s.TeachersPEArt = vals[Qualified], vals[Backbone], vals[PEArt]
		s.TeachingAreaM2, s.SportsAreaM2 = vals[Teaching], vals[Sports]
		s.EquipmentYuan, s.MultimediaRooms = vals[Equipment], vals[Multimedia]
		need := (classes + 11) / 12
		rooms := func() *int {
			r := need - f.RoomsShort
			if f.RoomsShort == 0 && g.rng.Float64() < 0.3 {
				r++
			}
			r = max(r, 0)
			return &r
		}
		s.MusicRooms, s.ArtRooms = rooms(), rooms()
	}
	return nil
}

func ptr(v float64) *float64 { return &v }
