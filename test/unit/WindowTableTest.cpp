//===- WindowTableTest.cpp - Window bookkeeping ---------------------------===//

#include "windows/WindowTable.h"

#include <catch2/catch.hpp>
#include <memory>

using namespace cubicle;

namespace {

constexpr uint16_t Owner = 3, Other = 4;

std::unique_ptr<WindowTable> makeTable() {
  return std::make_unique<WindowTable>();
}

void *at(uintptr_t A) { return reinterpret_cast<void *>(A); }

// The table's full observable state, to prove that failed calls change
// nothing.
std::string snapshot(const WindowTable &T) {
  std::string S;
  for (int I = 0; I < T.numRanges(); ++I) {
    const WindowRange &R = T.range(I);
    S += std::to_string(R.Begin) + "-" + std::to_string(R.End) + "@" +
         std::to_string(R.Window) + ";";
  }
  for (int I = 0; I < WindowTable::kMaxWindows; ++I) {
    auto &W = const_cast<WindowTable &>(T).slot(I);
    if (W.Live)
      S += "w" + std::to_string(I) + ":" + std::to_string(W.Owner) + ":" +
           std::to_string(W.Grantees) + ":" + std::to_string(W.NumRanges) +
           ";";
  }
  return S;
}

} // namespace

TEST_CASE("windows are created with distinct positive ids", "[windows]") {
  auto T = makeTable();
  wid_type A = T->create(Owner), B = T->create(Owner);
  REQUIRE(A > 0);
  REQUIRE(B > 0);
  REQUIRE(A != B);
  REQUIRE(T->get(A)->Owner == Owner);
  REQUIRE(T->get(A)->Grantees == 0);
}

TEST_CASE("a destroyed window's id stays invalid after reuse", "[windows]") {
  auto T = makeTable();
  wid_type A = T->create(Owner);
  REQUIRE(T->destroy(A, Owner) == CUBICLE_OK);
  wid_type B = T->create(Owner); // reuses the slot
  REQUIRE(T->slotIndex(A) == T->slotIndex(B));
  REQUIRE(A != B);
  REQUIRE(T->get(A) == nullptr);
  REQUIRE(T->add(A, Owner, at(0x1000), 8, true) == CUBICLE_EBADWID);
  REQUIRE(T->open(A, Owner, 5, true, nullptr) == CUBICLE_EBADWID);
  REQUIRE(T->destroy(A, Owner) == CUBICLE_EBADWID);
}

TEST_CASE("ranges are kept sorted and found by address", "[windows]") {
  auto T = makeTable();
  wid_type A = T->create(Owner), B = T->create(Owner);
  REQUIRE(T->add(A, Owner, at(0x3000), 0x100, true) == CUBICLE_OK);
  REQUIRE(T->add(B, Owner, at(0x1000), 0x10, true) == CUBICLE_OK);
  REQUIRE(T->add(A, Owner, at(0x2000), 0x20, true) == CUBICLE_OK);
  REQUIRE(T->numRanges() == 3);
  REQUIRE(T->range(0).Begin == 0x1000);
  REQUIRE(T->range(1).Begin == 0x2000);
  REQUIRE(T->range(2).Begin == 0x3000);
  REQUIRE(T->find(0x0fff) == nullptr);
  REQUIRE(T->find(0x1000)->Window == T->slotIndex(B));
  REQUIRE(T->find(0x100f)->Window == T->slotIndex(B));
  REQUIRE(T->find(0x1010) == nullptr);
  REQUIRE(T->find(0x30ff)->Window == T->slotIndex(A));
  REQUIRE(T->find(0x3100) == nullptr);
  int N = 0;
  T->forEachRange(T->slotIndex(A), [&](const WindowRange &) { ++N; });
  REQUIRE(N == 2);
}

TEST_CASE("bad adds return their error and change nothing", "[windows]") {
  auto T = makeTable();
  wid_type A = T->create(Owner), B = T->create(Owner);
  REQUIRE(T->add(A, Owner, at(0x1000), 0x100, true) == CUBICLE_OK);
  REQUIRE(T->open(A, Owner, 7, true, nullptr) == CUBICLE_OK);
  std::string Before = snapshot(*T);

  SECTION("size 0") {
    REQUIRE(T->add(A, Owner, at(0x5000), 0, true) == CUBICLE_EINVAL);
  }
  SECTION("NULL") {
    REQUIRE(T->add(A, Owner, nullptr, 8, true) == CUBICLE_EINVAL);
  }
  SECTION("wrap-around") {
    REQUIRE(T->add(A, Owner, at(UINTPTR_MAX - 7), 16, true) == CUBICLE_EINVAL);
  }
  SECTION("unknown window") {
    REQUIRE(T->add(B + 100, Owner, at(0x5000), 8, true) == CUBICLE_EBADWID);
    REQUIRE(T->add(0, Owner, at(0x5000), 8, true) == CUBICLE_EBADWID);
    REQUIRE(T->add(-1, Owner, at(0x5000), 8, true) == CUBICLE_EBADWID);
  }
  SECTION("someone else's window") {
    REQUIRE(T->add(A, Other, at(0x5000), 8, true) == CUBICLE_ENOTOWNER);
  }
  SECTION("memory the caller does not own") {
    REQUIRE(T->add(A, Owner, at(0x5000), 8, false) == CUBICLE_ENOTOWNER);
  }
  SECTION("overlap within a window") {
    REQUIRE(T->add(A, Owner, at(0x10ff), 8, true) == CUBICLE_EOVERLAP);
    REQUIRE(T->add(A, Owner, at(0x0ff8), 9, true) == CUBICLE_EOVERLAP);
    REQUIRE(T->add(A, Owner, at(0x1000), 0x100, true) == CUBICLE_EOVERLAP);
  }
  SECTION("overlap with another window") {
    REQUIRE(T->add(B, Owner, at(0x1080), 8, true) == CUBICLE_EOVERLAP);
    REQUIRE(T->add(B, Owner, at(0x0f00), 0x1000, true) == CUBICLE_EOVERLAP);
  }
  REQUIRE(snapshot(*T) == Before);
  // Touching ranges do not overlap.
  REQUIRE(T->add(B, Owner, at(0x1100), 8, true) == CUBICLE_OK);
  REQUIRE(T->add(B, Owner, at(0x0ff8), 8, true) == CUBICLE_OK);
}

TEST_CASE("open and close track grantees", "[windows]") {
  auto T = makeTable();
  wid_type A = T->create(Owner);
  bool WasClosed = false, NowClosed = false;
  REQUIRE(T->open(A, Owner, 5, true, &WasClosed) == CUBICLE_OK);
  REQUIRE(WasClosed);
  REQUIRE(T->open(A, Owner, 6, true, &WasClosed) == CUBICLE_OK);
  REQUIRE_FALSE(WasClosed);
  REQUIRE(T->get(A)->Grantees == ((1u << 5) | (1u << 6)));
  std::string Before = snapshot(*T);
  REQUIRE(T->open(A, Owner, 9, false, nullptr) == CUBICLE_EBADCID);
  REQUIRE(T->open(A, Owner, 64, true, nullptr) == CUBICLE_EBADCID);
  REQUIRE(T->open(A, Other, 9, true, nullptr) == CUBICLE_ENOTOWNER);
  REQUIRE(T->close(A, Owner, 9, true, nullptr) == CUBICLE_ENOTOPEN);
  REQUIRE(T->close(A, Other, 5, true, nullptr) == CUBICLE_ENOTOWNER);
  REQUIRE(T->close(A, Owner, 5, false, nullptr) == CUBICLE_EBADCID);
  REQUIRE(snapshot(*T) == Before);
  REQUIRE(T->close(A, Owner, 5, true, &NowClosed) == CUBICLE_OK);
  REQUIRE_FALSE(NowClosed);
  REQUIRE(T->close(A, Owner, 6, true, &NowClosed) == CUBICLE_OK);
  REQUIRE(NowClosed);
  REQUIRE(T->close(A, Owner, 6, true, nullptr) == CUBICLE_ENOTOPEN);
}

TEST_CASE("close_all reports whom it revoked", "[windows]") {
  auto T = makeTable();
  wid_type A = T->create(Owner);
  T->open(A, Owner, 1, true, nullptr);
  T->open(A, Owner, 2, true, nullptr);
  uint64_t Revoked = 0;
  REQUIRE(T->closeAll(A, Other, &Revoked) == CUBICLE_ENOTOWNER);
  REQUIRE(T->get(A)->Grantees == 6);
  REQUIRE(T->closeAll(A, Owner, &Revoked) == CUBICLE_OK);
  REQUIRE(Revoked == 6);
  REQUIRE(T->get(A)->Grantees == 0);
}

TEST_CASE("remove takes out exactly one range", "[windows]") {
  auto T = makeTable();
  wid_type A = T->create(Owner), B = T->create(Owner);
  T->add(A, Owner, at(0x1000), 0x10, true);
  T->add(A, Owner, at(0x2000), 0x10, true);
  T->add(B, Owner, at(0x3000), 0x10, true);
  std::string Before = snapshot(*T);
  REQUIRE(T->remove(A, Owner, at(0x1001), nullptr) == CUBICLE_ENOENT);
  REQUIRE(T->remove(A, Owner, at(0x3000), nullptr) == CUBICLE_ENOENT);
  REQUIRE(T->remove(A, Other, at(0x1000), nullptr) == CUBICLE_ENOTOWNER);
  REQUIRE(snapshot(*T) == Before);
  WindowRange Removed;
  REQUIRE(T->remove(A, Owner, at(0x1000), &Removed) == CUBICLE_OK);
  REQUIRE(Removed.Begin == 0x1000);
  REQUIRE(Removed.End == 0x1010);
  REQUIRE(T->find(0x1000) == nullptr);
  REQUIRE(T->find(0x2000) != nullptr);
  REQUIRE(T->get(A)->NumRanges == 1);
}

TEST_CASE("destroy drops the window's ranges only", "[windows]") {
  auto T = makeTable();
  wid_type A = T->create(Owner), B = T->create(Owner);
  T->add(A, Owner, at(0x1000), 0x10, true);
  T->add(B, Owner, at(0x2000), 0x10, true);
  T->add(A, Owner, at(0x3000), 0x10, true);
  REQUIRE(T->destroy(A, Other) == CUBICLE_ENOTOWNER);
  REQUIRE(T->destroy(A, Owner) == CUBICLE_OK);
  REQUIRE(T->numRanges() == 1);
  REQUIRE(T->find(0x2000)->Window == T->slotIndex(B));
  // Its memory can be added again.
  REQUIRE(T->add(B, Owner, at(0x1000), 0x10, true) == CUBICLE_OK);
}

TEST_CASE("running out of windows is an error, not a crash", "[windows]") {
  auto T = makeTable();
  for (int I = 0; I < WindowTable::kMaxWindows; ++I)
    REQUIRE(T->create(Owner) > 0);
  REQUIRE(T->create(Owner) == CUBICLE_ENOMEM);
}

TEST_CASE("running out of ranges is an error, not a crash", "[windows]") {
  auto T = makeTable();
  wid_type A = T->create(Owner);
  for (int I = 0; I < WindowTable::kMaxRanges; ++I)
    REQUIRE(T->add(A, Owner, at(0x1000 + 16 * uintptr_t(I)), 8, true) ==
            CUBICLE_OK);
  std::string Before = snapshot(*T);
  REQUIRE(T->add(A, Owner, at(0x900000), 8, true) == CUBICLE_ENOMEM);
  REQUIRE(snapshot(*T) == Before);
}
