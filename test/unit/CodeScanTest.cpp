//===- CodeScanTest.cpp - The code scan shared by cubicle-verify and start-up ===//
//
// Hand-encoded code: each accepted WRPKRU shape, and for each the smallest
// change that must make it refused (a check against other memory, a branch
// to something other than the failure handler, no check at all).  Then the
// other instructions, at instruction starts and hidden inside others.
//
//===----------------------------------------------------------------------===//

#include "scan/CodeScan.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

using namespace cubicle;
using namespace cubicle::scan;

namespace {

constexpr uint64_t kBase = 0x10000;
constexpr uint64_t kGateFail = kBase + 0x800, kPkruFail = kBase + 0x900;

struct Bytes : std::vector<uint8_t> {
  Bytes &operator<<(std::initializer_list<uint8_t> B) {
    insert(end(), B.begin(), B.end());
    return *this;
  }
  Bytes &i32(int32_t V) {
    uint8_t B[4];
    memcpy(B, &V, 4);
    insert(end(), B, B + 4);
    return *this;
  }
  // call Target (E8 rel32), as code at kBase + size().
  Bytes &call(uint64_t Target) {
    *this << std::initializer_list<uint8_t>{0xE8};
    return i32(int32_t(Target - (kBase + size() + 4)));
  }
};

std::vector<Finding> scanBytes(const Bytes &B, Region R) {
  std::vector<Finding> Out;
  Code C{B.data(), B.size(), kBase, R};
  scanCode(C, Targets{kGateFail, kPkruFail},
           [](const Finding &F, void *Ctx) {
             static_cast<std::vector<Finding> *>(Ctx)->push_back(F);
           },
           &Out);
  return Out;
}

Verdict only(const Bytes &B, Region R, Kind K) {
  std::vector<Finding> F = scanBytes(B, R);
  REQUIRE(F.size() == 1);
  CHECK(F[0].K == K);
  return F[0].V;
}

// G1: mov d(%rip),%eax; wrpkru; cmp d-9(%rip),%eax; jne L; ...; L: call fail.
Bytes gate1(int32_t CmpAdjust = -9, uint64_t Fail = kGateFail) {
  Bytes B;
  B << std::initializer_list<uint8_t>{0x8B, 0x05};
  B.i32(0x1000);
  B << std::initializer_list<uint8_t>{0x0F, 0x01, 0xEF, 0x3B, 0x05};
  B.i32(0x1000 + CmpAdjust);
  B << std::initializer_list<uint8_t>{0x75, 0x02, 0xEB, 0x05};
  return B.call(Fail);
}

// G2: mov d(%rip),%r11; mov (%r11),%eax; wrpkru; mov d-13(%rip),%r11;
//     cmp (%r11),%eax; jne fail (rel32, straight to a call).
Bytes gate2(uint8_t Op = 0x8B, int32_t Adjust = -13) {
  Bytes B;
  B << std::initializer_list<uint8_t>{0x4C, Op, 0x1D};
  B.i32(0x2000);
  B << std::initializer_list<uint8_t>{0x41, 0x8B, 0x03, 0x0F, 0x01, 0xEF,
                                      0x4C, Op, 0x1D};
  B.i32(0x2000 + Adjust);
  B << std::initializer_list<uint8_t>{0x41, 0x3B, 0x03, 0x0F, 0x85};
  B.i32(0); // to the next instruction: the call
  return B.call(kGateFail);
}

// R2: mov $imm,%eax; wrpkru; cmp $imm2,%eax; je +5; call fail.
Bytes runtime2(uint32_t Imm, uint32_t Imm2, uint64_t Fail = kPkruFail) {
  Bytes B;
  B << std::initializer_list<uint8_t>{0xB8};
  B.i32(int32_t(Imm));
  B << std::initializer_list<uint8_t>{0x0F, 0x01, 0xEF, 0x3D};
  B.i32(int32_t(Imm2));
  B << std::initializer_list<uint8_t>{0x74, 0x05};
  return B.call(Fail);
}

} // namespace

TEST_CASE("gate WRPKRUs are accepted only with their check", "[scan]") {
  CHECK(only(gate1(), Region::Cubicle, Wrpkru) == Verdict::Gate);
  // The compare reads other memory than the value came from.
  CHECK(only(gate1(-8), Region::Cubicle, Wrpkru) == Verdict::Forbidden);
  // The mismatch branch leads somewhere other than the failure handler.
  CHECK(only(gate1(-9, kPkruFail + 0x40), Region::Cubicle, Wrpkru) ==
        Verdict::Forbidden);
  CHECK(only(gate2(), Region::Cubicle, Wrpkru) == Verdict::Gate);
  CHECK(only(gate2(0x8D), Region::Cubicle, Wrpkru) == Verdict::Gate);
  // R11 not reloaded from the same record: a forged R11 would pass.
  CHECK(only(gate2(0x8B, -12), Region::Cubicle, Wrpkru) == Verdict::Forbidden);
  // A gate shape in trusted code is not a runtime shape.
  CHECK(only(gate1(), Region::Trusted, Wrpkru) == Verdict::Forbidden);
}

TEST_CASE("a bare WRPKRU is refused anywhere", "[scan]") {
  Bytes Bare;
  Bare << std::initializer_list<uint8_t>{0x31, 0xC9, 0x31, 0xD2, 0x0F, 0x01,
                                         0xEF, 0xC3};
  CHECK(only(Bare, Region::Cubicle, Wrpkru) == Verdict::Forbidden);
  CHECK(only(Bare, Region::Trusted, Wrpkru) == Verdict::Forbidden);
  // Hidden in an immediate (mov $0xef010f, %eax): still refused.
  Bytes Hidden;
  Hidden << std::initializer_list<uint8_t>{0xB8, 0x0F, 0x01, 0xEF, 0x00, 0xC3};
  std::vector<Finding> F = scanBytes(Hidden, Region::Cubicle);
  REQUIRE(F.size() == 1);
  CHECK(F[0].Addr == kBase + 1);
  CHECK(F[0].Hidden);
  CHECK(F[0].V == Verdict::Forbidden);
}

TEST_CASE("the runtime's WRPKRU shapes", "[scan]") {
  CHECK(only(runtime2(0x55555554, 0x55555554), Region::Trusted, Wrpkru) ==
        Verdict::Runtime);
  CHECK(only(runtime2(0x55555554, 0), Region::Trusted, Wrpkru) ==
        Verdict::Forbidden);
  CHECK(only(runtime2(0x55555554, 0x55555554, kGateFail), Region::Trusted,
             Wrpkru) == Verdict::Forbidden);
  Bytes R1; // xor %eax,%eax; wrpkru; test %eax,%eax; je +5; call fail
  R1 << std::initializer_list<uint8_t>{0x31, 0xC0, 0x0F, 0x01, 0xEF,
                                       0x85, 0xC0, 0x74, 0x05};
  R1.call(kPkruFail);
  CHECK(only(R1, Region::Trusted, Wrpkru) == Verdict::Runtime);
  Bytes R3; // mov %gs:d(%rip),%eax; wrpkru; cmp %gs:d-10(%rip),%eax; jne fail
  R3 << std::initializer_list<uint8_t>{0x65, 0x8B, 0x05};
  R3.i32(0x3000);
  R3 << std::initializer_list<uint8_t>{0x0F, 0x01, 0xEF, 0x65, 0x3B, 0x05};
  R3.i32(0x3000 - 10);
  R3 << std::initializer_list<uint8_t>{0x0F, 0x85};
  R3.i32(int32_t(kPkruFail - (kBase + R3.size() + 4)));
  CHECK(only(R3, Region::Trusted, Wrpkru) == Verdict::Runtime);
  // In cubicle code the runtime's shapes are not accepted.
  CHECK(only(R3, Region::Cubicle, Wrpkru) == Verdict::Forbidden);
}

TEST_CASE("XRSTOR, system calls and FS/GS base writes", "[scan]") {
  Bytes Xrstor; // xrstor (%rdi); ret
  Xrstor << std::initializer_list<uint8_t>{0x0F, 0xAE, 0x2F, 0xC3};
  CHECK(only(Xrstor, Region::Cubicle, Kind::Xrstor) == Verdict::Forbidden);
  CHECK(only(Xrstor, Region::Trusted, Kind::Xrstor) == Verdict::Trusted);
  Bytes Xrstors; // xrstors (%rdi)
  Xrstors << std::initializer_list<uint8_t>{0x0F, 0xC7, 0x1F, 0xC3};
  CHECK(only(Xrstors, Region::Cubicle, Kind::Xrstors) == Verdict::Forbidden);
  // Hidden in a displacement (mov 0x2fae0f(%rip), %ecx): a gadget, like
  // the XRSTORs of glibc's lazy-binding trampolines.
  Bytes InDisp;
  InDisp << std::initializer_list<uint8_t>{0x8B, 0x0D, 0x0F, 0xAE,
                                           0x2F, 0x00, 0xC3};
  std::vector<Finding> FD = scanBytes(InDisp, Region::Cubicle);
  REQUIRE(FD.size() == 1);
  CHECK(FD[0].K == Kind::Xrstor);
  CHECK(FD[0].V == Verdict::Gadget);
  CHECK(FD[0].Hidden);
  Bytes Lfence; // 0F AE E8 is LFENCE, not XRSTOR
  Lfence << std::initializer_list<uint8_t>{0x0F, 0xAE, 0xE8, 0xC3};
  CHECK(scanBytes(Lfence, Region::Cubicle).empty());

  Bytes Sys; // syscall; ret
  Sys << std::initializer_list<uint8_t>{0x0F, 0x05, 0xC3};
  CHECK(only(Sys, Region::Cubicle, Syscall) == Verdict::Forbidden);
  CHECK(scanBytes(Sys, Region::Trusted).empty());
  Bytes Enter; // sysenter
  Enter << std::initializer_list<uint8_t>{0x0F, 0x34, 0xC3};
  CHECK(only(Enter, Region::Cubicle, Sysenter) == Verdict::Forbidden);
  Bytes Int80;
  Int80 << std::initializer_list<uint8_t>{0xCD, 0x80, 0xC3};
  CHECK(only(Int80, Region::Cubicle, Kind::Int80) == Verdict::Forbidden);
  // Inside an immediate (mov $0x50f, %eax): a gadget, listed, not refused.
  Bytes Hidden;
  Hidden << std::initializer_list<uint8_t>{0xB8, 0x0F, 0x05, 0x00, 0x00, 0xC3};
  std::vector<Finding> F = scanBytes(Hidden, Region::Cubicle);
  REQUIRE(F.size() == 1);
  CHECK(F[0].K == Syscall);
  CHECK(F[0].Hidden);
  CHECK(F[0].V == Verdict::Gadget);

  Bytes Fs; // wrfsbase %rdi; wrgsbase %eax
  Fs << std::initializer_list<uint8_t>{0xF3, 0x48, 0x0F, 0xAE, 0xD7,
                                       0xF3, 0x0F, 0xAE, 0xD8, 0xC3};
  F = scanBytes(Fs, Region::Cubicle);
  REQUIRE(F.size() == 2);
  CHECK(F[0].K == Wrfsbase);
  CHECK(F[0].Addr == kBase);
  CHECK(F[0].V == Verdict::Forbidden);
  CHECK(F[1].K == Wrgsbase);
  CHECK(F[1].Addr == kBase + 5);
}
