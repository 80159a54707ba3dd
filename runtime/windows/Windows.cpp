//===- Windows.cpp - The window API and how grants reach memory -----------===//
//
// Access through a window is exactly the bytes added, never the pages
// around them.  Two mechanisms make that so:
//
//   whole pages   Pages a range covers entirely are handed over at page
//                 granularity: on mpk they move to a window key that the
//                 owner and the grantees have in their PKRU; on mprotect they
//                 are opened when a grantee runs.  No fault, full speed.
//   partial pages The page holding a range's first or last bytes also holds
//                 the owner's other data, so it keeps the owner's protection.
//                 A grantee's access there faults; the fault handler checks
//                 the access against the window (Fault.cpp) and, if it is
//                 inside, runs that one instruction with the page open.
//
// On mpk, a window whose whole pages cannot get a key (all keys in use, or a
// virtual cubicle involved) is served entirely by the second mechanism.
//
//===----------------------------------------------------------------------===//

#include "windows/Windows.h"
#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "core/Stats.h"
#include "gates/WindowSpec.h"
#include "memory/Memory.h"
#include "threads/ThreadState.h"
#include "threads/Threads.h"
#include "windows/WindowTable.h"
#include "syscalls/SyscallPage.h"

#include <new>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

namespace cubicle {

static WindowTable &table() {
  if (!Mon->Windows) {
    void *P = monitorAlloc(sizeof(WindowTable));
    if (!P)
      fatal("out of monitor memory for the window table");
    Mon->Windows = new (P) WindowTable();
  }
  return *Mon->Windows;
}

// Whole pages of [Begin, End).
static bool wholePages(uintptr_t Begin, uintptr_t End, uintptr_t &PBegin,
                       uintptr_t &PEnd) {
  PBegin = pageUp(Begin);
  PEnd = pageDown(End);
  return PBegin < PEnd;
}

static int ownerProt(uintptr_t Addr) {
  Region R;
  Cubicle *Owner;
  return regionOf(Addr, R, Owner) ? R.Prot : PROT_READ | PROT_WRITE;
}

// Gives the whole pages of a range key Key, or back to the owner's key.
static bool rekeyRange(const WindowRange &R, int Key, const Cubicle &Owner) {
  uintptr_t B, E;
  if (!wholePages(R.Begin, R.End, B, E))
    return true;
  return pkeyMprotect(B, E - B, ownerProt(R.Begin),
                      Key >= 0 ? Key : Owner.Key) == 0;
}

static bool rekeyWindow(int Index, int Key, const Cubicle &Owner) {
  bool Ok = true;
  table().forEachRange(
      Index, [&](const WindowRange &R) { Ok &= rekeyRange(R, Key, Owner); });
  return Ok;
}

static bool hasWholePages(int Index) {
  bool Any = false;
  table().forEachRange(Index, [&](const WindowRange &R) {
    uintptr_t B, E;
    Any |= wholePages(R.Begin, R.End, B, E);
  });
  return Any;
}

// mpk: takes the window key away from Cid (and from everyone, returning the
// pages to the owner, once no grantee is left).
static void revokeKey(WindowSlot &W, int Index, Cubicle &Grantee,
                      bool NowClosed) {
  if (W.Key < 0)
    return;
  uint32_t Bit = 1u << W.Key;
  Grantee.WindowKeys &= ~Bit;
  Grantee.ReadOnlyKeys &= ~Bit;
  refreshPkru(Grantee);
  if (!NowClosed)
    return;
  Cubicle &Owner = *cubicleById(W.Owner);
  rekeyWindow(Index, -1, Owner);
  Owner.WindowKeys &= ~Bit;
  refreshPkru(Owner);
  Mon->FreeKeys |= Bit;
  W.Key = -1;
}

static void grantKey(WindowSlot &W, int Index, Cubicle &Owner, Cubicle &Grantee,
                     bool WasClosed) {
  if (!backend().usesWrpkru() || Owner.Virtual || Grantee.Virtual ||
      Grantee.Id == CUBICLE_TRUSTED)
    return; // served by emulation
  if (W.Key < 0) {
    if (!WasClosed || !hasWholePages(Index) || !Mon->FreeKeys)
      return;
    int Key = __builtin_ctz(Mon->FreeKeys);
    if (!rekeyWindow(Index, Key, Owner)) {
      rekeyWindow(Index, -1, Owner);
      return;
    }
    Mon->FreeKeys &= ~(1u << Key);
    W.Key = int8_t(Key);
    Owner.WindowKeys |= 1u << Key;
    refreshPkru(Owner);
  }
  Grantee.WindowKeys |= 1u << W.Key;
  if (W.ReadOnly)
    Grantee.ReadOnlyKeys |= 1u << W.Key;
  refreshPkru(Grantee);
}

// Does the caller own all of [P, P + Size) as one piece of its memory?
bool ownsRange(const Cubicle &Caller, uintptr_t P, size_t Size) {
  Region R;
  Cubicle *Owner;
  if (!regionOf(P, R, Owner) || Owner != &Caller)
    return false;
  // Per-thread records hold the saved stack pointers: never lendable.
  if (R.Kind == MemKind::Record)
    return false;
  return P + Size <= R.End;
}

//===-- Queries for the fault handler and the mprotect backend
//-------------===//

// Monitor mode.  May Cid access [Addr, Addr + Len) through a window, with
// a write if Write?  All bytes must be in one range.
bool windowAllows(uintptr_t Addr, size_t Len, int Cid, bool Write) {
  if (!Mon->Windows)
    return false;
  const WindowRange *R = table().find(Addr);
  if (!R || Addr + Len > R->End || Addr + Len < Addr)
    return false;
  WindowSlot &W = table().slot(R->Window);
  if (!(W.Grantees & (uint64_t(1) << Cid)))
    return false;
  return !Write || (!W.ReadOnly && (ownerProt(Addr) & PROT_WRITE));
}

// The parts of page P inside windows open to Cid, clipped to the page, in
// address order.  Returns how many (at most Max).
int windowPartsOnPage(uintptr_t P, int Cid, uintptr_t (*Out)[2], int Max) {
  if (!Mon->Windows)
    return 0;
  WindowTable &T = table();
  uintptr_t End = P + kPageSize;
  int N = 0;
  for (const WindowRange *R = T.findOverlap(P, End);
       R && R < &T.range(0) + T.numRanges() && R->Begin < End && N < Max; ++R) {
    if (!(T.slot(R->Window).Grantees & (uint64_t(1) << Cid)))
      continue;
    Out[N][0] = R->Begin < P ? P : R->Begin;
    Out[N][1] = R->End > End ? End : R->End;
    ++N;
  }
  return N;
}

// The window key a page carries as a whole page of a keyed window, or -1.
int windowKeyOfPage(uintptr_t P) {
  if (!Mon->Windows)
    return -1;
  const WindowRange *R = table().find(P);
  if (!R || R->Begin > P || R->End < P + kPageSize)
    return -1;
  return table().slot(R->Window).Key;
}

bool windowDescribe(uintptr_t Addr, char *Buf, size_t Len) {
  const WindowRange *R = Mon->Windows ? table().find(Addr) : nullptr;
  if (!R) {
    format(Buf, Len, "no window covers %p", (void *)Addr);
    return false;
  }
  WindowSlot &W = table().slot(R->Window);
  size_t N = format(Buf, Len, "window %d [%p, %p) of cubicle '%s' is ",
                    table().idOf(R->Window), (void *)R->Begin, (void *)R->End,
                    cubicleById(W.Owner)->name());
  if (!W.Grantees) {
    format(Buf + N, Len - N, "closed");
    return true;
  }
  N += format(Buf + N, Len - N, "open to");
  for (int C = 0; C < 64 && N < Len; ++C)
    if (W.Grantees & (uint64_t(1) << C))
      N += format(Buf + N, Len - N, " '%s'", cubicleById(C)->name());
  return true;
}

static void setGrantedPages(Cubicle *C, bool Open) {
  if (!C || !Mon->Windows)
    return;
  WindowTable &T = table();
  for (int I = 0; I < T.numRanges(); ++I) {
    const WindowRange &R = T.range(I);
    WindowSlot &W = T.slot(R.Window);
    if (!(W.Grantees & (uint64_t(1) << C->Id)) ||
        isOpenByPages(*cubicleById(W.Owner)))
      continue;
    uintptr_t B, E;
    if (wholePages(R.Begin, R.End, B, E))
      sys::mprotect(reinterpret_cast<void *>(B), E - B,
               Open ? ownerProt(R.Begin) & (W.ReadOnly ? PROT_READ : ~0)
                    : PROT_NONE);
  }
}

void windowsBeforeSwitch(Cubicle *Active, Cubicle *Also) {
  setGrantedPages(Active, false);
  if (Also != Active)
    setGrantedPages(Also, false);
}

void windowsAfterSwitch(Cubicle *Active, Cubicle *Also) {
  setGrantedPages(Active, true);
  if (Also && Also != Active)
    setGrantedPages(Also, true);
}


// May cubicle C read (or write) [P, P + Len)?  Its own memory, the trusted
// base's, or memory lent to it through a window; never the runtime's.
bool callerMay(const Cubicle &C, uintptr_t P, size_t Len, bool Write) {
  if (P + Len < P)
    return false;
  // The common cases first: all of it in the caller's heap, or on its
  // stack on this thread (both read-write, neither the runtime's).
  if (C.Area && P >= C.Area) {
    if (P + Len <= C.HeapCommitted)
      return true;
    uintptr_t B, E;
    ThreadState *T = currentThread();
    if (T && stackRange(C, *T, B, E) && P >= B && P + Len <= E)
      return true;
  }
  // Its globals (a format or a name in its read-only data).
  for (int B = 0; B < C.NumGlobals; ++B)
    if (P >= C.Globals[B].Begin && P + Len <= C.Globals[B].End &&
        (!Write || (C.Globals[B].Prot & PROT_WRITE)))
      return true;
  for (uintptr_t Page = pageDown(P); Page < P + Len; Page += kPageSize) {
    uintptr_t B = Page < P ? P : Page;
    uintptr_t E = Page + kPageSize < P + Len ? Page + kPageSize : P + Len;
    if (isRuntimeMemory(Page))
      return false;
    Region R;
    Cubicle *O;
    if (!regionOf(Page, R, O)) {
      if (ownerOf(Page))
        return false; // a cubicle's, but no live region
      continue;       // the trusted base's
    }
    if (O == &C && (!Write || (R.Prot & PROT_WRITE)))
      continue;
    if (windowAllows(B, E - B, C.Id, Write))
      continue;
    return false;
  }
  return true;
}

constexpr size_t kMaxString = size_t(16) << 20;

// Whether page P, which no cubicle owns, is mapped readable.  The runtime
// knows the pages of cubicles, not those of the trusted base, and a bad
// pointer must not fault in monitor mode: the kernel reads one byte for us.
static bool trustedPageReadable(uintptr_t P) {
  char Byte;
  return sys::readMemory(P, &Byte, 1);
}

// Length of the string at P including its NUL, reading only pages the
// caller may read (and, of the trusted base's, only mapped ones).
// Whether [P, P + Len) is in C's heap or globals: mapped, no look-up.
static bool ownsMapped(const Cubicle &C, uintptr_t P, size_t Len) {
  if (C.Area && P >= C.Area && P + Len <= C.HeapCommitted)
    return true;
  for (int B = 0; B < C.NumGlobals; ++B)
    if (P >= C.Globals[B].Begin && P + Len <= C.Globals[B].End)
      return true;
  return false;
}

bool stringSize(const Cubicle &C, uintptr_t P, uint64_t &Out) {
  for (uintptr_t At = P; At - P < kMaxString;) {
    uintptr_t End = pageDown(At) + kPageSize;
    // The caller's own pages are mapped; the trusted base's may not be.
    if (!callerMay(C, At, End - At, false) ||
        (!ownsMapped(C, At, End - At) && !ownerOf(At) &&
         !trustedPageReadable(pageDown(At))))
      return false;
    const void *Nul = memchr(reinterpret_cast<const void *>(At), 0, End - At);
    if (Nul) {
      Out = uintptr_t(Nul) - P + 1;
      return true;
    }
    At = End;
  }
  return false;
}

// Whether C may read [P, P + Len) and it is mapped, within one or two pages.
static bool mayReadSmall(const Cubicle &C, uintptr_t P, size_t Len) {
  if (!callerMay(C, P, Len, false))
    return false;
  uintptr_t First = pageDown(P), Last = pageDown(P + Len - 1);
  return (ownerOf(First) || trustedPageReadable(First)) &&
         (ownerOf(Last) || trustedPageReadable(Last));
}

constexpr uint64_t kMaxStrings = 1u << 16;

bool strvSize(const Cubicle &C, uintptr_t P, uint64_t &Out, uint64_t Count) {
  bool Counted = Count != kNullEnded;
  if (Counted && Count > kMaxStrings)
    return false;
  uint64_t Total = 0;
  for (uint64_t I = 0; I < (Counted ? Count : kMaxStrings); ++I) {
    uintptr_t Slot = P + 8 * I, S;
    if (!mayReadSmall(C, Slot, 8))
      return false;
    memcpy(&S, reinterpret_cast<const void *>(Slot), 8);
    if (!S && !Counted) {
      Out = Total + 8 * (I + 1);
      return true;
    }
    uint64_t Len;
    if (S && !stringSize(C, S, Len))
      return false;
    Total += S ? Len : 0;
  }
  Out = Total + 8 * Count;
  return Counted;
}

bool zeroEndedSize(const Cubicle &C, uintptr_t P, uint64_t Elem,
                   uint64_t &Out) {
  if (!Elem || Elem > kMaxBounce)
    return false;
  for (uint64_t Off = 0; Off + Elem <= kMaxBounce; Off += Elem) {
    if (!callerMay(C, P + Off, Elem, false))
      return false;
    const auto *E = reinterpret_cast<const uint8_t *>(P + Off);
    bool Zero = true;
    for (uint64_t I = 0; I < Elem && Zero; ++I)
      Zero = !E[I];
    if (Zero) {
      Out = Off + Elem;
      return true;
    }
  }
  return false;
}

void copyStrv(uintptr_t Src, uintptr_t Dst, uint64_t Count) {
  bool Counted = Count != kNullEnded;
  uint64_t N = 0;
  if (Counted)
    N = Count;
  else
    while (reinterpret_cast<const uintptr_t *>(Src)[N])
      ++N;
  char *Strings = reinterpret_cast<char *>(Dst + 8 * (N + !Counted));
  for (uint64_t I = 0; I < N; ++I) {
    const char *S = reinterpret_cast<const char *const *>(Src)[I];
    if (!S) {
      reinterpret_cast<char **>(Dst)[I] = nullptr; // a NULL column
      continue;
    }
    size_t Len = strlen(S) + 1;
    memcpy(Strings, S, Len);
    reinterpret_cast<char **>(Dst)[I] = Strings;
    Strings += Len;
  }
  if (!Counted)
    reinterpret_cast<char **>(Dst)[N] = nullptr;
}

//===-- Lending for one call (the generic entry) ---------------------------===//

int lendForCall(Cubicle &Owner, Cubicle &Grantee, uintptr_t P, size_t Size,
                bool ReadOnly) {
  WindowTable &T = table();
  wid_type Wid = T.create(Owner.Id);
  if (Wid < 0)
    return Wid;
  T.get(Wid)->ReadOnly = ReadOnly;
  bool WasClosed = false;
  int E = T.add(Wid, Owner.Id, reinterpret_cast<void *>(P), Size,
                ownsRange(Owner, P, Size));
  if (!E)
    E = T.open(Wid, Owner.Id, Grantee.Id, true, &WasClosed);
  if (E) {
    T.destroy(Wid, Owner.Id); // closed, so it goes with its range
    return E;
  }
  grantKey(*T.get(Wid), T.slotIndex(Wid), Owner, Grantee, WasClosed);
  return Wid;
}

static int closeAllLocked(WindowTable &T, wid_type Wid, Cubicle &Caller) {
  uint64_t Revoked = 0;
  int E = T.closeAll(Wid, Caller.Id, &Revoked);
  if (E)
    return E;
  WindowSlot &W = *T.get(Wid);
  for (int C = 0; C < 64; ++C)
    if (Revoked & (uint64_t(1) << C)) {
      Revoked &= ~(uint64_t(1) << C);
      revokeKey(W, T.slotIndex(Wid), *cubicleById(C), Revoked == 0);
    }
  return CUBICLE_OK;
}

void endCallLend(Cubicle &Owner, wid_type Wid) {
  WindowTable &T = table();
  if (closeAllLocked(T, Wid, Owner) || T.destroy(Wid, Owner.Id))
    fatal("a window lent for a call could not be taken back");
}

} // namespace cubicle

//===-- Public API
//---------------------------------------------------------===//

using namespace cubicle;

// Each operation once, with the compiler's hint of the caller (null when
// called through the public API).
namespace {

wid_type windowInit(const DescPage *Hint) {
  MonitorGuard G(Hint);
  if (!G.ok())
    return CUBICLE_EPERM;
  return table().create(G.caller().Id);
}

int windowAdd(const DescPage *Hint, wid_type Wid, void *Ptr, size_t Size) {
  uintptr_t P = uintptr_t(Ptr);
  if (!Ptr || !Size || P + Size < P)
    return CUBICLE_EINVAL;
  MonitorGuard G(Hint);
  if (!G.ok())
    return CUBICLE_EPERM;
  Cubicle &Caller = G.caller();
  WindowTable &T = table();
  int E = T.add(Wid, Caller.Id, Ptr, Size, ownsRange(Caller, P, Size));
  if (E)
    return E;
  WindowSlot &W = *T.get(Wid);
  if (W.Key >= 0 && !rekeyRange({P, P + Size, 0}, W.Key, Caller)) {
    rekeyRange({P, P + Size, 0}, -1, Caller);
    T.remove(Wid, Caller.Id, Ptr, nullptr);
    return CUBICLE_ENOMEM;
  }
  return CUBICLE_OK;
}

int windowRemove(const DescPage *Hint, wid_type Wid, void *Ptr) {
  MonitorGuard G(Hint);
  if (!G.ok())
    return CUBICLE_EPERM;
  Cubicle &Caller = G.caller();
  WindowTable &T = table();
  WindowRange Removed;
  int E = T.remove(Wid, Caller.Id, Ptr, &Removed);
  if (E)
    return E;
  if (T.get(Wid)->Key >= 0)
    rekeyRange(Removed, -1, Caller);
  return CUBICLE_OK;
}

int windowOpen(const DescPage *Hint, wid_type Wid, cid_type Cid) {
  MonitorGuard G(Hint);
  if (!G.ok())
    return CUBICLE_EPERM;
  Cubicle &Caller = G.caller();
  WindowTable &T = table();
  if (int E = T.checkOwner(Wid, Caller.Id))
    return E;
  Cubicle *Grantee = cubicleById(Cid);
  if (!Grantee)
    return CUBICLE_EBADCID;
  if (Grantee == &Caller)
    return CUBICLE_EINVAL;
  bool WasClosed = false;
  bool AlreadyOpen = T.get(Wid)->Grantees & (uint64_t(1) << Cid);
  int E = T.open(Wid, Caller.Id, Cid, true, &WasClosed);
  if (E || AlreadyOpen)
    return E;
  grantKey(*T.get(Wid), T.slotIndex(Wid), Caller, *Grantee, WasClosed);
  countWindowOpen(Caller.Id, Cid);
  return CUBICLE_OK;
}

int windowClose(const DescPage *Hint, wid_type Wid, cid_type Cid) {
  MonitorGuard G(Hint);
  if (!G.ok())
    return CUBICLE_EPERM;
  Cubicle &Caller = G.caller();
  WindowTable &T = table();
  bool NowClosed = false;
  int E = T.close(Wid, Caller.Id, Cid, cubicleById(Cid) != nullptr, &NowClosed);
  if (E)
    return E;
  revokeKey(*T.get(Wid), T.slotIndex(Wid), *cubicleById(Cid), NowClosed);
  return CUBICLE_OK;
}

int windowCloseAll(const DescPage *Hint, wid_type Wid) {
  MonitorGuard G(Hint);
  if (!G.ok())
    return CUBICLE_EPERM;
  return closeAllLocked(table(), Wid, G.caller());
}

int windowDestroy(const DescPage *Hint, wid_type Wid) {
  MonitorGuard G(Hint);
  if (!G.ok())
    return CUBICLE_EPERM;
  WindowTable &T = table();
  if (int E = closeAllLocked(T, Wid, G.caller()))
    return E;
  return T.destroy(Wid, G.caller().Id);
}

} // namespace

extern "C" {

wid_type cubicle_window_init(void) { return windowInit(nullptr); }
wid_type __cubicle_window_init_from(const DescPage *D) { return windowInit(D); }
int cubicle_window_add(wid_type Wid, void *Ptr, size_t Size) {
  return windowAdd(nullptr, Wid, Ptr, Size);
}
int __cubicle_window_add_from(const DescPage *D, wid_type Wid, void *Ptr,
                              size_t Size) {
  return windowAdd(D, Wid, Ptr, Size);
}
int cubicle_window_remove(wid_type Wid, void *Ptr) {
  return windowRemove(nullptr, Wid, Ptr);
}
int __cubicle_window_remove_from(const DescPage *D, wid_type Wid, void *Ptr) {
  return windowRemove(D, Wid, Ptr);
}
int cubicle_window_open(wid_type Wid, cid_type Cid) {
  return windowOpen(nullptr, Wid, Cid);
}
int __cubicle_window_open_from(const DescPage *D, wid_type Wid, cid_type Cid) {
  return windowOpen(D, Wid, Cid);
}
int cubicle_window_close(wid_type Wid, cid_type Cid) {
  return windowClose(nullptr, Wid, Cid);
}
int __cubicle_window_close_from(const DescPage *D, wid_type Wid, cid_type Cid) {
  return windowClose(D, Wid, Cid);
}
int cubicle_window_close_all(wid_type Wid) {
  return windowCloseAll(nullptr, Wid);
}
int __cubicle_window_close_all_from(const DescPage *D, wid_type Wid) {
  return windowCloseAll(D, Wid);
}
int cubicle_window_destroy(wid_type Wid) { return windowDestroy(nullptr, Wid); }
int __cubicle_window_destroy_from(const DescPage *D, wid_type Wid) {
  return windowDestroy(D, Wid);
}

} // extern "C"
