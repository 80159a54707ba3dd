/* Cubicle lib: allocates with its own malloc, as a library does. */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int Live;
static char *Last;

void *st_alloc(size_t n) {
  char *P = malloc(n);
  if (P) {
    ++Live;
    Last = P;
    strncpy(P, "lib-data", n);
  }
  return P;
}

void *st_realloc(void *p, size_t n) {
  char *P = realloc(p, n);
  if (P) {
    Live += !p;
    Last = P;
  }
  return P;
}

void st_free(void *p) {
  if (p)
    --Live;
  free(p);
}

char *st_format(int v) {
  char *S = malloc(32);
  if (S) {
    ++Live;
    Last = S;
    snprintf(S, 32, "value=%d", v);
  }
  return S;
}

static struct st_mem Mem;
struct node {
  struct node *next;
  long v;
};

void st_set_mem(const struct st_mem *m) { Mem = *m; }
void st_set_alloc(st_alloc_fn a) { Mem.alloc = a; }
void st_set_bare_alloc(st_bare_alloc_fn a) { Mem.alloc = a; }

long st_list(int k) {
  struct node *Head = NULL;
  for (int I = 0; I < k; ++I) {
    struct node *N = Mem.alloc(sizeof *N);
    if (!N)
      return -1;
    N->v = I;
    N->next = Head;
    Head = N;
  }
  long Sum = 0;
  for (struct node *N = Head; N; N = N->next)
    Sum += N->v;
  while (Head) {
    struct node *Next = Head->next;
    Mem.release(Head);
    Head = Next;
  }
  return Sum;
}

int st_live(void) { return Live; }
uintptr_t st_last(void) { return (uintptr_t)Last; }
void st_show_last(char *out) { memcpy(out, Last, 15), out[15] = 0; }
