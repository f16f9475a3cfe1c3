#!/bin/sh
# `make bench`: docconv side by side with pandoc and calibre, written to
# BENCHMARKS.md. Not a test: the numbers depend on the machine.
#
#   scripts/bench.sh            build a Release binary, install the peers
#                               (as root), measure, write BENCHMARKS.md
#   BENCH_QUICK=1 scripts/bench.sh   fewer runs, for a quick look
#
# The peers are the bench's own business, not the build's: pandoc and
# calibre (Debian packages), and GNU time for peak memory, are installed
# here when missing and root; a peer that cannot be had is skipped, and
# the table says so.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-release"

# shellcheck source=scripts/peers.sh
. "$root/scripts/peers.sh"
install_peers bench pandoc calibre python3 time

# Release: -O2, no sanitizers, its own build folder.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target docconv docconv-pdf >/dev/null

# The corpus and the outputs go to a temporary folder (TMPDIR): a folder
# in the work tree may be watched by tools that slow every file created.
work=$(mktemp -d "${TMPDIR:-/tmp}/docconv-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
python3 "$root/scripts/bench.py" "$build/docconv" "$root" "$work"
