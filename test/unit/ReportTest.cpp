//===- ReportTest.cpp - The async-signal-safe formatter -------------------===//

#include "core/Report.h"

#include <catch2/catch.hpp>
#include <stdio.h>
#include <string>

using namespace cubicle;

namespace {
#pragma clang diagnostic ignored "-Wformat-security"
template <typename... Args> std::string fmt(const char *F, Args... A) {
  char Buf[256];
  format(Buf, sizeof(Buf), F, A...);
  return Buf;
}
template <typename... Args> std::string ref(const char *F, Args... A) {
  char Buf[256];
  snprintf(Buf, sizeof(Buf), F, A...);
  return Buf;
}
} // namespace

TEST_CASE("format agrees with snprintf on the subset it supports", "[report]") {
  REQUIRE(fmt("plain") == "plain");
  REQUIRE(fmt("%d %d %d", 0, -17, 2147483647) ==
          ref("%d %d %d", 0, -17, 2147483647));
  REQUIRE(fmt("%u %x", 4000000000u, 0xbeefu) ==
          ref("%u %x", 4000000000u, 0xbeefu));
  REQUIRE(fmt("%llu %lld", 18446744073709551615ull, -9223372036854775807ll) ==
          ref("%llu %lld", 18446744073709551615ull, -9223372036854775807ll));
  REQUIRE(fmt("%zu %zx", size_t(123456789), size_t(0xabcdef)) ==
          ref("%zu %zx", size_t(123456789), size_t(0xabcdef)));
  REQUIRE(fmt("%p", (void *)0x7f0012345678) ==
          ref("%p", (void *)0x7f0012345678));
  REQUIRE(fmt("[%s] [%5s] [%c] %%", "x", "ab", 'q') ==
          ref("[%s] [%5s] [%c] %%", "x", "ab", 'q'));
  REQUIRE(fmt("%08x %4d", 0x1au, 7) == ref("%08x %4d", 0x1au, 7));
  REQUIRE(fmt("[%-6s|%6s]", "ab", "cd") == ref("[%-6s|%6s]", "ab", "cd"));
  REQUIRE(fmt("%s", (const char *)nullptr) == "(null)");
}

TEST_CASE("format truncates and always terminates", "[report]") {
  char Buf[8];
  size_t N = format(Buf, sizeof(Buf), "%s", "0123456789");
  REQUIRE(N == 7);
  REQUIRE(std::string(Buf) == "0123456");
  char One[1] = {'x'};
  REQUIRE(format(One, 1, "abc") == 0);
  REQUIRE(One[0] == 0);
}
