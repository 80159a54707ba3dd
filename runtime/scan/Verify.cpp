//===- Verify.cpp - The start-up code scan --------------------------------===//
//
// Before the first cubicle runs, scans every executable segment of the
// program (CodeScan.h) as cubicle-verify scans the file: cubicle code may
// hold WRPKRUs only inside gates and no system-call or XRSTOR instruction
// at any byte offset; the rest of the executable (the runtime, static libc)
// may hold WRPKRUs only in the runtime's checked shapes.  A finding refuses
// the program: it could undo isolation.
//
// Shared libraries loaded with the program (libc.so, ld.so, the vDSO) are
// the trusted base: built without the plugin, not ours to refuse.  They are
// scanned too and their WRPKRU/XRSTOR gadgets counted (reported with
// CUBICLE_VERBOSE=1); the threat model says what that trust means.
//
// CUBICLE_VERIFY=0 skips the scan, loudly.
//
//===----------------------------------------------------------------------===//

#include "scan/Verify.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/MonitorState.h"
#include "core/Report.h"
#include "faults/Symbolize.h"
#include "scan/CodeScan.h"

#include <link.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern "C" char __start_cubicle_text[] __attribute__((weak));
extern "C" char __stop_cubicle_text[] __attribute__((weak));
extern "C" [[noreturn]] void __cubicle_gate_check_failed();
extern "C" [[noreturn]] void __cubicle_pkru_check_failed();

namespace cubicle {

namespace {

constexpr int kMaxReported = 16;

struct ScanState {
  bool MainDone;
  size_t Forbidden;       // in the program itself
  size_t LibraryGadgets;  // WRPKRU/XRSTOR in shared libraries
  size_t Gates, RuntimeSites;
};

void printBytes(uintptr_t Addr, uintptr_t Lo, uintptr_t Hi) {
  uintptr_t From = Addr >= Lo + 8 ? Addr - 8 : Lo;
  uintptr_t To = Addr + 11 <= Hi ? Addr + 11 : Hi;
  printErr("    bytes:");
  for (uintptr_t P = From; P < To; ++P)
    printErr(P == Addr ? " [%02x" : P == Addr + 2 ? " %02x]" : " %02x",
             *reinterpret_cast<const uint8_t *>(P));
  printErr("\n");
}

struct RangeCtx {
  ScanState *S;
  uintptr_t Lo, Hi;
  bool Program;
};

void onFinding(const scan::Finding &F, void *Ctx) {
  auto *R = static_cast<RangeCtx *>(Ctx);
  if (F.V == scan::Verdict::Gate) {
    ++R->S->Gates;
    return;
  }
  if (F.V == scan::Verdict::Runtime) {
    ++R->S->RuntimeSites;
    return;
  }
  if (!R->Program) {
    ++R->S->LibraryGadgets;
    return;
  }
  if (F.V != scan::Verdict::Forbidden)
    return;
  if (R->S->Forbidden++ == 0)
    ErrorReport("refusing to run: code that could undo isolation");
  if (R->S->Forbidden > kMaxReported)
    return;
  char Sym[128] = "??";
  uintptr_t Off = 0;
  symbolize(uintptr_t(F.Addr), Sym, sizeof(Sym), &Off);
  printErr("  %s at %p (%s+0x%zx) in %s code: %s\n", scan::kindName(F.K),
           reinterpret_cast<void *>(F.Addr), Sym, size_t(Off),
           F.Addr >= uintptr_t(__start_cubicle_text) &&
                   F.Addr < uintptr_t(__stop_cubicle_text)
               ? "cubicle"
               : "trusted",
           F.Why ? F.Why : "");
  printBytes(uintptr_t(F.Addr), R->Lo, R->Hi);
}

void scanRange(ScanState &S, uintptr_t Lo, uintptr_t Hi, scan::Region Region,
               bool Program, const uint64_t *Anchors = nullptr,
               size_t NumAnchors = 0) {
  if (Hi <= Lo)
    return;
  RangeCtx Ctx{&S, Lo, Hi, Program};
  scan::Code C{reinterpret_cast<const uint8_t *>(Lo), Hi - Lo, Lo, Region,
               Anchors, NumAnchors};
  scan::Targets T{uintptr_t(&__cubicle_gate_check_failed),
                  uintptr_t(&__cubicle_pkru_check_failed)};
  scan::scanCode(C, T, onFinding, &Ctx);
}

int onObject(struct dl_phdr_info *Info, size_t, void *Data) {
  auto &S = *static_cast<ScanState *>(Data);
  // The first object is the program itself.
  bool Program = !S.MainDone;
  S.MainDone = true;
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    if (P.p_type != PT_LOAD || !(P.p_flags & PF_X) || !(P.p_flags & PF_R))
      continue;
    uintptr_t Lo = Info->dlpi_addr + P.p_vaddr, Hi = Lo + P.p_memsz;
    uintptr_t TB = uintptr_t(__start_cubicle_text),
              TE = uintptr_t(__stop_cubicle_text);
    if (Program && TB && TB >= Lo && TE <= Hi) {
      scanRange(S, Lo, TB, scan::Region::Trusted, true);
      // The functions' starts, so that classifying a finding sweeps one
      // function, not all cubicle code before it.
      uint64_t *Starts;
      size_t Bytes, N = functionStarts(TB, TE, &Starts, &Bytes);
      scanRange(S, TB, TE, scan::Region::Cubicle, true, Starts, N);
      if (Starts)
        munmap(Starts, Bytes);
      scanRange(S, TE, Hi, scan::Region::Trusted, true);
    } else {
      scanRange(S, Lo, Hi, scan::Region::Trusted, Program);
    }
  }
  return 0;
}

} // namespace

void verifyCode() {
  const char *Env = env("CUBICLE_VERIFY");
  if (Env && !strcmp(Env, "0")) {
    printErr("cubicle: WARNING: CUBICLE_VERIFY=0: the start-up code scan is "
             "OFF; code that can undo isolation (stray WRPKRU, XRSTOR, "
             "system calls in cubicles) will not be refused\n");
    return;
  }
  ScanState S = {};
  dl_iterate_phdr(onObject, &S);
  if (S.Forbidden) {
    if (S.Forbidden > size_t(kMaxReported))
      printErr("  ... and %zu more\n", S.Forbidden - kMaxReported);
    ErrorReport::summary("code-scan: %zu finding(s); run cubicle-verify on "
                         "the program for the full report",
                         S.Forbidden);
    _exit(kVerifyRefusedExit);
  }
  if (Mon->Verbose)
    printErr("cubicle: code scan: %zu gate WRPKRUs, %zu runtime WRPKRUs, %zu "
             "WRPKRU/XRSTOR in shared libraries (trusted base)\n",
             S.Gates, S.RuntimeSites, S.LibraryGadgets);
}

} // namespace cubicle
