package engine_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
)

// nestSpecs are small counties of three families for the nesting tests.
var nestSpecs = []county.Spec{
	{Family: county.Plains, Seed: 1, Children: 3000},
	{Family: county.Mountain, Seed: 2, Children: 3000},
	{Family: county.Urban, Seed: 1, Children: 4000, Campuses: 12},
}

// juniorOfPrimaryZones returns, for each primary zone, the junior zones its
// units lie in (units of the redraw's plan, read through UnitZone).
func juniorOfPrimaryZones(res *engine.Result) map[int]map[int]bool {
	pl, jl := res.Level(dataset.Primary), res.Level(dataset.Junior)
	in := map[int]map[int]bool{}
	for u := range res.Units.Units {
		z := pl.UnitZone(u)
		if z < 0 {
			continue
		}
		if in[z] == nil {
			in[z] = map[int]bool{}
		}
		in[z][jl.UnitZone(u)] = true
	}
	return in
}

// TestNestedFamilies: with Nest, every primary zone's units lie inside one
// junior zone (unless the run reports a junior zone no primary school
// feeds, merged with a neighbour's), the 对口 table gives each primary
// school all its zone's entrants in its junior school's zone, no primary
// zone straddles, and metrics.json's nesting compares the nested plan with
// the un-nested one: each mean at least its bound, the nested bound at
// least the un-nested one. The figures are logged.
func TestNestedFamilies(t *testing.T) {
	if testing.Short() {
		t.Skip("three county runs, each with a nested and an un-nested primary redraw")
	}
	for _, spec := range nestSpecs {
		t.Run(fmt.Sprintf("%s-%d", spec.Family, spec.Seed), func(t *testing.T) {
			ds, _, err := county.Generate(spec)
			if err != nil {
				t.Fatal(err)
			}
			cfg := familyConfig()
			res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: cfg, Nest: true})
			if err != nil {
				t.Fatal(err)
			}
			m := res.Metrics()
			nm := m.Levels[string(dataset.Primary)].Nesting
			if nm == nil {
				t.Fatal("no levels.primary.nesting")
			}
			for z, js := range juniorOfPrimaryZones(res) {
				if len(js) > 1 && len(nm.Merged) == 0 {
					t.Errorf("primary zone %d lies in junior zones %v", z, js)
				}
			}
			if len(nm.Merged) == 0 && len(m.FeederSplits) > 0 {
				t.Errorf("nested, yet %d primary zones straddle: %+v", len(m.FeederSplits), m.FeederSplits[0])
			}
			for _, f := range m.Feeders {
				if len(nm.Merged) == 0 && f.Share != nil && *f.Share != 1 {
					t.Errorf("%s feeds %s with a share of %.3f, want 1", f.Name, f.JuniorName, *f.Share)
				}
			}
			const eps = 1e-6
			for _, c := range []struct {
				name        string
				mean, bound *float64
			}{{"nested", nm.NestedMeanM, nm.NestedLowerBoundM}, {"un-nested", nm.UnnestedMeanM, nm.LowerBoundM}} {
				if c.mean == nil {
					t.Fatalf("%s mean null", c.name)
				}
				if c.bound != nil && *c.mean < *c.bound-eps {
					t.Errorf("%s mean %.1f m below its bound %.1f m", c.name, *c.mean, *c.bound)
				}
			}
			if nm.NestedLowerBoundM != nil && nm.LowerBoundM != nil && *nm.NestedLowerBoundM < *nm.LowerBoundM-eps {
				t.Errorf("nested bound %.1f m below the un-nested %.1f m", *nm.NestedLowerBoundM, *nm.LowerBoundM)
			}
			t.Logf("%s: nested %.0f m, un-nested %.0f m (cost %+.0f m a entrant); bounds %s / %s m; gap %s nested, %s un-nested; over capacity %d / %d; %d un-nested zones straddled; merged %v",
				spec.Family, *nm.NestedMeanM, *nm.UnnestedMeanM, *nm.CostM, fnum(nm.NestedLowerBoundM), fnum(nm.LowerBoundM),
				fpct(nm.Gap), fpct(nm.GapUnnested), nm.OverNested, nm.OverUnnested, nm.StraddlingUnnest, nm.Merged)
		})
	}
}

func fnum(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.0f", *v)
}

func fpct(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100**v)
}

// TestNestedFeedsColumn: with the feeds column naming the junior schools in
// turn, each primary school the one after its campus's nearest (so that
// every junior school is fed, and most primary schools feed one their
// campus is not near), nesting puts every primary zone inside its feeder's
// junior zone (the column wins over the campus), and the 对口 table says so
// with source feeds.
func TestNestedFeedsColumn(t *testing.T) {
	if testing.Short() {
		t.Skip("a county run with a nested redraw")
	}
	ds, _, err := county.Generate(nestSpecs[0])
	if err != nil {
		t.Fatal(err)
	}
	var juniors []int
	for j := range ds.Schools {
		if ds.Schools[j].HasLevel(dataset.Junior) && ds.Schools[j].Public {
			juniors = append(juniors, j)
		}
	}
	want := map[string]string{}
	n := 0
	for j := range ds.Schools {
		s := &ds.Schools[j]
		if !s.HasLevel(dataset.Primary) || !s.Public {
			continue
		}
		near, nearD := 0, 0.0
		for i, k := range juniors {
			if d := geo.Distance(s.Loc, ds.Schools[k].Loc); i == 0 || d < nearD {
				near, nearD = i, d
			}
		}
		k := juniors[(near+1)%len(juniors)]
		if n < len(juniors) {
			k = juniors[n] // the first ones feed each junior school once
		}
		n++
		s.Feeds = ds.Schools[k].ID
		want[s.ID] = s.Feeds
	}
	if n < len(juniors) {
		t.Fatalf("%d primary schools cannot feed %d junior schools", n, len(juniors))
	}
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: familyConfig(), Nest: true})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Metrics()
	for _, f := range m.Feeders {
		if f.JuniorID != want[f.SchoolID] || f.Source != engine.FeederColumn {
			t.Errorf("%s feeds %s (%s), want %s (feeds)", f.SchoolID, f.JuniorID, f.Source, want[f.SchoolID])
		}
	}
	nm := m.Levels[string(dataset.Primary)].Nesting
	if nm == nil {
		t.Fatal("no levels.primary.nesting")
	}
	if len(nm.Merged) > 0 {
		t.Fatalf("every junior school is fed, yet merged %v", nm.Merged)
	}
	pl, jl := res.Level(dataset.Primary), res.Level(dataset.Junior)
	zoneOf := map[string]int{}
	for _, zs := range jl.Zoned {
		zoneOf[ds.Schools[zs.School].ID] = zs.Zone
	}
	for u := range res.Units.Units {
		z := pl.UnitZone(u)
		if z < 0 {
			continue
		}
		id := ds.Schools[pl.Zones[z].Schools[0]].ID
		if got, w := jl.UnitZone(u), zoneOf[want[id]]; got != w {
			t.Fatalf("unit %d of %s's zone lies in junior zone %d, want %d (%s)", u, id, got, w, want[id])
		}
	}
	t.Logf("feeders in turn: nested %.0f m, un-nested %.0f m, over capacity %d / %d, merged %v",
		*nm.NestedMeanM, *nm.UnnestedMeanM, nm.OverNested, nm.OverUnnested, nm.Merged)
}

// TestFeederSplits: without nesting, feeder_splits lists exactly the
// primary zones whose entrants live in two junior zones or more (recounted
// here from the homes), with the entrants of each part adding up.
func TestFeederSplits(t *testing.T) {
	if testing.Short() {
		t.Skip("a county run")
	}
	ds, _, err := county.Generate(nestSpecs[0])
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: familyConfig()})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Metrics()
	if m.Levels[string(dataset.Primary)].Nesting != nil {
		t.Error("nesting figures without Nest")
	}
	pl, jl := res.Level(dataset.Primary), res.Level(dataset.Junior)
	parts := map[string]map[int]int{} // primary school → junior zone → entrants
	for h := range ds.Households {
		z, jz := pl.HomeZoneOf(res.Units, h), jl.HomeZoneOf(res.Units, h)
		if z < 0 || jz < 0 || pl.Demand(h) == 0 {
			continue
		}
		for _, j := range pl.Zones[z].Schools {
			id := ds.Schools[j].ID
			if parts[id] == nil {
				parts[id] = map[int]int{}
			}
			parts[id][jz] += pl.Demand(h)
		}
	}
	straddling := map[string]bool{}
	for id, p := range parts {
		if len(p) > 1 {
			straddling[id] = true
		}
	}
	got := map[string]bool{}
	for _, s := range m.FeederSplits {
		got[s.SchoolID] = true
		sum := 0
		for _, j := range s.Juniors {
			sum += j.Entrants
		}
		if sum != s.Entrants {
			t.Errorf("%s: parts add up to %d entrants, want %d", s.SchoolID, sum, s.Entrants)
		}
		if !straddling[s.SchoolID] {
			t.Errorf("%s listed as straddling, its entrants live in one junior zone", s.SchoolID)
		}
	}
	for id := range straddling {
		if !got[id] {
			t.Errorf("%s straddles junior zones %v, not listed", id, parts[id])
		}
	}
	t.Logf("%d of %d primary zones straddle junior zones", len(m.FeederSplits), len(m.Feeders))
}
