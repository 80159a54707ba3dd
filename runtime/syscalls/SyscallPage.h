//===- SyscallPage.h - The page the runtime's own system calls come from --===//
//
// The system-call filter (SyscallFilter.h) lets the calls it denies through
// when they come from one page, at one fixed address, holding nothing but a
// system-call stub: the runtime's own calls of that kind go through it.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_SYSCALLS_SYSCALLPAGE_H
#define CUBICLE_SYSCALLS_SYSCALLPAGE_H

#include <cstddef>
#include <cstdint>

namespace cubicle {

// The first page of the runtime's zone (memory/Zone.h), at a fixed address,
// so that the filter an image installs still knows the page of an image it
// execs (filters outlive execve; the new image maps the same page).
constexpr uintptr_t kSyscallPage = uintptr_t(0x600000000000);

// Maps the page (start-up, before the zone is reserved around it and
// before the filter).  Fatal if the address is taken.
void mapSyscallPage();
// A system call from the page: the filter's denied calls, made by the
// runtime itself.  Returns the kernel's result (-errno on failure).
long runtimeSyscall(long Nr, long A1 = 0, long A2 = 0, long A3 = 0, long A4 = 0,
                    long A5 = 0, long A6 = 0);

// The runtime's memory calls, from the page: the filter refuses them on the
// zone and the executable's image from anywhere else.  As libc's: -1 with
// errno set on failure.
namespace sys {
int mprotect(void *Addr, size_t Len, int Prot);
int pkeyMprotect(uintptr_t Addr, size_t Len, int Prot, int Key);
int pkeyAlloc();
int madvise(void *Addr, size_t Len, int Advice);
// Opens Path from the page: the filter would trap the runtime's own opens
// to the handler (SyscallTrap.cpp), which in the fault handler's vfork'd
// symbolizer child would run on the parent's busy signal stack.
int openFile(const char *Path, int Flags, int Mode = 0);
// Reads Len bytes at Addr through the kernel (process_vm_readv): false,
// not a fault, where they are not mapped readable.
bool readMemory(uintptr_t Addr, void *Out, size_t Len);
// An anonymous private mapping at exactly Addr, replacing what is there
// (inside the zone only); false on failure.
bool mapFixed(uintptr_t Addr, size_t Len, int Prot, int Flags);
} // namespace sys

} // namespace cubicle

#endif
