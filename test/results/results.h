/* Result windows (issue 13, pattern 3): functions of cubicle lib return
 * pointers into lib's memory, annotated so that cubicle app may read what
 * they point at. */
#include <cubicle/cubicle.h>
#include <stddef.h>

/* A string in lib's read-only data. */
const char *lib_version(void) CUBICLE_RESULT_CSTR;
/* One of a table of static strings, or NULL for an unknown code. */
const char *lib_message(int code) CUBICLE_RESULT_CSTR;
/* n ints of row i, in lib's heap (rewritten at each call). */
const int *lib_row(int i, size_t n) CUBICLE_RESULT(n * sizeof(int));
/* The first c in s: a pointer into the caller's own string. */
char *lib_find(char *s CUBICLE_WINDOW_CSTR, int c) CUBICLE_RESULT_CSTR;
/* The version again, not annotated: app cannot read it (the negative). */
const char *lib_version_bare(void);
/* A pointer lib cannot read either: refused. */
const char *lib_bogus(void) CUBICLE_RESULT_CSTR;
