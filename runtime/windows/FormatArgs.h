//===- FormatArgs.h - Where a printf call's arguments are -----------------===//
//
// FormatArgs.cpp.  A function annotated CUBICLE_WINDOW_FORMAT takes a
// printf format and its arguments: the generic entry lends the format and
// every string a %s takes, and copies exactly the stack arguments the
// format consumes.  Pure, for unit tests.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_WINDOWS_FORMATARGS_H
#define CUBICLE_RUNTIME_WINDOWS_FORMATARGS_H

#include <stddef.h>

namespace cubicle {

// Where a variadic argument is: integer register Reg (0-5, RDI..R9) or, if
// Reg < 0, the stack argument at byte StackOffset.
struct VarArg {
  int Reg;
  size_t StackOffset;
};

// Walks Fmt, whose variadic arguments start after FixedGprs integer
// register arguments (and no floating-point ones).  Puts where each string
// argument (%s) is into Strings (at most Max, else an error), in order, and
// sets StackBytes to the bytes of stack arguments the format consumes.
// Returns the number of strings, or -1 with Why naming what is refused
// (%n, which writes through a pointer; positional arguments; long double;
// wide strings).
int formatArgs(const char *Fmt, unsigned FixedGprs, VarArg *Strings, int Max,
               size_t &StackBytes, const char *&Why);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_WINDOWS_FORMATARGS_H
