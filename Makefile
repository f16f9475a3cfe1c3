# docconv — the two set-up commands (see README.md):
#   make demo   install missing Debian packages, build, convert samples/ into out/
#   make test   the same set-up, then every test through ctest: in the normal
#               build, again under AddressSanitizer and UBSan, and a short
#               fuzzing run of each harness when clang is there
#   make bench  docconv against pandoc and calibre into BENCHMARKS.md
#               (a Release build in build-release/; not part of test)
#   make score  the structure docconv, pandoc and calibre recover from every
#               labelled text and 1,000 simulated pages, into SCORES.md
#               (not part of test)
#   make train  the reader's weights learned again (formats/article/weights.c),
#               after a change of its features; then rebuilt and checked
# The build itself is CMake's; this file only wraps it.

BUILD    ?= build
JOBS     ?= 2
CMAKE    ?= cmake
CTEST    ?= ctest
CLANG    ?= clang
# Seconds each fuzz harness runs in `make test`.
FUZZ_SECONDS ?= 20
# `make train`: how many simulated pages the reader learns from besides the
# labelled texts, and the seed of the first (the next page takes the next
# seed); `make score` and the reader.simulated test use other seeds.
TRAIN_PAGES ?= 1000
TRAIN_SEED   = 1
# Sets of simulated pages, each learned from in turn (seeds 1, 100001,
# 200001...); the tables are averaged.
TRAIN_BAGS  ?= 3
TRAIN_DIR    = $(BUILD)/train-pages
# The trainer needs numpy: Debian's python3 has it (python3-numpy, from
# scripts/setup.sh), whatever python3 comes first on PATH.
TRAIN_PYTHON = /usr/bin/python3

# Sanitizer reports fail the run: no recovery from undefined behaviour, leaks
# checked at exit (but for what fontconfig's FcInit keeps on purpose, in
# tests/sanitize/lsan.supp), stack traces for UBSan.
SANITIZER_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp

.PHONY: all setup build build-asan build-fuzz demo test test-asan test-fuzz bench score train \
	install clean

all: build

setup:
	@sh scripts/setup.sh

build: setup
	$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOCCONV_WERROR=ON
	$(CMAKE) --build $(BUILD) -j$(JOBS)

demo: build
	@sh scripts/demo.sh $(BUILD)/docconv samples out

build-asan: setup
	$(CMAKE) -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=Debug -DDOCCONV_SANITIZE=ON -DDOCCONV_WERROR=ON
	$(CMAKE) --build $(BUILD)-asan -j$(JOBS)

# libFuzzer wants optimised code; clang also checks the warnings gcc may not.
build-fuzz: setup
	CC=$(CLANG) $(CMAKE) -S . -B $(BUILD)-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DDOCCONV_FUZZ=ON -DDOCCONV_WERROR=ON -DDOCCONV_FUZZ_SECONDS=$(FUZZ_SECONDS)
	$(CMAKE) --build $(BUILD)-fuzz -j$(JOBS)

test: build
	$(CTEST) --test-dir $(BUILD) --output-on-failure -j$(JOBS)
	$(MAKE) test-asan
	@if command -v $(CLANG) >/dev/null 2>&1; then $(MAKE) test-fuzz; \
	else echo "$(CLANG) not found: no fuzzing run"; fi

# The external checkers (label `external`: epubcheck, qpdf...) are slow and
# not ours to sanitize; everything else runs again under the sanitizers.
test-asan: build-asan
	$(SANITIZER_ENV) $(CTEST) --test-dir $(BUILD)-asan --output-on-failure -j$(JOBS) -LE external

test-fuzz: build-fuzz
	$(SANITIZER_ENV) $(CTEST) --test-dir $(BUILD)-fuzz --output-on-failure -j$(JOBS) -L fuzz --no-tests=error

bench: setup
	@sh scripts/bench.sh

# SCORE_ARGS: more options of scripts/score.py, e.g. --extra NAME=DIR.
score: build
	@sh scripts/score.sh $(BUILD)/docconv $(SCORE_ARGS)

# The pages are simulated from every labelled model, in the trainer's order;
# the command the trainer writes into weights.c names their folder.
train: build
	rm -rf $(TRAIN_DIR)-*
	for k in $$(seq 1 $(TRAIN_BAGS)); do \
		python3 scripts/simulate_page.py --batch $(TRAIN_DIR)-$$k $(TRAIN_PAGES) \
			$$(( $(TRAIN_SEED) + ($$k - 1) * 100000 )) \
			$$(python3 scripts/reader_data.py --models) || exit 1; \
	done
	$(TRAIN_PYTHON) scripts/reader_train.py --docconv $(BUILD)/docconv \
		$$(for k in $$(seq 1 $(TRAIN_BAGS)); do echo --sim $(TRAIN_DIR)-$$k; done)
	$(CMAKE) --build $(BUILD) -j$(JOBS)
	$(TRAIN_PYTHON) scripts/reader_train.py --docconv $(BUILD)/docconv --check

install: build
	$(CMAKE) --install $(BUILD)

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-fuzz build-release out
