//===- Switch.S - Stack switches and the monitor exit ---------------------===//
//
// The parts of a switch that cannot be written in C++ because they change
// the stack pointer or must be one exact instruction sequence.
//
//===----------------------------------------------------------------------===//

#define CUBICLE_TS_EXIT_PKRU 8
#define CUBICLE_TS_EXIT_DESC 24
#define CUBICLE_REC_TOKEN 16

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

        .section .note.GNU-stack,"",@progbits
