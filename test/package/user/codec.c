#include "codec.h"

static int Counter;

size_t codec_rot13(char *Buf, size_t Len) {
  size_t Letters = 0;
  for (size_t I = 0; I < Len; ++I) {
    char C = Buf[I];
    if ((C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z')) {
      char Base = C >= 'a' ? 'a' : 'A';
      Buf[I] = (char)(Base + (C - Base + 13) % 26);
      ++Letters;
    }
  }
  ++Counter;
  return Letters;
}

int *codec_counter(void) { return &Counter; }
