//===- ThreadCreate.cpp - pthread_create, wrapped -------------------------===//
//
// Programs that link the runtime are linked with --wrap=pthread_create (the
// runtime's CMake target and cubicle-cc add it), so every new thread comes
// through here:
//   - on mprotect, which isolates by process-wide page rights, a second
//     thread cannot be isolated: it is refused with a message, never run
//     unisolated;
//   - otherwise the creator prepares the new thread's state (in monitor
//     mode) and the new thread adopts it: points its GS base at its record
//     mirror, then runs the start routine.  Linux gives a new thread its
//     creator's PKRU; a start routine that is a cubicle's entry point runs
//     in that cubicle, on the thread's own stack there, entered from the
//     creator like any cross-cubicle call.  Other start routines (the
//     trusted base's, code built without the plugin) run with the
//     creator's rights, as a direct call would.
//   - the thread's stacks go back when it exits (Threads.cpp).
//
// The argument the new thread receives sits in memory every cubicle can
// write (glibc's thread descriptor), so the thread checks it names a state
// the runtime prepared and nobody has adopted yet.
//
//===----------------------------------------------------------------------===//

#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Report.h"
#include "faults/FaultReport.h"
#include "gates/EntryStubs.h"
#include "gates/Transition.h"
#include "threads/ThreadState.h"
#include "threads/Threads.h"

#include <asm/prctl.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace cubicle;

extern "C" int __real_pthread_create(pthread_t *, const pthread_attr_t *,
                                     void *(*)(void *), void *);

namespace cubicle {
ThreadState *prepareThread(); // Threads.cpp
} // namespace cubicle


// Is P a thread state the runtime prepared for a new thread?  Monitor
// memory is readable by every cubicle, so this needs no monitor entry.
static bool pendingThread(const void *P) {
  for (ThreadState *T = __atomic_load_n(&Mon->Threads, __ATOMIC_ACQUIRE); T;
       T = T->Next)
    if (T == P)
      return T->Pending;
  return false;
}

static void *threadStart(void *P) {
  if (!pendingThread(P))
    fatal("a new thread was given a forged thread state (%p)", P);
  auto *T = static_cast<ThreadState *>(P);
  adoptThread(*T);
  void *(*Fn)(void *);
  void *Arg;
  uint16_t In;
  {
    MonitorGuard G;
    if (!G.ok() || &G.thread() != T || !T->Pending)
      fatal("a thread state was adopted twice");
    T->Pending = 0;
    T->Tid = int(syscall(SYS_gettid));
    Fn = T->StartFn;
    Arg = T->StartArg;
    In = T->StartCubicle;
  }
  pthread_setspecific(Mon->ThreadKey, Mon); // retires it on exit
  if (In == kNobody)
    return Fn(Arg);
  return callInto(In, Fn, Arg, /*Internal=*/true);
}

extern "C" int __wrap_pthread_create(pthread_t *Thread,
                                     const pthread_attr_t *Attr,
                                     void *(*Fn)(void *), void *Arg) {
  ensureInitialized();
  if (!backend().isolatesThreads()) {
    printErr("cubicle: the mprotect backend isolates one thread only; "
             "pthread_create refused (run on a machine with PKU, or with "
             "CUBICLE_BACKEND=none to run without isolation)\n");
    return EPERM;
  }
  ThreadState *T;
  {
    MonitorGuard G;
    if (!G.ok())
      return EPERM;
    uint16_t In = kNobody;
    if (isCubicleCode(reinterpret_cast<void *>(Fn))) {
      Cubicle *C = cubicleOfEntryStub(reinterpret_cast<void *>(Fn));
      if (!C) {
        reportError("bad-thread",
                    "cubicle '%s' started a thread at %p, which is not an "
                    "entry point",
                    G.caller().name(), reinterpret_cast<void *>(Fn));
        return EINVAL;
      }
      In = uint16_t(C->Id);
    }
    T = prepareThread();
    T->StartFn = Fn;
    T->StartArg = Arg;
    T->StartCubicle = In;
    T->Current = G.caller().Id;
    __atomic_store_n(&T->Pending, 1, __ATOMIC_RELEASE);
  }
  int R = __real_pthread_create(Thread, Attr, threadStart, T);
  if (R != 0) {
    // Never started: retire it at once (no thread id, so reusable).
    MonitorGuard G;
    if (G.ok() && T->Pending) {
      T->Pending = 0;
      retireState(*T);
    }
  }
  return R;
}
