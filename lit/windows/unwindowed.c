// A pointer argument to a function defined elsewhere that no annotation
// covers gets a warning that names the call; annotated, null, handle
// (CUBICLE_NO_WINDOW) and library arguments do not, nor do calls to static
// functions or to functions this file defines (even further down): those
// cannot be in another cubicle.
//
// RUN: %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=app %s 2>&1 | FileCheck %s
// RUN: %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=app -fplugin-arg-cubicle-no-window-warnings %s 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty

#include <cubicle/cubicle.h>
#include <string.h>

struct db;
int put(struct db *d CUBICLE_NO_WINDOW, const char *key CUBICLE_WINDOW_CSTR,
        void *val CUBICLE_WINDOW(n), int n);
int raw(char *p, int n);
static int helper(char *p);
int later(char *p);

void use(struct db *d) {
  char buf[8];
  put(d, "k", buf, 8);
  raw(buf, 8);
  // CHECK: unwindowed.c:[[@LINE-1]]:7: warning: pointer argument 1 of 'raw' is not covered by a window annotation; if 'raw' is in another cubicle it cannot use this memory [-Wcubicle-unwindowed-pointer]
  raw(0, 0);
  memset(buf, 0, 8);
  helper(buf);
  later(buf);
}

static int helper(char *p) { return *p; }
int later(char *p) { return *p; }
// CHECK-NOT: warning:
// QUIET-NOT: warning:
