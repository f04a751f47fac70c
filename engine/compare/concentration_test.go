package compare_test

import (
	"context"
	"math"
	"testing"

	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// TestConcentration: with X's households migrants (every other one with a
// residence permit), every plan's row of the concentration table holds the
// dissimilarity counted here from the plan's seats and the households'
// hukou and permit (½ Σ |m_j/M − (t_j−m_j)/(T−M)|), the summary's rows
// show the same figures plan by plan, and the proposal, which moves X to
// the other school, changes them.
func TestConcentration(t *testing.T) {
	tw := comparetest.New()
	for i, id := range tw.XHouseholds {
		h := tw.DS.Household(id)
		h.Hukou, h.Permit = dataset.Migrant, i%2 == 0
	}
	c, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{
		{Name: "in force", Zones: tw.InForce}, {Name: "X", Zones: tw.Proposal}}, compare.Options{Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	rows := c.Concentration()
	if want := len(dataset.Levels) * len(engine.MigrantGroups) * len(c.Plans); len(rows) != want {
		t.Fatalf("%d rows, want %d", len(rows), want)
	}
	summary := map[string][]*float64{}
	for _, f := range c.Summary() {
		summary[f.Key] = f.Values
	}
	for _, r := range rows {
		ds := c.Plans[r.Plan].Result.Dataset
		in := func(h *dataset.Household) bool {
			switch r.Group {
			case engine.GroupPermit:
				return h.Hukou == dataset.Migrant && h.Permit
			case engine.GroupOther:
				return h.Hukou == dataset.Migrant && !h.Permit
			}
			return h.Hukou == dataset.Migrant
		}
		m, tot := map[int]float64{}, map[int]float64{}
		var M, T float64
		for _, st := range c.Plans[r.Plan].Result.Level(r.Level).Seats {
			if st.School < 0 {
				continue
			}
			tot[st.School]++
			T++
			if in(ds.Household(ds.Children[st.Child].HouseholdID)) {
				m[st.School]++
				M++
			}
		}
		if r.Entrants != int(M) {
			t.Errorf("%s %s plan %d: %d entrants, counted %v", r.Level, r.Group, r.Plan, r.Entrants, M)
		}
		key := string(r.Level) + ".dissimilarity_" + string(r.Group)
		if M == 0 || M == T {
			if r.Dissimilarity != nil || summary[key][r.Plan] != nil {
				t.Errorf("%s plan %d: D %v for %v of %v, want null", key, r.Plan, *r.Dissimilarity, M, T)
			}
			continue
		}
		var d float64
		for j := range tot {
			d += math.Abs(m[j]/M - (tot[j]-m[j])/(T-M))
		}
		d /= 2
		if r.Dissimilarity == nil || math.Abs(*r.Dissimilarity-d) > 1e-12 {
			t.Errorf("%s plan %d: D %v, counted %v", key, r.Plan, r.Dissimilarity, d)
		}
		if v := summary[key][r.Plan]; v == nil || *v != *r.Dissimilarity {
			t.Errorf("%s plan %d: summary %v, table %v", key, r.Plan, v, *r.Dissimilarity)
		}
	}
	d := summary["primary.dissimilarity_migrant"]
	if d[0] == nil || d[1] == nil || *d[0] == *d[1] {
		t.Errorf("primary D of the plan in force and the proposal: %v, %v; want both, different", d[0], d[1])
	} else {
		t.Logf("primary D: in force %.3f, proposal %.3f", *d[0], *d[1])
	}
}
