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
  pdf_check.py faces DOCCONV INPUT.txt EXPECT [DOCCONV OPTION...]
      what `valid` checks, and the fonts pdffonts lists are as EXPECT
      says, a comma-separated list of NAME=TYPE (a font of that PostScript
      name, after the subset tag, and that type: "CID Type 0C" for CFF,
      "CID TrueType"), *=TYPE (every font) and !NAME (no font whose name
      has NAME in it)
  pdf_check.py smaller DOCCONV INPUT.txt BYTES [DOCCONV OPTION...]
      the PDF is smaller than BYTES
  pdf_check.py scripts DOCCONV
      with the test font set "all": Hangul renders and extracts; an emoji
      only DejaVu Sans has is drawn from it, an ideograph outside the BMP
      from Noto CJK, without a warning; a character no font has is drawn
      as a visible box with a warning naming it; the text layer keeps them
      all
  pdf_check.py shaping DOCCONV
      kerning (AV, To) moves glyphs closer than their advances, a ligature
      is one glyph for two characters, a combining mark is drawn over its
      letter with no advance of its own; the text extracts exactly
  pdf_check.py papers DOCCONV INPUT.txt
      --paper a4, a5, b5 and letter give pages of those sizes
  pdf_check.py nofont DOCCONV INPUT.txt
      a font that does not exist is an error (exit 5) naming it; so is a
      system without fonts, naming the families and packages to install
  pdf_check.py nocjk DOCCONV INPUT.txt
      with fonts for Latin only: the Chinese INPUT is an error (exit 5)
      naming the families to install, and an English article converts
  pdf_check.py longrun DOCCONV
      a line of 40,000 zero-width marks is drawn and extracts whole
  pdf_check.py book FIXTURE
      a book of several articles (written by FIXTURE OUT.pdf): each starts
      a page and is a top-level bookmark, its subheads below it
  pdf_check.py page FIXTURE
      the same articles as one page's (FIXTURE OUT.pdf page): they run on
      one page, in order, each a top-level bookmark where it starts

Exit 0 pass, 1 fail, 77 skip (an input from ../shared is absent).
"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
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
    """Every font embedded, subset, with a ToUnicode map; returns the
    list of (name without the subset tag, type)."""
    r = run(["pdffonts", pdf])
    if r.stderr.strip():
        fail("pdffonts warns: " + r.stderr.decode("utf-8", "replace"))
    out = r.stdout.decode().splitlines()
    if len(out) < 3:
        fail("pdffonts lists no font")
    # The columns from the header's dashes: names may hold spaces.
    widths = [len(d) for d in out[1].split(" ")]
    fonts = []
    for line in out[2:]:
        cols, at = [], 0
        for w in widths:
            cols.append(line[at:at + w].strip())
            at += w + 1
        if cols[3:6] != ["yes", "yes", "yes"]:
            fail("font not embedded+subset+unicode: " + line)
        name = cols[0].split("+", 1)[-1]
        fonts.append((name, cols[1]))
    return fonts


def page_texts(pdf):
    r = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    if r.stderr.strip():
        fail("pdftotext warns: " + r.stderr.decode("utf-8", "replace"))
    return r.stdout.decode("utf-8").split("\f")


def strip_furniture(pages, titles, headlines):
    """Drops the running head (from the second page on: the title of the
    article the page goes on with, which the text has shown already, or
    which is no headline of the text but the name the article was given)
    and the page number."""
    kept = []
    for i, text in enumerate(pages):
        lines = [l for l in text.split("\n") if l.strip()]
        if lines and re.fullmatch(r"\d+", lines[-1].strip()):
            lines.pop()
        if i > 0 and lines:
            head = squash(lines[0].strip().rstrip("…"))
            shown = squash("\n".join(kept))
            if head and any(t and squash(t).startswith(head) and
                            (squash(t) in shown or t not in headlines) for t in titles):
                lines.pop(0)
        kept.append("\n".join(lines))
    return "\n".join(kept)


def titles_of(m):
    """Every article's title, and the texts of the headlines (title
    blocks) among them."""
    articles = m["articles"] if "articles" in m else [m]
    headlines = {b.get("text") for a in articles for b in a["blocks"]
                 if b["type"] == "title"}
    return [a["meta"].get("title") for a in articles], headlines


def block_texts(m):
    articles = m["articles"] if "articles" in m else [m]
    for b in (b for a in articles for b in a["blocks"]):
        if b["type"] == "figure":
            yield "caption", b.get("caption") or ""
            yield "credit", b.get("credit") or ""
        else:
            yield b["type"], b.get("text") or ""


def check_text(pdf, m):
    pages = page_texts(pdf)
    text = strip_furniture(pages, *titles_of(m))
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


def check_valid(docconv, src, pdf, options=(), quiet=False):
    """Converts src to pdf and checks it as `valid` says (and, when quiet,
    that docconv warns of nothing); returns the fonts."""
    r = convert(docconv, src, pdf, *options)
    if quiet and r.stderr.strip():
        fail("docconv warns: " + r.stderr.decode("utf-8", "replace"))
    r = run(["qpdf", "--check", pdf], check=False)
    if r.returncode != 0:
        fail("qpdf --check: " + r.stdout.decode() + r.stderr.decode())
    fonts = check_fonts(pdf)
    m = model(docconv, src)
    check_text(pdf, m)
    check_lines(pdf, m)
    return fonts


def valid(docconv, src):
    need(src)
    with tempfile.TemporaryDirectory() as tmp:
        check_valid(docconv, src, os.path.join(tmp, "out.pdf"))
    print("ok")


def faces(docconv, src, expect, options):
    need(src)
    with tempfile.TemporaryDirectory() as tmp:
        fonts = check_valid(docconv, src, os.path.join(tmp, "out.pdf"),
                            options, quiet=True)
    for e in expect.split(","):
        if e.startswith("!"):
            bad = [n for n, _ in fonts if e[1:] in n]
            if bad:
                fail("%s embedded: %r" % (e[1:], fonts))
        elif e.startswith("*="):
            if any(t != e[2:] for _, t in fonts):
                fail("not all fonts are %s: %r" % (e[2:], fonts))
        else:
            name, kind = e.split("=", 1)
            if (name, kind) not in fonts:
                fail("no %s font %s: %r" % (kind, name, fonts))
    print("ok: %s" % ", ".join("%s (%s)" % f for f in fonts))


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

        # Outside the BMP: an emoji only DejaVu Sans has, an Extension B
        # ideograph (𠮷) Noto CJK has, a private-use character no font
        # has. The first two are drawn from those fonts, the last as a box
        # with a warning naming it; the text keeps all three.
        src = os.path.join(tmp, "emoji.txt")
        text = "表情😀、𠮷野家和未知字符\U0010FFFD都要看得见。"
        open(src, "w").write(text + "\n")
        pdf = os.path.join(tmp, "emoji.pdf")
        r = convert(docconv, src, pdf)
        err = r.stderr.decode()
        for cp in (0x1F600, 0x20BB7):
            if ("U+%04X" % cp) in err:
                fail("U+%04X is in an installed font yet was warned about"
                     % cp)
        if "U+10FFFD" not in err:
            fail("no warning names U+10FFFD: %r" % err)
        got = squash("".join(page_texts(pdf)))
        if squash(text) not in got:
            fail("the text layer lost characters: %r" % got)
        fonts = [n for n, _ in check_fonts(pdf)]
        if not any(n.startswith("DejaVuSans") for n in fonts):
            fail("the emoji is not drawn from DejaVu Sans: %r" % fonts)
    print("ok: Hangul %d dark pixels; fonts %s" % (dark, ", ".join(fonts)))


def shown_glyphs(pdf, tmp):
    """The glyph codes of each TJ the pages show, and the numbers between
    them: [(code or adjustment), ...] per TJ."""
    qdf = os.path.join(tmp, "shown.qdf")
    run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
    data = open(qdf, "rb").read()
    shows = []
    for arr in re.findall(rb"\[([^\]]*)\] TJ", data):
        items = []
        for hexes, num in re.findall(rb"<([0-9A-F]*)>|(-?[0-9.]+)", arr):
            if hexes:
                items += [int(hexes[i:i + 4], 16)
                          for i in range(0, len(hexes), 4)]
            else:
                items.append(float(num))
        shows.append(items)
    return shows


def word_widths(docconv, text, font, tmp):
    """The width of each word pdftotext finds in text set in font."""
    src = os.path.join(tmp, "words.txt")
    open(src, "w").write(text + "\n")
    pdf = os.path.join(tmp, "words.pdf")
    convert(docconv, src, pdf, "--latin-font", font)
    xml = run(["pdftotext", "-bbox", pdf, "-"]).stdout.decode()
    return {html.unescape(w): float(x1) - float(x0) for x0, x1, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" '
                       r'xMax="([\d.]+)"[^>]*>([^<]*)</word>', xml)}


def shaping(docconv):
    """Latin in DejaVu Sans (kerning, marks) and TeX Gyre Termes (the fi
    ligatures), each through --latin-font."""
    text = "AVAVAV Tomorrow office Zeq\u0307ro"
    with tempfile.TemporaryDirectory() as tmp:
        for font in ("DejaVu Sans", "TeX Gyre Termes"):
            src = os.path.join(tmp, "shaping.txt")
            open(src, "w").write(text + "\n")
            pdf = os.path.join(tmp, "shaping.pdf")
            r = convert(docconv, src, pdf, "--latin-font", font)
            if r.stderr.strip():
                fail("%s: docconv warns: %r" % (font, r.stderr.decode()))
            got = "".join(page_texts(pdf))
            if squash(text) not in squash(unicodedata.normalize("NFC", got)):
                fail("%s: the text layer reads %r" % (font, got))
            # Kerning: some glyph moved back by a TJ adjustment.
            shows = shown_glyphs(pdf, tmp)
            if not any(isinstance(x, float) and x > 0
                       for s in shows for x in s):
                fail("%s: no glyph moved closer by kerning: %r"
                     % (font, shows))
            if font == "TeX Gyre Termes":
                # A glyph standing for two or three letters (ff, fi, ffi).
                qdf = os.path.join(tmp, "shown.qdf")
                maps = re.findall(rb"<[0-9A-F]{4}> <([0-9A-F]+)>",
                                  open(qdf, "rb").read())
                if not any(m in (b"00660066", b"00660069", b"006600660069")
                           for m in maps):
                    fail("no ligature in 'office': %r" % maps)
        # The mark sits on its letter: the word is as wide without it.
        with_mark = word_widths(docconv, "Zeq\u0307ro", "DejaVu Sans", tmp)
        without = word_widths(docconv, "Zeqro", "DejaVu Sans", tmp)
        a = [v for k, v in with_mark.items() if k.startswith("Z")]
        b = [v for k, v in without.items() if k.startswith("Z")]
        if len(a) != 1 or len(b) != 1 or abs(a[0] - b[0]) > 0.01:
            fail("the mark takes room or parts the word: %r against %r"
                 % (with_mark, without))
    print("ok")


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
        for want in ("Noto Serif CJK SC", "fonts-noto-cjk", "AR PL UMing CN",
                     "WenQuanYi Zen Hei", "fonts-wqy-zenhei"):
            if r.returncode != 5 or want not in err:
                fail("without fonts: exit %d, %r" % (r.returncode, err))
        if os.path.exists(pdf):
            fail("a PDF was left behind")
    print("ok")


def nocjk(docconv, src):
    need(src)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "out.pdf")
        r = run([docconv, "--to", "pdf", src, "-o", pdf], check=False)
        err = r.stderr.decode()
        if r.returncode != 5 or "fonts-noto-cjk" not in err or \
                "Chinese" not in err:
            fail("Chinese without a Chinese font: exit %d, %r"
                 % (r.returncode, err))
        if os.path.exists(pdf):
            fail("a PDF was left behind")
        en = os.path.join(tmp, "en.txt")
        open(en, "w").write("An English article\n\nneeds no Chinese "
                            "font at all.\n")
        r = convert(docconv, en, pdf)
        if r.stderr.strip():
            fail("English warns: %r" % r.stderr.decode())
        check_fonts(pdf)
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
        shown = sum(len([x for x in s if isinstance(x, int)])
                    for s in shown_glyphs(pdf, tmp))
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


def page(fixture):
    """The same three articles as the articles of one page: they run on,
    one after another on one page, each with its bookmark where it starts,
    the first at the top."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "page.pdf")
        run([fixture, pdf, "page"])
        r = run(["qpdf", "--check", pdf], check=False)
        if r.returncode != 0:
            fail("qpdf --check: " + r.stdout.decode())
        pages = [p for p in page_texts(pdf) if p.strip()]
        if len(pages) != 1:
            fail("three short articles of a page take %d pages" % len(pages))
        text = squash(pages[0])
        at = [text.find(squash(t)) for t in ("Article one", "Article two 第二篇",
                                               "Article three")]
        if -1 in at or at != sorted(at):
            fail("the articles are not in order on the page: %r" % at)
        outl = json.loads(run(["qpdf", "--json", "--json-key=outlines",
                               pdf]).stdout)["outlines"]
        if [o["title"] for o in outl] != ["Article one", "Article two 第二篇",
                                          "Article three"] or \
                [o["destpageposfrom1"] for o in outl] != [1, 1, 1]:
            fail("top-level bookmarks: %r" % outl)
        tops = [o["dest"][2] for o in outl]
        if not tops[0] > tops[1] > tops[2]:
            fail("bookmarks not where the articles start: %r" % tops)
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
    elif mode == "faces":
        faces(args[0], args[1], args[2], args[3:])
    elif mode == "shaping":
        shaping(*args)
    elif mode == "nocjk":
        nocjk(*args)
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
    elif mode == "page":
        page(*args)
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
