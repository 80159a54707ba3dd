//===- WindowSpec.cpp - Window specs of entry points, evaluated per call --===//
//
// An entry record's window spec (cubicle/abi.h) says which parameters are
// lent and how large each window is, in a binary form the pass compiled:
// each call evaluates the size ops against its arguments, with overflow
// checked, and nothing is parsed at run time.  A field window's size may
// read integer fields of the struct its parent window lends.  Pure: no runtime state, so
// that unit tests drive it as it is.
//
//===----------------------------------------------------------------------===//

#include "gates/WindowSpec.h"

namespace cubicle {

SizeResult evalWindowSize(const WindowSpec &Spec, unsigned W,
                          const uint64_t *Args, uint32_t Known, uint64_t Cap,
                          uint64_t &Out, const uint8_t *Struct,
                          size_t StructSize, SizeLoader Load,
                          const void *LoadCtx, uint64_t Ptr,
                          const uint64_t *Sized) {
  if (W >= Spec.numWindows())
    return SizeResult::Malformed;
  WindowSpec::Window Win = Spec.window(W);
  if (Win.Begin >= Win.End || Win.End > Spec.numOps())
    return SizeResult::Malformed;
  uint64_t Stack[CUBICLE_WSPEC_MAX_OPS];
  unsigned N = 0;
  const uint8_t *Ops = Spec.ops();
  for (unsigned K = Win.Begin; K < Win.End; ++K) {
    uint64_t Op;
    __builtin_memcpy(&Op, Ops + 8 * K, 8);
    unsigned Code = unsigned(Op >> CUBICLE_WOP_SHIFT);
    uint64_t V = Op & ((uint64_t(1) << CUBICLE_WOP_SHIFT) - 1);
    if (Code == CUBICLE_WOP_PARAM || Code == CUBICLE_WOP_CONST) {
      if (Code == CUBICLE_WOP_PARAM) {
        if (V >= 32 || !(Known & (1u << V)))
          return SizeResult::Malformed;
        V = Args[V];
      }
      Stack[N++] = V; // N < ops in the window <= CUBICLE_WSPEC_MAX_OPS
      continue;
    }
    if (Code == CUBICLE_WOP_FIELD) {
      size_t Off = V & 0xffff, Width = V >> 16;
      if (!Struct || (Width != 1 && Width != 2 && Width != 4 && Width != 8) ||
          Off + Width > StructSize)
        return SizeResult::Malformed;
      uint64_t F = 0;
      __builtin_memcpy(&F, Struct + Off, Width); // little-endian
      Stack[N++] = F;
      continue;
    }
    if (Code == CUBICLE_WOP_LOAD) {
      if (N < 1 || (V != 1 && V != 2 && V != 4 && V != 8) || !Load)
        return SizeResult::Malformed;
      uint64_t L = 0;
      if (!Load(LoadCtx, Stack[N - 1], unsigned(V), L))
        return SizeResult::Unreadable;
      Stack[N - 1] = L;
      continue;
    }
    if (Code == CUBICLE_WOP_LEN_OR_CSTR) {
      // SQLite's n < 0: the string at the window's pointer, NUL included.
      if (N < 1 || (V != 4 && V != 8) || !Load)
        return SizeResult::Malformed;
      int64_t Signed = V == 4 ? int64_t(int32_t(Stack[N - 1]))
                              : int64_t(Stack[N - 1]);
      if (Signed >= 0) {
        Stack[N - 1] = uint64_t(Signed);
        continue;
      }
      uint64_t L = 0;
      if (!Ptr || !Load(LoadCtx, Ptr, 0, L))
        return SizeResult::Unreadable;
      Stack[N - 1] = L;
      continue;
    }
    if (Code == CUBICLE_WOP_SIZED) {
      if (!Sized)
        return SizeResult::Malformed; // only a result's, at the return
      Stack[N++] = *Sized;
      continue;
    }
    if (N < 2)
      return SizeResult::Malformed;
    uint64_t B = Stack[--N], A = Stack[--N], R = 0;
    bool Bad;
    switch (Code) {
    case CUBICLE_WOP_ADD:
      Bad = __builtin_add_overflow(A, B, &R);
      break;
    case CUBICLE_WOP_SUB:
      Bad = __builtin_sub_overflow(A, B, &R);
      break;
    case CUBICLE_WOP_MUL:
      Bad = __builtin_mul_overflow(A, B, &R);
      break;
    case CUBICLE_WOP_DIV:
      Bad = B == 0, R = B ? A / B : 0;
      break;
    case CUBICLE_WOP_REM:
      Bad = B == 0, R = B ? A % B : 0;
      break;
    case CUBICLE_WOP_SHL:
      Bad = B >= 64 || (A << B) >> B != A, R = B < 64 ? A << B : 0;
      break;
    case CUBICLE_WOP_SHR:
      Bad = B >= 64, R = B < 64 ? A >> B : 0;
      break;
    default:
      return SizeResult::Malformed;
    }
    if (Bad)
      return SizeResult::Overflow;
    Stack[N++] = R;
  }
  if (N != 1)
    return SizeResult::Malformed;
  if (Stack[0] > Cap)
    return SizeResult::OverCap;
  Out = Stack[0];
  return SizeResult::Ok;
}

} // namespace cubicle
