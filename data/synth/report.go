package synth

import "github.com/hutubi-edu/zoning/engine/dataset"

// summarise fills the report's counts.
func (g *gen) summarise() {
	r := g.rep
	r.Households = len(g.households)
	r.ByTownship = make([]TownshipSize, len(townships))
	for t := range townships {
		r.ByTownship[t].Name = townships[t].Name
	}
	for i := range g.households {
		h := &g.households[i]
		r.People += g.homes[i].size
		r.ByTownship[g.homes[i].town].Households++
		r.ByTownship[g.homes[i].town].People += g.homes[i].size
		if g.homes[i].seat {
			r.SeatHouseholds++
		}
		if h.Hukou == dataset.Migrant {
			r.Migrant++
			if g.homes[i].seat {
				r.MigrantSeat++
			}
			if h.Permit {
				r.Permit++
			}
		}
	}
	for i := range g.children {
		c := &g.children[i]
		r.ChildrenByGrade[c.Grade]++
		r.BirthsByYear[c.BirthYear]++
		if c.Disability {
			r.Disability++
		}
		if c.Grade > 0 {
			r.Pupils[levelIndex(dataset.LevelOfGrade(c.Grade))]++
		}
	}
	for i := range g.schools {
		s := &g.schools[i]
		r.Seats[0] += s.PrimarySeats
		r.Seats[1] += s.JuniorSeats
		ss := SchoolSize{ID: s.ID, Name: s.Name, Seats: [2]int{s.PrimarySeats, s.JuniorSeats}, Zone: *g.demand[s.ID]}
		for gr, n := range g.enrol[s.ID] {
			if gr > 0 {
				ss.Pupils[levelIndex(dataset.LevelOfGrade(gr))] += n
			}
		}
		r.Schools = append(r.Schools, ss)
	}
}
