package service

import (
	"fmt"
	"slices"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/zones"
)

// whatIfBase is one level's plan as the what-if sees it: per zone its load
// and capacity, per unit its entrants, and the entrant-weighted distance
// sum of the plan. Read-only once built.
type whatIfBase struct {
	res        *engine.Result
	lr         *engine.LevelResult
	p          *zones.Problem
	plan       []int // UnitSchool of the plan: unit → zone (index into p.Schools), -1 none
	unitDemand []int
	load       []int
	demand     int     // entrants of the level in zoned units
	distSum    float64 // Σ entrants × distance to their zone's school, metres
	zoneOf     map[string]int
}

func newWhatIfBase(res *engine.Result, lr *engine.LevelResult) *whatIfBase {
	p := lr.Problem
	b := &whatIfBase{res: res, lr: lr, p: p, plan: lr.Plan.UnitSchool, unitDemand: p.UnitDemand(),
		load: lr.Plan.Load(p), zoneOf: map[string]int{}}
	for h, d := range p.Demand {
		if d == 0 {
			continue
		}
		if z := b.plan[p.Units.HomeUnit[h]]; z >= 0 {
			b.demand += d
			b.distSum += float64(d) * p.Schools[z].DistanceM(p.Homes[h].Loc)
		}
	}
	for z, members := range lr.Members {
		for _, j := range members {
			b.zoneOf[res.Dataset.Schools[j].ID] = z
		}
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

func (b *whatIfBase) figures(load []int, distSum float64, demand int) WhatIfLevel {
	var fit, over int
	for z, l := range load {
		c := b.p.Schools[z].Capacity
		fit += min(l, c)
		over += max(0, l-c)
	}
	var out WhatIfLevel
	out.OverCapacity = over
	if demand > 0 {
		r := float64(fit) / float64(demand)
		m := distSum / float64(demand)
		out.ZonedRatio, out.MeanDistanceM = &r, &m
	}
	return out
}

func (b *whatIfBase) school(z int, before, after []int) WhatIfSchool {
	s := WhatIfSchool{Capacity: b.p.Schools[z].Capacity, LoadBefore: before[z], LoadAfter: after[z],
		SchoolIDs: []string{}, Names: []string{}}
	if z < len(b.lr.Members) {
		for _, j := range b.lr.Members[z] {
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
	from := b.plan[u]
	after := slices.Clone(b.load)
	dist := b.distSum
	if from != to {
		d := b.unitDemand[u]
		if from >= 0 {
			after[from] -= d
		}
		after[to] += d
		for _, h := range b.p.Units.Units[u].Homes {
			n := b.p.Demand[h]
			if n == 0 {
				continue
			}
			loc := b.p.Homes[h].Loc
			dist += float64(n) * b.p.Schools[to].DistanceM(loc)
			if from >= 0 {
				dist -= float64(n) * b.p.Schools[from].DistanceM(loc)
			}
		}
	}
	before := b.figures(b.load, b.distSum, b.demand)
	ans := WhatIfAnswer{Level: string(b.lr.Level), Unit: u, UnitName: b.res.UnitName(u), Before: before, After: before,
		To: b.school(to, b.load, after)}
	_, ans.Locked = b.p.Locks[u]
	if from >= 0 {
		f := b.school(from, b.load, after)
		ans.From = &f
	}
	if from != to {
		ans.Moved = b.unitDemand[u]
		afterDemand := b.demand
		if from < 0 {
			afterDemand += b.unitDemand[u]
		}
		ans.After = b.figures(after, dist, afterDemand)
	}
	return ans, nil
}
