//===- InsnDecoder.h - The decoder's state, shared by its two halves ------===//
//
// Internal to the decoder: InsnDecode.cpp holds the prefixes, ModRM/SIB and
// the driver; InsnOpcodeMaps.cpp the opcode maps (legacy, x87, 0F, 0F38,
// 0F3A, VEX, EVEX), which say for each opcode whether and how wide it
// touches memory.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_INSNDECODER_H
#define CUBICLE_RUNTIME_INSNDECODER_H

#include "scan/InsnDecode.h"

namespace cubicle {
namespace decoder {

struct Prefixes {
  bool Op16 = false;   // 66
  bool Rep = false;    // F3
  bool Repne = false;  // F2
  bool Addr32 = false; // 67
  bool Seg = false;    // FS or GS override
  bool RexW = false, RexX = false, RexB = false;
};

// Where the opcode came from, for ModRM presence and immediate sizes.
enum class Space { Legacy, Map0F, Map0F38, Map0F3A, Vex, Evex };

// Mandatory-prefix selector for SSE forms: 0 none, 1 66, 2 F3, 3 F2.
inline int ppOf(const Prefixes &P) {
  if (P.Rep)
    return 2;
  if (P.Repne)
    return 3;
  return P.Op16 ? 1 : 0;
}

class Decoder {
public:
  Decoder(const uint8_t *C, size_t N, const RegView &R) : C(C), N(N), R(R) {}
  DecodedInsn run();

private:
  const uint8_t *C;
  size_t N;
  size_t Pos = 0;
  const RegView &R;
  DecodedInsn D;
  Prefixes P;
  Space Sp = Space::Legacy;
  unsigned VMap = 0; // VEX/EVEX map
  uint8_t Op = 0;
  unsigned VecLen = 0; // EVEX: vector length, for disp8*N
  bool EvexBcst = false;
  // The ModRM memory operand the semantics asked for (width 0: none).
  unsigned RmWidth = 0;
  bool RmWrite = false;

  bool hasModrm() const;
  unsigned immSize(uint8_t ModRM) const;
  bool finish();

  bool have(size_t K) const { return Pos + K <= N; }
  unsigned osz() const { return P.RexW ? 8 : P.Op16 ? 2 : 4; }
  // The ModRM byte at Pos (not consumed).
  bool modrm(uint8_t &M) const {
    if (!have(1))
      return false;
    M = C[Pos];
    return true;
  }
  bool isMem(uint8_t M) const { return (M >> 6) != 3; }
  unsigned reg(uint8_t M) const { return (M >> 3) & 7; }

  DecodedInsn &known() {
    D.Known = true;
    return D;
  }
  DecodedInsn &unknown() {
    D.Known = false;
    D.NumAccesses = 0;
    return D;
  }
  // An implicit operand.  Seg: whether a segment override applies to it
  // (the source of string instructions; never the stack or ES:rdi).
  void addAt(uint64_t Addr, unsigned Width, bool Write, bool Seg = false) {
    D.Accesses[D.NumAccesses++] = {Addr, Width, Write, Seg && P.Seg};
  }
  uint64_t gpr(int I) const { return R.Gpr[I]; }
  // The ModRM operand, if it is memory; its address is computed in finish().
  DecodedInsn &rm(unsigned Width, bool Write) {
    uint8_t M;
    if (!modrm(M))
      return unknown();
    RmWidth = Width;
    RmWrite = Write;
    return known();
  }

  DecodedInsn &legacy(uint8_t Op);
  DecodedInsn &map0F(uint8_t Op);
  DecodedInsn &map0F38(uint8_t Op);
  DecodedInsn &map0F3A(uint8_t Op);
  DecodedInsn &x87(uint8_t Op);
  DecodedInsn &vex(unsigned Map, unsigned Pp, bool L, bool W, uint8_t Op);
  DecodedInsn &evex(unsigned Map, unsigned Pp, unsigned VL, uint8_t Op);
};

} // namespace decoder
} // namespace cubicle

#endif // CUBICLE_RUNTIME_INSNDECODER_H
