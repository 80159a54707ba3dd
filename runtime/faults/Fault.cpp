//===- Fault.cpp - The fault handler --------------------------------------===//
//
// One SIGSEGV handler serves four purposes, tried in this order:
//
//   1. lazy stacks: the first push on a cubicle's stack in a new thread
//      lands in the lazy region (Threads.cpp); create the stack, move the
//      registers that point into the slot, retry;
//   2. stale rights (mpk): a thread whose PKRU predates a window change
//      touches memory its cubicle may now access; give it the new PKRU;
//   3. sub-page windows: an access by a grantee to the partial page of a
//      window (Windows.cpp) runs as a masked single step (SingleStep.cpp),
//      and SIGTRAP ends it;
//   4. otherwise, an isolation fault: an AddressSanitizer-style report
//      (FaultReport.cpp), then death by SIGSEGV.
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
#include "faults/SingleStep.h"
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
#include "syscalls/SyscallPage.h"

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
  sys::mprotect(&gHandlerConsts, sizeof(gHandlerConsts), PROT_READ);
}

} // namespace cubicle
