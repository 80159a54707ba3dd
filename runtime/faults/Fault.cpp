//===- Fault.cpp - The fault handler: lazy stacks, windows, reports -------===//
//
// One SIGSEGV handler serves four purposes, tried in this order:
//
//   1. lazy stacks: the first push on a cubicle's stack in a new thread
//      lands in the lazy region (Threads.cpp); create the stack, move the
//      registers that point into the slot, retry;
//   2. stale rights (mpk): a thread whose PKRU predates a window change
//      touches memory its cubicle may now access; give it the new PKRU;
//   3. sub-page windows: an access by a grantee to the partial page of a
//      window (Windows.cpp).  The instruction is decoded; if every byte it
//      touches is inside a window open to the running cubicle or memory that
//      cubicle may touch anyway, it runs once with the page opened and the
//      trap flag set, and SIGTRAP closes the page again;
//   4. otherwise, an isolation fault: an AddressSanitizer-style report, then
//      death by SIGSEGV.
//
// Faults that involve no cubicle memory go to the handler that was installed
// before (or the default action).
//
// Linux starts handlers with PKRU 0x55555554 and writes the signal frame
// under the interrupted PKRU (the 6.1 kernel does), so the handler runs on
// an alternate stack with key 0 and elevates to the monitor PKRU itself.  It
// only trusts a frame that lies on this thread's alternate stack.
//
//===----------------------------------------------------------------------===//

#include "faults/Fault.h"
#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Pkru.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "core/SpinLock.h"
#include "faults/FaultReport.h"
#include "memory/Memory.h"
#include "scan/InsnDecode.h"
#include "threads/Signals.h"
#include "threads/ThreadState.h"
#include "threads/Threads.h"
#include "windows/Windows.h"

#include <cpuid.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

namespace cubicle {


namespace {

// What the handlers need before they can read monitor memory.  Key 0 (the
// handler starts with PKRU 0x55555554), on a page of its own that becomes
// read-only once start-up is over.
struct alignas(kPageSize) HandlerConsts {
  bool UsesWrpkru;
};
__attribute__((section("cubicle_consts"))) HandlerConsts gHandlerConsts;

constexpr size_t kAltStackSize = 64 * 1024;
constexpr uint64_t kTrapFlag = 0x100;
constexpr int kPkruComponent = 9;
constexpr uint32_t kMaxRetries = 100000; // of one access that should not fault

} // namespace

void handlerEnterMonitor() {
  // Handlers start with PKRU 0x55555554: monitor memory is out of reach
  // until the WRPKRU, so whether to do it is read from key-0 memory.
  if (gHandlerConsts.UsesWrpkru)
    monitorPkruEnter();
}

void exitHandlerPkru() {
  if (!backend().usesWrpkru())
    return;
  __asm__ volatile("xor %%ecx, %%ecx\n\t"
                   "xor %%edx, %%edx\n\t"
                   "mov %0, %%eax\n\t"
                   "wrpkru\n\t"
                   "cmp %0, %%eax\n\t"
                   "je 1f\n\t"
                   "call __cubicle_pkru_check_failed\n"
                   "1:"
                   :
                   : "i"(kPkruInit)
                   : "rax", "rcx", "rdx", "memory", "cc");
}

uint32_t *framePkru(ucontext_t *Uc) {
  unsigned Offset = Mon->PkruXsaveOffset;
  if (!Uc->uc_mcontext.fpregs || !Offset)
    return nullptr;
  auto *Xsave = reinterpret_cast<uint8_t *>(Uc->uc_mcontext.fpregs);
  auto *XstateBv = reinterpret_cast<uint64_t *>(Xsave + 512);
  // PKRU in its init state reads as 0 and would be restored as 0; make the
  // component present so that what we write is what sigreturn restores.
  *XstateBv |= uint64_t(1) << kPkruComponent;
  return reinterpret_cast<uint32_t *>(Xsave + Offset);
}

bool onAltStack(ThreadState &T, const void *P, size_t Len) {
  uintptr_t A = uintptr_t(P), Begin = uintptr_t(T.AltStack);
  return A >= Begin && A + Len <= Begin + kAltStackSize;
}

RegView regsOf(const ucontext_t *Uc) {
  const greg_t *G = Uc->uc_mcontext.gregs;
  RegView R;
  static const int Order[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX,
                                REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                REG_R8,  REG_R9,  REG_R10, REG_R11,
                                REG_R12, REG_R13, REG_R14, REG_R15};
  for (int I = 0; I < 16; ++I)
    R.Gpr[I] = uint64_t(G[Order[I]]);
  R.Rip = uint64_t(G[REG_RIP]);
  return R;
}

namespace {


void chain(struct sigaction &Prev, int Sig, siginfo_t *Info, void *Ctx) {
  // A handler a cubicle installed runs in that cubicle.
  if (deliverSignal(Sig, Info, static_cast<ucontext_t *>(Ctx)))
    return exitHandlerPkru();
  if (Mon->Verbose) {
    auto *Uc = static_cast<ucontext_t *>(Ctx);
    printErr("cubicle: signal %d (code %d) at %p, pc %p, not an isolation "
             "fault; passing it on\n",
             Sig, Info->si_code, Info->si_addr,
             (void *)Uc->uc_mcontext.gregs[REG_RIP]);
  }
  exitHandlerPkru();
  if (Prev.sa_flags & SA_SIGINFO) {
    if (Prev.sa_sigaction) {
      Prev.sa_sigaction(Sig, Info, Ctx);
      return;
    }
  } else if (Prev.sa_handler != SIG_DFL && Prev.sa_handler != SIG_IGN) {
    Prev.sa_handler(Sig);
    return;
  }
  // Default action: return with the default disposition in place, so that
  // the faulting instruction runs again and the kernel kills the process
  // with this signal.
  signal(Sig, SIG_DFL);
}

//===-- 1. Lazy stacks -----------------------------------------------------===//

bool handleLazyStack(ThreadState &T, uintptr_t Addr, ucontext_t *Uc) {
  Cubicle *C = lazySlotOwner(Addr);
  if (!C)
    return false;
  uintptr_t SlotBegin, SlotEnd;
  lazySlotRange(*C, SlotBegin, SlotEnd);
  greg_t *G = Uc->uc_mcontext.gregs;
  // The stack pointer itself, or a register about to become it (a gate
  // copying stack arguments), points into the slot: move all such.
  uintptr_t OldTop = SlotEnd - 256;
  uintptr_t NewTop = ensureStack(T, *C);
  intptr_t Delta = intptr_t(NewTop) - intptr_t(OldTop);
  for (int R = 0; R < NGREG; ++R) {
    uintptr_t V = uintptr_t(G[R]);
    if (R != REG_RIP && V >= SlotBegin && V < SlotEnd)
      G[R] = greg_t(V + uintptr_t(Delta));
  }
  return true;
}

//===-- 2. Stale rights ----------------------------------------------------===//

// The cubicle a PKRU belongs to, allowing for window keys added or removed
// since the thread last switched: compare with window-key bits masked out.
Cubicle *cubicleByStalePkru(uint32_t Pkru) {
  uint32_t Mask = 0;
  for (int K = 1; K < kNumKeys; ++K)
    if (K != Mon->MonitorKey && K != Mon->VirtualKey &&
        !(Mon->FreeKeys & (1u << K))) {
      bool IsCubicleKey = false;
      for (int I = 0; I < Mon->NumCubicles; ++I)
        IsCubicleKey |= Mon->Cubicles[I].Key == K;
      if (!IsCubicleKey)
        Mask |= CUBICLE_PKRU_AD(K) | CUBICLE_PKRU_WD(K);
    }
  for (int I = 0; I < Mon->NumCubicles; ++I) {
    Cubicle &C = Mon->Cubicles[I];
    if (C.Used && !C.Virtual && (C.Desc->Pkru | Mask) == (Pkru | Mask))
      return &C;
  }
  return nullptr;
}

// May cubicle X touch [Addr, Addr + Len) without any window?
bool ownAccess(const Cubicle &X, uintptr_t Addr, size_t Len, bool Write) {
  for (uintptr_t P = pageDown(Addr); P < Addr + Len; P += kPageSize) {
    Region R;
    Cubicle *O;
    if (!regionOf(P, R, O))
      return false;
    if (O != &X || (Write && !(R.Prot & PROT_WRITE)))
      return false;
  }
  return true;
}

//===-- 3. Sub-page window emulation ---------------------------------------===//
//
// A grantee's access to the partial page P of a window, at an address inside
// a window open to it, runs as one masked single step:
//   - P's contents are saved, and every byte of P outside the windows open
//     to the grantee is zeroed;
//   - P moves to the step key (mpk) that only the stepping thread gets in its
//     PKRU, or is opened with mprotect;
//   - the instruction runs with the trap flag set.  If it touches another
//     page, that page is masked the same way and the instruction restarts;
//   - on SIGTRAP the saved bytes outside the windows are written back (so
//     writes there are discarded; writes to window bytes stay) and the pages
//     return to their owner's key.
// So reads outside the window see zeros and writes outside it vanish, for
// any instruction, whatever its width (vectorised strlen reads past the
// end of a string; here it reads zeros).  While a page is in a step no other
// thread can touch it: it carries the step key; such a thread faults and
// retries until the step is over.

// Monitor mode.  Marks [P, P + page) of thread T's step, or false if another
// thread is stepping on it.
bool claimStepPage(ThreadState &T, uintptr_t P) {
  spinLock(Mon->StepLock);
  bool Ok = true;
  int Free = -1;
  for (int I = 0; I < kMaxStepPages; ++I) {
    if (Mon->StepPages[I].Page == P && Mon->StepPages[I].Tid != T.Tid)
      Ok = false;
    if (!Mon->StepPages[I].Page && Free < 0)
      Free = I;
  }
  if (Ok && Free >= 0)
    Mon->StepPages[Free] = {P, T.Tid};
  spinUnlock(Mon->StepLock);
  return Ok && Free >= 0;
}

void releaseStepPage(uintptr_t P) {
  spinLock(Mon->StepLock);
  for (int I = 0; I < kMaxStepPages; ++I)
    if (Mon->StepPages[I].Page == P)
      Mon->StepPages[I] = {0, 0};
  spinUnlock(Mon->StepLock);
}

bool pageInStep(uintptr_t P) {
  for (int I = 0; I < kMaxStepPages; ++I)
    if (Mon->StepPages[I].Page == P)
      return true;
  return false;
}

// Calls F(Begin, End) for each byte range of page P inside a window open to
// cubicle X, in address order.
template <typename Fn> void forEachWindowPart(uintptr_t P, int X, Fn F) {
  uintptr_t Parts[64][2];
  int N = windowPartsOnPage(P, X, Parts, 64);
  for (int I = 0; I < N; ++I)
    F(Parts[I][0], Parts[I][1]);
}

// The rights and key page P has when no step is on it.
void restorePage(uintptr_t P) {
  Region R;
  Cubicle *O;
  if (!regionOf(P, R, O))
    return;
  int Prot = R.Prot;
  if (backend().switchesByPages(*O))
    Prot = isOpenByPages(*O) ? Prot : PROT_NONE;
  if (backend().usesWrpkru()) {
    int Key = O->Virtual ? Mon->VirtualKey : O->Key;
    if (int WKey = windowKeyOfPage(P); WKey >= 0)
      Key = WKey;
    pkeyMprotect(P, kPageSize, Prot, Key);
  } else {
    mprotect(reinterpret_cast<void *>(P), kPageSize, Prot);
  }
}

enum class Emulation { Stepped, Busy, Refused };

Emulation maskPage(ThreadState &T, Cubicle &X, uintptr_t P) {
  for (int I = 0; I < T.Step.NumPages; ++I)
    if (T.Step.Pages[I] == P)
      return Emulation::Refused; // masked already: e.g. a write to read-only
  if (T.Step.NumPages == kMaxStepPagesPerThread)
    return Emulation::Refused;
  if (!claimStepPage(T, P))
    return Emulation::Busy;
  if (!T.StepStash)
    T.StepStash = static_cast<uint8_t *>(
        monitorAlloc(kMaxStepPagesPerThread * kPageSize));
  Region R;
  Cubicle *O;
  regionOf(P, R, O);
  int Prot = R.Prot ? R.Prot : PROT_READ | PROT_WRITE;
  // Take the page out of everyone's reach first, then edit it.
  if (backend().usesWrpkru())
    pkeyMprotect(P, kPageSize, Prot, Mon->StepKey);
  else
    mprotect(reinterpret_cast<void *>(P), kPageSize, PROT_READ | PROT_WRITE);
  uint8_t *Stash = T.StepStash + T.Step.NumPages * kPageSize;
  auto *Page = reinterpret_cast<uint8_t *>(P);
  memcpy(Stash, Page, kPageSize);
  uintptr_t Cursor = P;
  forEachWindowPart(P, X.Id, [&](uintptr_t B, uintptr_t E) {
    memset(reinterpret_cast<void *>(Cursor), 0, B - Cursor);
    Cursor = E;
  });
  memset(reinterpret_cast<void *>(Cursor), 0, P + kPageSize - Cursor);
  if (!backend().usesWrpkru() && !(Prot & PROT_WRITE))
    mprotect(reinterpret_cast<void *>(P), kPageSize, Prot);
  T.Step.Pages[T.Step.NumPages++] = P;
  return Emulation::Stepped;
}

Emulation emulate(ThreadState &T, Cubicle &X, uintptr_t Addr, bool Write,
                  ucontext_t *Uc) {
  greg_t *G = Uc->uc_mcontext.gregs;
  if (!T.Step.Active) {
    if (!windowAllows(Addr, 1, X.Id, Write))
      return Emulation::Refused;
    T.Step.Active = true;
    T.Step.Rip = uintptr_t(G[REG_RIP]);
    T.Step.NumPages = 0;
    if (uint32_t *Pkru = framePkru(Uc))
      T.Step.RestorePkru = *Pkru;
  }
  Emulation E = maskPage(T, X, pageDown(Addr));
  if (E != Emulation::Stepped) {
    if (!T.Step.NumPages)
      T.Step.Active = false;
    return E;
  }
  if (uint32_t *Pkru = framePkru(Uc))
    *Pkru &= ~(CUBICLE_PKRU_AD(Mon->StepKey) | CUBICLE_PKRU_WD(Mon->StepKey));
  G[REG_EFL] |= kTrapFlag;
  ++X.EmulatedAccesses;
  return Emulation::Stepped;
}

// Ends the step of thread T: puts back the bytes outside the windows and
// the pages' keys, restores the PKRU and clears the trap flag.
void endStep(ThreadState &T, ucontext_t *Uc) {
  Cubicle *X = cubicleByPkru(T.Step.RestorePkru);
  if (!backend().usesWrpkru())
    X = cubicleById(T.Current);
  for (int I = 0; I < T.Step.NumPages; ++I) {
    uintptr_t P = T.Step.Pages[I];
    uint8_t *Stash = T.StepStash + I * kPageSize;
    auto *Page = reinterpret_cast<uint8_t *>(P);
    if (!backend().usesWrpkru())
      mprotect(Page, kPageSize, PROT_READ | PROT_WRITE);
    uintptr_t Cursor = P;
    auto putBack = [&](uintptr_t B) {
      memcpy(reinterpret_cast<void *>(Cursor), Stash + (Cursor - P),
             B - Cursor);
    };
    if (X)
      forEachWindowPart(P, X->Id, [&](uintptr_t B, uintptr_t E) {
        putBack(B);
        Cursor = E;
      });
    putBack(P + kPageSize);
    restorePage(P);
    releaseStepPage(P);
  }
  if (uint32_t *Pkru = framePkru(Uc))
    *Pkru = T.Step.RestorePkru;
  Uc->uc_mcontext.gregs[REG_EFL] &= ~greg_t(kTrapFlag);
  T.Step.Active = false;
  T.Step.NumPages = 0;
}

//===-- The handlers -------------------------------------------------------===//

void segvHandler(int Sig, siginfo_t *Info, void *Ctx) {
  handlerEnterMonitor();
  ThreadState *T = currentThread();
  auto *Uc = static_cast<ucontext_t *>(Ctx);
  if (!T || !onAltStack(*T, Uc, sizeof(*Uc)) ||
      !onAltStack(*T, Info, sizeof(*Info)))
    return chain(*Mon->PrevSegv, Sig, Info, Ctx);
  uintptr_t Addr = uintptr_t(Info->si_addr);
  greg_t *G = Uc->uc_mcontext.gregs;
  bool Write = G[REG_ERR] & 2;
  // Stacks, windows and step pages are shared with the other threads.
  // Unlocked before each exitHandlerPkru: the lock is monitor memory.
  MonitorLock L(T);
  if (T->Step.Active && uintptr_t(G[REG_RIP]) != T->Step.Rip)
    endStep(*T, Uc); // cannot happen with the trap flag set; be safe
  if (!T->Step.Active && handleLazyStack(*T, Addr, Uc))
    return L.unlock(), exitHandlerPkru();
  uint32_t *Pkru = backend().usesWrpkru() ? framePkru(Uc) : nullptr;
  Cubicle *X = nullptr;
  if (Pkru) {
    X = cubicleByPkru(T->Step.Active ? T->Step.RestorePkru : *Pkru);
    if (!X && !T->Step.Active) {
      X = cubicleByStalePkru(*Pkru);
      // 2. Stale rights: refresh, if the new rights would allow it.
      if (X && ownAccess(*X, Addr, 1, Write)) {
        *Pkru = X->Desc->Pkru;
        return L.unlock(), exitHandlerPkru();
      }
    }
  } else {
    X = cubicleById(T->Current);
  }
  Cubicle *Owner = ownerOf(Addr);
  if (!Owner && isRuntimeMemory(Addr)) {
    if (T->Step.Active)
      endStep(*T, Uc);
    reportFault(X, nullptr, Addr, Uc,
                "the address is the Cubicle runtime's own memory, which no "
                "cubicle may write");
    dieBySegv();
  }
  if (!Owner) { // not cubicle memory: a plain crash
    if (T->Step.Active)
      endStep(*T, Uc);
    L.unlock(); // the program's handler may never return
    return chain(*Mon->PrevSegv, Sig, Info, Ctx);
  }
  // Another thread is stepping on this page: retry once it is done.  The
  // step may be over already: the page carried the step key when the access
  // faulted and its owner's key when the kernel looked (si_pkey says the
  // latter).  So an access the cubicle may make by the runtime's records is
  // retried, a bounded number of times.
  if (Pkru && !T->Step.Active && X && Owner == X &&
      ownAccess(*X, Addr, 1, Write)) {
    if (T->RetryAddr != Addr) {
      T->RetryAddr = Addr;
      T->Retries = 0;
    }
    if (++T->Retries < kMaxRetries) {
      L.unlock();
      sched_yield();
      return exitHandlerPkru();
    }
  }
  if (!T->Step.Active && pageInStep(pageDown(Addr))) {
    L.unlock();
    sched_yield();
    return L.unlock(), exitHandlerPkru();
  }
  const char *Why = nullptr;
  if (X) {
    switch (emulate(*T, *X, Addr, Write, Uc)) {
    case Emulation::Stepped:
      return L.unlock(), exitHandlerPkru();
    case Emulation::Busy:
      L.unlock();
      sched_yield();
      return L.unlock(), exitHandlerPkru();
    case Emulation::Refused:
      if (T->Step.Active) {
        endStep(*T, Uc);
        Why = "an instruction that accessed a window also accessed memory "
              "outside it that the emulation cannot mask";
      } else if (windowAllows(Addr, 1, X->Id, false)) {
        Why = "the window is read-only for this access";
      }
      break;
    }
  }
  reportFault(X, Owner, Addr, Uc, Why);
  dieBySegv();
}

void trapHandler(int Sig, siginfo_t *Info, void *Ctx) {
  handlerEnterMonitor();
  ThreadState *T = currentThread();
  auto *Uc = static_cast<ucontext_t *>(Ctx);
  if (!T || !T->Step.Active || !onAltStack(*T, Uc, sizeof(*Uc)))
    return chain(*Mon->PrevTrap, Sig, Info, Ctx);
  MonitorLock L(T);
  endStep(*T, Uc);
  L.unlock();
  exitHandlerPkru();
}

} // namespace

// Start-up (monitor mode).
void installFaultHandlers() {
  if (backend().usesWrpkru()) {
    unsigned A, B, C, D;
    __cpuid_count(0xd, kPkruComponent, A, B, C, D);
    Mon->PkruXsaveOffset = B;
  }
  Mon->PrevSegv = static_cast<struct sigaction *>(
      monitorAlloc(2 * sizeof(struct sigaction)));
  Mon->PrevTrap = Mon->PrevSegv + 1;
  struct sigaction Sa;
  memset(&Sa, 0, sizeof(Sa));
  Sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&Sa.sa_mask);
  Sa.sa_sigaction = segvHandler;
  sigaction(SIGSEGV, &Sa, Mon->PrevSegv);
  Sa.sa_sigaction = trapHandler;
  sigaction(SIGTRAP, &Sa, Mon->PrevTrap);
  gHandlerConsts.UsesWrpkru = backend().usesWrpkru();
  mprotect(&gHandlerConsts, sizeof(gHandlerConsts), PROT_READ);
}

} // namespace cubicle
