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
