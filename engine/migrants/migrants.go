package migrants

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
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

// Child is one entrant of the report: a migrant (with or without a
// residence permit) or a child with a disability, or both.
type Child struct {
	ChildID     string        `json:"child_id"`
	HouseholdID string        `json:"household_id"`
	Level       dataset.Level `json:"level"`
	Grade       int           `json:"grade"` // 1 or 7
	Migrant     bool          `json:"migrant"`
	Permit      bool          `json:"permit"` // holds a residence permit (居住证); false for locals
	Disability  bool          `json:"disability"`
	Placed      bool          `json:"placed"`
	SchoolID    string        `json:"school_id,omitempty"` // "" when unplaced
	SchoolName  string        `json:"school_name,omitempty"`
	Public      bool          `json:"public"`    // the school is public
	Purchased   bool          `json:"purchased"` // a private (民办) place bought by the government
	Zoned       bool          `json:"zoned"`     // the school is the zone's school
	// ZoneSchoolIDs are the schools of the zone holding the home (several
	// for a multi-school zone); empty when the home is in no zone.
	ZoneSchoolIDs []string `json:"zone_school_ids"`
	DistanceM     float64  `json:"distance_m"` // home to school, great-circle metres; 0 when unplaced
	Reason        Reason   `json:"reason,omitempty"`
	// Nearest lists, for an entrant not at its zone's school, up to
	// NearestFree schools of the level with places left, nearest first.
	Nearest []Free `json:"nearest_free,omitempty"`
}

// Share is a county figure: of Children, how many count towards the policy.
type Share struct {
	Children  int      `json:"children"`
	Placed    int      `json:"placed"`
	Public    int      `json:"public"`    // seated in public schools
	Purchased int      `json:"purchased"` // seated in government-purchased private places
	Zoned     int      `json:"zoned"`     // seated at the zone's school
	Unplaced  int      `json:"unplaced"`
	Counted   int      `json:"counted"` // what the share counts (see Report)
	Share     *float64 `json:"share"`   // Counted / Children; null without children
	Target    float64  `json:"target"`  // the POLICY.md minimum
	Meets     bool     `json:"meets"`   // no children, or Share ≥ Target
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

// Report is the check of one year's entrants.
//
// The migrant share (Eligible.Share) is, of the eligible migrant entrants
// (migrant household holding a residence permit), those seated in a public
// school or in a government-purchased private place, as POLICY.md counts
// them. The engine seats entrants at private (民办) schools only as its last
// resort, on places the government buys (engine.Placement.Fallback), so
// every private seat it assigns counts as purchased; Purchased shows how
// many there are, and Public alone is there for a stricter reading.
// Migrants without a permit (NoPermit) are served after permit holders and
// are reported apart, with the same measure, outside the policy share. The
// disability share (Disabled.Share) is the disabled entrants seated
// anywhere over all disabled entrants.
type Report struct {
	Year     int     `json:"year"`
	Eligible Share   `json:"eligible_migrants"` // migrants with a residence permit: vs policy.migrant_public_share
	NoPermit Share   `json:"migrants_without_permit"`
	Disabled Share   `json:"disabled"` // vs policy.disability_enrolment
	Children []Child `json:"children"` // eligible migrants, then migrants without a permit, then local disabled children; by level, then child id
}

// Check builds the report of a run's target year: its entrants of both
// levels that are migrants or have a disability.
func Check(res *engine.Result) (*Report, error) {
	if res == nil || res.Dataset == nil {
		return nil, fmt.Errorf("migrants: no run result")
	}
	ds := res.Dataset
	rep := &Report{Year: res.Year, Children: []Child{}}
	for _, lr := range res.Levels {
		// Places left after the placement.
		free := slices.Clone(lr.Capacity)
		for _, s := range lr.Seats {
			if s.School >= 0 {
				free[s.School]--
			}
		}
		for _, s := range lr.Seats {
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
			ch := Child{ChildID: c.ID, HouseholdID: h.ID, Level: lr.Level, Grade: lr.Level.EntryGrade(),
				Migrant: migrant, Permit: migrant && h.Permit, Disability: c.Disability, Zoned: s.Zoned, ZoneSchoolIDs: []string{}}
			zone := -1
			if res.Units != nil && hi < len(res.Units.HomeUnit) {
				if u := res.Units.HomeUnit[hi]; u >= 0 && u < len(lr.Plan.UnitSchool) {
					zone = lr.Plan.UnitSchool[u]
				}
			}
			if zone >= 0 && zone < len(lr.Members) {
				for _, j := range lr.Members[zone] {
					ch.ZoneSchoolIDs = append(ch.ZoneSchoolIDs, ds.Schools[j].ID)
				}
			}
			if s.School >= 0 {
				sc := &ds.Schools[s.School]
				ch.Placed, ch.SchoolID, ch.SchoolName, ch.DistanceM = true, sc.ID, sc.Name, s.DistanceM
				ch.Public, ch.Purchased = sc.Public, !sc.Public
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
	p := res.Config.Policy
	rep.Eligible.finish(rep.Eligible.Public+rep.Eligible.Purchased, p.MigrantPublicShare)
	rep.NoPermit.finish(rep.NoPermit.Public+rep.NoPermit.Purchased, p.MigrantPublicShare)
	rep.Disabled.finish(rep.Disabled.Placed, p.DisabilityEnrolment)
	return rep, nil
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
