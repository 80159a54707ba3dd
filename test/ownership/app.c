/* Cubicle app: reads, writes, reallocates and frees lib's blocks through
 * lib's functions (ok); frees one with plain free() (plainfree), gives lib
 * a block that was never lib's (wrongfree), and keeps using a block after
 * giving it back (uaf). */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ok(void) {
  char *P = st_alloc(16);
  printf("alloc: \"%s\", lib's own block: %s\n", P,
         (uintptr_t)P == st_last() ? "yes" : "no");
  strcpy(P, "TEST");
  char *Q = st_realloc(P, 4096);
  char Seen[16];
  st_show_last(Seen);
  printf("realloc: app has \"%s\", lib has \"%s\"\n", Q, Seen);
  Q[0] = 'V';
  Q[4000] = 'x';
  Q = st_realloc(Q, 64);
  st_show_last(Seen);
  printf("shrunk: app has \"%s\", lib has \"%s\"\n", Q, Seen);
  char *S = st_format(42);
  printf("format: \"%s\"\n", S);
  printf("live in lib: %d\n", st_live());
  st_free(S);
  st_free(Q);
  printf("after free: live in lib: %d\n", st_live());
}

static int Allocs, Frees;
static void *my_alloc(size_t n) {
  ++Allocs;
  return malloc(n);
}
static void *my_other_alloc(size_t n) {
  ++Allocs;
  return malloc(n);
}
static void *my_bare_alloc(size_t n) {
  ++Allocs;
  return malloc(n);
}
static void my_free(void *p) {
  ++Frees;
  free(p);
}

int main(int argc, char **argv) {
  const char *Mode = argc > 1 ? argv[1] : "ok";
  if (!strcmp(Mode, "ok")) {
    ok();
  } else if (!strcmp(Mode, "plainfree")) {
    char *P = st_alloc(16);
    printf("plainfree: %p\n", (void *)P);
    fflush(stdout);
    free(P);
    printf("plainfree: freed\n");
  } else if (!strcmp(Mode, "wrongfree")) {
    char *Mine = malloc(16);
    printf("wrongfree: %p\n", (void *)Mine);
    fflush(stdout);
    st_free(Mine);
    printf("wrongfree: freed\n");
  } else if (!strcmp(Mode, "callbacks")) {
    st_set_mem(&(struct st_mem){my_alloc, my_free});
    long S = st_list(100);
    printf("fields: sum %ld, app allocated %d, freed %d\n", S, Allocs, Frees);
    st_set_alloc(my_other_alloc);
    S = st_list(50);
    printf("typedef: sum %ld, app allocated %d, freed %d\n", S, Allocs, Frees);
  } else if (!strcmp(Mode, "bare")) {
    st_set_mem(&(struct st_mem){my_alloc, my_free});
    st_set_bare_alloc(my_bare_alloc);
    long S = st_list(3);
    printf("bare: sum %ld, app allocated %d, freed %d\n", S, Allocs, Frees);
  } else if (!strcmp(Mode, "uaf")) {
    char *P = st_alloc(32);
    st_free(P);
    printf("uaf: after free the block reads %02x\n", (unsigned char)P[0]);
    char *Q = st_alloc(32);
    strcpy(P, "stale"); /* use after free */
    char Seen[16];
    st_show_last(Seen);
    printf("uaf: lib's new block reads \"%s\" in lib\n", Seen);
    st_free(Q);
    printf("uaf: live in lib: %d\n", st_live());
  }
  return 0;
}
