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

        .section .note.GNU-stack,"",@progbits
