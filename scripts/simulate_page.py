#!/usr/bin/env python3
"""Turns a document model into the raw text a newspaper page or a wire feed
would give: what the reader has to undo.

usage: simulate_page.py MODEL.json SEED OUT.txt [OUT.expected.json]
       simulate_page.py --batch OUTDIR COUNT SEED [--pages RATIO]
                        [--columns RATIO] MODEL.json...

--pages RATIO makes that share of the batch's pages (0 to 1; default 0)
pages of several articles: 2 to 4 of the models, in one language, one
after another as a book (the expected model {"meta", "articles"}).
--columns RATIO sets that share of those in column order: one article's
last column (the end of a paragraph cut mid-line, and what follows it)
printed after the head of the next article; the expected model keeps the
tail with its own article, as ../shared/corpus/SOURCES.md (12) labels
such pages. Without --pages a batch is what it always was: the same seed
gives the same pages.

Every choice comes from a random generator seeded with SEED (and the
model's name), so a page can be made again. What a page can do:
- hard wraps at a column width seen in print (CJK 11-26 characters, Latin
  25-70), Chinese lines obeying kinsoku (no line starts with `，。）」`),
  English lines hyphenated at a wrap (`co-` / `operative`);
- paragraphs marked by blank lines, by full-width indents (`　　`), or by
  nothing but a short last line, as OCR gives them;
- column breaks: blank lines inside a paragraph, mid-sentence and
  mid-word;
- captions moved above the headline, and a caption standing between the
  halves of a paragraph a column break cut; captions wrapped short, the
  line ending the caption's sentence printed first; credits on the
  caption's last line or on their own;
- `□` before a name-only byline; a dateline run into its paragraph or on a
  line of its own (a date line that opens no report, always on its own);
- CRLF line ends; GB18030, Big5 or UTF-16 when the text allows it.

The expected model written beside the page is the model itself, with
what a printed page cannot keep taken out: nothing, for now, but the
metadata the page does not print (source, encoding).
"""
import json
import os
import random
import re
import sys
import zlib

NO_START = set("，。、；：？！）》」』】〕”’·…—,.;:?!)]}%")
SENTENCE_END = set("。！？.!?")
CLOSERS = set("”’」』）)\"'")


def is_cjk(c):
    o = ord(c)
    return (0x3000 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF
            or 0x20000 <= o <= 0x2FFFF)


def cjk_text(s):
    return sum(1 for c in s if is_cjk(c)) * 2 > len(s.replace(" ", ""))


def width(s):
    return sum(2 if is_cjk(c) else 1 for c in s)


def ends_sentence(s):
    s = s.rstrip()
    for c in reversed(s[-3:]):
        if c in SENTENCE_END:
            return True
        if c not in CLOSERS:
            return False
    return False


def wrap_cjk(text, chars, rng):
    """Lines of `chars` characters, a closing mark kept on its line."""
    lines, cur = [], ""
    for c in text:
        if len(cur) >= chars and c not in NO_START:
            lines.append(cur)
            cur = ""
        cur += c
    if cur:
        lines.append(cur)
    return lines


COMPOUND_PARTS = {"self", "well", "long", "short", "high", "low", "all", "ex",
                  "half", "cross", "full", "part", "vice", "two", "one", "three"}


def wrap_latin(text, cols, rng, hyphenate):
    """Greedy lines of at most `cols` columns; a long word at a line end may
    be cut with a wrap hyphen."""
    words = text.split(" ")
    lines, cur = [], ""
    for w in words:
        if not cur:
            cur = w
            continue
        if len(cur) + 1 + len(w) <= cols:
            cur += " " + w
            continue
        room = cols - len(cur) - 2
        m = re.match(r"^([a-z]+)([a-z]+)([^a-z]*)$", w)
        if (hyphenate and m and room >= 3 and len(w) >= 7 and rng.random() < 0.6):
            cut = min(room, len(w) - 3)
            head = w[:cut]
            if cut >= 3 and head.isalpha() and head.islower() and w[cut:cut + 3].isalpha() \
                    and head not in COMPOUND_PARTS and "-" not in w:
                lines.append(cur + " " + head + "-")
                cur = w[cut:]
                continue
        lines.append(cur)
        cur = w
    if cur:
        lines.append(cur)
    return lines


class Page:
    def __init__(self, rng, cjk):
        self.rng = rng
        self.cjk = cjk
        r = rng.random()
        # How paragraphs are told apart.
        if cjk:
            self.para_mark = rng.choice(["blank", "blank", "indent", "indent-blank", "none"])
            self.wrap = rng.random() < 0.6
            self.col = rng.randint(11, 26)          # characters
        else:
            self.para_mark = rng.choice(["blank", "blank", "indent", "none"])
            self.wrap = rng.random() < 0.75
            self.col = rng.randint(25, 70)          # columns
        self.hyphenate = not cjk and rng.random() < 0.7
        self.cap_col = rng.randint(9, 18) if cjk else rng.randint(25, 60)
        self.crlf = r < 0.2
        # Some pages indent every line, headlines too (SogouC's copy).
        self.indent_all = self.para_mark == "indent" and not self.wrap and \
            rng.random() < 0.35
        self.out = []

    def wrap_text(self, text, col=None):
        col = col or self.col
        if not self.wrap:
            return [text]
        if self.cjk:
            return wrap_cjk(text, col, self.rng)
        return wrap_latin(text, col, self.rng, self.hyphenate)

    def blank(self, n=1):
        self.out.extend([""] * n)

    def line(self, s):
        if self.indent_all and s and not s.startswith(("　", " ")):
            s = ("　　" if self.cjk else "    ") + s
        self.out.append(s)


def simulate(model, seed, name="", columns=False):
    """The page's text and encoding; with `columns` (a book of several
    articles), one article's tail printed after the next one's head."""
    rng = random.Random(zlib.crc32(("%s/%d" % (name, seed)).encode()))
    articles = model["articles"] if "articles" in model else [model]
    lang = (model.get("meta") or {}).get("lang") or "en"
    cjk = lang.startswith("zh") or lang in ("ja", "ko")
    page = Page(rng, cjk)
    starts, spans = [], []
    for k, art in enumerate(articles):
        if k:
            page.blank(rng.randint(1, 3))
        starts.append(len(page.out))
        spans.append(render_article(page, art["blocks"], first=(k == 0)))
    if columns and len(articles) > 1:
        column_order(page, starts, spans)
    text = ("\r\n" if page.crlf else "\n").join(page.out) + ("\r\n" if page.crlf else "\n")
    return text, pick_encoding(rng, text, lang)


def column_order(page, starts, spans):
    """Moves one article's tail after the next article's head: the page
    read column by column. The tail starts inside a paragraph of several
    lines (its first column ends mid-paragraph), else at a paragraph; the
    head is the next article's title block and first body block."""
    rng = page.rng
    k = rng.randrange(len(starts) - 1)
    a_end = starts[k + 1]
    while a_end > starts[k] and not page.out[a_end - 1]:
        a_end -= 1      # the blank lines between the two articles
    # Where A's tail may start: inside a paragraph, after one of its
    # lines; or at a body block after the first.
    cuts = []
    body = [(kind, first, end) for kind, first, end in spans[k]
            if kind != "head" and end > first]
    for n, (kind, first, end) in enumerate(body):
        if n:
            cuts.append(first)
        if kind == "paragraph":
            lines = [i for i in range(first, end) if page.out[i]]
            cuts.extend(i + 1 for i in lines[:-1])
    cuts = [c for c in cuts if starts[k] < c < a_end]
    # Where B's head ends: after its first block that is not the title block.
    b_cut = None
    for kind, first, end in spans[k + 1]:
        if kind != "head" and end > first:
            b_cut = end
            break
    if not cuts or b_cut is None or b_cut >= len(page.out):
        return
    c = rng.choice(cuts)
    out = page.out
    gap = [""] * rng.randint(1, 2)
    page.out = (out[:c] + [""] * rng.randint(1, 2) + out[starts[k + 1]:b_cut] + gap
                + [ln for ln in out[c:a_end]] + [""] * rng.randint(1, 2)
                + out[b_cut:])


def pick_encoding(rng, text, lang):
    choices = ["utf-8"] * 6 + ["utf-16"]
    if lang == "zh":
        choices += ["gb18030"] * 2
    if lang == "zh-Hant":
        choices += ["big5"] * 2
    enc = rng.choice(choices)
    try:
        text.encode(enc)
    except UnicodeEncodeError:
        enc = "utf-8"
    return enc


def is_name_only(text):
    return bool(re.fullmatch(r"[\u4e00-\u9fff·]{2,4}( [\u4e00-\u9fff·]{2,4})*", text))


def render_article(page, blocks, first):
    """Renders an article's blocks; returns where their lines went: (kind,
    first, end) line ranges, kind "head" for the title block, "paragraph"
    for a paragraph with nothing inside it, "block" for anything else."""
    rng = page.rng
    spans = []
    # The title block and the figures right after it: the figures may be
    # printed above the headline.
    head = 0
    while head < len(blocks) and blocks[head]["type"] in ("kicker", "title", "subtitle", "byline"):
        head += 1
    figs = head
    while figs < len(blocks) and blocks[figs]["type"] == "figure":
        figs += 1
    has_title = any(b["type"] == "title" for b in blocks[:head])
    moved = []
    if first and has_title and figs > head and rng.random() < 0.5:
        moved = list(range(head, figs))
    for i in moved:
        render_figure(page, blocks[i])
        page.blank(rng.randint(1, 3))
    pending_dateline = None
    i = 0
    while i < len(blocks):
        if i in moved:
            i += 1
            continue
        b = blocks[i]
        t = b["type"]
        at = len(page.out)
        kind = "head" if i < head else "block"
        if t in ("kicker", "title", "subtitle", "heading"):
            gap_before(page, t)
            for ln in page.wrap_text(b["text"], max(page.col, 20 if page.cjk else 40)) \
                    if width(b["text"]) > (60 if page.cjk else 90) else [b["text"]]:
                page.line(ln)
            gap_after(page, t)
        elif t == "byline":
            text = b["text"]
            if page.cjk and is_name_only(text):
                text = "□" + text
            page.line(text)
            gap_after(page, t)
        elif t == "dateline":
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            # A dateline that opens a report runs into its paragraph; a
            # date line of its own (`2019/10/03 14:20`) never does.
            opens = b["text"].rstrip()[-1:] in "—-:：电電讯訊）)】"
            if nxt and nxt["type"] == "paragraph" and rng.random() < 0.7 and opens:
                pending_dateline = b["text"]
            else:
                gap_before(page, "paragraph")
                page.line(b["text"])
        elif t == "figure":
            gap_before(page, "figure")
            render_figure(page, b)
            page.blank(rng.randint(1, 2))
        elif t == "paragraph":
            text = b["text"]
            if pending_dateline is not None:
                sep = "　" if page.cjk and rng.random() < 0.5 else " "
                text = pending_dateline + sep + text
                pending_dateline = None
            # A figure after it may stand inside it (a column break).
            inside = None
            if i + 1 < len(blocks) and blocks[i + 1]["type"] == "figure" and \
                    i + 1 not in moved and rng.random() < 0.5:
                inside = blocks[i + 1]
            render_paragraph(page, text, inside)
            if inside is not None:
                i += 1
            else:
                kind = "paragraph"
        spans.append((kind, at, len(page.out)))
        i += 1
    return spans


def gap_before(page, t):
    if not page.out:
        return
    if page.para_mark in ("blank", "indent-blank") or t in ("figure",):
        page.blank()
    elif t in ("heading", "title", "kicker") and page.rng.random() < 0.5:
        page.blank()
    elif page.para_mark == "none" and page.out[-1] and not visible_end(page, page.out[-1]):
        # Nothing would show where the block before ends (a page gives an
        # indent, which this style has not): a blank line does.
        page.blank()


def visible_end(page, line):
    """Whether a line plainly ends its block: a short line ending a
    sentence, on a page with hard wraps; any line on a flat page."""
    if not page.wrap:
        return True
    return ends_sentence(line) and width(line.strip()) * 10 < page.col * (14 if page.cjk else 7)


def gap_after(page, t):
    if page.para_mark in ("blank", "indent-blank") or page.rng.random() < 0.3:
        page.blank()


def render_figure(page, b):
    rng = page.rng
    cap, cred = b.get("caption") or "", b.get("credit") or ""
    # A caption with no credit is told by its words alone (`1 of 4.`, a
    # caption printed twice): it keeps its line.
    if not cred:
        lines = [cap] if cap else []
    elif page.wrap or rng.random() < 0.5:
        lines = page.wrap_text(cap, page.cap_col) if cap else []
    else:
        lines = [cap] if cap else []
    # The line ending the caption's sentence printed first.
    rotated = False
    if len(lines) >= 2 and ends_sentence(lines[-1]) and not ends_sentence(lines[0]) \
            and rng.random() < 0.3:
        lines = [lines[-1]] + lines[:-1]
        rotated = True
    if cred:
        if lines and not rotated and rng.random() < 0.5:
            sep = "" if page.cjk and ends_sentence(lines[-1]) else " "
            lines[-1] = lines[-1] + sep + cred
        else:
            lines.append(cred)
    for ln in lines:
        page.line(ln)


def render_paragraph(page, text, inside):
    rng = page.rng
    lines = page.wrap_text(text)
    indent = "　　" if page.cjk else "    "
    if page.para_mark in ("indent", "indent-blank"):
        lines[0] = indent + lines[0]
    gap_before(page, "paragraph")
    # A column break inside the paragraph, with a caption in it or not.
    cut = None
    if inside is not None or (rng.random() < 0.15):
        if len(lines) >= 2:
            cut = rng.randint(1, len(lines) - 1)
        elif not page.wrap and len(text) > 40:
            # cut a flat paragraph mid-sentence
            pos = rng.randint(len(text) // 3, 2 * len(text) // 3)
            while pos < len(text) and (text[pos] in NO_START or text[pos] == " "
                                       or text[pos - 1] in SENTENCE_END):
                pos += 1
            if 0 < pos < len(text) - 1:
                a, b = text[:pos], text[pos:]
                if not page.cjk:
                    # at a space: one word per side
                    sp = a.rfind(" ")
                    if sp > 0:
                        a, b = text[:sp], text[sp + 1:]
                    else:
                        a = None
                if a and not ends_sentence(a):
                    lines = [(indent if page.para_mark.startswith("indent") else "") + a, b]
                    cut = 1
    if cut is None:
        for ln in lines:
            page.line(ln)
        if inside is not None:
            page.blank()
            render_figure(page, inside)
        return
    for ln in lines[:cut]:
        page.line(ln)
    page.blank(rng.randint(1, 3))
    if inside is not None:
        render_figure(page, inside)
        page.blank(rng.randint(1, 3))
    for ln in lines[cut:]:
        page.line(ln)


def expected_of(model):
    return model


def option(argv, name, default):
    """The value of `name RATIO` in argv (taken out of it), in [0, 1]."""
    if name not in argv:
        return default
    i = argv.index(name)
    value = float(argv[i + 1])
    del argv[i:i + 2]
    if not 0 <= value <= 1:
        raise SystemExit("%s takes a ratio from 0 to 1" % name)
    return value


def single_articles(models):
    """(name, model) of every model that is one article, by language."""
    by_lang = {}
    for src in models:
        model = json.load(open(src, encoding="utf-8"))
        if "articles" in model:
            continue
        lang = (model.get("meta") or {}).get("lang") or "en"
        by_lang.setdefault(lang, []).append((os.path.basename(src).split(".")[0], model))
    return by_lang


def make_page(first, first_name, by_lang, rng):
    """A book of `first` and 1 to 3 more single articles of its language,
    and the page's name; None when it has no others."""
    lang = (first.get("meta") or {}).get("lang") or "en"
    others = [(n, m) for n, m in by_lang.get(lang, []) if n != first_name]
    if not others or "articles" in first:
        return None, first_name
    picked = rng.sample(others, min(len(others), rng.randint(1, 3)))
    articles = [first] + [m for _, m in picked]
    meta = {"title": (first.get("meta") or {}).get("title"), "lang": lang}
    return {"meta": meta, "articles": articles}, "%s+%d" % (first_name, len(picked))


def batch(argv):
    pages = option(argv, "--pages", 0.0)
    columns = option(argv, "--columns", 0.0)
    outdir, count, seed = argv[1], int(argv[2]), int(argv[3])
    models = argv[4:]
    by_lang = single_articles(models) if pages else {}
    os.makedirs(outdir, exist_ok=True)
    for n in range(count):
        src = models[n % len(models)]
        model = json.load(open(src, encoding="utf-8"))
        name = os.path.basename(src).split(".")[0]
        in_columns = False
        if pages:
            # A generator of its own, so that the single pages are the
            # ones a batch without --pages makes.
            rng = random.Random(zlib.crc32(("page/%s/%d" % (name, seed + n)).encode()))
            if rng.random() < pages:
                book, page_name = make_page(model, name, by_lang, rng)
                if book:
                    model, name = book, page_name
                    in_columns = rng.random() < columns
        text, enc = simulate(model, seed + n, name, in_columns)
        base = os.path.join(outdir, "%04d_%s" % (n, name))
        open(base + ".txt", "wb").write(encode(text, enc))
        json.dump(expected_of(model), open(base + ".expected.json", "w", encoding="utf-8"),
                  ensure_ascii=False, indent=1)
    return 0


def main(argv):
    if argv and argv[0] == "--batch":
        return batch(list(argv))
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    model = json.load(open(argv[0], encoding="utf-8"))
    text, enc = simulate(model, int(argv[1]), os.path.basename(argv[0]).split(".")[0])
    open(argv[2], "wb").write(encode(text, enc))
    if len(argv) > 3:
        json.dump(expected_of(model), open(argv[3], "w", encoding="utf-8"),
                  ensure_ascii=False, indent=1)
    return 0


def encode(text, enc):
    if enc == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le")
    return text.encode(enc)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
