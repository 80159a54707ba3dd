// A call through a pointer: outside cubicle code it is a plain call; inside,
// the target must be an entry stub (magic before it, and its entry record
// naming it back), or the call is stopped.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %s -o - | FileCheck %s

int call(int (*Fn)(int), int X) { return Fn(X); }

// CHECK-LABEL: define internal {{.*}}i32 @__cubicle_body.call(ptr {{.*}}%0, i32 {{.*}}%1)
// CHECK:      icmp uge ptr %0, @__start_cubicle_text
// CHECK:      icmp ult ptr %0, @__stop_cubicle_text
// CHECK:      getelementptr i8, ptr %0, i64 -16
// CHECK:      icmp eq i64 %{{.*}}, 4851857056024384594
// CHECK:      call void @__cubicle_bad_indirect_call(ptr @__cubicle_desc.app, ptr %0)
// CHECK-NEXT: unreachable
// CHECK:      getelementptr i8, ptr %{{.*}}, i64 16
// CHECK:      icmp ne ptr %{{.*}}, %0
// CHECK:      call void @__cubicle_bad_indirect_call(ptr @__cubicle_desc.app, ptr %0)
// CHECK:      call i32 %0(i32
