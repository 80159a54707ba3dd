//===- FaultReport.cpp - What a fault report says -------------------------===//
//
// The report of an isolation fault, in AddressSanitizer's shape: a headline
// with the access, the stack trace (StackTrace.cpp), what the address is
// (whose heap block, stack, global), the window state and a summary line;
// and the report of other errors the runtime refuses (reportError).
//
//===----------------------------------------------------------------------===//

#include "faults/FaultReport.h"
#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Report.h"
#include "core/Stats.h"
#include "faults/StackTrace.h"
#include "gates/WindowSpec.h"
#include "faults/Symbolize.h"
#include "memory/Heap.h"
#include "memory/Memory.h"
#include "scan/InsnDecode.h"
#include "threads/ThreadState.h"
#include "threads/Threads.h"
#include "windows/Windows.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

namespace cubicle {


namespace {


void describeAddress(uintptr_t Addr, Cubicle *Owner, char *Buf, size_t Len) {
  Region R;
  Cubicle *O;
  if (!Owner) {
    format(Buf, Len, "%p is not memory of any cubicle", (void *)Addr);
    return;
  }
  if (!regionOf(Addr, R, O)) {
    format(Buf, Len,
           "%p is in the area of cubicle '%s' but in no live region "
           "(a guard page, or heap not yet allocated)",
           (void *)Addr, Owner->name());
    return;
  }
  switch (R.Kind) {
  case MemKind::Heap: {
    uintptr_t Begin;
    size_t Size;
    if (heapDescribe(*Owner, Addr, Begin, Size)) {
      format(Buf, Len,
             "%p is %zu bytes inside a %zu-byte heap allocation [%p, %p) of "
             "cubicle '%s'",
             (void *)Addr, size_t(Addr - Begin), Size, (void *)Begin,
             (void *)(Begin + Size), Owner->name());
      return;
    }
    format(Buf, Len, "%p is in the heap of cubicle '%s' (allocator data)",
           (void *)Addr, Owner->name());
    return;
  }
  case MemKind::Stack: {
    int Tid = 0;
    for (ThreadState *T = Mon->Threads; T; T = T->Next) {
      uintptr_t B, E;
      if (stackRange(*Owner, *T, B, E) && Addr >= B && Addr < E)
        Tid = T->Tid;
    }
    format(Buf, Len, "%p is on the stack of cubicle '%s' in thread %d",
           (void *)Addr, Owner->name(), Tid);
    return;
  }
  case MemKind::Global:
  case MemKind::GlobalRO: {
    char Sym[128];
    uintptr_t Off = 0;
    const char *Kind = R.Kind == MemKind::Global ? "global" : "read-only global";
    if (symbolize(Addr, Sym, sizeof(Sym), &Off))
      format(Buf, Len, "%p is %zu bytes inside %s '%s' of cubicle '%s'",
             (void *)Addr, size_t(Off), Kind, Sym, Owner->name());
    else
      format(Buf, Len, "%p is in the %s data of cubicle '%s'", (void *)Addr,
             Kind, Owner->name());
    return;
  }
  default:
    format(Buf, Len, "%p is runtime data of cubicle '%s'", (void *)Addr,
           Owner->name());
  }
}

// What carried Addr into the call: a register argument of the call
// through the runtime's entry that points at or below it (within Near
// bytes), or a pointer inside memory that call lent as a copy.  Into Buf.
void carrierOf(const Transition &In, uintptr_t Addr, char *Buf, size_t Len) {
  constexpr uintptr_t Near = uintptr_t(1) << 20;
  format(Buf, Len, "the parameter or struct field that carries it");
  const uint64_t *Regs =
      reinterpret_cast<const uint64_t *>(In.CallerSp) + kXmmBytes / 8;
  for (unsigned K = 0; K < 6; ++K) {
    uintptr_t V = Regs[regArgSlot(K)];
    if (V && Addr >= V && Addr - V < Near) {
      format(Buf, Len, "parameter %u (%p, %zu bytes before it)", K + 1,
             (void *)V, size_t(Addr - V));
      return;
    }
  }
  for (int W = 0; W < In.NumWindows; ++W) {
    const CallWindow &CW = In.Windows[W];
    if (CW.InPlace || CW.Param < 0)
      continue;
    for (size_t O = 0; O + 8 <= CW.Size; O += 8) {
      uintptr_t V;
      memcpy(&V, reinterpret_cast<const void *>(CW.CallerPtr + O), 8);
      if (V && Addr >= V && Addr - V < Near) {
        format(Buf, Len,
               "the pointer at offset %zu of what parameter %d points at (a "
               "struct field: CUBICLE_FIELD_WINDOW in a port)",
               O, CW.Param + 1);
        return;
      }
    }
  }
}

// A fault on memory of the cubicle that called the faulting one: most
// likely a pointer it passed without a window.  Names the entry point and
// the annotation that would lend it.
void suggestLending(ErrorReport &R, const Cubicle &Running,
                    const Cubicle &Owner, uintptr_t Addr, const Trace &Tr) {
  if (!Tr.EnteredFrom || strcmp(Tr.EnteredFrom, Owner.name()) || Tr.Num < 2)
    return;
  const Frame &Entered = Tr.Frames[Tr.Num - 2];
  char Carrier[192];
  format(Carrier, sizeof(Carrier),
         "the parameter or struct field that carries it");
  ThreadState *T = currentThread();
  if (Tr.ViaRuntime && T && T->Depth) {
    const Transition &In = T->Trans[T->Depth - 1];
    if (In.To == Running.Id && In.From == Owner.Id)
      carrierOf(In, Addr, Carrier, sizeof(Carrier));
  }
  R.line("hint: cubicle '%s' called cubicle '%s' through %s (#%d): if it "
         "handed over this memory, lend it by annotating %s in the "
         "declaration both include: CUBICLE_WINDOW(size), "
         "CUBICLE_WINDOW_IN(size) or CUBICLE_WINDOW_CSTR (for a callback, "
         "on the parameters of its type)",
         Owner.name(), Running.name(), Entered.Name, Tr.Num - 2, Carrier);
}

} // namespace

void reportFault(Cubicle *Running, Cubicle *Owner, uintptr_t Addr,
                 ucontext_t *Uc, const char *Why) {
  greg_t *G = Uc->uc_mcontext.gregs;
  uintptr_t Pc = uintptr_t(G[REG_RIP]);
  bool Write = G[REG_ERR] & 2;
  bool Fetch = G[REG_ERR] & 0x10;
  const char *Kind = Fetch ? "EXECUTE" : Write ? "WRITE" : "READ";
  // The access size, for the headline; the decoder bounds it from above.
  unsigned Width = 0;
  DecodedInsn D;
  if (!Fetch)
    D = decodeInsn(reinterpret_cast<const uint8_t *>(Pc), 15, regsOf(Uc));
  for (int I = 0; D.Known && I < D.NumAccesses; ++I)
    if (!D.Accesses[I].Segmented && Addr >= D.Accesses[I].Addr &&
        Addr < D.Accesses[I].Addr + D.Accesses[I].Width)
      Width = D.Accesses[I].Width;
  // The report reads the owner's heap data, and the trace the stacks and
  // gate frames of the cubicles on the way in.  Where page rights switch
  // cubicles (mprotect, virtual cubicles) their memory is closed; the
  // process is about to die, so open it all for good.
  for (int I = 0; I < Mon->NumCubicles; ++I) {
    Cubicle &C = Mon->Cubicles[I];
    if (C.Used && C.Area && backend().switchesByPages(C))
      protectRegionsOf(C, true);
  }
  static Trace Tr; // monitor memory: too large for the alternate stack
  captureTrace(Uc, currentThread(), Running, Tr);
  char Func[160] = "??";
  if (Tr.Num && Tr.Frames[0].Loc[0])
    format(Func, sizeof(Func), "%s", Tr.Frames[0].Name);
  else if (Tr.Num)
    format(Func, sizeof(Func), "%s+0x%zx", Tr.Frames[0].Name,
           size_t(Tr.Frames[0].Off));
  char What[256], Win[256];
  describeAddress(Addr, Owner, What, sizeof(What));
  windowDescribe(Addr, Win, sizeof(Win));
  const char *RunName = Running ? Running->name() : "<unknown>";
  ErrorReport R("isolation fault on address %p at pc %p", (void *)Addr,
                (void *)Pc);
  if (Width && !Fetch)
    R.line("%s of size %u by cubicle '%s' in %s", Kind, Width, RunName, Func);
  else
    R.line("%s by cubicle '%s' in %s", Kind, RunName, Func);
  printTrace(Tr, Running);
  R.line("%s", What);
  R.line("window state: %s", Win);
  if (Running && Owner && Running != Owner)
    suggestLending(R, *Running, *Owner, Addr, Tr);
  if (Why)
    R.line("note: %s", Why);
  if (Owner)
    R.summary("isolation-fault: cubicle '%s' accessed memory of cubicle '%s'",
              RunName, Owner->name());
  else
    R.summary("isolation-fault: cubicle '%s' accessed the Cubicle runtime's "
              "memory",
              RunName);
  if (Running && Owner) {
    countFault(Running->Id, Owner->Id);
    ++Running->FaultsCaused;
  }
}

// Dies by SIGSEGV now, from inside the handler, so that nothing after the
// faulting instruction runs (the report may have opened memory to read it).
[[noreturn]] void dieBySegv() {
  signal(SIGSEGV, SIG_DFL);
  sigset_t Set;
  sigemptyset(&Set);
  sigaddset(&Set, SIGSEGV);
  sigprocmask(SIG_UNBLOCK, &Set, nullptr);
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGSEGV);
  _exit(128 + SIGSEGV);
}

void reportError(const char *Kind, const char *Fmt, ...) {
  char Msg[768];
  va_list Ap;
  va_start(Ap, Fmt);
  formatV(Msg, sizeof(Msg), Fmt, Ap);
  va_end(Ap);
  ErrorReport("%s", Msg).summary("%s", Kind);
  if (Mon->HaltOnError)
    abort();
}

} // namespace cubicle
