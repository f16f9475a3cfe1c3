#!/usr/bin/env python3
"""How docconv's work grows with its input, counted in instructions
(callgrind), never timed: a busy machine changes the time, not the count.

  scaling.py DOCCONV headings-pdf
      an article of N subheads in a row, each kept with the next, and one
      of 4N: the larger costs at most 5 times the instructions of the
      smaller to PDF (pagination walked each chain of kept blocks once per
      block: 16 times the work for 4 times the headings)

Exit 0 pass, 1 fail, 77 skip (no valgrind).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
# Subheads in the smaller article: enough that the growth, not the start-up
# (fonts, libraries), is what the count measures; few enough that the
# larger runs under callgrind in about twenty seconds.
HEADINGS = 5000
GROWTH = 4
# The most the instructions may grow for GROWTH times the input: linear
# work grows GROWTH times; a part that is quadratic in the chain grows
# GROWTH squared times and drags the whole past this.
MAX_RATIO = 5.0


def headings(n):
    return "Title\n\n" + "".join("SECTION NUMBER %d\n\n" % i for i in range(n)) + \
        "A closing paragraph of text.\n"


def instructions(cmd, tmp):
    out = os.path.join(tmp, "callgrind.out")
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + cmd,
                       capture_output=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1"))
    if r.returncode != 0:
        print("FAIL: %s exited %d: %s" % (" ".join(cmd), r.returncode,
                                         r.stderr.decode("utf-8", "replace")[-500:]))
        sys.exit(1)
    m = re.search(r"^summary:\s*(\d+)", open(out).read(), re.M)
    if not m:
        print("FAIL: no instruction count in callgrind's output")
        sys.exit(1)
    return int(m.group(1))


def headings_pdf(docconv):
    with tempfile.TemporaryDirectory() as tmp:
        counts = []
        for n in (HEADINGS, HEADINGS * GROWTH):
            src = os.path.join(tmp, "h%d.txt" % n)
            open(src, "w").write(headings(n))
            counts.append(instructions([docconv, "--to", "pdf", "-q", src, "-o",
                                        os.path.join(tmp, "h%d.pdf" % n)], tmp))
        ratio = counts[1] / counts[0]
        print("%d subheads: %d instructions; %d: %d (%.2f times)" % (
            HEADINGS, counts[0], HEADINGS * GROWTH, counts[1], ratio))
        if ratio > MAX_RATIO:
            print("FAIL: %d times the input costs %.2f times the instructions, over %.1f"
                  % (GROWTH, ratio, MAX_RATIO))
            sys.exit(1)
    print("ok")


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("headings-pdf",):
        print(__doc__)
        sys.exit(2)
    if not shutil.which("valgrind"):
        print("SKIP: valgrind (scripts/setup.sh installs it) is not installed")
        sys.exit(SKIP)
    headings_pdf(os.path.abspath(sys.argv[1]))


if __name__ == "__main__":
    main()
