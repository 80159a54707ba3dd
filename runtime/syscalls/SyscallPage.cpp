//===- SyscallPage.cpp - The page the runtime's own system calls come from ===//

#include "syscalls/SyscallPage.h"

#include "core/Init.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
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
  // No MAP_FIXED and no mprotect from here: in an image exec'd by a cubicle
  // program, the inherited filter refuses both on the zone unless they come
  // from the page itself.
  void *P = mmap(reinterpret_cast<void *>(kSyscallPage), 4096,
                 PROT_READ | PROT_WRITE | PROT_EXEC,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (P == MAP_FAILED || uintptr_t(P) != kSyscallPage)
    fatal("cannot map the runtime's system-call page at %p: %s",
          reinterpret_cast<void *>(kSyscallPage),
          P == MAP_FAILED ? strerror(errno) : "mapped elsewhere");
  memset(P, 0xcc, 4096);
  memcpy(P, kStub, sizeof(kStub));
  long R = runtimeSyscall(SYS_mprotect, long(P), 4096, PROT_READ | PROT_EXEC);
  if (R != 0)
    fatal("cannot make the runtime's system-call page read-only: %s",
          strerror(int(-R)));
}

long runtimeSyscall(long Nr, long A1, long A2, long A3, long A4, long A5,
                    long A6) {
  return reinterpret_cast<StubFn>(kSyscallPage)(Nr, A1, A2, A3, A4, A5, A6);
}

namespace sys {

// The kernel's -errno as libc's -1 with errno set.
static long result(long R) {
  if (R < 0 && R > -4096) {
    errno = int(-R);
    return -1;
  }
  return R;
}

int mprotect(void *Addr, size_t Len, int Prot) {
  return int(result(runtimeSyscall(SYS_mprotect, long(Addr), long(Len), Prot)));
}

int pkeyMprotect(uintptr_t Addr, size_t Len, int Prot, int Key) {
  return int(result(
      runtimeSyscall(SYS_pkey_mprotect, long(Addr), long(Len), Prot, Key)));
}

int pkeyAlloc() { return int(result(runtimeSyscall(SYS_pkey_alloc, 0, 0))); }

int madvise(void *Addr, size_t Len, int Advice) {
  return int(
      result(runtimeSyscall(SYS_madvise, long(Addr), long(Len), Advice)));
}

int openFile(const char *Path, int Flags, int Mode) {
  return int(
      result(runtimeSyscall(SYS_openat, AT_FDCWD, long(Path), Flags, Mode)));
}

bool readMemory(uintptr_t Addr, void *Out, size_t Len) {
  iovec Local = {Out, Len};
  iovec Remote = {reinterpret_cast<void *>(Addr), Len};
  return runtimeSyscall(SYS_process_vm_readv, getpid(), long(&Local), 1,
                        long(&Remote), 1, 0) == long(Len);
}

bool mapFixed(uintptr_t Addr, size_t Len, int Prot, int Flags) {
  long R = result(
      runtimeSyscall(SYS_mmap, long(Addr), long(Len), Prot,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | Flags, -1, 0));
  return R != -1 && uintptr_t(R) == Addr;
}

} // namespace sys

} // namespace cubicle
