# docconv — the two set-up commands (see README.md):
#   make demo   install missing Debian packages, build, convert samples/ into out/
#   make test   the same set-up, then every test through ctest
#   make bench  docconv against pandoc and calibre into BENCHMARKS.md
#               (a Release build in build-release/; not part of test)
# The build itself is CMake's; this file only wraps it.

BUILD    ?= build
JOBS     ?= 2
CMAKE    ?= cmake
CTEST    ?= ctest

.PHONY: all setup build demo test bench install clean

all: build

setup:
	@sh scripts/setup.sh

build: setup
	$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOCCONV_WERROR=ON
	$(CMAKE) --build $(BUILD) -j$(JOBS)

demo: build
	@sh scripts/demo.sh $(BUILD)/docconv samples out

test: build
	$(CTEST) --test-dir $(BUILD) --output-on-failure -j$(JOBS)

bench: setup
	@sh scripts/bench.sh

install: build
	$(CMAKE) --install $(BUILD)

clean:
	rm -rf $(BUILD) build-release out
