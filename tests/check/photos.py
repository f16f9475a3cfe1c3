#!/usr/bin/env python3
"""Photos at their captions (conv/pipeline/photos.h), checked on a sample
article with photos made here (tests/check/pictures.py): JPEG and PNG of
different sizes and shapes, a GIF and a WebP.

  photos.py model DOCCONV SAMPLE    --to json names each photo at its
                                    caption, in order; --explain says so;
                                    --from json honours a photo set by
                                    hand; more photos than captions follow
                                    the last figure
  photos.py epub DOCCONV SAMPLE     every photo a manifest item of its
                                    type, <img> in its figure with the
                                    caption as alt, EPUBCheck 0/0, the
                                    same bytes twice; the cover shows the
                                    first photo; --no-cover makes it the
                                    cover-image; --combine keeps every
                                    article's photos apart
  photos.py pdf DOCCONV SAMPLE      one image per figure (pdfimages), a
                                    JPEG's bytes as they came when not
                                    scaled, a large one down to about
                                    200 dpi, qpdf clean, the same bytes
                                    twice, each photo drawn (pages
                                    rendered: its colour where it is)
  photos.py seed DOCCONV SEED       without photos: at most 3 A4 pages and
                                    no frame; with --photo-frames a frame
                                    for each caption
  photos.py batch DOCCONV SAMPLE    a zip and a folder of articles with
                                    their photos, and --images DIR

Exit 0 pass, 1 fail, 77 skip (a tool or ../shared missing).
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pictures  # noqa: E402

SKIP = 77
EPUBCHECK_JAR = "/usr/share/java/epubcheck.jar"
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
problems = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        problems.append(what)


def run(docconv, *args, ok=0):
    r = subprocess.run([docconv, *args], capture_output=True, env=ENV)
    if r.returncode != ok:
        sys.stderr.write(r.stderr.decode("utf-8", "replace"))
        raise SystemExit("FAIL: %s exits %d, not %d" % (" ".join(args), r.returncode, ok))
    return r


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


# The photos of the sample, one per caption but the last: a large
# landscape JPEG (scaled down in the PDF), a portrait PNG with
# transparency, a GIF, a WebP, a small progressive JPEG.
PHOTOS = [
    ("story-1.jpg", lambda: pictures.jpeg(3000, 2000)),
    ("story-2.png", lambda: pictures.png(400, 600, alpha=True)),
    ("story_3.gif", lambda: pictures.gif(320, 200)),
    ("story 4.webp", lambda: pictures.webp(300, 200)),
    ("story/z.jpg", lambda: pictures.jpeg(500, 300, (30, 30, 220), progressive=True)),
]
TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
         ".webp": "image/webp"}


def make_article(tmp, sample, photos=PHOTOS, name="story"):
    src = os.path.join(tmp, name + ".txt")
    shutil.copyfile(sample, src)
    for rel, make in photos:
        rel = rel.replace("story", name, 1)
        os.makedirs(os.path.dirname(os.path.join(tmp, rel)), exist_ok=True)
        write(os.path.join(tmp, rel), make())
    return src


def model(docconv, *args):
    return json.loads(run(docconv, "--to", "json", *args).stdout)


def figures(m):
    return [b for a in m.get("articles", [m]) for b in a["blocks"]
            if b["type"] == "figure"]


# --- model ---------------------------------------------------------------

def cmd_model(docconv, sample):
    with tempfile.TemporaryDirectory() as tmp:
        src = make_article(tmp, sample)
        base = model(docconv, sample)   # no photos beside the sample itself
        figs = figures(model(docconv, src))
        n = len(figures(base))
        check(n >= len(PHOTOS), "the sample has %d captions for %d photos" % (n, len(PHOTOS)))
        want = ["story-1.jpg", "story-2.png", "story_3.gif", "story 4.webp", "story/z.jpg"]
        got = [f.get("image") for f in figs]
        check(got[:len(want)] == want and all(g is None for g in got[len(want):]),
              "photos at the captions in order: %r" % got)
        check([f["caption"] for f in figs] == [f["caption"] for f in figures(base)],
              "the captions unchanged")
        explain = run(docconv, "--explain", src).stdout.decode()
        for i, w in enumerate(want):
            check(re.search(r"photo %s -> figure %d \(line \d+\)" % (re.escape(w), i + 1),
                            explain) is not None, "--explain: %s went to figure %d" % (w, i + 1))
        # --from json: a photo set by hand, another taken away.
        m = model(docconv, src)
        blocks = m["blocks"]
        fig = [b for b in blocks if b["type"] == "figure"]
        fig[0]["image"], fig[-1]["image"] = "story_3.gif", "story-1.jpg"
        del fig[1]["image"]
        hand = write(os.path.join(tmp, "hand.json"), json.dumps(m).encode())
        got = [f.get("image") for f in figures(model(docconv, "--from", "json", hand))]
        check(got[0] == "story_3.gif" and got[1] is None and got[-1] == "story-1.jpg",
              "--from json honours photos set by hand: %r" % got)
        # Fewer photos than captions: the rest stay text, and say so.
        few = os.path.join(tmp, "few")
        os.makedirs(few)
        fsrc = make_article(few, sample, PHOTOS[:2])
        got = [f.get("image") for f in figures(model(docconv, fsrc))]
        check(got[:2] == want[:2] and not any(got[2:]), "2 photos for %d captions" % n)
        explain = run(docconv, "--explain", fsrc).stdout.decode()
        check(re.search(r"figure 3 \(line \d+\): no photo: fewer photos than captions",
                        explain) is not None, "--explain: the captions left without a photo")
        # A picture named exactly like another article beside is that one's.
        two = os.path.join(tmp, "two")
        os.makedirs(two)
        a = make_article(two, sample, [("story-1.jpg", PHOTOS[4][1]),
                                       ("story-2.png", PHOTOS[1][1])])
        b = make_article(two, sample, [], name="story-1")
        got = ([f.get("image") for f in figures(model(docconv, a))][:2],
               [f.get("image") for f in figures(model(docconv, b))][:1])
        check(got == (["story-2.png", None], ["story-1.jpg"]),
              "story-1.jpg goes to story-1.txt, not to story.txt: %r" % (got,))
        # More photos than captions: numbered ones first, then the folder's;
        # those past the captions follow the last caption, uncaptioned.
        for k in range(6, 6 + n):
            write(os.path.join(tmp, "story-%d.png" % k), pictures.png(60, 40))
        blocks = model(docconv, src)["blocks"]
        kinds = [(b["type"], b.get("caption"), b.get("image")) for b in blocks]
        last = max(i for i, k in enumerate(kinds) if k[0] == "figure" and k[1])
        extra = kinds[last + 1:]
        order = want[:4] + ["story-%d.png" % k for k in range(6, 6 + n)] + ["story/z.jpg"]
        check([k[2] for k in kinds if k[0] == "figure"] == order,
              "every photo in order: %r" % [k[2] for k in kinds if k[0] == "figure"])
        check(extra == [("figure", "", x) for x in order[n:]],
              "photos past the captions follow the last caption, as figures "
              "with an empty caption")


# --- EPUB -----------------------------------------------------------------

def epubcheck(path):
    if not os.path.exists(EPUBCHECK_JAR) or not shutil.which("java"):
        return None
    r = subprocess.run(["java", "-jar", EPUBCHECK_JAR, path], capture_output=True)
    return r.returncode == 0 and b"0 fatals / 0 errors / 0 warnings" in r.stdout + r.stderr


def opf_items(z):
    """(id, href, media type, properties) of each item but the JPEG
    fallbacks of WebP photos; and the package document."""
    opf = z.read("OEBPS/content.opf").decode()
    items = re.findall(r'<item id="([^"]+)" href="([^"]+)" media-type="([^"]+)"'
                       r'(?: fallback="[^"]+")?(?: properties="([^"]+)")?', opf)
    return [i for i in items if not i[0].endswith("-jpeg")], opf


def cmd_epub(docconv, sample):
    with tempfile.TemporaryDirectory() as tmp:
        src = make_article(tmp, sample)
        figs = figures(model(docconv, src))
        out = os.path.join(tmp, "a.epub")
        run(docconv, "--to", "epub", src, "-o", out)
        z = zipfile.ZipFile(out)
        items, opf = opf_items(z)
        photos = [i for i in items if i[1].startswith("photos/")]
        check(len(photos) == len(PHOTOS), "every photo in the manifest: %r" % photos)
        check(re.search(r'<item id="(photo-a001-04)" href="photos/a001-04.webp" '
                        r'media-type="image/webp" fallback="\1-jpeg"/>', opf) is not None and
              'href="photos/a001-04.webp.jpg" media-type="image/jpeg"' in opf,
              "the WebP has a JPEG fallback (not a core type before EPUB 3.3)")
        for (_, href, mt, _), (name, _) in zip(photos, PHOTOS):
            ext = os.path.splitext(name)[1]
            check(mt == TYPES[ext] and href.endswith(ext),
                  "%s a manifest item of its type (%s)" % (name, mt))
            check(z.read("OEBPS/" + href) == read(os.path.join(tmp, name)),
                  "%s in the book as it came" % name)
            check(z.getinfo("OEBPS/" + href).compress_type == zipfile.ZIP_STORED,
                  "%s stored, not deflated again" % name)
        xhtml = z.read("OEBPS/article-001.xhtml").decode()
        imgs = re.findall(r'<img src="([^"]+)" alt="([^"]*)"/>', xhtml)
        check([i[0] for i in imgs] == [p[1] for p in photos], "<img> in order: %r" % imgs)
        for (href, alt), f in zip(imgs, figs):
            check(alt == f["caption"], "alt = caption for %s" % href)
        check(all(re.search(r'<figure class="photo"><img src="%s"' % re.escape(h), xhtml)
                  for h, _ in imgs), "each <img> inside its figure")
        svg = z.read("OEBPS/cover.svg").decode()
        check('xlink:href="%s"' % photos[0][1] in svg, "the cover shows the first photo")
        check('properties="cover-image"' in opf and
              re.search(r'id="cover-image" href="cover.svg"', opf) is not None,
              "the generated cover stays the cover-image")
        check('accessMode">visual' in opf and "alternativeText" in opf,
              "accessibility metadata: visual content with alternatives")
        ok = epubcheck(out)
        if ok is not None:
            check(ok, "EPUBCheck: 0 errors, 0 warnings")
        again = os.path.join(tmp, "b.epub")
        run(docconv, "--to", "epub", src, "-o", again)
        check(read(out) == read(again), "the same bytes twice")
        # --no-cover: the first photo is the cover-image.
        nc = os.path.join(tmp, "nc.epub")
        run(docconv, "--to", "epub", "--no-cover", src, "-o", nc)
        items, opf = opf_items(zipfile.ZipFile(nc))
        covers = [i for i in items if i[3] == "cover-image"]
        check(len(covers) == 1 and covers[0][1] == photos[0][1] and
              '<meta name="cover" content="%s"/>' % covers[0][0] in opf,
              "--no-cover: the first photo is the cover-image")
        ok = epubcheck(nc)
        if ok is not None:
            check(ok, "EPUBCheck of --no-cover: 0 errors, 0 warnings")
        # --combine: each article's photos under names of their own.
        other = make_article(tmp, sample, PHOTOS[:2], name="other")
        book = os.path.join(tmp, "book.epub")
        run(docconv, "--to", "epub", "--combine", src, other, "-o", book)
        z = zipfile.ZipFile(book)
        names = [n for n in z.namelist() if "/photos/" in n and ".webp." not in n]
        check(len(names) == len(PHOTOS) + 2 and len(set(names)) == len(names),
              "--combine keeps every photo, each under its own name: %r" % names)
        check(z.read("OEBPS/photos/a001-01.jpg") == read(os.path.join(tmp, "story-1.jpg")) and
              z.read("OEBPS/photos/a002-01.jpg") == read(os.path.join(tmp, "other-1.jpg")),
              "--combine: each photo with its own article")
        ok = epubcheck(book)
        if ok is not None:
            check(ok, "EPUBCheck of the combined book: 0 errors, 0 warnings")


# --- PDF -----------------------------------------------------------------

def pdfimages_list(pdf):
    out = subprocess.run(["pdfimages", "-list", pdf], capture_output=True,
                         check=True).stdout.decode().splitlines()[2:]
    rows = []
    for line in out:
        f = line.split()
        rows.append({"page": int(f[0]), "width": int(f[3]), "height": int(f[4]),
                     "enc": f[8], "xppi": int(f[12])})
    return rows


def drawn_colour(pdf, page, colour):
    """Whether page `page`, rendered, has pixels near `colour`."""
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "p")
        subprocess.run(["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page),
                        pdf, base], check=True)
        ppm = [os.path.join(tmp, f) for f in os.listdir(tmp)][0]
        data = read(ppm)
    header_end = 0
    for _ in range(3):
        header_end = data.index(b"\n", header_end) + 1
    px = data[header_end:]
    near = sum(1 for i in range(0, len(px) - 2, 3)
               if all(abs(px[i + k] - colour[k]) < 40 for k in range(3)))
    return near > 20


def cmd_pdf(docconv, sample):
    for tool in ("pdfimages", "qpdf", "pdftoppm"):
        if not shutil.which(tool):
            print("skip: no %s" % tool)
            return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        src = make_article(tmp, sample)
        out = os.path.join(tmp, "a.pdf")
        r = run(docconv, "--to", "pdf", src, "-o", out)
        if b"no usable font" in r.stderr:
            return SKIP
        imgs = pdfimages_list(out)
        check(len(imgs) == len(PHOTOS), "one image per photo: %d" % len(imgs))
        big, png, gif, webp, small = imgs
        check(big["enc"] == "jpeg" and 180 <= big["xppi"] <= 210 and big["width"] < 3000,
              "the 3000-pixel JPEG down to about 200 dpi: %r" % big)
        check(small["enc"] == "jpeg" and small["width"] == 500, "the small JPEG at its size")
        check((png["width"], png["height"]) == (400, 600) and gif["width"] == 320 and
              webp["width"] == 300, "PNG, GIF and WebP at their size")
        with tempfile.TemporaryDirectory() as x:
            subprocess.run(["pdfimages", "-j", "-f", str(small["page"]), "-l",
                            str(small["page"]), out, os.path.join(x, "i")], check=True)
            jpgs = [read(os.path.join(x, f)) for f in sorted(os.listdir(x))
                    if f.endswith(".jpg")]
            check(read(os.path.join(tmp, "story/z.jpg")) in jpgs,
                  "a JPEG not scaled is embedded byte for byte")
        q = subprocess.run(["qpdf", "--check", out], capture_output=True)
        check(q.returncode == 0, "qpdf --check")
        again = os.path.join(tmp, "b.pdf")
        run(docconv, "--to", "pdf", src, "-o", again)
        check(read(out) == read(again), "the same bytes twice")
        # Each photo drawn: its colour where it is (pictures.py colours).
        colours = [(200, 80, 40), (40, 120, 200), (60, 160, 60), (150, 60, 160),
                   (30, 30, 220)]
        for i, (img, colour) in enumerate(zip(imgs, colours)):
            check(drawn_colour(out, img["page"], colour),
                  "%s drawn on page %d" % (PHOTOS[i][0], img["page"]))


def frames(docconv, pdf):
    """Filled and stroked rectangles (the frames) in the page contents."""
    with tempfile.TemporaryDirectory() as tmp:
        qdf = os.path.join(tmp, "q.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf],
                       check=True)
        return len(re.findall(rb" re\nB\n", read(qdf)))


def cmd_seed(docconv, seed):
    if not os.path.exists(seed):
        print("skip: no seed")
        return SKIP
    for tool in ("pdfinfo", "qpdf", "pdfimages"):
        if not shutil.which(tool):
            return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "seed.pdf")
        r = run(docconv, "--to", "pdf", seed, "-o", out)
        if b"no usable font" in r.stderr:
            return SKIP
        info = subprocess.run(["pdfinfo", out], capture_output=True).stdout.decode()
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
        check(pages <= 3, "the seed without photos on %d A4 pages (at most 3)" % pages)
        check(abs(float(size.group(1)) - 595.28) < 1, "A4")
        check(frames(docconv, out) == 0 and not pdfimages_list(out),
              "no frame and no image without photos")
        n = len(figures(model(docconv, seed)))
        framed = os.path.join(tmp, "framed.pdf")
        run(docconv, "--to", "pdf", "--photo-frames", seed, "-o", framed)
        check(frames(docconv, framed) == n, "--photo-frames: a frame for each of %d captions" % n)


# --- batches --------------------------------------------------------------

def cmd_batch(docconv, sample):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in")
        os.makedirs(os.path.join(src, "sub"))
        make_article(src, sample, PHOTOS[:2])
        make_article(os.path.join(src, "sub"), sample, PHOTOS[4:], name="b")
        shutil.copyfile(sample, os.path.join(src, "plain.txt"))
        arc = os.path.join(tmp, "in.zip")
        with zipfile.ZipFile(arc, "w") as z:
            for root, _, files in os.walk(src):
                for f in files:
                    p = os.path.join(root, f)
                    z.write(p, os.path.relpath(p, src))
        for what, inp in (("folder", src), ("zip", arc)):
            out = os.path.join(tmp, what)
            run(docconv, "--to", "json", inp, "-o", out + "/")
            got = {rel: [f.get("image") for f in figures(json.loads(read(os.path.join(out, rel))))]
                   for rel in ("story.json", "plain.json", "sub/b.json")}
            check(got["story.json"][:2] == ["story-1.jpg", "story-2.png"] and
                  got["sub/b.json"][0] == "b/z.jpg" and not any(got["plain.json"]),
                  "%s: each article its own photos: %r" % (what, got))
        # --images DIR mirrors the inputs' folders.
        pics = os.path.join(tmp, "pics")
        os.makedirs(os.path.join(pics, "sub"))
        write(os.path.join(pics, "plain-1.png"), pictures.png(50, 50))
        write(os.path.join(pics, "sub", "b_1.png"), pictures.png(50, 50))
        out = os.path.join(tmp, "images")
        run(docconv, "--to", "json", "--images", pics, arc, "-o", out + "/")
        got = {rel: [f.get("image") for f in figures(json.loads(read(os.path.join(out, rel))))]
               for rel in ("story.json", "plain.json", "sub/b.json")}
        check(got["plain.json"][0] == "plain-1.png" and got["sub/b.json"][0] == "b_1.png"
              and not any(got["story.json"]), "--images DIR mirrors the folders: %r" % got)
        book = os.path.join(tmp, "book.pdf")
        r = run(docconv, "--to", "pdf", "--combine", arc, "-o", book)
        if b"no usable font" not in r.stderr and shutil.which("pdfimages"):
            check(len(pdfimages_list(book)) == 3, "the combined PDF holds all 3 photos")


def main(argv):
    if len(argv) != 4 or argv[1] not in ("model", "epub", "pdf", "seed", "batch"):
        print(__doc__)
        return 2
    if not shutil.which("cjpeg") or not shutil.which("cwebp"):
        print("skip: cjpeg or cwebp missing (scripts/setup.sh installs them)")
        return SKIP
    r = globals()["cmd_" + argv[1]](argv[2], argv[3])
    if r == SKIP:
        return SKIP
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
