/*===- store.c - Cubicle "store": holds a secret ---------------------------===*/
#include "store.h"

#include <stdint.h>
#include <string.h>

char store_secret[32] = "store-secret-0xDEADBEEF";
static const char store_banner[] = "store banner";

/* Never address-taken: may only run when store_get calls it. */
__attribute__((noinline)) static int store_helper(int X) { return X * 7; }

int store_get(int X) { return store_helper(X) + 1; }

/* Leaks the address of its secret (the bug an attacker exploits). */
char *store_leak(void) { return store_secret; }
const char *store_leak_ro(void) { return store_banner; }

/* Copies its secret into a buffer lent through a window. */
int store_fill(char *Buf, int Len) {
  int N = (int)strlen(store_secret);
  if (N > Len - 1)
    N = Len - 1;
  memcpy(Buf, store_secret, (size_t)N);
  Buf[N] = 0;
  return N;
}

/* Writes its secret into a buffer lent for the call. */
int store_copy_out(char *Buf, int Len) { return store_fill(Buf, Len); }

int store_count(const char *S, char C) {
  int N = 0;
  for (; *S; ++S)
    N += *S == C;
  return N;
}

long store_sum(const struct item *Items, int N) {
  long Sum = 0;
  for (int I = 0; I < N; ++I)
    Sum += Items[I].key * Items[I].value;
  return Sum;
}

/* Writes past the 4 bytes it was lent. */
int store_scribble(char *Buf) {
  memset(Buf, 'X', 8);
  return 8;
}

/* The same without a window: the caller passes its own memory, which only
   an unprotected run (none) lets the store write. */
int store_scribble_raw(char *Buf) { return store_scribble(Buf); }

/* Where the lent byte is, as the callee sees it (not as a pointer: a
   result pointing into a window is translated back to the original). */
long store_where(char *Buf) { return (long)((uintptr_t)Buf >> 4); }
