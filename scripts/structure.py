"""Structure scores, as ../shared/tools/structscore.py defines them: blocks
compared as (type, text with white space removed) by their longest common
subsequence; a page of several articles is a book whose article
boundaries count as blocks; characters of the input missing from the
output, as a multiset, but for layout markers. Kept here so the project
scores itself where ../shared is absent (tests/real, samples, simulated
pages).
"""
import re
from collections import Counter

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


def lost(raw_text, actual):
    """Non-space characters of the input missing from the output."""
    want = Counter(c for c in norm(raw_text) if c not in MARKERS)
    got = Counter(norm("".join((b.get("text") or "") + (b.get("caption") or "")
                               + (b.get("credit") or "") for b in blocks_of(actual))))
    return sum((want - got).values())
