/*===- nonlocal.h - Cubicle "lib" of the non-local exit tests -------------===*/
#ifndef CUBICLE_NONLOCAL_TEST_H
#define CUBICLE_NONLOCAL_TEST_H
#include <cubicle/cubicle.h>
#include <setjmp.h>

#ifdef __cplusplus
extern "C" {
#endif
int lib_add(int A, int B);
/* A longjmp inside lib, from a helper back to lib_inside's frame: 7. */
int lib_inside(void);
/* Calls Cb, a callback into the caller's cubicle. */
void lib_run(void (*Cb)(void));
/* longjmps to (lib's copy of) Env, a jmp_buf of the caller's. */
void lib_jump(const struct __jmp_buf_tag *Env CUBICLE_WINDOW_IN(sizeof(jmp_buf)));
/* Raises SIGUSR1 while lib runs. */
void lib_raise(void);
/* Throws 42 (C++). */
int lib_throw(void);
/* Throws 7 and catches it inside lib (C++): 7. */
int lib_throw_inside(void);
#ifdef __cplusplus
}
#endif
#endif
