/* A library that hands its blocks over (issue 13, pattern 5), in the style
 * of XML_MemMalloc / XML_MemRealloc / XML_MemFree and sqlite3_mprintf /
 * sqlite3_free. */
#ifndef OWNERSHIP_STORE_H
#define OWNERSHIP_STORE_H

#include <cubicle/cubicle.h>

#include <stddef.h>
#include <stdint.h>

void *st_alloc(size_t n) CUBICLE_RESULT_OWNED(n);
void *st_realloc(void *p CUBICLE_RELEASED, size_t n) CUBICLE_RESULT_OWNED(n);
void st_free(void *p CUBICLE_RELEASED);
char *st_format(int v) CUBICLE_RESULT_OWNED_CSTR;
/* What lib sees: its live blocks, the address of the last block its malloc
 * gave, and the first bytes of that block as lib has them. */
int st_live(void);
uintptr_t st_last(void);
void st_show_last(char *out CUBICLE_WINDOW(16));

/* Allocation callbacks (XML_ParserCreate_MM's suite, zlib's zalloc/zfree):
 * the blocks app's allocator returns are handed over to lib, and lib hands
 * them back to be freed.  The same annotations on a struct's fields and on
 * a typedef; a typedef without them for the negative. */
struct st_mem {
  void *(*alloc)(size_t n) CUBICLE_RESULT_OWNED(n);
  void (*release)(void *p CUBICLE_RELEASED);
};
typedef void *(*st_alloc_fn)(size_t n) CUBICLE_RESULT_OWNED(n);
typedef void *(*st_bare_alloc_fn)(size_t n);
void st_set_mem(const struct st_mem *m CUBICLE_WINDOW_IN(sizeof(struct st_mem)));
void st_set_alloc(st_alloc_fn a);
void st_set_bare_alloc(st_bare_alloc_fn a);
/* Builds a list of k nodes through the allocator, sums them, frees them. */
long st_list(int k);

#endif
