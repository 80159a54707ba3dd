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
