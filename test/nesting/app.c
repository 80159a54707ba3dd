/* Cubicle app: nests app -> lib -> app -> ... and starts lib -> app -> lib
 * -> ..., each NEST_MAX deep; every frame checks that a nested entry did
 * not overwrite it. */
#include "nest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int Callbacks;

int app_walk(const int *v, size_t n, visit_fn fn, int depth) {
  int s = 0;
  for (size_t i = 0; i < n; i++)
    s += fn(v[i], depth) - v[i];
  return s;
}

static int app_visit(int x, int depth) {
  volatile char canary[256];
  memset((char *)canary, depth, sizeof(canary));
  int r = lib_scale(x); /* an inline gate out of a nested callback */
  if (depth < NEST_MAX) {
    int sub[2] = {x, x + 1};
    r += lib_walk(sub, 2, app_visit, depth + 1);
  }
  for (size_t i = 0; i < sizeof(canary); i++)
    if (canary[i] != depth) {
      printf("app: frame at depth %d clobbered\n", depth);
      exit(3);
    }
  ++Callbacks;
  return r;
}

int main(void) {
  int a[3] = {1, 2, 3};
  int s = lib_walk(a, 3, app_visit, 1);
  printf("app->lib->app... %d deep: sum %d, %d callbacks\n", NEST_MAX, s,
         Callbacks);
  int t = lib_start(NEST_MAX);
  printf("lib->app->lib... %d deep: sum %d\n", NEST_MAX, t);
  return 0;
}
