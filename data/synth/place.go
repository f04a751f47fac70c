package synth

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
)

// Shares of the population the generator draws.
const (
	permitShare     = 0.5   // migrant households holding a residence permit
	disabilityShare = 0.005 // children with a disability
	elsewhereShare  = 0.04  // households choosing a school outside their zone
	privateShare    = 0.30  // county-seat migrant households choosing the private school
)

// Children per household (0 to 4 children born 2007–2021), before scaling to
// the birth totals: county-seat locals, migrants, oasis villages and town
// centres, mountain pasture.
var kidsDist = [4][5]float64{
	{0.68, 0.19, 0.11, 0.02, 0},
	{0.55, 0.25, 0.17, 0.03, 0},
	{0.66, 0.16, 0.14, 0.035, 0.005},
	{0.60, 0.14, 0.16, 0.07, 0.03},
}

func (g *gen) kidsKind(i int) int {
	switch {
	case g.households[i].Hukou == dataset.Migrant:
		return 1
	case g.homes[i].seat:
		return 0
	case townships[g.homes[i].town].Mountain:
		return 3
	}
	return 2
}

// makeChildren gives households their children, exactly as many born each
// year as the births table says, siblings mostly two or more years apart.
func (g *gen) makeChildren() error {
	total := 0
	var urn []int
	for _, b := range births {
		total += b.N
		for range b.N {
			urn = append(urn, b.Year)
		}
	}
	// Scale the distributions so that the expected number of children is
	// the total.
	var expected float64
	for i := range g.households {
		for k, p := range kidsDist[g.kidsKind(i)] {
			expected += float64(k) * p
		}
	}
	f := float64(total) / expected
	n := 0
	for i := range g.households {
		d := kidsDist[g.kidsKind(i)]
		r := g.rng.Float64()
		k := 0
		acc := 0.0
		for j := 4; j >= 1; j-- {
			acc += d[j] * f
			if r < acc {
				k = j
				break
			}
		}
		g.homes[i].kids = k
		n += k
	}
	// Settle the last few at random.
	for n != total {
		i := g.rng.IntN(len(g.households))
		h := &g.homes[i]
		if n > total && h.kids > 0 {
			h.kids--
			n--
		} else if n < total && h.kids > 0 && h.kids < 4 {
			h.kids++
			n++
		}
	}
	// Draw birth years from the urn, households in random order.
	years := make([][]int, len(g.households))
	for _, i := range g.rng.Perm(len(g.households)) {
		for range g.homes[i].kids {
			pick := -1
			for try := 0; try < 30; try++ {
				j := g.rng.IntN(len(urn))
				ok := true
				for _, y := range years[i] {
					if abs(y-urn[j]) < 2 {
						ok = false
					}
				}
				if ok || try == 29 {
					pick = j
					break
				}
			}
			years[i] = append(years[i], urn[pick])
			urn[pick] = urn[len(urn)-1]
			urn = urn[:len(urn)-1]
		}
	}
	for i := range g.households {
		slices.Sort(years[i])
		for _, y := range years[i] {
			c := dataset.Child{
				ID:          fmt.Sprintf("c%06d", len(g.children)+1),
				HouseholdID: g.households[i].ID,
				BirthYear:   y,
				Disability:  g.rng.Float64() < disabilityShare,
			}
			if y <= BaseYear-6 {
				c.Grade = BaseYear - 5 - y
			}
			g.children = append(g.children, c)
		}
		// Household members: parents and grandparents, older children.
		h := &g.homes[i]
		if h.kids > 0 {
			h.size = h.kids + pick(g.rng.Float64(), []float64{0.05, 0.70, 0.10, 0.15}) + 1
		} else {
			h.size = pick(g.rng.Float64(), []float64{0.12, 0.28, 0.30, 0.20, 0.10}) + 1
		}
	}
	return nil
}

// pick returns the index drawn by r from a discrete distribution.
func pick(r float64, p []float64) int {
	acc := 0.0
	for i, q := range p {
		acc += q
		if r < acc {
			return i
		}
	}
	return len(p) - 1
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// zoneUnits gives every unit its school per level: the nearest campus of the
// township's district, or its teaching point; then finds each home's unit.
func (g *gen) zoneUnits() error {
	loc := map[string]int{}
	for i := range g.schools {
		loc[g.schools[i].ID] = i
	}
	tp := map[int]string{} // unit → teaching point
	for _, p := range teachingPoints {
		t := townIndex(p.Township)
		if t < 0 {
			return fmt.Errorf("synth: teaching point %s: unknown township %q", p.School, p.Township)
		}
		us := g.towns[t].groups[p.Committee]
		for _, grp := range p.Groups {
			if grp < 1 || grp > len(us) {
				return fmt.Errorf("synth: teaching point %s: %s has no group %d", p.School, p.Committee, grp)
			}
			tp[us[grp-1]] = p.School
		}
	}
	for u := range g.units {
		un := &g.units[u]
		for _, l := range dataset.Levels {
			if s, ok := tp[u]; ok && l == dataset.Primary {
				un.school[levelIndex(l)] = s
				continue
			}
			list := districts[l][townships[un.town].Name]
			if len(list) == 0 {
				return fmt.Errorf("synth: %s has no %s school", townships[un.town].Name, l)
			}
			best, bd := "", math.Inf(1)
			for _, id := range list {
				i, ok := loc[id]
				if !ok || !g.facts[i].has(l) {
					return fmt.Errorf("synth: district of %s: no %s school %q", townships[un.town].Name, l, id)
				}
				if d := metres(un.pt, g.schools[i].Loc); d < bd {
					best, bd = id, d
				}
			}
			un.school[levelIndex(l)] = best
		}
	}
	// Every public section gets a zone; a private school (民办) has none: it
	// admits by application.
	for i, f := range g.facts {
		for _, l := range dataset.Levels {
			if !f.has(l) || f.Private {
				continue
			}
			found := false
			for u := range g.units {
				found = found || g.units[u].school[levelIndex(l)] == f.ID
			}
			if !found {
				return fmt.Errorf("synth: %s section of %s gets no zone", l, g.schools[i].ID)
			}
		}
	}
	// Each home's unit is the nearest one by great-circle distance (the
	// largest dot product of unit vectors); it must be of its own township.
	vecs := make([][3]float64, len(g.units))
	for u := range g.units {
		vecs[u] = unitVector(g.units[u].pt)
	}
	for i := range g.households {
		v := unitVector(g.households[i].Loc)
		best, bd := -1, math.Inf(-1)
		for u, w := range vecs {
			if d := v[0]*w[0] + v[1]*w[1] + v[2]*w[2]; d > bd {
				best, bd = u, d
			}
		}
		if g.units[best].town != g.homes[i].town {
			return fmt.Errorf("synth: household %s (%s) lies in a unit of %s", g.households[i].ID,
				g.households[i].Address, townships[g.units[best].town].Name)
		}
		g.homes[i].unit = best
	}
	return nil
}

// unitVector returns the point on the unit sphere of a lon, lat point.
func unitVector(p orb.Point) [3]float64 {
	lon, lat := p[0]*math.Pi/180, p[1]*math.Pi/180
	return [3]float64{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
}

func (f *schoolFact) has(l dataset.Level) bool {
	if f.Closed != nil {
		return false
	}
	if l == dataset.Junior {
		return f.Junior
	}
	return f.Primary
}

type pupil struct {
	child    int
	home     int
	level    dataset.Level
	zone     string
	want     string // a school chosen outside the zone, or ""
	priority int    // 0 local, 1 migrant with permit, 2 migrant without
	key      float64
}

// placePupils sets the seats of every section from the pupils its zone holds
// and seats every pupil: zone residents first (locals, then migrants with a
// residence permit, then others), then those who chose another school, then
// the rest at the nearest school with a free seat.
func (g *gen) placePupils() error {
	idx := map[string]int{}
	for i := range g.schools {
		idx[g.schools[i].ID] = i
	}
	hh := map[string]int{}
	for i := range g.households {
		hh[g.households[i].ID] = i
	}
	var pupils []pupil
	demand := map[string]*[2]int{}
	for i := range g.schools {
		demand[g.schools[i].ID] = &[2]int{}
	}
	choice := make([][2]string, len(g.households))
	for i := range g.households {
		for _, l := range dataset.Levels {
			choice[i][levelIndex(l)] = g.chooseElsewhere(i, l, idx)
		}
	}
	for c := range g.children {
		ch := &g.children[c]
		if ch.Grade == 0 {
			continue
		}
		h := hh[ch.HouseholdID]
		l := dataset.LevelOfGrade(ch.Grade)
		p := pupil{child: c, home: h, level: l, zone: g.units[g.homes[h].unit].school[levelIndex(l)],
			want: choice[h][levelIndex(l)], key: g.rng.Float64()}
		if g.households[h].Hukou == dataset.Migrant {
			p.priority = 1
			if !g.households[h].Permit {
				p.priority = 2
			}
		}
		demand[p.zone][levelIndex(l)]++
		pupils = append(pupils, p)
	}
	g.demand = demand
	// Seats.
	for i, f := range g.facts {
		s := &g.schools[i]
		if f.Closed != nil {
			continue
		}
		seats := func(l dataset.Level, fixed int) int {
			if !f.has(l) {
				return 0
			}
			if fixed > 0 {
				return fixed
			}
			return max(10, int(math.Round(f.Factor*float64(demand[f.ID][levelIndex(l)])/10))*10)
		}
		s.PrimarySeats = seats(dataset.Primary, f.FixedP)
		s.JuniorSeats = seats(dataset.Junior, f.FixedJ)
	}
	slices.SortStableFunc(pupils, func(a, b pupil) int {
		return cmp.Or(cmp.Compare(a.priority, b.priority), cmp.Compare(a.key, b.key))
	})
	free := make([][2]int, len(g.schools))
	for i := range g.schools {
		free[i] = [2]int{g.schools[i].PrimarySeats, g.schools[i].JuniorSeats}
	}
	seat := func(p *pupil, id string) bool {
		i := idx[id]
		if free[i][levelIndex(p.level)] == 0 {
			return false
		}
		free[i][levelIndex(p.level)]--
		g.children[p.child].SchoolID = id
		return true
	}
	var later []*pupil
	for k := range pupils {
		p := &pupils[k]
		if p.want != "" || !seat(p, p.zone) {
			later = append(later, p)
		}
	}
	var rest []*pupil
	for _, p := range later {
		if p.want != "" && (seat(p, p.want) || seat(p, p.zone)) {
			continue
		}
		rest = append(rest, p)
	}
	for _, p := range rest {
		home := g.households[p.home].Loc
		best, bd := "", math.Inf(1)
		for i := range g.schools {
			if free[i][levelIndex(p.level)] == 0 {
				continue
			}
			if d := geo.Distance(home, g.schools[i].Loc); d < bd {
				best, bd = g.schools[i].ID, d
			}
		}
		if best == "" || !seat(p, best) {
			return fmt.Errorf("synth: no %s seat left for child %s", p.level, g.children[p.child].ID)
		}
	}
	for k := range pupils {
		if g.children[pupils[k].child].SchoolID != pupils[k].zone {
			g.rep.Elsewhere++
		}
	}
	return nil
}

// chooseElsewhere returns the school a household chooses for a level outside
// its zone, or "": county-seat migrants often the private school, a few
// others a neighbouring county-seat school.
func (g *gen) chooseElsewhere(h int, l dataset.Level, idx map[string]int) string {
	zone := g.units[g.homes[h].unit].school[levelIndex(l)]
	if g.homes[h].seat && g.households[h].Hukou == dataset.Migrant && g.rng.Float64() < privateShare {
		if zone == "mb01" {
			return ""
		}
		return "mb01"
	}
	if g.rng.Float64() >= elsewhereShare {
		return ""
	}
	// The nearest county-seat public schools of the level other than the
	// zone's; a county-seat family picks among the three nearest, a
	// township family the nearest.
	type cand struct {
		id string
		d  float64
	}
	var cs []cand
	for _, id := range districts[l][townships[0].Name] {
		i := idx[id]
		if id == zone || !g.schools[i].Public {
			continue
		}
		cs = append(cs, cand{id, geo.Distance(g.households[h].Loc, g.schools[i].Loc)})
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return cmp.Compare(a.d, b.d) })
	if len(cs) == 0 {
		return ""
	}
	if g.homes[h].seat {
		return cs[g.rng.IntN(min(3, len(cs)))].id
	}
	return cs[0].id
}
