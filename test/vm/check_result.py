#!/usr/bin/env python3
"""Judges one test run for ctest, by exact exit status and output patterns.

  check_result.py OUT NAME [checks]           a test of a VM batch: reads
                                              OUT/NAME.log and OUT/NAME.rc
  check_result.py --run [checks] -- PROG ARGS runs PROG natively

checks:  --rc N        the exit status must be N (default 0; 139 is SIGSEGV)
         --expect RE   the output must match the regular expression RE
         --forbid RE   the output must not match RE
Prints the output, then every failed check, and exits 0 only if all hold.
A test the VM never reported fails.
"""

import argparse
import os
import re
import subprocess
import sys


def judge(log, rc, args):
    sys.stdout.write(log)
    failures = []
    if rc != str(args.rc):
        failures.append(f"exit status {rc}, expected {args.rc}")
    for pattern in args.expect:
        if not re.search(pattern, log, re.M):
            failures.append(f"output does not match: {pattern}")
    for pattern in args.forbid:
        if re.search(pattern, log, re.M):
            failures.append(f"output matches forbidden: {pattern}")
    for failure in failures:
        print(f"check_result: {failure}")
    return 1 if failures else 0


def main():
    argv = sys.argv[1:]
    command = []
    if "--" in argv:
        sep = argv.index("--")
        argv, command = argv[:sep], argv[sep + 1:]
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--run", action="store_true")
    ap.add_argument("--rc", type=int, default=0)
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--forbid", action="append", default=[])
    ap.add_argument("where", nargs="*")
    args = ap.parse_args(argv)
    if args.run:
        if not command:
            ap.error("--run needs -- PROGRAM [ARGS...]")
        p = subprocess.run(command, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=600)
        rc = p.returncode if p.returncode >= 0 else 128 - p.returncode
        return judge(p.stdout.decode(errors="replace"), str(rc), args)
    if len(args.where) != 2:
        ap.error("expected OUT NAME")
    out, name = args.where
    rc_path = os.path.join(out, name + ".rc")
    if not os.path.exists(rc_path):
        print(f"{name}: no result: the batch did not run (see the mpk_batch test)")
        return 1
    with open(os.path.join(out, name + ".log"), errors="replace") as f:
        log = f.read()
    return judge(log, open(rc_path).read().strip(), args)


if __name__ == "__main__":
    sys.exit(main())
