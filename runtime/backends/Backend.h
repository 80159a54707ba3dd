//===- Backend.h - mpk, mprotect and none ---------------------------------===//
//
// How protection is applied.  All calls in monitor mode.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_BACKENDS_BACKEND_H
#define CUBICLE_RUNTIME_BACKENDS_BACKEND_H

#include "core/Cubicle.h"
#include "core/MonitorState.h"
#include "threads/ThreadState.h"

namespace cubicle {

struct Backend {
  // What the rest of the runtime asks of a backend, rather than which one it
  // is.
  struct Traits {
    // Switches are checked WRPKRUs: cubicles have hardware keys, PKRU is in
    // signal frames and says who runs, monitor exits carry a token (mpk).
    bool UsesWrpkru;
    // Every cubicle's memory is closed by page rights while it is not
    // running (mprotect); otherwise only virtual cubicles' (mpk).
    bool AllByPages;
    // Threads may run in different cubicles at once (not mprotect).
    bool IsolatesThreads;
    // Only the compiler's descriptor can say who calls the runtime (none:
    // no PKRU, and the gates keep no state the runtime could consult).
    bool CallerFromHint;
  };
  constexpr explicit Backend(Traits T) : T(T) {}

  bool usesWrpkru() const { return T.UsesWrpkru; }
  bool switchesByPages(const Cubicle &C) const {
    return T.AllByPages || C.Virtual;
  }
  bool isolatesThreads() const { return T.IsolatesThreads; }
  bool callerFromHint() const { return T.CallerFromHint; }

  virtual const char *name() const = 0;
  // Gives [Begin, End) of cubicle C the rights Prot for its owner.
  virtual bool applyOwner(uintptr_t Begin, uintptr_t End, int Prot,
                          const Cubicle &C, MemKind Kind) const = 0;
  // Makes [Begin, End) monitor memory: readable by all, writable by the
  // runtime (mpk); plain read-write elsewhere.
  virtual void applyMonitor(uintptr_t Begin, uintptr_t End) const = 0;
  // The slow part of a switch of thread T into cubicle To (with Also's
  // memory open too, for window copies).  Sets T.Current.
  virtual void switchTo(ThreadState &T, Cubicle &To, Cubicle *Also) const = 0;

private:
  Traits T;
};
// The backend in force.  Inline: the generic entry and monitor mode ask it
// several times per crossing.
extern const Backend *const kBackends[3];
inline const Backend &backend() {
  return *kBackends[static_cast<unsigned>(Mon->Backend)];
}
void initBackend(BackendKind K);
bool cpuHasPku();
int pkeyAlloc();
int pkeyMprotect(uintptr_t Begin, size_t Len, int Prot, int Key);
void protectRegionsOf(Cubicle &C, bool Accessible);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_BACKENDS_BACKEND_H
