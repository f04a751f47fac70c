#!/usr/bin/env bash
# Runs the project's benchmarks and prints a summary. The raw `go test -bench`
# output (benchstat reads it) goes to bench/results.txt.
#
#   scripts/bench.sh                everything, the large redraws included (about 12 min on 2 cores)
#   LARGE=0 scripts/bench.sh        without the large redraws (about 3 min)
#   COUNT=6 scripts/bench.sh        each benchmark 6 times, for benchstat
#   ONLY='^engine run (families|1M)' OUT=bench/families.txt scripts/bench.sh
#                                   only the groups whose label (== LABEL below) matches:
#                                   here `zoning run` on the generated counties (about 2 min)
#
# What runs:
#   zones/flow       the transportation solver (BenchmarkTransport, ...)
#   geo, geo/geos    distances, H3 cover, spatial indexes, GEOS
#   engine/dataset   loading the default dataset (BenchmarkLoad)
#   engine routes    walks from every campus over the road network and from
#                    every home to its k nearest campuses, on the default and
#                    on an urban district of 200k children and 150 campuses
#                    (BenchmarkRouteDistances: route; baseline: straight)
#   engine           `zoning run` on the default dataset (BenchmarkRunDefault);
#                    `zoning run` on a generated county of each family of
#                    data/county (BenchmarkFamilies: plains, tight, short,
#                    mountain, urban-200k; with LARGE=1 BenchmarkFamilies1M,
#                    1,000,000 children and 500 campuses), load to written
#                    outputs, each with the redraw and with the baseline
#                    (sub-benchmarks redraw, nearest); metrics: gap_pct,
#                    zoned_pct, contiguous_pct (and per level), cut_levels,
#                    peak_MB, hwm_MB.
#   engine/compare   `zoning compare` of the default's zones in force with its
#                    redraw: compare; baseline: run
#   engine/render    the pack's files of that comparison (render/pack: xlsx,
#                    geopackage, geojson) and the compare.html page
#                    (render/report: BenchmarkCompare*)
#   zones            the redraw: BenchmarkRedrawDefault, and with LARGE=1
#                    BenchmarkRedraw200k and BenchmarkRedraw1M (one level;
#                    both levels are two redraws). Sub-benchmarks: units,
#                    lowerbound, optimizer, voronoi (the naive baseline);
#                    metrics: gap_pct above the lower bound, zoned_pct,
#                    contig_pct, units, peak_MB, hwm_MB.
#
# Environment: COUNT (default 1), LARGE (1 or 0, default 1), LARGE_COUNT
# (repetitions of the large redraws, default 1), BENCHTIME (default 1s),
# OUT (default bench/results.txt), ONLY (an extended regular expression:
# only the groups whose label matches run; default all).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-1}
LARGE=${LARGE:-1}
LARGE_COUNT=${LARGE_COUNT:-1}
BENCHTIME=${BENCHTIME:-1s}
OUT=${OUT:-bench/results.txt}
ONLY=${ONLY:-}
GO=${GO:-go}

mkdir -p "$(dirname "$OUT")"
{
	echo "# scripts/bench.sh $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "# $($GO version), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (modified)')"
	echo "# $(nproc 2>/dev/null || echo '?') cores; load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
	echo "# COUNT=$COUNT LARGE=$LARGE LARGE_COUNT=$LARGE_COUNT BENCHTIME=$BENCHTIME${ONLY:+ ONLY=$ONLY}"
} >"$OUT"

failed=0
# bench LABEL [VAR=value ...] -- go test arguments
bench() {
	local label=$1
	shift
	local envs=()
	while [[ $1 != -- ]]; do
		envs+=("$1")
		shift
	done
	shift
	if [[ -n $ONLY ]] && ! [[ $label =~ $ONLY ]]; then
		return 0
	fi
	echo "== $label" >&2
	echo "# == $label (load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'))" >>"$OUT"
	if ! env "${envs[@]}" $GO test -run '^$' -benchmem "$@" 2>&1 | tee -a "$OUT" >&2; then
		echo "bench: $label failed" >&2
		failed=1
	fi
}

bench "zones/flow" -- -bench . -count "$COUNT" -benchtime "$BENCHTIME" ./zones/flow
bench "geo" -- -bench . -count "$COUNT" -benchtime "$BENCHTIME" ./geo/...
bench "engine/dataset load" -- -bench BenchmarkLoad -count "$COUNT" -benchtime "$BENCHTIME" ./engine/dataset
bench "engine route distances" -- -bench BenchmarkRouteDistances -count "$COUNT" -benchtime 1x -timeout 30m ./engine
bench "engine run default" -- -bench BenchmarkRunDefault -count "$COUNT" -benchtime "$BENCHTIME" -timeout 30m ./engine
bench "engine run families" -- -bench 'BenchmarkFamilies$' -count "$COUNT" -benchtime "$BENCHTIME" -timeout 60m ./engine
bench "engine/compare default" -- -bench BenchmarkCompareDefault -count "$COUNT" -benchtime "$BENCHTIME" -timeout 30m ./engine/compare
bench "engine/render pack default" -- -bench BenchmarkCompareDefault -count "$COUNT" -benchtime "$BENCHTIME" -timeout 30m ./engine/render/pack
bench "engine/render compare page" -- -bench 'BenchmarkCompare' -count "$COUNT" -benchtime "$BENCHTIME" ./engine/render/report
bench "zones redraw default" -- -bench BenchmarkRedrawDefault -count "$COUNT" -benchtime "$BENCHTIME" -timeout 30m ./zones
if [[ $LARGE == 1 ]]; then
	bench "zones redraw large" ZONING_BENCH_LARGE=1 -- -bench 'BenchmarkRedraw(200k|1M)' -count "$LARGE_COUNT" -benchtime 1x -timeout 120m ./zones
	bench "engine run 1M" ZONING_BENCH_LARGE=1 -- -bench 'BenchmarkFamilies1M' -count "$LARGE_COUNT" -benchtime 1x -timeout 120m ./engine
fi

# Summary: the mean of each metric over the repetitions, time in readable
# units, memory in MB.
echo
echo "Summary ($OUT):"
awk '
function human(ns) {
	if (ns >= 1e9) return sprintf("%.2f s", ns / 1e9)
	if (ns >= 1e6) return sprintf("%.2f ms", ns / 1e6)
	if (ns >= 1e3) return sprintf("%.2f µs", ns / 1e3)
	return sprintf("%.0f ns", ns)
}
/^Benchmark/ {
	name = $1
	sub(/-[0-9]+$/, "", name)
	if (!(name in runs)) order[++n] = name
	runs[name]++
	for (i = 3; i + 1 <= NF; i += 2) {
		key = name SUBSEP $(i + 1)
		if (!(key in sum)) units[name] = units[name] " " $(i + 1)
		sum[key] += $i
	}
}
END {
	for (k = 1; k <= n; k++) {
		name = order[k]
		line = sprintf("%-52s", name)
		m = split(units[name], us, " ")
		for (i = 1; i <= m; i++) {
			u = us[i]
			v = sum[name SUBSEP u] / runs[name]
			if (u == "ns/op") line = line sprintf("  %10s/op", human(v))
			else if (u == "B/op") line = line sprintf("  %9.1f MB/op", v / 1048576)
			else if (u == "allocs/op") line = line sprintf("  %9.0f allocs/op", v)
			else line = line sprintf("  %s=%.4g", u, v)
		}
		if (runs[name] > 1) line = line sprintf("  (mean of %d)", runs[name])
		print line
	}
}' "$OUT"
exit $failed
