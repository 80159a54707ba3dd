/*===- store.c - Cubicle "store": holds a secret ---------------------------===*/
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
