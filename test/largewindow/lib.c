/* Cubicle lib: works on large buffers lent by app (large.h). */
#include "large.h"

uint64_t lib_sum(const unsigned char *p, size_t n) {
  uint64_t s = 0;
  for (size_t i = 0; i < n; i++)
    s += p[i];
  return s;
}

void lib_fill(unsigned char *p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; i++)
    p[i] = (unsigned char)(i * 7 + seed);
}

/* An insertion sort of our own (libc's qsort would be the trusted base):
 * on the nearly sorted input of the test it calls back about n times, few
 * enough for the mprotect backend, whose every callback switches pages. */
void lib_sort(int *v, size_t n, cmp_fn cmp) {
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && cmp(&v[j - 1], &v[j]) > 0; j--) {
      int t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
}

int lib_write_ro(const unsigned char *p, size_t n) {
  ((volatile unsigned char *)p)[n / 2] = 0x5a;
  return 0;
}

int lib_read_before(const unsigned char *p, size_t n) {
  (void)n;
  return ((const volatile unsigned char *)p)[-1];
}

static const unsigned char *kept;

int lib_keep(const unsigned char *p, size_t n) {
  kept = p + n / 2;
  return *kept;
}

int lib_read_kept(void) { return *(const volatile unsigned char *)kept; }
