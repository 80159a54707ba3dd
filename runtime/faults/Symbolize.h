//===- Symbolize.h - Symbol names for reports -----------------------------===//
//
// From the executable's .symtab, then shared objects' dynamic symbols.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_FAULTS_SYMBOLIZE_H
#define CUBICLE_RUNTIME_FAULTS_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>

namespace cubicle {

// The name of the symbol at Addr, as the user wrote it: userName rewrites
// the pass's and the runtime's (a body's, a redirected call's).
bool symbolize(uintptr_t Addr, char *Name, size_t Len, uintptr_t *Offset);
void userName(char *Name, size_t Len);
// The start addresses of the executable's functions in [Lo, Hi), sorted,
// in a fresh mapping the caller releases with munmap(*Out, *Bytes).
size_t functionStarts(uintptr_t Lo, uintptr_t Hi, uint64_t **Out,
                      size_t *Bytes);
// How far the executable is loaded from its link-time addresses (PIE).
uintptr_t exeLoadBias();

} // namespace cubicle

#endif // CUBICLE_RUNTIME_FAULTS_SYMBOLIZE_H
