//===- ThreadCreate.cpp - pthread_create, wrapped -------------------------===//
//
// Programs that link the runtime are linked with --wrap=pthread_create (the
// runtime's CMake target and cubicle-cc add it), so every new thread comes
// through here:
//   - on mprotect, which isolates by process-wide page rights, a second
//     thread cannot be isolated: it is refused with a message, never run
//     unisolated;
//   - otherwise the creator prepares the new thread's record mirror (in
//     monitor mode), and the new thread points its GS base at it before
//     running the start routine.  Linux gives a new thread its creator's
//     PKRU, so the start routine runs with the creator's rights.
//
//===----------------------------------------------------------------------===//

#include "Monitor.h"
#include "Report.h"

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
void adoptThread(ThreadState &T);
} // namespace cubicle

static void *threadStart(void *P) {
  auto *T = static_cast<ThreadState *>(P);
  adoptThread(*T);
  {
    MonitorGuard G;
    if (G.ok())
      G.thread().Tid = int(syscall(SYS_gettid));
  }
  return T->StartFn(T->StartArg);
}

extern "C" int __wrap_pthread_create(pthread_t *Thread,
                                     const pthread_attr_t *Attr,
                                     void *(*Fn)(void *), void *Arg) {
  ensureInitialized();
  if (Mon->Backend == BackendKind::Mprotect) {
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
    T = prepareThread();
    T->StartFn = Fn;
    T->StartArg = Arg;
    T->Current = G.caller().Id;
  }
  int R = __real_pthread_create(Thread, Attr, threadStart, T);
  return R;
}
