/* Cubicle app: streams its buffers through lib.
 *
 *   fields         pump 200 KiB (input lent in place, 64 KiB at a time)
 *                  and 3000 bytes (copied) through a kept stream
 *   fields moved   the same pump through a window that is not kept
 *   fields peek    lib reads the stream's input between calls (faults)
 *   fields bare    a struct whose pointer field has no window (faults) */
#include "stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check(const unsigned char *in, const unsigned char *out, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = in[i];
    if (out[i] != (c >= 'a' && c <= 'z' ? c - 32 : c))
      return 0;
  }
  return 1;
}

/* Pumps n bytes of input through chunks of at most chunk bytes of output. */
static int run(size_t n, size_t chunk) {
  unsigned char *in = malloc(n), *out = malloc(n + 1);
  for (size_t i = 0; i < n; i++)
    in[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[i * 7 % 36];
  out[n] = 0x5a; /* one byte past what is lent: never written */
  struct stream s = {0};
  if (s_init(&s) != 0)
    return printf("init failed\n"), 1;
  uintptr_t first = s_seen();
  int calls = 0, same = 1;
  s.in = in, s.avail_in = (unsigned)n;
  while (s.avail_in) {
    s.out = out + (n - s.avail_in);
    s.avail_out = (unsigned)(chunk < s.avail_in ? chunk : s.avail_in);
    int r = s_pump(&s);
    if (r <= 0)
      return printf("pump: %d\n", r), 1;
    calls++;
    same &= s_seen() == first;
  }
  printf("%zu bytes in %d calls: output %s, total %lu, in at +%zu, out at "
         "+%zu, byte after %s\n",
         n, calls, check(in, out, n) ? "ok" : "WRONG", s.total,
         (size_t)(s.in - in), (size_t)(s.out - out),
         out[n] == 0x5a ? "untouched" : "WRITTEN");
  printf("same copy every call: %s, the copy is app's stream: %s\n",
         same ? "yes" : "no", first == (uintptr_t)&s ? "yes" : "no");
  s_end(&s);
  printf("after end: pump %d\n", s_pump(&s));
  free(in);
  free(out);
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "moved")) {
    unsigned char in[8] = "abcdefgh", out[8];
    struct stream s = {0};
    s_init(&s);
    s.in = in, s.avail_in = 8, s.out = out, s.avail_out = 8;
    printf("copied window: pump %d\n", s_pump_copied(&s));
    printf("kept window: pump %d\n", s_pump(&s));
    s_end(&s);
    return 0;
  }
  if (!strcmp(mode, "peek")) {
    unsigned char *in = malloc(64), out[64];
    memset(in, 'q', 64);
    struct stream s = {0};
    s_init(&s);
    s.in = in, s.avail_in = 64, s.out = out, s.avail_out = 16;
    s_pump(&s);
    printf("target %p\n", (void *)s.in);
    fflush(stdout);
    printf("peek: %c\n", s_peek());
    return 0;
  }
  if (!strcmp(mode, "bare")) {
    unsigned char *in = malloc(16);
    memset(in, 1, 16);
    struct bare b = {in, 16};
    printf("target %p\n", (void *)in);
    fflush(stdout);
    printf("bare: sum %u\n", bare_sum(&b));
    return 0;
  }
  if (run(200 << 10, 64 << 10) || run(3000, 1000))
    return 1;
  return 0;
}
