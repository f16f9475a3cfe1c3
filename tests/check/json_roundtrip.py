#!/usr/bin/env python3
"""--from json reads back what --to json writes, and refuses what it cannot.

  json_roundtrip.py seed DOCCONV SEED.txt
      SEED.txt --to json, then that --from json --to json: the same bytes
      (exit 77 when the seed is absent)
  json_roundtrip.py model DOCCONV
      a model written here, with every block type and escapes, read and
      written again: the same bytes
  json_roundtrip.py page DOCCONV
      a page of two articles ({"meta", "articles"}) read and written: two
      articles, and what is written reads back to the same bytes
  json_roundtrip.py malformed DOCCONV
      broken models each fail with exit 3 and a message at LINE: column COL

Exit 0 pass, 1 fail, 77 skip.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

SKIP = 77
EXIT_INPUT = 3

MODEL = r'''{
 "meta": {
   "title": "颱風「海葵」登陸　全台停班停課",
   "subtitle": "交通部：高鐵明天全線停駛",
   "kicker": "要聞",
   "authors": ["王小明", "Jane \"JJ\" Doe"],
   "lang": "zh-Hant",
   "date": "2023-09-03",
   "source": "typhoon.txt",
   "encoding": "BIG5",
   "title_block": 4
 },
 "blocks": [
  {"type": "kicker", "text": "要聞"},
  {"type": "title", "text": "颱風「海葵」登陸　全台停班停課"},
  {"type": "subtitle", "text": "交通部：高鐵明天全線停駛"},
  {"type": "byline", "text": "記者王小明／台北報導"},
  {"type": "dateline", "text": "（中央社台北3日電）"},
  {"type": "paragraph", "text": "中央氣象局指出，颱風預計明天清晨登陸。"},
  {"type": "heading", "level": 2, "text": "交通"},
  {"type": "paragraph", "text": "Quotes \" and \\ backslashes, a\ttab, 𠮷, \u2028 and \u0001 stay."},
  {"type": "heading", "level": 6, "text": "Six"},
  {"type": "figure", "caption": "颱風路徑圖", "credit": "圖／中央氣象局提供"},
  {"type": "figure", "caption": "", "credit": "Photo: Reuters"}
 ]
}
'''

# name, text, what the message must say (a regular expression)
MALFORMED = [
    ("truncated", MODEL[:len(MODEL) // 2],
     r"has no closing|found the end of the text"),
    ("bad-escape", '{"blocks": [{"type": "paragraph", "text": "a\\qb"}]}',
     r"1: column 45: unknown escape: a backslash before 'q'"),
    ("lone-surrogate", '{"blocks": [{"type": "paragraph", "text": "\\ud83d"}]}',
     r"first half of a surrogate pair"),
    ("deep", "[" * 10000 + "]" * 10000,
     r"1: column 65: arrays and objects nested more than 64 deep"),
    ("missing-colon", '{\n "blocks" [\n ]\n}',
     r"2: column 11: expected ':' after a key"),
    ("trailing-comma", '{"blocks": [\n  {"type": "paragraph", "text": "a"},\n ]}',
     r"3: column 2: a ',' before ']'"),
    ("blocks-object", '{"blocks": {"type": "paragraph"}}',
     r"blocks must be an array, not an object"),
    ("title-number", '{"meta": {"title": 12}, "blocks": []}',
     r"meta.title must be a string or null, not a number"),
    ("level-string", '{"blocks": [{"type": "heading", "level": "2", "text": "x"}]}',
     r"blocks\[0\]\.level must be a whole number from 2 to 6"),
    ("unknown-type", '{"blocks": [{"type": "paragraph", "text": "a"},\n'
                     '  {"type": "sidebar", "text": "b"}]}',
     r"2: column 12: blocks\[1\]: unknown block type \"sidebar\""),
    ("empty-page", '{"meta": {"title": "Two"},\n "articles": []}',
     r"2: column 14: \"articles\" is empty"),
    ("article-without-blocks", '{"articles": [{"blocks": []},\n  {"meta": {}}]}',
     r"2: column 3: no \"blocks\" array"),
]


def run(args, stdin=None):
    return subprocess.run(args, capture_output=True, input=stdin)


def same_bytes(label, want, got):
    if want == got:
        print("ok: %s reads back to the same %d bytes" % (label, len(want)))
        return True
    for i, (a, b) in enumerate(zip(want, got)):
        if a != b:
            break
    else:
        i = min(len(want), len(got))
    print("FAIL: %s differs from byte %d:\n  want %r\n  got  %r" % (
        label, i, want[i:i + 60], got[i:i + 60]))
    return False


def from_json(docconv, path):
    out = run([docconv, "--from", "json", "--to", "json", path])
    if out.returncode != 0:
        sys.stderr.write(out.stderr.decode("utf-8", "replace"))
        raise SystemExit("FAIL: --from json exited %d on %s" % (out.returncode, path))
    return out.stdout


def seed(docconv, src):
    if not os.path.exists(src):
        print("skip: %s is absent" % src)
        return SKIP
    first = run([docconv, "--to", "json", src])
    if first.returncode != 0:
        sys.stderr.write(first.stderr.decode("utf-8", "replace"))
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "seed.json")
        with open(path, "wb") as f:
            f.write(first.stdout)
        return 0 if same_bytes("the seed's model", first.stdout,
                               from_json(docconv, path)) else 1


def model(docconv):
    want = MODEL.encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.json")
        with open(path, "wb") as f:
            f.write(want)
        ok = same_bytes("the written model", want, from_json(docconv, path))
        # The same model saved by an editor as UTF-16 with a BOM.
        with open(path, "wb") as f:
            f.write(b"\xff\xfe" + MODEL.encode("utf-16-le"))
        ok &= same_bytes("the model in UTF-16", want, from_json(docconv, path))
    return 0 if ok else 1


def page(docconv):
    """Two articles in a page: read, written, read again."""
    article = json.loads(MODEL)
    second = {"meta": {"title": "第二篇", "lang": "zh-Hant"},
              "blocks": [{"type": "title", "text": "第二篇"},
                         {"type": "paragraph", "text": "又一段。"}]}
    text = json.dumps({"meta": {"title": "Page"}, "articles": [article, second]},
                      ensure_ascii=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "page.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        first = from_json(docconv, path)
        written = json.loads(first)
        titles = [a["meta"]["title"] for a in written.get("articles", [])]
        if titles != [article["meta"]["title"], "第二篇"]:
            print("FAIL: the page came back with articles %r" % titles)
            return 1
        with open(path, "wb") as f:
            f.write(first)
        return 0 if same_bytes("the written page", first, from_json(docconv, path)) else 1


def malformed(docconv):
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for name, text, pattern in MALFORMED:
            path = os.path.join(tmp, name + ".json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            out = run([docconv, "--from", "json", "--to", "json", path])
            err = out.stderr.decode("utf-8", "replace")
            # docconv: FILE:LINE: column COL: message
            where = re.search(re.escape(name) + r"\.json:\d+: column \d+: ", err)
            if out.returncode != EXIT_INPUT or out.stdout or not where or \
                    not re.search(pattern, err):
                print("FAIL: %s: exit %d, stderr:\n%s  want exit %d and /%s/" % (
                    name, out.returncode, err, EXIT_INPUT, pattern))
                ok = False
            else:
                print("ok: %s: %s" % (name, err.strip().splitlines()[0]))
    return 0 if ok else 1


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    mode, docconv = sys.argv[1], sys.argv[2]
    if mode == "seed" and len(sys.argv) == 4:
        return seed(docconv, sys.argv[3])
    if mode == "model":
        return model(docconv)
    if mode == "page":
        return page(docconv)
    if mode == "malformed":
        return malformed(docconv)
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
