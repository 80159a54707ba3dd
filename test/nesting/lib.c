/* Cubicle lib: a walker, a callback for app's walker, an inline gate. */
#include "nest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lib_scale(int x) { return 3 * x; }

int lib_walk(const int *v, size_t n, visit_fn fn, int depth) {
  int s = 0;
  for (size_t i = 0; i < n; i++)
    s += fn(v[i], depth) + v[i];
  return s;
}

/* Called back by app_walk; walks again through app until NEST_MAX. */
static int lib_visit(int x, int depth) {
  volatile char canary[256];
  memset((char *)canary, depth, sizeof(canary));
  int r = 5 * x;
  if (depth < NEST_MAX) {
    int sub[2] = {x, x + 2};
    r += app_walk(sub, 2, lib_visit, depth + 1);
  }
  for (size_t i = 0; i < sizeof(canary); i++)
    if (canary[i] != depth) {
      printf("lib: frame at depth %d clobbered\n", depth);
      exit(3);
    }
  return r;
}

int lib_start(int max) {
  int a[3] = {1, 2, 3};
  (void)max;
  return app_walk(a, 3, lib_visit, 1);
}
