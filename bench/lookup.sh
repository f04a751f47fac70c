#!/usr/bin/env bash
# Load test of the lookup service (zoning serve) on this machine, against
# 127.0.0.1 only: lookups by coordinates, then by address, each for a
# bounded time, with wrk (Debian package wrk). Prints requests/s and the
# latency percentiles of each.
#
#   bench/lookup.sh                 # 10 s each, 1 wrk thread, 16 connections
#   DURATION=30s THREADS=2 CONNS=64 bench/lookup.sh
#
# One wrk thread leaves the second of two cores to the server; with two,
# wrk takes CPU from the server it measures.
#
# The rate limit is turned off (--rate -1): wrk is one client. Access logs
# go to a file in the temporary folder (they are written, not dropped, so
# that their cost is measured). wrk and the server share the machine's
# cores, and so does any other work running at the time: report the load
# average printed with the figures.
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
THREADS=${THREADS:-1}
CONNS=${CONNS:-16}
PORT=${PORT:-18080}
SAMPLE=${SAMPLE:-2000}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
tmp=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/zoning" ./cmd/zoning
echo "# zone plan: zoning run of the embedded default"
"$tmp/zoning" run -q --out "$tmp/out" | tail -1

# Request lists: coordinates and addresses of a sample of the default's homes.
python3 - "$tmp" "$SAMPLE" <<'PY'
import csv, random, sys, urllib.parse
tmp, n = sys.argv[1], int(sys.argv[2])
rows = list(csv.DictReader(open("data/hutubi/households.csv", encoding="utf-8-sig")))
random.seed(5)
rows = random.sample(rows, min(n, len(rows)))
def lua(name, paths):
    with open(f"{tmp}/{name}.lua", "w", encoding="utf-8") as f:
        f.write("local paths = {\n")
        for p in paths:
            f.write(f'  "{p}",\n')
        f.write("}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n"
                "  return wrk.format(\"GET\", paths[i])\nend\n")
lua("coords", [f"/api/v1/lookup?lon={r['lon']}&lat={r['lat']}" for r in rows])
lua("address", ["/api/v1/lookup?address=" + urllib.parse.quote(r["address"]) for r in rows])
PY

"$tmp/zoning" serve -q=false --plan "$tmp/out" --addr "127.0.0.1:$PORT" --rate -1 >"$tmp/serve.out" 2>"$tmp/access.log" &
pid=$!
for _ in $(seq 1 100); do
	if curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; then break; fi
	sleep 0.2
done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "server not ready" >&2; cat "$tmp/serve.out" "$tmp/access.log" >&2; exit 1; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg); wrk -t$THREADS -c$CONNS -d$DURATION"
for kind in coords address; do
	echo "== lookup by $kind"
	wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$tmp/$kind.lua" "http://127.0.0.1:$PORT" |
		grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^zoning_http_requests_total\{route="/api/v1/lookup"'
