/* Built without the plugin (the trusted base): a result lent as a copy
 * has nowhere to go, and is refused with a report that says why. */
#include "obj.h"

#include <stdio.h>

int main(void) {
  const struct feature *f = obj_features();
  printf("trusted: feature %d\n", f->id);
  return 0;
}
