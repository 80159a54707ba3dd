//===- Init.h - Start-up and options --------------------------------------===//
//
// The runtime starts from .preinit_array (Init.cpp): backend, keys, the
// cubicles the pass emitted, threads, handlers, the code scan.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_CORE_INIT_H
#define CUBICLE_RUNTIME_CORE_INIT_H


namespace cubicle {

void ensureInitialized();
// Reports a broken invariant or an impossible situation and aborts.
[[noreturn]] void fatal(const char *Fmt, ...);
// A variable of the environment, also before libc has set up environ.
const char *env(const char *Name);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_CORE_INIT_H
