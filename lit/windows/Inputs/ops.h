// An interface other files share: its function pointer types may lead
// into another cubicle (unwindowed-indirect.c).
#include <cubicle/cubicle.h>

typedef void (*cb_t)(const char *s);
typedef void (*cbw_t)(const char *s CUBICLE_WINDOW_CSTR);
typedef void (*handle_t)(void *h CUBICLE_NO_WINDOW);
struct ops {
  int (*read)(void *buf, int n);
  int (*readw)(void *buf CUBICLE_WINDOW(n), int n);
};
void reg(cb_t f);
void regw(cbw_t f);
void regh(handle_t f);
