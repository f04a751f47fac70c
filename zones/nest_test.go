package zones

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// stepMetric measures along the path of pathProblem: 1000 m per cell step
// between the homes and sites it knows (the cells' centres), never below
// the great-circle distance (the cells of resolution 9 are about 350 m
// apart).
type stepMetric map[orb.Point]int

func (m stepMetric) DistanceM(home, site orb.Point) float64 {
	a, okA := m[home]
	b, okB := m[site]
	if !okA || !okB {
		panic(fmt.Sprintf("stepMetric: unknown point %v or %v", home, site))
	}
	return 1000 * math.Abs(float64(a-b))
}

func distanceRedraw(ctx context.Context, p *Problem) (Plan, error) {
	return Redraw(ctx, p, RedrawOptions{Objective: ShortestDistance, Seed: 1})
}

// TestNestedTownCost: a street of six blocks (units 0–5, one home of 10
// entrants each, 1 km apart along the street), two junior zones, blocks 0–2
// and 3–5, primary school P0 at block 2 feeding the first and P1 at block 5
// feeding the second, both with room for everyone.
//
// Un-nested, each block goes to its nearer school: 0→P0 (2 km), 1→P0
// (1 km), 2→P0 (0), 3→P0 (1 km, P1 is 2 km), 4→P1 (1 km), 5→P1 (0): 5 km
// per entrant over 6 blocks of 10, a mean of 5000/6 m. Nested, block 3
// must go to P1 (2 km): 6 km, a mean of 1000 m. Nesting costs block 3's
// 10 entrants 1 km each: 10,000 m in all, 1000/6 m per entrant. The lower
// bounds are the same plans (no capacity binds).
func TestNestedTownCost(t *testing.T) {
	p := pathProblem(t, []int{10, 10, 10, 10, 10, 10}, []int{2, 5}, []int{100, 100})
	m := stepMetric{}
	for u, h := range p.Homes {
		m[h.Loc] = u
	}
	p.Metric = m
	n := &Nest{UnitGroup: []int{0, 0, 0, 1, 1, 1}, SchoolGroup: []int{0, 1}}
	ctx := context.Background()

	free, err := distanceRedraw(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	nested, st, err := RedrawNested(ctx, p, n, distanceRedraw)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 0, 0, 0, 1, 1}; !slices.Equal(free.UnitSchool, want) {
		t.Errorf("un-nested plan %v, want %v", free.UnitSchool, want)
	}
	if want := []int{0, 0, 0, 1, 1, 1}; !slices.Equal(nested.UnitSchool, want) {
		t.Errorf("nested plan %v, want %v", nested.UnitSchool, want)
	}
	if st.Groups != 2 || len(st.Merged) != 0 {
		t.Errorf("stats %+v, want 2 groups and no merge", st)
	}
	mf, _ := MeanZoneDistance(p, free.UnitSchool)
	mn, _ := MeanZoneDistance(p, nested.UnitSchool)
	const eps = 1e-9
	if math.Abs(mf-5000.0/6) > eps || math.Abs(mn-1000) > eps {
		t.Errorf("means %.6f un-nested, %.6f nested; want %.6f and 1000", mf, mn, 5000.0/6)
	}
	if cost := (mn - mf) * 60; math.Abs(cost-10_000) > 1e-6 {
		t.Errorf("nesting costs %.6f m in all, want 10,000 m (block 3's 10 entrants 1 km farther)", cost)
	}
	lb, err := LowerBound(p, 0)
	if err != nil || lb == nil || math.Abs(*lb-5000.0/6) > eps {
		t.Errorf("un-nested bound %v (%v), want %.6f", lb, err, 5000.0/6)
	}
	nlb, err := NestedLowerBound(p, n, 0)
	if err != nil || nlb == nil || math.Abs(*nlb-1000) > eps {
		t.Errorf("nested bound %v (%v), want 1000", nlb, err)
	}
	if u := n.Within(nested.UnitSchool); u >= 0 {
		t.Errorf("unit %d outside its school's group", u)
	}
	if u := n.Within(free.UnitSchool); u != 3 {
		t.Errorf("the un-nested plan's first unit outside: %d, want 3", u)
	}
}

// TestNestMerge: a group without a school is redrawn with the group it
// borders most, and reported.
func TestNestMerge(t *testing.T) {
	p := pathProblem(t, []int{10, 10, 10, 10, 10, 7}, []int{0, 3}, []int{100, 100})
	n := &Nest{UnitGroup: []int{0, 0, 1, 1, 1, 9}, SchoolGroup: []int{0, 1}}
	plan, st, err := RedrawNested(context.Background(), p, n, distanceRedraw)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Merge{{Group: 9, Into: 1, Units: 1, Entrants: 7}}; !slices.Equal(st.Merged, want) {
		t.Errorf("merged %+v, want %+v", st.Merged, want)
	}
	if want := []int{0, 0, 1, 1, 1, 1}; !slices.Equal(plan.UnitSchool, want) {
		t.Errorf("plan %v, want %v", plan.UnitSchool, want)
	}
}

// TestNestDropsForeignLocks: a pin to a school of another group is not
// kept, and said.
func TestNestDropsForeignLocks(t *testing.T) {
	p := pathProblem(t, []int{10, 10, 10, 10}, []int{0, 3}, []int{100, 100})
	p.Locks = map[int]int{1: 1, 2: 1}
	n := &Nest{UnitGroup: []int{0, 0, 1, 1}, SchoolGroup: []int{0, 1}}
	plan, st, err := RedrawNested(context.Background(), p, n, distanceRedraw)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.DroppedLocks, []int{1}) {
		t.Errorf("dropped %v, want [1]", st.DroppedLocks)
	}
	if want := []int{0, 0, 1, 1}; !slices.Equal(plan.UnitSchool, want) {
		t.Errorf("plan %v, want %v", plan.UnitSchool, want)
	}
}

// TestNestedProperties: on tiny random towns, with the zones of two of the
// schools (redrawn, room for all) as the outer groups and each school in the group
// holding its campus, the nested plan keeps every zone in its group and
// connected, its mean is at least the nested bound, and the nested bound
// at least the un-nested one.
func TestNestedProperties(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		p := tinyProblem(seed, 12+int(seed%3), 4)
		outer := &Problem{Units: p.Units, Homes: p.Homes, Demand: p.Demand, Schools: slices.Clone(p.Schools[:2])}
		for j := range outer.Schools {
			outer.Schools[j].Capacity = totalDemand(p)
		}
		junior, err := distanceRedraw(context.Background(), outer)
		if err != nil {
			t.Fatal(err)
		}
		n := &Nest{UnitGroup: junior.UnitSchool, SchoolGroup: make([]int, len(p.Schools))}
		for j, s := range p.Schools {
			n.SchoolGroup[j] = n.UnitGroup[p.Units.UnitAt(s.Loc)]
		}
		plan, st, err := RedrawNested(context.Background(), p, n, distanceRedraw)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Merged) > 0 {
			t.Fatalf("seed %d: merged %v, but every group holds a campus", seed, st.Merged)
		}
		if u := n.Within(plan.UnitSchool); u >= 0 {
			t.Errorf("seed %d: unit %d outside its school's group", seed, u)
		}
		for j, ok := range plan.Contiguous(p) {
			if !ok {
				t.Errorf("seed %d: school %d's zone in pieces", seed, j)
			}
		}
		lb, err := LowerBound(p, 0)
		if err != nil {
			t.Fatal(err)
		}
		nlb, err := NestedLowerBound(p, n, 0)
		if err != nil {
			t.Fatal(err)
		}
		if nlb == nil || lb == nil {
			continue // a group's entrants beyond its schools' intake
		}
		mean, _ := MeanZoneDistance(p, plan.UnitSchool)
		if *nlb < *lb-1e-6 {
			t.Errorf("seed %d: nested bound %.3f below the un-nested %.3f", seed, *nlb, *lb)
		}
		if plan.Stats.Overflow == 0 && mean < *nlb-1e-6 {
			t.Errorf("seed %d: nested mean %.3f below its bound %.3f", seed, mean, *nlb)
		}
	}
}
