//===- NonLocalExit.cpp - longjmp and siglongjmp, wrapped -----------------===//
//
// Programs that link the runtime are linked with --wrap for longjmp,
// _longjmp, siglongjmp and __longjmp_chk (the runtime's CMake target and
// cubicle-cc add it), so every non-local exit of code in the executable is
// checked here before it happens, in the jumping cubicle's own rights:
//
//   - a jump inside the running cubicle's current activation (the target
//     frame is on its stack and newer than every call it made out that has
//     not returned) goes ahead untouched;
//   - a siglongjmp out of a signal handler that interrupted its own cubicle
//     (the usual way out of a SIGSEGV or SIGALRM handler) goes ahead too:
//     the deliveries it leaves are popped as their return would have;
//   - anything else would leave through a gate: the target is on another
//     cubicle's stack, or older than a gate, entry stub or signal delivery
//     of this cubicle that is still open.  Undoing a gate means rewinding
//     the records and stacks of every cubicle in between, which nothing
//     tracks on the gate's fast path, so such a jump is stopped with a
//     report before anything changes: never half-done, on any backend.
//
//===----------------------------------------------------------------------===//

#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Report.h"
#include "gates/Transition.h"
#include "memory/Memory.h"
#include "threads/Signals.h"
#include "threads/ThreadState.h"
#include "threads/Threads.h"

#include <setjmp.h>
#include <stdlib.h>
#include <unistd.h>

using namespace cubicle;

extern "C" {
[[noreturn]] void __real_longjmp(struct __jmp_buf_tag *Env, int Val);
[[noreturn]] void __real__longjmp(struct __jmp_buf_tag *Env, int Val);
[[noreturn]] void __real_siglongjmp(struct __jmp_buf_tag *Env, int Val);
[[noreturn]] void __real___longjmp_chk(struct __jmp_buf_tag *Env, int Val);
}

namespace {

// glibc keeps RSP in a jmp_buf mangled with the thread's pointer guard
// (PTR_MANGLE: xor with %fs:0x30, then rotate left by 17).
constexpr int kJmpBufRsp = 6;

uintptr_t targetSp(const struct __jmp_buf_tag *Env) {
  uint64_t V = uint64_t(Env->__jmpbuf[kJmpBufRsp]), Guard;
  asm("movq %%fs:0x30, %0" : "=r"(Guard));
  return uintptr_t(((V >> 17) | (V << 47)) ^ Guard);
}

// The stack a frame address is on, for the thread T: a cubicle's stack slot
// of T, or else the thread's own stack (the trusted base's).
struct StackOf {
  Cubicle *Owner;
  uintptr_t Lo, Hi; // the cubicle's slot; 0, 0 for the thread's stack
};

StackOf stackOf(ThreadState &T, uintptr_t Sp) {
  Cubicle *O = ownerOf(Sp);
  uintptr_t Lo, Hi;
  if (O && O->Area && stackRange(*O, T, Lo, Hi) && Sp >= Lo && Sp < Hi)
    return {O, Lo, Hi};
  if (O)
    return {O, Sp, Sp + 1}; // a stack of its own making (heap): no gates
  return {&Mon->Cubicles[CUBICLE_TRUSTED], 0, 0};
}

// Is A on the same stack as S?
bool sameStack(ThreadState &T, const StackOf &S, uintptr_t A) {
  if (S.Hi)
    return A >= S.Lo && A < S.Hi;
  return !ownerOf(A) && !lazySlotOwner(A) && !onAltStack(T, (void *)A, 1);
}

bool isDelivery(const ThreadState &T, int TransIndex) {
  for (int J = 0; J < T.SigDepth; ++J)
    if (T.SigStack[J].TransIndex == TransIndex)
      return true;
  return false;
}

[[noreturn]] void stop(const char *Fn, Cubicle &From, Cubicle &To,
                       uintptr_t Sp, const char *Why) {
  ErrorReport("%s from cubicle '%s' to a frame of cubicle '%s' (stack "
              "pointer %p) would leave through %s; non-local exits do not "
              "cross gates, so the program stops here",
              Fn, From.name(), To.name(), (void *)Sp, Why)
      .summary("longjmp-across-gate");
  abort();
}

// Checks a jump to Env's frame; returns only if it may go ahead, after
// popping the signal deliveries it leaves.
void checkJump(const char *Fn, const struct __jmp_buf_tag *Env) {
  if (!Mon->Initialized)
    return;
  ThreadState *T = currentThread();
  if (!T)
    return; // a thread the runtime does not know has no gates either
  uintptr_t Sp = targetSp(Env);
  Cubicle &C = currentCubicle();
  StackOf S = stackOf(*T, Sp);
  if (S.Owner != &C)
    stop(Fn, C, *S.Owner, Sp, "the gate that entered the running cubicle");
  // Calls out of C through entry stubs (and cubicle_call).  First: such a
  // call also moves C's record below its frames (callOut, Threads.h).
  for (int K = 0; K < T->Depth; ++K) {
    const Transition &Tr = T->Trans[K];
    if (Tr.From == C.Id && !isDelivery(*T, K) &&
        sameStack(*T, S, Tr.CallerSp) && Sp > Tr.CallerSp)
      stop(Fn, C, C, Sp, "the entry stub of a call out of it that has not "
                         "returned");
  }
  // A call out of C through an inline gate that has not returned: C's
  // record holds its frame.
  uintptr_t Gate = recordPage(*T, C)->Sp;
  if (sameStack(*T, S, Gate) && Sp > Gate)
    stop(Fn, C, C, Sp, "an inline gate of a call out of it that has not "
                       "returned");
  // Signal deliveries whose handler frame the jump leaves: all the newest
  // ones, each a handler of C that interrupted C.
  int First = T->SigDepth;
  while (First > 0) {
    const auto &D = T->SigStack[First - 1];
    if (D.Handler != C.Id || !sameStack(*T, S, uintptr_t(D.Copy)) ||
        Sp < uintptr_t(D.Copy))
      break;
    if (D.Interrupted != C.Id)
      stop(Fn, C, C, Sp, "the delivery of a signal that interrupted another "
                         "cubicle");
    --First;
  }
  for (int J = 0; J < First; ++J) {
    const auto &D = T->SigStack[J];
    if (D.Handler == C.Id && sameStack(*T, S, uintptr_t(D.Copy)) &&
        Sp > uintptr_t(D.Copy))
      stop(Fn, C, C, Sp, "a signal delivery under a newer one it does not "
                         "leave");
  }
  if (First == T->SigDepth)
    return;
  // Everything the runtime pushed since the oldest delivery left must be
  // those deliveries: anything else is a call still open.
  int Base = T->SigStack[First].TransIndex;
  for (int K = Base; K < T->Depth; ++K)
    if (!isDelivery(*T, K))
      stop(Fn, C, C, Sp, "a call made inside a signal handler it leaves");
  MonitorGuard G;
  if (!G.ok() || &G.caller() != &C)
    fatal("%s out of a signal handler from a context the runtime does not "
          "know", Fn);
  T->SigDepth = uint8_t(First);
  T->Depth = uint16_t(Base);
}

} // namespace

extern "C" {

[[noreturn]] void __wrap_longjmp(struct __jmp_buf_tag *Env, int Val) {
  checkJump("longjmp", Env);
  __real_longjmp(Env, Val);
}

[[noreturn]] void __wrap__longjmp(struct __jmp_buf_tag *Env, int Val) {
  checkJump("_longjmp", Env);
  __real__longjmp(Env, Val);
}

[[noreturn]] void __wrap_siglongjmp(struct __jmp_buf_tag *Env, int Val) {
  checkJump("siglongjmp", Env);
  __real_siglongjmp(Env, Val);
}

// _FORTIFY_SOURCE turns longjmp into __longjmp_chk.
[[noreturn]] void __wrap___longjmp_chk(struct __jmp_buf_tag *Env, int Val) {
  checkJump("longjmp", Env);
  __real___longjmp_chk(Env, Val);
}

} // extern "C"
