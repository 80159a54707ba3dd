//===- SingleStep.cpp - Sub-page windows by masked single step -----------===//
//
// A grantee's access to the partial page P of a window, at an address inside
// a window open to it, runs as one masked single step:
//   - P's contents are saved, and every byte of P outside the windows open
//     to the grantee is zeroed;
//   - P moves to the step key (mpk) that only the stepping thread gets in its
//     PKRU, or is opened with mprotect;
//   - the instruction runs with the trap flag set.  If it touches another
//     page, that page is masked the same way and the instruction restarts;
//   - on SIGTRAP the saved bytes outside the windows are written back (so
//     writes there are discarded; writes to window bytes stay) and the pages
//     return to their owner's key.
// So reads outside the window see zeros and writes outside it vanish, for
// any instruction, whatever its width (vectorised strlen reads past the
// end of a string; here it reads zeros).  While a page is in a step no other
// thread can touch it: it carries the step key; such a thread faults and
// retries until the step is over.
//
//===----------------------------------------------------------------------===//

#include "faults/SingleStep.h"
#include "backends/Backend.h"
#include "core/MonitorState.h"
#include "core/Registry.h"
#include "core/SpinLock.h"
#include "memory/Memory.h"
#include "threads/Signals.h"
#include "windows/Windows.h"
#include "syscalls/SyscallPage.h"

#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

namespace cubicle {

namespace {

// Monitor mode.  Marks [P, P + page) of thread T's step, or false if another
// thread is stepping on it.
bool claimStepPage(ThreadState &T, uintptr_t P) {
  spinLock(Mon->StepLock);
  bool Ok = true;
  int Free = -1;
  for (int I = 0; I < kMaxStepPages; ++I) {
    if (Mon->StepPages[I].Page == P && Mon->StepPages[I].Tid != T.Tid)
      Ok = false;
    if (!Mon->StepPages[I].Page && Free < 0)
      Free = I;
  }
  if (Ok && Free >= 0)
    Mon->StepPages[Free] = {P, T.Tid};
  spinUnlock(Mon->StepLock);
  return Ok && Free >= 0;
}

void releaseStepPage(uintptr_t P) {
  spinLock(Mon->StepLock);
  for (int I = 0; I < kMaxStepPages; ++I)
    if (Mon->StepPages[I].Page == P)
      Mon->StepPages[I] = {0, 0};
  spinUnlock(Mon->StepLock);
}


// Calls F(Begin, End) for each byte range of page P inside a window open to
// cubicle X, in address order.
template <typename Fn> void forEachWindowPart(uintptr_t P, int X, Fn F) {
  uintptr_t Parts[64][2];
  int N = windowPartsOnPage(P, X, Parts, 64);
  for (int I = 0; I < N; ++I)
    F(Parts[I][0], Parts[I][1]);
}

// The rights and key page P has when no step is on it.
void restorePage(uintptr_t P) {
  Region R;
  Cubicle *O;
  if (!regionOf(P, R, O))
    return;
  int Prot = R.Prot;
  if (backend().switchesByPages(*O))
    Prot = isOpenByPages(*O) ? Prot : PROT_NONE;
  if (backend().usesWrpkru()) {
    int Key = O->Virtual ? Mon->VirtualKey : O->Key;
    if (int WKey = windowKeyOfPage(P); WKey >= 0)
      Key = WKey;
    pkeyMprotect(P, kPageSize, Prot, Key);
  } else {
    sys::mprotect(reinterpret_cast<void *>(P), kPageSize, Prot);
  }
}

Emulation maskPage(ThreadState &T, Cubicle &X, uintptr_t P) {
  for (int I = 0; I < T.Step.NumPages; ++I)
    if (T.Step.Pages[I] == P)
      return Emulation::Refused; // masked already: e.g. a write to read-only
  if (T.Step.NumPages == kMaxStepPagesPerThread)
    return Emulation::Refused;
  if (!claimStepPage(T, P))
    return Emulation::Busy;
  if (!T.StepStash)
    T.StepStash = static_cast<uint8_t *>(
        monitorAlloc(kMaxStepPagesPerThread * kPageSize));
  Region R;
  Cubicle *O;
  regionOf(P, R, O);
  int Prot = R.Prot ? R.Prot : PROT_READ | PROT_WRITE;
  // Take the page out of everyone's reach first, then edit it.
  if (backend().usesWrpkru())
    pkeyMprotect(P, kPageSize, Prot, Mon->StepKey);
  else
    sys::mprotect(reinterpret_cast<void *>(P), kPageSize, PROT_READ | PROT_WRITE);
  uint8_t *Stash = T.StepStash + T.Step.NumPages * kPageSize;
  auto *Page = reinterpret_cast<uint8_t *>(P);
  memcpy(Stash, Page, kPageSize);
  uintptr_t Cursor = P;
  forEachWindowPart(P, X.Id, [&](uintptr_t B, uintptr_t E) {
    memset(reinterpret_cast<void *>(Cursor), 0, B - Cursor);
    Cursor = E;
  });
  memset(reinterpret_cast<void *>(Cursor), 0, P + kPageSize - Cursor);
  if (!backend().usesWrpkru() && !(Prot & PROT_WRITE))
    sys::mprotect(reinterpret_cast<void *>(P), kPageSize, Prot);
  T.Step.Pages[T.Step.NumPages++] = P;
  return Emulation::Stepped;
}

} // namespace

bool pageInStep(uintptr_t P) {
  for (int I = 0; I < kMaxStepPages; ++I)
    if (Mon->StepPages[I].Page == P)
      return true;
  return false;
}

Emulation emulate(ThreadState &T, Cubicle &X, uintptr_t Addr, bool Write,
                  ucontext_t *Uc) {
  greg_t *G = Uc->uc_mcontext.gregs;
  if (!T.Step.Active) {
    if (!windowAllows(Addr, 1, X.Id, Write))
      return Emulation::Refused;
    T.Step.Active = true;
    T.Step.Rip = uintptr_t(G[REG_RIP]);
    T.Step.NumPages = 0;
    if (uint32_t *Pkru = framePkru(Uc))
      T.Step.RestorePkru = *Pkru;
  }
  Emulation E = maskPage(T, X, pageDown(Addr));
  if (E != Emulation::Stepped) {
    if (!T.Step.NumPages)
      T.Step.Active = false;
    return E;
  }
  if (uint32_t *Pkru = framePkru(Uc))
    *Pkru &= ~(CUBICLE_PKRU_AD(Mon->StepKey) | CUBICLE_PKRU_WD(Mon->StepKey));
  G[REG_EFL] |= kTrapFlag;
  ++X.EmulatedAccesses;
  return Emulation::Stepped;
}

// Ends the step of thread T: puts back the bytes outside the windows and
// the pages' keys, restores the PKRU and clears the trap flag.
void endStep(ThreadState &T, ucontext_t *Uc) {
  Cubicle *X = cubicleByPkru(T.Step.RestorePkru);
  if (!backend().usesWrpkru())
    X = cubicleById(T.Current);
  for (int I = 0; I < T.Step.NumPages; ++I) {
    uintptr_t P = T.Step.Pages[I];
    uint8_t *Stash = T.StepStash + I * kPageSize;
    auto *Page = reinterpret_cast<uint8_t *>(P);
    if (!backend().usesWrpkru())
      sys::mprotect(Page, kPageSize, PROT_READ | PROT_WRITE);
    uintptr_t Cursor = P;
    auto putBack = [&](uintptr_t B) {
      memcpy(reinterpret_cast<void *>(Cursor), Stash + (Cursor - P),
             B - Cursor);
    };
    if (X)
      forEachWindowPart(P, X->Id, [&](uintptr_t B, uintptr_t E) {
        putBack(B);
        Cursor = E;
      });
    putBack(P + kPageSize);
    restorePage(P);
    releaseStepPage(P);
  }
  if (uint32_t *Pkru = framePkru(Uc))
    *Pkru = T.Step.RestorePkru;
  Uc->uc_mcontext.gregs[REG_EFL] &= ~greg_t(kTrapFlag);
  T.Step.Active = false;
  T.Step.NumPages = 0;
}

} // namespace cubicle
