// Calls that stay in the cubicle are plain calls: to functions of the same
// translation unit (static or not), and to the C library.
//
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=fs -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=fs -S -emit-llvm %s -o - | FileCheck %s

#include <stdio.h>
#include <string.h>

static int helper(int X) { return X * 3; }
__attribute__((noinline)) int exported(int X) { return helper(X) + 1; }

int caller(const char *S) {
  printf("%s\n", S);
  return exported((int)strlen(S));
}

// The functions it exports get an entry record and keep their name as an
// entry stub; calls inside the TU go straight to the body.
// CHECK-DAG: @__cubicle_entry.exported = constant { ptr, ptr, ptr, i64, ptr } { ptr @__cubicle_desc.fs, ptr @__cubicle_body.exported, ptr @exported, i64 0, ptr null }
// CHECK-DAG: @__cubicle_entry.caller = constant { ptr, ptr, ptr, i64, ptr } { ptr @__cubicle_desc.fs, ptr @__cubicle_body.caller, ptr @caller, i64 0, ptr null }
// CHECK-NOT: @__cubicle_entry.helper
// CHECK-LABEL: define internal {{.*}}i32 @__cubicle_body.caller(
// CHECK-NOT: wrpkru
// CHECK-NOT: __cubicle_entry
// CHECK: call {{.*}}@__cubicle_body.exported(
// CHECK-NOT: wrpkru
// CHECK: ret i32
// CHECK-NOT: @__cubicle_entry.printf
// CHECK-NOT: @__cubicle_entry.puts
