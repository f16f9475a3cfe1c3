#!/usr/bin/env python3
"""Checks on docconv's PDF output with the real tools (qpdf, pdffonts,
pdftotext, pdftoppm), for ctest.

  pdf_check.py valid DOCCONV INPUT.txt
      qpdf --check passes; every font is embedded, subset and has a
      ToUnicode map; pdftotext prints no warning and its text holds every
      non-space character of the model (docconv --to json), in the model's
      order; no line starts with a character kinsoku forbids there, none
      ends with an opening one
  pdf_check.py reproducible DOCCONV INPUT.txt
      two conversions (in different time zones) give the same bytes
  pdf_check.py smaller DOCCONV INPUT.txt BYTES [DOCCONV OPTION...]
      the PDF is smaller than BYTES
  pdf_check.py scripts DOCCONV
      Hangul renders and extracts; an emoji, an ideograph outside the BMP
      and a character no font has are drawn from an installed font or, when
      none has them, as a visible box with a warning naming them; the text
      layer keeps them all
  pdf_check.py papers DOCCONV INPUT.txt
      --paper a4, a5, b5 and letter give pages of those sizes
  pdf_check.py nofont DOCCONV INPUT.txt
      a font that does not exist is an error (exit 5) naming it; so is a
      system without fonts, naming the packages to install
  pdf_check.py longrun DOCCONV
      a line of 40,000 zero-width marks is drawn and extracts whole
  pdf_check.py book FIXTURE
      a book of several articles (written by FIXTURE OUT.pdf): each starts
      a page and is a top-level bookmark, its subheads below it

Exit 0 pass, 1 fail, 77 skip (an input from ../shared is absent).
"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter

SKIP = 77
EPOCH = "1700000000"

# The kinsoku sets of conv/text.c, written out again as the test's oracle.
NO_START = set("。，、；：？！”’）》」』】〉〕〗〙〛］｝…‥％‰·・ー々ゝゞヽヾ．｡､‐–〜～"
               "%)]},.;:!?ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ")
NO_END = set("“‘（《「『【〈〔〖〘〚［｛〝([{")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def need(path):
    if not os.path.exists(path):
        print("SKIP: %s is absent" % path)
        sys.exit(SKIP)


def run(cmd, env=None, check=True):
    e = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    if env:
        e.update(env)
    r = subprocess.run(cmd, capture_output=True, env=e)
    if check and r.returncode != 0:
        fail("%s exited %d: %s" % (" ".join(cmd), r.returncode,
                                   r.stderr.decode("utf-8", "replace")))
    return r


def convert(docconv, src, out, *options, env=None):
    return run([docconv, "--to", "pdf", "--force", src, "-o", out] +
               list(options), env=env)


def model(docconv, src):
    return json.loads(run([docconv, "--to", "json", src]).stdout)


def squash(s):
    return re.sub(r"[\s\-‐]+", "", s)


def check_fonts(pdf):
    out = run(["pdffonts", pdf]).stdout.decode().splitlines()[2:]
    if not out:
        fail("pdffonts lists no font")
    for line in out:
        cols = line.split()
        if cols[-5:-2] != ["yes", "yes", "yes"]:
            fail("font not embedded+subset+unicode: " + line)


def page_texts(pdf):
    r = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    if r.stderr.strip():
        fail("pdftotext warns: " + r.stderr.decode("utf-8", "replace"))
    return r.stdout.decode("utf-8").split("\f")


def strip_furniture(pages, title):
    """Drops the running head (from page 2) and the page number."""
    kept = []
    for i, text in enumerate(pages):
        lines = [l for l in text.split("\n") if l.strip()]
        if lines and re.fullmatch(r"\d+", lines[-1].strip()):
            lines.pop()
        if i > 0 and lines and title:
            head = lines[0].strip().rstrip("…")
            if head and squash(title).startswith(squash(head)):
                lines.pop(0)
        kept.append("\n".join(lines))
    return "\n".join(kept)


def block_texts(m):
    for b in m["blocks"]:
        if b["type"] == "figure":
            yield "caption", b.get("caption") or ""
            yield "credit", b.get("credit") or ""
        else:
            yield b["type"], b.get("text") or ""


def check_text(pdf, m):
    pages = page_texts(pdf)
    text = strip_furniture(pages, m["meta"].get("title"))
    want = Counter()
    for _, t in block_texts(m):
        want.update(re.sub(r"\s+", "", t))
    got = Counter(re.sub(r"\s+", "", "".join(pages)))
    lost = want - got
    if lost:
        fail("characters lost in the PDF text: %r" % dict(lost))
    # Reading order: every block's text is found whole, the text blocks one
    # after another (figure captions may sit beside each other).
    flat = squash(text)
    at = 0
    for kind, t in block_texts(m):
        s = squash(t)
        if not s:
            continue
        if kind in ("caption", "credit"):
            if s not in flat:
                fail("%s not found whole: %s" % (kind, t[:40]))
            continue
        k = flat.find(s, at)
        if k < 0:
            fail("%s out of order or broken: %s" % (kind, t[:40]))
        at = k + len(s)


def check_lines(pdf, m=None):
    """Kinsoku on every line pdftotext finds; a block's first line may
    start with anything its text starts with."""
    starts = [squash(t) for _, t in block_texts(m)] if m else []
    r = run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", pdf, "-"])
    xml = r.stdout.decode("utf-8")
    n = 0
    for line in re.findall(r"<line [^>]*>(.*?)</line>", xml, re.S):
        words = re.findall(r"<word [^>]*>(.*?)</word>", line, re.S)
        text = html.unescape("".join(words))
        if not text:
            continue
        n += 1
        if text[0] in NO_START and not any(
                b.startswith(squash(text)) for b in starts):
            fail("a line starts with %r: %s" % (text[0], text[:30]))
        if text[-1] in NO_END:
            fail("a line ends with %r: %s" % (text[-1], text[-30:]))
    if n == 0:
        fail("pdftotext found no lines")


def valid(docconv, src):
    need(src)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "out.pdf")
        convert(docconv, src, pdf)
        r = run(["qpdf", "--check", pdf], check=False)
        if r.returncode != 0:
            fail("qpdf --check: " + r.stdout.decode() + r.stderr.decode())
        check_fonts(pdf)
        m = model(docconv, src)
        check_text(pdf, m)
        check_lines(pdf, m)
    print("ok")


def reproducible(docconv, src):
    need(src)
    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "a.pdf"), os.path.join(tmp, "b.pdf")
        convert(docconv, src, a, env={"TZ": "UTC"})
        convert(docconv, src, b, env={"TZ": "Asia/Shanghai"})
        if open(a, "rb").read() != open(b, "rb").read():
            fail("two conversions differ")
        info = run(["pdfinfo", "-isodates", a]).stdout.decode()
        if "2023-11-14T22:13:20" not in info:
            fail("the dates are not SOURCE_DATE_EPOCH's: " + info)
    print("ok")


def smaller(docconv, src, limit, options):
    need(src)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "out.pdf")
        convert(docconv, src, pdf, *options)
        size = os.path.getsize(pdf)
        print("%s: %d bytes (limit %d)" % (os.path.basename(src), size, limit))
        if size >= limit:
            fail("%d bytes is not under %d" % (size, limit))
    print("ok")


def fonts_with(cp):
    r = run(["fc-list", ":charset=%x" % cp, "file"], check=False)
    return [l for l in r.stdout.decode().splitlines() if l.strip()]


def dark_pixels(pdf, tmp):
    """Pixels darker than mid-grey on page 1 above the footer, at 72 dpi."""
    base = os.path.join(tmp, "page")
    run(["pdftoppm", "-gray", "-r", "72", "-f", "1", "-l", "1", "-H", "700",
         pdf, base])
    pgm = [f for f in os.listdir(tmp) if f.startswith("page")][0]
    data = open(os.path.join(tmp, pgm), "rb").read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    pixels = data[m.end():]
    return sum(1 for p in pixels if p < 128)


def scripts(docconv):
    hangul = "한국어 문장은 이렇게 보입니다"
    missing = None
    for cp in (0x1FAE0, 0x1FAE8, 0x1F9CC, 0x10FFFD):
        if not fonts_with(cp):
            missing = cp
            break
    with tempfile.TemporaryDirectory() as tmp:
        # Hangul alone on a page: it must be drawn (2.3.0 drew blanks).
        src = os.path.join(tmp, "hangul.txt")
        open(src, "w").write(hangul + "\n")
        pdf = os.path.join(tmp, "hangul.pdf")
        convert(docconv, src, pdf)
        if squash(hangul) not in squash("".join(page_texts(pdf))):
            fail("Hangul does not extract")
        dark = dark_pixels(pdf, tmp)
        if dark < 300:
            fail("Hangul draws %d dark pixels: blank glyphs?" % dark)

        # Outside the BMP: an emoji, an Extension B ideograph (𠮷), a
        # character no font has. Each is drawn from a font that has it, or
        # as a box with a warning naming it; the text keeps all three.
        src = os.path.join(tmp, "emoji.txt")
        text = "表情😀、𠮷野家和未知字符%s都要看得见。" % chr(missing)
        open(src, "w").write(text + "\n")
        pdf = os.path.join(tmp, "emoji.pdf")
        r = convert(docconv, src, pdf)
        err = r.stderr.decode()
        for cp in (0x1F600, 0x20BB7, missing):
            warned = ("U+%04X" % cp) in err
            if fonts_with(cp) and warned:
                fail("U+%04X is in an installed font yet was warned about"
                     % cp)
            if not fonts_with(cp) and not warned:
                fail("no warning names U+%04X: %r" % (cp, err))
        got = squash("".join(page_texts(pdf)))
        if squash(text) not in got:
            fail("the text layer lost characters: %r" % got)
        check_fonts(pdf)
    print("ok: Hangul %d dark pixels, placeholder for U+%04X" % (dark, missing))


def papers(docconv, src):
    need(src)
    sizes = {"a4": (595, 842), "a5": (420, 595), "b5": (499, 709),
             "letter": (612, 792)}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (w, h) in sizes.items():
            pdf = os.path.join(tmp, name + ".pdf")
            convert(docconv, src, pdf, "--paper", name)
            info = run(["pdfinfo", pdf]).stdout.decode()
            m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
            if not m or abs(float(m.group(1)) - w) > 1 or \
                    abs(float(m.group(2)) - h) > 1:
                fail("%s: %s" % (name, m.group(0) if m else info))
            check_lines(pdf, model(docconv, src))
    print("ok")


def nofont(docconv, src):
    need(src)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "out.pdf")
        r = run([docconv, "--to", "pdf", src, "-o", pdf, "--font",
                 "No Such Font 42"], check=False)
        if r.returncode != 5 or "No Such Font 42" not in r.stderr.decode():
            fail("exit %d, %r" % (r.returncode, r.stderr.decode()))
        # A fontconfig that knows no font at all.
        conf = os.path.join(tmp, "fonts.conf")
        open(conf, "w").write('<?xml version="1.0"?><fontconfig><cachedir>'
                              '%s</cachedir></fontconfig>\n' % tmp)
        r = run([docconv, "--to", "pdf", src, "-o", pdf], check=False,
                env={"FONTCONFIG_FILE": conf})
        err = r.stderr.decode()
        if r.returncode != 5 or "WenQuanYi Zen Hei" not in err or \
                "fonts-wqy-zenhei" not in err:
            fail("without fonts: exit %d, %r" % (r.returncode, err))
        if os.path.exists(pdf):
            fail("a PDF was left behind")
    print("ok")


def longrun(docconv):
    """40,000 combining marks of zero width make one line: libharu refuses
    strings over 65,535 bytes, so the writer must cut the run."""
    if not fonts_with(0x301) or b"DejaVu Sans" not in run(
            ["fc-list", "DejaVu Sans"], check=False).stdout:
        print("SKIP: DejaVu Sans (fonts-dejavu-core) is not installed")
        sys.exit(SKIP)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "marks.txt")
        text = "a" + "\u0301" * 40000
        open(src, "w").write(text + "\n")
        pdf = os.path.join(tmp, "marks.pdf")
        convert(docconv, src, pdf, "--latin-font", "DejaVu Sans")
        r = run(["qpdf", "--check", pdf], check=False)
        if r.returncode != 0:
            fail("qpdf --check: " + r.stdout.decode())
        # pdftotext merges glyphs drawn on the same spot: count the glyph
        # codes the page shows instead.
        qdf = os.path.join(tmp, "marks.qdf")
        run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
        data = open(qdf, "rb").read()
        shown = sum(len(h) // 4 for h in re.findall(rb"<([0-9A-F]+)> Tj", data))
        if shown < 40001:
            fail("%d of 40001 glyphs shown" % shown)
    print("ok")


def book(fixture):
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "book.pdf")
        run([fixture, pdf])
        r = run(["qpdf", "--check", pdf], check=False)
        if r.returncode != 0:
            fail("qpdf --check: " + r.stdout.decode())
        check_fonts(pdf)
        pages = page_texts(pdf)
        firsts = [p.strip().split("\n")[0] for p in pages if p.strip()]
        starts = [i for i, f in enumerate(firsts) if f.startswith("Article")]
        if len(starts) != 3 or starts[0] != 0:
            fail("articles do not each start a page: %r" % firsts)
        outl = json.loads(run(["qpdf", "--json", "--json-key=outlines",
                               pdf]).stdout)["outlines"]
        titles = [o["title"] for o in outl]
        if titles != ["Article one", "Article two 第二篇", "Article three"]:
            fail("top-level bookmarks: %r" % titles)
        if [o["destpageposfrom1"] for o in outl] != [s + 1 for s in starts]:
            fail("bookmarks point elsewhere: %r" % outl)
        if [k["title"] for k in outl[1]["kids"]] != ["小标题"]:
            fail("subheads: %r" % outl[1]["kids"])
    print("ok")


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "valid":
        valid(*args)
    elif mode == "reproducible":
        reproducible(*args)
    elif mode == "smaller":
        smaller(args[0], args[1], int(args[2]), args[3:])
    elif mode == "scripts":
        scripts(*args)
    elif mode == "papers":
        papers(*args)
    elif mode == "nofont":
        nofont(*args)
    elif mode == "longrun":
        longrun(*args)
    elif mode == "book":
        book(*args)
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
