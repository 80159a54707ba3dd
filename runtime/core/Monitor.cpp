//===- Monitor.cpp - Entering and leaving monitor mode --------------------===//

#include "core/Monitor.h"
#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/MonitorState.h"
#include "core/Pkru.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "core/SpinLock.h"
#include "memory/Heap.h"
#include "threads/Signals.h"
#include "threads/ThreadState.h"
#include "threads/Threads.h"

#include <cpuid.h>
#include <sched.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

using namespace cubicle;

static_assert(__builtin_offsetof(ThreadState, ExitPkru) ==
                  CUBICLE_TS_EXIT_PKRU,
              "assembly knows this offset");
static_assert(__builtin_offsetof(ThreadState, ExitPkru) == kExitPkruOffset,
              "Pkru.h knows this offset");
static_assert(__builtin_offsetof(ThreadState, ExitDesc) ==
                  CUBICLE_TS_EXIT_DESC,
              "assembly knows this offset");
static_assert(__builtin_offsetof(ThreadState, Current) == CUBICLE_TS_CURRENT,
              "gates know this offset");
static_assert(__builtin_offsetof(RecordPage, Secret) == CUBICLE_REC_SECRET,
              "assembly knows this offset");
static_assert(__builtin_offsetof(RecordPage, ExitToken) == CUBICLE_REC_TOKEN,
              "assembly knows this offset");

extern "C" [[noreturn]] void __cubicle_pkru_check_failed() {
  ErrorReport("a WRPKRU wrote a value its site does not allow (a jump into a "
              "gate or the runtime with a forged value?)")
      .summary("pkru-check-failed");
  __builtin_trap();
}

namespace cubicle {

uint64_t randomU64() {
  static bool Probed = false, HasRdrand = false;
  if (!Probed) {
    unsigned A, B, C, D;
    HasRdrand = __get_cpuid(1, &A, &B, &C, &D) && (C & bit_RDRND);
    Probed = true;
  }
  unsigned long long V = 0;
  if (HasRdrand)
    for (int I = 0; I < 10; ++I)
      if (__builtin_ia32_rdrand64_step(&V))
        return V;
  if (getrandom(&V, sizeof(V), GRND_NONBLOCK) == sizeof(V))
    return V;
  timespec Ts;
  clock_gettime(CLOCK_MONOTONIC, &Ts);
  return (uint64_t(Ts.tv_nsec) << 32) ^ uint64_t(Ts.tv_sec) ^ V;
}

uint64_t prepareExit(ThreadState &T, Cubicle &C) {
  uint64_t Token = randomU64() | 1;
  recordPage(T, C)->ExitToken = Token;
  T.ExitPkru = C.Desc->Pkru;
  T.ExitDesc = C.Desc;
  return Token;
}

void leaveMonitorTo(ThreadState &T, Cubicle &C) {
  T.InMonitor = 0;
  if (!backend().usesWrpkru())
    return;
  __cubicle_exit_monitor(prepareExit(T, C));
}

// Reads the thread's own ThreadState through %gs again, so that nothing the
// caller controlled before the WRPKRU (registers, its stack) is trusted.
static ThreadState *freshThread() {
  ThreadState *T;
  __asm__ volatile("mov %%gs:__cubicle_thread_pages(%%rip), %0" : "=r"(T));
  return T;
}

// One thread in the monitor at a time.  Monitor sections are short and
// never block, so waiting spins, then yields.
void monitorLock(ThreadState *T) { spinLockAs(Mon->LockOwner, T); }

void monitorUnlock() { spinUnlockAs(Mon->LockOwner); }

// Takes the lock unless T holds it already (a fault or signal on a thread
// in the monitor, or a guard between the fork handlers below).  Whether T
// holds it can be read unlocked: only T itself sets or clears that.
static bool lockUnlessHeld(ThreadState *T) {
  if (__atomic_load_n(&Mon->LockOwner, __ATOMIC_RELAXED) == T)
    return false;
  monitorLock(T);
  return true;
}

MonitorLock::MonitorLock(ThreadState *T) { Taken = T && lockUnlessHeld(T); }

void MonitorLock::unlock() {
  if (Taken)
    monitorUnlock();
  Taken = false;
}

MonitorGuard::MonitorGuard(const DescPage *Hint) {
  ensureInitialized();
  ThreadState *T0 = currentThread();
  if (!T0)
    return;
  if (!backend().usesWrpkru()) {
    if (T0->InMonitor)
      fatal("runtime re-entered on thread %d", T0->Tid);
    T0->InMonitor = 1;
    lockUnlessHeld(T0);
    T0->MonitorCaller = T0->Current;
    if (backend().callerFromHint() && Hint)
      if (Cubicle *C = cubicleByDesc(Hint))
        T0->MonitorCaller = C->Id;
    Ok = true;
    return;
  }
  Cubicle *C = cubicleByPkru(rdpkru());
  if (!C)
    return;
  // Proof of identity: only code running with C's key can read this.
  uint64_t Secret = recordPage(*T0, *C)->Secret;
  monitorPkruEnter();
  ThreadState *T = freshThread();
  uintptr_t Index = uintptr_t(C - Mon->Cubicles);
  if (Index >= uintptr_t(Mon->NumCubicles) ||
      C != &Mon->Cubicles[Index] || !C->Used)
    fatal("monitor entered with a forged cubicle");
  if (T->InMonitor)
    fatal("runtime re-entered on thread %d", T->Tid);
  if (recordPage(*T, *C)->Secret != Secret)
    fatal("monitor entered without the caller's record secret "
          "(a jump into the runtime?)");
  T->InMonitor = 1;
  lockUnlessHeld(T);
  T->MonitorCaller = C->Id;
  Ok = true;
}

void MonitorGuard::release() {
  if (Ok)
    monitorUnlock();
  Ok = false;
}

MonitorGuard::~MonitorGuard() {
  if (!Ok)
    return;
  ThreadState *T = backend().usesWrpkru() ? freshThread()
                                                     : currentThread();
  uint64_t Deferred = T->DeferredSignals;
  T->DeferredSignals = 0;
  if (!KeepLock)
    monitorUnlock(); // still InMonitor: signals stay held back
  leaveMonitorTo(*T, *cubicleById(T->MonitorCaller));
  // Signals that arrived in monitor mode are pending and blocked: out of
  // the monitor now, let them in.
  if (Deferred)
    releaseDeferredSignals(Deferred);
}

// fork copies the monitor lock: a child forked while another thread held it
// would wait for a thread it does not have, and find the state that thread
// was changing half changed.  So the forking thread takes the lock before
// fork (waiting for any other thread to finish in the monitor) and both
// parent and child release it after.  The heaps' locks likewise (glibc does
// the same for its arenas), so that malloc works in the child.
static void forkPrepare() {
  MonitorGuard G;
  if (!G.ok())
    return;
  heapsLockForFork(G.thread());
  G.keepLock();
}

static void forkDone() {
  ThreadState *T = currentThread();
  if (!T || __atomic_load_n(&Mon->LockOwner, __ATOMIC_RELAXED) != T)
    return;
  MonitorGuard G; // finds the lock held and releases it
  heapsUnlockAfterFork();
}

void registerForkHandlers() {
  if (pthread_atfork(forkPrepare, forkDone, forkDone) != 0)
    fatal("pthread_atfork failed");
}

Cubicle &MonitorGuard::caller() const {
  return *cubicleById(thread().MonitorCaller);
}

ThreadState &MonitorGuard::thread() const { return *currentThread(); }

} // namespace cubicle
