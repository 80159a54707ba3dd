// Variadic callees are supported: the gate sets AL to the number of vector
// registers used, as the ABI asks, just before the call.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S %s -o - | FileCheck %s
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=app -S %s -o - | FileCheck %s

int logf_(const char *fmt, ...);
int use(double d) { return logf_("%f %d", d, 3); }

// CHECK-LABEL: __cubicle_body.use:
// CHECK:      .Lcubicle_call_{{[0-9]+}}:
// CHECK-NEXT: movb $1, %al
// CHECK-NEXT: callq *__cubicle_entry.logf_+8(%rip)
