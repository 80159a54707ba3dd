/*===- callee.c - Cubicle "callee" of the gate microbenchmark -------------===*/
#include "gatebench.h"

int callee_add(int X) { return X + 1; }

int callee_sum(const int *A, int N) {
  int S = 0;
  for (int I = 0; I < N; ++I)
    S += A[I];
  return S;
}
