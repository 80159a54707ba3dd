// Cross-cubicle calls are never inlined, even when link-time optimisation
// sees both sides: the call sits inside the gate's assembly.  Here the two
// cubicles' bitcode is linked and optimised together as LTO would.
//
// RUN: %clang -O2 -flto %cubicle -fplugin-arg-cubicle-name=app -c %s -o %t.app.bc
// RUN: %clang -O2 -flto %cubicle -fplugin-arg-cubicle-name=fs -DCALLEE -c %s -o %t.fs.bc
// RUN: %llvm-link %t.app.bc %t.fs.bc -o %t.linked.bc
// RUN: %opt -O2 %t.linked.bc -S -o - | FileCheck %s

#ifdef CALLEE
int fs_size(int X) { return X * 4096; }
#else
int fs_size(int X);
int app_main(int X) { return fs_size(X) + 1; }
#endif

// CHECK-LABEL: define {{.*}}i32 @__cubicle_body.app_main(
// CHECK: asm sideeffect "{{.*}}wrpkru{{.*}}call *\22__cubicle_entry.fs_size\22+8(%rip)
