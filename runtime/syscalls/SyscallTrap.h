//===- SyscallTrap.h - System calls the runtime performs itself -----------===//
//
// The calls a seccomp filter cannot judge by their registers (open, openat
// and openat2: a path) trap to SIGSYS when they come from the program's
// own code; the handler reads the arguments the caller may read, makes the
// call from the runtime's page, and refuses what it opened if that is a
// process's memory (/proc/<pid>/mem, however the path was spelled).
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_SYSCALLS_SYSCALLTRAP_H
#define CUBICLE_SYSCALLS_SYSCALLTRAP_H

namespace cubicle {

// Start-up, before anything opens a file: an image exec'd by a cubicle
// program inherits the filter's traps before it installs its own.
void installSyscallTrap();

} // namespace cubicle

#endif
