//===- SyscallPage.cpp - The page the runtime's own system calls come from ===//

#include "syscalls/SyscallPage.h"

#include "core/Init.h"

#include <cerrno>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

namespace cubicle {

// long stub(long nr, long a1, ..., long a6), the SysV arguments moved to
// the kernel's: the only code on the page.  The rest is int3.
static const unsigned char kStub[] = {
    0x48, 0x89, 0xf8,             // mov %rdi, %rax
    0x48, 0x89, 0xf7,             // mov %rsi, %rdi
    0x48, 0x89, 0xd6,             // mov %rdx, %rsi
    0x48, 0x89, 0xca,             // mov %rcx, %rdx
    0x4d, 0x89, 0xc2,             // mov %r8, %r10
    0x4d, 0x89, 0xc8,             // mov %r9, %r8
    0x4c, 0x8b, 0x4c, 0x24, 0x08, // mov 8(%rsp), %r9
    0x0f, 0x05,                   // syscall
    0xc3,                         // ret
};

using StubFn = long (*)(long, long, long, long, long, long, long);

void mapSyscallPage() {
  void *P = mmap(reinterpret_cast<void *>(kSyscallPage), 4096,
                 PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (P == MAP_FAILED || uintptr_t(P) != kSyscallPage)
    fatal("cannot map the runtime's system-call page at %p: %s",
          reinterpret_cast<void *>(kSyscallPage),
          P == MAP_FAILED ? strerror(errno) : "mapped elsewhere");
  memset(P, 0xcc, 4096);
  memcpy(P, kStub, sizeof(kStub));
  if (mprotect(P, 4096, PROT_READ | PROT_EXEC) != 0)
    fatal("cannot make the runtime's system-call page executable: %s",
          strerror(errno));
}

long runtimeSyscall(long Nr, long A1, long A2, long A3, long A4, long A5,
                    long A6) {
  return reinterpret_cast<StubFn>(kSyscallPage)(Nr, A1, A2, A3, A4, A5, A6);
}

} // namespace cubicle
