// Running the pass a second time changes nothing: the module carries a flag,
// and the gates and entry records are not made twice.
//
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %s -o %t.O0.ll
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %t.O0.ll -o %t.O0.twice.ll
// RUN: FileCheck %s < %t.O0.ll
// RUN: FileCheck %s < %t.O0.twice.ll
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %s -o %t.O2.ll
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %t.O2.ll -o %t.O2.twice.ll
// RUN: FileCheck %s < %t.O2.ll
// RUN: FileCheck %s < %t.O2.twice.ll

int other(int);
int f(int X) { return other(X); }

// Exactly one entry record for f, one body, one gate (one wrpkru in, one
// out on the fast path).
// CHECK:     @__cubicle_entry.f = constant
// CHECK-NOT: @__cubicle_entry.f{{.*}} = constant
// CHECK:     define internal {{.*}}@__cubicle_body.f(
// CHECK-NOT: define {{.*}}@__cubicle_body.__cubicle_body.f(
// CHECK:     wrpkru{{.*}}wrpkru{{.*}}wrpkru{{.*}}wrpkru
// CHECK-NOT: wrpkru
// CHECK:     define {{.*}}@f(
// CHECK-DAG: !{i32 7, !"cubicle.gated", i32 1}
// CHECK-DAG: !cubicle.name = !{![[N:[0-9]+]]}
// CHECK-DAG: ![[N]] = !{!"app"}
