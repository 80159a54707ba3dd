//===- Memory.h - Areas, stacks, owners -----------------------------------===//
//
// Every cubicle reserves one 4 GiB area, aligned to its size: the heap
// grows from the bottom, per-thread stacks fill the top.  The owner of an
// address is one table look-up.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_MEMORY_MEMORY_H
#define CUBICLE_RUNTIME_MEMORY_MEMORY_H

#include "core/Cubicle.h"
#include "core/MonitorState.h"
#include "threads/ThreadState.h"

namespace cubicle {

// Below each stack slot: a guard, never committed.
constexpr size_t kStackGuard = 64 * 1024;

bool reserveArea(Cubicle &C);
Cubicle *ownerOf(uintptr_t Addr);
bool regionOf(uintptr_t Addr, Region &Out, Cubicle *&Owner);
bool commitHeap(Cubicle &C, uintptr_t NewEnd);
uintptr_t allocStack(Cubicle &C, ThreadState &T);
// Stack slot S (numbered from one) of C: [Begin, End), its guard left out.
inline void slotRange(const Cubicle &C, unsigned S, uintptr_t &Begin,
                      uintptr_t &End) {
  uintptr_t Base = C.Area + kHeapZone + uintptr_t(S - 1) * Mon->StackSlotSize;
  Begin = Base + kStackGuard;
  End = Base + Mon->StackSlotSize;
}
// Thread T's stack in cubicle C, without its guard, if it has one.
// Inline: crossings through the runtime ask it.
inline bool stackRange(const Cubicle &C, const ThreadState &T,
                       uintptr_t &Begin, uintptr_t &End) {
  if (!T.StackSlot[C.Id])
    return false;
  slotRange(C, T.StackSlot[C.Id], Begin, End);
  return true;
}
// Thread T's arena for copies of results returned to C (ResultCopies.cpp):
// a stack slot of C's, made at first use.  freeResultArena gives it back.
bool resultArena(Cubicle &C, ThreadState &T, uintptr_t &Begin, uintptr_t &End);
void freeResultArena(Cubicle &C, ThreadState &T);
// C's arena for copies that callees keep across calls (KeptWindows.cpp):
// a stack slot of C's, shared by its threads, made at first use.
bool keptArena(Cubicle &C, uintptr_t &Begin, uintptr_t &End);
// C's arena for blocks handed over to it (OwnedBlocks.cpp): likewise.
bool ownedArena(Cubicle &C, uintptr_t &Begin, uintptr_t &End);
void *monitorAlloc(size_t Size);
// Gives thread T's stack in C back (its record points at the lazy region
// again).
void freeStack(Cubicle &C, ThreadState &T);
// Whether Addr is the runtime's own memory (monitor state, records).
bool isRuntimeMemory(uintptr_t Addr);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_MEMORY_MEMORY_H
