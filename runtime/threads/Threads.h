//===- Threads.h - Threads, record mirrors, stacks ------------------------===//
//
// Threads.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_THREADS_THREADS_H
#define CUBICLE_RUNTIME_THREADS_THREADS_H

#include "core/Cubicle.h"
#include "core/Monitor.h"
#include "memory/Memory.h"
#include "threads/ThreadState.h"

namespace cubicle {

ThreadState *currentThread();
ThreadState *setupThread();
uintptr_t ensureStack(ThreadState &T, Cubicle &C);
void initRecordsFor(Cubicle &C);
void reserveLazyRegion();
Cubicle *lazySlotOwner(uintptr_t Addr);
bool lazySlotRange(const Cubicle &C, uintptr_t &Begin, uintptr_t &End);
// The stack pointer a fresh record of C starts with: in the lazy region,
// where the first push faults and the fault handler makes the stack.
uintptr_t lazyStackTop(const Cubicle &C);
// A call out of cubicle C through the runtime (an entry stub, cubicle_call)
// leaves C's frames live above Below on C's stack: an entry into C before
// the call returns (a callback, through a gate or an entry stub) must start
// under them, so C's record, which says where the next entry starts, moves
// there.  Returns what it said before (0 if nothing moved), which
// callReturned puts back.  Monitor mode, C's memory open.
inline uintptr_t callOut(ThreadState &T, Cubicle &C, uintptr_t Below) {
  // Only for a Below on C's own stack in this thread.  (A thread's start
  // routine calls out from its pthread stack, and C's record may still point
  // at the lazy region: that must not move.)
  uintptr_t B, E, New = Below & ~uintptr_t(15);
  if (!C.Area || !stackRange(C, T, B, E) || New < B || New >= E)
    return 0;
  RecordPage *R = recordPage(T, C);
  uintptr_t Saved = R->Sp;
  if (New >= Saved)
    return 0;
  R->Sp = New;
  return Saved;
}

inline void callReturned(ThreadState &T, Cubicle &C, uintptr_t Saved) {
  if (Saved)
    recordPage(T, C)->Sp = Saved;
}
// A created thread takes over its state; a gone thread's state is retired
// for reuse; the pthread key destructor that retires it.
void adoptThread(ThreadState &T);
void retireState(ThreadState &T);
void retireThread(void *);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_THREADS_THREADS_H
