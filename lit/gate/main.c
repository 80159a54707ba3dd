// main and constructors are called by libc, from the trusted base: they get
// a wrapper that gates from the trusted base's descriptor into the cubicle.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S %s -o - | FileCheck %s
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=app -S %s -o - | FileCheck %s

void hook(void);
__attribute__((constructor)) static void init(void) { hook(); }
int main(void) { return 0; }

// CHECK-LABEL: main:
// CHECK:      pushq %gs:__cubicle_desc_trusted(%rip)
// CHECK:      leaq __cubicle_desc.app(%rip), %r11
// CHECK:      callq __cubicle_main.app
// CHECK:      movl __cubicle_desc_trusted(%rip), %eax
// CHECK-LABEL: __cubicle_init.init:
// CHECK:      pushq %gs:__cubicle_desc_trusted(%rip)
// CHECK:      callq init{{$}}
// CHECK:      .section .init_array
// CHECK-NEXT: .p2align
// CHECK-NEXT: .quad __cubicle_init.init
