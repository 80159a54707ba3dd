#!/usr/bin/env python3
"""zlib's own tests in cubicles against the plain build, byte for byte.

  check_zlib.py BIN MKDATA MIB

BIN holds zlib_example, zlib_minigzip and their _plain twins.  In a fresh
directory each: example.c runs both ways (stdout, stderr, exit status and
the foo.gz it writes must match); minigzip compresses MIB MiB of MKDATA's
data both ways (the .gz files must match) and the cubicle build
decompresses its own (it must give the data back).  The backend comes from
CUBICLE_BACKEND in the environment.
"""

import filecmp
import os
import subprocess
import sys
import tempfile


def run(argv, cwd, stdin=None, stdout=subprocess.PIPE):
    return subprocess.run(argv, cwd=cwd, stdin=stdin, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=1200)


def main():
    bindir, mkdata, mib = sys.argv[1], sys.argv[2], sys.argv[3]
    prog = lambda name: os.path.join(bindir, name)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        runs = {}
        for kind in ("plain", "cubicle"):
            d = os.path.join(tmp, kind)
            os.mkdir(d)
            name = "zlib_example" + ("_plain" if kind == "plain" else "")
            runs[kind] = run([prog(name)], d)
        p, c = runs["plain"], runs["cubicle"]
        sys.stdout.write(c.stdout.decode(errors="replace"))
        sys.stdout.write(c.stderr.decode(errors="replace"))
        same = (p.returncode, p.stdout, p.stderr) == (c.returncode, c.stdout, c.stderr)
        gz = [os.path.join(tmp, k, "foo.gz") for k in ("plain", "cubicle")]
        same_gz = all(map(os.path.exists, gz)) and filecmp.cmp(*gz, shallow=False)
        print(f"example: exit {c.returncode}, output "
              f"{'identical' if same else 'DIFFERENT'}, foo.gz "
              f"{'identical' if same_gz else 'DIFFERENT'}")
        ok &= same and same_gz and c.returncode == 0

        data = os.path.join(tmp, "data")
        with open(data, "wb") as f:
            subprocess.run([mkdata, mib], stdout=f, check=True)
        outs = {}
        for kind, name in (("plain", "zlib_minigzip_plain"), ("cubicle", "zlib_minigzip")):
            outs[kind] = os.path.join(tmp, kind + ".gz")
            with open(data, "rb") as i, open(outs[kind], "wb") as o:
                r = run([prog(name)], tmp, stdin=i, stdout=o)
            if r.returncode:
                print(f"minigzip ({kind}) failed: exit {r.returncode}\n"
                      + r.stderr.decode(errors="replace"))
                return 1
        back = os.path.join(tmp, "back")
        with open(outs["cubicle"], "rb") as i, open(back, "wb") as o:
            r = run([prog("zlib_minigzip"), "-d"], tmp, stdin=i, stdout=o)
        same_gz = filecmp.cmp(outs["plain"], outs["cubicle"], shallow=False)
        same_back = r.returncode == 0 and filecmp.cmp(data, back, shallow=False)
        print(f"minigzip: {os.path.getsize(data)} bytes in, "
              f"{os.path.getsize(outs['cubicle'])} compressed, "
              f"{'identical' if same_gz else 'DIFFERENT'} to the plain build; "
              f"round trip {'identical' if same_back else 'DIFFERENT'}")
        ok &= same_gz and same_back
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
