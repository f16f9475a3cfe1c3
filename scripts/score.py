#!/usr/bin/env python3
"""`make score`: how well docconv, pandoc and calibre recover the structure
of every labelled text, into SCORES.md.

usage: score.py [--docconv BIN] [--out FILE] [--sim-count N] [-j N]
                [--extra NAME=DIR]... [--show-extra] [--no-peers]

The texts: samples/, ../shared/seeds, ../shared/corpus, tests/real/,
tests/heldout/ (real texts make train never learns from; each
with its expected model beside it; scripts/reader_data.py lists them), and
N simulated pages (scripts/simulate_page.py, seed SIM_SEED) made from every
model the reader learns from. --extra NAME=DIR adds a folder of labelled texts
(NAME.txt beside NAME.expected.json or NAME.json), a private set for
instance: it is scored and printed, but kept out of SCORES.md unless
--show-extra.

docconv reads each source's texts in one batch run (--to json); pandoc
(-f markdown -t epub3) and calibre (ebook-convert, txt -> epub), when
installed and unless --no-peers, convert each text as docconv decodes it,
in UTF-8, the only encoding they are sure to read (bench.py's structure
section does the same). Every output is scored as
../shared/tools/structscore.py scores it (scripts/structure.py: blocks as
(type, text without white space), their longest common subsequence, a
page's article boundaries as blocks; an EPUB read back as structscore
reads it), and docconv's model is checked for characters of the input it
lost. Nothing here is timed: the figures do not depend on the machine's
load.
"""
import argparse
import concurrent.futures
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402
import reader_data as rd  # noqa: E402
import structure  # noqa: E402

# The simulated pages: seeds SIM_SEED, SIM_SEED + 1, ... one a page. `make
# train` simulates its pages from seed 1 on (far fewer than SIM_SEED of
# them), so no page scored here was trained on.
SIM_SEED = 1000000
SIM_COUNT = 1000
SOURCES = rd.TRAINED + ("heldout",)
TOOLS = ("docconv", "pandoc", "calibre")
WORST = 5
# Characters whose loss is a removed wrap hyphen, not text dropped.
WRAP_HYPHENS = set("-\u00ad")
# What a peer may take on one text before it counts as failed (and scores
# 0): pandoc's heap grows past 7 GiB on a page of OCR that is one line
# (tests/real/403_*) and fails there after minutes with this cap; the time
# limit only stops a run that hangs.
PANDOC_HEAP = "1g"
PEER_TIMEOUT = 600


def labelled_in(folder):
    """(txt, expected) for every labelled text at the top of a folder."""
    out = []
    for f in sorted(os.listdir(folder)):
        if not f.endswith(".txt"):
            continue
        for ext in (".expected.json", ".json"):
            exp = os.path.join(folder, f[:-4] + ext)
            if os.path.exists(exp):
                out.append((os.path.join(folder, f), exp))
                break
    return out


def simulate(outdir, count, seed, models):
    """COUNT simulated pages (NAME.txt + NAME.expected.json) in outdir."""
    subprocess.run([sys.executable, os.path.join(HERE, "simulate_page.py"), "--batch",
                    outdir, str(count), str(seed)] + list(models), check=True)
    return labelled_in(outdir)


def docconv_models(docconv, texts, outdir, jobs, strict=False):
    """docconv's model of each text, read in one batch run (None where it
    failed); the texts' names must differ. strict: any exit status but 0
    (an article failed, a sanitizer's report) stops the run."""
    os.makedirs(outdir, exist_ok=True)
    r = subprocess.run([docconv, "--to", "json", "-q", "-j", str(jobs), "--files-from", "-",
                        "-o", outdir + "/"],
                       input="".join(os.path.abspath(t) + "\n" for t, _ in texts).encode(),
                       stdout=subprocess.DEVNULL)
    if strict and r.returncode != 0:
        raise SystemExit("FAIL: docconv exited %d" % r.returncode)
    models = []
    for txt, _ in texts:
        out = os.path.join(outdir, os.path.basename(txt)[:-4] + ".json")
        try:
            with open(out, encoding="utf-8") as f:
                models.append(json.load(f))
        except (OSError, ValueError):
            models.append(None)
    return models


def hyphens(lost):
    """How many of the lost characters (a Counter) are wrap hyphens."""
    return sum(n for c, n in lost.items() if c in WRAP_HYPHENS)


def peer_command(tool, src, dst):
    if tool == "pandoc":
        return ["pandoc", "+RTS", "-M" + PANDOC_HEAP, "-RTS", "-f", "markdown", "-t", "epub3",
                src, "-o", dst]
    return ["ebook-convert", src, dst]


def peer_env(tool):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    if tool == "calibre":
        env["QT_QPA_PLATFORM"] = "offscreen"
        if os.geteuid() == 0:
            env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox"
    return env


def peer_f1(tool, text, expected, work):
    """F1 of a peer's EPUB of `text` (UTF-8, as docconv decoded it), or None
    when the peer fails."""
    d = tempfile.mkdtemp(dir=work)
    try:
        src = os.path.join(d, "article.txt")
        with open(src, "w", encoding="utf-8") as f:
            f.write(text)
        dst = os.path.join(d, "article.epub")
        try:
            r = subprocess.run(peer_command(tool, src, dst), capture_output=True,
                               env=peer_env(tool), timeout=PEER_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None
        if r.returncode != 0 or not os.path.exists(dst):
            return None
        try:
            return structure.score(expected, structure.epub_model(dst))[0]
        except Exception:  # noqa: BLE001 - a book that cannot be read: failed
            return None
    finally:
        shutil.rmtree(d, ignore_errors=True)


def score_source(docconv, name, texts, work, peers, jobs, strict=False):
    """One row per text: its name, its text as docconv decoded it, the F1
    of each tool (0 where it failed; the tools that failed in "failed"),
    the characters docconv lost (a Counter; None where docconv failed).
    strict: as for docconv_models."""
    models = docconv_models(docconv, texts, os.path.join(work, "docconv", name), jobs,
                            strict)
    rows, expected = [], []
    for (txt, exp), model in zip(texts, models):
        with open(exp, encoding="utf-8") as f:
            expected.append(json.load(f))
        row = {"name": os.path.basename(txt)[:-4], "docconv": 0.0, "lost": None,
               "text": None, "failed": set()}
        if model is None:
            row["failed"].add("docconv")
        else:
            row["text"] = structure.decoded(txt, structure.encoding_of(model))
            row["docconv"] = structure.score(expected[-1], model)[0]
            row["lost"] = structure.lost_chars(row["text"], model)
        rows.append(row)
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for tool in peers:
            futures = [pool.submit(peer_f1, tool, r["text"], e, work) if r["text"] else None
                       for r, e in zip(rows, expected)]
            for r, fu in zip(rows, futures):
                f1 = fu.result() if fu else None
                r[tool] = f1 or 0.0
                if f1 is None:
                    r["failed"].add(tool)
            print("score: %s: %s done" % (name, tool), flush=True)
    return rows


def summary(rows, tool):
    f1s = [r[tool] for r in rows if tool in r]
    if not f1s:
        return None
    return sum(f1s) / len(f1s), min(f1s)


def tables(sources):
    """The summary table of every source and each source's worst texts."""
    L = []
    add = L.append
    add("| source | texts | %s | docconv lost (wrap hyphens) |" % " | ".join(
        "%s mean F1 (min)" % t for t in TOOLS))
    add("|---|---|%s---|" % ("---|" * len(TOOLS)))
    for name, rows in sources:
        cells = []
        for tool in TOOLS:
            s = summary(rows, tool)
            failed = sum(1 for r in rows if tool in r["failed"])
            cells.append(("%.3f (%.3f)" % s if s else "not run")
                         + (", %d failed" % failed if failed else ""))
        lost = sum(sum(r["lost"].values()) for r in rows if r["lost"] is not None)
        hyph = sum(hyphens(r["lost"]) for r in rows if r["lost"] is not None)
        add("| %s | %d | %s | %d (%d) |" % (name, len(rows), " | ".join(cells), lost, hyph))
    add("")
    add("A text a tool could not convert scores 0 for it (\"failed\").")
    add("")
    for name, rows in sources:
        add("## %s" % name)
        add("")
        if all(r["docconv"] == 1.0 for r in rows):
            add("docconv scores 1.000 on every text.")
            add("")
            continue
        add("The %s docconv scores lowest on:" % (
            "%d texts" % WORST if len(rows) > WORST else "texts"))
        add("")
        add("| text | %s | docconv lost (wrap hyphens) |" % " | ".join(TOOLS))
        add("|---|%s---|" % ("---|" * len(TOOLS)))
        for r in sorted(rows, key=lambda r: (r["docconv"], r["name"]))[:WORST]:
            add("| %s | %s | %s |" % (
                r["name"],
                " | ".join("failed" if t in r["failed"] else "%.3f" % r[t] if t in r else "—"
                           for t in TOOLS),
                "—" if r["lost"] is None else "%d (%d)" % (sum(r["lost"].values()),
                                                           hyphens(r["lost"]))))
        add("")
    return L


def public_argv(argv, show_extra):
    """The command line as SCORES.md gives it: without the --extra folders
    it leaves out (their names and places may be private)."""
    if show_extra:
        return argv
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == "--extra":
            skip = True
        elif not a.startswith("--extra="):
            out.append(a)
    return out


def report(sources, peers, args, argv):
    """SCORES.md's text."""
    cpu, cores, mem, load = bench.machine()
    commit = subprocess.run(["git", "-C", rd.TOP, "describe", "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    versions = [bench.version([args.docconv, "--version"]) or "docconv ?"]
    for tool, cmd in (("pandoc", ["pandoc", "--version"]),
                      ("calibre", ["ebook-convert", "--version"])):
        versions.append((bench.version(cmd) or tool) if tool in peers
                        else "%s not run" % tool)
    L = []
    add = L.append
    add("# Structure scores")
    add("")
    add("How well each tool recovers the structure of every labelled text, "
        "written by `make score` (scripts/score.py). Each output is scored "
        "as ../shared/tools/structscore.py scores it: its blocks as (type, "
        "text without white space) against the expected model's, F1 of "
        "their longest common subsequence; on a page of several articles "
        "each boundary between two counts as a block. docconv is read from "
        "`--to json`; pandoc (`-f markdown -t epub3`) and calibre "
        "(`ebook-convert`, txt to epub) from their EPUBs, read back as "
        "structscore reads them, each given the text in UTF-8 as docconv "
        "decodes it (pandoc with a heap of at most %s: more than that, or "
        "%d seconds, is a failure). Lost: non-space characters of the input missing from "
        "docconv's model (layout markers such as `□` aside); the removed "
        "wrap hyphens among them are counted apart, since removing them is "
        "the rule." % (PANDOC_HEAP.upper().replace("G", " GiB"), PEER_TIMEOUT))
    add("")
    add("- Date: %s" % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    add("- Machine: %s, %d cores, %d MiB RAM, %s" % (cpu, cores, mem,
                                                    platform.platform(terse=True)))
    add("- Commit: %s" % commit)
    add("- Versions: %s" % "; ".join(versions))
    add("- Command: `%s`" % " ".join(["scripts/score.py"] + public_argv(argv, args.show_extra)))
    add("- Simulated pages: %s, seeds %d on, from every expected model above "
        "but the held-out ones (scripts/simulate_page.py)" % (
            format(args.sim_count, ","), SIM_SEED))
    add("")
    L.extend(tables(sources))
    return "\n".join(L)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docconv", default=os.path.join(rd.TOP, "build", "docconv"))
    ap.add_argument("--out", default=os.path.join(rd.TOP, "SCORES.md"))
    ap.add_argument("--sim-count", type=int, default=SIM_COUNT)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--extra", action="append", default=[], metavar="NAME=DIR")
    ap.add_argument("--show-extra", action="store_true",
                    help="write the --extra folders into SCORES.md too")
    ap.add_argument("--no-peers", action="store_true", help="docconv only")
    args = ap.parse_args(argv)
    peers = [] if args.no_peers else [t for t, exe in (("pandoc", "pandoc"),
                                                       ("calibre", "ebook-convert"))
                                      if shutil.which(exe)]
    labelled = rd.labelled_texts(SOURCES)
    work = tempfile.mkdtemp(prefix="docconv-score.")
    try:
        groups = [(src, [(t, e) for s, t, e in labelled if s == src]) for src in SOURCES]
        groups = [(src, texts) for src, texts in groups if texts]
        # simulated from the models the reader learns from, as the
        # reader.simulated test's pages are
        groups.append(("simulated", simulate(os.path.join(work, "sim"), args.sim_count,
                                             SIM_SEED, [e for s, _, e in labelled
                                                        if s in rd.TRAINED])))
        extras = []
        for spec in args.extra:
            name, _, folder = spec.partition("=")
            extras.append((name, labelled_in(folder)))
        public, private = [], []
        for name, texts in groups + extras:
            rows = score_source(args.docconv, name, texts, work, peers, args.jobs)
            (private if (name, texts) in extras and not args.show_extra
             else public).append((name, rows))
            print("score: %s: %d texts, docconv mean F1 %.3f" % (
                name, len(rows), summary(rows, "docconv")[0]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(public, peers, args, argv)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(text)
    if private:
        print("\nNot written to %s:\n" % os.path.relpath(args.out))
        print("\n".join(tables(private)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
