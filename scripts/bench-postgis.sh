#!/usr/bin/env bash
# Benchmark of zoning serve --db (README, "Publishing to PostGIS"): N
# generated counties (engine/planstore/benchgen: every family and address
# style of data/county, each on its own square) published to a throw-away
# PostgreSQL cluster, one replica serving them, and wrk asking lookups by
# point, by address with the county's name in front, and by address alone
# (every county's gazetteer asked). Prints throughput, p99, the replica's
# memory and the load average.
#
#   scripts/bench-postgis.sh [N] [SECONDS]     # default 100 counties, 20 s per run
#   RUNS='points:2 points:8' scripts/bench-postgis.sh   # only these runs (kind:connections)
#
# Needs postgresql, postgresql-15-postgis-3 and wrk (make setup installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100}
SECS=${2:-20}
OUT=${OUT:-$(mktemp -d /tmp/bench-postgis.XXXXXX)}
PORT=${PORT:-18080}
GO="$(scripts/go.sh 2>/dev/null || command -v go)"
command -v wrk >/dev/null || { echo "bench-postgis: wrk not installed (apt-get install wrk)" >&2; exit 1; }

"$GO" build -o "$OUT/zoning" ./cmd/zoning
"$GO" build -o "$OUT/benchgen" ./engine/planstore/benchgen

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"$OUT/benchgen" -n "$N" -out "$OUT" 2>"$OUT/benchgen.log" >"$OUT/benchgen.out" &
pids+=($!)
until [ -s "$OUT/db-url" ]; do
	kill -0 "${pids[0]}" 2>/dev/null || { cat "$OUT/benchgen.log" >&2; exit 1; }
	sleep 1
done
cat "$OUT/benchgen.out"
DB=$(cat "$OUT/db-url")

start=$(date +%s)
# The replica's heap kept near what is live (zoning's own default is 1.5 GiB).
GOMEMLIMIT=${GOMEMLIMIT:-900MiB} "$OUT/zoning" serve --db "$DB" --addr "127.0.0.1:$PORT" --rate -1 -q >"$OUT/serve.log" 2>&1 &
SRV=$!
pids+=($SRV)
until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; do
	kill -0 "$SRV" 2>/dev/null || { cat "$OUT/serve.log" >&2; exit 1; }
	sleep 0.2
done
loaded=$(($(date +%s) - start))
counties=$(curl -s "http://127.0.0.1:$PORT/readyz" | grep -o '"code"' | wc -l)
echo "replica ready with $counties counties in ${loaded} s; $(grep VmRSS /proc/$SRV/status | tr -s ' ')"

cat >"$OUT/lookup.lua" <<'LUA'
local urls = {}
for line in io.lines(os.getenv("URLS")) do urls[#urls + 1] = line end
local i = math.random(#urls)
request = function()
	i = i % #urls + 1
	return wrk.format("GET", urls[i])
end
local failed = 0
response = function(status) if status ~= 200 then failed = failed + 1 end end
done = function(summary, latency, requests)
	io.write(string.format("non-2xx %d; p50 %.2f ms, p99 %.2f ms\n", summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA

printf '\n| lookups | connections | requests/s | p99 | non-200 | RSS after | load average (1, 5, 15 min) |\n|---|---|---|---|---|---|---|\n' >"$OUT/table.md"
for run in ${RUNS:-points:2 points:8 points:32 addresses:32 addresses-bare:32}; do
	kind=${run%:*} conns=${run#*:}
	URLS="$OUT/$kind.txt" wrk -t2 -c"$conns" -d"${SECS}s" --latency -s "$OUT/lookup.lua" "http://127.0.0.1:$PORT" >"$OUT/wrk-$kind-$conns.txt"
	rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT/wrk-$kind-$conns.txt")
	p99=$(awk '/ 99%/ {print $2}' "$OUT/wrk-$kind-$conns.txt")
	bad=$(awk '/^non-2xx/ {print $2}' "$OUT/wrk-$kind-$conns.txt" | tr -d ';')
	rss=$(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' /proc/$SRV/status)
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	echo "$kind, $conns connections: $rps requests/s, p99 $p99, non-200 $bad, $rss, load $load"
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$kind" "$conns" "$rps" "$p99" "$bad" "$rss" "$load" >>"$OUT/table.md"
done
hwm=$(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' /proc/$SRV/status)
echo "peak RSS of the replica: $hwm; $(nproc) cores"
cat "$OUT/table.md"
echo "files in $OUT"
