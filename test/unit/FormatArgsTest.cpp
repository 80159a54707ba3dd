//===- FormatArgsTest.cpp - Where a printf call's arguments are -----------===//

#include "windows/FormatArgs.h"

#include <catch2/catch.hpp>

using namespace cubicle;

namespace {
struct Walk {
  int N;
  VarArg S[8];
  size_t Stack = ~size_t(0);
  const char *Why = nullptr;
};
Walk walk(const char *Fmt, unsigned Fixed = 2, int Max = 8) {
  Walk W;
  W.N = formatArgs(Fmt, Fixed, W.S, Max, W.Stack, W.Why);
  return W;
}
} // namespace

TEST_CASE("format args: strings in registers, then on the stack",
          "[formatargs]") {
  Walk W = walk(", %s!");
  REQUIRE(W.N == 1);
  CHECK(W.S[0].Reg == 2); // RDX: after the file and the format
  CHECK(W.Stack == 0);
  // Four integers fill RDX..R9; the strings go to the stack, 8 bytes each,
  // in order; doubles take vector registers and no stack until the ninth.
  W = walk("%d %x %c %p %s %.*s %f %s");
  REQUIRE(W.N == 3);
  CHECK(W.S[0].Reg == -1);
  CHECK(W.S[0].StackOffset == 0);
  CHECK(W.S[1].StackOffset == 16); // after the precision's int
  CHECK(W.S[2].StackOffset == 24);
  CHECK(W.Stack == 32);
  W = walk("%f%f%f%f%f%f%f%f%f %s", 6);
  REQUIRE(W.N == 1);
  CHECK(W.S[0].StackOffset == 8); // the ninth double took the first slot
  CHECK(W.Stack == 16);
  W = walk("100%% %-08.3ld %zu %lld %5s", 1);
  REQUIRE(W.N == 1);
  CHECK(W.S[0].Reg == 4);
  CHECK(W.Stack == 0);
}

TEST_CASE("format args: what is refused", "[formatargs]") {
  CHECK(walk("%n").N == -1);
  CHECK(std::string(walk("%d%n").Why) ==
        "%n in the format (it writes through a pointer)");
  CHECK(std::string(walk("%1$s").Why) ==
        "positional arguments (%n$) in the format");
  CHECK(walk("%Lf").N == -1);
  CHECK(walk("%ls").N == -1);
  CHECK(walk("%y").N == -1);
  CHECK(std::string(walk("%s %s", 2, 1).Why) ==
        "more strings in the format than one call may lend");
  // A format that ends inside a conversion consumes what it named.
  CHECK(walk("%s %").N == 1);
}
