//===- FormatArgs.cpp - Where a printf call's arguments are ---------------===//
//
// The SysV ABI passes variadic arguments like any others: integers and
// pointers in the six integer registers, then on the stack; doubles in the
// eight vector registers, then on the stack, each stack argument taking 8
// bytes in the order of the arguments.  So a format says where each of its
// arguments is, as printf itself finds them.  Only what a format can say
// is followed: an argument the format does not consume is not looked at,
// and its stack bytes are not copied.
//
//===----------------------------------------------------------------------===//

#include "windows/FormatArgs.h"

namespace cubicle {

namespace {

struct Cursor {
  unsigned Gpr, Xmm = 0;
  size_t Stack = 0;
  VarArg integer() {
    if (Gpr < 6)
      return {int(Gpr++), 0};
    Stack += 8;
    return {-1, Stack - 8};
  }
  void vector() {
    if (Xmm < 8)
      ++Xmm;
    else
      Stack += 8;
  }
};

bool isDigit(char C) { return C >= '0' && C <= '9'; }

} // namespace

int formatArgs(const char *Fmt, unsigned FixedGprs, VarArg *Strings, int Max,
               size_t &StackBytes, const char *&Why) {
  Cursor C{FixedGprs};
  int N = 0;
  for (const char *P = Fmt; *P; ++P) {
    if (*P != '%')
      continue;
    ++P;
    if (*P == '%')
      continue;
    // Flags, width, precision: a * takes an int argument.
    while (*P && (*P == '-' || *P == '+' || *P == ' ' || *P == '#' ||
                  *P == '0' || *P == '\'' || *P == 'I'))
      ++P;
    const char *Digits = P;
    while (isDigit(*P))
      ++P;
    if (*P == '$' && P != Digits) {
      Why = "positional arguments (%n$) in the format";
      return -1;
    }
    if (*P == '*')
      C.integer(), ++P;
    if (*P == '.') {
      ++P;
      if (*P == '*')
        C.integer(), ++P;
      while (isDigit(*P))
        ++P;
    }
    bool LongDouble = false, Wide = false;
    while (*P == 'h' || *P == 'l' || *P == 'L' || *P == 'q' || *P == 'j' ||
           *P == 'z' || *P == 't') {
      LongDouble |= *P == 'L';
      Wide |= *P == 'l';
      ++P;
    }
    switch (*P) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'c':
    case 'p':
      C.integer();
      break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a':
    case 'A':
      if (LongDouble) {
        Why = "a long double argument (%L) in the format";
        return -1;
      }
      C.vector();
      break;
    case 's':
      if (Wide) {
        Why = "a wide string (%ls) in the format";
        return -1;
      }
      if (N == Max) {
        Why = "more strings in the format than one call may lend";
        return -1;
      }
      Strings[N++] = C.integer();
      break;
    case 'n':
      Why = "%n in the format (it writes through a pointer)";
      return -1;
    case 'm': // glibc: strerror(errno), no argument
      break;
    case '\0':
      StackBytes = C.Stack;
      return N;
    default:
      Why = "a conversion this runtime does not know in the format";
      return -1;
    }
  }
  StackBytes = C.Stack;
  return N;
}

} // namespace cubicle
