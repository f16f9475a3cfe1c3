#!/usr/bin/env python3
"""The reader's level on whole pages, for ctest.

  reader.py simulated DOCCONV FLOOR
      pages simulated by scripts/simulate_page.py from every labelled model
      there is (samples/ and tests/real/ always, ../shared's seed and corpus
      when present), with the seed `make score` uses (not one `make train`
      learns from), read by docconv in one batch run: their mean F1 is at
      least FLOOR; the worst five are printed
  reader.py real DOCCONV FLOOR
      every text of tests/real/ read by docconv: F1 and lost characters of
      each printed; the mean F1 is at least FLOOR, and nothing is lost but
      wrap hyphens (an ASCII '-' or U+00AD at a line's end) the reader
      removed
  reader.py heldout DOCCONV FLOOR
      the same for tests/heldout/, the real texts make train never learns
      from

Scored as scripts/score.py scores (scripts/structure.py). docconv must
exit 0 (no article failed, no sanitizer report). Exit 0 pass, 1 fail.
"""
import os
import re
import shutil
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "scripts"))
import reader_data as rd  # noqa: E402
import score  # noqa: E402
import structure  # noqa: E402

WORST = 5


def scored(docconv, name, texts, work):
    """score.py's rows (name, text, docconv's F1, what it lost) of the
    texts, read in one batch run, with their mean F1."""
    rows = score.score_source(docconv, name, texts, work, peers=(), jobs=2, strict=True)
    return rows, sum(r["docconv"] for r in rows) / len(rows)


def simulated(docconv, floor):
    models = [e for _, _, e in rd.labelled_texts()]
    work = tempfile.mkdtemp(prefix="docconv-reader.")
    try:
        texts = score.simulate(os.path.join(work, "pages"), score.SIM_COUNT,
                               score.SIM_SEED, models)
        rows, m = scored(docconv, "simulated", texts, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%d pages simulated from %d models (seeds %d on): mean F1 %.4f, floor %.4f"
          % (len(rows), len(models), score.SIM_SEED, m, floor))
    for r in sorted(rows, key=lambda r: (r["docconv"], r["name"]))[:WORST]:
        print("  %.3f  %s" % (r["docconv"], r["name"]))
    return 0 if m >= floor else 1


def line_end_hyphens(text):
    """How many lines end in a hyphen the reader may remove."""
    return len(re.findall(r"[-\u00ad][ \t\r]*$", text, re.M))


def real(docconv, floor, folder="real"):
    texts = score.labelled_in(os.path.join(TOP, "tests", folder))
    work = tempfile.mkdtemp(prefix="docconv-reader.")
    try:
        rows, m = scored(docconv, folder, texts, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ok = True
    for r in rows:
        wraps, may = score.hyphens(r["lost"]), line_end_hyphens(r["text"])
        other = {c: n for c, n in r["lost"].items() if c not in score.WRAP_HYPHENS}
        print("  %.3f  lost %d (wrap hyphens %d of %d at line ends)%s  %s" % (
            r["docconv"], sum(r["lost"].values()), wraps, may,
            "  LOST %r" % other if other else "", r["name"]))
        ok = ok and not other and wraps <= may
    print("%d texts of tests/%s: mean F1 %.4f, floor %.4f" % (len(rows), folder, m, floor))
    return 0 if ok and m >= floor else 1


def main(argv):
    if len(argv) == 4 and argv[1] == "simulated":
        return simulated(argv[2], float(argv[3]))
    if len(argv) == 4 and argv[1] in ("real", "heldout"):
        return real(argv[2], float(argv[3]), argv[1])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
