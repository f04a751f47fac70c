package zones

// The price of concentration (the Equity objective, docs/optimizer.md).
//
// For each group g of Problem.Migrants (the engine's groups: migrants with a
// residence permit, the other migrants) and each school j, the excess
//
//	e_gj = m_gj − s_g·L_j
//
// is the group's entrants in j's zone, m_gj, less what the zone would hold
// at the level's share s_g = M_g / N (the group's entrants over all
// entrants of the problem; L_j the zone's entrants). The plan pays
//
//	Weights.Concentration × Σ_g Σ_j e_gj²
//
// metres. The excess is what Duncan's dissimilarity index sums: for a group
// of M among N entrants, D = N / (2·M·(N−M)) · Σ_j |e_j| over the zones, so
// that the quadratic price is a smooth stand-in for D that also weighs a
// large excess more than several small ones. A school's e-th excess entrant
// costs about 2·w·e metres: at w = 10, the 10th migrant entrant beyond the
// share costs 200 m of someone's trip.

// DefaultConcentration is the Equity objective's Weights.Concentration,
// metres per entrant squared (the engine's zoning.equity_weight default).
const DefaultConcentration = 10.0

// equity is the search's bookkeeping of the price of concentration: each
// group's entrants per unit and per school. Its zero value prices nothing
// (no groups, or Weights.Concentration 0).
type equity struct {
	w     float64     // Weights.Concentration
	share []float64   // share[g]: the level's share of group g among entrants
	unit  [][]float64 // unit[g][u]: entrants of group g in unit u, less share[g] × the unit's entrants
	count [][]float64 // count[g][j]: the excess e_gj of school j's zone
}

// recount sets the bookkeeping from the search's assignment and loads.
func (e *equity) recount(s *search) {
	if s.w.Concentration == 0 || len(s.p.Migrants) == 0 {
		*e = equity{}
		return
	}
	if e.unit == nil || e.w != s.w.Concentration {
		e.init(s.p, s.c.dem, s.w.Concentration)
	}
	for g := range e.count {
		clear(e.count[g])
		for u, j := range s.assign {
			if j >= 0 {
				e.count[g][j] += e.unit[g][u]
			}
		}
	}
}

// init computes each group's share and each unit's excess over it.
func (e *equity) init(p *Problem, dem []int, w float64) {
	total := 0
	for _, d := range dem {
		total += d
	}
	ng := len(p.Migrants)
	*e = equity{w: w, share: make([]float64, ng), unit: make([][]float64, ng), count: make([][]float64, ng)}
	for g, byHome := range p.Migrants {
		n := make([]int, len(dem))
		m := 0
		for h, k := range byHome {
			if k != 0 {
				n[p.Units.HomeUnit[h]] += k
				m += k
			}
		}
		if total > 0 {
			e.share[g] = float64(m) / float64(total)
		}
		e.unit[g] = make([]float64, len(dem))
		for u := range dem {
			e.unit[g][u] = float64(n[u]) - e.share[g]*float64(dem[u])
		}
		e.count[g] = make([]float64, len(p.Schools))
	}
}

// delta is the change of price when unit u moves from school a to school k:
// for each group, with x the unit's excess, w·((e_a−x)² − e_a² + (e_k+x)² −
// e_k²) = 2·w·x·(x + e_k − e_a).
func (e *equity) delta(_ *search, u, a, k int) float64 {
	if e.w == 0 || a == k {
		return 0
	}
	var d float64
	for g := range e.unit {
		x := e.unit[g][u]
		if x == 0 {
			continue
		}
		var ea, ek float64
		if a >= 0 {
			ea = e.count[g][a]
		}
		if k >= 0 {
			ek = e.count[g][k]
		}
		d += 2 * x * (x + ek - ea)
	}
	return e.w * d
}

// move records unit u's move from school a to school k.
func (e *equity) move(u, a, k int) {
	if e.w == 0 {
		return
	}
	for g := range e.unit {
		x := e.unit[g][u]
		if a >= 0 {
			e.count[g][a] -= x
		}
		if k >= 0 {
			e.count[g][k] += x
		}
	}
}

// cost is the plan's price of concentration, metres.
func (e *equity) cost(_ *search) float64 {
	if e.w == 0 {
		return 0
	}
	var t float64
	for g := range e.count {
		for _, x := range e.count[g] {
			t += x * x
		}
	}
	return e.w * t
}

// ConcentrationCost returns a plan's price of concentration in metres
// under weight w (Weights.Concentration), computed afresh from the
// definition: w × Σ_g Σ_j (m_gj − s_g·L_j)² over the groups of
// p.Migrants and the schools' zones. 0 without groups.
func ConcentrationCost(p *Problem, pl *Plan, w float64) float64 {
	if w == 0 || len(p.Migrants) == 0 {
		return 0
	}
	dem := p.UnitDemand()
	total := 0
	for _, d := range dem {
		total += d
	}
	if total == 0 {
		return 0
	}
	load := pl.Load(p)
	var t float64
	for _, byHome := range p.Migrants {
		m := make([]int, len(p.Schools))
		all := 0
		for h, k := range byHome {
			all += k
			if j := pl.UnitSchool[p.Units.HomeUnit[h]]; j >= 0 {
				m[j] += k
			}
		}
		share := float64(all) / float64(total)
		for j := range m {
			x := float64(m[j]) - share*float64(load[j])
			t += x * x
		}
	}
	return w * t
}
