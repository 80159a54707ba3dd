/* A stream in the style of zlib's z_stream: the caller owns the struct and
 * the buffers its fields point at, the library keeps the struct's address
 * across calls (and checks it, as zlib does).  in is annotated in the
 * struct, out the way a port header annotates a struct it may not edit. */
#ifndef FIELDS_STREAM_H
#define FIELDS_STREAM_H

#include <cubicle/cubicle.h>
#include <stdint.h>

struct stream {
  const unsigned char *in CUBICLE_WINDOW_IN(avail_in);
  unsigned avail_in;
  unsigned char *out;
  unsigned avail_out;
  unsigned long total;
  void *state; /* the library's */
};
CUBICLE_FIELD_WINDOW(struct stream, out, avail_out);

int s_init(struct stream *s CUBICLE_WINDOW_KEPT(sizeof(struct stream)));
/* Moves min(avail_in, avail_out) bytes, upper-cased; the count, -1 without
 * state, -2 if the stream is not at the address it was initialised at. */
int s_pump(struct stream *s CUBICLE_WINDOW_KEPT(sizeof(struct stream)));
int s_end(struct stream *s CUBICLE_WINDOW_END(sizeof(struct stream)));
/* The same pump with a window that is not kept: a new copy every call. */
int s_pump_copied(struct stream *s CUBICLE_WINDOW(sizeof(struct stream)));
/* Where the library saw the stream last. */
uintptr_t s_seen(void);
/* Reads the byte the kept stream's input points at now, between calls. */
int s_peek(void);

/* The same stream without field windows. */
struct bare {
  const unsigned char *in;
  unsigned avail_in;
};
unsigned bare_sum(struct bare *b CUBICLE_WINDOW(sizeof(struct bare)));

#endif
