//===- Backend.cpp - mpk, mprotect and none -------------------------------===//
//
// A backend decides how a cubicle's memory is kept from the others:
//
//   mpk       every cubicle has a hardware key; switching is a WRPKRU in the
//             gate.  Cubicles beyond the hardware keys share one "virtual"
//             key and are kept from each other by mprotect at each switch
//             (libmpk's key virtualisation, done with page rights).
//   mprotect  no PKU: the memory of every cubicle but the running one is
//             PROT_NONE, changed at each switch.  One thread only.
//   none      nothing is enforced; gates still switch stacks and count.
//
//===----------------------------------------------------------------------===//

#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "memory/Memory.h"
#include "syscalls/SyscallPage.h"
#include "threads/ThreadState.h"
#include "windows/Windows.h"

#include <cpuid.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cubicle {

bool cpuHasPku() {
  unsigned A, B, C, D;
  if (!__get_cpuid_count(7, 0, &A, &B, &C, &D))
    return false;
  return (C & (1u << 3)) && (C & (1u << 4)); // PKU and OSPKE
}

// From the runtime's system-call page: the filter refuses both elsewhere.
int pkeyAlloc() { return sys::pkeyAlloc(); }

int pkeyMprotect(uintptr_t Begin, size_t Len, int Prot, int Key) {
  return sys::pkeyMprotect(Begin, Len, Prot, Key);
}

static bool protect(uintptr_t Begin, uintptr_t End, int Prot, int Key) {
  if (End <= Begin)
    return true;
  int R = Key >= 0 ? pkeyMprotect(Begin, End - Begin, Prot, Key)
                   : sys::mprotect(reinterpret_cast<void *>(Begin),
                                   End - Begin, Prot);
  if (R != 0) {
    printErr("cubicle: changing protection of [%p, %p) failed\n",
             (void *)Begin, (void *)End);
    return false;
  }
  return true;
}

// Every range of C's memory, with the rights its owner has there.
template <typename Fn> static void forEachRegion(const Cubicle &C, Fn F) {
  for (int B = 0; B < C.NumGlobals; ++B)
    F(C.Globals[B].Begin, C.Globals[B].End, C.Globals[B].Prot);
  if (!C.Area)
    return;
  F(C.Area, C.HeapCommitted, PROT_READ | PROT_WRITE);
  for (ThreadState *T = Mon->Threads; T; T = T->Next) {
    uintptr_t Begin, End;
    if (stackRange(C, *T, Begin, End))
      F(Begin, End, PROT_READ | PROT_WRITE);
    uintptr_t Rec = uintptr_t(recordPage(*T, C));
    F(Rec, Rec + kPageSize, PROT_READ | PROT_WRITE);
  }
}

// Opens or closes all of C's memory with page rights (key Key on mpk's
// virtual cubicles, plain mprotect elsewhere).
static void setRegionsOpen(const Cubicle &C, bool Open, int Key) {
  forEachRegion(C, [&](uintptr_t Begin, uintptr_t End, int Prot) {
    protect(Begin, End, Open ? Prot : PROT_NONE, Key);
  });
}

// Makes Active and Also (either may be null) the cubicles whose memory is
// open by page rights, closing the ones open before.  Opening comes after
// closing so that memory in both sets ends up open.
static void switchOpenSet(Cubicle *Active, Cubicle *Also, int Key) {
  Cubicle *Old[2] = {cubicleById(Mon->ActiveVirtual),
                     cubicleById(Mon->AlsoOpen)};
  auto inNew = [&](const Cubicle *C) { return C == Active || C == Also; };
  auto wasOpen = [&](const Cubicle *C) { return C == Old[0] || C == Old[1]; };
  for (int I = 0; I < 2; ++I)
    if (Old[I] && Old[I]->Id != CUBICLE_TRUSTED && !inNew(Old[I]) &&
        (I == 0 || Old[1] != Old[0]))
      setRegionsOpen(*Old[I], false, Key);
  Mon->ActiveVirtual = Active ? Active->Id : kNobody;
  Mon->AlsoOpen = Also && Also != Active ? Also->Id : kNobody;
  if (Active && !wasOpen(Active))
    setRegionsOpen(*Active, true, Key);
  if (Also && Also != Active && !wasOpen(Also))
    setRegionsOpen(*Also, true, Key);
}

namespace {

class MpkBackend final : public Backend {
public:
  constexpr MpkBackend()
      : Backend({/*UsesWrpkru=*/true, /*AllByPages=*/false,
                 /*IsolatesThreads=*/true, /*CallerFromHint=*/false}) {}
  const char *name() const override { return "mpk"; }

  bool applyOwner(uintptr_t Begin, uintptr_t End, int Prot, const Cubicle &C,
                  MemKind) const override {
    if (C.Id == CUBICLE_TRUSTED)
      return protect(Begin, End, Prot, 0);
    if (C.Virtual)
      return protect(Begin, End, isOpenByPages(C) ? Prot : PROT_NONE,
                     Mon->VirtualKey);
    return protect(Begin, End, Prot, C.Key);
  }

  void applyMonitor(uintptr_t Begin, uintptr_t End) const override {
    protect(Begin, End, PROT_READ | PROT_WRITE, Mon->MonitorKey);
  }

  void switchTo(ThreadState &T, Cubicle &To, Cubicle *Also) const override {
    // Only virtual cubicles are kept apart by page rights.
    switchOpenSet(To.Virtual ? &To : nullptr,
                  Also && Also->Virtual ? Also : nullptr, Mon->VirtualKey);
    T.Current = To.Id;
  }
};

class MprotectBackend final : public Backend {
public:
  constexpr MprotectBackend()
      : Backend({/*UsesWrpkru=*/false, /*AllByPages=*/true,
                 /*IsolatesThreads=*/false, /*CallerFromHint=*/false}) {}
  const char *name() const override { return "mprotect"; }

  bool applyOwner(uintptr_t Begin, uintptr_t End, int Prot, const Cubicle &C,
                  MemKind) const override {
    bool Open = C.Id == CUBICLE_TRUSTED || isOpenByPages(C);
    return protect(Begin, End, Open ? Prot : PROT_NONE, -1);
  }

  void applyMonitor(uintptr_t Begin, uintptr_t End) const override {
    protect(Begin, End, PROT_READ | PROT_WRITE, -1);
  }

  void switchTo(ThreadState &T, Cubicle &To, Cubicle *Also) const override {
    windowsBeforeSwitch(cubicleById(Mon->ActiveVirtual),
                        cubicleById(Mon->AlsoOpen));
    switchOpenSet(&To, Also, -1);
    windowsAfterSwitch(&To, Also);
    T.Current = To.Id;
  }
};

class NoneBackend final : public Backend {
public:
  constexpr NoneBackend()
      : Backend({/*UsesWrpkru=*/false, /*AllByPages=*/false,
                 /*IsolatesThreads=*/true, /*CallerFromHint=*/true}) {}
  const char *name() const override { return "none"; }

  bool applyOwner(uintptr_t Begin, uintptr_t End, int Prot, const Cubicle &,
                  MemKind) const override {
    return protect(Begin, End, Prot, -1);
  }

  void applyMonitor(uintptr_t Begin, uintptr_t End) const override {
    protect(Begin, End, PROT_READ | PROT_WRITE, -1);
  }

  void switchTo(ThreadState &T, Cubicle &To, Cubicle *) const override {
    T.Current = To.Id;
  }
};

// Backends hold no state of their own (it is all in monitor memory).  They
// are const so that their vtable pointers sit in read-only memory: a
// cubicle must not be able to redirect the runtime's calls.
const MpkBackend gMpk;
const MprotectBackend gMprotect;
const NoneBackend gNone;

} // namespace

// In BackendKind order.  Read-only: a cubicle cannot redirect the runtime.
const Backend *const kBackends[3] = {&gMpk, &gMprotect, &gNone};

void protectRegionsOf(Cubicle &C, bool Accessible) {
  setRegionsOpen(C, Accessible,
                 backend().usesWrpkru() ? Mon->VirtualKey : -1);
}

} // namespace cubicle
