#!/usr/bin/env bash
# Takes a screenshot of a run's report with headless Chromium, offline.
#
#   scripts/screenshot.sh [REPORT.html] [OUT.png] [WIDTHxHEIGHT]
#
# Defaults: out/report.html (as written by `zoning run`), docs/report.png,
# 1400x1800. Needs chromium and a Chinese font (installs fonts-wqy-microhei
# with apt-get when none is found and we are root).
set -euo pipefail

report=${1:-out/report.html}
png=${2:-docs/report.png}
size=${3:-1400x1800}

if [[ ! -f $report ]]; then
	echo "screenshot: no report at $report (run: go run ./cmd/zoning run)" >&2
	exit 1
fi
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z $browser ]]; then
	echo "screenshot: chromium not found (apt-get install chromium)" >&2
	exit 1
fi
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
	if [[ $(id -u) -eq 0 ]]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-wqy-microhei >/dev/null
	else
		echo "screenshot: warning: no Chinese font installed; text will show as boxes" >&2
	fi
fi

mkdir -p "$(dirname "$png")"
abs_report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
abs_png=$(cd "$(dirname "$png")" && pwd)/$(basename "$png")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$profile" --window-size="${size/x/,}" --hide-scrollbars \
	--screenshot="$abs_png" "file://$abs_report" 2>/dev/null
echo "wrote $png"
