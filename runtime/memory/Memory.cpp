//===- Memory.cpp - Per-cubicle areas, owner look-up, monitor arena -------===//
//
// Every cubicle (but the trusted base) reserves one 4 GiB area aligned to
// its size: the heap grows up from the bottom, per-thread stack slots fill
// the top 1 GiB.  Because areas are size-aligned, the owner of an address is
// one table look-up (Monitor::AreaOwner), which the allocator's free() and
// the fault handler both rely on.  Globals live in the executable and are
// looked up in the cubicles' (few) global blocks.
//
//===----------------------------------------------------------------------===//

#include "memory/Memory.h"
#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "threads/ThreadState.h"
#include "threads/Threads.h"
#include "memory/Zone.h"
#include "syscalls/SyscallPage.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

extern "C" char __start_cubicle_monitor[];
extern "C" char __stop_cubicle_monitor[];

namespace cubicle {


// Cubicles kept apart by page rights (mprotect, and mpk's virtual cubicles)
// have their whole heap re-protected at every switch.  mprotect costs about
// 64 ns per present 4 KiB page but one entry per 2 MiB huge page, so their
// heaps ask for transparent huge pages and grow in whole huge pages: a
// 32 MiB heap flips in 3 us instead of 500.
constexpr uintptr_t kHugePage = uintptr_t(2) << 20;

static bool switchedByPages(const Cubicle &C) {
  return backend().switchesByPages(C);
}

static unsigned areaIndex(uintptr_t Addr) {
  return unsigned(Addr >> kAreaShift);
}

// Monitor mode.
bool reserveArea(Cubicle &C) {
  // Areas are never given back: the zone has one for every cubicle there
  // can be.
  uintptr_t Aligned = zoneArea();
  if (!Aligned) {
    printErr("cubicle: cannot reserve an area for cubicle '%s'\n", C.name());
    return false;
  }
  if (areaIndex(Aligned) >= sizeof(Mon->AreaOwner))
    fatal("area at %p is outside the owner table", (void *)Aligned);
  C.Area = Aligned;
  C.HeapCommitted = Aligned;
  // Advice only: without THP the heap works the same, only switches cost
  // more.
  if (switchedByPages(C))
    sys::madvise(reinterpret_cast<void *>(Aligned), kHeapZone, MADV_HUGEPAGE);
  Mon->AreaOwner[areaIndex(Aligned)] = uint8_t(C.Id + 1);
  return true;
}

// The cubicle whose per-thread record page holds Addr, if any.
static Cubicle *recordOwner(uintptr_t Addr) {
  size_t Size = size_t(descEnd() - descBegin()) * kPageSize;
  for (ThreadState *T = Mon->Threads; T; T = T->Next)
    if (Addr >= T->Mirror && Addr < T->Mirror + Size)
      return cubicleByDesc(descBegin() + (Addr - T->Mirror) / kPageSize);
  return nullptr;
}

Cubicle *ownerOf(uintptr_t Addr) {
  unsigned I = areaIndex(Addr);
  if (I < sizeof(Mon->AreaOwner) && Mon->AreaOwner[I])
    return cubicleById(Mon->AreaOwner[I] - 1);
  for (int Id = 1; Id < Mon->NumCubicles; ++Id) {
    Cubicle &C = Mon->Cubicles[Id];
    for (int B = 0; B < C.NumGlobals; ++B)
      if (Addr >= C.Globals[B].Begin && Addr < C.Globals[B].End)
        return &C;
  }
  Cubicle *R = recordOwner(Addr);
  return R && R->Id != CUBICLE_TRUSTED ? R : nullptr;
}

bool isRuntimeMemory(uintptr_t Addr) {
  if (Addr >= uintptr_t(descBegin()) && Addr < uintptr_t(descEnd()))
    return true;
  if (Addr >= uintptr_t(__start_cubicle_monitor) &&
      Addr < uintptr_t(__stop_cubicle_monitor))
    return true;
  size_t Size = size_t(descEnd() - descBegin()) * kPageSize;
  for (ThreadState *T = Mon->Threads; T; T = T->Next)
    if (Addr >= T->Mirror && Addr < T->Mirror + Size)
      return true;
  return false;
}

bool regionOf(uintptr_t Addr, Region &Out, Cubicle *&Owner) {
  Owner = ownerOf(Addr);
  if (!Owner)
    return false;
  Cubicle &C = *Owner;
  if (!C.Area || Addr - C.Area >= kAreaSize) {
    for (int B = 0; B < C.NumGlobals; ++B)
      if (Addr >= C.Globals[B].Begin && Addr < C.Globals[B].End) {
        Out = C.Globals[B];
        return true;
      }
    Out = {pageDown(Addr), pageDown(Addr) + kPageSize, MemKind::Record,
           PROT_READ | PROT_WRITE};
    return true;
  }
  for (int B = 0; B < C.NumGlobals; ++B)
    if (Addr >= C.Globals[B].Begin && Addr < C.Globals[B].End) {
      Out = C.Globals[B];
      return true;
    }
  uintptr_t Off = Addr - C.Area;
  if (Off < kHeapZone) {
    if (Addr >= C.HeapCommitted)
      return false;
    Out = {C.Area, C.HeapCommitted, MemKind::Heap, PROT_READ | PROT_WRITE};
    return true;
  }
  uintptr_t SlotBase = C.Area + kHeapZone +
                       (Off - kHeapZone) / Mon->StackSlotSize * Mon->StackSlotSize;
  if (Addr < SlotBase + kStackGuard)
    return false; // guard page
  Out = {SlotBase + kStackGuard, SlotBase + Mon->StackSlotSize, MemKind::Stack,
         PROT_READ | PROT_WRITE};
  // Only stacks that exist count.
  unsigned Slot = unsigned((SlotBase - C.Area - kHeapZone) / Mon->StackSlotSize);
  return C.StackSlots[Slot / 64] & (uint64_t(1) << (Slot % 64));
}

// Monitor mode, or the cubicle's own heap lock held (Heap.cpp).
bool commitHeap(Cubicle &C, uintptr_t NewEnd) {
  NewEnd = pageUp(NewEnd);
  if (NewEnd <= C.HeapCommitted)
    return true;
  if (NewEnd > C.Area + kHeapZone)
    return false;
  if (switchedByPages(C))
    NewEnd = (NewEnd + kHugePage - 1) & ~(kHugePage - 1);
  if (!backend().applyOwner(C.HeapCommitted, NewEnd, PROT_READ | PROT_WRITE,
                            C, MemKind::Heap))
    return false;
  C.HeapCommitted = NewEnd;
  return true;
}

// Monitor mode.  Claims a free stack slot of C and commits it for C;
// returns its number plus one, or 0.
static unsigned claimSlot(Cubicle &C, uintptr_t &Begin, uintptr_t &End) {
  // The trusted base has no area: nothing of it is a cubicle's memory.
  if (C.Id == CUBICLE_TRUSTED)
    return 0;
  unsigned Slots = unsigned(kStackZone / Mon->StackSlotSize);
  for (unsigned S = 0; S < Slots && S < 128; ++S) {
    uint64_t Bit = uint64_t(1) << (S % 64);
    if (C.StackSlots[S / 64] & Bit)
      continue;
    slotRange(C, S + 1, Begin, End);
    if (!backend().applyOwner(Begin, End, PROT_READ | PROT_WRITE, C,
                              MemKind::Stack))
      return 0;
    C.StackSlots[S / 64] |= Bit;
    return S + 1;
  }
  return 0;
}

// Monitor mode.  Drops the pages of slot S (plus one) of C and frees it:
// the next thread to get it starts from zeroes, not from this one's data.
static void releaseSlot(Cubicle &C, unsigned S) {
  uintptr_t Begin, End;
  slotRange(C, S, Begin, End);
  sys::madvise(reinterpret_cast<void *>(Begin), End - Begin, MADV_DONTNEED);
  C.StackSlots[(S - 1) / 64] &= ~(uint64_t(1) << ((S - 1) % 64));
}

// Monitor mode.  Returns the top of a new stack for thread T, or 0.
uintptr_t allocStack(Cubicle &C, ThreadState &T) {
  uintptr_t Begin, End;
  unsigned S = claimSlot(C, Begin, End);
  if (!S)
    return 0;
  T.StackSlot[C.Id] = S;
  return End - 64;
}

// Monitor mode.  Thread T's arena for result copies in C (a stack slot of
// C's: memory only C may touch, committed lazily, made in monitor mode
// without C's heap lock): [Begin, End), made at first use.
bool resultArena(Cubicle &C, ThreadState &T, uintptr_t &Begin,
                 uintptr_t &End) {
  if (!T.ResultSlot[C.Id]) {
    unsigned S = claimSlot(C, Begin, End);
    if (!S)
      return false;
    T.ResultSlot[C.Id] = uint8_t(S);
    T.ResultCursor[C.Id] = Begin;
    return true;
  }
  slotRange(C, T.ResultSlot[C.Id], Begin, End);
  return true;
}

// Monitor mode.  C's arena for kept copies: like a result arena, but one
// for the cubicle, since a kept copy outlives the call and the thread that
// made it.
bool keptArena(Cubicle &C, uintptr_t &Begin, uintptr_t &End) {
  if (!C.KeptSlot) {
    unsigned S = claimSlot(C, Begin, End);
    if (!S)
      return false;
    C.KeptSlot = uint8_t(S);
    C.KeptCursor = Begin;
    return true;
  }
  slotRange(C, C.KeptSlot, Begin, End);
  return true;
}

bool ownedArena(Cubicle &C, uintptr_t &Begin, uintptr_t &End) {
  if (!C.OwnedSlot) {
    unsigned S = claimSlot(C, Begin, End);
    if (!S)
      return false;
    C.OwnedSlot = uint8_t(S);
    C.OwnedCursor = Begin;
    return true;
  }
  slotRange(C, C.OwnedSlot, Begin, End);
  return true;
}

void freeResultArena(Cubicle &C, ThreadState &T) {
  if (!T.ResultSlot[C.Id])
    return;
  releaseSlot(C, T.ResultSlot[C.Id]);
  T.ResultSlot[C.Id] = 0;
  T.ResultCursor[C.Id] = 0;
}

// Monitor mode.  Gives thread T's stack for C back: its pages are dropped
// (the next thread to get the slot starts from zeroes, not from this
// thread's data) and the record points at the lazy region again.
void freeStack(Cubicle &C, ThreadState &T) {
  if (!T.StackSlot[C.Id])
    return;
  releaseSlot(C, unsigned(T.StackSlot[C.Id]));
  T.StackSlot[C.Id] = 0;
  recordPage(T, C)->Sp = lazyStackTop(C);
}

// Stack of cubicle C for thread T, if created: [Begin, End).
//===-- Monitor arena ------------------------------------------------------===//

// Monitor mode.  Zeroed, never freed; for tables sized at first use.
void *monitorAlloc(size_t Size) {
  Size = (Size + 15) & ~size_t(15);
  if (Mon->ArenaCur + Size > Mon->ArenaEnd) {
    size_t Chunk = Size > (1u << 20) ? pageUp(Size) : (1u << 20);
    void *P = zoneMap(Chunk, PROT_READ | PROT_WRITE);
    if (!P)
      return nullptr;
    backend().applyMonitor(uintptr_t(P), uintptr_t(P) + Chunk);
    Mon->ArenaCur = uintptr_t(P);
    Mon->ArenaEnd = uintptr_t(P) + Chunk;
  }
  void *R = reinterpret_cast<void *>(Mon->ArenaCur);
  Mon->ArenaCur += Size;
  return R;
}

} // namespace cubicle
