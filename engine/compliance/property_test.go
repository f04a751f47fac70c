package compliance

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/hutubi-edu/zoning/engine/config"
)

// The weighted CV equals the plain population CV of the list in which each
// school's value is repeated once per student (brute force).
func TestWeightedCVBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for it := 0; it < 500; it++ {
		k := 1 + rng.IntN(6)
		n := make([]int, k)
		x := make([]float64, k)
		var expanded []float64
		for i := range n {
			n[i] = rng.IntN(8) // 0 students carry no weight
			x[i] = float64(rng.IntN(2000)) / 100
			for j := 0; j < n[i]; j++ {
				expanded = append(expanded, x[i])
			}
		}
		got, ok := WeightedCV(n, x)
		mean := 0.0
		for _, v := range expanded {
			mean += v
		}
		if len(expanded) == 0 || mean == 0 {
			if ok {
				t.Fatalf("n=%v x=%v: ok with no weight or zero mean", n, x)
			}
			continue
		}
		mean /= float64(len(expanded))
		ss := 0.0
		for _, v := range expanded {
			ss += (v - mean) * (v - mean)
		}
		want := math.Sqrt(ss/float64(len(expanded))) / mean
		if !ok || math.Abs(got-want) > 1e-9*math.Max(1, want) {
			t.Fatalf("n=%v x=%v: got %v %v, brute force %v", n, x, got, ok, want)
		}
	}
}

// The CV does not change when every value is scaled or every weight
// multiplied, nor when the schools are permuted.
func TestWeightedCVInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for it := 0; it < 300; it++ {
		k := 1 + rng.IntN(8)
		n := make([]int, k)
		x := make([]float64, k)
		for i := range n {
			n[i] = 1 + rng.IntN(1000)
			x[i] = 0.1 + rng.Float64()*10
		}
		cv, ok := WeightedCV(n, x)
		if !ok || cv < 0 {
			t.Fatalf("cv %v %v", cv, ok)
		}
		s := 0.5 + rng.Float64()*100
		xs := make([]float64, k)
		ns := make([]int, k)
		for i := range x {
			xs[i] = x[i] * s
			ns[i] = n[i] * 3
		}
		perm := rng.Perm(k)
		np, xp := make([]int, k), make([]float64, k)
		for i, j := range perm {
			np[i], xp[i] = n[j], x[j]
		}
		for name, got := range map[string][2]any{
			"scaled":   {xs, n},
			"weights":  {x, ns},
			"permuted": {xp, np},
		} {
			v, _ := WeightedCV(got[1].([]int), got[0].([]float64))
			if math.Abs(v-cv) > 1e-9 {
				t.Fatalf("%s: %v vs %v", name, v, cv)
			}
		}
	}
}

// SplitCampus: the shares add up to the campus, both sections get the
// campus's per-student figure, nil stays nil.
func TestSplitCampusProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for it := 0; it < 500; it++ {
		var campus Resources
		for _, f := range campus.fields() {
			if rng.IntN(4) > 0 {
				v := float64(rng.IntN(100000)) / 10
				*f = &v
			}
		}
		ps, js := rng.IntN(2000), rng.IntN(2000)
		p, j := SplitCampus(campus, ps, js)
		cf, pf, jf := campus.fields(), p.fields(), j.fields()
		for i := range cf {
			if *cf[i] == nil {
				if *pf[i] != nil || *jf[i] != nil {
					t.Fatalf("nil input %d split", i)
				}
				continue
			}
			c, a, b := **cf[i], **pf[i], **jf[i]
			if a+b != c {
				t.Fatalf("%v + %v != %v", a, b, c)
			}
			if ps+js == 0 {
				if math.Abs(a-c/2) > 1e-9*c {
					t.Fatalf("both empty: %v of %v not halved", a, c)
				}
				continue
			}
			per := c / float64(ps+js)
			if ps > 0 && math.Abs(a/float64(ps)-per) > 1e-9*math.Max(1, per) {
				t.Fatalf("primary per student %v, campus %v", a/float64(ps), per)
			}
			if js > 0 && math.Abs(b/float64(js)-per) > 1e-9*math.Max(1, per) {
				t.Fatalf("junior per student %v, campus %v", b/float64(js), per)
			}
			if *cf[i] == *pf[i] || *cf[i] == *jf[i] {
				t.Fatal("split shares the campus's pointer")
			}
		}
	}
}

// A nine-year campus split by enrolment has the same per-student indicator
// in both sections, and the split values round-trip through SetResources.
func TestSplitCampusIntoSections(t *testing.T) {
	campus := Resources{TeachingAreaM2: fp(9000), SportsAreaM2: fp(15000)}
	p := Section{SchoolID: "n", Level: Primary, Students: 1200, NineYear: true}
	j := Section{SchoolID: "n", Level: Junior, Students: 300, NineYear: true}
	rp, rj := SplitCampus(campus, p.Students, j.Students)
	p.SetResources(rp)
	j.SetResources(rj)
	// 9000 m² for 1500 students: 6 m² each; 7200 and 1800 m².
	if *p.TeachingAreaM2 != 7200 || *j.TeachingAreaM2 != 1800 || p.Resources() != rp {
		t.Fatalf("split %v %v", *p.TeachingAreaM2, *j.TeachingAreaM2)
	}
	r := eval(config.Default().Policy, p, j)
	if c := find(t, r, "n", Primary, KeyTeachingArea); *c.Value != 6 || !c.Pass {
		t.Errorf("primary %s", c.Text)
	}
	// 6 < 5.8? no: 6 ≥ 5.8 passes junior too; sports 10 m² < 10.2 fails junior, passes primary.
	if c := find(t, r, "n", Junior, KeySportsArea); *c.Value != 10 || c.Pass || c.Text != "2023 n初中部: 生均体育运动场馆面积 10 m² < 10.2 m²" {
		t.Errorf("junior %s", c.Text)
	}
	if c := find(t, r, "n", Primary, KeySportsArea); *c.Value != 10 || !c.Pass {
		t.Errorf("primary sports %s", c.Text)
	}
}

// The numbers of a Text sit on the side of the limit its sign says, and
// the sign agrees with the verdict, for random values near the limit.
func TestTextAgreesWithVerdict(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	def := config.Default().Policy
	for it := 0; it < 2000; it++ {
		students := 50 + rng.IntN(3000)
		s := full("a", Primary, students)
		// Within ±1% of 4.5 m² per student, to 0.1 m² of total area.
		area := math.Round(4.5*float64(students)*(0.99+0.02*rng.Float64())*10) / 10
		s.TeachingAreaM2 = fp(area)
		c := find(t, eval(def, s), "a", Primary, KeyTeachingArea)
		fields := strings.Fields(strings.TrimPrefix(c.Text, "2023 a: 生均教学及辅助用房面积 "))
		// fields: value m² sign limit m²
		if len(fields) != 5 {
			t.Fatalf("text %q", c.Text)
		}
		v, err1 := strconv.ParseFloat(fields[0], 64)
		lim, err2 := strconv.ParseFloat(fields[3], 64)
		if err1 != nil || err2 != nil || lim != 4.5 {
			t.Fatalf("text %q", c.Text)
		}
		exact := area / float64(students)
		if (exact >= 4.5) != c.Pass {
			t.Fatalf("%v/%d: pass %v", area, students, c.Pass)
		}
		switch fields[2] {
		case "≥":
			if !c.Pass || v < lim {
				t.Fatalf("%q with pass %v", c.Text, c.Pass)
			}
		case "<":
			if c.Pass || v >= lim {
				t.Fatalf("%q with pass %v", c.Text, c.Pass)
			}
		default:
			t.Fatalf("sign in %q", c.Text)
		}
	}
}

// Every check carries a year-prefixed sentence; a county is passed exactly
// when no check failed; skipped checks never pass.
func TestReportInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	def := config.Default().Policy
	for it := 0; it < 200; it++ {
		c := randomCounty(rng)
		r := Evaluate(c, def)
		failed := 0
		for _, ch := range r.Checks {
			if ch.Year != c.Year || !strings.HasPrefix(ch.Text, strconv.Itoa(c.Year)+" ") {
				t.Fatalf("year: %+v", ch)
			}
			if ch.Skipped && ch.Pass {
				t.Fatalf("skipped and passed: %+v", ch)
			}
			if ch.Scope != ScopeSchool && ch.Scope != ScopeCounty {
				t.Fatalf("scope %q", ch.Scope)
			}
			if ch.Failed() {
				failed++
			}
		}
		if r.Passed() != (failed == 0) || len(r.Failures()) != failed {
			t.Fatalf("passed %v with %d failures", r.Passed(), failed)
		}
		// One school_size check per campus.
		seen := map[string]int{}
		for _, ch := range r.Checks {
			if ch.Key == KeySchoolSize {
				seen[ch.SchoolID]++
			}
		}
		for id, k := range seen {
			if k != 1 {
				t.Fatalf("%s has %d school_size checks", id, k)
			}
		}
	}
}

func randomCounty(rng *rand.Rand) County {
	c := County{Year: 2020 + rng.IntN(10), Nearby: map[string]Nearby{}}
	k := rng.IntN(12)
	for i := 0; i < k; i++ {
		level := Primary
		if rng.IntN(2) == 0 {
			level = Junior
		}
		s := full(string(rune('a'+rng.IntN(8))), level, rng.IntN(2500))
		s.MaxClassSize = rng.IntN(60)
		s.Classes = rng.IntN(50)
		s.NineYear = rng.IntN(3) == 0
		for _, f := range []**float64{&s.TeachingAreaM2, &s.SportsAreaM2, &s.TeachersPEArt, &s.MultimediaRooms} {
			switch rng.IntN(4) {
			case 0:
				*f = nil
			case 1:
				*f = fp(**f * rng.Float64())
			}
		}
		if rng.IntN(2) == 0 {
			s.MusicRooms = ip(rng.IntN(5))
		}
		c.Sections = append(c.Sections, s)
	}
	for _, l := range []string{Primary, Junior} {
		n := rng.IntN(100)
		c.Nearby[l] = Nearby{Zoned: rng.IntN(n + 1), Counted: n}
	}
	c.MigrantsEligible = rng.IntN(100)
	c.MigrantsPublic = rng.IntN(c.MigrantsEligible + 1)
	return c
}
