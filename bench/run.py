#!/usr/bin/env python3
"""Cubicle's benchmarks, side by side in one run.

    bench/run.py BUILD_DIR [--runs N] [--size N] [--json FILE] [--quick]
                 [--only gate,window,ipc,sqlite,compile,syscalls]

Six parts, each a table on stdout and a section of the JSON file
(BUILD_DIR/bench-results.json unless --json says otherwise):

  gate     the cross-cubicle call round trip against a direct call, per
           backend this machine has; instructions per call counted by
           callgrind on the none backend (deterministic), time and TSC
           ticks per call.
  window   a call lending an annotated window of 4 KiB, 64 KiB, 1 MiB and
           64 MiB against the same function called within the cubicle.
  ipc      the same call to a component in another process: a Unix socket
           and a shared-memory channel (futex wake-ups, with and without a
           short spin first).
  sqlite   speedtest1: the plain build, cubicles on none and mprotect, and
           the VFS in another process; ratios against the plain build,
           crossings and window opens per second (CUBICLE_STATS), and an
           estimate for mpk on real hardware.
  compile  the SQLite amalgamation compiled with and without the plugin.
  syscalls system calls from cubicle code with the system-call monitor on
           and off, interleaved, and speedtest1 on a file database (the
           unix VFS in the sqlite cubicle) plain, monitor on and off.

Every figure is the median of --runs runs, with min and max.  The
benchmarks are not tests: they check only that each program ran and
(for speedtest1) printed the same verification hash as the plain build.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# FlexOS (ASPLOS'22, Xeon Silver 4114, Skylake) measured an MPK gate round
# trip with shared stacks at 62 cycles: two WRPKRUs and little else.  Half
# of it is the per-WRPKRU cost the mpk estimate charges; it is an upper
# bound on the instruction alone, so the estimate errs on the slow side.
WRPKRU_CYCLES = 31
WRPKRU_SOURCE = ("FlexOS gate round trip with shared stacks, 62 cycles on "
                 "Skylake, halved per WRPKRU")


def fail(msg):
    sys.exit("bench/run.py: " + msg)


def run(cmd, env=None, timeout=1800, cwd=None):
    full = dict(os.environ)
    full.update(env or {})
    p = subprocess.run(cmd, env=full, cwd=cwd, capture_output=True,
                       text=True, timeout=timeout)
    if p.returncode != 0:
        fail("%s failed (exit %d):\n%s" % (" ".join(cmd), p.returncode,
                                           (p.stdout + p.stderr)[-2000:]))
    return p


def summary(values):
    return {"median": statistics.median(values), "min": min(values),
            "max": max(values), "runs": len(values)}


def fmt(s, unit="", digits=2):
    return "%.*f%s [%.*f-%.*f]" % (digits, s["median"], unit, digits,
                                   s["min"], digits, s["max"])


def table(title, header, rows):
    print("\n== " + title)
    widths = [max(len(str(r[i])) for r in [header] + rows)
              for i in range(len(header))]
    for r in [header] + rows:
        print("  " + "  ".join(str(c).ljust(w) for c, w in zip(r, widths)))


def have_pku():
    try:
        with open("/proc/cpuinfo") as f:
            return " pku " in f.read().replace("\n", " ")
    except OSError:
        return False


# ---------------------------------------------------------------- gate --

GATE_RE = re.compile(r"^([\w:]+) (\d+) ([\d.]+) ns/call ([\d.]+) tsc/call "
                     r"\(result -?\d+\) tsc_ghz ([\d.]+)$")


def gatebench(exe, backend, variant, n):
    p = run([exe, variant, str(n)], env={"CUBICLE_BACKEND": backend})
    m = GATE_RE.match(p.stdout.strip())
    if not m:
        fail("gatebench printed %r" % p.stdout)
    return float(m.group(3)), float(m.group(4)), float(m.group(5))


def callgrind_instructions(exe, variant, n):
    """Instructions of a whole gatebench run (callgrind's Ir total)."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        # Lazy stacks grow on a fault, which valgrind does not deliver as
        # the runtime expects; eager stacks change nothing per call.
        # Valgrind has no seccomp (the runtime would refuse to start): the
        # system-call monitor costs nothing on the gate's path anyway.
        run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
             exe, variant, str(n)],
            env={"CUBICLE_BACKEND": "none", "CUBICLE_EAGER_STACKS": "1",
                 "CUBICLE_SYSCALLS": "off"})
        with open(out) as f:
            for line in f:
                if line.startswith("summary:") or line.startswith("totals:"):
                    return int(line.split()[1])
    fail("no instruction total in callgrind's output")


def bench_gate(args, results):
    exe = os.path.join(args.build, "bin", "gatebench")
    variants = ["direct", "gate", "pointer", "window"]
    backends = ["none", "mprotect"] + (["mpk"] if have_pku() else [])
    calls = {"none": 2_000_000, "mpk": 2_000_000, "mprotect": 2_000}
    if args.quick:
        calls = {k: v // 10 for k, v in calls.items()}
    out = {"backends": {}, "calls_per_run": calls}
    rows = []
    for b in backends:
        out["backends"][b] = {}
        for v in variants:
            ns, tsc, ghz = [], [], []
            for _ in range(args.runs):
                a, c, g = gatebench(exe, b, v, calls[b])
                ns.append(a)
                tsc.append(c)
                ghz.append(g)
            out["backends"][b][v] = {"ns_per_call": summary(ns),
                                     "tsc_per_call": summary(tsc)}
            out["tsc_ghz"] = statistics.median(ghz)
        direct = out["backends"][b]["direct"]["ns_per_call"]["median"]
        for v in variants:
            r = out["backends"][b][v]
            r["ratio_to_direct"] = r["ns_per_call"]["median"] / direct
            rows.append([b, v, fmt(r["ns_per_call"], " ns"),
                         fmt(r["tsc_per_call"], "", 1),
                         "%.1fx" % r["ratio_to_direct"]])
    table("gate round trip (median [min-max] of %d runs; TSC at %.2f GHz)" %
          (args.runs, out["tsc_ghz"]),
          ["backend", "call", "time/call", "tsc ticks/call", "vs direct"],
          rows)

    if shutil.which("valgrind"):
        n1, n2 = 1000, 11000
        ins = {}
        for v in variants:
            a = callgrind_instructions(exe, v, n1)
            b = callgrind_instructions(exe, v, n2)
            ins[v] = (b - a) / (n2 - n1)
        out["instructions_none"] = {
            v: {"per_call": ins[v], "beyond_direct": ins[v] - ins["direct"]}
            for v in variants}
        table("instructions per call on none (callgrind; the difference of "
              "runs of %d and %d calls)" % (n2, n1),
              ["call", "instructions", "beyond a direct call"],
              [[v, "%.1f" % ins[v], "%+.1f" % (ins[v] - ins["direct"])]
               for v in variants])
    else:
        print("\n(no valgrind: instruction counts left out)")
    results["gate"] = out


# -------------------------------------------------------------- window --

WINDOW_SIZES = [("4 KiB", 4 << 10), ("64 KiB", 64 << 10), ("1 MiB", 1 << 20),
                ("64 MiB", 64 << 20)]


def bench_window(args, results):
    """A call lending an annotated read-only window of each size, against
    the same function called within the cubicle; the callee reads one byte
    per page, so the figure is the cost of lending, not of reading."""
    exe = os.path.join(args.build, "bin", "gatebench")
    backends = ["none", "mprotect"] + (["mpk"] if have_pku() else [])
    calls = {"none": 20_000, "mpk": 20_000, "mprotect": 200}
    if args.quick:
        calls = {k: v // 10 for k, v in calls.items()}
    out = {"calls_per_run": calls, "backends": {}}
    rows = []
    for b in backends:
        out["backends"][b] = {}
        for label, size in WINDOW_SIZES:
            r = {}
            for v in ("local", "window"):
                ns = [gatebench(exe, b, "%s:%d" % (v, size), calls[b])[0]
                      for _ in range(args.runs)]
                r[v] = {"ns_per_call": summary(ns)}
            local = r["local"]["ns_per_call"]["median"]
            win = r["window"]["ns_per_call"]["median"]
            r["lending_ns"] = win - local
            r["ratio_to_local"] = win / local
            out["backends"][b][label] = r
            rows.append([b, label, "copied" if size < (64 << 10) else
                         "in place", fmt(r["window"]["ns_per_call"], " ns"),
                         fmt(r["local"]["ns_per_call"], " ns"),
                         "%.0f ns" % (win - local),
                         "%.1fx" % r["ratio_to_local"]])
    table("annotated window, read-only, one byte read per page (median "
          "[min-max] of %d runs)" % args.runs,
          ["backend", "size", "lent", "windowed call", "local call",
           "lending", "vs local"], rows)
    results["window"] = out


# ----------------------------------------------------------------- ipc --

IPC_RE = re.compile(r"^(\S+) (\d+) ([\d.]+) ns/call")


def bench_ipc(args, results):
    exe = os.path.join(args.build, "bin", "ipcbench")
    n = 20_000 if args.quick else 200_000
    out = {"calls_per_run": n, "modes": {}}
    rows = []
    for mode in ["socket", "shm", "shm-spin"]:
        ns = []
        for _ in range(args.runs):
            p = run([exe, mode, str(n)])
            m = IPC_RE.match(p.stdout.strip())
            if not m:
                fail("ipcbench printed %r" % p.stdout)
            ns.append(float(m.group(3)))
        out["modes"][mode] = {"ns_per_call": summary(ns)}
        rows.append([mode, fmt(out["modes"][mode]["ns_per_call"], " ns")])
    gate = results.get("gate", {}).get("backends", {}).get("none", {})
    if "gate" in gate:
        g = gate["gate"]["ns_per_call"]["median"]
        for mode, r in out["modes"].items():
            r["ratio_to_gate_none"] = r["ns_per_call"]["median"] / g
        rows = [r + ["%.0fx" % out["modes"][r[0]]["ratio_to_gate_none"]]
                for r in rows]
        header = ["channel", "time/call", "vs gate on none"]
    else:
        header = ["channel", "time/call"]
    table("a call to another process (median [min-max] of %d runs, %d "
          "calls each; %d CPUs)" % (args.runs, n, os.cpu_count()), header,
          rows)
    results["ipc"] = out


# -------------------------------------------------------------- sqlite --

TOTAL_RE = re.compile(r"TOTAL\.+\s+([\d.]+)s")
HASH_RE = re.compile(r"^Verification Hash: (\S+)", re.M)
STATS_RE = re.compile(r"^\s+(\S+) -> (\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$",
                      re.M)


def speedtest(exe, size, env, tmp, extra=()):
    db = os.path.join(tmp, "speedtest.db")
    if os.path.exists(db):
        os.unlink(db)
    t0 = time.monotonic()
    p = run([exe, "--size", str(size), "--mmap", "0", "--stats", "--verify"] +
            list(extra) + [db], env=env, timeout=3600)
    wall = time.monotonic() - t0
    h = HASH_RE.search(p.stdout)
    if not h:
        fail("%s printed no verification hash" % exe)
    return wall, h.group(1), p


def crossings(stderr):
    calls = opens = 0
    for m in STATS_RE.finditer(stderr):
        if m.group(1) != "<trusted>":
            calls += int(m.group(3))
            opens += int(m.group(4))
    return calls, opens


def bench_sqlite(args, results):
    b = os.path.join(args.build, "bin")
    plain, cub, ipc = (os.path.join(b, x) for x in
                       ("speedtest1_plain", "speedtest1", "speedtest1_ipc"))
    size, msize = args.size, args.mprotect_size
    configs = [
        ("plain", plain, size, {}),
        ("cubicles-none", cub, size, {"CUBICLE_BACKEND": "none"}),
        ("ipc-vfs-spin", ipc, size, {}),
        ("ipc-vfs-futex", ipc, size, {"IPCVFS_SPIN": "0"}),
        ("plain@%d" % msize, plain, msize, {}),
        ("cubicles-mprotect@%d" % msize, cub, msize,
         {"CUBICLE_BACKEND": "mprotect"}),
    ]
    if have_pku():
        configs.insert(2, ("cubicles-mpk", cub, size,
                           {"CUBICLE_BACKEND": "mpk"}))
    out = {"size": size, "mprotect_size": msize, "configs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        hashes = {}
        for name, exe, sz, env in configs:
            walls = []
            for _ in range(args.runs):
                w, h, _ = speedtest(exe, sz, env, tmp)
                walls.append(w)
                hashes.setdefault(sz, h)
                if h != hashes[sz]:
                    fail("%s: verification hash %s, plain build %s" %
                         (name, h, hashes[sz]))
            out["configs"][name] = {"size": sz, "seconds": summary(walls)}
        # One more run of each cubicle build counts its crossings (the
        # counters cost a little, so the timed runs go without them).
        for name, exe, sz, env in configs:
            if exe != cub:
                continue
            e = dict(env, CUBICLE_STATS="1")
            if name == "cubicles-none":
                e["CUBICLE_STATS"] = "dot:" + os.path.join(
                    args.build, "speedtest1-calls.dot")
            _, _, p = speedtest(exe, sz, e, tmp)
            c, o = crossings(p.stderr)
            r = out["configs"][name]
            t = r["seconds"]["median"]
            r.update({"crossings": c, "window_opens": o,
                      "crossings_per_s": c / t, "window_opens_per_s": o / t})
    base = {size: out["configs"]["plain"]["seconds"]["median"],
            msize: out["configs"]["plain@%d" % msize]["seconds"]["median"]}
    for name, r in out["configs"].items():
        r["ratio_to_plain"] = r["seconds"]["median"] / base[r["size"]]
    none = out["configs"]["cubicles-none"]
    ghz = results.get("gate", {}).get("tsc_ghz") or tsc_ghz(args)
    extra = none["crossings"] * 2 * WRPKRU_CYCLES / (ghz * 1e9)
    est = none["seconds"]["median"] + extra
    out["mpk_estimate"] = {
        "seconds": est, "ratio_to_plain": est / base[size],
        "wrpkru_cycles": WRPKRU_CYCLES, "source": WRPKRU_SOURCE,
        "clock_ghz": ghz,
        "note": "estimate: none time plus crossings x 2 WRPKRU; window "
                "opens copy on mpk as on none (no system call)"}
    spin = out["configs"]["ipc-vfs-spin"]["seconds"]["median"]
    out["ipc_over_cubicles_none"] = spin / none["seconds"]["median"]
    rows = []
    for name, r in out["configs"].items():
        rows.append([name, r["size"], fmt(r["seconds"], " s"),
                     "%.2fx" % r["ratio_to_plain"],
                     "%.0f" % r["crossings_per_s"] if "crossings" in r
                     else "", "%.0f" % r["window_opens_per_s"]
                     if "crossings" in r else ""])
    rows.append(["mpk (estimate)", size, "%.2f s" % est,
                 "%.2fx" % (est / base[size]), "", ""])
    table("speedtest1 --mmap 0 --stats --verify (median [min-max] of %d "
          "runs)" % args.runs,
          ["configuration", "size", "time", "vs plain", "crossings/s",
           "window opens/s"], rows)
    print("  mpk estimate: none time + %d crossings x 2 WRPKRU x %d cycles "
          "at %.2f GHz (%s)" % (none["crossings"], WRPKRU_CYCLES, ghz,
                                WRPKRU_SOURCE))
    dot = os.path.join(args.build, "speedtest1-calls.dot")
    if os.path.exists(dot) and shutil.which("dot"):
        svg = dot[:-4] + ".svg"
        run(["dot", "-Tsvg", dot, "-o", svg])
        out["call_graph_svg"] = svg
        print("  call graph between cubicles: " + svg)
    results["sqlite"] = out


def bench_syscalls(args, results):
    """System calls from cubicle code, monitor on and off, interleaved."""
    exe = os.path.join(args.build, "bin", "syscallbench")
    n = {"getpid": 2000000, "read": 1000000, "mmap": 200000,
         "mprotect": 500000, "open": 200000}
    if args.quick:
        n = {k: v // 10 for k, v in n.items()}
    out = {}
    rows = []
    for what in ("getpid", "read", "mmap", "mprotect", "open"):
        per = {"on": [], "off": []}
        for _ in range(args.runs):
            for mode in ("on", "off"):
                p = run([exe, what, str(n[what])],
                        env={"CUBICLE_BACKEND": "none",
                             "CUBICLE_SYSCALLS": mode})
                per[mode].append(float(p.stdout.split()[1]))
        on, off = summary(per["on"]), summary(per["off"])
        out[what] = {"on_ns": on, "off_ns": off,
                     "ratio": on["median"] / off["median"],
                     "extra_ns": on["median"] - off["median"]}
        rows.append([what, fmt(off, " ns", 1), fmt(on, " ns", 1),
                     "%.2fx" % out[what]["ratio"],
                     "%+.0f ns" % out[what]["extra_ns"]])
    table("system calls from cubicle code on none (median [min-max] of %d "
          "runs, interleaved)" % args.runs,
          ["call", "monitor off", "monitor on", "ratio", "extra"], rows)
    # speedtest1 on a file database: the unix VFS in the sqlite cubicle, its
    # file system calls under the monitor; no fsync (--nosync).
    b = os.path.join(args.build, "bin")
    plain = os.path.join(b, "speedtest1_file_plain")
    cub = os.path.join(b, "speedtest1_file")
    walls = {"plain": [], "on": [], "off": []}
    hashes = set()
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs):
            for mode in ("plain", "on", "off"):
                exe = plain if mode == "plain" else cub
                env = {} if mode == "plain" else {
                    "CUBICLE_BACKEND": "none", "CUBICLE_SYSCALLS": mode}
                w, h, _ = speedtest(exe, args.size, env, tmp, ["--nosync"])
                walls[mode].append(w)
                hashes.add(h)
    if len(hashes) != 1:
        fail("speedtest1 on a file: verification hashes differ: %s" %
             sorted(hashes))
    sm = {k: summary(v) for k, v in walls.items()}
    out["speedtest1_file"] = {
        "size": args.size, "seconds": sm,
        "on_over_off": sm["on"]["median"] / sm["off"]["median"],
        "off_over_plain": sm["off"]["median"] / sm["plain"]["median"]}
    table("speedtest1 --size %d on a file database (unix VFS in the sqlite "
          "cubicle, none), %d runs interleaved" % (args.size, args.runs),
          ["build", "time", "ratio"],
          [["plain", fmt(sm["plain"], " s", 2), "1.00x"],
           ["cubicles, monitor off", fmt(sm["off"], " s", 2),
            "%.2fx plain" % out["speedtest1_file"]["off_over_plain"]],
           ["cubicles, monitor on", fmt(sm["on"], " s", 2),
            "%.2fx off" % out["speedtest1_file"]["on_over_off"]]])
    results["syscalls"] = out


def tsc_ghz(args):
    _, _, g = gatebench(os.path.join(args.build, "bin", "gatebench"),
                        "none", "direct", 1_000_000)
    return g


# ------------------------------------------------------------- compile --

def bench_compile(args, results):
    src = os.path.join(args.build, "sqlite", "sqlite3.c")
    cc = os.path.join(args.build, "bin", "cubicle-cc")
    clang = shutil.which("clang-19") or fail("no clang-19")
    opts = ["-O2", "-c", src, "-DSQLITE_OMIT_LOAD_EXTENSION",
            "-DSQLITE_THREADSAFE=0", "-w"]
    runs = max(1, args.runs if not args.quick else 1)
    out = {"source": "sqlite3.c (the amalgamation)", "flags": opts[:1]}
    with tempfile.TemporaryDirectory() as tmp:
        o = os.path.join(tmp, "sqlite3.o")
        for name, cmd in [("clang-19", [clang]),
                          ("cubicle-cc", [cc, "--cubicle=sqlite"])]:
            t = []
            for _ in range(runs):
                t0 = time.monotonic()
                run(cmd + opts + ["-o", o])
                t.append(time.monotonic() - t0)
            out[name] = {"seconds": summary(t)}
    out["overhead"] = (out["cubicle-cc"]["seconds"]["median"] /
                       out["clang-19"]["seconds"]["median"] - 1)
    table("compiling the SQLite amalgamation at -O2 (median [min-max] of %d "
          "runs)" % runs, ["compiler", "time", "overhead"],
          [["clang-19", fmt(out["clang-19"]["seconds"], " s"), ""],
           ["cubicle-cc", fmt(out["cubicle-cc"]["seconds"], " s"),
            "%+.1f%%" % (100 * out["overhead"])]])
    results["compile"] = out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build", help="the build directory (./run.sh builds it)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--size", type=int, default=100,
                    help="speedtest1 --size (CubicleOS used 100)")
    ap.add_argument("--mprotect-size", type=int, default=10,
                    help="speedtest1 --size on mprotect, where a crossing "
                    "costs about twenty system calls (--size 100 takes "
                    "about 9 minutes a run; the test suite runs it once)")
    ap.add_argument("--quick", action="store_true",
                    help="fewer calls and runs, size 10: a smoke run")
    ap.add_argument("--only", default="gate,window,ipc,sqlite,compile,syscalls")
    ap.add_argument("--json")
    args = ap.parse_args()
    if args.quick:
        args.runs = min(args.runs, 2)
        args.size = min(args.size, 10)
        args.mprotect_size = 1
    args.build = os.path.abspath(args.build)
    if not os.path.isdir(os.path.join(args.build, "bin")):
        fail("%s is not a Cubicle build directory" % args.build)
    parts = args.only.split(",")
    for p in parts:
        if p not in ("gate", "window", "ipc", "sqlite", "compile",
                     "syscalls"):
            fail("--only: unknown part %r" % p)
    results = {"machine": {
        "cpu": cpu_model(), "cpus": os.cpu_count(),
        "kernel": platform.release(), "pku": have_pku(),
        "date": time.strftime("%Y-%m-%d")}, "runs": args.runs}
    print("Cubicle benchmarks on %s (%d CPUs, kernel %s, PKU %s)" %
          (results["machine"]["cpu"], os.cpu_count(), platform.release(),
           "yes" if have_pku() else "no"))
    for name, fn in [("gate", bench_gate), ("window", bench_window),
                     ("ipc", bench_ipc),
                     ("sqlite", bench_sqlite), ("compile", bench_compile),
                     ("syscalls", bench_syscalls)]:
        if name in parts:
            fn(args, results)
    path = args.json or os.path.join(args.build, "bench-results.json")
    with open(path, "w") as f:
        json.dump(results, f, indent=2)
    print("\nresults: " + path)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


if __name__ == "__main__":
    main()
