/* Cubicle lib: the objects, and lists built with a caller's allocator. */
#include "obj.h"
#include "mem-port.h"

#include <stdlib.h>
#include <string.h>

struct obj {
  void *user; /* first: obj_user reads it */
  int secret;
  char buf[256];
  char context[32];
};

obj *obj_new(void) {
  obj *o = calloc(1, sizeof(obj));
  o->secret = 42;
  strcpy(o->context, "<doc>context</doc>");
  return o;
}
obj *obj_new_bare(void) { return obj_new(); }
void obj_set_user(obj *o, void *user) { o->user = user; }
int obj_secret(obj *o) { return o->secret; }
int obj_same(obj *a, obj *b) { return a == b; }
void obj_free(obj *o) { free(o); }

void obj_visit(obj *o, obj_cb cb, void *ud) {
  cb(o, ud);
  cb(o, o);
}

char *obj_buffer(obj *o, int n) { return n <= 256 ? o->buf : NULL; }
char *obj_buffer_ro(obj *o, int n) { return obj_buffer(o, n); }
int obj_sum(obj *o, int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += (unsigned char)o->buf[i];
  return s;
}
const char *obj_context(obj *o, int *size) {
  *size = (int)strlen(o->context) + 1;
  return o->context;
}

static const struct feature features[] = {{1, 10}, {2, 20}, {3, 30}, {0, 0}};
const struct feature *obj_features(void) { return features; }

struct node {
  struct node *next;
  long value;
};

long mem_list(const mem_suite *m, int n) {
  struct node *head = NULL;
  for (int i = 0; i < n; i++) {
    struct node *p = m->get(sizeof(struct node));
    if (!p)
      return -1;
    p->next = head;
    p->value = i;
    head = p;
  }
  long sum = 0;
  while (head) {
    struct node *next = head->next;
    sum += head->value;
    m->put(head);
    head = next;
  }
  return sum;
}

/* One block: the root, three children after it, then their names. */
static int Trees;
static struct tnode *tree_make(void) {
  size_t n = 4 * sizeof(struct tnode) + 3 * 8;
  struct tnode *t = malloc(n);
  char *names = (char *)(t + 4);
  t->value = 100;
  t->nkids = 3;
  t->kids = t + 1;
  for (int i = 0; i < 3; i++) {
    t[1 + i].value = i + 1;
    t[1 + i].nkids = 0;
    t[1 + i].kids = NULL;
    strcpy(names + 8 * i, i == 0 ? "one" : i == 1 ? "two" : "three");
    t[1 + i].name = names + 8 * i;
  }
  t->name = names; /* the root shares its first child's name */
  ++Trees;
  return t;
}
void tree_visit(tree_cb cb) { cb(tree_make()); }
void tree_visit_bare(tree_bare_cb cb) { cb(tree_make()); }
void tree_free(struct tnode *t) {
  --Trees;
  free(t);
}
int tree_live(void) { return Trees; }

long scan_digits(const char *s, const char **end) {
  long v = 0;
  const char *p = s;
  while (p < *end && *p >= '0' && *p <= '9')
    v = v * 10 + (*p++ - '0');
  *end = p;
  return v;
}
long scan_digits_bare(const char *s, const char **end) {
  return scan_digits(s, end);
}

struct stmt {
  const char *text; /* as bound: kept, not copied */
  int n;
};
stmt *stmt_new(void) { return calloc(1, sizeof(stmt)); }
void stmt_bind(stmt *s, const char *text, int n) {
  s->text = text;
  s->n = n;
}
void stmt_bind_bare(stmt *s, const char *text, int n) { stmt_bind(s, text, n); }
int stmt_step(stmt *s, char *out) {
  int n = s->n < 63 ? s->n : 63;
  /* The first byte on its own: a fault names its exact address. */
  out[0] = *(const volatile char *)s->text;
  memcpy(out + 1, s->text + 1, (size_t)n - 1);
  out[n] = 0;
  return n;
}
int stmt_bound_byte(stmt *s) { return (unsigned char)s->text[0]; }
void stmt_reset(stmt *s) { (void)s; }
