#!/usr/bin/env python3
"""Every long option `docconv --help` lists is in the man page and in the
bash completion, and the man page names no option the program lacks.

  cli_docs.py DOCCONV MANPAGE COMPLETION
"""
import re
import subprocess
import sys


def main(docconv, manpage, completion):
    help_text = subprocess.run([docconv, "--help"], capture_output=True,
                               text=True, check=True).stdout
    in_help = set(re.findall(r"--[a-z][a-z-]+", help_text))
    man = open(manpage, encoding="utf-8").read().replace("\\-", "-")
    in_man = set(re.findall(r"--[a-z][a-z-]+", man))
    comp = open(completion, encoding="utf-8").read()
    in_comp = set(re.findall(r"--[a-z][a-z-]+", comp))
    ok = True
    for opt in sorted(in_help - in_man):
        print("%s is in --help but not in the man page" % opt)
        ok = False
    for opt in sorted(in_help - in_comp):
        print("%s is in --help but not in the bash completion" % opt)
        ok = False
    for opt in sorted(in_man - in_help):
        print("%s is in the man page but not in --help" % opt)
        ok = False
    # Every documented option must be accepted (not "unrecognized").
    for opt in sorted(in_help):
        r = subprocess.run([docconv, opt], capture_output=True, text=True)
        if "unrecognized option" in r.stderr:
            print("%s is documented but not accepted" % opt)
            ok = False
    print("%d options checked" % len(in_help))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
