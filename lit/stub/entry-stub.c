// An exported function keeps its name as an entry stub, with prefix data
// (magic, offset of the entry record) just before it; the body moves aside.  The stub runs
// the body directly when the caller already runs in this cubicle and hands
// over to the runtime's generic entry otherwise.  A static function whose
// address is taken gets a stub of its own, and its address becomes the stub.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=lib -S %s -o - | FileCheck %s
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=lib -S %s -o - | FileCheck %s

static int twice(int X) { return 2 * X; }
int (*handout(void))(int) { return twice; }

// CHECK:       .section cubicle_text
// CHECK-LABEL: __cubicle_body.handout:
// CHECK:       leaq __cubicle_stub.twice(%rip), %rax
// The stub of an exported function: magic and entry record offset first
// (relative, so that PIE needs no text relocation).
// CHECK:       .quad 4851857056024384594
// CHECK-NEXT:  .quad __cubicle_entry.handout-handout{{$}}
// CHECK-NEXT:  handout:
// CHECK:       testb $1, __cubicle_desc.lib+4(%rip)
// CHECK:       rdpkru
// CHECK-NEXT:  cmpl __cubicle_desc.lib(%rip), %eax
// CHECK:       je __cubicle_body.handout
// CHECK:       movzwl %gs:__cubicle_thread_pages+18(%rip), %r10d
// CHECK:       leaq __cubicle_entry.handout(%rip), %r11
// CHECK-NEXT:  jmp __cubicle_stub_enter
// CHECK:       .quad __cubicle_entry_local.twice-__cubicle_stub.twice{{$}}
// CHECK-NEXT:  __cubicle_stub.twice:
// CHECK:       je twice
