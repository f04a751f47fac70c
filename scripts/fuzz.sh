#!/usr/bin/env bash
# Runs every fuzz target of the project for a while (the tests run only their
# seeds). A crasher lands in the package's testdata/fuzz/<target>/ folder:
# commit it as a regression seed once fixed.
#
#   scripts/fuzz.sh             each target 15 s (about 15 minutes)
#   FUZZTIME=2m scripts/fuzz.sh
#
# Go 1.26's fuzz coordinator sometimes fails a target with a bare "context
# deadline exceeded" as -fuzztime ends, having found nothing
# (golang/go#75804, fixed in Go 1.27). A failure that writes no new input
# under testdata/fuzz/ is that race: it is reported as a flake, not a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-15s}
GO=${GO:-go}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=0 flaked=0 passed=0
# count prints how many inputs a corpus folder holds (0 when there is none).
count() { if [[ -d $1 ]]; then find "$1" -type f | wc -l; else echo 0; fi; }
while read -r pkg target; do
	corpus="$pkg/testdata/fuzz/$target"
	before=$(count "$corpus")
	echo "== $pkg $target" >&2
	if $GO test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" >"$log" 2>&1; then
		passed=$((passed + 1))
		tail -1 "$log" >&2
	elif [[ $(count "$corpus") -gt $before ]]; then
		failed=$((failed + 1))
		cat "$log" >&2
		echo "fuzz: $pkg $target FAILED: the crasher is in $corpus" >&2
	elif grep -q 'context deadline exceeded' "$log"; then
		flaked=$((flaked + 1))
		echo "fuzz: $pkg $target: \"context deadline exceeded\" with no crasher (golang/go#75804): flake" >&2
	else
		failed=$((failed + 1))
		cat "$log" >&2
		echo "fuzz: $pkg $target FAILED" >&2
	fi
done < <(grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r f; do
	dir=$(dirname "$f")
	grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //' | while read -r t; do echo "./${dir#./} $t"; done
done)
echo "fuzz: $passed passed, $flaked flaked, $failed failed (each $FUZZTIME)" >&2
[[ $failed -eq 0 ]]
