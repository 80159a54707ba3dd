//===- Signals.cpp - Signal handlers that run in their cubicle ------------===//
//
// The compiler sends a cubicle's calls of sigaction, signal, bsd_signal,
// sysv_signal and sigset here (__cubicle_*_from).  A handler in cubicle code
// must be an entry point (its entry stub); the runtime records it and
// installs its own dispatcher for the signal instead.  Handlers in code
// built without the plugin are trusted and installed as they are.
//
// Delivery (signalDispatch, on the thread's alternate stack, key 0):
//   1. monitor mode; the interrupted context's PKRU is read from the signal
//      frame (mpk) and kept in the thread's state, in monitor memory;
//   2. a copy of siginfo and ucontext is put on the handler cubicle's stack:
//      below the interrupted stack pointer if the signal interrupted that
//      cubicle on its own stack, else where its next entry would start;
//   3. the handler runs in its cubicle, entered like cubicle_call enters
//      (transition stack, one-shot exit token), and comes back the same way;
//   4. the interrupted context's PKRU is written back into the frame from
//      monitor memory.  Whatever the handler did to its copy, or to the real
//      frame on the alternate stack (key 0, which every cubicle can write),
//      sigreturn restores the rights that were interrupted.  Register
//      changes the handler made to its copy are taken over only if it
//      interrupted its own cubicle.
//
// A signal that arrives while the thread is in monitor mode (the runtime's
// own code, with PKRU 0, possibly holding a half-updated table) is held
// back: blocked in the interrupted context's mask and queued again, then
// unblocked when the thread leaves the monitor (MonitorGuard).  Its
// siginfo is then that of a signal sent with tgkill.
//
//===----------------------------------------------------------------------===//

#include "threads/Signals.h"
#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Pkru.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "faults/FaultReport.h"
#include "gates/EntryStubs.h"
#include "gates/WindowSpec.h"
#include "memory/Memory.h"
#include "threads/ThreadState.h"
#include "threads/Threads.h"
#include "windows/Windows.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace cubicle;



namespace {

constexpr size_t kRedZone = 128;

bool ownedByRuntime(int Sig) { return Sig == SIGSEGV || Sig == SIGTRAP; }

SignalAction *actions() {
  if (!Mon->Signals)
    Mon->Signals = static_cast<SignalAction *>(
        monitorAlloc(kNumSignals * sizeof(SignalAction)));
  return Mon->Signals;
}

void *handlerOf(const struct sigaction &A) {
  return (A.sa_flags & SA_SIGINFO) ? reinterpret_cast<void *>(A.sa_sigaction)
                                   : reinterpret_cast<void *>(A.sa_handler);
}

void signalDispatch(int Sig, siginfo_t *Info, void *Ctx) {
  handlerEnterMonitor();
  deliverSignal(Sig, Info, static_cast<ucontext_t *>(Ctx));
  exitHandlerPkru();
}

// What is on the handler's stack while it runs.
struct Delivery {
  ucontext_t Uc;
  siginfo_t Info;
  void *Handler;
  int Sig;
  int Siginfo;
};

// Runs in the handler's cubicle, on its stack (trusted code, like libc).
void *signalThunk(void *P) {
  auto *D = static_cast<Delivery *>(P);
  if (D->Siginfo)
    reinterpret_cast<void (*)(int, siginfo_t *, void *)>(D->Handler)(
        D->Sig, &D->Info, &D->Uc);
  else
    reinterpret_cast<void (*)(int)>(D->Handler)(D->Sig);
  return nullptr;
}

// The signal-handling part of sigaction, for cubicle Caller (monitor mode).
int setAction(Cubicle &Caller, int Sig, const struct sigaction *Act,
              struct sigaction *Old) {
  // SIGSYS is the system-call monitor's (syscalls/SyscallTrap.cpp).
  if (Sig <= 0 || Sig >= kNumSignals || Sig == SIGKILL || Sig == SIGSTOP ||
      (Sig == SIGSYS && Act)) {
    errno = EINVAL;
    return -1;
  }
  if ((Act && !callerMay(Caller, uintptr_t(Act), sizeof(*Act), false)) ||
      (Old && !callerMay(Caller, uintptr_t(Old), sizeof(*Old), true))) {
    reportError("bad-sigaction",
                "cubicle '%s' passed sigaction memory it cannot access",
                Caller.name());
    errno = EFAULT;
    return -1;
  }
  SignalAction &Slot = actions()[Sig];
  // The old action, as the program installed it.
  struct sigaction Before;
  memset(&Before, 0, sizeof(Before));
  if (Slot.Routed) {
    if (Slot.Flags & SA_SIGINFO)
      Before.sa_sigaction =
          reinterpret_cast<void (*)(int, siginfo_t *, void *)>(Slot.Handler);
    else
      Before.sa_handler = reinterpret_cast<void (*)(int)>(Slot.Handler);
    Before.sa_flags = Slot.Flags;
    Before.sa_mask = Slot.Mask;
  } else if (ownedByRuntime(Sig)) {
    Before = *(Sig == SIGSEGV ? Mon->PrevSegv : Mon->PrevTrap);
  } else if (sigaction(Sig, nullptr, &Before) != 0) {
    return -1;
  }
  if (Act) {
    struct sigaction New = *Act;
    void *H = handlerOf(New);
    Cubicle *Runs = nullptr;
    if (H != reinterpret_cast<void *>(SIG_DFL) &&
        H != reinterpret_cast<void *>(SIG_IGN)) {
      if (isCubicleCode(H)) {
        Runs = cubicleOfEntryStub(H);
        if (!Runs) {
          reportError("bad-sigaction",
                      "cubicle '%s' installed a handler for signal %d at %p, "
                      "which is not an entry point",
                      Caller.name(), Sig, H);
          errno = EINVAL;
          return -1;
        }
      }
    }
    if (Runs) {
      struct sigaction Real = New;
      Real.sa_sigaction = signalDispatch;
      Real.sa_flags = (New.sa_flags & (SA_RESTART | SA_NOCLDSTOP |
                                       SA_NOCLDWAIT | SA_NODEFER |
                                       SA_RESETHAND)) |
                      SA_SIGINFO | SA_ONSTACK;
      if (!ownedByRuntime(Sig) && sigaction(Sig, &Real, nullptr) != 0)
        return -1;
      Slot = {H, New.sa_flags, New.sa_mask, Runs->Id, true};
    } else {
      // SIG_DFL, SIG_IGN or a trusted handler: the kernel's business,
      // except for the runtime's own signals, whose handler stays.
      if (ownedByRuntime(Sig))
        *(Sig == SIGSEGV ? Mon->PrevSegv : Mon->PrevTrap) = New;
      else if (sigaction(Sig, &New, nullptr) != 0)
        return -1;
      Slot.Routed = false;
    }
  }
  if (Old)
    *Old = Before;
  return 0;
}

void *setHandler(const DescPage *D, int Sig, void *H, int Flags) {
  struct sigaction Act, Old;
  memset(&Act, 0, sizeof(Act));
  Act.sa_handler = reinterpret_cast<void (*)(int)>(H);
  Act.sa_flags = Flags;
  MonitorGuard G(D);
  if (!G.ok()) {
    errno = EPERM;
    return reinterpret_cast<void *>(SIG_ERR);
  }
  if (setAction(G.caller(), Sig, &Act, &Old) != 0)
    return reinterpret_cast<void *>(SIG_ERR);
  return handlerOf(Old);
}

} // namespace

namespace cubicle {

bool deliverSignal(int Sig, siginfo_t *Info, ucontext_t *Uc) {
  if (!Mon->Signals || Sig <= 0 || Sig >= kNumSignals)
    return false;
  SignalAction A = Mon->Signals[Sig];
  if (!A.Routed)
    return false;
  ThreadState *T = currentThread();
  if (!T)
    return true; // a thread the runtime does not know: drop it
  uint32_t *Frame = backend().usesWrpkru() ? framePkru(Uc) : nullptr;
  uint32_t Saved = Frame ? *Frame : 0;
  if (T->InMonitor || (Frame && Saved == 0) || T->Step.Active) {
    // Held back until the thread leaves the monitor.
    sigaddset(&Uc->uc_sigmask, Sig);
    T->DeferredSignals |= uint64_t(1) << (Sig - 1);
    syscall(SYS_tgkill, getpid(), T->Tid ? T->Tid : int(syscall(SYS_gettid)),
            Sig);
    return true;
  }
  if (T->SigDepth == kMaxSignalDepth || T->Depth == kMaxTransitions)
    fatal("signal %d: handlers nested too deep on thread %d", Sig, T->Tid);
  MonitorLock L(T); // stacks and page rights are shared state
  Cubicle *I = Frame ? cubicleByPkru(Saved) : cubicleById(T->Current);
  Cubicle &C = *cubicleById(A.Cubicle);
  if (A.Flags & SA_RESETHAND)
    Mon->Signals[Sig].Routed = false;

  // Into C (monitor mode still): its memory open on mprotect, its stack.
  backend().switchTo(*T, C, nullptr);
  uintptr_t Rsp = uintptr_t(Uc->uc_mcontext.gregs[REG_RSP]), Lo, Hi, Sp;
  if (I == &C && stackRange(C, *T, Lo, Hi) && Rsp > Lo + 16 * 1024 &&
      Rsp <= Hi)
    Sp = Rsp - kRedZone; // it interrupted itself: below its live frames
  else
    Sp = ensureStack(*T, C);
  Sp = (Sp - sizeof(Delivery)) & ~uintptr_t(63);
  auto *D = reinterpret_cast<Delivery *>(Sp);
  memcpy(&D->Uc, Uc, sizeof(*Uc));
  memcpy(&D->Info, Info, sizeof(*Info));
  if (Uc->uc_mcontext.fpregs)
    memcpy(&D->Uc.__fpregs_mem, Uc->uc_mcontext.fpregs,
           sizeof(D->Uc.__fpregs_mem));
  D->Uc.uc_mcontext.fpregs = &D->Uc.__fpregs_mem;
  D->Handler = A.Handler;
  D->Sig = Sig;
  D->Siginfo = (A.Flags & SA_SIGINFO) != 0;
  T->SigStack[T->SigDepth++] = {Saved, I ? I->Id : kNobody, C.Id, Uc, D,
                                 uint8_t(T->Depth)};
  Transition &Tr = T->Trans[T->Depth++];
  Tr.CallerRecordSp = 0;
  Tr.From = CUBICLE_TRUSTED;
  Tr.To = C.Id;
  Tr.CallerSp = 0;
  Tr.NumWindows = 0;
  T->InMonitor = 0;
  uint64_t Token = backend().usesWrpkru() ? prepareExit(*T, C) : 0;
  L.unlock();
  __cubicle_call_on_stack(signalThunk, D, Sp & ~uintptr_t(15), Token,
                          &Tr.CallerSp);

  // Back on the alternate stack with the trusted base's rights.  This
  // stack (key 0) was writable by the handler: nothing from it is trusted
  // any more, only what the thread's state in monitor memory says.
  handlerEnterMonitor();
  T = currentThread();
  auto Rec = T->SigStack[--T->SigDepth];
  Uc = static_cast<ucontext_t *>(Rec.Frame);
  D = static_cast<Delivery *>(Rec.Copy);
  if (!onAltStack(*T, Uc, sizeof(*Uc)))
    fatal("signal %d: the signal frame moved while its handler ran", Sig);
  Cubicle *Back = Rec.Interrupted == kNobody ? nullptr
                                             : cubicleById(Rec.Interrupted);
  // The interrupted context's rights: in its frame (mpk), or its pages
  // open again (mprotect) -- before the copy below reads the handler's
  // stack, which belongs to Back whenever it is copied.
  if (backend().usesWrpkru()) {
    if (uint32_t *P = framePkru(Uc); P && onAltStack(*T, P, sizeof(*P)))
      *P = Rec.SavedPkru;
    else
      fatal("signal %d: the handler moved the saved registers of its frame",
            Sig);
  } else if (Back) {
    backend().switchTo(*T, *Back, nullptr);
  }
  if (Back && Back->Id == Rec.Handler) {
    // A handler may change the registers of its own cubicle's interrupted
    // context (to skip an instruction, say), but not its system flags.
    constexpr greg_t kUserFlags = 0x8D5 | 0x400; // CF PF AF ZF SF OF, DF
    greg_t Flags = Uc->uc_mcontext.gregs[REG_EFL];
    memcpy(Uc->uc_mcontext.gregs, D->Uc.uc_mcontext.gregs,
           sizeof(Uc->uc_mcontext.gregs));
    Uc->uc_mcontext.gregs[REG_EFL] =
        (Flags & ~kUserFlags) | (D->Uc.uc_mcontext.gregs[REG_EFL] & kUserFlags);
  }
  return true;
}

void releaseDeferredSignals(uint64_t Deferred) {
  sigset_t Set;
  sigemptyset(&Set);
  for (int S = 1; S < kNumSignals; ++S)
    if (Deferred & (uint64_t(1) << (S - 1)))
      sigaddset(&Set, S);
  sigprocmask(SIG_UNBLOCK, &Set, nullptr);
}

} // namespace cubicle

extern "C" {

int __cubicle_sigaction_from(const DescPage *D, int Sig,
                             const struct sigaction *Act,
                             struct sigaction *Old) {
  MonitorGuard G(D);
  if (!G.ok()) {
    errno = EPERM;
    return -1;
  }
  return setAction(G.caller(), Sig, Act, Old);
}

void *__cubicle_signal_from(const DescPage *D, int Sig, void *H) {
  return setHandler(D, Sig, H, SA_RESTART);
}

void *__cubicle_sysv_signal_from(const DescPage *D, int Sig, void *H) {
  return setHandler(D, Sig, H, SA_RESETHAND | SA_NODEFER);
}

// The runtime owns each thread's alternate signal stack (its handlers run
// there, in key 0): a cubicle may look, not change it.
int __cubicle_sigaltstack_from(const DescPage *, const stack_t *New,
                               stack_t *Old) {
  if (New) {
    errno = EPERM;
    return -1;
  }
  return sigaltstack(nullptr, Old);
}

} // extern "C"
