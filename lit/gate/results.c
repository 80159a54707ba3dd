// Results in RAX/RDX wait in XMM14/XMM15 while WRPKRU clobbers EAX and EDX;
// floating-point results in XMM0/XMM1 are left alone and not scrubbed.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S %s -o - | FileCheck %s
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=app -S %s -o - | FileCheck %s

struct pair { long a, b; };
struct pair two(void);
double real(float x, double y);

long use_pair(void) { struct pair P = two(); return P.a + P.b; }
double use_real(void) { return real(1.0f, 2.0); }

// CHECK-LABEL: __cubicle_body.use_pair:
// CHECK:      .Lcubicle_call_{{[0-9]+}}:
// CHECK-NEXT: callq *__cubicle_entry.two+8(%rip)
// CHECK-NEXT: .Lcubicle_site_{{[0-9]+}}:
// CHECK-NEXT: .cfi_restore_state
// CHECK-NEXT: movq %rax, %xmm14
// CHECK-NEXT: movq %rdx, %xmm15
// CHECK:      movq %xmm14, %rax
// CHECK-NEXT: movq %xmm15, %rdx
// CHECK-NEXT: cld
// CHECK-NEXT: xorl %esi, %esi
// CHECK-NEXT: xorl %edi, %edi
// CHECK-NEXT: xorl %r8d, %r8d
// CHECK-NEXT: xorl %r9d, %r9d
// CHECK-NEXT: xorl %r10d, %r10d
// CHECK-NEXT: xorl %r11d, %r11d
// CHECK-NEXT: xorl %ecx, %ecx
// CHECK-NEXT: pxor %xmm0, %xmm0
// CHECK-LABEL: __cubicle_body.use_real:
// CHECK:      .Lcubicle_call_{{[0-9]+}}:
// CHECK-NEXT: callq *__cubicle_entry.real+8(%rip)
// CHECK-NEXT: .Lcubicle_site_{{[0-9]+}}:
// CHECK-NEXT: .cfi_restore_state
// CHECK-NEXT: testb
// CHECK:      pxor %xmm1, %xmm1
// CHECK-NOT:  pxor %xmm0, %xmm0
// CHECK:      callq __cubicle_gate_check_failed
