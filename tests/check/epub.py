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
      entry's time

Exit 0 pass, 1 fail, 77 skip (the inputs from ../shared are absent).
"""
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


def convert(docconv, src, out, fmt="epub", extra=(), env=None):
    e = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH))
    e.update(env or {})
    r = subprocess.run([docconv, "--to", fmt, "--force", *extra, src, "-o", out],
                       capture_output=True, text=True, env=e)
    if r.returncode != 0:
        print("docconv exited %d on %s %s:\n%s" % (r.returncode, src, " ".join(extra), r.stderr))
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


def cmd_epubcheck(docconv, inputs):
    present = [p for p in inputs if os.path.exists(p)]
    if not present:
        print("skip: the inputs are absent")
        return SKIP
    ok = len(present) == len(inputs)
    if not ok:
        print("missing inputs:", [p for p in inputs if p not in present])
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
                if rtl != (vertical and chinese):
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
    return 0 if ok else 1


def main(argv):
    if len(argv) >= 4 and argv[1] == "epubcheck":
        return cmd_epubcheck(argv[2], argv[3:])
    if len(argv) == 4 and argv[1] == "reproducible":
        return cmd_reproducible(*argv[2:4])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
