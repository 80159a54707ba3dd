#ifndef CODEC_H
#define CODEC_H
#include <cubicle/cubicle.h>
#include <stddef.h>
/* Rot13s Len bytes of Buf in place; returns how many were letters. */
size_t codec_rot13(char *Buf CUBICLE_WINDOW(Len), size_t Len);
/* The codec's private counter, leaked on purpose for the test. */
int *codec_counter(void);
#endif
