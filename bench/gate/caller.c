/*===- caller.c - Cubicle "caller": the gate microbenchmark ---------------===*\
 *
 *   gatebench VARIANT N     runs N calls of one kind and prints the time
 *                           per call in nanoseconds
 *
 * Variants: direct (a call within the cubicle: the baseline), gate (a
 * direct call into another cubicle: the inline gate), pointer (the same
 * through a function pointer: the entry stub and the runtime's generic
 * entry), window (a call lending a 16-byte window: the generic entry with a
 * copy in), and window:SIZE against local:SIZE (a call lending SIZE bytes
 * read-only, page-aligned, whose callee reads one byte per page: below
 * 64 KiB a copy, above lent in place; local: the same function in this
 * cubicle).  Time per call from the monotonic clock and in TSC ticks
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

__attribute__((noinline)) unsigned local_touch(const unsigned char *P,
                                               size_t N) {
  unsigned S = P[N - 1];
  for (size_t I = 0; I < N; I += 4096)
    S += P[I];
  return S;
}

int main(int Argc, char **Argv) {
  if (Argc != 3) {
    fprintf(stderr, "usage: gatebench "
                    "direct|gate|pointer|window|window:SIZE|local:SIZE N\n");
    return 2;
  }
  const char *V = Argv[1];
  long N = atol(Argv[2]);
  int (*volatile Ptr)(int) = callee_add;
  int A[4] = {1, 2, 3, 4};
  int X = 0;
  const char *Colon = strchr(V, ':');
  size_t Size = Colon ? strtoull(Colon + 1, NULL, 0) : 0;
  unsigned char *Buf = NULL;
  if (Colon) {
    if (!Size || !(Buf = aligned_alloc(4096, (Size + 4095) & ~(size_t)4095)))
      return 2;
    memset(Buf, 1, Size);
  }
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
  else if (!strncmp(V, "window:", 7))
    for (long I = 0; I < N; ++I) {
      X += callee_touch(Buf, Size);
      __asm__ volatile("" ::: "memory"); /* Buf may change: call again */
    }
  else if (!strncmp(V, "local:", 6))
    for (long I = 0; I < N; ++I) {
      X += local_touch(Buf, Size);
      __asm__ volatile("" ::: "memory");
    }
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
