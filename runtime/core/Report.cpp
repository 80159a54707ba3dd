//===- Report.cpp - Async-signal-safe formatting and output ---------------===//

#include "core/Report.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

namespace cubicle {

namespace {

struct Out {
  char *Buf;
  size_t Size;
  size_t Len = 0;
  void put(char C) {
    if (Len + 1 < Size)
      Buf[Len] = C;
    ++Len;
  }
};

void putUnsigned(Out &O, unsigned long long V, unsigned Base, int Width,
                 char Pad) {
  char Tmp[24];
  int N = 0;
  do {
    unsigned D = V % Base;
    Tmp[N++] = char(D < 10 ? '0' + D : 'a' + D - 10);
    V /= Base;
  } while (V);
  for (int I = N; I < Width; ++I)
    O.put(Pad);
  while (N)
    O.put(Tmp[--N]);
}

} // namespace

size_t formatV(char *Buf, size_t Size, const char *Fmt, va_list Ap) {
  Out O{Buf, Size};
  for (const char *P = Fmt; *P; ++P) {
    if (*P != '%') {
      O.put(*P);
      continue;
    }
    ++P;
    char Pad = ' ';
    bool Left = false;
    for (; *P == '0' || *P == '-'; ++P) {
      if (*P == '-')
        Left = true;
      else
        Pad = '0';
    }
    int Width = 0;
    while (*P >= '0' && *P <= '9')
      Width = Width * 10 + (*P++ - '0');
    int Long = 0;
    while (*P == 'l' || *P == 'z') {
      Long = *P == 'z' ? 2 : Long + 1;
      ++P;
    }
    switch (*P) {
    case 's': {
      const char *S = va_arg(Ap, const char *);
      if (!S)
        S = "(null)";
      int N = 0;
      for (const char *Q = S; *Q; ++Q)
        ++N;
      for (int I = N; !Left && I < Width; ++I)
        O.put(' ');
      for (; *S; ++S)
        O.put(*S);
      for (int I = N; Left && I < Width; ++I)
        O.put(' ');
      break;
    }
    case 'c':
      O.put(char(va_arg(Ap, int)));
      break;
    case 'd':
    case 'i': {
      long long V = Long ? va_arg(Ap, long long) : va_arg(Ap, int);
      if (V < 0) {
        O.put('-');
        putUnsigned(O, 0ull - (unsigned long long)V, 10, Width ? Width - 1 : 0,
                    Pad);
      } else {
        putUnsigned(O, (unsigned long long)V, 10, Width, Pad);
      }
      break;
    }
    case 'u':
    case 'x': {
      unsigned long long V =
          Long ? va_arg(Ap, unsigned long long) : va_arg(Ap, unsigned);
      putUnsigned(O, V, *P == 'x' ? 16 : 10, Width, Pad);
      break;
    }
    case 'p':
      O.put('0');
      O.put('x');
      putUnsigned(O, (uintptr_t)va_arg(Ap, void *), 16, Width, Pad);
      break;
    case '%':
      O.put('%');
      break;
    default:
      O.put('%');
      O.put(*P);
      if (!*P)
        --P;
      break;
    }
  }
  if (Size)
    Buf[O.Len < Size ? O.Len : Size - 1] = 0;
  return O.Len < Size ? O.Len : (Size ? Size - 1 : 0);
}

size_t format(char *Buf, size_t Size, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  size_t N = formatV(Buf, Size, Fmt, Ap);
  va_end(Ap);
  return N;
}

void writeAll(int Fd, const char *Buf, size_t Len) {
  while (Len) {
    ssize_t N = write(Fd, Buf, Len);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return;
    Buf += N;
    Len -= size_t(N);
  }
}

void printErr(const char *Fmt, ...) {
  char Buf[1024];
  va_list Ap;
  va_start(Ap, Fmt);
  size_t N = formatV(Buf, sizeof(Buf), Fmt, Ap);
  va_end(Ap);
  int SavedErrno = errno;
  writeAll(2, Buf, N);
  errno = SavedErrno;
}

#define CUBICLE_REPORT_RULE                                                    \
  "=================================================================\n"

// One part of a report: Prefix, the formatted text and Suffix, in one
// write.
static void reportPart(const char *Prefix, const char *Fmt, va_list Ap,
                       const char *Suffix) {
  char Msg[768];
  formatV(Msg, sizeof(Msg), Fmt, Ap);
  printErr("%s%s%s", Prefix, Msg, Suffix);
}

ErrorReport::ErrorReport(const char *Fmt, ...) {
  char Prefix[128];
  format(Prefix, sizeof(Prefix), CUBICLE_REPORT_RULE "==%d==ERROR: Cubicle: ",
         int(getpid()));
  va_list Ap;
  va_start(Ap, Fmt);
  reportPart(Prefix, Fmt, Ap, "\n");
  va_end(Ap);
}

void ErrorReport::line(const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  reportPart("", Fmt, Ap, "\n");
  va_end(Ap);
}

void ErrorReport::summary(const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  reportPart("SUMMARY: Cubicle: ", Fmt, Ap, "\n" CUBICLE_REPORT_RULE);
  va_end(Ap);
}

} // namespace cubicle
