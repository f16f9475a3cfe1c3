#!/usr/bin/python3
"""Learns the raw-article reader's weights (formats/article/weights.c).

usage: reader_train.py [--docconv BIN] [--out FILE] [--epochs N]
                       [--sim DIR]... [--folds K] [--check] [--report]

Needs numpy (Debian: python3-numpy; hence /usr/bin/python3).

The data are the labelled texts (samples/, ../shared/seeds, ../shared/corpus,
tests/real/, and with --sim the simulated pages of DIR; with several
--sim, a table is learned with each folder in turn and the tables are
averaged, which steadies the weights a single set of pages leaves to
chance): docconv
--explain=features gives each text's lines and their features, and
reader_data.align gives each line the class its expected model implies.

The learner is an averaged structured perceptron (Collins 2002): decode
each text with the current weights under the same transition rules as
formats/article/decode.c (`step` below follows it line for line), but for
the wrap rule (decode.c's follow_allowed: on a page wrapped greedily, no
paragraph goes on past a sentence's last line that had room for the next
word), which only --check and --why apply; where the
best sequence differs from the expected one, move the weights of the
expected sequence's features and transitions up and the decoded one's
down; average over every step. Lines the model does not account for take
what the weights say. The texts go in a fixed order and nothing is random,
so the same data give the same table, byte for byte.

--folds K trains K times, each time without one K-th of the real texts,
and prints the line accuracy on the texts left out: how well the weights
do on pages they have not seen. --check decodes every text here and asks
docconv for its classes: both must agree (the two decoders are one).

Weights are written as integers, hundredths of a perceptron step.
"""
import argparse
import json
import os
import re
import sys

import numpy as np

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
NS = NL * NP
SCALE = 100
# How much the expected class counts when finding the expected sequence: a
# class the rules forbid there still gives way.
GOLD_BONUS = 1e9
NEG = -1e18
# Real texts count more than simulated pages: each goes through an epoch
# this many times, spread over it. The simulated pages teach the
# mechanics (wraps, column breaks, captions inside paragraphs); the real
# ones what pages are like.
REAL_REPEAT = 4

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
        new = 1 if phase != OPEN else 0
        nphase = OPEN
    elif label == L["title"]:
        new = 1 if phase != OPEN else 0
        nphase = TITLED
    elif label == L["subtitle"]:
        if phase != TITLED:
            return False, 0, 0
    elif label in (L["heading"], L["paragraph"]):
        nphase = BODY
    return True, nphase, new


# The state space: (label, phase after it). VALID[ps, s]: a step from state
# ps to state s exists; NEW[ps, s]: it starts an article. Row NS: the start.
VALID = np.zeros((NS + 1, NS), dtype=bool)
NEW = np.zeros((NS + 1, NS))
PREV_LABEL = np.array([s // NP for s in range(NS)] + [START])
PREV_PHASE = np.array([s % NP for s in range(NS)] + [OPEN])
LABEL_OF = np.array([s // NP for s in range(NS)])
for ps in range(NS + 1):
    for l in range(NL):
        ok, nph, na = step(PREV_LABEL[ps], PREV_PHASE[ps], l)
        if ok:
            VALID[ps, l * NP + nph] = True
            NEW[ps, l * NP + nph] = na
END_OK = np.array([LABEL_OF[s] not in KICKERS for s in range(NS)])
# (state before, state) pairs a paragraph goes on in: decode.c's
# follow_allowed forbids them after a line a greedy wrap left short.
PARA_SHORT_STOP = (np.isin(PREV_LABEL[:NS], [L["paragraph"], L["paragraph+"]])[:, None]
                   & (LABEL_OF == L["paragraph+"])[None, :])
# The same past a caption standing after such a line.
PARA_FIGURE_STOP = (np.isin(PREV_LABEL[:NS], [L["caption"], L["caption+"], L["credit"]])[:, None]
                    & (LABEL_OF == L["paragraph+"])[None, :])


class Model:
    def __init__(self, nf, ne):
        self.emit = np.zeros((nf, NL))
        self.edge = np.zeros((ne, NL + 1, NL))
        self.trans = np.zeros((NL + 1, NL))
        self.phase = np.zeros((NP, NL))
        self.new = np.zeros(1)

    def tables(self):
        return [self.emit, self.edge, self.trans, self.phase, self.new]

    def copy_from(self, arrays):
        for a, b in zip(self.tables(), arrays):
            a[...] = b


def transition_matrix(m):
    """Score of each step between states, but for the line's own parts."""
    T = m.trans[PREV_LABEL][:, LABEL_OF] + m.phase[PREV_PHASE][:, LABEL_OF] \
        + NEW * m.new[0]
    return np.where(VALID, T, NEG)


def front_matrix(T):
    """decode.c's front_phase: on a line of front matter, a paragraph
    before any headline leaves the phase open."""
    Tf = T.copy()
    rows = np.append(PREV_PHASE[:NS] == OPEN, True)
    para = L["paragraph"]
    Tf[rows, para * NP + OPEN] = T[rows, para * NP + BODY]
    Tf[rows, para * NP + BODY] = NEG
    return Tf


def decode(doc, m, gold=False, T=None, wrap_rule=True):
    """The best sequence of states (label * NP + phase) for the lines."""
    F, E = doc["F"], doc["E"]
    n = len(F)
    if n == 0:
        return []
    if T is None:
        T = transition_matrix(m)
    Tf = front_matrix(T) if any(doc["front"]) else None
    back = np.zeros((n, NS), dtype=np.int64)
    score = None
    for t in range(n):
        em = m.emit[F[t]].sum(0) if len(F[t]) else np.zeros(NL)
        if gold and doc["gold"][t] is not None:
            em = em.copy()
            em[L[doc["gold"][t]]] += GOLD_BONUS
        unmasked = em
        if (not doc["credit_ok"][t] or not doc["caption_ok"][t]
                or not doc["dateline_ok"][t] or doc["allow"][t] is not None):
            # decode.c's class_allowed: a credit only where a credit pattern
            # is, a caption only where a sign of one is, a field label's
            # line only in the classes it allows.
            em = em.copy()
            if not doc["credit_ok"][t]:
                em[L["credit"]] = NEG
            if not doc["caption_ok"][t]:
                em[L["caption"]] = NEG
            if not doc["dateline_ok"][t]:
                em[L["dateline"]] = NEG
            if doc["allow"][t] is not None:
                em[~doc["allow"][t]] = NEG
        if wrap_rule and doc["forbid"][t] is not None:
            # decode.c's class_allowed: the classes features.c's decoder
            # rules forbid the line, and the caption or credit they make.
            # Like the wrap rule, learning goes without them.
            em = em.copy()
            em[doc["forbid"][t]] = NEG
            if doc["rule_figure"][t]:
                for k in ("caption", "credit"):
                    if not doc["forbid"][t][L[k]] and (doc["allow"][t] is None
                                                       or doc["allow"][t][L[k]]):
                        em[L[k]] = unmasked[L[k]]
        if len(E[t]):
            es = m.edge[E[t]].sum(0)            # (NL + 1, NL)
        else:
            es = None
        Tt = Tf if doc["front"][t] else T
        if t == 0:
            row = Tt[NS] + em[LABEL_OF]
            if es is not None:
                row = row + es[START][LABEL_OF]
            score = row
            back[0] = NS
            continue
        M = Tt[:NS] + em[LABEL_OF][None, :]
        if es is not None:
            M = M + es[PREV_LABEL[:NS]][:, LABEL_OF]
        if wrap_rule and doc["wrap_break"][t]:
            # decode.c's follow_allowed: no paragraph going on past a
            # line a greedy wrap left short. Learning goes without it
            # (train below): the weights are learned from the signs
            # alone, and the rule adds what they cannot weigh.
            M = np.where(PARA_SHORT_STOP, NEG, M)
        if wrap_rule and doc["wrap_break_figure"][t]:
            M = np.where(PARA_FIGURE_STOP, NEG, M)
        cand = score[:, None] + M
        back[t] = cand.argmax(0)
        score = cand[back[t], np.arange(NS)]
    end = np.where(END_OK, score, NEG)
    s = int(end.argmax())
    if end[s] <= NEG / 2:
        s = int(score.argmax())
    path = [s]
    for t in range(n - 1, 0, -1):
        s = int(back[t][s])
        path.append(s)
    path.reverse()
    return path


def prev_states(path):
    return [NS] + path[:-1]


def train(data, nf, ne, epochs):
    m = Model(nf, ne)
    acc = Model(nf, ne)    # sum of t * update, for the average
    t = 0
    for epoch in range(epochs):
        mistakes = 0
        for doc in schedule(data):
            t += 1
            T = transition_matrix(m)
            pred = decode(doc, m, T=T, wrap_rule=False)
            target = decode(doc, m, gold=True, T=T, wrap_rule=False)
            if pred == target:
                continue
            for i, (a, b, pa, pb) in enumerate(zip(target, pred, prev_states(target),
                                                   prev_states(pred))):
                if a == b and pa == pb:
                    continue
                mistakes += LABEL_OF[a] != LABEL_OF[b]
                la, lb = LABEL_OF[a], LABEL_OF[b]
                pla, plb = PREV_LABEL[pa], PREV_LABEL[pb]
                F, E = doc["F"][i], doc["E"][i]
                for (model, w) in ((m, 1.0), (acc, float(t))):
                    if la != lb:
                        np.add.at(model.emit, (F, la), w)
                        np.add.at(model.emit, (F, lb), -w)
                    if len(E):
                        np.add.at(model.edge, (E, pla, la), w)
                        np.add.at(model.edge, (E, plb, lb), -w)
                    model.trans[pla, la] += w
                    model.trans[plb, lb] -= w
                    model.phase[PREV_PHASE[pa], la] += w
                    model.phase[PREV_PHASE[pb], lb] -= w
                    model.new[0] += w * (NEW[pa, a] - NEW[pb, b])
        print("epoch %d: %d lines wrong" % (epoch + 1, mistakes), file=sys.stderr)
    avg = Model(nf, ne)
    avg.copy_from([w - u / t for w, u in zip(m.tables(), acc.tables())])
    out = Model(nf, ne)
    out.copy_from([np.round(a * SCALE) for a in avg.tables()])
    return out


def schedule(data):
    """One epoch's order: the texts in their order, the real ones repeated
    at even steps, the project's own samples (the specification of the
    genre's conventions) three times as often."""
    real = [d for d in data if d["src"] != "sim"]
    samples = [d for d in data if d["src"] == "samples"]
    sim = [d for d in data if d["src"] == "sim"]
    out = []
    for r in range(REAL_REPEAT):
        out.extend(real)
        out.extend(samples)
        out.extend(samples)
        out.extend(sim[r * len(sim) // REAL_REPEAT:(r + 1) * len(sim) // REAL_REPEAT])
    return out


def allowed_classes(bits):
    """decode.c's class mask (bit per class, 0 for any) as booleans."""
    if not bits:
        return None
    return np.array([(bits >> k) & 1 == 1 for k in range(NL)])


def load(docconv, texts):
    data = []
    header = None
    for src, txt, exp in texts:
        header, lines = rd.features_of(docconv, txt)
        model = json.load(open(exp, encoding="utf-8"))
        labels, _ = rd.align(lines, model)
        names = header["features"]
        credit_ids = {names.index("pat.credit"), names.index("pat.caption-credit")}
        caption_ids = {names.index(k) for k in (
            "pat.caption-credit", "pat.credit", "credit-ahead", "pat.caption-lead",
            "doubled", "n.credit", "n.caption-credit", "photo-word")}
        data.append({"src": src, "name": os.path.basename(txt), "path": txt,
                     "lines": lines, "gold": labels,
                     "credit_ok": [bool(credit_ids & set(ln["f"])) for ln in lines],
                     "caption_ok": [bool(caption_ids & set(ln["f"])) for ln in lines],
                     "wrap_break": [bool(ln.get("wrap_break")) for ln in lines],
                     "wrap_break_figure": [bool(ln.get("wrap_break_figure"))
                                           for ln in lines],
                     "front": [bool(ln.get("front")) for ln in lines],
                     # decode.c's class_allowed: a dateline only where a
                     # sign of one is
                     "dateline_ok": [bool(ln.get("dateline_sign")) for ln in lines],
                     # the classes a line may take, as a mask over them
                     # (None: any)
                     "allow": [allowed_classes(int(ln.get("allow", 0))) for ln in lines],
                     # the classes the decoder's rules forbid it (None:
                     # none)
                     "forbid": [allowed_classes(int(ln.get("forbid", 0))) for ln in lines],
                     "rule_figure": [bool(ln.get("rule_figure")) for ln in lines],
                     "F": [np.array(ln["f"], dtype=np.int64) for ln in lines],
                     "E": [np.array(ln.get("e", []), dtype=np.int64) for ln in lines]})
    return header, data


def labelled_pairs(data, m):
    """(text, expected class, decoded class) of every line the model
    accounts for."""
    T = transition_matrix(m)
    for d in data:
        for s, g in zip(decode(d, m, T=T), d["gold"]):
            if g is not None:
                yield d, g, LABELS[LABEL_OF[s]]


def accuracy(data, m):
    pairs = [(g, p) for _, g, p in labelled_pairs(data, m)]
    return sum(g == p for g, p in pairs), len(pairs)


def report(data, m):
    from collections import Counter, defaultdict
    per = defaultdict(lambda: [0, 0])
    conf = Counter()
    for d, g, p in labelled_pairs(data, m):
        per[d["src"]][1] += 1
        if g == p:
            per[d["src"]][0] += 1
        else:
            conf[(g, p, d["src"])] += 1
    for src, (r, t) in sorted(per.items()):
        print("  %-8s %.3f of %d lines" % (src, r / t, t))
    for (g, p, src), n in conf.most_common(30):
        print("  %5d  %-11s taken for %-11s (%s)" % (n, g, p, src))


def rows(a):
    return ", ".join(str(int(x)) for x in a)


def write_c(path, header, m, command):
    feats = header["features"]
    edges = header["edges"]
    out = []
    out.append("/* weights.c — generated by scripts/reader_train.py; do not edit.")
    out.append(" * Made with: %s" % command)
    out.append(" * Hundredths of a perceptron step: emit[feature][class],")
    out.append(" * edge[edge feature][class before (last row: the start)][class],")
    out.append(" * trans[class before (last row: the text's start)][class],")
    out.append(" * phase[phase before][class]. Rows left out are zero. */")
    out.append('#include "article.h"')
    out.append("")
    out.append("/* Classes: %s */" % ", ".join(LABELS))
    out.append("static const int32_t emit[ARTICLE_N_FEATURES][ARTICLE_N_LABELS] = {")
    for i, name in enumerate(feats):
        if m.emit[i].any():
            out.append("\t[%d] = { %s },  /* %s */" % (i, rows(m.emit[i]), name))
    out.append("};")
    out.append("")
    out.append("static const int32_t edge[ARTICLE_N_EDGES][ARTICLE_N_LABELS + 1]"
               "[ARTICLE_N_LABELS] = {")
    for e, name in enumerate(edges):
        if not m.edge[e].any():
            continue
        out.append("\t[%d] = {  /* %s */" % (e, name))
        for p in range(NL + 1):
            if m.edge[e][p].any():
                out.append("\t\t[%d] = { %s },  /* after %s */"
                           % (p, rows(m.edge[e][p]), LABELS[p] if p < NL else "(start)"))
        out.append("\t},")
    out.append("};")
    out.append("")
    out.append("static const uint32_t edge_rows[ARTICLE_N_EDGES] = {")
    for e, name in enumerate(edges):
        mask = sum(1 << p for p in range(NL + 1) if m.edge[e][p].any())
        if mask:
            out.append("\t[%d] = 0x%05x,  /* %s */" % (e, mask, name))
    out.append("};")
    out.append("")
    out.append("static const int32_t trans[ARTICLE_N_LABELS + 1][ARTICLE_N_LABELS] = {")
    for i in range(NL + 1):
        name = LABELS[i] if i < NL else "(start)"
        out.append("\t{ %s },  /* %s */" % (rows(m.trans[i]), name))
    out.append("};")
    out.append("")
    out.append("static const int32_t phase[ARTICLE_N_PHASES][ARTICLE_N_LABELS] = {")
    for i, name in enumerate(("open", "titled", "body")):
        out.append("\t{ %s },  /* %s */" % (rows(m.phase[i]), name))
    out.append("};")
    out.append("")
    out.append("const article_model article_weights = {")
    out.append("\temit, edge, edge_rows, trans, phase, %d, %uu" % (int(m.new[0]), header["hash"]))
    out.append("};")
    open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")


def read_c(path, header):
    """The weights of a weights.c, back into a Model."""
    src = open(path, encoding="utf-8").read()
    nf, ne = len(header["features"]), len(header["edges"])
    m = Model(nf, ne)
    emit_part = src[src.index("emit[ARTICLE_N_FEATURES]"):src.index("static const int32_t edge")]
    for i, row in re.findall(r"\[(\d+)\] = \{ ([-0-9, ]+) \},", emit_part):
        m.emit[int(i)] = [int(x) for x in row.split(", ")]
    edge_part = src[src.index("static const int32_t edge"):src.index("static const int32_t trans")]
    e = None
    for line in edge_part.splitlines():
        a = re.match(r"\t\[(\d+)\] = \{  /\*", line)
        if a:
            e = int(a.group(1))
            continue
        b = re.match(r"\t\t\[(\d+)\] = \{ ([-0-9, ]+) \},", line)
        if b:
            m.edge[e][int(b.group(1))] = [int(x) for x in b.group(2).split(", ")]
    rest = src[src.index("static const int32_t trans"):]
    nums = [[int(x) for x in r.split(", ")] for r in re.findall(r"\n\t\{ ([-0-9, ]+) \},", rest)]
    m.trans[...] = nums[:NL + 1]
    m.phase[...] = nums[NL + 1:NL + 1 + NP]
    m.new[0] = int(re.search(r"phase, (-?\d+),", rest).group(1))
    return m


def check(a, header, data):
    """docconv's classes against this decoder's with the weights.c table."""
    m = read_c(a.out, header)
    bad = 0
    T = transition_matrix(m)
    for d in data:
        mine = [LABELS[LABEL_OF[s]] for s in decode(d, m, T=T)]
        theirs = [ln["label"] for ln in d["lines"]]
        if mine != theirs:
            bad += 1
            print("differs:", d["name"])
    print("%d of %d texts decode differently" % (bad, len(data)))
    return 1 if bad else 0


def why(docconv, path, exp, wfile):
    """Where the decoded sequence of one text beats the expected one: per
    line that differs, the weights that made the difference."""
    header, data = load(docconv, [("why", path, exp)])
    m = read_c(wfile, header)
    d = data[0]
    T = transition_matrix(m)
    pred = decode(d, m, T=T)
    gold = decode(d, m, gold=True, T=T)
    feats, edges = header["features"], header["edges"]
    total = 0.0
    for i, (a, b, pa, pb) in enumerate(zip(gold, pred, prev_states(gold), prev_states(pred))):
        if a == b and pa == pb:
            continue
        la, lb = LABEL_OF[a], LABEL_OF[b]
        diff = []
        for f in d["F"][i]:
            v = m.emit[f, la] - m.emit[f, lb]
            if v:
                diff.append((v, feats[f]))
        for e in d["E"][i]:
            v = m.edge[e, PREV_LABEL[pa], la] - m.edge[e, PREV_LABEL[pb], lb]
            if v:
                diff.append((v, "edge " + edges[e]))
        tv = T[pa, a] - T[pb, b]
        diff.append((tv, "transition"))
        s = sum(v for v, _ in diff)
        total += s
        diff.sort()
        print("line %s: expected %s, decoded %s (%+.0f): %s" % (
            d["lines"][i]["no"], LABELS[la], LABELS[lb], s,
            ", ".join("%s %+.0f" % (n, v) for v, n in diff[:4])))
    print("expected sequence scores %+.0f against the decoded one" % total)


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--docconv", default=os.path.join(rd.TOP, "build", "docconv"))
    ap.add_argument("--out", default=os.path.join(rd.TOP, "formats", "article", "weights.c"))
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--sim", action="append", default=[],
                    help="a folder of simulated pages (NAME.txt + NAME.expected.json); "
                         "given more than once, a table is learned with each and the "
                         "tables averaged")
    ap.add_argument("--folds", type=int, default=0)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--why", metavar="TEXT",
                    help="why TEXT (with its expected model beside it) decodes as it does")
    ap.add_argument("--report", action="store_true",
                    help="after training: per source accuracy and the commonest confusions")
    a = ap.parse_args(argv)
    if a.why:
        exp = a.why[:-4] + ".expected.json"
        why(a.docconv, a.why, exp if os.path.exists(exp) else a.why[:-4] + ".json", a.out)
        return 0
    texts = rd.labelled_texts()
    header, data = load(a.docconv, texts)
    nf, ne = len(header["features"]), len(header["edges"])
    if a.check:
        return check(a, header, data)
    # Each folder of simulated pages is a bag: the weights are learned with
    # the labelled texts and each bag in turn, then averaged.
    bags = []
    for d in a.sim:
        pages = [("sim", os.path.join(d, f), os.path.join(d, f[:-4] + ".expected.json"))
                 for f in sorted(os.listdir(d)) if f.endswith(".txt")]
        bags.append(load(a.docconv, pages)[1])
    if not bags:
        bags = [[]]
    if a.folds:
        real = [d for d in data if d["src"] in ("corpus", "real", "seed")]
        other = [d for d in data if d["src"] not in ("corpus", "real", "seed")] + bags[0]
        right = total = 0
        for k in range(a.folds):
            held = real[k::a.folds]
            kept = other + [d for i, d in enumerate(real) if i % a.folds != k]
            m = train(kept, nf, ne, a.epochs)
            r, t = accuracy(held, m)
            right += r
            total += t
            print("fold %d: %d/%d lines right on %d texts left out" % (k + 1, r, t, len(held)))
        print("held out: %.3f of %d lines" % (right / max(total, 1), total))
        return 0
    models = [train(data + bag, nf, ne, a.epochs) for bag in bags]
    m = Model(nf, ne)
    m.copy_from([np.round(sum(t) / len(models)) for t in zip(*[x.tables() for x in models])])
    r, t = accuracy(data, m)
    print("training texts: %.3f of %d lines" % (r / max(t, 1), t))
    if a.report:
        report(data, m)
    cmd = "scripts/reader_train.py --epochs %d%s" % (
        a.epochs, "".join(" --sim " + os.path.relpath(d, rd.TOP) for d in a.sim))
    write_c(a.out, header, m, cmd)
    print("wrote", a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

