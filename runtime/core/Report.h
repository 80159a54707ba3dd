//===- Report.h - Async-signal-safe formatting and output -----------------===//
//
// The fault handler prints reports from a signal handler, so the runtime
// cannot use stdio: this is a small printf subset (%s %c %d %i %u %x %p %%,
// with l/ll/z length modifiers and a field width) that writes to a buffer,
// and a line writer on top of write(2).
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_REPORT_H
#define CUBICLE_RUNTIME_REPORT_H

#include <stdarg.h>
#include <stddef.h>

namespace cubicle {

// Like vsnprintf for the subset above; always NUL-terminates when Size > 0.
// Returns the number of characters written, not counting the NUL.
size_t formatV(char *Buf, size_t Size, const char *Fmt, va_list Ap);
size_t format(char *Buf, size_t Size, const char *Fmt, ...)
    __attribute__((format(printf, 3, 4)));

// Formats and writes to stderr in one write(2) call.
void printErr(const char *Fmt, ...) __attribute__((format(printf, 1, 2)));

// Writes a whole buffer to a file descriptor, retrying on EINTR.
void writeAll(int Fd, const char *Buf, size_t Len);

// Every error report has AddressSanitizer's shape, built here and nowhere
// else:
//
//   =================================================================
//   ==PID==ERROR: Cubicle: <headline>
//   <details, any number of lines>
//   SUMMARY: Cubicle: <kind of error>[ <where or what>]
//   =================================================================
//
// ErrorReport R("headline");  R.line("detail");  R.summary("kind ...");
// The lines go out as they come (one write each), so a report is readable
// even if the process dies in the middle of it.
class ErrorReport {
public:
  explicit ErrorReport(const char *Fmt, ...)
      __attribute__((format(printf, 2, 3)));
  static void line(const char *Fmt, ...) __attribute__((format(printf, 1, 2)));
  // The SUMMARY line and the closing rule.
  static void summary(const char *Fmt, ...)
      __attribute__((format(printf, 1, 2)));
};

} // namespace cubicle

#endif // CUBICLE_RUNTIME_REPORT_H
