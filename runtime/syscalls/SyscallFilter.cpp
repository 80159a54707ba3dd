//===- SyscallFilter.cpp - The system-call monitor ------------------------===//
//
// Classic BPF over seccomp_data:
//   1. anything but the x86-64 ABI (int 0x80's i386 entry, x32) is refused:
//      a 64-bit filter would not know its numbers;
//   2. a binary search over the numbers the filter has a rule for; every
//      other call is allowed there, after about eight instructions;
//   3. each rule first allows a call from the runtime's page, then:
//      - the calls of DeniedSyscalls.inc are refused;
//      - memory calls (mmap with MAP_FIXED, munmap, mprotect, mremap,
//        madvise) are refused when their range touches the runtime's zone
//        or the executable's image, which hold every cubicle's memory and
//        the runtime's (64-bit range arithmetic in 32-bit BPF);
//      - arch_prctl(ARCH_SET_GS), prctl(PR_SET_SECCOMP and the like),
//        clone sharing the address space outside a thread or vfork, and
//        shmat(SHM_REMAP) are refused; clone3, whose flags are in memory a
//        filter cannot read, fails with ENOSYS so that libc uses clone.
// Refused calls fail with EPERM.  The filter decides everything itself:
// no trap, so it means the same in an image the program execs, which
// inherits it without the runtime.
//
//===----------------------------------------------------------------------===//

#include "syscalls/SyscallFilter.h"

#include "core/Init.h"
#include "core/MonitorState.h"
#include "core/Report.h"
#include "memory/Zone.h"
#include "syscalls/SyscallPage.h"
#include "syscalls/SyscallTrap.h"

#include <asm/prctl.h>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <link.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/syscall.h>

extern "C" char __executable_start[];
extern "C" char _end[];

namespace cubicle {
namespace {

constexpr uint32_t kAllow = SECCOMP_RET_ALLOW;
constexpr uint32_t kDeny = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
constexpr uint32_t kNoSys = SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA);
constexpr uint32_t kTrap = SECCOMP_RET_TRAP;
constexpr uint32_t kX32Bit = 0x40000000;
#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#endif

// What the filter does with a call it has a rule for.
enum class Rule : uint8_t {
  Deny,      // DeniedSyscalls.inc
  NoSys,     // clone3
  MmapFixed, // mmap: the range, when MAP_FIXED
  Range,     // munmap, madvise: arguments 0 and 1
  Mprotect,  // the range, but for glibc's read-only RELRO
  Mremap,    // both ranges
  ArchPrctl, // ARCH_SET_GS
  Prctl,     // PR_SET_SECCOMP, PR_SET_SYSCALL_USER_DISPATCH, PR_SET_MM
  Clone,     // CLONE_VM without CLONE_THREAD or CLONE_VFORK
  Shmat,     // SHM_REMAP
  Open,      // open, openat, openat2: trapped from the program's code
  NumRules
};

struct Entry {
  uint32_t Nr;
  Rule R;
};

constexpr Entry kEntries[] = {
#define CUBICLE_DENIED(Name, Why) {__NR_##Name, Rule::Deny},
#include "syscalls/DeniedSyscalls.inc"
#undef CUBICLE_DENIED
    {__NR_clone3, Rule::NoSys},
    {__NR_mmap, Rule::MmapFixed},
    {__NR_munmap, Rule::Range},
    {__NR_mprotect, Rule::Mprotect},
    {__NR_madvise, Rule::Range},
    {__NR_mremap, Rule::Mremap},
    {__NR_arch_prctl, Rule::ArchPrctl},
    {__NR_prctl, Rule::Prctl},
    {__NR_clone, Rule::Clone},
    {__NR_shmat, Rule::Shmat},
    {__NR_open, Rule::Open},
    {__NR_openat, Rule::Open},
    {__NR_openat2, Rule::Open},
};
constexpr int kNumEntries = sizeof(kEntries) / sizeof(kEntries[0]);

// Classic BPF with forward labels: a conditional jump reaches 255
// instructions, so far targets go through an unconditional one.
class Assembler {
public:
  static constexpr int kMaxInsns = 1024;
  static constexpr int kMaxLabels = 512;
  static constexpr int kNext = -1; // fall through
  // Over the next N instructions (a target given as a count, not a label).
  static constexpr int skip(int N) { return -1 - N; }

  int label() {
    if (NumLabels == kMaxLabels)
      fatal("the system-call filter has too many labels");
    Labels[NumLabels] = -1;
    return NumLabels++;
  }
  void bind(int L) { Labels[L] = Len; }

  void ld(uint32_t Off) { add(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, Off)); }
  void ldImm(uint32_t K) { add(BPF_STMT(BPF_LD | BPF_IMM, K)); }
  void ldMem(uint32_t M) { add(BPF_STMT(BPF_LD | BPF_MEM, M)); }
  void ldxMem(uint32_t M) { add(BPF_STMT(BPF_LDX | BPF_MEM, M)); }
  void st(uint32_t M) { add(BPF_STMT(BPF_ST, M)); }
  void tax() { add(BPF_STMT(BPF_MISC | BPF_TAX, 0)); }
  void addX() { add(BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0)); }
  void andK(uint32_t K) { add(BPF_STMT(BPF_ALU | BPF_AND | BPF_K, K)); }
  void ret(uint32_t V) { add(BPF_STMT(BPF_RET | BPF_K, V)); }
  void ja(int L) { fix(add(BPF_STMT(BPF_JMP | BPF_JA, 0)), L, 'k'); }
  // if (A <Op> K) goto T else goto F (labels or kNext).
  void jmp(uint16_t Op, uint32_t K, int T, int F) {
    int At = add(BPF_JUMP(BPF_JMP | Op | BPF_K, K, 0, 0));
    fix(At, T, 't');
    fix(At, F, 'f');
  }
  void jmpX(uint16_t Op, int T, int F) {
    int At = add(BPF_JUMP(BPF_JMP | Op | BPF_X, 0, 0, 0));
    fix(At, T, 't');
    fix(At, F, 'f');
  }

  void finish() {
    for (int I = 0; I < NumFixes; ++I) {
      const Fix &F = Fixes[I];
      int Target = Labels[F.Label];
      if (Target < 0 || Target <= F.At)
        fatal("the system-call filter jumps to an unbound label");
      uint32_t Off = uint32_t(Target - F.At - 1);
      if (F.Field == 'k') {
        Insns[F.At].k = Off;
        continue;
      }
      if (Off > 255)
        fatal("the system-call filter's jump is too long");
      (F.Field == 't' ? Insns[F.At].jt : Insns[F.At].jf) = uint8_t(Off);
    }
  }

  sock_filter Insns[kMaxInsns];
  int Len = 0;

private:
  struct Fix {
    int At, Label;
    char Field;
  };
  int add(sock_filter I) {
    if (Len == kMaxInsns)
      fatal("the system-call filter outgrew its buffer");
    Insns[Len] = I;
    return Len++;
  }
  void fix(int At, int L, char Field) {
    if (L < 0) {
      uint8_t Off = uint8_t(-1 - L);
      if (Field == 'k')
        Insns[At].k = Off;
      else
        (Field == 't' ? Insns[At].jt : Insns[At].jf) = Off;
      return;
    }
    if (NumFixes == kMaxLabels * 2)
      fatal("the system-call filter has too many jumps");
    Fixes[NumFixes++] = {At, L, Field};
  }
  int Labels[kMaxLabels];
  int NumLabels = 0;
  Fix Fixes[kMaxLabels * 2];
  int NumFixes = 0;
};

constexpr uint32_t kNr = offsetof(seccomp_data, nr);
constexpr uint32_t kArch = offsetof(seccomp_data, arch);
constexpr uint32_t kIpLow = offsetof(seccomp_data, instruction_pointer);
constexpr uint32_t kIpHigh = kIpLow + 4;
constexpr uint32_t argLow(int I) {
  return uint32_t(offsetof(seccomp_data, args) + 8 * I);
}
constexpr uint32_t argHigh(int I) { return argLow(I) + 4; }

// Scratch words.
constexpr uint32_t kMAddrLow = 0, kMEndLow = 1, kMEndHigh = 2, kMCarry = 3;

constexpr uint32_t low(uint64_t V) { return uint32_t(V); }
constexpr uint32_t high(uint64_t V) { return uint32_t(V >> 32); }

struct Range {
  uint64_t Begin, End;
};

class FilterBuilder {
public:
  FilterBuilder(Assembler &A, const Range *Ranges, int NumRanges, Range Relro,
                const Range *Traps, int NumTraps, bool ReportRefusals)
      : A(A), Ranges(Ranges), NumRanges(NumRanges), Relro(Relro), Traps(Traps),
        NumTraps(NumTraps), ReportRefusals(ReportRefusals) {}

  void build() {
    int X86 = A.label(), Not32 = A.label();
    A.ld(kArch);
    A.jmp(BPF_JEQ, AUDIT_ARCH_X86_64, X86, Assembler::kNext);
    refuse(Refusal::OtherAbi);
    A.bind(X86);
    A.ld(kNr);
    A.jmp(BPF_JSET, kX32Bit, Assembler::kNext, Not32);
    refuse(Refusal::OtherAbi);
    A.bind(Not32);
    for (int &L : Blocks)
      L = A.label();
    Entry Sorted[kNumEntries];
    memcpy(Sorted, kEntries, sizeof(kEntries));
    for (int I = 1; I < kNumEntries; ++I)
      for (int J = I; J > 0 && Sorted[J - 1].Nr > Sorted[J].Nr; --J) {
        Entry T = Sorted[J];
        Sorted[J] = Sorted[J - 1];
        Sorted[J - 1] = T;
      }
    for (int I = 1; I < kNumEntries; ++I)
      if (Sorted[I].Nr == Sorted[I - 1].Nr)
        fatal("system call %u has two rules", Sorted[I].Nr);
    // read, write, close, fstat, poll, lseek: numbered below every rule.
    A.jmp(BPF_JGE, Sorted[0].Nr, Assembler::skip(1), Assembler::kNext);
    A.ret(kAllow);
    search(Sorted, kNumEntries);
    rules();
    A.finish();
  }

private:
  // A jump to label L if A == K.  Jumps are forward only.
  void jmpTo(uint32_t K, int L) {
    A.jmp(BPF_JEQ, K, Assembler::kNext, Assembler::skip(1));
    A.ja(L);
  }

  // Binary search over sorted numbers, leaves of up to three.
  void search(const Entry *E, int N) {
    if (N <= 3) {
      for (int I = 0; I < N; ++I)
        jmpTo(E[I].Nr, Blocks[int(E[I].R)]);
      A.ret(kAllow);
      return;
    }
    int Mid = N / 2;
    int Right = A.label();
    A.jmp(BPF_JGE, E[Mid].Nr, Right, Assembler::kNext);
    search(E, Mid);
    A.bind(Right);
    search(E + Mid, N - Mid);
  }

  // From the runtime's page: the instruction pointer is past the syscall
  // instruction, inside the page.
  void allowFromPage() {
    int Body = A.label();
    A.ld(kIpHigh);
    A.jmp(BPF_JEQ, high(kSyscallPage), Assembler::kNext, Body);
    A.ld(kIpLow);
    A.andK(~uint32_t(kPageSize - 1));
    A.jmp(BPF_JEQ, low(kSyscallPage), Assembler::kNext, Body);
    A.ret(kAllow);
    A.bind(Body);
  }

  // The end of [arg Addr, arg Addr + arg Len) into kMEndLow and
  // kMEndHigh.  A length of 2^48 or more goes to Deny: no such range is
  // valid, and the sum cannot carry out of the high word.
  void computeEnd(int Addr, int Len, int Deny) {
    A.ld(argHigh(Len));
    A.jmp(BPF_JGE, 0x10000, Deny, Assembler::kNext);
    // End = Addr + Len, in two words with the carry.
    A.ld(argLow(Addr));
    A.st(kMAddrLow);
    A.ld(argLow(Len));
    A.tax();
    A.ldMem(kMAddrLow);
    A.addX();
    A.st(kMEndLow);
    A.ldxMem(kMAddrLow);
    int NoCarry = A.label(), Carried = A.label();
    A.jmpX(BPF_JGE, NoCarry, Assembler::kNext); // EndLow >= AddrLow
    A.ldImm(1);
    A.ja(Carried);
    A.bind(NoCarry);
    A.ldImm(0);
    A.bind(Carried);
    A.st(kMCarry);
    A.ld(argHigh(Len));
    A.tax();
    A.ld(argHigh(Addr));
    A.addX();
    A.ldxMem(kMCarry);
    A.addX();
    A.st(kMEndHigh);
  }

  // A 64-bit value's two words: offsets into seccomp_data, or scratch.
  struct Word {
    uint32_t Off;
    bool Scratch;
  };
  void load(Word W) { W.Scratch ? A.ldMem(W.Off) : A.ld(W.Off); }

  // A 64-bit value: its two words.
  struct Value {
    Word Low, High;
  };

  // Argument I of the call.
  static Value arg(int I) { return {{argLow(I), false}, {argHigh(I), false}}; }
  // The end computeEnd left in scratch.
  static Value end() { return {{kMEndLow, true}, {kMEndHigh, true}}; }

  // Goes to label IfTrue if V <Op> K (BPF_JGT or BPF_JGE, unsigned), else
  // to label IfFalse: the high words decide unless they are equal.
  void jump64(Value V, uint16_t Op, uint64_t K, int IfTrue, int IfFalse) {
    int Low = A.label();
    load(V.High);
    A.jmp(BPF_JGT, high(K), IfTrue, Assembler::kNext);
    A.jmp(BPF_JEQ, high(K), Low, IfFalse);
    A.bind(Low);
    load(V.Low);
    A.jmp(Op, low(K), IfTrue, IfFalse);
  }

  // Returns Ret if First >= R.Begin and Last is below R.End (at most
  // R.End when LastIsEnd: an exclusive end), else falls through.
  void retIfInside(Value First, Value Last, bool LastIsEnd, const Range &R,
                   uint32_t Ret) {
    int Out = A.label(), LastCheck = A.label(), Inside = A.label();
    jump64(First, BPF_JGE, R.Begin, LastCheck, Out);
    A.bind(LastCheck);
    jump64(Last, LastIsEnd ? BPF_JGT : BPF_JGE, R.End, Out, Inside);
    A.bind(Inside);
    A.ret(Ret);
    A.bind(Out);
  }

  // Allows the call if [arg Addr, end) lies inside R (computeEnd first).
  void allowIfInside(int Addr, const Range &R) {
    retIfInside(arg(Addr), end(), /*LastIsEnd=*/true, R, kAllow);
  }

  // Returns Ret if the call's instruction pointer lies in R.
  void retIfIpInside(const Range &R, uint32_t Ret) {
    Value Ip = {{kIpLow, false}, {kIpHigh, false}};
    retIfInside(Ip, Ip, /*LastIsEnd=*/false, R, Ret);
  }

  // Refuses the call with Errno; under CUBICLE_VERBOSE, a call from the
  // program's own code traps instead, so that the runtime's handler can
  // say who was refused what (an exec'd image's calls are elsewhere).
  void refuse(Refusal Why, uint32_t Errno = kDeny) {
    if (ReportRefusals)
      for (int I = 0; I < NumTraps; ++I)
        retIfIpInside(Traps[I], kTrap | uint32_t(Why));
    A.ret(Errno);
  }

  // Refuses the call if [arg Addr, arg Addr + arg Len) touches a range.
  // The ranges are page-aligned; the kernel rounds the length up to
  // pages, which changes nothing against page-aligned bounds.
  void refuseIfTouches(int Addr, int Len) {
    int Deny = A.label();
    computeEnd(Addr, Len, Deny);
    // Touches [B, E) iff Addr < E and End > B.
    for (int I = 0; I < NumRanges; ++I) {
      const Range &R = Ranges[I];
      int Next = A.label(), BelowEnd = A.label();
      jump64(arg(Addr), BPF_JGE, R.End, Next, BelowEnd);
      A.bind(BelowEnd);
      jump64(end(), BPF_JGT, R.Begin, Deny, Next);
      A.bind(Next);
    }
    int Past = A.label();
    A.ja(Past);
    A.bind(Deny);
    refuse(Refusal::Memory);
    A.bind(Past);
  }

  void rules() {
    for (int R = 0; R < int(Rule::NumRules); ++R) {
      A.bind(Blocks[R]);
      allowFromPage();
      switch (Rule(R)) {
      case Rule::Deny:
        // glibc registers each new thread's rseq, and pthread_create
        // tries clone3, with every signal blocked: a trap then would kill
        // the process, so these two are refused silently even under
        // CUBICLE_VERBOSE.
        A.ld(kNr);
        A.jmp(BPF_JEQ, __NR_rseq, Assembler::kNext, Assembler::skip(1));
        A.ret(kDeny);
        refuse(Refusal::Listed);
        break;
      case Rule::NoSys:
        A.ret(kNoSys);
        break;
      case Rule::MmapFixed:
        // Without MAP_FIXED the kernel never replaces a mapping (the zone
        // is one reservation, so it has no gaps to fill either).
        A.ld(argLow(3));
        A.jmp(BPF_JSET, MAP_FIXED, Assembler::skip(1), Assembler::kNext);
        A.ret(kAllow);
        refuseIfTouches(0, 1);
        A.ret(kAllow);
        break;
      case Rule::Range:
        refuseIfTouches(0, 1);
        A.ret(kAllow);
        break;
      case Rule::Mprotect: {
        // A static executable's libc makes its RELRO read-only at start,
        // before the runtime runs.  In an image the program execs (itself,
        // say) that is where this image's RELRO is, so the one call that
        // only makes part of it read-only is allowed: it gives nobody
        // anything (the runtime made it read-only already).
        int General = A.label();
        if (Relro.End > Relro.Begin) {
          A.ld(argLow(2));
          A.jmp(BPF_JEQ, PROT_READ, Assembler::kNext, General);
          A.ld(argHigh(2));
          A.jmp(BPF_JEQ, 0, Assembler::kNext, General);
          int Deny = A.label(), Past = A.label();
          computeEnd(0, 1, Deny);
          allowIfInside(0, Relro);
          A.ja(Past);
          A.bind(Deny);
          refuse(Refusal::Memory);
          A.bind(Past);
        }
        A.bind(General);
        refuseIfTouches(0, 1);
        A.ret(kAllow);
        break;
      }
      case Rule::Mremap: {
        // What it moves or shrinks, what it grows into, where it goes.
        refuseIfTouches(0, 1);
        refuseIfTouches(0, 2);
        A.ld(argLow(3));
        A.jmp(BPF_JSET, MREMAP_FIXED, Assembler::skip(1), Assembler::kNext);
        A.ret(kAllow);
        refuseIfTouches(4, 2);
        A.ret(kAllow);
        break;
      }
      case Rule::ArchPrctl: {
        int Deny = A.label();
        // The gates find the thread's state through GS.  ARCH_SET_FS
        // stays: every image's libc sets it at start, and the filter
        // outlives exec.
        A.ld(argLow(0));
        A.jmp(BPF_JEQ, ARCH_SET_GS, Assembler::kNext, Assembler::skip(1));
        A.ja(Deny);
        A.ret(kAllow);
        A.bind(Deny);
        refuse(Refusal::ArchPrctl);
        break;
      }
      case Rule::Prctl: {
        int Deny = A.label();
        A.ld(argLow(0));
        A.jmp(BPF_JEQ, PR_SET_SECCOMP, Deny, Assembler::kNext);
        A.jmp(BPF_JEQ, PR_SET_SYSCALL_USER_DISPATCH, Deny, Assembler::kNext);
        A.jmp(BPF_JEQ, PR_SET_MM, Deny, Assembler::kNext);
        A.ret(kAllow);
        A.bind(Deny);
        refuse(Refusal::Prctl);
        break;
      }
      case Rule::Clone: {
        // Threads (pthread_create) and vfork (posix_spawn) share the
        // address space as the runtime expects; a process that shares it
        // with handlers and files of its own does not.
        int Allow = A.label();
        A.ld(argLow(0));
        A.jmp(BPF_JSET, CLONE_VM, Assembler::kNext, Allow);
        A.jmp(BPF_JSET, CLONE_THREAD, Allow, Assembler::kNext);
        A.jmp(BPF_JSET, CLONE_VFORK, Allow, Assembler::kNext);
        refuse(Refusal::Clone);
        A.bind(Allow);
        A.ret(kAllow);
        break;
      }
      case Rule::Shmat:
        // Without SHM_REMAP the kernel refuses an address that is mapped.
        A.ld(argLow(2));
        A.jmp(BPF_JSET, SHM_REMAP, Assembler::skip(1), Assembler::kNext);
        A.ret(kAllow);
        refuse(Refusal::Shmat);
        break;
      case Rule::Open:
        // A path, which a filter cannot read: the runtime's handler makes
        // the call (SyscallTrap.cpp).  Only from the program's own code:
        // an image it execs that is not a cubicle program has no handler.
        for (int I = 0; I < NumTraps; ++I)
          retIfIpInside(Traps[I], kTrap);
        A.ret(kAllow);
        break;
      case Rule::NumRules:
        break;
      }
    }
  }

  Assembler &A;
  const Range *Ranges;
  int NumRanges;
  Range Relro;
  const Range *Traps;
  int NumTraps;
  bool ReportRefusals;
  int Blocks[int(Rule::NumRules)];
};

// The main thread's restartable sequence, registered by glibc before the
// runtime starts: the kernel would redirect the thread to an abort address
// read through memory every cubicle can write (glibc's TLS), so it is
// unregistered; new threads' registrations are refused.  glibc falls back
// to getcpu for sched_getcpu.
extern "C" const ptrdiff_t __rseq_offset __attribute__((weak));
extern "C" const unsigned int __rseq_size __attribute__((weak));
constexpr unsigned kRseqSig = 0x53053053; // glibc's, x86
constexpr int kRseqUnregister = 1;
constexpr long kRseqMinLen = 32;

void unregisterRseq() {
  if (!&__rseq_size || !&__rseq_offset || __rseq_size == 0)
    return;
  char *Area = static_cast<char *>(__builtin_thread_pointer()) + __rseq_offset;
  // glibc registers at least the original 32-byte area, and publishes the
  // size of the fields it uses (20 in some versions): unregistering needs
  // the registered length.
  long R = runtimeSyscall(SYS_rseq, long(Area), kRseqMinLen, kRseqUnregister,
                          long(kRseqSig));
  if (R == -EINVAL && __rseq_size > kRseqMinLen)
    R = runtimeSyscall(SYS_rseq, long(Area), long(__rseq_size), kRseqUnregister,
                       long(kRseqSig));
  if (R != 0)
    fatal("cannot unregister the main thread's restartable sequence: %s",
          strerror(int(-R)));
}

// The code whose open calls trap: the executable's, and libc's when it is
// a shared object of its own.
struct TrapRanges {
  Range R[4];
  int Num = 0;
};

int addCode(dl_phdr_info *Info, size_t, void *Data) {
  auto *T = static_cast<TrapRanges *>(Data);
  bool Main = !Info->dlpi_name || !*Info->dlpi_name;
  if (!Main && !strstr(Info->dlpi_name, "/libc.so"))
    return 0;
  for (int I = 0; I < Info->dlpi_phnum && T->Num < 4; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    if (P.p_type == PT_LOAD && (P.p_flags & PF_X))
      T->R[T->Num++] = {pageDown(Info->dlpi_addr + P.p_vaddr),
                        pageUp(Info->dlpi_addr + P.p_vaddr + P.p_memsz)};
  }
  return 0;
}

// The executable's RELRO ({0, 0}: none).
Range imageRelro() {
  uintptr_t Begin, End;
  if (!executableRelro(Begin, End))
    return {0, 0};
  return {Begin, End};
}

} // namespace

void installSyscallMonitor() {
  const char *Env = env("CUBICLE_SYSCALLS");
  if (Env && !strcmp(Env, "off")) {
    printErr("cubicle: WARNING: CUBICLE_SYSCALLS=off: the system-call "
             "monitor is OFF; any cubicle can use the kernel against the "
             "others (process_vm_readv, ptrace, int 0x80, mprotect, ...)\n");
    return;
  }
  if (Env && *Env && strcmp(Env, "on"))
    fatal("CUBICLE_SYSCALLS=%s: expected on or off", Env);
  // Every cubicle's memory and the runtime's: the zone, and the image
  // (globals, code, descriptors, entry records, monitor state).
  const Range Ranges[] = {
      {kZoneBase, kZoneEnd},
      {pageDown(uintptr_t(__executable_start)), pageUp(uintptr_t(_end))},
  };
  static Assembler A; // start-up only; too big for the stack
  TrapRanges Traps;
  dl_iterate_phdr(addCode, &Traps);
  if (!Traps.Num)
    fatal("cannot find the program's code for the system-call filter");
  FilterBuilder(A, Ranges, sizeof(Ranges) / sizeof(Ranges[0]), imageRelro(),
                Traps.R, Traps.Num, Mon->Verbose)
      .build();
  sock_fprog Prog = {uint16_t(A.Len), A.Insns};
  // Unprivileged filters need no_new_privs; it stays, across exec too.
  if (runtimeSyscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    fatal("prctl(PR_SET_NO_NEW_PRIVS) failed");
  unregisterRseq();
  // SPEC_ALLOW: without it the kernel turns on speculative store bypass
  // disable for every filtered task, which slows all of the program's
  // code (Spectre is outside the threat model: docs/threat-model.md).
  long R = runtimeSyscall(
      SYS_seccomp, SECCOMP_SET_MODE_FILTER,
      SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_SPEC_ALLOW, long(&Prog));
  if (R != 0)
    fatal("cannot install the system-call filter: %s (set "
          "CUBICLE_SYSCALLS=off to run without it)",
          strerror(int(-R)));
}

} // namespace cubicle
