/*===- syscallbench.c - System calls with and without the monitor ---------===*\
 *
 *   syscallbench getpid|read|mmap|mprotect|open N
 *
 * Prints "ns/call X" for N calls made by cubicle code: getpid and a 1-byte
 * read from /dev/zero (calls the monitor allows), mmap plus munmap of 4 KiB
 * and mprotect of one's own page (checked by the filter itself), open plus
 * close of /dev/null (open traps: the runtime makes the call).
 * bench/run.py runs it with CUBICLE_SYSCALLS on and off, side by side.
\*===----------------------------------------------------------------------===*/
#include "../clock.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int Argc, char **Argv) {
  if (Argc != 3) {
    fprintf(stderr, "usage: syscallbench getpid|read|mmap|mprotect|open N\n");
    return 2;
  }
  long N = atol(Argv[2]);
  const char *What = Argv[1];
  int Fd = open("/dev/zero", O_RDONLY);
  char *Page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (Fd < 0 || Page == MAP_FAILED || N <= 0)
    return 3;
  char Byte;
  long Sum = 0;
  double T0 = now();
  if (!strcmp(What, "getpid")) {
    for (long I = 0; I < N; ++I)
      Sum += getpid();
  } else if (!strcmp(What, "read")) {
    for (long I = 0; I < N; ++I)
      Sum += read(Fd, &Byte, 1);
  } else if (!strcmp(What, "mmap")) {
    for (long I = 0; I < N; ++I) {
      void *P = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      Sum += P != MAP_FAILED && munmap(P, 4096) == 0;
    }
  } else if (!strcmp(What, "mprotect")) {
    for (long I = 0; I < N; ++I)
      Sum += mprotect(Page, 4096, I & 1 ? PROT_READ | PROT_WRITE : PROT_READ);
  } else if (!strcmp(What, "open")) {
    for (long I = 0; I < N; ++I) {
      int F = open("/dev/null", O_RDONLY);
      Sum += F >= 0 && close(F) == 0;
    }
  } else {
    return 2;
  }
  double T1 = now();
  printf("ns/call %.1f (%ld)\n", (T1 - T0) / N, Sum);
  return 0;
}
