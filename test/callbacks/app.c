/* Cubicle app: handlers with no annotation of their own.
 *
 *   callbacks       the parse: name, attributes, text, end
 *   callbacks bare  a handler registered through a type with no windows */
#include "parser.h"

#include <stdio.h>
#include <string.h>

struct counts {
  int starts, atts, bytes;
};

static void on_start(void *ud, const char *name, const char **atts) {
  struct counts *c = ud;
  c->starts++;
  printf("start %s", name);
  for (int i = 0; atts[i]; i += 2, c->atts++)
    printf(" %s=%s", atts[i], atts[i + 1]);
  printf("\n");
}

static void on_text(void *ud, const char *s, int len) {
  ((struct counts *)ud)->bytes += len;
  printf("text '%.*s' (%d bytes)\n", len, s, len);
}

static void on_end(void *ud, const char *name) { printf("end %s\n", name); }

static void on_bare(const char *name) {
  printf("target %p\n", (void *)name);
  fflush(stdout);
  printf("bare %s\n", name);
}

static const struct hooks hooks = {on_text};

int main(int argc, char **argv) {
  struct counts c = {0};
  p_set_user(&c);
  if (argc > 1 && !strcmp(argv[1], "bare")) {
    p_set_bare(on_bare);
    p_run_bare();
    return 0;
  }
  p_set_start(on_start);
  p_set_end(on_end);
  p_set_hooks(&hooks);
  int same = p_run();
  printf("%d start, %d attributes, %d bytes, library's memory %s\n", c.starts,
         c.atts, c.bytes, same ? "unchanged" : "CHANGED");
  return 0;
}
