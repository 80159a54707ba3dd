//===- KeptWindows.cpp - Copies a callee keeps across calls ---------------===//
//
// Some libraries keep the caller's pointer: zlib stores the z_stream's
// address in its state and refuses a stream whose address changed; a parser
// keeps its user's context.  A copy on the callee's stack, new at every
// call, breaks them; lending the struct in place would key whole pages of
// the caller's stack, wider than asked, and emulate every access to the
// partial ones.  So a kept window is a copy at a fixed address in the
// callee's memory: the same range lent to the same cubicle again finds the
// same copy, refreshed from the caller at each call and copied back after
// it, exactly as a per-call copy is.  Between calls the callee holds only
// its copy; the caller's memory stays out of its reach.
//
// The copies live in an arena of the grantee's (a stack slot: made in
// monitor mode without its heap lock), one for the cubicle because a kept
// copy outlives the thread that made it.  A dropped copy's space is reused
// by the next copy that fits.
//
//===----------------------------------------------------------------------===//

#include "windows/KeptWindows.h"

#include "core/MonitorState.h"
#include "memory/Memory.h"

#include <string.h>

namespace cubicle {

static KeptWindow *table() {
  if (!Mon->Kept)
    Mon->Kept = static_cast<KeptWindow *>(
        monitorAlloc(sizeof(KeptWindow) * kMaxKeptWindows));
  return Mon->Kept;
}

uintptr_t keptCopy(const Cubicle &Owner, Cubicle &Grantee, uintptr_t Src,
                   size_t Size, uintptr_t Tie, bool HasSlot, uint64_t Slot) {
  KeptWindow *T = table();
  if (!T || Size > kMaxKeptSize)
    return 0;
  KeptWindow *Reuse = nullptr, *Free = nullptr;
  // Entries past KeptUsed were never used: the first of them is free.
  for (int I = 0; I <= Mon->KeptUsed && I < kMaxKeptWindows; ++I) {
    KeptWindow &K = T[I];
    bool Mine = K.Live && K.Owner == Owner.Id && K.Grantee == Grantee.Id &&
                K.Tie == Tie && K.HasSlot == HasSlot;
    if (Mine && K.Src == Src && K.Size == Size && (!HasSlot || K.Slot == Slot))
      return K.Copy;
    if (Mine && HasSlot && K.Slot == Slot) {
      // The slot bound to another range: its old copy goes.
      memset(reinterpret_cast<void *>(K.Copy), 0, K.Size);
      K.Live = false;
    }
    if (K.Live)
      continue;
    if (K.Copy && K.Grantee == Grantee.Id && K.Room >= Size &&
        (!Reuse || K.Room < Reuse->Room))
      Reuse = &K; // the tightest dropped copy that fits
    else if (!K.Copy && !Free)
      Free = &K;
  }
  if (!Reuse) {
    uintptr_t Begin, End;
    size_t Need = (Size + 15) & ~size_t(15);
    if (!Free || !keptArena(Grantee, Begin, End) ||
        End - Grantee.KeptCursor < Need)
      return 0;
    Reuse = Free;
    if (Free - T >= Mon->KeptUsed)
      Mon->KeptUsed = int(Free - T) + 1;
    Reuse->Copy = Grantee.KeptCursor;
    Reuse->Room = Need;
    Reuse->Grantee = Grantee.Id;
    Grantee.KeptCursor += Need;
  }
  Reuse->Src = Src;
  Reuse->Size = Size;
  Reuse->Owner = Owner.Id;
  Reuse->Live = true;
  Reuse->Tie = Tie;
  Reuse->HasSlot = HasSlot;
  Reuse->Slot = Slot;
  return Reuse->Copy;
}

void dropTied(const Cubicle &Owner, const Cubicle &Grantee, uintptr_t Tie) {
  KeptWindow *T = table();
  for (int I = 0; T && I < Mon->KeptUsed; ++I) {
    KeptWindow &K = T[I];
    if (K.Live && K.Tie == Tie && K.Owner == Owner.Id &&
        K.Grantee == Grantee.Id) {
      memset(reinterpret_cast<void *>(K.Copy), 0, K.Size);
      K.Live = false;
    }
  }
}

void dropKept(const Cubicle &Owner, const Cubicle &Grantee, uintptr_t Src,
              size_t Size) {
  KeptWindow *T = table();
  for (int I = 0; T && I < Mon->KeptUsed; ++I) {
    KeptWindow &K = T[I];
    if (K.Live && K.Src == Src && K.Size == Size && K.Owner == Owner.Id &&
        K.Grantee == Grantee.Id && !K.Tie) {
      memset(reinterpret_cast<void *>(K.Copy), 0, K.Size);
      K.Live = false;
      return;
    }
  }
}

} // namespace cubicle
