// Running the pass a second time changes nothing: the module carries a flag.
//
// RUN: %clang -O1 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %s -o %t.ll
// RUN: %clang -O1 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %t.ll -o %t2.ll
// RUN: grep -c wrpkru %t.ll > %t.count1
// RUN: grep -c wrpkru %t2.ll > %t.count2
// RUN: diff %t.count1 %t.count2
// RUN: FileCheck %s < %t2.ll

int other(int);
int f(int X) { return other(X); }

// CHECK-DAG: !{i32 7, !"cubicle.gated", i32 1}
// CHECK-DAG: !cubicle.name = !{![[N:[0-9]+]]}
// CHECK-DAG: ![[N]] = !{!"app"}
