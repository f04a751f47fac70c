package zones

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/hutubi-edu/zoning/geo"
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
	// Log, when not nil, receives the search's stages at debug level: each
	// start's cost and overflow, and the plan it ends with.
	Log *slog.Logger
}

// Stats describe how a redraw went.
type Stats struct {
	Iterations int  // unit visits of the local search
	Moves      int  // moves applied by the local search
	Repaired   int  // units reassigned to make zones contiguous
	Stopped    bool // the search was cut short by its limits
	Overflow   int  // entrants beyond capacity left in the plan
	// Conflicts explain an overflow beyond what the schools' capacity
	// together falls short of: for each school still over capacity, its
	// border units and the room its neighbours have. Nil when the overflow
	// is only that shortfall (or none).
	Conflicts []Conflict
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
// The method (see docs/optimizer.md): several starts, each made connected
// and then improved by a local search of single and paired border moves and
// ejection chains that keeps every zone connected; the best of them by
// overflow, then cost, is annealed. The starts are
//
//   - the transportation optimum at unit level (min-cost flow, with the
//     objective's price of a moved child in the costs) turned into zones
//     that are connected by construction: every zone grows from its campus
//     and pins, best first by cost less the optimum's dual price of its
//     school, while its school has room;
//   - the nearest-school plan with greedy capacity repair (NearestPlan), the
//     naive plan the redraw must never be worse than;
//   - the zones in force, when there are some.
//
// Locks and campuses are pinned. With FewestMoves nobody moves when the zones
// in force fit.
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

	// Pins: the planner's locks, then each campus's own unit.
	locked := make([]bool, nu)
	seeds := make([]int, nu)
	for u := range seeds {
		seeds[u] = -1
	}
	for u, j := range p.Locks {
		if u < 0 || u >= nu || j < 0 || j >= len(p.Schools) {
			return Plan{}, fmt.Errorf("zones: lock of unit %d to school %d out of range (%d units, %d schools)", u, j, nu, len(p.Schools))
		}
		seeds[u] = j
		locked[u] = true
	}
	for u, j := range p.PinnedCampuses() {
		seeds[u] = j
		locked[u] = true
	}

	// The starts.
	_, duals, lpMean, err := flowStart(p, c, w, opt.KNearest)
	if err != nil {
		return Plan{}, err
	}
	r := &redraw{p: p, c: c, w: w, opt: opt, seeds: seeds, locked: locked, lam: softCapacityPrice(duals)}
	if opt.TimeLimit > 0 {
		r.deadline = time.Now().Add(opt.TimeLimit)
	}
	var starts [][]int
	starts = append(starts, r.grown(duals, false))
	if nu <= oneGrowthUnits {
		// Grown again without the capacity check: on a small or middling
		// county the two often end in different packings.
		starts = append(starts, r.grown(duals, true))
	}
	// The nearest-school plan: a start (improve changes its start, so a
	// copy), and the plan the answer must not be worse than (below).
	nearest := NearestPlan(p, 16)
	starts = append(starts, slices.Clone(nearest))
	if p.Current != nil {
		starts = append(starts, slices.Clone(p.Current))
	}
	var best *search
	for k, start := range starts {
		if best != nil && ctx.Err() != nil {
			break // cut short: the first start, made connected, will do
		}
		s := r.improve(ctx, start, opt.Seed, k)
		if best == nil || s.better(best) {
			best = s
		}
	}
	// Where capacity binds and the best plan is still more than 1% above the
	// unit-level optimum (whole units pack differently from one start to
	// the next), start again, as often as the problem is small
	// (deterministically, for the seed): from the optimum's zones grown with
	// its prices shaken, and from the best plan with a few neighbouring
	// zones dissolved and grown again.
	lpTotal := lpMean * float64(sum(c.dem))
	if r.lam > 0 && best.done && opt.AnnealIters >= 0 && best.assignCost() > restartAbove*lpTotal {
		rng := rand.New(rand.NewPCG(opt.Seed, 0x6e57a27))
		for k := range min(maxRestarts, restartUnits/max(1, nu)) {
			if ctx.Err() != nil || !best.done {
				break
			}
			v := slices.Clone(duals)
			for j := range v {
				v[j] += (rng.Float64() - 0.5) * 0.5 * r.lam
			}
			var start []int
			if k%2 == 0 {
				start = r.grown(v, k%4 == 2)
			} else {
				start = r.regrown(best, v, rng)
			}
			s := r.improve(ctx, start, opt.Seed+uint64(k)+1, -1)
			if s.better(best) {
				best = s
				best.trace(fmt.Sprintf("restart %d", k+1), -1)
			}
		}
	}
	s := best
	done := s.done
	plan.UnitSchool = s.assign
	plan.Stats.Repaired = s.repaired
	if done && opt.AnnealIters >= 0 {
		iters := opt.AnnealIters
		if iters == 0 {
			iters = max(100*nu, 50_000)
		}
		if s.anneal(ctx, iters, annealStart(s)) {
			s.done = s.descend(ctx)
			s.polish(ctx)
			done = s.done
		}
	}
	if lam := r.lam; done && lam > 0 && opt.AnnealIters >= 0 && s.assignCost() > restartAbove*lpTotal {
		// Capacity binds, and the plan is still more than 1% above the
		// unit-level optimum: anneal with seats priced near its dual price, so that the search may pass through plans a few entrants
		// over capacity on its way between packings of whole units, and
		// keep the best plan within capacity.
		iters := opt.AnnealIters
		if iters == 0 {
			iters = max(100*nu, 50_000)
		}
		for _, f := range []float64{1, 0.5, 2} {
			bestAssign, bestOv, bestCost := slices.Clone(s.assign), s.overflow(), s.total()
			hard := s.w.Overflow
			s.w.Overflow = f * lam
			s.anneal(ctx, 2*iters, annealStart(s)/4)
			s.w.Overflow = hard
			s.done = s.descend(ctx)
			s.polish(ctx)
			s.trace(fmt.Sprintf("soft capacity %.0f m", f*lam), -1)
			if ov, c := s.overflow(), s.total(); ov > bestOv || ov == bestOv && c >= bestCost {
				copy(s.assign, bestAssign)
				s.recount()
			}
			if !s.done {
				break
			}
		}
		done = s.done
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
		s.lastChains = true
		if done && s.overflow() > s.minOverflow && s.repairOverflow(ctx, 6) {
			done = s.descend(ctx)
		}
		s.lastChains = false
	}
	s.trace("final", -1)
	// Never worse than the nearest-school plan: where that plan, as it is,
	// has connected zones holding every lock and is better, it is the
	// answer (the search started from it, so this guards the guarantee
	// rather than the common case).
	if !slices.Contains(nearest, -1) {
		n := newSearch(p, c, w, nearest, locked, opt.Seed)
		if n.keeps(r.seeds) && !slices.Contains((&Plan{UnitSchool: nearest}).Contiguous(p), false) && n.better(s) {
			n.trace("nearest-school plan kept", -1)
			s = n
			plan.UnitSchool = n.assign
		}
	}
	plan.Stats.Stopped = !done
	plan.Stats.Overflow = s.overflow()
	plan.Stats.Iterations = s.iters
	plan.Stats.Moves = s.applied
	if plan.Stats.Overflow > s.minOverflow {
		plan.Stats.Conflicts = s.conflicts()
	}
	if moved, _ := plan.Unkept(p); len(moved) > 0 {
		return Plan{}, fmt.Errorf("zones: the redraw moved %d locked units (the first: unit %d)", len(moved), moved[0])
	}
	return plan, nil
}

// softCapacityPrice is the highest dual price of a seat, metres per
// entrant: what the optimum would pay for one more seat anywhere.
func softCapacityPrice(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, -x)
	}
	return m
}

// settle brings an over-full plan within capacity by a penalty method:
// descents with a seat priced at a quarter of lam (metres per entrant), then
// half, and so on, doubling until no entrant is beyond capacity who need not
// be, so that the overflow goes where it costs least rather than by the
// first move that removes it.
func (s *search) settle(ctx context.Context, lam float64) {
	if lam <= 0 || s.overflow() <= s.minOverflow {
		return
	}
	hard := s.w.Overflow
	defer func() { s.w.Overflow = hard }()
	for f := 0.25; f*lam < hard && s.overflow() > s.minOverflow; f *= 2 {
		s.w.Overflow = f * lam
		if s.done = s.descend(ctx); !s.done {
			return
		}
	}
}

// polish alternates improving chains and descents until neither improves
// the plan, while the last descent ended at a local optimum, the chains
// trying at most improveCallNodes links a unit in all.
func (s *search) polish(ctx context.Context) {
	budget := max(improveCallNodes*len(s.assign), minPolishNodes)
	for s.done && budget > 0 {
		improved, stopped := s.improveChains(ctx, &budget)
		if stopped {
			s.done = false
			return
		}
		if !improved {
			return
		}
		s.done = s.descend(ctx)
	}
}

// Restarts where capacity binds: at most maxRestarts, and restartUnits
// divided by the units. A problem of more than oneGrowthUnits units starts
// from the optimum grown once (with capacity), not twice.
const (
	oneGrowthUnits = 20_000
	maxRestarts    = 40
	restartUnits   = 20_000
	restartAbove   = 1.01
)

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// redraw is what Redraw's starts share.
type redraw struct {
	p        *Problem
	c        *costs
	w        Weights
	opt      RedrawOptions
	seeds    []int  // the school each locked unit keeps, −1 elsewhere
	locked   []bool // pins and campuses
	lam      float64
	deadline time.Time
}

// grown returns the zones grown from the seeds with dual prices v (see
// search.grow).
func (r *redraw) grown(v []float64, free bool) []int {
	s := newSearch(r.p, r.c, r.w, slices.Clone(r.seeds), r.locked, r.opt.Seed)
	connectPins(r.p, s.assign, r.locked)
	s.seedSchools()
	s.grow(s.assign, v, free)
	return s.assign
}

// regrown returns the best plan with the zones of a school drawn at random
// and of about half its neighbours dissolved, and grown again from their
// campuses and pins with prices v (a large neighbourhood of the plan, where
// whole units may pack another way).
func (r *redraw) regrown(best *search, v []float64, rng *rand.Rand) []int {
	j := rng.IntN(len(r.p.Schools))
	dissolve := map[int]bool{j: true}
	for _, u := range best.member[j] {
		for _, x := range r.p.Units.Adj[u] {
			if k := best.assign[x]; k >= 0 && k != j && rng.IntN(2) == 0 {
				dissolve[k] = true
			}
		}
	}
	start := slices.Clone(best.assign)
	for u, k := range start {
		if dissolve[k] && r.seeds[u] < 0 {
			start[u] = -1
		}
	}
	s := newSearch(r.p, r.c, r.w, start, r.locked, r.opt.Seed)
	s.grow(s.assign, v, rng.IntN(2) == 0)
	return s.assign
}

// improve makes a start a plan of connected zones holding the locks, and
// improves it: settled within capacity, descended, overflow pushed along
// chains, polished by improving chains. k names the start in the trace
// (−1: none).
func (r *redraw) improve(ctx context.Context, start []int, seed uint64, k int) *search {
	p, nu := r.p, len(r.p.Units.Units)
	for u, j := range r.seeds {
		if j >= 0 {
			start[u] = j
		}
	}
	cand := Plan{UnitSchool: start}
	cand.FillEmpty(p)
	cand.fillIslands(p)
	s := newSearch(p, r.c, r.w, start, r.locked, seed)
	s.log = r.opt.Log
	repaired := connectPins(p, s.assign, r.locked)
	repaired += repairContiguity(p, r.c, s.assign, r.locked, s.moveCost)
	s.recount()
	s.maxIters = r.opt.MaxIters
	if s.maxIters == 0 {
		s.maxIters = max(200*nu, 100_000)
	}
	s.deadline = r.deadline
	if k >= 0 {
		s.trace("start", k)
	}
	s.done = true
	s.settle(ctx, r.lam)
	s.done = s.descend(ctx)
	if s.done && s.overflow() > s.minOverflow {
		// Single and paired moves are stuck: push entrants along chains.
		s.repairOverflow(ctx, 5)
		s.done = s.descend(ctx)
	}
	s.polish(ctx)
	s.repaired = repaired
	if k >= 0 {
		s.trace("descended", k)
	}
	return s
}

// seedSchools gives each school without a unit the free unit at (or, outside
// the units, nearest to, by Problem.Metric) its location, so that every school's zone can grow.
func (s *search) seedSchools() {
	has := make([]bool, len(s.p.Schools))
	for _, j := range s.assign {
		if j >= 0 {
			has[j] = true
		}
	}
	for j := range s.p.Schools {
		if has[j] {
			continue
		}
		loc := s.p.Schools[j].Loc
		u := s.p.Units.UnitAt(loc)
		if u < 0 || s.assign[u] >= 0 {
			u = -1
			bestD := 0.0
			for x := range s.p.Units.Units {
				if s.assign[x] >= 0 {
					continue
				}
				d := geo.Distance(s.p.Units.Units[x].Center, loc)
				if s.p.routed() {
					d = s.p.Schools[j].DistanceBy(s.c.m, s.p.Units.Units[x].Center)
				}
				if u < 0 || d < bestD {
					u, bestD = x, d
				}
			}
		}
		if u >= 0 {
			s.assign[u] = j
		}
	}
}

// better reports whether the search's plan is better than other's: fewer
// locked units apart from their zones, then less overflow, then lower cost.
func (s *search) better(other *search) bool {
	if a, b := s.apartLocks(), other.apartLocks(); a != b {
		return a < b
	}
	if a, b := s.overflow(), other.overflow(); a != b {
		return a < b
	}
	return s.total() < other.total()-1e-6
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
