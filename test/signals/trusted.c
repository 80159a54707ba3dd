/*===- trusted.c - Built without the plugin: the trusted base -------------===*/
#include "signals.h"

#include <cpuid.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>

static void frameEditor(int Sig, siginfo_t *Info, void *Ctx) {
  (void)Sig;
  (void)Info;
  ucontext_t *Uc = Ctx;
  unsigned A, B, C, D;
  __cpuid_count(0xD, 9, A, B, C, D);
  uint8_t *Xsave = (uint8_t *)Uc->uc_mcontext.fpregs;
  *(uint64_t *)(Xsave + 512) |= 1u << 9;
  memset(Xsave + B, 0, 4); /* PKRU 0 after sigreturn */
}

void trusted_install_frame_editor(int Sig) {
  struct sigaction Sa;
  memset(&Sa, 0, sizeof(Sa));
  Sa.sa_sigaction = frameEditor;
  Sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigaction(Sig, &Sa, NULL);
}
