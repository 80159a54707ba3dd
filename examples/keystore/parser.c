/*===- parser.c - Cubicle "parser": parses requests, with a bug -------------===*/
#include "keystore.h"

#include <stdlib.h>
#include <string.h>

/* Well-known user names, so that requests can say "user=@6:5" for
 * "alice".  A field "user=@OFFSET:LEN" copies LEN bytes at OFFSET in this
 * table -- and the offset is not checked against the table's size.  That
 * is the bug. */
static const char Names[] = "root\0\0alice\0bob\0carol\0";

static void copyField(const char *Value, char *Out, size_t OutSize) {
  size_t N = 0;
  if (Value[0] == '@') {
    char *End;
    long Offset = strtol(Value + 1, &End, 0);
    size_t Len = *End == ':' ? strtoul(End + 1, NULL, 0) : 0;
    for (; N < Len && N < OutSize - 1; ++N)
      Out[N] = Names[Offset + (long)N]; /* out of bounds */
  } else {
    for (; Value[N] && Value[N] != ';' && N < OutSize - 1; ++N)
      Out[N] = Value[N];
  }
  Out[N] = 0;
}

int parser_parse(const char *Input, struct request *Req) {
  const char *User = strstr(Input, "user=");
  const char *Msg = strstr(Input, "msg=");
  if (!User || !Msg)
    return -1;
  copyField(User + 5, Req->user, sizeof(Req->user));
  copyField(Msg + 4, Req->message, sizeof(Req->message));
  return 0;
}

/* Where the name table is -- the second leak the crafted request uses. */
const void *parser_debug_names(void) { return Names; }
