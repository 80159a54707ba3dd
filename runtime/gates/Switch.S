//===- Switch.S - Stack switches and the monitor exit ---------------------===//
//
// The parts of a switch that cannot be written in C++ because they change
// the stack pointer or must be one exact instruction sequence.
//
//===----------------------------------------------------------------------===//

// Offsets and symbols come from the gate ABI, checked against the C++
// structs by static_asserts (Monitor.cpp).
#include "cubicle/abi.h"

        .text

// void __cubicle_exit_monitor(uint64_t Token)
//
// Leaves monitor mode: writes the PKRU the runtime stored in this thread's
// ExitPkru slot, checks it, then checks and clears the one-shot token the
// runtime stored in the target cubicle's record.  Reached by a jump with a
// forged EAX, the first check fails; reached later with the slot's old value
// (a replay), the token has been cleared and the second check fails.
        .globl  __cubicle_exit_monitor
        .hidden __cubicle_exit_monitor
        .type   __cubicle_exit_monitor,@function
__cubicle_exit_monitor:
        xor     %ecx, %ecx
        xor     %edx, %edx
        mov     %gs:__cubicle_thread_pages+CUBICLE_TS_EXIT_PKRU(%rip), %eax
        wrpkru
        cmp     %gs:__cubicle_thread_pages+CUBICLE_TS_EXIT_PKRU(%rip), %eax
        jne     __cubicle_pkru_check_failed
        mov     %gs:__cubicle_thread_pages+CUBICLE_TS_EXIT_DESC(%rip), %rcx
        cmp     %gs:CUBICLE_REC_TOKEN(%rcx), %rdi
        jne     __cubicle_pkru_check_failed
        movq    $0, %gs:CUBICLE_REC_TOKEN(%rcx)
        xor     %edi, %edi
        ret
        .size   __cubicle_exit_monitor, .-__cubicle_exit_monitor

// Completes a switch on the new stack: closes the memory the switch kept
// open so that the old stack stayed usable (mprotect, and virtual cubicles
// on mpk; see Transition.cpp), then on mpk (Token != 0) leaves the monitor.
        .type   __cubicle_switch_complete,@function
__cubicle_switch_complete:
        push    %rdi
        call    __cubicle_close_previous
        pop     %rdi
        test    %rdi, %rdi
        jnz     __cubicle_exit_monitor
        ret
        .size   __cubicle_switch_complete, .-__cubicle_switch_complete

// void *__cubicle_call_on_stack(void *(*Fn)(void *), void *Arg, uintptr_t Sp,
//                               uint64_t Token, uintptr_t *CallerSpSlot)
//
// Called in monitor mode by cubicle_call, on the caller's stack.  Saves the
// caller's stack pointer in monitor memory, moves to the callee's stack,
// leaves the monitor (or completes the mprotect switch), calls Fn(Arg), then
// asks __cubicle_call_leave for the way back.  The caller's stack pointer
// comes back from monitor memory, not from anything the callee could touch.
        .globl  __cubicle_call_on_stack
        .hidden __cubicle_call_on_stack
        .type   __cubicle_call_on_stack,@function
__cubicle_call_on_stack:
        push    %rbp
        mov     %rsp, %rbp
        push    %rbx
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        sub     $8, %rsp
        mov     %rsp, (%r8)
        mov     %rdi, %rbx
        mov     %rsi, %r12
        mov     %rdx, %rsp
        and     $-16, %rsp
        mov     %rcx, %rdi
        call    __cubicle_switch_complete
        mov     %r12, %rdi
        call    *%rbx
        push    %rax
        push    %rax
        call    __cubicle_call_leave
        pop     %r12
        pop     %r12
        mov     %rax, %rsp
        mov     %rdx, %rdi
        call    __cubicle_switch_complete
        mov     %r12, %rax
        add     $8, %rsp
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbx
        pop     %rbp
        ret
        .size   __cubicle_call_on_stack, .-__cubicle_call_on_stack

// void __cubicle_gate_switch(desc *To [r10], desc *Also [r11])
// void __cubicle_gate_complete(void)
//
// Called by inline gates in the middle of a call, with the call's arguments
// in registers: they preserve every register but R10, R11 and the flags.
// The switch opens To's memory and keeps Also's open (mprotect, and cubicles
// beyond the hardware keys on mpk); complete, called once the stack pointer
// has moved, closes what is no longer needed.  Both run on the caller's
// stack, which is open when they are called.
.macro CUBICLE_PRESERVING_CALL name, impl
        .globl  \name
        .type   \name,@function
\name:
        push    %rbp
        mov     %rsp, %rbp
        push    %rax
        push    %rcx
        push    %rdx
        push    %rsi
        push    %rdi
        push    %r8
        push    %r9
        and     $-16, %rsp
        sub     $128, %rsp
        movdqu  %xmm0, 0(%rsp)
        movdqu  %xmm1, 16(%rsp)
        movdqu  %xmm2, 32(%rsp)
        movdqu  %xmm3, 48(%rsp)
        movdqu  %xmm4, 64(%rsp)
        movdqu  %xmm5, 80(%rsp)
        movdqu  %xmm6, 96(%rsp)
        movdqu  %xmm7, 112(%rsp)
        mov     %r10, %rdi
        mov     %r11, %rsi
        call    \impl
        movdqu  0(%rsp), %xmm0
        movdqu  16(%rsp), %xmm1
        movdqu  32(%rsp), %xmm2
        movdqu  48(%rsp), %xmm3
        movdqu  64(%rsp), %xmm4
        movdqu  80(%rsp), %xmm5
        movdqu  96(%rsp), %xmm6
        movdqu  112(%rsp), %xmm7
        lea     -56(%rbp), %rsp
        pop     %r9
        pop     %r8
        pop     %rdi
        pop     %rsi
        pop     %rdx
        pop     %rcx
        pop     %rax
        pop     %rbp
        ret
        .size   \name, .-\name
.endm

        CUBICLE_PRESERVING_CALL __cubicle_gate_switch, __cubicle_gate_switch_impl
        CUBICLE_PRESERVING_CALL __cubicle_gate_complete, __cubicle_gate_complete_impl

// __cubicle_stub_enter: the generic entry into a cubicle, for calls whose
// caller is not known at compile time: through a function pointer from
// another cubicle, or from code built without the plugin (a callback given
// to libc).  Reached from an entry stub with R11 = the function's entry
// record, the call's arguments in registers and on the stack, and the
// return address on top of the caller's stack.
//
// The caller's callee-saved registers and arguments are saved on its own
// stack (the "block"); the runtime copies arguments and stack arguments to
// the callee's stack in monitor mode, and on the way back puts the results
// into the block, clearing every other argument slot.  The caller's
// callee-saved registers come back from its own stack: the callee cannot
// change them.
//
// Block layout, from low to high: XMM0-7 (128 bytes), R9 R8 RCX RDX RSI RDI
// RAX (56), R15 R14 R13 R12 RBX RBP (48), return address, stack arguments.
        .globl  __cubicle_stub_enter
        .type   __cubicle_stub_enter,@function
__cubicle_stub_enter:
        push    %rbp
        push    %rbx
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        push    %rax
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %r8
        push    %r9
        sub     $128, %rsp
        movdqu  %xmm0, 0(%rsp)
        movdqu  %xmm1, 16(%rsp)
        movdqu  %xmm2, 32(%rsp)
        movdqu  %xmm3, 48(%rsp)
        movdqu  %xmm4, 64(%rsp)
        movdqu  %xmm5, 80(%rsp)
        movdqu  %xmm6, 96(%rsp)
        movdqu  %xmm7, 112(%rsp)
        mov     %rsp, %rdi
        mov     %r11, %rsi
        call    __cubicle_stub_enter_impl
        // Monitor mode: onto the callee's stack, then leave for its rights.
        mov     %rax, %rsp
        mov     %rdx, %rdi
        call    __cubicle_switch_complete
        movdqu  0(%rsp), %xmm0
        movdqu  16(%rsp), %xmm1
        movdqu  32(%rsp), %xmm2
        movdqu  48(%rsp), %xmm3
        movdqu  64(%rsp), %xmm4
        movdqu  80(%rsp), %xmm5
        movdqu  96(%rsp), %xmm6
        movdqu  112(%rsp), %xmm7
        add     $128, %rsp
        pop     %r9
        pop     %r8
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        pop     %rax
        pop     %r11
        call    *%r11
        // Back: hand the results to the runtime and go home.
        push    %rdx
        push    %rax
        sub     $32, %rsp
        movdqu  %xmm0, 0(%rsp)
        movdqu  %xmm1, 16(%rsp)
        mov     %rsp, %rdi
        call    __cubicle_stub_leave_impl
        mov     %rax, %rsp
        mov     %rdx, %rdi
        call    __cubicle_switch_complete
        movdqu  0(%rsp), %xmm0
        movdqu  16(%rsp), %xmm1
        pxor    %xmm2, %xmm2
        pxor    %xmm3, %xmm3
        pxor    %xmm4, %xmm4
        pxor    %xmm5, %xmm5
        pxor    %xmm6, %xmm6
        pxor    %xmm7, %xmm7
        pxor    %xmm8, %xmm8
        pxor    %xmm9, %xmm9
        pxor    %xmm10, %xmm10
        pxor    %xmm11, %xmm11
        pxor    %xmm12, %xmm12
        pxor    %xmm13, %xmm13
        pxor    %xmm14, %xmm14
        pxor    %xmm15, %xmm15
        add     $128, %rsp
        pop     %r9
        pop     %r8
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        pop     %rax
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbx
        pop     %rbp
        xor     %r10d, %r10d
        xor     %r11d, %r11d
        cld
        ret
        .size   __cubicle_stub_enter, .-__cubicle_stub_enter

        .section .note.GNU-stack,"",@progbits
