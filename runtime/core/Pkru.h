//===- Pkru.h - The runtime's two WRPKRU sites ----------------------------===//
//
// MPK does not stop a jump into the middle of code, so every WRPKRU in the
// runtime is followed by a check that pins the value written, in the manner
// of ERIM: jumping straight to the WRPKRU with a forged EAX aborts.  The
// runtime has exactly two shapes of WRPKRU:
//
//   monitorPkruEnter()  writes the constant monitor PKRU (0: all keys) and
//                       checks EAX against that constant;
//   threadPkruExit()    writes the calling thread's ExitPkru slot, read
//                       through %gs with a RIP-relative address, and checks
//                       EAX against the same slot.  The slot is in monitor
//                       memory, which no cubicle can write.
//
// Only the backend decides when they run: on mprotect and none there is no
// WRPKRU at all (it would be SIGILL on a CPU without PKU).
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_PKRU_H
#define CUBICLE_RUNTIME_PKRU_H

#include "cubicle/abi.h"

#include <stdint.h>

namespace cubicle {

// The PKRU Linux gives new processes and signal handlers: key 0 only.
constexpr uint32_t kPkruInit = 0x55555554u;
// The monitor's PKRU: everything.
constexpr uint32_t kPkruMonitor = 0;

inline uint32_t rdpkru() {
  uint32_t Eax, Edx;
  __asm__ volatile("rdpkru" : "=a"(Eax), "=d"(Edx) : "c"(0));
  return Eax;
}

} // namespace cubicle

// Called (never returns) when the value written by WRPKRU is not the value
// its site pins: someone jumped to the WRPKRU with a forged EAX.
extern "C" [[noreturn]] void __cubicle_pkru_check_failed();

namespace cubicle {

inline void monitorPkruEnter() {
  __asm__ volatile("xor %%ecx, %%ecx\n\t"
                   "xor %%edx, %%edx\n\t"
                   "xor %%eax, %%eax\n\t"
                   "wrpkru\n\t"
                   "test %%eax, %%eax\n\t"
                   "jz 1f\n\t"
                   "call __cubicle_pkru_check_failed\n"
                   "1:"
                   :
                   :
                   : "rax", "rcx", "rdx", "memory", "cc");
}

// Offset of ThreadState::ExitPkru; checked against the struct in Threads.cpp.
constexpr int kExitPkruOffset = CUBICLE_TS_EXIT_PKRU;

inline void threadPkruExit() {
  __asm__ volatile("xor %%ecx, %%ecx\n\t"
                   "xor %%edx, %%edx\n\t"
                   "mov %%gs:%c0+__cubicle_thread_pages(%%rip), %%eax\n\t"
                   "wrpkru\n\t"
                   "cmp %%gs:%c0+__cubicle_thread_pages(%%rip), %%eax\n\t"
                   "je 1f\n\t"
                   "call __cubicle_pkru_check_failed\n"
                   "1:"
                   :
                   : "i"(kExitPkruOffset)
                   : "rax", "rcx", "rdx", "memory", "cc");
}

} // namespace cubicle

#endif // CUBICLE_RUNTIME_PKRU_H
