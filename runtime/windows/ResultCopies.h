//===- ResultCopies.h - Copies of results lent to the caller --------------===//
//
// ResultCopies.cpp.  A function annotated CUBICLE_RESULT or
// CUBICLE_RESULT_CSTR that returns a pointer into its own cubicle's memory
// returns the caller a copy, in the caller's memory, instead.
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
// Monitor mode.  Gives back the thread's copies and arenas (its exit).
void releaseResultCopies(ThreadState &T);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_WINDOWS_RESULTCOPIES_H
