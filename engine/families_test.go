package engine_test

import (
	"bytes"
	"cmp"
	"container/heap"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/zones"
	"github.com/hutubi-edu/zoning/zones/flow"
)

// The redraw's properties on counties unlike the default: the families of
// data/county (a plains county seat with compounds, 附 numbers and
// villages; the same with a magnet school and 2% spare places; with the
// junior intake 5% short; an urban district of 街道 and 城中村; a sparse
// mountain county), three seeds of each, each seed written in another
// province's address style.
//
// For every county and level TestFamilies runs `zoning run` with the default
// configuration (its time limit lifted: see familyConfig) and, on the same
// units, the baseline (zones.NearestPlan: the nearest school, then greedy
// capacity repair) through engine.Run, and checks from the files the run
// writes, recounted by the test itself:
//
//   - every zone one polygon: contiguous_zones = zones, both counted from
//     zones.geojson;
//   - capacity: no school seats more entrants, zoned or not, than its
//     intake, and, where the level's public intake covers its entrants, no
//     zone holds more entrants than its school's intake (homes located in
//     the zones by point in polygon);
//   - a zoned share (recounted by point in polygon) no lower than the
//     baseline's;
//   - where the intake covers the entrants: a lower bound (recomputed by the
//     test: the transportation optimum of the entrants' homes into the public
//     schools' intakes) that agrees with metrics.json, and a mean distance at
//     most 3% above it; should a county miss 3%, the gap to the best
//     assignment of whole units (units are never split; the bound splits
//     households) must be within 3%, and both figures are logged
//     (ZONING_TEST_WHOLE_UNITS=1 computes and logs that bound everywhere);
//   - where it does not (the short family's junior level): a null lower
//     bound, and zoned entrants short of what the zones' schools can seat,
//     min(public intake, entrants), by at most 1% of the entrants.
//
// The first seed of each family is also checked against every docs/dataset-format.md
// rule of the outputs (checkOutputs), and redrawn again with its own zones
// as the zones in force and the objective moves (the stability subtest):
// the same zones, to the coordinate, and nobody moved.
//
// Sizes: the families' default 12,000 children (plains, tight, short),
// 6,000 (mountain), and an urban district of 20,000 children and 30
// campuses; the full-size district (200,000 children, 150 campuses) and the
// 1M one are BenchmarkFamilies'. Without -race the test takes about a minute
// on 2 cores, the tight family most of it (its redraw restarts up to 40
// times where whole compounds pack badly). Under the race detector, which
// slows the search about five times, only the first seed of each family
// runs (a minute or two).

// familySpecs are the counties of TestFamilies.
var familySpecs = []county.Spec{
	{Family: county.Plains, Seed: 1, Style: county.Henan},
	{Family: county.Plains, Seed: 2, Style: county.Beijing},
	{Family: county.Plains, Seed: 3, Style: county.Dongbei},
	{Family: county.Tight, Seed: 1, Style: county.Henan},
	{Family: county.Tight, Seed: 2, Style: county.Shanghai},
	{Family: county.Tight, Seed: 3, Style: county.Xinjiang},
	{Family: county.Short, Seed: 1, Style: county.Henan},
	{Family: county.Short, Seed: 2, Style: county.Sichuan},
	{Family: county.Short, Seed: 3, Style: county.Beijing},
	{Family: county.Urban, Seed: 1, Style: county.Guangdong, Children: 20_000, Campuses: 30},
	{Family: county.Urban, Seed: 2, Style: county.Shanghai, Children: 20_000, Campuses: 30},
	{Family: county.Urban, Seed: 3, Style: county.Beijing, Children: 20_000, Campuses: 30},
	{Family: county.Mountain, Seed: 1, Style: county.Sichuan},
	{Family: county.Mountain, Seed: 2, Style: county.Xinjiang},
	{Family: county.Mountain, Seed: 3, Style: county.Dongbei},
}

// maxGap is the largest gap to the lower bound the redraw may leave at a
// level whose intake covers its entrants.
const maxGap = 0.03

// familyConfig is the configuration of the runs: the default, but for the
// time limit, lifted so that the search ends by its iteration bounds and the
// plan is the same for the seed on any machine, loaded or not, under the
// race detector too (which slows the search five times: the 10 s limit would
// cut it short there and the figures would depend on the machine's load).
//
// The distances are straight: the test's oracles (the lower bound, the
// whole-unit bound) measure great-circle distances. TestFamiliesRoutes
// runs the same counties on their roads.
func familyConfig() config.Config {
	cfg := config.Default()
	cfg.Zoning.TimeLimitS = 0
	cfg.Zoning.Distance = "straight"
	return cfg
}

// nearestRedraw is the baseline as an engine.Redrawer: the nearest school of
// each unit, then greedy capacity repair over the 16 nearest.
func nearestRedraw(_ context.Context, p *zones.Problem) (zones.Plan, error) {
	return zones.Plan{UnitSchool: zones.NearestPlan(p, 16)}, nil
}

func TestFamilies(t *testing.T) {
	if testing.Short() {
		t.Skip("fifteen county-sized runs and their baselines")
	}
	for _, spec := range familySpecs {
		t.Run(fmt.Sprintf("%s/seed%d-%s", spec.Family, spec.Seed, spec.Style), func(t *testing.T) {
			if raceDetector && spec.Seed != familySpecs[0].Seed {
				t.Skip("under the race detector, the first seed of each family only (the search is five times slower there); go test without -race runs every seed")
			}
			ds, res, files := checkFamily(t, spec)
			if spec.Seed == familySpecs[0].Seed && res != nil {
				t.Run("stability", func(t *testing.T) { checkStable(t, ds, res, files) })
			}
		})
	}
}

// checkFamily generates a county, runs the redraw and the baseline on it,
// checks the properties and logs the figures. It returns the county and the
// redraw's result and files.
func checkFamily(t *testing.T, spec county.Spec) (*dataset.Dataset, *engine.Result, map[string][]byte) {
	ds, _, err := county.Generate(spec)
	if err != nil {
		t.Fatal(err)
	}
	cfg := familyConfig()
	t0 := time.Now()
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := res.OutputFiles()
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(t0)
	base, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: cfg, Redraw: nearestRedraw})
	if err != nil {
		t.Fatal(err)
	}
	baseFiles, err := base.Files()
	if err != nil {
		t.Fatal(err)
	}
	if spec.Seed == familySpecs[0].Seed {
		checkOutputs(t, ds, res.Year, files)
	}

	out := readRun(t, ds, files)
	bout := readRun(t, ds, baseFiles)
	t.Logf("%d households, %d children, %d campuses, %d units; redraw and outputs %.1f s", len(ds.Households),
		len(ds.Children), len(ds.Schools), len(res.Units.Units), took.Seconds())
	for _, l := range dataset.Levels {
		lo, bo := out.levels[l], bout.levels[l]
		if lo == nil || bo == nil {
			t.Fatalf("%s: no entrants in the outputs", l)
		}
		checkLevel(t, ds, res, l, lo, bo)
	}
	return ds, res, files
}

// checkLevel checks one level of a county against its baseline.
func checkLevel(t *testing.T, ds *dataset.Dataset, res *engine.Result, l dataset.Level, lo, bo *levelOut) {
	t.Helper()
	lm := lo.metrics
	// Contiguity, counted on zones.geojson.
	if lo.contiguous != lo.zones || lm.Contiguous != lo.contiguous || lm.Zones != lo.zones {
		t.Errorf("%s: %d of %d zones in one polygon (metrics.json: %d of %d)", l, lo.contiguous, lo.zones, lm.Contiguous, lm.Zones)
	}
	// Capacity.
	covered := lo.publicIntake >= lo.entrants
	for id, n := range lo.placed {
		if n > lo.intake[id] {
			t.Errorf("%s %s: %d entrants placed, intake %d", l, id, n, lo.intake[id])
		}
		if z := lo.zonedAt[id]; z > n {
			t.Errorf("%s %s: %d zoned of %d placed", l, id, z, n)
		}
	}
	if covered {
		for id, n := range lo.demand {
			if n > lo.intake[id] {
				t.Errorf("%s %s: its zone holds %d entrants, intake %d", l, id, n, lo.intake[id])
			}
		}
	}
	// The zoned share: recounted, as metrics.json says, not below the
	// baseline's.
	if lm.ZonedRatio == nil || math.Abs(*lm.ZonedRatio-float64(lo.zoned)/float64(lo.entrants)) > 1e-9 {
		t.Errorf("%s: zoned_ratio %v, recounted %d of %d", l, lm.ZonedRatio, lo.zoned, lo.entrants)
	}
	if lo.zoned < bo.zoned {
		t.Errorf("%s: %d entrants zoned, the baseline zones %d", l, lo.zoned, bo.zoned)
	}
	// The mean distance, recomputed, and the lower bound, recomputed.
	mean := lo.sumDist / float64(max(1, lo.seated))
	if lm.Mean == nil || math.Abs(*lm.Mean-mean) > 0.01 {
		t.Errorf("%s: mean_distance_m %v, recomputed %.3f", l, lm.Mean, mean)
	}
	bmean := bo.sumDist / float64(max(1, bo.seated))
	lb := lowerBound(t, ds, lo)
	figures := fmt.Sprintf("%s: %d entrants, public intake %d; zoned %.2f%% (baseline %.2f%%); zones %d/%d contiguous (baseline %d/%d); mean %.1f m (baseline %.1f m)",
		l, lo.entrants, lo.publicIntake, 100*float64(lo.zoned)/float64(lo.entrants), 100*float64(bo.zoned)/float64(bo.entrants),
		lo.contiguous, lo.zones, bo.contiguous, bo.zones, mean, bmean)
	if res.Level(l).RedrawStopped() {
		figures += "; the redraw's time limit cut its search short"
	}
	if !covered {
		// The lower bound is null, and the zones seat what the public
		// intake allows.
		if lb != nil || lm.Lower != nil {
			t.Errorf("%s: intake %d short of %d entrants, yet a lower bound (metrics %v, recomputed %v)", l, lo.publicIntake, lo.entrants, lm.Lower, lb)
		}
		most := min(lo.publicIntake, lo.entrants)
		t.Logf("%s; no lower bound (intake short); zoned %d of the %d the intake can seat", figures, lo.zoned, most)
		if float64(lo.zoned) < float64(most)-0.01*float64(lo.entrants) {
			t.Errorf("%s: %d entrants zoned, the public intake seats %d", l, lo.zoned, most)
		}
		return
	}
	if lb == nil || lm.Lower == nil || math.Abs(*lb-*lm.Lower) > 0.01 {
		t.Fatalf("%s: lower_bound_mean_distance_m %v, recomputed %v", l, lm.Lower, lb)
	}
	gap, bgap := mean / *lb - 1, bmean / *lb - 1
	figures += fmt.Sprintf("; lower bound %.1f m; gap %.2f%% (baseline %.2f%%)", *lb, 100*gap, 100*bgap)
	if gap <= maxGap && os.Getenv("ZONING_TEST_WHOLE_UNITS") != "1" {
		t.Log(figures)
		return
	}
	// Over 3% (or asked for): is it the whole units? The best plan of whole
	// units, without contiguity, bounds what any redraw can reach.
	wb := wholeUnitBound(t, ds, res, lo, mean)
	wgap := mean/wb.bound - 1
	figures += fmt.Sprintf("; whole-unit bound %.1f m (unit-level optimum %.1f m, %s after %d LP solves): gap %.2f%%",
		wb.bound, wb.root, wb.status(), wb.solves, 100*wgap)
	t.Log(figures)
	if gap > maxGap && wgap > maxGap {
		t.Errorf("%s: gap %.2f%% to the lower bound and %.2f%% to the best plan of whole units, want at most %.0f%%", l, 100*gap, 100*wgap, 100*maxGap)
	}
}

// levelOut is what a run's files say about one level, counted by the test.
type levelOut struct {
	entrants, seated  int
	zones, contiguous int            // zones (a multi-school zone once), and those of one polygon
	zoned             int            // entrants seated at a school whose zone polygon holds their home
	placed, zonedAt   map[string]int // per school: entrants seated, of them zoned
	demand            map[string]int // per school: entrants whose home its zone polygon holds
	intake            map[string]int // per school section: intake_capacity of metrics.json
	publicIntake      int            // of the public sections
	sumDist           float64        // great-circle distances of the seated entrants, by the test's haversine
	homeDemand        map[int]int    // entrants per household (index into ds.Households)
	features          []orb.MultiPolygon
	featureSchool     []string
	metrics           levelMetricsOut // metrics.json's figures of the level
}

type levelMetricsOut struct {
	Entrants   int      `json:"entrants"`
	ZonedRatio *float64 `json:"zoned_ratio"`
	Mean       *float64 `json:"mean_distance_m"`
	Lower      *float64 `json:"lower_bound_mean_distance_m"`
	Contiguous int      `json:"contiguous_zones"`
	Zones      int      `json:"zones"`
	Moved      *int     `json:"moved_entrants"`
	MovedHH    *int     `json:"moved_households"`
}

type runOut struct {
	levels map[dataset.Level]*levelOut
}

// readRun reads zones.geojson, assignments.csv and metrics.json back and
// counts what the checks need, by point in polygon (planar, as docs/dataset-format.md
// counts zoned).
func readRun(t *testing.T, ds *dataset.Dataset, files map[string][]byte) *runOut {
	t.Helper()
	var m struct {
		Levels  map[string]levelMetricsOut `json:"levels"`
		Schools []struct {
			SchoolID string `json:"school_id"`
			Level    string `json:"level"`
			Intake   int    `json:"intake_capacity"`
		} `json:"schools"`
	}
	if err := json.Unmarshal(files[engine.MetricsFile], &m); err != nil {
		t.Fatal(err)
	}
	out := &runOut{levels: map[dataset.Level]*levelOut{}}
	for _, l := range dataset.Levels {
		lm, ok := m.Levels[string(l)]
		if !ok {
			continue
		}
		out.levels[l] = &levelOut{metrics: lm, placed: map[string]int{}, zonedAt: map[string]int{}, demand: map[string]int{},
			intake: map[string]int{}, homeDemand: map[int]int{}}
	}
	for _, s := range m.Schools {
		lo := out.levels[dataset.Level(s.Level)]
		if lo == nil {
			t.Fatalf("metrics.json: school %s of level %q", s.SchoolID, s.Level)
		}
		lo.intake[s.SchoolID] = s.Intake
		if sc := ds.School(s.SchoolID); sc != nil && sc.Public {
			lo.publicIntake += s.Intake
		}
	}
	fc, err := geojson.UnmarshalFeatureCollection(files[engine.ZonesFile])
	if err != nil {
		t.Fatal(err)
	}
	shared := map[string]bool{}
	for _, f := range fc.Features {
		lo := out.levels[dataset.Level(f.Properties.MustString("level", ""))]
		if lo == nil {
			t.Fatalf("zones.geojson: level %v", f.Properties["level"])
		}
		var g orb.MultiPolygon
		switch v := f.Geometry.(type) {
		case orb.Polygon:
			g = orb.MultiPolygon{v}
		case orb.MultiPolygon:
			g = v
		default:
			t.Fatalf("zones.geojson: geometry %T", f.Geometry)
		}
		lo.features = append(lo.features, g)
		lo.featureSchool = append(lo.featureSchool, f.Properties.MustString("school_id", ""))
		if id := f.Properties.MustString("zone_id", ""); id != "" {
			key := f.Properties.MustString("level", "") + "\x00" + id
			if shared[key] {
				continue
			}
			shared[key] = true
		}
		lo.zones++
		if len(g) == 1 {
			lo.contiguous++
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(files[engine.AssignmentsFile])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		hid, level, school := r[1], dataset.Level(r[2]), r[3]
		lo := out.levels[level]
		h := ds.HouseholdIndex(hid)
		if lo == nil || h < 0 {
			t.Fatalf("assignments.csv: row %v", r)
		}
		lo.entrants++
		lo.homeDemand[h]++
		loc := ds.Households[h].Loc
		in := lo.zonesHolding(loc)
		if len(in) > 0 {
			lo.demand[lo.featureSchool[in[0]]]++
		}
		if school == "" {
			continue
		}
		lo.seated++
		lo.placed[school]++
		lo.sumDist += haversine(loc, ds.School(school).Loc)
		for _, k := range in {
			if lo.featureSchool[k] == school {
				lo.zoned++
				lo.zonedAt[school]++
				break
			}
		}
	}
	return out
}

// zonesHolding returns the features of the level whose polygon holds p.
func (lo *levelOut) zonesHolding(p orb.Point) []int {
	var in []int
	for k, g := range lo.features {
		if g.Bound().Contains(p) && planar.MultiPolygonContains(g, p) {
			in = append(in, k)
		}
	}
	return in
}

// publicSchools returns the public sections of the level with intake, as
// the schools of a transportation problem.
func publicSchools(ds *dataset.Dataset, lo *levelOut) (ids []string, locs []orb.Point, capacity []int64) {
	for id, n := range lo.intake {
		if s := ds.School(id); s != nil && s.Public && n > 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		locs = append(locs, ds.School(id).Loc)
		capacity = append(capacity, int64(lo.intake[id]))
	}
	return ids, locs, capacity
}

// lowerBound recomputes lower_bound_mean_distance_m from the files: the
// transportation optimum of the entrants' homes (one location per point)
// into the public schools' intakes, with the test's own distances; nil
// when the intake is short.
func lowerBound(t *testing.T, ds *dataset.Dataset, lo *levelOut) *float64 {
	t.Helper()
	_, sites, capacity := publicSchools(ds, lo)
	at := map[orb.Point]int{}
	var locs []orb.Point
	var supply []int64
	homes := make([]int, 0, len(lo.homeDemand))
	for h := range lo.homeDemand {
		homes = append(homes, h)
	}
	slices.Sort(homes)
	for _, h := range homes {
		p := ds.Households[h].Loc
		i, ok := at[p]
		if !ok {
			i = len(locs)
			at[p] = i
			locs = append(locs, p)
			supply = append(supply, 0)
		}
		supply[i] += int64(lo.homeDemand[h])
	}
	sol, err := flow.Transport(flow.TransportProblem{Supply: supply, Capacity: capacity,
		Cost: func(i, j int) float64 { return haversine(locs[i], sites[j]) }})
	if errors.Is(err, flow.ErrShort) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	m, ok := sol.Mean()
	if !ok {
		return nil
	}
	return &m
}

// wholeUnits is the bound of a level for plans that never split a unit:
// the least total distance of an assignment of whole units to schools
// within their intakes, contiguity aside.
type wholeUnits struct {
	bound  float64 // a lower bound of that least total, as a mean per entrant
	root   float64 // the unit-level transportation optimum (the LP relaxation), mean per entrant
	solves int     // LPs solved
	proven bool    // the search finished: bound is the least total itself, or the redraw's
}

func (w wholeUnits) status() string {
	if w.proven {
		return "proven"
	}
	return "node cap reached"
}

// bbNode is a node of the branch and bound: the units fixed to a school on
// the path from the root, and its LP value.
type bbNode struct {
	fix   [][2]int // unit, school
	total float64  // LP value, metres
	split int      // the unit to branch on: the split unit with most entrants
}

type bbQueue []*bbNode

func (q bbQueue) Len() int           { return len(q) }
func (q bbQueue) Less(a, b int) bool { return q[a].total < q[b].total }
func (q bbQueue) Swap(a, b int)      { q[a], q[b] = q[b], q[a] }
func (q *bbQueue) Push(x any)        { *q = append(*q, x.(*bbNode)) }
func (q *bbQueue) Pop() (x any)      { x, *q = (*q)[len(*q)-1], (*q)[:len(*q)-1]; return x }

// maxBBSolves caps the LPs of the whole-unit branch and bound; the bound is
// then the least LP value still open, which is still a bound.
const maxBBSolves = 3000

// wholeUnitBound bounds from below the mean distance of any plan of the
// level that assigns each unit whole to one public school within its
// intake: branch and bound over the units the unit-level transportation LP
// (flow.Transport) splits, best first by LP value, a split unit forced to
// each school in turn (every school, so that the branching is exhaustive),
// at most maxBBSolves LPs. The redraw's own plan, when it zones every
// entrant, is the first incumbent: it is such a plan. The LP costs are the
// test's own distances from each home of the unit to the school.
func wholeUnitBound(t *testing.T, ds *dataset.Dataset, res *engine.Result, lo *levelOut, redrawMean float64) wholeUnits {
	t.Helper()
	_, sites, capacity := publicSchools(ds, lo)
	us := res.Units
	nu := len(us.Units)
	dem := make([]int64, nu)
	var total int64
	cost := make([][]float64, nu) // cost[u][j]: metres, all the unit's entrants at school j
	for h, n := range lo.homeDemand {
		u := us.HomeUnit[h]
		if cost[u] == nil {
			cost[u] = make([]float64, len(sites))
		}
		dem[u] += int64(n)
		total += int64(n)
		for j, s := range sites {
			cost[u][j] += float64(n) * haversine(ds.Households[h].Loc, s)
		}
	}
	var units []int // the units with entrants
	for u := range dem {
		if dem[u] > 0 {
			units = append(units, u)
		}
	}
	out := wholeUnits{}
	// solve returns the LP value of a node and its split unit (-1: the LP
	// is integral); ok is false when the node is infeasible.
	solve := func(fix [][2]int) (value float64, split int, ok bool) {
		out.solves++
		left := slices.Clone(capacity)
		fixed := make(map[int]bool, len(fix))
		for _, f := range fix {
			fixed[f[0]] = true
			left[f[1]] -= dem[f[0]]
			value += cost[f[0]][f[1]]
			if left[f[1]] < 0 {
				return 0, 0, false
			}
		}
		var free []int
		var supply []int64
		for _, u := range units {
			if !fixed[u] {
				free = append(free, u)
				supply = append(supply, dem[u])
			}
		}
		if len(free) == 0 {
			return value, -1, true
		}
		sol, err := flow.Transport(flow.TransportProblem{Supply: supply, Capacity: left, K: len(sites),
			Cost: func(i, j int) float64 { return cost[free[i]][j] / float64(dem[free[i]]) }})
		if errors.Is(err, flow.ErrShort) {
			return 0, 0, false
		}
		if err != nil {
			t.Fatal(err)
		}
		schools := make([]int, len(free))
		split = -1
		for _, s := range sol.Shipments {
			if schools[s.Location]++; schools[s.Location] == 2 {
				if u := free[s.Location]; split < 0 || dem[u] > dem[split] || dem[u] == dem[split] && u < split {
					split = u
				}
			}
		}
		return value + sol.Total, split, true
	}
	incumbent := math.Inf(1)
	if lo.zoned == lo.entrants {
		incumbent = redrawMean * float64(total)
	}
	rootValue, split, ok := solve(nil)
	if !ok {
		t.Fatalf("whole-unit bound: the unit-level LP is infeasible")
	}
	out.root = rootValue / float64(total)
	q := &bbQueue{}
	if split < 0 {
		incumbent = min(incumbent, rootValue)
	} else {
		heap.Push(q, &bbNode{total: rootValue, split: split})
	}
	for q.Len() > 0 && (*q)[0].total < incumbent && out.solves < maxBBSolves {
		n := heap.Pop(q).(*bbNode)
		for j := range sites {
			fix := append(slices.Clone(n.fix), [2]int{n.split, j})
			v, split, ok := solve(fix)
			switch {
			case !ok || v >= incumbent:
			case split < 0:
				incumbent = v
			default:
				heap.Push(q, &bbNode{fix: fix, total: v, split: split})
			}
		}
	}
	bound := incumbent
	if q.Len() > 0 && (*q)[0].total < incumbent {
		bound = (*q)[0].total
	} else {
		out.proven = true
	}
	// Transport optimises costs rounded to the millimetre: allow that.
	out.bound = (bound - 0.001*float64(total)) / float64(total)
	return out
}

// checkStable redraws a county with the objective moves against its own
// redraw as the zones in force, and checks that nothing changes: every
// zone's geometry, every household's zone school, every entrant's seat, and
// no entrant or household in the moves.
func checkStable(t *testing.T, ds *dataset.Dataset, first *engine.Result, firstFiles map[string][]byte) {
	next := *ds
	next.Schools = slices.Clone(ds.Schools)
	next.Zones = first.Zones()
	next.Index()
	again, err := engine.Run(context.Background(), &next, engine.RunOptions{Config: familyConfig(), Objective: zones.FewestMoves})
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := again.OutputFiles()
	if err != nil {
		t.Fatal(err)
	}
	// The zones, to the coordinate, and as written.
	a, b := first.Zones(), again.Zones()
	key := func(z dataset.Zone) string { return string(z.Level) + "\x00" + z.SchoolID }
	if len(a) != len(b) {
		t.Errorf("%d zones, then %d", len(a), len(b))
	}
	byKey := map[string]dataset.Zone{}
	for _, z := range b {
		byKey[key(z)] = z
	}
	changed := 0
	for _, z := range a {
		if y, ok := byKey[key(z)]; !ok || !orb.Equal(z.Geometry, y.Geometry) {
			changed++
			t.Errorf("%s zone of %s: changed", z.Level, z.SchoolID)
		}
	}
	if !bytes.Equal(firstFiles[engine.ZonesFile], files[engine.ZonesFile]) {
		t.Errorf("zones.geojson differs")
	}
	if !bytes.Equal(firstFiles[engine.AssignmentsFile], files[engine.AssignmentsFile]) {
		t.Errorf("assignments.csv differs: entrants seated elsewhere")
	}
	// Every household's zone school, per level.
	homesMoved := 0
	for _, l := range dataset.Levels {
		x, y := first.Level(l), again.Level(l)
		for h := range ds.Households {
			if zoneSchools(x, x.HomeZoneOf(first.Units, h)) != zoneSchools(y, y.HomeZoneOf(again.Units, h)) {
				homesMoved++
			}
		}
	}
	if homesMoved > 0 {
		t.Errorf("%d household-levels in another zone", homesMoved)
	}
	// The moves, as moves.csv and metrics.json count them.
	moves, err := again.Moves()
	if err != nil {
		t.Fatal(err)
	}
	hh, err := again.HouseholdMoves()
	if err != nil {
		t.Fatal(err)
	}
	if len(moves) > 0 || len(hh) > 0 {
		t.Errorf("%d entrants and %d households moved", len(moves), len(hh))
	}
	var m struct {
		Levels map[string]levelMetricsOut `json:"levels"`
	}
	if err := json.Unmarshal(files[engine.MetricsFile], &m); err != nil {
		t.Fatal(err)
	}
	for l, lm := range m.Levels {
		if lm.Moved == nil || *lm.Moved != 0 || lm.MovedHH == nil || *lm.MovedHH != 0 {
			t.Errorf("%s: metrics.json moved_entrants %v, moved_households %v", l, ptrStr(lm.Moved), ptrStr(lm.MovedHH))
		}
	}
	entrants := 0
	for _, lr := range again.Levels {
		entrants += len(lr.Entrants)
	}
	t.Logf("redrawn with objective moves against its own zones: %d of %d zones changed, %d of %d entrants and %d of %d household-levels moved",
		changed, len(a), len(moves), entrants, homesMoved, len(dataset.Levels)*len(ds.Households))
}

// zoneSchools names a zone by its schools' indexes ("" for none).
func zoneSchools(lr *engine.LevelResult, z int) string {
	if z < 0 {
		return ""
	}
	ms := slices.Clone(lr.Zones[z].Schools)
	slices.SortFunc(ms, cmp.Compare)
	return fmt.Sprint(ms)
}

func ptrStr(p *int) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}
