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

peers="pandoc calibre python3 time"
missing=""
for p in $peers; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "bench: installing$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $missing ||
			echo "bench: could not install$missing; going on without" >&2
	else
		echo "bench: not root, so not installing$missing (skipped if absent)" >&2
	fi
fi

# Release: -O2, no sanitizers, its own build folder.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target docconv docconv-pdf >/dev/null

# The corpus and the outputs go to a temporary folder (TMPDIR): a folder
# in the work tree may be watched by tools that slow every file created.
work=$(mktemp -d "${TMPDIR:-/tmp}/docconv-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
python3 "$root/scripts/bench.py" "$build/docconv" "$root" "$work"
