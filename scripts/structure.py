"""Structure scores, as ../shared/tools/structscore.py defines them: blocks
compared as (type, text with white space removed) by their longest common
subsequence; a page of several articles is a book whose article
boundaries count as blocks; characters of the input missing from the
output, as a multiset, but for layout markers. An EPUB is read back into a
model the way structscore reads it, so any converter's book can be scored.
Kept here so the project scores itself where ../shared is absent
(tests/real, samples, simulated pages).
"""
import re
import zipfile
from collections import Counter
from xml.etree import ElementTree as ET

MARKERS = set("□■●◆▲")
EQUIVALENT = str.maketrans({"\u2215": "\uff0f", "\u301c": "\uff5e"})
BOUNDARY = ("article-boundary", "")


def norm(s):
    return re.sub(r"\s+", "", s or "").translate(EQUIVALENT)


def item(b):
    if b.get("type") == "figure":
        return ("figure", norm(b.get("caption")) + "|" + norm(b.get("credit")))
    return (b.get("type"), norm(b.get("text")))


def items(model, boundaries):
    """The blocks of a model as items, with article boundaries when
    `boundaries` (the expected model is a book)."""
    if "articles" not in model:
        return [item(b) for b in model.get("blocks", [])]
    out = []
    for k, art in enumerate(model["articles"]):
        if k and boundaries:
            out.append(BOUNDARY)
        out.extend(item(b) for b in art.get("blocks", []))
    return out


def blocks_of(model):
    if "articles" not in model:
        return model.get("blocks", [])
    return [b for art in model["articles"] for b in art.get("blocks", [])]


def lcs(a, b):
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def score(expected, actual):
    """(f1, recall, precision, matched, expected blocks) of actual against
    expected."""
    book = "articles" in expected
    E = items(expected, book)
    A = items(actual, book)
    n = lcs(E, A)
    r = n / len(E) if E else 1.0
    p = n / len(A) if A else 0.0
    f1 = 2 * r * p / (r + p) if r + p else 0.0
    return f1, r, p, n, len(E)


def lost_chars(raw_text, actual):
    """The non-space characters of the input missing from the output, with
    their counts."""
    want = Counter(c for c in norm(raw_text) if c not in MARKERS)
    got = Counter(norm("".join((b.get("text") or "") + (b.get("caption") or "")
                               + (b.get("credit") or "") for b in blocks_of(actual))))
    return want - got


def lost(raw_text, actual):
    """How many non-space characters of the input the output lacks."""
    return sum(lost_chars(raw_text, actual).values())


# Python's codec for each encoding docconv names in meta.encoding: glibc's
# BIG5 is the Windows CP950 table (conv/core/decode.c), and Big5 bytes also
# decode as GB18030, so the text is read as docconv read it, not guessed.
CODECS = {"UTF-8": "utf-8-sig", "UTF-16LE": "utf-16", "UTF-16BE": "utf-16",
          "GB18030": "gb18030", "BIG5": "cp950"}


def encoding_of(model):
    """The input encoding docconv names in a model (a page's is in its
    articles' meta)."""
    for meta in [model.get("meta") or {}] + [a.get("meta") or {} for a in
                                            model.get("articles", [])]:
        if meta.get("encoding"):
            return meta["encoding"]
    return None


def decoded(path, encoding, errors="replace"):
    """The text of `path` in `encoding` as docconv names it (a model's
    meta.encoding; see encoding_of); what cannot be decoded becomes U+FFFD,
    or with errors="strict" raises."""
    raw = open(path, "rb").read()
    codec = CODECS.get(encoding or "UTF-8", "utf-8-sig")
    if codec == "utf-16" and raw[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        codec = "utf-16-le" if encoding == "UTF-16LE" else "utf-16-be"
    return raw.decode(codec, errors)


# Reading an EPUB as structscore does: the XHTML documents of the spine in
# order (but for the navigation and a title page), h1 -> title, h2..h6 ->
# heading, figure -> figure (figcaption, the credit in an element of class
# "credit"), an element whose class names byline, kicker, subtitle or
# dateline -> that type, any other p -> paragraph.
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
TYPED_CLASSES = ("byline", "kicker", "subtitle", "dateline")
TYPED_TAGS = ("p", "div", "address", "span", "header", "h2", "h3", "h4", "h5", "h6")


def element_text(el, skip_class=None):
    """The text of an element, leaving out descendants of class skip_class."""
    parts = []

    def walk(e):
        if skip_class and skip_class in e.get("class", "").split():
            if e.tail:
                parts.append(e.tail)
            return
        if e.text:
            parts.append(e.text)
        for c in e:
            walk(c)
        if e is not el and e.tail:
            parts.append(e.tail)
    walk(el)
    return "".join(parts)


def xhtml_blocks(root):
    out = []

    def visit(e):
        tag = e.tag.replace(XHTML, "")
        typed = [c for c in TYPED_CLASSES if c in e.get("class", "").split()]
        if tag == "figure":
            cap = e.find(".//" + XHTML + "figcaption")
            credit = None
            if cap is not None:
                credit = next((d for d in cap.iter()
                               if "credit" in d.get("class", "").split()), None)
            out.append({"type": "figure",
                        "caption": element_text(cap, "credit") if cap is not None else "",
                        "credit": element_text(credit) if credit is not None else ""})
        elif typed and tag in TYPED_TAGS:
            out.append({"type": typed[0], "text": element_text(e)})
        elif tag == "h1":
            out.append({"type": "title", "text": element_text(e)})
        elif tag in ("h2", "h3", "h4", "h5", "h6"):
            out.append({"type": "heading", "text": element_text(e)})
        elif tag == "p":
            out.append({"type": "paragraph", "text": element_text(e)})
        else:
            for c in e:
                visit(c)
    body = root.find(XHTML + "body")
    if body is not None:
        visit(body)
    return out


def epub_model(path):
    """An EPUB's blocks as a page model: one article a spine document that
    has blocks (structscore counts a boundary between two such)."""
    with zipfile.ZipFile(path) as z:
        container = ET.fromstring(z.read("META-INF/container.xml"))
        opf_path = container.find(".//" + CONTAINER + "rootfile").get("full-path")
        opf = ET.fromstring(z.read(opf_path))
        base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        manifest = {i.get("id"): i for i in opf.find(OPF + "manifest")}
        articles = []
        for ref in opf.find(OPF + "spine"):
            it = manifest[ref.get("idref")]
            href = it.get("href")
            if "nav" in (it.get("properties") or "").split() or \
                    "title_page" in href or "titlepage" in href:
                continue
            found = xhtml_blocks(ET.fromstring(z.read(base + href)))
            if found:
                articles.append({"blocks": found})
    return {"articles": articles}


def boundaries(expected, actual):
    """How well actual's article boundaries match expected's: (f1, recall,
    precision, matched, expected boundaries, actual boundaries). The
    blocks of both, with a boundary item between articles, are aligned
    by their longest common subsequence (a boundary matched weighs a
    little more than a block, so an alignment keeps it where it can); a
    boundary counts as found when the alignment pairs it with one of
    expected's, that is, between the same blocks, give or take blocks
    that are not in both."""
    E, A = items(expected, True), items(actual, True)
    ne, na = E.count(BOUNDARY), A.count(BOUNDARY)
    # Weights in integers: a boundary 1001, a block 1000.
    w = lambda x: 1001 if x == BOUNDARY else 1000
    rows = [[0] * (len(A) + 1) for _ in range(len(E) + 1)]
    for i in range(len(E) - 1, -1, -1):
        row, below = rows[i], rows[i + 1]
        for j in range(len(A) - 1, -1, -1):
            best = max(below[j], row[j + 1])
            if E[i] == A[j]:
                best = max(best, below[j + 1] + w(E[i]))
            row[j] = best
    i = j = matched = 0
    while i < len(E) and j < len(A):
        if E[i] == A[j] and rows[i][j] == rows[i + 1][j + 1] + w(E[i]):
            matched += E[i] == BOUNDARY
            i += 1
            j += 1
        elif rows[i][j] == rows[i + 1][j]:
            i += 1
        else:
            j += 1
    r = matched / ne if ne else 1.0
    p = matched / na if na else (1.0 if not ne else 0.0)
    f1 = 2 * r * p / (r + p) if r + p else 0.0
    return f1, r, p, matched, ne, na
