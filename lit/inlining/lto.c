// Cross-cubicle calls are never inlined, even when link-time optimisation
// sees both sides: the call sits inside the gate's assembly.  Here the two
// cubicles' bitcode is linked and optimised together as LTO would.  (LTO may
// inline the callee into the same-cubicle path, which runs only when the
// descriptor ids are equal, that is when both are in one cubicle.)
//
// RUN: %clang -O2 -flto %cubicle -fplugin-arg-cubicle-name=app -c %s -o %t.app.bc
// RUN: %clang -O2 -flto %cubicle -fplugin-arg-cubicle-name=fs -DCALLEE -c %s -o %t.fs.bc
// RUN: %llvm-link %t.app.bc %t.fs.bc -o %t.linked.bc
// RUN: %opt -O2 %t.linked.bc -S -o - | FileCheck %s
// RUN: %clang -O0 -flto %cubicle -fplugin-arg-cubicle-name=app -c %s -o %t.app0.bc
// RUN: %clang -O0 -flto %cubicle -fplugin-arg-cubicle-name=fs -DCALLEE -c %s -o %t.fs0.bc
// RUN: %llvm-link %t.app0.bc %t.fs0.bc -o %t.linked0.bc
// RUN: %opt -O2 %t.linked0.bc -S -o - | FileCheck %s
//
// The control: without the plugin the same link inlines the callee.
// RUN: %clang -O2 -flto -c %s -o %t.plain.app.bc
// RUN: %clang -O2 -flto -DCALLEE -c %s -o %t.plain.fs.bc
// RUN: %llvm-link %t.plain.app.bc %t.plain.fs.bc -o %t.plain.bc
// RUN: %opt -O2 %t.plain.bc -S -o - | FileCheck %s --check-prefix=PLAIN

#ifdef CALLEE
int fs_size(int X) { return X * 4093; }
#else
int fs_size(int X);
int app_main(int X) { return fs_size(X) + 1; }
#endif

// CHECK-LABEL: define {{.*}}i32 @__cubicle_body.app_main(
// CHECK:       [[MINE:%[0-9]+]] = load i32, ptr getelementptr inbounds (i8, ptr @__cubicle_desc.app, i64 8)
// CHECK:       [[ITS:%[0-9]+]] = load i32, ptr getelementptr inbounds (i8, ptr @__cubicle_desc.fs, i64 8)
// CHECK:       [[SAME:%[0-9]+]] = icmp eq i32 [[MINE]], [[ITS]]
// CHECK:       br i1 [[SAME]], label %{{[0-9]+}}, label %[[CROSS:[0-9]+]]
// CHECK:       [[CROSS]]:
// CHECK-NOT:   mul {{.*}}4093
// CHECK:       asm sideeffect "{{.*}}wrpkru{{.*}}call *\22__cubicle_entry.fs_size\22+8(%rip)
// CHECK-NOT:   mul {{.*}}4093
// CHECK:       ret i32

// PLAIN-LABEL: define {{.*}}i32 @app_main(
// PLAIN-NOT:   call
// PLAIN:       mul {{.*}}4093
