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
Walk walk(const char *Fmt, unsigned Fixed = 2, int Max = 8,
          FormatDialect D = FormatDialect::Printf) {
  Walk W;
  W.N = formatArgs(Fmt, D, Fixed, W.S, Max, W.Stack, W.Why);
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

TEST_CASE("format args: SQLite's dialect", "[formatargs]") {
  auto Sq = [](const char *Fmt, unsigned Fixed = 1) {
    return walk(Fmt, Fixed, 8, FormatDialect::Sqlite);
  };
  // %q, %Q and %w take strings; ! and , are flags; %r an integer.
  Walk W = Sq("INSERT INTO t VALUES(%Q, %!.15g, %,d, %r, \"%w\", '%q')");
  REQUIRE(W.N == 3);
  CHECK(W.S[0].Reg == 1); // RSI, after the format
  CHECK(W.S[1].Reg == 4); // after %,d and %r (the double takes XMM0)
  CHECK(W.S[2].Reg == 5);
  CHECK(W.Stack == 0);
  // printf's own conversions still work, and a width's * takes an int.
  W = Sq("%*s %lld %s", 2);
  REQUIRE(W.N == 2);
  CHECK(W.S[0].Reg == 3);
  CHECK(W.S[1].Reg == 5);
  // Not in printf's dialect.
  CHECK(walk("%w").N == -1); // (%q is a length modifier there)
  CHECK(walk("%!d").N == -1);
  // Refused in SQLite's: %z frees the caller's string with the callee's
  // allocator, %T and %S take SQLite's internal structs, %n writes.
  CHECK(std::string(Sq("%z").Why).find("%z in the format") == 0);
  CHECK(std::string(Sq("%T").Why).find("SQLite's internal %T") == 0);
  CHECK(Sq("%n").N == -1);
  CHECK(Sq("%m").N == -1);
}

TEST_CASE("format args: the list a va_list is rebuilt from",
          "[formatargs]") {
  FormatArg A[4];
  const char *Why = nullptr;
  REQUIRE(formatArgList("%d %s %.*f %q", FormatDialect::Sqlite, A, 4, Why) ==
          -1); // five arguments: the precision's int too
  CHECK(std::string(Why) ==
        "more arguments in the format than one call may lend");
  REQUIRE(formatArgList("%d %s %f", FormatDialect::Printf, A, 4, Why) == 3);
  CHECK(A[0] == FormatArg::Integer);
  CHECK(A[1] == FormatArg::String);
  CHECK(A[2] == FormatArg::Double);
  // va_arg's walk: integers from the register save area until 48, doubles
  // until 176 in 16-byte steps, then both from the overflow area.
  VaListLayout V{40, 160, 0x9000, 0x1000};
  CHECK(vaArgAddress(V, FormatArg::Integer) == 0x1000 + 40);
  CHECK(vaArgAddress(V, FormatArg::Integer) == 0x9000);
  CHECK(vaArgAddress(V, FormatArg::Double) == 0x1000 + 160);
  CHECK(vaArgAddress(V, FormatArg::Double) == 0x9008);
  CHECK(vaArgAddress(V, FormatArg::String) == 0x9010);
  CHECK(V.GpOffset == 48);
  CHECK(V.FpOffset == 176);
}
