#!/usr/bin/env python3
"""Pages of several articles, for ctest: --split, --one-article, batches of
pages, what each writer makes of a page, and the page simulator.

  pages.py split DOCCONV SAMPLES
      a page of three articles (a model of three samples, --from json):
      --split writes one output per article, named after the page's output
      (beside the input, -o NAME, -o OUTDIR/, or entries of -o OUT.zip),
      each the article alone; a
      page of one keeps its plain name; an existing output stops the run
      before anything is written; --split with -o -, with standard input
      and no -o, with --combine or with --one-article is a usage error
  pages.py one-article DOCCONV SAMPLES
      a raw page of three samples one after another: read as several
      articles, and with --one-article as one document holding the same
      characters, the later headlines as subheads; --explain shows where
      articles start, and none with --one-article
  pages.py batch DOCCONV SAMPLES
      a folder of pages: --split into a folder and into a zip (the same
      outputs, byte for byte, for any -j; a name an article could take is
      kept apart), --skip-existing resumes a page whose first output is
      missing, --combine makes one book of every article of every page in
      order, --one-article one output a page
  pages.py writers DOCCONV SAMPLES PAGE.txt...
      each page (the samples' page of one-article, and each PAGE, a real
      one labelled beside it as NAME.expected.json) converts; its EPUB passes EPUBCheck with one content document
      and one contents entry an article; its PDF passes qpdf --check with
      one top-level bookmark an article, titled as the article, in order;
      its HTML holds one <article> an article, and a contents list linking
      each when there are several. Prints, per page, the articles found
      (and expected), structscore's F1 (blocks and boundaries) and the
      boundaries' own precision, recall and F1 (scripts/structure.py)
  pages.py simulate DOCCONV SAMPLES SIMULATOR
      scripts/simulate_page.py --pages and --columns: the pages that stay
      single are those of a run without them; the others are books of 2 to
      4 articles of one language, in column order for some (a tail printed
      after the next article's head, kept with its article in the expected
      model), holding every character of their model. Prints the reader's
      boundary scores on them

Exit 0 pass, 1 fail, 77 skip (the inputs are absent).
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "scripts"))
sys.path.insert(0, HERE)
import structure  # noqa: E402  scripts/structure.py
from epub import EPUBCHECK_JAR, run_epubcheck  # noqa: E402

SKIP = 77
EPOCH = "1700000000"
# Samples in UTF-8, each an article with a headline: a page of them.
PAGE_SAMPLES = ("zh_page_10_wangge_dangjian", "zh_page_13_diyishuji_renwu",
                "zh_kicker_subtitle")
SINGLE_SAMPLE = "en_wire_hyphen"


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run(docconv, *args, code=0, stdin=None):
    """docconv ARGS; fails unless it exits with `code`."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    r = subprocess.run([docconv, *args], capture_output=True, env=env,
                       stdin=stdin)
    if r.returncode != code:
        fail("docconv %s exited %d, not %d:\n%s" % (
            " ".join(args), r.returncode, code, r.stderr.decode("utf-8", "replace")))
    return r


def model_of(docconv, *args):
    return json.loads(run(docconv, "--to", "json", *args).stdout.decode("utf-8"))


def articles(model):
    return model["articles"] if "articles" in model else [model]


def chars(model):
    """The non-space characters of a model's blocks, as a multiset."""
    got = Counter()
    for a in articles(model):
        for b in a["blocks"]:
            for k in ("text", "caption", "credit"):
                got.update(re.sub(r"\s+", "", b.get(k) or ""))
    return got


def sample_book(samples, path):
    """A page of the PAGE_SAMPLES' models, as --to json writes one."""
    arts = [json.load(open(os.path.join(samples, n + ".json"), encoding="utf-8"))
            for n in PAGE_SAMPLES]
    book = {"meta": {"title": arts[0]["meta"]["title"], "lang": "zh"}, "articles": arts}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(book, f, ensure_ascii=False)
    return book


def raw_page(samples, path):
    """The PAGE_SAMPLES' raw texts one after another: a page."""
    with open(path, "wb") as out:
        for n in PAGE_SAMPLES:
            out.write(open(os.path.join(samples, n + ".txt"), "rb").read().rstrip(b"\n"))
            out.write(b"\n\n\n")


def files_under(d):
    return sorted(os.path.relpath(os.path.join(r, f), d)
                  for r, _, fs in os.walk(d) for f in fs)


def opf_of(path):
    z = zipfile.ZipFile(path)
    container = z.read("META-INF/container.xml").decode()
    return z, z.read(re.search(r'full-path="([^"]+)"', container).group(1)).decode()


def epub_articles(path):
    """The content documents of an EPUB's spine (cover left out) and the
    top-level entries of its contents."""
    z, opf = opf_of(path)
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    docs = [i for i in spine if i.startswith("article-")]
    nav = z.read("OEBPS/nav.xhtml").decode()
    toc = re.search(r'<nav epub:type="toc".*?</nav>', nav, re.S).group(0)
    # Depth of each <li>: the top level is inside the first <ol> only.
    depth, top = 0, []
    for m in re.finditer(r"<(/?)(ol|li)\b[^>]*>|<a [^>]*>(.*?)</a>", toc, re.S):
        if m.group(2) == "ol":
            depth += -1 if m.group(1) else 1
        elif m.group(3) is not None and depth == 1:
            top.append(html.unescape(m.group(3)))
    return docs, top


def html_articles(path):
    page = open(path, encoding="utf-8").read()
    ids = re.findall(r"<article\b([^>]*)>", page)
    nav = re.search(r'<nav class="contents".*?</nav>', page, re.S)
    links = re.findall(r'href="#([^"]+)"', nav.group(0)) if nav else []
    return ids, links, page


def pdf_bookmarks(path):
    r = subprocess.run(["qpdf", "--check", path], capture_output=True)
    if r.returncode != 0:
        fail("qpdf --check %s: %s" % (path, r.stdout.decode() + r.stderr.decode()))
    out = subprocess.run(["qpdf", "--json", "--json-key=outlines", path],
                         capture_output=True, check=True).stdout
    return json.loads(out)["outlines"]


# --- split ---------------------------------------------------------------

def cmd_split(docconv, samples):
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "page.json")
        book = sample_book(samples, page)
        titles = [a["meta"]["title"] for a in book["articles"]]
        # Beside the input, JSON too (not to standard output).
        run(docconv, "--from", "json", "--to", "json", "--split", page)
        got = [f for f in files_under(tmp) if f != "page.json"]
        if got != ["page-1.json", "page-2.json", "page-3.json"]:
            fail("--split beside the input wrote %r" % got)
        for k, art in enumerate(book["articles"]):
            m = json.load(open(os.path.join(tmp, "page-%d.json" % (k + 1)), encoding="utf-8"))
            if "articles" in m or m["blocks"] != art["blocks"] or \
                    m["meta"]["title"] != art["meta"]["title"]:
                fail("page-%d.json is not article %d alone" % (k + 1, k + 1))
        # Into a folder, and named by -o.
        out = os.path.join(tmp, "out") + "/"
        os.mkdir(out)
        run(docconv, "--from", "json", "--to", "epub", "--split", page, "-o", out)
        if files_under(out) != ["page-1.epub", "page-2.epub", "page-3.epub"]:
            fail("--split -o OUTDIR/ wrote %r" % files_under(out))
        for k, t in enumerate(titles):
            docs, top = epub_articles(os.path.join(out, "page-%d.epub" % (k + 1)))
            if len(docs) != 1 or top != [t]:
                fail("page-%d.epub holds %r, contents %r" % (k + 1, docs, top))
        named = os.path.join(tmp, "named")
        os.mkdir(named)
        run(docconv, "--from", "json", "--to", "html", "--split", page,
            "-o", os.path.join(named, "issue.html"))
        if files_under(named) != ["issue-1.html", "issue-2.html", "issue-3.html"]:
            fail("--split -o issue.html wrote %r" % files_under(named))
        ids, links, _ = html_articles(os.path.join(named, "issue-2.html"))
        if len(ids) != 1 or links:
            fail("issue-2.html: %d articles, contents %r" % (len(ids), links))
        # Into a zip: the articles as its entries.
        z = os.path.join(tmp, "page.zip")
        run(docconv, "--from", "json", "--to", "json", "--split", page, "-o", z)
        names = sorted(zipfile.ZipFile(z).namelist())
        if names != ["page-1.json", "page-2.json", "page-3.json"] or any(
                zipfile.ZipFile(z).read(n) != open(os.path.join(tmp, n), "rb").read()
                for n in names):
            fail("--split -o page.zip wrote %r" % names)
        # An existing output stops the page before anything is written.
        clash = os.path.join(tmp, "clash")
        os.mkdir(clash)
        open(os.path.join(clash, "page-3.json"), "w").write("mine")
        r = run(docconv, "--from", "json", "--to", "json", "--split", page,
                "-o", clash + "/", code=4)
        if b"exists" not in r.stderr or files_under(clash) != ["page-3.json"] or \
                open(os.path.join(clash, "page-3.json")).read() != "mine":
            fail("an existing output: %r, %r" % (r.stderr, files_under(clash)))
        run(docconv, "--from", "json", "--to", "json", "--split", "--force", page,
            "-o", clash + "/")
        if len(files_under(clash)) != 3 or \
                open(os.path.join(clash, "page-3.json")).read() == "mine":
            fail("--force did not replace page-3.json")
        # A page of one article keeps its plain name.
        single = os.path.join(tmp, "single")
        os.mkdir(single)
        src = os.path.join(single, "story.txt")
        shutil.copy(os.path.join(samples, SINGLE_SAMPLE + ".txt"), src)
        run(docconv, "--to", "json", "--split", src)
        if files_under(single) != ["story.json", "story.txt"]:
            fail("a page of one article: %r" % files_under(single))
        # What --split cannot do.
        for args in (["-o", "-"], ["--combine", "-o", os.path.join(tmp, "b.json")],
                     ["--one-article"]):
            r = run(docconv, "--to", "json", "--split", *args, src, code=2)
            if b"--split" not in r.stderr:
                fail("--split %s: %r" % (" ".join(args), r.stderr))
        with open(src, "rb") as f:
            run(docconv, "--to", "json", "--split", "-", code=2, stdin=f)
    print("ok")


# --- one article ---------------------------------------------------------

def cmd_one_article(docconv, samples):
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "page.txt")
        raw_page(samples, page)
        split = model_of(docconv, page)
        n = len(articles(split))
        if n < 2:
            fail("the page of %d articles was read as %d" % (len(PAGE_SAMPLES), n))
        one = model_of(docconv, "--one-article", page)
        if "articles" in one:
            fail("--one-article gave %d articles" % len(one["articles"]))
        if chars(one) != chars(split):
            fail("--one-article changed the characters: %r" % (chars(one) ^ chars(split)))
        headings = [b["text"] for b in one["blocks"] if b["type"] == "heading"]
        titles = [b["text"] for b in one["blocks"] if b["type"] == "title"]
        for a in articles(split)[1:]:
            t = [b["text"] for b in a["blocks"] if b["type"] == "title"]
            if t and t[0] not in headings:
                fail("the headline %r is no subhead with --one-article" % t[0])
        if len(titles) != 1 or titles[0] != articles(split)[0]["meta"]["title"]:
            fail("--one-article titles: %r" % titles)
        starts = run(docconv, "--explain", page).stdout.decode().count("--- article ")
        none = run(docconv, "--explain", "--one-article", page).stdout.decode().count(
            "--- article ")
        if starts != n - 1 or none:
            fail("--explain shows %d article starts (want %d), %d with --one-article"
                 % (starts, n - 1, none))
        epub = os.path.join(tmp, "one.epub")
        run(docconv, "--to", "epub", "--one-article", page, "-o", epub)
        if len(epub_articles(epub)[0]) != 1:
            fail("--one-article EPUB: %r" % (epub_articles(epub)[0],))
    print("ok (%d articles, and one)" % n)


# --- batch ---------------------------------------------------------------

def cmd_batch(docconv, samples):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in")
        os.makedirs(os.path.join(src, "a"))
        raw_page(samples, os.path.join(src, "a", "page.txt"))
        # page-1.txt's output would be the name of page.txt's first article.
        shutil.copy(os.path.join(samples, SINGLE_SAMPLE + ".txt"),
                    os.path.join(src, "a", "page-1.txt"))
        shutil.copy(os.path.join(samples, PAGE_SAMPLES[0] + ".txt"),
                    os.path.join(src, "story.txt"))
        n = len(articles(model_of(docconv, os.path.join(src, "a", "page.txt"))))
        if n < 2:
            fail("the page was read as %d article" % n)
        alone = os.path.join(tmp, "alone")
        os.mkdir(alone)
        run(docconv, "--to", "json", "--split", os.path.join(src, "a", "page.txt"),
            "-o", alone + "/")
        want = sorted(["a/page-%d.json" % (k + 1) for k in range(n)] +
                      ["a/page-1~2.json", "story.json"])
        out = os.path.join(tmp, "out")
        run(docconv, "--to", "json", "--split", "-j2", src, "-o", out + "/")
        if files_under(out) != want:
            fail("--split into a folder wrote %r, not %r" % (files_under(out), want))
        for k in range(n):
            name = "page-%d.json" % (k + 1)
            if open(os.path.join(out, "a", name), "rb").read() != \
                    open(os.path.join(alone, name), "rb").read():
                fail("a/%s differs from the page's own --split" % name)
        kept = json.load(open(os.path.join(out, "a", "page-1~2.json"), encoding="utf-8"))
        if kept["meta"]["source"] != "page-1.txt":
            fail("a/page-1~2.json holds %s" % kept["meta"]["source"])
        # Into a zip: the same names and bytes, for any -j.
        zips = []
        for jobs in ("1", "3"):
            z = os.path.join(tmp, "out%s.zip" % jobs)
            run(docconv, "--to", "json", "--split", "-j", jobs, src, "-o", z)
            zips.append(open(z, "rb").read())
            names = sorted(zipfile.ZipFile(z).namelist())
            if names != want:
                fail("--split into a zip wrote %r" % names)
            for name in names:
                if zipfile.ZipFile(z).read(name) != open(os.path.join(out, name), "rb").read():
                    fail("%s differs in the zip and the folder" % name)
        if zips[0] != zips[1]:
            fail("-j1 and -j3 wrote different zips")
        # Resume: a page is done when its first output is there.
        r = run(docconv, "--to", "json", "--split", "--skip-existing", src, "-o", out + "/")
        if b"0 converted" not in r.stderr:
            fail("--skip-existing converted again: %r" % r.stderr)
        os.remove(os.path.join(out, "a", "page-1.json"))
        r = run(docconv, "--to", "json", "--split", "--skip-existing", src, "-o", out + "/")
        if b"1 converted" not in r.stderr or files_under(out) != want:
            fail("--skip-existing after page-1.json was removed: %r, %r"
                 % (r.stderr, files_under(out)))
        # --combine: every article of every page, in order.
        singles = [model_of(docconv, os.path.join(src, p))
                   for p in ("a/page-1.txt", "a/page.txt", "story.txt")]
        titles = [a["meta"]["title"] for m in singles for a in articles(m)]
        book = os.path.join(tmp, "book.json")
        run(docconv, "--to", "json", "--combine", src, "-o", book)
        got = [a["meta"]["title"] for a in articles(json.load(open(book, encoding="utf-8")))]
        if got != titles:
            fail("--combine: %r, not %r" % (got, titles))
        epub = os.path.join(tmp, "book.epub")
        run(docconv, "--to", "epub", "--combine", src, "-o", epub)
        docs, top = epub_articles(epub)
        if len(docs) != len(titles) or top != titles:
            fail("--combine EPUB: %d documents, contents %r" % (len(docs), top))
        pdf = os.path.join(tmp, "book.pdf")
        run(docconv, "--to", "pdf", "--combine", src, "-o", pdf)
        marks = pdf_bookmarks(pdf)
        if [m["title"] for m in marks] != titles:
            fail("--combine PDF bookmarks: %r" % [m["title"] for m in marks])
        # --one-article: one output a page.
        one = os.path.join(tmp, "one")
        run(docconv, "--to", "json", "--one-article", src, "-o", one + "/")
        if files_under(one) != ["a/page-1.json", "a/page.json", "story.json"]:
            fail("--one-article batch wrote %r" % files_under(one))
        if "articles" in json.load(open(os.path.join(one, "a", "page.json"), encoding="utf-8")):
            fail("--one-article batch: a/page.json holds several articles")
    print("ok")


# --- writers -------------------------------------------------------------

def cmd_writers(docconv, samples, *pages):
    present = [p for p in pages if os.path.exists(p)]
    if len(present) != len(pages):
        print("absent, not checked:", [p for p in pages if p not in present])
    if not os.path.exists(EPUBCHECK_JAR):
        fail("%s is not installed (scripts/setup.sh installs it)" % EPUBCHECK_JAR)
    total = [0, 0, 0]
    with tempfile.TemporaryDirectory() as tmp:
        samples_page = os.path.join(tmp, "samples_page.txt")
        raw_page(samples, samples_page)
        present.insert(0, samples_page)
        epubs = []
        for i, src in enumerate(present):
            name = os.path.basename(src)[:-4]
            m = model_of(docconv, src)
            arts = articles(m)
            titles = [a["meta"]["title"] for a in arts]
            base = os.path.join(tmp, "%02d" % i)
            run(docconv, "--to", "epub", src, "-o", base + ".epub")
            run(docconv, "--to", "pdf", src, "-o", base + ".pdf")
            run(docconv, "--to", "html", src, "-o", base + ".html")
            epubs.append(base + ".epub")
            docs, top = epub_articles(base + ".epub")
            if len(docs) != len(arts) or top != titles:
                fail("%s: EPUB of %d articles has %d documents, contents %r"
                     % (name, len(arts), len(docs), top))
            marks = pdf_bookmarks(base + ".pdf")
            if [b["title"] for b in marks] != titles:
                fail("%s: PDF bookmarks %r, not the articles' %r"
                     % (name, [b["title"] for b in marks], titles))
            where = [b["destpageposfrom1"] for b in marks]
            if where != sorted(where):
                fail("%s: bookmarks out of order: %r" % (name, where))
            ids, links, _ = html_articles(base + ".html")
            want = ["a%d" % (k + 1) for k in range(len(arts))] if len(arts) > 1 else []
            if len(ids) != len(arts) or links != want or \
                    any('id="%s"' % w not in ids[k] for k, w in enumerate(want)):
                fail("%s: HTML of %d articles has %d, contents %r"
                     % (name, len(arts), len(ids), links))
            n_pages = int(subprocess.run(["qpdf", "--show-npages", base + ".pdf"],
                                         capture_output=True, check=True).stdout)
            line = "%s: %d articles, PDF %d pages" % (name, len(arts), n_pages)
            expected = src[:-4] + ".expected.json"
            if os.path.exists(expected):
                e = json.load(open(expected, encoding="utf-8"))
                f1 = structure.score(e, m)[0]
                bf, br, bp, matched, ne, na = structure.boundaries(e, m)
                total = [total[0] + matched, total[1] + ne, total[2] + na]
                line += (" (expected %d); F1 %.3f; boundaries %d of %d found, %d made:"
                         " P %.3f R %.3f F1 %.3f" % (len(articles(e)), f1, matched, ne, na,
                                                     bp, br, bf))
            print(line)
        failed = run_epubcheck(epubs)
        if failed:
            fail("EPUBCheck failed %d of %d books" % (len(failed), len(epubs)))
    if total[1]:
        r, p = total[0] / total[1], total[0] / total[2] if total[2] else 0.0
        print("all pages: boundaries P %.3f R %.3f F1 %.3f" % (
            p, r, 2 * r * p / (r + p) if r + p else 0.0))
    print("ok")
    return 0


# --- the simulator -------------------------------------------------------

def decode(raw, want=None):
    """The page's text in the simulator's encoding. Big5 bytes also decode
    as GB18030, so where several decode, the one that gives back most of
    the characters `want` (a Counter) wins."""
    if raw[:2] == b"\xff\xfe":
        return raw[2:].decode("utf-16-le")
    found = []
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            found.append(raw.decode(enc))
        except UnicodeDecodeError:
            continue
    if not found:
        fail("a simulated page in no known encoding")
        return ""
    if want is None:
        return found[0]
    return min(found, key=lambda t: sum((want - Counter(t)).values()))


def cmd_simulate(docconv, samples, simulator):
    models = sorted(os.path.join(samples, f) for f in os.listdir(samples) if f.endswith(".json"))
    sys.path.insert(0, os.path.dirname(os.path.abspath(simulator)))
    import simulate_page
    count, seed = 40, 11
    with tempfile.TemporaryDirectory() as tmp:
        plain, pages = os.path.join(tmp, "plain"), os.path.join(tmp, "pages")
        subprocess.run([sys.executable, simulator, "--batch", plain, str(count), str(seed),
                        *models], check=True)
        subprocess.run([sys.executable, simulator, "--batch", pages, str(count), str(seed),
                        "--pages", "0.6", "--columns", "0.5", *models], check=True)
        books = columns = 0
        found = [0, 0, 0]
        single = {f[:4]: f for f in os.listdir(plain) if f.endswith(".txt")}
        for f in sorted(os.listdir(pages)):
            if not f.endswith(".txt"):
                continue
            path = os.path.join(pages, f)
            model = json.load(open(path[:-4] + ".expected.json", encoding="utf-8"))
            if "+" not in f:
                if open(path, "rb").read() != open(os.path.join(plain, single[f[:4]]), "rb").read():
                    fail("%s differs from the page a run without --pages makes" % f)
                continue
            books += 1
            arts = articles(model)
            langs = {a["meta"]["lang"] for a in arts}
            if not 2 <= len(arts) <= 4 or len(langs) != 1:
                fail("%s: %d articles in %r" % (f, len(arts), langs))
            text = decode(open(path, "rb").read(), chars(model))
            have = Counter(c for c in re.sub(r"\s+", "", text) if c not in structure.MARKERS)
            # The page has every character of its model (and may have wrap
            # hyphens the model has not).
            if chars(model) - have:
                fail("%s lacks %r" % (f, dict(chars(model) - have)))
            n = int(f[:4])
            name = f[5:-4]
            sequential, _ = simulate_page.simulate(model, seed + n, name, False)
            if sequential != text:
                if Counter(re.sub(r"\s+", "", sequential)) != Counter(re.sub(r"\s+", "", text)):
                    fail("%s: the column order changed the characters" % f)
                columns += 1
            m = model_of(docconv, path)
            _, _, _, matched, ne, na = structure.boundaries(model, m)
            found = [found[0] + matched, found[1] + ne, found[2] + na]
        if books == 0 or columns == 0:
            fail("%d pages of several articles, %d in column order" % (books, columns))
    r, p = found[0] / found[1], found[0] / found[2] if found[2] else 0.0
    print("%d pages of several articles, %d in column order; the reader finds %d of %d "
          "boundaries, makes %d: P %.3f R %.3f F1 %.3f" % (
              books, columns, found[0], found[1], found[2], p, r,
              2 * r * p / (r + p) if r + p else 0.0))
    print("ok")
    return 0


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    mode, docconv, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if mode == "split":
        cmd_split(docconv, *args)
    elif mode == "one-article":
        cmd_one_article(docconv, *args)
    elif mode == "batch":
        cmd_batch(docconv, *args)
    elif mode == "writers":
        return cmd_writers(docconv, *args)
    elif mode == "simulate":
        return cmd_simulate(docconv, *args)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
