package service

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"testing"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// handIndex is one group's figures worked out from per-school counts, by
// the textbook formulas written out again (not engine.Dissimilarity).
type handIndex struct {
	entrants, total int
	d, iso          float64
	over            int // schools above twice the group's share
}

// handConcentration recomputes a level's concentration from its placed
// entrants with unit u's entrants placed through the zones seated at
// school to (u −1: no move): per group (permit, other, both) the
// dissimilarity ½ Σ |m_j/M − (t_j−m_j)/(T−M)|, the isolation Σ m_j²/(M·t_j)
// and the schools whose share m_j/t_j exceeds 2·M/T.
func handConcentration(res *engine.Result, lr *engine.LevelResult, u, to int) map[engine.MigrantGroup]handIndex {
	ds := res.Dataset
	t := map[int]int{}
	m := map[engine.MigrantGroup]map[int]int{engine.GroupPermit: {}, engine.GroupOther: {}, engine.GroupMigrant: {}}
	for _, st := range lr.Seats {
		s := st.School
		hh := ds.Household(ds.Children[st.Child].HouseholdID)
		h := ds.HouseholdIndex(hh.ID)
		if u >= 0 && st.Reason == engine.SeatByZones && res.Units.HomeUnit[h] == u {
			s = to
		}
		if s < 0 {
			continue
		}
		t[s]++
		if hh.Hukou == dataset.Migrant {
			g := engine.GroupOther
			if hh.Permit {
				g = engine.GroupPermit
			}
			m[g][s]++
			m[engine.GroupMigrant][s]++
		}
	}
	out := map[engine.MigrantGroup]handIndex{}
	for g, mg := range m {
		var x handIndex
		for s, n := range t {
			x.total += n
			x.entrants += mg[s]
		}
		for s, n := range t {
			a := float64(mg[s]) / float64(x.entrants)
			b := float64(n-mg[s]) / float64(x.total-x.entrants)
			x.d += math.Abs(a-b) / 2
			x.iso += float64(mg[s]) * float64(mg[s]) / (float64(x.entrants) * float64(n))
			if float64(mg[s])*float64(x.total) > 2*float64(x.entrants)*float64(n) {
				x.over++
			}
		}
		out[g] = x
	}
	return out
}

// checkConcentration compares c with the hand figures.
func checkConcentration(t *testing.T, what string, c *engine.Concentration, want map[engine.MigrantGroup]handIndex) {
	t.Helper()
	if c == nil {
		t.Fatalf("%s: no concentration", what)
	}
	for _, g := range engine.MigrantGroups {
		gc, w := c.Group(g), want[g]
		if gc == nil || gc.Dissimilarity == nil || gc.Isolation == nil {
			t.Errorf("%s %s: %+v, want D %.6f", what, g, gc, w.d)
			continue
		}
		if c.Entrants != w.total || gc.Entrants != w.entrants || math.Abs(*gc.Dissimilarity-w.d) > 1e-12 ||
			math.Abs(*gc.Isolation-w.iso) > 1e-12 || len(gc.Concentrated) != w.over {
			t.Errorf("%s %s: T %d M %d D %.12f xPx %.12f over %d; by hand T %d M %d D %.12f xPx %.12f over %d", what, g,
				c.Entrants, gc.Entrants, *gc.Dissimilarity, *gc.Isolation, len(gc.Concentrated),
				w.total, w.entrants, w.d, w.iso, w.over)
		}
	}
}

// migrantsOfUnit returns the migrant entrants of each unit that the level
// places through its zones.
func migrantsOfUnit(res *engine.Result, lr *engine.LevelResult) []int {
	ds := res.Dataset
	out := make([]int, len(res.Units.Units))
	for _, st := range lr.Seats {
		hh := ds.Household(ds.Children[st.Child].HouseholdID)
		if st.Reason == engine.SeatByZones && hh.Hukou == dataset.Migrant {
			out[res.Units.HomeUnit[ds.HouseholdIndex(hh.ID)]]++
		}
	}
	return out
}

// TestWhatIfEquity: the what-if's concentration after moving the unit
// with the most migrant entrants of each level to another zone equals the
// index worked out from the placed entrants with the unit's moved by hand,
// and differs from before (which is metrics.json's); the feeder lines after
// the move hold, for each primary school fed by the plan, the junior zone
// holding most of its zone's entrants, counted by hand, with their share.
func TestWhatIfEquity(t *testing.T) {
	res, _, base := defaultWeb(t)
	ds, us := res.Dataset, res.Units
	m := res.Metrics()
	pl, jl := res.Level(dataset.Primary), res.Level(dataset.Junior)
	for _, lr := range []*engine.LevelResult{pl, jl} {
		t.Run(string(lr.Level), func(t *testing.T) {
			mig := migrantsOfUnit(res, lr)
			u := 0
			for v, n := range mig {
				if n > mig[u] && lr.UnitZone(v) >= 0 {
					u = v
				}
			}
			from := lr.UnitZone(u)
			to := (from + 1) % len(lr.Zones)
			toSchool := lr.Zones[to].Schools[0]
			r := post(t, base+"/api/v1/planner/whatif", testToken,
				fmt.Sprintf(`{"level":%q,"unit":%d,"school_id":%q}`, lr.Level, u, ds.Schools[toSchool].ID))
			if r.code != http.StatusOK {
				t.Fatalf("%d %s", r.code, r.body)
			}
			var a WhatIfAnswer
			if err := json.Unmarshal(r.body, &a); err != nil {
				t.Fatal(err)
			}
			checkConcentration(t, "before", a.Concentration.Before, handConcentration(res, lr, -1, 0))
			checkConcentration(t, "after", a.Concentration.After, handConcentration(res, lr, u, toSchool))
			mc := m.Levels[string(lr.Level)].Concentration
			if b := a.Concentration.Before; b == nil || mc == nil || *b.Group(engine.GroupMigrant).Dissimilarity != *mc.Group(engine.GroupMigrant).Dissimilarity {
				t.Errorf("before %+v is not metrics.json's %+v", b, mc)
			}
			if b, c := a.Concentration.Before.Group(engine.GroupMigrant), a.Concentration.After.Group(engine.GroupMigrant); mig[u] == 0 ||
				*b.Dissimilarity == *c.Dissimilarity && *b.Isolation == *c.Isolation {
				t.Errorf("moving unit %d (%d migrant entrants) leaves the index at D %v xPx %v", u, mig[u], *c.Dissimilarity, *c.Isolation)
			}

			// The feeders after the move, by hand: per primary zone the
			// entrants in each junior zone, with the unit in zone to.
			zoneOf := func(l *engine.LevelResult, h int) int {
				if l == lr && us.HomeUnit[h] == u {
					return to
				}
				return l.HomeZoneOf(us, h)
			}
			in := map[int]map[int]int{} // primary zone → junior zone's first school → entrants
			total := map[int]int{}
			for h := range ds.Households {
				z, jz := zoneOf(pl, h), zoneOf(jl, h)
				if z < 0 || jz < 0 {
					continue
				}
				if in[z] == nil {
					in[z] = map[int]int{}
				}
				in[z][jl.Zones[jz].Schools[0]] += pl.Demand(h)
				total[z] += pl.Demand(h)
			}
			if a.Feeders == nil || len(a.Feeders.After) != len(pl.Zoned) || len(a.Feeders.Before) != len(m.Feeders) {
				t.Fatalf("feeders %+v, want %d after", a.Feeders, len(pl.Zoned))
			}
			changed := 0
			for k, f := range a.Feeders.After {
				zs := pl.Zoned[k]
				if f.SchoolID != ds.Schools[zs.School].ID {
					t.Fatalf("feeder %d is %s, want %s", k, f.SchoolID, ds.Schools[zs.School].ID)
				}
				if total[zs.Zone] == 0 || f.JuniorLocation == nil || f.Share == nil {
					continue
				}
				j := ds.SchoolIndex(f.JuniorID)
				if j < 0 || *f.JuniorLocation != ds.Schools[j].Loc {
					t.Errorf("%s feeds %q at %v", f.SchoolID, f.JuniorID, f.JuniorLocation)
					continue
				}
				if f.Source == engine.FeederPlan {
					for o, n := range in[zs.Zone] {
						if n > in[zs.Zone][j] {
							t.Errorf("%s: fed by %s (%d entrants) after the move, but %d of its entrants live in %s's zone",
								f.SchoolID, f.JuniorID, in[zs.Zone][j], n, ds.Schools[o].ID)
						}
					}
				}
				if want := float64(in[zs.Zone][j]) / float64(total[zs.Zone]); math.Abs(*f.Share-want) > 1e-12 {
					t.Errorf("%s: share %v, want %d/%d", f.SchoolID, *f.Share, in[zs.Zone][j], total[zs.Zone])
				}
				if g := a.Feeders.Before[k]; g.JuniorID != f.JuniorID || !sameShare(g.Share, f.Share) {
					changed++
				}
			}
			if changed != len(a.Feeders.Changed) {
				t.Errorf("%d feeders changed, the answer lists %v", changed, a.Feeders.Changed)
			}
			t.Logf("%s: unit %d (%d migrant entrants) to zone %d: D %.4f → %.4f, %d feeder lines changed", lr.Level, u, mig[u], to,
				*a.Concentration.Before.Group(engine.GroupMigrant).Dissimilarity, *a.Concentration.After.Group(engine.GroupMigrant).Dissimilarity, changed)
		})
	}
}

// TestWebEquity: GET /api/v1/web/equity gives metrics.json's feeders with
// both campuses and each level's concentration, and no household id.
func TestWebEquity(t *testing.T) {
	res, _, base := defaultWeb(t)
	m := res.Metrics()
	r := get(t, base+"/api/v1/web/equity")
	if r.code != http.StatusOK {
		t.Fatalf("%d %s", r.code, r.body)
	}
	var e WebEquity
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatal(err)
	}
	if len(e.Feeders) != len(m.Feeders) || len(e.Feeders) == 0 {
		t.Fatalf("%d feeders, want metrics.json's %d", len(e.Feeders), len(m.Feeders))
	}
	ds := res.Dataset
	for k, f := range e.Feeders {
		want := m.Feeders[k]
		j, jj := ds.SchoolIndex(want.SchoolID), ds.SchoolIndex(want.JuniorID)
		if f.SchoolID != want.SchoolID || f.JuniorID != want.JuniorID || f.Location != ds.Schools[j].Loc ||
			(jj >= 0) != (f.JuniorLocation != nil) || jj >= 0 && *f.JuniorLocation != ds.Schools[jj].Loc {
			t.Errorf("feeder %d: %+v, want %+v", k, f, want)
		}
	}
	if len(e.Levels) != len(res.Levels) {
		t.Fatalf("levels %+v", e.Levels)
	}
	for i, l := range e.Levels {
		c := m.Levels[l.Level].Concentration
		if l.Level != string(res.Levels[i].Level) || l.Concentration == nil || c == nil ||
			*l.Concentration.Groups[0].Dissimilarity != *c.Groups[0].Dissimilarity {
			t.Errorf("level %d: %+v, want %s with metrics.json's %+v", i, l, res.Levels[i].Level, c)
		}
	}
}
