//===- SyscallFilter.cpp - The system-call monitor ------------------------===//
//
// Classic BPF over seccomp_data, in this order:
//   1. anything but the x86-64 ABI (int 0x80's i386 entry, x32) is refused:
//      a 64-bit filter would not know its numbers;
//   2. a call numbered below every refused one is allowed, and so is a
//      call from the runtime's page;
//   3. the calls of DeniedSyscalls.inc are refused, and so are
//      arch_prctl(ARCH_SET_GS) (the gates find the thread's state through
//      GS) and prctl(PR_SET_SECCOMP);
//   4. the rest is allowed.
// Refused calls fail with EPERM.
//
//===----------------------------------------------------------------------===//

#include "syscalls/SyscallFilter.h"

#include "core/Init.h"
#include "core/Report.h"
#include "syscalls/SyscallPage.h"

#include <asm/prctl.h>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

namespace cubicle {
namespace {

constexpr uint32_t kDeny = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
constexpr uint32_t kX32Bit = 0x40000000;

constexpr int kDenied[] = {
#define CUBICLE_DENIED(Name, Why) __NR_##Name,
#include "syscalls/DeniedSyscalls.inc"
#undef CUBICLE_DENIED
};
constexpr int kNumDenied = sizeof(kDenied) / sizeof(kDenied[0]);

constexpr int lowestDenied() {
  int Min = __NR_arch_prctl < __NR_prctl ? __NR_arch_prctl : __NR_prctl;
  for (int Nr : kDenied)
    Min = Nr < Min ? Nr : Min;
  return Min;
}
constexpr int kLowestDenied = lowestDenied();

// The program, built in place; jumps are patched to the two returns at
// the end (Allow, Deny).
struct Program {
  static constexpr int kMax = 64 + 2 * kNumDenied;
  sock_filter Insns[kMax];
  int Len = 0;
  int ToDeny[kMax], NumToDeny = 0; // jt or jf fields aimed at Deny
  int ToAllow[kMax], NumToAllow = 0;

  int add(sock_filter I) {
    if (Len == kMax)
      fatal("the system-call filter outgrew its buffer");
    Insns[Len] = I;
    return Len++;
  }
  void load(uint32_t Off) { add(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, Off)); }
  // If A == K go to Deny/Allow (Target), else fall through.
  void jumpIfEq(uint32_t K, bool ToDenyTarget) {
    int At = add(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, K, 0, 0));
    (ToDenyTarget ? ToDeny[NumToDeny++] : ToAllow[NumToAllow++]) = At * 2;
  }
  // If A != K go to Deny/Allow, else fall through.
  void jumpIfNe(uint32_t K, bool ToDenyTarget) {
    int At = add(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, K, 0, 0));
    (ToDenyTarget ? ToDeny[NumToDeny++] : ToAllow[NumToAllow++]) = At * 2 + 1;
  }
  void jumpIfSet(uint32_t K) {
    int At = add(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, K, 0, 0));
    ToDeny[NumToDeny++] = At * 2;
  }
  void finish() {
    // Allow first: what falls off the last check is allowed.
    int Allow = add(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    int Deny = add(BPF_STMT(BPF_RET | BPF_K, kDeny));
    auto patch = [&](int Code, int Target) {
      int At = Code / 2;
      int Off = Target - At - 1;
      if (Off > 255)
        fatal("the system-call filter's jump is too long");
      (Code & 1 ? Insns[At].jf : Insns[At].jt) = uint8_t(Off);
    };
    for (int I = 0; I < NumToDeny; ++I)
      patch(ToDeny[I], Deny);
    for (int I = 0; I < NumToAllow; ++I)
      patch(ToAllow[I], Allow);
  }
};

constexpr uint32_t kNr = offsetof(seccomp_data, nr);
constexpr uint32_t kArch = offsetof(seccomp_data, arch);
constexpr uint32_t kIpLow = offsetof(seccomp_data, instruction_pointer);
constexpr uint32_t kIpHigh = kIpLow + 4;
constexpr uint32_t kArg0Low = offsetof(seccomp_data, args);

void buildFilter(Program &P) {
  P.load(kArch);
  P.jumpIfNe(AUDIT_ARCH_X86_64, /*Deny=*/true);
  P.load(kNr);
  P.jumpIfSet(kX32Bit);
  // The common calls (read, write, mmap, getpid, ...) are numbered below
  // the first refused one: allowed in six instructions.
  int Low = P.add(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, uint32_t(kLowestDenied),
                           0, 0));
  P.ToAllow[P.NumToAllow++] = Low * 2 + 1;
  // From the runtime's page: the instruction pointer is past the syscall
  // instruction, inside the page (the stub is at its start).
  P.load(kIpHigh);
  int SkipPage = P.add(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
                                uint32_t(kSyscallPage >> 32), 0, 0));
  P.load(kIpLow);
  P.add(BPF_STMT(BPF_ALU | BPF_AND | BPF_K, ~uint32_t(4095)));
  P.jumpIfEq(uint32_t(kSyscallPage), /*Deny=*/false);
  P.Insns[SkipPage].jf = uint8_t(P.Len - SkipPage - 1);
  P.load(kNr);
  for (int Nr : kDenied)
    P.jumpIfEq(uint32_t(Nr), /*Deny=*/true);
  // arch_prctl(ARCH_SET_GS) and prctl(PR_SET_SECCOMP), by their first
  // argument (an int: its low word).
  int NotArch = P.add(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_arch_prctl,
                               0, 0));
  P.load(kArg0Low);
  P.jumpIfEq(ARCH_SET_GS, /*Deny=*/true);
  P.add(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  P.Insns[NotArch].jf = uint8_t(P.Len - NotArch - 1);
  int NotPrctl =
      P.add(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_prctl, 0, 0));
  P.load(kArg0Low);
  P.jumpIfEq(PR_SET_SECCOMP, /*Deny=*/true);
  P.add(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  P.Insns[NotPrctl].jf = uint8_t(P.Len - NotPrctl - 1);
  P.finish();
}

} // namespace

void installSyscallMonitor() {
  mapSyscallPage();
  const char *Env = env("CUBICLE_SYSCALLS");
  if (Env && !strcmp(Env, "off")) {
    printErr("cubicle: WARNING: CUBICLE_SYSCALLS=off: the system-call "
             "monitor is OFF; any cubicle can use the kernel against the "
             "others (process_vm_readv, ptrace, int 0x80, ...)\n");
    return;
  }
  if (Env && *Env && strcmp(Env, "on"))
    fatal("CUBICLE_SYSCALLS=%s: expected on or off", Env);
  static Program P; // start-up only; too big for the stack slot
  buildFilter(P);
  sock_fprog Prog = {uint16_t(P.Len), P.Insns};
  // Unprivileged filters need no_new_privs; it stays, across exec too.
  if (runtimeSyscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    fatal("prctl(PR_SET_NO_NEW_PRIVS) failed");
  // SPEC_ALLOW: without it the kernel turns on speculative store bypass
  // disable for every filtered task, which slows all of the program's
  // code (Spectre is outside the threat model: docs/threat-model.md).
  long R = runtimeSyscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                          SECCOMP_FILTER_FLAG_TSYNC |
                              SECCOMP_FILTER_FLAG_SPEC_ALLOW,
                          long(&Prog));
  if (R != 0)
    fatal("cannot install the system-call filter: %s (set "
          "CUBICLE_SYSCALLS=off to run without it)",
          strerror(int(-R)));
}

} // namespace cubicle
