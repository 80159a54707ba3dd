/*===- gatebench.h - The gate microbenchmark's interface ------------------===*/
#ifndef GATEBENCH_H
#define GATEBENCH_H
#include <cubicle/cubicle.h>
#include <stddef.h>

int callee_add(int X);                                   /* another cubicle */
int callee_sum(const int *A CUBICLE_WINDOW_IN(N * sizeof(int)), int N);
/* One byte per page and the last: the cost of lending N bytes, not of
   reading them. */
unsigned callee_touch(const unsigned char *P CUBICLE_WINDOW_IN(N), size_t N);
#endif
