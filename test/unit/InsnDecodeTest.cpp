//===- InsnDecodeTest.cpp - The access decoder, against llvm-mc -----------===//
//
// Each case is assembled by llvm-mc (the encoding oracle), decoded with a
// known register file, and checked for the instruction length (against
// llvm-mc's) and every memory access: address, width, read or write.
//
//===----------------------------------------------------------------------===//

#include "scan/InsnDecode.h"

#include <catch2/catch.hpp>
#include <stdio.h>
#include <string>
#include <vector>

using namespace cubicle;

namespace {

std::vector<uint8_t> assemble(const std::string &Asm) {
  std::string Cmd = std::string("echo '") + Asm + "' | " LLVM_MC
                    " -triple=x86_64-linux-gnu -show-encoding 2>&1";
  FILE *P = popen(Cmd.c_str(), "r");
  REQUIRE(P);
  std::string Out;
  char Buf[512];
  while (fgets(Buf, sizeof(Buf), P))
    Out += Buf;
  pclose(P);
  size_t At = Out.find("encoding: [");
  INFO(Asm << " -> " << Out);
  REQUIRE(At != std::string::npos);
  std::vector<uint8_t> Bytes;
  const char *S = Out.c_str() + At + 11;
  while (*S && *S != ']') {
    Bytes.push_back(uint8_t(strtoul(S, const_cast<char **>(&S), 16)));
    if (*S == ',')
      ++S;
  }
  return Bytes;
}

constexpr uint64_t kRip = 0x400000;

RegView regs() {
  RegView R;
  for (int I = 0; I < 16; ++I)
    R.Gpr[I] = 0x10000 * uint64_t(I + 1); // rax=0x10000, rcx=0x20000, ...
  R.Rip = kRip;
  return R;
}
uint64_t reg(int I) { return regs().Gpr[I]; }

struct Want {
  uint64_t Addr;
  unsigned Width;
  bool Write;
};

void check(const std::string &Asm, std::vector<Want> Accesses) {
  std::vector<uint8_t> Bytes = assemble(Asm);
  DecodedInsn D = decodeInsn(Bytes.data(), Bytes.size(), regs());
  INFO(Asm);
  REQUIRE(D.Known);
  CHECK(D.Length == Bytes.size());
  REQUIRE(D.NumAccesses == int(Accesses.size()));
  for (size_t I = 0; I < Accesses.size(); ++I) {
    INFO("access " << I);
    CHECK(D.Accesses[I].Addr == Accesses[I].Addr);
    CHECK(D.Accesses[I].Width == Accesses[I].Width);
    CHECK(D.Accesses[I].Write == Accesses[I].Write);
  }
}

const uint64_t RAX = reg(kRax), RCX = reg(kRcx), RBX = reg(kRbx),
               RSP = reg(kRsp), RBP = reg(kRbp), RSI = reg(kRsi),
               RDI = reg(kRdi), R8 = reg(8), R12 = reg(12), R13 = reg(13);

} // namespace

TEST_CASE("integer moves and arithmetic", "[decode]") {
  check("movq 8(%rdi), %rax", {{RDI + 8, 8, false}});
  check("movl %eax, -4(%rbp)", {{RBP - 4, 4, true}});
  check("movw %ax, (%rsi)", {{RSI, 2, true}});
  check("movb (%r12,%rcx,4), %al", {{R12 + RCX * 4, 1, false}});
  check("movb $1, 0x12345(%r13)", {{R13 + 0x12345, 1, true}});
  check("movl $0x11223344, 16(%rsp)", {{RSP + 16, 4, true}});
  check("addl %eax, (%rbx)", {{RBX, 4, true}});
  check("cmpq %rax, (%rbx)", {{RBX, 8, false}});
  check("subq $3, 24(%r8)", {{R8 + 24, 8, true}});
  check("cmpb $3, (%rax)", {{RAX, 1, false}});
  check("testl $5, 4(%rdi)", {{RDI + 4, 4, false}});
  check("incq (%rdi)", {{RDI, 8, true}});
  check("negl 12(%rdi)", {{RDI + 12, 4, true}});
  check("imull $7, (%rsi), %eax", {{RSI, 4, false}});
  check("shlq $3, (%rdi)", {{RDI, 8, true}});
  check("xchgl %eax, (%rdi)", {{RDI, 4, true}});
  check("lock cmpxchgq %rcx, (%rdi)", {{RDI, 8, true}});
  check("lock xaddl %eax, (%rdi)", {{RDI, 4, true}});
  check("movzbl 3(%rsi), %eax", {{RSI + 3, 1, false}});
  check("movswq (%rsi), %rax", {{RSI, 2, false}});
  check("movslq (%rsi), %rax", {{RSI, 4, false}});
  check("cmovneq (%rsi), %rax", {{RSI, 8, false}});
  check("sete (%rdi)", {{RDI, 1, true}});
  check("popcntq (%rsi), %rax", {{RSI, 8, false}});
  check("movbel (%rsi), %eax", {{RSI, 4, false}});
  check("leaq 8(%rdi), %rax", {});
  check("nopw 0x100(%rax,%rax,1)", {});
  check("wrpkru", {});
  check("rdpkru", {});
  check("rdtscp", {});
}

TEST_CASE("address forms", "[decode]") {
  // RIP-relative: relative to the next instruction.
  std::vector<uint8_t> B = assemble("movl 0x100(%rip), %eax");
  check("movl 0x100(%rip), %eax", {{kRip + B.size() + 0x100, 4, false}});
  check("movl 0x1000, %eax", {{0x1000, 4, false}});
  check("movq (,%rcx,8), %rax", {{RCX * 8, 8, false}});
  check("movq -128(%rbp,%rsi,2), %rax", {{RBP + RSI * 2 - 128, 8, false}});
  check("movl (%ecx), %eax", {{RCX & 0xffffffff, 4, false}});
  check("movabsq 0x1122334455667788, %rax", {{0x1122334455667788ull, 8, false}});
  // An immediate after a RIP-relative displacement moves the base.
  B = assemble("movl $7, 0x40(%rip)");
  check("movl $7, 0x40(%rip)", {{kRip + B.size() + 0x40, 4, true}});
}

TEST_CASE("stack and string instructions", "[decode]") {
  check("pushq %rbx", {{RSP - 8, 8, true}});
  check("popq %rbx", {{RSP, 8, false}});
  check("pushq 8(%rdi)", {{RSP - 8, 8, true}, {RDI + 8, 8, false}});
  check("callq *16(%rdi)", {{RSP - 8, 8, true}, {RDI + 16, 8, false}});
  check("retq", {{RSP, 8, false}});
  check("movsb", {{RSI, 1, false}, {RDI, 1, true}});
  check("rep movsq", {{RSI, 8, false}, {RDI, 8, true}});
  check("rep stosl", {{RDI, 4, true}});
  check("repne scasb", {{RDI, 1, false}});
  check("cmpsw", {{RSI, 2, false}, {RDI, 2, false}});
  check("lodsq", {{RSI, 8, false}});
}

TEST_CASE("x87", "[decode]") {
  check("flds (%rdi)", {{RDI, 4, false}});
  check("fldl (%rdi)", {{RDI, 8, false}});
  check("fldt (%rdi)", {{RDI, 10, false}});
  check("fstpt (%rdi)", {{RDI, 10, true}});
  check("fistpll (%rdi)", {{RDI, 8, true}});
  check("fnstcw (%rdi)", {{RDI, 2, true}});
}

TEST_CASE("SSE", "[decode]") {
  check("movups (%rsi), %xmm0", {{RSI, 16, false}});
  check("movaps %xmm1, 32(%rdi)", {{RDI + 32, 16, true}});
  check("movss (%rsi), %xmm0", {{RSI, 4, false}});
  check("movsd %xmm0, (%rdi)", {{RDI, 8, true}});
  check("movq (%rsi), %xmm0", {{RSI, 8, false}});
  check("movq %xmm0, (%rdi)", {{RDI, 8, true}});
  check("movd %xmm0, (%rdi)", {{RDI, 4, true}});
  check("movdqu (%rsi), %xmm2", {{RSI, 16, false}});
  check("movdqa %xmm2, (%rdi)", {{RDI, 16, true}});
  check("movhps (%rsi), %xmm1", {{RSI, 8, false}});
  check("pcmpeqb (%rsi), %xmm1", {{RSI, 16, false}});
  check("addsd (%rsi), %xmm1", {{RSI, 8, false}});
  check("mulps (%rsi), %xmm1", {{RSI, 16, false}});
  check("cvtsi2sdq (%rsi), %xmm1", {{RSI, 8, false}});
  check("ucomisd (%rsi), %xmm1", {{RSI, 8, false}});
  check("pshufd $0x1b, (%rsi), %xmm1", {{RSI, 16, false}});
  check("pmovzxbw (%rsi), %xmm1", {{RSI, 8, false}});
  check("pextrd $1, %xmm1, (%rdi)", {{RDI, 4, true}});
  check("pinsrq $1, (%rsi), %xmm1", {{RSI, 8, false}});
  check("movntdq %xmm1, (%rdi)", {{RDI, 16, true}});
  check("ldmxcsr (%rsi)", {{RSI, 4, false}});
  check("lock cmpxchg16b (%rdi)", {{RDI, 16, true}});
}

TEST_CASE("AVX and AVX2", "[decode]") {
  check("vmovdqu (%rsi), %ymm0", {{RSI, 32, false}});
  check("vmovdqu %xmm0, (%rdi)", {{RDI, 16, true}});
  check("vmovups %ymm1, 64(%rdi)", {{RDI + 64, 32, true}});
  check("vpcmpeqb (%rdi), %ymm1, %ymm2", {{RDI, 32, false}});
  check("vmovd (%rsi), %xmm0", {{RSI, 4, false}});
  check("vmovq %xmm0, (%rdi)", {{RDI, 8, true}});
  check("vbroadcastss (%rsi), %ymm0", {{RSI, 4, false}});
  check("vpbroadcastb (%rsi), %ymm0", {{RSI, 1, false}});
  check("vaddsd (%rsi), %xmm1, %xmm2", {{RSI, 8, false}});
  check("vinserti128 $1, (%rsi), %ymm1, %ymm2", {{RSI, 16, false}});
  check("vextracti128 $1, %ymm1, (%rdi)", {{RDI, 16, true}});
  check("vmovdqu (%r8,%rcx,2), %ymm3", {{R8 + RCX * 2, 32, false}});
  check("andnq (%rsi), %rax, %rcx", {{RSI, 8, false}});
  check("vmaskmovps %ymm1, %ymm2, (%rdi)", {{RDI, 32, true}});
}

TEST_CASE("AVX-512, with compressed displacements", "[decode]") {
  check("vmovdqu64 (%rsi), %zmm0", {{RSI, 64, false}});
  check("vmovdqu64 %zmm1, 128(%rdi)", {{RDI + 128, 64, true}});
  check("vmovdqu8 64(%rsi), %ymm16", {{RSI + 64, 32, false}});
  check("vpcmpeqb (%rdi), %ymm16, %k0", {{RDI, 32, false}});
  check("vmovdqu64 -64(%rsi), %zmm0", {{RSI - 64, 64, false}});
  check("vmovdqu8 (%rsi), %zmm0 {%k1} {z}", {{RSI, 64, false}});
}

TEST_CASE("what it does not understand is marked unknown", "[decode]") {
  for (const char *Asm : {"xsave (%rdi)", "vpgatherdd %ymm2, (%rax,%ymm1,4), "
                                          "%ymm0"}) {
    std::vector<uint8_t> B = assemble(Asm);
    INFO(Asm);
    CHECK_FALSE(decodeInsn(B.data(), B.size(), regs()).Known);
  }
  uint8_t Truncated[] = {0x48, 0x8b};
  CHECK_FALSE(decodeInsn(Truncated, sizeof(Truncated), regs()).Known);
  CHECK_FALSE(decodeInsn(Truncated, 0, regs()).Known);
}
