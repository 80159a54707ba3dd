//===- app_exc.cpp - Cubicle "app": C++ exceptions ------------------------===//
#include "nonlocal.h"

#include <stdio.h>

extern "C" int app_exceptions(int Across) {
  if (!Across) {
    printf("lib caught its own exception: %d\n", lib_throw_inside());
    return 0;
  }
  try {
    lib_throw();
    printf("lib_throw returned\n");
  } catch (int V) {
    printf("app caught lib's exception %d\n", V);
  }
  return 0;
}
