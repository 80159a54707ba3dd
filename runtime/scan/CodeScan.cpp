//===- CodeScan.cpp - Find instructions that could undo isolation ---------===//
//
// See CodeScan.h for what is found and which WRPKRU shapes are accepted.
//
//===----------------------------------------------------------------------===//

#include "scan/CodeScan.h"
#include "scan/InsnDecode.h"

#include "cubicle/abi.h"

#include <string.h>

namespace cubicle {
namespace scan {

const char *kindName(Kind K) {
  switch (K) {
  case Wrpkru:
    return "wrpkru";
  case Xrstor:
    return "xrstor";
  case Xrstors:
    return "xrstors";
  case Syscall:
    return "syscall";
  case Sysenter:
    return "sysenter";
  case Int80:
    return "int 0x80";
  case Wrfsbase:
    return "wrfsbase";
  case Wrgsbase:
    return "wrgsbase";
  case NumKinds:
    break;
  }
  return "?";
}

const char *verdictName(Verdict V) {
  switch (V) {
  case Verdict::Gate:
    return "gate";
  case Verdict::Runtime:
    return "runtime";
  case Verdict::Trusted:
    return "trusted";
  case Verdict::Gadget:
    return "gadget";
  case Verdict::Forbidden:
    return "forbidden";
  }
  return "?";
}

namespace {

// Bounds-checked views of the code around an offset.
class Bytes {
public:
  explicit Bytes(const Code &C) : C(C) {}

  bool has(int64_t Off, size_t N) const {
    return Off >= 0 && uint64_t(Off) + N <= C.Size;
  }
  bool is(int64_t Off, const uint8_t *Want, size_t N) const {
    return has(Off, N) && memcmp(C.Bytes + Off, Want, N) == 0;
  }
  uint8_t at(int64_t Off) const { return C.Bytes[Off]; }
  int32_t i32(int64_t Off) const {
    uint32_t V;
    memcpy(&V, C.Bytes + Off, 4);
    return int32_t(V);
  }
  uint64_t addr(int64_t Off) const { return C.Addr + uint64_t(Off); }
  int64_t offsetOf(uint64_t Addr) const { return int64_t(Addr - C.Addr); }

  // Is Off a "call Fail" (E8 rel32)?
  bool callsFail(int64_t Off, uint64_t Fail) const {
    return has(Off, 5) && at(Off) == 0xE8 &&
           addr(Off + 5) + uint64_t(int64_t(i32(Off + 1))) == Fail;
  }

  // Does the instruction at Off leave for Fail when the compare just before
  // it found a difference?  Accepts "jne Fail", "jne L ... L: call Fail"
  // and "je +5; call Fail".
  bool failsTo(int64_t Off, uint64_t Fail) const {
    if (!Fail)
      return false;
    int64_t Target;
    if (has(Off, 2) && at(Off) == 0x75) {
      Target = Off + 2 + int8_t(at(Off + 1));
    } else if (has(Off, 6) && at(Off) == 0x0F && at(Off + 1) == 0x85) {
      Target = Off + 6 + i32(Off + 2);
    } else if (has(Off, 2) && at(Off) == 0x74 && at(Off + 1) == 0x05) {
      return callsFail(Off + 2, Fail);
    } else {
      return false;
    }
    return addr(Target) == Fail || callsFail(Target, Fail);
  }

private:
  const Code &C;
};

// The WRPKRU at O: one of the gate shapes?
bool isGate(const Bytes &B, int64_t O, uint64_t Fail) {
  static const uint8_t MovEax[] = {0x8B, 0x05}, CmpEax[] = {0x3B, 0x05};
  if (B.is(O - 6, MovEax, 2) && B.is(O + 3, CmpEax, 2) &&
      B.i32(O + 5) == B.i32(O - 4) - 9 && B.failsTo(O + 9, Fail))
    return true; // G1
  // G3: both cubicles' rights while stack arguments are copied.
  static const uint8_t MovEntry[] = {0x4C, 0x8B, 0x1D},
                       AndEax[] = {0x41, 0x23, 0x03},
                       MovR10[] = {0x44, 0x8B, 0x15},
                       AndR10[] = {0x45, 0x23, 0x13},
                       CmpR10[] = {0x44, 0x39, 0xD0};
  if (B.is(O - 16, MovEntry, 3) && B.is(O - 9, MovEax, 2) &&
      B.is(O - 3, AndEax, 3) && B.is(O + 3, MovEntry, 3) &&
      B.is(O + 10, MovR10, 3) && B.is(O + 17, AndR10, 3) &&
      B.is(O + 20, CmpR10, 3) && B.i32(O + 6) == B.i32(O - 13) - 19 &&
      B.i32(O + 13) == B.i32(O - 7) - 20 && B.failsTo(O + 23, Fail))
    return true;
  // G2, with R11 loaded from an entry record (mov) or, for a callee whose
  // descriptor is known at compile time, its address (lea).
  static const uint8_t LoadEax[] = {0x41, 0x8B, 0x03},
                       CmpR11[] = {0x41, 0x3B, 0x03};
  static const uint8_t Ops[] = {0x8B, 0x8D};
  for (uint8_t Op : Ops) {
    const uint8_t R11[] = {0x4C, Op, 0x1D};
    if (B.is(O - 10, R11, 3) && B.is(O - 3, LoadEax, 3) &&
        B.is(O + 3, R11, 3) && B.is(O + 10, CmpR11, 3) &&
        B.i32(O + 6) == B.i32(O - 7) - 13 && B.failsTo(O + 13, Fail))
      return true;
  }
  return false;
}

// The WRPKRU at O: one of the runtime's shapes?
bool isRuntime(const Bytes &B, int64_t O, uint64_t Fail) {
  static const uint8_t XorEax[] = {0x31, 0xC0}, TestEax[] = {0x85, 0xC0};
  if (B.is(O - 2, XorEax, 2) && B.is(O + 3, TestEax, 2) &&
      B.failsTo(O + 5, Fail))
    return true; // R1
  if (B.has(O - 5, 1) && B.at(O - 5) == 0xB8 && B.has(O + 3, 5) &&
      B.at(O + 3) == 0x3D && B.i32(O + 4) == B.i32(O - 4) &&
      B.failsTo(O + 8, Fail))
    return true; // R2
  static const uint8_t MovGs[] = {0x65, 0x8B, 0x05}, CmpGs[] = {0x65, 0x3B, 0x05};
  return B.is(O - 7, MovGs, 3) && B.is(O + 3, CmpGs, 3) &&
         B.i32(O + 6) == B.i32(O - 4) - 10 && B.failsTo(O + 10, Fail); // R3
}

// A linear sweep over cubicle code: tells whether an offset is the start of
// an instruction (the compiler meant it) or inside one (bytes of an
// immediate, a displacement or several instructions).  Stub prefixes
// (magic and record offset) are data and skipped.  Where the decoder does
// not know an instruction, every byte counts as a start until it finds its
// footing again: unknown code is judged strictly.
class Sweep {
public:
  explicit Sweep(const Code &C) : C(C) {}

  bool startsAt(size_t Off) {
    // Jump ahead to the last known instruction start before Off.
    uint64_t Addr = C.Addr + Off;
    size_t Lo = 0, Hi = C.NumAnchors;
    while (Lo < Hi) {
      size_t Mid = (Lo + Hi) / 2;
      if (C.Anchors[Mid] <= Addr)
        Lo = Mid + 1;
      else
        Hi = Mid;
    }
    if (Lo > 0) {
      uint64_t A = C.Anchors[Lo - 1];
      if (A >= C.Addr && A - C.Addr > Next)
        Next = size_t(A - C.Addr);
    }
    while (Next < Off)
      step();
    return Next == Off;
  }

private:
  const Code &C;
  size_t Next = 0;

  void step() {
    uint64_t Magic = CUBICLE_STUB_MAGIC;
    if (Next + 16 <= C.Size && memcmp(C.Bytes + Next, &Magic, 8) == 0) {
      Next += 16;
      return;
    }
    RegView R = {};
    R.Rip = C.Addr + Next;
    DecodedInsn D = decodeInsn(C.Bytes + Next, C.Size - Next, R);
    Next += D.Known && D.Length ? D.Length : 1;
  }
};

} // namespace

size_t scanCode(const Code &C, const Targets &T, Sink S, void *Ctx) {
  Bytes B(C);
  Sweep Sw(C);
  const bool InCubicle = C.R == Region::Cubicle;
  size_t Forbidden = 0;
  auto Emit = [&](int64_t Off, Kind K, Verdict V, const char *Why) {
    bool Hidden = InCubicle && V == Verdict::Forbidden &&
                  !Sw.startsAt(size_t(Off));
    // A system call or XRSTOR hidden inside another instruction (a
    // displacement that happens to hold the bytes) is a gadget for
    // control-flow hijacks, which the trusted base offers anyway: libc is
    // full of system calls, every glibc program holds the XRSTORs of the
    // lazy-binding trampolines, and MPK does not restrict execution.
    // Listed, not refused.  A hidden WRPKRU would be a new capability: every
    // WRPKRU of the trusted base is checked.
    if (Hidden && V == Verdict::Forbidden && K != Wrpkru) {
      V = Verdict::Gadget;
      Why = "inside another instruction: a gadget like those in the trusted "
            "base";
    }
    Forbidden += V == Verdict::Forbidden;
    S(Finding{B.addr(Off), K, V, Hidden, Why}, Ctx);
  };
  for (size_t I = 0; I + 1 < C.Size; ++I) {
    const uint8_t B0 = C.Bytes[I], B1 = C.Bytes[I + 1];
    if (B0 == 0xCD && B1 == 0x80) {
      if (InCubicle)
        Emit(I, Int80, Verdict::Forbidden, "a system call in cubicle code");
      continue;
    }
    if (B0 != 0x0F)
      continue;
    if (B1 == 0x05 || B1 == 0x34) {
      if (InCubicle)
        Emit(I, B1 == 0x05 ? Syscall : Sysenter, Verdict::Forbidden,
             "a system call in cubicle code");
      continue;
    }
    if (I + 2 >= C.Size)
      continue;
    const uint8_t M = C.Bytes[I + 2];
    if (B1 == 0x01 && M == 0xEF) {
      if (InCubicle) {
        if (isGate(B, I, T.GateFail))
          Emit(I, Wrpkru, Verdict::Gate, nullptr);
        else
          Emit(I, Wrpkru, Verdict::Forbidden,
               "not part of a gate: no check of the value written follows");
      } else if (isRuntime(B, I, T.PkruFail)) {
        Emit(I, Wrpkru, Verdict::Runtime, nullptr);
      } else {
        Emit(I, Wrpkru, Verdict::Forbidden,
             "not one of the runtime's checked WRPKRUs: sets any PKRU");
      }
      continue;
    }
    const bool Memory = M < 0xC0;
    if (B1 == 0xAE && Memory && (M & 0x38) == 0x28) {
      Emit(I, Xrstor, InCubicle ? Verdict::Forbidden : Verdict::Trusted,
           InCubicle ? "restores PKRU from memory" : nullptr);
      continue;
    }
    if (B1 == 0xC7 && Memory && (M & 0x38) == 0x18) {
      Emit(I, Xrstors, InCubicle ? Verdict::Forbidden : Verdict::Trusted,
           InCubicle ? "restores PKRU from memory" : nullptr);
      continue;
    }
    if (B1 == 0xAE && !Memory && InCubicle &&
        ((M & 0x38) == 0x10 || (M & 0x38) == 0x18)) {
      // Only with the F3 prefix (optionally followed by REX) is it
      // WRFSBASE / WRGSBASE.
      int64_t P = -1;
      if (I >= 1 && C.Bytes[I - 1] == 0xF3)
        P = int64_t(I) - 1;
      else if (I >= 2 && (C.Bytes[I - 1] & 0xF0) == 0x40 &&
               C.Bytes[I - 2] == 0xF3)
        P = int64_t(I) - 2;
      if (P >= 0)
        Emit(P, (M & 0x38) == 0x10 ? Wrfsbase : Wrgsbase, Verdict::Forbidden,
             "changes the thread's FS or GS base");
    }
  }
  return Forbidden;
}

} // namespace scan
} // namespace cubicle
