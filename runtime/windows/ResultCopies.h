//===- ResultCopies.h - Copies of results lent to the caller --------------===//
//
// ResultCopies.cpp.  A function annotated CUBICLE_RESULT or
// CUBICLE_RESULT_CSTR that returns a pointer into its own cubicle's memory
// returns the caller a copy, in the caller's memory, instead; one annotated
// CUBICLE_RESULT_WRITABLE (a buffer the caller fills, XML_GetBuffer) has
// its copy written back before the thread's next call into the callee.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_WINDOWS_RESULTCOPIES_H
#define CUBICLE_RUNTIME_WINDOWS_RESULTCOPIES_H

#include "threads/ThreadState.h"

namespace cubicle {

// Monitor mode.  A copy of [Src, Src + Size) in Caller's memory, kept for
// T: the same range returned to the same cubicle again reuses (and
// refreshes) its copy; otherwise the least recently returned of the
// thread's kResultCopies copies makes room.  0 when there is no room.
uintptr_t resultCopy(ThreadState &T, Cubicle &Caller, uintptr_t Src,
                     size_t Size);
// Monitor mode.  Copy, a writable result's copy of Callee's [Src, Src +
// Size) in Caller's memory, goes back to Src before T's next call from
// Caller into Callee (writeBackResults).
void keepWritable(ThreadState &T, const Cubicle &Caller, const Cubicle &Callee,
                  uintptr_t Src, uintptr_t Copy, size_t Size);
// Monitor mode.  A call from Caller into Callee: what Caller wrote into the
// writable results Callee gave it goes back into Callee's memory first.
void writeBackResults(ThreadState &T, const Cubicle &Caller,
                      const Cubicle &Callee);
// Monitor mode.  Gives back the thread's copies and arenas (its exit).
void releaseResultCopies(ThreadState &T);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_WINDOWS_RESULTCOPIES_H
