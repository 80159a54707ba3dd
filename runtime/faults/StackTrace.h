//===- StackTrace.h - The stack trace of a fault report -------------------===//
//
// A fault report's trace, as AddressSanitizer prints it: #0 the faulting
// instruction, then the callers, up to the gate through which the running
// cubicle was entered (or main).  Functions carry the names the user wrote,
// with file:line where the program has debug information and an
// llvm-symbolizer is installed (CUBICLE_SYMBOLIZER=PATH picks one, =0
// none); otherwise symbol+offset.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_STACKTRACE_H
#define CUBICLE_RUNTIME_STACKTRACE_H

#include "core/Cubicle.h"
#include "threads/ThreadState.h"

#include <ucontext.h>

namespace cubicle {

constexpr int kMaxFrames = 16;

struct Frame {
  uintptr_t Pc;
  char Name[128];
  uintptr_t Off;
  char Loc[256]; // file:line:col from the symbolizer, or empty
  bool Inlined;  // a function inlined into the next frame (same Pc)
};

struct Trace {
  Frame Frames[kMaxFrames];
  int Num = 0;
  const char *EnteredFrom = nullptr; // the cubicle whose gate is the last frame
  bool FromTrusted = false;          // ... or the trusted base's
  bool ViaRuntime = false;           // entered through the runtime's entry
  bool CallerFrame = false;          // the last frame is the caller's call
};

// The trace of the context Uc of thread T, running in cubicle Running.
// Monitor mode, in the fault handler.
void captureTrace(const ucontext_t *Uc, ThreadState *T, Cubicle *Running,
                  Trace &Tr);
void printTrace(const Trace &Tr, Cubicle *Running);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_STACKTRACE_H
