//===- KeptWindows.h - Copies a callee keeps across calls -----------------===//
//
// KeptWindows.cpp.  A window annotated CUBICLE_WINDOW_KEPT gives the callee
// the same copy of the same range at every call, until a call annotated
// CUBICLE_WINDOW_END drops it; one annotated CUBICLE_WINDOW_KEPT_BY lives
// with a handle until a call annotated CUBICLE_DROPS_KEPT on that handle
// (SQLITE_STATIC bindings until sqlite3_reset or sqlite3_finalize).
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_WINDOWS_KEPTWINDOWS_H
#define CUBICLE_RUNTIME_WINDOWS_KEPTWINDOWS_H

#include "core/Cubicle.h"

#include <stddef.h>
#include <stdint.h>

namespace cubicle {

// Kept windows live at once, over all cubicles, and the largest one: a kept
// window is a struct the callee holds on to (a stream, a parser's state),
// not a bulk buffer, which field windows lend per call.
constexpr int kMaxKeptWindows = 256;
constexpr size_t kMaxKeptSize = size_t(64) << 10;

struct KeptWindow {
  uintptr_t Src, Copy; // the owner's range, its copy in the grantee's memory
  size_t Size, Room;   // Room: the copy's space, kept for reuse when dropped
  uint16_t Owner, Grantee;
  bool Live;
  uintptr_t Tie; // CUBICLE_WINDOW_KEPT_BY: the handle it lives with, or 0
  // CUBICLE_WINDOW_KEPT_BY_SLOT: which of the handle's copies it is (a
  // binding's index); HasSlot false: none.
  uint64_t Slot;
  bool HasSlot;
};

// Monitor mode.  The copy of [Src, Src + Size) of Owner's that Grantee
// keeps: the one made before for the same range, or a new one (contents
// undefined: the caller copies in).  0 if there is no room (kMaxKeptSize,
// kMaxKeptWindows, or Grantee's arena is full).
// With Tie (CUBICLE_WINDOW_KEPT_BY), the copy belongs to that handle: one
// per handle and range, dropped by dropTied.  With a Slot as well
// (CUBICLE_WINDOW_KEPT_BY_SLOT), one per handle and slot: a new range for
// the same slot (a parameter bound again) replaces the old copy.
uintptr_t keptCopy(const Cubicle &Owner, Cubicle &Grantee, uintptr_t Src,
                   size_t Size, uintptr_t Tie = 0, bool HasSlot = false,
                   uint64_t Slot = 0);
// Monitor mode.  Drops that copy (CUBICLE_WINDOW_END); its space is
// cleared and reused.
void dropKept(const Cubicle &Owner, const Cubicle &Grantee, uintptr_t Src,
              size_t Size);
// Monitor mode.  Drops every copy Grantee keeps of Owner's memory tied to
// handle Tie (CUBICLE_DROPS_KEPT: a statement's reset or finalize).
void dropTied(const Cubicle &Owner, const Cubicle &Grantee, uintptr_t Tie);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_WINDOWS_KEPTWINDOWS_H
