/*===- clock.h - The benchmarks' wall clock -------------------------------===*/
#ifndef CUBICLE_BENCH_CLOCK_H
#define CUBICLE_BENCH_CLOCK_H
#include <time.h>

/* Monotonic time in nanoseconds. */
static inline double now(void) {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return T.tv_sec * 1e9 + T.tv_nsec;
}
#endif
