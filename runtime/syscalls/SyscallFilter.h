//===- SyscallFilter.h - The system-call monitor --------------------------===//
//
// A seccomp filter installed at start-up, before any cubicle runs, kept by
// every thread, fork and exec: system calls that would let a cubicle use
// the kernel against another are refused with EPERM unless they come from
// the runtime's page (SyscallPage.h).  CUBICLE_SYSCALLS=off leaves it out,
// loudly.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_SYSCALLS_SYSCALLFILTER_H
#define CUBICLE_SYSCALLS_SYSCALLFILTER_H

namespace cubicle {

// Start-up, single-threaded, after the runtime's page and zone are mapped:
// installs the filter (unless CUBICLE_SYSCALLS=off).
void installSyscallMonitor();

} // namespace cubicle

#endif
