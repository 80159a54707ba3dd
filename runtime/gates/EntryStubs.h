//===- EntryStubs.h - Entry stubs as the runtime sees them ----------------===//
//
// GateSupport.cpp: what is cubicle code, and which entry stub a pointer is.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_GATES_ENTRYSTUBS_H
#define CUBICLE_RUNTIME_GATES_ENTRYSTUBS_H

#include "core/Cubicle.h"

namespace cubicle {

bool isCubicleCode(const void *P);
// The cubicle whose entry stub P is, or null if P is not an entry stub.
Cubicle *cubicleOfEntryStub(const void *P);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_GATES_ENTRYSTUBS_H
