package service

import (
	"fmt"
	"slices"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/zones"
)

// whatIfBase is one level's plan as the what-if sees it (zones.WhatIf:
// per zone its load and capacity, per unit its entrants, the entrants'
// distances), with the schools of each zone. Read-only once built.
type whatIfBase struct {
	res      *engine.Result
	lr       *engine.LevelResult
	w        *zones.WhatIf
	zoneOf   map[string]int
	schoolAt map[string]int // school id → index into ds.Schools
	// The plan's feeder lines (nil without both levels) and the level's
	// concentration, from the run's metrics.
	feeders []WebFeeder
	conc    *engine.Concentration
}

// newWhatIfBase returns the what-if of level lr of res, whose figures are
// m (res.Metrics()).
func newWhatIfBase(res *engine.Result, lr *engine.LevelResult, wi *zones.WhatIf, m engine.Metrics) *whatIfBase {
	b := &whatIfBase{res: res, lr: lr, w: wi, zoneOf: map[string]int{}, schoolAt: map[string]int{},
		conc: m.Levels[string(lr.Level)].Concentration}
	for z, zn := range lr.Zones {
		for _, j := range zn.Schools {
			b.zoneOf[res.Dataset.Schools[j].ID] = z
			b.schoolAt[res.Dataset.Schools[j].ID] = j
		}
	}
	if m.Feeders != nil {
		b.feeders = webFeeders(res.Dataset, m.Feeders, m.FeederSplits)
	}
	return b
}

// WhatIfAnswer is the answer of POST /api/v1/planner/whatif: the level's
// figures before and after moving one unit to another school's zone. The
// figures are of the zones (every entrant at the zone's school), not of a
// placement: ZonedRatio counts the entrants their zone's capacity holds.
// Nothing is written: the plan served is unchanged.
type WhatIfAnswer struct {
	Level    string        `json:"level"`
	Unit     int           `json:"unit"`
	UnitName string        `json:"unit_name"` // the unit's most common compound, village group or road
	Locked   bool          `json:"locked"`    // a planner's pin holds the unit: the redraw would not move it
	Moved    int           `json:"children_moved"`
	From     *WhatIfSchool `json:"from"` // nil when the unit had no zone
	To       WhatIfSchool  `json:"to"`
	Before   WhatIfLevel   `json:"before"`
	After    WhatIfLevel   `json:"after"`
	// Concentration is the level's migrant entrants' concentration before
	// and after the move (engine.ConcentrationAfter: the unit's entrants
	// placed through the zones seated at the school named).
	Concentration WhatIfConcentration `json:"concentration"`
	// Feeders are the feeder lines before and after the move
	// (engine.FeedersAfter); null without both levels.
	Feeders *WhatIfFeeders `json:"feeders"`
}

// WhatIfConcentration is a level's concentration before and after a move;
// each null when the run has none (no seated entrant).
type WhatIfConcentration struct {
	Before *engine.Concentration `json:"before"`
	After  *engine.Concentration `json:"after"`
}

// WhatIfFeeders are the feeder lines before and after a move.
type WhatIfFeeders struct {
	Before  []WebFeeder `json:"before"`
	After   []WebFeeder `json:"after"`
	Changed []string    `json:"changed"` // primary schools whose junior school or share changes, in the order of After
}

// WhatIfSchool is a zone's capacity use before and after the move.
type WhatIfSchool struct {
	SchoolIDs  []string `json:"school_ids"` // the zone's schools (several for a multi-school zone)
	Names      []string `json:"names"`
	Capacity   int      `json:"capacity"`
	LoadBefore int      `json:"load_before"` // entrants of the zone
	LoadAfter  int      `json:"load_after"`
	UseBefore  *float64 `json:"use_before"` // load / capacity; null without capacity
	UseAfter   *float64 `json:"use_after"`
}

// WhatIfLevel are a level's figures under a plan.
type WhatIfLevel struct {
	ZonedRatio    *float64 `json:"zoned_ratio"`     // Σ min(load, capacity) / entrants of zoned units
	MeanDistanceM *float64 `json:"mean_distance_m"` // entrant-weighted mean distance to the zone's school, metres
	OverCapacity  int      `json:"over_capacity"`   // entrants beyond their zone's capacity
}

func (b *whatIfBase) figures(f zones.Figures) WhatIfLevel {
	fit, over := b.w.Fit(f)
	var out WhatIfLevel
	out.OverCapacity = over
	if f.Demand > 0 {
		r := float64(fit) / float64(f.Demand)
		m := f.DistSumM / float64(f.Demand)
		out.ZonedRatio, out.MeanDistanceM = &r, &m
	}
	return out
}

func (b *whatIfBase) school(z int, before, after []int) WhatIfSchool {
	s := WhatIfSchool{Capacity: b.w.Capacity(z), LoadBefore: before[z], LoadAfter: after[z],
		SchoolIDs: []string{}, Names: []string{}}
	if z < len(b.lr.Zones) {
		for _, j := range b.lr.Zones[z].Schools {
			s.SchoolIDs = append(s.SchoolIDs, b.res.Dataset.Schools[j].ID)
			s.Names = append(s.Names, b.res.Dataset.Schools[j].Name)
		}
	}
	if s.Capacity > 0 {
		ub, ua := float64(s.LoadBefore)/float64(s.Capacity), float64(s.LoadAfter)/float64(s.Capacity)
		s.UseBefore, s.UseAfter = &ub, &ua
	}
	return s
}

// move computes the figures with unit u in the zone of school id.
func (b *whatIfBase) move(u int, id string) (WhatIfAnswer, error) {
	to, ok := b.zoneOf[id]
	if !ok {
		ids := make([]string, 0, len(b.zoneOf))
		for k := range b.zoneOf {
			ids = append(ids, k)
		}
		slices.Sort(ids)
		return WhatIfAnswer{}, fmt.Errorf("school_id: %q has no zone of level %s (accepted: %v)", id, b.lr.Level, ids)
	}
	from := b.w.Zone(u)
	now, moved := b.w.Before(), b.w.Move(u, to)
	before := b.figures(now)
	ans := WhatIfAnswer{Level: string(b.lr.Level), Unit: u, UnitName: b.res.UnitName(u), Before: before, After: before,
		To: b.school(to, now.Load, moved.Load), Locked: b.w.Locked(u)}
	if from >= 0 {
		f := b.school(from, now.Load, moved.Load)
		ans.From = &f
	}
	if from != to {
		ans.Moved = b.w.Entrants(u)
		ans.After = b.figures(moved)
	}
	mv := engine.UnitMove{Level: b.lr.Level, Unit: u, Zone: to, School: b.schoolAt[id]}
	ans.Concentration.Before, ans.Concentration.After = b.conc, b.conc
	if from != to && b.conc != nil {
		c, err := b.res.ConcentrationAfter(mv)
		if err != nil {
			return WhatIfAnswer{}, err
		}
		ans.Concentration.After = c
	}
	if b.feeders != nil {
		fs, err := b.res.FeedersAfter(mv)
		if err != nil {
			return WhatIfAnswer{}, err
		}
		rows, splits := b.res.FeederRows(fs)
		wf := &WhatIfFeeders{Before: b.feeders, After: webFeeders(b.res.Dataset, rows, splits), Changed: []string{}}
		before := map[string]WebFeeder{}
		for _, f := range wf.Before {
			before[f.SchoolID] = f
		}
		for _, f := range wf.After {
			if g, ok := before[f.SchoolID]; !ok || g.JuniorID != f.JuniorID || !sameShare(g.Share, f.Share) {
				wf.Changed = append(wf.Changed, f.SchoolID)
			}
		}
		ans.Feeders = wf
	}
	return ans, nil
}

// sameShare reports whether two shares are equal (both null, or the same
// value).
func sameShare(a, b *float64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}
