/*===- lib.c - Cubicle "lib": a handler of its own ------------------------===*/
#include "signals.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static char Secret[64] = "lib-secret";
static char Report[256];
static int Count;

static void libHandler(int Sig, siginfo_t *Info, void *Uc) {
  (void)Uc;
  ++Count;
  snprintf(Report, sizeof(Report),
           "lib's handler ran in cubicle '%s' %d time(s): signal %d, si_signo "
           "%d, si_code %d, reads its secret '%s'",
           cubicle_name(cubicle_self()), Count, Sig, Info->si_signo,
           Info->si_code, Secret);
}

void lib_install(int Sig) {
  struct sigaction Sa;
  memset(&Sa, 0, sizeof(Sa));
  Sa.sa_sigaction = libHandler;
  Sa.sa_flags = SA_SIGINFO;
  sigemptyset(&Sa.sa_mask);
  if (sigaction(Sig, &Sa, NULL) != 0)
    perror("lib: sigaction");
}

void lib_handler_report(char *Out, unsigned long Len) {
  snprintf(Out, Len, "%s", Report);
}
char *lib_secret(void) { return Secret; }

int lib_raise_inside(int Sig) {
  raise(Sig);
  return strcmp(Secret, "lib-secret") == 0;
}
