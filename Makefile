# Madoguchi. `make run` builds and opens the app; `make test` runs every test.
# Both install what they need first (Debian packages, the Wails CLI, npm packages).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

WAILS_VERSION := v2.11.0
TOOLS := $(CURDIR)/.tools/bin
WAILS := $(TOOLS)/wails
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
# `make run` uses this data directory unless you pass another.
RUN_DATA_DIR ?= $(CURDIR)/.data
# `make dev` uses its own: its build serves the page and the Go bridge on a local port (docs/data-protection.md,
# The Go bridge under attack), and is rebuilt at every change; it never opens the data `make run` keeps.
DEV_DATA_DIR ?= $(CURDIR)/.data-dev
GO_TAGS := webkit2_41
ARTEFACTS := $(CURDIR)/test-artefacts

.PHONY: help run test deps-run deps-test tools frontend build build-e2e test-go test-go-postgres test-frontend test-e2e fuzz lint bench bench-scale bench-large dev clean

help:
	@echo "make run    build and open Madoguchi (data in $(RUN_DATA_DIR))"
	@echo "make test   run every test (Go, frontend, end-to-end under Xvfb)"
	@echo "make dev    wails dev with live reload (data in $(DEV_DATA_DIR))"
	@echo "make lint   go vet, gofmt check, TypeScript check"
	@echo "make bench  benchmarks that print figures"
	@echo "make bench-scale / bench-large   search, similar check, start-up, audit, backup at 10k+100k / 1M applicants"

deps-run:
	@build/deps.sh run

deps-test:
	@build/deps.sh test

# The Wails CLI, pinned, installed inside the project (not in ~/go/bin).
$(WAILS):
	GOBIN=$(TOOLS) go install github.com/wailsapp/wails/v2/cmd/wails@$(WAILS_VERSION)

tools: $(WAILS)

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

frontend: frontend/node_modules/.package-lock.json
	cd frontend && npm run build

build: deps-run tools frontend
	$(WAILS) build -s -skipbindings -ldflags "$(LDFLAGS)" -o madoguchi

# The virtual card's persona for machines without a reader (also the staff-training card).
PERSONA ?= $(CURDIR)/build/personas/demo.json

run: build
	build/run.sh build/bin/madoguchi "$(RUN_DATA_DIR)" "$(PERSONA)"

dev: deps-run tools frontend/node_modules/.package-lock.json
	$(WAILS) dev -skipbindings -tags $(GO_TAGS) -appargs "--data-dir $(DEV_DATA_DIR)"

build-e2e: frontend
	go build -tags dev,$(GO_TAGS) -ldflags "$(LDFLAGS)" -o build/bin/madoguchi-e2e .

test: deps-test test-go test-go-postgres test-frontend test-e2e
	@echo "all tests passed"

test-go: frontend
	go vet ./...
	go test ./...
	# The dev bridge's hook into Wails' dev server exists only in dev builds.
	go test -tags dev,$(GO_TAGS) ./app/bridge
	$(MAKE) fuzz FUZZTIME=3000x

# The packages whose tests open a database (app/store/testdb), run again on a throwaway PostgreSQL cluster
# (build/pg.sh). `make test-go-postgres PG_PKGS=./app/audit` runs one package.
PG_PKGS ?= $(shell go list -f '{{.ImportPath}} {{join .Deps " "}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./app/... \
  | awk '/ madoguchi\/app\/store\/testdb( |$$)/ {print $$1}')
test-go-postgres: frontend
	MADOGUCHI_TEST_ENGINE=postgres build/pg.sh go test -count=1 $(PG_PKGS)

# Short fuzz runs of every parser of outside bytes; `make fuzz FUZZTIME=5m` for a longer run.
# make test runs a fixed number of inputs (3000x) rather than a time: a timed run that ends while a
# worker is busy on a loaded machine can report "context deadline exceeded" although nothing failed.
FUZZTIME ?= 5s
fuzz:
	@for pkg in $$(go list ./...); do \
	  for f in $$(go test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$f"; go test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

test-frontend: frontend/node_modules/.package-lock.json
	cd frontend && npx tsc --noEmit && npx vitest run

test-e2e: build-e2e
	rm -rf $(ARTEFACTS) && mkdir -p $(ARTEFACTS)
	cd frontend && MADOGUCHI_E2E_BIN=$(CURDIR)/build/bin/madoguchi-e2e ARTEFACTS=$(ARTEFACTS) \
	  timeout 1500 xvfb-run -a -s "-screen 0 1280x1024x24" node --test --test-concurrency=1 --test-timeout=600000 e2e/
	# The application → handover journey once more with the app on PostgreSQL (e2e/postgres.test.mjs): beside a
	# throwaway server (build/pg.sh), on a database made for it.
	cd frontend && MADOGUCHI_E2E_BIN=$(CURDIR)/build/bin/madoguchi-e2e ARTEFACTS=$(ARTEFACTS)/postgres \
	  ../build/pg.sh bash -c '"$$MADOGUCHI_TEST_PG_BIN/createdb" --maintenance-db="$$MADOGUCHI_TEST_POSTGRES" madoguchi_e2e && \
	    MADOGUCHI_E2E_DATABASE="$$(printf %s "$$MADOGUCHI_TEST_POSTGRES" | sed "s#/postgres?#/madoguchi_e2e?#")" \
	    timeout 900 xvfb-run -a -s "-screen 0 1280x1024x24" node --test --test-timeout=600000 e2e/postgres.test.mjs'

lint: frontend/node_modules/.package-lock.json
	go vet ./...
	@test -z "$$(gofmt -l app main.go locales)" || { gofmt -l app main.go locales; echo "gofmt: files above need formatting"; exit 1; }
	cd frontend && npx tsc --noEmit

bench: frontend
	go test -run '^$$' -bench . -benchmem ./...

# What a clerk waits for at a city's scale (BenchmarkScale in app/cli): databases seeded with
# `madoguchi seed`'s own path, kept in $(BENCH_DIR) and reused; one line per operation, engine and size
# with p50-ms, p95-ms, p99-ms (bytes/app for the size), SQLite's and PostgreSQL's one after the other, on
# a throwaway PostgreSQL cluster (build/pg.sh) into which a kept database is restored from its pg_dump.
# `make bench-scale SCALE_ENGINES=sqlite` skips PostgreSQL. Seeding 1,000,000 applicants takes minutes.
BENCH_DIR ?= $(CURDIR)/.bench
SCALE_ENGINES ?= sqlite,postgres
bench-scale:
	MADOGUCHI_SCALE=10000,100000 MADOGUCHI_SCALE_ENGINES=$(SCALE_ENGINES) MADOGUCHI_BENCH_DIR=$(BENCH_DIR) \
	  build/pg.sh go test -run '^$$' -bench '^BenchmarkScale$$' -benchtime=1x -timeout 180m ./app/cli
bench-large:
	MADOGUCHI_SCALE=1000000 MADOGUCHI_SCALE_ENGINES=$(SCALE_ENGINES) MADOGUCHI_BENCH_DIR=$(BENCH_DIR) \
	  build/pg.sh go test -run '^$$' -bench '^BenchmarkScale$$' -benchtime=1x -timeout 360m ./app/cli

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html $(ARTEFACTS)
