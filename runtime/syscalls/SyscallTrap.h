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

#include <stdint.h>

namespace cubicle {

// Why the filter refused a call, in the data of the trap it returns under
// CUBICLE_VERBOSE (0: a call the handler performs).
enum class Refusal : uint16_t {
  None,
  OtherAbi,  // the 32-bit entry or x32
  Listed,    // DeniedSyscalls.inc
  Memory,    // a range touching the zone or the image
  ArchPrctl, // ARCH_SET_GS
  Prctl,     // PR_SET_SECCOMP, PR_SET_SYSCALL_USER_DISPATCH, PR_SET_MM
  Clone,     // CLONE_VM outside a thread or vfork
  Shmat,     // SHM_REMAP
};

// Start-up, before anything opens a file: an image exec'd by a cubicle
// program inherits the filter's traps before it installs its own.
void installSyscallTrap();

} // namespace cubicle

#endif
