//===- InsnOpcodeMaps.cpp - The decoder's opcode maps ---------------------===//
//
// For each opcode of each map: whether the instruction has a ModRM byte and
// an immediate, and which memory it reads or writes, how wide (an upper
// bound).  The tables of the decoder (InsnDecode.cpp drives them).
//
//===----------------------------------------------------------------------===//

#include "scan/InsnDecoder.h"

namespace cubicle {
namespace decoder {

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

} // namespace decoder
} // namespace cubicle
