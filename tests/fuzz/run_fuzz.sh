#!/bin/sh
# Fuzzes one harness for a fixed time:
#   run_fuzz.sh FUZZER CORPUS WORK ARTIFACTS SECONDS [MAX_LEN]
# MAX_LEN, when given, bounds the length of the inputs libFuzzer makes.
#
# New inputs go to WORK, never into the seed corpus of the source tree. The
# seed is fixed so a run is repeatable as far as timing allows. A crash,
# leak, undefined behaviour or an input slower than the timeout fails the
# run and leaves the input in ARTIFACTS; add it to CORPUS as crash-WHAT so
# the replay test keeps it fixed.
set -eu
fuzzer=$1 corpus=$2 work=$3 artifacts=$4 seconds=$5
max_len=${6:+-max_len=$6}
mkdir -p "$work" "$artifacts"
# shellcheck disable=SC2086
if "$fuzzer" $max_len -seed=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$corpus"; then
	exit 0
fi
echo "fuzzing found a failure; the input is in $artifacts:" >&2
ls -l "$artifacts" >&2
exit 1
