//===- Harness.h - Death tests for isolation, with a built-in control -----===//
//
// Isolation tests run the same code under every backend.  An access that
// must fault is run in a forked child:
//   - with protection on (mpk, mprotect) the child must die by SIGSEGV and
//     its report must name the running cubicle, the owning cubicle, the
//     address and the kind of access;
//   - with CUBICLE_BACKEND=none (protection off) the very same access must
//     succeed and read or write what it was meant to.
// So each faulting case is paired with its negative control, and a test
// that could not fail (an access that faults for another reason, or never
// reaches the memory it targets) shows up as a failure in one of the two.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_TEST_HARNESS_H
#define CUBICLE_TEST_HARNESS_H

#include <cubicle/cubicle.h>

#include <functional>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace harness {

inline int &failures() {
  static int N = 0;
  return N;
}

inline const char *&currentTest() {
  static const char *Name = "?";
  return Name;
}

inline void fail(const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  fprintf(stdout, "  FAIL [%s]: ", currentTest());
  vfprintf(stdout, Fmt, Ap);
  fprintf(stdout, "\n");
  va_end(Ap);
  ++failures();
}

#define CHECK(Cond)                                                            \
  do {                                                                         \
    if (!(Cond))                                                               \
      ::harness::fail("%s:%d: CHECK(%s)", __FILE__, __LINE__, #Cond);          \
  } while (0)

#define CHECK_EQ(A, B)                                                         \
  do {                                                                         \
    long long A_ = (long long)(A), B_ = (long long)(B);                        \
    if (A_ != B_)                                                              \
      ::harness::fail("%s:%d: %s == %lld, expected %s == %lld", __FILE__,      \
                      __LINE__, #A, A_, #B, B_);                               \
  } while (0)

inline bool protectionOn() { return strcmp(cubicle_backend(), "none") != 0; }

struct Child {
  bool Signaled = false;
  int Sig = 0;
  int Exit = -1;
  std::string Err;
};

// Runs Fn in a forked child with stderr captured.  The child exits 0 when
// Fn returns.
inline Child inChild(const std::function<void()> &Fn) {
  fflush(stdout);
  fflush(stderr);
  int Pipe[2];
  if (pipe(Pipe) != 0)
    abort();
  pid_t Pid = fork();
  if (Pid == 0) {
    close(Pipe[0]);
    dup2(Pipe[1], 2);
    Fn();
    fflush(stdout);
    _exit(0);
  }
  close(Pipe[1]);
  Child C;
  char Buf[4096];
  ssize_t N;
  while ((N = read(Pipe[0], Buf, sizeof(Buf))) > 0)
    C.Err.append(Buf, size_t(N));
  close(Pipe[0]);
  int Status = 0;
  waitpid(Pid, &Status, 0);
  C.Signaled = WIFSIGNALED(Status);
  C.Sig = C.Signaled ? WTERMSIG(Status) : 0;
  C.Exit = WIFEXITED(Status) ? WEXITSTATUS(Status) : -1;
  return C;
}

inline bool contains(const std::string &S, const std::string &Part) {
  return S.find(Part) != std::string::npos;
}

inline std::string fmt(const char *Fmt, ...) {
  char Buf[512];
  va_list Ap;
  va_start(Ap, Fmt);
  vsnprintf(Buf, sizeof(Buf), Fmt, Ap);
  va_end(Ap);
  return Buf;
}

// Expects Fn, which performs one access of Kind ("READ" or "WRITE") at
// Addr while running in cubicle Running, to be stopped with a report naming
// Running and Owner -- or, with protection off, to complete.
inline void expectFault(const char *Running, const char *Owner,
                        const void *Addr, const char *Kind,
                        const std::function<void()> &Fn) {
  Child C = inChild(Fn);
  if (!protectionOn()) {
    if (C.Signaled || C.Exit != 0)
      fail("with protection off the access at %p should succeed "
           "(signal %d, exit %d)\n%s",
           Addr, C.Sig, C.Exit, C.Err.c_str());
    return;
  }
  if (!C.Signaled || C.Sig != SIGSEGV) {
    fail("expected death by SIGSEGV for the %s at %p; got signal %d exit %d\n%s",
         Kind, Addr, C.Sig, C.Exit, C.Err.c_str());
    return;
  }
  std::string Want[] = {
      fmt("isolation fault on address %p", Addr),
      fmt("%s ", Kind),
      fmt("by cubicle '%s'", Running),
      fmt("of cubicle '%s'", Owner),
      fmt("SUMMARY: Cubicle: isolation-fault: cubicle '%s' accessed memory of "
          "cubicle '%s'",
          Running, Owner),
  };
  for (auto &W : Want)
    if (!contains(C.Err, W))
      fail("report lacks \"%s\":\n%s", W.c_str(), C.Err.c_str());
}

// Expects Fn to complete (exit 0) under every backend.
inline void expectOk(const char *What, const std::function<void()> &Fn) {
  Child C = inChild(Fn);
  if (C.Signaled || C.Exit != 0)
    fail("%s: expected success, got signal %d exit %d\n%s", What, C.Sig,
         C.Exit, C.Err.c_str());
}

struct Case {
  const char *Name;
  void (*Fn)();
};

inline int runAll(const std::vector<Case> &Cases, int Argc, char **Argv) {
  printf("backend: %s\n", cubicle_backend());
  for (const Case &C : Cases) {
    if (Argc > 1 && strcmp(Argv[1], C.Name))
      continue;
    currentTest() = C.Name;
    int Before = failures();
    C.Fn();
    printf("%s %s\n", failures() == Before ? "PASS" : "FAIL", C.Name);
  }
  printf("%d failure(s)\n", failures());
  return failures() ? 1 : 0;
}

} // namespace harness

#endif // CUBICLE_TEST_HARNESS_H
