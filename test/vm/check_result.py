#!/usr/bin/env python3
"""Reports one test of a VM batch to ctest: prints its output and exits with
0 if the test exited 0, 1 otherwise (a test the VM never reported fails)."""

import os
import sys


def main():
    out, name = sys.argv[1], sys.argv[2]
    rc_path = os.path.join(out, name + ".rc")
    log_path = os.path.join(out, name + ".log")
    if not os.path.exists(rc_path):
        print(f"{name}: no result: the batch did not run (see the mpk_batch test)")
        return 1
    with open(log_path, errors="replace") as f:
        sys.stdout.write(f.read())
    rc = open(rc_path).read().strip()
    if rc != "0":
        print(f"{name}: exit status {rc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
