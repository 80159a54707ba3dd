/*===- caller.c - Cubicle "caller": the gate microbenchmark ---------------===*\
 *
 *   gatebench VARIANT N     runs N calls of one kind and prints the time
 *                           per call in nanoseconds
 *
 * Variants: direct (a call within the cubicle: the baseline), gate (a
 * direct call into another cubicle: the inline gate), pointer (the same
 * through a function pointer: the entry stub and the runtime's generic
 * entry), window (a call lending a 16-byte window: the generic entry with a
 * copy in).  Time per call from the monotonic clock and in TSC ticks
 * (rdtscp).  bench/run.py runs each several times, and under callgrind on
 * the none backend to count instructions.
\*===----------------------------------------------------------------------===*/
#include "../clock.h"
#include "gatebench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>

__attribute__((noinline)) int local_add(int X) { return X + 1; }

int main(int Argc, char **Argv) {
  if (Argc != 3) {
    fprintf(stderr, "usage: gatebench direct|gate|pointer|window N\n");
    return 2;
  }
  const char *V = Argv[1];
  long N = atol(Argv[2]);
  int (*volatile Ptr)(int) = callee_add;
  int A[4] = {1, 2, 3, 4};
  int X = 0;
  unsigned Aux;
  double T0 = now();
  unsigned long long C0 = __rdtscp(&Aux);
  if (!strcmp(V, "direct"))
    for (long I = 0; I < N; ++I)
      X = local_add(X);
  else if (!strcmp(V, "gate"))
    for (long I = 0; I < N; ++I)
      X = callee_add(X);
  else if (!strcmp(V, "pointer"))
    for (long I = 0; I < N; ++I)
      X = Ptr(X);
  else if (!strcmp(V, "window"))
    for (long I = 0; I < N; ++I)
      X += callee_sum(A, 4);
  else
    return 2;
  unsigned long long C1 = __rdtscp(&Aux);
  double T1 = now();
  /* TSC cycles, not core cycles: the TSC ticks at a fixed rate, which the
     last field gives so that the driver can convert. */
  printf("%s %ld %.2f ns/call %.1f tsc/call (result %d) tsc_ghz %.3f\n", V, N,
         (T1 - T0) / (double)N, (double)(C1 - C0) / (double)N, X,
         (double)(C1 - C0) / (T1 - T0));
  return 0;
}
