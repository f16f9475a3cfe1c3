#!/usr/bin/env python3
"""The same article in another encoding gives the same model.

  encodings.py DOCCONV [SEED.txt]

Writes a Traditional Chinese article (below) and, when given, the seed in
UTF-8 and in the legacy and Unicode encodings docconv detects, converts each
with `docconv --to json` and checks that every model equals the UTF-8 one
but for meta.encoding, which must name the encoding. Exit 0 pass, 1 fail.
"""
import json
import os
import subprocess
import sys
import tempfile

# Written for this test: a Taiwan news story with the marks that trip
# detectors (full-width indents, 「」 quotes, the ／ of a byline).
TRADITIONAL = """行政院通過明年度總預算　國防經費創新高

【記者王小明／台北報導】

　　行政院今天上午召開院會，通過明年度中央政府總預算案，歲出規模較今年增加百分之三點五，其中國防經費首度突破四千億元。

　　行政院發言人表示：「這是一個負責任的預算，兼顧國家安全與民生需求。」

　　主計總處指出，明年度社會福利支出仍居各項政事別之首，教育科學文化支出次之。

圖／行政院提供
"""


def model(docconv, folder, name, data):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(data)
    out = subprocess.run([docconv, "--to", "json", path], capture_output=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr.decode("utf-8", "replace"))
        raise SystemExit("FAIL: docconv exited %d on %s" % (out.returncode, path))
    return json.loads(out.stdout.decode("utf-8"))


def check(docconv, tmp, label, text, variants):
    """variants: (folder, bytes, the encoding docconv must report)."""
    want = model(docconv, os.path.join(tmp, "utf-8"), label + ".txt",
                 text.encode("utf-8"))
    ok = True
    for folder, data, enc in variants:
        got = model(docconv, os.path.join(tmp, folder), label + ".txt", data)
        if got["meta"].get("encoding") != enc:
            print("%s as %s: meta.encoding is %r, want %r" % (
                label, folder, got["meta"].get("encoding"), enc))
            ok = False
        got["meta"]["encoding"] = want["meta"]["encoding"]
        if got != want:
            print("%s as %s: the model differs from the UTF-8 one" % (label, folder))
            ok = False
        else:
            print("ok: %s as %s (%d blocks)" % (label, folder, len(got["blocks"])))
    return ok


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    docconv = sys.argv[1]
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        crlf = TRADITIONAL.replace("\n", "\r\n")
        ok &= check(docconv, tmp, "traditional", TRADITIONAL, [
            # The two Big5 tables write ／ as A241 (big5) and A1FE (cp950).
            ("big5", TRADITIONAL.encode("big5"), "BIG5"),
            ("cp950", TRADITIONAL.encode("cp950"), "BIG5"),
            ("big5-crlf", crlf.encode("big5"), "BIG5"),
            ("utf-16le-bom", b"\xff\xfe" + TRADITIONAL.encode("utf-16-le"), "UTF-16LE"),
        ])
        if len(sys.argv) == 3 and os.path.exists(sys.argv[2]):
            with open(sys.argv[2], encoding="utf-8") as f:
                seed = f.read()
            crlf = seed.replace("\n", "\r\n")
            ok &= check(docconv, tmp, "seed", seed, [
                ("gb18030-crlf", crlf.encode("gb18030"), "GB18030"),
                ("utf-8-bom", b"\xef\xbb\xbf" + seed.encode("utf-8"), "UTF-8"),
                ("utf-16be", seed.encode("utf-16-be"), "UTF-16BE"),
            ])
        else:
            print("the seed is absent: checked the Traditional article only")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
