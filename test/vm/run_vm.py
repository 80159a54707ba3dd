#!/usr/bin/env python3
"""Runs a batch of test programs under real MPK.

On a host whose CPU and kernel support PKU the programs run natively.
Otherwise they are packed into one initramfs with busybox and run in
`qemu-system-x86_64 -accel tcg -cpu max`, which emulates PKU faithfully:
one VM boot for the whole batch.  A dynamic program brings the shared
libraries ldd finds for it, at the same paths.

The manifest has one test per line:  NAME  ENV=VAL... -- PROGRAM ARGS...
(ENV part optional; PROGRAM is a path on the host; an argument @PATH is a
host file the program needs, carried into the VM and passed as its path
there).  For each test the
runner writes OUT/NAME.log (its output) and OUT/NAME.rc (its exit status,
or "missing" if the VM never reported it).  It exits non-zero if the VM
could not be run at all; per-test results are judged by check_result.py.
"""

import argparse
import glob
import gzip
import io
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile


def parse_manifest(path):
    tests = []
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            words = shlex.split(line)
            if "--" not in words:
                sys.exit(f"{path}:{lineno}: expected NAME [ENV=VAL...] -- PROGRAM [ARGS...]")
            sep = words.index("--")
            name, env, argv = words[0], words[1:sep], words[sep + 1:]
            if not re.fullmatch(r"[A-Za-z0-9_.-]+", name) or not argv:
                sys.exit(f"{path}:{lineno}: bad test name or no program")
            tests.append((name, env, argv))
    return tests


def host_has_pku():
    try:
        with open("/proc/cpuinfo") as f:
            flags = f.read()
        return " pku " in flags and " ospke " in flags
    except OSError:
        return False


def run_native(tests, out, timeout):
    for name, env, argv in tests:
        environ = dict(os.environ)
        environ.update(e.split("=", 1) for e in env)
        argv = [argv[0]] + [a[1:] if a.startswith("@") else a for a in argv[1:]]
        try:
            with tempfile.TemporaryDirectory() as cwd:
                p = subprocess.run(argv, env=environ, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, timeout=timeout,
                                   cwd=cwd)
            rc = p.returncode if p.returncode >= 0 else 128 - p.returncode
            log = p.stdout
        except subprocess.TimeoutExpired as e:
            rc, log = "timeout", e.stdout or b""
        with open(os.path.join(out, name + ".log"), "wb") as f:
            f.write(log)
        with open(os.path.join(out, name + ".rc"), "w") as f:
            f.write(f"{rc}\n")


def cpio_newc(entries):
    """entries: list of (path, mode, data bytes or symlink target)."""
    buf = io.BytesIO()
    ino = 1
    for path, mode, data in entries + [("TRAILER!!!", 0, b"")]:
        name = path.encode() + b"\0"
        if isinstance(data, str):
            data = data.encode()
        hdr = "070701" + "".join(f"{v:08x}" for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0))
        buf.write(hdr.encode() + name)
        buf.write(b"\0" * ((4 - (110 + len(name)) % 4) % 4))
        buf.write(data)
        buf.write(b"\0" * ((4 - len(data) % 4) % 4))
        ino += 1
    return buf.getvalue()


def shared_libraries(program):
    """The shared objects (loader included) a dynamic program needs, by the
    path it will look them up at; [] for a static program."""
    p = subprocess.run(["ldd", program], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    libs = []
    for line in p.stdout.splitlines():
        m = re.match(r"\s*(?:\S+ => )?(/\S+) \(0x[0-9a-f]+\)", line)
        if m:
            libs.append(m.group(1))
        elif "not found" in line:
            sys.exit(f"run_vm: {program}: {line.strip()}")
    return libs


def build_initrd(tests, path):
    busybox = shutil.which("busybox") or "/bin/busybox"
    entries = []
    for d in ("bin", "t", "proc", "sys", "dev", "tmp"):
        entries.append((d, stat.S_IFDIR | 0o755, b""))
    with open(busybox, "rb") as f:
        entries.append(("bin/busybox", stat.S_IFREG | 0o755, f.read()))
    for tool in ("sh", "mount", "poweroff", "echo", "cat", "env", "timeout", "cmp"):
        entries.append((f"bin/{tool}", stat.S_IFLNK | 0o777, "busybox"))
    programs = {}
    dirs, libs = {"bin", "t", "proc", "sys", "dev", "tmp"}, set()
    for _, _, argv in tests:
        for host in [argv[0]] + [a[1:] for a in argv[1:] if a.startswith("@")]:
            if host in programs:
                continue
            programs[host] = f"/t/{len(programs)}_{os.path.basename(host)}"
            with open(host, "rb") as f:
                entries.append((programs[host][1:], stat.S_IFREG | 0o755, f.read()))
            if host == argv[0]:
                libs.update(shared_libraries(host))
    for lib in sorted(libs):
        parts = lib.strip("/").split("/")
        for i in range(1, len(parts)):
            d = "/".join(parts[:i])
            if d not in dirs:
                dirs.add(d)
                entries.append((d, stat.S_IFDIR | 0o755, b""))
        with open(os.path.realpath(lib), "rb") as f:
            entries.append(("/".join(parts), stat.S_IFREG | 0o755, f.read()))
    script = ["#!/bin/sh", "mount -t proc proc /proc", "mount -t sysfs sys /sys",
              "mount -t devtmpfs dev /dev 2>/dev/null", "mount -t tmpfs tmp /tmp",
              "cd /tmp", "echo @@CUBICLE-VM-UP"]
    for name, env, argv in tests:
        args = [programs[a[1:]] if a.startswith("@") else a for a in argv[1:]]
        cmd = " ".join(shlex.quote(a) for a in [programs[argv[0]]] + args)
        envs = " ".join(shlex.quote(e) for e in env)
        script.append(f"echo @@CUBICLE-BEGIN {name}")
        script.append(f"env {envs} {cmd} 2>&1")
        script.append(f"echo @@CUBICLE-END {name} $?")
    script += ["echo @@CUBICLE-VM-DONE", "poweroff -f"]
    entries.append(("init", stat.S_IFREG | 0o755, "\n".join(script) + "\n"))
    with gzip.open(path, "wb", compresslevel=1) as f:
        f.write(cpio_newc(entries))


def run_vm(tests, out, timeout, smp, kernel):
    with tempfile.TemporaryDirectory() as tmp:
        initrd = os.path.join(tmp, "initrd.gz")
        build_initrd(tests, initrd)
        cmd = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m", "1024",
               "-smp", str(smp), "-nographic", "-no-reboot", "-kernel", kernel,
               "-initrd", initrd, "-append",
               "console=ttyS0 quiet loglevel=1 panic=-1 oops=panic"]
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, timeout=timeout)
            console = p.stdout.decode(errors="replace")
        except subprocess.TimeoutExpired as e:
            console = (e.stdout or b"").decode(errors="replace")
            console += "\n@@CUBICLE-VM-TIMEOUT\n"
    with open(os.path.join(out, "console.log"), "w") as f:
        f.write(console)
    console = console.replace("\r\n", "\n")
    for name, _, _ in tests:
        m = re.search(rf"^@@CUBICLE-BEGIN {re.escape(name)}\n(.*?)^@@CUBICLE-END {re.escape(name)} (\d+)$",
                      console, re.S | re.M)
        if m:
            log, rc = m.group(1), m.group(2)
        else:
            begin = console.find(f"@@CUBICLE-BEGIN {name}\n")
            log = console[begin:] if begin >= 0 else ""
            rc = "missing"
        with open(os.path.join(out, name + ".log"), "w") as f:
            f.write(log)
        with open(os.path.join(out, name + ".rc"), "w") as f:
            f.write(f"{rc}\n")
    if "@@CUBICLE-VM-UP" not in console:
        sys.exit("run_vm: the VM did not boot; see " + os.path.join(out, "console.log"))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("manifest")
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=int, default=1200)
    ap.add_argument("--smp", type=int, default=2)
    ap.add_argument("--kernel", default=None)
    ap.add_argument("--force-vm", action="store_true",
                    help="use the VM even if the host has PKU")
    args = ap.parse_args()
    tests = parse_manifest(args.manifest)
    os.makedirs(args.out, exist_ok=True)
    for f in glob.glob(os.path.join(args.out, "*.rc")):
        os.remove(f)
    if host_has_pku() and not args.force_vm:
        print("run_vm: host has PKU; running the batch natively")
        run_native(tests, args.out, args.timeout)
        return
    kernel = args.kernel or (sorted(glob.glob("/boot/vmlinuz-*")) or [None])[-1]
    if not kernel or not os.access(kernel, os.R_OK):
        sys.exit("run_vm: no readable kernel in /boot (install linux-image-amd64)")
    if not shutil.which("qemu-system-x86_64"):
        sys.exit("run_vm: qemu-system-x86_64 not found (install qemu-system-x86)")
    print(f"run_vm: {len(tests)} tests in one VM ({kernel})")
    run_vm(tests, args.out, args.timeout, args.smp, kernel)


if __name__ == "__main__":
    main()
