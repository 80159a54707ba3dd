//===- RegistryTest.cpp - Cubicle registry and cubicle_call (none) --------===//

#include "cubicle/cubicle.h"

#include <catch2/catch.hpp>
#include <string.h>
#include <string>

TEST_CASE("the trusted base is cubicle 0", "[registry]") {
  REQUIRE(cubicle_self() == CUBICLE_TRUSTED);
  REQUIRE(std::string(cubicle_name(CUBICLE_TRUSTED)) == "<trusted>");
  REQUIRE(cubicle_lookup("<trusted>") == CUBICLE_TRUSTED);
}

TEST_CASE("cubicles get ids and names", "[registry]") {
  int Before = cubicle_count();
  cid_type A = cubicle_create("registry-a");
  cid_type B = cubicle_create("registry-b");
  REQUIRE(A > 0);
  REQUIRE(B > 0);
  REQUIRE(A != B);
  REQUIRE(cubicle_count() == Before + 2);
  REQUIRE(std::string(cubicle_name(A)) == "registry-a");
  REQUIRE(cubicle_lookup("registry-b") == B);
  REQUIRE(cubicle_lookup("no-such") == CUBICLE_EBADCID);
  REQUIRE(cubicle_name(999) == nullptr);
  REQUIRE(cubicle_name(-1) == nullptr);
}

TEST_CASE("bad cubicle names are refused", "[registry]") {
  int Before = cubicle_count();
  REQUIRE(cubicle_create(nullptr) == CUBICLE_EINVAL);
  REQUIRE(cubicle_create("") == CUBICLE_EINVAL);
  REQUIRE(cubicle_create(std::string(100, 'x').c_str()) == CUBICLE_EINVAL);
  cid_type A = cubicle_create("registry-dup");
  REQUIRE(A > 0);
  REQUIRE(cubicle_create("registry-dup") == CUBICLE_EEXIST);
  REQUIRE(cubicle_count() == Before + 1);
}

namespace {
cid_type Seen[4];
cid_type Nested;
void *inner(void *Arg) {
  Seen[1] = cubicle_self();
  return Arg;
}
void *outer(void *Arg) {
  Seen[0] = cubicle_self();
  void *R = cubicle_call(Nested, inner, Arg);
  Seen[2] = cubicle_self();
  return R;
}
} // namespace

TEST_CASE("cubicle_call runs the function in the cubicle and returns",
          "[registry]") {
  cid_type A = cubicle_create("call-a");
  Nested = cubicle_create("call-b");
  int Token;
  REQUIRE(cubicle_call(A, outer, &Token) == &Token);
  REQUIRE(Seen[0] == A);
  REQUIRE(Seen[1] == Nested);
  REQUIRE(Seen[2] == A);
  REQUIRE(cubicle_self() == CUBICLE_TRUSTED);
}

TEST_CASE("cubicle_call refuses bad targets", "[registry]") {
  REQUIRE(cubicle_call(999, inner, nullptr) == nullptr);
  REQUIRE(cubicle_call(CUBICLE_TRUSTED, inner, nullptr) == nullptr);
  REQUIRE(cubicle_call(cubicle_lookup("call-a"), nullptr, nullptr) == nullptr);
}

TEST_CASE("only the trusted base creates cubicles", "[registry]") {
  cid_type A = cubicle_lookup("call-a");
  static cid_type Result;
  cubicle_call(A, [](void *) -> void * {
    Result = cubicle_create("from-inside");
    return nullptr;
  }, nullptr);
  REQUIRE(Result == CUBICLE_EPERM);
  REQUIRE(cubicle_lookup("from-inside") == CUBICLE_EBADCID);
}
