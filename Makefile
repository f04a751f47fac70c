# The two commands a newcomer needs, on a fresh Debian machine as root:
#   make run    set up, build, and run the main job on the embedded default,
#               then the meeting pack comparing its redraw with the zones in force
#               and the zones in words for the enrollment notice (招生公告)
#   make test   set up, then vet and run every test
# Go 1.26 or newer: the go on PATH when recent enough, else /usr/local/go,
# which setup installs from the official tarball (scripts/go.sh: Debian
# bookworm's golang-go is 1.19).
GO_VERSION ?= 1.26.8
GO       ?= $(shell GO_VERSION=$(GO_VERSION) scripts/go.sh --find)
# That Go's folder first on PATH, for gofmt and the tests that run go.
WITH_GO   = PATH="$$(dirname "$$(command -v $(GO))"):$$PATH"
BIN      := bin/zoning
OUT      ?= out
# Debian packages: GEOS for geo/geos (cgo), Chromium for screenshots, the
# web page's browser test and compare.pdf, a Chinese font for them, GDAL's
# ogrinfo for the GeoPackage test (geo/gpkg TestOGRInfo), osmium-tool for the
# .osm.pbf files geo/roads's tests write, zlib1g-dev for the PBF reader's cgo
# zlib (github.com/paulmach/osm/osmpbf), curl to fetch Go, postgresql and
# postgresql-15-postgis-3 for the throw-away clusters of the PostGIS tests
# (engine/planstore/pgtest), wrk for scripts/bench-postgis.sh.
APT_PKGS := libgeos-dev chromium fonts-wqy-microhei gdal-bin osmium-tool zlib1g-dev curl ca-certificates postgresql postgresql-15-postgis-3 wrk
GOFLAGS_TEST ?=

.PHONY: run test setup build bench fmt vet clean

setup: .setup.stamp
.setup.stamp: go.mod go.sum
	@if ! dpkg -s $(APT_PKGS) >/dev/null 2>&1; then \
		echo "installing $(APT_PKGS)"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(APT_PKGS); \
	fi
	@GO="$$(GO_VERSION=$(GO_VERSION) scripts/go.sh)" && echo "using $$GO ($$($$GO version))" && "$$GO" mod download
	@touch $@

build: setup
	$(GO) build -o $(BIN) ./cmd/zoning

run: build
	./$(BIN) run --out $(OUT)
	./$(BIN) compare 现行片区=current 优化方案=$(OUT) --out $(OUT)/compare
	./$(BIN) notice --plan $(OUT) --out $(OUT)/招生片区.txt

vet: setup
	@unformatted=$$($(WITH_GO) gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) mod tidy -diff

test: vet
	$(WITH_GO) $(GO) test -race -timeout 15m $(GOFLAGS_TEST) ./...

bench: setup
	./scripts/bench.sh

clean:
	rm -rf bin $(OUT) .setup.stamp
