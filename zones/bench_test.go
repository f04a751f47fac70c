package zones

import (
	"context"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hutubi-edu/zoning/zones/benchmem"
)

// Benchmarks of the redraw at three sizes, on instances from instance_test.go:
//
//	BenchmarkRedrawDefault       the default dataset's primary level: 66,400 households, 2,460 entrants, 20 schools, capacity 115 % of the entrants
//	BenchmarkRedrawDefaultTight  the same with capacity 105 % of the entrants
//	BenchmarkRedraw200k          200,000 entrants in 200,000 households, 150 schools, capacity 110 %
//	BenchmarkRedraw1M            1,000,000 entrants in 1,000,000 households, 500 schools, capacity 110 %
//
// Each runs, on one instance, the sub-benchmarks
//
//	units       ZonedArea and BuildUnits
//	lowerbound  LowerBound (the transportation optimum)
//	optimizer   Redraw with default options
//	voronoi     the naive baseline: nearest school, then greedy capacity repair
//
// and reports, beside ns/op and the allocations, units (the number of
// units), gap_pct (the plan's mean distance above the lower bound, in %),
// zoned_pct (the share of entrants their zone's school can take),
// contig_pct (the share of zones connected in the unit graph), peak_MB (the
// most memory the Go runtime held during the sub-benchmark, sampled) and
// hwm_MB (the process's peak resident set so far, from /proc, with C
// allocations; Linux only). The one-level figures are for one redraw; both
// levels are two such redraws.
//
// BenchmarkRedraw200k and BenchmarkRedraw1M are skipped unless -bench names
// them (`-bench Redraw1M`) or ZONING_BENCH_LARGE=1 is set; scripts/bench.sh
// runs them all.

func BenchmarkRedrawDefault(b *testing.B) { benchRedraw(b, defaultSpec(1)) }

// BenchmarkRedrawDefaultTight is the default size with capacity 5 % above
// the entrants instead of 15 %.
func BenchmarkRedrawDefaultTight(b *testing.B) {
	s := defaultSpec(1)
	s.Name, s.Slack = "default-tight", 1.05
	benchRedraw(b, s)
}

func BenchmarkRedraw200k(b *testing.B) {
	largeBench(b, "200k")
	benchRedraw(b, spec200k(1))
}

func BenchmarkRedraw1M(b *testing.B) {
	largeBench(b, "1M")
	benchRedraw(b, spec1M(1))
}

// largeBench skips a large benchmark unless the -bench pattern names it or
// ZONING_BENCH_LARGE=1.
func largeBench(b *testing.B, name string) {
	if os.Getenv("ZONING_BENCH_LARGE") == "1" {
		return
	}
	if f := flag.Lookup("test.bench"); f != nil && strings.Contains(f.Value.String(), name) {
		return
	}
	b.Skipf("large: name %s in -bench or set ZONING_BENCH_LARGE=1", name)
}

func benchRedraw(b *testing.B, spec instSpec) {
	t0 := time.Now()
	in := genInstance(spec)
	b.Logf("%s: %d homes, %d entrants, %d schools generated in %v", spec.Name, len(in.homes), spec.Entrants, len(in.schools), time.Since(t0).Round(time.Millisecond))

	// Each stage is built on first need, so that any sub-benchmark can run
	// alone.
	var p *Problem
	problem := func(b *testing.B) *Problem {
		if p == nil {
			p = in.problem(b)
		}
		return p
	}
	var lb *float64
	bound := func(b *testing.B) float64 {
		if lb == nil {
			v, err := LowerBound(problem(b), 8)
			if err != nil || v == nil {
				b.Fatalf("lower bound: %v, %v", v, err)
			}
			lb = v
		}
		return *lb
	}
	report := func(b *testing.B, unitSchool []int, pm *benchmem.Probe) {
		p := problem(b)
		b.ReportMetric(float64(len(p.Units.Units)), "units")
		b.ReportMetric(100*(meanDist(p, unitSchool)/bound(b)-1), "gap_pct")
		b.ReportMetric(100*zonedShare(p, unitSchool), "zoned_pct")
		b.ReportMetric(100*connectedShare(p, unitSchool), "contig_pct")
		pm.Report(b)
	}

	b.Run("units", func(b *testing.B) {
		b.ReportAllocs()
		pm := benchmem.Start(false)
		var us *Units
		for b.Loop() {
			area, err := in.zonedArea()
			if err != nil {
				b.Fatal(err)
			}
			if us, err = BuildUnits(in.homes, area, spec.Res); err != nil {
				b.Fatal(err)
			}
		}
		pm.Stop()
		if p == nil {
			p = &Problem{Units: us, Homes: in.homes, Demand: in.demand, Schools: in.schools}
		}
		b.ReportMetric(float64(len(us.Units)), "units")
		pm.Report(b)
	})
	b.Run("lowerbound", func(b *testing.B) {
		p := problem(b)
		b.ReportAllocs()
		pm := benchmem.Start(false)
		for b.Loop() {
			v, err := LowerBound(p, 8)
			if err != nil || v == nil {
				b.Fatalf("lower bound: %v, %v", v, err)
			}
			lb = v
		}
		pm.Stop()
		b.ReportMetric(*lb, "bound_m")
		pm.Report(b)
	})
	b.Run("optimizer", func(b *testing.B) {
		p := problem(b)
		bound(b)
		b.ReportAllocs()
		pm := benchmem.Start(false)
		var pl Plan
		for b.Loop() {
			var err error
			if pl, err = Redraw(context.Background(), p, RedrawOptions{Seed: 1}); err != nil {
				b.Fatal(err)
			}
		}
		pm.Stop()
		report(b, pl.UnitSchool, pm)
	})
	b.Run("voronoi", func(b *testing.B) {
		p := problem(b)
		bound(b)
		b.ReportAllocs()
		pm := benchmem.Start(false)
		var plan []int
		for b.Loop() {
			plan = NearestPlan(p, 16)
		}
		pm.Stop()
		report(b, plan, pm)
	})
}

// TestNearestPlan checks the baseline on a path a–b–c–d with schools at a
// and d of capacities 3 and 1 and one entrant per unit: nearest gives
// {a,b} {c,d}; d's school is over by one, and its farthest unit c moves to
// a's school, which has room.
func TestNearestPlan(t *testing.T) {
	p := pathProblem(t, []int{1, 1, 1, 1}, []int{0, 3}, []int{3, 1})
	if got := NearestPlan(p, 16); !slices.Equal(got, []int{0, 0, 0, 1}) {
		t.Errorf("voronoi plan %v, want [0 0 0 1]", got)
	}
	// Without room anywhere the nearest assignment stays.
	p = pathProblem(t, []int{1, 1, 1, 1}, []int{0, 3}, []int{2, 1})
	if got := NearestPlan(p, 16); !slices.Equal(got, []int{0, 0, 1, 1}) {
		t.Errorf("voronoi plan %v, want [0 0 1 1]", got)
	}
}
