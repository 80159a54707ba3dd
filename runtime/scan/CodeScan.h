//===- CodeScan.h - Find instructions that could undo isolation -----------===//
//
// The byte scan shared by cubicle-verify (over an ELF file) and the
// runtime's start-up check (over the mapped executable segments).  After
// ERIM: every byte offset counts, so an instruction hidden in another's
// immediate or across instruction boundaries is found too.
//
//   WRPKRU (0F 01 EF) anywhere: must be one of the checked shapes below, or
//     it is a gadget that sets any PKRU;
//   XRSTOR / XRSTORS with a memory operand: restore PKRU from memory
//     (refused in cubicle code, listed in the trusted base);
//   in cubicle code also SYSCALL, SYSENTER, INT 0x80, WRFSBASE, WRGSBASE:
//     refused where the compiler put one (at an instruction start, found by
//     a linear sweep with InsnDecode); inside another instruction they are
//     listed as gadgets but not refused (see scanCode).
//
// Checked shapes: the WRPKRU's value comes from memory or a constant, and
// the next instruction compares EAX with that same memory or constant and
// branches to a failure function if they differ, so a jump straight to the
// WRPKRU with a forged EAX cannot get past it.  Gates (cubicle code):
//
//   G1  8B 05 d        mov  d(%rip), %eax       the caller's descriptor
//       0F 01 EF       wrpkru
//       3B 05 d-9      cmp  (same address), %eax
//       jne fail       (75 rel8 | 0F 85 rel32) to "call __cubicle_gate_check_failed"
//   G2  4C 8B 1D d     mov  d(%rip), %r11       the callee's entry record
//                      (or 4C 8D 1D, lea: its descriptor, a constant)
//       41 8B 03       mov  (%r11), %eax
//       0F 01 EF       wrpkru
//       4C 8B 1D d-13  mov  (same address), %r11   reloaded: R11 could be forged
//       41 3B 03       cmp  (%r11), %eax
//       jne fail
//   G3  the same for A's and B's rights together (stack arguments):
//       4C 8B 1D d / 8B 05 e / 41 23 03  mov entry,%r11; mov descA,%eax;
//                                        and (%r11),%eax
//       0F 01 EF
//       4C 8B 1D d-19 / 44 8B 15 e-20 / 45 23 13 / 44 39 D0
//                                        recompute into R10D, cmp R10D, EAX
//       jne fail
//
// The runtime (code built without the plugin), failing to
// __cubicle_pkru_check_failed directly or through "je +5; call":
//
//   R1  31 C0          xor %eax, %eax     / 0F 01 EF / 85 C0   test %eax,%eax
//   R2  B8 imm         mov $imm, %eax     / 0F 01 EF / 3D imm  cmp $imm,%eax
//   R3  65 8B 05 d     mov %gs:d(%rip)    / 0F 01 EF / 65 3B 05 d-10
//
// No allocation, no libc beyond memcmp: the runtime runs it before main.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_CODESCAN_H
#define CUBICLE_CODESCAN_H

#include <stddef.h>
#include <stdint.h>

namespace cubicle {
namespace scan {

enum Kind : uint8_t {
  Wrpkru,
  Xrstor,
  Xrstors,
  Syscall,
  Sysenter,
  Int80,
  Wrfsbase,
  Wrgsbase,
  NumKinds
};

const char *kindName(Kind K);

// What the code is: compiled for a cubicle (cubicle_text), or the trusted
// base (the runtime, libc, anything built without the plugin).
enum class Region : uint8_t { Cubicle, Trusted };

// How a finding was judged.
enum class Verdict : uint8_t {
  Gate,       // a WRPKRU in one of the gate shapes (cubicle code)
  Runtime,    // a WRPKRU in one of the runtime's shapes (trusted code)
  Trusted,    // an XRSTOR in trusted code: listed, not refused
  Gadget,     // a system-call instruction hidden inside another instruction
              // in cubicle code: listed, not refused (see CodeScan.cpp)
  Forbidden,  // refused
};

const char *verdictName(Verdict V);

struct Code {
  const uint8_t *Bytes;
  size_t Size;
  uint64_t Addr; // the address of Bytes[0] in the program
  Region R;
  // Optional: known instruction starts (function symbols), sorted.  The
  // sweep that tells instruction starts from hidden bytes then starts at
  // the function around a finding instead of at the beginning.
  const uint64_t *Anchors = nullptr;
  size_t NumAnchors = 0;
};

// The failure functions a checked WRPKRU must branch to (their addresses in
// the same address space as Code::Addr).
struct Targets {
  uint64_t GateFail; // __cubicle_gate_check_failed
  uint64_t PkruFail; // __cubicle_pkru_check_failed
};

struct Finding {
  uint64_t Addr;   // of the instruction's first byte (prefix included)
  Kind K;
  Verdict V;
  bool Hidden;     // cubicle code: inside another instruction (computed
                   // for refused findings and gadgets only)
  const char *Why; // for Forbidden and Gadget: what is wrong
};

using Sink = void (*)(const Finding &F, void *Ctx);

// Reports every occurrence of every kind that Region cares about, at every
// byte offset, in address order.  SYSCALL and friends are reported only in
// cubicle code (the trusted base makes system calls).  Returns the number
// of Forbidden findings.
size_t scanCode(const Code &C, const Targets &T, Sink S, void *Ctx);

} // namespace scan
} // namespace cubicle

#endif
