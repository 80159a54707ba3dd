// A call through a pointer: outside cubicle code it is a plain call; inside,
// the target must be an entry stub (magic before it, and its entry record
// naming it back), or the call is stopped.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %s -o - | FileCheck %s
//
// The magic is compared against the runtime's copy, never an immediate: in
// cubicle code its bytes occur only in stub prefixes.
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S %s -o - | FileCheck %s --check-prefix=ASM
// ASM-NOT: $4851857056024384594
// ASM:     .quad 4851857056024384594
// ASM-NEXT: .quad __cubicle_entry.call-call
// ASM-NOT: $4851857056024384594

int call(int (*Fn)(int), int X) { return Fn(X); }

// CHECK-LABEL: define internal {{.*}}i32 @__cubicle_body.call(ptr
// CHECK:      icmp uge ptr [[FN:%[0-9]+]], @__start_cubicle_text
// CHECK:      icmp ult ptr [[FN]], @__stop_cubicle_text
// CHECK:      getelementptr i8, ptr [[FN]], i64 -16
// CHECK:      getelementptr i8, ptr [[FN]], i64 -8
// CHECK-NEXT: load i64
// CHECK-NEXT: getelementptr i8, ptr [[FN]], i64 %
// CHECK:      load i64, ptr @__cubicle_stub_magic
// CHECK:      call void @__cubicle_bad_indirect_call(ptr @__cubicle_desc.app, ptr [[FN]])
// CHECK-NEXT: unreachable
// CHECK:      getelementptr i8, ptr %{{.*}}, i64 16
// CHECK:      icmp ne ptr %{{.*}}, [[FN]]
// CHECK:      call void @__cubicle_bad_indirect_call(ptr @__cubicle_desc.app, ptr [[FN]])
// CHECK:      call i32 [[FN]](i32
