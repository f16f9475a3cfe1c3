#!/usr/bin/env python3
"""Learns the raw-article reader's weights (formats/article/weights.c).

usage: reader_train.py [--docconv BIN] [--out FILE] [--epochs N]
                       [--sim DIR] [--folds K] [--check]

The data are the labelled texts (samples/, ../shared/seeds, ../shared/corpus,
tests/real/, and with --sim the simulated pages of DIR): docconv
--explain=features gives each text's lines and their features, and
reader_data.align gives each line the class its expected model implies.

The learner is an averaged structured perceptron (Collins 2002): decode
each text with the current weights under the same transition rules as
formats/article/decode.c (`step` below follows it line for line); where the
best sequence differs from the expected one, move the weights of the
expected sequence's features and transitions up and the decoded one's
down; average over every step. Lines the model does not account for take
what the weights say. The texts go in a fixed order and nothing is random,
so the same data give the same table, byte for byte.

--folds K trains K times, each time without one K-th of the real texts,
and prints the line accuracy on the texts left out: how well the weights
do on pages they have not seen. --check decodes every text in Python and
asks docconv for its classes: both must agree (the two decoders are one).

Weights are written as integers, hundredths of a perceptron step.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reader_data as rd  # noqa: E402

LABELS = ["kicker", "kicker+", "title", "title+", "subtitle", "subtitle+",
          "byline", "byline+", "dateline", "heading", "heading+",
          "paragraph", "paragraph+", "caption", "caption+", "credit"]
L = {name: i for i, name in enumerate(LABELS)}
NL = len(LABELS)
START = NL
OPEN, TITLED, BODY = 0, 1, 2
NP = 3
SCALE = 100
# How much the expected class counts when finding the expected sequence: a
# class the rules forbid there still gives way.
GOLD_BONUS = 10 ** 9

CONT_OF = {L["kicker+"]: (L["kicker"], L["kicker+"]),
           L["title+"]: (L["title"], L["title+"]),
           L["subtitle+"]: (L["subtitle"], L["subtitle+"]),
           L["byline+"]: (L["byline"], L["byline+"]),
           L["heading+"]: (L["heading"], L["heading+"]),
           L["caption+"]: (L["caption"], L["caption+"])}
PARA_AFTER = (L["paragraph"], L["paragraph+"], L["caption"], L["caption+"],
              L["credit"])
KICKERS = (L["kicker"], L["kicker+"])


def step(prev, phase, label):
    """(allowed, next phase, new article): decode.c's step()."""
    nphase, new = phase, 0
    if label in CONT_OF and prev not in CONT_OF[label]:
        return False, 0, 0
    if label == L["paragraph+"] and (phase != BODY or prev not in PARA_AFTER):
        return False, 0, 0
    if prev in KICKERS and label not in (L["kicker+"], L["title"]):
        return False, 0, 0
    if label == L["kicker"]:
        if phase == TITLED:
            return False, 0, 0
        new = 1 if phase == BODY else 0
        nphase = OPEN
    elif label == L["title"]:
        if phase == TITLED:
            return False, 0, 0
        new = 1 if phase == BODY else 0
        nphase = TITLED
    elif label == L["subtitle"]:
        if phase != TITLED:
            return False, 0, 0
    elif label in (L["heading"], L["paragraph"]):
        nphase = BODY
    return True, nphase, new


# (prev label or START, phase) -> [(label, next phase, new article)]
MOVES = {}
for p in list(range(NL)) + [START]:
    for ph in range(NP):
        MOVES[(p, ph)] = [(l,) + step(p, ph, l)[1:] for l in range(NL)
                          if step(p, ph, l)[0]]


class Weights:
    """Weights with the sums for averaging (the lazy trick: each weight
    keeps the step of its last change)."""

    def __init__(self, nf):
        self.emit = [[0] * NL for _ in range(nf)]
        self.trans = [[0] * NL for _ in range(NL + 1)]
        self.phase = [[0] * NL for _ in range(NP)]
        self.sums = {}
        self.stamp = {}
        self.t = 0

    def add(self, table, key, i, j, v):
        k = (key, i, j)
        last = self.stamp.get(k, 0)
        cur = table[i][j]
        self.sums[k] = self.sums.get(k, 0) + cur * (self.t - last)
        self.stamp[k] = self.t
        table[i][j] = cur + v

    def averaged(self, table, key, i, j):
        k = (key, i, j)
        total = self.sums.get(k, 0) + table[i][j] * (self.t - self.stamp.get(k, 0))
        return total / self.t if self.t else 0.0


def decode(lines, w, gold=None, final=None):
    """The best sequence of (label, phase before, new article) for the
    lines; with `gold`, the expected classes get GOLD_BONUS. `final` maps
    the weights when decoding with averaged ones."""
    emit, trans, phase, new = w
    n = len(lines)
    if n == 0:
        return []
    NS = NL * NP
    NEG = None
    score = [NEG] * NS
    backs = []
    em = [sum(emit[f][l] for f in lines[0]["f"]) for l in range(NL)]
    if gold and gold[0] is not None:
        em[L[gold[0]]] += GOLD_BONUS
    back0 = [None] * NS
    for (l, np_, na) in MOVES[(START, OPEN)]:
        v = em[l] + trans[START][l] + phase[OPEN][l]
        s = l * NP + np_
        if score[s] is None or v > score[s]:
            score[s] = v
            back0[s] = (-1, OPEN)
    backs.append(back0)
    for t in range(1, n):
        em = [sum(emit[f][l] for f in lines[t]["f"]) for l in range(NL)]
        if gold and gold[t] is not None:
            em[L[gold[t]]] += GOLD_BONUS
        nxt = [NEG] * NS
        bk = [None] * NS
        for ps in range(NS):
            sc = score[ps]
            if sc is None:
                continue
            pl, pp = divmod(ps, NP)
            for (l, np_, na) in MOVES[(pl, pp)]:
                v = sc + em[l] + trans[pl][l] + phase[pp][l] + (new if na else 0)
                s = l * NP + np_
                if nxt[s] is None or v > nxt[s]:
                    nxt[s] = v
                    bk[s] = ps
        score = nxt
        backs.append(bk)
    best = None
    for s in range(NS):
        if score[s] is None or s // NP in KICKERS:
            continue
        if best is None or score[s] > score[best]:
            best = s
    if best is None:
        for s in range(NS):
            if score[s] is not None and (best is None or score[s] > score[best]):
                best = s
    path = []
    s = best
    for t in range(n - 1, -1, -1):
        path.append(s)
        s = backs[t][s] if t > 0 else None
    path.reverse()
    out = []
    prev = START
    ph = OPEN
    for s in path:
        l = s // NP
        ok, nph, na = step(prev, ph, l)
        out.append((l, ph, na, prev))
        prev, ph = l, nph
    return out


def load(docconv, texts):
    data = []
    header = None
    for src, txt, exp in texts:
        header, lines = rd.features_of(docconv, txt)
        model = json.load(open(exp, encoding="utf-8"))
        labels, _ = rd.align(lines, model)
        data.append({"src": src, "name": os.path.basename(txt), "path": txt,
                     "lines": lines, "gold": labels})
    return header, data


# Real texts count more than simulated pages: each goes through an epoch
# this many times, spread over it. The simulated pages teach the
# mechanics (wraps, column breaks, captions inside paragraphs); the real
# ones what pages are like.
REAL_REPEAT = 4


def schedule(data):
    """One epoch's order: the texts in their order, the real ones repeated
    at even steps."""
    real = [d for d in data if d["src"] != "sim"]
    sim = [d for d in data if d["src"] == "sim"]
    out = []
    for r in range(REAL_REPEAT):
        out.extend(real)
        part = sim[r * len(sim) // REAL_REPEAT:(r + 1) * len(sim) // REAL_REPEAT]
        out.extend(part)
    return out


def train(data, nf, epochs):
    w = Weights(nf)
    new_box = [[0]]

    def tables():
        return w.emit, w.trans, w.phase, new_box[0][0]

    # The "new article" weight lives in a 1x1 table.
    def add_new(v):
        w.add(new_box, "n", 0, 0, v)

    for epoch in range(epochs):
        mistakes = 0
        for d in schedule(data):
            w.t += 1
            pred = decode(d["lines"], tables())
            target = decode(d["lines"], tables(), gold=d["gold"])
            if pred == target:
                continue
            for t, (a, b) in enumerate(zip(target, pred)):
                if a != b:
                    mistakes += 1
            for t, ((tl, tph, tna, tprev), (pl, pph, pna, pprev)) in enumerate(zip(target, pred)):
                if (tl, tph, tna, tprev) == (pl, pph, pna, pprev):
                    continue
                if tl != pl:
                    for f in d["lines"][t]["f"]:
                        w.add(w.emit, "e", f, tl, 1)
                        w.add(w.emit, "e", f, pl, -1)
                w.add(w.trans, "t", tprev, tl, 1)
                w.add(w.trans, "t", pprev, pl, -1)
                w.add(w.phase, "p", tph, tl, 1)
                w.add(w.phase, "p", pph, pl, -1)
                if tna != pna:
                    add_new(1 if tna else -1)
        print("epoch %d: %d lines wrong" % (epoch + 1, mistakes), file=sys.stderr)
    final = (
        [[round(w.averaged(w.emit, "e", f, l) * SCALE) for l in range(NL)] for f in range(nf)],
        [[round(w.averaged(w.trans, "t", p, l) * SCALE) for l in range(NL)] for p in range(NL + 1)],
        [[round(w.averaged(w.phase, "p", p, l) * SCALE) for l in range(NL)] for p in range(NP)],
        round(w.averaged(new_box, "n", 0, 0) * SCALE),
    )
    return final


def accuracy(data, weights):
    right = total = 0
    for d in data:
        pred = decode(d["lines"], weights)
        for (l, _, _, _), g in zip(pred, d["gold"]):
            if g is None:
                continue
            total += 1
            right += LABELS[l] == g
    return right, total


def write_c(path, header, weights, command):
    emit, trans, phase, new = weights
    feats = header["features"]
    out = []
    out.append("/* weights.c — generated by scripts/reader_train.py; do not edit.")
    out.append(" * Made with: %s" % command)
    out.append(" * Hundredths of a perceptron step: emit[feature][class],")
    out.append(" * trans[class before (last row: the text's start)][class],")
    out.append(" * phase[phase before][class]. */")
    out.append('#include "article.h"')
    out.append("")
    out.append("/* Classes: %s */" % ", ".join(LABELS))
    out.append("static const int32_t emit[ARTICLE_N_FEATURES][ARTICLE_N_LABELS] = {")
    for i, name in enumerate(feats):
        if any(emit[i]):
            out.append("\t[%d] = { %s },  /* %s */" % (i, ", ".join(str(x) for x in emit[i]), name))
    out.append("};")
    out.append("")
    out.append("static const int32_t trans[ARTICLE_N_LABELS + 1][ARTICLE_N_LABELS] = {")
    for i in range(NL + 1):
        name = LABELS[i] if i < NL else "(start)"
        out.append("\t{ %s },  /* %s */" % (", ".join(str(x) for x in trans[i]), name))
    out.append("};")
    out.append("")
    out.append("static const int32_t phase[ARTICLE_N_PHASES][ARTICLE_N_LABELS] = {")
    for i, name in enumerate(("open", "titled", "body")):
        out.append("\t{ %s },  /* %s */" % (", ".join(str(x) for x in phase[i]), name))
    out.append("};")
    out.append("")
    out.append("const article_model article_weights = { emit, trans, phase, %d, %uu };"
               % (new, header["hash"]))
    open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--docconv", default=os.path.join(rd.TOP, "build", "docconv"))
    ap.add_argument("--out", default=os.path.join(rd.TOP, "formats", "article", "weights.c"))
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--sim", help="a folder of simulated pages (NAME.txt + NAME.expected.json)")
    ap.add_argument("--folds", type=int, default=0)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--report", action="store_true",
                    help="after training: per source accuracy and the commonest confusions")
    a = ap.parse_args(argv)
    texts = rd.labelled_texts()
    if a.sim:
        for f in sorted(os.listdir(a.sim)):
            if f.endswith(".txt"):
                texts.append(("sim", os.path.join(a.sim, f),
                              os.path.join(a.sim, f[:-4] + ".expected.json")))
    header, data = load(a.docconv, texts)
    nf = len(header["features"])
    if a.check:
        # The weights docconv was built with, read back from its table.
        return check(a, header, data)
    if a.folds:
        real = [d for d in data if d["src"] in ("corpus", "real", "seed")]
        other = [d for d in data if d["src"] not in ("corpus", "real", "seed")]
        right = total = 0
        for k in range(a.folds):
            held = real[k::a.folds]
            kept = other + [d for i, d in enumerate(real) if i % a.folds != k]
            wts = train(kept, nf, a.epochs)
            r, t = accuracy(held, wts)
            right += r
            total += t
            print("fold %d: %d/%d lines right on %d texts left out" % (k + 1, r, t, len(held)))
        print("held out: %.3f of %d lines" % (right / max(total, 1), total))
        return 0
    wts = train(data, nf, a.epochs)
    r, t = accuracy(data, wts)
    print("training texts: %.3f of %d lines" % (r / max(t, 1), t))
    if a.report:
        report(data, wts)
    cmd = "scripts/reader_train.py --epochs %d%s" % (a.epochs, " --sim " + os.path.relpath(a.sim, rd.TOP) if a.sim else "")
    write_c(a.out, header, wts, cmd)
    print("wrote", a.out)
    return 0


def report(data, wts):
    from collections import Counter, defaultdict
    per = defaultdict(lambda: [0, 0])
    conf = Counter()
    for d in data:
        pred = decode(d["lines"], wts)
        for (l, _, _, _), g in zip(pred, d["gold"]):
            if g is None:
                continue
            per[d["src"]][1] += 1
            if LABELS[l] == g:
                per[d["src"]][0] += 1
            else:
                conf[(g, LABELS[l], d["src"])] += 1
    for src, (r, t) in sorted(per.items()):
        print("  %-8s %.3f of %d lines" % (src, r / t, t))
    for (g, p, src), n in conf.most_common(30):
        print("  %5d  %-11s taken for %-11s (%s)" % (n, g, p, src))


def check(a, header, data):
    """docconv's classes against this decoder's with the weights.c table."""
    import re
    src = open(a.out, encoding="utf-8").read()
    nf = len(header["features"])
    emit = [[0] * NL for _ in range(nf)]
    for i, row in re.findall(r"\[(\d+)\] = \{ ([-0-9, ]+) \},", src):
        emit[int(i)] = [int(x) for x in row.split(", ")]
    rows = re.findall(r"\n\t\{ ([-0-9, ]+) \},", src)
    nums = [[int(x) for x in r.split(", ")] for r in rows]
    trans, phase = nums[:NL + 1], nums[NL + 1:NL + 1 + NP]
    new = int(re.search(r"phase, (-?\d+),", src).group(1))
    bad = 0
    for d in data:
        pred = decode(d["lines"], (emit, trans, phase, new))
        mine = [LABELS[l] for (l, _, _, _) in pred]
        theirs = [ln["label"] for ln in d["lines"]]
        if mine != theirs:
            bad += 1
            print("differs:", d["name"])
    print("%d of %d texts decode differently" % (bad, len(data)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
