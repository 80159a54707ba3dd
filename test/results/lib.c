/* Cubicle lib: returns pointers into its own memory (results.h). */
#include "results.h"

#include <stdlib.h>
#include <string.h>

static const char Version[] = "lib 1.2.3";
static const char *const Messages[] = {"no error", "out of memory",
                                       "syntax error"};
static int *Row;

const char *lib_version(void) { return Version; }

const char *lib_message(int code) {
  if (code < 0 || code >= (int)(sizeof(Messages) / sizeof(Messages[0])))
    return NULL;
  return Messages[code];
}

const int *lib_row(int i, size_t n) {
  free(Row);
  Row = malloc(n * sizeof(int));
  for (size_t k = 0; k < n; k++)
    Row[k] = i * 1000 + (int)k;
  return Row;
}

char *lib_find(char *s, int c) { return strchr(s, c); }

const char *lib_version_bare(void) { return Version; }

const char *lib_bogus(void) { return (const char *)16; }
