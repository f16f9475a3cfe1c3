#!/usr/bin/env python3
"""The one include rule of doc/ARCHITECTURE.md: no file includes a layer
above its own.

  layers.py check SRC      every .c and .h under SRC/conv and SRC/formats
  layers.py selftest       the check fails on a tree that breaks the rule

Layers, lowest first: conv/core (0), formats (1), conv/pipeline (2),
conv/batch (3), conv/cli (4). A file may include its own layer and those
below. Headers CMake generates stand for the layer of their source
(version.h.in in conv/core, style.css in formats/epub). An include that
resolves to no file of the tree and is not generated is an error too, so
a moved header cannot slip past the check.
"""
import os
import re
import shutil
import sys
import tempfile

LAYERS = [("conv/core", 0), ("formats", 1), ("conv/pipeline", 2),
          ("conv/batch", 3), ("conv/cli", 4)]
NAMES = {0: "core", 1: "formats", 2: "pipeline", 3: "batch", 4: "cli"}
GENERATED = {"version.h": 0, "style_css.h": 1}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of(rel):
    for prefix, n in LAYERS:
        if rel == prefix or rel.startswith(prefix + "/"):
            return n
    return None


def check(src):
    problems, files = [], 0
    for top in ("conv", "formats"):
        for d, _, names in os.walk(os.path.join(src, top)):
            for name in sorted(names):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(d, name)
                rel = os.path.relpath(path, src)
                own = layer_of(rel)
                if own is None:
                    problems.append("%s: in no layer (%s)" % (
                        rel, ", ".join(p for p, _ in LAYERS)))
                    continue
                files += 1
                text = open(path, encoding="utf-8").read()
                for m in INCLUDE.finditer(text):
                    inc = m.group(1)
                    line = text.count("\n", 0, m.start()) + 1
                    beside = os.path.normpath(os.path.join(d, inc))
                    from_top = os.path.normpath(os.path.join(src, inc))
                    if os.path.isfile(beside):
                        target = layer_of(os.path.relpath(beside, src))
                    elif os.path.isfile(from_top):
                        target = layer_of(os.path.relpath(from_top, src))
                    elif inc in GENERATED:
                        target = GENERATED[inc]
                    else:
                        problems.append("%s:%d: \"%s\" is no file of the tree"
                                        % (rel, line, inc))
                        continue
                    if target is None or target > own:
                        problems.append(
                            "%s:%d: %s includes \"%s\" of %s, a layer above it"
                            % (rel, line, NAMES[own], inc,
                               NAMES.get(target, "no layer")))
    return files, problems


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        files, problems = check(sys.argv[2])
        for p in problems:
            print("FAIL: " + p)
        print("%d files, %d includes against the rule" % (files, len(problems)))
        return 1 if problems or files == 0 else 0
    if len(sys.argv) == 2 and sys.argv[1] == "selftest":
        with tempfile.TemporaryDirectory() as t:
            def write(rel, text):
                os.makedirs(os.path.dirname(os.path.join(t, rel)), exist_ok=True)
                open(os.path.join(t, rel), "w").write(text)
            write("conv/core/a.h", "")
            write("conv/batch/b.h", '#include "conv/core/a.h"\n')
            write("formats/f.c", '#include "conv/core/a.h"\n#include "version.h"\n')
            files, problems = check(t)
            ok = files == 3 and not problems
            write("conv/core/a.c", '#include "a.h"\n#include "conv/batch/b.h"\n')
            write("formats/g.c", '#include "../conv/pipeline/gone.h"\n')
            files, problems = check(t)
            ok &= len(problems) == 2 and "a layer above" in problems[0] \
                and "no file of the tree" in problems[1]
            print("\n".join(problems))
        print("ok" if ok else "FAIL: the check did not tell a good tree from a bad one")
        return 0 if ok else 1
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
