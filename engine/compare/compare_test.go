package compare_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/geo"
)

// haversine is the great-circle distance in metres on the sphere of
// FORMATS.md, written here apart from the geo package.
func haversine(a, b orb.Point) float64 {
	const r = 6371008.8
	rad := math.Pi / 180
	dLat, dLon := (b[1]-a[1])*rad, (b[0]-a[0])*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a[1]*rad)*math.Cos(b[1]*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// TestKnownChange: the proposal moves the compound X, and only X, from A to
// B: the moves are exactly X's entrants with their distances, X is the one
// place and unit that changes, A loses and B gains X's entrants, and the
// changed area is the strip between the two lines.
func TestKnownChange(t *testing.T) {
	tw := comparetest.New()
	c := comparetest.Compare(t, tw)
	ds := c.Dataset
	if len(c.Plans) != 2 || c.Plans[0].Change != nil || c.Plans[1].Change == nil {
		t.Fatalf("want the plan in force without a change and the proposal with one")
	}
	if c.Year != 2022 {
		t.Errorf("year %d, want the base year + 1 = 2022", c.Year)
	}
	ch := c.Plans[1].Change

	// Moves: exactly X's entrants, A → B, with their distances.
	want := map[string]dataset.Level{}
	for _, id := range tw.XPrimary {
		want[id] = dataset.Primary
	}
	for _, id := range tw.XJunior {
		want[id] = dataset.Junior
	}
	if len(ch.Moves) != len(want) {
		t.Errorf("%d moves, want X's %d entrants", len(ch.Moves), len(want))
	}
	a, b := ds.SchoolIndex("A"), ds.SchoolIndex("B")
	for _, m := range ch.Moves {
		id := ds.Children[m.Child].ID
		l, ok := want[id]
		if !ok {
			t.Errorf("child %s moves but is not X's", id)
			continue
		}
		if m.Level != l || m.Old != a || m.New != b {
			t.Errorf("child %s: %s %d → %d, want %s A → B", id, m.Level, m.Old, m.New, l)
		}
		home := ds.Households[m.Household].Loc
		if d := haversine(home, orb.Point{comparetest.LonA, comparetest.Lat}); math.Abs(m.OldDistM-d) > 0.01 {
			t.Errorf("child %s: old distance %.2f m, want %.2f", id, m.OldDistM, d)
		}
		if d := haversine(home, orb.Point{comparetest.LonB, comparetest.Lat}); math.Abs(m.NewDistM-d) > 0.01 {
			t.Errorf("child %s: new distance %.2f m, want %.2f", id, m.NewDistM, d)
		}
		if !slices.Contains(tw.XHouseholds, ds.Households[m.Household].ID) {
			t.Errorf("child %s: household %s is not X's", id, ds.Households[m.Household].ID)
		}
	}

	// Places and units: X alone, per level.
	for _, l := range dataset.Levels {
		entrants := len(tw.XPrimary)
		if l == dataset.Junior {
			entrants = len(tw.XJunior)
		}
		var places []compare.PlaceChange
		for _, p := range ch.Places {
			if p.Level == l {
				places = append(places, p)
			}
		}
		wantPlace := compare.PlaceChange{Level: l, Kind: compare.KindCompound, Name: "城关镇幸福小区",
			Old: compare.Zone{a}, New: compare.Zone{b}, Households: comparetest.XHouses, Entrants: entrants}
		if len(places) != 1 || !placeEqual(places[0], wantPlace) {
			t.Errorf("%s places %+v, want only %+v", l, places, wantPlace)
		}
		if ch.Households[l] != comparetest.XHouses {
			t.Errorf("%s: %d households change zone, want X's %d", l, ch.Households[l], comparetest.XHouses)
		}
		var units []compare.UnitChange
		for _, u := range ch.Units {
			if u.Level == l {
				units = append(units, u)
			}
		}
		if len(units) != 1 || !strings.Contains(units[0].Name, "幸福小区") || units[0].Households != comparetest.XHouses ||
			units[0].Entrants != entrants {
			t.Errorf("%s units %+v, want X alone with %d households and %d entrants", l, units, comparetest.XHouses, entrants)
		}
	}

	// Schools: A loses X's entrants, B gains them.
	// Primary entrants per school in force: A has 锦华苑 8 + 红山村 3 + X 6,
	// B has 天山花园 8. Junior: A 4 + X 2, B 2.
	type sc struct{ before, after, out, in int }
	wantSchools := map[string]sc{
		"primary A": {17, 11, 6, 0}, "primary B": {8, 14, 0, 6},
		"junior A": {6, 4, 2, 0}, "junior B": {2, 4, 0, 2},
	}
	for _, s := range ch.Schools {
		k := string(s.Level) + " " + ds.Schools[s.School].ID
		if got := (sc{s.Before, s.After, s.Out, s.In}); got != wantSchools[k] {
			t.Errorf("%s: before/after/out/in %+v, want %+v", k, got, wantSchools[k])
		}
		if s.HouseholdsOut+s.HouseholdsIn != comparetest.XHouses {
			t.Errorf("%s: households out %d in %d, want X's %d one way", k, s.HouseholdsOut, s.HouseholdsIn, comparetest.XHouses)
		}
	}

	// Areas: the settled land of X, A → B, per level: the fine cells
	// holding X's homes (all inside the strip between the lines).
	res := c.Plans[0].Result.Units.Resolution
	cells := map[geo.Cell]bool{}
	var homes []orb.Point
	for _, h := range ds.Households {
		if slices.Contains(tw.XHouseholds, h.ID) {
			cell, err := geo.CellOf(h.Loc, res)
			if err != nil {
				t.Fatal(err)
			}
			cells[cell] = true
			homes = append(homes, h.Loc)
		}
	}
	wantKm2 := 0.0
	for cell := range cells {
		wantKm2 += geo.CellAreaM2(cell) / 1e6
	}
	for _, l := range dataset.Levels {
		var got []compare.AreaChange
		for _, ar := range ch.Areas {
			if ar.Level == l {
				got = append(got, ar)
			}
		}
		if len(got) != 1 {
			t.Fatalf("%s: %d changed areas, want 1", l, len(got))
		}
		ar := got[0]
		if !slices.Equal(ar.Old, compare.Zone{a}) || !slices.Equal(ar.New, compare.Zone{b}) || ar.Households != comparetest.XHouses {
			t.Errorf("%s area %v → %v with %d households, want A → B with %d", l, ar.Old, ar.New, ar.Households, comparetest.XHouses)
		}
		if math.Abs(ar.AreaKm2-wantKm2) > 0.01*wantKm2 {
			t.Errorf("%s area %.4f km², want the %d cells of X's homes: %.4f", l, ar.AreaKm2, len(cells), wantKm2)
		}
		if bd := ar.Geometry.Bound(); bd.Min[0] < comparetest.LineProp || bd.Max[0] > comparetest.LineForce {
			t.Errorf("%s area spans lon %.4f–%.4f, outside the strip %.4f–%.4f", l, bd.Min[0], bd.Max[0], comparetest.LineProp, comparetest.LineForce)
		}
		for _, p := range homes {
			if !planar.MultiPolygonContains(ar.Geometry, p) {
				t.Errorf("%s area does not hold X's home at %v", l, p)
			}
		}
	}

	// The headlines agree.
	hs := c.Headlines()
	if len(hs) != 2 || hs[0].Level != dataset.Primary || hs[0].Moved != len(tw.XPrimary) || hs[0].Households != comparetest.XHouses ||
		hs[1].Moved != len(tw.XJunior) || hs[1].Households != comparetest.XHouses {
		t.Errorf("headlines %+v, want primary %d moved and junior %d, %d households each", hs, len(tw.XPrimary), len(tw.XJunior), comparetest.XHouses)
	}
	for _, w := range c.Warnings() {
		if w.Kind != compare.WarnGrowth { // B's growth: see TestGrowth
			t.Errorf("warning %v for two complete plans", w)
		}
	}

	// The summary agrees.
	for _, f := range c.Summary() {
		switch f.Key {
		case "primary.moved_entrants", "junior.moved_entrants":
			w := float64(len(tw.XPrimary))
			if f.Key == "junior.moved_entrants" {
				w = float64(len(tw.XJunior))
			}
			if f.Values[0] != nil || f.Values[1] == nil || *f.Values[1] != w {
				t.Errorf("%s: %v, want none for the plan in force and %v", f.Key, f.Values, w)
			}
		case "primary.zoned_ratio", "junior.zoned_ratio":
			for i, v := range f.Values {
				if v == nil || *v != 1 {
					t.Errorf("%s of plan %d: %v, want 1 (ample seats)", f.Key, i, v)
				}
			}
		}
	}
}

func placeEqual(a, b compare.PlaceChange) bool {
	return a.Level == b.Level && a.Kind == b.Kind && a.Name == b.Name && slices.Equal(a.Old, b.Old) &&
		slices.Equal(a.New, b.New) && a.Households == b.Households && a.Entrants == b.Entrants
}

// TestSamePlan: a plan compared with itself changes nothing and has the
// same figures.
func TestSamePlan(t *testing.T) {
	tw := comparetest.New()
	c, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{
		{Name: "a", Zones: tw.InForce}, {Name: "b", Zones: tw.InForce}}, compare.Options{Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	ch := c.Plans[1].Change
	if len(ch.Moves) != 0 || len(ch.Places) != 0 || len(ch.Units) != 0 || len(ch.Areas) != 0 {
		t.Errorf("a plan against itself: %d moves, %d places, %d units, %d areas; want none",
			len(ch.Moves), len(ch.Places), len(ch.Units), len(ch.Areas))
	}
	for _, f := range c.Summary() {
		if f.Values[0] == nil || f.Values[1] == nil {
			continue
		}
		if *f.Values[0] != *f.Values[1] {
			t.Errorf("%s: %v vs %v for the same plan", f.Key, *f.Values[0], *f.Values[1])
		}
	}
}

// TestHandDrawnGaps: a proposal that leaves homes outside every zone and
// draws a zone for a school without the level is reported, not repaired.
func TestHandDrawnGaps(t *testing.T) {
	tw := comparetest.New()
	gap := comparetest.ZonesSplitAt(comparetest.LineForce)
	gap[0].Geometry = comparetest.Rect(86.878, comparetest.LineForce) // primary A now misses the homes west of 86.878
	c, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{
		{Name: "现行", Zones: tw.InForce}, {Name: "缺口", Zones: gap}}, compare.Options{Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	west := 0
	for _, h := range tw.DS.Households {
		if h.Loc[0] < 86.878 {
			west++
		}
	}
	if got := c.Plans[1].Uncovered[dataset.Primary]; got != west || west == 0 {
		t.Errorf("uncovered primary households %d, want the %d west of the gap", got, west)
	}
	if got := c.Plans[1].Uncovered[dataset.Junior]; got != 0 {
		t.Errorf("uncovered junior households %d, want 0", got)
	}
	if w := c.Warnings(); len(w) != 1 || !strings.Contains(w[0].String(), "缺口") || !strings.Contains(w[0].String(), "primary") {
		t.Errorf("warnings %q, want one naming the plan 缺口 and the primary level", w)
	}
}

func TestCompareErrors(t *testing.T) {
	tw := comparetest.New()
	cfg := compare.Options{Config: config.Default()}
	bad := append(comparetest.ZonesSplitAt(comparetest.LineForce), dataset.Zone{Level: dataset.Primary, SchoolID: "Z", Geometry: comparetest.Rect(86.87, 86.88)})
	noSection := slices.Clone(tw.DS.Schools)
	noSection[1].JuniorSeats = 0
	cases := []struct {
		name  string
		ds    *dataset.Dataset
		plans []*compare.Plan
		want  []string
	}{
		{"one plan", tw.DS, []*compare.Plan{{Name: "a", Zones: tw.InForce}}, []string{"at least one proposal"}},
		{"unknown school", tw.DS, []*compare.Plan{{Name: "a", Zones: tw.InForce}, {Name: "b", Zones: bad}},
			[]string{`plan b: zone 5: school "Z" is not in the dataset`}},
		{"no section", func() *dataset.Dataset { d := *tw.DS; d.Schools = noSection; d.Index(); return &d }(),
			[]*compare.Plan{{Name: "a", Zones: tw.InForce}, {Name: "b", Zones: tw.Proposal}},
			[]string{"plan a: zone 4: B (东城学校) has no junior section", "plan b: zone 4"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compare.Compare(context.Background(), tc.ds, tc.plans, cfg)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestEmptyLandLeftOut: a proposal whose line moves over land without
// homes (a metre, or a hundred and fifty metres, off the one in force)
// changes no area: only land with households counts.
func TestEmptyLandLeftOut(t *testing.T) {
	tw := comparetest.New()
	for _, line := range []float64{comparetest.LineForce + 0.00001, comparetest.LineForce + 0.002} {
		c, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{
			{Name: "a", Zones: tw.InForce}, {Name: "b", Zones: comparetest.ZonesSplitAt(line)}}, compare.Options{Config: config.Default()})
		if err != nil {
			t.Fatal(err)
		}
		ch := c.Plans[1].Change
		if len(ch.Areas) != 0 || len(ch.Moves) != 0 {
			t.Errorf("line at %.5f: %d areas and %d moves, want none", line, len(ch.Areas), len(ch.Moves))
		}
		for _, f := range c.Summary() {
			if strings.HasSuffix(f.Key, ".changed_area_km2") && (f.Values[1] == nil || *f.Values[1] != 0) {
				t.Errorf("line at %.5f: %s %v, want 0", line, f.Key, f.Values[1])
			}
		}
	}
}

// TestMigrantFigures: 红山村's households are migrants with a residence
// permit (3 primary entrants); a proposal that leaves the village outside
// every zone drops their zoned ratio from 3/3 to 0/3, while all of them
// stay in public schools.
func TestMigrantFigures(t *testing.T) {
	tw := comparetest.New()
	for i := range tw.DS.Households {
		if h := &tw.DS.Households[i]; strings.Contains(h.Address, "红山村") {
			h.Hukou, h.Permit = dataset.Migrant, true
		}
	}
	gap := comparetest.ZonesSplitAt(comparetest.LineForce)
	gap[0].Geometry = comparetest.Rect(86.8755, comparetest.LineForce) // the village lies west of 86.8753
	c, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{
		{Name: "现行", Zones: tw.InForce}, {Name: "缺口", Zones: gap}}, compare.Options{Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]float64{"primary.migrant_zoned_ratio": {1, 0}, "county.migrants_public": {1, 1}}
	for _, f := range c.Summary() {
		w, ok := want[f.Key]
		if !ok {
			continue
		}
		delete(want, f.Key)
		for i, v := range f.Values {
			if v == nil || *v != w[i] {
				t.Errorf("%s of plan %d: %v, want %v", f.Key, i, v, w[i])
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("summary lacks %v", want)
	}
}

// TestOverlapWarned: a hand-drawn plan whose primary zones overlap over
// 天山花园 (lon 86.910–86.9135) says how many households lie in both.
func TestOverlapWarned(t *testing.T) {
	c, both := comparetest.Overlap(t, comparetest.New())
	want := fmt.Sprintf("重叠: %d households are in two primary zones", len(both))
	var w []compare.Warning
	for _, x := range c.Warnings() {
		if x.Kind != compare.WarnGrowth { // A's growth over 天山花园: see TestGrowth
			w = append(w, x)
		}
	}
	if len(both) == 0 || len(w) != 1 || !strings.HasPrefix(w[0].String(), want) {
		t.Errorf("warnings %q, want one starting %q", w, want)
	}
}
