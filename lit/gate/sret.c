// A struct returned through memory goes through the callee's entry stub,
// where the runtime lends the result buffer as a window, not an inline gate.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %s -o - 2>&1 | FileCheck %s
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %s -o - 2>&1 | FileCheck %s
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -DDEFINE -S -emit-llvm %s -o - 2>&1 | FileCheck %s --check-prefix=DEF
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=app -DDEFINE -S -emit-llvm %s -o - 2>&1 | FileCheck %s --check-prefix=DEF

struct big { long a, b, c, d; };
#ifdef DEFINE
struct big make(void) { struct big B = {1, 2, 3, 4}; return B; }
#else
struct big make(void);
long use(void) { return make().d; }
#endif

// CHECK-NOT: warning:
// CHECK-LABEL: define {{.*}}@__cubicle_body.use(
// CHECK-NOT: wrpkru
// CHECK: call void @make(ptr {{.*}}sret
// DEF: @__cubicle_entry.make = constant {{.*}} ptr @[[W:__cubicle_windows[.0-9]*]] }
// The spec (cubicle/abi.h): r0 | param 0 written, size c32.
// DEF: @[[W]] = private constant [32 x i8] c"\02\01\01\01\00\00\00\00\00@\00\02\00\01\00\00\00\00\00\00\00\00\00\00 \00\00\00\00\00\00\01", align 8
