//===- Transition.cpp - cubicle_call, cubicle_create, cubicle_self --------===//
//
// cubicle_call is the runtime's own gate, for programs that do not use the
// compiler plugin (and for testing the runtime on its own).  It keeps a
// per-thread stack of transitions in monitor memory, so the way back (which
// cubicle, which stack pointer) never depends on memory a callee can write.
//
// On mprotect a switch briefly keeps both the old and the new cubicle's
// memory open: the code that moves the stack pointer runs on the old stack
// and continues on the new one, and only then closes the old cubicle
// (__cubicle_close_previous).
//
//===----------------------------------------------------------------------===//

#include "gates/Transition.h"
#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Pkru.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "core/Stats.h"
#include "memory/Memory.h"
#include "threads/ThreadState.h"
#include "threads/Threads.h"

#include <string.h>

using namespace cubicle;

namespace cubicle {
}

namespace {
struct LeaveResult {
  uintptr_t CallerSp;
  uint64_t Token;
};
} // namespace

// Called on the callee's stack when the function cubicle_call ran returns.
extern "C" LeaveResult __cubicle_call_leave() {
  MonitorGuard G;
  if (!G.ok())
    fatal("cubicle_call returned on a thread or with rights the runtime "
          "does not know");
  ThreadState &T = G.thread();
  Cubicle &Callee = G.caller();
  if (!T.Depth || T.Trans[T.Depth - 1].To != Callee.Id)
    fatal("return from cubicle '%s' that cubicle_call did not enter",
          Callee.name());
  Transition Tr = T.Trans[--T.Depth];
  Cubicle &Caller = *cubicleById(Tr.From);
  backend().switchTo(T, Caller, &Callee);
  callReturned(T, Caller, Tr.CallerRecordSp);
  T.InMonitor = 0;
  uint64_t Token =
      backend().usesWrpkru() ? prepareExit(T, Caller) : 0;
  G.release();
  return {Tr.CallerSp, Token};
}

// The second half of a switch, on the new stack, still in monitor mode:
// closes the cubicle the first half kept open.
extern "C" void __cubicle_close_previous() {
  ThreadState *T = currentThread();
  if (Mon->AlsoOpen != kNobody)
    backend().switchTo(*T, *cubicleById(T->Current), nullptr);
}

namespace cubicle {

Cubicle &currentCubicle() {
  ThreadState *T = currentThread();
  if (backend().usesWrpkru()) {
    Cubicle *C = cubicleByPkru(rdpkru());
    if (C)
      return *C;
  }
  Cubicle *C = T ? cubicleById(T->Current) : nullptr;
  return C ? *C : Mon->Cubicles[CUBICLE_TRUSTED];
}

} // namespace cubicle

extern "C" {

cid_type cubicle_self(void) {
  ensureInitialized();
  return currentCubicle().Id;
}

cid_type cubicle_owner(const void *P) {
  ensureInitialized();
  Cubicle *C = ownerOf(uintptr_t(P));
  return C ? C->Id : CUBICLE_TRUSTED;
}

cid_type __cubicle_self_from(const DescPage *D) {
  ensureInitialized();
  if (backend().callerFromHint())
    if (Cubicle *C = cubicleByDesc(D))
      return C->Id;
  return currentCubicle().Id;
}

cid_type cubicle_create(const char *Name) {
  if (!Name || !*Name || strlen(Name) >= CUBICLE_NAME_MAX)
    return CUBICLE_EINVAL;
  MonitorGuard G;
  if (!G.ok() || G.caller().Id != CUBICLE_TRUSTED)
    return CUBICLE_EPERM;
  if (Mon->PassCubicles) {
    printErr("cubicle: cubicle_create(\"%s\"): this program's cubicles come "
             "from the compiler; creating more at run time is refused\n",
             Name);
    return CUBICLE_EPERM;
  }
  for (int I = 0; I < Mon->NumCubicles; ++I)
    if (!strcmp(Mon->Cubicles[I].name(), Name))
      return CUBICLE_EEXIST;
  DescPage *D = runtimeDescFree();
  if (!D)
    return CUBICLE_ELIMIT;
  strcpy(D->Name, Name);
  Cubicle *C = registerCubicle(D, /*FromPass=*/false);
  if (!C) {
    D->Name[0] = 0;
    return CUBICLE_ELIMIT;
  }
  return C->Id;
}

} // extern "C"

// cubicle_call, and the start of a thread in its cubicle (ThreadCreate.cpp:
// Internal, allowed in programs built with the plugin).
namespace cubicle {
}

void *cubicle::callInto(cid_type Cid, void *(*Fn)(void *), void *Arg,
                        bool Internal) {
  uintptr_t Sp;
  uint64_t Token;
  uintptr_t *Slot;
  {
    MonitorGuard G;
    if (!G.ok()) {
      printErr("cubicle: cubicle_call from a context the runtime does not "
               "know\n");
      return nullptr;
    }
    ThreadState &T = G.thread();
    Cubicle *Callee = cubicleById(Cid);
    if (Mon->PassCubicles && !Internal) {
      printErr("cubicle: cubicle_call is refused in programs built with the "
               "compiler plugin (their gates are inline)\n");
      return nullptr;
    }
    if (!Callee || Cid == CUBICLE_TRUSTED || !Fn) {
      printErr("cubicle: cubicle_call(%d, %p): no such cubicle or no "
               "function\n",
               Cid, (void *)Fn);
      return nullptr;
    }
    if (T.Depth == kMaxTransitions)
      fatal("cubicle_call nested deeper than %d", kMaxTransitions);
    Cubicle &Caller = G.caller();
    // Switch first: on mprotect the callee's record and stack must be open
    // for ensureStack; the caller stays open until we are off its stack.
    backend().switchTo(T, *Callee, &Caller);
    Sp = ensureStack(T, *Callee);
    Transition &Tr = T.Trans[T.Depth++];
    Tr.From = Caller.Id;
    Tr.To = Callee->Id;
    Tr.CallerSp = 0;
    Tr.NumWindows = 0; // lends nothing (returnLentPointers reads windows)
    // This frame and __cubicle_call_on_stack's pushes are the caller's
    // last: 1 KiB under a local of this frame is free.
    char Here;
    Tr.CallerRecordSp = callOut(T, Caller, uintptr_t(&Here) - 1024);
    Slot = &Tr.CallerSp;
    countCall(Caller.Id, Callee->Id);
    T.InMonitor = 0;
    Token = backend().usesWrpkru() ? prepareExit(T, *Callee) : 0;
    G.release();
  }
  return __cubicle_call_on_stack(Fn, Arg, Sp, Token, Slot);
}

extern "C" void *cubicle_call(cid_type Cid, void *(*Fn)(void *), void *Arg) {
  return callInto(Cid, Fn, Arg, /*Internal=*/false);
}
