//===- ResultCopies.cpp - Copies of results lent to the caller ------------===//
//
// Results are copied, not lent in place: what functions return is mostly
// short (an error message, a column's text, a version string) and read
// right away, often one byte at a time by strlen and printf, where a window
// in place would cost a fault per access on its partial pages.  A copy is
// also safe to keep: it is the caller's own memory, so a pointer kept too
// long reads a stale copy of data once lent, never the callee's memory.
//
// The copies live in an arena of the caller's per thread (a stack slot of
// the caller's, so that monitor mode makes it without the caller's heap
// lock, which a thread growing that heap may hold while it waits for the
// monitor), filled in turn, and kResultCopies of them are remembered.
// Keyed by source range and cubicle: a function that returns the same
// buffer again (a static string, a statement's column) returns the same
// copy, refreshed, so the caller sees a stable pointer; a new range takes
// the slot returned longest ago.  That is the documented lifetime: a
// result stays valid until its thread has been returned kResultCopies newer
// ones (or, for results of megabytes, a slot's worth of newer bytes).
//
// A writable result (XML_GetBuffer: the caller fills expat's buffer, then
// XML_ParseBuffer parses it) is such a copy too, which the caller may
// write; what it wrote goes back into the callee's memory when the thread
// next calls into the callee through the generic entry (any function with
// windows: expat's all take the parser's handle), before the callee runs.
// It cannot go back earlier (the callee runs only when called) and is not
// needed later: the callee's buffer can move only during a call into it.
// Written back, the copy is no longer tied to the buffer: writes after
// that call are lost, as writes to a buffer the library has since
// reallocated would be.
//
//===----------------------------------------------------------------------===//

#include "windows/ResultCopies.h"

#include "core/MonitorState.h"
#include "core/Registry.h"
#include "memory/Memory.h"
#include "windows/Windows.h"

#include <string.h>

namespace cubicle {

static bool holds(const ResultCopy &R, const Cubicle &Caller, uintptr_t Src,
                  size_t Size) {
  return R.Copy && R.Src == Src && R.Size == Size && R.Owner == Caller.Id;
}

uintptr_t resultCopy(ThreadState &T, Cubicle &Caller, uintptr_t Src,
                     size_t Size) {
  ResultCopy *Slot = nullptr;
  for (ResultCopy &R : T.Results)
    if (holds(R, Caller, Src, Size)) {
      Slot = &R;
      break;
    }
  if (!Slot) {
    uintptr_t Begin, End;
    size_t Need = (Size + 15) & ~size_t(15);
    if (!resultArena(Caller, T, Begin, End) || Need > End - Begin)
      return 0;
    uintptr_t &Cursor = T.ResultCursor[Caller.Id];
    if (End - Cursor < Need)
      Cursor = Begin; // round again: older copies are overwritten
    uintptr_t Dst = Cursor;
    Cursor += Need;
    // The copies the new one overwrites are gone; then a free slot, else
    // the one returned longest ago.
    Slot = &T.Results[0];
    for (ResultCopy &R : T.Results) {
      if (R.Copy && R.Owner == Caller.Id && R.Copy < Dst + Need &&
          Dst < R.Copy + R.Size)
        R = {};
      if (Slot->Copy && (!R.Copy || R.Stamp < Slot->Stamp))
        Slot = &R;
    }
    *Slot = {Src, Dst, Size, Caller.Id, 0};
  }
  Slot->Stamp = ++T.ResultStamp;
  memcpy(reinterpret_cast<void *>(Slot->Copy),
         reinterpret_cast<const void *>(Src), Size);
  return Slot->Copy;
}

void keepWritable(ThreadState &T, const Cubicle &Caller, const Cubicle &Callee,
                  uintptr_t Src, uintptr_t Copy, size_t Size) {
  PendingWrite *Slot = nullptr;
  for (PendingWrite &W : T.Writebacks)
    if (!W.Copy ||
        (W.Caller == Caller.Id && W.Callee == Callee.Id && W.Src == Src)) {
      Slot = &W;
      break;
    }
  if (!Slot) {
    // Full: the oldest goes back now (the callee is not running, so this
    // is as good as at its next call, only earlier).
    memcpy(reinterpret_cast<void *>(T.Writebacks[0].Src),
           reinterpret_cast<const void *>(T.Writebacks[0].Copy),
           T.Writebacks[0].Size);
    memmove(&T.Writebacks[0], &T.Writebacks[1],
            sizeof(PendingWrite) * (kPendingWrites - 1));
    Slot = &T.Writebacks[kPendingWrites - 1];
  }
  *Slot = {Src, Copy, Size, Caller.Id, Callee.Id};
}

void writeBackResults(ThreadState &T, const Cubicle &Caller,
                      const Cubicle &Callee) {
  for (PendingWrite &W : T.Writebacks) {
    if (!W.Copy || W.Caller != Caller.Id || W.Callee != Callee.Id)
      continue;
    // Only into memory the callee may still write (its buffer, unless it
    // was given away since by a call the generic entry did not see).
    if (callerMay(Callee, W.Src, W.Size, true))
      memcpy(reinterpret_cast<void *>(W.Src),
             reinterpret_cast<const void *>(W.Copy), W.Size);
    W = {};
  }
}

void releaseResultCopies(ThreadState &T) {
  for (ResultCopy &R : T.Results)
    R = {};
  for (PendingWrite &W : T.Writebacks)
    W = {};
  for (int I = 0; I < Mon->NumCubicles; ++I)
    if (Mon->Cubicles[I].Used)
      freeResultArena(Mon->Cubicles[I], T);
}

} // namespace cubicle
