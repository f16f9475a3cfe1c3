#!/usr/bin/env python3
"""Checks on docconv's EPUB and HTML output, for ctest.

  epub.py epubcheck DOCCONV INPUT...
      every input becomes an EPUB, with and without --vertical; each is a
      zip whose first entry is `mimetype`, stored, without extra fields; the
      spine runs right to left exactly when a Chinese text is set vertically;
      and EPUBCheck reports no error and no warning for any of them
  epub.py reproducible DOCCONV INPUT
      the same SOURCE_DATE_EPOCH gives byte-identical EPUB and HTML, whatever
      the time zone; another epoch shows in dcterms:modified and in every zip
      entry's time; --no-cover leaves the cover picture and page out
  epub.py mupdf DOCCONV INPUT...
      each EPUB (and for Chinese, its --vertical twin) laid out by MuPDF
      (mutool, an engine of many e-reader apps, that knows little CSS 3):
      the cover alone on the first page, then the text in layout order equal
      to the model's blocks in their order, as structscore compares them
      (white space removed), nothing missing and nothing added
  epub.py ace DOCCONV [DOCCONV-ARGS...] INPUT...
      Ace by DAISY on the EPUB of INPUT (several with --combine): no
      violation of any rule, and the conformance claim in the package
  epub.py axe-html DOCCONV [DOCCONV-ARGS...] INPUT...
      the --to html page passes the axe rules Ace runs (tests/check/axe_page.js)

Exit 0 pass, 1 fail, 77 skip (the inputs from ../shared are absent).
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile

SKIP = 77
EPUBCHECK_JAR = "/usr/share/java/epubcheck.jar"
BATCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "EpubcheckBatch.java")
EPOCH = 1700000000
HERE = os.path.dirname(os.path.abspath(__file__))
# The browser Ace and axe_page.js drive, with the flags that keep it
# headless and off the network.
CHROMIUM = os.path.join(HERE, "chromium.sh")
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


def convert(docconv, src, out, fmt="epub", extra=(), env=None):
    """docconv --to FMT EXTRA... SRC -o OUT; SRC may be a list of inputs."""
    e = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH))
    e.update(env or {})
    inputs = [src] if isinstance(src, str) else list(src)
    r = subprocess.run([docconv, "--to", fmt, "--force", *extra, *inputs, "-o", out],
                       capture_output=True, text=True, env=e)
    if r.returncode != 0:
        print("docconv exited %d on %s %s:\n%s" % (r.returncode, " ".join(inputs), " ".join(extra), r.stderr))
        return False
    return True


def zip_problems(path):
    """What is wrong with the OCF container at `path`, as a list of strings."""
    if not os.path.isfile(path):
        return ["no output file"]
    with open(path, "rb") as f:
        head = f.read(80)
    if head[:4] != b"PK\x03\x04":
        return ["not a zip file"]
    method = struct.unpack("<H", head[8:10])[0]
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    name = head[30:30 + name_len]
    body = head[30 + name_len + extra_len:30 + name_len + extra_len + 20]
    problems = []
    if name != b"mimetype":
        problems.append("first entry is %r, not mimetype" % name)
    if method != 0:
        problems.append("mimetype is compressed (method %d)" % method)
    if extra_len:
        problems.append("mimetype has an extra field")
    if body != b"application/epub+zip":
        problems.append("mimetype holds %r" % body)
    try:
        bad = zipfile.ZipFile(path).testzip()
        if bad:
            problems.append("corrupt entry " + bad)
    except zipfile.BadZipFile as e:
        problems.append(str(e))
    return problems


def read_opf(path):
    z = zipfile.ZipFile(path)
    container = z.read("META-INF/container.xml").decode()
    opf = re.search(r'full-path="([^"]+)"', container).group(1)
    return z.read(opf).decode("utf-8")


def run_epubcheck(files):
    """Names of the files EPUBCheck did not pass."""
    if shutil.which("javac"):
        # A JDK runs the batch program from source: one JVM for every file.
        r = subprocess.run(["java", "-cp", EPUBCHECK_JAR, BATCH, *files],
                           capture_output=True, text=True)
        passed = set(line[3:] for line in r.stdout.splitlines() if line.startswith("ok "))
        failed = [f for f in files if f not in passed]
        if r.returncode != 0 and not failed:
            failed = ["(the batch exited %d)" % r.returncode]
        if failed:
            print(r.stdout + r.stderr)
        return failed
    failed = []
    for f in files:
        r = subprocess.run(["java", "-jar", EPUBCHECK_JAR, f, "--failonwarnings"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stdout + r.stderr)
            failed.append(f)
    return failed


def present_inputs(inputs):
    """The inputs that exist; a message for those that do not."""
    present = [p for p in inputs if os.path.exists(p)]
    if present and len(present) != len(inputs):
        print("missing inputs:", [p for p in inputs if p not in present])
    return present


def cmd_epubcheck(docconv, inputs):
    present = present_inputs(inputs)
    if not present:
        print("skip: the inputs are absent")
        return SKIP
    ok = len(present) == len(inputs)
    if not os.path.exists(EPUBCHECK_JAR):
        print("FAIL: %s is not installed (scripts/setup.sh installs it)" % EPUBCHECK_JAR)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        outputs = []
        for i, src in enumerate(present):
            for vertical in (False, True):
                out = os.path.join(tmp, "%02d%s.epub" % (i, "v" if vertical else ""))
                if not convert(docconv, src, out, extra=["--vertical"] if vertical else []):
                    ok = False
                    continue
                problems = zip_problems(out)
                if problems:
                    print("%s%s: %s" % (src, " --vertical" if vertical else "", "; ".join(problems)))
                    ok = False
                    continue
                rtl = 'page-progression-direction="rtl"' in read_opf(out)
                chinese = re.search(r"<dc:language>(zh|ja)", read_opf(out)) is not None
                # a language written right to left runs so whatever the layout
                rtl_lang = re.search(r"<dc:language>(ar|he|fa|ur)\b", read_opf(out)) is not None
                if rtl != ((vertical and chinese) or rtl_lang):
                    print("%s: spine direction rtl=%s with --vertical=%s" % (src, rtl, vertical))
                    ok = False
                outputs.append(out)
        started = time.time()
        failed = run_epubcheck(outputs)
        print("epubcheck: %d files, %d failed, %.1f s" % (len(outputs), len(failed), time.time() - started))
        if failed:
            ok = False
    return 0 if ok else 1


def cmd_reproducible(docconv, src):
    if not os.path.exists(src):
        print("skip: %s is absent" % src)
        return SKIP
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("epub", "html"):
            a, b = os.path.join(tmp, "a." + fmt), os.path.join(tmp, "b." + fmt)
            if not (convert(docconv, src, a, fmt, env={"TZ": "UTC"}) and
                    convert(docconv, src, b, fmt, env={"TZ": "Asia/Shanghai"})):
                return 1
            if open(a, "rb").read() != open(b, "rb").read():
                print("%s: two runs gave different bytes" % fmt)
                ok = False
        # Another epoch: 2020-09-13T12:26:40Z.
        c = os.path.join(tmp, "c.epub")
        if not convert(docconv, src, c, env={"SOURCE_DATE_EPOCH": "1600000000"}):
            return 1
        if open(c, "rb").read() == open(os.path.join(tmp, "a.epub"), "rb").read():
            print("epub: the timestamp does not reach the output")
            ok = False
        if "<meta property=\"dcterms:modified\">2020-09-13T12:26:40Z</meta>" not in read_opf(c):
            print("epub: dcterms:modified is not the epoch's time")
            ok = False
        times = set(i.date_time for i in zipfile.ZipFile(c).infolist())
        if times != {(2020, 9, 13, 12, 26, 40)}:
            print("epub: zip entry times are %s" % sorted(times))
            ok = False
        names = set(zipfile.ZipFile(os.path.join(tmp, "a.epub")).namelist())
        if not {"OEBPS/cover.svg", "OEBPS/cover.xhtml"} <= names or \
                'properties="cover-image"' not in read_opf(os.path.join(tmp, "a.epub")):
            print("epub: no cover picture and page by default")
            ok = False
        d = os.path.join(tmp, "d.epub")
        if not convert(docconv, src, d, extra=["--no-cover"]):
            return 1
        left = [n for n in zipfile.ZipFile(d).namelist() if "cover" in n]
        if left or "cover" in read_opf(d):
            print("epub: --no-cover leaves %s" % (left or "the cover in the package"))
            ok = False
    return 0 if ok else 1


# --- MuPDF ------------------------------------------------------------------

# As structscore.py compares text: no white space, and the code points
# legacy decoders map differently for one glyph made one.
EQUIVALENT = str.maketrans({"\u2215": "\uff0f", "\u301c": "\uff5e"})


def norm(s):
    return re.sub(r"\s+", "", s or "").translate(EQUIVALENT)


def model_blocks(docconv, src):
    """The model's blocks in order, each as its normalised text (a figure:
    caption then credit, as the page shows them)."""
    r = subprocess.run([docconv, "--to", "json", src], capture_output=True)
    if r.returncode != 0:
        raise SystemExit("FAIL: docconv --to json exited %d on %s" % (r.returncode, src))
    out = []
    model = json.loads(r.stdout.decode("utf-8"))
    articles = model["articles"] if "articles" in model else [model]
    for b in (b for a in articles for b in a["blocks"]):
        text = norm(b.get("caption", "")) + norm(b.get("credit", "")) \
            if b["type"] == "figure" else norm(b.get("text"))
        if text:
            out.append((b["type"], text))
    return out


def mupdf_pages(path):
    """The text of each page MuPDF lays out, in layout order."""
    r = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", path],
                       capture_output=True)
    if r.returncode != 0:
        raise SystemExit("FAIL: mutool exited %d on %s: %s" % (
            r.returncode, path, r.stderr.decode("utf-8", "replace")))
    from xml.etree import ElementTree as ET
    root = ET.fromstring(r.stdout)
    return ["".join(c.get("c", "") for c in page.iter("char")) for page in root.iter("page")]


def order_problem(blocks, text):
    """Where the laid-out text departs from the model's blocks, or None."""
    at = 0
    for i, (kind, b) in enumerate(blocks):
        if text.startswith(b, at):
            at += len(b)
            continue
        found = text.find(b)
        where = "missing" if found < 0 else "at offset %d, expected at %d" % (found, at)
        return "block %d (%s) %s: %s\n  the layout has there: %s" % (
            i + 1, kind, where, b[:50], text[at:at + 50])
    if at != len(text):
        return "text after the last block: %s" % text[at:at + 80]
    return None


def cmd_mupdf(docconv, inputs):
    present = present_inputs(inputs)
    if not present:
        print("skip: the inputs are absent")
        return SKIP
    if not shutil.which("mutool"):
        print("FAIL: mutool is not installed (scripts/setup.sh installs mupdf-tools)")
        return 1
    ok = len(present) == len(inputs)
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for src in present:
            blocks = model_blocks(docconv, src)
            chinese = None
            for vertical in (False, True):
                out = os.path.join(tmp, "book.epub")
                if vertical and not chinese:
                    continue
                if not convert(docconv, src, out, extra=["--vertical"] if vertical else []):
                    ok = False
                    continue
                chinese = re.search(r"<dc:language>(zh|ja)", read_opf(out)) is not None
                pages = mupdf_pages(out)
                name = src + (" --vertical" if vertical else "")
                if len(pages) < 2 or norm(pages[0]):
                    print("%s: the cover is not a page of its own: %r" % (
                        name, [p[:40] for p in pages[:2]]))
                    ok = False
                problem = order_problem(blocks, norm("".join(pages[1:])))
                if problem:
                    print("%s: %s" % (name, problem))
                    ok = False
                checked += 1
    print("mupdf: %d books, %d inputs, %s" % (checked, len(present), "ok" if ok else "FAILED"))
    return 0 if ok else 1


# --- accessibility ------------------------------------------------------------

def ace_env():
    return dict(os.environ, PUPPETEER_EXECUTABLE_PATH=CHROMIUM)


def ace_violations(report):
    """(rule, impact, where, what) for every failed assertion of a report."""
    out = []
    for doc in report.get("assertions", []):
        for a in doc.get("assertions", []):
            if a["earl:result"]["earl:outcome"] == "pass":
                continue
            out.append((a["earl:test"]["dct:title"], a["earl:test"].get("earl:impact"),
                        doc["earl:testSubject"]["url"],
                        a["earl:result"].get("dct:description", "")[:160]))
    return out


def split_args(args):
    """DOCCONV-ARGS... INPUT... as (options, inputs)."""
    return ([a for a in args if a.startswith("--")],
            [a for a in args if not a.startswith("--")])


def convert_book(docconv, args, out, fmt):
    """docconv --to FMT with the options and inputs in `args`."""
    extra, inputs = split_args(args)
    return convert(docconv, inputs, out, fmt, extra=extra)


def cmd_ace(docconv, args):
    if not all(os.path.exists(p) for p in split_args(args)[1]):
        print("skip: an input is absent")
        return SKIP
    if not shutil.which("ace-cli"):
        print("FAIL: ace-cli is not installed (scripts/setup.sh installs @daisy/ace-cli)")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        book = os.path.join(tmp, "book.epub")
        if not convert_book(docconv, args, book, "epub"):
            return 1
        report_dir = os.path.join(tmp, "report")
        r = subprocess.run(["ace-cli", "--silent", "--force", "--outdir", report_dir, book],
                           capture_output=True, text=True, env=ace_env())
        report_file = os.path.join(report_dir, "report.json")
        if r.returncode != 0 or not os.path.exists(report_file):
            print("ace-cli exited %d:\n%s%s" % (r.returncode, r.stdout, r.stderr))
            return 1
        report = json.load(open(report_file, encoding="utf-8"))
        violations = ace_violations(report)
        for v in violations:
            print("%s (%s) in %s: %s" % v)
        outcome = report["earl:result"]["earl:outcome"]
        claimed = CONFORMANCE in read_opf(book)
        print("ace %s: %s, %d violations, %d documents; conformance claimed: %s" % (
            report["earl:assertedBy"]["doap:release"]["doap:revision"], outcome,
            len(violations), len(report.get("assertions", [])), claimed))
        if not claimed:
            print("FAIL: the package makes no conformance claim")
        return 0 if outcome == "pass" and not violations and claimed else 1


def cmd_axe_html(docconv, args):
    if not all(os.path.exists(p) for p in split_args(args)[1]):
        print("skip: an input is absent")
        return SKIP
    if not shutil.which("node") or not shutil.which("npm"):
        print("FAIL: node is not installed (scripts/setup.sh installs it)")
        return 1
    root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "page.html")
        if not convert_book(docconv, args, page, "html"):
            return 1
        r = subprocess.run(["node", os.path.join(HERE, "axe_page.js"), root, page],
                           capture_output=True, text=True, env=ace_env())
        print(r.stdout + r.stderr)
        return 0 if r.returncode == 0 else 1


def main(argv):
    if len(argv) >= 4 and argv[1] == "epubcheck":
        return cmd_epubcheck(argv[2], argv[3:])
    if len(argv) == 4 and argv[1] == "reproducible":
        return cmd_reproducible(*argv[2:4])
    if len(argv) >= 4 and argv[1] == "mupdf":
        return cmd_mupdf(argv[2], argv[3:])
    if len(argv) >= 4 and argv[1] == "ace":
        return cmd_ace(argv[2], argv[3:])
    if len(argv) >= 4 and argv[1] == "axe-html":
        return cmd_axe_html(argv[2], argv[3:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
