package zones

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/geo"
)

// crossProblem is a disk of hexagonal cells of radius 6, one unit per cell
// with one home and one entrant each, and two schools whose pins lie across
// each other: school 0 on the west with a pin on the east, school 1 on the
// north with a pin on the south. Both can be joined only when one of the
// two ways goes round the other.
func crossProblem(t *testing.T) (p *Problem, pins map[int]int) {
	t.Helper()
	const res = 9
	c0, _ := geo.CellOf(orb.Point{86.9, 44.2}, res)
	cells := disk(c0, 6)
	index := map[geo.Cell]int{}
	for u, c := range cells {
		index[c] = u
	}
	m := metricAt(44.2)
	// walk steps from c0 towards the direction (dx, dy), one neighbour at
	// a time.
	walk := func(dx, dy float64, steps int) int {
		c := c0
		for range steps {
			target := m.offset(geo.CellCenter(c), 1000*dx, 1000*dy)
			best, bestD := c, -1.0
			for _, n := range geo.Neighbors(c) {
				if _, ok := index[n]; !ok {
					continue
				}
				if d := geo.Distance(geo.CellCenter(n), target); bestD < 0 || d < bestD {
					best, bestD = n, d
				}
			}
			c = best
		}
		return index[c]
	}
	homes := make([]Home, len(cells))
	homeUnit := make([]int, len(cells))
	demand := make([]int, len(cells))
	for u, c := range cells {
		homes[u] = Home{Loc: geo.CellCenter(c)}
		homeUnit[u] = u
		demand[u] = 1
	}
	p = &Problem{Units: cellUnits(cells, homeUnit, homes, res), Homes: homes, Demand: demand}
	p.Schools = []School{
		{ID: "west", Loc: geo.CellCenter(cells[walk(-1, 0, 4)]), Capacity: len(cells)},
		{ID: "north", Loc: geo.CellCenter(cells[walk(0, 1, 4)]), Capacity: len(cells)},
	}
	pins = map[int]int{walk(1, 0, 4): 0, walk(0, -1, 4): 1}
	return p, pins
}

// TestConnectPinsCrossing: the way joining one school's pin must not cut
// the way of another; both pins end joined to their campuses.
func TestConnectPinsCrossing(t *testing.T) {
	p, pins := crossProblem(t)
	p.Locks = pins
	nu := len(p.Units.Units)
	assign := make([]int, nu)
	locked := make([]bool, nu)
	for u := range assign {
		assign[u] = -1
	}
	for u, j := range pins {
		assign[u], locked[u] = j, true
	}
	for u, j := range p.PinnedCampuses() {
		assign[u], locked[u] = j, true
	}
	if moved := connectPins(p, assign, locked); moved == 0 {
		t.Fatal("connectPins reassigned nothing")
	}
	pl := Plan{UnitSchool: assign}
	if moved, apart := pl.Unkept(p); len(moved)+len(apart) > 0 {
		t.Errorf("after connectPins: moved %v, apart %v; want every pin joined", moved, apart)
	}
	pl.FillEmpty(p)
	for j, ok := range pl.Contiguous(p) {
		if !ok {
			t.Errorf("zone %s is not connected", p.Schools[j].ID)
		}
	}

	plan, err := Redraw(context.Background(), p, RedrawOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if moved, apart := plan.Unkept(p); len(moved)+len(apart) > 0 {
		t.Errorf("Redraw: moved %v, apart %v; want every pin kept and joined", moved, apart)
	}
	for j, ok := range plan.Contiguous(p) {
		if !ok {
			t.Errorf("Redraw: zone %s is not connected", p.Schools[j].ID)
		}
	}
}

// TestUnkept: a plan that moves a locked unit, or keeps it in its school
// apart from the campus, is reported; a plan that keeps it joined is not.
func TestUnkept(t *testing.T) {
	// A path of 6 units: school 0's campus at unit 0, school 1's at unit
	// 5; unit 2 locked to school 0.
	p := pathProblem(t, []int{1, 1, 1, 1, 1, 1}, []int{0, 5}, []int{6, 6})
	p.Locks = map[int]int{2: 0}
	for _, tc := range []struct {
		plan          []int
		moved, apart  []int
		name, comment string
	}{
		{[]int{0, 0, 0, 1, 1, 1}, nil, nil, "kept", ""},
		{[]int{0, 0, 1, 1, 1, 1}, []int{2}, nil, "moved", ""},
		{[]int{0, 1, 0, 1, 1, 1}, nil, []int{2}, "apart", "unit 2 is school 0's, cut off by unit 1"},
		{[]int{1, 1, 0, 1, 1, 1}, nil, nil, "no campus", "the zone does not hold the campus: its first locked unit anchors it"},
	} {
		pl := Plan{UnitSchool: tc.plan}
		moved, apart := pl.Unkept(p)
		if !slices.Equal(moved, tc.moved) || !slices.Equal(apart, tc.apart) {
			t.Errorf("%s %v: moved %v apart %v, want %v %v %s", tc.name, tc.plan, moved, apart, tc.moved, tc.apart, tc.comment)
		}
	}
}

// TestPinnedCampuses: every campus is pinned to its school, except one the
// locks pin elsewhere (the planner's pin wins) and one the zones in force
// give to another school.
func TestPinnedCampuses(t *testing.T) {
	p := pathProblem(t, []int{1, 1, 1, 1, 1, 1}, []int{0, 3, 5}, []int{2, 2, 2})
	if got, want := p.PinnedCampuses(), map[int]int{0: 0, 3: 1, 5: 2}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("no locks: %v, want %v", got, want)
	}
	p.Locks = map[int]int{3: 0}
	p.Current = []int{0, 0, 0, 0, 0, 0}
	if got, want := p.PinnedCampuses(), map[int]int{0: 0}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("campus 3 locked to school 0, campus 5 in school 0's zone in force: %v, want %v", got, want)
	}
}

// TestZonesKeepLockedParts: Problem.Zones hands a detached part of a zone
// to the zone around it only when none of its units is locked.
func TestZonesKeepLockedParts(t *testing.T) {
	p, _ := crossProblem(t)
	nu := len(p.Units.Units)
	// School 1's zone is everything but one unit in the middle of the
	// disk, school 0's; that unit is a detached part of school 0's zone
	// far from its campus.
	plan := Plan{UnitSchool: make([]int, nu)}
	for u := range plan.UnitSchool {
		plan.UnitSchool[u] = 1
	}
	west := p.Units.UnitAt(p.Schools[0].Loc)
	plan.UnitSchool[west] = 0
	for _, v := range p.Units.Adj[west] {
		plan.UnitSchool[v] = 0
	}
	island := 0 // the disk's centre
	if slices.Contains(p.Units.Adj[west], island) {
		t.Fatal("the centre touches the west campus")
	}
	plan.UnitSchool[island] = 0
	locked := make([]bool, nu)
	locked[island] = true
	keep := Plan{UnitSchool: slices.Clone(plan.UnitSchool)}
	if _, err := p.Zones(&keep, locked, 3); err != nil {
		t.Fatal(err)
	}
	if keep.UnitSchool[island] != 0 {
		t.Errorf("a locked detached unit went to school %d", keep.UnitSchool[island])
	}
	free := Plan{UnitSchool: slices.Clone(plan.UnitSchool)}
	if _, err := p.Zones(&free, nil, 3); err != nil {
		t.Fatal(err)
	}
	if free.UnitSchool[island] != 1 {
		t.Errorf("an unlocked detached unit stayed with school %d, want it handed to school 1", free.UnitSchool[island])
	}
}
