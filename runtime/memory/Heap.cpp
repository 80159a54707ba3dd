//===- Heap.cpp - The per-cubicle allocator -------------------------------===//
//
// Each cubicle allocates from the heap zone of its own area, so every heap
// object carries its cubicle's key.  The allocator runs with the caller's
// rights: its state (free lists, page map) lives at the start of the heap in
// the cubicle's own memory, so a forged request for another cubicle's heap
// faults instead of touching it.  Only growing the heap (committing pages
// and recording how far) goes through the monitor.
//
// Layout of a heap zone:  [Heap header][page map: u32 per page][pages...]
//   small objects  size classes up to 4 KiB, carved from runs of pages;
//   large objects  page runs, first-fit from a free-run list, coalesced.
//
// free() checks, before touching anything, that the pointer belongs to the
// calling cubicle; a pointer into another cubicle is refused with a report.
//
//===----------------------------------------------------------------------===//

#include "memory/Heap.h"
#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "core/SpinLock.h"
#include "faults/FaultReport.h"
#include "memory/Memory.h"
#include "threads/ThreadState.h"
#include "windows/OwnedBlocks.h"

#include <errno.h>
#include <malloc.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

namespace cubicle {

namespace {

constexpr uint16_t kClassSize[] = {
    16,  32,  48,  64,  80,   96,   112,  128,  160,  192,  224,  256,  320, 384,
    448, 512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096};
constexpr int kNumClasses = sizeof(kClassSize) / sizeof(kClassSize[0]);
constexpr size_t kMaxSmall = 4096;
constexpr size_t kHeapPages = kHeapZone / kPageSize;
constexpr size_t kGrowChunk = size_t(1) << 20;

// Page map entries.
constexpr uint32_t kKindShift = 30;
constexpr uint32_t kUnused = 0, kSmall = 1, kLarge = 2, kFreeRun = 3;
constexpr uint32_t kLow = (1u << kKindShift) - 1;
inline uint32_t kindOf(uint32_t E) { return E >> kKindShift; }
// kSmall: class in bits 0-7, page index within its run in bits 8-15.
// kLarge: head page: run length in pages (bit 29 clear); other pages: bit 29
//         set and the distance back to the head.
// kFreeRun: first and last page hold the run length.
constexpr uint32_t kContinuation = 1u << 29;

struct FreeRun {
  FreeRun *Next, *Prev;
};

struct FreeBlock {
  FreeBlock *Next;
  uint64_t Magic; // marks a freed block, to catch double frees
};

} // namespace

struct Heap {
  volatile uint32_t Lock;
  uint32_t Ready;
  uint64_t FreeMagic;
  uintptr_t PagesBase;
  uintptr_t Brk;
  FreeBlock *Free[kNumClasses];
  FreeRun *Runs;
  uint64_t LiveBytes;
};

namespace {

constexpr size_t kHeaderBytes = pageUp(sizeof(Heap));
constexpr size_t kMapBytes = pageUp(kHeapPages * sizeof(uint32_t));

inline Heap *heapOf(Cubicle &C) { return reinterpret_cast<Heap *>(C.Area); }
inline uint32_t *mapOf(Cubicle &C) {
  return reinterpret_cast<uint32_t *>(C.Area + kHeaderBytes);
}
inline size_t pageIndex(Cubicle &C, uintptr_t A) {
  return (A - C.Area) / kPageSize;
}

void lock(Heap &H) { spinLock(H.Lock); }
void unlock(Heap &H) { spinUnlock(H.Lock); }

// Commits heap pages up to End through the monitor.
bool grow(Cubicle &C, uintptr_t End) {
  if (End <= C.HeapCommitted)
    return true;
  MonitorGuard G(C.Desc);
  if (!G.ok() || &G.caller() != &C)
    return false;
  uintptr_t Want = End - C.Area;
  Want = (Want + kGrowChunk - 1) & ~(kGrowChunk - 1);
  if (Want > kHeapZone)
    Want = kHeapZone;
  return commitHeap(C, C.Area + Want) && End <= C.HeapCommitted;
}

// The first use of a heap sets up its header.  Threads may make it at the
// same time: the set-up runs under the heap lock and publishes Ready last,
// so no thread sees a half-set header or sets it twice (a second set-up
// would move Brk back under blocks already handed out).
bool ensureReady(Cubicle &C) {
  if (C.HeapCommitted > C.Area &&
      __atomic_load_n(&heapOf(C)->Ready, __ATOMIC_ACQUIRE))
    return true;
  if (!grow(C, C.Area + kHeaderBytes + kMapBytes + kPageSize))
    return false;
  Heap &H = *heapOf(C);
  lock(H);
  if (!H.Ready) {
    H.FreeMagic = randomU64();
    H.PagesBase = C.Area + kHeaderBytes + kMapBytes;
    H.Brk = H.PagesBase;
    __atomic_store_n(&H.Ready, 1, __ATOMIC_RELEASE);
  }
  unlock(H);
  return true;
}

int classFor(size_t Size, size_t Align) {
  for (int I = 0; I < kNumClasses; ++I)
    if (kClassSize[I] >= Size && kClassSize[I] % Align == 0)
      return I;
  return -1;
}

unsigned runPagesFor(int Class) { return kClassSize[Class] > 1024 ? 8 : 4; }

void setRun(Cubicle &C, uintptr_t Begin, size_t Pages, uint32_t Kind) {
  uint32_t *Map = mapOf(C);
  size_t First = pageIndex(C, Begin);
  if (Kind == kFreeRun) {
    Map[First] = (kFreeRun << kKindShift) | uint32_t(Pages);
    Map[First + Pages - 1] = (kFreeRun << kKindShift) | uint32_t(Pages);
    return;
  }
  Map[First] = (kLarge << kKindShift) | uint32_t(Pages);
  for (size_t I = 1; I < Pages; ++I)
    Map[First + I] = (kLarge << kKindShift) | kContinuation | uint32_t(I);
}

void pushRun(Cubicle &C, uintptr_t Begin, size_t Pages) {
  Heap &H = *heapOf(C);
  auto *R = reinterpret_cast<FreeRun *>(Begin);
  R->Next = H.Runs;
  R->Prev = nullptr;
  if (H.Runs)
    H.Runs->Prev = R;
  H.Runs = R;
  setRun(C, Begin, Pages, kFreeRun);
}

void unlinkRun(Heap &H, FreeRun *R) {
  if (R->Prev)
    R->Prev->Next = R->Next;
  else
    H.Runs = R->Next;
  if (R->Next)
    R->Next->Prev = R->Prev;
}

// A run of Pages pages, page-aligned to Align (a power of two >= page size).
uintptr_t allocPages(Cubicle &C, size_t Pages, size_t Align) {
  Heap &H = *heapOf(C);
  uint32_t *Map = mapOf(C);
  for (FreeRun *R = H.Runs; R; R = R->Next) {
    uintptr_t Begin = uintptr_t(R);
    size_t Have = Map[pageIndex(C, Begin)] & kLow;
    uintptr_t At = (Begin + Align - 1) & ~(Align - 1);
    size_t Skip = (At - Begin) / kPageSize;
    if (Have < Skip + Pages)
      continue;
    unlinkRun(H, R);
    if (Skip)
      pushRun(C, Begin, Skip);
    if (Have > Skip + Pages)
      pushRun(C, At + Pages * kPageSize, Have - Skip - Pages);
    return At;
  }
  uintptr_t At = (H.Brk + Align - 1) & ~(Align - 1);
  uintptr_t End = At + Pages * kPageSize;
  if (End > C.Area + kHeapZone || End < At || !grow(C, End))
    return 0;
  if (At > H.Brk)
    pushRun(C, H.Brk, (At - H.Brk) / kPageSize);
  H.Brk = End;
  return At;
}

void freePages(Cubicle &C, uintptr_t Begin, size_t Pages) {
  Heap &H = *heapOf(C);
  uint32_t *Map = mapOf(C);
  size_t First = pageIndex(C, Begin);
  size_t FirstPage = pageIndex(C, H.PagesBase);
  // Coalesce with free neighbours (boundary tags).
  if (First > FirstPage && kindOf(Map[First - 1]) == kFreeRun) {
    size_t Len = Map[First - 1] & kLow;
    uintptr_t Prev = Begin - Len * kPageSize;
    unlinkRun(H, reinterpret_cast<FreeRun *>(Prev));
    Begin = Prev;
    First -= Len;
    Pages += Len;
  }
  size_t Next = First + Pages;
  if (C.Area + Next * kPageSize < H.Brk && kindOf(Map[Next]) == kFreeRun) {
    size_t Len = Map[Next] & kLow;
    unlinkRun(H, reinterpret_cast<FreeRun *>(C.Area + Next * kPageSize));
    Pages += Len;
  }
  for (size_t I = First; I < First + Pages; ++I)
    Map[I] = kUnused;
  pushRun(C, Begin, Pages);
}

void *allocSmall(Cubicle &C, int Class) {
  Heap &H = *heapOf(C);
  FreeBlock *B = H.Free[Class];
  if (!B) {
    unsigned Pages = runPagesFor(Class);
    uintptr_t Run = allocPages(C, Pages, kPageSize);
    if (!Run)
      return nullptr;
    uint32_t *Map = mapOf(C);
    size_t First = pageIndex(C, Run);
    for (unsigned I = 0; I < Pages; ++I)
      Map[First + I] = (kSmall << kKindShift) | (I << 8) | uint32_t(Class);
    size_t Size = kClassSize[Class];
    size_t N = Pages * kPageSize / Size;
    for (size_t I = N; I-- > 0;) {
      auto *F = reinterpret_cast<FreeBlock *>(Run + I * Size);
      F->Next = B;
      F->Magic = 0;
      B = F;
    }
  }
  H.Free[Class] = B->Next;
  B->Next = nullptr;
  B->Magic = 0;
  H.LiveBytes += kClassSize[Class];
  return B;
}

enum class Check { Ok, Foreign, NotHeap, Invalid, DoubleFree };

struct BlockInfo {
  uintptr_t Begin = 0;
  size_t Size = 0;
  int Class = -1; // -1: large
};

// Finds the allocation that starts at P.  The caller holds the heap lock.
Check lookupBlock(Cubicle &C, uintptr_t P, BlockInfo &Out, bool Interior) {
  Heap &H = *heapOf(C);
  if (P < H.PagesBase || P >= H.Brk)
    return Check::NotHeap;
  uint32_t E = mapOf(C)[pageIndex(C, P)];
  switch (kindOf(E)) {
  case kSmall: {
    int Class = int(E & 0xff);
    uintptr_t Run = pageDown(P) - ((E >> 8) & 0xff) * kPageSize;
    size_t Size = kClassSize[Class];
    size_t Off = (P - Run) % Size;
    if (Off && !Interior)
      return Check::Invalid;
    Out = {P - Off, Size, Class};
    if (!Interior && reinterpret_cast<FreeBlock *>(Out.Begin)->Magic ==
                         (H.FreeMagic ^ Out.Begin))
      return Check::DoubleFree;
    return Check::Ok;
  }
  case kLarge: {
    uintptr_t Head = pageDown(P);
    if (E & kContinuation)
      Head -= (E & (kContinuation - 1)) * kPageSize;
    if (Head != P && !Interior)
      return Check::Invalid;
    uint32_t HE = mapOf(C)[pageIndex(C, Head)];
    Out = {Head, (HE & kLow) * kPageSize, -1};
    return Check::Ok;
  }
  case kFreeRun:
    return Interior ? Check::Invalid : Check::DoubleFree;
  }
  return Check::Invalid;
}

void reportBadFree(Cubicle &Caller, uintptr_t P, Check Why, Cubicle *Owner) {
  const char *What = Why == Check::Foreign    ? "free of another cubicle's memory"
                     : Why == Check::DoubleFree ? "double free"
                     : Why == Check::NotHeap    ? "free of memory that is not heap"
                                                : "free of a pointer that is not "
                                                  "the start of an allocation";
  reportError("bad-free",
              "%s: cubicle '%s' called free(%p), which belongs to %s%s%s; "
              "refused, nothing was freed",
              What, Caller.name(), (void *)P, Owner ? "cubicle '" : "",
              Owner ? Owner->name() : "no cubicle", Owner ? "'" : "");
}

// A block another cubicle handed over (windows/OwnedBlocks.cpp) goes back
// through that cubicle's release function, never to free().
bool reportOwnedFree(Cubicle &Caller, uintptr_t P) {
  int Giver;
  {
    MonitorGuard G(Caller.Desc);
    if (!G.ok())
      return false;
    Giver = ownedGiver(Caller, P);
  }
  if (Giver < 0)
    return false;
  reportError("bad-free",
              "free of a block handed over: cubicle '%s' called free(%p), a "
              "block cubicle '%s' handed it (CUBICLE_RESULT_OWNED); give it "
              "back through the function of '%s' that releases it "
              "(CUBICLE_RELEASED); refused, nothing was freed",
              Caller.name(), (void *)P, cubicleById(uint16_t(Giver))->name(),
              cubicleById(uint16_t(Giver))->name());
  return true;
}

} // namespace

void *heapMalloc(Cubicle &C, size_t Size, size_t Align) {
  if (!Size)
    Size = 1;
  if (Align < 16)
    Align = 16;
  if (!ensureReady(C))
    return nullptr;
  Heap &H = *heapOf(C);
  lock(H);
  void *R = nullptr;
  int Class = Size <= kMaxSmall && Align <= kPageSize ? classFor(Size, Align)
                                                      : -1;
  if (Class >= 0) {
    R = allocSmall(C, Class);
  } else if (Size <= kHeapZone) {
    size_t Pages = pageUp(Size) / kPageSize;
    uintptr_t P = allocPages(C, Pages, Align > kPageSize ? Align : kPageSize);
    if (P) {
      setRun(C, P, Pages, kLarge);
      H.LiveBytes += Pages * kPageSize;
      R = reinterpret_cast<void *>(P);
    }
  }
  unlock(H);
  if (!R)
    errno = ENOMEM;
  return R;
}

void heapFree(Cubicle &Caller, void *Ptr) {
  uintptr_t P = uintptr_t(Ptr);
  if (!P)
    return;
  Cubicle *Owner = ownerOf(P);
  if (!Owner) {
    // Memory of the trusted base (libc's heap): libc frees it.
    free(Ptr);
    return;
  }
  if (Owner != &Caller) {
    reportBadFree(Caller, P, Check::Foreign, Owner);
    return;
  }
  if (!ensureReady(Caller)) {
    reportBadFree(Caller, P, Check::NotHeap, Owner);
    return;
  }
  Heap &H = *heapOf(Caller);
  lock(H);
  BlockInfo B;
  Check R = lookupBlock(Caller, P, B, /*Interior=*/false);
  if (R == Check::Ok) {
    if (B.Class >= 0) {
      auto *F = reinterpret_cast<FreeBlock *>(B.Begin);
      F->Next = H.Free[B.Class];
      F->Magic = H.FreeMagic ^ B.Begin;
      H.Free[B.Class] = F;
    } else {
      freePages(Caller, B.Begin, B.Size / kPageSize);
    }
    H.LiveBytes -= B.Size;
  }
  unlock(H);
  if (R == Check::NotHeap && reportOwnedFree(Caller, P))
    return;
  if (R != Check::Ok)
    reportBadFree(Caller, P, R, Owner);
}

int heapPosixMemalign(Cubicle *C, void **Out, size_t Align, size_t Size) {
  if (!Out || !Align || (Align & (Align - 1)) || Align % sizeof(void *))
    return EINVAL;
  if (!C)
    return posix_memalign(Out, Align, Size);
  void *P = heapMalloc(*C, Size, Align);
  if (!P)
    return ENOMEM;
  *Out = P;
  return 0;
}

size_t heapUsableSize(Cubicle &C, void *Ptr) {
  uintptr_t P = uintptr_t(Ptr);
  if (!P)
    return 0;
  if (!ownerOf(P))
    return malloc_usable_size(Ptr);
  if (ownerOf(P) != &C || !ensureReady(C))
    return 0;
  Heap &H = *heapOf(C);
  lock(H);
  BlockInfo B;
  size_t N = lookupBlock(C, P, B, false) == Check::Ok ? B.Size : 0;
  unlock(H);
  return N;
}

// Heaps whose lock word the monitor can reach now: a virtual cubicle's pages
// are closed while it is not running, and then no thread is in its
// allocator either.
static bool forkLockable(const Cubicle &C) {
  return C.Used && C.Area && C.HeapCommitted > C.Area &&
         (!C.Virtual || isOpenByPages(C));
}

// Heap locks come before the monitor lock (growth enters the monitor while
// holding one), so the forking thread lets the monitor lock go while it
// waits for each heap, then checks again for heaps set up meanwhile.
void heapsLockForFork(ThreadState &T) {
  if (!backend().isolatesThreads())
    return; // one thread only: no other can hold a heap lock
  for (;;) {
    Cubicle *Next = nullptr;
    for (int I = 0; I < Mon->NumCubicles && !Next; ++I)
      if (forkLockable(Mon->Cubicles[I]) && !Mon->Cubicles[I].HeapHeldForFork)
        Next = &Mon->Cubicles[I];
    if (!Next)
      return;
    monitorUnlock();
    lock(*heapOf(*Next));
    monitorLock(&T);
    Next->HeapHeldForFork = true;
  }
}

void heapsUnlockAfterFork() {
  for (int I = 0; I < Mon->NumCubicles; ++I) {
    Cubicle &C = Mon->Cubicles[I];
    if (!C.HeapHeldForFork)
      continue;
    C.HeapHeldForFork = false;
    unlock(*heapOf(C));
  }
}

void *heapRealloc(Cubicle &C, void *Ptr, size_t Size) {
  if (!Ptr)
    return heapMalloc(C, Size, 16);
  if (!Size) {
    heapFree(C, Ptr);
    return nullptr;
  }
  uintptr_t P = uintptr_t(Ptr);
  Cubicle *Owner = ownerOf(P);
  if (!Owner)
    return realloc(Ptr, Size);
  if (Owner != &C) {
    reportBadFree(C, P, Check::Foreign, Owner);
    return nullptr;
  }
  size_t Have = heapUsableSize(C, Ptr);
  if (!Have) {
    reportBadFree(C, P, Check::Invalid, Owner);
    return nullptr;
  }
  if (Size <= Have && Size > Have / 2)
    return Ptr;
  void *N = heapMalloc(C, Size, 16);
  if (!N)
    return nullptr;
  memcpy(N, Ptr, Size < Have ? Size : Have);
  heapFree(C, Ptr);
  return N;
}

// For reports (monitor mode, no lock: the heap may be mid-update in the
// faulting thread, so this is best effort).
bool heapDescribe(Cubicle &C, uintptr_t Addr, uintptr_t &Begin, size_t &Size) {
  if (C.HeapCommitted <= C.Area || !heapOf(C)->Ready)
    return false;
  BlockInfo B;
  if (lookupBlock(C, Addr, B, /*Interior=*/true) != Check::Ok)
    return false;
  Begin = B.Begin;
  Size = B.Size;
  return true;
}

// free() by the trusted base: libc's heap, but never a cubicle's memory.
void trustedFree(void *Ptr) {
  if (Ptr && ownerOf(uintptr_t(Ptr)))
    reportBadFree(Mon->Cubicles[CUBICLE_TRUSTED], uintptr_t(Ptr),
                  Check::Foreign, ownerOf(uintptr_t(Ptr)));
  else
    free(Ptr);
}

} // namespace cubicle
