package compare_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/compare"
	"github.com/hutubi-edu/zoning/engine/compare/comparetest"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
)

// TestSectionName: a campus with both sections names each with 小学部 or
// 初中部, once; a campus of one level keeps its name.
func TestSectionName(t *testing.T) {
	both := dataset.School{Name: "第三中学", PrimarySeats: 300, JuniorSeats: 300}
	said := dataset.School{Name: "第三中学初中部", PrimarySeats: 300, JuniorSeats: 300}
	one := dataset.School{Name: "第二中学", JuniorSeats: 900}
	for _, tc := range []struct {
		s     dataset.School
		level dataset.Level
		want  string
	}{
		{both, dataset.Primary, "第三中学小学部"},
		{both, dataset.Junior, "第三中学初中部"},
		{said, dataset.Junior, "第三中学初中部"},
		{one, dataset.Junior, "第二中学"},
	} {
		if got := compare.SectionName(&tc.s, tc.level); got != tc.want {
			t.Errorf("SectionName(%s, %s) = %s, want %s", tc.s.Name, tc.level, got, tc.want)
		}
	}
}

// entrantsOf lists the town's entrants of a level: primary children are
// born six years before the school year, junior ones are in grade 6.
func entrantsOf(ds *dataset.Dataset, l dataset.Level) []dataset.Child {
	var out []dataset.Child
	for _, c := range ds.Children {
		if (l == dataset.Primary) == (c.Grade == 0) {
			out = append(out, c)
		}
	}
	return out
}

// TestLongerTrips: the proposal moves X from A (west of it) to B (farther
// east): every one of X's entrants goes farther, by the difference of the
// great-circle distances to B and to A worked out here; the place is X.
func TestLongerTrips(t *testing.T) {
	tw := comparetest.New()
	c := comparetest.Compare(t, tw)
	ds := c.Dataset
	ch := c.Plans[1].Change
	for _, l := range dataset.Levels {
		var lt *compare.LongerTrips
		for i := range ch.Longer {
			if ch.Longer[i].Level == l {
				lt = &ch.Longer[i]
			}
		}
		if lt == nil {
			t.Fatalf("%s: no sum of longer trips", l)
		}
		ids := tw.XPrimary
		if l == dataset.Junior {
			ids = tw.XJunior
		}
		longer, far := 0, 0
		var oldSum, newSum, most float64
		for _, id := range ids {
			k := slices.IndexFunc(ds.Children, func(c dataset.Child) bool { return c.ID == id })
			home := ds.Household(ds.Children[k].HouseholdID).Loc
			o, n := haversine(home, orb.Point{comparetest.LonA, comparetest.Lat}), haversine(home, orb.Point{comparetest.LonB, comparetest.Lat})
			if n > o {
				longer++
				oldSum += o
				newSum += n
				most = max(most, n-o)
				if n-o > compare.FarTripM {
					far++
				}
			}
		}
		if longer == 0 || far == 0 {
			t.Fatalf("%s: the town moves nobody farther (by over 1 km): the test proves nothing", l)
		}
		if lt.Moved != len(ids) || lt.Longer != longer || lt.Far != far {
			t.Errorf("%s: moved %d, longer %d, far %d; want %d, %d, %d", l, lt.Moved, lt.Longer, lt.Far, len(ids), longer, far)
		}
		if len(lt.Places) != 1 {
			t.Fatalf("%s: places %+v, want X alone", l, lt.Places)
		}
		p := lt.Places[0]
		if p.Name != "城关镇幸福小区" || p.Kind != compare.KindCompound || p.Entrants != longer || p.Far != far ||
			ds.Schools[p.Old].ID != "A" || ds.Schools[p.New].ID != "B" {
			t.Errorf("%s: place %+v, want 城关镇幸福小区 A → B, %d longer, %d far", l, p, longer, far)
		}
		if math.Abs(p.OldMeanM-oldSum/float64(longer)) > 0.01 || math.Abs(p.NewMeanM-newSum/float64(longer)) > 0.01 ||
			math.Abs(p.MaxIncreaseM-most) > 0.01 {
			t.Errorf("%s: means %.2f → %.2f, largest %.2f; want %.2f → %.2f, %.2f", l, p.OldMeanM, p.NewMeanM, p.MaxIncreaseM,
				oldSum/float64(longer), newSum/float64(longer), most)
		}
	}
	// The summary counts them too.
	for _, f := range c.Summary() {
		if f.Key == "primary.longer_trips" && (f.Values[0] != nil || f.Values[1] == nil || *f.Values[1] != float64(len(tw.XPrimary))) {
			t.Errorf("%s: %v, want none in force and %d", f.Key, f.Values, len(tw.XPrimary))
		}
	}
}

// TestGrowth: a receiving school is flagged when its zone's households
// or its entrants' mean distance more than double; the counts and means
// are made here from the lines that cut the town, the school that loses
// homes is never flagged.
func TestGrowth(t *testing.T) {
	tw := comparetest.New()
	ds := tw.DS
	for _, line := range []float64{comparetest.LineProp, 86.871, comparetest.LineForce - 0.0001} {
		c, err := compare.Compare(context.Background(), ds, []*compare.Plan{
			{Name: "现行", Zones: tw.InForce}, {Name: "方案", Zones: comparetest.ZonesSplitAt(line)}}, compare.Options{Config: config.Default()})
		if err != nil {
			t.Fatal(err)
		}
		ch := c.Plans[1].Change
		// B's households and its entrants' mean distance east of a line.
		east := func(cut float64) (int, float64) {
			n := 0
			for _, h := range ds.Households {
				if h.Loc[0] > cut {
					n++
				}
			}
			sum, k := 0.0, 0
			for _, ch := range entrantsOf(ds, dataset.Primary) {
				if home := ds.Household(ch.HouseholdID).Loc; home[0] > cut {
					sum += haversine(home, orb.Point{comparetest.LonB, comparetest.Lat})
					k++
				}
			}
			return n, sum / float64(k)
		}
		hb, mb := east(comparetest.LineForce)
		ha, ma := east(line)
		wantHH, wantDist := ha > 2*hb, ma > 2*mb
		var got *compare.Growth
		for i, g := range ch.Growth {
			if ds.Schools[g.School].ID != "B" {
				t.Errorf("line %.4f: %s %s flagged; only B receives homes", line, g.Level, ds.Schools[g.School].ID)
			}
			if g.Level == dataset.Primary {
				got = &ch.Growth[i]
			}
		}
		if !wantHH && !wantDist {
			if got != nil {
				t.Errorf("line %.4f: B flagged %+v; households %d → %d, mean %.0f → %.0f m do not double", line, *got, hb, ha, mb, ma)
			}
			continue
		}
		if got == nil {
			t.Errorf("line %.4f: B not flagged; households %d → %d, mean %.0f → %.0f m", line, hb, ha, mb, ma)
			continue
		}
		if got.HouseholdsBefore != hb || got.HouseholdsAfter != ha || got.Households != wantHH || got.Distance != wantDist ||
			math.Abs(*got.MeanBefore-mb) > 0.01 || math.Abs(*got.MeanAfter-ma) > 0.01 {
			t.Errorf("line %.4f: B %+v, want households %d → %d (%v), mean %.2f → %.2f m (%v)", line, *got, hb, ha, wantHH, mb, ma, wantDist)
		}
		found := false
		for _, w := range c.Warnings() {
			if w.Kind == compare.WarnGrowth && w.Growth == got {
				found = strings.Contains(w.Chinese(), "东城学校小学部") && strings.Contains(w.Chinese(), "增加一倍以上")
			}
		}
		if !found {
			t.Errorf("line %.4f: no warning naming 东城学校小学部 for %+v", line, *got)
		}
	}
}

// TestCheckChanges: the checks that get worse are those that fail under
// the proposal and not in force, the better ones the reverse; together
// they account for the change in the count of failures; a plan against
// itself changes none.
func TestCheckChanges(t *testing.T) {
	tw := comparetest.New()
	for _, line := range []float64{comparetest.LineForce, comparetest.LineProp, 86.871, 86.925} {
		c, err := compare.Compare(context.Background(), tw.DS, []*compare.Plan{
			{Name: "现行", Zones: tw.InForce}, {Name: "方案", Zones: comparetest.ZonesSplitAt(line)}}, compare.Options{Config: config.Default()})
		if err != nil {
			t.Fatal(err)
		}
		ch := c.Plans[1].Change
		key := func(s, id, l, k string) string { return s + "|" + id + "|" + l + "|" + k }
		failed := func(o *compare.Outcome) []string {
			var out []string
			for _, ck := range o.Standard.Report.Checks {
				if !ck.Pass && !ck.Skipped {
					out = append(out, key(ck.Scope, ck.SchoolID, ck.Level, ck.Key))
				}
			}
			return out
		}
		fb, fp := failed(c.Plans[0]), failed(c.Plans[1])
		for _, ck := range ch.Worse {
			k := key(ck.Scope, ck.SchoolID, ck.Level, ck.Key)
			if slices.Contains(fb, k) || !slices.Contains(fp, k) {
				t.Errorf("line %.4f: worse %s does not fail only under the proposal", line, k)
			}
		}
		for _, ck := range ch.Better {
			k := key(ck.Scope, ck.SchoolID, ck.Level, ck.Key)
			if !slices.Contains(fb, k) || slices.Contains(fp, k) {
				t.Errorf("line %.4f: better %s does not fail only in force", line, k)
			}
		}
		if len(fp)-len(fb) != len(ch.Worse)-len(ch.Better) {
			t.Errorf("line %.4f: failures %d → %d, but %d worse and %d better", line, len(fb), len(fp), len(ch.Worse), len(ch.Better))
		}
		if line == comparetest.LineForce && len(ch.Worse)+len(ch.Better) != 0 {
			t.Errorf("the plan in force against itself: %d worse, %d better", len(ch.Worse), len(ch.Better))
		}
		for _, g := range c.GroupChecks(ch.Worse) {
			if g.Name == "" || len(g.Checks) == 0 || !strings.HasPrefix(g.Text(), g.Name) {
				t.Errorf("line %.4f: group %+v", line, g)
			}
		}
	}
}
