/* Cubicle app: hands lib a pointer to its own global without a window. */
#include <stdio.h>

size_t lib_len(const char *s);

static char secret[64] = "app-secret";

__attribute__((noinline)) static size_t ask(void) { return lib_len(secret); }

int main(void) {
  printf("length %zu\n", ask());
  return 0;
}
