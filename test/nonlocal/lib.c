/*===- lib.c - Cubicle "lib" of the non-local exit tests ------------------===*/
#include "nonlocal.h"

#include <signal.h>

int lib_add(int A, int B) { return A + B; }

static jmp_buf Inside;

static __attribute__((noinline)) void jumpBack(int V) { longjmp(Inside, V); }

int lib_inside(void) {
  int V = setjmp(Inside);
  if (V == 0)
    jumpBack(7);
  return V;
}

void lib_run(void (*Cb)(void)) { Cb(); }

void lib_jump(const struct __jmp_buf_tag *Env) {
  longjmp((struct __jmp_buf_tag *)Env, 1);
}

void lib_raise(void) { raise(SIGUSR1); }
