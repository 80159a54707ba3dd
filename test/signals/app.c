/*===- app.c - Cubicle "app": signal handlers across cubicles -------------===*\
 *
 *   signals TEST    runs one test and prints what happened; the test suite
 *                   checks the output and the exit status
\*===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "signals.h"

#include <cpuid.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

static char AppSecret[64] = "app-secret";
static volatile sig_atomic_t AppHandled;
static char AppReport[128];

static void say(const char *Fmt, const char *Arg) {
  printf(Fmt, Arg);
  printf("\n");
  fflush(stdout);
}

static void readSecretAt(const char *S) {
  char Copy[64];
  strcpy(Copy, S);
  say("app read lib's secret: %s", Copy);
}

static void readLibSecret(void) { readSecretAt(lib_secret()); }

static void appHandler(int Sig) {
  (void)Sig;
  ++AppHandled;
  snprintf(AppReport, sizeof(AppReport),
           "app's handler ran in cubicle '%s', reads '%s'",
           cubicle_name(cubicle_self()), AppSecret);
}

/* The attack: give the interrupted context PKRU 0 (every key) by editing
 * the saved PKRU in the real signal frame on the alternate stack (key 0),
 * found by the saved RIP of the copy the handler is given. */
static void frameEditor(int Sig, siginfo_t *Info, void *Ctx) {
  (void)Sig;
  (void)Info;
  ucontext_t *Copy = Ctx;
  unsigned A, B, C, D;
  __cpuid_count(0xD, 9, A, B, C, D);
  int Edited = 0;
  stack_t Alt;
  if (sigaltstack(NULL, &Alt) == 0 && Alt.ss_sp) {
    greg_t Rip = Copy->uc_mcontext.gregs[REG_RIP];
    for (char *P = Alt.ss_sp; P + sizeof(ucontext_t) <= (char *)Alt.ss_sp +
                                                           Alt.ss_size;
         P += 8) {
      ucontext_t *Real = (ucontext_t *)P;
      if (Real->uc_mcontext.gregs[REG_RIP] == Rip &&
          Real->uc_mcontext.fpregs) {
        uint8_t *X = (uint8_t *)Real->uc_mcontext.fpregs;
        *(uint64_t *)(X + 512) |= 1u << 9;
        memset(X + B, 0, 4);
        ++Edited;
      }
    }
  }
  printf("frame editor: edited %d real frame(s)\n", Edited);
  fflush(stdout);
}

static void segvHandler(int Sig, siginfo_t *Info, void *Ctx) {
  (void)Ctx;
  printf("app's SIGSEGV handler ran in cubicle '%s' for address %p (signal "
         "%d)\n",
         cubicle_name(cubicle_self()), Info->si_addr, Sig);
  fflush(stdout);
  _exit(42);
}

int main(int Argc, char **Argv) {
  if (Argc != 2) {
    fprintf(stderr, "usage: signals TEST\n");
    return 2;
  }
  const char *Test = Argv[1];
  say("test %s", Test);
  if (!strcmp(Test, "lib-handler")) {
    /* A handler lib installed runs in lib; app gets its rights back. */
    lib_install(SIGUSR1);
    raise(SIGUSR1);
    char Report[256];
    lib_handler_report(Report, sizeof(Report));
    say("%s", Report);
    say("app after the handler: cubicle '%s'", cubicle_name(cubicle_self()));
    say("app reads its own secret: %s", AppSecret);
    readLibSecret(); /* must fault under protection */
  } else if (!strcmp(Test, "app-handler")) {
    /* A handler in the interrupted cubicle itself. */
    signal(SIGUSR2, appHandler);
    raise(SIGUSR2);
    raise(SIGUSR2);
    printf("%s, %d time(s)\n", AppReport, (int)AppHandled);
  } else if (!strcmp(Test, "interrupt-lib")) {
    /* app's handler, while lib runs: app's handler in app, then lib goes
     * on with its own rights. */
    signal(SIGUSR2, appHandler);
    int Ok = lib_raise_inside(SIGUSR2);
    printf("%s; lib still reads its secret afterwards: %s\n", AppReport,
           Ok ? "yes" : "no");
  } else if (!strcmp(Test, "edit-frame")) {
    /* Attack 7: a handler in app edits the saved PKRU of its frame. */
    struct sigaction Sa;
    memset(&Sa, 0, sizeof(Sa));
    Sa.sa_sigaction = frameEditor;
    Sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &Sa, NULL);
    /* The leaked pointer first: a call into lib after the signal would go
     * through a gate, which sets app's PKRU again anyway. */
    char *Leaked = lib_secret();
    raise(SIGUSR1);
    readSecretAt(Leaked); /* must fault: the runtime restored app's PKRU */
    say("ATTACK edit-frame succeeded%s", "");
  } else if (!strcmp(Test, "trusted-edit-frame")) {
    /* The control: the same edit by a trusted handler, which the runtime
     * does not mediate, does take effect. */
    trusted_install_frame_editor(SIGUSR1);
    char *Leaked = lib_secret();
    raise(SIGUSR1);
    readSecretAt(Leaked);
    say("ATTACK trusted-edit-frame succeeded%s", "");
  } else if (!strcmp(Test, "segv-handlers")) {
    /* A program's own SIGSEGV handler and the runtime's fault handler:
     * isolation faults are still the runtime's; other crashes reach the
     * program's handler, in its cubicle. */
    struct sigaction Sa;
    memset(&Sa, 0, sizeof(Sa));
    Sa.sa_sigaction = segvHandler;
    Sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &Sa, NULL);
    struct sigaction Old;
    sigaction(SIGSEGV, NULL, &Old);
    say("sigaction(SIGSEGV) reads back the program's handler: %s",
        Old.sa_sigaction == segvHandler ? "yes" : "no");
    if (getenv("CRASH_PLAIN")) {
      volatile int *Null = (int *)0x10;
      *Null = 1;
    }
    readLibSecret();
  } else if (!strcmp(Test, "sigaltstack")) {
    stack_t New = {.ss_sp = malloc(65536), .ss_size = 65536, .ss_flags = 0};
    int R = sigaltstack(&New, NULL);
    printf("sigaltstack from a cubicle: %d (%s)\n", R,
           R ? strerror(errno) : "ok");
  } else if (!strcmp(Test, "bad-handler")) {
    /* The middle of a function is no entry point: refused. */
    char *Mid = (char *)appHandler + 2;
    void (*H)(int) = (void (*)(int))(Mid + 16);
    void (*R)(int) = signal(SIGUSR1, H);
    printf("signal(SIGUSR1, the middle of a function) = %s (%s)\n",
           R == SIG_ERR ? "SIG_ERR" : "accepted", strerror(errno));
  } else {
    fprintf(stderr, "no test %s\n", Test);
    return 2;
  }
  return 0;
}
