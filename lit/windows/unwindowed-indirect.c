// The unwindowed-pointer warning covers calls through pointers and
// callback registrations: a pointer argument of a call through a function
// pointer whose type, declared by a header (a typedef or a struct field),
// has no window annotation for it, and a function of this file registered
// with an external function through a type whose pointer parameters have
// none.
// Annotated types, null arguments and CUBICLE_NO_WINDOW are quiet.
//
// RUN: %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=app %s 2>&1 | FileCheck %s
// RUN: %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=app -fplugin-arg-cubicle-no-window-warnings %s 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty

#include "Inputs/ops.h"

static void h(const char *s) {}
static void hh(void *p) {}

void use(struct ops *o, cb_t f, cbw_t g, handle_t k) {
  char buf[8];
  o->read(buf, 8);
  // CHECK: unwindowed-indirect.c:[[@LINE-1]]:11: warning: pointer argument 1 of this call through 'read' is not covered by a window annotation on its type; if it calls into another cubicle, the callee cannot use this memory [-Wcubicle-unwindowed-pointer]
  o->readw(buf, 8);
  f(buf);
  // CHECK: unwindowed-indirect.c:[[@LINE-1]]:5: warning: pointer argument 1 of this call through 'f' is not covered
  g(buf);
  f(0);
  k(buf);
  reg(h);
  // CHECK: unwindowed-indirect.c:[[@LINE-1]]:7: warning: callback 'h' is registered with 'reg' through a type whose parameter 1 is a pointer without a window annotation; if 'reg' is in another cubicle, 'h' cannot use the memory it is called with [-Wcubicle-unwindowed-pointer]
  regw(h);
  regh(hh);
  // A type of this file's own (a method table of its own) is quiet.
  void (*local)(char *p) = 0;
  local(buf);
}
// CHECK-NOT: warning:
// QUIET-NOT: warning:
