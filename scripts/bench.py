#!/usr/bin/env python3
"""docconv against pandoc and calibre; see scripts/bench.sh.

    bench.py DOCCONV ROOT WORKDIR

Makes a corpus of 1,000 varied articles from samples/ and ../shared/corpus
in WORKDIR (a temporary folder, never committed), measures whole processes (wall time, and the
peak resident memory the kernel reports for the child), takes the median of
several runs, prints the table and writes it to ROOT/BENCHMARKS.md.
"""
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import structure as scoring  # noqa: E402  (bench.py has a structure())

SEED_NAME = "000_782b0908029b5c31.txt"
N_ARTICLES = 1000
N_SMALL = 250          # the smaller batch, to see that memory stays flat
QUICK = os.environ.get("BENCH_QUICK") == "1"
RUNS_SINGLE = 10 if QUICK else 50     # docconv on one article
RUNS_PANDOC = 3 if QUICK else 10
RUNS_CALIBRE = 1 if QUICK else 3
RUNS_BATCH = 1 if QUICK else 3
SLOW_RUN = 10.0        # seconds: a run this long is not repeated
GNU_TIME = "/usr/bin/time"


def run(cmd, env=None):
    """Wall seconds and CPU seconds (user + system) of one run of cmd, or
    None if it fails. posix_spawn (vfork and exec) adds the least of this
    process to what is measured."""
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        start = time.perf_counter()
        pid = os.posix_spawnp(cmd[0], cmd, env if env is not None
                              else os.environ,
                              file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                            (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.close(devnull)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    return wall, usage.ru_utime + usage.ru_stime


def peak_rss(cmd, env=None):
    """Peak resident KiB of one run of cmd, from GNU time (a fork of this
    Python process would report Python's own size); None without it."""
    if not os.path.exists(GNU_TIME):
        return None
    with tempfile.NamedTemporaryFile("r") as f:
        r = subprocess.run([GNU_TIME, "-f", "%M", "-o", f.name] + cmd,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=env)
        text = f.read().strip().splitlines()
    return int(text[-1]) if r.returncode == 0 and text else None


def measure(cmd, runs, env=None, before=None):
    """Median wall seconds and median CPU seconds over `runs` runs (fewer
    when one is slow), and the peak RSS of one more run; None when the
    command fails."""
    walls, cpus = [], []
    for i in range(runs):
        if before:
            before()
        r = run(cmd, env=env)
        if r is None:
            return None
        walls.append(r[0])
        cpus.append(r[1])
        if r[0] > SLOW_RUN:
            break
    if before:
        before()
    return (statistics.median(walls), peak_rss(cmd, env),
            statistics.median(cpus), min(walls))


# --- the corpus -------------------------------------------------------

def decode(raw):
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return raw.decode("utf-16")
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    return None


def load_articles(dirs):
    out = []
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if f.endswith(".txt"):
                text = decode(open(os.path.join(d, f), "rb").read())
                if text:
                    out.append(text.replace("\r\n", "\n"))
    return out


def vary(text, rng, others):
    """A new article from `text`: its first lines (the title block) kept
    with a number added, the body's paragraphs shuffled a little, numbers
    changed, and now and then a paragraph from another article."""
    blocks = text.split("\n\n")
    head, body = blocks[:1], blocks[1:]
    for i in range(len(body) - 1):
        if rng.random() < 0.3:
            j = rng.randrange(len(body))
            body[i], body[j] = body[j], body[i]
    if body and rng.random() < 0.3:
        other = rng.choice(others).split("\n\n")
        if len(other) > 1:
            body.insert(rng.randrange(len(body) + 1),
                        rng.choice(other[1:]))
    if len(body) > 3 and rng.random() < 0.3:
        del body[rng.randrange(1, len(body))]
    out = "\n\n".join(head + body)
    out = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randrange(1, 9))
                 if rng.random() < 0.3 else m.group(), out)
    first, _, rest = out.partition("\n")
    return "%s %d\n%s" % (first, rng.randrange(1, 10 ** 6), rest)


def make_corpus(work, dirs):
    articles = load_articles(dirs)
    if not articles:
        sys.exit("bench: no articles in %s" % " or ".join(dirs))
    rng = random.Random(20240601)
    texts = [vary(articles[i % len(articles)], rng, articles)
             for i in range(N_ARTICLES)]
    folder = os.path.join(work, "corpus")
    shutil.rmtree(folder, ignore_errors=True)
    for i, t in enumerate(texts):
        d = os.path.join(folder, "desk%02d" % (i % 20))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "story%04d.txt" % i), "w") as f:
            f.write(t)
    for n in (N_ARTICLES, N_SMALL):
        with zipfile.ZipFile(os.path.join(work, "corpus%d.zip" % n), "w",
                             zipfile.ZIP_DEFLATED) as z:
            for i, t in enumerate(texts[:n]):
                z.writestr("desk%02d/story%04d.txt" % (i % 20, i),
                           t.encode("utf-8"))
    return len(set(texts))


# --- the machine --------------------------------------------------------

# What build/docconv links (CMakeLists.txt): each library and its flag.
LIB_FLOOR_LIBS = (("libzip", "-lzip"), ("libxml2", "-lxml2"),
                  ("libuchardet", "-luchardet"), ("zlib", "-lz"))


def library_floor(work):
    """Times an empty program linked with docconv's libraries: what any
    conversion pays to start before doing anything. None without cc."""
    exe = os.path.join(work, "empty-linked")
    cmd = ["cc", "-O2", "-x", "c", "-", "-o", exe, "-Wl,--no-as-needed"]
    cmd += [flag for _, flag in LIB_FLOOR_LIBS]
    try:
        subprocess.run(cmd, input=b"int main(void) { return 0; }\n",
                       check=True, stderr=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError):
        return None
    return measure([exe], RUNS_SINGLE)


def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) // 1024
    except OSError:
        pass
    load = open("/proc/loadavg").read().split()[:3]
    return cpu, os.cpu_count(), mem, " ".join(load)


def instructions(cmd, env=None):
    """Instructions one run of cmd executes, dynamic linking included, as
    callgrind counts them (the same on a busy machine); None without
    valgrind."""
    if not shutil.which("valgrind"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run(["valgrind", "--tool=callgrind",
                            "--callgrind-out-file=" + os.path.join(tmp, "cg")]
                           + cmd, capture_output=True, text=True, env=env)
    m = re.search(r"Collected : (\d+)", r.stderr)
    return int(m.group(1)) if r.returncode == 0 and m else None


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True,
                             timeout=120).stdout
        return out.strip().splitlines()[0] if out.strip() else None
    except (OSError, subprocess.TimeoutExpired):
        return None


# --- the table ------------------------------------------------------------

def ms(t):
    return "%.1f ms" % (t * 1000) if t < 10 else "%.2f s" % t


def mib(kib):
    return "%.1f MiB" % (kib / 1024) if kib else "? MiB"


def ratio(theirs, ours):
    """Wall-time ratio, and the CPU-time one after it."""
    if not theirs or not ours:
        return "—"
    return "%.0f× (CPU %.0f×)" % (theirs[0] / ours[0], theirs[2] / ours[2])


def as_decoded(docconv, src):
    """The text of `src` in the encoding docconv detects (Big5 bytes also
    decode as GB18030, so trying codecs in turn would garble them)."""
    model = json.loads(subprocess.run([docconv, "--to", "json", src],
                                      capture_output=True).stdout)
    return scoring.decoded(src, scoring.encoding_of(model))


# The families docconv's PDF body and headlines take by default, in the
# man page's order (doc/docconv.1), for calibre to be given the same.
BODY_FAMILIES = ("Noto Serif CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei")
HEADLINE_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Zen Hei")
# What calibre chooses for Chinese on its own here, for docconv to be
# given the same.
CALIBRE_FAMILY = "WenQuanYi Zen Hei"


def installed(family):
    r = subprocess.run(["fc-list", family, "family"], capture_output=True,
                       text=True)
    return r.returncode == 0 and r.stdout.strip() != ""


def pdf_fonts(pdf):
    """The fonts pdffonts lists: name without the subset tag, and type."""
    r = subprocess.run(["pdffonts", pdf], capture_output=True, text=True)
    return ["%s (%s)" % (line.split()[0].split("+")[-1],
                         " ".join(line.split()[1:-6]))
            for line in r.stdout.splitlines()[2:] if line.strip()]


def same_fonts(docconv, seed, o, env, cal_env, have_calibre):
    """The seed's PDF by each tool with the other's fonts: calibre given
    docconv's default families, docconv given calibre's own choice."""
    result = {}
    body = next((f for f in BODY_FAMILIES if installed(f)), None)
    head = next((f for f in HEADLINE_FAMILIES if installed(f)), None)
    r = subprocess.run([docconv, "--to", "pdf", "-f", seed, "-o",
                        o("seed.calibre-fonts.pdf"), "--font", CALIBRE_FAMILY,
                        "--heading-font", CALIBRE_FAMILY, "--caption-font",
                        CALIBRE_FAMILY], capture_output=True, env=env)
    if r.returncode == 0:
        result["docconv, calibre's fonts"] = o("seed.calibre-fonts.pdf")
    if have_calibre and body and head:
        r = subprocess.run(["ebook-convert", seed, o("seed.calibre-same.pdf"),
                            "--pdf-serif-family", body, "--pdf-sans-family",
                            head, "--pdf-standard-font", "serif"],
                           capture_output=True, env=cal_env)
        if r.returncode == 0:
            result["calibre, docconv's fonts"] = o("seed.calibre-same.pdf")
    result["docconv"] = o("seed.pdf")
    if have_calibre:
        result["calibre"] = o("seed.calibre.pdf")
    return {k: (os.path.getsize(v), pdf_fonts(v)) for k, v in result.items()
            if os.path.exists(v)}


def structure(docconv, root, shared, work, env, cal_env, have_pandoc,
              have_calibre):
    """structscore F1 of each tool's EPUB against the expected models."""
    score = os.path.join(shared, "tools", "structscore.py")
    if not os.path.exists(score):
        return None
    pairs = []
    for f in sorted(os.listdir(os.path.join(root, "samples"))):
        if f.endswith(".txt"):
            exp = os.path.join(root, "samples", f[:-4] + ".json")
            if os.path.exists(exp):
                pairs.append((os.path.join(root, "samples", f), exp))
    seed = os.path.join(shared, "seeds", SEED_NAME)
    if os.path.exists(seed):
        pairs.append((seed, seed[:-4] + ".expected.json"))
    qdir = os.path.join(work, "quality")
    os.makedirs(qdir, exist_ok=True)
    tools = {"docconv": lambda src, dst: [docconv, "--to", "epub", "-f",
                                          src, "-o", dst]}
    if have_pandoc:
        tools["pandoc"] = lambda src, dst: ["pandoc", "-f", "markdown", "-t",
                                            "epub3", src, "-o", dst]
    if have_calibre:
        tools["calibre"] = lambda src, dst: ["ebook-convert", src, dst]
    result = {"n": len(pairs)}
    for tool, cmd in tools.items():
        f1s = []
        for src, exp in pairs:
            # The peers read UTF-8 only: give them the text as docconv
            # decodes it, which favours them.
            text = os.path.join(qdir, os.path.basename(src))
            if tool != "docconv":
                with open(text, "w", encoding="utf-8") as t:
                    t.write(as_decoded(docconv, src))
                src = text
            dst = os.path.join(qdir, "%s-%s.epub" % (
                tool, os.path.basename(src)[:-4]))
            r = subprocess.run(cmd(src, dst), capture_output=True,
                               env=cal_env if tool == "calibre" else env)
            f1 = 0.0
            if r.returncode == 0 and os.path.exists(dst):
                out = subprocess.run([sys.executable, score, exp, dst],
                                     capture_output=True, text=True).stdout
                m = re.search(r"f1=([0-9.]+)", out)
                f1 = float(m.group(1)) if m else 0.0
            f1s.append(f1)
        result[tool] = f1s
    return result


def calibre_render(docconv, seed, root, out, env, cal_env):
    """docconv's EPUB of the seed laid out by calibre's engine (Qt
    WebEngine, ebook-convert EPUB -> PDF): its page count, whether every
    character of the model is in the PDF's text, and the first pages as
    PNG files in build-release/calibre-pages/ to look at."""
    book = os.path.join(out, "seed.render.epub")
    pdf = os.path.join(out, "seed.render.pdf")
    model = subprocess.run([docconv, "--to", "json", seed], capture_output=True,
                           env=env)
    if subprocess.run([docconv, "--to", "epub", "-f", seed, "-o", book],
                      capture_output=True, env=env).returncode != 0 or \
            model.returncode != 0 or \
            subprocess.run(["ebook-convert", book, pdf], capture_output=True,
                           env=cal_env).returncode != 0:
        return None
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1)) \
        if info.returncode == 0 else 0
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"],
                          capture_output=True, text=True).stdout
    want = Counter()
    for b in json.loads(model.stdout.decode("utf-8"))["blocks"]:
        for k in ("text", "caption", "credit"):
            want.update(re.sub(r"\s+", "", b.get(k) or ""))
    missing = sum((want - Counter(re.sub(r"\s+", "", text))).values())
    shots = os.path.join(root, "build-release", "calibre-pages")
    shutil.rmtree(shots, True)
    os.makedirs(shots)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", pdf,
                    os.path.join(shots, "seed")], capture_output=True)
    return {"pages": pages, "chars": sum(want.values()), "missing": missing}


def main():
    docconv, root, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    out = os.path.join(work, "out")
    shared = os.path.join(root, "..", "shared")
    seed = os.path.join(shared, "seeds", SEED_NAME)
    if not os.path.exists(seed):
        seed = sorted(os.path.join(root, "samples", f)
                      for f in os.listdir(os.path.join(root, "samples"))
                      if f.endswith(".txt"))[0]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    cal_env = dict(env, QT_QPA_PLATFORM="offscreen")
    if os.geteuid() == 0:
        cal_env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox"

    distinct = make_corpus(work, [os.path.join(root, "samples"),
                                  os.path.join(shared, "corpus")])
    cpu, cores, mem, load = machine()
    floor = measure(["true"], RUNS_SINGLE)
    lib_floor = library_floor(work)
    print("bench: %s, %d cores, %d MiB; load %s; %d distinct articles"
          % (cpu, cores, mem, load, distinct), flush=True)

    have_pandoc = shutil.which("pandoc") is not None
    have_calibre = shutil.which("ebook-convert") is not None
    os.makedirs(out, exist_ok=True)
    o = lambda name: os.path.join(out, name)

    # One article, whole processes.
    single = {}
    single["epub"] = measure([docconv, "--to", "epub", "-f", seed, "-o",
                              o("seed.epub")], RUNS_SINGLE, env)
    single["pdf"] = measure([docconv, "--to", "pdf", "-f", seed, "-o",
                             o("seed.pdf")], RUNS_SINGLE, env)
    counts = {fmt: instructions([docconv, "--to", fmt, "-f", seed, "-o",
                                 o("seed.cg." + fmt)], env)
              for fmt in ("epub", "pdf")}
    print("bench: one article done", flush=True)
    pandoc = calibre_epub = calibre_pdf = None
    if have_pandoc:
        pandoc = measure(["pandoc", "-f", "markdown", "-t", "epub3", seed,
                          "-o", o("seed.pandoc.epub")], RUNS_PANDOC, env)
    if have_calibre:
        calibre_epub = measure(["ebook-convert", seed,
                                o("seed.calibre.epub")], RUNS_CALIBRE,
                               cal_env)
        calibre_pdf = measure(["ebook-convert", seed, o("seed.calibre.pdf")],
                              RUNS_CALIBRE, cal_env)
    render = calibre_render(docconv, seed, root, out, env, cal_env) \
        if have_calibre else None
    fonts = same_fonts(docconv, seed, o, env, cal_env, have_calibre)
    print("bench: peers done", flush=True)

    # Batches: the zip of 1,000 into a folder, -j1 and -j2.
    batch = []
    for fmt in ("epub", "pdf"):
        for jobs in (1, 2):
            for n in ((N_ARTICLES, N_SMALL) if jobs == 2 else (N_ARTICLES,)):
                dest = o("batch-%s-%d-%d" % (fmt, jobs, n))
                clean = lambda dest=dest: shutil.rmtree(dest, True)
                r = measure([docconv, "--to", fmt, "-q", "-j", str(jobs),
                             os.path.join(work, "corpus%d.zip" % n), "-o",
                             dest + "/"], RUNS_BATCH, env, before=clean)
                batch.append((fmt, jobs, n, r))
                print("bench: batch %s -j%d %d done" % (fmt, jobs, n),
                      flush=True)
    combine = []
    for fmt in ("epub", "pdf"):
        r = measure([docconv, "--to", fmt, "-q", "-j2", "--combine", "-f",
                     os.path.join(work, "corpus%d.zip" % N_ARTICLES), "-o",
                     o("book." + fmt)], RUNS_BATCH, env)
        combine.append((fmt, r))
    print("bench: combine done", flush=True)

    quality = structure(docconv, root, shared, work, env, cal_env,
                        have_pandoc, have_calibre)
    print("bench: structure done", flush=True)

    sizes = {}
    for name in ("seed.pdf", "seed.calibre.pdf", "seed.epub",
                 "seed.pandoc.epub", "seed.calibre.epub"):
        if os.path.exists(o(name)):
            sizes[name] = os.path.getsize(o(name))

    v_docconv = version([docconv, "--version"])
    v_pandoc = version(["pandoc", "--version"]) if have_pandoc else None
    v_calibre = version(["ebook-convert", "--version"]) if have_calibre \
        else None

    lines = []
    add = lines.append
    add("# Benchmarks")
    add("")
    add("docconv side by side with pandoc and calibre, measured by "
        "`make bench` (scripts/bench.sh, scripts/bench.py): whole "
        "processes, the median wall time of several runs (and their "
        "median CPU time, user + system, which the load of a shared "
        "machine disturbs less), and the peak resident memory of one more "
        "(GNU time). Numbers "
        "depend on the machine; the ratios are what the bench is for.")
    add("")
    add("- Machine: %s, %d cores, %d MiB RAM, %s; load average %s when "
        "the run started (a shared machine: other work ran beside it)."
        % (cpu, cores, mem, platform.platform(terse=True), load))
    if floor:
        add("- Starting and reaping `true` the same way takes %s (median; "
            "best %s): the floor under every whole-process time below."
            % (ms(floor[0]), ms(floor[3])))
    if lib_floor:
        add("- An empty program linked with the libraries docconv starts "
            "with (%s) takes %s (median; best %s): the floor under one "
            "EPUB, mostly loading and binding libcrypto (through libzip) "
            "and ICU (through libxml2)."
            % (", ".join(name for name, _ in LIB_FLOOR_LIBS), ms(lib_floor[0]),
               ms(lib_floor[3])))
    add("- Date: %s" % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    add("- Versions: %s; %s; %s" % (
        v_docconv or "docconv ?",
        v_pandoc or "pandoc not installed (skipped)",
        v_calibre or "calibre not installed (skipped)"))
    add("- Input: the seed article `%s` (%d bytes) for one article; for "
        "batches, %d articles varied from samples/ and ../shared/corpus "
        "(%d distinct), zipped." % (os.path.basename(seed),
                                     os.path.getsize(seed), N_ARTICLES,
                                     distinct))
    add("- Reproduce: `make bench` (as root it installs pandoc and "
        "calibre if missing).")
    add("")
    add("## One article, whole process")
    add("")
    add("| conversion | docconv | pandoc | calibre | docconv vs pandoc "
        "| docconv vs calibre |")
    add("|---|---|---|---|---|---|")

    def cell(r):
        return "%s (best %s; CPU %s), %s" % (ms(r[0]), ms(r[3]), ms(r[2]),
                                             mib(r[1])) if r else "—"
    add("| to EPUB (runs: %d / %d / %d) | %s | %s | %s | %s faster | %s "
        "faster |" % (RUNS_SINGLE, RUNS_PANDOC, RUNS_CALIBRE,
                      cell(single["epub"]), cell(pandoc),
                      cell(calibre_epub), ratio(pandoc, single["epub"]),
                      ratio(calibre_epub, single["epub"])))
    add("| to PDF | %s | — | %s | — | %s faster |" % (
        cell(single["pdf"]), cell(calibre_pdf),
        ratio(calibre_pdf, single["pdf"])))
    add("")
    if any(counts.values()):
        add("Instructions of one docconv run (callgrind, dynamic linking "
            "included; steady however busy the machine): " + ", ".join(
                "%s %s" % (fmt.upper(), format(n, ","))
                for fmt, n in counts.items() if n) + ".")
        add("")
    if sizes:
        add("Output sizes: " + ", ".join(
            "%s %s B" % (k, format(v, ",")) for k, v in sizes.items()) + ".")
        add("")
    if fonts:
        add("The seed's PDF with the same fonts: docconv with its defaults "
            "against calibre given the same families (--pdf-serif-family, "
            "--pdf-sans-family), and calibre with its own choice against "
            "docconv given that (--font, --heading-font, --caption-font).")
        add("")
        add("| PDF | bytes | fonts (pdffonts) |")
        add("|---|---|---|")
        for name in ("docconv", "calibre, docconv's fonts", "calibre",
                     "docconv, calibre's fonts"):
            if name in fonts:
                size, names = fonts[name]
                add("| %s | %s | %s |" % (name, format(size, ","),
                                          ", ".join(sorted(set(names)))
                                          if len(set(names)) <= 6 else
                                          "%d fonts: %s" % (
                                              len(names),
                                              ", ".join(sorted(set(names))))))
        add("")
    if render:
        add("## docconv's EPUB in calibre's engine")
        add("")
        add("The seed's EPUB converted by calibre's ebook-convert to PDF "
            "(calibre lays it out with Qt WebEngine, as its viewer does): "
            "%d pages, the cover first; %s of the model's %s characters "
            "missing from the PDF's text. The first pages are in "
            "build-release/calibre-pages/ after a run." % (
                render["pages"], format(render["missing"], ","),
                format(render["chars"], ",")))
        add("")
    if quality:
        add("## Structure found")
        add("")
        add("Each tool's EPUB of every sample with an expected model (and "
            "the seed), scored by ../shared/tools/structscore.py: blocks "
            "recovered (title, byline, figure with caption and credit, "
            "heading, paragraph...) as F1 against the expected model, "
            "mean over %d articles. pandoc reads the text as Markdown, "
            "calibre as plain text, both given UTF-8. The samples' models "
            "were written for this project and docconv's tests hold it to "
            "them, so read its column as \"what the others miss\" more "
            "than as a blind score." % quality["n"])
        add("")
        add("| tool | mean F1 | articles scored 1.000 |")
        add("|---|---|---|")
        for tool in ("docconv", "pandoc", "calibre"):
            if tool in quality:
                f1s = quality[tool]
                add("| %s | %.3f | %d of %d |" % (
                    tool, sum(f1s) / len(f1s),
                    sum(1 for f in f1s if f >= 0.9995), len(f1s)))
            else:
                add("| %s | not installed (skipped) | — |" % tool)
        add("")
    add("## Batches (docconv; zip in, one file per article out)")
    add("")
    add("| format | -j | articles | wall | CPU | articles/s | peak RSS |")
    add("|---|---|---|---|---|---|---|")
    for fmt, jobs, n, r in batch:
        if r:
            add("| %s | %d | %d | %s | %s | %.0f | %s |" % (
                fmt, jobs, n, ms(r[0]), ms(r[2]), n / r[0], mib(r[1])))
        else:
            add("| %s | %d | %d | failed | — | — | — |" % (fmt, jobs, n))
    for fmt, r in combine:
        if r:
            add("| %s, --combine into one book | 2 | %d | %s | %s | %.0f "
                "| %s |" % (fmt, N_ARTICLES, ms(r[0]), ms(r[2]),
                            N_ARTICLES / r[0], mib(r[1])))
        else:
            add("| %s, --combine | 2 | %d | failed | — | — | — |"
                % (fmt, N_ARTICLES))
    add("")
    add("Peak memory of the %d-article runs against the %d-article ones "
        "shows whether a batch streams (flat) or holds its outputs "
        "(growing)." % (N_ARTICLES, N_SMALL))
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(root, "BENCHMARKS.md"), "w") as f:
        f.write(text)
    failed = [x for x in batch if not x[3]] + [x for x in combine if not x[1]]
    if not single["epub"] or not single["pdf"] or failed:
        sys.exit("bench: some docconv runs failed")


if __name__ == "__main__":
    main()
