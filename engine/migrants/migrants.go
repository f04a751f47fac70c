package migrants

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/simulate"
	"github.com/hutubi-edu/zoning/geo"
)

// Reason says why an entrant is not at its zone's school.
type Reason string

// The reasons. An entrant seated at its zone's school has none.
const (
	ReasonNone Reason = ""
	// ReasonZoneFull: the zone's school had no place left when the
	// entrant's turn came (locals first, then permit holders, then the
	// other migrants); the entrant was seated at another school.
	ReasonZoneFull Reason = "zone_school_full"
	// ReasonNoZone: the home lies in no zone of the level; the entrant was
	// seated at the nearest school with a place.
	ReasonNoZone Reason = "no_zone"
	// ReasonNoPlace: no school taking entrants of the level had a place
	// left; the entrant is unplaced.
	ReasonNoPlace Reason = "no_place_anywhere"
)

// Chinese returns the reason in Chinese for the summary.
func (r Reason) Chinese() string {
	switch r {
	case ReasonZoneFull:
		return "片区学校学位已满，统筹安排"
	case ReasonNoZone:
		return "住址不在任何片区"
	case ReasonNoPlace:
		return "全县无空余学位，未安置"
	}
	return ""
}

// NearestFree is how many nearest schools with free places an entrant not
// seated at its zone's school is shown.
const NearestFree = 3

// Free is a school of the entrant's level with intake places left after the
// placement.
type Free struct {
	SchoolID  string  `json:"school_id"`
	Name      string  `json:"name"`
	DistanceM float64 `json:"distance_m"` // great-circle metres from the home
	Places    int     `json:"free_places"`
}

// Child is one child of the report: an entrant (grade 1 or 7) who is a
// migrant (with or without a residence permit) or has a disability, or
// both; or a pupil of the other grades counted in a county share (an
// eligible migrant or a disabled child; Entrant false).
type Child struct {
	ChildID     string        `json:"child_id"`
	HouseholdID string        `json:"household_id"`
	Level       dataset.Level `json:"level"`
	Grade       int           `json:"grade"`   // 1–9 in the year; 1 or 7 for an entrant
	Entrant     bool          `json:"entrant"` // enters grade 1 or 7 this year
	Migrant     bool          `json:"migrant"`
	Permit      bool          `json:"permit"` // holds a residence permit (居住证); false for locals
	Disability  bool          `json:"disability"`
	Placed      bool          `json:"placed"`              // at a school this year
	SchoolID    string        `json:"school_id,omitempty"` // "" when unplaced
	SchoolName  string        `json:"school_name,omitempty"`
	Public      bool          `json:"public"`         // the school is public
	Purchased   bool          `json:"purchased"`      // a private (民办) place bought by the government
	Chosen      bool          `json:"private_choice"` // at a private school the family chose: not a purchased place
	Zoned       bool          `json:"zoned"`          // the school is the zone's school (entrants only)
	// ZoneSchoolIDs are the schools of the zone holding the home (several
	// for a multi-school zone); empty when the home is in no zone.
	ZoneSchoolIDs []string `json:"zone_school_ids"`
	DistanceM     float64  `json:"distance_m"`       // home to school, great-circle metres; 0 when unplaced
	Reason        Reason   `json:"reason,omitempty"` // entrants only
	// Nearest lists, for an entrant not at its zone's school, up to
	// NearestFree schools of the level with places left, nearest first.
	Nearest []Free `json:"nearest_free,omitempty"`
}

// Share is a county figure: of Children, how many count towards the policy.
type Share struct {
	Children  int      `json:"children"`
	Placed    int      `json:"placed"`         // at a school
	Public    int      `json:"public"`         // seated in public schools
	Purchased int      `json:"purchased"`      // seated in government-purchased private places
	Chosen    int      `json:"private_choice"` // at private schools their families chose (not purchased places)
	Zoned     int      `json:"zoned"`          // seated at the zone's school (entrants only; 0 in the pupils' shares)
	Unplaced  int      `json:"unplaced"`       // at no school
	Counted   int      `json:"counted"`        // what the share counts (see Report)
	Share     *float64 `json:"share"`          // Counted / Children; null without children
	Target    float64  `json:"target"`         // the docs/policy.md minimum
	Meets     bool     `json:"meets"`          // no children, or Share ≥ Target
}

func (s *Share) add(c *Child) {
	s.Children++
	if !c.Placed {
		s.Unplaced++
		return
	}
	s.Placed++
	if c.Public {
		s.Public++
	}
	if c.Purchased {
		s.Purchased++
	}
	if c.Chosen {
		s.Chosen++
	}
	if c.Zoned {
		s.Zoned++
	}
}

func (s *Share) finish(counted int, target float64) {
	s.Counted, s.Target, s.Meets = counted, target, true
	if s.Children > 0 {
		v := float64(counted) / float64(s.Children)
		s.Share = &v
		s.Meets = v >= target
	}
}

// Report is the check of one year.
//
// Migrants is the share of docs/policy.md, the one figure of the year that
// compliance.csv, report.html and the meeting pack show: of the eligible
// migrant children (a migrant household holding a residence permit) of
// grades 1–9, those at a public school or on a place the government buys
// at a private school (compliance.CountShares, through simulate.Shares).
// The engine seats entrants at private (民办) schools on places the
// government buys (engine.Placement.Fallback), except where the family
// chose the school (engine.SeatPrivateChoice), which docs/policy.md does not
// count; pupils of the other grades at private schools are there by their
// families' choice. DisabledPupils is the enrolment of the disabled
// children of grades 1–9, the same way.
//
// Eligible, NoPermit and Disabled count the entrants only (grade 1 and
// grade 7): what this year's placement did, labelled as such (其中一年级、
// 七年级新生). Migrants without a permit are served after permit holders and
// are outside the policy share.
type Report struct {
	Year           int   `json:"year"`
	Migrants       Share `json:"migrant_pupils"`  // eligible migrants of grades 1–9: vs policy.migrant_public_share
	DisabledPupils Share `json:"disabled_pupils"` // disabled children of grades 1–9: vs policy.disability_enrolment
	Eligible       Share `json:"eligible_migrants"`
	NoPermit       Share `json:"migrants_without_permit"`
	Disabled       Share `json:"disabled"`
	// Children are the entrants (eligible migrants, then migrants without
	// a permit, then local disabled children; by level, then child id),
	// then the pupils of the other grades in the county shares (eligible
	// migrants, then local disabled children; by grade, then child id).
	Children []Child `json:"children"`
}

// Check builds the report of a run's target year: its entrants of both
// levels that are migrants or have a disability, the pupils of the other
// grades that the county shares count, and the shares.
func Check(res *engine.Result) (*Report, error) {
	if res == nil || res.Dataset == nil {
		return nil, fmt.Errorf("migrants: no run result")
	}
	ds := res.Dataset
	rep := &Report{Year: res.Year, Children: []Child{}}
	purchased := simulate.Purchased(res)
	entrant := make([]bool, len(ds.Children))
	for _, lr := range res.Levels {
		// Places left after the placement.
		free := lr.Capacities()
		for _, s := range lr.Seats {
			if s.School >= 0 {
				free[s.School]--
			}
		}
		for _, s := range lr.Seats {
			entrant[s.Child] = true
			c := &ds.Children[s.Child]
			hi := ds.HouseholdIndex(c.HouseholdID)
			if hi < 0 {
				return nil, fmt.Errorf("migrants: child %s: unknown household %s", c.ID, c.HouseholdID)
			}
			h := &ds.Households[hi]
			migrant := h.Hukou == dataset.Migrant
			if !migrant && !c.Disability {
				continue
			}
			ch := Child{ChildID: c.ID, HouseholdID: h.ID, Level: lr.Level, Grade: lr.Level.EntryGrade(), Entrant: true,
				Migrant: migrant, Permit: migrant && h.Permit, Disability: c.Disability, Zoned: s.Zoned, ZoneSchoolIDs: []string{}}
			zone := -1
			if res.Units != nil && hi < len(res.Units.HomeUnit) {
				zone = lr.UnitZone(res.Units.HomeUnit[hi])
			}
			if zone >= 0 && zone < len(lr.Zones) {
				for _, j := range lr.Zones[zone].Schools {
					ch.ZoneSchoolIDs = append(ch.ZoneSchoolIDs, ds.Schools[j].ID)
				}
			}
			if s.School >= 0 {
				ch.seat(ds, s.School, purchased[s.Child])
				ch.DistanceM = s.DistanceM
			}
			switch {
			case !ch.Placed:
				ch.Reason = ReasonNoPlace
			case ch.Zoned:
			case len(ch.ZoneSchoolIDs) == 0:
				ch.Reason = ReasonNoZone
			default:
				ch.Reason = ReasonZoneFull
			}
			if ch.Reason != ReasonNone {
				ch.Nearest = nearestFree(ds, h, lr.Sections, free)
			}
			rep.Children = append(rep.Children, ch)
		}
	}
	// The pupils of the other grades that the county shares count.
	var pupils []Child
	for i := range ds.Children {
		c := &ds.Children[i]
		g := c.GradeIn(res.Year, ds.Meta.BaseYear)
		if entrant[i] || g < 1 || g > 9 {
			continue
		}
		hi := ds.HouseholdIndex(c.HouseholdID)
		if hi < 0 {
			return nil, fmt.Errorf("migrants: child %s: unknown household %s", c.ID, c.HouseholdID)
		}
		h := &ds.Households[hi]
		eligible := h.Hukou == dataset.Migrant && h.Permit
		if !eligible && !c.Disability {
			continue
		}
		ch := Child{ChildID: c.ID, HouseholdID: h.ID, Level: dataset.LevelOfGrade(g), Grade: g, Migrant: h.Hukou == dataset.Migrant,
			Permit: eligible, Disability: c.Disability, ZoneSchoolIDs: []string{}}
		if res.Enrolment != nil && i < len(res.Enrolment.School) {
			if j := res.Enrolment.School[i]; j >= 0 && j < len(ds.Schools) {
				ch.seat(ds, j, purchased[i])
				ch.DistanceM = geo.Distance(h.Loc, ds.Schools[j].Loc)
			}
		}
		pupils = append(pupils, ch)
	}
	group := func(c *Child) int {
		switch {
		case c.Permit:
			return 0
		case c.Migrant:
			return 1
		}
		return 2
	}
	levelRank := func(l dataset.Level) int { return slices.Index(dataset.Levels, l) }
	slices.SortStableFunc(rep.Children, func(a, b Child) int {
		if c := cmp.Compare(group(&a), group(&b)); c != 0 {
			return c
		}
		if c := cmp.Compare(levelRank(a.Level), levelRank(b.Level)); c != 0 {
			return c
		}
		return cmp.Compare(a.ChildID, b.ChildID)
	})
	slices.SortStableFunc(pupils, func(a, b Child) int {
		if c := cmp.Compare(group(&a), group(&b)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Grade, b.Grade); c != 0 {
			return c
		}
		return cmp.Compare(a.ChildID, b.ChildID)
	})
	for i := range rep.Children {
		c := &rep.Children[i]
		switch {
		case c.Permit:
			rep.Eligible.add(c)
		case c.Migrant:
			rep.NoPermit.add(c)
		}
		if c.Disability {
			rep.Disabled.add(c)
		}
	}
	rep.Children = append(rep.Children, pupils...)
	// The county shares: the one count (compliance.CountShares).
	sh := simulate.Shares(res)
	rep.Migrants = Share{Children: sh.MigrantsEligible, Placed: sh.MigrantsEligible - sh.MigrantsOut, Public: sh.MigrantsPublic,
		Purchased: sh.MigrantsPurchased, Chosen: sh.MigrantsPrivate, Unplaced: sh.MigrantsOut}
	rep.DisabledPupils = Share{Children: sh.DisabledChildren, Placed: sh.DisabledEnrolled, Unplaced: sh.DisabledChildren - sh.DisabledEnrolled}
	p := res.Config.Policy
	rep.Migrants.finish(sh.MigrantsCounted(), p.MigrantPublicShare)
	rep.DisabledPupils.finish(sh.DisabledEnrolled, p.DisabilityEnrolment)
	rep.Eligible.finish(rep.Eligible.Public+rep.Eligible.Purchased, p.MigrantPublicShare)
	rep.NoPermit.finish(rep.NoPermit.Public+rep.NoPermit.Purchased, p.MigrantPublicShare)
	rep.Disabled.finish(rep.Disabled.Placed, p.DisabilityEnrolment)
	return rep, nil
}

// seat records the child's school j: public, a purchased place or the
// family's choice of a private school.
func (c *Child) seat(ds *dataset.Dataset, j int, purchased bool) {
	sc := &ds.Schools[j]
	c.Placed, c.SchoolID, c.SchoolName = true, sc.ID, sc.Name
	c.Public = sc.Public
	c.Purchased = !sc.Public && purchased
	c.Chosen = !sc.Public && !purchased
}

// nearestFree returns up to NearestFree schools among sections with places
// left, nearest to the home first (ties by school id).
func nearestFree(ds *dataset.Dataset, h *dataset.Household, sections []int, free []int) []Free {
	var out []Free
	for _, j := range sections {
		if free[j] <= 0 {
			continue
		}
		s := &ds.Schools[j]
		out = append(out, Free{SchoolID: s.ID, Name: s.Name, DistanceM: geo.Distance(h.Loc, s.Loc), Places: free[j]})
	}
	slices.SortFunc(out, func(a, b Free) int {
		if c := cmp.Compare(a.DistanceM, b.DistanceM); c != 0 {
			return c
		}
		return cmp.Compare(a.SchoolID, b.SchoolID)
	})
	if len(out) > NearestFree {
		out = out[:NearestFree]
	}
	return out
}
