//===- Init.h - Start-up and options --------------------------------------===//
//
// The runtime starts from .preinit_array (Init.cpp): backend, keys, the
// cubicles the pass emitted, threads, handlers, the code scan.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_CORE_INIT_H
#define CUBICLE_RUNTIME_CORE_INIT_H

#include <stdint.h>

namespace cubicle {

void ensureInitialized();
// The executable's PT_GNU_RELRO, both ends rounded down to pages as glibc
// rounds them; false if it has none.
bool executableRelro(uintptr_t &Begin, uintptr_t &End);
// Reports a broken invariant or an impossible situation and aborts.
[[noreturn]] void fatal(const char *Fmt, ...);
// A variable of the environment, also before libc has set up environ.
const char *env(const char *Name);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_CORE_INIT_H
