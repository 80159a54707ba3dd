//===- WindowTable.h - Window bookkeeping ---------------------------------===//
//
// The bookkeeping half of windows, free of side effects so that it can be
// tested on any machine: which windows exist, who owns them, which ranges
// they hold and which cubicles they are open to.  Every mutating call first
// validates everything and then changes the table, so a call that returns
// an error has changed nothing.  Applying the grants to memory (keys, page
// rights) is Windows.cpp's job.
//
// Ranges from all windows are kept in one array sorted by address; no byte
// belongs to two windows, so a look-up by address is a binary search.
//
// Window ids encode a generation so that a destroyed window's id stays
// invalid after its slot is reused.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_WINDOWTABLE_H
#define CUBICLE_RUNTIME_WINDOWTABLE_H

#include "cubicle/cubicle.h"

#include <stddef.h>
#include <stdint.h>

namespace cubicle {

struct WindowRange {
  uintptr_t Begin, End;
  uint16_t Window; // slot index
};

struct WindowSlot {
  uint32_t Gen; // 0: never used
  bool Live;
  uint16_t Owner;
  int8_t Key;        // mpk: window key for its whole pages, -1: none
  bool ReadOnly;     // grantees may read, not write (lent for a call)
  uint64_t Grantees; // bit c: open to cubicle c
  uint32_t NumRanges;
};

class WindowTable {
public:
  static constexpr int kMaxWindows = 1024;
  static constexpr int kMaxRanges = 4096;
  static constexpr int kSlotBits = 10;

  WindowTable() = default;

  // The live window with that id, or null.
  WindowSlot *get(wid_type Wid);
  const WindowSlot *get(wid_type Wid) const {
    return const_cast<WindowTable *>(this)->get(Wid);
  }
  WindowSlot &slot(int Index) { return Windows[Index]; }
  int slotIndex(wid_type Wid) const { return Wid & ((1 << kSlotBits) - 1); }
  wid_type idOf(int Index) const {
    return wid_type(Windows[Index].Gen << kSlotBits | uint32_t(Index));
  }

  // The range that contains Addr, or null.
  const WindowRange *find(uintptr_t Addr) const;
  // The first range that overlaps [Begin, End), or null.
  const WindowRange *findOverlap(uintptr_t Begin, uintptr_t End) const;
  // Ranges of window slot Index, in address order.
  template <typename Fn> void forEachRange(int Index, Fn F) const {
    for (int I = 0; I < NumRanges; ++I)
      if (Ranges[I].Window == Index)
        F(Ranges[I]);
  }
  int numRanges() const { return NumRanges; }
  const WindowRange &range(int I) const { return Ranges[I]; }

  // Mutations.  Caller is the calling cubicle's id.
  wid_type create(uint16_t Caller);
  // OwnsMemory: whether the caller owns every byte (the runtime decides).
  int add(wid_type Wid, uint16_t Caller, const void *Ptr, size_t Size,
          bool OwnsMemory);
  // On success *Removed is the range taken out.
  int remove(wid_type Wid, uint16_t Caller, const void *Ptr,
             WindowRange *Removed);
  // On success *WasClosed says whether the window had no grantee before.
  int open(wid_type Wid, uint16_t Caller, int Cid, bool CidValid,
           bool *WasClosed);
  // On success *NowClosed says whether the window has no grantee left.
  int close(wid_type Wid, uint16_t Caller, int Cid, bool CidValid,
            bool *NowClosed);
  int closeAll(wid_type Wid, uint16_t Caller, uint64_t *Revoked);
  // Drops every range and frees the id; the window must be closed.
  int destroy(wid_type Wid, uint16_t Caller);

  // Validation shared by the mutations.
  int checkOwner(wid_type Wid, uint16_t Caller) const;

private:
  WindowSlot Windows[kMaxWindows] = {};
  WindowRange Ranges[kMaxRanges] = {};
  int NumRanges = 0;
  int lowerBound(uintptr_t Addr) const; // first range with End > Addr
};

} // namespace cubicle

#endif // CUBICLE_RUNTIME_WINDOWTABLE_H
