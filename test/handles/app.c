/* Cubicle app: uses lib's objects through their proxies (handles), fills a
 * writable buffer, reads a context sized by the call and a feature table,
 * and lends lib allocators (suite).  The negatives: obj_user on an object
 * returned without CUBICLE_RESULT_HANDLE (bare), a buffer returned
 * read-only (readonly: what app writes does not reach lib), and, built with
 * BARE_SUITE, an allocator suite without field callbacks (baresuite). */
#include "mem.h"
#include "obj.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int Visits;
static void visit(obj *o, void *ud) {
  ++Visits;
  printf("visit %d: user data %s, head %s\n", Visits,
         ud == o ? "is the object" : (char *)ud,
         obj_user(o) == ud ? "matches" : (char *)obj_user(o));
}

static void handles(void) {
  obj *o = obj_new();
  obj *again = o;
  printf("new: head %s\n", obj_user(o) ? "set" : "null");
  obj_set_user(o, "alpha");
  printf("user: %s, secret %d\n", (char *)obj_user(o), obj_secret(o));
  obj_set_user(o, "beta");
  printf("user: %s, same proxy %s, same object %d\n", (char *)obj_user(o),
         again == o ? "yes" : "no", obj_same(o, again));
  obj_visit(o, visit, "beta");
  obj_free(o);
  printf("freed\n");
}

static void buffers(int Writable) {
  obj *o = obj_new();
  char *b = Writable ? obj_buffer(o, 100) : obj_buffer_ro(o, 100);
  for (int i = 0; i < 100; i++)
    b[i] = (char)i;
  printf("%s buffer: sum %d\n", Writable ? "writable" : "read-only",
         obj_sum(o, 100));
  obj_free(o);
}

static void results(void) {
  obj *o = obj_new();
  int size = -1;
  const char *c = obj_context(o, &size);
  printf("context: %d bytes, \"%s\"\n", size, c);
  long total = 0;
  int n = 0;
  for (const struct feature *f = obj_features(); f->id; f++, n++)
    total += f->value;
  printf("features: %d, total %ld\n", n, total);
  obj_free(o);
}

static void suite(int Libc) {
  mem_suite libc = {malloc, free};
  if (Libc)
    printf("libc suite: sum %ld\n", mem_list(&libc, 100));
  mem_suite counted = {counted_get, counted_put};
  printf("counted suite: sum %ld, live %d\n", mem_list(&counted, 50),
         counted_live());
}

static void on_tree(struct tnode *t) {
  int sum = t->value;
  for (unsigned i = 0; i < t->nkids; i++)
    sum += t->kids[i].value;
  printf("tree: sum %d, names %s %s %s, live in lib %d\n", sum,
         t->kids[0].name, t->kids[1].name, t->kids[2].name, tree_live());
  tree_free(t);
  printf("tree freed: live in lib %d\n", tree_live());
}

static void on_tree_bare(struct tnode *t) {
  printf("bare tree: %p\n", (void *)t);
  fflush(stdout);
  printf("bare tree value: %d\n", t->value);
}

static void end_pointer(int Bare) {
  const char *s = "12345xyz";
  const char *end = s + 8;
  long v = Bare ? scan_digits_bare(s, &end) : scan_digits(s, &end);
  printf("%s: %ld, end at offset %ld, \"%s\"\n",
         Bare ? "bare end" : "end", v, (long)(end - s),
         end - s >= 0 && end - s <= 8 ? end : "(elsewhere)");
}

static void statements(int Bare) {
  stmt *s = stmt_new(), *t = stmt_new();
  char text[16] = "hello", other[16] = "other", out[64];
  if (Bare) {
    stmt_bind_bare(s, text, 6);
    printf("bare bound: %p\n", (void *)text);
    fflush(stdout);
    stmt_step(s, out);
    printf("bare step: %s\n", out);
    return;
  }
  stmt_bind(s, text, 6);
  stmt_bind(t, other, 6);
  stmt_step(s, out);
  printf("step 1: %s\n", out);
  stmt_step(s, out);
  printf("step 2: %s\n", out);
  stmt_reset(s);
  printf("after reset: first byte %d, the other statement's: %c\n",
         stmt_bound_byte(s), stmt_bound_byte(t));
  strcpy(text, "world");
  stmt_bind(s, text, 6);
  stmt_step(s, out);
  printf("rebound: %s\n", out);
  stmt_reset(s);
  stmt_reset(t);
}

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  if (!strcmp(m, "handles"))
    handles();
  else if (!strcmp(m, "buffers"))
    buffers(1);
  else if (!strcmp(m, "readonly"))
    buffers(0);
  else if (!strcmp(m, "results"))
    results();
  else if (!strcmp(m, "suite"))
    suite(1);
  else if (!strcmp(m, "baresuite"))
    suite(0);
  else if (!strcmp(m, "tree"))
    tree_visit(on_tree);
  else if (!strcmp(m, "baretree"))
    tree_visit_bare(on_tree_bare);
  else if (!strcmp(m, "end"))
    end_pointer(0);
  else if (!strcmp(m, "bareend"))
    end_pointer(1);
  else if (!strcmp(m, "kept"))
    statements(0);
  else if (!strcmp(m, "barekept"))
    statements(1);
  else if (!strcmp(m, "bare")) {
    obj *o = obj_new_bare();
    printf("bare: %p\n", (void *)o);
    fflush(stdout);
    printf("bare head: %p\n", obj_user(o));
  } else
    return 2;
  return 0;
}
