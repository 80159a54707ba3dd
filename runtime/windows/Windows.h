//===- Windows.h - Windows and what a cubicle may touch -------------------===//
//
// Windows.cpp: the window API, grants, and the checks other parts ask.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_WINDOWS_WINDOWS_H
#define CUBICLE_RUNTIME_WINDOWS_WINDOWS_H

#include "core/Cubicle.h"

namespace cubicle {

struct WindowInfo;
int windowsCovering(uintptr_t Addr, size_t Len, int Grantee);
bool windowDescribe(uintptr_t Addr, char *Buf, size_t BufLen);
void windowsBeforeSwitch(Cubicle *Active, Cubicle *Also);
void windowsAfterSwitch(Cubicle *Active, Cubicle *Also);
// May cubicle C read (or write) [P, P + Len)?  Its own memory, the trusted
// base's, or memory lent to it through a window; never the runtime's.
bool callerMay(const Cubicle &C, uintptr_t P, size_t Len, bool Write);
// Whether [P, P + Size) lies in one region of Caller's own that it may lend
// (not its records): one look-up, whatever the size.
bool ownsRange(const Cubicle &Caller, uintptr_t P, size_t Size);
// Length of the string at P including its NUL, reading only pages C may.
bool stringSize(const Cubicle &C, uintptr_t P, uint64_t &Out);
// Bytes a copy of the NULL-terminated string array at P takes (the
// pointers with the NULL, then every string), reading only what C may.
// With a Count, the array has exactly Count pointers, any of them NULL
// (sqlite3_exec's row: a NULL column), and no NULL after them.
constexpr uint64_t kNullEnded = ~uint64_t(0);
bool strvSize(const Cubicle &C, uintptr_t P, uint64_t &Out,
              uint64_t Count = kNullEnded);
// Monitor mode.  Whether C may read the array at P of Elem-byte elements
// ending with an all-zero one (at most kMaxBounce bytes); Out: its bytes,
// the last element included.
bool zeroEndedSize(const Cubicle &C, uintptr_t P, uint64_t Elem,
                   uint64_t &Out);
// Copies the array at Src (strvSize checked it) to Dst: pointers into Dst.
void copyStrv(uintptr_t Src, uintptr_t Dst, uint64_t Count = kNullEnded);
// Whether a window open to cubicle Cid covers [Addr, Addr + Len) with the
// access asked.
bool windowAllows(uintptr_t Addr, size_t Len, int Cid, bool Write);
// The window key page P carries (mpk), or -1.
int windowKeyOfPage(uintptr_t P);
// The parts of page P lent to cubicle Cid, at most Max, into Out.
int windowPartsOnPage(uintptr_t P, int Cid, uintptr_t (*Out)[2], int Max);
// Monitor mode.  Lends [P, P + Size) of Owner to Grantee in place, for one
// call through an entry stub: a window of its own, open to Grantee alone.
// Returns its id, or a CUBICLE_E* code (Owner does not own all of it as one
// piece, it overlaps another window, out of table space) having changed
// nothing.
int lendForCall(Cubicle &Owner, Cubicle &Grantee, uintptr_t P, size_t Size,
                bool ReadOnly);
// Takes back a window lendForCall made.
void endCallLend(Cubicle &Owner, wid_type Wid);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_WINDOWS_WINDOWS_H
