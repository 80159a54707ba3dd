/* Cubicle lib: calls the handlers with its own memory. */
#include "parser.h"

#include <stdlib.h>
#include <string.h>

static start_fn start;
static void (*end)(void *, const char *);
static void (*text)(void *, const char *, int);
static bare_fn bare;
static void *user;

void p_set_start(start_fn f) { start = f; }
void p_set_end(void (*f)(void *, const char *)) { end = f; }
void p_set_hooks(const struct hooks *h) { text = h->text; }
void p_set_bare(bare_fn f) { bare = f; }
void p_set_user(void *ud) { user = ud; }

int p_run(void) {
  /* Heap memory of lib's, as a parser's buffers are. */
  char *name = strdup("element");
  const char **atts = malloc(5 * sizeof(char *));
  atts[0] = strdup("a"), atts[1] = strdup("1");
  atts[2] = strdup("b"), atts[3] = strdup("22"), atts[4] = 0;
  char *buf = strdup("character data, and more");
  start(user, name, atts);
  text(user, buf, 14); /* "character data" */
  end(user, name);
  /* What the handlers saw was a copy: the library's memory is as it was. */
  int same = !strcmp(name, "element") && !strcmp(atts[3], "22");
  free(name), free(buf);
  for (int i = 0; i < 4; i++)
    free((void *)atts[i]);
  free(atts);
  return same;
}

void p_run_bare(void) {
  char *name = strdup("bare");
  bare(name);
  free(name);
}
