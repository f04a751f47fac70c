package engine

import (
	"cmp"
	"hash/fnv"
	"slices"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
	"github.com/hutubi-edu/zoning/zones"
)

// Priority is an entrant's rank inside a zone when seats are short, per
// docs/policy.md: local registration first, then migrants holding a residence
// permit, then the other migrants.
type Priority int

// The priorities, first served first.
const (
	PriorityLocal Priority = iota
	PriorityPermit
	PriorityOther
)

func (p Priority) String() string {
	switch p {
	case PriorityLocal:
		return "local"
	case PriorityPermit:
		return "permit"
	}
	return "other"
}

// PriorityOf returns a household's priority.
func PriorityOf(h *dataset.Household) Priority {
	switch {
	case h.Hukou != dataset.Migrant:
		return PriorityLocal
	case h.Permit:
		return PriorityPermit
	}
	return PriorityOther
}

// Seat is where one entrant was placed.
type Seat struct {
	Child     int     // index into ds.Children
	School    int     // index into ds.Schools; -1 when no seat was left anywhere
	Zoned     bool    // School is the school of the zone holding the home
	DistanceM float64 // great-circle metres from home to campus; 0 when unplaced
	// RouteM is the walk along the roads from home to campus, metres
	// (Result.Routes); -1 when the run measures straight distances, the
	// entrant is unplaced or the campus is beyond the walk searched.
	RouteM float64
	// Reason: SeatByZones (the zero value) for Place's seats,
	// SeatPrivateChoice for a family's choice of a private school.
	Reason SeatReason
}

// Placement asks to seat one level's entrants.
type Placement struct {
	Entrants []int // indexes into ds.Children
	// Zone[k]: the zone that holds entrant k's home (index into Members), or
	// -1.
	Zone []int
	// Members[z]: the schools (indexes into ds.Schools) of zone z: one, or
	// several for a multi-school zone (多校划片).
	Members  [][]int
	Capacity []int // intake places per school (index into ds.Schools)
	// Overflow lists the schools (indexes into ds.Schools) that may take
	// entrants their zone school could not seat: the nearest with a free
	// place is chosen. Fallback schools are tried only when no Overflow
	// school has a place (民办 places bought by the government).
	Overflow, Fallback []int
	Seed               uint64 // seeds the lottery that orders entrants of equal priority
	// Metric measures how near a school is, for the first choice within a
	// multi-school zone and the school an overflowing entrant is placed
	// at; nil: great-circle.
	Metric zones.Metric
}

// Odds report the lottery (随机派位) of one school of a multi-school zone:
// the entrants whose first choice (the nearest school of the zone) it was,
// and how many of them it seated, by priority.
type Odds struct {
	Zone       int // index into Placement.Members
	School     int // index into ds.Schools
	Applicants [3]int
	Admitted   [3]int
}

// Place seats entrants as docs/policy.md says. Each zone takes its entrants in
// order of priority (local, permit, other), and by a seeded lottery of
// households within a priority; siblings are seated together, and a
// household that no longer fits whole gives way to a smaller one behind it.
// In a multi-school zone each household, in that order, takes the nearest
// school of the zone with room (随机派位). Entrants left over are placed, in
// the same order, at the nearest overflow school with a free place (统筹安排),
// siblings together where places allow; when no place is left anywhere they
// stay unplaced. The seats are in the order of p.Entrants; the odds list
// each school of each multi-school zone.
func Place(ds *dataset.Dataset, p Placement) ([]Seat, []Odds) {
	free := slices.Clone(p.Capacity)
	seats := make([]Seat, len(p.Entrants))
	type family struct {
		zone    int
		prio    Priority
		lottery uint64
		members []int // indexes into p.Entrants
		home    int   // index into ds.Households
	}
	byHome := map[string]int{}
	var fams []family
	for k, ci := range p.Entrants {
		seats[k] = Seat{Child: ci, School: -1}
		c := &ds.Children[ci]
		key := c.HouseholdID + "\x00" + strconv.Itoa(p.Zone[k])
		if f, ok := byHome[key]; ok {
			fams[f].members = append(fams[f].members, k)
			continue
		}
		hi := ds.HouseholdIndex(c.HouseholdID)
		byHome[key] = len(fams)
		fams = append(fams, family{zone: p.Zone[k], prio: PriorityOf(&ds.Households[hi]),
			lottery: lotteryKey(p.Seed, c.HouseholdID), members: []int{k}, home: hi})
	}
	slices.SortStableFunc(fams, func(a, b family) int {
		if c := cmp.Compare(a.prio, b.prio); c != 0 {
			return c
		}
		return cmp.Compare(a.lottery, b.lottery)
	})

	seat := func(f *family, members []int, j int, zoned bool) {
		for _, k := range members {
			seats[k].School = j
			seats[k].Zoned = zoned
			seats[k].DistanceM = geo.Distance(ds.Households[f.home].Loc, ds.Schools[j].Loc)
		}
		free[j] -= len(members)
	}
	// Zone schools first: the nearest school of the zone with room.
	var odds []Odds
	oddsAt := map[[2]int]int{}
	for z, m := range p.Members {
		if len(m) > 1 {
			for _, j := range m {
				oddsAt[[2]int{z, j}] = len(odds)
				odds = append(odds, Odds{Zone: z, School: j})
			}
		}
	}
	choices := make([][]int, len(fams))
	var left []int
	for i := range fams {
		f := &fams[i]
		if f.zone < 0 {
			left = append(left, i)
			continue
		}
		choices[i] = byDistance(ds, p.Metric, ds.Households[f.home].Loc, p.Members[f.zone])
		first := choices[i][0]
		placed := false
		for _, j := range choices[i] {
			if free[j] >= len(f.members) {
				seat(f, f.members, j, true)
				placed = true
				break
			}
		}
		if o, ok := oddsAt[[2]int{f.zone, first}]; ok {
			odds[o].Applicants[f.prio] += len(f.members)
			if placed && seats[f.members[0]].School == first {
				odds[o].Admitted[f.prio] += len(f.members)
			}
		}
		if !placed {
			left = append(left, i)
		}
	}
	// Places a larger household could not use go to split families.
	var still []int
	for _, i := range left {
		f := &fams[i]
		for _, j := range choices[i] {
			if len(f.members) > 0 && free[j] > 0 {
				n := min(free[j], len(f.members))
				seat(f, f.members[:n], j, true)
				f.members = f.members[n:]
			}
		}
		if len(f.members) > 0 {
			still = append(still, i)
		}
	}
	// Then the nearest overflow school with free places.
	for _, i := range still {
		f := &fams[i]
		home := ds.Households[f.home].Loc
		order := append(byDistance(ds, p.Metric, home, p.Overflow), byDistance(ds, p.Metric, home, p.Fallback)...)
		placed := false
		for _, j := range order {
			if free[j] >= len(f.members) {
				seat(f, f.members, j, slices.Contains(choices[i], j))
				placed = true
				break
			}
		}
		if placed {
			continue
		}
		for _, j := range order {
			if len(f.members) == 0 {
				break
			}
			if free[j] > 0 {
				n := min(free[j], len(f.members))
				seat(f, f.members[:n], j, slices.Contains(choices[i], j))
				f.members = f.members[n:]
			}
		}
	}
	return seats, odds
}

// byDistance returns the schools ordered by their distance from home under
// m (nil: great-circle), nearest first (ties in the given order).
func byDistance(ds *dataset.Dataset, m zones.Metric, home orb.Point, schools []int) []int {
	if m == nil {
		m = zones.Straight
	}
	order := slices.Clone(schools)
	dist := make(map[int]float64, len(order))
	for _, j := range order {
		dist[j] = m.DistanceM(home, ds.Schools[j].Loc)
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(dist[a], dist[b]) })
	return order
}

// lotteryKey draws a household's place in the lottery: a hash of the seed and
// the household id, so that the draw is reproducible and does not depend on
// the order of the input.
func lotteryKey(seed uint64, household string) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for i := range b {
		b[i] = byte(seed >> (8 * i))
	}
	h.Write(b[:])
	h.Write([]byte(household))
	return h.Sum64()
}
