/*===- bar.c - Cubicle "bar" -----------------------------------------------===*/
#include "bar.h"

int bar(char *Buf, int X) {
  int Sum = 0;
  for (int I = 0; I < 10; ++I) {
    Sum += Buf[I];
    Buf[I] = (char)(Buf[I] + X);
  }
  return Sum;
}

int bar_explicit(char *Buf, int X) { return bar(Buf, X); }
