//===- MonitorState.h - The runtime's own state ---------------------------===//
//
// Everything the runtime knows lives in one Monitor struct in monitor
// memory: every cubicle can read it, only monitor mode can write it
// (core/Monitor.h).
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_CORE_MONITORSTATE_H
#define CUBICLE_RUNTIME_CORE_MONITORSTATE_H

#include "core/Cubicle.h"
#include "threads/ThreadState.h"

#include <pthread.h>

struct sigaction;

namespace cubicle {

enum class BackendKind : uint8_t { Mpk, Mprotect, None };

struct Monitor {
  bool Initialized;
  BackendKind Backend;
  bool PassCubicles; // some cubicle came from the compiler: no tracked mode
  int MonitorKey;    // mpk: key of monitor memory
  int VirtualKey;    // mpk: shared key of virtual cubicles, -1 if none yet
  uint32_t FreeKeys; // mpk: bit k set if key k is allocated and unused
  uint32_t MonitorPkru;
  int NumCubicles;
  Cubicle Cubicles[kMaxCubicles];
  uint16_t ActiveVirtual; // mprotect/virtual: whose memory is open now
  uint16_t AlsoOpen;      // mprotect: second open cubicle (window copies)
  uint8_t AreaOwner[1u << (47 - kAreaShift)]; // area index -> cubicle id+1
  uintptr_t LazyBase;     // lazy-stack trap region
  ThreadState *Threads;
  int NumThreads;
  bool StatsEnabled;
  char StatsDot[256];
  bool Verbose;
  bool HaltOnError;
  bool EagerStacks; // CUBICLE_EAGER_STACKS=1
  uint64_t WindowFaults;
  size_t StackSlotSize;
  unsigned PkruXsaveOffset; // where PKRU sits in a signal frame's XSAVE area
  int StepKey;              // mpk: key of pages in a masked single step
  volatile uint32_t StepLock;
  // The monitor lock: the thread in the monitor (MonitorGuard, the fault
  // handler, signal delivery) that may change shared runtime state.
  ThreadState *LockOwner;
  ThreadState *Retired; // exited threads whose mirrors wait for reuse
  pthread_key_t ThreadKey; // its destructor retires a thread (Threads.cpp)
  struct {
    uintptr_t Page;
    int Tid;
  } StepPages[kMaxStepPages]; // pages in a step, by thread
  struct sigaction *PrevSegv, *PrevTrap; // handlers to chain to
  struct SignalAction *Signals;          // [kNumSignals], Signals.cpp
  void *StatsPairs;                      // Stats.cpp
  uintptr_t ArenaCur, ArenaEnd; // monitor arena (Memory.cpp)
  uintptr_t ZoneCursor;          // next free byte of the zone's runtime part
  unsigned ZoneAreas;            // cubicle areas handed out (Zone.cpp)
  class WindowTable *Windows;  // Windows.cpp
  struct KeptWindow *Kept;     // [kMaxKeptWindows], KeptWindows.cpp
  int KeptUsed;                // entries of Kept ever used: the rest are empty
  struct OwnedBlock *Owned;    // [kMaxOwnedBlocks], OwnedBlocks.cpp
};

extern Monitor *const Mon;

// Is C's memory open by page rights now (mprotect, virtual cubicles)?
inline bool isOpenByPages(const Cubicle &C) {
  return C.Id == Mon->ActiveVirtual || C.Id == Mon->AlsoOpen;
}

} // namespace cubicle

#endif // CUBICLE_RUNTIME_CORE_MONITORSTATE_H
