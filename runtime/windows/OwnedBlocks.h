//===- OwnedBlocks.h - Blocks whose ownership crosses a call --------------===//
//
// OwnedBlocks.cpp.  A function annotated CUBICLE_RESULT_OWNED hands its
// caller a block the caller then owns (XML_MemMalloc, sqlite3_mprintf, an
// allocator callback); a parameter annotated CUBICLE_RELEASED hands one
// back (XML_MemFree, sqlite3_free, a free callback).  A handle whose head
// the other side reads (CUBICLE_HANDLE: expat's parser, read by
// XML_GetUserData) crosses as a proxy: a block of the same kind holding a
// copy of the head.
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
// The most bytes of a handle's head a proxy copies.
constexpr size_t kMaxHandleHead = 4096;

struct OwnedBlock {
  uintptr_t Origin, Block; // the giver's block; the holder's, in its memory
  size_t Size, Room;       // Room: Block's space, kept for reuse when dropped
  uint16_t Giver, Holder;
  bool Live;
  bool Handle;    // a handle's proxy: Size bytes of its head, refreshed
  bool Relocated; // pointers into Origin's block were rebased into Block
};

// Monitor mode.  Holder takes the Size bytes at Origin, Giver's: a block of
// Holder's own with those bytes, recorded until it is given back.  0 if
// there is no room (kMaxOwnedBlocks, or Holder's arena is full).
uintptr_t takeOwned(const Cubicle &Giver, Cubicle &Holder, uintptr_t Origin,
                    size_t Size, bool Handle = false);
// Monitor mode.  Holder takes the whole heap block of Giver's that P points
// into (CUBICLE_WINDOW_GIVEN: a tree in one block, as expat's content
// models are): a block of Holder's own with its bytes, the pointer-sized
// words pointing into the block rebased into the new one.  Out: P's place
// in it.  False if P is in no block of Giver's, or there is no room.
bool takeBlock(const Cubicle &Giver, Cubicle &Holder, uintptr_t P,
               uintptr_t &Out);
// Monitor mode.  The record of Holder's block Block taken from Giver, or -1.
int findOwned(const Cubicle &Giver, const Cubicle &Holder, uintptr_t Block);

// Monitor mode.  A handle V crossing from cubicle From to cubicle To with
// the first Head bytes readable (CUBICLE_HANDLE): To's proxy of From's
// handle (made, or found and refreshed) or, for a proxy of To's handle, the
// handle itself; anything To may read already (null, its own memory, the
// trusted base's) as it is.  Proxy: its record, -1 if none is involved.
// Returns false if V is neither From's nor To's to pass (Why says what), or
// there is no room for a proxy.  With UserData (CUBICLE_USER_DATA: a
// pointer passed through, which may be a handle), no proxy is made and
// anything else crosses as it is.
bool crossHandle(const Cubicle &From, Cubicle &To, uintptr_t V, size_t Head,
                 bool UserData, uintptr_t &Out, int &Proxy, const char *&Why);
// Monitor mode.  Proxy's head copied again from its handle (after a call
// that may have changed it: XML_SetUserData).
void refreshHandle(int Proxy);
// Monitor mode.  The cubicle that handed Holder its live block or proxy
// Block, or -1.
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
