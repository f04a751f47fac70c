package simulate_test

import (
	"context"
	"math"
	"testing"

	"github.com/hutubi-edu/zoning/data"
	"github.com/hutubi-edu/zoning/engine/compliance"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/scenario"
	"github.com/hutubi-edu/zoning/engine/simulate"
)

// schoolChecks returns the checks of one school in one year by key.
func schoolChecks(r *simulate.Result, year int, id string) map[string]compliance.Check {
	out := map[string]compliance.Check{}
	y := r.Year(year)
	if y == nil {
		return out
	}
	for _, c := range y.Report.Checks {
		if c.Scope == compliance.ScopeSchool && c.SchoolID == id {
			out[c.Key] = c
		}
	}
	return out
}

func sameCheck(a, b compliance.Check) bool {
	if a.Pass != b.Pass || a.Skipped != b.Skipped || (a.Value == nil) != (b.Value == nil) {
		return false
	}
	return a.Value == nil || math.Abs(*a.Value-*b.Value) <= 1e-9*math.Max(1, math.Abs(*a.Value))
}

// TestDelayedArtBuilding delays 县四中's 4000 m² 综合艺体楼 (附件2 2024年12月
// 第2项, event sizhong-art-building, 2024) by one year on the default
// dataset. The school has no music or art room of its own before the
// building (read from the dataset below) and at least one class, so one
// room of each is required: without the building its music_rooms and
// art_rooms checks fail in 2024, and its floor area per student is lower
// by 4000 m² over its students. From 2025 on the building is there in both
// runs, and before 2024 it is in neither, so every check of 县四中 is the
// base run's in every year but 2024.
func TestDelayedArtBuilding(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates the default county twice")
	}
	const (
		id, event = "hz08", "sizhong-art-building"
		delayed   = 2024
	)
	ds, err := dataset.Load(data.Hutubi())
	if err != nil {
		t.Fatal(err)
	}
	j := ds.SchoolIndex(id)
	if j < 0 {
		t.Fatalf("no school %s in the default dataset", id)
	}
	if mr := ds.Schools[j].MusicRooms; mr != nil && *mr > 0 {
		t.Fatalf("%s has %d music rooms before the building; the test's reasoning needs none", id, *mr)
	}
	run := func(delay bool) *simulate.Result {
		t.Helper()
		sc, err := scenario.Parse(data.HutubiPlan(), data.PlanName)
		if err != nil {
			t.Fatal(err)
		}
		e := sc.Find(event)
		if e == nil || e.Year != delayed || e.School != id || e.TeachingAreaM2 == nil || *e.TeachingAreaM2 != 4000 {
			t.Fatalf("plan event %s is not 县四中's 4000 m² building of %d: %+v", event, delayed, e)
		}
		if delay {
			if err := sc.Delay(event, 1); err != nil {
				t.Fatal(err)
			}
		}
		// No time limit: under the race detector on a busy machine the
		// limit, not the iterations, could end a year's redraw, and the
		// two runs would differ by more than the delay.
		cfg := config.Default()
		cfg.Zoning.TimeLimitS = 0
		r, err := simulate.Run(context.Background(), ds, simulate.Options{Config: cfg, Scenario: sc})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	base, late := run(false), run(true)

	b, l := schoolChecks(base, delayed, id), schoolChecks(late, delayed, id)
	for _, key := range []string{compliance.KeyMusicRooms, compliance.KeyArtRooms} {
		if c := b[key]; !c.Pass {
			t.Errorf("base %d: %s %s should pass with the building: %s", delayed, id, key, c.Text)
		}
		c, ok := l[key]
		if !ok || !c.Failed() {
			t.Errorf("delayed %d: %s %s should fail without the building: %+v", delayed, id, key, c)
		}
		if ok && (c.Value == nil || *c.Value != 0) {
			t.Errorf("delayed %d: %s %s counts %v rooms, want 0", delayed, id, key, c.Value)
		}
	}
	bs, ls := b[compliance.KeySchoolSize], l[compliance.KeySchoolSize]
	bt, lt := b[compliance.KeyTeachingArea], l[compliance.KeyTeachingArea]
	if bs.Value == nil || ls.Value == nil || bt.Value == nil || lt.Value == nil {
		t.Fatalf("%d: %s: missing school size or floor area: %+v %+v %+v %+v", delayed, id, bs, ls, bt, lt)
	}
	if *bs.Value == *ls.Value {
		// Same pupils in both runs: the area per pupil differs by exactly
		// the building over the pupils.
		if want := 4000 / *bs.Value; math.Abs((*bt.Value-*lt.Value)-want) > 1e-6 {
			t.Errorf("%d: floor area per pupil %.4f (base) − %.4f (delayed) = %.4f, want 4000/%g = %.4f",
				delayed, *bt.Value, *lt.Value, *bt.Value-*lt.Value, *bs.Value, want)
		}
	} else if *lt.Value >= *bt.Value {
		t.Errorf("%d: floor area per pupil %.4f without the building, not below %.4f with it", delayed, *lt.Value, *bt.Value)
	}

	for _, y := range base.Years {
		if y.Year == delayed {
			continue
		}
		b, l := schoolChecks(base, y.Year, id), schoolChecks(late, y.Year, id)
		if len(b) != len(l) {
			t.Errorf("%d: %s has %d checks in the base run, %d delayed", y.Year, id, len(b), len(l))
		}
		for k, c := range b {
			if !sameCheck(c, l[k]) {
				t.Errorf("%d: %s %s differs outside the delayed year:\n base    %s\n delayed %s", y.Year, id, k, c.Text, l[k].Text)
			}
		}
	}
}
