/* Cubicle app: reads what lib's functions return (results.h).
 *   results ok      every annotated result readable, the same copy for the
 *                   same string, rows correct past the 32 copies a thread
 *                   keeps, a result in app's own string returned as it is
 *   results bare    reads the unannotated result: faults
 *   results bogus   a result lib cannot read: refused */
#include "results.h"

#include <stdio.h>
#include <string.h>

/* Byte by byte in app's own code, so that a fault names app's function
 * (not inlined: the VM has no symbolizer for inlined frames). */
__attribute__((noinline)) static size_t app_strlen(const char *s) {
  size_t n = 0;
  while (((const volatile char *)s)[n])
    n++;
  return n;
}

static int run_ok(void) {
  const char *v = lib_version();
  printf("version: %s (%zu bytes)\n", v, app_strlen(v));
  printf("same copy again: %s\n", lib_version() == v ? "yes" : "no");
  for (int c = 0; c < 4; c++) {
    const char *m = lib_message(c);
    printf("message %d: %s\n", c, m ? m : "(null)");
  }
  size_t bad = 0;
  for (int i = 0; i < 100; i++) {
    size_t n = 10 + (size_t)i;
    const int *r = lib_row(i, n);
    for (size_t k = 0; k < n; k++)
      bad += r[k] != i * 1000 + (int)k;
  }
  printf("rows: %zu wrong\n", bad);
  char s[] = "hello, world";
  char *f = lib_find(s, 'w');
  printf("find: offset %td, %s\n", f - s, f == s + 7 ? "app's own" : "a copy");
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "ok";
  if (!strcmp(mode, "ok"))
    return run_ok();
  if (!strcmp(mode, "bare")) {
    const char *v = lib_version_bare();
    printf("target %p\n", (const void *)v);
    fflush(stdout);
    printf("bare: %zu bytes\n", app_strlen(v));
    return 0;
  }
  if (!strcmp(mode, "bogus")) {
    printf("calling\n");
    fflush(stdout);
    const char *b = lib_bogus();
    printf("bogus: %p\n", (const void *)b);
    return 0;
  }
  fprintf(stderr, "unknown mode %s\n", mode);
  return 2;
}
