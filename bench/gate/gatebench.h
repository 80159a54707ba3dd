/*===- gatebench.h - The gate microbenchmark's interface ------------------===*/
#ifndef GATEBENCH_H
#define GATEBENCH_H
#include <cubicle/cubicle.h>

int callee_add(int X);                                   /* another cubicle */
int callee_sum(const int *A CUBICLE_WINDOW_IN(N * sizeof(int)), int N);
#endif
