/* Cubicle app: lends large buffers to lib (large.h).
 *   largewindow ok           64 MiB read and written in place, a 64 KiB
 *                            in-place sort calling back into app, a
 *                            256-byte copied one, and a
 *                            1 MiB window that starts mid-page, and a
 *                            256 KiB one copied since part of it is in an
 *                            API window
 *   largewindow overlap      2 MiB, part of it in an API window: refused
 *   largewindow write-ro     lib writes into a read-only window
 *   largewindow before       lib reads the byte before a window
 *   largewindow after        lib reads a lent range after the call
 * Each attack prints the address it aims at first ("target 0x..."); on
 * none it succeeds and prints what it got. */
#include "large.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int *sort_base;
static size_t sort_n, cmp_calls, cmp_foreign;

static int cmp_int(const void *a, const void *b) {
  /* The comparator reads app's own array, not a copy in lib. */
  const int *x = a, *y = b;
  if (x < sort_base || x >= sort_base + sort_n || y < sort_base ||
      y >= sort_base + sort_n)
    cmp_foreign++;
  cmp_calls++;
  return (*x > *y) - (*x < *y);
}

/* lib sorts n ints with cmp_int.  64 KiB is lent in place: the comparator
 * reads app's array itself.  256 bytes are copied: the comparator's
 * pointers into lib's copy come back as pointers into app's array, synced
 * with lib's copy at each call (a stale array would sort wrong). */
static int run_sort(size_t n, const char *label, int nearly_sorted) {
  int *v = malloc(n * sizeof(int));
  if (!v)
    return 1;
  sort_base = v;
  sort_n = n;
  cmp_calls = cmp_foreign = 0;
  for (size_t i = 0; i < n; i++)
    v[i] = nearly_sorted ? (int)i : (int)(n - i);
  for (size_t k = 0; nearly_sorted && k < 8; k++) {
    /* Sorted but for 8 pairs swapped across 64 places. */
    size_t a = 1000 + k * 1500, b = a + 64;
    int t = v[a];
    v[a] = v[b];
    v[b] = t;
  }
  lib_sort(v, n, cmp_int);
  size_t unsorted = 0;
  for (size_t i = 1; i < n; i++)
    unsorted += v[i - 1] > v[i];
  printf("sort %s: %zu out of order, %s comparisons, %zu foreign\n", label,
         unsorted, cmp_calls >= n - 1 ? "enough" : "too few", cmp_foreign);
  free(v);
  return 0;
}

static int run_ok(void) {
  size_t n = (size_t)64 << 20;
  unsigned char *big = malloc(n);
  if (!big)
    return 1;
  uint64_t want = 0;
  for (size_t i = 0; i < n; i++) {
    big[i] = (unsigned char)(i * 31 + 3);
    want += big[i];
  }
  uint64_t got = lib_sum(big, n);
  printf("sum 64 MiB: %s\n", got == want ? "ok" : "WRONG");
  lib_fill(big, n, 5);
  size_t bad = 0;
  for (size_t i = 0; i < n; i++)
    bad += big[i] != (unsigned char)(i * 7 + 5);
  printf("fill 64 MiB: %zu wrong bytes\n", bad);
  free(big);

  if (run_sort((size_t)1 << 14, "64 KiB", 1) || run_sort(64, "256 bytes", 0))
    return 1;

  /* Mid-page start and end: whole pages keyed, the two ends emulated. */
  size_t m = (size_t)1 << 20;
  unsigned char *raw = malloc(m + 100);
  unsigned char *mid = raw + 50;
  memset(raw, 0xee, m + 100);
  lib_fill(mid, m, 9);
  bad = raw[49] != 0xee || mid[m] != 0xee;
  for (size_t i = 0; i < m; i++)
    bad += mid[i] != (unsigned char)(i * 7 + 9);
  printf("fill 1 MiB mid-page: %zu wrong bytes\n", bad);
  free(raw);

  /* Part of it in an API window already: it cannot be lent in place too,
   * so it is copied (it fits in a call's copies). */
  size_t k = (size_t)256 << 10;
  unsigned char *w = malloc(k);
  wid_type wid = cubicle_window_init();
  if (wid < 0 || cubicle_window_add(wid, w + 4096, 4096))
    return 1;
  lib_fill(w, k, 1);
  bad = 0;
  for (size_t i = 0; i < k; i++)
    bad += w[i] != (unsigned char)(i * 7 + 1);
  printf("fill 256 KiB overlapping an API window: %zu wrong bytes\n", bad);
  cubicle_window_destroy(wid);
  free(w);
  return 0;
}

/* Too large to copy, and part of it in an API window: refused. */
static int run_overlap(void) {
  size_t k = (size_t)2 << 20;
  unsigned char *w = malloc(k);
  wid_type wid = cubicle_window_init();
  if (wid < 0 || cubicle_window_add(wid, w + 4096, 4096))
    return 1;
  printf("lending %p\n", (void *)w);
  fflush(stdout);
  lib_fill(w, k, 1);
  printf("filled\n");
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "ok";
  if (!strcmp(mode, "ok"))
    return run_ok();
  if (!strcmp(mode, "overlap"))
    return run_overlap();
  size_t n = (size_t)1 << 20;
  unsigned char *raw = malloc(n + 8192);
  unsigned char *p = raw + 100;
  memset(raw, 0x11, n + 8192);
  int r;
  if (!strcmp(mode, "write-ro")) {
    printf("target %p\n", (void *)(p + n / 2));
    fflush(stdout);
    r = lib_write_ro(p, n);
    printf("wrote: byte is now 0x%x\n", p[n / 2]);
  } else if (!strcmp(mode, "before")) {
    printf("target %p\n", (void *)(p - 1));
    fflush(stdout);
    r = lib_read_before(p, n);
    printf("read 0x%x\n", r);
  } else if (!strcmp(mode, "after")) {
    printf("target %p\n", (void *)(p + n / 2));
    fflush(stdout);
    r = lib_keep(p, n);
    printf("during the call: 0x%x\n", r);
    fflush(stdout);
    r = lib_read_kept();
    printf("after the call: 0x%x\n", r);
  } else {
    fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
  }
  return 0;
}
