package county

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/geo/geos"
)

// childrenOf draws how many children aged 0–14 a household has, with the
// given mean (0.6–0.9).
func (g *gen) childrenOf(mean float64) int {
	// Shares of 0, 1, 2 and 3 children, moved between 0 and 1 child to
	// reach the mean: 0.33 + 2·0.15 + 3·0.04 = 0.75 at p1 = 0.33.
	p2, p3 := 0.15, 0.04
	p1 := max(0, mean-2*p2-3*p3)
	u := g.rng.Float64()
	switch {
	case u < p3:
		return 3
	case u < p3+p2:
		return 2
	case u < p3+p2+p1:
		return 1
	}
	return 0
}

// dataset turns the generated county into a dataset: children, their
// schools, the intakes of the family, the boundary and the zones in force.
func (g *gen) dataset(perHousehold float64) (*dataset.Dataset, *Truth, error) {
	d := &dataset.Dataset{Meta: dataset.Meta{Name: fmt.Sprintf("%s（合成：%s，%s）", g.county, g.spec.Family, g.spec.Style),
		BaseYear: BaseYear, CRS: geo.WGS84}}
	tr := &Truth{Place: make([]string, len(g.homes))}
	for i, h := range g.homes {
		hh := dataset.Household{ID: fmt.Sprintf("h%07d", i+1), Loc: g.lonLat(h.x, h.y), Address: h.addr,
			Hukou: dataset.Local, Community: h.community}
		if h.migrant {
			hh.Hukou = dataset.Migrant
			hh.Permit = g.rng.IntN(10) < 6
		}
		d.Households = append(d.Households, hh)
		tr.Place[i] = h.place
	}
	for k, s := range g.sites {
		d.Schools = append(d.Schools, dataset.School{ID: fmt.Sprintf("s%03d", k+1), Name: s.name, Loc: g.lonLat(s.x, s.y),
			AreaType: s.area, Boarding: s.boarding, Public: s.public, Address: s.addr})
	}
	// Children: ages 0–14, older cohorts a little larger (births falling
	// 2% a year). Age a in the base year is grade a−5 from 6 on.
	var ages [15]float64
	var sum float64
	for a := range ages {
		ages[a] = 1 + 0.02*float64(a-7)
		sum += ages[a]
	}
	drawAge := func() int {
		u := g.rng.Float64() * sum
		for a, w := range ages {
			if u < w {
				return a
			}
			u -= w
		}
		return len(ages) - 1
	}
	type pupil struct{ child, grade int }
	var pupils []pupil
	for i := range d.Households {
		for k := g.childrenOf(perHousehold); k > 0; k-- {
			age := drawAge()
			c := dataset.Child{ID: fmt.Sprintf("c%07d", len(d.Children)+1), HouseholdID: d.Households[i].ID,
				BirthYear: BaseYear - age, Disability: g.rng.IntN(200) == 0}
			if age >= 6 {
				c.Grade = age - 5
				pupils = append(pupils, pupil{len(d.Children), c.Grade})
			}
			d.Children = append(d.Children, c)
		}
	}
	d.Index()

	// Pupils at their nearest school of the level (one in twelve at the
	// second nearest; private schools take one in thirty where there are
	// some).
	levelSchools := func(l dataset.Level, public bool) []int {
		var out []int
		for k, s := range g.sites {
			if s.public == public && (l == dataset.Primary && s.primary || l == dataset.Junior && s.junior) {
				out = append(out, k)
			}
		}
		return out
	}
	index := map[dataset.Level]*geo.Index{}
	members := map[dataset.Level][]int{}
	for _, l := range dataset.Levels {
		members[l] = levelSchools(l, true)
		pts := make([]orb.Point, len(members[l]))
		for i, k := range members[l] {
			pts[i] = d.Schools[k].Loc
		}
		index[l] = geo.NewIndex(pts)
	}
	staying := map[dataset.Level][]int{dataset.Primary: make([]int, len(g.sites)), dataset.Junior: make([]int, len(g.sites))}
	for _, p := range pupils {
		l := dataset.LevelOfGrade(p.grade)
		c := &d.Children[p.child]
		loc := d.Households[d.HouseholdIndex(c.HouseholdID)].Loc
		var k int
		if priv := levelSchools(l, false); len(priv) > 0 && g.rng.IntN(30) == 0 {
			k = priv[g.rng.IntN(len(priv))]
		} else {
			near := index[l].Nearest(loc, 2)
			k = members[l][near[0]]
			if len(near) > 1 && g.rng.IntN(12) == 0 {
				k = members[l][near[1]]
			}
		}
		c.SchoolID = d.Schools[k].ID
		if first, last := l.Grades(); p.grade >= first && p.grade < last {
			staying[l][k]++
		}
	}

	// Intakes: the next year's entrants of each public section's nearest
	// homes (four fifths of it and a fifth of the mean: schools stand where
	// children live), times 0.85–1.15, scaled to the
	// family's share of the entrants.
	tr.Magnet = nil
	for _, l := range dataset.Levels {
		near := make([]float64, len(g.sites))
		entrants := 0
		for i := range d.Children {
			c := &d.Children[i]
			if c.GradeIn(BaseYear+1, BaseYear) != l.EntryGrade() {
				continue
			}
			entrants++
			loc := d.Households[d.HouseholdIndex(c.HouseholdID)].Loc
			near[members[l][index[l].Nearest(loc, 1)[0]]]++
		}
		slack := 1.12
		switch {
		case g.spec.Family == Mountain:
			slack = 1.25
		case g.spec.Family == Urban:
			slack = 1.10
		case g.spec.Family == Tight:
			slack = 1.02
		case g.spec.Family == Short && l == dataset.Junior:
			slack = 0.95
		}
		want := int(math.Round(slack * float64(entrants)))
		pub := members[l]
		magnet := -1
		if g.spec.Family == Tight {
			// The public section of the county seat with most entrants
			// near it: its intake is 1/2.5 of them.
			for _, k := range pub {
				if g.sites[k].area == dataset.Urban && (magnet < 0 || near[k] > near[magnet]) {
					magnet = k
				}
			}
		}
		weights := make([]float64, len(pub))
		var tot float64
		mean := float64(entrants) / float64(max(1, len(pub)))
		for i, k := range pub {
			if k == magnet {
				continue
			}
			weights[i] = (0.8*near[k] + 0.2*mean) * (0.85 + 0.3*g.rng.Float64())
			tot += weights[i]
		}
		if magnet >= 0 {
			m := int(math.Round(near[magnet] / 2.5))
			want -= m
			tr.Magnet = append(tr.Magnet, d.Schools[magnet].ID+"/"+string(l))
			setIntake(&d.Schools[magnet], l, m, staying[l][magnet])
		}
		caps := apportion(weights, tot, max(0, want))
		for i, k := range pub {
			if k != magnet {
				setIntake(&d.Schools[k], l, caps[i], staying[l][k])
			}
		}
		for _, k := range levelSchools(l, false) {
			setIntake(&d.Schools[k], l, 30+g.rng.IntN(60), staying[l][k])
		}
	}
	for k := range d.Schools {
		s := &d.Schools[k]
		s.NineYear = s.PrimarySeats > 0 && s.JuniorSeats > 0
	}

	if g.spec.Family != Urban {
		b, err := g.boundary(d)
		if err != nil {
			return nil, nil, err
		}
		d.Boundary = b
		d.Meta.Boundary = dataset.BoundaryFile
	}
	if g.spec.ZonesInForce {
		if err := g.zonesInForce(d); err != nil {
			return nil, nil, err
		}
	}
	d.Index()
	return d, tr, nil
}

// setIntake gives a section its intake and as many seats as its staying
// pupils and the intake need, so that the intake docs/dataset-format.md derives from the
// seats is the same.
func setIntake(s *dataset.School, l dataset.Level, intake, staying int) {
	v := intake
	if l == dataset.Junior {
		s.JuniorIntake, s.JuniorSeats = &v, max(1, staying+intake)
		return
	}
	s.PrimaryIntake, s.PrimarySeats = &v, max(1, staying+intake)
}

// apportion splits total into integers proportional to w (summing to tot)
// by largest remainders, ties to the lower index.
func apportion(w []float64, tot float64, total int) []int {
	out := make([]int, len(w))
	if len(w) == 0 || tot <= 0 {
		return out
	}
	type rem struct {
		j int
		r float64
	}
	rs := make([]rem, 0, len(w))
	got := 0
	for j := range w {
		x := float64(total) * w[j] / tot
		out[j] = int(math.Floor(x))
		got += out[j]
		if w[j] > 0 {
			rs = append(rs, rem{j, x - math.Floor(x)})
		}
	}
	slices.SortStableFunc(rs, func(a, b rem) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for i := 0; got < total && len(rs) > 0; i++ {
		out[rs[i%len(rs)].j]++
		got++
	}
	return out
}

// boundary is the county's outline: the convex hull of its homes and
// campuses, grown by about 3 km.
func (g *gen) boundary(d *dataset.Dataset) (orb.MultiPolygon, error) {
	var mp orb.MultiPoint
	for _, h := range d.Households {
		mp = append(mp, h.Loc)
	}
	for _, s := range d.Schools {
		mp = append(mp, s.Loc)
	}
	hull, err := geos.ConvexHull(mp)
	if err != nil {
		return nil, fmt.Errorf("county: %w", err)
	}
	grown, err := geos.Buffer(hull, 3000/(geo.EarthRadius*math.Pi/180))
	if err != nil {
		return nil, fmt.Errorf("county: %w", err)
	}
	return geos.Simplify(grown, 0.002)
}

// zonesInForce draws each public section's nearest-school area, clipped to
// the boundary (or to the homes' hull grown by 3 km).
func (g *gen) zonesInForce(d *dataset.Dataset) error {
	area := d.Boundary
	if area == nil {
		b, err := g.boundary(d)
		if err != nil {
			return err
		}
		area = b
	}
	ext := area.Bound().Pad(0.05)
	for _, l := range dataset.Levels {
		var ids []string
		var pts []orb.Point
		for _, s := range d.Schools {
			if s.Public && s.HasLevel(l) && *s.Intake(l) > 0 {
				ids = append(ids, s.ID)
				pts = append(pts, s.Loc)
			}
		}
		cells, err := geos.Voronoi(pts, ext)
		if err != nil {
			return fmt.Errorf("county: %w", err)
		}
		for i, c := range cells {
			z, err := geos.Intersection(c, area)
			if err != nil {
				return fmt.Errorf("county: %w", err)
			}
			if len(z) > 0 {
				d.Zones = append(d.Zones, dataset.Zone{Level: l, SchoolID: ids[i], Geometry: z})
			}
		}
	}
	return nil
}
