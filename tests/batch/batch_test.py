#!/usr/bin/env python3
"""Batch conversion checks for ctest: docconv over zip archives, folders and
lists, run as a user would run it.

  batch_test.py DOCCONV SRC SHARED CASE [FORMAT]

  formats FORMAT  a zip of samples/*.txt and SHARED/corpus/*.txt converts;
                  -j1 and -j4 give the same bytes; every output equals the
                  single-file conversion and passes its checker (epubcheck,
                  qpdf --check, a JSON parser); -o OUT.zip holds the same
                  files in natural order; --combine makes one valid book
                  whose chapters (and, for EPUB, nav) follow the articles
  hostile         crafted zips (zip-slip, absolute and drive names, links,
                  control characters, duplicates, a bomb, an encrypted
                  entry, a lying header, not a zip, truncated, over the
                  total) give their documented errors and write nothing
                  outside the output folder, even through planted links
  archives        zip, tar, tar.gz, tar.bz2, tar.xz and 7z, from a file and
                  from standard input: the same names refused and made
                  safe, links refused, natural order, shards, the total,
                  bombs stopped, a damaged archive refused whole
  folder          a folder walk skips and counts hidden files, __MACOSX,
                  images and links; --include; --skip-existing; --force
  lists           several files and --files-from - (order kept; unsafe
                  paths named by their file name)
  shard           --shard K/N for N = 3 and 4: disjoint, covering, each
                  entry where FNV-1a 64 of its path says, bytes unchanged
  strict          --strict fails a warned article alone and in a batch
                  alike, whether the reader or the writer warned
  exits           exit status 0, 1, 2 and 3
  interrupt       SIGINT or SIGTERM stops a run between articles: only
                  complete outputs, no temporary files, no OUT.zip; the
                  exit is by the signal; --skip-existing then completes it
  progress        a bar on a terminal (at most ~10 redraws a second), one
                  summary line elsewhere, nothing under --quiet
  escape          a subfolder of the output swapped for a link to a folder
                  outside, again and again during the run: nothing lands
                  outside
  race            two runs into one folder at once without --force: each
                  output made by one run, whole; the other told it exists
  clash           a.txt and a.json/x.txt: no file and folder of one name in
                  OUT.zip (it extracts) or in a folder
  signals         --combine dies of SIGINT, SIGTERM, SIGHUP while writing
                  its book, leaving nothing; a second SIGINT in a -j8 batch
                  leaves no temporary file (20 runs)
  killed          SIGKILL leaves no temporary file; stale named ones are
                  removed by the next run, live (locked) ones kept
  readonly        a read-only output folder: one message, exit 4
  diskfull        a full disk under OUT.zip or a book: the file and the
                  cause named, nothing left

Exit 0 pass, 1 fail, 77 skip (no corpus, or the writer is not in this
build).
"""
import io
import json
import os
import pty
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
import xml.etree.ElementTree as ET

SKIP = 77
EPOCH = "1700000000"
EPUBCHECK = "/usr/share/java/epubcheck.jar"
SUMMARY = re.compile(r"(\d+) converted, (\d+) skipped, (\d+) failed")

failures = []



def book_title(book):
    """The title of a --combine book as --to json writes it."""
    return (book.get("meta") or {}).get("title")


def pages(book):
    """The input of each chapter of a book, once per input: a page of
    several articles gives several chapters in a row."""
    out = []
    for a in book.get("articles", []):
        src = a["meta"]["source"]
        if not out or out[-1] != src:
            out.append(src)
    return out

def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)
    return cond


def run(args, stdin=None, cwd=None):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    p = subprocess.run([DOCCONV] + args, input=stdin, capture_output=True,
                       cwd=cwd, env=env, timeout=900)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


# The most memory a bomb may make docconv hold, in MB; AddressSanitizer's
# shadow memory and quarantine (its build runs with ASAN_OPTIONS set) add
# their own share to every page the program touches.
BOMB_PEAK_MB = 60 * (2 if os.environ.get("ASAN_OPTIONS") else 1)


def run_peak(args):
    """run(), and the peak resident memory of that docconv process in MB, as
    GNU time reports it: a process started from this one would count this
    one's pages too (its peak is kept across fork and exec)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    p = subprocess.run(["/usr/bin/time", "-f", "peak %M", DOCCONV] + args,
                       capture_output=True, env=env)
    err = p.stderr.decode("utf-8", "replace")
    m = re.search(r"peak (\d+)\s*$", err)
    return p.returncode, err, int(m.group(1)) / 1024 if m else float("inf")


def summary(err):
    m = SUMMARY.search(err)
    return tuple(int(x) for x in m.groups()) if m else None


def tree(root):
    """{relative path: bytes} of the regular files under root."""
    out = {}
    for d, dirs, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            if os.path.isfile(p) and not os.path.islink(p):
                out[os.path.relpath(p, root)] = open(p, "rb").read()
    return out


def snapshot(root, exclude):
    """Every path under root (files, folders, links) but those under exclude,
    with file contents: what a hostile run must leave as it was."""
    seen = {}
    for d, dirs, files in os.walk(root):
        if os.path.abspath(d).startswith(os.path.abspath(exclude)):
            continue
        for f in dirs + files:
            p = os.path.join(d, f)
            if os.path.abspath(p).startswith(os.path.abspath(exclude)):
                continue
            if os.path.islink(p):
                seen[p] = "link:" + os.readlink(p)
            elif os.path.isfile(p):
                seen[p] = open(p, "rb").read()
            else:
                seen[p] = "dir"
    return seen


def natural_key(s):
    parts = re.split(r"(\d+)", s.replace("/", "\0"))
    return [(0, int(x), len(x)) if x.isdigit() else (1, x.encode(), 0)
            for x in parts if x != ""]


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def synthetic(i):
    """A small article of either language, distinct for each i."""
    if i % 2:
        return ("第%d号新闻标题\n\n记者 王明\n\n这是第%d篇文章的第一段。它讲述了一个故事。"
                "\n\n第二段继续讲述，到此结束。\n" % (i, i)).encode()
    return ("Headline number %d for the test\n\nBy John Smith\n\nLONDON, May 3 "
            "(Reuters) - This is paragraph one of article %d. It tells a story."
            "\n\nParagraph two goes on, and it ends here.\n" % (i, i)).encode()


def corpus_articles():
    """(name, bytes) of samples/*.txt and SHARED/corpus/*.txt."""
    found = []
    for d in (os.path.join(SRC, "samples"), os.path.join(SHARED, "corpus")):
        if os.path.isdir(d):
            for f in sorted(os.listdir(d)):
                if f.endswith(".txt"):
                    found.append((f, open(os.path.join(d, f), "rb").read()))
    return found


def make_zip(path, entries, method=zipfile.ZIP_DEFLATED):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # duplicate names are the point
        with zipfile.ZipFile(path, "w", method) as z:
            for e in entries:
                if isinstance(e, zipfile.ZipInfo):
                    raise ValueError("pass (ZipInfo, data)")
                name, data = e
                if isinstance(name, zipfile.ZipInfo):
                    z.writestr(name, data)
                else:
                    zi = zipfile.ZipInfo(name, (2023, 11, 14, 22, 13, 20))
                    zi.compress_type = method
                    z.writestr(zi, data)


def writer_available(fmt, tmp):
    """None when `--to fmt` works; otherwise why not. A writer that is not
    in this build is a skip; any other failure is a failure."""
    src = os.path.join(tmp, "probe.txt")
    open(src, "wb").write(synthetic(2))
    rc, out, err = run(["--to", fmt, src, "-o", os.path.join(tmp, "probe." + fmt)])
    if rc == 0:
        return None
    if "not available in this build" in err:
        return "the %s writer is not available in this build" % fmt
    check(False, "--to %s on a tiny article exited %d: %s" % (fmt, rc, err))
    return "failed"


def epubcheck(path):
    if not check(os.path.isfile(path), "%s exists" % path):
        return
    p = subprocess.run(["java", "-jar", EPUBCHECK, path], capture_output=True,
                       timeout=300)
    text = (p.stdout + p.stderr).decode("utf-8", "replace")
    check(p.returncode == 0 and
          "Messages: 0 fatals / 0 errors / 0 warnings" in text
          or "No errors or warnings detected" in text and p.returncode == 0,
          "epubcheck %s: %s" % (path, text[-800:]))


def qpdf_check(path):
    if not check(os.path.isfile(path), "%s exists" % path):
        return
    p = subprocess.run(["qpdf", "--check", path], capture_output=True, timeout=300)
    check(p.returncode == 0, "qpdf --check %s: %s" % (
        path, (p.stdout + p.stderr).decode("utf-8", "replace")[-800:]))


def validate(fmt, path):
    if fmt == "epub":
        epubcheck(path)
    elif fmt == "pdf":
        qpdf_check(path)
    elif fmt == "json":
        try:
            json.load(open(path, encoding="utf-8"))
        except ValueError as e:
            check(False, "%s is not JSON: %s" % (path, e))
    elif fmt == "html":
        check(b"<html" in open(path, "rb").read().lower(), "%s is HTML" % path)


def epub_nav_text(path):
    """The text of every link in the EPUB's navigation document."""
    z = zipfile.ZipFile(path)
    container = ET.fromstring(z.read("META-INF/container.xml"))
    ns = {"c": "urn:oasis:names:tc:opendocument:xmlns:container",
          "opf": "http://www.idpf.org/2007/opf",
          "x": "http://www.w3.org/1999/xhtml"}
    opf_path = container.find(".//c:rootfile", ns).get("full-path")
    opf = ET.fromstring(z.read(opf_path))
    base = os.path.dirname(opf_path)
    for item in opf.findall(".//opf:manifest/opf:item", ns):
        if "nav" in (item.get("properties") or "").split():
            nav = ET.fromstring(z.read(os.path.normpath(
                os.path.join(base, item.get("href")))))
            return [" ".join("".join(a.itertext()).split())
                    for a in nav.iter("{http://www.w3.org/1999/xhtml}a")]
    return []


def headline(single_json):
    m = json.loads(single_json)
    if "articles" in m:
        m = m["articles"][0]
    t = m["meta"].get("title")
    if not t:
        for b in m["blocks"]:
            if b["type"] == "title":
                return b["text"]
    return t


# --- cases -----------------------------------------------------------------

def case_formats(fmt):
    arts = corpus_articles()
    if not arts:
        print("SKIP: no samples/*.txt and no %s/corpus" % SHARED)
        return SKIP
    with tempfile.TemporaryDirectory() as t:
        why = writer_available(fmt, t) if fmt != "json" else None
        if why:
            print("SKIP: " + why)
            return SKIP if why != "failed" else 1
        # Nested, numbered names: mirroring and natural order (2 < 10).
        names = []
        for i, (base, _) in enumerate(arts):
            sub = "zh" if "_zh_" in base else "en" if "_en_" in base else "misc"
            names.append("%s/%d_%s" % (sub, i + 1, base))
        zpath = os.path.join(t, "news.zip")
        make_zip(zpath, [(n, d) for n, d in zip(names, (a[1] for a in arts))])
        ext = fmt
        want = {n[:-4] + "." + ext for n in names}

        outs = {}
        for j in ("1", "4"):
            out = os.path.join(t, "out" + j)
            rc, _, err = run(["--to", fmt, "-j" + j, zpath, "-o", out + "/"])
            check(rc == 0, "-j%s exits 0, not %d: %s" % (j, rc, err))
            check(summary(err) == (len(arts), 0, 0),
                  "-j%s summary counts %d converted: %s" % (j, len(arts), err))
            outs[j] = tree(out)
            check(set(outs[j]) == want, "-j%s writes exactly %s, got %s" % (
                j, sorted(want), sorted(outs[j])))
        check(outs["1"] == outs["4"], "-j1 and -j4 give identical bytes")

        # Each output is what the single-file conversion writes.
        single_json = {}
        for n, (base, data) in zip(names, arts):
            d = os.path.join(t, "single", os.path.dirname(n))
            os.makedirs(d, exist_ok=True)
            src = os.path.join(d, os.path.basename(n))
            open(src, "wb").write(data)
            dst = src[:-4] + "." + ext
            rc, _, err = run(["--to", fmt, src, "-o", dst])
            check(rc == 0, "single %s converts: %s" % (n, err))
            got = outs["1"].get(n[:-4] + "." + ext)
            check(got is not None and got == open(dst, "rb").read(),
                  "%s from the batch equals the single-file output" % n)
            validate(fmt, os.path.join(t, "out1", n[:-4] + "." + ext))
            rc, js, _ = run(["--to", "json", src])
            single_json[n] = js

        # -o OUT.zip: same files, natural order, same bytes for any -j.
        zips = {}
        for j in ("1", "4"):
            zout = os.path.join(t, "out%s.zip" % j)
            rc, _, err = run(["--to", fmt, "-j" + j, zpath, "-o", zout])
            check(rc == 0, "-o OUT.zip -j%s exits 0: %s" % (j, err))
            zips[j] = open(zout, "rb").read() if os.path.exists(zout) else b""
        check(zips["1"] == zips["4"] and zips["1"],
              "-o OUT.zip: -j1 and -j4 give identical bytes")
        zf = zipfile.ZipFile(io.BytesIO(zips["1"]))
        check(zf.testzip() is None, "OUT.zip passes its CRC checks")
        check({n: zf.read(n) for n in zf.namelist()} == outs["1"],
              "OUT.zip holds the same files as the folder output")
        check(zf.namelist() == sorted(zf.namelist(), key=natural_key),
              "OUT.zip entries in natural order: %s" % zf.namelist())
        check(all(i.date_time == (2023, 11, 14, 22, 13, 20) for i in zf.infolist()),
              "OUT.zip entries carry SOURCE_DATE_EPOCH")

        # --combine: one book, one chapter per article, in natural order.
        books = {}
        for j in ("1", "4"):
            book = os.path.join(t, "book%s.%s" % (j, ext))
            rc, _, err = run(["--to", fmt, "--combine", "-j" + j, zpath, "-o", book])
            check(rc == 0, "--combine -j%s exits 0: %s" % (j, err))
            books[j] = open(book, "rb").read() if os.path.exists(book) else b""
        check(books["1"] == books["4"] and books["1"],
              "--combine: -j1 and -j4 give identical bytes")
        book = os.path.join(t, "book1." + ext)
        validate(fmt, book)
        order = sorted(names, key=natural_key)
        if fmt == "json" and os.path.exists(book):
            b = json.load(open(book, encoding="utf-8"))
            check(book_title(b) == "news", "the book is titled after the zip")
            got = pages(b)
            check(got == [os.path.basename(n) for n in order],
                  "chapters in natural order: %s" % got)
        if fmt == "epub" and os.path.exists(book):
            nav = epub_nav_text(book)
            for n in order:
                h = headline(single_json[n])
                if h:
                    check(" ".join(h.split()) in nav,
                          "the nav lists the headline of %s: %r" % (n, h))
        titled = os.path.join(t, "titled." + ext)
        rc, _, err = run(["--to", fmt, "--combine", "--title", "每周新闻 Weekly",
                          zpath, "-o", titled])
        check(rc == 0, "--combine --title exits 0: %s" % err)
        if fmt == "json" and os.path.exists(titled):
            b = json.load(open(titled, encoding="utf-8"))
            check(book_title(b) == "每周新闻 Weekly", "--title names the book")
            check(all(a["meta"]["title"] != "每周新闻 Weekly" for a in b["articles"]),
                  "--title does not rename the chapters")
    return 0


def case_hostile():
    good = synthetic(2)
    with tempfile.TemporaryDirectory() as t:
        sentinel = os.path.join(t, "sentinel")
        os.makedirs(sentinel)
        open(os.path.join(sentinel, "keep"), "w").write("keep")
        cwd = os.path.join(t, "work", "a", "b")
        os.makedirs(cwd)
        out = os.path.join(cwd, "out")
        abs_name = "/tmp/docconv-abs-%d.txt" % os.getpid()

        def hostile_run(zip_name, args=(), fresh=True):
            if fresh and os.path.isdir(out):
                shutil.rmtree(out)
            before = snapshot(t, out)
            rc, _, err = run(["--to", "json", zip_name, "-o", "out/"] + list(args),
                             cwd=cwd)
            check(snapshot(t, out) == before,
                  "%s %s: nothing written outside the output folder" % (zip_name, args))
            check(not os.path.exists(abs_name) and
                  not os.path.exists(abs_name[:-4] + ".json"),
                  "%s: nothing written at the absolute path" % zip_name)
            return rc, err

        # Names: zip-slip, absolute, drive, link, control bytes, duplicates.
        link = zipfile.ZipInfo("link.txt", (2023, 11, 14, 22, 13, 20))
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        entries = [
            ("good.txt", good),
            ("../../evil.txt", good),
            ("a/../../evil2.txt", good),
            ("..\\..\\evil3.txt", good),
            (abs_name, good),
            ("C:\\drive.txt", good),
            ("C:\\dir\\y.txt", good),
            (link, b"/etc/passwd"),
            ("ctl\x1b[31m.txt", good),
            ("dup.txt", synthetic(11)),
            ("dup.txt", synthetic(13)),
            ("dup.TXT", synthetic(15)),
            ("d/dup.txt", synthetic(17)),
            ("bad\x1b[2J.txt", "乌海市深入贯彻落实新时代党的建设总要求".encode() + b"\xff\n"),
        ]
        make_zip(os.path.join(cwd, "names.zip"), entries)
        rc, err = hostile_run("names.zip")
        check(rc == 1, "names.zip exits 1 (some refused), not %d: %s" % (rc, err))
        check(summary(err) == (9, 0, 5), "names.zip: 9 converted, 5 failed: %s" % err)
        check("\x1b" not in err and "names.zip:bad\\x1b[2J.txt: byte" in err,
              "a control character in a name is escaped in messages: %r" % err)
        # libarchive reads '\\' in a zip name as the separator Windows
        # archivers mean by it, so evil3's name is shown with '/'.
        for bad in ("../../evil.txt", "a/../../evil2.txt", "../../evil3.txt"):
            check(re.search(r"names\.zip:%s: unsafe name: '\.\.' in the name would "
                            r"climb out" % re.escape(bad), err),
                  "the refusal names %s: %s" % (bad, err))
        check("names.zip:link.txt: a link in the archive: not followed"
              in err, "a link entry is refused: %s" % err)
        got = tree(out)
        check(set(got) == {"good.json", abs_name[1:-4] + ".json", "drive.json",
                           "dir/y.json", "ctl_[31m.json", "d/dup.json",
                           "dup.json", "dup~2.json", "dup~3.json"},
              "names.zip outputs: %s" % sorted(got))
        marks = {k: json.loads(v)["meta"]["title"] for k, v in got.items()
                 if "dup" in k}
        # Natural order: d/dup.txt, dup.TXT, dup.txt, dup.txt (in archive order).
        check(marks == {"d/dup.json": "第17号新闻标题", "dup.json": "第15号新闻标题",
                        "dup~2.json": "第11号新闻标题", "dup~3.json": "第13号新闻标题"},
              "equal names get ~2, ~3 in order: %s" % marks)
        # The same into a zip: no entry name that could escape on extraction.
        rc, _, err = run(["--to", "json", "names.zip", "-o", "names-out.zip"], cwd=cwd)
        check(rc == 1, "names.zip to OUT.zip exits 1")
        zn = []
        if check(os.path.exists(os.path.join(cwd, "names-out.zip")), "names-out.zip"):
            zn = zipfile.ZipFile(os.path.join(cwd, "names-out.zip")).namelist()
        check(sorted(zn) == sorted(got), "OUT.zip has the same safe names: %s" % zn)
        check(all(not n.startswith("/") and ".." not in n.split("/") and "\\" not in n
                  for n in zn), "OUT.zip names stay relative")
        if os.path.exists(os.path.join(cwd, "names-out.zip")):
            os.unlink(os.path.join(cwd, "names-out.zip"))

        # A name in GBK without the UTF-8 flag, as Chinese Windows writes.
        gbk = "新闻/报道.txt".encode("gbk")
        stand_in = b"x" * (len(gbk) - 4) + b".txt"
        make_zip(os.path.join(cwd, "gbk.zip"), [(stand_in.decode(), good)])
        raw = open(os.path.join(cwd, "gbk.zip"), "rb").read()
        check(raw.count(stand_in) == 2, "the stand-in name is in both headers")
        open(os.path.join(cwd, "gbk.zip"), "wb").write(raw.replace(stand_in, gbk))
        rc, err = hostile_run("gbk.zip")
        check(rc == 0 and set(tree(out)) == {"新闻/报道.json"},
              "a GBK name is read as GB18030: %s %s" % (sorted(tree(out)), err))

        # Links planted in the output folder are never followed.
        make_zip(os.path.join(cwd, "plant.zip"), [("sub/a.txt", good), ("x.txt", good)])
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        os.symlink(sentinel, os.path.join(out, "sub"))
        os.symlink(os.path.join(sentinel, "keep"), os.path.join(out, "x.json"))
        rc, err = hostile_run("plant.zip", ["--force"], fresh=False)
        check(rc == 1 and summary(err) == (0, 0, 2),
              "planted links: both articles fail: %s" % err)
        check("a symbolic link or a file is in the way" in err,
              "a linked folder is refused: %s" % err)
        check("x.json is a symbolic link; not followed" in err,
              "a linked output is refused: %s" % err)
        check(os.listdir(sentinel) == ["keep"] and
              open(os.path.join(sentinel, "keep")).read() == "keep",
              "the link targets are untouched")

        # A bomb: 200 MB of zeros in about 200 KB.
        bomb = os.path.join(cwd, "bomb.zip")
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            z.writestr("good.txt", good)
            with z.open("bomb.txt", "w") as f:
                zeros = b"\0" * (1 << 20)
                for _ in range(200):
                    f.write(zeros)
        check(os.path.getsize(bomb) < 1 << 20, "the bomb is small")
        # Its header declares 200 MB: refused before any of it inflates.
        rc, err = hostile_run("bomb.zip")
        check(rc == 1 and summary(err) == (1, 0, 1), "bomb.zip: exit 1: %s" % err)
        check(re.search(r"bomb\.zip:bomb\.txt: 209715200 bytes "
                        r"uncompressed, over the limit of 67108864 "
                        r"bytes for one entry \(--max-entry-size\)", err),
              "the entry size stops it: %s" % err)
        # 30 MB of zeros within the entry limit: the ratio stops it as it
        # inflates, long before the end.
        small_bomb = os.path.join(cwd, "bomb30.zip")
        with zipfile.ZipFile(small_bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            z.writestr("good.txt", good)
            z.writestr("bomb.txt", b"\0" * (30 << 20))
        rc, err = hostile_run("bomb30.zip")
        check(rc == 1 and summary(err) == (1, 0, 1) and
              re.search(r"bomb30\.zip:bomb\.txt: compressed \d+:1, over the limit "
                        r"of 100:1 \(--max-ratio\)", err), "the ratio is named: %s" % err)
        rc, err = hostile_run("bomb.zip", ["--max-ratio", "100000",
                                           "--max-entry-size", "300M"])
        check(rc == 1 and "bomb.txt" in err,
              "--max-entry-size is capped at the reader's limit: %s" % err)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        check(peak_mb < 120, "no run inflated the bomb (peak RSS %.0f MB)" % peak_mb)
        make_zip(os.path.join(cwd, "total.zip"),
                 [("t%d.txt" % i, synthetic(i)) for i in range(10)])
        rc, err = hostile_run("total.zip", ["--max-total-size", "1K"])
        check(rc == 3 and re.search(r"^docconv: total\.zip: its articles total \d+ "
                                    r"bytes uncompressed, over the limit of 1024 "
                                    r"\(--max-total-size\)", err)
              and not os.path.exists(out),
              "over the total: exit 3, nothing written: %d %s" % (rc, err))
        rc, err = hostile_run("total.zip", ["--max-total-size", "1M"])
        check(rc == 0, "under the total: exit 0 (%s)" % err)

        # A header that understates the size: read no further than it says.
        liar = os.path.join(cwd, "liar.zip")
        make_zip(liar, [("liar.txt", synthetic(4) * 200), ("good.txt", good)])
        data = bytearray(open(liar, "rb").read())
        usize = len(synthetic(4) * 200)
        for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            at = data.find(sig)
            assert int.from_bytes(data[at + off:at + off + 4], "little") == usize
            data[at + off:at + off + 4] = (100).to_bytes(4, "little")
        open(liar, "wb").write(data)
        rc, err = hostile_run("liar.zip")
        check(rc == 1 and summary(err) == (1, 0, 1) and "liar.txt" in err,
              "an understated entry fails: %s" % err)
        check(not os.path.exists(os.path.join(out, "liar.json")), "no liar.json")

        # An encrypted entry beside a plain one.
        open(os.path.join(t, "secret.txt"), "wb").write(good)
        open(os.path.join(t, "plain.txt"), "wb").write(good)
        subprocess.run(["zip", "-q", "-P", "pass", os.path.join(cwd, "enc.zip"),
                        "secret.txt"], cwd=t, check=True)
        subprocess.run(["zip", "-q", os.path.join(cwd, "enc.zip"), "plain.txt"],
                       cwd=t, check=True)
        rc, err = hostile_run("enc.zip")
        check(rc == 1 and "enc.zip:secret.txt: encrypted: skipped" in err,
              "the encrypted entry is reported: %s" % err)
        check(set(tree(out)) == {"plain.json"}, "the plain entry converts")

        # Not a zip, truncated zips: one line naming the file, exit 3, nothing.
        open(os.path.join(cwd, "fake.zip"), "w").write("this is not a zip at all\n")
        whole = open(os.path.join(cwd, "plant.zip"), "rb").read()
        open(os.path.join(cwd, "half.zip"), "wb").write(whole[:len(whole) // 2])
        open(os.path.join(cwd, "cut.zip"), "wb").write(whole[:-10])
        for name in ("fake.zip", "half.zip", "cut.zip"):
            rc, err = hostile_run(name)
            lines = err.strip().splitlines()
            check(rc == 3, "%s exits 3, not %d" % (name, rc))
            check(len(lines) == 1 and lines[0].startswith("docconv: %s: " % name) and
                  ("not a zip" in lines[0] or "damaged" in lines[0]),
                  "%s: one clear line: %r" % (name, err))
            check(not os.path.exists(out), "%s: no output folder" % name)
    return 0


def case_folder():
    with tempfile.TemporaryDirectory() as t:
        src = os.path.join(t, "in")
        outside = os.path.join(t, "outside")
        for d in ("a/b/c", ".git", "__MACOSX", "img", "x"):
            os.makedirs(os.path.join(src, d), exist_ok=True)
        os.makedirs(outside)
        arts = {"top.txt": 2, "a/a2.txt": 3, "a/a10.txt": 4, "a/b/c/deep.TXT": 5,
                "x/one.txt": 6}
        for rel, i in arts.items():
            open(os.path.join(src, rel), "wb").write(synthetic(i))
        for rel in (".hidden.txt", ".git/HEAD.txt", "__MACOSX/._top.txt"):
            open(os.path.join(src, rel), "wb").write(synthetic(9))
        open(os.path.join(src, "img/photo.png"), "wb").write(b"\x89PNG\r\n\x1a\n")
        open(os.path.join(src, "img/photo.jpg"), "wb").write(b"\xff\xd8\xff")
        open(os.path.join(src, "notes.text"), "wb").write(synthetic(7))
        open(os.path.join(outside, "secret.txt"), "wb").write(synthetic(8))
        os.symlink(os.path.join(outside, "secret.txt"), os.path.join(src, "link.txt"))
        os.symlink(outside, os.path.join(src, "linkdir"))
        # Skipped: .hidden.txt, .git, __MACOSX, 2 images, notes.text, 2 links.
        skipped = 8
        want = {r.rsplit(".", 1)[0] + ".json" for r in arts}

        out = os.path.join(t, "out")
        rc, _, err = run(["--to", "json", src, "-o", out])
        check(rc == 0, "folder exits 0: %s" % err)
        check(summary(err) == (len(arts), skipped, 0),
              "counts %d converted, %d skipped: %s" % (len(arts), skipped, err))
        got = tree(out)
        check(set(got) == want, "outputs mirror the tree: %s" % sorted(got))
        check(not any("secret" in k for k in got), "links are not followed")
        for rel, i in arts.items():
            k = rel.rsplit(".", 1)[0] + ".json"
            if k in got:
                check(json.loads(got[k])["meta"]["source"] == os.path.basename(rel),
                      "%s comes from %s" % (k, rel))

        # --include adds a pattern; it is matched against the relative path.
        out2 = os.path.join(t, "out2")
        rc, _, err = run(["--to", "json", "--include", "*.text", src, "-o", out2])
        check(rc == 0 and summary(err) == (len(arts) + 1, skipped - 1, 0),
              "--include '*.text' takes notes.text: %s" % err)
        check("notes.json" in tree(out2), "notes.text converts")

        # Existing outputs: an error without --force, kept by --skip-existing.
        rc, _, err = run(["--to", "json", src, "-o", out])
        check(rc == 1 and summary(err) == (0, skipped, len(arts)),
              "existing outputs fail without --force: %s" % err)
        check("exists; use --force to overwrite it, or --skip-existing" in err,
              "and say what to do: %s" % err)
        stamps = {k: os.stat(os.path.join(out, k)).st_mtime_ns for k in got}
        time.sleep(0.02)
        rc, _, err = run(["--to", "json", "--skip-existing", src, "-o", out])
        check(rc == 0 and summary(err) == (0, skipped + len(arts), 0),
              "--skip-existing leaves them: %s" % err)
        check(all(os.stat(os.path.join(out, k)).st_mtime_ns == s
                  for k, s in stamps.items()), "--skip-existing rewrites nothing")
        os.unlink(os.path.join(out, "a/a10.json"))
        rc, _, err = run(["--to", "json", "--skip-existing", src, "-o", out])
        check(rc == 0 and summary(err) == (1, skipped + len(arts) - 1, 0),
              "--skip-existing redoes the missing one: %s" % err)
        check(tree(out) == got, "the resumed output is the same")
        rc, _, err = run(["--to", "json", "--force", src, "-o", out])
        check(rc == 0 and summary(err) == (len(arts), skipped, 0),
              "--force overwrites: %s" % err)
        check(not [f for f in os.listdir(os.path.join(out, "a")) if f.startswith(".")],
              "no temporary files left")

        # --combine over a folder: titled after it, in natural order.
        book = os.path.join(t, "book.json")
        rc, _, err = run(["--to", "json", "--combine", src + "/", "-o", book])
        check(rc == 0, "--combine a folder: %s" % err)
        if os.path.exists(book):
            b = json.load(open(book, encoding="utf-8"))
            check(book_title(b) == "in", "the book is named after the folder")
            check(pages(b) ==
                  ["a2.txt", "a10.txt", "deep.TXT", "top.txt", "one.txt"],
                  "folder chapters in natural order")
    return 0


def case_lists():
    with tempfile.TemporaryDirectory() as t:
        d = os.path.join(t, "data", "sub")
        os.makedirs(d)
        paths = []
        for i, name in enumerate(("c.txt", "a.txt", "b10.txt", "b9.txt")):
            p = os.path.join(d, name)
            open(p, "wb").write(synthetic(20 + i))
            paths.append(p)
        # Relative, absolute, and with "..": only the first keeps its folders.
        listed = ["data/sub/c.txt", paths[1], "data/sub/../sub/b10.txt", "data/sub/b9.txt"]
        rc, _, err = run(["--to", "json", "--files-from", "-", "-o", "out/"],
                         stdin=("\n".join(listed) + "\n\n").encode(), cwd=t)
        check(rc == 0 and summary(err) == (4, 0, 0), "--files-from - converts: %s" % err)
        got = tree(os.path.join(t, "out"))
        check(set(got) == {"data/sub/c.json", "a.json", "b10.json", "data/sub/b9.json"},
              "list outputs: %s" % sorted(got))

        # Order is the list's, not sorted: it decides the chapters.
        rc, _, err = run(["--to", "json", "--combine", "--files-from", "-",
                          "-o", "book.json"], stdin="\n".join(listed).encode(), cwd=t)
        check(rc == 0, "--combine --files-from: %s" % err)
        b = json.load(open(os.path.join(t, "book.json"), encoding="utf-8"))
        check(pages(b) == ["c.txt", "a.txt", "b10.txt", "b9.txt"], "list order kept")
        check(book_title(b) == next(a["meta"]["title"] for a in b["articles"]
                                    if a["meta"]["title"]),
              "a list has no name to give the book: its first headline does")

        # Several files on the command line, one of them missing.
        rc, _, err = run(["--to", "json", paths[0], paths[1], "nope.txt", "-o", "o2/"],
                         cwd=t)
        check(rc == 1 and summary(err) == (2, 0, 1), "a missing file fails alone: %s" % err)
        check("nope.txt: cannot open: No such file" in err, "and is named: %s" % err)
        check(set(tree(os.path.join(t, "o2"))) == {"c.json", "a.json"},
              "absolute paths are named by their file name")

        # A list file that does not exist is an input error.
        rc, _, err = run(["--to", "json", "--files-from", "missing.list", "-o", "o3/"],
                         cwd=t)
        check(rc == 3 and "missing.list: cannot open the list" in err,
              "a missing list: exit 3: %s" % err)
    return 0


def case_shard():
    with tempfile.TemporaryDirectory() as t:
        entries = [("s%d/article%d.txt" % (i % 5, i), synthetic(i)) for i in range(60)]
        entries += [("pics/p%d.png" % i, b"png") for i in range(7)]
        # Names that collide once the extension changes, hashed apart: each
        # shard must still name them as the whole run does (~2).
        entries += [("case%d.%s" % (i, ext), synthetic(100 + 2 * i + (ext == "TXT")))
                    for i in range(8) for ext in ("txt", "TXT")]
        articles = 60 + 16
        zpath = os.path.join(t, "all.zip")
        make_zip(zpath, entries)
        full_out = os.path.join(t, "full")
        rc, _, err = run(["--to", "json", zpath, "-o", full_out])
        full = tree(full_out)
        check(rc == 0 and summary(err) == (articles, 7, 0), "the whole run: %s" % err)
        check(sum(1 for k in full if "~2" in k) == 8, "the collisions are suffixed")
        for n in (3, 4):
            seen = {}
            totals = [0, 0, 0]
            for k in range(1, n + 1):
                out = os.path.join(t, "s%d-%d" % (n, k))
                rc, _, err = run(["--to", "json", "--shard", "%d/%d" % (k, n), zpath,
                                  "-o", out])
                check(rc == 0, "--shard %d/%d exits 0: %s" % (k, n, err))
                s = summary(err) or (0, 0, 0)
                totals = [a + b for a, b in zip(totals, s)]
                part = tree(out)
                check(0 < len(part) < articles, "shard %d/%d is a real part" % (k, n))
                for name, data in part.items():
                    check(name not in seen, "%s in two shards" % name)
                    seen[name] = data
                    if name.startswith("case"):
                        # Which entry it came from: its title says.
                        title = json.loads(data)["meta"]["title"]
                        i = int(re.search(r"\d+", title).group()) - 100
                        src = "case%d.%s" % (i // 2, "TXT" if i % 2 else "txt")
                    else:
                        src = name[:-5] + ".txt"
                    check(fnv1a64(src.encode()) % n == k - 1,
                          "%s is in shard %d/%d by FNV-1a" % (src, k, n))
            check(seen == full, "the %d shards cover the whole run, same bytes" % n)
            check(totals == [articles, 7, 0], "shard counts add up: %s" % totals)
    return 0


def case_exits():
    with tempfile.TemporaryDirectory() as t:
        src = os.path.join(t, "in")
        os.makedirs(src)
        open(os.path.join(src, "ok.txt"), "wb").write(synthetic(2))
        rc, _, err = run(["--to", "json", src, "-o", os.path.join(t, "o0")])
        check(rc == 0, "all converted: exit 0 (%s)" % err)
        open(os.path.join(src, "bad.txt"), "wb").write("乌海市深入贯彻落实新时代党的建设总要求".encode() + b"\xff\n")
        rc, _, err = run(["--to", "json", src, "-o", os.path.join(t, "o1")])
        check(rc == 1, "some failed: exit 1 (%s)" % err)
        check(re.search(r"docconv: \S*in/bad\.txt: byte \d+: not valid UTF-8", err),
              "the bad article is listed with its reason: %s" % err)
        check(os.path.exists(os.path.join(t, "o1", "ok.json")),
              "the good one is still written")
        usage = [
            ["--shard", "0/3"], ["--shard", "4/3"], ["--shard", "x"], ["--shard", "1/0"],
            ["-j", "0"], ["-j", "65"], ["--max-ratio", "0"], ["--max-entry-size", "-1"],
            ["--max-total-size", "12Q"],
        ]
        for extra in usage:
            rc, _, err = run(["--to", "json"] + extra + [src, "-o", os.path.join(t, "u")])
            check(rc == 2, "%s: exit 2, not %d" % (extra, rc))
        for args in (["--to", "json", src], ["--to", "json", src, "-o", "-"],
                     ["--to", "json", "--skip-existing", src, "-o", os.path.join(t, "u.zip")],
                     ["--to", "json", "--combine", src, "-o", os.path.join(t, "u") + "/"],
                     ["--explain", src, "-o", os.path.join(t, "u")],
                     ["--to", "nope", src, "-o", os.path.join(t, "u")]):
            rc, _, err = run(args)
            check(rc == 2, "%s: exit 2, not %d (%s)" % (args, rc, err))
        check(not os.path.exists(os.path.join(t, "u")) and not os.path.exists("-"),
              "usage errors write nothing")
        open(os.path.join(src, "ok2.txt"), "wb").write(synthetic(3))
        rc, out, err = run(["--to", "json", "--combine", src, "-o", "-"])
        check(rc == 1 and '"articles"' in out and
              pages(json.loads(out)) == ["ok.txt", "ok2.txt"],
              "--combine -o - writes the book to standard output (%s)" % err)
        os.unlink(os.path.join(src, "ok2.txt"))
        open(os.path.join(t, "x.zip"), "w").write("not a zip")
        rc, _, err = run(["--to", "json", os.path.join(t, "x.zip"), "-o", os.path.join(t, "u")])
        check(rc == 3, "not a zip: exit 3 (%d)" % rc)
        out_zip = os.path.join(t, "o.zip")
        open(out_zip, "w").write("old")
        rc, _, err = run(["--to", "json", src, "-o", out_zip])
        check(rc == 4 and open(out_zip).read() == "old",
              "an existing OUT.zip without --force: exit 4, kept (%s)" % err)
        rc, _, err = run(["--to", "json", "--force", src, "-o", out_zip])
        check(rc == 1 and zipfile.is_zipfile(out_zip), "--force replaces it (%s)" % err)
        # More articles than a zip without zip64 records holds: OUT.zip
        # gets them, and every one is there.
        big = os.path.join(t, "big.zip")
        with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as z:
            for i in range(65536):
                z.writestr("a%d.txt" % i, "H\n")
        big_out = os.path.join(t, "big-out.zip")
        rc, _, err = run(["--to", "json", "-q", big, "-o", big_out])
        names = zipfile.ZipFile(big_out).namelist() if os.path.exists(big_out) else []
        check(rc == 0 and len(names) == 65536 and names[-1] == "a65535.json",
              "65,536 articles into OUT.zip, through zip64 (%d %s)" % (rc, err))
        help_text = run(["--help"])[1]
        for opt in ("--combine", "--jobs", "--files-from", "--include", "--skip-existing",
                    "--shard", "--max-entry-size", "--max-total-size", "--max-ratio"):
            check(opt in help_text, "--help mentions %s" % opt)
    return 0


def read_pty(fd, proc):
    chunks = []
    while True:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    return b"".join(chunks).decode("utf-8", "replace")


def case_progress():
    with tempfile.TemporaryDirectory() as t:
        entries = [("p/a%d.txt" % i, synthetic(i) * 30) for i in range(400)]
        zpath = os.path.join(t, "many.zip")
        make_zip(zpath, entries)
        env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
        master, slave = pty.openpty()
        start = time.monotonic()
        proc = subprocess.Popen([DOCCONV, "--to", "json", "-j1", zpath, "-o",
                                 os.path.join(t, "tty")], stderr=slave,
                                stdout=subprocess.DEVNULL, env=env)
        os.close(slave)
        text = read_pty(master, proc)
        proc.wait()
        elapsed = time.monotonic() - start
        os.close(master)
        draws = text.count("\r[")
        check(proc.returncode == 0, "the tty run exits 0")
        check(draws >= 1 and "400/400" in text and "ETA" in text and "/s" in text,
              "a bar with done/total, rate and ETA: %r" % text[-300:])
        check(draws <= elapsed * 10 + 3,
              "at most ~10 redraws a second (%d in %.2f s)" % (draws, elapsed))
        check(summary(text) == (400, 0, 0), "then the summary: %r" % text[-200:])
        rc, _, err = run(["--to", "json", zpath, "-o", os.path.join(t, "pipe")])
        check("\r" not in err and "\033" not in err and len(err.splitlines()) == 1
              and summary(err) == (400, 0, 0), "not a tty: one summary line: %r" % err)
        rc, out, err = run(["--to", "json", "-q", zpath, "-o", os.path.join(t, "q")])
        check(rc == 0 and err == "" and out == "", "--quiet prints nothing: %r" % err)
    return 0


def open_in(pid, folder):
    """The files process `pid` has open in `folder`, a temporary file
    without a name among them (Linux: "/folder/#123 (deleted)")."""
    found = []
    fds = "/proc/%d/fd" % pid
    try:
        for fd in os.listdir(fds):
            try:
                target = os.readlink(os.path.join(fds, fd))
            except OSError:
                continue
            if os.path.dirname(target) == os.path.abspath(folder):
                found.append(target)
    except OSError:
        pass
    return found


def wait_writing(proc, out, files=1):
    """Returns once the run `proc` is writing `out`: a folder holds `files`
    outputs, or the zip's temporary file (unnamed: seen among the
    process's open files; or named) is open."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        if out.endswith(".zip"):
            if open_in(proc.pid, os.path.dirname(out)):
                return
        elif sum(len(f) for _, _, f in os.walk(out)) - len(temporaries(out)) >= files:
            return
        time.sleep(0.002)


def case_interrupt():
    with tempfile.TemporaryDirectory() as t:
        n = 2000
        zpath = os.path.join(t, "many.zip")
        make_zip(zpath, [("d%d/a%d.txt" % (i % 7, i), synthetic(i) * 10) for i in range(n)])
        env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)

        def interrupted(out, sig):
            proc = subprocess.Popen([DOCCONV, "--to", "json", "-j2", zpath, "-o", out],
                                    stderr=subprocess.PIPE, env=env)
            wait_writing(proc, out)
            proc.send_signal(sig)
            err = proc.communicate(timeout=60)[1].decode("utf-8", "replace")
            check(proc.returncode == -sig, "a signal ends the run by that signal "
                  "(%s), not %s: %s" % (sig, proc.returncode, err[-300:]))
            check("interrupted" in err, "and says so: %r" % err[-300:])
            return err

        for sig in (signal.SIGINT, signal.SIGTERM):
            out = os.path.join(t, "out-%d" % sig)
            interrupted(out, sig)
            names = []
            for d, _, files in os.walk(out):
                names += [os.path.join(d, f) for f in files]
            check(0 < len(names) < n, "the run stopped part way (%d of %d)" % (len(names), n))
            check(not [f for f in names if os.path.basename(f).startswith(".")],
                  "no temporary files left")
            bad = not_json(tree(out))
            check(not bad, "every output left is complete: %s" % bad[:3])
        # Resume: --skip-existing finishes the job.
        out = os.path.join(t, "out-%d" % signal.SIGINT)
        rc, _, err = run(["--to", "json", "-j2", "--skip-existing", zpath, "-o", out])
        s = summary(err)
        check(rc == 0 and s and s[0] > 0 and s[0] + s[1] == n and s[2] == 0,
              "--skip-existing resumes: %s" % err)
        full = os.path.join(t, "full")
        rc, _, err = run(["--to", "json", "-j2", zpath, "-o", full])
        check(tree(out) == tree(full), "the resumed folder equals an uninterrupted run")

        # A zip being written is abandoned whole.
        zout = os.path.join(t, "zipped", "out.zip")
        os.makedirs(os.path.dirname(zout))
        interrupted(zout, signal.SIGINT)
        check(os.listdir(os.path.dirname(zout)) == [],
              "no OUT.zip and no temporary file: %s" % os.listdir(os.path.dirname(zout)))
    return 0



# --- writes that cannot escape, no-overwrite, names, signals, leftovers ------

def not_json(files):
    """The names of {name: bytes} whose bytes are not a whole JSON text."""
    bad = []
    for f, data in files.items():
        try:
            json.loads(data)
        except ValueError:
            bad.append(f)
    return bad


def temporaries(root):
    """Temporary files (of this version or an earlier one) under root."""
    found = []
    for d, _, files in os.walk(root):
        found += [os.path.join(d, f) for f in files
                  if re.match(r"^\..+\.(docconv-)?[A-Za-z0-9]{6}$", f)]
    return found


def case_escape():
    """A subfolder of -o OUT/ swapped for a link to a folder outside, again
    and again while the batch writes into it: nothing lands outside."""
    with tempfile.TemporaryDirectory() as t:
        n = 3000
        zpath = os.path.join(t, "in.zip")
        make_zip(zpath, [("sub/a%d.txt" % i, synthetic(i)) for i in range(n)])
        outside = os.path.join(t, "outside")
        os.mkdir(outside)
        env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
        for attempt in range(3):
            out = os.path.join(t, "out%d" % attempt)
            sub = os.path.join(out, "sub")
            # Articles fail while the link is there: their messages go to a
            # file, not a pipe nobody reads until the end.
            log = open(os.path.join(t, "log%d" % attempt), "wb")
            proc = subprocess.Popen([DOCCONV, "--to", "json", "-j2", "-q", zpath, "-o", out],
                                    stderr=log, env=env)
            swaps = 0
            while proc.poll() is None:
                moved = "%s.%d" % (sub, swaps)
                try:
                    os.rename(sub, moved)
                except OSError:
                    time.sleep(0.001)
                    continue
                swaps += 1
                try:
                    os.symlink(outside, sub)
                    time.sleep(0.002)
                    os.unlink(sub)
                except OSError:
                    pass
            proc.wait(timeout=120)
            log.close()
            check(swaps > 0, "the folder was swapped while the run wrote (%d)" % swaps)
            landed = os.listdir(outside)
            check(not landed, "nothing written outside the output folder: %d files, %s"
                  % (len(landed), landed[:3]))
            made = [f for f in tree(out) if f.endswith(".json")]
            check(made, "the run wrote its outputs inside")
            check(not temporaries(out), "no temporary files: %s" % temporaries(out)[:3])
    return 0


def case_race():
    """Two runs into one folder at once, without --force: every output is
    made by one of them, whole; the other is told it exists."""
    with tempfile.TemporaryDirectory() as t:
        n = 1500
        names = ["d%d/a%d.txt" % (i % 5, i) for i in range(n)]
        zips = []
        for k in range(2):
            zpath = os.path.join(t, "in%d.zip" % k)
            make_zip(zpath, [(nm, synthetic(2 * i + k)) for i, nm in enumerate(names)])
            zips.append(zpath)
        env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
        for attempt in range(3):
            out = os.path.join(t, "out%d" % attempt)
            logs = [tempfile.TemporaryFile() for _ in zips]
            procs = [subprocess.Popen([DOCCONV, "--to", "json", "-j2", z, "-o", out],
                                      stderr=log, env=env) for z, log in zip(zips, logs)]
            errs = []
            for p, log in zip(procs, logs):
                p.wait(timeout=300)
                log.seek(0)
                errs.append(log.read().decode("utf-8", "replace"))
                log.close()
            sums = [summary(e) for e in errs]
            if not check(all(sums), "both runs end with a summary: %s" % [e[-200:] for e in errs]):
                continue
            made = sums[0][0] + sums[1][0]
            check(made == n, "each output is made by one run alone: %d made for %d names"
                  % (made, n))
            check(sums[0][2] + sums[1][2] == n,
                  "the other run's attempt fails: %d" % (sums[0][2] + sums[1][2]))
            exists = sum(e.count("exists; use --force") for e in errs)
            check(exists == sums[0][2] + sums[1][2], "each failure says the output exists")
            files = tree(out)
            check(len(files) == n and not temporaries(out), "every output is there, "
                  "no temporary file (%d files)" % len(files))
            bad = not_json(files)
            check(not bad, "every output is complete: %s" % bad[:3])
    return 0


def case_clash():
    """a.txt and a.json/x.txt would make a file and a folder of one name:
    the file is renamed, in a zip as in a folder, and the zip extracts."""
    with tempfile.TemporaryDirectory() as t:
        zpath = os.path.join(t, "in.zip")
        make_zip(zpath, [("a.txt", synthetic(1)), ("a.json/x.txt", synthetic(2)),
                         ("b/c.txt", synthetic(3)), ("b.txt", synthetic(4))])
        zout = os.path.join(t, "out.zip")
        rc, _, err = run(["--to", "json", zpath, "-o", zout])
        check(rc == 0, "converts: %d %s" % (rc, err))
        names = zipfile.ZipFile(zout).namelist() if os.path.exists(zout) else []
        for a in names:
            check(not any(b.startswith(a + "/") for b in names),
                  "%s is not also a folder in the zip: %s" % (a, names))
        check(len(names) == 4 and "a.json/x.json" in names, "every article: %s" % names)
        dest = os.path.join(t, "extracted")
        try:
            zipfile.ZipFile(zout).extractall(dest)
            extracted = tree(dest)
        except OSError as e:
            extracted = {}
            check(False, "the zip extracts: %s" % e)
        rc, _, err = run(["--to", "json", zpath, "-o", os.path.join(t, "folder")])
        check(rc == 0 and tree(os.path.join(t, "folder")) == extracted,
              "a folder output holds the same names and bytes: %s" % err)
    return 0


def threads_of(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def case_signals():
    """--combine obeys SIGINT, SIGTERM and SIGHUP while it writes the book
    (after its workers are done): it dies of the signal at once, and
    neither the book nor a temporary file is left. A second SIGINT in a
    -j8 batch leaves no temporary file either."""
    with tempfile.TemporaryDirectory() as t:
        fmt = "pdf" if not writer_available("pdf", t) else "epub"
        # Enough articles that the book takes a good part of a second to
        # write in either format, the window the signal is sent in.
        n = 4000
        src = os.path.join(t, "in")
        os.mkdir(src)
        for i in range(n):
            open(os.path.join(src, "a%d.txt" % i), "wb").write(synthetic(i) * 3)
        env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            folder = os.path.join(t, "book-%d" % sig)
            os.mkdir(folder)
            book = os.path.join(folder, "book." + fmt)
            proc = subprocess.Popen([DOCCONV, "--to", fmt, "--combine", "-j2", src,
                                     "-o", book], stderr=subprocess.PIPE, env=env)
            # The workers are joined once every chapter is read: one
            # thread left, writing the book.
            seen_workers = writing = False
            deadline = time.monotonic() + 120
            while proc.poll() is None and time.monotonic() < deadline:
                k = threads_of(proc.pid)
                seen_workers |= k > 1
                if seen_workers and k == 1:
                    writing = True
                    break
                time.sleep(0.001)
            proc.send_signal(sig)
            err = proc.communicate(timeout=120)[1].decode("utf-8", "replace")
            check(writing, "the signal came while the book was written")
            check(proc.returncode == -sig, "--combine dies of signal %d, not %s: %s"
                  % (sig, proc.returncode, err[-300:]))
            check("interrupted" in err, "and says so: %r" % err[-300:])
            check(os.listdir(folder) == [], "no book and no temporary file: %s"
                  % os.listdir(folder))

        zpath = os.path.join(t, "many.zip")
        make_zip(zpath, [("d%d/a%d.txt" % (i % 7, i), synthetic(i)) for i in range(3000)])
        rnd = __import__("random").Random(5)
        for attempt in range(20):
            out = os.path.join(t, "twice-%d" % attempt)
            proc = subprocess.Popen([DOCCONV, "--to", "json", "-j8", zpath, "-o", out],
                                    stderr=subprocess.PIPE, env=env)
            wait_writing(proc, out)
            proc.send_signal(signal.SIGINT)
            time.sleep(rnd.random() * 0.005)
            proc.send_signal(signal.SIGINT)
            err = proc.communicate(timeout=60)[1].decode("utf-8", "replace")
            check(proc.returncode == -signal.SIGINT, "a second SIGINT ends the run by "
                  "it, not %s: %s" % (proc.returncode, err[-200:]))
            left = temporaries(out)
            check(not left, "no temporary file after a second SIGINT: %s" % left[:3])
            bad = not_json(tree(out))
            check(not bad, "every output left is complete: %s" % bad[:3])
    return 0


def case_killed():
    """SIGKILL leaves no temporary file where the file system has unnamed
    ones; a stale named one (of a file system without them) is removed by
    the next run into its folder, a live one (locked) is not."""
    import fcntl
    with tempfile.TemporaryDirectory() as t:
        zpath = os.path.join(t, "many.zip")
        make_zip(zpath, [("d%d/a%d.txt" % (i % 7, i), synthetic(i) * 20) for i in range(3000)])
        env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
        for out in (os.path.join(t, "z", "out.zip"), os.path.join(t, "f")):
            os.makedirs(os.path.dirname(out), exist_ok=True)
            proc = subprocess.Popen([DOCCONV, "--to", "json", "-j2", zpath, "-o", out],
                                    stderr=subprocess.DEVNULL, env=env)
            wait_writing(proc, out, 50)
            proc.kill()
            proc.wait()
            if out.endswith(".zip"):
                check(os.listdir(os.path.dirname(out)) == [],
                      "SIGKILL leaves no OUT.zip and no temporary file: %s"
                      % os.listdir(os.path.dirname(out)))
            else:
                check(not temporaries(out), "SIGKILL leaves no temporary file: %s"
                      % temporaries(out)[:3])
            # Whatever a file system without unnamed files kept, the next
            # run into the folder removes.
            rc, _, err = run(["--to", "json", "-j2", "--force" if out.endswith(".zip")
                              else "--skip-existing", zpath, "-o", out])
            check(rc == 0 and not temporaries(os.path.dirname(out)),
                  "the next run completes and leaves no temporary file: %s %s"
                  % (temporaries(os.path.dirname(out))[:3], err[-200:]))

        # Named temporary files as a run on NFS leaves them: one stale,
        # one whose writer lives (it holds a lock).
        for out, where in ((os.path.join(t, "g"), os.path.join(t, "g", "d1")),
                           (os.path.join(t, "s", "one.json"), os.path.join(t, "s"))):
            os.makedirs(where, exist_ok=True)
            stale = os.path.join(where, ".a8.json.docconv-Stale1")
            live = os.path.join(where, ".a1.json.docconv-Live01")
            open(stale, "wb").write(b"half an output")
            holder = open(live, "wb")
            fcntl.lockf(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if out.endswith(".json"):
                single = os.path.join(t, "one.txt")
                open(single, "wb").write(synthetic(1))
                rc, _, err = run(["--to", "json", single, "-o", out])
            else:
                rc, _, err = run(["--to", "json", zpath, "-o", out])
            check(rc == 0, "the next run converts: %s" % err[-200:])
            check(not os.path.exists(stale), "it removes the stale temporary file %s" % stale)
            check(os.path.exists(live), "and keeps the one a live writer holds")
            holder.close()
    return 0


def case_readonly():
    """An existing output folder that takes no files: said once, exit 4."""
    with tempfile.TemporaryDirectory() as t:
        zpath = os.path.join(t, "in.zip")
        make_zip(zpath, [("a%d.txt" % i, synthetic(i)) for i in range(200)])
        ro = os.path.join(t, "ro")
        os.mkdir(ro)
        mounted = False
        if os.geteuid() == 0:
            # Root writes through any mode: a read-only mount it is.
            r = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", ro],
                               capture_output=True)
            if r.returncode != 0:
                print("SKIP: cannot mount a read-only tmpfs: %s" % r.stderr.decode().strip())
                return SKIP
            mounted = True
        else:
            os.chmod(ro, 0o555)
        try:
            rc, _, err = run(["--to", "json", zpath, "-o", ro + "/"])
        finally:
            if mounted:
                subprocess.run(["umount", ro])
        lines = [l for l in err.splitlines() if l.startswith("docconv:")]
        check(rc == 4, "exit 4, not %d: %s" % (rc, err[-300:]))
        check(len(lines) == 1 and ro in lines[0], "one message naming the folder: %d lines, %r"
              % (len(lines), lines[:3]))
    return 0


def case_diskfull():
    """A full disk while writing OUT.zip or a --combine book: the message
    names the file and the cause, and nothing is left."""
    with tempfile.TemporaryDirectory() as t:
        zpath = os.path.join(t, "in.zip")
        # Long names make a large central directory, written last: a disk
        # that holds the entries but not all of it fails while the zip is
        # finished.
        make_zip(zpath, [("%s%d.txt" % ("n" * 150, i), synthetic(i)) for i in range(2000)])
        rc, _, err = run(["--to", "json", zpath, "-o", os.path.join(t, "whole.zip")])
        cd_start = zipfile.ZipFile(os.path.join(t, "whole.zip")).start_dir if rc == 0 else 0
        whole = os.path.getsize(os.path.join(t, "whole.zip")) if rc == 0 else 0
        if not check(rc == 0 and whole - cd_start > 128 * 1024,
                     "the zip converts, with a large directory: %s" % err):
            return 1
        cases = (("json", [], "out.zip", (cd_start + whole) // 2),
                 ("json", [], "early.zip", 64 * 1024),
                 ("epub", ["--combine"], "book.epub", 64 * 1024),
                 ("json", ["--combine"], "book.json", 64 * 1024))
        for fmt, extra, name, size in cases:
            small = os.path.join(t, "small-" + name)
            os.mkdir(small)
            r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%d" % size, "tmpfs", small],
                               capture_output=True)
            if r.returncode != 0:
                print("SKIP: cannot mount a small tmpfs: %s" % r.stderr.decode().strip())
                return SKIP
            try:
                out = os.path.join(small, name)
                rc, _, err = run(["--to", fmt] + extra + [zpath, "-o", out])
                check(rc == 4, "%s: exit 4, not %d: %s" % (name, rc, err[-300:]))
                check(re.search(re.escape(out) + r": No space left on device", err),
                      "%s: the message names the file and the cause: %r" % (name, err[-300:]))
                check(os.listdir(small) == [], "%s: nothing left: %s" % (name, os.listdir(small)))
            finally:
                subprocess.run(["umount", small])
    return 0


# --- every archive format ---------------------------------------------------

class Zeros(io.RawIOBase):
    """`size` zero bytes, made as they are read: a bomb built without this
    process holding it (a child's peak memory counts its parent's pages)."""
    def __init__(self, size):
        self.left = size

    def readable(self):
        return True

    def readinto(self, b):
        n = min(len(b), self.left)
        b[:n] = bytes(n)
        self.left -= n
        return n


def make_tar(path, entries, mode):
    """entries: (name, bytes) for files, (name, ("symlink"|"hardlink", target))
    for links, (name, int) for that many zero bytes."""
    import tarfile
    with tarfile.open(path, mode) as tf:
        for name, data in entries:
            ti = tarfile.TarInfo(name)
            ti.mtime = 1700000000
            if isinstance(data, tuple):
                ti.type = tarfile.SYMTYPE if data[0] == "symlink" else tarfile.LNKTYPE
                ti.linkname = data[1]
                tf.addfile(ti)
            elif isinstance(data, int):
                ti.size = data
                tf.addfile(ti, io.BufferedReader(Zeros(data), 1 << 20))
            else:
                ti.size = len(data)
                tf.addfile(ti, io.BytesIO(data))


def make_archive(path, entries):
    """An archive of the kind its name says: zip, 7z (converted from a tar by
    bsdtar, names kept as they are with -P) or tar with any compression."""
    if path.endswith(".zip"):
        make_zip(path, [(n, d) for n, d in entries if not isinstance(d, tuple)])
    elif path.endswith(".7z"):
        tar = path + ".tar"
        make_tar(tar, entries, "w")
        subprocess.run(["bsdtar", "-P", "--format", "7zip", "-cf", path, "@" + tar],
                       check=True)
        os.unlink(tar)
    else:
        mode = {"tar": "w", "tar.gz": "w:gz", "tar.bz2": "w:bz2",
                "tar.xz": "w:xz"}[path.split(".", 1)[1]]
        make_tar(path, entries, mode)


ARCHIVE_KINDS = ("zip", "tar", "tar.gz", "tar.bz2", "tar.xz", "7z")


def case_archives():
    """Every archive kind keeps every guarantee: unsafe names refused or made
    safe, links refused, natural order, shards, the limits; a stream on
    standard input converts as the file does."""
    if not shutil.which("bsdtar"):
        print("SKIP: bsdtar (libarchive-tools) is needed to make 7z archives")
        return SKIP
    good = synthetic(2)
    entries = [("desk/a10.txt", synthetic(10)), ("desk/a2.txt", synthetic(3)),
               ("desk/a1.txt", synthetic(5)), ("../../evil.txt", good),
               ("/abs/x.txt", synthetic(7)), ("photo.png", b"\x89PNG"),
               (".hidden.txt", good), ("link.txt", ("symlink", "/etc/passwd")),
               ("dup.txt", synthetic(11)), ("DUP.txt", synthetic(13))]
    if True:
        entries.append(("hard.txt", ("hardlink", "desk/a1.txt")))
    with tempfile.TemporaryDirectory() as t:
        for kind in ARCHIVE_KINDS:
            src = os.path.join(t, "news." + kind)
            make_archive(src, entries)
            outs = {}
            for j in ("1", "2"):
                out = os.path.join(t, kind + "-out" + j)
                before = snapshot(t, out)
                rc, _, err = run(["--to", "json", "-j" + j, src, "-o", out + "/"])
                check(snapshot(t, out) == before,
                      "%s: nothing written outside the output folder" % kind)
                outs[j] = tree(out)
            got = outs["1"]
            links = 0 if kind == "zip" else 2   # make_zip writes no links
            check(rc == 1 and summary(err) == (6, 2, 1 + links),
                  "%s: 6 converted, 2 skipped, %d failed: %s" % (kind, 1 + links, err))
            check(set(got) == {"desk/a1.json", "desk/a2.json", "desk/a10.json",
                               "abs/x.json", "dup.json", "DUP.json"},
                  "%s outputs: %s" % (kind, sorted(got)))
            check(outs["1"] == outs["2"], "%s: -j1 and -j2 give the same bytes" % kind)
            check(re.search(r"news\.%s:\.\./\.\./evil\.txt: unsafe name" % re.escape(kind),
                            err), "%s: the unsafe name is refused: %s" % (kind, err))
            # 7z has no hard links: bsdtar stores one as a special entry.
            if kind != "zip":
                check("link.txt: a link in the archive: not followed" in err
                      and re.search(r"hard\.txt: (a link|not a regular file) in "
                                    r"the archive", err),
                      "%s: links are refused: %s" % (kind, err))
            # The same as the single-file conversion of each article.
            single = os.path.join(t, "single.txt")
            open(single, "wb").write(synthetic(3))
            _, js, _ = run(["--to", "json", single])
            check(json.loads(got.get("desk/a2.json", b"{}"))["blocks"] ==
                  json.loads(js)["blocks"], "%s: a2 as the single file" % kind)
            # Natural order into OUT.zip.
            zout = os.path.join(t, kind + ".zip")
            rc, _, err = run(["--to", "json", src, "-o", zout])
            names = zipfile.ZipFile(zout).namelist() if os.path.exists(zout) else []
            # "/abs/x.txt" first: '/' sorts before every other byte.
            check(names == ["abs/x.json", "DUP.json", "desk/a1.json",
                            "desk/a2.json", "desk/a10.json", "dup.json"],
                  "%s: OUT.zip in natural order: %s" % (kind, names))
            # Shards: disjoint, covering.
            parts = []
            for k in ("1/2", "2/2"):
                out = os.path.join(t, kind + "-shard" + k[0])
                run(["--to", "json", "--shard", k, src, "-o", out + "/"])
                parts.append(tree(out))
            check(not (set(parts[0]) & set(parts[1])) and
                  {**parts[0], **parts[1]} == got, "%s: shards split the run" % kind)
            # The total limit: exit 3, nothing written.
            out = os.path.join(t, kind + "-total")
            rc, _, err = run(["--to", "json", src, "-o", out + "/",
                              "--max-total-size", "500"])
            check(rc == 3 and "(--max-total-size); nothing converted" in err and
                  not os.path.exists(out), "%s: over the total: %d %s" % (kind, rc, err))
            # A stream: the same outputs (7z keeps its index at the end).
            out = os.path.join(t, kind + "-stdin")
            rc, _, err = run(["--to", "json", "-", "-o", out + "/"],
                             stdin=open(src, "rb").read())
            if kind == "7z":
                check(rc in (0, 1, 3), "7z on a pipe: a clear outcome (%s)" % err)
            else:
                check(summary(err) == (6, 2, 1 + links) and tree(out) == got,
                      "%s on standard input converts as the file: %s" % (kind, err))
            # Damaged: cut in half, one clear error, nothing written.
            cut = os.path.join(t, "cut." + kind)
            whole = open(src, "rb").read()
            # Cut inside the first entry's data: a tar's zero padding would
            # let a cut at the half pass unnoticed.
            open(cut, "wb").write(whole[:min(len(whole) // 2, 1000)])
            out = os.path.join(t, kind + "-cut")
            rc, _, err = run(["--to", "json", cut, "-o", out + "/"])
            check(rc == 3 and not os.path.exists(out) and
                  ("damaged" in err or "not an archive" in err),
                  "%s cut short: exit 3, nothing written: %d %s" % (kind, rc, err))

        # Bombs in a compressed tar: an entry whose header says 200 MB is
        # refused unread; 30 MB of zeros within the limit are stopped by
        # the ratio as they inflate; peak memory stays small.
        for kind in ("tar.gz", "tar.xz"):
            bomb = os.path.join(t, "bomb." + kind)
            make_tar(bomb, [("good.txt", good), ("zeros.txt", 30 << 20)],
                     {"tar.gz": "w:gz", "tar.xz": "w:xz"}[kind])
            out = os.path.join(t, kind + "-bomb")
            rc, err, peak = run_peak(["--to", "json", bomb, "-o", out + "/"])
            check(rc in (1, 3) and re.search(r"inflates \d+:1|compressed \d+:1", err)
                  and "(--max-ratio)" in err and peak < BOMB_PEAK_MB,
                  "%s bomb: the ratio stops it (peak %.0f MB): %d %s" % (
                      kind, peak, rc, err))
        big = os.path.join(t, "big.tar.gz")
        make_tar(big, [("good.txt", good), ("big.txt", 200 << 20)], "w:gz")
        rc, err, peak = run_peak(["--to", "json", big, "-o",
                                  os.path.join(t, "big-out") + "/"])
        check(rc in (1, 3) and ("over the limit of 67108864 bytes for one entry" in err
                                or "(--max-ratio)" in err) and peak < BOMB_PEAK_MB,
              "a 200 MB entry is refused unread (peak %.0f MB): %d %s" % (peak, rc, err))
    return 0


def case_strict():
    """--strict: an article whose conversion warns, from the reader or from
    the writer, fails the same way alone and in a batch: exit 1, the
    warning and the reason named, no output kept."""
    with tempfile.TemporaryDirectory() as t:
        src = os.path.join(t, "in")
        os.makedirs(src)
        # A control character: the decoder warns. English with --vertical:
        # the EPUB writer warns.
        open(os.path.join(src, "ctl.txt"), "wb").write(synthetic(4) + b"\x01\n")
        open(os.path.join(src, "ok.txt"), "wb").write(synthetic(6))
        cases = (("ctl.txt", []), ("ok.txt", ["--vertical"]))
        for name, extra in cases:
            one = os.path.join(t, "one.epub")
            rc, _, err = run(["--to", "epub", "--strict"] + extra +
                             [os.path.join(src, name), "-o", one])
            check(rc == 1 and "warning:" in err and
                  "warnings are errors under --strict" in err and
                  not os.path.exists(one),
                  "%s %s alone: exit 1, no output: %d %s" % (name, extra, rc, err))
            rc_plain, _, _ = run(["--to", "epub", "-f"] + extra +
                                 [os.path.join(src, name), "-o",
                                  os.path.join(t, "plain.epub")])
            check(rc_plain == 0, "%s without --strict converts" % name)
        # The same articles in a batch: each fails under --strict as alone.
        out = os.path.join(t, "out")
        rc, _, err = run(["--to", "epub", "--strict", src, "-o", out + "/"])
        check(rc == 1 and summary(err) == (1, 0, 1) and
              "ctl.txt: warnings are errors under --strict" in err and
              set(tree(out)) == {"ok.epub"},
              "batch --strict: the warned article fails alone: %s" % err)
        out2 = os.path.join(t, "out2")
        rc, _, err = run(["--to", "epub", "--strict", "--vertical", src, "-o", out2 + "/"])
        check(rc == 1 and summary(err) == (0, 0, 2) and not tree(out2),
              "batch --strict: a writer's warning fails the article too: %s" % err)
        book = os.path.join(t, "book.epub")
        rc, _, err = run(["--to", "epub", "--strict", "--combine", src, "-o", book])
        chapters = [n for n in zipfile.ZipFile(book).namelist()
                    if n.startswith("OEBPS/article-")] if os.path.exists(book) else []
        check(rc == 1 and len(chapters) == 1,
              "--combine --strict: the warned chapter is left out, as a failed "
              "one is: %d %s %s" % (rc, chapters, err))
    return 0

CASES = {"formats": case_formats, "strict": case_strict, "hostile": case_hostile, "archives": case_archives,
         "folder": case_folder,
         "lists": case_lists, "shard": case_shard, "exits": case_exits,
         "progress": case_progress, "interrupt": case_interrupt,
         "escape": case_escape, "race": case_race, "clash": case_clash,
         "signals": case_signals, "killed": case_killed, "readonly": case_readonly,
         "diskfull": case_diskfull}


def main():
    global DOCCONV, SRC, SHARED
    if len(sys.argv) < 5 or sys.argv[4] not in CASES:
        sys.exit(__doc__)
    # Absolute: some cases run docconv from inside their temporary folder.
    DOCCONV, SRC, SHARED = (os.path.abspath(a) for a in sys.argv[1:4])
    code = CASES[sys.argv[4]](*sys.argv[5:])
    if code == SKIP:
        sys.exit(SKIP)
    if failures or code:
        print("%d checks failed" % len(failures))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
