//===- InsnDecode.h - Memory accesses of one x86-64 instruction -----------===//
//
// Fault reports say what kind of access faulted and how wide ("READ of size
// 4"), as AddressSanitizer's do; the CPU tells only the address.  This
// decoder recovers, for the instruction at the faulting PC, each memory
// access it makes: where, how wide, read or write.
//
// Where: computed from the registers (ModRM/SIB/displacement, RIP-relative,
// implicit string and stack operands).  FS/GS bases are not known here; an
// operand with a segment override is marked so.
//
// How wide: an upper bound (a masked AVX-512 load counts as its full vector
// length).  Instructions it does not know are reported as unknown.
//
// Isolation never depends on this decoder: the window emulation masks whole
// pages instead (Fault.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_INSNDECODE_H
#define CUBICLE_RUNTIME_INSNDECODE_H

#include <stddef.h>
#include <stdint.h>

namespace cubicle {

struct MemAccess {
  uint64_t Addr;  // effective address, unless Segmented
  uint32_t Width; // bytes (an upper bound)
  bool Write;
  bool Segmented; // FS/GS override: Addr lacks the segment base
};

// General-purpose registers in encoding order (rax, rcx, rdx, rbx, rsp, rbp,
// rsi, rdi, r8..r15) and the address of the instruction.
struct RegView {
  uint64_t Gpr[16];
  uint64_t Rip;
};
enum { kRax, kRcx, kRdx, kRbx, kRsp, kRbp, kRsi, kRdi };

struct DecodedInsn {
  bool Known = false; // false: not understood, refuse
  unsigned Length = 0;
  int NumAccesses = 0;
  MemAccess Accesses[3];
};

// Decodes the instruction at Code (at most Avail bytes readable).
DecodedInsn decodeInsn(const uint8_t *Code, size_t Avail, const RegView &R);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_INSNDECODE_H
