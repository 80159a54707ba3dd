//===- IsolationTest.cpp - Isolation with the runtime alone ---------------===//
//
// Cubicles created at run time, entered with cubicle_call: heap and stack
// isolation, windows (open, close, close_all, destroy, sub-page precision),
// every bad window call, frees across cubicles, and 20 cubicles (more than
// the hardware keys).  Runs under mpk (in the VM), mprotect and none; see
// Harness.h for how each faulting case carries its own control.
//
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

using namespace harness;

namespace {

cid_type A, B, C;

// cubicle_call passes one pointer; the closure it points to must be readable
// by the callee, so it lives in the trusted base's (key 0) memory.
std::function<void()> Slots[64];
int Depth;

void *trampoline(void *P) {
  (*static_cast<std::function<void()> *>(P))();
  return nullptr;
}

void in(cid_type Cid, std::function<void()> Fn) {
  std::function<void()> *Slot = &Slots[Depth++];
  *Slot = std::move(Fn);
  cubicle_call(Cid, trampoline, Slot);
  --Depth;
}

// Values moved between cubicles through key-0 globals.
char *volatile Shared;
volatile char Sink;
volatile int Result;

char *allocIn(cid_type Cid, size_t Size, char Fill) {
  in(Cid, [=] {
    Shared = static_cast<char *>(cubicle_malloc(Size));
    memset(Shared, Fill, Size);
  });
  return Shared;
}

//===-- Heap ---------------------------------------------------------------===//

void heapRead() {
  char *P = allocIn(A, 64, 'a');
  expectFault("B", "A", P + 5, "READ", [=] {
    in(B, [=] { Sink = P[5]; });
    CHECK_EQ(Sink, 'a');
  });
}

void heapWrite() {
  char *P = allocIn(A, 64, 'a');
  expectFault("B", "A", P + 7, "WRITE", [=] {
    in(B, [=] { P[7] = 'x'; });
    in(A, [=] { Result = P[7]; });
    CHECK_EQ(Result, 'x');
  });
}

void heapWindow() {
  char *P = allocIn(A, 64, 'a');
  expectOk("heap window", [=] {
    in(A, [=] {
      wid_type W = cubicle_window_init();
      CHECK(W > 0);
      CHECK_EQ(cubicle_window_add(W, P, 64), CUBICLE_OK);
      CHECK_EQ(cubicle_window_open(W, B), CUBICLE_OK);
      in(B, [=] {
        Result = P[10];
        P[11] = 'w';
      });
      CHECK_EQ(Result, 'a');
      CHECK_EQ(P[11], 'w');
      CHECK_EQ(cubicle_window_close(W, B), CUBICLE_OK);
    });
  });
  // After close the same access faults again.
  expectFault("B", "A", P + 10, "READ", [=] {
    in(A, [=] {
      wid_type W = cubicle_window_init();
      cubicle_window_add(W, P, 64);
      cubicle_window_open(W, B);
      in(B, [=] { Sink = P[10]; });
      cubicle_window_close(W, B);
      in(B, [=] { Sink = P[10]; });
    });
  });
}

//===-- Stacks -------------------------------------------------------------===//

void stackRead() {
  // The address is only known inside A, so the child prints it.
  Child Ch = inChild([] {
    in(A, [] {
      volatile char Local[32];
      memset(const_cast<char *>(Local), 's', sizeof(Local));
      Shared = const_cast<char *>(Local);
      fprintf(stderr, "local at %p\n", static_cast<void *>(Shared + 3));
      in(B, [] { Sink = Shared[3]; });
      CHECK_EQ(Sink, 's');
    });
  });
  if (protectionOn()) {
    CHECK(Ch.Signaled && Ch.Sig == SIGSEGV);
    CHECK(contains(Ch.Err, "by cubicle 'B'"));
    CHECK(contains(Ch.Err, "is on the stack of cubicle 'A'"));
    size_t At = Ch.Err.find("local at ");
    CHECK(At != std::string::npos);
    if (At != std::string::npos) {
      std::string Addr = Ch.Err.substr(At + 9, Ch.Err.find('\n', At) - At - 9);
      CHECK(contains(Ch.Err, "isolation fault on address " + Addr));
    }
  } else {
    CHECK(!Ch.Signaled && Ch.Exit == 0);
  }
}

void stackWrite() {
  Child Ch = inChild([] {
    in(A, [] {
      volatile char Local[32];
      memset(const_cast<char *>(Local), 's', sizeof(Local));
      Shared = const_cast<char *>(Local);
      fprintf(stderr, "local at %p\n", static_cast<void *>(Shared + 5));
      in(B, [] { Shared[5] = 'x'; });
      CHECK_EQ(Local[5], 'x');
    });
  });
  if (protectionOn()) {
    CHECK(Ch.Signaled && Ch.Sig == SIGSEGV);
    CHECK(contains(Ch.Err, "WRITE of size 1 by cubicle 'B'"));
    CHECK(contains(Ch.Err, "is on the stack of cubicle 'A'"));
    size_t At = Ch.Err.find("local at ");
    CHECK(At != std::string::npos);
    if (At != std::string::npos) {
      std::string Addr = Ch.Err.substr(At + 9, Ch.Err.find('\n', At) - At - 9);
      CHECK(contains(Ch.Err, "isolation fault on address " + Addr));
    }
  } else {
    CHECK(!Ch.Signaled && Ch.Exit == 0);
  }
}

void stackWindow() {
  expectOk("stack window", [] {
    in(A, [] {
      char Local[10];
      memcpy(Local, "123456789", 10);
      Shared = Local;
      wid_type W = cubicle_window_init();
      CHECK_EQ(cubicle_window_add(W, Local, 10), CUBICLE_OK);
      CHECK_EQ(cubicle_window_open(W, B), CUBICLE_OK);
      in(B, [] {
        Result = int(strlen(Shared)); // glibc reads past the 10 bytes
        Shared[0] = 'X';
      });
      CHECK_EQ(Result, 9);
      CHECK_EQ(Local[0], 'X');
      CHECK_EQ(cubicle_window_destroy(W), CUBICLE_OK);
    });
  });
}

//===-- Revocation ---------------------------------------------------------===//

void closeAllRevokes() {
  char *P = allocIn(A, 128, 'c');
  auto Body = [=](cid_type Reader) {
    return [=] {
      in(A, [=] {
        wid_type W = cubicle_window_init();
        cubicle_window_add(W, P, 128);
        cubicle_window_open(W, B);
        cubicle_window_open(W, C);
        in(B, [=] { Sink = P[1]; });
        in(C, [=] { Sink = P[2]; });
        CHECK_EQ(cubicle_window_close_all(W), CUBICLE_OK);
        CHECK_EQ(cubicle_window_close(W, B), CUBICLE_ENOTOPEN);
        in(Reader, [=] { Sink = P[3]; });
      });
    };
  };
  expectFault("B", "A", P + 3, "READ", Body(B));
  expectFault("C", "A", P + 3, "READ", Body(C));
}

void destroyRevokes() {
  char *P = allocIn(A, 128, 'd');
  expectFault("B", "A", P + 4, "READ", [=] {
    in(A, [=] {
      wid_type W = cubicle_window_init();
      cubicle_window_add(W, P, 128);
      cubicle_window_open(W, B);
      in(B, [=] { Sink = P[4]; });
      CHECK_EQ(cubicle_window_destroy(W), CUBICLE_OK);
      CHECK_EQ(cubicle_window_open(W, B), CUBICLE_EBADWID);
      in(B, [=] { Sink = P[4]; });
    });
  });
}

//===-- Sub-page precision -------------------------------------------------===//

// A 10-byte window in the middle of a page: the window's bytes are lent,
// the bytes next to it are not.
char *pageWithWindow(wid_type *W) {
  in(A, [=] {
    Shared = static_cast<char *>(cubicle_aligned_alloc(4096, 4096));
    memset(Shared, 'n', 4096);
    memcpy(Shared + 100, "window!!!", 10); // 9 chars and a NUL
    *W = cubicle_window_init();
    CHECK_EQ(cubicle_window_add(*W, Shared + 100, 10), CUBICLE_OK);
    CHECK_EQ(cubicle_window_open(*W, B), CUBICLE_OK);
  });
  return Shared;
}

void neighboursProtected() {
  static wid_type W;
  char *P = pageWithWindow(&W);
  expectOk("inside a 10-byte window", [=] {
    in(B, [=] {
      Result = 0;
      for (int I = 100; I < 110; ++I)
        Result += P[I];
      char Copy[10];
      memcpy(Copy, P + 100, 10); // vector loads beyond the window
      CHECK(!memcmp(Copy, "window!!!", 10));
      CHECK_EQ(strlen(P + 100), 9);
      P[100] = 'W';
    });
    int Sum = 0;
    for (const char *S = "window!!!"; *S; ++S)
      Sum += *S;
    CHECK_EQ(Result, Sum);
    in(A, [=] { CHECK_EQ(P[100], 'W'); });
  });
  expectFault("B", "A", P + 99, "READ", [=] { in(B, [=] { Sink = P[99]; }); });
  expectFault("B", "A", P + 110, "READ",
              [=] { in(B, [=] { Sink = P[110]; }); });
  expectFault("B", "A", P + 110, "WRITE",
              [=] { in(B, [=] { P[110] = 'x'; }); });
  expectFault("B", "A", P + 4000, "READ",
              [=] { in(B, [=] { Sink = P[4000]; }); });
}

void wideAccessesMasked() {
  static wid_type W;
  char *P = pageWithWindow(&W);
  expectOk("wide accesses at a window's edge", [=] {
    in(B, [=] {
      // An 8-byte load that starts in the window and ends outside it sees
      // zeros outside; an 8-byte store there changes only the window.
      uint64_t V;
      memcpy(&V, P + 106, 8);
      Result = protectionOn() ? V == 0x0000000000212121ull // "!!!\0" + zeros
                              : V == 0x6e6e6e6e00212121ull; // neighbours 'n'
      volatile uint64_t *Q = reinterpret_cast<volatile uint64_t *>(P + 106);
      *Q = 0x4141414141414141ull;
    });
    CHECK_EQ(Result, 1);
    in(A, [=] {
      CHECK(!memcmp(P + 106, "AAAA", 4));
      // The bytes after the window are untouched with protection on.
      CHECK_EQ(P[110], protectionOn() ? 'n' : 'A');
      CHECK_EQ(P[113], protectionOn() ? 'n' : 'A');
    });
  });
}

//===-- Bad window calls ---------------------------------------------------===//

void badCalls() {
  expectOk("bad window calls", [] {
    char *PA = allocIn(A, 256, 'p');
    in(A, [=] {
      wid_type W = cubicle_window_init();
      wid_type W2 = cubicle_window_init();
      CHECK(W > 0 && W2 > 0 && W != W2);
      CHECK_EQ(cubicle_window_add(12345, PA, 10), CUBICLE_EBADWID);
      CHECK_EQ(cubicle_window_add(-3, PA, 10), CUBICLE_EBADWID);
      CHECK_EQ(cubicle_window_add(W, nullptr, 10), CUBICLE_EINVAL);
      CHECK_EQ(cubicle_window_add(W, PA, 0), CUBICLE_EINVAL);
      CHECK_EQ(cubicle_window_add(W, reinterpret_cast<void *>(-16), 32),
               CUBICLE_EINVAL);
      // Memory the caller does not own: the trusted base's, the runtime's.
      static char KeyZero[16];
      CHECK_EQ(cubicle_window_add(W, KeyZero, 16), CUBICLE_ENOTOWNER);
      CHECK_EQ(cubicle_window_add(W, PA, 64), CUBICLE_OK);
      CHECK_EQ(cubicle_window_add(W, PA + 32, 64), CUBICLE_EOVERLAP);
      CHECK_EQ(cubicle_window_add(W2, PA + 63, 2), CUBICLE_EOVERLAP);
      CHECK_EQ(cubicle_window_add(W2, PA + 64, 64), CUBICLE_OK);
      CHECK_EQ(cubicle_window_open(W, 999), CUBICLE_EBADCID);
      CHECK_EQ(cubicle_window_open(W, -1), CUBICLE_EBADCID);
      CHECK_EQ(cubicle_window_open(W, A), CUBICLE_EINVAL);
      CHECK_EQ(cubicle_window_close(W, B), CUBICLE_ENOTOPEN);
      CHECK_EQ(cubicle_window_remove(W, PA + 1), CUBICLE_ENOENT);
      CHECK_EQ(cubicle_window_remove(W, PA + 64), CUBICLE_ENOENT);
      CHECK_EQ(cubicle_window_open(W, B), CUBICLE_OK);
      CHECK_EQ(cubicle_window_open(W, B), CUBICLE_OK); // already open
      Result = W;
    });
    wid_type W = Result;
    // Another cubicle may not use A's window or lend A's memory.
    in(B, [=] {
      CHECK_EQ(cubicle_window_add(W, PA + 200, 8), CUBICLE_ENOTOWNER);
      CHECK_EQ(cubicle_window_open(W, C), CUBICLE_ENOTOWNER);
      CHECK_EQ(cubicle_window_close(W, B), CUBICLE_ENOTOWNER);
      CHECK_EQ(cubicle_window_destroy(W), CUBICLE_ENOTOWNER);
      wid_type Mine = cubicle_window_init();
      CHECK_EQ(cubicle_window_add(Mine, PA + 200, 8), CUBICLE_ENOTOWNER);
      // Nothing changed: B still reads the window...
      Sink = PA[10];
    });
    in(A, [=] {
      CHECK_EQ(cubicle_window_destroy(W), CUBICLE_OK);
      CHECK_EQ(cubicle_window_destroy(W), CUBICLE_EBADWID);
      CHECK_EQ(cubicle_window_add(W, PA, 8), CUBICLE_EBADWID);
    });
    CHECK_EQ(Sink, 'p');
  });
  // ...and the failed calls did not lend anything: the byte that a refused
  // add (overlap) would have covered is still A's alone.
  char *PA = allocIn(A, 256, 'q');
  expectFault("B", "A", PA + 80, "READ", [=] {
    in(A, [=] {
      wid_type W = cubicle_window_init();
      CHECK_EQ(cubicle_window_add(W, PA, 64), CUBICLE_OK);
      CHECK_EQ(cubicle_window_add(W, PA + 32, 64), CUBICLE_EOVERLAP);
      CHECK_EQ(cubicle_window_open(W, B), CUBICLE_OK);
      in(B, [=] { Sink = PA[80]; });
    });
  });
}

void strerrorNames() {
  for (int E = CUBICLE_ELIMIT; E <= CUBICLE_OK; ++E)
    CHECK(!strncmp(cubicle_strerror(E), "CUBICLE_", 8));
  CHECK(!strcmp(cubicle_strerror(CUBICLE_EBADWID),
                "CUBICLE_EBADWID: no such window"));
}

//===-- Heap ownership -----------------------------------------------------===//

void freeForeignRefused() {
  char *P = allocIn(A, 48, 'f');
  Child Ch = inChild([=] {
    in(B, [=] { cubicle_free(P); });
    in(A, [=] { Result = P[47]; });
    CHECK_EQ(Result, 'f');
    // A can still free it itself.
    in(A, [=] { cubicle_free(P); });
  });
  CHECK(!Ch.Signaled && Ch.Exit == 0);
  CHECK(contains(Ch.Err, "free of another cubicle's memory: cubicle 'B' called "
                         "free(" + fmt("%p", static_cast<void *>(P)) +
                         "), which belongs to cubicle 'A'"));
  CHECK(contains(Ch.Err, "SUMMARY: Cubicle: bad-free"));
}

void doubleFreeRefused() {
  Child Ch = inChild([] {
    in(A, [] {
      void *P = cubicle_malloc(40);
      cubicle_free(P);
      cubicle_free(P);
      void *Q = cubicle_malloc(40);
      CHECK(Q != nullptr);
    });
  });
  CHECK(!Ch.Signaled && Ch.Exit == 0);
  CHECK(contains(Ch.Err, "double free: cubicle 'A'"));
}

//===-- Threads ------------------------------------------------------------===//

void *threadBody(void *) {
  // The new thread has records of its own: it can enter cubicles.
  char *P = allocIn(B, 16, 't');
  in(B, [=] { Result = P[15]; });
  return nullptr;
}

void threads() {
  Child Ch = inChild([] {
    pthread_t Th;
    int R = pthread_create(&Th, nullptr, threadBody, nullptr);
    if (!strcmp(cubicle_backend(), "mprotect")) {
      CHECK_EQ(R, EPERM);
      return;
    }
    CHECK_EQ(R, 0);
    pthread_join(Th, nullptr);
    CHECK_EQ(Result, 't');
  });
  CHECK(!Ch.Signaled && Ch.Exit == 0);
  if (!strcmp(cubicle_backend(), "mprotect"))
    CHECK(contains(Ch.Err, "the mprotect backend isolates one thread only; "
                           "pthread_create refused"));
}

//===-- Many cubicles ------------------------------------------------------===//

cid_type Many[20];
char *ManyBuf[20];

void twentyCubicles() {
  // A, B and C are three; add 17 more.
  Many[0] = A;
  Many[1] = B;
  Many[2] = C;
  for (int I = 3; I < 20; ++I) {
    static char Name[20][8];
    snprintf(Name[I], sizeof(Name[I]), "c%d", I);
    Many[I] = cubicle_lookup(Name[I]);
    if (Many[I] < 0)
      Many[I] = cubicle_create(Name[I]);
    CHECK(Many[I] > 0);
  }
  CHECK(cubicle_count() >= 21);
  for (int I = 0; I < 20; ++I)
    ManyBuf[I] = allocIn(Many[I], 32, char('A' + I));
  // A chain of calls through all twenty, each checking its own memory.
  expectOk("chain through 20 cubicles", [] {
    static std::function<void(int)> Step;
    Step = [](int I) {
      CHECK_EQ(cubicle_self(), Many[I]);
      CHECK_EQ(ManyBuf[I][31], 'A' + I);
      if (I + 1 < 20)
        in(Many[I + 1], [I] { Step(I + 1); });
    };
    in(Many[0], [] { Step(0); });
  });
  // Isolation holds between every kind of pair: the last cubicles have no
  // hardware key of their own on mpk.
  int Pairs[][2] = {{19, 18}, {19, 1}, {2, 19}, {0, 1}};
  for (auto &P : Pairs) {
    int From = P[0], To = P[1];
    expectFault(cubicle_name(Many[From]), cubicle_name(Many[To]),
                ManyBuf[To] + 3, "READ", [=] {
                  in(Many[From], [=] { Sink = ManyBuf[To][3]; });
                  CHECK_EQ(Sink, 'A' + To);
                });
  }
}

} // namespace

int main(int Argc, char **Argv) {
  A = cubicle_create("A");
  B = cubicle_create("B");
  C = cubicle_create("C");
  if (A <= 0 || B <= 0 || C <= 0) {
    printf("cannot create cubicles: %d %d %d\n", A, B, C);
    return 1;
  }
  return runAll({{"heap_read", heapRead},
                 {"heap_write", heapWrite},
                 {"heap_window", heapWindow},
                 {"stack_read", stackRead},
                 {"stack_write", stackWrite},
                 {"stack_window", stackWindow},
                 {"close_all_revokes", closeAllRevokes},
                 {"destroy_revokes", destroyRevokes},
                 {"neighbours_protected", neighboursProtected},
                 {"wide_accesses_masked", wideAccessesMasked},
                 {"bad_calls", badCalls},
                 {"strerror", strerrorNames},
                 {"free_foreign_refused", freeForeignRefused},
                 {"double_free_refused", doubleFreeRefused},
                 {"threads", threads},
                 {"twenty_cubicles", twentyCubicles}},
                Argc, Argv);
}
