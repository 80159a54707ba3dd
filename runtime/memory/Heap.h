//===- Heap.h - The per-cubicle allocator ---------------------------------===//
//
// Heap.cpp.  The allocation API on top of it is Allocation.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_MEMORY_HEAP_H
#define CUBICLE_RUNTIME_MEMORY_HEAP_H

#include "core/Cubicle.h"
#include "threads/ThreadState.h"

namespace cubicle {

void *heapMalloc(Cubicle &C, size_t Size, size_t Align);
void heapFree(Cubicle &Caller, void *P);
void *heapRealloc(Cubicle &C, void *P, size_t Size);
size_t heapUsableSize(Cubicle &C, void *P);
// posix_memalign for C's heap, or libc's when C is null.
int heapPosixMemalign(Cubicle *C, void **Out, size_t Align, size_t Size);
bool heapDescribe(Cubicle &C, uintptr_t Addr, uintptr_t &Begin, size_t &Size);
// free() by the trusted base: libc's heap; a cubicle's memory is refused.
void trustedFree(void *Ptr);
// fork (monitor mode, monitor lock held by T): takes every heap's lock, so
// that no child inherits one held by a thread it does not have; returns
// with the monitor lock held again.  heapsUnlockAfterFork gives them back.
void heapsLockForFork(ThreadState &T);
void heapsUnlockAfterFork();

} // namespace cubicle

#endif // CUBICLE_RUNTIME_MEMORY_HEAP_H
