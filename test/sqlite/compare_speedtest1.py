#!/usr/bin/env python3
"""Runs speedtest1 built plainly and in cubicles and compares their output.

  compare_speedtest1.py PLAIN CUBICLES|--log FILE -- ARGS...

Runs PLAIN ARGS, and CUBICLES ARGS (with the environment given to this
script, e.g. CUBICLE_BACKEND), or takes the cubicle run's output from FILE
(a run in the VM).  The outputs must be identical once the timings, the
process's own I/O counters and the lookaside hit count are left out (see
VOLATILE);
speedtest1 --verify adds a hash of every result row.
"""
import re
import subprocess
import sys

# The process's I/O counters differ from run to run.  The lookaside hit
# count differs by design: the port binds the app's text SQLITE_TRANSIENT
# (SQLite copies it, sometimes into lookaside memory) where speedtest1 asks
# for SQLITE_STATIC, because SQLite may not read the app's memory later.
VOLATILE = re.compile(r"^-- (Bytes received by read|Bytes sent to write|"
                      r"Read\(\) system calls|Write\(\) system calls|"
                      r"Bytes rcvd from storage|Bytes sent to storage|"
                      r"Cancelled write bytes|Successful lookasides)")


def normalize(text):
    out = []
    for line in text.splitlines():
        if VOLATILE.match(line) or line.startswith("cubicle:"):
            continue
        out.append(re.sub(r"\s+[0-9]+\.[0-9]+s$", "", line))
    return out


def run(argv):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=3000)
    text = p.stdout.decode(errors="replace")
    if p.returncode != 0:
        sys.stdout.write(text[-3000:])
        sys.exit(f"{argv[0]} exited with {p.returncode}")
    return text


def main():
    args = sys.argv[1:]
    sep = args.index("--")
    opts, st_args = args[:sep], args[sep + 1:]
    plain = opts[0]
    if opts[1] == "--log":
        with open(opts[2], errors="replace") as f:
            cub = f.read()
    else:
        cub = run([opts[1]] + st_args)
    ref = run([plain] + st_args)
    a, b = normalize(ref), normalize(cub)
    if not any(l.startswith("Verification Hash:") for l in a):
        sys.exit("the plain run printed no verification hash (use --verify)")
    if a != b:
        import difflib
        sys.stdout.write("\n".join(difflib.unified_diff(a, b, "plain", "cubicles",
                                                        lineterm="")))
        sys.exit("\nspeedtest1 in cubicles differs from the plain build")
    hash_line = [l for l in b if l.startswith("Verification Hash:")][0]
    print(f"identical output ({len(b)} lines); {hash_line}")


if __name__ == "__main__":
    main()
