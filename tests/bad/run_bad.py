#!/usr/bin/env python3
"""Hostile and broken input, one ctest test per case (bad.NAME).

  run_bad.py list               the case names, one a line (read by CMake)
  run_bad.py run DOCCONV NAME   runs one case: exit 0 pass, 1 fail, 77 skip

Each case makes its input in a fresh temporary folder, runs docconv once and
checks, besides what the case itself checks:
  - the exit code it expects, and a piece of the message;
  - no signal and no sanitizer report (under the ASan build);
  - no partial output: after a failure no output file, and never a
    temporary `.NAME.docconv-XXXXXX` left beside an output;
  - the input unchanged (SHA-256 before and after);
  - the time, where a case bounds it (limits must be hit fast).
A case for a writer that is not in this build (`docconv --to epub` answers
"not available in this build") skips.
"""
import hashlib
import json
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import structure_check  # noqa: E402  (lossless checks, text of EPUB/PDF)

SKIP = 77
OK, PARTIAL, USAGE, INPUT, OUTPUT = 0, 1, 2, 3, 4  # conv/main.c
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|"
                       r"runtime error:")
# conv/core/sink.c temp_name (and the shape earlier versions used)
TEMP_FILE = re.compile(r"^\..+\.(docconv-)?[A-Za-z0-9]{6}$")
# The named limits the cases reach (conv/decode.h, formats/article/article.h,
# conv/doc.h).
MAX_INPUT_BYTES = 64 * 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024
MAX_LINES = 500000
MAX_BLOCKS = 100000
MAX_AUTHORS = 64
MAX_AUTHOR_OPTIONS = 64                       # conv/main.c
MAX_USER_CSS_BYTES = 1024 * 1024              # conv/main.c
MAX_DIAG_ENTRIES = 200                        # conv/diag.h
MAX_JSON_VALUES = 1000000                     # formats/json_parse.h
MAX_LIST_LINE = 4096                          # conv/batch/batch.h
MAX_LIST_LINES = 1000000
# Seconds a case that is about size may take, under the sanitizers too: a
# bound on a hang, not a timing (the quadratic paths these guard against
# took many minutes; tests/check/scaling.py counts the work itself). Under
# AddressSanitizer on a loaded machine of two cores the largest cases take
# over 30 s.
FAST = 180


class Job:
    """What a case runs: docconv's arguments after --to, where its input
    and output are, and how standard output is set up."""

    def __init__(self, args, inputs=(), output=None, stdout=None, keep=(),
                 stdin=None):
        self.args = args
        self.inputs = list(inputs)   # files whose bytes must not change
        self.output = output         # the file a failure must not leave
        self.stdout = stdout         # None (captured), a path, "append:PATH"
        self.keep = list(keep)       # other files that must not change
        self.stdin = stdin           # bytes piped to standard input
        self.reader = None           # a thread draining an output (FIFO)
        self.cleanup = None          # called after the run (unmount)


class Case:
    def __init__(self, name, make, exit, message=None, check=None, to="json",
                 seconds=None):
        self.name, self.make, self.exit, self.message = name, make, exit, message
        self.check, self.to, self.seconds = check, to, seconds


CASES = []


def case(name, exit, message=None, to="json", seconds=None):
    """Registers the decorated function, which makes the input in a folder
    and returns a Job, as a case."""
    def wrap(make):
        CASES.append(Case(name, make, exit, message, getattr(make, "check", None),
                          to, seconds))
        return make
    return wrap


def then(check):
    """Attaches a check(tmp, job, result) -> list of problems to a case."""
    def wrap(make):
        make.check = check
        return make
    return wrap


def write(tmp, name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def out_path(tmp, fmt="json"):
    os.makedirs(os.path.join(tmp, "out"), exist_ok=True)
    return os.path.join(tmp, "out", "result." + fmt)


def convert_file(name, data, fmt="json", options=()):
    """A Job converting `data` (or what calling it returns, for inputs too
    large to build for every case), written as `name`, to out/result.FMT."""
    def make(tmp):
        src = write(tmp, name, data() if callable(data) else data)
        out = out_path(tmp, fmt)
        return Job([src, "-o", out, *options], inputs=[src], output=out)
    return make


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def model(job):
    with open(job.output, encoding="utf-8") as f:
        return json.load(f)


def blocks_of(m):
    """The blocks of a model, or of every article of a page."""
    return [b for a in m.get("articles", [m]) for b in a["blocks"]]


def texts(m):
    return [b.get(k) or "" for b in blocks_of(m) for k in ("text", "caption", "credit")]


# --- checks ---------------------------------------------------------------

def keeps_everything(tmp, job, result):
    """Every non-space character of the input (written here in UTF-8) is in
    the output: the model, or the EPUB's or PDF's text."""
    src, fmt = job.inputs[0], os.path.splitext(job.output)[1][1:]
    if fmt == "json":
        lost = structure_check.lost_chars(model(job), src)
    else:
        lost = structure_check.lost_chars({"meta": {"encoding": "UTF-8"}}, src,
                                          structure_check.file_chars(job.output, fmt))
    return ["lost characters: %r" % dict(lost)] if lost else []


def keeps_strings(*strings):
    """The model's text holds each string exactly (no normalisation)."""
    def check(tmp, job, result):
        joined = "\n".join(texts(model(job)))
        return ["%r is not in the model" % s for s in strings if s not in joined]
    return check


def all_of(*checks):
    def check(tmp, job, result):
        return [p for c in checks for p in c(tmp, job, result)]
    return check


# --- empty and nearly empty -----------------------------------------------

case("empty", INPUT, "no text to convert")(convert_file("empty.txt", b""))
case("whitespace-only", INPUT, "no text to convert")(
    convert_file("blank.txt", " \t\n\n\u3000\u3000\n   \n\u00a0\n"))


def only_figures(tmp, job, result):
    m = model(job)
    kinds = {b["type"] for b in blocks_of(m)}
    return [] if kinds == {"figure"} else ["blocks are %s, not figures only" % kinds]


case("only-captions", OK)(then(all_of(only_figures, keeps_everything))(convert_file(
    "captions.txt", "图为游客在公园赏花。 新华社记者 王小明 摄\n\n"
    "Crews clear debris on Monday. (AP Photo/Jane Doe)\n")))


def one_title(tmp, job, result):
    b = model(job)["blocks"]
    return [] if b == [{"type": "title", "text": "暴雨来袭"}] else ["blocks: %r" % b]


case("only-title", OK)(then(one_title)(convert_file("title.txt", "暴雨来袭\n")))

# --- not text ---------------------------------------------------------------

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
       b"\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f"
       b"\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
case("binary-png", INPUT, "binary file (PNG image)")(convert_file("photo.txt", PNG))


@case("binary-elf", INPUT, "binary file (ELF executable)")
def binary_elf(tmp):
    src = os.path.join(tmp, "program.txt")
    shutil.copyfile(shutil.which("true") or "/bin/true", src)
    out = out_path(tmp)
    return Job([src, "-o", out], inputs=[src], output=out)


case("binary-random", INPUT, "not valid")(convert_file(
    "random.txt", lambda: random.Random(1).randbytes(64 * 1024)))

# --- damaged text ---------------------------------------------------------------

STORY = ("　　新华社北京3月5日电（记者王小明）国务院总理今天在人民大会堂作政府工作报告。\n"
         "　　报告指出，今年经济增长预期目标为百分之五左右。\n")

case("nul-in-text", OK, "dropped 2 control characters")(
    then(keeps_strings("Some text with a NUL inside."))(
        convert_file("nul.txt", b"Title\n\nSome text\x00 with a NUL\x00 inside.\n")))
case("invalid-utf8", INPUT, "not valid UTF-8, though the rest of the text is")(
    convert_file("bad.txt", STORY.encode() + b"\xff" + STORY.encode()))
case("truncated-utf8", INPUT, "cut short")(
    convert_file("cut.txt", STORY.encode() + "中".encode()[:2]))
case("utf16-without-bom", OK, "no byte order mark: guessed UTF-16LE")(
    then(keeps_everything)(convert_file(
        "utf16.txt", ("Storm Hits Coast\n\nThe storm came ashore on Monday.\n"
                      "Thousands lost power.\n").encode("utf-16-le"))))
case("mixed-encodings", INPUT, "not valid UTF-8")(convert_file(
    "mixed.txt", (STORY * 3).encode() + STORY.encode("gb18030")))
# Hong Kong text with characters only Big5-HKSCS has: read as that, not as
# GB18030 garble; and a text that reads as nothing fails under --strict.
HK_STORY = ("　　有市民表示：「我哋都明白，但係咗咁耐，真係好攰。」另一位市民就話佢會配合。\n"
            "　　政府發言人表示，有關措施將於下星期一起實施，為期十四日。\n")
case("big5-hkscs", OK)(then(keeps_strings("我哋都明白，但係咗咁耐", "為期十四日"))(
    convert_file("hk.txt", HK_STORY.encode("big5hkscs"), options=["--strict"])))
case("encoding-in-doubt", PARTIAL, "reads unlike text in any encoding")(convert_file(
    "rare.txt", ("Title\n\n" + "\u3400\u3401\u3402 \u3403\u3404" * 20 + "\n").encode("gb18030"),
    options=["--strict"]))
case("control-characters", OK, "dropped 4 control characters")(
    then(keeps_strings("Body text[0m here.", "Bell"))(
        convert_file("c0.txt", b"Bell\x07\n\nBody\x01 text\x1b[0m here\x02.\x7f\n")))

# --- limits -----------------------------------------------------------------


case("line-10mb", INPUT, "over the limit of %d" % MAX_LINE_BYTES, seconds=FAST)(
    convert_file("line.txt", lambda: b"word " * (2 * 1024 * 1024)))
case("lines-1m", INPUT, "more than %d lines" % MAX_LINES, seconds=FAST)(
    convert_file("lines.txt", lambda: b"ab\n" * 1000000))


def many_lines(tmp, job, result):
    return [] if len(blocks_of(model(job))) > 1000 else ["too few blocks"]


def one_paragraph(tmp, job, result):
    got = [b["type"] for b in blocks_of(model(job))]
    return [] if got.count("paragraph") == 1 else \
        ["%d paragraphs, not one: the chain was not rejoined" % got.count("paragraph")]


def prose_lines(n):
    """Lines of prose in paragraphs of ten lines on average: many lines, and
    blocks well under the limit however the reader parts them."""
    r = random.Random(2)
    words = ["alpha", "beta", "storm", "river", "city", "council", "said"]
    return "".join(" ".join(r.choice(words) for _ in range(r.randrange(1, 8))) +
                   ("." if r.random() < 0.15 else "") + "\n" +
                   ("\n" if r.random() < 0.1 else "") for _ in range(n))


case("lines-400k", OK, seconds=FAST)(then(many_lines)(
    convert_file("prose.txt", lambda: prose_lines(400000))))
case("blocks-limit", INPUT, "more than %d blocks" % MAX_BLOCKS, seconds=FAST)(
    convert_file("blocks.txt", lambda: "".join("Line number %d ends here.\n\n" % i
                                               for i in range(MAX_BLOCKS + 1))))
# Pieces of one paragraph cut by column breaks, rejoined one by one: each
# piece goes on in lowercase from one left open on "and".
case("column-break-chain", OK, seconds=FAST)(then(all_of(keeps_everything, one_paragraph))(
    convert_file("breaks.txt", lambda: "It begins and\n\n" +
                 "the words go on and\n\n" * 240000)))
# Wrap hyphens, each asking whether the word is spelt with one elsewhere.
case("wrap-hyphens", OK, seconds=FAST)(then(keeps_everything)(convert_file(
    "hyphens.txt", lambda: "Title\n\n" + "The govern-\nment said the over-\nseas plan\n" * 80000)))
case("bylines-many", INPUT, "more than %d blocks" % MAX_BLOCKS, seconds=FAST)(
    convert_file("bylines.txt", lambda: "标题\n\n" + "By John Smith\n\n" * 240000))


def credit_lines():
    """Credits naming photographers, then lines of text ending in 摄 whose
    names are none of theirs: each is checked against every known name."""
    r = random.Random(4)

    def name(pool):
        return "".join(r.choice(pool) for _ in range(3))
    return ("".join("记者%s 摄\n" % name("王李张刘陈杨赵黄周吴") for _ in range(40000)) +
            "".join("这是文字结尾%s 摄\n" % name("郑孙马朱胡林郭何高罗") for _ in range(250000)))


case("credits-many", OK, seconds=FAST)(then(keeps_everything)(
    convert_file("credits.txt", credit_lines)))


def authors_kept(tmp, job, result):
    n = len(model(job)["meta"]["authors"])
    return [] if n == MAX_AUTHORS else ["%d authors in the metadata" % n]


case("authors-limit", OK, "more than %d authors" % MAX_AUTHORS)(
    then(all_of(authors_kept, keeps_everything))(convert_file(
        "authors.txt", "Title\n\n" + "".join(
            "By Author%s%s Name\n\nText %d.\n\n" % (chr(65 + i % 26), chr(65 + i // 26), i)
            for i in range(MAX_AUTHORS + 6)))))


@case("input-over-limit", INPUT, "over the limit of %d bytes" % MAX_INPUT_BYTES,
      seconds=FAST)
def input_over_limit(tmp):
    src = os.path.join(tmp, "huge.txt")
    with open(src, "wb") as f:      # sparse: costs no disk
        f.truncate(MAX_INPUT_BYTES + 1)
    out = out_path(tmp)
    return Job([src, "-o", out], inputs=[src], output=out)


# From a pipe the size is not known beforehand: the limit stops the read.
@case("stdin-over-limit", INPUT, "over the limit of %d bytes" % MAX_INPUT_BYTES,
      seconds=FAST)
def stdin_over_limit(tmp):
    out = out_path(tmp)
    return Job(["-", "-o", out], output=out,
               stdin=b"word " * (MAX_INPUT_BYTES // 5 + 1))


# A device that never ends: the same limit, not a read forever.
@case("input-dev-zero", INPUT, "over the limit of %d bytes" % MAX_INPUT_BYTES,
      seconds=FAST)
def input_dev_zero(tmp):
    out = out_path(tmp)
    return Job(["/dev/zero", "-o", out], output=out)


def json_model(blocks, extra=""):
    return '{%s"blocks": [%s]}' % (extra, ",\n".join(blocks))


case("json-blocks-limit", INPUT, "more than %d blocks" % MAX_BLOCKS, seconds=FAST)(
    convert_file("model.json", lambda: json_model(
        ['{"type": "paragraph", "text": "p%d"}' % i for i in range(MAX_BLOCKS + 1)]),
        options=["--from", "json"]))
case("json-values-limit", INPUT, "more than %d values" % MAX_JSON_VALUES, seconds=FAST)(
    convert_file("values.json", lambda: "[" + "0," * MAX_JSON_VALUES + "0]",
                 options=["--from", "json"]))


def warnings_counted(tmp, job, result):
    err = result.stderr.decode("utf-8", "replace")
    shown = err.count("unknown key")
    return [] if shown == MAX_DIAG_ENTRIES else ["%d warnings shown" % shown]


# Past the cap, messages are counted, not kept: the user learns how many.
case("diag-limit", OK, "%d more messages not shown" % 100)(then(warnings_counted)(
    convert_file("noisy.json", json_model(
        ['{"type": "paragraph", "text": "p", "note%d": 1}' % i
         for i in range(MAX_DIAG_ENTRIES + 100)]), options=["--from", "json"])))
case("author-options-limit", USAGE, "too many --author options")(convert_file(
    "story.txt", STORY, options=[a for i in range(MAX_AUTHOR_OPTIONS + 1)
                                 for a in ("--author", "A%d" % i)]))


@case("stylesheet-over-limit", INPUT, "stylesheet is over %d bytes" % MAX_USER_CSS_BYTES)
def stylesheet_over_limit(tmp):
    css = write(tmp, "big.css", "p { color: red }\n" * (MAX_USER_CSS_BYTES // 17 + 1))
    job = convert_file("story.txt", STORY, options=["--css", css])(tmp)
    job.inputs.append(css)
    return job


# --- odd text that must come through whole ------------------------------------------

case("punctuation-only", OK)(then(keeps_everything)(convert_file(
    "punct.txt", "。。。！！！\n……\n---\n——\n!!!???\n;;;,,,\n")))
XML = "<b>&amp;</b> ]]> \"quoted\" 'apos' <![CDATA[ x ]]> & < >"
case("xml-specials", OK)(then(all_of(keeps_strings(XML), keeps_everything))(
    convert_file("xml.txt", "Title\n\n" + XML + "\n")))
RTL = ["مرحبا بالعالم، هذا نص عربي.", "שלום עולם, זה טקסט בעברית.",
       "cafe\u0301 nai\u0308ve n\u0303", "\u0915\u094d\u0937"]
case("rtl-combining", OK)(then(all_of(keeps_strings(*RTL), keeps_everything))(
    convert_file("rtl.txt", "Title\n\n" + "\n\n".join(RTL) + "\n")))
ASTRAL = "Fire 🔥 and 𠮷野家, 𝕏 and 👩‍👩‍👧 family."
case("astral-json", OK)(then(all_of(keeps_strings(ASTRAL), keeps_everything))(
    convert_file("emoji.txt", "Title\n\n" + ASTRAL + "\n")))
case("astral-epub", OK, to="epub")(then(keeps_everything)(
    convert_file("emoji.txt", "Title\n\n" + ASTRAL + "\n", "epub")))
# The PDF fonts have no emoji: the writer warns and shows a placeholder.
case("astral-pdf", OK, "warning", to="pdf")(
    convert_file("emoji.txt", "Title\n\n" + ASTRAL + "\n", "pdf"))
WORD = "".join(random.Random(3).choice("abcdefghij") for _ in range(5000))
LONG_CJK = "长" * 5000
case("long-word-json", OK)(then(keeps_strings(WORD, LONG_CJK))(
    convert_file("word.txt", "Title\n\n" + WORD + "\n\n" + LONG_CJK + "\n")))
case("long-word-epub", OK, to="epub")(then(keeps_everything)(
    convert_file("word.txt", "Title\n\n" + WORD + "\n\n" + LONG_CJK + "\n", "epub")))
case("long-word-pdf", OK, to="pdf")(then(keeps_everything)(
    convert_file("word.txt", "Title\n\n" + WORD + "\n\n" + LONG_CJK + "\n", "pdf")))

# Characters drawn with no glyph (zero-width space, joiners, direction marks,
# word joiner, variation selectors, a byte order mark inside the text) stay
# in the PDF's text layer, after a letter, after a space, at the start and
# at the end of a block.
INVISIBLE = ([chr(c) for c in range(0x200B, 0x2010)] + [chr(c) for c in range(0x202A, 0x202F)] +
             ["\u2060", "\u2061"] + [chr(c) for c in range(0xFE00, 0xFE10)] + ["\ufeff"])
case("invisible-chars-pdf", OK, to="pdf")(then(keeps_everything)(convert_file(
    "invisible.txt", "Title\n\nThe text " + "".join("a" + c for c in INVISIBLE) +
    " \u200b\u2060end.\n\n\u200d中文" + "\u200b".join("段落文字") + "\ufe0f。 \u2060\n", "pdf")))

# --- paths ------------------------------------------------------------------------


@case("missing-file", INPUT, "cannot open: No such file or directory")
def missing_file(tmp):
    out = out_path(tmp)
    return Job([os.path.join(tmp, "absent.txt"), "-o", out], output=out)


@case("directory-as-input", INPUT, "no articles found")
def directory_as_input(tmp):
    os.mkdir(os.path.join(tmp, "folder.txt"))
    out = out_path(tmp)
    return Job([os.path.join(tmp, "folder.txt"), "-o", out], output=out)


# Tests run as root, whom a read-only mode does not stop: a path below a
# regular file fails for everyone (ENOTDIR).
@case("output-below-a-file", OUTPUT, "Not a directory")
def output_below_a_file(tmp):
    src = write(tmp, "story.txt", STORY)
    plain = write(tmp, "out.txt", "a regular file\n")
    return Job([src, "-o", os.path.join(plain, "sub", "x.json")], inputs=[src],
               keep=[plain], output=os.path.join(plain, "sub", "x.json"))


# /proc/version takes no writes, not even root's.
@case("output-in-proc", OUTPUT, "cannot write /proc/version")
def output_in_proc(tmp):
    src = write(tmp, "story.txt", STORY)
    return Job([src, "-o", "/proc/version"], inputs=[src])


def still_char_device(path):
    def check(tmp, job, result):
        st = os.lstat(path)
        return [] if stat.S_ISCHR(st.st_mode) else ["%s is no longer a device" % path]
    return check


@case("output-dev-full", OUTPUT, "No space left on device")
@then(still_char_device("/dev/full"))
def output_dev_full(tmp):
    src = write(tmp, "story.txt", STORY)
    return Job([src, "-o", "/dev/full"], inputs=[src])


@case("stdout-dev-full", OUTPUT, "No space left on device")
@then(still_char_device("/dev/full"))
def stdout_dev_full(tmp):
    src = write(tmp, "story.txt", STORY)
    return Job([src], inputs=[src], stdout="/dev/full")


class Unsupported(Exception):
    """The machine cannot set a case up (no permission to mount)."""


# A full file system under a regular output: the temporary file fills it,
# the write fails, and neither it nor a partial output stays.
@case("output-fs-full", OUTPUT, "No space left on device")
def output_fs_full(tmp):
    src = write(tmp, "story.txt", STORY * 400)
    small = os.path.join(tmp, "small")
    os.mkdir(small)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", small],
                       capture_output=True)
    if r.returncode != 0:
        raise Unsupported("cannot mount a small tmpfs: %s" %
                          r.stderr.decode("utf-8", "replace").strip())
    out = os.path.join(small, "story.json")
    job = Job([src, "-o", out], inputs=[src], output=out)
    job.cleanup = lambda: subprocess.run(["umount", small])
    return job


@case("output-is-input", USAGE, "the output is the input file")
def output_is_input(tmp):
    src = write(tmp, "story.txt", STORY)
    return Job([src, "-o", src], inputs=[src])


@case("output-is-input-via-link", USAGE, "the output is the input file")
def output_is_input_via_link(tmp):
    src = write(tmp, "story.txt", STORY)
    link = os.path.join(tmp, "link.json")
    os.symlink(src, link)
    return Job([src, "-o", link], inputs=[src])


@case("output-exists", OUTPUT, "use --force")
def output_exists(tmp):
    src = write(tmp, "story.txt", STORY)
    out = write(tmp, "story.json", "an older result\n")
    return Job([src, "-o", out], inputs=[src], keep=[out])


# --- batches: outputs that are inputs, lists, archives ----------------------

# An output that is one of the inputs (the same file, by any name) is
# refused everywhere, --force or not: a single file, a book, a folder.
def combine_into_input(name_output):
    """A Job combining b.txt and x.txt into the output `name_output(tmp,
    b)` names, b.txt itself by some name; given in a list when it says."""
    def make(tmp):
        a, x = write(tmp, "b.txt", STORY), write(tmp, "x.txt", STORY)
        out, listed = name_output(tmp, a)
        inputs = ["--files-from", write(tmp, "list", "%s\n%s\n" % (a, x))] \
            if listed else [a, x]
        return Job(["--combine"] + inputs + ["-o", out, "--force"], inputs=[a, x])
    return make


def symlink_to(tmp, a):
    os.symlink(a, os.path.join(tmp, "book.json"))
    return os.path.join(tmp, "book.json"), False


def hard_link_listed(tmp, a):
    os.link(a, os.path.join(tmp, "book.json"))
    return os.path.join(tmp, "book.json"), True


case("combine-output-is-input", USAGE, "is also an input")(
    combine_into_input(lambda tmp, a: (a, False)))
case("combine-output-is-input-via-link", USAGE, "is also an input")(
    combine_into_input(symlink_to))
case("combine-output-is-listed-input", USAGE, "is also an input")(
    combine_into_input(hard_link_listed))


@case("folder-output-is-input", PARTIAL, "is also an input")
def folder_output_is_input(tmp):
    os.mkdir(os.path.join(tmp, "in"))
    a = write(tmp, "in/a.json", STORY)
    b = write(tmp, "in/b.txt", STORY)
    return Job(["--include", "*.json", os.path.join(tmp, "in"), "-o",
                os.path.join(tmp, "in"), "--force"], inputs=[a], keep=[b])


# A list is paths, one a line: what is not (a device of zeros, a line no
# path could be, an endless list) stops at a named limit, fast.
@case("files-from-dev-zero", INPUT, "a NUL byte in the list", seconds=FAST)
def files_from_dev_zero(tmp):
    return Job(["--files-from", "/dev/zero", "-o", os.path.join(tmp, "out") + "/"])


@case("files-from-long-line", INPUT, "a line longer than %d bytes" % MAX_LIST_LINE,
      seconds=FAST)
def files_from_long_line(tmp):
    listed = write(tmp, "list", "a" * (MAX_LIST_LINE + 1))
    return Job(["--files-from", listed, "-o", os.path.join(tmp, "out") + "/"],
               inputs=[listed])


@case("files-from-too-many-lines", INPUT, "more than %d lines" % MAX_LIST_LINES,
      seconds=FAST)
def files_from_too_many_lines(tmp):
    return Job(["--files-from", "-", "-o", os.path.join(tmp, "out") + "/"],
               stdin=b"\n" * (MAX_LIST_LINES + 1))


# A bomb split into entries each under the per-entry floor: the articles
# together are held to --max-ratio against the archive's size.
@case("zip-split-bomb", INPUT, "(--max-ratio); a bomb?", seconds=FAST)
def zip_split_bomb(tmp):
    import zipfile
    path = os.path.join(tmp, "split.zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(300):
            z.writestr("p%03d.txt" % i, b"a" * ((1 << 20) - 1))
    out = os.path.join(tmp, "out")
    return Job([path, "-o", out + "/"], inputs=[path], output=out)


def stdout_link_kept(tmp, job, result):
    return [] if os.path.islink("/dev/stdout") else ["/dev/stdout was replaced"]


def stdout_holds_model(prefix=b""):
    def check(tmp, job, result):
        path = job.stdout.split(":", 1)[-1]
        with open(path, "rb") as f:
            data = f.read()
        if not data.startswith(prefix):
            return ["what stood in the file before is gone: %r" % data[:60]]
        try:
            json.loads(data[len(prefix):])
        except ValueError as e:
            return ["not the model: %s" % e]
        return []
    return check


@case("dev-stdout-to-file", OK)
@then(all_of(stdout_link_kept, stdout_holds_model()))
def dev_stdout_to_file(tmp):
    src = write(tmp, "story.txt", STORY)
    return Job([src, "-o", "/dev/stdout"], inputs=[src],
               stdout=os.path.join(tmp, "captured.json"))


# `>> log`: the model goes after what the log held, not over it.
@case("dev-stdout-append", OK)
@then(all_of(stdout_link_kept, stdout_holds_model(b"earlier lines\n")))
def dev_stdout_append(tmp):
    src = write(tmp, "story.txt", STORY)
    log = write(tmp, "log.txt", "earlier lines\n")
    return Job([src, "-o", "/dev/stdout"], inputs=[src], stdout="append:" + log)


def pipe_holds_model(tmp, job, result):
    try:
        json.loads(result.stdout)
    except ValueError as e:
        return ["the pipe did not carry the model: %s" % e]
    return []


@case("dev-stdout-to-pipe", OK)
@then(all_of(stdout_link_kept, pipe_holds_model))
def dev_stdout_to_pipe(tmp):
    src = write(tmp, "story.txt", STORY)
    return Job([src, "-o", "/dev/stdout"], inputs=[src])


def fifo_kept(tmp, job, result):
    problems = []
    if not stat.S_ISFIFO(os.lstat(job.fifo).st_mode):
        problems.append("the FIFO was replaced")
    try:
        json.loads(job.fifo_data[0])
    except (ValueError, IndexError) as e:
        problems.append("the FIFO did not carry the model: %s" % e)
    return problems


@case("output-fifo", OK)
@then(fifo_kept)
def output_fifo(tmp):
    src = write(tmp, "story.txt", STORY)
    fifo = os.path.join(tmp, "out", "model.json")
    os.makedirs(os.path.dirname(fifo))
    os.mkfifo(fifo)
    job = Job([src, "-o", fifo], inputs=[src])
    job.fifo, job.fifo_data = fifo, []

    def drain():
        with open(fifo, "rb") as f:
            job.fifo_data.append(f.read())
    t = threading.Thread(target=drain, daemon=True)
    t.start()
    job.reader = t
    return job


def no_controls_in_messages(tmp, job, result):
    bad = re.findall(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", result.stderr)
    return ["control characters reach the terminal: %r" % bad] if bad else []


# Input text quoted in messages must not drive the user's terminal.
case("terminal-escapes", INPUT, "\\x1B]0;pwned")(then(no_controls_in_messages)(
    convert_file("escapes.json", '{"\\u001b]0;pwned\\u0007": 1, "blocks": '
                 '[{"type": "\\u009b31mred", "text": "x"}]}', options=["--from", "json"])))
case("unknown-encoding", USAGE, "unknown encoding")(convert_file(
    "story.txt", STORY, options=["--encoding", "NO-SUCH-CODE"]))
case("wrong-encoding", INPUT, "as --encoding says it is")(convert_file(
    "story.txt", STORY.encode("gb18030"), options=["--encoding", "UTF-8"]))


# --- photos ---------------------------------------------------------------------
# A bad photo (conv/pipeline/photos.h) is left out with a warning naming
# it and the reason; its caption stays text; the output is written (exit 0),
# or under --strict nothing is (exit 1). The limits are formats/image/image.h's.

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "check"))
import pictures  # noqa: E402

IMAGE_MAX_BYTES = 32 << 20
IMAGE_MAX_SIDE = 20000
CAPTIONED = ("防汛检查\n\n　　记者在堤上看到，巡查人员正在检查堤防。\n\n"
             "图为巡查人员夜间巡查堤防。 新华社记者 王小明 摄\n\n"
             "　　据介绍，今年已完成堤防加固工程。\n")


def with_photo(name, data, fmt="json", options=()):
    """A Job converting a captioned article with one file beside it,
    `name`, holding `data` (or what calling it returns)."""
    def make(tmp):
        src = write(tmp, "story.txt", CAPTIONED)
        photo = write(tmp, name, data() if callable(data) else data)
        out = out_path(tmp, fmt)
        return Job([src, "-o", out, *options], inputs=[src], output=out,
                   keep=[photo])
    return make


def caption_kept(tmp, job, result):
    """The output is there, its figure keeps its caption and has no photo."""
    if job.output.endswith(".json"):
        figs = [b for b in blocks_of(model(job)) if b["type"] == "figure"]
        if len(figs) != 1 or "image" in figs[0] or "巡查人员夜间" not in figs[0]["caption"]:
            return ["the figure is %r" % figs]
        return []
    if job.output.endswith(".epub"):
        import zipfile
        names = zipfile.ZipFile(job.output).namelist()
        return ["a photo in the book: %r" % names] if any("photos/" in n for n in names) else []
    r = subprocess.run(["pdfimages", "-list", job.output], capture_output=True)
    return ["an image in the PDF"] if len(r.stdout.splitlines()) > 2 else []


def truncated_jpeg():
    data = pictures.jpeg(640, 480)
    return data[:len(data) // 2]


def corrupt_png():
    data = bytearray(pictures.png(64, 64))
    data[data.index(b"IDAT") + 40] ^= 0xFF      # its CRC no longer holds
    return bytes(data)


def photo_case(name, file_name, data, message, fmt="json"):
    case(name, OK, message, to=fmt, seconds=FAST)(then(caption_kept)(
        with_photo(file_name, data, fmt)))


photo_case("photo-truncated-jpeg", "story-1.jpg", truncated_jpeg,
           "photo story-1.jpg (beside the article): a damaged JPEG")
photo_case("photo-truncated-jpeg-pdf", "story-1.jpg", truncated_jpeg,
           "a damaged JPEG", "pdf")
photo_case("photo-corrupt-png", "story-1.png", corrupt_png,
           "photo story-1.png (beside the article): a damaged PNG")
photo_case("photo-corrupt-png-epub", "story-1.png", corrupt_png,
           "a damaged PNG", "epub")
photo_case("photo-not-an-image", "story-1.jpg", "这不是图片\n",
           "photo story-1.jpg (beside the article): not an image")
photo_case("photo-empty", "story-1.png", b"", "not an image")
photo_case("photo-tiff", "story-1.tif", b"II*\0" + b"\0" * 200,
           "a TIFF picture, which a book cannot hold")
# Pixel bombs: a few hundred bytes declaring a huge picture, refused by
# the header before any pixel is decoded.
photo_case("photo-pixel-bomb-side", "story-1.png",
           lambda: pictures.png_declaring(IMAGE_MAX_SIDE + 1, 10),
           "over the limit of %d on a side" % IMAGE_MAX_SIDE)
photo_case("photo-pixel-bomb-area", "story-1.png",
           lambda: pictures.png_declaring(15000, 15000),
           "a PNG of 15000 x 15000 pixels, over the limit")
photo_case("photo-pixel-bomb-pdf", "story-1.png",
           lambda: pictures.png_declaring(15000, 15000), "over the limit", "pdf")
photo_case("photo-over-size-limit", "story-1.jpg",
           lambda: pictures.jpeg(64, 64) + b"\0" * IMAGE_MAX_BYTES,
           "over the limit of %d bytes for a photo" % IMAGE_MAX_BYTES)
case("photo-bad-strict", PARTIAL, "warnings are errors under --strict", to="epub")(
    with_photo("story-1.jpg", truncated_jpeg, "epub", options=["--strict"]))


def named_photo(image):
    """A model naming its photo `image` by hand (--from json)."""
    def make(tmp):
        m = {"meta": {"title": "防汛检查", "lang": "zh"}, "blocks": [
            {"type": "title", "text": "防汛检查"},
            {"type": "figure", "caption": "图为巡查人员夜间巡查堤防。",
             "credit": "王小明 摄", "image": image}]}
        src = write(tmp, "model.json", json.dumps(m, ensure_ascii=False))
        write(tmp, "secret.jpg", pictures.jpeg(32, 32))
        out = out_path(tmp)
        return Job(["--from", "json", src, "-o", out], inputs=[src], output=out)
    return make


def no_photo(tmp, job, result):
    figs = [b for b in blocks_of(model(job)) if b["type"] == "figure"]
    return [] if figs and "image" not in figs[0] else ["the figure is %r" % figs]


case("photo-missing", OK, "photo gone.jpg (beside the article): cannot open it: "
     "No such file or directory")(then(no_photo)(named_photo("gone.jpg")))
case("photo-path-climbs", OK, "must be relative and stay inside its folder")(
    then(no_photo)(named_photo("../tmp/secret.jpg")))
case("photo-path-absolute", OK, "must be relative and stay inside its folder")(
    then(no_photo)(named_photo("/etc/passwd")))


# --- the runner ---------------------------------------------------------------------

def writer_available(docconv, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        src = write(tmp, "probe.txt", "Title\n\nText.\n")
        r = subprocess.run([docconv, "--to", fmt, src, "-o", os.path.join(tmp, "p." + fmt)],
                           capture_output=True)
        return structure_check.NOT_BUILT not in r.stderr.decode("utf-8", "replace")


def leftovers(folders):
    found = []
    for folder in folders:
        for root, _, files in os.walk(folder):
            found += [os.path.join(root, f) for f in files if TEMP_FILE.match(f)]
    return found


def run_case(docconv, c):
    if c.to != "json" and not writer_available(docconv, c.to):
        print("skip: the %s writer is not in this build" % c.to)
        return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        try:
            job = c.make(tmp)
        except Unsupported as e:
            print("skip:", e)
            return SKIP
        try:
            return check_run(docconv, c, tmp, job)
        finally:
            if job.cleanup:
                job.cleanup()


def check_run(docconv, c, tmp, job):
    """Runs a case's job and checks it; 0 pass, 1 fail."""
    watched = job.inputs + job.keep
    before = {p: sha256(p) for p in watched}
    out_existed = job.output is not None and os.path.lexists(job.output)
    stdout, opened = subprocess.PIPE, None
    if job.stdout:
        mode = "ab" if job.stdout.startswith("append:") else "wb"
        opened = stdout = open(job.stdout.split(":", 1)[-1], mode)
    start = time.monotonic()
    try:
        r = subprocess.run([docconv, "--to", c.to] + job.args, stdout=stdout,
                           stderr=subprocess.PIPE, input=job.stdin, timeout=600)
    finally:
        if opened:
            opened.close()
    elapsed = time.monotonic() - start
    if job.reader:
        job.reader.join(10)
    err = r.stderr.decode("utf-8", "replace")
    problems = []
    if r.returncode < 0:
        problems.append("killed by signal %d" % -r.returncode)
    if SANITIZER.search(err):
        problems.append("sanitizer report")
    if r.returncode != c.exit:
        problems.append("exit %d, want %d" % (r.returncode, c.exit))
    if c.message and c.message not in err:
        problems.append("no %r in the messages" % c.message)
    for p, h in before.items():
        if not os.path.exists(p) or sha256(p) != h:
            problems.append("%s was changed" % p)
    if r.returncode != OK and job.output and not out_existed and \
            os.path.lexists(job.output):
        problems.append("a failed run left %s" % job.output)
    folders = [tmp] + ([os.path.dirname(job.output)] if job.output else [])
    problems += ["temporary file left: %s" % f for f in leftovers(folders)]
    if c.seconds and elapsed > c.seconds:
        problems.append("took %.1f s, over %d s" % (elapsed, c.seconds))
    if not problems and c.check:
        problems += c.check(tmp, job, r)
    sys.stdout.write(err)
    if problems:
        for p in problems:
            print("FAIL: %s: %s" % (c.name, p))
        return 1
    print("ok: %s: exit %d in %.2f s" % (c.name, r.returncode, elapsed))
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "list":
        print("\n".join(c.name for c in CASES))
        return 0
    if len(argv) == 4 and argv[1] == "run":
        named = [c for c in CASES if c.name == argv[3]]
        if not named:
            print("no case named %s" % argv[3])
            return 2
        return run_case(argv[2], named[0])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
