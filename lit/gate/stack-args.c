// More than six integer arguments and a struct by value: the gate switches to
// both cubicles' rights, checks that it got there from this site's frame,
// copies the stack-argument block to the callee's stack, then switches to the
// callee alone.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S %s -o - | FileCheck %s
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=app -S %s -o - | FileCheck %s

struct big { long a, b, c; };
long many(long a, long b, long c, long d, long e, long f, long g, struct big h);

long use(struct big *B) { return many(1, 2, 3, 4, 5, 6, 7, *B); }

// CHECK-LABEL: __cubicle_body.use:
// CHECK:      pushq %r11
// CHECK-NEXT: pushq %rbp
// CHECK:      movq __cubicle_entry.many(%rip), %r11
// CHECK-NEXT: movl __cubicle_desc.app(%rip), %eax
// CHECK-NEXT: andl (%r11), %eax
// CHECK-NEXT: wrpkru
// CHECK-NEXT: movq __cubicle_entry.many(%rip), %r11
// CHECK-NEXT: movl __cubicle_desc.app(%rip), %r10d
// CHECK-NEXT: andl (%r11), %r10d
// CHECK-NEXT: cmpl %r10d, %eax
// CHECK-NEXT: jne .Lcubicle_fail_[[ID:[0-9]+]]
// CHECK-NEXT: cmpq %rsp, %gs:__cubicle_desc.app(%rip)
// CHECK-NEXT: jne .Lcubicle_fail_[[ID]]
// CHECK:      movq 24(%rsp), %r11
// CHECK:      subq $32, %r10
// CHECK-NEXT: movq (%r11), %rax
// CHECK-NEXT: movq %rax, (%r10)
// CHECK:      movq 24(%r11), %rax
// CHECK-NEXT: movq %rax, 24(%r10)
// CHECK:      wrpkru
// CHECK:      movq %r10, %rsp
// CHECK:      .Lcubicle_call_{{[0-9]+}}:
// CHECK-NEXT: callq *__cubicle_entry.many+8(%rip)
// CHECK:      popq %rbp
// CHECK-NEXT: addq $8, %rsp
