//===- InsnDecode.cpp - Memory accesses of one x86-64 instruction ---------===//
//
// Covers what compiled C and C++ and libc's string functions use to touch
// memory: legacy integer instructions, x87 loads and stores, SSE to SSE4.2,
// AVX/AVX2 (VEX) and AVX-512 (EVEX) moves and arithmetic, BMI.  See the
// header for the rules (widths are upper bounds).
//
//===----------------------------------------------------------------------===//

#include "InsnDecode.h"

namespace cubicle {

namespace {

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
int ppOf(const Prefixes &P) {
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
    return (Op >= 0x70 && Op <= 0x73) || Op == 0xA4 || Op == 0xAC ||
                   Op == 0xBA || (Op >= 0xC2 && Op <= 0xC6)
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

DecodedInsn &Decoder::legacy(uint8_t Op) {
  const unsigned W = osz();
  if (Op < 0x40 && (Op & 7) < 4) {
    // ALU r/m forms: add or adc sbb and sub xor cmp.
    bool ToRm = (Op & 7) < 2;
    bool Cmp = (Op >> 3) == 7;
    return rm((Op & 1) ? W : 1, ToRm && !Cmp);
  }
  if (Op < 0x40)
    return known(); // AL/eAX immediates, and invalid in 64-bit mode
  if (Op >= 0x50 && Op <= 0x57) {
    addAt(gpr(kRsp) - 8, 8, true);
    return known();
  }
  if (Op >= 0x58 && Op <= 0x5F) {
    addAt(gpr(kRsp), 8, false);
    return known();
  }
  uint8_t M = 0;
  switch (Op) {
  case 0x63: // movsxd
    return rm(P.RexW ? 4 : W, false);
  case 0x68:
  case 0x6A:
  case 0x9C: // push imm, pushf
  case 0xE8: // call rel
    addAt(gpr(kRsp) - 8, 8, true);
    return known();
  case 0x9D: // popf
  case 0xC2:
  case 0xC3: // ret
    addAt(gpr(kRsp), 8, false);
    return known();
  case 0xC9: // leave: reads the saved frame pointer at rbp
    addAt(gpr(kRbp), 8, false);
    return known();
  case 0x69:
  case 0x6B: // imul r, r/m, imm
    return rm(W, false);
  case 0x80:
  case 0x82:
    if (!modrm(M))
      return unknown();
    return rm(1, reg(M) != 7);
  case 0x81:
  case 0x83:
    if (!modrm(M))
      return unknown();
    return rm(W, reg(M) != 7);
  case 0x84:
  case 0x85: // test
    return rm(Op & 1 ? W : 1, false);
  case 0x86:
  case 0x87: // xchg
    return rm(Op & 1 ? W : 1, true);
  case 0x88:
  case 0x89:
    return rm(Op & 1 ? W : 1, true);
  case 0x8A:
  case 0x8B:
    return rm(Op & 1 ? W : 1, false);
  case 0x8C:
    return rm(2, true);
  case 0x8D: // lea: no access
    return known();
  case 0x8E:
    return rm(2, false);
  case 0x8F: // pop r/m
    addAt(gpr(kRsp), 8, false);
    return rm(P.Op16 ? 2 : 8, true);
  case 0xA0:
  case 0xA1:
  case 0xA2:
  case 0xA3: { // mov moffs: a 64-bit (32 with 67) absolute address
    unsigned Bytes = P.Addr32 ? 4 : 8;
    if (!have(Bytes))
      return unknown();
    uint64_t A = 0;
    for (unsigned I = 0; I < Bytes; ++I)
      A |= uint64_t(C[Pos + I]) << (8 * I);
    addAt(A, Op & 1 ? W : 1, Op >= 0xA2, true);
    return known();
  }
  case 0xA4:
  case 0xA5: // movs
    addAt(gpr(kRsi), Op & 1 ? W : 1, false, true);
    addAt(gpr(kRdi), Op & 1 ? W : 1, true);
    return known();
  case 0xA6:
  case 0xA7: // cmps
    addAt(gpr(kRsi), Op & 1 ? W : 1, false, true);
    addAt(gpr(kRdi), Op & 1 ? W : 1, false);
    return known();
  case 0xAA:
  case 0xAB: // stos
    addAt(gpr(kRdi), Op & 1 ? W : 1, true);
    return known();
  case 0xAC:
  case 0xAD: // lods
    addAt(gpr(kRsi), Op & 1 ? W : 1, false, true);
    return known();
  case 0xAE:
  case 0xAF: // scas
    addAt(gpr(kRdi), Op & 1 ? W : 1, false);
    return known();
  case 0xC0:
  case 0xD0:
  case 0xD2: // shifts, byte
    return rm(1, true);
  case 0xC1:
  case 0xD1:
  case 0xD3:
    return rm(W, true);
  case 0xC6:
    return rm(1, true);
  case 0xC7:
    return rm(W, true);
  case 0xD7: // xlat
    addAt(gpr(kRbx) + (gpr(kRax) & 0xff), 1, false, true);
    return known();
  case 0xF6:
  case 0xF7:
    if (!modrm(M))
      return unknown();
    return rm(Op & 1 ? W : 1, reg(M) == 2 || reg(M) == 3);
  case 0xFE:
    if (!modrm(M) || reg(M) > 1)
      return unknown();
    return rm(1, true);
  case 0xFF:
    if (!modrm(M))
      return unknown();
    switch (reg(M)) {
    case 0:
    case 1:
      return rm(W, true);
    case 2: // call r/m
      addAt(gpr(kRsp) - 8, 8, true);
      return rm(8, false);
    case 4: // jmp r/m
      return rm(8, false);
    case 6: // push r/m
      addAt(gpr(kRsp) - 8, 8, true);
      return rm(P.Op16 ? 2 : 8, false);
    default:
      return unknown(); // far call/jmp
    }
  }
  if (Op >= 0xD8 && Op <= 0xDF)
    return x87(Op);
  // Everything else with no memory operand: moves of immediates to
  // registers, jumps, flag and string-less one-byte instructions.
  if ((Op >= 0x70 && Op <= 0x7F) || (Op >= 0x90 && Op <= 0x99) ||
      (Op >= 0xB0 && Op <= 0xBF) || (Op >= 0xE0 && Op <= 0xE3) ||
      Op == 0xE9 || Op == 0xEB || Op == 0xA8 || Op == 0xA9 || Op == 0xCC ||
      Op == 0xF4 || Op == 0xF5 || (Op >= 0xF8 && Op <= 0xFD))
    return known();
  return unknown();
}

DecodedInsn &Decoder::x87(uint8_t Op) {
  uint8_t M;
  if (!modrm(M))
    return unknown();
  if (!isMem(M))
    return known();
  unsigned Reg = reg(M);
  struct Form {
    uint8_t Width;
    bool Write;
  };
  // Widths by opcode and /reg; 0: refuse (environment and state images).
  static const Form Forms[8][8] = {
      /*D8*/ {{4, 0}, {4, 0}, {4, 0}, {4, 0}, {4, 0}, {4, 0}, {4, 0}, {4, 0}},
      /*D9*/ {{4, 0}, {0, 0}, {4, 1}, {4, 1}, {0, 0}, {2, 0}, {0, 0}, {2, 1}},
      /*DA*/ {{4, 0}, {4, 0}, {4, 0}, {4, 0}, {4, 0}, {4, 0}, {4, 0}, {4, 0}},
      /*DB*/ {{4, 0}, {4, 1}, {4, 1}, {4, 1}, {0, 0}, {10, 0}, {0, 0}, {10, 1}},
      /*DC*/ {{8, 0}, {8, 0}, {8, 0}, {8, 0}, {8, 0}, {8, 0}, {8, 0}, {8, 0}},
      /*DD*/ {{8, 0}, {8, 1}, {8, 1}, {8, 1}, {0, 0}, {0, 0}, {0, 0}, {2, 1}},
      /*DE*/ {{2, 0}, {2, 0}, {2, 0}, {2, 0}, {2, 0}, {2, 0}, {2, 0}, {2, 0}},
      /*DF*/ {{2, 0}, {2, 1}, {2, 1}, {2, 1}, {10, 0}, {8, 0}, {10, 1}, {8, 1}},
  };
  Form F = Forms[Op - 0xD8][Reg];
  if (!F.Width)
    return unknown();
  return rm(F.Width, F.Write);
}

DecodedInsn &Decoder::map0F(uint8_t Op) {
  const unsigned W = osz();
  const int Pp = ppOf(P);
  // Width of a packed (16) / scalar single (4) / scalar double (8) operand.
  auto sse = [&](bool Scalar) -> unsigned {
    if (Scalar && Pp == 2)
      return 4;
    if (Scalar && Pp == 3)
      return 8;
    return 16u;
  };
  // MMX (no prefix) is 8 bytes, SSE (66) 16.
  auto mmxOrSse = [&]() -> unsigned { return Pp == 0 ? 8 : 16; };
  uint8_t M = 0;
  switch (Op) {
  case 0x10:
    return rm(sse(true), false);
  case 0x11:
    return rm(sse(true), true);
  case 0x12:
    return rm(Pp == 2 ? 16 : 8, false);
  case 0x13:
  case 0x17:
    return rm(8, true);
  case 0x14:
  case 0x15:
    return rm(16, false);
  case 0x16:
    return rm(Pp == 2 ? 16 : 8, false);
  case 0x18: // prefetch: never faults
  case 0x0D:
    return known();
  case 0x01: // register forms only: RDPKRU, WRPKRU, XGETBV, RDTSCP, ...
    if (!modrm(M) || M < 0xC0)
      return unknown();
    return known();
  case 0x19:
  case 0x1A:
  case 0x1B:
  case 0x1C:
  case 0x1D:
  case 0x1E:
  case 0x1F: // hint nops (and endbr64)
    return known();
  case 0x28:
    return rm(16, false);
  case 0x29:
  case 0x2B:
    return rm(16, true);
  case 0x2A:
    return rm(Pp >= 2 ? (P.RexW ? 8 : 4) : 8, false);
  case 0x2C:
  case 0x2D:
    return rm(Pp == 2 ? 4 : Pp == 1 ? 16 : 8, false);
  case 0x2E:
  case 0x2F:
    return rm(Pp == 1 ? 8 : 4, false);
  case 0x5A:
    return rm(Pp == 2 ? 4 : Pp == 3 ? 8 : Pp == 0 ? 8 : 16, false);
  case 0x5B:
    return rm(16, false);
  case 0x6E:
    return rm(P.RexW ? 8 : 4, false);
  case 0x6F:
    return rm(Pp == 0 ? 8 : 16, false);
  case 0x7E:
    if (Pp == 2)
      return rm(8, false);
    return rm(P.RexW ? 8 : 4, true);
  case 0x7F:
    return rm(Pp == 0 ? 8 : 16, true);
  case 0x70:
    return rm(mmxOrSse(), false);
  case 0x71:
  case 0x72:
  case 0x73:
  case 0x77:
    return known();
  case 0xA3:
    return rm(W, false);
  case 0xAB:
  case 0xB3:
  case 0xBB:
  case 0xA4:
  case 0xA5:
  case 0xAC:
  case 0xAD:
  case 0xC1:
    return rm(W, true);
  case 0xAF:
  case 0xB8:
  case 0xBC:
  case 0xBD:
    return rm(W, false);
  case 0xB0:
  case 0xC0:
    return rm(1, true);
  case 0xB1:
    return rm(W, true);
  case 0xB6:
  case 0xBE:
    return rm(1, false);
  case 0xB7:
  case 0xBF:
    return rm(2, false);
  case 0xBA:
    if (!modrm(M) || reg(M) < 4)
      return unknown();
    return rm(W, reg(M) != 4);
  case 0xC2:
    return rm(sse(true), false);
  case 0xC3:
    return rm(P.RexW ? 8 : 4, true);
  case 0xC4:
    return rm(2, false);
  case 0xC5:
    return known();
  case 0xC6:
    return rm(16, false);
  case 0xC7:
    if (!modrm(M) || !isMem(M))
      return known(); // rdrand, rdseed, rdpid
    if (reg(M) != 1)
      return unknown();
    return rm(P.RexW ? 16 : 8, true); // cmpxchg8b/16b
  case 0xAE:
    if (!modrm(M) || !isMem(M))
      return known(); // fences
    switch (reg(M)) {
    case 0:
      return rm(512, true); // fxsave
    case 1:
      return rm(512, false); // fxrstor
    case 2:
      return rm(4, false); // ldmxcsr
    case 3:
      return rm(4, true); // stmxcsr
    case 7:
      return rm(1, false); // clflush
    default:
      return unknown(); // xsave family: size depends on state
    }
  case 0xD6:
    return rm(8, true);
  case 0xE7:
    return rm(mmxOrSse(), true);
  case 0xF0:
    return rm(16, false); // lddqu
  case 0xF7: // maskmovq/maskmovdqu: writes at rdi
    addAt(gpr(kRdi), mmxOrSse(), true);
    return known();
  }
  if (Op >= 0x40 && Op <= 0x4F) // cmov
    return rm(W, false);
  if (Op >= 0x90 && Op <= 0x9F) // setcc
    return rm(1, true);
  if (Op >= 0x80 && Op <= 0x8F) // jcc rel32
    return known();
  if (Op == 0x50 || (Op >= 0xC8 && Op <= 0xCF) || Op == 0x05 || Op == 0x31 ||
      Op == 0xA2 || Op == 0x0B)
    return known(); // movmsk, bswap, syscall, rdtsc, cpuid, ud2
  if (Op >= 0x51 && Op <= 0x5F)
    return rm(sse(true), false);
  if ((Op >= 0x60 && Op <= 0x6D) || (Op >= 0x74 && Op <= 0x76) ||
      (Op >= 0xD0 && Op <= 0xFE))
    return rm(mmxOrSse(), false);
  return unknown();
}

DecodedInsn &Decoder::map0F38(uint8_t Op) {
  const int Pp = ppOf(P);
  if (Op == 0xF0 || Op == 0xF1) {
    if (Pp == 3) // crc32
      return rm(Op == 0xF0 ? 1 : osz(), false);
    return rm(osz(), Op == 0xF1); // movbe
  }
  if (Op >= 0x20 && Op <= 0x35 && (Op & 0xF) <= 5) {
    static const uint8_t Widths[6] = {8, 4, 2, 8, 4, 8};
    return rm(Widths[Op & 0xF], false);
  }
  if (Op <= 0x41 || (Op >= 0xC8 && Op <= 0xCF) || (Op >= 0xDB && Op <= 0xDF))
    return rm(Pp == 0 ? 8 : 16, false);
  return unknown();
}

DecodedInsn &Decoder::map0F3A(uint8_t Op) {
  switch (Op) {
  case 0x14:
    return rm(1, true);
  case 0x15:
    return rm(2, true);
  case 0x16:
    return rm(P.RexW ? 8 : 4, true);
  case 0x17:
    return rm(4, true);
  case 0x20:
    return rm(1, false);
  case 0x21:
    return rm(4, false);
  case 0x22:
    return rm(P.RexW ? 8 : 4, false);
  }
  if (Op <= 0x0F || (Op >= 0x40 && Op <= 0x63) || Op == 0xCC || Op == 0xDF)
    return rm(ppOf(P) == 0 ? 8 : 16, false);
  return unknown();
}

DecodedInsn &Decoder::vex(unsigned Map, unsigned Pp, bool L, bool W,
                          uint8_t Op) {
  const unsigned V = L ? 32 : 16;
  const unsigned Gpr = W ? 8 : 4;
  auto scalarOr = [&](unsigned Packed) -> unsigned {
    return Pp == 2 ? 4 : Pp == 3 ? 8 : Packed;
  };
  if (Map == 1) {
    switch (Op) {
    case 0x10:
      return rm(scalarOr(V), false);
    case 0x11:
      return rm(scalarOr(V), true);
    case 0x12:
      return rm(Pp == 3 ? (L ? 32 : 8) : Pp == 2 ? V : 8, false);
    case 0x16:
      return rm(Pp == 2 ? V : 8, false);
    case 0x13:
    case 0x17:
    case 0xD6:
      return rm(8, true);
    case 0x29:
    case 0x2B:
    case 0x7F:
    case 0xE7:
      return rm(V, true);
    case 0x2E:
    case 0x2F:
      return rm(Pp == 1 ? 8 : 4, false);
    case 0x2A:
      return rm(Gpr, false);
    case 0x2C:
    case 0x2D:
      return rm(Pp == 3 ? 8 : 4, false);
    case 0x5A:
      return rm(Pp == 2 ? 4 : Pp == 3 ? 8 : Pp == 0 ? (L ? 16 : 8) : V,
                false);
    case 0x6E:
      return rm(Gpr, false);
    case 0x7E:
      if (Pp == 2)
        return rm(8, false);
      return rm(Gpr, true);
    case 0x77: // vzeroupper/vzeroall
      return known();
    case 0xC4:
      return rm(2, false);
    case 0xF7:
      addAt(gpr(kRdi), V, true);
      return known();
    }
    if ((Op >= 0x51 && Op <= 0x5F) || Op == 0xC2)
      return rm(scalarOr(V), false);
    if (Op == 0x50 || Op == 0xC5 || (Op >= 0x71 && Op <= 0x73))
      return known();
    if ((Op >= 0x14 && Op <= 0x15) || Op == 0x28 || (Op >= 0x60 && Op <= 0x70) ||
        (Op >= 0x74 && Op <= 0x76) || (Op >= 0x7C && Op <= 0x7D) ||
        Op == 0xC6 || (Op >= 0xD0 && Op <= 0xFE))
      return rm(V, false);
    return unknown();
  }
  if (Map == 2) {
    switch (Op) {
    case 0x18:
    case 0x58:
      return rm(4, false);
    case 0x19:
    case 0x59:
      return rm(8, false);
    case 0x1A:
    case 0x5A:
      return rm(16, false);
    case 0x78:
      return rm(1, false);
    case 0x79:
      return rm(2, false);
    case 0x2E:
    case 0x2F:
    case 0x8E:
      return rm(V, true); // masked stores, counted at full width
    case 0xF2:
    case 0xF3:
    case 0xF5:
    case 0xF6:
    case 0xF7:
      return rm(Gpr, false);
    }
    if (Op >= 0x90 && Op <= 0x93)
      return unknown(); // gathers
    if (Op >= 0x20 && Op <= 0x35 && (Op & 0xF) <= 5) {
      static const uint8_t Half[6] = {8, 4, 2, 8, 4, 8};
      return rm(L ? Half[Op & 0xF] * 2 : Half[Op & 0xF], false);
    }
    // Everything else in the map reads at most one vector.
    return rm(V, false);
  }
  if (Map == 3) {
    switch (Op) {
    case 0x14:
      return rm(1, true);
    case 0x15:
      return rm(2, true);
    case 0x16:
      return rm(Gpr, true);
    case 0x17:
      return rm(4, true);
    case 0x19:
    case 0x39:
      return rm(16, true);
    case 0x1D:
      return rm(L ? 16 : 8, true);
    case 0x20:
      return rm(1, false);
    case 0x21:
      return rm(4, false);
    case 0x22:
      return rm(Gpr, false);
    case 0x18:
    case 0x38:
      return rm(16, false);
    }
    return rm(V, false);
  }
  return unknown();
}

DecodedInsn &Decoder::evex(unsigned Map, unsigned Pp, unsigned VL,
                           uint8_t Op) {
  (void)Pp;
  if (Map == 2 && ((Op >= 0x90 && Op <= 0x93) || (Op >= 0xA0 && Op <= 0xA3) ||
                   Op == 0xC6 || Op == 0xC7))
    return unknown(); // gathers, scatters and their prefetches
  // Stores: the memory operand is the destination.
  bool Store = false;
  if (Map == 1)
    Store = Op == 0x11 || Op == 0x13 || Op == 0x17 || Op == 0x29 ||
            Op == 0x2B || Op == 0x7F || Op == 0xD6 || Op == 0xE7 ||
            (Op == 0x7E && Pp != 2);
  else if (Map == 2)
    Store = (Op >= 0x10 && Op <= 0x15 && Pp == 2) ||
            (Op >= 0x20 && Op <= 0x25 && Pp == 2) ||
            (Op >= 0x30 && Op <= 0x35 && Pp == 2) || Op == 0x8A ||
            Op == 0x8B || Op == 0x63;
  else if (Map == 3)
    Store = (Op >= 0x14 && Op <= 0x17) || Op == 0x19 || Op == 0x1B ||
            Op == 0x1D || Op == 0x39 || Op == 0x3B;
  else if (Map != 5 && Map != 6)
    return unknown();
  // The vector length bounds every EVEX memory operand (broadcasts, scalar
  // and masked forms touch less).
  return rm(VL, Store);
}

} // namespace

DecodedInsn decodeInsn(const uint8_t *Code, size_t Avail, const RegView &R) {
  return Decoder(Code, Avail, R).run();
}

} // namespace cubicle
