//===- Transition.h - cubicle_call and who runs ---------------------------===//
//
// Transition.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_GATES_TRANSITION_H
#define CUBICLE_RUNTIME_GATES_TRANSITION_H

#include "core/Cubicle.h"

namespace cubicle {

// The cubicle running on this thread.
Cubicle &currentCubicle();
// Runs Fn(Arg) in cubicle Cid (Internal: a call the runtime makes itself,
// such as a thread's start routine).
void *callInto(cid_type Cid, void *(*Fn)(void *), void *Arg, bool Internal);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_GATES_TRANSITION_H
