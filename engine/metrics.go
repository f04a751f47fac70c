package engine

import (
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/zones"
)

// Metrics is metrics.json: the figures of a run's target year, per docs/dataset-format.md
// plus keys of this project's own.
type Metrics struct {
	Year int `json:"year"`
	// Distance is what the redraw minimised and the radius counts:
	// "route" (along the dataset's roads) or "straight".
	Distance string                  `json:"distance"`
	Levels   map[string]LevelMetrics `json:"levels"`
	Schools  []SchoolMetrics         `json:"schools"`
	// Lotteries lists each school of each multi-school zone (多校划片) with
	// the odds of its draw; absent when there is none.
	Lotteries []LotteryMetrics `json:"lotteries,omitempty"`
	// OutOfZone lists, by zone school and unit, the entrants placed outside
	// their zone (or not at all) because their zone's school was full.
	OutOfZone []OutOfZone `json:"out_of_zone"`
	// Units describes the units zoned with: the largest, the widest, and
	// the compounds and village groups that are not one unit.
	Units UnitsMetrics `json:"units"`
	// Conflicts say why zones do not seat everyone in zone where the
	// schools together have the places; absent when there is none.
	Conflicts []ConflictReport `json:"conflicts,omitempty"`
	// Feeders is the 对口 table: each zoned primary school and the junior
	// school it feeds; FeederSplits the primary zones whose entrants live
	// in two junior zones or more (feeders.go). Absent without both levels.
	Feeders      []FeederMetrics `json:"feeders,omitempty"`
	FeederSplits []FeederSplit   `json:"feeder_splits"`
	// ShareProposals are the multi-school zones (多校划片) the run
	// proposes where a school's nearby demand overflows its intake
	// (ShareProposal, proposed-locks.csv); [] when none.
	ShareProposals []ShareProposalMetrics `json:"share_proposals"`
}

// OutOfZone counts the entrants of one unit (a compound, village group or
// street block) whose zone's school could not seat them.
type OutOfZone struct {
	Level      string `json:"level"`
	ZoneSchool string `json:"zone_school_id"` // the zone's school; for a multi-school zone, its zone_id
	Unit       string `json:"unit"`           // the unit, named by its most common address key
	Children   int    `json:"children"`
	Unplaced   int    `json:"unplaced"` // of them, with no place anywhere
}

// LotteryMetrics are the odds of one school of a multi-school zone: of the
// entrants whose nearest school of the zone it was (their first choice), how
// many it seated, by priority (local, permit, other).
type LotteryMetrics struct {
	Level      string   `json:"level"`
	ZoneID     string   `json:"zone_id"`
	SchoolID   string   `json:"school_id"`
	Name       string   `json:"name"`
	Applicants [3]int   `json:"applicants"` // local, permit, other
	Admitted   [3]int   `json:"admitted"`
	Odds       *float64 `json:"odds"` // admitted / applicants over all priorities; null with no applicant
}

// LevelMetrics are one level's figures. Pointers are null when the ratio or
// mean is over no entrants, or, for the lower bound, when the level's intake
// is short of its entrants.
type LevelMetrics struct {
	Entrants          int      `json:"entrants"`
	Unplaced          int      `json:"unplaced"`
	ZonedRatio        *float64 `json:"zoned_ratio"`
	PolicyNearbyRatio *float64 `json:"policy_nearby_ratio"`
	MeanDistanceM     *float64 `json:"mean_distance_m"`
	LowerBoundM       *float64 `json:"lower_bound_mean_distance_m"`
	ContiguousZones   int      `json:"contiguous_zones"`
	Zones             int      `json:"zones"`

	// Project keys.
	GapToLowerBound   *float64 `json:"gap_to_lower_bound"`     // mean / lower bound − 1
	P90DistanceM      *float64 `json:"p90_distance_m"`         // 90th percentile of seated entrants' distances
	BeyondRadiusShare *float64 `json:"beyond_radius_share"`    // share of seated entrants beyond the service radius, along the roads when the run measures routes
	IntakeCapacity    int      `json:"intake_capacity"`        // places for the entry grade, all sections
	NearbyTarget      float64  `json:"policy_nearby_target"`   // the docs/policy.md share to reach
	ServiceRadiusM    float64  `json:"service_radius_m"`       // the radius counted above
	PolicyEntrants    int      `json:"policy_nearby_entrants"` // entrants counted in policy_nearby_ratio
	// ChosePrivate counts the entrants whose family chose a private school
	// before the zones seated the others (SeatPrivateChoice): they are
	// not zoned, whatever the zones.
	ChosePrivate int `json:"chose_private"`
	// OnePieceZones counts the zones that are one polygon, or one polygon
	// and whole detached parts of the county (zones.OnePiece):
	// contiguous_zones counts single polygons only.
	OnePieceZones int `json:"one_piece_zones"`
	// Route holds the figures along the roads; absent for a run that
	// measures straight distances.
	Route *RouteMetrics `json:"route,omitempty"`
	// Nesting: what nesting the primary zones in the junior zones costs
	// (--nest; feeders.go); absent otherwise.
	Nesting *NestingMetrics `json:"nesting,omitempty"`
	// Concentration is how the level's migrant entrants spread across
	// its schools (concentration.go).
	Concentration *Concentration `json:"concentration"`

	// Moves against the zones in force (Result.HouseholdMoves, as
	// moves.csv lists them); null when the dataset has no zones in force
	// of the level.
	MovedEntrants        *int `json:"moved_entrants"`                     // entrants whose zone school changes
	MovedHouseholds      *int `json:"moved_households"`                   // households whose zone school changes
	MovedHouseholdsYoung *int `json:"moved_households_with_children_0_5"` // of them, those with a child aged 0–5 (Aged0to5)
	MovedChildren0to5    *int `json:"moved_children_0_5"`                 // the children aged 0–5 of those households
}

// SchoolMetrics are one school section's figures in the target year.
type SchoolMetrics struct {
	SchoolID       string `json:"school_id"`
	Level          string `json:"level"`
	Entrants       int    `json:"entrants"`
	IntakeCapacity int    `json:"intake_capacity"`
	StudentsTotal  int    `json:"students_total"`
	Classes        int    `json:"classes"`
	MaxClassSize   int    `json:"max_class_size"`

	// Project keys.
	Name          string   `json:"name"`
	Zoned         int      `json:"zoned"`           // entrants admitted as their zone's school
	Seats         int      `json:"seats"`           // the section's seats, all grades
	CampusTotal   int      `json:"campus_students"` // students of the campus, both sections
	CampusCap     int      `json:"campus_cap"`      // docs/policy.md school size limit for the campus
	ClassCap      int      `json:"class_cap"`       // docs/policy.md class size limit
	MeanDistanceM *float64 `json:"mean_distance_m"` // of the section's entrants
}

// NearbyCounted reports whether school s is one whose entrants the
// nearby-enrolment ratio counts: a public, non-boarding school of an urban
// or town area.
func NearbyCounted(s *dataset.School) bool {
	return s.Public && !s.Boarding && (s.AreaType == dataset.Urban || s.AreaType == dataset.Town)
}

// Metrics computes the run's metrics. The moves against the zones in force
// are left null should they fail to compute (a polygon of the zones in
// force that cannot be indexed: a coordinate not finite, a ring of fewer
// than three positions); Moves and OutputFiles report that error.
func (r *Result) Metrics() Metrics {
	ds := r.Dataset
	pol := r.Config.Policy
	m := Metrics{Year: r.Year, Distance: r.distance(), Levels: map[string]LevelMetrics{}}
	hh, _, movesErr := r.moved()
	moved := CountMoves(hh)
	campus := make([]int, len(ds.Schools))
	for _, lr := range r.Levels {
		for j, ls := range lr.Schools {
			for _, n := range ls.Students {
				campus[j] += n
			}
		}
	}
	for _, lr := range r.Levels {
		l := string(lr.Level)
		lm := LevelMetrics{Entrants: len(lr.Entrants), LowerBoundM: lr.LowerBoundM,
			NearbyTarget: pol.NearbyRatio.Of(l), ServiceRadiusM: pol.ServiceRadiusM.Of(l)}
		var zoned, polN, polZoned, beyond int
		var dists []float64
		var sum float64
		perSchool := map[int]*SchoolMetrics{}
		distSum := map[int]float64{}
		for _, j := range lr.Sections {
			s := &ds.Schools[j]
			sm := &SchoolMetrics{SchoolID: s.ID, Level: l, Name: s.Name, IntakeCapacity: lr.Schools[j].Capacity,
				Seats: s.Seats(lr.Level), ClassCap: pol.ClassSize.Of(l), CampusTotal: campus[j], CampusCap: pol.SchoolSize}
			if s.NineYear {
				sm.CampusCap = pol.SchoolSizeNineYear
			}
			grades := lr.Schools[j].Students // nil for a level result that counted no students
			for _, n := range grades {
				sm.StudentsTotal += n
			}
			// Classes are formed within the section's classrooms, as the
			// simulation forms them.
			cp := FormClasses(grades, SectionLimits(s, lr.Level, pol))
			sm.Classes, sm.MaxClassSize = cp.Classes, cp.Largest
			perSchool[j] = sm
		}
		for _, ls := range lr.Schools {
			lm.IntakeCapacity += ls.Capacity
		}
		for _, st := range lr.Seats {
			if st.School < 0 {
				lm.Unplaced++
				continue
			}
			if st.Reason == SeatPrivateChoice {
				lm.ChosePrivate++
			}
			if st.Zoned {
				zoned++
			}
			s := &ds.Schools[st.School]
			if NearbyCounted(s) {
				polN++
				if st.Zoned {
					polZoned++
				}
			}
			dists = append(dists, st.DistanceM)
			sum += st.DistanceM
			if r.walkM(st) > lm.ServiceRadiusM {
				beyond++
			}
			if sm := perSchool[st.School]; sm != nil {
				sm.Entrants++
				distSum[st.School] += st.DistanceM
				if st.Zoned {
					sm.Zoned++
				}
			}
		}
		lm.ZonedRatio = Ratio(zoned, lm.Entrants)
		lm.PolicyNearbyRatio = Ratio(polZoned, polN)
		lm.PolicyEntrants = polN
		if len(dists) > 0 {
			mean := sum / float64(len(dists))
			lm.MeanDistanceM = &mean
			sort.Float64s(dists)
			p90 := dists[int(math.Ceil(0.9*float64(len(dists))))-1]
			lm.P90DistanceM = &p90
			lm.BeyondRadiusShare = Ratio(beyond, len(dists))
			if lm.LowerBoundM != nil && *lm.LowerBoundM > 0 {
				gap := mean / *lm.LowerBoundM - 1
				lm.GapToLowerBound = &gap
			}
		}
		counted := map[int]bool{} // a multi-school zone counts once
		var levelZones []orb.MultiPolygon
		for k := range lr.Zoned {
			if lr.Zoned[k].Polygon == nil || counted[lr.Zoned[k].Zone] {
				continue
			}
			counted[lr.Zoned[k].Zone] = true
			lm.Zones++
			levelZones = append(levelZones, lr.Zoned[k].Polygon)
		}
		// contiguous_zones as docs/dataset-format.md defines it: one
		// polygon. one_piece_zones also counts a zone of one polygon and
		// whole detached parts of the county (an exclave, an islet).
		for i, one := range zones.OnePiece(levelZones) {
			if len(levelZones[i]) == 1 {
				lm.ContiguousZones++
			}
			if one {
				lm.OnePieceZones++
			}
		}
		if movesErr == nil && r.inForce(lr.Level) {
			c := moved[lr.Level]
			lm.MovedEntrants, lm.MovedHouseholds = &c.Entrants, &c.Households
			lm.MovedHouseholdsYoung, lm.MovedChildren0to5 = &c.HouseholdsYoung, &c.Young
		}
		lm.Route = r.routeMetrics(lr)
		lm.Nesting = r.nestingMetrics(lr)
		lm.Concentration = r.concentration(lr)
		m.Levels[l] = lm
		m.OutOfZone = append(m.OutOfZone, r.outOfZone(lr)...)
		for _, o := range lr.Odds {
			s := &ds.Schools[o.School]
			lot := LotteryMetrics{Level: l, ZoneID: lr.Zones[o.Zone].ID, SchoolID: s.ID, Name: s.Name,
				Applicants: o.Applicants, Admitted: o.Admitted}
			lot.Odds = Ratio(o.Admitted[0]+o.Admitted[1]+o.Admitted[2], o.Applicants[0]+o.Applicants[1]+o.Applicants[2])
			m.Lotteries = append(m.Lotteries, lot)
		}
		for _, j := range lr.Sections {
			sm := perSchool[j]
			if sm.Entrants > 0 {
				d := distSum[j] / float64(sm.Entrants)
				sm.MeanDistanceM = &d
			}
			m.Schools = append(m.Schools, *sm)
		}
	}
	if r.Units != nil {
		m.Units = r.UnitReport()
	}
	m.Conflicts = r.Conflicts()
	m.Feeders, m.FeederSplits = r.feederMetrics()
	m.ShareProposals = r.shareProposalMetrics()
	return m
}

// Ratio is a ÷ b, nil when b is 0: metrics.json's null for a ratio over
// nobody.
func Ratio(a, b int) *float64 {
	if b == 0 {
		return nil
	}
	r := float64(a) / float64(b)
	return &r
}

// outOfZone groups a level's entrants not seated in their zone by zone and
// unit, largest first.
func (r *Result) outOfZone(lr *LevelResult) []OutOfZone {
	ds := r.Dataset
	type key struct{ zone, unit int }
	count := map[key]*OutOfZone{}
	var order []key
	for _, st := range lr.Seats {
		if st.Zoned {
			continue
		}
		h := ds.HouseholdIndex(ds.Children[st.Child].HouseholdID)
		u, z := -1, -1
		if r.Units != nil && h >= 0 && h < len(r.Units.HomeUnit) {
			u = r.Units.HomeUnit[h]
			switch {
			case h < len(lr.HomeZone):
				z = lr.HomeZone[h]
			case u < len(lr.plan.UnitSchool):
				z = lr.plan.UnitSchool[u]
			}
		}
		k := key{z, u}
		o, ok := count[k]
		if !ok {
			name := ""
			switch {
			case z < 0:
			case z < len(lr.Zones) && lr.Zones[z].ID != "":
				name = lr.Zones[z].ID
			case z < len(lr.Zones):
				name = ds.Schools[lr.Zones[z].Schools[0]].ID
			case z < len(lr.Zoned): // a result built without groups
				name = ds.Schools[lr.Zoned[z].School].ID
			}
			o = &OutOfZone{Level: string(lr.Level), ZoneSchool: name, Unit: r.UnitName(u)}
			count[k] = o
			order = append(order, k)
		}
		o.Children++
		if st.School < 0 {
			o.Unplaced++
		}
	}
	out := make([]OutOfZone, 0, len(order))
	for _, k := range order {
		out = append(out, *count[k])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Children > out[j].Children })
	return out
}

// UnitName names a unit for people: the most common compound, village
// group or street address among its homes (ties to the first in order), or
// the position of its centre when it has none.
func (r *Result) UnitName(u int) string {
	if r.Units == nil || u < 0 || u >= len(r.Units.Units) {
		return ""
	}
	unit := &r.Units.Units[u]
	best, bestN := "", 0
	n := map[string]int{}
	parser := r.Dataset.Parser()
	for _, h := range unit.Homes {
		a := parser.Parse(r.Dataset.Households[h].Address)
		name := a.Township + a.Community + a.Compound
		switch {
		case a.Compound != "":
		case a.Village != "":
			name = a.Township + a.Village + a.Group + "组"
		case a.Road != "":
			name = a.Township + a.Road
		default:
			name = a.String()
		}
		n[name]++
		if n[name] > bestN {
			best, bestN = name, n[name]
		}
	}
	if best == "" {
		return fmt.Sprintf("%.5f,%.5f", unit.Center[0], unit.Center[1])
	}
	return best
}
