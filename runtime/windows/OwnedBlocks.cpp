//===- OwnedBlocks.cpp - Blocks whose ownership crosses a call ------------===//
//
// C libraries hand over memory: the library allocates and the caller reads,
// writes and frees through the library (XML_MemMalloc / XML_MemFree,
// sqlite3_mprintf / sqlite3_free), or the caller's allocator callbacks
// allocate for the library (XML_ParserCreate_MM, zlib's zalloc/zfree).
// Neither side may reach the other's memory, so a block cannot move
// between them: the memory the holder uses is a block of the holder's own,
// and the giver keeps its block, unused, as the token its allocator knows.
//
//   - The holder (the side that uses the memory) gets, when the block
//     crosses, a block of its own with the giver's bytes: the library's
//     string for the caller, or (for an allocator callback) the
//     allocation's bytes for the library.
//   - Given back (a parameter annotated CUBICLE_RELEASED), the holder's
//     bytes go into the giver's block first, so the giver's realloc keeps
//     what the holder wrote, and the giver's function gets its own block.
//     A free drops the holder's block; a realloc drops it only when it
//     returns a new block, which crosses as a new one.
//   - Who may touch what: the holder its block, the giver its own; a free
//     of the holder's block with plain free(), or a release of a block the
//     caller never got, reaches the other side's allocator as a foreign
//     pointer and is refused there (Heap.cpp's report).  After the release
//     the holder's block is filled with 0xdf and reused for the next block
//     handed over: a use after free reads garbage and writes only the
//     holder's own memory.
//
// A handle (CUBICLE_HANDLE) stays its owner's, but a header's macro may
// read its first bytes (expat's XML_GetUserData reads the parser's first
// word).  The other side gets a proxy, a block of its own like a block
// handed over, with a copy of those bytes; the proxy crosses back as the
// handle, its head is copied again after every call it goes into (the call
// may have changed it) and before every call it comes out of, and a call
// annotated CUBICLE_HANDLE_END (the library's destructor) drops it.  The
// same handle always gets the same proxy, so the other side may compare
// them.
//
// The holder's blocks live in an arena of its own (a stack slot: made in
// monitor mode, where taking the holder's heap lock could deadlock with a
// thread that holds it while it waits for the monitor to grow the heap),
// one per cubicle because such a block outlives the thread that made it.
//
//===----------------------------------------------------------------------===//

#include "windows/OwnedBlocks.h"

#include "core/MonitorState.h"
#include "memory/Heap.h"
#include "memory/Memory.h"
#include "windows/Windows.h"

#include <string.h>

namespace cubicle {

static OwnedBlock *table() {
  if (!Mon->Owned)
    Mon->Owned = static_cast<OwnedBlock *>(
        monitorAlloc(sizeof(OwnedBlock) * kMaxOwnedBlocks));
  return Mon->Owned;
}

uintptr_t takeOwned(const Cubicle &Giver, Cubicle &Holder, uintptr_t Origin,
                    size_t Size, bool Handle) {
  OwnedBlock *T = table();
  if (!T)
    return 0;
  size_t Need = (Size + 15) & ~size_t(15);
  if (!Need)
    Need = 16; // malloc(0) still gives a distinct block
  OwnedBlock *Reuse = nullptr, *Free = nullptr;
  for (int I = 0; I < kMaxOwnedBlocks; ++I) {
    OwnedBlock &B = T[I];
    if (B.Live)
      continue;
    if (B.Block && B.Holder == Holder.Id && B.Room >= Need &&
        (!Reuse || B.Room < Reuse->Room))
      Reuse = &B; // the tightest dropped block that fits
    else if (!B.Block && !Free)
      Free = &B;
  }
  if (!Reuse) {
    uintptr_t Begin, End;
    if (!Free || !ownedArena(Holder, Begin, End) ||
        End - Holder.OwnedCursor < Need)
      return 0;
    Reuse = Free;
    Reuse->Block = Holder.OwnedCursor;
    Reuse->Room = Need;
    Reuse->Holder = Holder.Id;
    Holder.OwnedCursor += Need;
  }
  Reuse->Origin = Origin;
  Reuse->Size = Size;
  Reuse->Giver = Giver.Id;
  Reuse->Live = true;
  Reuse->Handle = Handle;
  Reuse->Relocated = false;
  memcpy(reinterpret_cast<void *>(Reuse->Block),
         reinterpret_cast<const void *>(Origin), Size);
  return Reuse->Block;
}

int findOwned(const Cubicle &Giver, const Cubicle &Holder, uintptr_t Block) {
  OwnedBlock *T = Mon->Owned;
  for (int I = 0; T && I < kMaxOwnedBlocks; ++I)
    if (T[I].Live && !T[I].Handle && T[I].Block == Block &&
        T[I].Holder == Holder.Id && T[I].Giver == Giver.Id)
      return I;
  return -1;
}

// The live proxy held by Holder of Giver's handle: by the proxy (ByProxy)
// or by the handle.
static int findProxy(uint16_t Giver, uint16_t Holder, uintptr_t V,
                     bool ByProxy) {
  OwnedBlock *T = Mon->Owned;
  for (int I = 0; T && I < kMaxOwnedBlocks; ++I)
    if (T[I].Live && T[I].Handle && T[I].Holder == Holder &&
        T[I].Giver == Giver && (ByProxy ? T[I].Block : T[I].Origin) == V)
      return I;
  return -1;
}

void refreshHandle(int Proxy) {
  OwnedBlock &B = Mon->Owned[Proxy];
  memcpy(reinterpret_cast<void *>(B.Block),
         reinterpret_cast<const void *>(B.Origin), B.Size);
}

bool crossHandle(const Cubicle &From, Cubicle &To, uintptr_t V, size_t Head,
                 bool UserData, uintptr_t &Out, int &Proxy, const char *&Why) {
  Out = V;
  Proxy = -1;
  size_t Span = Head ? Head : 1;
  if (!V)
    return true;
  if (Head > kMaxHandleHead) {
    Why = "its head is larger than a proxy copies (4096 bytes)";
    return false;
  }
  // A proxy going home.
  if ((Proxy = findProxy(To.Id, From.Id, V, true)) >= 0) {
    Out = Mon->Owned[Proxy].Origin;
    return true;
  }
  if (UserData) {
    // Only a handle the other side already holds a proxy of.
    if ((Proxy = findProxy(From.Id, To.Id, V, false)) >= 0) {
      refreshHandle(Proxy);
      Out = Mon->Owned[Proxy].Block;
    }
    return true;
  }
  if (callerMay(To, V, Span, false))
    return true;
  if (!callerMay(From, V, Span, false)) {
    Why = "it is neither the caller's handle nor a proxy of one of the "
          "callee's";
    return false;
  }
  if ((Proxy = findProxy(From.Id, To.Id, V, false)) >= 0) {
    refreshHandle(Proxy);
    Out = Mon->Owned[Proxy].Block;
    return true;
  }
  Out = takeOwned(From, To, V, Head, true);
  if (!Out) {
    Proxy = -1;
    Why = To.Id == CUBICLE_TRUSTED
              ? "it would go to code built without the plugin, which has "
                "no cubicle memory for a proxy: call the function from a "
                "cubicle"
              : "no room for its proxy in the other side's memory";
    return false;
  }
  Proxy = findProxy(From.Id, To.Id, V, false);
  return true;
}

int ownedGiver(const Cubicle &Holder, uintptr_t Block) {
  OwnedBlock *T = Mon->Owned;
  for (int I = 0; T && I < kMaxOwnedBlocks; ++I)
    if (T[I].Live && T[I].Block == Block && T[I].Holder == Holder.Id)
      return T[I].Giver;
  return -1;
}

// Words of the Size bytes at To (copied from From) that point into
// [From, From + Size) move by To - From: a tree in one block keeps its
// shape in the copy.
static void rebase(uintptr_t To, uintptr_t From, size_t Size) {
  for (size_t Off = 0; Off + 8 <= Size; Off += 8) {
    uintptr_t W;
    memcpy(&W, reinterpret_cast<const void *>(To + Off), 8);
    if (W - From < Size) {
      W = W - From + To;
      memcpy(reinterpret_cast<void *>(To + Off), &W, 8);
    }
  }
}

bool takeBlock(const Cubicle &Giver, Cubicle &Holder, uintptr_t P,
               uintptr_t &Out) {
  uintptr_t Begin = 0;
  size_t Size = 0;
  // A block Giver holds itself (its allocator is a callback of another
  // cubicle's), else one of its heap.
  OwnedBlock *T = Mon->Owned;
  for (int I = 0; T && I < kMaxOwnedBlocks && !Size; ++I)
    if (T[I].Live && !T[I].Handle && T[I].Holder == Giver.Id &&
        P - T[I].Block < T[I].Size) {
      Begin = T[I].Block;
      Size = T[I].Size;
    }
  if (!Size && !heapDescribe(const_cast<Cubicle &>(Giver), P, Begin, Size))
    return false;
  uintptr_t Block = takeOwned(Giver, Holder, Begin, Size);
  if (!Block)
    return false;
  rebase(Block, Begin, Size);
  Mon->Owned[findOwned(Giver, Holder, Block)].Relocated = true;
  Out = Block + (P - Begin);
  return true;
}

uintptr_t giveBack(int Index) {
  OwnedBlock &B = Mon->Owned[Index];
  memcpy(reinterpret_cast<void *>(B.Origin),
         reinterpret_cast<const void *>(B.Block), B.Size);
  if (B.Relocated)
    rebase(B.Origin, B.Block, B.Size);
  return B.Origin;
}

void dropOwned(int Index) {
  OwnedBlock &B = Mon->Owned[Index];
  memset(reinterpret_cast<void *>(B.Block), 0xdf, B.Room);
  B.Live = false;
}

} // namespace cubicle
