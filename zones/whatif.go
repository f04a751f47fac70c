package zones

// WhatIf answers "what if unit u went to zone z?" on a plan, without
// redrawing: each zone's load against its capacity and the entrants'
// distance to their zone's school (by Problem.Metric), before and after one unit moves. It is
// read-only once built and safe for concurrent use.
type WhatIf struct {
	p          *Problem
	plan       []int // unit → zone, -1 none
	unitDemand []int
	load       []int
	demand     int     // entrants in zoned units
	distSum    float64 // Σ entrants × distance to their zone's school, metres
	m          Metric  // the problem's metric
}

// NewWhatIf returns the what-if of a plan of p.
func NewWhatIf(p *Problem, plan *Plan) *WhatIf {
	w := &WhatIf{p: p, plan: plan.UnitSchool, unitDemand: p.UnitDemand(), load: plan.Load(p), m: p.metric()}
	for h, d := range p.Demand {
		if d == 0 {
			continue
		}
		if z := w.plan[p.Units.HomeUnit[h]]; z >= 0 {
			w.demand += d
			w.distSum += float64(d) * p.Schools[z].DistanceBy(w.m, p.Homes[h].Loc)
		}
	}
	return w
}

// Figures are a plan's zones as the what-if counts them: every entrant at
// the zone's school.
type Figures struct {
	Load     []int   // entrants per zone
	Demand   int     // entrants in zoned units
	DistSumM float64 // Σ entrants × distance to their zone's school, metres
}

// Fit returns the entrants their zones' capacities hold and those beyond.
func (w *WhatIf) Fit(f Figures) (fit, over int) {
	for z, l := range f.Load {
		c := w.p.Schools[z].Capacity
		fit += min(l, c)
		over += max(0, l-c)
	}
	return fit, over
}

// Capacity returns zone z's places.
func (w *WhatIf) Capacity(z int) int { return w.p.Schools[z].Capacity }

// Zone returns unit u's zone in the plan, -1 for none.
func (w *WhatIf) Zone(u int) int { return w.plan[u] }

// Entrants returns the entrants of unit u.
func (w *WhatIf) Entrants(u int) int { return w.unitDemand[u] }

// Locked reports whether a lock (a planner's pin) holds unit u.
func (w *WhatIf) Locked(u int) bool {
	_, ok := w.p.Locks[u]
	return ok
}

// Units returns the number of units.
func (w *WhatIf) Units() int { return len(w.plan) }

// Before returns the plan's figures.
func (w *WhatIf) Before() Figures {
	return Figures{Load: w.load, Demand: w.demand, DistSumM: w.distSum}
}

// Move returns the figures with unit u in zone to instead of its own.
func (w *WhatIf) Move(u, to int) Figures {
	from := w.plan[u]
	after := Figures{Load: append([]int(nil), w.load...), Demand: w.demand, DistSumM: w.distSum}
	if from == to {
		return after
	}
	d := w.unitDemand[u]
	if from >= 0 {
		after.Load[from] -= d
	} else {
		after.Demand += d
	}
	after.Load[to] += d
	for _, h := range w.p.Units.Units[u].Homes {
		n := w.p.Demand[h]
		if n == 0 {
			continue
		}
		loc := w.p.Homes[h].Loc
		after.DistSumM += float64(n) * w.p.Schools[to].DistanceBy(w.m, loc)
		if from >= 0 {
			after.DistSumM -= float64(n) * w.p.Schools[from].DistanceBy(w.m, loc)
		}
	}
	return after
}
