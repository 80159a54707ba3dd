//===- SyscallTrap.cpp - System calls the runtime performs itself ---------===//
//
// SIGSYS from the filter's SECCOMP_RET_TRAP (SyscallFilter.cpp), on the
// thread's alternate stack.  The handler performs the call with copies of
// its path (and openat2's open_how) that it read only where the calling
// cubicle may read, from the runtime's page, then looks at what it opened:
// a file of procfs named mem (a process's memory, which the kernel reads
// and writes past PKRU and page rights) is closed again and the call fails
// with EPERM.  Checking the opened file rather than the path covers every
// spelling: /proc/self, /proc/thread-self, a pid, task/<tid>, a dirfd on
// /proc, symbolic links, "..".
//
//===----------------------------------------------------------------------===//

#include "syscalls/SyscallTrap.h"

#include "core/Init.h"
#include "core/MonitorState.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "syscalls/SyscallPage.h"
#include "threads/Signals.h"
#include "threads/Threads.h"
#include "windows/Windows.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/audit.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <ucontext.h>

namespace cubicle {
namespace {

constexpr long kProcSuperMagic = 0x9fa0;
constexpr size_t kMaxPath = 4096;   // PATH_MAX, with the NUL
constexpr size_t kMaxOpenHow = 256; // open_how is 24 bytes today
constexpr int kSysSeccomp = 1;      // si_code of a seccomp trap

// Copies Len bytes at Addr that cubicle C may read (C null: any mapped
// memory) into Out.
bool copyIn(const Cubicle *C, uintptr_t Addr, void *Out, size_t Len) {
  if (C && !callerMay(*C, Addr, Len, false))
    return false;
  return sys::readMemory(Addr, Out, Len);
}

// The NUL-terminated string at Addr, a page at a time.  0, -EFAULT or
// -ENAMETOOLONG, as the kernel would answer.
long copyPath(const Cubicle *C, uintptr_t Addr, char *Out) {
  size_t N = 0;
  while (N < kMaxPath) {
    uintptr_t At = Addr + N;
    size_t Chunk = pageUp(At + 1) - At;
    if (Chunk > kMaxPath - N)
      Chunk = kMaxPath - N;
    if (!copyIn(C, At, Out + N, Chunk))
      return -EFAULT;
    if (memchr(Out + N, 0, Chunk))
      return 0;
    N += Chunk;
  }
  return -ENAMETOOLONG;
}

// Whether Fd is a process's memory: a procfs file named mem.
bool isProcessMemory(long Fd) {
  struct statfs Fs;
  if (runtimeSyscall(SYS_fstatfs, Fd, long(&Fs)) != 0 ||
      Fs.f_type != kProcSuperMagic)
    return false;
  char Link[32];
  format(Link, sizeof(Link), "/proc/self/fd/%ld", Fd);
  char Target[256];
  long R = runtimeSyscall(SYS_readlinkat, AT_FDCWD, long(Link), long(Target),
                          sizeof(Target) - 1);
  if (R < 0)
    return true; // a procfs file that cannot be named: refused
  Target[R] = 0;
  return R >= 4 && !memcmp(Target + R - 4, "/mem", 4);
}

// The cubicle whose call trapped, when the runtime can tell (null: then
// only the kernel's own check applies to the arguments).
const Cubicle *caller(ucontext_t *Uc) {
  if (!Mon->Initialized || Mon->Backend == BackendKind::None)
    return nullptr;
  // The runtime's own (the fault report's symbolizer, under the monitor
  // lock): its memory, its rights.
  ThreadState *T = currentThread();
  if (T &&
      (T->InMonitor || __atomic_load_n(&Mon->LockOwner, __ATOMIC_RELAXED) == T))
    return nullptr;
  if (Mon->Backend == BackendKind::Mpk) {
    uint32_t *Pkru = framePkru(Uc);
    return Pkru ? cubicleByPkru(*Pkru) : nullptr;
  }
  return T ? cubicleById(T->Current) : nullptr;
}

// Who made a refused call, for the CUBICLE_VERBOSE line.
struct Who {
  char Text[CUBICLE_NAME_MAX + 16];
};
Who who(const Cubicle *C) {
  Who W;
  if (C)
    format(W.Text, sizeof(W.Text), "cubicle '%s'", C->name());
  else
    format(W.Text, sizeof(W.Text), "code the runtime cannot name");
  return W;
}

long mediatedOpen(const Cubicle *C, long Nr, long DirFd, uintptr_t Path,
                  long Flags, long Mode, uintptr_t How, size_t HowSize) {
  char P[kMaxPath];
  if (long E = copyPath(C, Path, P))
    return E;
  long Fd;
  if (Nr == SYS_openat2) {
    alignas(8) char H[kMaxOpenHow];
    if (HowSize > kMaxOpenHow)
      return -E2BIG;
    if (HowSize && !copyIn(C, How, H, HowSize))
      return -EFAULT;
    Fd = runtimeSyscall(SYS_openat2, DirFd, long(P), long(H), long(HowSize));
  } else {
    Fd = runtimeSyscall(SYS_openat, DirFd, long(P), Flags, Mode);
  }
  if (Fd >= 0 && isProcessMemory(Fd)) {
    runtimeSyscall(SYS_close, Fd);
    if (Mon->Verbose)
      printErr("cubicle: open of %s by %s refused: a process's memory, "
               "which the kernel reads and writes past PKRU and page "
               "rights\n",
               P, who(C).Text);
    return -EPERM;
  }
  return Fd;
}

struct Listed {
  long Nr;
  const char *Name, *Why;
};
constexpr Listed kListed[] = {
#define CUBICLE_DENIED(Name, Why) {__NR_##Name, #Name, Why},
#include "syscalls/DeniedSyscalls.inc"
#undef CUBICLE_DENIED
};

const char *callName(long Nr) {
  for (const Listed &L : kListed)
    if (L.Nr == Nr)
      return L.Name;
  switch (Nr) {
  case SYS_mmap:
    return "mmap";
  case SYS_munmap:
    return "munmap";
  case SYS_mprotect:
    return "mprotect";
  case SYS_madvise:
    return "madvise";
  case SYS_mremap:
    return "mremap";
  case SYS_arch_prctl:
    return "arch_prctl";
  case SYS_prctl:
    return "prctl";
  case SYS_clone:
    return "clone";
  case SYS_clone3:
    return "clone3";
  case SYS_shmat:
    return "shmat";
  default:
    return "?";
  }
}

const char *reason(Refusal Why, long Nr) {
  switch (Why) {
  case Refusal::OtherAbi:
    return "the 32-bit entry and x32 are refused (a 64-bit filter would "
           "misread their numbers)";
  case Refusal::Listed:
    for (const Listed &L : kListed)
      if (L.Nr == Nr)
        return L.Why;
    return "refused";
  case Refusal::Memory:
    return "its range touches the runtime's zone or the executable's image "
           "(cubicles' and the runtime's memory)";
  case Refusal::ArchPrctl:
    return "the gates find each thread's state through GS";
  case Refusal::Prctl:
    return "a filter or dispatcher of its own could fail the runtime's calls";
  case Refusal::Clone:
    return "a process sharing the address space, neither a thread nor a "
           "vfork";
  case Refusal::Shmat:
    return "SHM_REMAP replaces mappings";
  case Refusal::None:
    break;
  }
  return "refused";
}

// CUBICLE_VERBOSE: the filter trapped a call it refuses, to say so.
long reportRefusal(const Cubicle *C, Refusal Why, siginfo_t *Info) {
  long Nr = Info->si_syscall;
  bool Native = Info->si_arch == AUDIT_ARCH_X86_64 && Why != Refusal::OtherAbi;
  if (Mon->Verbose)
    printErr("cubicle: system call %s (%ld%s) by %s refused: %s\n",
             Native ? callName(Nr) : "?", Nr, Native ? "" : ", not x86-64",
             who(C).Text, reason(Why, Nr));
  return -EPERM;
}

void sysHandler(int, siginfo_t *Info, void *Ctx) {
  handlerEnterMonitor();
  auto *Uc = static_cast<ucontext_t *>(Ctx);
  greg_t *G = Uc->uc_mcontext.gregs;
  if (Info->si_code == kSysSeccomp && Info->si_errno) {
    G[REG_RAX] = reportRefusal(caller(Uc), Refusal(Info->si_errno), Info);
  } else if (Info->si_code == kSysSeccomp) {
    const Cubicle *C = caller(Uc);
    long R;
    switch (Info->si_syscall) {
    case SYS_open:
      R = mediatedOpen(C, SYS_open, AT_FDCWD, uintptr_t(G[REG_RDI]), G[REG_RSI],
                       G[REG_RDX], 0, 0);
      break;
    case SYS_openat:
      R = mediatedOpen(C, SYS_openat, G[REG_RDI], uintptr_t(G[REG_RSI]),
                       G[REG_RDX], G[REG_R10], 0, 0);
      break;
    case SYS_openat2:
      R = mediatedOpen(C, SYS_openat2, G[REG_RDI], uintptr_t(G[REG_RSI]), 0, 0,
                       uintptr_t(G[REG_RDX]), size_t(G[REG_R10]));
      break;
    default:
      R = -ENOSYS; // the filter traps nothing else
    }
    G[REG_RAX] = R;
  }
  // (Before start-up is over the handler did not enter the monitor; either
  // way sigreturn restores the interrupted PKRU from the frame.)
  if (Mon->Initialized)
    exitHandlerPkru();
}

} // namespace

void installSyscallTrap() {
  struct sigaction Sa;
  memset(&Sa, 0, sizeof(Sa));
  Sa.sa_sigaction = sysHandler;
  Sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&Sa.sa_mask);
  if (sigaction(SIGSYS, &Sa, nullptr) != 0)
    fatal("cannot install the SIGSYS handler of the system-call monitor");
}

} // namespace cubicle
