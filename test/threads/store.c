/*===- store.c - Cubicle "store": totals kept for many threads ------------===*/
#include "threads.h"

#include <stdio.h>
#include <string.h>

static long Totals[kSlots];
static unsigned long TargetA, TargetB;

long store_add(int Slot, const int *Vals, int N) {
  long S = 0;
  for (int I = 0; I < N; ++I)
    S += Vals[I];
  /* Each slot belongs to one thread: no lock needed. */
  return Totals[Slot] += S;
}

long store_total(int Slot) { return Totals[Slot]; }

int store_read(unsigned long P) { return *(volatile const char *)P; }

void *store_worker(void *Arg) {
  int Slot = (int)(long)Arg;
  long Failures = 0;
  if (cubicle_self() != cubicle_lookup("store"))
    ++Failures;
  /* Deep enough to use this thread's store stack for real. */
  volatile char Scratch[8192];
  memset((char *)Scratch, Slot, sizeof(Scratch));
  for (int I = 0; I < 100; ++I) {
    int V[2] = {I, 1};
    long Before = Totals[Slot];
    if (store_add(Slot, V, 2) != Before + I + 1)
      ++Failures;
  }
  for (unsigned I = 0; I < sizeof(Scratch); ++I)
    if (Scratch[I] != (char)Slot)
      ++Failures; /* another thread wrote on this thread's stack */
  return (void *)Failures;
}

void store_targets(unsigned long A, unsigned long B) {
  TargetA = A;
  TargetB = B;
}

void *store_peek(void *Arg) {
  (void)Arg;
  printf("store thread runs in cubicle '%s'\n", cubicle_name(cubicle_self()));
  printf("store read the window: %s\n", (const char *)TargetA);
  fflush(stdout);
  if (TargetB) {
    printf("store read app's secret: %s\n", (const char *)TargetB);
    fflush(stdout);
  }
  return 0;
}
