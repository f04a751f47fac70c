package synth

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		n       int
		weights []float64
		want    []int
	}{
		{10, []float64{1, 1}, []int{5, 5}},
		{10, []float64{1, 1, 1}, []int{4, 3, 3}},
		{7, []float64{3, 1}, []int{5, 2}}, // 5.25 and 1.75: the larger remainder gets the spare
		{0, []float64{2, 5}, []int{0, 0}},
		{3, []float64{1}, []int{3}},
	}
	for _, tt := range tests {
		got := split(tt.n, tt.weights)
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("split(%d, %v) = %v, want %v", tt.n, tt.weights, got, tt.want)
				break
			}
		}
	}
}

// Property: the parts add up to n and each is within one of its exact share.
func TestSplitProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		n := r.IntN(10000)
		w := make([]float64, 1+r.IntN(12))
		var sum float64
		for i := range w {
			w[i] = 0.01 + r.Float64()
			sum += w[i]
		}
		got := split(n, w)
		total := 0
		for i, x := range got {
			total += x
			if exact := float64(n) * w[i] / sum; math.Abs(float64(x)-exact) >= 1 {
				t.Fatalf("split(%d, %v)[%d] = %d, exact share %.3f", n, w, i, x, exact)
			}
		}
		if total != n {
			t.Fatalf("split(%d, %v) adds up to %d", n, w, total)
		}
	}
}

func TestVillageName(t *testing.T) {
	tests := map[string]string{
		"红山村委会":    "红山村",
		"园户村村委会":   "园户村村",
		"福海新村委会":   "福海新村",
		"二十里店村委会":  "二十里店村",
		"委会":       "委会",
		"北园社区居委会":  "北园社区居",
		"霍斯铁热克村委会": "霍斯铁热克村",
	}
	for in, want := range tests {
		if got := villageName(in); got != want {
			t.Errorf("villageName(%q) = %q, want %q", in, got, want)
		}
	}
}

// Property: a house stands where its number says; reading the number back
// from the place gives the same number, on every road of every town.
func TestHouseNumbersRoundTrip(t *testing.T) {
	for _, tw := range townships {
		c := tw.Centre
		if c == nil {
			continue
		}
		for r := range c.roads() {
			for n := 1; n <= 2*c.slots(r); n++ {
				if got := c.numberAt(r, c.slotPoint(r, n)); got != n {
					t.Fatalf("%s %s: house %d reads back as %d", tw.Name, c.roads()[r].Name, n, got)
				}
			}
		}
	}
}

func TestPick(t *testing.T) {
	p := []float64{0.2, 0.5, 0.3}
	tests := []struct {
		r    float64
		want int
	}{{0, 0}, {0.19, 0}, {0.2, 1}, {0.69, 1}, {0.7, 2}, {0.999, 2}, {1.5, 2}}
	for _, tt := range tests {
		if got := pick(tt.r, p); got != tt.want {
			t.Errorf("pick(%v) = %d, want %d", tt.r, got, tt.want)
		}
	}
}

// The hand-typed facts lie where they should: inside the county outline,
// the seat's communities inside its road grid.
func TestFactsInsideCounty(t *testing.T) {
	county := outline()
	if county[0][0] != county[0][len(county[0])-1] {
		t.Fatal("the county outline is not closed")
	}
	for _, tw := range townships {
		for _, v := range tw.Villages {
			if !planar.PolygonContains(county, orb.Point{v.Lon, v.Lat}) {
				t.Errorf("%s %s at %v, %v lies outside the county", tw.Name, v.Committee, v.Lon, v.Lat)
			}
			if v.Groups < 1 || v.Weight <= 0 {
				t.Errorf("%s %s has %d groups, weight %v", tw.Name, v.Committee, v.Groups, v.Weight)
			}
		}
		if c := tw.Centre; c != nil {
			ew, ns := c.Grid.EW, c.Grid.NS
			for _, cm := range c.Communities {
				if cm.Lon < ns[0].Pos-0.005 || cm.Lon > ns[len(ns)-1].Pos+0.005 ||
					cm.Lat < ew[0].Pos-0.005 || cm.Lat > ew[len(ew)-1].Pos+0.005 {
					t.Errorf("%s: community %s lies off the town", tw.Name, cm.Name)
				}
			}
		}
	}
	total := 0
	for _, b := range births {
		total += b.N
	}
	if total < 30000 || total > 35000 {
		t.Errorf("births add up to %d", total)
	}
}

func TestOffsetAndDistance(t *testing.T) {
	p := orb.Point{86.9, 44.19}
	for _, d := range []float64{10, 300, 1800} {
		if got := metres(p, offset(p, d, 0)); math.Abs(got-d) > d*1e-3 {
			t.Errorf("%v m east measures %v m", d, got)
		}
		if got := metres(p, offset(p, 0, -d)); math.Abs(got-d) > d*1e-3 {
			t.Errorf("%v m south measures %v m", d, got)
		}
	}
}
