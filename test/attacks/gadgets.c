/*===- gadgets.c - Trusted-base code an attacker reaches ------------------===*\
 *
 * Built without the plugin, into the trusted base: code that any cubicle
 * can call or jump to, as it can reach libc's own system-call wrappers.
 * Each is a few instructions an attacker would find in libc or the loader
 * (an int 0x80, a raw syscall with chosen arguments), collected here so
 * that the attacks do not depend on where libc keeps them.
\*===----------------------------------------------------------------------===*/
#include <asm/prctl.h>
#include <sys/syscall.h>

/* The 32-bit system-call entry, which a 64-bit seccomp filter would not
 * read with the 64-bit numbers: eax, ebx, ecx, edx, esi. */
long gadget_int80(long Nr, long B, long C, long D, long S) {
  long R;
  __asm__ volatile("int $0x80"
                   : "=a"(R)
                   : "a"(Nr), "b"(B), "c"(C), "d"(D), "S"(S)
                   : "memory");
  return R;
}

static long raw2(long Nr, long A, long B) {
  long R;
  __asm__ volatile("syscall"
                   : "=a"(R)
                   : "a"(Nr), "D"(A), "S"(B)
                   : "rcx", "r11", "memory");
  return R;
}

/* arch_prctl(ARCH_SET_GS, NewGs), then what GS is, then the old GS back:
 * in one piece, so that no gate runs with the attacker's GS base. */
long gadget_move_gs(unsigned long NewGs, unsigned long *Seen) {
  unsigned long Old = 0;
  raw2(SYS_arch_prctl, ARCH_GET_GS, (long)&Old);
  long R = raw2(SYS_arch_prctl, ARCH_SET_GS, (long)NewGs);
  raw2(SYS_arch_prctl, ARCH_GET_GS, (long)Seen);
  raw2(SYS_arch_prctl, ARCH_SET_GS, (long)Old);
  return R;
}
