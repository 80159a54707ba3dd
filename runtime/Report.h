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

} // namespace cubicle

#endif // CUBICLE_RUNTIME_REPORT_H
