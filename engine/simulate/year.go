package simulate

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
)

// evaluate counts a year's sections and evaluates the standard. yr is nil
// for the base year.
func evaluate(ds *dataset.Dataset, y int, schools []dataset.School, evs []*scenario.Event, enrol *engine.Enrolment,
	yr *engine.YearResult, closed map[dataset.Level]map[int]bool, purchased []bool, cfg config.Config) *Year {
	d := *ds
	d.Schools = schools
	out := &Year{Year: y, Schools: schools, Events: evs, Result: yr}
	pol := cfg.Policy
	students := map[dataset.Level][][]int{}
	for _, l := range dataset.Levels {
		students[l] = enrol.Students(&d, l)
	}
	disabled := map[dataset.Level][]int{dataset.Primary: make([]int, len(schools)), dataset.Junior: make([]int, len(schools))}
	county := compliance.County{Year: y, Nearby: map[string]compliance.Nearby{}}
	for i := range d.Children {
		c := &d.Children[i]
		g := c.GradeIn(y, d.Meta.BaseYear)
		if g < 1 || g > 9 {
			continue
		}
		if j := enrol.School[i]; c.Disability && j >= 0 {
			disabled[dataset.LevelOfGrade(g)][j]++
		}
	}
	// The county shares: the one count that every output reads.
	compliance.CountShares(&d, y, schools, enrol.School, purchased).Apply(&county)
	entrants := map[dataset.Level][]int{}
	chosen := map[dataset.Level][]int{}
	bought := map[dataset.Level][]int{}
	capacity := map[dataset.Level][]int{}
	if yr != nil {
		for _, lr := range yr.Levels {
			n, ch, pb := make([]int, len(schools)), make([]int, len(schools)), make([]int, len(schools))
			var nb compliance.Nearby
			for _, st := range lr.Seats {
				var s *dataset.School
				if st.School >= 0 {
					n[st.School]++
					s = &schools[st.School]
				}
				switch {
				case s != nil && st.Reason == engine.SeatPrivateChoice:
					ch[st.School]++
				case s == nil || !s.Public:
					// Unseated, or a purchased place: not nearby
					// where the home's zone school counts.
					if s != nil {
						pb[st.School]++
					}
					if notNearby(&d, schools, lr, st.Child) {
						nb.Counted++
					}
				case engine.NearbyCounted(s): // public here
					nb.Counted++
					if st.Zoned {
						nb.Zoned++
					}
				}
			}
			entrants[lr.Level] = n
			chosen[lr.Level] = ch
			bought[lr.Level] = pb
			capacity[lr.Level] = lr.Capacities()
			if n, beyond, ok := engine.RuralWalks(schools, lr, pol); ok && lr.Level == dataset.Primary {
				rw := compliance.RuralWalk{Entrants: n, Beyond: beyond}
				if county.RuralWalk == nil {
					county.RuralWalk = map[string]compliance.RuralWalk{}
				}
				county.RuralWalk[string(lr.Level)] = rw
			}
			county.Nearby[string(lr.Level)] = nb
			out.Seating = append(out.Seating, seating(&d, schools, lr, enrol, students[lr.Level], closed[lr.Level]))
		}
		county.Seating = countySeating(out.Seating)
	}
	for j := range schools {
		s := &schools[j]
		var secs []Section
		for _, l := range dataset.Levels {
			byGrade := students[l][j]
			n := 0
			for _, v := range byGrade {
				n += v
			}
			if n == 0 && !s.HasLevel(l) && !closed[l][j] {
				continue
			}
			sec := Section{Year: y, SchoolID: s.ID, Name: s.Name, Level: l, ByGrade: byGrade, Students: n,
				Seats: s.Seats(l), Closed: closed[l][j], Disabled: disabled[l][j]}
			lim := engine.SectionLimits(s, l, pol)
			sec.Classrooms = lim.Classrooms
			cp := engine.FormClasses(byGrade, lim)
			sec.Classes, sec.MaxClass, sec.ShortRooms = cp.Classes, cp.Largest, cp.Short
			sec.OverClasses, sec.LargeClasses, sec.HugeClasses = cp.Over, cp.Large, cp.Huge
			if entrants[l] != nil {
				sec.Entrants = entrants[l][j]
				sec.Chosen = chosen[l][j]
				sec.Purchased = bought[l][j]
				sec.Capacity = capacity[l][j]
			}
			secs = append(secs, sec)
		}
		campus, classes := 0, 0
		for _, sec := range secs {
			campus += sec.Students
			classes += sec.Classes
		}
		res := compliance.Resources{TeachingAreaM2: s.TeachingAreaM2, SportsAreaM2: s.SportsAreaM2,
			TeachersQualified: s.TeachersQualified, TeachersBackbone: s.TeachersBackbone, TeachersPEArt: s.TeachersPEArt,
			EquipmentYuan: s.EquipmentYuan, MultimediaRooms: s.MultimediaRooms}
		var split map[dataset.Level]compliance.Resources
		if len(secs) == 2 {
			p, jr := compliance.SplitCampus(res, secs[0].Students, secs[1].Students)
			split = map[dataset.Level]compliance.Resources{dataset.Primary: p, dataset.Junior: jr}
		}
		for i := range secs {
			secs[i].CampusStudents = campus
			sec := secs[i]
			out.Sections = append(out.Sections, sec)
			if sec.Students == 0 {
				continue // an empty section: nothing to evaluate
			}
			cs := compliance.Section{SchoolID: s.ID, Name: s.Name, Level: string(sec.Level), Students: sec.Students,
				StudentsByGrade: sec.ByGrade, Classes: sec.Classes, MaxClassSize: sec.MaxClass, Public: s.Public,
				Boarding: s.Boarding, AreaType: string(s.AreaType), NineYear: s.NineYear, CampusStudents: campus,
				MusicRooms: s.MusicRooms, ArtRooms: s.ArtRooms, CampusClasses: classes, Classrooms: max(0, sec.Classrooms),
				OverClasses: sec.OverClasses, LargeClasses: sec.LargeClasses, HugeClasses: sec.HugeClasses, ShortRooms: sec.ShortRooms}
			if split != nil {
				cs.SetResources(split[sec.Level])
			} else {
				cs.SetResources(res)
			}
			county.Sections = append(county.Sections, cs)
		}
	}
	out.County = county
	out.Report = compliance.Evaluate(county, pol)
	return out
}

// birthTrend is the mean yearly relative change of births over the last
// three years of birth years in the dataset (children of every grade), 0
// when there are fewer than four birth years.
func birthTrend(ds *dataset.Dataset) float64 {
	n := births(ds)
	years := make([]int, 0, len(n))
	for y := range n {
		years = append(years, y)
	}
	slices.Sort(years)
	if len(years) < 4 {
		return 0
	}
	sum := 0.0
	last := years[len(years)-1]
	for y := last - 2; y <= last; y++ {
		if n[y-1] == 0 {
			return 0
		}
		sum += float64(n[y]-n[y-1]) / float64(n[y-1])
	}
	return sum / 3
}

func births(ds *dataset.Dataset) map[int]int {
	n := map[int]int{}
	for i := range ds.Children {
		n[ds.Children[i].BirthYear]++
	}
	return n
}

// project returns the dataset's children followed by projected ones:
// children born after the last birth year of the dataset up to to−6 (the
// grade-1 entrants of years up to to), their number continuing the trend
// from the last year's births, living in homes drawn (seeded) among the
// households with a child born in the last three birth years; and the
// migrant inflow, grade-1 entrants of each simulated year living in migrant
// homes.
func project(ds *dataset.Dataset, to int, trend, inflow float64, seed uint64) []dataset.Child {
	out := slices.Clone(ds.Children)
	n := births(ds)
	last := 0
	for y := range n {
		last = max(last, y)
	}
	if last == 0 {
		return out
	}
	var young, migrant []int
	for i := range ds.Children {
		c := &ds.Children[i]
		h := ds.HouseholdIndex(c.HouseholdID)
		if h < 0 {
			continue
		}
		if c.BirthYear >= last-2 {
			young = append(young, h)
		}
	}
	slices.Sort(young)
	young = slices.Compact(young)
	for h := range ds.Households {
		if ds.Households[h].Hukou == dataset.Migrant {
			migrant = append(migrant, h)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	count := float64(n[last])
	for b := last + 1; b+6 <= to; b++ {
		count *= 1 + trend
		k := int(math.Round(count))
		for i := 0; i < k && len(young) > 0; i++ {
			h := young[rng.IntN(len(young))]
			out = append(out, dataset.Child{ID: projectedID("b", b, i), HouseholdID: ds.Households[h].ID, BirthYear: b})
		}
	}
	if inflow > 0 && len(migrant) > 0 {
		base := ds.Meta.BaseYear
		for y := base + 1; y <= to; y++ {
			entrants := 0
			for i := range out {
				if out[i].GradeIn(y, base) == 1 {
					entrants++
				}
			}
			k := int(math.Round(inflow * float64(entrants)))
			for i := 0; i < k; i++ {
				h := migrant[rng.IntN(len(migrant))]
				out = append(out, dataset.Child{ID: projectedID("m", y, i), HouseholdID: ds.Households[h].ID, BirthYear: y - 6})
			}
		}
	}
	return out
}

func projectedID(kind string, y, i int) string {
	return "~" + kind + strconv.Itoa(y) + "-" + strconv.Itoa(i)
}
