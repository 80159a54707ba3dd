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
// Length of the string at P including its NUL, reading only pages C may.
bool stringSize(const Cubicle &C, uintptr_t P, uint64_t &Out);
// Whether a window open to cubicle Cid covers [Addr, Addr + Len) with the
// access asked.
bool windowAllows(uintptr_t Addr, size_t Len, int Cid, bool Write);
// The window key page P carries (mpk), or -1.
int windowKeyOfPage(uintptr_t P);
// The parts of page P lent to cubicle Cid, at most Max, into Out.
int windowPartsOnPage(uintptr_t P, int Cid, uintptr_t (*Out)[2], int Max);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_WINDOWS_WINDOWS_H
