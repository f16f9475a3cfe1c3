#!/bin/sh
# Converts every article in a samples folder with every writer, into an
# output folder:  demo.sh DOCCONV SAMPLES OUT
set -eu
bin=$1 samples=$2 out=$3
formats="json epub html pdf"
mkdir -p "$out"
failed=0 count=0
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1700000000}"
for f in "$samples"/*.txt; do
	[ -e "$f" ] || continue
	name=$(basename "$f" .txt)
	for fmt in $formats; do
		count=$((count + 1))
		if ! "$bin" --to "$fmt" --force "$f" -o "$out/$name.$fmt"; then
			failed=$((failed + 1))
		fi
	done
done
echo "demo: $count conversions into $out/, $failed failed"
[ "$failed" -eq 0 ]
