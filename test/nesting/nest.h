/* Calls nested through entry stubs in both directions (issue 13's bug: a
 * windowed call whose callee calls back into the caller crashed on the way
 * back).  Each walker lends its array (a window, so the call takes the
 * generic entry) and calls the callback, from the other cubicle, for each
 * element. */
#include <cubicle/cubicle.h>
#include <stddef.h>

typedef int (*visit_fn)(int x, int depth);

/* In cubicle lib. */
int lib_walk(const int *v CUBICLE_WINDOW_IN(n * sizeof(int)), size_t n,
             visit_fn fn, int depth);
int lib_scale(int x);   /* an inline gate */
int lib_start(int max); /* lib -> app -> lib -> ... */

/* In cubicle app. */
int app_walk(const int *v CUBICLE_WINDOW_IN(n * sizeof(int)), size_t n,
             visit_fn fn, int depth);

#define NEST_MAX 4
