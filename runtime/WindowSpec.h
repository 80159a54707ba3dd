//===- WindowSpec.h - Window specs of entry points, evaluated per call ----===//
#ifndef CUBICLE_RUNTIME_WINDOWSPEC_H
#define CUBICLE_RUNTIME_WINDOWSPEC_H

#include "Runtime.h"

namespace cubicle {

// The caller's block on its stack in the generic entry (see Switch.S).
constexpr size_t kXmmBytes = 128;
constexpr int kSlotR9 = 0, kSlotR8 = 1, kSlotRcx = 2, kSlotRdx = 3,
              kSlotRsi = 4, kSlotRdi = 5, kSlotRax = 6;
constexpr size_t kArgRegBytes = 7 * 8, kSavedBytes = 6 * 8;
// Bytes of windows copied onto the callee's stack, per call.
constexpr size_t kMaxBounce = size_t(1) << 20;

// A window's size expression, compiled from the spec's RPN text once (the
// spec cache keeps it), so that a call evaluates ops, not text.
enum class SizeOp : uint8_t { Param, Const, Add, Sub, Mul, Div, Rem, Shl, Shr };
struct SizeInsn {
  SizeOp Op;
  uint64_t V; // the parameter's index, or the constant
};
constexpr int kMaxSizeInsns = 32; // for all windows of a call

struct SpecWindow {
  int Param;
  char Kind; // w, r, s
  uint8_t Begin, End; // its ops in Spec::Ops
};

struct Spec {
  int NumParams = 0;
  char LocKind[16];
  unsigned LocIdx[16];
  int NumWindows = 0;
  SpecWindow W[kMaxCallWindows];
  int NumOps = 0;
  SizeInsn Ops[kMaxSizeInsns];
};

// Parses spec text S; false if it is malformed.
bool parseSpec(const char *S, Spec &Out);
// The parse of the spec at S (read-only: one parse per address), or null.
const Spec *cachedSpec(const char *S);
// Where parameter I lives in the caller's block (registers Regs, stack
// arguments StackArgs), or null if the spec does not say.
uint64_t *argSlot(const Spec &Sp, int I, uint64_t *Regs, char *StackArgs);
// Evaluates window W's size; false on overflow or a bad parameter.
bool evalSize(const Spec &Sp, const SpecWindow &W, uint64_t *Regs,
              char *StackArgs, uint64_t &Out);
// Length of the string at P including its NUL, reading only pages C may.
bool stringSize(const Cubicle &C, uintptr_t P, uint64_t &Out);
// May cubicle C read (or write) [P, P + Len)?  Its own memory, the trusted
// base's, or memory lent to it through a window; never the runtime's.
bool callerMay(const Cubicle &C, uintptr_t P, size_t Len, bool Write);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_WINDOWSPEC_H
