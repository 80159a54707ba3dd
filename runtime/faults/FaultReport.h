//===- FaultReport.h - What a fault report says ---------------------------===//
#ifndef CUBICLE_RUNTIME_FAULTREPORT_H
#define CUBICLE_RUNTIME_FAULTREPORT_H

#include "core/Cubicle.h"
#include "scan/InsnDecode.h"

#include <ucontext.h>

namespace cubicle {

// Reports an access by cubicle Running (null: not known) to Addr, memory
// of Owner (null: the runtime's), in context Uc; Why adds a note.
void reportFault(Cubicle *Running, Cubicle *Owner, uintptr_t Addr,
                 ucontext_t *Uc, const char *Why);
// Dies by SIGSEGV now, from inside the handler, so that nothing after the
// faulting instruction runs (the report may have opened memory to read it).
[[noreturn]] void dieBySegv();
// Reports an error the runtime refuses (a bad free...), as ASan would; with
// CUBICLE_HALT_ON_ERROR=1 aborts.
void reportError(const char *Kind, const char *Fmt, ...);
// The registers of a signal context, for the instruction decoder.
RegView regsOf(const ucontext_t *Uc);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_FAULTREPORT_H
