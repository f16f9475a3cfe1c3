#!/usr/bin/env python3
"""Structure checks on docconv's --to json output, for ctest.

  structure_check.py golden DOCCONV SAMPLE.txt EXPECTED.json
      the model equals the expected one (blocks exactly; meta fields that
      the expected file gives), and nothing of the input is lost
  structure_check.py score DOCCONV RAW.txt EXPECTED.json STRUCTSCORE [FORMAT]
      structscore.py reports f1=1.000 lost=0 on the --to FORMAT output
      (json, the default, or epub)
  structure_check.py lossless DOCCONV RAW.txt
      converts with exit 0 and every non-space character of the input is in
      the model, but for layout markers and removed wrap hyphens

Exit 0 pass, 1 fail, 77 skip (an input from ../shared is absent).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter

MARKERS = set("□■●◆▲")
SKIP = 77


def run_json(docconv, src):
    out = subprocess.run([docconv, "--to", "json", src], capture_output=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr.decode("utf-8", "replace"))
        raise SystemExit("FAIL: docconv exited %d on %s" % (out.returncode, src))
    return json.loads(out.stdout.decode("utf-8"))


def model_chars(model):
    got = Counter()
    for b in model["blocks"]:
        for k in ("text", "caption", "credit"):
            if k in b and b[k]:
                got.update(re.sub(r"\s+", "", b[k]))
    return got


CODECS = {"UTF-8": "utf-8-sig", "UTF-16LE": "utf-16", "UTF-16BE": "utf-16",
          "GB18030": "gb18030", "BIG5": "big5hkscs"}


def decode_as(path, encoding):
    """The input's text, decoded as the model says it was (Big5 bytes also
    decode as GB18030, so guessing here would hide errors)."""
    raw = open(path, "rb").read()
    codec = CODECS.get(encoding or "UTF-8", "utf-8-sig")
    if codec == "utf-16" and raw[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        codec = "utf-16-le" if encoding == "UTF-16LE" else "utf-16-be"
    return raw.decode(codec)


def lost_chars(model, src):
    text = decode_as(src, model["meta"].get("encoding"))
    want = Counter(c for c in re.sub(r"\s+", "", text) if c not in MARKERS)
    lost = want - model_chars(model)
    # A wrap hyphen (letter, '-', line end) may be removed.
    wraps = len(re.findall(r"[A-Za-z]-[ \t]*\r?\n", text))
    if lost.get("-", 0) <= wraps:
        lost.pop("-", None)
    return lost


def golden(docconv, src, expected_path):
    got = run_json(docconv, src)
    exp = json.load(open(expected_path, encoding="utf-8"))
    ok = True
    eb, gb = exp["blocks"], got["blocks"]
    for i in range(max(len(eb), len(gb))):
        e = eb[i] if i < len(eb) else None
        g = gb[i] if i < len(gb) else None
        if e != g:
            print("block %d differs:\n  expected %s\n  got      %s" % (
                i, json.dumps(e, ensure_ascii=False), json.dumps(g, ensure_ascii=False)))
            ok = False
            break
    for k, v in exp.get("meta", {}).items():
        if got["meta"].get(k) != v:
            print("meta.%s: expected %r, got %r" % (k, v, got["meta"].get(k)))
            ok = False
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


def lossless(docconv, src):
    if not os.path.exists(src):
        print("skip: %s is absent" % src)
        return SKIP
    got = run_json(docconv, src)
    lost = lost_chars(got, src)
    if lost:
        print("lost characters:", dict(lost))
        return 1
    if not got["blocks"]:
        print("no blocks")
        return 1
    return 0


def main(argv):
    cmd = argv[1]
    if cmd == "golden":
        return golden(*argv[2:5])
    if cmd == "score":
        return score(*argv[2:7])
    if cmd == "lossless":
        return lossless(*argv[2:4])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
