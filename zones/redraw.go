package zones

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// RedrawOptions configure Redraw.
type RedrawOptions struct {
	Objective Objective // default Balanced
	Weights   *Weights  // overrides the objective's weights when set
	Seed      uint64    // seeds the search order; the same seed gives the same plan
	KNearest  int       // schools priced first per unit in the flow (default 8)
	// MaxIters bounds each descent of the local search (unit visits); 0
	// means 200 per unit and at least 100,000.
	// The plan is deterministic for a seed whenever this bound, not the time
	// limit, ends the search.
	MaxIters  int
	TimeLimit time.Duration // 0 means no limit
	// AnnealIters bounds the simulated annealing that follows the descent
	// (unit visits): 0 means 100 per unit and at least 50,000, a negative
	// value none.
	AnnealIters int
}

// Stats describe how a redraw went.
type Stats struct {
	Iterations int  // unit visits of the local search
	Moves      int  // moves applied by the local search
	Repaired   int  // units reassigned to make zones contiguous
	Stopped    bool // the search was cut short by its limits
	Overflow   int  // entrants beyond capacity left in the plan
}

// annealStart is the annealing's starting temperature: half the mean
// weighted distance cost of a unit, so that early on a move costing a few
// hundred metres per entrant is often accepted and late in the schedule
// (a thousandth of it) almost never.
func annealStart(s *search) float64 {
	var t float64
	n := 0
	for u, j := range s.assign {
		if j >= 0 && s.c.dem[u] > 0 {
			t += s.w.Distance * s.c.dist(u, j)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return 0.5 * t / float64(n)
}

// Redraw draws one level's zones: every unit of the problem gets a school,
// each school's zone is connected in the unit graph (when its units can be),
// no zone holds more entrants than its school's intake where capacity allows,
// and the weighted cost of distance, moves against the zones in force and
// compactness is brought down by local search.
//
// The method: an exact transportation solution at unit level (min-cost flow)
// whose costs are the distance plus the objective's price of a child moved
// against the zones in force, rounded to the school that receives most of
// each unit's entrants; then locks and campuses pinned, contiguity repaired
// by handing cut-off pieces to a neighbouring zone, and a local search of
// single and paired border moves that keeps each zone connected (see
// OPTIMIZER-NOTES.md). With FewestMoves the flow moves the fewest children
// that capacity requires, and nobody when the zones in force fit.
func Redraw(ctx context.Context, p *Problem, opt RedrawOptions) (Plan, error) {
	if opt.Objective == "" {
		opt.Objective = Balanced
	}
	w := WeightsOf(opt.Objective)
	if opt.Weights != nil {
		w = *opt.Weights
	}
	if opt.KNearest <= 0 {
		opt.KNearest = 8
	}
	nu := len(p.Units.Units)
	plan := Plan{UnitSchool: make([]int, nu), Stats: &Stats{}}
	if len(p.Schools) == 0 {
		for u := range plan.UnitSchool {
			plan.UnitSchool[u] = -1
		}
		return plan, nil
	}
	c := newCosts(p)

	// Start: the exact transportation optimum at unit level, with the
	// objective's price of a moved child in the costs.
	start, err := flowStart(p, c, w, opt.KNearest)
	if err != nil {
		return Plan{}, err
	}
	copy(plan.UnitSchool, start)
	// Units without entrants take no part in the flow: they keep their
	// school in force; FillEmpty below extends the zones over the rest.
	if p.Current != nil {
		for u, j := range plan.UnitSchool {
			if j < 0 && c.dem[u] == 0 {
				plan.UnitSchool[u] = p.Current[u]
			}
		}
	}

	// Pins: the planner's locks, then each campus's own unit.
	locked := make([]bool, nu)
	for u, j := range p.Locks {
		if u < 0 || u >= nu || j < 0 || j >= len(p.Schools) {
			return Plan{}, fmt.Errorf("zones: lock of unit %d to school %d out of range (%d units, %d schools)", u, j, nu, len(p.Schools))
		}
		plan.UnitSchool[u] = j
		locked[u] = true
	}
	for j := range p.Schools {
		for _, site := range p.Schools[j].Sites() {
			u := p.Units.UnitAt(site.Loc)
			if u < 0 || locked[u] {
				continue
			}
			// A campus the zones in force give to another school is not
			// pinned: nothing moves for the pin's sake.
			if p.Current != nil && p.Current[u] >= 0 && p.Current[u] != j {
				continue
			}
			plan.UnitSchool[u] = j
			locked[u] = true
		}
	}
	plan.FillEmpty(p)
	s := newSearch(p, c, w, plan.UnitSchool, locked, opt.Seed)
	plan.Stats.Repaired = connectPins(p, plan.UnitSchool, locked)
	plan.Stats.Repaired += repairContiguity(p, c, plan.UnitSchool, locked, s.moveCost)
	s.recount()
	s.maxIters = opt.MaxIters
	if s.maxIters == 0 {
		s.maxIters = max(200*nu, 100_000)
	}
	if opt.TimeLimit > 0 {
		s.deadline = time.Now().Add(opt.TimeLimit)
	}
	done := s.descend(ctx)
	if done && s.overflow() > s.minOverflow {
		// Single and paired moves are stuck: push entrants along chains.
		s.repairOverflow(ctx, 5)
		done = s.descend(ctx)
	}
	if done && opt.AnnealIters >= 0 {
		iters := opt.AnnealIters
		if iters == 0 {
			iters = max(100*nu, 50_000)
		}
		if s.anneal(ctx, iters, annealStart(s)) {
			done = s.descend(ctx)
		}
	}
	for _, soft := range []float64{1, 3, 10, 30} {
		if !done || s.overflow() <= s.minOverflow || opt.AnnealIters < 0 {
			break
		}
		// Still over capacity: anneal with a soft price of overflow, then
		// push what is left along chains.
		if s.relieve(ctx, max(100*nu, 50_000), annealStart(s), soft) {
			done = s.descend(ctx)
		}
		if done && s.overflow() > s.minOverflow && s.repairOverflow(ctx, 6) {
			done = s.descend(ctx)
		}
	}
	plan.Stats.Stopped = !done
	plan.Stats.Overflow = s.overflow()
	plan.Stats.Iterations = s.iters
	plan.Stats.Moves = s.applied
	return plan, nil
}

// connectPins joins each pinned unit to the rest of its school's zone: when a
// school's locked units lie in several connected pieces, the units on a
// shortest path (fewest units, none locked to another school) from each
// outlying piece to the piece holding the school's first locked unit join
// the school. It returns the number of units reassigned.
func connectPins(p *Problem, assign []int, locked []bool) int {
	moved := 0
	for j := range p.Schools {
		var pins []int
		for u, a := range assign {
			if locked[u] && a == j {
				pins = append(pins, u)
			}
		}
		if len(pins) < 2 {
			continue
		}
		for _, target := range pins[1:] {
			// Breadth-first from the zone's piece holding pins[0].
			piece := componentOf(p, assign, pins[0])
			if piece[target] {
				continue
			}
			prev := make(map[int]int, len(piece))
			queue := make([]int, 0, len(piece))
			for u := range piece {
				prev[u] = -1
				queue = append(queue, u)
			}
			slices.Sort(queue)
			found := false
			for len(queue) > 0 && !found {
				x := queue[0]
				queue = queue[1:]
				for _, y := range p.Units.Adj[x] {
					if _, seen := prev[y]; seen || locked[y] && assign[y] != j {
						continue
					}
					prev[y] = x
					if y == target {
						found = true
						break
					}
					queue = append(queue, y)
				}
			}
			if !found {
				continue
			}
			for u := prev[target]; u >= 0 && !piece[u]; u = prev[u] {
				if assign[u] != j {
					assign[u] = j
					moved++
				}
			}
		}
	}
	return moved
}

// componentOf returns the connected piece of u's school's units holding u.
func componentOf(p *Problem, assign []int, u int) map[int]bool {
	j := assign[u]
	seen := map[int]bool{u: true}
	stack := []int{u}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, y := range p.Units.Adj[x] {
			if !seen[y] && assign[y] == j {
				seen[y] = true
				stack = append(stack, y)
			}
		}
	}
	return seen
}

// repairContiguity keeps, for each school, the connected piece of its units
// that holds a pinned unit (else the piece with most entrants, ties to the
// lowest unit) and hands the units of its other pieces, from the outside in,
// to the neighbouring zone where they cost least by cost(u, school). It
// returns the number of units reassigned.
func repairContiguity(p *Problem, c *costs, assign []int, locked []bool, cost func(u, j int) float64) int {
	nu := len(assign)
	comp := make([]int, nu)
	for u := range comp {
		comp[u] = -1
	}
	type piece struct {
		school, dem, first int
		pinned             bool
	}
	var pieces []piece
	for u := range assign {
		if assign[u] < 0 || comp[u] >= 0 {
			continue
		}
		id := len(pieces)
		pc := piece{school: assign[u], first: u}
		stack := []int{u}
		comp[u] = id
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			pc.dem += c.dem[x]
			pc.pinned = pc.pinned || locked[x]
			for _, y := range p.Units.Adj[x] {
				if comp[y] < 0 && assign[y] == assign[u] {
					comp[y] = id
					stack = append(stack, y)
				}
			}
		}
		pieces = append(pieces, pc)
	}
	keep := make([]int, len(p.Schools))
	for j := range keep {
		keep[j] = -1
	}
	better := func(a, b piece) bool {
		if a.pinned != b.pinned {
			return a.pinned
		}
		if a.dem != b.dem {
			return a.dem > b.dem
		}
		return a.first < b.first
	}
	for id, pc := range pieces {
		if k := keep[pc.school]; k < 0 || better(pc, pieces[k]) {
			keep[pc.school] = id
		}
	}
	good := make([]bool, nu)
	var orphans []int
	for u := range assign {
		if assign[u] >= 0 && (keep[assign[u]] == comp[u] || locked[u]) {
			good[u] = true // a locked unit stays, joined or not
		} else if assign[u] >= 0 {
			orphans = append(orphans, u)
		}
	}
	repaired := 0
	for len(orphans) > 0 {
		var rest []int
		progress := false
		for _, u := range orphans {
			best, bestCost := -1, 0.0
			for _, v := range p.Units.Adj[u] {
				if !good[v] {
					continue
				}
				k := assign[v]
				x := cost(u, k)
				if best < 0 || x < bestCost || x == bestCost && k < best {
					best, bestCost = k, x
				}
			}
			if best < 0 {
				rest = append(rest, u)
				continue
			}
			if assign[u] != best {
				repaired++
			}
			assign[u] = best
			good[u] = true
			progress = true
		}
		if !progress {
			break // pieces out of reach of any kept zone keep their school
		}
		orphans = rest
	}
	return repaired
}
