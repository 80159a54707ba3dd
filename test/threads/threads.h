/*===- threads.h - Cubicle "store" of the thread tests --------------------===*/
#ifndef CUBICLE_THREADS_TEST_H
#define CUBICLE_THREADS_TEST_H
#include <cubicle/cubicle.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { kSlots = 64 };

/* Adds the N values to slot Slot's total; returns the new total. */
long store_add(int Slot, const int *Vals CUBICLE_WINDOW_IN(N * sizeof(int)),
               int N);
long store_total(int Slot);
/* Reads the byte at P (memory the caller has lent through a window, or
 * not: the address is passed as a number, so no window comes with it). */
int store_read(unsigned long P);
/* A start routine for pthread_create: runs in store on its own stack.
 * Arg is a slot number, not memory; returns the number of failed checks. */
void *store_worker(void *Arg CUBICLE_NO_WINDOW);
/* A start routine that reads *(char *)A then *(char *)B (addresses set
 * with store_targets) and reports each. */
void *store_peek(void *Arg);
void store_targets(unsigned long A, unsigned long B);
#ifdef __cplusplus
}
#endif
#endif
