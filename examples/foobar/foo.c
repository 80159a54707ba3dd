/*===- foo.c - Cubicle "foo": passes a 10-byte stack array to bar ----------===*/
#include "bar.h"

#include <stdio.h>
#include <string.h>

int main(void) {
  char Buf[10]; /* ten letters, no terminator: bar sees exactly these */
  memcpy(Buf, "abcdefghij", sizeof(Buf));
  int Sum = bar(Buf, 1);
  printf("foo: bar(buf, 1) = %d, buf now \"%.10s\"\n", Sum, Buf);

  /* The same with an explicit window: exactly these 10 bytes of foo's
   * stack, not the page around them. */
  wid_type W = cubicle_window_init();
  cubicle_window_add(W, Buf, sizeof(Buf));
  cubicle_window_open(W, cubicle_lookup("bar"));
  Sum = bar_explicit(Buf, -1);
  cubicle_window_destroy(W);
  printf("foo: bar_explicit(buf, -1) = %d, buf now \"%.10s\"\n", Sum, Buf);
  return 0;
}
