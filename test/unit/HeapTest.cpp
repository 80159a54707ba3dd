//===- HeapTest.cpp - The per-cubicle allocator (none backend) ------------===//
//
// Runs in-process on the none backend: allocation inside a cubicle entered
// with cubicle_call, checked against the allocator's contract.  Isolation of
// heap pages is tested under real protection in test/isolation.
//
//===----------------------------------------------------------------------===//

#include "cubicle/cubicle.h"

#include <catch2/catch.hpp>
#include <errno.h>
#include <functional>
#include <map>
#include <random>
#include <stdint.h>
#include <string.h>
#include <vector>

namespace {

std::function<void()> Body;
void *trampoline(void *) {
  Body();
  return nullptr;
}

cid_type heapCubicle() {
  static cid_type Id = [] {
    cid_type C = cubicle_lookup("heap");
    return C > 0 ? C : cubicle_create("heap");
  }();
  return Id;
}

void inCubicle(std::function<void()> Fn) {
  Body = std::move(Fn);
  REQUIRE(cubicle_call(heapCubicle(), trampoline, nullptr) == nullptr);
}

bool aligned(void *P, size_t A) { return (uintptr_t(P) & (A - 1)) == 0; }

} // namespace

TEST_CASE("the unit tests run on the none backend", "[heap]") {
  REQUIRE(std::string(cubicle_backend()) == "none");
  REQUIRE(heapCubicle() > 0);
}

TEST_CASE("malloc returns distinct, aligned, usable blocks", "[heap]") {
  inCubicle([] {
    REQUIRE(cubicle_self() == heapCubicle());
    std::vector<std::pair<char *, size_t>> Blocks;
    for (size_t Size : {1, 8, 15, 16, 17, 100, 1000, 4095, 4096, 4097, 65536,
                        1000000}) {
      char *P = static_cast<char *>(cubicle_malloc(Size));
      REQUIRE(P);
      REQUIRE(aligned(P, 16));
      REQUIRE(cubicle_malloc_usable_size(P) >= Size);
      memset(P, int(Size & 0xff), Size);
      Blocks.push_back({P, Size});
    }
    for (auto &B : Blocks) {
      for (size_t I = 0; I < B.second; I += 97)
        REQUIRE(uint8_t(B.first[I]) == uint8_t(B.second & 0xff));
      for (auto &O : Blocks)
        if (&O != &B)
          REQUIRE((B.first + B.second <= O.first ||
                   O.first + O.second <= B.first));
    }
    for (auto &B : Blocks)
      cubicle_free(B.first);
  });
}

TEST_CASE("heap memory lies in the cubicle's own area", "[heap]") {
  inCubicle([] {
    void *A = cubicle_malloc(32), *B = cubicle_malloc(1 << 20);
    // Both in one 4 GiB-aligned area.
    REQUIRE(uintptr_t(A) >> 32 == uintptr_t(B) >> 32);
    cubicle_free(A);
    cubicle_free(B);
  });
}

TEST_CASE("calloc zeroes and checks for overflow", "[heap]") {
  inCubicle([] {
    char *P = static_cast<char *>(cubicle_malloc(256));
    memset(P, 0xab, 256);
    cubicle_free(P);
    char *Q = static_cast<char *>(cubicle_calloc(16, 16));
    REQUIRE(Q);
    for (int I = 0; I < 256; ++I)
      REQUIRE(Q[I] == 0);
    cubicle_free(Q);
    errno = 0;
    REQUIRE(cubicle_calloc(SIZE_MAX / 2, 3) == nullptr);
    REQUIRE(errno == ENOMEM);
  });
}

TEST_CASE("realloc keeps contents", "[heap]") {
  inCubicle([] {
    char *P = static_cast<char *>(cubicle_realloc(nullptr, 10));
    memcpy(P, "0123456789", 10);
    P = static_cast<char *>(cubicle_realloc(P, 100000));
    REQUIRE(!memcmp(P, "0123456789", 10));
    P = static_cast<char *>(cubicle_realloc(P, 5));
    REQUIRE(!memcmp(P, "01234", 5));
    REQUIRE(cubicle_realloc(P, 0) == nullptr);
  });
}

TEST_CASE("aligned allocation honours the alignment", "[heap]") {
  inCubicle([] {
    for (size_t Align : {16, 32, 64, 256, 4096, 65536}) {
      void *P = cubicle_aligned_alloc(Align, 100);
      REQUIRE(P);
      REQUIRE(aligned(P, Align));
      cubicle_free(P);
      void *Q = nullptr;
      REQUIRE(cubicle_posix_memalign(&Q, Align, 5000) == 0);
      REQUIRE(aligned(Q, Align));
      cubicle_free(Q);
    }
    void *Q = nullptr;
    REQUIRE(cubicle_posix_memalign(&Q, 24, 8) == EINVAL);
    REQUIRE(cubicle_aligned_alloc(3, 8) == nullptr);
  });
}

TEST_CASE("freed memory is reused and large runs coalesce", "[heap]") {
  inCubicle([] {
    void *A = cubicle_malloc(48);
    cubicle_free(A);
    REQUIRE(cubicle_malloc(48) == A);
    // Three adjacent large runs freed in any order coalesce into one that
    // fits a request of their combined size at the first one's address.
    char *X = static_cast<char *>(cubicle_malloc(5 * 4096));
    char *Y = static_cast<char *>(cubicle_malloc(5 * 4096));
    char *Z = static_cast<char *>(cubicle_malloc(5 * 4096));
    REQUIRE(Y == X + 5 * 4096);
    REQUIRE(Z == Y + 5 * 4096);
    cubicle_free(Y);
    cubicle_free(X);
    cubicle_free(Z);
    char *W = static_cast<char *>(cubicle_malloc(15 * 4096));
    REQUIRE(W == X);
    cubicle_free(W);
  });
}

TEST_CASE("random allocation workload keeps every block intact", "[heap]") {
  inCubicle([] {
    std::mt19937 Rng(42);
    std::map<char *, std::pair<size_t, uint8_t>> Live;
    for (int Step = 0; Step < 20000; ++Step) {
      if (Live.size() < 500 && (Rng() % 3 || Live.empty())) {
        size_t Size = Rng() % 8 ? 1 + Rng() % 512 : 1 + Rng() % 70000;
        char *P = static_cast<char *>(cubicle_malloc(Size));
        REQUIRE(P);
        uint8_t Fill = uint8_t(Rng());
        memset(P, Fill, Size);
        Live[P] = {Size, Fill};
      } else {
        auto It = Live.begin();
        std::advance(It, Rng() % Live.size());
        for (size_t I = 0; I < It->second.first; ++I)
          REQUIRE(uint8_t(It->first[I]) == It->second.second);
        cubicle_free(It->first);
        Live.erase(It);
      }
    }
    for (auto &L : Live)
      cubicle_free(L.first);
  });
}

TEST_CASE("the trusted base allocates from libc", "[heap]") {
  REQUIRE(cubicle_self() == CUBICLE_TRUSTED);
  void *P = cubicle_malloc(64);
  REQUIRE(P);
  void *Q = malloc(64);
  // Both in libc's heap: the same region, not a cubicle area.
  REQUIRE(uintptr_t(P) >> 32 == uintptr_t(Q) >> 32);
  free(Q);
  cubicle_free(P);
}
