//===- FormatArgs.h - Where a printf call's arguments are -----------------===//
//
// FormatArgs.cpp.  A function annotated CUBICLE_WINDOW_FORMAT takes a
// printf format and its arguments: the generic entry lends the format and
// every string a %s takes, and copies exactly the stack arguments the
// format consumes.  One annotated CUBICLE_WINDOW_VFORMAT takes them as a
// va_list, which the generic entry rebuilds in the callee's memory from
// what the format consumes.  Pure, for unit tests.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_WINDOWS_FORMATARGS_H
#define CUBICLE_RUNTIME_WINDOWS_FORMATARGS_H

#include <stddef.h>
#include <stdint.h>

namespace cubicle {

// The formats a format window reads: C's printf, or SQLite's
// (sqlite3_mprintf), which adds the string conversions %q, %Q and %w, the
// flags ! and , and %r (an ordinal, from an integer).
enum class FormatDialect : uint8_t { Printf, Sqlite };

// What a conversion takes, in the order the format consumes them.
enum class FormatArg : uint8_t { Integer, Double, String };

// The most arguments one format may consume.
constexpr int kMaxFormatArgs = 128;

// Walks Fmt and puts what each argument it consumes is into Out (at most
// Max).  Returns their number, or -1 with Why naming what is refused (%n,
// which writes through a pointer; positional arguments; long double; wide
// strings; SQLite's %z, which frees its string, and its internal %T and
// %S; more than Max arguments).
int formatArgList(const char *Fmt, FormatDialect D, FormatArg *Out, int Max,
                  const char *&Why);

// Where a variadic argument is: integer register Reg (0-5, RDI..R9) or, if
// Reg < 0, the stack argument at byte StackOffset.
struct VarArg {
  int Reg;
  size_t StackOffset;
};

// Walks Fmt, whose variadic arguments start after FixedGprs integer
// register arguments (and no floating-point ones).  Puts where each string
// argument is into Strings (at most Max, else an error), in order, and
// sets StackBytes to the bytes of stack arguments the format consumes.
// Returns the number of strings, or -1 with Why set (as formatArgList).
int formatArgs(const char *Fmt, FormatDialect D, unsigned FixedGprs,
               VarArg *Strings, int Max, size_t &StackBytes, const char *&Why);

// A va_list as the SysV ABI lays it out (x86-64): va_arg takes integers
// from RegSave + GpOffset while GpOffset < 48, doubles from RegSave +
// FpOffset while FpOffset < 176, and then either from Overflow, 8 bytes
// each.
struct VaListLayout {
  uint32_t GpOffset, FpOffset;
  uint64_t Overflow, RegSave;
};
constexpr uint32_t kVaGpEnd = 48, kVaFpEnd = 176;

// Where the next argument of class A is in V (a caller's va_list, read
// only: V is advanced as va_arg would advance it).
uint64_t vaArgAddress(VaListLayout &V, FormatArg A);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_WINDOWS_FORMATARGS_H
