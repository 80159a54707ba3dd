/*===- attacker.c - Cubicle "attacker": tries to break isolation ----------===*\
 *
 *   attack NAME     runs one attack; prints "ATTACK NAME succeeded: ..." if
 *                   it got through, else is stopped by the runtime
 *
 * Each attack is run by the test suite under real MPK (in the VM) and on the
 * other backends, with the exact outcome asserted: stopped with a report
 * naming the right cubicles, or an error code.  The same attack with
 * protection off (CUBICLE_BACKEND=none) gets through: that is its control.
 * docs/threat-model.md has the table.
\*===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "attacks.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/rseq.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static volatile char Sink;

static void succeeded(const char *Name, const char *What) {
  printf("ATTACK %s succeeded: %s\n", Name, What);
  fflush(stdout);
}

static void announce(const char *Name) {
  printf("attack %s\n", Name);
  fflush(stdout);
}

/* The run-time address of a symbol, from the program's own symbol table
 * (static executables: no load bias). */
static void *symbolAddress(const char *Name) {
  int Fd = open("/proc/self/exe", O_RDONLY);
  struct stat St;
  if (Fd < 0 || fstat(Fd, &St))
    return NULL;
  const char *Base = mmap(NULL, St.st_size, PROT_READ, MAP_PRIVATE, Fd, 0);
  close(Fd);
  const Elf64_Ehdr *Eh = (const Elf64_Ehdr *)Base;
  const Elf64_Shdr *Sh = (const Elf64_Shdr *)(Base + Eh->e_shoff);
  void *Found = NULL;
  for (int I = 0; I < Eh->e_shnum && !Found; ++I) {
    if (Sh[I].sh_type != SHT_SYMTAB)
      continue;
    const Elf64_Sym *Syms = (const Elf64_Sym *)(Base + Sh[I].sh_offset);
    const char *Str = Base + Sh[Sh[I].sh_link].sh_offset;
    for (size_t S = 0; S < Sh[I].sh_size / sizeof(Elf64_Sym); ++S)
      if (!strcmp(Str + Syms[S].st_name, Name))
        Found = (void *)Syms[S].st_value;
  }
  munmap((void *)Base, St.st_size);
  return Found;
}

/*--- 1. Another cubicle's memory through leaked pointers ----------------*/

static int readStack(char *P) {
  char Copy[32];
  memcpy(Copy, P, 20);
  Copy[19] = 0;
  succeeded("stack-read", Copy);
  return 0;
}

static int writeStack(char *P) {
  P[0] = 'X';
  succeeded("stack-write", "wrote the victim's local");
  return 0;
}

static void leak(const char *Name) {
  char Copy[64];
  if (!strcmp(Name, "heap-read")) {
    strcpy(Copy, victim_heap());
    succeeded(Name, Copy);
  } else if (!strcmp(Name, "heap-write")) {
    victim_heap()[0] = 'X';
    succeeded(Name, "wrote the victim's heap");
  } else if (!strcmp(Name, "global-read")) {
    strcpy(Copy, victim_global());
    succeeded(Name, Copy);
  } else if (!strcmp(Name, "global-write")) {
    victim_global()[0] = 'X';
    succeeded(Name, victim_global_intact() ? "?" : "changed the victim's global");
  } else if (!strcmp(Name, "rodata-read")) {
    strcpy(Copy, victim_rodata());
    succeeded(Name, Copy);
  } else if (!strcmp(Name, "stack-read")) {
    victim_with_stack(readStack);
  } else if (!strcmp(Name, "stack-write")) {
    victim_with_stack(writeStack);
  }
}

/*--- 2. Windows ------------------------------------------------------------*/

static int readAt(const char *P, int Off) {
  char What[32];
  snprintf(What, sizeof(What), "byte %d is '%c'", Off, P[Off]);
  succeeded("window", What);
  return 0;
}

static void windows(const char *Name) {
  if (!strcmp(Name, "window-inside")) {
    victim_window_read(readAt, 3, 0); /* the control: lent, readable */
  } else if (!strcmp(Name, "window-outside")) {
    victim_window_read(readAt, 10, 0); /* same page, one past the window */
  } else if (!strcmp(Name, "window-after-close")) {
    victim_window_read(readAt, 3, 1);
  } else if (!strcmp(Name, "window-overflow")) {
    int A[4] = {1, 2, 3, 4};
    /* N * sizeof(int) wraps around to 0 in 64 bits. */
    long S = victim_sum(A, (SIZE_MAX / 4) + 1);
    char What[32];
    snprintf(What, sizeof(What), "sum %ld", S);
    succeeded(Name, What);
  } else if (!strcmp(Name, "window-sum")) {
    int A[4] = {1, 2, 3, 4}; /* the control: a proper window */
    char What[32];
    snprintf(What, sizeof(What), "sum %ld", victim_sum(A, 4));
    succeeded(Name, What);
  } else if (!strcmp(Name, "window-foreign")) {
    /* Lend the victim's own memory, which the attacker cannot touch, to
     * the victim: a confused deputy. */
    char What[32];
    snprintf(What, sizeof(What), "sum %ld",
             victim_sum((const int *)victim_global(), 4));
    succeeded(Name, What);
  } else if (!strcmp(Name, "window-api-wrap")) {
    wid_type W = cubicle_window_init();
    char *Mine = malloc(16);
    int R1 = cubicle_window_add(W, Mine, SIZE_MAX);
    int R2 = cubicle_window_add(W, victim_global(), 8);
    int R3 = cubicle_window_add(W, Mine, 0);
    char What[512];
    snprintf(What, sizeof(What), "wrap-around %s, foreign %s, empty %s",
             cubicle_strerror(R1), cubicle_strerror(R2), cubicle_strerror(R3));
    /* Not an attack that can succeed: the calls are refused. */
    printf("window-api-wrap: %s\n", What);
    cubicle_window_destroy(W);
  }
}

/*--- 3. Control flow --------------------------------------------------------*/

/* A gate to jump into. */
__attribute__((noinline)) int attackerCallsVictim(int X) {
  return victim_ping(X);
}

static void control(const char *Name) {
  if (!strcmp(Name, "forged-wrpkru")) {
    /* Find the gate's WRPKRU into the victim (mov (%r11),%eax; wrpkru) in
     * attackerCallsVictim and jump to it with EAX = 0: all keys open. */
    const unsigned char *F = (const unsigned char *)symbolAddress(
        "__cubicle_body.attackerCallsVictim");
    const unsigned char *W = NULL;
    for (int I = 0; F && I < 4096 && !W; ++I)
      if (F[I] == 0x41 && F[I + 1] == 0x8B && F[I + 2] == 0x03 &&
          F[I + 3] == 0x0F && F[I + 4] == 0x01 && F[I + 5] == 0xEF)
        W = F + I + 3;
    if (!W) {
      printf("forged-wrpkru: no gate WRPKRU found (backend without a gate?)\n");
      exit(3);
    }
    printf("jumping to the gate's WRPKRU at %p with EAX = 0\n", (void *)W);
    fflush(stdout);
    __asm__ volatile("xor %%ecx, %%ecx\n\t"
                     "xor %%edx, %%edx\n\t"
                     "xor %%eax, %%eax\n\t"
                     "jmp *%0"
                     :
                     : "r"(W)
                     : "rax", "rcx", "rdx", "memory");
  } else if (!strcmp(Name, "static-function")) {
    int (*Helper)(int) = (int (*)(int))symbolAddress("victim_static_helper");
    char What[32];
    snprintf(What, sizeof(What), "helper returned %d", Helper(1));
    succeeded(Name, What);
  } else if (!strcmp(Name, "middle-of-function")) {
    char *Body = symbolAddress("__cubicle_body.victim_ping");
    int (*Mid)(int) = (int (*)(int))(Body + 4);
    char What[32];
    snprintf(What, sizeof(What), "returned %d", Mid(1));
    succeeded(Name, What);
  } else if (!strcmp(Name, "entry-through-pointer")) {
    int (*volatile Ping)(int) = victim_ping; /* the control: an entry point */
    char What[32];
    snprintf(What, sizeof(What), "victim_ping(1) = %d", Ping(1));
    succeeded(Name, What);
  }
}

/*--- 5. Stack pivot ---------------------------------------------------------*/

static void pivot(void) {
  void *Victim = victim_stack_address();
  printf("pivoting to the victim's stack at %p\n", Victim);
  fflush(stdout);
  long R;
  /* Switch RSP to the victim's stack, then make a cross-cubicle call from
   * there (a call pushes its return address first). */
  __asm__ volatile("mov %%rsp, %%r12\n\t"
                   "mov %1, %%rsp\n\t"
                   "mov $5, %%edi\n\t"
                   "call attackerCallsVictim\n\t"
                   "mov %%r12, %%rsp\n\t"
                   : "=a"(R)
                   : "r"(Victim)
                   : "r12", "rdi", "rsi", "rdx", "rcx", "r8", "r9", "r10",
                     "r11", "memory");
  char What[48];
  snprintf(What, sizeof(What), "a call made on the victim's stack returned %ld",
           R);
  succeeded("stack-pivot", What);
}

/*--- 6. The kernel as a deputy ----------------------------------------------*/

static void kernel(const char *Name) {
  /* The pointer first: a call into the victim later would switch cubicles,
   * and on the mprotect backend a switch re-protects the victim's pages. */
  char *Global = victim_global();
  char *Page = (char *)((uintptr_t)Global & ~(uintptr_t)4095);
  if (!strcmp(Name, "kernel-read")) {
    int P[2];
    if (pipe(P) || write(P[1], "XXXXX", 5) != 5)
      exit(3);
    ssize_t N = read(P[0], victim_global(), 5);
    int Err = errno;
    printf("read() into the victim's global: %zd (%s); victim's global %s\n", N,
           N < 0 ? strerror(Err) : "no error",
           victim_global_intact() ? "intact" : "CHANGED");
    if (N == 5)
      succeeded(Name, "the kernel wrote the victim's global");
  } else if (!strcmp(Name, "kernel-mprotect")) {
    int R = mprotect(Page, 4096, PROT_READ | PROT_WRITE);
    printf("mprotect(victim's page, RW) = %d (%s)\n", R,
           R ? strerror(errno) : "no error");
    fflush(stdout);
    char Copy[64];
    strcpy(Copy, Global);
    succeeded(Name, Copy);
  } else if (!strcmp(Name, "kernel-pkey-mprotect")) {
    int R = pkey_mprotect(Page, 4096, PROT_READ | PROT_WRITE, 0);
    printf("pkey_mprotect(victim's page, RW, key 0) = %d (%s)\n", R,
           R ? strerror(errno) : "no error");
    fflush(stdout);
    char Copy[64];
    strcpy(Copy, Global);
    succeeded(Name, Copy);
  }
}

/*--- 9. System calls the monitor denies ------------------------------------*/

/* In the trusted base (gadgets.c). */
long gadget_int80(long Nr, long B, long C, long D, long S);
long gadget_move_gs(unsigned long NewGs, unsigned long *Seen);

static const char *errText(long R, int Err) {
  return R < 0 ? strerror(Err) : "no error";
}

static void ignoreSignal(int Sig) { (void)Sig; }

static int cloneChild(void *Ran) {
  *(volatile int *)Ran = 1;
  return 0;
}

static void syscalls(const char *Name) {
  char *Global = victim_global();
  char *Page = (char *)((uintptr_t)Global & ~(uintptr_t)4095);
  if (!strcmp(Name, "sys-process-vm-readv")) {
    char Copy[64] = {0};
    struct iovec L = {Copy, 20}, R = {Global, 20};
    ssize_t N = process_vm_readv(getpid(), &L, 1, &R, 1, 0);
    printf("process_vm_readv(victim's global) = %zd (%s)\n", N,
           errText(N, errno));
    if (N > 0)
      succeeded(Name, Copy);
  } else if (!strcmp(Name, "sys-process-vm-writev")) {
    char Junk[5] = {'X', 'X', 'X', 'X', 'X'};
    struct iovec L = {Junk, 5}, R = {Global, 5};
    ssize_t N = process_vm_writev(getpid(), &L, 1, &R, 1, 0);
    int Err = errno;
    printf("process_vm_writev(victim's global) = %zd (%s), victim's global "
           "%s\n",
           N, errText(N, Err), victim_global_intact() ? "intact" : "CHANGED");
    if (N > 0)
      succeeded(Name, "wrote the victim's global");
  } else if (!strcmp(Name, "sys-arch-prctl-gs")) {
    unsigned long Seen = 0;
    long R = gadget_move_gs(0x10000, &Seen);
    printf("arch_prctl(ARCH_SET_GS) = %ld (%s), GS base %s\n", R,
           R < 0 ? strerror((int)-R) : "no error",
           Seen == 0x10000 ? "moved" : "unchanged");
    if (Seen == 0x10000)
      succeeded(Name, "moved the GS base the gates use");
  } else if (!strcmp(Name, "sys-seccomp")) {
    /* A filter of the attacker's: getppid() fails with EACCES (one could as
     * well fail the runtime's mprotect or pkey_mprotect). */
    struct sock_filter F[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog Prog = {sizeof(F) / sizeof(F[0]), F};
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    long R = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &Prog);
    printf("prctl(PR_SET_SECCOMP) = %ld (%s)\n", R, errText(R, errno));
    long S = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &Prog);
    printf("seccomp(SECCOMP_SET_MODE_FILTER) = %ld (%s)\n", S,
           errText(S, errno));
    /* getppid() cannot fail but through a filter. */
    long P = getppid();
    printf("getppid() = %s\n", P < 0 ? "-1" : "a pid");
    if (P < 0)
      succeeded(Name, "a filter of the attacker's fails the process's calls");
  } else if (!strcmp(Name, "sys-mmap-fixed")) {
    /* A page of the attacker's in place of the victim's. */
    void *P = mmap(Page, 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    int Err = errno;
    if (P != MAP_FAILED)
      strcpy((char *)P + (Global - Page), "planted-by-attacker");
    printf("mmap(MAP_FIXED over the victim's page) = %s (%s), victim's "
           "global %s\n",
           P == MAP_FAILED ? "-1" : "the page",
           P == MAP_FAILED ? strerror(Err) : "no error",
           victim_global_intact() ? "intact" : "CHANGED");
    if (P != MAP_FAILED)
      succeeded(Name, "replaced the victim's page");
  } else if (!strcmp(Name, "sys-munmap")) {
    /* Unmapped, then mapped again as the attacker's (no MAP_FIXED). */
    int R = munmap(Page, 4096);
    int Err = errno;
    if (R == 0) {
      char *P = mmap(Page, 4096, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
      if (P == Page)
        strcpy(Global, "planted-by-attacker");
    }
    printf("munmap(victim's page) = %d (%s), victim's global %s\n", R,
           errText(R, Err), victim_global_intact() ? "intact" : "CHANGED");
    if (R == 0)
      succeeded(Name, "unmapped the victim's page");
  } else if (!strcmp(Name, "sys-mremap")) {
    /* The victim's page moved away, one of the attacker's in its place. */
    void *To = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    void *P = mremap(Page, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, To);
    int Err = errno;
    if (P != MAP_FAILED) {
      char *Q = mmap(Page, 4096, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
      if (Q == Page)
        strcpy(Global, "planted-by-attacker");
    }
    printf("mremap(victim's page) = %s (%s), victim's global %s\n",
           P == MAP_FAILED ? "-1" : "moved",
           P == MAP_FAILED ? strerror(Err) : "no error",
           victim_global_intact() ? "intact" : "CHANGED");
    if (P != MAP_FAILED)
      succeeded(Name, "moved the victim's page");
  } else if (!strcmp(Name, "sys-madvise")) {
    /* MADV_DONTNEED drops an anonymous page: it reads back as zeroes. */
    char *Heap = victim_heap();
    char *HeapPage = (char *)((uintptr_t)Heap & ~(uintptr_t)4095);
    int R = madvise(HeapPage, 4096, MADV_DONTNEED);
    int Err = errno;
    printf("madvise(victim's heap, MADV_DONTNEED) = %d (%s), victim's heap "
           "%s\n",
           R, errText(R, Err), victim_heap_intact() ? "intact" : "CHANGED");
    if (R == 0 && !victim_heap_intact())
      succeeded(Name, "zeroed the victim's heap");
  } else if (!strcmp(Name, "sys-runtime-page")) {
    /* The runtime's system-call page, writable: the filter allows what
     * comes from it. */
    void *P = (void *)0x600000000000ul;
    int R = mprotect(P, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
    printf("mprotect(runtime's system-call page, RWX) = %d (%s)\n", R,
           errText(R, errno));
    if (R == 0)
      succeeded(Name, "made the runtime's system-call page writable");
  } else if (!strcmp(Name, "sys-clone-vm")) {
    /* A process sharing the address space, not a thread: signal handlers
     * and files of its own, unknown to the runtime. */
    static char Stack[64 * 1024] __attribute__((aligned(16)));
    static volatile int Ran;
    int Pid = clone(cloneChild, Stack + sizeof(Stack), CLONE_VM | SIGCHLD,
                    (void *)&Ran);
    int Err = errno;
    int Status = 0;
    if (Pid > 0)
      waitpid(Pid, &Status, 0);
    printf("clone(CLONE_VM) = %s (%s)\n", Pid > 0 ? "a pid" : "-1",
           Pid > 0 ? "no error" : strerror(Err));
    if (Pid > 0 && Ran)
      succeeded(Name, "a process shares the address space");
  } else if (!strcmp(Name, "sys-clone3")) {
    struct clone_args Args;
    memset(&Args, 0, sizeof(Args));
    Args.exit_signal = SIGCHLD;
    long Pid = syscall(SYS_clone3, &Args, sizeof(Args));
    if (Pid == 0)
      _exit(0);
    int Err = errno;
    if (Pid > 0)
      waitpid((int)Pid, NULL, 0);
    printf("clone3() = %s (%s)\n", Pid > 0 ? "a pid" : "-1",
           Pid > 0 ? "no error" : strerror(Err));
    if (Pid > 0)
      succeeded(Name, "clone3 got through");
  } else if (!strcmp(Name, "sys-rseq")) {
    /* A restartable sequence of the attacker's choosing, in place of
     * glibc's for this thread. */
    static struct {
      uint32_t CpuIdStart, CpuId;
      uint64_t Cs;
      uint32_t Flags, Pad[3];
    } Area __attribute__((aligned(32)));
    long U = __rseq_size ? syscall(SYS_rseq,
                                   (char *)__builtin_thread_pointer() +
                                       __rseq_offset,
                                   32, 1, 0x53053053)
                         : -2;
    int UErr = errno;
    long R = syscall(SYS_rseq, &Area, sizeof(Area), 0, 0x53053053);
    int Err = errno;
    printf("rseq(unregister glibc's) = %s, rseq(register) = %ld (%s)\n",
           U == -2 ? "none" : U == 0 ? "0" : strerror(UErr), R,
           errText(R, Err));
    if (R == 0)
      succeeded(Name, "registered a restartable sequence");
  } else if (!strncmp(Name, "sys-proc-mem", 12)) {
    /* /proc/self/mem: the kernel reads and writes there past PKRU and page
     * rights.  Spelled five ways; write opens it read-write. */
    const char *How = Name + 12;
    int Write = !strcmp(How, "-write");
    int Fd = -1;
    if (!strcmp(How, "-read") || Write) {
      Fd = open("/proc/self/mem", Write ? O_RDWR : O_RDONLY);
    } else if (!strcmp(How, "-thread-self")) {
      Fd = open("/proc/thread-self/mem", O_RDONLY);
    } else if (!strcmp(How, "-dirfd")) {
      int Dir = open("/proc", O_RDONLY | O_DIRECTORY);
      if (Dir < 0)
        exit(3);
      char Rel[32];
      snprintf(Rel, sizeof(Rel), "%d/task/%d/../../mem", getpid(), getpid());
      Fd = openat(Dir, Rel, O_RDONLY);
    } else if (!strcmp(How, "-openat2")) {
      struct {
        uint64_t Flags, Mode, Resolve;
      } HowArg = {O_RDONLY, 0, 0};
      Fd = (int)syscall(SYS_openat2, AT_FDCWD, "/proc/self/mem", &HowArg,
                        sizeof(HowArg));
    } else {
      exit(3);
    }
    int Err = errno;
    printf("open(%s) = %s (%s)\n", How + 1, Fd < 0 ? "-1" : "a file",
           Fd < 0 ? strerror(Err) : "no error");
    fflush(stdout);
    if (Fd < 0)
      return;
    if (Write) {
      ssize_t N = pwrite(Fd, "XXXXX", 5, (off_t)(uintptr_t)Global);
      printf("pwrite = %zd, victim's global %s\n", N,
             victim_global_intact() ? "intact" : "CHANGED");
      if (N == 5)
        succeeded(Name, "wrote the victim's global");
    } else {
      char Copy[64] = {0};
      ssize_t N = pread(Fd, Copy, 20, (off_t)(uintptr_t)Global);
      if (N > 0)
        succeeded(Name, Copy);
    }
  } else if (!strcmp(Name, "sys-uname")) {
    struct utsname U;
    int R = uname(&U);
    printf("uname() = %d (%s)\n", R, errText(R, errno));
  } else if (!strcmp(Name, "sys-sigsys-handler")) {
    /* A handler of the attacker's would serve the monitor's traps. */
    struct sigaction Sa;
    memset(&Sa, 0, sizeof(Sa));
    Sa.sa_handler = ignoreSignal;
    int R = sigaction(SIGSYS, &Sa, NULL);
    int Err = errno;
    int U = sigaction(SIGUSR1, &Sa, NULL);
    printf("sigaction(SIGSYS) = %d (%s), sigaction(SIGUSR1) = %d\n", R,
           errText(R, Err), U);
    if (R == 0)
      succeeded(Name, "installed a SIGSYS handler");
  } else if (!strcmp(Name, "sys-int80")) {
    /* The 32-bit entry: pkey_mprotect is 380 there.  The victim's global is
     * below 4 GiB in this static program. */
    if ((uintptr_t)Page >> 32)
      exit(3);
    /* pkey_mprotect (380) under MPK, where mprotect keeps the key; mprotect
     * (125) on the mprotect backend, where that opens the page. */
    int Mpk = !strcmp(cubicle_backend(), "mpk");
    long R = gadget_int80(Mpk ? 380 : 125, (long)(uintptr_t)Page, 4096,
                          PROT_READ | PROT_WRITE, 0);
    printf("int 0x80 %s(victim's page, RW) = %ld (%s)\n",
           Mpk ? "pkey_mprotect" : "mprotect", R,
           R < 0 ? strerror((int)-R) : "no error");
    fflush(stdout);
    char Copy[64];
    strcpy(Copy, Global);
    succeeded(Name, Copy);
  }
}

/*--- 8. Registers left behind ----------------------------------------------*/

/* The same as the victim's, in the attacker's own cubicle: no gate, so the
 * secrets stay (the control that shows the check below can see them). */
__attribute__((noinline)) int attackerLeavesSecrets(void) {
  __asm__ volatile("movabs $0x5EC2E75EC2E75EC2, %%rcx\n\t"
                   "mov %%rcx, %%rdx\n\t"
                   "mov %%rcx, %%rsi\n\t"
                   "mov %%rcx, %%rdi\n\t"
                   "mov %%rcx, %%r8\n\t"
                   "mov %%rcx, %%r9\n\t"
                   "mov %%rcx, %%r10\n\t"
                   "mov %%rcx, %%r11\n\t"
                   "movq %%rcx, %%xmm1\n\t"
                   "movq %%rcx, %%xmm7\n\t"
                   "movq %%rcx, %%xmm15\n\t"
                   "std\n\t"
                   :
                   :
                   : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
                     "xmm1", "xmm7", "xmm15");
  return 0;
}

static void registers(const char *Name, int (*Fn)(void)) {
  uint64_t R[11];
  uint64_t *P = R;
  uint64_t Flags;
  Fn();
  /* Right after the call, before anything else can overwrite them. */
  __asm__ volatile("mov %%rcx, 0(%1)\n\t"
                   "mov %%rdx, 8(%1)\n\t"
                   "mov %%rsi, 16(%1)\n\t"
                   "mov %%rdi, 24(%1)\n\t"
                   "mov %%r8, 32(%1)\n\t"
                   "mov %%r9, 40(%1)\n\t"
                   "mov %%r10, 48(%1)\n\t"
                   "mov %%r11, 56(%1)\n\t"
                   "movq %%xmm1, 64(%1)\n\t"
                   "movq %%xmm7, 72(%1)\n\t"
                   "movq %%xmm15, 80(%1)\n\t"
                   "pushf\n\t"
                   "pop %0\n\t"
                   "cld\n\t"
                   : "=&r"(Flags)
                   : "r"(P)
                   : "memory");
  static const char *const Names[] = {"rcx", "rdx", "rsi", "rdi",  "r8",  "r9",
                                      "r10", "r11", "xmm1", "xmm7", "xmm15"};
  char Seen[160] = "";
  for (int I = 0; I < 11; ++I)
    if (R[I] == SECRET_PATTERN) {
      strcat(Seen, " ");
      strcat(Seen, Names[I]);
    }
  if (Flags & 0x400)
    strcat(Seen, " DF");
  printf("%s: secret seen in:%s\n", Name, *Seen ? Seen : " nothing");
  if (*Seen)
    succeeded(Name, Seen);
}

int main(int Argc, char **Argv) {
  if (Argc != 2) {
    fprintf(stderr, "usage: attack NAME\n");
    return 2;
  }
  const char *Name = Argv[1];
  announce(Name);
  if (!strncmp(Name, "heap-", 5) || !strncmp(Name, "global-", 7) ||
      !strncmp(Name, "rodata-", 7) || !strncmp(Name, "stack-r", 7) ||
      !strcmp(Name, "stack-write"))
    leak(Name);
  else if (!strncmp(Name, "window-", 7))
    windows(Name);
  else if (!strcmp(Name, "stack-pivot"))
    pivot();
  else if (!strncmp(Name, "kernel-", 7))
    kernel(Name);
  else if (!strncmp(Name, "sys-", 4))
    syscalls(Name);
  else if (!strcmp(Name, "registers"))
    registers(Name, victim_leave_secrets);
  else if (!strcmp(Name, "registers-same-cubicle"))
    registers(Name, attackerLeavesSecrets);
  else
    control(Name);
  return 0;
}
