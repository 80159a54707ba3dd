//===- stdthread.cpp - Cubicle "app": threads made by std::thread ---------===//
//
// std::thread creates its threads inside libstdc++ (libstdc++.a in a static
// program, libstdc++.so in a dynamic one), not in the program's own code,
// yet each must get its own per-cubicle stacks like any other thread.
//
//   stdthread ROUNDS   ROUNDS rounds of 8 std::threads at once: half run a
//                      lambda in app that calls into store, half run
//                      store's entry point itself; store_worker fills 8 KiB
//                      of its stack and checks it after 100 calls (two
//                      threads on one store stack would see each other's
//                      bytes); the lambdas' results and every total are
//                      checked
//
//===----------------------------------------------------------------------===//
#include "threads.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {

constexpr int kThreads = 8;
std::atomic<long> Failures{0};

void inApp(long Slot) {
  if (cubicle_self() != cubicle_lookup("app"))
    ++Failures;
  Failures +=
      reinterpret_cast<long>(store_worker(reinterpret_cast<void *>(Slot)));
}

} // namespace

int main(int Argc, char **Argv) {
  int Rounds = Argc >= 2 ? std::atoi(Argv[1]) : 10;
  for (int R = 0; R < Rounds; ++R) {
    std::vector<std::thread> T;
    for (long I = 0; I < kThreads; ++I) {
      long Slot = (R * kThreads + I) % kSlots;
      if (I % 2)
        T.emplace_back([Slot] { inApp(Slot); });
      else // store's entry point as the callable: runs in store
        T.emplace_back(store_worker, reinterpret_cast<void *>(Slot));
    }
    for (auto &Th : T)
      Th.join();
  }
  // Each store_worker call adds 100 * 101 / 2 to its slot.
  long Bad = 0;
  for (int S = 0; S < kSlots; ++S) {
    long Calls = 0;
    for (int R = 0; R < Rounds; ++R)
      for (int I = 0; I < kThreads; ++I)
        Calls += (R * kThreads + I) % kSlots == S;
    Bad += store_total(S) != Calls * 5050;
  }
  std::printf("stdthread: %d threads in %d rounds, %ld failed checks, %ld "
              "wrong totals\n",
              Rounds * kThreads, Rounds, Failures.load(), Bad);
  return Failures || Bad;
}
