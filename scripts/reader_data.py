"""The labelled texts the reader learns from and is scored on, and the
alignment of a text's lines to its expected model.

A labelled text is a raw article (NAME.txt) with its expected model beside
it (NAME.json in samples/, NAME.expected.json elsewhere). docconv
--explain=features gives the lines as the reader cuts them, with their
features; each line gets the class the expected model implies: the class
of the block it begins or continues ("paragraph+" for a paragraph's later
lines, also after a caption that stood inside it; "credit" for a line that
starts at a figure's credit). A line the model does not account for gets
None (the trainer leaves it to the model).
"""
import json
import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(TOP), "shared")

MARKERS = set("□■●◆▲")
EQUIVALENT = str.maketrans({"\u2215": "\uff0f", "\u301c": "\uff5e"})

BEGIN = {"kicker": "kicker", "title": "title", "subtitle": "subtitle",
         "byline": "byline", "dateline": "dateline", "heading": "heading",
         "paragraph": "paragraph", "figure": "caption"}
CONT = {"kicker": "kicker+", "title": "title+", "subtitle": "subtitle+",
        "byline": "byline+", "dateline": "dateline", "heading": "heading+",
        "paragraph": "paragraph+", "figure": "caption+"}


def norm(s):
    return re.sub(r"\s+", "", s or "").translate(EQUIVALENT)


def norm_line(s):
    return "".join(c for c in norm(s) if c not in MARKERS)


# The labelled texts the reader learns from; "heldout" (tests/heldout: real
# texts never learned from) only where asked for.
TRAINED = ("samples", "seed", "corpus", "real")


def labelled_texts(sources=TRAINED):
    """(source, txt path, expected path) for every labelled text of the
    sources."""
    out = []
    if "samples" in sources:
        d = os.path.join(TOP, "samples")
        for f in sorted(os.listdir(d)):
            if f.endswith(".txt") and os.path.exists(os.path.join(d, f[:-4] + ".json")):
                out.append(("samples", os.path.join(d, f), os.path.join(d, f[:-4] + ".json")))
    for src, d in (("seed", os.path.join(SHARED, "seeds")),
                   ("corpus", os.path.join(SHARED, "corpus")),
                   ("real", os.path.join(TOP, "tests", "real")),
                   ("heldout", os.path.join(TOP, "tests", "heldout"))):
        if src not in sources or not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            e = os.path.join(d, f[:-4] + ".expected.json")
            if f.endswith(".txt") and os.path.exists(e):
                out.append((src, os.path.join(d, f), e))
    return out


def features_of(docconv, path):
    """The header ({features, labels, hash}) and the lines of a text as the
    reader sees them."""
    r = subprocess.run([docconv, "--explain=features", path],
                       capture_output=True, check=True)
    rows = [json.loads(x) for x in r.stdout.decode("utf-8").splitlines() if x]
    return rows[0], rows[1:]


def model_blocks(model):
    """Blocks in order, with the index of each article's first block."""
    if "articles" in model:
        blocks, starts = [], set()
        for k, art in enumerate(model["articles"]):
            if k and art["blocks"]:
                starts.add(len(blocks))
            blocks.extend(art["blocks"])
        return blocks, starts
    return model["blocks"], set()


def block_text(b):
    """The block's text as the input has it, and where a figure's credit
    starts in it."""
    if b["type"] == "figure":
        cap, cred = norm(b.get("caption")), norm(b.get("credit"))
        return cap + cred, len(cap) if cred else None
    return norm(b.get("text")), None


def align(lines, model):
    """The class of each line (None where the model does not say), and
    whether it begins an article of a page."""
    blocks, starts = model_blocks(model)
    texts = [block_text(b) for b in blocks]
    used = [[False] * len(t) for t, _ in texts]
    seen = [False] * len(blocks)
    labels = [None] * len(lines)
    art = [0] * len(lines)
    cur = 0
    for i, ln in enumerate(lines):
        t = norm_line(ln["text"])
        if not t:
            continue
        found = match_line(t, blocks, texts, used, cur)
        if found is None and (t.endswith("-") or t.endswith("\u00ad")):
            found = match_line(t[:-1], blocks, texts, used, cur)
        if found is None:
            continue
        b, o, spans = found
        typ = blocks[b]["type"]
        credit_at = texts[b][1]
        if not seen[b]:
            lab = BEGIN[typ]
            if typ == "figure" and credit_at == 0:
                lab = "credit"
            if typ == "dateline" and spans > 1:
                lab = "paragraph"   # a dateline run into its paragraph
        else:
            lab = CONT[typ]
            if typ == "figure" and credit_at is not None and o == credit_at:
                lab = "credit"
            if typ == "dateline":
                lab = None
        for k in range(b, b + spans):
            seen[k] = True
        labels[i] = lab
        art[i] = 1 if (o == 0 and b in starts) else 0
        cur = b
    return labels, art


def first_free(u):
    for k, x in enumerate(u):
        if not x:
            return k
    return len(u)


def fits(t, texts, used, b, o):
    """How many blocks t covers when it starts at block b, offset o (0:
    it does not fit there). It may run on into the next blocks, each from
    its start."""
    rest, k, spans = t, b, 0
    while rest:
        if k >= len(texts):
            return 0
        kt = texts[k][0]
        ko = o if k == b else 0
        if k != b and any(used[k]):
            return 0
        seg = kt[ko:]
        take = min(len(seg), len(rest))
        if take == 0 or rest[:take] != seg[:take] or any(used[k][ko:ko + take]):
            return 0
        rest = rest[take:]
        k += 1
        spans += 1
    return spans


def match_line(t, blocks, texts, used, cur):
    """(block, offset, blocks spanned) where line text t goes: at the first
    unused place of a block — the block the line before went into, then the
    next ones, then the earlier ones; failing that, for a figure, anywhere
    unused in it (caption lines out of order)."""
    order = list(range(cur, len(texts))) + list(range(cur - 1, -1, -1))
    hit = None
    for b in order:
        o = first_free(used[b])
        if o < len(texts[b][0]):
            spans = fits(t, texts, used, b, o)
            if spans:
                hit = (b, o, spans)
                break
    if hit is None:
        for b in order:
            if blocks[b]["type"] != "figure":
                continue
            bt = texts[b][0]
            o = bt.find(t)
            while o >= 0:
                if not any(used[b][o:o + len(t)]):
                    hit = (b, o, 1)
                    break
                o = bt.find(t, o + 1)
            if hit:
                break
    if hit is None:
        return None
    b, o, spans = hit
    rest, k = t, b
    while rest:
        ko = o if k == b else 0
        take = min(len(texts[k][0]) - ko, len(rest))
        for x in range(ko, ko + take):
            used[k][x] = True
        rest = rest[take:]
        k += 1
    return hit


if __name__ == "__main__":
    # `reader_data.py --models`: the expected model of every labelled text,
    # one a line, in the trainer's order (what `make train` simulates
    # pages from).
    import sys
    if sys.argv[1:] != ["--models"]:
        sys.exit("usage: reader_data.py --models")
    for _, _, expected in labelled_texts():
        print(os.path.relpath(expected))
