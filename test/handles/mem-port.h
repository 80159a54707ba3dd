/* The port of mem.h, force-included: the suite's fields take the windows
 * of these typedefs (CUBICLE_FIELD_CALLBACK), so that app's allocators,
 * libc's included, hand their blocks over to lib. */
#ifndef MEM_PORT_H
#define MEM_PORT_H

#include "mem.h"
#include <cubicle/cubicle.h>

long mem_list(const mem_suite *m CUBICLE_WINDOW_IN(sizeof(mem_suite)), int n);

#ifndef BARE_SUITE
typedef void *(*mem_get_fn)(size_t n) CUBICLE_RESULT_OWNED(n);
typedef void (*mem_put_fn)(void *p CUBICLE_RELEASED);
CUBICLE_FIELD_CALLBACK(mem_suite, get, mem_get_fn);
CUBICLE_FIELD_CALLBACK(mem_suite, put, mem_put_fn);
#endif

#endif
