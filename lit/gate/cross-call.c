// A call to a function defined in another translation unit: at run time one
// compare of descriptor ids picks the plain call (same cubicle) or the gate.
// The gate writes PKRU and checks the value written against the callee's
// descriptor, moves to the callee's stack through the thread's record, calls,
// and on the way back checks the caller's PKRU and the frame's cookie.
//
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=app -S %s -o - | FileCheck %s --check-prefix=ASM
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S %s -o - | FileCheck %s --check-prefix=ASM

int fs_read(int fd);

int use(void) { return fs_read(3); }

// IR: @__cubicle_desc.app = linkonce_odr hidden global {{.*}} section "cubicle_descs", comdat, align 4096
// IR: @__cubicle_entry.fs_read = weak hidden constant { ptr, ptr, ptr, i64, ptr } { ptr @__cubicle_not_a_cubicle, ptr @fs_read, ptr @fs_read, i64 0, ptr null }
// IR-LABEL: define internal {{.*}}i32 @__cubicle_body.use(
// IR: %[[OWNER:.*]] = load ptr, ptr @__cubicle_entry.fs_read
// IR: %[[ID:.*]] = getelementptr inbounds i8, ptr %[[OWNER]], i64 8
// IR: icmp eq i32
// Same cubicle: straight to the body the entry record names.
// IR: %[[BODY:.*]] = load ptr, ptr getelementptr inbounds (i8, ptr @__cubicle_entry.fs_read, i64 8)
// IR: call i32 %[[BODY]](i32 {{.*}}3){{.*}}!cubicle.trusted
// Not a cubicle: a plain call.
// IR: call i32 @fs_read(i32 {{.*}}3)
// IR: call {{.*}} asm sideeffect "{{.*}}wrpkru{{.*}}call *\22__cubicle_entry.fs_read\22+8(%rip){{.*}}"

// ASM-LABEL: __cubicle_body.use:
// ASM:      incq __cubicle_site.{{[0-9]+}}+16(%rip)
// ASM-NEXT: pushq %rbp
// ASM-NEXT: pushq %gs:__cubicle_desc.app(%rip)
// ASM-NEXT: leaq .Lcubicle_site_[[ID:[0-9]+]](%rip), %r10
// ASM-NEXT: pushq %r10
// ASM-NEXT: movq %rsp, %gs:__cubicle_desc.app(%rip)
// ASM-NEXT: movq __cubicle_entry.fs_read(%rip), %r10
// ASM-NEXT: testb $3, 4(%r10)
// ASM-NEXT: jne .Lcubicle_slow_in_[[ID]]
// ASM-NEXT: xorl %ecx, %ecx
// ASM-NEXT: xorl %edx, %edx
// ASM-NEXT: movq __cubicle_entry.fs_read(%rip), %r11
// ASM-NEXT: movl (%r11), %eax
// ASM-NEXT: wrpkru
// ASM-NEXT: movq __cubicle_entry.fs_read(%rip), %r11
// ASM-NEXT: cmpl (%r11), %eax
// ASM-NEXT: jne .Lcubicle_fail_[[ID]]
// ASM-NEXT: movq %gs:(%r11), %rsp
// ASM-NEXT: andq $-16, %rsp
// An unwinder stops at the gate (the return address is undefined there).
// ASM-NEXT: .cfi_remember_state
// ASM-NEXT: .cfi_undefined %rip
// ASM-NEXT: .Lcubicle_call_[[ID]]:
// ASM-NEXT: callq *__cubicle_entry.fs_read+8(%rip)
// ASM-NEXT: .Lcubicle_site_[[ID]]:
// ASM-NEXT: .cfi_restore_state
// ASM-NEXT: movq %rax, %xmm14
// ASM-NEXT: testb $3, __cubicle_desc.app+4(%rip)
// ASM-NEXT: jne .Lcubicle_slow_out_[[ID]]
// ASM-NEXT: xorl %ecx, %ecx
// ASM-NEXT: xorl %edx, %edx
// ASM-NEXT: movl __cubicle_desc.app(%rip), %eax
// ASM-NEXT: wrpkru
// ASM-NEXT: cmpl __cubicle_desc.app(%rip), %eax
// ASM-NEXT: jne .Lcubicle_fail_[[ID]]
// ASM-NEXT: movq %gs:__cubicle_desc.app(%rip), %rsp
// ASM-NEXT: leaq .Lcubicle_site_[[ID]](%rip), %r11
// ASM-NEXT: cmpq %r11, (%rsp)
// ASM-NEXT: jne .Lcubicle_fail_[[ID]]
// ASM: .Lcubicle_popframe_protected_[[ID]]:
// ASM-NEXT: addq $8, %rsp
// ASM-NEXT: popq %gs:__cubicle_desc.app(%rip)
// ASM-NEXT: popq %rbp
// ASM-NEXT: movq %xmm14, %rax
// ASM-NEXT: cld
// ASM:      xorl %esi, %esi
// ASM:      pxor %xmm0, %xmm0
// ASM:      pxor %xmm15, %xmm15
// ASM:      .Lcubicle_fail_[[ID]]:
// ASM-NEXT: callq __cubicle_gate_check_failed
