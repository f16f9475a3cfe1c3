#!/usr/bin/env python3
"""What the model's finishing step settles is what every writer shows.

  settled.py DOCCONV SAMPLE.txt

For one article: the title, the language and the title block of --to json
(meta.title, meta.lang, meta.title_block) against
  - EPUB: dc:title and dc:language of the package, the article's <title>
    and lang, the blocks of its <header> (their count, classes and text);
  - HTML: the page's <title> and lang, the blocks of its <header>;
  - PDF: the document information's Title, the article's bookmark, and the
    text: the title block's blocks come first, in their order.
Exit 0 pass, 1 fail, 77 skip (a writer or a checker is not there).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

SKIP = 77
X = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def squash(s):
    return re.sub(r"\s+", "", s or "")


def convert(docconv, src, fmt, out):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    r = subprocess.run([docconv, "--to", fmt, src, "-o", out], env=env,
                       capture_output=True)
    if r.returncode != 0:
        raise SystemExit("FAIL: --to %s exited %d: %s" % (
            fmt, r.returncode, r.stderr.decode("utf-8", "replace")))


def block_text(b):
    if b["type"] == "figure":
        return b["caption"] + b["credit"]
    return b["text"]


def header_of(root):
    """(type, text) of each block of the first <header>."""
    h = root.find(".//%sheader" % X)
    if h is None:
        return []
    out = []
    for el in h:
        tag = el.tag.replace(X, "")
        kind = "title" if tag == "h1" else el.get("class", tag)
        out.append((kind, squash("".join(el.itertext()))))
    return out


def main():
    docconv, src = sys.argv[1:3]
    with tempfile.TemporaryDirectory() as t:
        js = os.path.join(t, "a.json")
        convert(docconv, src, "json", js)
        model = json.load(open(js, encoding="utf-8"))
        meta, blocks = model["meta"], model["blocks"]
        title, lang, n = meta["title"], meta["lang"], meta["title_block"]
        check(isinstance(title, str) and title, "the model has a title: %r" % title)
        check(isinstance(lang, str) and lang, "the model has a language: %r" % lang)
        want = [(b["type"], squash(block_text(b))) for b in blocks[:n]]
        check(all(t in ("kicker", "title", "subtitle", "byline") for t, _ in want),
              "the title block holds kicker, title, subtitles, bylines: %s" % want)

        ep = os.path.join(t, "a.epub")
        convert(docconv, src, "epub", ep)
        with zipfile.ZipFile(ep) as z:
            opf = ET.fromstring(z.read("OEBPS/content.opf"))
            art = ET.fromstring(z.read("OEBPS/article-001.xhtml"))
        check(opf.findtext(".//%stitle" % DC) == title, "EPUB dc:title")
        check(opf.findtext(".//%slanguage" % DC) == lang, "EPUB dc:language")
        check(art.get("lang") == lang and art.get(XML_LANG) == lang,
              "EPUB article lang %r" % art.get("lang"))
        check(art.findtext(".//%stitle" % X) == title, "EPUB article <title>")
        check(header_of(art) == want, "EPUB <header> %s, model %s" % (
            header_of(art), want))

        ht = os.path.join(t, "a.html")
        convert(docconv, src, "html", ht)
        page = ET.fromstring(open(ht, "rb").read().split(b"\n", 1)[1])
        check(page.get("lang") == lang, "HTML lang %r" % page.get("lang"))
        check(page.findtext(".//%stitle" % X) == title, "HTML <title>")
        check(header_of(page) == want, "HTML <header> %s" % header_of(page))

        if not (shutil.which("pdfinfo") and shutil.which("qpdf") and
                shutil.which("pdftotext")):
            print("SKIP: pdfinfo, qpdf or pdftotext missing")
            return SKIP
        pdf = os.path.join(t, "a.pdf")
        convert(docconv, src, "pdf", pdf)
        info = subprocess.run(["pdfinfo", "-enc", "UTF-8", pdf], capture_output=True,
                              text=True).stdout
        m = re.search(r"^Title:\s*(.*)$", info, re.M)
        check(m and m.group(1).strip() == title.strip(), "PDF Title %r" % (
            m and m.group(1)))
        outline = json.loads(subprocess.run(
            ["qpdf", "--json", "--json-key=outlines", pdf], capture_output=True,
            text=True).stdout)["outlines"]
        check(outline and outline[0]["title"] == title,
              "PDF bookmark %r" % (outline and outline[0]["title"]))
        text = squash(subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"],
                                     capture_output=True, text=True).stdout)
        head = "".join(s for _, s in want)
        check(text.startswith(head), "PDF text starts with the title block: %r" % (
            text[:len(head) + 20]))
    if failures:
        print("%d checks failed" % len(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
