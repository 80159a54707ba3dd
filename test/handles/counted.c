/* Cubicle app, another file: an allocator the test registers from app.c,
 * so its windows come through a thunk. */
#include "mem.h"

#include <stdlib.h>

static int Live;
void *counted_get(size_t n) {
  ++Live;
  return malloc(n);
}
void counted_put(void *p) {
  --Live;
  free(p);
}
int counted_live(void) { return Live; }
