//===- WindowSpec.h - Window specs of entry points, evaluated per call ----===//
#ifndef CUBICLE_RUNTIME_WINDOWSPEC_H
#define CUBICLE_RUNTIME_WINDOWSPEC_H

#include "cubicle/abi.h"

#include <stddef.h>
#include <stdint.h>

namespace cubicle {

// The caller's block on its stack in the generic entry (see Switch.S).
constexpr size_t kXmmBytes = 128;
constexpr int kSlotR9 = 0, kSlotR8 = 1, kSlotRcx = 2, kSlotRdx = 3,
              kSlotRsi = 4, kSlotRdi = 5, kSlotRax = 6;
constexpr size_t kArgRegBytes = 7 * 8, kSavedBytes = 6 * 8;
// Annotated windows below kLendInPlace bytes are copied onto the callee's
// stack (at most kMaxBounce bytes of copies per call): cheaper than any
// system call, and the callee sees exactly the bytes lent.  Larger ones, and
// those that no longer fit, are lent in place for the call (lendForCall,
// windows/Windows.h): no copy, whole pages at full speed, at most the two
// partial pages at its ends emulated.
constexpr size_t kLendInPlace = size_t(64) << 10;
constexpr size_t kMaxBounce = size_t(1) << 20;

// A window spec in the binary form of cubicle/abi.h, read in place.  Entry
// records and their specs are read-only and checked genuine, so a spec is
// the compiler's; the accessors still stay within the counts the header
// gives.
class WindowSpec {
public:
  explicit WindowSpec(const uint8_t *Bytes) : B(Bytes) {}
  // Whether the header is one this runtime reads (version and limits).
  bool valid() const {
    return B[0] == CUBICLE_WSPEC_VERSION &&
           numParams() <= CUBICLE_WSPEC_MAX_PARAMS &&
           numWindows() <= CUBICLE_WSPEC_MAX_WINDOWS &&
           numOps() <= CUBICLE_WSPEC_MAX_OPS;
  }
  unsigned numParams() const { return B[1]; }
  unsigned numWindows() const { return B[2]; }
  unsigned numOps() const { return B[3]; }

  struct Location {
    unsigned Kind;  // CUBICLE_WLOC_*
    unsigned Value; // register number or stack offset
  };
  Location param(unsigned I) const {
    unsigned V = unsigned(B[CUBICLE_WSPEC_HEADER + 2 * I]) |
                 unsigned(B[CUBICLE_WSPEC_HEADER + 2 * I + 1]) << 8;
    return {V >> CUBICLE_WLOC_SHIFT, V & ((1u << CUBICLE_WLOC_SHIFT) - 1)};
  }

  struct Window {
    unsigned Param, Kind; // CUBICLE_WKIND_*; Param: the parent, for a field
    unsigned Begin, End;  // its size expression: ops [Begin, End)
    unsigned Flags;       // CUBICLE_WFLAG_*
    unsigned FieldOffset; // CUBICLE_WFLAG_FIELD: the pointer's offset
  };
  Window window(unsigned I) const {
    const uint8_t *W = B + CUBICLE_WSPEC_WINDOWS(numParams()) +
                       CUBICLE_WSPEC_WINDOW_BYTES * I;
    return {W[0], W[1], W[2], W[3], W[4], unsigned(W[6]) | unsigned(W[7]) << 8};
  }

  // The ops, u64 each (read with memcpy: no alignment is promised).
  const uint8_t *ops() const {
    return B + CUBICLE_WSPEC_OPS(numParams(), numWindows());
  }
  uint64_t op(unsigned I) const {
    uint64_t V;
    __builtin_memcpy(&V, ops() + 8 * I, 8);
    return V;
  }

private:
  const uint8_t *B;
};

// The size of window W of Spec, from the parameter values Args (bit I of
// Known set if parameter I is an integer the caller could read) and, for a
// field window, the fields of its parent struct Struct (StructSize bytes,
// the caller's), into Out.
enum class SizeResult {
  Ok,
  Malformed, // ops out of range or unbalanced, an unknown parameter
  Unreadable, // a size passed by pointer that the caller cannot read
  Overflow,  // overflow, division by zero, a shift by 64 or more
  OverCap,   // more than Cap
};
// Loads a Width-byte integer at Addr for CUBICLE_WOP_LOAD, if the caller
// may read it; Width 0: the size of the string at Addr with its NUL, for
// CUBICLE_WOP_LEN_OR_CSTR (Ptr: the window's pointer).
using SizeLoader = bool (*)(const void *Ctx, uint64_t Addr, unsigned Width,
                            uint64_t &Out);
// Sized: for a result's window at the return, what the function's size
// function returned (CUBICLE_WOP_SIZED); null elsewhere.
SizeResult evalWindowSize(const WindowSpec &Spec, unsigned W,
                          const uint64_t *Args, uint32_t Known, uint64_t Cap,
                          uint64_t &Out, const uint8_t *Struct = nullptr,
                          size_t StructSize = 0, SizeLoader Load = nullptr,
                          const void *LoadCtx = nullptr, uint64_t Ptr = 0,
                          const uint64_t *Sized = nullptr);

// Whether window W's size is its function's size function's
// (CUBICLE_WOP_SIZED).
inline bool usesSizedOp(const WindowSpec &Spec, unsigned W) {
  if (W >= Spec.numWindows())
    return false;
  WindowSpec::Window Win = Spec.window(W);
  for (unsigned K = Win.Begin; K < Win.End && K < Spec.numOps(); ++K)
    if ((Spec.op(K) >> CUBICLE_WOP_SHIFT) == CUBICLE_WOP_SIZED)
      return true;
  return false;
}

// Where parameter I lives in the caller's block (registers Regs, stack
// arguments StackArgs), or null if it is not an integer the spec places.
// Inline: the generic entry asks it for every parameter of every call.
// The slot in the block of integer argument register R (0-5: RDI..R9).
inline int regArgSlot(unsigned R) {
  static constexpr int RegSlot[6] = {kSlotRdi, kSlotRsi, kSlotRdx,
                                     kSlotRcx, kSlotR8,  kSlotR9};
  return RegSlot[R];
}

inline uint64_t *argSlot(const WindowSpec &Spec, unsigned I, uint64_t *Regs,
                         char *StackArgs) {
  if (I >= Spec.numParams())
    return nullptr;
  WindowSpec::Location L = Spec.param(I);
  if (L.Kind == CUBICLE_WLOC_REG && L.Value < 6)
    return &Regs[regArgSlot(L.Value)];
  if (L.Kind == CUBICLE_WLOC_STACK && L.Value % 8 == 0)
    return reinterpret_cast<uint64_t *>(StackArgs + L.Value);
  return nullptr;
}

} // namespace cubicle

#endif // CUBICLE_RUNTIME_WINDOWSPEC_H
