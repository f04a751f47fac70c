package zones

import (
	"context"
	"slices"
	"testing"
)

// A unit of 5 entrants between two campuses of intake 4 fits neither: the
// redraw reports the school that holds it, 2 over, the unit, and the room
// the other school has (3: its intake less its own campus's entrant).
func TestConflictReported(t *testing.T) {
	p := pathProblem(t, []int{1, 5, 1}, []int{0, 2}, []int{4, 4})
	pl, err := Redraw(context.Background(), p, RedrawOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Stats.Overflow != 2 {
		t.Fatalf("overflow %d, want 2", pl.Stats.Overflow)
	}
	if len(pl.Stats.Conflicts) != 1 {
		t.Fatalf("conflicts %+v, want one", pl.Stats.Conflicts)
	}
	c := pl.Stats.Conflicts[0]
	j := pl.UnitSchool[1]
	other := 1 - j
	if c.School != j || c.Excess != 2 || !slices.Equal(c.Units, []int{1}) || !slices.Equal(c.Entrants, []int{5}) ||
		!slices.Equal(c.Neighbours, []int{other}) || !slices.Equal(c.Room, []int{3}) || c.Locked != 1 || c.LockedEntrants != 1 {
		t.Errorf("conflict %+v; want school %d 2 over, unit 1 of 5 entrants, neighbour %d with room 3, its campus locked", c, j, other)
	}
	// With room for the unit there is no conflict.
	p = pathProblem(t, []int{1, 5, 1}, []int{0, 2}, []int{6, 4})
	if pl, err = Redraw(context.Background(), p, RedrawOptions{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if pl.Stats.Overflow != 0 || pl.Stats.Conflicts != nil {
		t.Errorf("overflow %d, conflicts %+v; want none", pl.Stats.Overflow, pl.Stats.Conflicts)
	}
	// Short in all (3 entrants, 2 places): an overflow of one, the
	// shortfall, with no conflict to explain.
	p = pathProblem(t, []int{1, 1, 1}, []int{0, 2}, []int{1, 1})
	if pl, err = Redraw(context.Background(), p, RedrawOptions{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if pl.Stats.Overflow != 1 || pl.Stats.Conflicts != nil {
		t.Errorf("short in all: overflow %d, conflicts %+v", pl.Stats.Overflow, pl.Stats.Conflicts)
	}
}
