//===- App.cpp - Cubicle "app": end-to-end tests of compiled cubicles -----===//
//
// Three cubicles built by the compiler plugin: app (this file), lib and
// store.  Direct calls of every shape, callbacks through pointers in both
// directions, globals isolation, windows, and calls through pointers that
// must be stopped.  Faulting cases use the death-test harness: stopped with
// a report under mpk and mprotect, completed with protection off (none).
//
//===----------------------------------------------------------------------===//

#include "../isolation/Harness.h"

#include <cubicle/cubicle.h>
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>

extern "C" {
struct big {
  long a, b, c;
};
struct pair {
  long lo, hi;
};
long lib_many(long, long, long, long, long, long, long, struct big);
double lib_mix(float, double, int);
struct pair lib_split(long);
int lib_apply(int (*)(int), int);
int (*lib_callback(void))(int);
int lib_call(int (*)(int), int);
struct quad {
  long a, b, c, d;
};
struct quad lib_quad(long);
}
#include "store.h"

using namespace harness;

namespace {

volatile char Sink;

// The link-time address of a symbol, from the executable's own symbol table.
uintptr_t symbolValue(const char *Name) {
  int Fd = open("/proc/self/exe", O_RDONLY);
  struct stat St;
  fstat(Fd, &St);
  auto *Base = static_cast<const char *>(
      mmap(nullptr, size_t(St.st_size), PROT_READ, MAP_PRIVATE, Fd, 0));
  close(Fd);
  auto *Eh = reinterpret_cast<const Elf64_Ehdr *>(Base);
  auto *Sh = reinterpret_cast<const Elf64_Shdr *>(Base + Eh->e_shoff);
  uintptr_t Found = 0;
  for (int I = 0; I < Eh->e_shnum && !Found; ++I) {
    if (Sh[I].sh_type != SHT_SYMTAB)
      continue;
    auto *Syms = reinterpret_cast<const Elf64_Sym *>(Base + Sh[I].sh_offset);
    const char *Str = Base + Sh[Sh[I].sh_link].sh_offset;
    for (size_t S = 0; S < Sh[I].sh_size / sizeof(Elf64_Sym); ++S)
      if (!strcmp(Str + Syms[S].st_name, Name))
        Found = Syms[S].st_value;
  }
  munmap(const_cast<char *>(Base), size_t(St.st_size));
  return Found;
}

// The run-time address of a (possibly static) function: what an attacker
// computes from one leaked pointer (here store_get's entry) and the binary,
// also in a position-independent executable.
void *symbolAddress(const char *Name) {
  uintptr_t Value = symbolValue(Name);
  if (!Value)
    return nullptr;
  uintptr_t Bias = reinterpret_cast<uintptr_t>(&store_get) -
                   symbolValue("store_get");
  return reinterpret_cast<void *>(Value + Bias);
}

int appSquare(int X) { return X * X; }

int compareInts(const void *A, const void *B) {
  return *static_cast<const int *>(A) - *static_cast<const int *>(B);
}

void directCalls() {
  CHECK_EQ(lib_many(1, 2, 3, 4, 5, 6, 7, {1, 2, 3}),
           1 + 4 + 9 + 16 + 25 + 36 + 49 + 100 + 2000 + 30000);
  CHECK(lib_mix(1.5f, 2.0, 3) == 6.0);
  struct pair P = lib_split(0x12345678);
  CHECK_EQ(P.lo, 0x5678);
  CHECK_EQ(P.hi, 0x1234);
  CHECK_EQ(store_get(3), 22);
  // A struct returned through memory, lent to the callee for the call.
  struct quad Q = lib_quad(40);
  CHECK(Q.a == 40 && Q.b == 41 && Q.c == 42 && Q.d == 43);
}

void callbacks() {
  // app's function called by lib through a pointer.
  CHECK_EQ(lib_apply(appSquare, 3), 9 + 16);
  // lib's function called by app through a pointer.
  int (*Twice)(int) = lib_callback();
  CHECK_EQ(Twice(21), 42);
  CHECK_EQ(lib_call(Twice, 5), 10);
  // app's function called back by libc, in app.
  int A[] = {5, 3, 9, 1};
  qsort(A, 4, sizeof(int), compareInts);
  CHECK(A[0] == 1 && A[1] == 3 && A[2] == 5 && A[3] == 9);
}

void globals() {
  char *Secret = store_leak();
  expectFault("app", "store", Secret + 2, "READ", [=] {
    Sink = Secret[2];
    CHECK_EQ(Sink, 'o');
  });
  expectFault("app", "store", Secret + 1, "WRITE", [=] { Secret[1] = 'X'; });
  const char *Banner = store_leak_ro();
  expectFault("app", "store", Banner, "READ", [=] { Sink = Banner[0]; });
  // The report names the global.
  Child C = inChild([=] { Sink = Secret[4]; });
  if (protectionOn())
    CHECK(contains(C.Err, "inside global 'store_secret' of cubicle 'store'"));
}

void windows() {
  static char Buf[64]; // app's global: store may write it only when lent
  expectOk("store fills app's buffer through a window", [] {
    wid_type W = cubicle_window_init();
    CHECK(W > 0);
    CHECK_EQ(cubicle_window_add(W, Buf, sizeof(Buf)), CUBICLE_OK);
    CHECK_EQ(cubicle_window_open(W, cubicle_lookup("store")), CUBICLE_OK);
    CHECK_EQ(store_fill(Buf, sizeof(Buf)), 23);
    CHECK(!strcmp(Buf, "store-secret-0xDEADBEEF"));
    CHECK_EQ(cubicle_window_destroy(W), CUBICLE_OK);
  });
  expectFault("store", "app", Buf, "WRITE",
              [] { store_fill(Buf, sizeof(Buf)); });
}

void annotatedWindows() {
  // No explicit window: the annotations lend exactly these bytes.
  char Buf[32];
  memset(Buf, 0, sizeof(Buf));
  CHECK_EQ(store_copy_out(Buf, sizeof(Buf)), 23);
  CHECK(!strcmp(Buf, "store-secret-0xDEADBEEF"));
  CHECK_EQ(store_count("banana", 'a'), 3);
  struct item Items[3] = {{1, 2}, {3, 4}, {5, 6}};
  CHECK_EQ(store_sum(Items, 3), 2 + 12 + 30);
  // Through a pointer (an indirect call into the entry stub): the same.
  long (*Sum)(const struct item *, int) = store_sum;
  CHECK_EQ(Sum(Items, 2), 14);
  // Exactly the bytes lent: the callee works on a copy, so writes past the
  // window never reach the caller (on every backend: none runs the same
  // gates, it only enforces nothing).  The control: with protection off,
  // the same scribble on memory passed without a window writes all eight
  // bytes in place.
  char Four[8] = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'};
  CHECK_EQ(store_scribble(Four), 8);
  CHECK(!memcmp(Four, "XXXXefgh", 8));
  CHECK(store_where(Four) != long(uintptr_t(Four) >> 4));
  if (!protectionOn()) {
    CHECK_EQ(store_scribble_raw(Four), 8);
    CHECK(!memcmp(Four, "XXXXXXXX", 8));
  }
  // A null pointer lends nothing and stays null.
  CHECK_EQ(store_where(nullptr), 0);
}

void stopped(const char *What, const std::function<void()> &Fn) {
  Child C = inChild(Fn);
  if (!C.Signaled || C.Sig != SIGABRT ||
      !contains(C.Err, "not an entry point") ||
      !contains(C.Err, "SUMMARY: Cubicle: bad-indirect-call"))
    fail("%s: expected a stop with a report, got signal %d exit %d\n%s", What,
         C.Sig, C.Exit, C.Err.c_str());
}

void computedPointers() {
  auto *Helper = reinterpret_cast<int (*)(int)>(symbolAddress("store_helper"));
  auto *Body = static_cast<char *>(symbolAddress("__cubicle_body.store_get"));
  CHECK(Helper != nullptr);
  CHECK(Body != nullptr);
  // Control: the entry point itself works through a pointer.
  int (*Get)(int) = store_get;
  CHECK_EQ(lib_call(Get, 3), 22);
  stopped("a static, never address-taken function of store, called by app",
          [=] { Sink = char(Helper(3)); });
  stopped("the same, called by lib", [=] { Sink = char(lib_call(Helper, 3)); });
  stopped("the middle of store's function",
          [=] { Sink = char(reinterpret_cast<int (*)(int)>(Body + 4)(3)); });
  stopped("the body behind the entry stub",
          [=] { Sink = char(reinterpret_cast<int (*)(int)>(Body)(3)); });
}

void identity() {
  CHECK(!strcmp(cubicle_name(cubicle_self()), "app"));
  CHECK(cubicle_lookup("lib") > 0);
  CHECK(cubicle_lookup("store") > 0);
}

} // namespace

int main(int Argc, char **Argv) {
  return runAll({{"identity", identity},
                 {"direct_calls", directCalls},
                 {"callbacks", callbacks},
                 {"globals", globals},
                 {"windows", windows},
                 {"annotated_windows", annotatedWindows},
                 {"computed_pointers", computedPointers}},
                Argc, Argv);
}
