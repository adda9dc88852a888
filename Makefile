# aidledger — see README.md. Every target installs what it needs (libsqlite3-dev) first.
SHELL := /bin/bash
PREFIX ?= /usr/local
SWIFT ?= swift
RELEASE_FLAGS := -c release --static-swift-stdlib
BIN := .build/release/aidledger
SHARED ?= ../shared
EVAL := $(SHARED)/eval
# The real-news texts, rebuilt locally (never committed): ../shared/eval/news/README.md
NEWS ?= .eval/news

.PHONY: all deps browser build release demo test fuzz fuzz-build install eval train bench clean

all: build

# The system SQLite and libxml2 headers and libraries (Debian: libsqlite3-dev, libxml2-dev), via
# apt-get when missing.
deps:
	@if ! { [ -f /usr/include/sqlite3.h ] || pkg-config --exists sqlite3 2>/dev/null; } \
		|| ! { [ -f /usr/include/libxml2/libxml/HTMLparser.h ] || pkg-config --exists libxml-2.0 2>/dev/null; }; then \
		echo "installing libsqlite3-dev and libxml2-dev (SQLite and libxml2 headers) with apt-get"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libsqlite3-dev libxml2-dev pkg-config; \
	fi

# The headless browser of the report's test (Debian: chromium), via apt-get when missing.
browser:
	@sh tools/ensure-chromium.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product aidledger

# Ingest the shipped sample (articles from several outlets and dates that report the same flows)
# into a fresh ledger inside the checkout: the merged flows, one of them in full, the totals, the
# pledge-to-delivery gap and the HTML report (.demo/report.html).
demo: release
	@rm -rf .demo && mkdir -p .demo
	$(BIN) ingest --db .demo/ledger.sqlite seeds/articles
	@echo
	$(BIN) list --db .demo/ledger.sqlite
	@echo
	$(BIN) show --db .demo/ledger.sqlite 1
	@echo
	$(BIN) totals --db .demo/ledger.sqlite --by donor
	@echo
	$(BIN) totals --db .demo/ledger.sqlite --by donor --as-of 2025-03-01
	@echo
	$(BIN) check --db .demo/ledger.sqlite
	@echo
	$(BIN) gap --db .demo/ledger.sqlite --by donor
	@echo
	$(BIN) report --db .demo/ledger.sqlite --html .demo/report.html
	@echo "report: open .demo/report.html in a browser"

# A short fuzz run of every libFuzzer target first (FUZZ_TEST_SECONDS each), then the tests, so that
# Swift Testing's summary stays the last line.
FUZZ_TEST_SECONDS ?= 5
test: deps browser
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_TEST_SECONDS)
	$(SWIFT) test

# libFuzzer targets (Sources/Fuzz*/main.swift) with AddressSanitizer, built through SwiftPM (the
# extractor's seed tables are compiled-in package resources) into FUZZ_SCRATCH: target:seed-corpus.
# Each runs FUZZ_SECONDS from a scratch copy of its seeds in fuzz/corpus/ (the repo is never
# written); a crash fails the run and leaves its input in FUZZ_SCRATCH/run/TARGET/ (replay it
# with the plain build: `swift build --product TARGET && .build/debug/TARGET FILE`).
FUZZ_SECONDS ?= 60
FUZZ_SCRATCH ?= .build-fuzz
FUZZ_TARGETS := FuzzMoney:money FuzzExtractor:extractor FuzzArticle:article FuzzRates:rates
FUZZ_BUILD := $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING --scratch-path $(FUZZ_SCRATCH)

fuzz-build: deps
	@for t in $(FUZZ_TARGETS); do \
		$(FUZZ_BUILD) --product $${t%%:*} 2>&1 | grep -v -e "Cannot export local symbol" -e "^\[[0-9]*/[0-9]*\]"; \
		[ "$${PIPESTATUS[0]}" = 0 ] || { echo "error: building $${t%%:*} for fuzzing failed" >&2; exit 1; }; \
	done

fuzz: fuzz-build
	@bin="$(FUZZ_SCRATCH)/release"; failed=; \
	for t in $(FUZZ_TARGETS); do \
		name=$${t%%:*}; seeds=fuzz/corpus/$${t##*:}; run="$(FUZZ_SCRATCH)/run/$$name"; \
		rm -rf "$$run" && mkdir -p "$$run/corpus" && cp "$$seeds"/* "$$run/corpus/"; \
		SWIFT_BACKTRACE=enable=no "$$bin/$$name" -max_total_time=$(FUZZ_SECONDS) -timeout=25 \
			-print_final_stats=1 -artifact_prefix="$$run/" "$$run/corpus" > "$$run/log" 2>&1; rc=$$?; \
		runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' "$$run/log"); \
		rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' "$$run/log"); \
		if [ $$rc = 0 ]; then \
			printf 'fuzz %-14s %10s executions in %ss (%s exec/s), corpus %s -> %s inputs\n' "$$name" "$${runs:-?}" \
				"$(FUZZ_SECONDS)" "$${rate:-?}" "$$(ls "$$seeds" | wc -l)" "$$(ls "$$run/corpus" | wc -l)"; \
		else \
			failed="$$failed $$name"; \
			echo "fuzz $$name FAILED (exit $$rc) after $${runs:-?} executions; log: $$run/log"; \
			grep -E -m 8 "Fatal error|ERROR: |SUMMARY: |^    #[0-4] " "$$run/log" | sed 's/^/  /'; \
			for a in "$$run"/crash-* "$$run"/timeout-* "$$run"/oom-* "$$run"/leak-*; do \
				[ -f "$$a" ] && echo "  input: $$a ($$(base64 -w0 < "$$a" | head -c 300))"; \
			done; \
		fi; \
	done; \
	if [ -n "$$failed" ]; then echo "error: fuzzing found a problem in:$$failed" >&2; exit 1; fi

install: release
	install -d "$(PREFIX)/bin"
	install -m 0755 $(BIN) "$(PREFIX)/bin/aidledger"
	@echo "installed $(PREFIX)/bin/aidledger"

# Scores the extractor on the shared evaluation data when it is present beside the checkout:
# the reference article, the money suites, and the attribution model cross-validated (5 folds) on
# the real-news set and the dev set, beside the shipped model's score on its own training data.
eval: release
	@if [ ! -f "$(EVAL)/score.py" ]; then echo "eval skipped: $(EVAL) not found"; exit 0; fi; \
	set -e; tmp=$$(mktemp -d); \
	echo "== reference article (seeds/articles, gold $(EVAL)/reference)"; \
	$(BIN) extract --format jsonl seeds/articles/kremlin-welcomes-talks.txt > $$tmp/ref.jsonl; \
	python3 $(EVAL)/score.py articles --gold $(EVAL)/reference --pred $$tmp/ref.jsonl | tail -n 12; \
	echo; echo "== money recogniser on other recognisers' test suites ($(EVAL)/external)"; \
	python3 $(EVAL)/score.py run-cases --cases $(EVAL)/external/money_cases.jsonl \
		--cmd "$(BIN) extract --all-money --format jsonl {}" --batch 200 | tail -n 7; \
	sets="--set dev=$(EVAL)/dev"; \
	if ls $(NEWS)/*.txt >/dev/null 2>&1; then sets="--set news=$(NEWS) $$sets"; \
	else echo; echo "news set skipped: no texts in $(NEWS) (rebuild them: $(EVAL)/news/README.md)"; fi; \
	echo; echo "== attribution: cross-validated estimate (fold k = articles numbered k mod 5; each fold's model"; \
	echo "   trains on the other folds and all of the other set) and, labelled, the shipped model on its own training data"; \
	python3 tools/train.py cv --bin $(BIN) $$sets --score $(EVAL)/score.py --weights seeds/weights.tsv; \
	rm -rf $$tmp

# Fits seeds/weights.tsv (the learned attribution decisions) on the dev set and the rebuilt
# real-news set; refuses when either is missing, so a partial set never replaces the shipped model.
train: release
	@if [ ! -f "$(EVAL)/score.py" ] || ! ls $(EVAL)/dev/*.txt >/dev/null 2>&1; then \
		echo "error: make train needs the dev set in $(EVAL)/dev; seeds/weights.tsv left as it is" >&2; exit 1; fi; \
	if [ "$$(ls $(NEWS)/*.txt 2>/dev/null | wc -l)" -lt 100 ]; then \
		echo "error: make train needs the 100 real-news texts in $(NEWS) (found $$(ls $(NEWS)/*.txt 2>/dev/null | wc -l); $(EVAL)/news/README.md); seeds/weights.tsv left as it is" >&2; exit 1; fi; \
	python3 tools/train.py fit --bin $(BIN) --set news=$(NEWS) --set dev=$(EVAL)/dev --score $(EVAL)/score.py --out seeds/weights.tsv; \
	echo "rebuild (make release) to compile the new weights in"

# Release build, then every figure of issue 6 (docs/benchmarks.md); writes BENCHMARKS.md.
# Corpora and scratch databases live in .bench/ (git-ignored, reused). BENCH_FLAGS=--quick for a smoke run.
# BENCH_SCRATCH=DIR (environment) builds into DIR instead of .build.
bench: deps
	@scratch="$${BENCH_SCRATCH:-.build}"; set -ex; \
	$(SWIFT) build $(RELEASE_FLAGS) --scratch-path "$$scratch"; \
	"$$scratch/release/aidledger-bench" --bin "$$scratch/release/aidledger" $(BENCH_FLAGS)

clean:
	rm -rf .build .build-fuzz .demo .bench
