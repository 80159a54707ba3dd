/*===- victim.c - Cubicle "victim": secrets in heap, stack, globals ------===*/
#include "attacks.h"

#include <stdlib.h>
#include <string.h>

char victim_secret_global[64] = "victim-global-secret";
const char victim_secret_ro[64] = "victim-rodata-secret";
static char *Heap;

char *victim_heap(void) {
  if (!Heap) {
    Heap = malloc(64);
    strcpy(Heap, "victim-heap-secret");
  }
  return Heap;
}

char *victim_global(void) { return victim_secret_global; }
const char *victim_rodata(void) { return victim_secret_ro; }

int victim_with_stack(int (*Fn)(char *)) {
  char Local[32] = "victim-stack-secret";
  return Fn(Local);
}

void *victim_stack_address(void) {
  volatile char Local[64];
  Local[0] = 0;
  return (void *)((((unsigned long)&Local[0]) & ~15ul) - 4096);
}

int victim_window_read(int (*Fn)(const char *, int), int Off, int Close) {
  static char *Buf;
  if (!Buf) {
    Buf = malloc(64);
    memcpy(Buf, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 37);
  }
  wid_type W = cubicle_window_init();
  cubicle_window_add(W, Buf, 10);
  cubicle_window_open(W, cubicle_lookup("attacker"));
  if (Close)
    cubicle_window_close(W, cubicle_lookup("attacker"));
  int R = Fn(Buf, Off);
  cubicle_window_destroy(W);
  return R;
}

long victim_sum(const int *A, size_t N) {
  long S = 0;
  for (size_t I = 0; I < N; ++I)
    S += A[I];
  return S;
}

/* Never address-taken, never exported: no entry point. */
static __attribute__((noinline)) int victim_static_helper(int X) {
  return X * 3 + victim_secret_global[0];
}

int victim_ping(int X) { return victim_static_helper(X) - 'v'; }

int victim_leave_secrets(void) {
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
  /* DF set on return breaks the ABI: the gate must clear it.  (Within one
   * cubicle, the attacker's control clears it itself.) */
  return 0;
}

int victim_global_intact(void) {
  return !strcmp(victim_secret_global, "victim-global-secret");
}

int victim_heap_intact(void) {
  return !strcmp(victim_heap(), "victim-heap-secret");
}
