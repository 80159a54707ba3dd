//===- WindowTable.cpp - Window bookkeeping -------------------------------===//

#include "windows/WindowTable.h"

namespace cubicle {

WindowSlot *WindowTable::get(wid_type Wid) {
  if (Wid <= 0)
    return nullptr;
  int Index = slotIndex(Wid);
  uint32_t Gen = uint32_t(Wid) >> kSlotBits;
  WindowSlot &W = Windows[Index];
  if (!W.Live || W.Gen != Gen)
    return nullptr;
  return &W;
}

int WindowTable::lowerBound(uintptr_t Addr) const {
  int Lo = 0, Hi = NumRanges;
  while (Lo < Hi) {
    int Mid = (Lo + Hi) / 2;
    if (Ranges[Mid].End <= Addr)
      Lo = Mid + 1;
    else
      Hi = Mid;
  }
  return Lo;
}

const WindowRange *WindowTable::find(uintptr_t Addr) const {
  int I = lowerBound(Addr);
  if (I < NumRanges && Ranges[I].Begin <= Addr && Addr < Ranges[I].End)
    return &Ranges[I];
  return nullptr;
}

const WindowRange *WindowTable::findOverlap(uintptr_t Begin,
                                            uintptr_t End) const {
  int I = lowerBound(Begin);
  if (I < NumRanges && Ranges[I].Begin < End)
    return &Ranges[I];
  return nullptr;
}

int WindowTable::checkOwner(wid_type Wid, uint16_t Caller) const {
  const WindowSlot *W = get(Wid);
  if (!W)
    return CUBICLE_EBADWID;
  if (W->Owner != Caller)
    return CUBICLE_ENOTOWNER;
  return CUBICLE_OK;
}

wid_type WindowTable::create(uint16_t Caller) {
  for (int I = 0; I < kMaxWindows; ++I) {
    WindowSlot &W = Windows[I];
    if (W.Live)
      continue;
    uint32_t Gen = W.Gen + 1;
    if (Gen >= (1u << (31 - kSlotBits)))
      continue; // this slot's ids are used up
    W = WindowSlot();
    W.Gen = Gen;
    W.Live = true;
    W.Owner = Caller;
    W.Key = -1;
    return idOf(I);
  }
  return CUBICLE_ENOMEM;
}

int WindowTable::add(wid_type Wid, uint16_t Caller, const void *Ptr,
                     size_t Size, bool OwnsMemory) {
  uintptr_t Begin = uintptr_t(Ptr);
  if (!Ptr || !Size || Begin + Size < Begin)
    return CUBICLE_EINVAL;
  if (int E = checkOwner(Wid, Caller))
    return E;
  if (!OwnsMemory)
    return CUBICLE_ENOTOWNER;
  uintptr_t End = Begin + Size;
  if (findOverlap(Begin, End))
    return CUBICLE_EOVERLAP;
  if (NumRanges == kMaxRanges)
    return CUBICLE_ENOMEM;
  int At = lowerBound(Begin);
  for (int I = NumRanges; I > At; --I)
    Ranges[I] = Ranges[I - 1];
  Ranges[At] = {Begin, End, uint16_t(slotIndex(Wid))};
  ++NumRanges;
  ++get(Wid)->NumRanges;
  return CUBICLE_OK;
}

int WindowTable::remove(wid_type Wid, uint16_t Caller, const void *Ptr,
                        WindowRange *Removed) {
  if (int E = checkOwner(Wid, Caller))
    return E;
  uintptr_t Begin = uintptr_t(Ptr);
  int I = lowerBound(Begin);
  if (I >= NumRanges || Ranges[I].Begin != Begin ||
      Ranges[I].Window != slotIndex(Wid))
    return CUBICLE_ENOENT;
  if (Removed)
    *Removed = Ranges[I];
  for (; I + 1 < NumRanges; ++I)
    Ranges[I] = Ranges[I + 1];
  --NumRanges;
  --get(Wid)->NumRanges;
  return CUBICLE_OK;
}

int WindowTable::open(wid_type Wid, uint16_t Caller, int Cid, bool CidValid,
                      bool *WasClosed) {
  if (int E = checkOwner(Wid, Caller))
    return E;
  if (!CidValid || Cid < 0 || Cid >= 64)
    return CUBICLE_EBADCID;
  WindowSlot *W = get(Wid);
  if (WasClosed)
    *WasClosed = W->Grantees == 0;
  W->Grantees |= uint64_t(1) << Cid;
  return CUBICLE_OK;
}

int WindowTable::close(wid_type Wid, uint16_t Caller, int Cid, bool CidValid,
                       bool *NowClosed) {
  if (int E = checkOwner(Wid, Caller))
    return E;
  if (!CidValid || Cid < 0 || Cid >= 64)
    return CUBICLE_EBADCID;
  WindowSlot *W = get(Wid);
  uint64_t Bit = uint64_t(1) << Cid;
  if (!(W->Grantees & Bit))
    return CUBICLE_ENOTOPEN;
  W->Grantees &= ~Bit;
  if (NowClosed)
    *NowClosed = W->Grantees == 0;
  return CUBICLE_OK;
}

int WindowTable::closeAll(wid_type Wid, uint16_t Caller, uint64_t *Revoked) {
  if (int E = checkOwner(Wid, Caller))
    return E;
  WindowSlot *W = get(Wid);
  if (Revoked)
    *Revoked = W->Grantees;
  W->Grantees = 0;
  return CUBICLE_OK;
}

int WindowTable::destroy(wid_type Wid, uint16_t Caller) {
  if (int E = checkOwner(Wid, Caller))
    return E;
  WindowSlot *W = get(Wid);
  int Index = slotIndex(Wid);
  int Out = 0;
  for (int I = 0; I < NumRanges; ++I)
    if (Ranges[I].Window != Index)
      Ranges[Out++] = Ranges[I];
  NumRanges = Out;
  W->Live = false;
  W->Grantees = 0;
  W->NumRanges = 0;
  W->Key = -1;
  return CUBICLE_OK;
}

} // namespace cubicle
