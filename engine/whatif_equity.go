package engine

import (
	"fmt"

	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/zones"
)

// The planner's what-if of the 对口 table and the migrant entrants'
// concentration: both recomputed with one unit moved to another zone,
// without redrawing (the web map's what-if, engine/service whatif.go).

// UnitMove is a what-if's move: unit Unit (an index into Result.Units) of
// level Level goes to zone Zone (an index into the level's Zones), and its
// entrants placed through the zones take their seats at School (an index
// into ds.Schools, a school of zone Zone).
type UnitMove struct {
	Level  dataset.Level
	Unit   int
	Zone   int
	School int
}

// homeZone returns the zone of level lr holding household h with the move
// made (nil: no move).
func (mv *UnitMove) homeZone(us *zones.Units, lr *LevelResult, h int) int {
	if mv != nil && lr.Level == mv.Level && h < len(us.HomeUnit) && us.HomeUnit[h] == mv.Unit {
		return mv.Zone
	}
	return lr.HomeZoneOf(us, h)
}

// check checks the move against the result.
func (r *Result) checkMove(mv UnitMove) (*LevelResult, error) {
	lr := r.Level(mv.Level)
	if lr == nil {
		return nil, fmt.Errorf("engine: what-if: no level %q in the run", mv.Level)
	}
	if r.Units == nil || mv.Unit < 0 || mv.Unit >= len(r.Units.Units) {
		return nil, fmt.Errorf("engine: what-if: unit %d outside the run's units", mv.Unit)
	}
	if mv.Zone < 0 || mv.Zone >= len(lr.Zones) {
		return nil, fmt.Errorf("engine: what-if: zone %d outside 0–%d of %s", mv.Zone, len(lr.Zones)-1, mv.Level)
	}
	for _, j := range lr.Zones[mv.Zone].Schools {
		if j == mv.School {
			return lr, nil
		}
	}
	return nil, fmt.Errorf("engine: what-if: school %d is not a school of %s zone %d (accepted: %v)", mv.School, mv.Level, mv.Zone, lr.Zones[mv.Zone].Schools)
}

// FeedersAfter returns the 对口 table (Feeders) with the move made: every
// home of the unit in zone mv.Zone of its level. A feeder from the plan
// (FeederPlan) becomes the junior zone holding most of the primary zone's
// entrants after the move; one from the feeds column or the nesting stays,
// its share recomputed. Nil without both levels.
func (r *Result) FeedersAfter(mv UnitMove) ([]Feeder, error) {
	if _, err := r.checkMove(mv); err != nil {
		return nil, err
	}
	return r.feeders(&mv), nil
}

// ConcentrationAfter returns the level's concentration
// (metrics.json levels.L.concentration) with the move made, by the
// what-if's rule that every entrant is at its zone's school: the unit's
// entrants that the level places through its zones (every one but a
// family's private choice; seated, seated out of zone or unplaced) take
// their seats at mv.School, every other entrant keeps its seat. With the
// unit already in zone mv.Zone nothing moves: the level's concentration.
func (r *Result) ConcentrationAfter(mv UnitMove) (*Concentration, error) {
	lr, err := r.checkMove(mv)
	if err != nil {
		return nil, err
	}
	if lr.UnitZone(mv.Unit) == mv.Zone {
		return r.concentration(lr), nil
	}
	ds := r.Dataset
	return r.concentrationOf(lr, func(st Seat) int {
		if st.Reason != SeatByZones {
			return st.School
		}
		h := ds.HouseholdIndex(ds.Children[st.Child].HouseholdID)
		if h >= 0 && h < len(r.Units.HomeUnit) && r.Units.HomeUnit[h] == mv.Unit {
			return mv.School
		}
		return st.School
	}), nil
}
