//===- InsnDecode.cpp - Memory accesses of one x86-64 instruction ---------===//
//
// Covers what compiled C and C++ and libc's string functions use to touch
// memory: legacy integer instructions, x87 loads and stores, SSE to SSE4.2,
// AVX/AVX2 (VEX) and AVX-512 (EVEX) moves and arithmetic, BMI.  See the
// header for the rules (widths are upper bounds).
//
//===----------------------------------------------------------------------===//

#include "scan/InsnDecode.h"
#include "scan/InsnDecoder.h"

namespace cubicle {
namespace decoder {

DecodedInsn Decoder::run() {
  // Legacy prefixes, then REX.
  for (; have(1); ++Pos) {
    uint8_t B = C[Pos];
    if (B == 0x66)
      P.Op16 = true;
    else if (B == 0xF3)
      P.Rep = true, P.Repne = false;
    else if (B == 0xF2)
      P.Repne = true, P.Rep = false;
    else if (B == 0x67)
      P.Addr32 = true;
    else if (B == 0x64 || B == 0x65)
      P.Seg = true;
    else if (B == 0xF0 || B == 0x2E || B == 0x36 || B == 0x3E || B == 0x26)
      continue;
    else
      break;
  }
  if (have(1) && (C[Pos] & 0xF0) == 0x40) {
    P.RexW = C[Pos] & 8;
    P.RexX = C[Pos] & 2;
    P.RexB = C[Pos] & 1;
    ++Pos;
  }
  if (!have(1))
    return unknown();
  Op = C[Pos++];
  DecodedInsn *Result = nullptr;
  if (Op == 0xC5 || Op == 0xC4) {
    // VEX.  (In 64-bit mode C4/C5 are always VEX.)  R, X, B are inverted.
    unsigned Pp, L, W = 0;
    VMap = 1;
    if (Op == 0xC5) {
      if (!have(2))
        return unknown();
      uint8_t B1 = C[Pos++];
      Pp = B1 & 3;
      L = (B1 >> 2) & 1;
    } else {
      if (!have(3))
        return unknown();
      uint8_t B1 = C[Pos++], B2 = C[Pos++];
      VMap = B1 & 0x1F;
      P.RexX = !(B1 & 0x40);
      P.RexB = !(B1 & 0x20);
      W = B2 >> 7;
      Pp = B2 & 3;
      L = (B2 >> 2) & 1;
    }
    P.RexW = W;
    Sp = Space::Vex;
    Op = C[Pos++];
    Result = &vex(VMap, Pp, L, W, Op);
  } else if (Op == 0x62) {
    // EVEX.  (62 is not BOUND in 64-bit mode.)
    if (!have(4))
      return unknown();
    uint8_t P0 = C[Pos++], P1 = C[Pos++], P2 = C[Pos++];
    VMap = P0 & 7;
    P.RexX = !(P0 & 0x40);
    P.RexB = !(P0 & 0x20);
    unsigned Pp = P1 & 3;
    unsigned LL = (P2 >> 5) & 3;
    EvexBcst = (P2 >> 4) & 1;
    if (LL == 3)
      return unknown();
    P.RexW = P1 >> 7;
    VecLen = 16u << LL;
    Sp = Space::Evex;
    Op = C[Pos++];
    Result = &evex(VMap, Pp, VecLen, Op);
  } else if (Op == 0x0F) {
    if (!have(1))
      return unknown();
    uint8_t Op2 = C[Pos++];
    if (Op2 == 0x38 || Op2 == 0x3A) {
      if (!have(1))
        return unknown();
      Sp = Op2 == 0x38 ? Space::Map0F38 : Space::Map0F3A;
      Op = C[Pos++];
      Result = Op2 == 0x38 ? &map0F38(Op) : &map0F3A(Op);
    } else {
      Sp = Space::Map0F;
      Op = Op2;
      Result = &map0F(Op);
    }
  } else {
    Result = &legacy(Op);
  }
  if (!Result->Known || !finish())
    return unknown();
  return D;
}

bool Decoder::hasModrm() const {
  switch (Sp) {
  case Space::Legacy:
    if (Op < 0x40)
      return (Op & 7) < 4;
    return Op == 0x63 || Op == 0x69 || Op == 0x6B ||
           (Op >= 0x80 && Op <= 0x8F) || Op == 0xC0 || Op == 0xC1 ||
           Op == 0xC6 || Op == 0xC7 || (Op >= 0xD0 && Op <= 0xD3) ||
           (Op >= 0xD8 && Op <= 0xDF) || Op == 0xF6 || Op == 0xF7 ||
           Op == 0xFE || Op == 0xFF;
  case Space::Map0F:
    return !((Op >= 0x04 && Op <= 0x0B) || (Op >= 0x30 && Op <= 0x37) ||
             Op == 0x77 || (Op >= 0x80 && Op <= 0x8F) ||
             (Op >= 0xA0 && Op <= 0xA2) || (Op >= 0xA8 && Op <= 0xAA) ||
             (Op >= 0xC8 && Op <= 0xCF));
  case Space::Vex:
    return !(VMap == 1 && Op == 0x77);
  default:
    return true;
  }
}

unsigned Decoder::immSize(uint8_t ModRM) const {
  const unsigned Z = P.Op16 ? 2 : 4;
  switch (Sp) {
  case Space::Legacy:
    if (Op < 0x40)
      return (Op & 7) == 4 ? 1 : (Op & 7) == 5 ? Z : 0;
    if (Op == 0xA0 || Op == 0xA1 || Op == 0xA2 || Op == 0xA3)
      return P.Addr32 ? 4 : 8;
    if ((Op >= 0x70 && Op <= 0x7F) || Op == 0x6A || Op == 0x6B ||
        Op == 0x80 || Op == 0x82 || Op == 0x83 || Op == 0xA8 ||
        (Op >= 0xB0 && Op <= 0xB7) || Op == 0xC0 || Op == 0xC1 ||
        Op == 0xC6 || Op == 0xCD || (Op >= 0xE0 && Op <= 0xE3) || Op == 0xEB)
      return 1;
    if (Op == 0x68 || Op == 0x69 || Op == 0x81 || Op == 0xA9 || Op == 0xC7)
      return Z;
    if (Op >= 0xB8 && Op <= 0xBF)
      return P.RexW ? 8 : Z;
    if (Op == 0xC2)
      return 2;
    if (Op == 0xC8)
      return 3;
    if (Op == 0xE8 || Op == 0xE9)
      return 4;
    if ((Op == 0xF6 || Op == 0xF7) && ((ModRM >> 3) & 7) < 2)
      return Op == 0xF6 ? 1 : Z;
    return 0;
  case Space::Map0F:
    if (Op >= 0x80 && Op <= 0x8F)
      return 4;
    // 0F C3 (movnti) is the one in C2-C6 without an immediate.
    return (Op >= 0x70 && Op <= 0x73) || Op == 0xA4 || Op == 0xAC ||
                   Op == 0xBA || Op == 0xC2 || (Op >= 0xC4 && Op <= 0xC6)
               ? 1
               : 0;
  case Space::Map0F3A:
    return 1;
  case Space::Map0F38:
    return 0;
  case Space::Vex:
  case Space::Evex:
    if (VMap == 3)
      return 1;
    return VMap == 1 && ((Op >= 0x70 && Op <= 0x73) || Op == 0xC2 ||
                         Op == 0xC4 || Op == 0xC5 || Op == 0xC6)
               ? 1
               : 0;
  }
  return 0;
}

static int64_t readSigned(const uint8_t *P, unsigned Bytes) {
  if (Bytes == 1)
    return int8_t(P[0]);
  uint32_t V = uint32_t(P[0]) | uint32_t(P[1]) << 8 | uint32_t(P[2]) << 16 |
               uint32_t(P[3]) << 24;
  return int32_t(V);
}

// Parses ModRM, SIB, displacement and immediate; computes the ModRM
// operand's effective address and the instruction's length.
bool Decoder::finish() {
  uint8_t M = 0;
  if (hasModrm()) {
    if (!modrm(M))
      return false;
    ++Pos;
    if (isMem(M)) {
      unsigned Mod = M >> 6, Rm = M & 7;
      uint64_t Ea = 0;
      bool RipRel = false;
      unsigned DispBytes = Mod == 1 ? 1 : Mod == 2 ? 4 : 0;
      if (Rm == 4) {
        if (!have(1))
          return false;
        uint8_t Sib = C[Pos++];
        unsigned Scale = Sib >> 6;
        unsigned Index = ((Sib >> 3) & 7) | (P.RexX ? 8 : 0);
        unsigned Base = (Sib & 7) | (P.RexB ? 8 : 0);
        if (Index != 4)
          Ea += gpr(int(Index)) << Scale;
        if ((Sib & 7) == 5 && Mod == 0)
          DispBytes = 4;
        else
          Ea += gpr(int(Base));
      } else if (Rm == 5 && Mod == 0) {
        RipRel = true;
        DispBytes = 4;
      } else {
        Ea += gpr(int(Rm | (P.RexB ? 8 : 0)));
      }
      if (!have(DispBytes))
        return false;
      int64_t Disp = DispBytes ? readSigned(C + Pos, DispBytes) : 0;
      Pos += DispBytes;
      if (Sp == Space::Evex && DispBytes == 1) {
        // disp8*N: N is the vector length for full-vector operands and the
        // element size for broadcasts.  Other tuple types scale by less,
        // so the caller cross-checks the address with the fault address.
        Disp *= EvexBcst ? (P.RexW ? 8 : 4) : VecLen;
      }
      Ea += uint64_t(Disp);
      unsigned Imm = immSize(M);
      if (!have(Imm))
        return false;
      Pos += Imm;
      if (RipRel)
        Ea += R.Rip + Pos;
      if (P.Addr32)
        Ea &= 0xffffffffu;
      if (RmWidth)
        D.Accesses[D.NumAccesses++] = {Ea, RmWidth, RmWrite, P.Seg};
      D.Length = unsigned(Pos);
      return true;
    }
  }
  unsigned Imm = immSize(M);
  if (!have(Imm))
    return false;
  Pos += Imm;
  D.Length = unsigned(Pos);
  return true;
}

} // namespace decoder

DecodedInsn decodeInsn(const uint8_t *Code, size_t Avail, const RegView &R) {
  return decoder::Decoder(Code, Avail, R).run();
}

} // namespace cubicle
