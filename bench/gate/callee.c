/*===- callee.c - Cubicle "callee" of the gate microbenchmark -------------===*/
#include "gatebench.h"

int callee_add(int X) { return X + 1; }

int callee_sum(const int *A, int N) {
  int S = 0;
  for (int I = 0; I < N; ++I)
    S += A[I];
  return S;
}

unsigned callee_touch(const unsigned char *P, size_t N) {
  unsigned S = P[N - 1];
  for (size_t I = 0; I < N; I += 4096)
    S += P[I];
  return S;
}
