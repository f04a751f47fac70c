package engine

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"strconv"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
)

// SeatReason says why an entrant sits where it does.
type SeatReason uint8

// The reasons a seat was given.
const (
	// SeatByZones: seated by the placement through zones, at the zone's
	// school (Seat.Zoned) or, when its seats ran out, elsewhere.
	SeatByZones SeatReason = iota
	// SeatPrivateChoice: the family chose the private (民办) school before
	// the public placement (PrivateChoice); Seat.Zoned is false. Not a
	// place the government bought.
	SeatPrivateChoice
)

// String returns "zones" or "private_choice".
func (r SeatReason) String() string {
	if r == SeatPrivateChoice {
		return "private_choice"
	}
	return "zones"
}

// The distance profile of a private school's families: the propensity to
// choose it by ring of ChoiceBandM metres around the campus, the last of
// ChoiceBands rings open-ended, each ring's observed pupils and the pupils
// the category shares alone predict shrunk towards each other by
// ChoicePrior pupils.
const (
	ChoiceBandM = 1000.0 // width of a ring in metres
	ChoiceBands = 11     // rings 0–1 km … 9–10 km, and beyond 10 km
	ChoicePrior = 2.0    // pseudo-pupils of a ring, with a propensity of 1
)

// PrivateChoice models families who choose a private school (民办) for
// their entrants instead of the public placement through zones. It is
// estimated from the base year (EstimatePrivateChoice); each year,
// before the public placement, Choose seats at each private section about
// the share of the county's entrants of each household category that the
// base year's pupils show.
type PrivateChoice struct {
	Sections []ChoiceSection
}

// ChoiceSection is the choice of one private school section, estimated
// from the pupils of the reference grades in the base year: grades 1–3
// for primary (the three latest intakes: recent choices, three times the
// pupils of grade 1 alone), grade 7 for junior (the latest intake; the
// junior section has three grades only).
type ChoiceSection struct {
	SchoolID              string
	Level                 dataset.Level
	FirstGrade, LastGrade int // the reference grades
	// Pupils[p]: pupils of the reference grades at the school in the base
	// year, by category (Priority: local 户籍, migrant with a residence
	// permit, other migrant).
	Pupils [3]int
	// County[p]: children of the reference grades in the county in the
	// base year, enrolled or not, by category.
	County [3]int
	// Profile[b]: the relative propensity of families living in ring b
	// around the campus (see ChoiceBandM), 1 where the ring's pupils are
	// what the shares predict. Nil or short: 1.
	Profile []float64
}

// Share returns the share of the county's pupils of category p who attend
// the section: Pupils[p]/County[p], 0 when the county has none.
func (s *ChoiceSection) Share(p Priority) float64 {
	if p < 0 || int(p) >= len(s.County) || s.County[p] == 0 {
		return 0
	}
	return float64(s.Pupils[p]) / float64(s.County[p])
}

// Weight returns the propensity of a family living d metres from the
// campus: Profile of the ring holding d, 1 outside the profile.
func (s *ChoiceSection) Weight(d float64) float64 {
	b := ringOf(d)
	if b >= len(s.Profile) || !(s.Profile[b] > 0) {
		return 1
	}
	return s.Profile[b]
}

func ringOf(d float64) int {
	if !(d > 0) {
		return 0
	}
	return min(ChoiceBands-1, int(d/ChoiceBandM))
}

// referenceGrades returns the base-year grades a level's choice is
// estimated from (see ChoiceSection).
func referenceGrades(l dataset.Level) (first, last int) {
	if l == dataset.Junior {
		return 7, 7
	}
	return 1, 3
}

// EstimatePrivateChoice estimates the choice of every private school
// section of ds that has pupils of its reference grades in the base year
// (children.csv): the shares by category and the distance profile. The
// profile's ring b has propensity (O_b + ChoicePrior) / (E_b + ChoicePrior),
// O_b the ring's pupils at the school and E_b the sum over the ring's
// children of the reference grades of their category's share.
func EstimatePrivateChoice(ds *dataset.Dataset) *PrivateChoice {
	m := &PrivateChoice{}
	for j := range ds.Schools {
		s := &ds.Schools[j]
		if s.Public {
			continue
		}
		for _, l := range dataset.Levels {
			if !s.HasLevel(l) {
				continue
			}
			first, last := referenceGrades(l)
			sec := ChoiceSection{SchoolID: s.ID, Level: l, FirstGrade: first, LastGrade: last}
			type pupil struct {
				prio Priority
				ring int
				here bool
			}
			var pupils []pupil
			for i := range ds.Children {
				c := &ds.Children[i]
				if c.Grade < first || c.Grade > last {
					continue
				}
				h := ds.Household(c.HouseholdID)
				if h == nil {
					continue
				}
				p := pupil{prio: PriorityOf(h), ring: ringOf(geo.Distance(h.Loc, s.Loc)), here: c.SchoolID == s.ID}
				sec.County[p.prio]++
				if p.here {
					sec.Pupils[p.prio]++
				}
				pupils = append(pupils, p)
			}
			if sec.Pupils == [3]int{} {
				continue
			}
			var obs, exp [ChoiceBands]float64
			for _, p := range pupils {
				exp[p.ring] += sec.Share(p.prio)
				if p.here {
					obs[p.ring]++
				}
			}
			sec.Profile = make([]float64, ChoiceBands)
			for b := range sec.Profile {
				sec.Profile[b] = (obs[b] + ChoicePrior) / (exp[b] + ChoicePrior)
			}
			m.Sections = append(m.Sections, sec)
		}
	}
	return m
}

// Choose seats the entrants of a level who choose a private school in
// school year next.Year, before the public placement. entrants are indexes
// into ds.Children; capacity the intake places per school (index into
// ds.Schools), which Choose does not change; prev the enrolment of the year
// before and next this year's before the entrants are placed (Advance):
// Choose reads the entries of continuing pupils (grades 2–6 and 8–9) only,
// so that the other level may seat its entrants in next meanwhile. The
// seats are in the order of entrants, each at a private school, Zoned
// false, Reason SeatPrivateChoice.
//
// Each section of the level, in the model's order, takes:
//   - households whose entrant has an older sibling at the school (a
//     continuing pupil in next): all of them while its places last, families whole (docs/dataset-format.md
//     splits siblings only when seats force it, and a choice never does);
//   - then, per category p, quota[p] = round(Share(p) × the level's
//     entrants of category p in the county) minus the siblings just seated,
//     the quotas scaled down to the places left when they exceed them
//     (largest remainder, ties to the earlier category);
//   - within its quota, a category's households whose entrant was at the
//     school the year before (a nine-year school's own grade-6 pupils)
//     first, then the others by a seeded draw weighted by Weight(distance
//     home–campus): each household gets the key −ln(U)/w, U uniform in
//     (0, 1) from a hash of seed, year, level, school and household, and
//     households are taken by increasing key (weighted sampling without
//     replacement), one that would overrun its quota or the places left
//     being passed over for a smaller one behind it.
//
// An entrant chosen by one section is not drawn by the next.
func (m *PrivateChoice) Choose(ds *dataset.Dataset, level dataset.Level, entrants []int, capacity []int,
	prev, next *Enrolment, seed uint64) []Seat {
	if m == nil || next == nil || len(entrants) == 0 {
		return nil
	}
	type family struct {
		home    int // index into ds.Households
		prio    Priority
		members []int // indexes into ds.Children
	}
	byHome := map[int]int{}
	var fams []family
	var count [3]int
	for _, ci := range entrants {
		hi := ds.HouseholdIndex(ds.Children[ci].HouseholdID)
		if hi < 0 {
			continue
		}
		f, ok := byHome[hi]
		if !ok {
			f = len(fams)
			byHome[hi] = f
			fams = append(fams, family{home: hi, prio: PriorityOf(&ds.Households[hi])})
		}
		fams[f].members = append(fams[f].members, ci)
		count[fams[f].prio]++
	}
	chosen := map[int]int{} // child → school
	taken := make([]bool, len(fams))
	for _, sec := range m.Sections {
		if sec.Level != level {
			continue
		}
		j := ds.SchoolIndex(sec.SchoolID)
		if j < 0 || ds.Schools[j].Public || j >= len(capacity) || capacity[j] <= 0 {
			continue
		}
		free := capacity[j]
		s := &ds.Schools[j]
		// Households with a continuing pupil at the school this year.
		// Entrants (grades 1 and 7) are left out before their entry is
		// read: the other level places its own meanwhile.
		sibling := map[int]bool{}
		for i := range min(len(next.School), len(ds.Children)) {
			c := &ds.Children[i]
			if g := c.GradeIn(next.Year, ds.Meta.BaseYear); g < 2 || g == 7 || g > 9 || next.School[i] != j {
				continue
			}
			if hi := ds.HouseholdIndex(c.HouseholdID); hi >= 0 {
				sibling[hi] = true
			}
		}
		type cand struct {
			fam  int
			key  float64
			tier int // 0 sibling, 1 at the school last year, 2 drawn
		}
		var cands []cand
		for f := range fams {
			if taken[f] {
				continue
			}
			fm := &fams[f]
			h := &ds.Households[fm.home]
			c := cand{fam: f, tier: 2}
			u := choiceUniform(seed, next.Year, level, s.ID, h.ID)
			w := sec.Weight(geo.Distance(h.Loc, s.Loc))
			c.key = -math.Log(u) / w
			switch {
			case sibling[fm.home]:
				c.tier = 0
			case prev != nil && slices.ContainsFunc(fm.members, func(ci int) bool { return ci < len(prev.School) && prev.School[ci] == j }):
				c.tier = 1
			}
			cands = append(cands, c)
		}
		slices.SortStableFunc(cands, func(a, b cand) int {
			if c := cmp.Compare(a.tier, b.tier); c != 0 {
				return c
			}
			return cmp.Compare(a.key, b.key)
		})
		var quota [3]int
		for p := range quota {
			quota[p] = int(math.Round(sec.Share(Priority(p)) * float64(count[p])))
		}
		seat := func(f int) {
			taken[f] = true
			for _, ci := range fams[f].members {
				chosen[ci] = j
			}
			free -= len(fams[f].members)
			quota[fams[f].prio] -= len(fams[f].members)
		}
		k := 0
		for ; k < len(cands) && cands[k].tier == 0; k++ {
			if n := len(fams[cands[k].fam].members); n <= free {
				seat(cands[k].fam)
			}
		}
		for p := range quota {
			quota[p] = max(0, quota[p])
		}
		quota = scaleQuota(quota, free)
		for ; k < len(cands); k++ {
			f := cands[k].fam
			if n := len(fams[f].members); n <= free && n <= quota[fams[f].prio] {
				seat(f)
			}
		}
	}
	var seats []Seat
	for _, ci := range entrants {
		j, ok := chosen[ci]
		if !ok {
			continue
		}
		h := ds.Household(ds.Children[ci].HouseholdID)
		seats = append(seats, Seat{Child: ci, School: j, DistanceM: geo.Distance(h.Loc, ds.Schools[j].Loc),
			Reason: SeatPrivateChoice})
	}
	return seats
}

// scaleQuota scales quotas whose sum exceeds free down to free: each gets
// the floor of its proportional part, and the places left go one each to
// the largest fractional parts (ties to the earlier category).
func scaleQuota(q [3]int, free int) [3]int {
	sum := q[0] + q[1] + q[2]
	if sum <= free {
		return q
	}
	var out [3]int
	if free <= 0 {
		return out
	}
	var frac [3]int // remainders of free·q[p] / sum, compared exactly
	left := free
	for p := range q {
		out[p] = free * q[p] / sum
		frac[p] = free * q[p] % sum
		left -= out[p]
	}
	order := []int{0, 1, 2}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(frac[b], frac[a]) })
	for _, p := range order[:left] {
		out[p]++
	}
	return out
}

// choiceUniform draws a household's U in (0, 1) for a section's choice in
// a year: a hash of the seed, year, level, school and household, so that
// the draw is reproducible and does not depend on the order of the input.
func choiceUniform(seed uint64, year int, level dataset.Level, school, household string) float64 {
	h := fnv.New64a()
	var b [8]byte
	for i := range b {
		b[i] = byte(seed >> (8 * i))
	}
	h.Write(b[:])
	h.Write([]byte(strconv.Itoa(year) + "\x00" + string(level) + "\x00" + school + "\x00" + household))
	x := h.Sum64()
	// FNV's low bits mix poorly for short tails: fold the high bits in
	// (splitmix64 finaliser) before taking 53 bits.
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return (float64(x>>11) + 0.5) / (1 << 53)
}
