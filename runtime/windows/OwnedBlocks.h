//===- OwnedBlocks.h - Blocks whose ownership crosses a call --------------===//
//
// OwnedBlocks.cpp.  A function annotated CUBICLE_RESULT_OWNED hands its
// caller a block the caller then owns (XML_MemMalloc, sqlite3_mprintf, an
// allocator callback); a parameter annotated CUBICLE_RELEASED hands one
// back (XML_MemFree, sqlite3_free, a free callback).
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_WINDOWS_OWNEDBLOCKS_H
#define CUBICLE_RUNTIME_WINDOWS_OWNEDBLOCKS_H

#include "core/Cubicle.h"

#include <stddef.h>
#include <stdint.h>

namespace cubicle {

// Blocks handed over and not yet given back, over all cubicles.
constexpr int kMaxOwnedBlocks = 4096;

struct OwnedBlock {
  uintptr_t Origin, Block; // the giver's block; the holder's, in its memory
  size_t Size, Room;       // Room: Block's space, kept for reuse when dropped
  uint16_t Giver, Holder;
  bool Live;
};

// Monitor mode.  Holder takes the Size bytes at Origin, Giver's: a block of
// Holder's own with those bytes, recorded until it is given back.  0 if
// there is no room (kMaxOwnedBlocks, or Holder's arena is full).
uintptr_t takeOwned(const Cubicle &Giver, Cubicle &Holder, uintptr_t Origin,
                    size_t Size);
// Monitor mode.  The record of Holder's block Block taken from Giver, or -1.
int findOwned(const Cubicle &Giver, const Cubicle &Holder, uintptr_t Block);
// Monitor mode.  The cubicle that handed Holder its live block Block, or -1.
int ownedGiver(const Cubicle &Holder, uintptr_t Block);
// Monitor mode.  The block as the giver has it, with the holder's bytes
// copied in (the giver's realloc or free sees what the holder wrote).
uintptr_t giveBack(int Index);
// Monitor mode.  The giver has released it: the holder's block is filled
// with a pattern (a use after the release reads garbage, never the giver's
// memory) and its space reused.
void dropOwned(int Index);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_WINDOWS_OWNEDBLOCKS_H
