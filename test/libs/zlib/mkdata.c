/* Writes N MiB (argv[1]) of text-like data to stdout, the same every time:
 * words from a fixed list picked by a linear congruential generator, so
 * that deflate finds matches of every length but not one long run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  static const char *words[] = {
      "cubicle", "window", "gate", "stack", "key", "page", "lend", "call",
      "return", "zlib", "deflate", "inflate", "stream", "buffer", "the",
      "a", "of", "and", "to", "in", "0123456789", "\n"};
  size_t want = (argc > 1 ? strtoul(argv[1], 0, 10) : 1) << 20, have = 0;
  unsigned long x = 12345;
  static char buf[1 << 16];
  size_t n = 0;
  while (have < want) {
    x = x * 6364136223846793005ul + 1442695040888963407ul;
    const char *w = words[(x >> 33) % (sizeof(words) / sizeof(*words))];
    size_t len = strlen(w);
    if (len + 1 > want - have)
      len = want - have - 1 ? want - have - 1 : 0;
    if (n + len + 1 > sizeof(buf)) {
      fwrite(buf, 1, n, stdout);
      n = 0;
    }
    memcpy(buf + n, w, len);
    n += len;
    buf[n++] = ' ';
    have += len + 1;
  }
  fwrite(buf, 1, n, stdout);
  return 0;
}
