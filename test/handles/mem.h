/* A struct of allocator callbacks in a header a port may not edit: no
 * annotations here (mem-port.h adds them). */
#ifndef MEM_H
#define MEM_H

#include <stddef.h>

typedef struct {
  void *(*get)(size_t n);
  void (*put)(void *p);
} mem_suite;

/* Builds an n-node list with the suite's blocks, writes and sums it, and
 * frees it through the suite. */
long mem_list(const mem_suite *m, int n);

/* App's allocator, defined in another file of app. */
void *counted_get(size_t n);
void counted_put(void *p);
int counted_live(void);

#endif
