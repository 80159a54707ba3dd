//===- Stats.cpp - Cross-cubicle statistics and the call graph ------------===//
//
// Counts per caller -> callee pair: calls, window opens and isolation
// faults.  Calls made by the compiler's inline gates are counted at the call
// site (a counter per site in CUBICLE_STATS_SECTION, key-0 memory, bumped
// without atomics: exact for one thread, approximate under contention);
// everything else is counted here in monitor memory.
//
// CUBICLE_STATS=1 prints the table at exit; CUBICLE_STATS=dot:FILE also
// writes the graph in Graphviz DOT (the picture of CubicleOS's Figure 1).
//
//===----------------------------------------------------------------------===//

#include "core/Stats.h"
#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "memory/Memory.h"
#include "syscalls/SyscallPage.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

// One per gated call site, emitted by the pass (cubicle/abi.h).
struct SiteCounter {
  cubicle::DescPage *Caller;
  void *Callee;   // a descriptor, or an entry record pointing to one
  uint64_t Count;
  uint64_t IsEntry;
  cubicle::DescPage *callee() const {
    return IsEntry ? *static_cast<cubicle::DescPage *const *>(Callee)
                   : static_cast<cubicle::DescPage *>(Callee);
  }
};
extern "C" SiteCounter __start_cubicle_stats[] __attribute__((weak));
extern "C" SiteCounter __stop_cubicle_stats[] __attribute__((weak));

namespace cubicle {

namespace {
struct PairStats {
  uint64_t Calls, WindowOpens, Faults;
};
} // namespace

static PairStats *pairs() {
  if (!Mon->StatsPairs)
    Mon->StatsPairs = monitorAlloc(sizeof(PairStats) * kMaxCubicles *
                                   kMaxCubicles);
  return static_cast<PairStats *>(Mon->StatsPairs);
}

static PairStats &pair(int From, int To) {
  return pairs()[From * kMaxCubicles + To];
}

// Monitor mode.
void countWindowOpen(int Owner, int Grantee) {
  ++pair(Owner, Grantee).WindowOpens;
}
void countFault(int Running, int Owner) { ++pair(Running, Owner).Faults; }
void countCall(int From, int To) { ++pair(From, To).Calls; }

// Site counters of indirect gates are attributed per target at run time.
uint64_t *indirectCounter(int From, int To) { return &pair(From, To).Calls; }

static void printStats() {
  if (!Mon->StatsPairs)
    return;
  fflush(stdout); // keep the program's own output first
  // Fold the per-site counters into the table (reads only monitor memory
  // and key-0 counters: this runs at exit, under any cubicle's PKRU).
  auto total = [&](int From, int To) {
    uint64_t N = pair(From, To).Calls;
    for (SiteCounter *S = __start_cubicle_stats;
         S && S < __stop_cubicle_stats; ++S) {
      Cubicle *A = cubicleByDesc(S->Caller);
      Cubicle *B = cubicleByDesc(S->callee());
      if (A && B && A->Id == From && B->Id == To)
        N += S->Count;
    }
    return N;
  };
  printErr("cubicle: cross-cubicle statistics (backend %s)\n",
           backend().name());
  printErr("  %-28s %12s %12s %8s\n", "caller -> callee", "calls",
           "window opens", "faults");
  int Dot = -1;
  if (Mon->StatsDot[0]) {
    Dot = sys::openFile(Mon->StatsDot, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                        0644);
    if (Dot < 0)
      printErr("cubicle: cannot write %s\n", Mon->StatsDot);
  }
  char Buf[512];
  if (Dot >= 0) {
    size_t N = format(Buf, sizeof(Buf),
                      "digraph cubicles {\n  rankdir=LR;\n  node "
                      "[shape=box, style=rounded];\n");
    writeAll(Dot, Buf, N);
    for (int I = 1; I < Mon->NumCubicles; ++I) {
      N = format(Buf, sizeof(Buf), "  \"%s\";\n", Mon->Cubicles[I].name());
      writeAll(Dot, Buf, N);
    }
  }
  for (int A = 0; A < Mon->NumCubicles; ++A)
    for (int B = 0; B < Mon->NumCubicles; ++B) {
      PairStats &P = pair(A, B);
      uint64_t Calls = total(A, B);
      if (!Calls && !P.WindowOpens && !P.Faults)
        continue;
      char Label[128];
      format(Label, sizeof(Label), "%s -> %s", Mon->Cubicles[A].name(),
             Mon->Cubicles[B].name());
      printErr("  %-28s %12llu %12llu %8llu\n", Label,
               (unsigned long long)Calls, (unsigned long long)P.WindowOpens,
               (unsigned long long)P.Faults);
      if (Dot >= 0) {
        size_t N = format(Buf, sizeof(Buf),
                          "  \"%s\" -> \"%s\" [label=\"%llu calls", 
                          Mon->Cubicles[A].name(), Mon->Cubicles[B].name(),
                          (unsigned long long)Calls);
        if (P.WindowOpens)
          N += format(Buf + N, sizeof(Buf) - N, "\\n%llu windows",
                      (unsigned long long)P.WindowOpens);
        if (P.Faults)
          N += format(Buf + N, sizeof(Buf) - N, "\\n%llu faults",
                      (unsigned long long)P.Faults);
        N += format(Buf + N, sizeof(Buf) - N, "\"%s];\n",
                    P.Faults ? ", color=red" : "");
        writeAll(Dot, Buf, N);
      }
    }
  if (Dot >= 0) {
    writeAll(Dot, "}\n", 2);
    close(Dot);
  }
}

void statsInit() {
  pairs();
  if (Mon->StatsEnabled)
    atexit(printStats);
}

} // namespace cubicle
