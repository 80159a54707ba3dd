//===- SingleStep.h - Sub-page windows by masked single step -------------===//
//
// A grantee's access to a page it shares with the window owner's other
// data runs as one masked single step (SingleStep.cpp has the how); the
// fault handler (Fault.cpp) starts and ends it.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_FAULTS_SINGLESTEP_H
#define CUBICLE_RUNTIME_FAULTS_SINGLESTEP_H

#include "threads/ThreadState.h"

#include <ucontext.h>

namespace cubicle {

constexpr uint64_t kTrapFlag = 0x100; // EFLAGS.TF

enum class Emulation {
  Stepped, // the page is masked: run the instruction with the trap flag
  Busy,    // another thread is stepping on the page: retry
  Refused, // not a window page of this cubicle
};

// Whether page P is in some thread's step now.
bool pageInStep(uintptr_t P);
// Runs the access of thread T (cubicle X) at Addr, in context Uc, as a
// masked single step if a window open to X covers it.  Monitor mode.
Emulation emulate(ThreadState &T, Cubicle &X, uintptr_t Addr, bool Write,
                  ucontext_t *Uc);
// Ends the step of thread T in context Uc: puts back the bytes outside the
// windows and the pages' keys, restores the PKRU, clears the trap flag.
void endStep(ThreadState &T, ucontext_t *Uc);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_FAULTS_SINGLESTEP_H
