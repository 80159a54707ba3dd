/*===- store.h - The store cubicle's interface, with its windows ----------===*/
#ifndef CUBICLE_TEST_STORE_H
#define CUBICLE_TEST_STORE_H

#include <cubicle/cubicle.h>

#ifdef __cplusplus
extern "C" {
#endif

struct item {
  long key, value;
};

int store_get(int X);
char *store_leak(void);
const char *store_leak_ro(void);
int store_fill(char *Buf CUBICLE_NO_WINDOW, int Len);

/* Windows from annotations. */
int store_copy_out(char *Buf CUBICLE_WINDOW(Len), int Len);
int store_count(const char *S CUBICLE_WINDOW_CSTR, char C);
long store_sum(const struct item *Items CUBICLE_WINDOW(N * sizeof(struct item)),
               int N);
int store_scribble(char *Buf CUBICLE_WINDOW(4));
long store_where(char *Buf CUBICLE_WINDOW(1));
int store_scribble_raw(char *Buf CUBICLE_NO_WINDOW);

#ifdef __cplusplus
}
#endif

#endif
