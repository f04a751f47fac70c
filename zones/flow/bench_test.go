package flow

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// haversine is the great-circle distance in metres between two points given as
// longitude, latitude in degrees, on the sphere of geo.EarthRadius (a copy of
// geo.Distance, so that this package's tests do not depend on geo).
func haversine(lon1, lat1, lon2, lat2 float64) float64 {
	const r = 6371008.8
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	s1 := math.Sin((p2 - p1) / 2)
	s2 := math.Sin((lon2 - lon1) * math.Pi / 360)
	h := s1*s1 + math.Cos(p1)*math.Cos(p2)*s2*s2
	return 2 * r * math.Asin(math.Sqrt(min(h, 1)))
}

// county is a random instance in a 60 km × 40 km box near Hutubi: locations
// and schools uniform, supplies 1 … 2×mean−1, capacities summing to 1.05 ×
// the entrants in random shares.
type county struct {
	supply, capacity []int64
	lon, lat         []float64 // locations
	slon, slat       []float64 // schools
	nearest          [][]int   // DefaultK nearest schools per location, by brute force
}

func (c *county) cost(i, j int) float64 {
	return haversine(c.lon[i], c.lat[i], c.slon[j], c.slat[j])
}

func newCounty(seed uint64, L, S int, meanSupply int64) *county {
	rng := rand.New(rand.NewPCG(seed, 99))
	const lon0, lat0 = 86.55, 43.95 // south-west corner
	dlon := 60000 / (111320 * math.Cos((lat0+0.18)*math.Pi/180))
	dlat := 40000 / 111320.0
	c := &county{supply: make([]int64, L), capacity: make([]int64, S)}
	var entrants int64
	for i := 0; i < L; i++ {
		c.lon = append(c.lon, lon0+rng.Float64()*dlon)
		c.lat = append(c.lat, lat0+rng.Float64()*dlat)
		c.supply[i] = 1 + rng.Int64N(2*meanSupply-1)
		entrants += c.supply[i]
	}
	w := make([]float64, S)
	var sw float64
	for j := 0; j < S; j++ {
		c.slon = append(c.slon, lon0+rng.Float64()*dlon)
		c.slat = append(c.slat, lat0+rng.Float64()*dlat)
		w[j] = 0.3 + rng.Float64()
		sw += w[j]
	}
	var seats int64
	for j := range c.capacity {
		c.capacity[j] = int64(1.05 * float64(entrants) * w[j] / sw)
		seats += c.capacity[j]
	}
	for j := 0; seats < entrants; j = (j + 1) % S {
		c.capacity[j]++
		seats++
	}
	c.nearest = bruteNearest(L, S, DefaultK, c.cost)
	return c
}

// bruteNearest returns the k nearest schools of every location by trying all.
func bruteNearest(L, S, k int, cost func(i, j int) float64) [][]int {
	out := make([][]int, L)
	parallel(2, L, func(_, lo, hi int) error {
		type dj struct {
			d float64
			j int
		}
		all := make([]dj, S)
		for i := lo; i < hi; i++ {
			for j := range all {
				all[j] = dj{cost(i, j), j}
			}
			slices.SortFunc(all, func(a, b dj) int {
				if a.d != b.d {
					if a.d < b.d {
						return -1
					}
					return 1
				}
				return a.j - b.j
			})
			n := min(k, S)
			out[i] = make([]int, n)
			for x := 0; x < n; x++ {
				out[i][x] = all[x].j
			}
		}
		return nil
	})
	return out
}

func (c *county) problem() TransportProblem {
	return TransportProblem{
		Supply:            c.supply,
		Capacity:          c.capacity,
		Cost:              c.cost,
		Candidates:        func(i, k int) []int { return c.nearest[i][:min(k, len(c.nearest[i]))] },
		NearestCandidates: true,
	}
}

// greedy is the baseline heuristic: each location in turn sends its entrants
// to the nearest schools that have seats left. It returns the total metres.
func (c *county) greedy() float64 {
	S := len(c.capacity)
	rem := slices.Clone(c.capacity)
	order := make([]int, S)
	d := make([]float64, S)
	var total float64
	for i, s := range c.supply {
		for j := range order {
			order[j] = j
			d[j] = c.cost(i, j)
		}
		slices.SortFunc(order, func(a, b int) int {
			if d[a] < d[b] {
				return -1
			}
			if d[a] > d[b] {
				return 1
			}
			return a - b
		})
		for _, j := range order {
			take := min(s, rem[j])
			s -= take
			rem[j] -= take
			total += float64(take) * d[j]
			if s == 0 {
				break
			}
		}
	}
	return total
}

var benchCases = []struct {
	name       string
	L, S       int
	meanSupply int64
}{
	{"county_2k_entrants_x40", 1000, 40, 2},
	{"30k_locations_x150", 30000, 150, 7},
	{"100k_locations_x500", 100000, 500, 10},
}

var (
	benchMu       sync.Mutex
	benchCounties = map[string]*county{}
)

func benchCounty(name string, L, S int, meanSupply int64) *county {
	benchMu.Lock()
	defer benchMu.Unlock()
	if c, ok := benchCounties[name]; ok {
		return c
	}
	c := newCounty(uint64(L*1000+S), L, S, meanSupply)
	benchCounties[name] = c
	return c
}

// BenchmarkTransport: 8 nearest candidates, greedy start, dual pricing.
func BenchmarkTransport(b *testing.B) {
	for _, bc := range benchCases {
		b.Run(bc.name, func(b *testing.B) {
			c := benchCounty(bc.name, bc.L, bc.S, bc.meanSupply)
			p := c.problem()
			b.ResetTimer()
			var sol *TransportSolution
			for b.Loop() {
				var err error
				if sol, err = Transport(p); err != nil {
					b.Fatal(err)
				}
			}
			mean, _ := sol.Mean()
			b.ReportMetric(mean, "mean_m")
			b.ReportMetric(float64(sol.Rounds), "rounds")
			b.ReportMetric(float64(sol.Pivots), "pivots")
			b.ReportMetric(float64(sol.Arcs), "arcs")
		})
	}
}

// BenchmarkTransportOwnCandidates: no candidate function, so Transport finds
// the nearest schools itself by trying every pair.
func BenchmarkTransportOwnCandidates(b *testing.B) {
	for _, bc := range benchCases[:2] {
		b.Run(bc.name, func(b *testing.B) {
			c := benchCounty(bc.name, bc.L, bc.S, bc.meanSupply)
			p := c.problem()
			p.Candidates, p.NearestCandidates = nil, false
			b.ResetTimer()
			for b.Loop() {
				if _, err := Transport(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGreedy is the baseline: nearest school with seats left, in
// location order. gap_% is its excess over the exact optimum.
func BenchmarkGreedy(b *testing.B) {
	for _, bc := range benchCases {
		b.Run(bc.name, func(b *testing.B) {
			c := benchCounty(bc.name, bc.L, bc.S, bc.meanSupply)
			sol, err := Transport(c.problem())
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			var total float64
			for b.Loop() {
				total = c.greedy()
			}
			b.ReportMetric(100*(total/sol.Total-1), "gap_%")
		})
	}
}

// BenchmarkFullGraph is the other baseline: the general solver on the
// complete bipartite graph from the artificial (Big-M) start, no candidates,
// no greedy start. Too big beyond 30k × 150.
func BenchmarkFullGraph(b *testing.B) {
	for _, bc := range benchCases[:2] {
		b.Run(bc.name, func(b *testing.B) {
			c := benchCounty(bc.name, bc.L, bc.S, bc.meanSupply)
			L, S := bc.L, bc.S
			units := make([]int64, L*S)
			for i := 0; i < L; i++ {
				for j := 0; j < S; j++ {
					units[i*S+j] = int64(math.Round(c.cost(i, j) * CostScale))
				}
			}
			b.ResetTimer()
			for b.Loop() {
				g := NewGraph(L + S + 1)
				var entrants int64
				for i, s := range c.supply {
					g.SetSupply(i, s)
					entrants += s
					for j := 0; j < S; j++ {
						g.AddArc(i, L+j, Inf, units[i*S+j])
					}
				}
				for j, cp := range c.capacity {
					g.AddArc(L+j, L+S, cp, 0)
				}
				g.SetSupply(L+S, -entrants)
				if _, err := g.MinCostFlow(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestBenchInstanceExact keeps the benchmark instance honest: on the county
// size, Transport equals the complete-graph optimum.
func TestBenchInstanceExact(t *testing.T) {
	c := newCounty(7, 1000, 40, 2)
	sol, err := Transport(c.problem())
	if err != nil {
		t.Fatal(err)
	}
	want := fullGraph(t, c.supply, c.capacity, c.cost)
	if sol.TotalUnits != want {
		t.Fatalf("total %d, full graph %d", sol.TotalUnits, want)
	}
	if g := c.greedy(); g < sol.Total-1e-6 {
		t.Fatalf("greedy %v beats the optimum %v", g, sol.Total)
	}
}
