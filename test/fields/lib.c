/* Cubicle lib: a library that keeps its caller's stream. */
#include "stream.h"

#include <stdlib.h>

struct state {
  struct stream *self;
};

static uintptr_t seen;
static struct stream *kept;

int s_init(struct stream *s) {
  struct state *st = malloc(sizeof(*st));
  if (!st)
    return -1;
  st->self = s;
  s->state = st;
  s->total = 0;
  kept = s;
  seen = (uintptr_t)s;
  return 0;
}

static int pump(struct stream *s) {
  struct state *st = s->state;
  seen = (uintptr_t)s;
  if (!st)
    return -1;
  if (st->self != s)
    return -2;
  unsigned n = s->avail_in < s->avail_out ? s->avail_in : s->avail_out;
  for (unsigned i = 0; i < n; i++) {
    unsigned char c = s->in[i];
    s->out[i] = c >= 'a' && c <= 'z' ? c - 32 : c;
  }
  s->in += n, s->avail_in -= n;
  s->out += n, s->avail_out -= n;
  s->total += n;
  return (int)n;
}

int s_pump(struct stream *s) { return pump(s); }
int s_pump_copied(struct stream *s) { return pump(s); }

int s_end(struct stream *s) {
  free(s->state);
  s->state = 0;
  kept = 0;
  return 0;
}

uintptr_t s_seen(void) { return seen; }

int s_peek(void) { return kept ? *kept->in : -1; }

unsigned bare_sum(struct bare *b) {
  unsigned sum = 0;
  for (unsigned i = 0; i < b->avail_in; i++)
    sum += b->in[i];
  return sum;
}
