/* Large windows (issue 13, pattern 6): annotated windows of 64 KiB and
 * more are lent in place for the call instead of copied, with no size cap.
 * The callee works on the caller's memory itself, so a callback into the
 * caller gets pointers into the caller's own data (pattern 1).  All in
 * cubicle lib, called from cubicle app. */
#include <cubicle/cubicle.h>
#include <stddef.h>
#include <stdint.h>

typedef int (*cmp_fn)(const void *a, const void *b);

/* Sum of the bytes (read-only window). */
uint64_t lib_sum(const unsigned char *p CUBICLE_WINDOW_IN(n), size_t n);
/* p[i] = i * 7 + seed (read-write window). */
void lib_fill(unsigned char *p CUBICLE_WINDOW(n), size_t n, unsigned seed);
/* Sorts n ints in place with the caller's comparator. */
void lib_sort(int *v CUBICLE_WINDOW(n * sizeof(int)), size_t n, cmp_fn cmp);
/* Attacks on a lent range, for the negative tests: each returns what it
 * read, or 0 after a write. */
int lib_write_ro(const unsigned char *p CUBICLE_WINDOW_IN(n), size_t n);
int lib_read_before(const unsigned char *p CUBICLE_WINDOW_IN(n), size_t n);
int lib_keep(const unsigned char *p CUBICLE_WINDOW_IN(n), size_t n);
int lib_read_kept(void);
