#!/bin/sh
# Times batch conversion: builds a zip of N articles (default 1000) varied
# from ../shared/corpus and samples/, converts it with -j1 and -j2 to each
# format this build has (json always; epub, pdf when their writers are in),
# and prints wall time, CPU time (user + system: on a busy machine the
# wall time alone hides whether the workers ran in parallel), articles a
# second and peak memory.
#
#   scripts/bench_batch.sh [DOCCONV] [N]
#
# Not a test: numbers depend on the machine. Needs python3 and GNU time
# (/usr/bin/time -v, Debian package `time`: apt-get install time).
set -eu

bin=${1:-build/docconv}
n=${2:-1000}
root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/../shared/corpus"

[ -x "$bin" ] || { echo "bench_batch: no docconv at $bin; build first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench_batch: needs GNU time: apt-get install time" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export SOURCE_DATE_EPOCH=1700000000

PYTHONPATH="$root/scripts" python3 - "$tmp/articles.zip" "$n" "$corpus" "$root/samples" <<'EOF'
import os, random, sys, zipfile
# The samples come in UTF-16, GB18030 and Big5 too: each is re-encoded as
# UTF-8 below, so it is read in its own encoding first, as bench.py does.
from bench import decode
out, n, dirs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
base = []
for d in dirs:
    if os.path.isdir(d):
        for f in sorted(os.listdir(d)):
            text = f.endswith(".txt") and decode(open(os.path.join(d, f), "rb").read())
            if text:
                base.append(text.replace("\r\n", "\n"))
if not base:
    sys.exit("bench_batch: no articles in %s" % " or ".join(dirs))
rng = random.Random(42)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(n):
        # Vary each copy: a numbered headline, some paragraphs dropped or
        # repeated, so that no two articles are the same.
        head, _, body = base[i % len(base)].partition("\n")
        paras = body.split("\n\n")
        kept = [p for p in paras if rng.random() > 0.15] or paras
        if len(kept) > 2 and rng.random() < 0.3:
            kept.insert(rng.randrange(1, len(kept)), kept[rng.randrange(len(kept))])
        text = "%s (%d)\n%s" % (head, i, "\n\n".join(kept))
        z.writestr("desk%02d/story%d.txt" % (i % 17, i), text.encode("utf-8"))
print("bench_batch: %d articles, %d KB zipped" % (n, os.path.getsize(out) // 1024))
EOF

printf '%-6s %-4s %9s %9s %11s %12s\n' format jobs seconds "cpu s" articles/s \
	"peak RSS MB"
for fmt in json epub pdf; do
	if [ "$fmt" != json ]; then
		printf 'Probe\n\nA line of text for the probe.\n' > "$tmp/probe.txt"
		if ! "$bin" --to "$fmt" "$tmp/probe.txt" -o "$tmp/probe.$fmt" 2>/dev/null; then
			printf '%-6s (writer not available in this build)\n' "$fmt"
			continue
		fi
	fi
	for j in 1 2; do
		rm -rf "$tmp/out"
		/usr/bin/time -v -o "$tmp/time" "$bin" --to "$fmt" -q -j "$j" \
			"$tmp/articles.zip" -o "$tmp/out/" || true
		wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time")
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
		cpu=$(sed -n 's/.*\(User\|System\) time (seconds): //p' "$tmp/time" |
			awk '{ s += $1 } END { print s }')
		secs=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
		awk -v f="$fmt" -v j="$j" -v s="$secs" -v c="$cpu" -v n="$n" -v r="$rss" 'BEGIN {
			printf "%-6s %-4s %9.2f %9.2f %11.0f %12.1f\n", f, j, s, c,
				(s > 0 ? n / s : 0), r / 1024 }'
	done
done
