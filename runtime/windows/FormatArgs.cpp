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

bool isDigit(char C) { return C >= '0' && C <= '9'; }

bool isFlag(char C, FormatDialect D) {
  switch (C) {
  case '-': case '+': case ' ': case '#': case '0':
    return true;
  case '\'': case 'I': // glibc: thousands grouping, locale digits
    return D == FormatDialect::Printf;
  case '!': case ',': // SQLite: alternate form 2, thousands separators
    return D == FormatDialect::Sqlite;
  default:
    return false;
  }
}

} // namespace

int formatArgList(const char *Fmt, FormatDialect D, FormatArg *Out, int Max,
                  const char *&Why) {
  int N = 0;
  auto Take = [&](FormatArg A) {
    if (N == Max) {
      Why = "more arguments in the format than one call may lend";
      return false;
    }
    Out[N++] = A;
    return true;
  };
  bool Sqlite = D == FormatDialect::Sqlite;
  for (const char *P = Fmt; *P; ++P) {
    if (*P != '%')
      continue;
    ++P;
    if (*P == '%')
      continue;
    // Flags, width, precision: a * takes an int argument.
    while (*P && isFlag(*P, D))
      ++P;
    const char *Digits = P;
    while (isDigit(*P))
      ++P;
    if (*P == '$' && P != Digits) {
      Why = "positional arguments (%n$) in the format";
      return -1;
    }
    if (*P == '*') {
      if (!Take(FormatArg::Integer))
        return -1;
      ++P;
    }
    if (*P == '.') {
      ++P;
      if (*P == '*') {
        if (!Take(FormatArg::Integer))
          return -1;
        ++P;
      }
      while (isDigit(*P))
        ++P;
    }
    bool LongDouble = false, Wide = false;
    while (*P == 'h' || *P == 'l' || *P == 'L' || *P == 'q' || *P == 'j' ||
           *P == 'z' || *P == 't') {
      if (Sqlite && *P != 'l')
        break; // SQLite knows only l and ll; %z and %q are conversions
      LongDouble |= *P == 'L';
      Wide |= *P == 'l';
      ++P;
    }
    FormatArg A;
    switch (*P) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'c':
    case 'p':
      A = FormatArg::Integer;
      break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a':
    case 'A':
      if (LongDouble) {
        Why = "a long double argument (%L) in the format";
        return -1;
      }
      if (Sqlite && (*P == 'F' || *P == 'a' || *P == 'A')) {
        Why = "a conversion this runtime does not know in the format";
        return -1;
      }
      A = FormatArg::Double;
      break;
    case 's':
      if (Wide && !Sqlite) {
        Why = "a wide string (%ls) in the format";
        return -1;
      }
      A = FormatArg::String;
      break;
    case 'q': case 'Q': case 'w':
      if (!Sqlite) {
        Why = "a conversion this runtime does not know in the format";
        return -1;
      }
      A = FormatArg::String; // quoted as SQL: still a string read
      break;
    case 'z':
      Why = "%z in the format (the callee would free the caller's string "
            "with its allocator: pass it with %s and free it after the "
            "call)";
      return -1;
    case 'r':
      if (!Sqlite) {
        Why = "a conversion this runtime does not know in the format";
        return -1;
      }
      A = FormatArg::Integer; // an ordinal: 1st, 2nd
      break;
    case 'T': case 'S':
      Why = Sqlite ? "SQLite's internal %T or %S in the format (they take "
                     "pointers to its parser's structs)"
                   : "a conversion this runtime does not know in the format";
      return -1;
    case 'n':
      Why = "%n in the format (it writes through a pointer)";
      return -1;
    case 'm': // glibc: strerror(errno), no argument
      if (Sqlite) {
        Why = "a conversion this runtime does not know in the format";
        return -1;
      }
      continue;
    case '\0':
      return N; // SQLite and glibc print a lone '%' at the end as is
    default:
      Why = "a conversion this runtime does not know in the format";
      return -1;
    }
    if (!Take(A))
      return -1;
  }
  return N;
}

int formatArgs(const char *Fmt, FormatDialect D, unsigned FixedGprs,
               VarArg *Strings, int Max, size_t &StackBytes,
               const char *&Why) {
  FormatArg Args[kMaxFormatArgs];
  int N = formatArgList(Fmt, D, Args, kMaxFormatArgs, Why);
  if (N < 0)
    return -1;
  unsigned Gpr = FixedGprs, Xmm = 0;
  size_t Stack = 0;
  int S = 0;
  for (int I = 0; I < N; ++I) {
    if (Args[I] == FormatArg::Double) {
      if (Xmm < 8)
        ++Xmm;
      else
        Stack += 8;
      continue;
    }
    VarArg Where{-1, 0};
    if (Gpr < 6)
      Where.Reg = int(Gpr++);
    else
      Where.StackOffset = (Stack += 8) - 8;
    if (Args[I] != FormatArg::String)
      continue;
    if (S == Max) {
      Why = "more strings in the format than one call may lend";
      return -1;
    }
    Strings[S++] = Where;
  }
  StackBytes = Stack;
  return S;
}

uint64_t vaArgAddress(VaListLayout &V, FormatArg A) {
  uint64_t At;
  if (A == FormatArg::Double && V.FpOffset < kVaFpEnd) {
    At = V.RegSave + V.FpOffset;
    V.FpOffset += 16;
  } else if (A != FormatArg::Double && V.GpOffset < kVaGpEnd) {
    At = V.RegSave + V.GpOffset;
    V.GpOffset += 8;
  } else {
    At = V.Overflow;
    V.Overflow += 8;
  }
  return At;
}

} // namespace cubicle
