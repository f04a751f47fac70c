package engine_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/hutubi-edu/zoning/data/county"
	"github.com/hutubi-edu/zoning/engine"
	"github.com/hutubi-edu/zoning/engine/config"
	"github.com/hutubi-edu/zoning/engine/dataset"
	"github.com/hutubi-edu/zoning/engine/render/report"
	"github.com/hutubi-edu/zoning/zones/benchmem"
)

// Benchmarks of `zoning run` on generated counties (data/county), one per
// family at the family's default size:
//
//	BenchmarkFamilies/plains     a plains county: 12,000 children, 11 campuses
//	BenchmarkFamilies/tight      the same with a magnet school and 2% spare places
//	BenchmarkFamilies/short      the same with the junior intake 5% short
//	BenchmarkFamilies/mountain   a sparse mountain county: 6,000 children
//	BenchmarkFamilies/urban-200k an urban district: 200,000 children, 150 campuses
//	BenchmarkFamilies1M          an urban district: 1,000,000 children, 500 campuses
//
// Each generates its county (seed 1, in the family's default address style)
// into a folder once, then times, per sub-benchmark, what `zoning run
// --simulate=false --data FOLDER` does: loading the folder, the units, both
// levels, and every output (zones.geojson, assignments.csv, metrics.json,
// zones.csv, report.html) written to disk. The sub-benchmark redraw runs the
// engine as shipped (the default configuration, whose time limit is 10 s a
// level); nearest runs the baseline instead of the redraw (zones.NearestPlan:
// the nearest school, then greedy capacity repair), on the same units, with
// everything else the same.
//
// Like the command (cmd/zoning/main.go), the benchmarks set a soft memory
// limit of 1.5 GiB unless GOMEMLIMIT is set, so that they measure the memory
// the command uses. They report, beside ns/op, from the last run's
// metrics.json: gap_pct (the worst level's mean distance above its lower
// bound, %; levels whose intake is short have none), primary_gap_pct and
// junior_gap_pct, zoned_pct (the share of both levels' entrants seated at
// their zone's school), primary_zoned_pct and junior_zoned_pct,
// contiguous_pct (the share of zones in one polygon), cut_levels (levels
// whose search the time limit cut short), and peak_MB (the most memory the Go
// runtime held from the OS during the runs, sampled every 5 ms) and hwm_MB
// (the process's peak resident set during the runs, C allocations such as
// GEOS's included, from /proc; Linux only: the peak is reset before the runs
// through /proc/self/clear_refs, else it counts from the process's start),
// and start_rss_MB (the resident set when the runs start: the test binary,
// and whatever an earlier sub-benchmark's C allocations left in the C heap,
// which hwm_MB counts too; the first sub-benchmark of a process, redraw, is
// the one to compare with the command).
//
// BenchmarkFamilies1M is skipped unless -bench names it (`-bench
// Families1M`) or ZONING_BENCH_LARGE=1 is set; scripts/bench.sh runs it
// with the large benchmarks.

func BenchmarkFamilies(b *testing.B) {
	for _, c := range []struct {
		name string
		spec county.Spec
	}{
		{"plains", county.Spec{Family: county.Plains, Seed: 1, Style: county.Henan}},
		{"tight", county.Spec{Family: county.Tight, Seed: 1, Style: county.Henan}},
		{"short", county.Spec{Family: county.Short, Seed: 1, Style: county.Henan}},
		{"mountain", county.Spec{Family: county.Mountain, Seed: 1, Style: county.Sichuan}},
		{"urban-200k", county.Spec{Family: county.Urban, Seed: 1, Style: county.Guangdong, Children: 200_000, Campuses: 150}},
	} {
		b.Run(c.name, func(b *testing.B) { benchFamily(b, c.spec) })
	}
}

func BenchmarkFamilies1M(b *testing.B) {
	if !benchLarge("Families1M") {
		b.Skip("large: name Families1M in -bench or set ZONING_BENCH_LARGE=1")
	}
	benchFamily(b, county.Spec{Family: county.Urban, Seed: 1, Style: county.Guangdong, Children: 1_000_000, Campuses: 500})
}

// benchLarge reports whether a large benchmark is to run: ZONING_BENCH_LARGE=1
// or a -bench pattern naming it.
func benchLarge(name string) bool {
	if os.Getenv("ZONING_BENCH_LARGE") == "1" {
		return true
	}
	f := flag.Lookup("test.bench")
	return f != nil && strings.Contains(f.Value.String(), name)
}

// commandMemoryLimit is cmd/zoning's soft memory limit (defaultMemoryLimit
// there).
const commandMemoryLimit = 3 << 29 // 1.5 GiB

// benchFamily generates a county into a folder and times `zoning run` on it,
// with the redraw and with the baseline.
func benchFamily(b *testing.B, spec county.Spec) {
	dir := b.TempDir()
	t0 := time.Now()
	summary := fmt.Sprintf("%s, generated and written in %v", generateCounty(b, spec, dir), time.Since(t0).Round(time.Millisecond))
	for _, v := range []struct {
		name   string
		redraw engine.Redrawer
	}{{"redraw", nil}, {"nearest", nearestRedraw}} {
		b.Run(v.name, func(b *testing.B) {
			if os.Getenv("GOMEMLIMIT") == "" {
				// The command's limit for the runs; the old one back after.
				defer debug.SetMemoryLimit(debug.SetMemoryLimit(commandMemoryLimit))
			}
			out := b.TempDir()
			cfg := config.Default()
			pm := benchmem.Start(true)
			var res *engine.Result
			for b.Loop() {
				res = zoningRun(b, dir, out, cfg, v.redraw)
			}
			pm.Stop()
			b.Log(summary)
			reportRun(b, res)
			pm.Report(b)
		})
	}
}

// generateCounty writes the county of spec into dir, and describes it. The
// generated dataset is dropped before the timed runs.
func generateCounty(b *testing.B, spec county.Spec, dir string) string {
	ds, _, err := county.Generate(spec)
	if err != nil {
		b.Fatal(err)
	}
	if err := ds.Write(dir); err != nil {
		b.Fatal(err)
	}
	return fmt.Sprintf("%s (%s style): %d households, %d children, %d campuses", spec.Family, spec.Style, len(ds.Households), len(ds.Children), len(ds.Schools))
}

// zoningRun does what `zoning run --simulate=false` does (cmd/zoning/run.go):
// load the folder, run, render every output and the report, write them.
func zoningRun(b *testing.B, dir, out string, cfg config.Config, redraw engine.Redrawer) *engine.Result {
	ds, err := dataset.LoadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	res, err := engine.Run(context.Background(), ds, engine.RunOptions{Config: cfg, Redraw: redraw})
	if err != nil {
		b.Fatal(err)
	}
	files, _, err := res.OutputFiles()
	if err != nil {
		b.Fatal(err)
	}
	if files[report.File], err = report.HTML(res, res.Metrics()); err != nil {
		b.Fatal(err)
	}
	if err := engine.WriteFiles(out, "run", files); err != nil {
		b.Fatal(err)
	}
	return res
}

// reportRun reports a run's figures from its metrics.
func reportRun(b *testing.B, res *engine.Result) {
	m := res.Metrics()
	worst, hasGap := 0.0, false
	var entrants, zoned, zones, contiguous, cut int
	var sizes []string
	for _, lr := range res.Levels {
		lm := m.Levels[string(lr.Level)]
		if lm.GapToLowerBound != nil {
			g := 100 * *lm.GapToLowerBound
			b.ReportMetric(g, string(lr.Level)+"_gap_pct")
			worst, hasGap = max(worst, g), true
		}
		if lm.ZonedRatio != nil {
			b.ReportMetric(100**lm.ZonedRatio, string(lr.Level)+"_zoned_pct")
			zoned += int(*lm.ZonedRatio*float64(lm.Entrants) + 0.5)
		}
		entrants += lm.Entrants
		zones += lm.Zones
		contiguous += lm.ContiguousZones
		if lr.RedrawStopped() {
			cut++
		}
		gap := "no lower bound"
		if lm.GapToLowerBound != nil {
			gap = fmt.Sprintf("gap %.2f%%", 100**lm.GapToLowerBound)
		}
		zr := 0.0
		if lm.ZonedRatio != nil {
			zr = 100 * *lm.ZonedRatio
		}
		sizes = append(sizes, fmt.Sprintf("%s %d entrants, intake %d: %d/%d zones contiguous, zoned %.2f%%, %s",
			lr.Level, lm.Entrants, lm.IntakeCapacity, lm.ContiguousZones, lm.Zones, zr, gap))
	}
	b.Logf("%d units; %s", len(res.Units.Units), strings.Join(sizes, "; "))
	if hasGap {
		b.ReportMetric(worst, "gap_pct")
	}
	if entrants > 0 {
		b.ReportMetric(100*float64(zoned)/float64(entrants), "zoned_pct")
	}
	if zones > 0 {
		b.ReportMetric(100*float64(contiguous)/float64(zones), "contiguous_pct")
	}
	b.ReportMetric(float64(cut), "cut_levels")
}
