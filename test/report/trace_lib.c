/* Cubicle lib: measures a string it was never lent.  strlen (libc, the
 * trusted base) faults on the app's page; the report's trace must reach
 * the user's frames that called it and the gate from app. */
#include <string.h>

static size_t measure(const char *s) { return strlen(s); }

size_t lib_len(const char *s) { return measure(s) + 1; }
