// A result returned through memory (a struct over 16 bytes) cannot be gated
// yet: the compiler warns, names the call, and emits a report for the case
// where the callee turns out to be in another cubicle.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %s -o - 2>&1 | FileCheck %s

struct big { long a, b, c, d; };
struct big make(void);
long use(void) { return make().d; }

// CHECK: warning: {{.*}}the call to 'make' cannot be gated (the result is returned through memory
// CHECK-LABEL: define {{.*}}@__cubicle_body.use(
// CHECK: call void @make(
// CHECK: call void @__cubicle_unsupported_call(ptr @__cubicle_desc.app
