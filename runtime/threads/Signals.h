//===- Signals.h - Signal handlers that run in their cubicle --------------===//
//
// Shared between the fault handler (Fault.cpp) and signal delivery
// (Signals.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_SIGNALS_H
#define CUBICLE_RUNTIME_SIGNALS_H

#include "core/Cubicle.h"
#include "threads/ThreadState.h"

#include <signal.h>
#include <ucontext.h>

namespace cubicle {

// A handler a cubicle installed (monitor memory, Monitor::Signals).
struct SignalAction {
  void *Handler;   // the entry stub the program passed
  int Flags;       // its sa_flags
  sigset_t Mask;   // its sa_mask
  uint16_t Cubicle; // where it runs: the cubicle of the entry stub
  bool Routed;     // delivered through the runtime (a cubicle's handler)
};

// Fault.cpp: the handlers' way into and out of monitor mode, and the PKRU
// saved in a signal frame (null where the backend has none).
void handlerEnterMonitor();
void exitHandlerPkru();
uint32_t *framePkru(ucontext_t *Uc);
bool onAltStack(ThreadState &T, const void *P, size_t Len);

// Runs the handler a cubicle installed for Sig in that cubicle, then
// restores the interrupted context's rights.  In a handler, monitor mode.
// Returns false if no cubicle's handler is installed for Sig.
bool deliverSignal(int Sig, siginfo_t *Info, ucontext_t *Uc);

// Signals deferred while the thread was in monitor mode, unblocked once it
// has left (MonitorGuard).
void releaseDeferredSignals(uint64_t Deferred);

} // namespace cubicle

#endif
