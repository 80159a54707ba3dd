//===- lib_exc.cpp - Cubicle "lib": C++ exceptions ------------------------===//
#include "nonlocal.h"

int lib_throw(void) { throw 42; }

static __attribute__((noinline)) void thrower(int V) { throw V; }

int lib_throw_inside(void) {
  try {
    thrower(7);
  } catch (int V) {
    return V;
  }
  return 0;
}
