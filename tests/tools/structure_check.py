#!/usr/bin/env python3
"""Structure checks on docconv's --to json output, for ctest.

  structure_check.py golden DOCCONV SAMPLE.txt EXPECTED.json
      the model equals the expected one (blocks exactly; meta fields that
      the expected file gives), and nothing of the input is lost
  structure_check.py score DOCCONV RAW.txt EXPECTED.json STRUCTSCORE [FORMAT]
      structscore.py reports f1=1.000 lost=0 on the --to FORMAT output
      (json, the default, or epub)
  structure_check.py lossless DOCCONV RAW.txt [json|epub|pdf]
      converts with exit 0 and every non-space character of the input is in
      the output, but for layout markers and removed wrap hyphens: in the
      model (json, the default), in the text of the EPUB's XHTML documents,
      or in the PDF's text as pdftotext reads it

Exit 0 pass, 1 fail, 77 skip (an input from ../shared is absent, or the
writer is not in this build).
"""
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter

# The encodings and a page's model as scripts/structure.py (make score) reads them.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "scripts"))
import structure  # noqa: E402

MARKERS = set("□■●◆▲")
SKIP = 77


def run_json(docconv, src):
    out = subprocess.run([docconv, "--to", "json", src], capture_output=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr.decode("utf-8", "replace"))
        raise SystemExit("FAIL: docconv exited %d on %s" % (out.returncode, src))
    return json.loads(out.stdout.decode("utf-8"))


def model_blocks(model):
    """The blocks of a model, or of every article of a page."""
    articles = model["articles"] if "articles" in model else [model]
    return [b for a in articles for b in a["blocks"]]


def model_chars(model):
    got = Counter()
    for b in model_blocks(model):
        for k in ("text", "caption", "credit"):
            if k in b and b[k]:
                got.update(re.sub(r"\s+", "", b[k]))
    return got


# What a writer that is not there yet answers (formats/epub/epub.c and the
# others print "the X writer is not available in this build").
NOT_BUILT = "not available in this build"


class Unavailable(Exception):
    """The writer asked for is not in this build."""


def convert(docconv, src, fmt, out, extra=()):
    """Runs docconv --to FMT SRC -o OUT; raises Unavailable for a writer
    that is not built, SystemExit on any other failure."""
    r = subprocess.run([docconv, "--to", fmt, src, "-o", out, *extra],
                       capture_output=True)
    err = r.stderr.decode("utf-8", "replace")
    if r.returncode != 0 and NOT_BUILT in err:
        raise Unavailable(err.strip())
    if r.returncode != 0:
        sys.stderr.write(err)
        raise SystemExit("FAIL: docconv --to %s exited %d on %s" % (fmt, r.returncode, src))
    return err


class _TextOnly(html.parser.HTMLParser):
    """The character data of a document, outside <head>, <style>, <script>."""
    HIDDEN = ("head", "style", "script")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def epub_text(path):
    """The text of every (X)HTML document in an EPUB, tags stripped."""
    parts = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if name.endswith((".xhtml", ".html", ".htm")):
                p = _TextOnly()
                p.feed(z.read(name).decode("utf-8"))
                parts.extend(p.parts)
    return "\n".join(parts)


def pdf_text(path):
    # -raw: the text in the order drawn, every character of it. Without it
    # pdftotext joins a line that ends in a hyphen to the next and drops
    # the hyphen, which the PDF still holds.
    r = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", path, "-"],
                       capture_output=True)
    if r.returncode != 0:
        raise SystemExit("FAIL: pdftotext exited %d: %s" % (
            r.returncode, r.stderr.decode("utf-8", "replace")))
    return r.stdout.decode("utf-8")


def file_chars(path, fmt):
    """The non-space characters of an EPUB's or a PDF's text, as a Counter."""
    text = epub_text(path) if fmt == "epub" else pdf_text(path)
    return Counter(re.sub(r"\s+", "", text))


def output_chars(docconv, src, fmt):
    """The non-space characters of SRC converted to FMT, as a Counter."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out." + fmt)
        convert(docconv, src, fmt, out)
        return file_chars(out, fmt)


def decode_as(path, encoding):
    """The input's text, decoded as the model says it was (Big5 bytes also
    decode as GB18030, so guessing here would hide errors)."""
    return structure.decoded(path, encoding, errors="strict")


def lost_chars(model, src, got=None):
    """What of SRC is missing from `got` (by default the model's text)."""
    text = decode_as(src, structure.encoding_of(model))
    # C0 control characters (a wire feed's SOH, STX...) are no text: XML
    # cannot hold them, and the reader drops them with a warning.
    want = Counter(c for c in re.sub(r"\s+", "", text)
                   if c not in MARKERS and not (ord(c) < 0x20 or ord(c) == 0x7F))
    lost = want - (model_chars(model) if got is None else got)
    # A wrap hyphen (letter, '-', line end) may be removed.
    wraps = len(re.findall(r"[A-Za-z]-[ \t]*\r?\n", text))
    if lost.get("-", 0) <= wraps:
        lost.pop("-", None)
    return lost


def golden_blocks(exp, got, where):
    """Whether `got` has `exp`'s blocks exactly and the meta fields it names."""
    ok = True
    eb, gb = exp["blocks"], got["blocks"]
    for i in range(max(len(eb), len(gb))):
        e = eb[i] if i < len(eb) else None
        g = gb[i] if i < len(gb) else None
        if e != g:
            print("%sblock %d differs:\n  expected %s\n  got      %s" % (
                where, i, json.dumps(e, ensure_ascii=False), json.dumps(g, ensure_ascii=False)))
            ok = False
            break
    for k, v in exp.get("meta", {}).items():
        if got["meta"].get(k) != v:
            print("%smeta.%s: expected %r, got %r" % (where, k, v, got["meta"].get(k)))
            ok = False
    return ok


def golden(docconv, src, expected_path):
    got = run_json(docconv, src)
    exp = json.load(open(expected_path, encoding="utf-8"))
    if "articles" in exp:   # a page of several articles: each as one
        ga = got.get("articles", [])
        ok = len(ga) == len(exp["articles"])
        if not ok:
            print("articles: expected %d, got %d" % (len(exp["articles"]), len(ga)))
        for k, (e, g) in enumerate(zip(exp["articles"], ga)):
            ok = golden_blocks(e, g, "article %d: " % (k + 1)) and ok
        for k, v in exp.get("meta", {}).items():
            if got["meta"].get(k) != v:
                print("meta.%s: expected %r, got %r" % (k, v, got["meta"].get(k)))
                ok = False
    elif "articles" in got:
        print("expected one article, got %d" % len(got["articles"]))
        ok = False
    else:
        ok = golden_blocks(exp, got, "")
    lost = lost_chars(got, src)
    if lost:
        print("lost characters:", dict(lost))
        ok = False
    return 0 if ok else 1


def score(docconv, src, expected, structscore, fmt="json"):
    for p in (src, expected, structscore):
        if not os.path.exists(p):
            print("skip: %s is absent" % p)
            return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out." + fmt)
        r = subprocess.run([docconv, "--to", fmt, src, "-o", out])
        if r.returncode != 0:
            print("FAIL: docconv exited", r.returncode)
            return 1
        s = subprocess.run([sys.executable, structscore, expected, out, "--source", src,
                            "--verbose"], capture_output=True, text=True)
        print(s.stdout, end="")
        last = s.stdout.strip().splitlines()[-1]
        return 0 if "f1=1.000" in last and last.endswith("lost=0") else 1


def lossless(docconv, src, fmt="json"):
    if not os.path.exists(src):
        print("skip: %s is absent" % src)
        return SKIP
    model = run_json(docconv, src)
    if not model_blocks(model):
        print("no blocks")
        return 1
    try:
        got = None if fmt == "json" else output_chars(docconv, src, fmt)
    except Unavailable as e:
        print("skip:", e)
        return SKIP
    lost = lost_chars(model, src, got)
    if lost:
        print("lost characters in the %s:" % fmt, dict(lost))
        return 1
    print("ok: nothing of %s lost in the %s" % (os.path.basename(src), fmt))
    return 0


def main(argv):
    cmd = argv[1]
    if cmd == "golden":
        return golden(*argv[2:5])
    if cmd == "score":
        return score(*argv[2:7])
    if cmd == "lossless":
        return lossless(*argv[2:5])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
