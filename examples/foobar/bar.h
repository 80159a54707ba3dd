/*===- bar.h - The FOO/BAR example (after CubicleOS's) ---------------------===*/
#ifndef BAR_H
#define BAR_H
#include <cubicle/cubicle.h>

/* With an annotation: the gate lends the 10 bytes for the call. */
int bar(char *Buf CUBICLE_WINDOW(10), int X);

/* CubicleOS style: the caller manages a window itself. */
int bar_explicit(char *Buf CUBICLE_NO_WINDOW, int X);
#endif
