//===- WindowSpecTest.cpp - Window specs: encoded, then evaluated ---------===//
//
// Specs are encoded by the pass's encoder (llvm-pass/WindowSpecEncoder.cpp)
// from the Clang plugin's text and evaluated by the runtime
// (runtime/gates/WindowSpec.cpp), so these tests also prove the two agree on the
// binary form of cubicle/abi.h.

#include "../../llvm-pass/WindowSpecEncoder.h"
#include "gates/WindowSpec.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace cubicle;

namespace {

const std::vector<std::string> kThreeRegs = {"r0", "r1", "r2"};

std::vector<uint8_t> encode(const std::string &Windows,
                            std::vector<std::string> Locs = kThreeRegs) {
  std::string Error;
  std::vector<uint8_t> S = encodeWindowSpec(Locs, Windows, Error);
  INFO(Error);
  REQUIRE(!S.empty());
  return S;
}

// The size of the spec's first window with arguments Args (all known).
SizeResult size(const std::vector<uint8_t> &Bytes, std::vector<uint64_t> Args,
                uint64_t &Out, uint64_t Cap = ~uint64_t(0)) {
  WindowSpec S(Bytes.data());
  REQUIRE(S.valid());
  Args.resize(CUBICLE_WSPEC_MAX_PARAMS);
  uint32_t Known = (1u << S.numParams()) - 1;
  return evalWindowSize(S, 0, Args.data(), Known, Cap, Out);
}

uint64_t sizeOk(const std::string &Rpn, std::vector<uint64_t> Args) {
  uint64_t Out = 0;
  REQUIRE(size(encode("1:r:" + Rpn), Args, Out) == SizeResult::Ok);
  return Out;
}

SizeResult sizeOf(const std::string &Rpn, std::vector<uint64_t> Args,
                  uint64_t Cap = ~uint64_t(0)) {
  uint64_t Out = 0;
  return size(encode("1:r:" + Rpn), Args, Out, Cap);
}

} // namespace

TEST_CASE("window spec layout: locations, windows, ops", "[windowspec]") {
  std::vector<uint8_t> B =
      encode("1:w:p2;0:s:", {"r0", "r1", "s16", "x"});
  WindowSpec S(B.data());
  REQUIRE(S.valid());
  CHECK(S.numParams() == 4);
  CHECK(S.numWindows() == 2);
  CHECK(S.numOps() == 1);
  CHECK(B.size() == size_t(CUBICLE_WSPEC_SIZE(4, 2, 1)));
  CHECK(S.param(0).Kind == CUBICLE_WLOC_REG);
  CHECK(S.param(1).Value == 1);
  CHECK(S.param(2).Kind == CUBICLE_WLOC_STACK);
  CHECK(S.param(2).Value == 16);
  CHECK(S.param(3).Kind == CUBICLE_WLOC_NONE);
  WindowSpec::Window W0 = S.window(0), W1 = S.window(1);
  CHECK(W0.Param == 1);
  CHECK(W0.Kind == CUBICLE_WKIND_WRITE);
  CHECK(W0.Begin == 0);
  CHECK(W0.End == 1);
  CHECK(W1.Param == 0);
  CHECK(W1.Kind == CUBICLE_WKIND_STRING);
  CHECK(W1.Begin == W1.End);
  CHECK(S.op(0) == (uint64_t(CUBICLE_WOP_PARAM) << CUBICLE_WOP_SHIFT | 2));
}

TEST_CASE("window size: every operator", "[windowspec]") {
  CHECK(sizeOk("p2", {0, 0, 40}) == 40);
  CHECK(sizeOk("c4096", {}) == 4096);
  CHECK(sizeOk("p0 p2 +", {3, 0, 4}) == 7);
  CHECK(sizeOk("p0 p2 -", {10, 0, 4}) == 6);
  CHECK(sizeOk("p2 c8 *", {0, 0, 5}) == 40);
  CHECK(sizeOk("p0 c3 /", {10}) == 3);
  CHECK(sizeOk("p0 c3 %", {10}) == 1);
  CHECK(sizeOk("p0 c4 <<", {3}) == 48);
  CHECK(sizeOk("p0 c2 >>", {13}) == 3);
  // Nesting: (p0 + p2) * 4 - 1.
  CHECK(sizeOk("p0 p2 + c4 * c1 -", {2, 0, 3}) == 19);
}

TEST_CASE("window size: overflow, division by zero, bad shifts",
          "[windowspec]") {
  const uint64_t Max = ~uint64_t(0);
  CHECK(sizeOf("p0 p2 +", {Max, 0, 1}) == SizeResult::Overflow);
  CHECK(sizeOf("p0 p2 -", {1, 0, 2}) == SizeResult::Overflow);
  CHECK(sizeOf("p0 p2 *", {uint64_t(1) << 32, 0, uint64_t(1) << 32}) ==
        SizeResult::Overflow);
  CHECK(sizeOf("p0 p2 /", {1, 0, 0}) == SizeResult::Overflow);
  CHECK(sizeOf("p0 p2 %", {1, 0, 0}) == SizeResult::Overflow);
  CHECK(sizeOf("p0 c64 <<", {1}) == SizeResult::Overflow);
  CHECK(sizeOf("p0 c1 <<", {Max}) == SizeResult::Overflow); // bits lost
  CHECK(sizeOf("p0 c64 >>", {1}) == SizeResult::Overflow);
  // The same operations in range are fine (the control).
  CHECK(sizeOf("p0 p2 +", {Max - 1, 0, 1}) == SizeResult::Ok);
  CHECK(sizeOf("p0 c63 <<", {1}) == SizeResult::Ok);
}

TEST_CASE("window size: the cap", "[windowspec]") {
  CHECK(sizeOf("p2", {0, 0, 1 << 20}, 1 << 20) == SizeResult::Ok);
  CHECK(sizeOf("p2", {0, 0, (1 << 20) + 1}, 1 << 20) == SizeResult::OverCap);
}

TEST_CASE("window size: unknown parameters and malformed ops",
          "[windowspec]") {
  std::vector<uint8_t> B = encode("1:r:p2");
  WindowSpec S(B.data());
  uint64_t Args[CUBICLE_WSPEC_MAX_PARAMS] = {0, 0, 8}, Out = 0;
  // Parameter 2 not readable as an integer.
  CHECK(evalWindowSize(S, 0, Args, 0x3, ~uint64_t(0), Out) ==
        SizeResult::Malformed);
  CHECK(evalWindowSize(S, 0, Args, 0x7, ~uint64_t(0), Out) == SizeResult::Ok);
  // No such window.
  CHECK(evalWindowSize(S, 1, Args, 0x7, ~uint64_t(0), Out) ==
        SizeResult::Malformed);
  // An operator with one operand, and an unknown opcode, written by hand.
  std::vector<uint8_t> Bad = encode("1:r:p2 p2 +");
  Bad[CUBICLE_WSPEC_OPS(3, 1) + 8 + 7] = CUBICLE_WOP_ADD; // p2 + + : underflow
  CHECK(evalWindowSize(WindowSpec(Bad.data()), 0, Args, 0x7, ~uint64_t(0),
                       Out) == SizeResult::Malformed);
  std::vector<uint8_t> Unknown = encode("1:r:p2 p2 +");
  Unknown[CUBICLE_WSPEC_OPS(3, 1) + 16 + 7] = 0x7f; // p2 p2 <0x7f>
  CHECK(evalWindowSize(WindowSpec(Unknown.data()), 0, Args, 0x7, ~uint64_t(0),
                       Out) == SizeResult::Malformed);
  // A header from another version is not read.
  B[0] = CUBICLE_WSPEC_VERSION + 1;
  CHECK_FALSE(WindowSpec(B.data()).valid());
}

TEST_CASE("window spec encoder: mistakes are errors, not specs",
          "[windowspec]") {
  std::string Error;
  CHECK(encodeWindowSpec(kThreeRegs, "1:r:p2 +", Error).empty());
  CHECK(Error == "bad size expression 'p2 +'");
  CHECK(encodeWindowSpec(kThreeRegs, "1:r:p7", Error).empty());
  CHECK(Error == "parameter 7 out of range");
  CHECK(encodeWindowSpec(kThreeRegs, "1:r:c72057594037927936", Error).empty());
  CHECK(Error == "constant 72057594037927936 is 2^56 or more");
  CHECK(encodeWindowSpec(kThreeRegs, "5:r:c1", Error).empty());
  CHECK(Error == "bad window '5:r:c1'");
  CHECK(encodeWindowSpec(kThreeRegs, "1:q:c1", Error).empty());
  CHECK(Error == "bad window kind 'q'");
  CHECK(encodeWindowSpec(kThreeRegs,
                         "0:r:c1;1:r:c1;2:r:c1;0:r:c1;1:r:c1;2:r:c1;0:r:c1;"
                         "1:r:c1;2:r:c1",
                         Error)
            .empty());
  CHECK(Error == "more than 8 windows in one call");
  // Field windows need their struct's window first, and field operands
  // belong to field windows only.
  CHECK(encodeWindowSpec(kThreeRegs, "0.8:r:c1", Error).empty());
  CHECK(Error == "field window '0.8:r:c1' has no struct window of its "
                 "parameter before it");
  CHECK(encodeWindowSpec(kThreeRegs, "0:s:;0.8:r:c1", Error).empty());
  CHECK(encodeWindowSpec(kThreeRegs, "0:r:f0/4", Error).empty());
  CHECK(Error == "bad field operand 'f0/4'");
  CHECK(encodeWindowSpec(kThreeRegs, "0:r:c8;0.0:r:f0/3", Error).empty());
  CHECK(Error == "bad field operand 'f0/3'");
  CHECK(encodeWindowSpec(kThreeRegs, "0:sk:", Error).empty());
  CHECK(Error == "a kept string window '0:sk:'");
  CHECK(encodeWindowSpec(kThreeRegs, "R:rk:c1", Error).empty());
  CHECK(Error == "bad window 'R:rk:c1'");
  CHECK(encodeWindowSpec(kThreeRegs, "0:wx:c1", Error).empty());
  CHECK(Error == "bad window '0:wx:c1'");
}

TEST_CASE("window spec: kept and field windows", "[windowspec]") {
  // A kept struct of 24 bytes in parameter 1, whose field at 8 points at
  // (field at 16, 4 bytes) * 2 bytes, read-only; the last call of it.
  std::vector<uint8_t> B = encode("1:we:c24;1.8:r:f16/4 c2 *");
  WindowSpec S(B.data());
  REQUIRE(S.valid());
  REQUIRE(S.numWindows() == 2);
  WindowSpec::Window W0 = S.window(0), W1 = S.window(1);
  CHECK(W0.Param == 1);
  CHECK(W0.Flags == (CUBICLE_WFLAG_KEPT | CUBICLE_WFLAG_END));
  CHECK(W1.Param == 0); // the parent window's index
  CHECK(W1.Flags == CUBICLE_WFLAG_FIELD);
  CHECK(W1.FieldOffset == 8);
  CHECK(W1.Kind == CUBICLE_WKIND_READ);
  CHECK(encode("0:wk:c8").at(CUBICLE_WSPEC_WINDOWS(3) + 4) ==
        CUBICLE_WFLAG_KEPT);
  uint8_t Struct[24] = {};
  Struct[16] = 0x34, Struct[17] = 0x12, Struct[20] = 0xff; // 0x1234; not 20
  std::vector<uint64_t> Args(CUBICLE_WSPEC_MAX_PARAMS);
  uint64_t Out = 0;
  CHECK(evalWindowSize(S, 1, Args.data(), 7, ~uint64_t(0), Out, Struct,
                       sizeof(Struct)) == SizeResult::Ok);
  CHECK(Out == 0x2468);
  // Without the struct, or one too short for the field, it is malformed.
  CHECK(evalWindowSize(S, 1, Args.data(), 7, ~uint64_t(0), Out) ==
        SizeResult::Malformed);
  CHECK(evalWindowSize(S, 1, Args.data(), 7, ~uint64_t(0), Out, Struct, 19) ==
        SizeResult::Malformed);
}

TEST_CASE("window spec: result windows", "[windowspec]") {
  std::vector<uint8_t> B = encode("0:r:p1;R:r:p1 c2 *;R:s:");
  WindowSpec S(B.data());
  REQUIRE(S.valid());
  REQUIRE(S.numWindows() == 3);
  CHECK(S.window(0).Param == 0);
  CHECK(S.window(1).Param == CUBICLE_WSPEC_RESULT);
  CHECK(S.window(1).Kind == CUBICLE_WKIND_READ);
  CHECK(S.window(2).Param == CUBICLE_WSPEC_RESULT);
  CHECK(S.window(2).Kind == CUBICLE_WKIND_STRING);
  uint64_t Args[CUBICLE_WSPEC_MAX_PARAMS] = {0, 21}, Out = 0;
  CHECK(evalWindowSize(S, 1, Args, 0x7, ~uint64_t(0), Out) == SizeResult::Ok);
  CHECK(Out == 42);
  // A result is not kept, released or a parameter's user data, and R is
  // no parameter index.  (Read-write is a writable result.)
  std::string Error;
  CHECK(!encodeWindowSpec(kThreeRegs, "R:w:c1", Error).empty());
  CHECK(encodeWindowSpec(kThreeRegs, "R:wk:c1", Error).empty());
  CHECK(Error == "bad window 'R:wk:c1'");
  CHECK(encodeWindowSpec(kThreeRegs, "R:x:", Error).empty());
  CHECK(Error == "bad window 'R:x:'");
  CHECK(encodeWindowSpec(kThreeRegs, "R:u:", Error).empty());
  CHECK(Error == "bad window 'R:u:'");
  CHECK(encodeWindowSpec(kThreeRegs, "0:a:c8", Error).empty());
  CHECK(Error == "an array window '0:a:c8' goes on a result");
  CHECK(encodeWindowSpec(kThreeRegs, "r:r:c1", Error).empty());
  CHECK(Error == "bad window 'r:r:c1'");
}

TEST_CASE("window spec: sizes passed by pointer", "[windowspec]") {
  // *p1 * 2, with p1 pointing at a u64 the loader may or may not read.
  std::vector<uint8_t> B = encode("0:w:p1 d8 c2 *");
  WindowSpec S(B.data());
  REQUIRE(S.valid());
  uint64_t Len = 21, Out = 0;
  std::vector<uint64_t> Args(CUBICLE_WSPEC_MAX_PARAMS);
  Args[1] = uint64_t(uintptr_t(&Len));
  auto Read = [](const void *Ctx, uint64_t Addr, unsigned W, uint64_t &V) {
    if (!*static_cast<const bool *>(Ctx) || W != 8)
      return false;
    __builtin_memcpy(&V, reinterpret_cast<const void *>(Addr), 8);
    return true;
  };
  bool May = true;
  CHECK(evalWindowSize(S, 0, Args.data(), 7, ~uint64_t(0), Out, nullptr, 0,
                       Read, &May) == SizeResult::Ok);
  CHECK(Out == 42);
  May = false;
  CHECK(evalWindowSize(S, 0, Args.data(), 7, ~uint64_t(0), Out, nullptr, 0,
                       Read, &May) == SizeResult::Unreadable);
  // No loader: malformed, never a read.
  CHECK(evalWindowSize(S, 0, Args.data(), 7, ~uint64_t(0), Out) ==
        SizeResult::Malformed);
  std::string Error;
  CHECK(encodeWindowSpec(kThreeRegs, "0:w:d8", Error).empty());
  CHECK(Error == "bad load 'd8' in 'd8'");
  CHECK(encodeWindowSpec(kThreeRegs, "0:w:p1 d3", Error).empty());
}
