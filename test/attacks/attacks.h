/*===- attacks.h - The victim cubicle's interface, as attackers see it ----===*\
 *
 * The victim holds secrets in every kind of memory and hands out pointers
 * to them (the leaks a real bug would give an attacker).
\*===----------------------------------------------------------------------===*/
#ifndef CUBICLE_ATTACKS_H
#define CUBICLE_ATTACKS_H

#include <cubicle/cubicle.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

char *victim_heap(void);             /* "victim-heap-secret" */
char *victim_global(void);           /* "victim-global-secret" */
const char *victim_rodata(void);     /* "victim-rodata-secret" */
/* Calls Fn with a pointer to "victim-stack-secret" on the victim's stack. */
int victim_with_stack(int (*Fn)(char *));
/* An address on the victim's stack (of a frame that has returned). */
void *victim_stack_address(void);
/* Lends the first 10 bytes of a 64-byte buffer ("0123456789ABCDEF...") to
 * the caller's cubicle through a window, closes it first if Close, then
 * calls Fn(buffer, Off). */
int victim_window_read(int (*Fn)(const char *, int), int Off, int Close);
/* Sums N ints, lent read-only for the call. */
long victim_sum(const int *A CUBICLE_WINDOW_IN(N * sizeof(int)), size_t N);
int victim_ping(int X);
/* Leaves a secret in every scratch register on its way out. */
int victim_leave_secrets(void);
/* The victim's copy of its global secret, to see whether it changed. */
int victim_global_intact(void);
/* ... and of its heap secret. */
int victim_heap_intact(void);

#define SECRET_PATTERN 0x5EC2E75EC2E75EC2ull

#ifdef __cplusplus
}
#endif

#endif
