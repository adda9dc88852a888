# aidledger — see README.md. Every target installs what it needs (libsqlite3-dev) first.
SHELL := /bin/bash
PREFIX ?= /usr/local
SWIFT ?= swift
RELEASE_FLAGS := -c release --static-swift-stdlib
BIN := .build/release/aidledger
SHARED ?= ../shared
EVAL := $(SHARED)/eval

.PHONY: all deps build release demo test install eval bench clean

all: build

# The system SQLite header and library (Debian: libsqlite3-dev), via apt-get when missing.
deps:
	@if ! { [ -f /usr/include/sqlite3.h ] || pkg-config --exists sqlite3 2>/dev/null; }; then \
		echo "installing libsqlite3-dev (SQLite headers) with apt-get"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libsqlite3-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product aidledger

# Ingest the shipped sample into a fresh ledger inside the checkout and print its totals.
demo: release
	@rm -rf .demo && mkdir -p .demo
	$(BIN) ingest --db .demo/ledger.sqlite seeds/articles
	@echo
	$(BIN) totals --db .demo/ledger.sqlite --by donor
	@echo
	$(BIN) totals --db .demo/ledger.sqlite --by mechanism

test: deps
	$(SWIFT) test

install: release
	install -d "$(PREFIX)/bin"
	install -m 0755 $(BIN) "$(PREFIX)/bin/aidledger"
	@echo "installed $(PREFIX)/bin/aidledger"

# Scores the extractor on the shared evaluation data when it is present beside the checkout.
eval: release
	@if [ ! -f "$(EVAL)/score.py" ]; then echo "eval skipped: $(EVAL) not found"; exit 0; fi; \
	set -e; tmp=$$(mktemp -d); \
	echo "== reference article (seeds/articles, gold $(EVAL)/reference)"; \
	$(BIN) extract --format jsonl seeds/articles/kremlin-welcomes-talks.txt > $$tmp/ref.jsonl; \
	python3 $(EVAL)/score.py articles --gold $(EVAL)/reference --pred $$tmp/ref.jsonl | tail -n 12; \
	echo; echo "== dev set ($(EVAL)/dev)"; \
	$(BIN) extract --format jsonl $(EVAL)/dev/*.txt > $$tmp/dev.jsonl; \
	python3 $(EVAL)/score.py articles --gold $(EVAL)/dev --pred $$tmp/dev.jsonl | tail -n 12; \
	echo; echo "== money recogniser on other recognisers' test suites ($(EVAL)/external)"; \
	python3 $(EVAL)/score.py run-cases --cases $(EVAL)/external/money_cases.jsonl \
		--cmd "$(BIN) extract --all-money --format jsonl {}" --batch 200 | tail -n 12; \
	rm -rf $$tmp

# Release build, then every figure of issue 6 (docs/benchmarks.md); writes BENCHMARKS.md.
# Corpora and scratch databases live in .bench/ (git-ignored, reused). BENCH_FLAGS=--quick for a smoke run.
# BENCH_SCRATCH=DIR (environment) builds into DIR instead of .build.
bench: deps
	@scratch="$${BENCH_SCRATCH:-.build}"; set -ex; \
	$(SWIFT) build $(RELEASE_FLAGS) --scratch-path "$$scratch"; \
	"$$scratch/release/aidledger-bench" --bin "$$scratch/release/aidledger" $(BENCH_FLAGS)

clean:
	rm -rf .build .demo .bench
