# The two commands a newcomer needs, on a fresh Debian machine as root:
#   make run    set up, build, and run the main job on the embedded default,
#               then the meeting pack comparing its redraw with the zones in force
#               and the zones in words for the enrollment notice (招生公告)
#   make test   set up, then vet and run every test
GO       ?= go
BIN      := bin/zoning
OUT      ?= out
# Debian packages: GEOS for geo/geos (cgo), Chromium for screenshots and the
# web page's browser test.
APT_PKGS := libgeos-dev chromium fonts-wqy-microhei
GOFLAGS_TEST ?=

.PHONY: run test setup build bench fmt vet clean

setup: .setup.stamp
.setup.stamp: go.mod go.sum
	@if ! dpkg -s $(APT_PKGS) >/dev/null 2>&1; then \
		echo "installing $(APT_PKGS)"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(APT_PKGS); \
	fi
	$(GO) mod download
	@touch $@

build: setup
	$(GO) build -o $(BIN) ./cmd/zoning

run: build
	./$(BIN) run --out $(OUT)
	./$(BIN) compare 现行片区=current 优化方案=$(OUT) --out $(OUT)/compare
	./$(BIN) notice --plan $(OUT) --out $(OUT)/招生片区.txt

vet: setup
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...

test: vet
	$(GO) test -race -timeout 15m $(GOFLAGS_TEST) ./...

bench: setup
	./scripts/bench.sh

clean:
	rm -rf bin $(OUT) .setup.stamp
