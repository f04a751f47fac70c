package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/zones"
)

// TestIndicesByHand: worked examples of D and xPx.
func TestIndicesByHand(t *testing.T) {
	cases := []struct {
		name       string
		m, t       []int
		d, x       float64 // by hand; NaN for null
		dNil, xNil bool
	}{
		// 20 of 100, all at the first school of 60: D = ½(|1 − 40/80| + |0 − 40/80|) = 0.5;
		// xPx = 1 × 20/60.
		{"cluster", []int{20, 0}, []int{60, 40}, 0.5, 1.0 / 3, false, false},
		// 10 and 10 of 50 and 50: every school at the share 0.2.
		{"even", []int{10, 10}, []int{50, 50}, 0, 0.2, false, false},
		// alone: the group's school holds nobody else.
		{"apart", []int{30, 0, 0}, []int{30, 40, 30}, 1, 1, false, false},
		// 3 of 10 at a school of 4, 1 at a school of 6 (M = 4, T = 10):
		// D = ½(|3/4 − 1/6| + |1/4 − 5/6|) = ½(7/12 + 7/12) = 7/12;
		// xPx = 3/4 × 3/4 + 1/4 × 1/6 = 9/16 + 1/24 = 29/48.
		{"small", []int{3, 1}, []int{4, 6}, 7.0 / 12, 29.0 / 48, false, false},
		{"no group", []int{0, 0}, []int{5, 5}, 0, 0, true, true},
		{"everyone", []int{5, 5}, []int{5, 5}, 0, 1, true, false},
		// M = 2, T = 8: D = ½(|2/2 − 2/6| + |0 − 4/6|) = 2/3; xPx = 1 × 2/4.
		{"empty school", []int{2, 0, 0}, []int{4, 0, 4}, 2.0 / 3, 0.5, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, x := Dissimilarity(tc.m, tc.t), Isolation(tc.m, tc.t)
			if (d == nil) != tc.dNil || d != nil && math.Abs(*d-tc.d) > 1e-12 {
				t.Errorf("D = %v, want %v (null %v)", ptr(d), tc.d, tc.dNil)
			}
			if (x == nil) != tc.xNil || x != nil && math.Abs(*x-tc.x) > 1e-12 {
				t.Errorf("xPx = %v, want %v (null %v)", ptr(x), tc.x, tc.xNil)
			}
		})
	}
}

func ptr(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

// TestIndicesProperties: on random schools, D is 0 and xPx the share when
// every school holds the group at the level's share; D and xPx are 1 when
// the group's schools hold nobody else; both lie in [0, 1], xPx is at least
// the share, and neither changes when the schools are relabelled.
func TestIndicesProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 2))
	for trial := range 500 {
		n := 2 + rng.IntN(12)
		// At the share p/q: every school a multiple of q entrants.
		q := 2 + rng.IntN(8)
		p := 1 + rng.IntN(q-1)
		m, tot := make([]int, n), make([]int, n)
		for j := range n {
			k := 1 + rng.IntN(20)
			tot[j], m[j] = k*q, k*p
		}
		if d := Dissimilarity(m, tot); d == nil || math.Abs(*d) > 1e-12 {
			t.Fatalf("trial %d: even spread %v of %v: D %s, want 0", trial, m, tot, ptr(d))
		}
		if x := Isolation(m, tot); x == nil || math.Abs(*x-float64(p)/float64(q)) > 1e-12 {
			t.Fatalf("trial %d: even spread: xPx %s, want the share %v", trial, ptr(x), float64(p)/float64(q))
		}
		// Apart: some schools hold only the group, the others none of it.
		for j := range n {
			tot[j] = 1 + rng.IntN(50)
			m[j] = 0
			if j%2 == 0 {
				m[j] = tot[j]
			}
		}
		if d := Dissimilarity(m, tot); d == nil || math.Abs(*d-1) > 1e-12 {
			t.Fatalf("trial %d: apart: D %s, want 1", trial, ptr(d))
		}
		if x := Isolation(m, tot); x == nil || math.Abs(*x-1) > 1e-12 {
			t.Fatalf("trial %d: apart: xPx %s, want 1", trial, ptr(x))
		}
		// Random, and relabelled.
		M, T := 0, 0
		for j := range n {
			tot[j] = rng.IntN(60)
			m[j] = 0
			if tot[j] > 0 {
				m[j] = rng.IntN(tot[j] + 1)
			}
			M += m[j]
			T += tot[j]
		}
		d, x := Dissimilarity(m, tot), Isolation(m, tot)
		if M == 0 || M == T {
			continue
		}
		share := float64(M) / float64(T)
		if *d < -1e-12 || *d > 1+1e-12 || *x < share-1e-12 || *x > 1+1e-12 {
			t.Fatalf("trial %d: %v of %v: D %v, xPx %v (share %v)", trial, m, tot, *d, *x, share)
		}
		perm := rng.Perm(n)
		pm, pt := make([]int, n), make([]int, n)
		for j, k := range perm {
			pm[k], pt[k] = m[j], tot[j]
		}
		if d2, x2 := Dissimilarity(pm, pt), Isolation(pm, pt); math.Abs(*d2-*d) > 1e-12 || math.Abs(*x2-*x) > 1e-12 {
			t.Fatalf("trial %d: relabelled: D %v → %v, xPx %v → %v", trial, *d, *d2, *x, *x2)
		}
	}
}

// clusterCounty is two primary schools 2 km apart with 60 places each and a
// row of 80 local households between them, 10 per spot at ±300, ±500,
// ±700 and ±900 m from the middle, and a neighbourhood of 20 migrant
// households without a residence permit 10 m west of the middle, in two
// lanes 400 m apart north–south (units of their own: 19.6 m nearer the west
// school each): one entrant each.
func clusterCounty() *dataset.Dataset {
	ds := &dataset.Dataset{Meta: dataset.Meta{Name: "测试县", BaseYear: 2021}}
	const lat = 44.19
	mid := 86.9
	dx := 1 / (111320 * math.Cos(lat*math.Pi/180)) // degrees of longitude per metre
	ds.Schools = []dataset.School{
		{ID: "w", Name: "西小学", Loc: orb.Point{mid - 1000*dx, lat}, PrimarySeats: 360, AreaType: dataset.Urban, Public: true},
		{ID: "e", Name: "东小学", Loc: orb.Point{mid + 1000*dx, lat}, PrimarySeats: 360, AreaType: dataset.Urban, Public: true},
	}
	dy := 1 / 111320.0 // degrees of latitude per metre
	add := func(x, y float64, n int, hukou dataset.Hukou, road string) {
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("h%03d", len(ds.Households))
			ds.Households = append(ds.Households, dataset.Household{ID: id, Loc: orb.Point{mid + x*dx, lat + (y+float64(i))*dy},
				Address: fmt.Sprintf("呼图壁镇%s%d号", road, i+1), Hukou: hukou})
			ds.Children = append(ds.Children, dataset.Child{ID: "c" + id, HouseholdID: id, BirthYear: 2016})
		}
	}
	for k, x := range []float64{-900, -700, -500, -300, 300, 500, 700, 900} {
		add(x, 0, 10, dataset.Local, fmt.Sprintf("园林%d路", k+1))
	}
	add(-10, 200, 10, dataset.Migrant, "新村一巷")
	add(-10, -200, 10, dataset.Migrant, "新村二巷")
	ds.Index()
	return ds
}

// TestEquityRunSplitsCluster runs clusterCounty under balanced and equity
// and reads the other migrants' dissimilarity from the metrics. The
// figures are worked out by hand when the two schools take 60 entrants a
// year (360 seats over six grades) and the neighbourhood's two lanes are
// units of their own: balanced seats all 20 in the west school (D 0.5,
// xPx 20/60); equity sends one lane east for 10 × 19.6 m, saving the
// price 10 × (8² + 8²) = 1,280 m, and splits them (D 0, xPx 0.2).
func TestEquityRunSplitsCluster(t *testing.T) {
	cfg := config.Default()
	cfg.Zoning.Distance = "straight"
	for _, tc := range []struct {
		obj  zones.Objective
		d, x float64
	}{
		{zones.Balanced, 0.5, 1.0 / 3},
		{zones.Equity, 0, 0.2},
	} {
		t.Run(string(tc.obj), func(t *testing.T) {
			res, err := Run(t.Context(), clusterCounty(), RunOptions{Year: 2022, Config: cfg, Objective: tc.obj})
			if err != nil {
				t.Fatal(err)
			}
			c := res.Metrics().Levels["primary"].Concentration
			if c == nil {
				t.Fatal("no concentration")
			}
			g := c.Group(GroupOther)
			t.Logf("%s: entrants %d, other migrants %d, D %s, xPx %s, concentrated %v", tc.obj, c.Entrants, g.Entrants,
				ptr(g.Dissimilarity), ptr(g.Isolation), g.Concentrated)
			if c.Entrants != 100 || g.Entrants != 20 || c.Group(GroupPermit).Entrants != 0 || c.Group(GroupMigrant).Entrants != 20 {
				t.Fatalf("entrants %d (want 100), other migrants %d (want 20)", c.Entrants, g.Entrants)
			}
			if g.Dissimilarity == nil || math.Abs(*g.Dissimilarity-tc.d) > 1e-12 {
				t.Errorf("D %s, want %v", ptr(g.Dissimilarity), tc.d)
			}
			if g.Isolation == nil || math.Abs(*g.Isolation-tc.x) > 1e-12 {
				t.Errorf("xPx %s, want %v", ptr(g.Isolation), tc.x)
			}
			// Balanced: the west school's share 20/60 is not above twice
			// 0.2; no school is listed either way.
			if len(g.Concentrated) != 0 {
				t.Errorf("concentrated %v, want none", g.Concentrated)
			}
		})
	}
}
