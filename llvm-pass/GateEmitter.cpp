//===- GateEmitter.cpp - The assembly of gates and entry stubs ------------===//
//
// A gate from cubicle A (this TU) into cubicle B (the callee's), as one
// inline-assembly block holding the call:
//
//   1. count the call (the site's counter);
//   2. push a gate frame on A's stack: the stack-argument block (if any),
//      RBP, A's record SP, and a cookie naming this site; point A's record at
//      the frame.  A's record is on a page only A can write, so a return can
//      later trust it;
//   3. switch rights: WRPKRU with B's PKRU, then compare EAX with B's PKRU
//      read again from B's descriptor (read-only memory, RIP-relative): a
//      jump to the WRPKRU with a forged EAX aborts (ERIM's check).  With
//      stack arguments, first switch to A's and B's rights together, check
//      that this is A's frame at this site, copy the arguments to B's stack,
//      then switch to B alone;
//   4. switch to B's stack (its record for this thread) and call;
//   5. back: WRPKRU with A's PKRU and check; restore RSP from A's record and
//      check the cookie (a return into the wrong site, or a forged one,
//      aborts); pop the frame, restoring RBP;
//   6. clear what B left in scratch registers (its secrets must not reach
//      A) and the direction flag.
//
// Descriptor flags pick the path: 0 (mpk, hardware keys) is the straight
// line above; SLOW (none) skips the WRPKRUs; RUNTIME (mprotect, and cubicles
// beyond the hardware keys on mpk) calls the runtime to change page rights
// before and after moving the stack pointer.  Only the mpk path is on the
// hot path of a protected program; the none path is what the gate costs
// without protection.
//
// Everything after a WRPKRU uses only constants, RIP-relative symbols, the
// records reached through %gs, and the frame found through A's record:
// nothing a forged jump could have chosen.  The callee's arguments pass
// through untouched: an attacker who jumps into a gate only makes a call to
// B's entry point, which it could have made anyway.
//
//===----------------------------------------------------------------------===//

#include "GateEmitter.h"
#include "CallPlan.h"
#include "CubicleNames.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

#include <vector>

using namespace llvm;

namespace cubicle {

namespace {

// Builds the assembly text.  All operands are fixed registers, so the text
// names registers directly and needs no operand references.  R10 and R11 are
// the gate's scratch registers (never arguments); RCX and RDX wait in
// XMM14/XMM15 while WRPKRU needs them.
class AsmText {
public:
  AsmText(const GateSymbols &S, const CallPlan &P, bool Varargs, bool Cfi)
      : S(S), P(P), Varargs(Varargs), Cfi(Cfi), DA(S.CallerDesc) {}

  std::string build() {
    line("incq " + S.Counter->getName().str() + "+16(%rip)");
    // The gate frame (cubicle/abi.h: CUBICLE_FRAME_*).
    if (P.StackBytes)
      line("pushq %r11");
    line("pushq %rbp");
    line("pushq %gs:" + DA + "(%rip)");
    line("leaq " + L("site") + "(%rip), %r10");
    line("pushq %r10");
    line("movq %rsp, %gs:" + DA + "(%rip)");
    // Into B.
    calleeDesc("r10");
    line("testb $$3, 4(%r10)");
    line("jnz " + L("slow_in"));
    pkruInto();
    // An unwinder that reaches this call from B's frames must stop: A's
    // frame is not where A's unwind rules say (the stack was switched) and
    // unwinding into it would run A's handler with B's rights and stack.
    // With the return address undefined here, a C++ exception leaving B
    // ends in std::terminate (phase 1 finds no handler), never in A.
    if (Cfi) {
      line(".cfi_remember_state");
      line(".cfi_undefined %rip");
    }
    label("call");
    if (Varargs)
      line("movb $$" + std::to_string(P.SseUsed) + ", %al");
    if (S.CalleeIsEntry)
      line("call *" + S.CalleeDesc + "+" + std::to_string(CUBICLE_ENTRY_BODY) +
           "(%rip)");
    else
      line("call " + S.Callee);
    label("site");
    if (Cfi)
      line(".cfi_restore_state");
    // Back to A.
    saveResult();
    line("testb $$3, " + DA + "+4(%rip)");
    line("jnz " + L("slow_out"));
    wrpkruCaller();
    line("movq %gs:" + DA + "(%rip), %rsp");
    checkCookie();
    label("popframe_protected");
    popFrame();
    scrub();
    line("jmp " + L("done"));

    // Out of line: none (SLOW), then the runtime's page switch (RUNTIME).
    label("slow_in");
    line("testb $$2, 4(%r10)");
    line("jnz " + L("runtime_in"));
    // none: nothing to switch, but the thread's current cubicle is kept,
    // so that entry stubs and cubicle_self() know who runs.
    setCurrent("8(%r10)");
    copyArgsAndEnter();
    line("jmp " + L("call"));
    label("runtime_in");
    line("leaq " + DA + "(%rip), %r11");
    line("call __cubicle_gate_switch");
    calleeDesc("r10");
    line("testb $$1, 4(%r10)");
    line("jnz " + L("runtime_in_pages"));
    pkruInto(); // mpk, a callee beyond the hardware keys
    line("call __cubicle_gate_complete");
    line("jmp " + L("call"));
    label("runtime_in_pages");
    copyArgsAndEnter();
    line("call __cubicle_gate_complete");
    line("jmp " + L("call"));

    label("slow_out");
    line("testb $$2, " + DA + "+4(%rip)");
    line("jnz " + L("runtime_out"));
    setCurrent(DA + "+8(%rip)");
    line("movq %gs:" + DA + "(%rip), %rsp");
    checkCookie();
    popFrame();
    restoreResult();
    line("jmp " + L("done"));
    label("runtime_out");
    line("leaq " + DA + "(%rip), %r10");
    calleeDesc("r11");
    line("call __cubicle_gate_switch");
    line("testb $$1, " + DA + "+4(%rip)");
    line("jnz " + L("runtime_out_pages"));
    wrpkruCaller();
    label("runtime_out_pages");
    line("movq %gs:" + DA + "(%rip), %rsp");
    checkCookie();
    line("call __cubicle_gate_complete");
    line("jmp " + L("popframe_protected"));
    // A failed check: call (not jump), so the report can name this site.
    label("fail");
    line("call __cubicle_gate_check_failed");
    label("done");
    return Text;
  }

private:
  const GateSymbols &S;
  const CallPlan &P;
  bool Varargs;
  bool Cfi; // the function has unwind tables (CFI directives are allowed)
  const std::string &DA;
  std::string Text;

  std::string L(StringRef Name) {
    return (".Lcubicle_" + Name + "_${:uid}").str();
  }
  void line(const std::string &L) { Text += "\t" + L + "\n"; }
  void label(StringRef Name) { Text += L(Name) + ":\n"; }

  // The callee's descriptor address into Reg, from read-only memory or a
  // constant: never from a register, so that it can be trusted after WRPKRU.
  void calleeDesc(const std::string &Reg) {
    if (S.CalleeIsEntry)
      line("movq " + S.CalleeDesc + "(%rip), %" + Reg);
    else
      line("leaq " + S.CalleeDesc + "(%rip), %" + Reg);
  }

  bool argInReg(StringRef Reg) const {
    return any_of(P.Regs, [&](const RegArg &R) { return R.Reg == Reg; });
  }
  void saveRcxRdx() {
    if (argInReg("rcx"))
      line("movq %rcx, %xmm14");
    if (argInReg("rdx"))
      line("movq %rdx, %xmm15");
  }
  void restoreRcxRdx() {
    if (argInReg("rcx"))
      line("movq %xmm14, %rcx");
    if (argInReg("rdx"))
      line("movq %xmm15, %rdx");
  }

  // WRPKRU with A's PKRU, checked against A's descriptor.
  void wrpkruCaller() {
    line("xorl %ecx, %ecx");
    line("xorl %edx, %edx");
    line("movl " + DA + "(%rip), %eax");
    line("wrpkru");
    line("cmpl " + DA + "(%rip), %eax");
    line("jne " + L("fail"));
  }

  // WRPKRU with B's PKRU, checked against B's descriptor re-read after it.
  void wrpkruCallee() {
    line("xorl %ecx, %ecx");
    line("xorl %edx, %edx");
    calleeDesc("r11");
    line("movl (%r11), %eax");
    line("wrpkru");
    calleeDesc("r11");
    line("cmpl (%r11), %eax");
    line("jne " + L("fail"));
  }

  // The mpk way into B: WRPKRU to B and onto B's stack.  With stack
  // arguments, through A's and B's rights together first, to copy them.
  void pkruInto() {
    saveRcxRdx();
    if (P.StackBytes) {
      line("xorl %ecx, %ecx");
      line("xorl %edx, %edx");
      calleeDesc("r11");
      line("movl " + DA + "(%rip), %eax");
      line("andl (%r11), %eax");
      line("wrpkru");
      calleeDesc("r11");
      line("movl " + DA + "(%rip), %r10d");
      line("andl (%r11), %r10d");
      line("cmpl %r10d, %eax");
      line("jne " + L("fail"));
      // With A's rights added, only A's own frame at this site may lead on:
      // the copy reads the block that frame names.
      line("cmpq %rsp, %gs:" + DA + "(%rip)");
      line("jne " + L("fail"));
      checkCookie();
      copyArgs();
      wrpkruCallee();
      line("movq %r10, %rsp");
    } else {
      wrpkruCallee();
      line("movq %gs:(%r11), %rsp");
      line("andq $$-16, %rsp");
    }
    restoreRcxRdx();
  }

  // Copies the stack-argument block the frame names to the top of B's
  // stack; leaves B's new stack pointer in R10.
  void copyArgs() {
    line("movq " + std::to_string(CUBICLE_FRAME_ARGS) + "(%rsp), %r11");
    calleeDesc("r10");
    line("movq %gs:(%r10), %r10");
    line("andq $$-16, %r10");
    line("subq $$" + std::to_string(P.StackBytes) + ", %r10");
    for (uint64_t Off = 0; Off < P.StackBytes; Off += 8) {
      line("movq " + std::to_string(Off) + "(%r11), %rax");
      line("movq %rax, " + std::to_string(Off) + "(%r10)");
    }
  }

  void copyArgsAndEnter() {
    if (P.StackBytes) {
      copyArgs();
      line("movq %r10, %rsp");
    } else {
      calleeDesc("r10");
      line("movq %gs:(%r10), %rsp");
      line("andq $$-16, %rsp");
    }
  }

  // The thread's current cubicle (none backend) := the id at IdMem.
  void setCurrent(const std::string &IdMem) {
    line("movzwl " + IdMem + ", %r10d");
    line("movw %r10w, %gs:__cubicle_thread_pages+" +
         std::to_string(CUBICLE_TS_CURRENT) + "(%rip)");
  }

  void checkCookie() {
    line("leaq " + L("site") + "(%rip), %r11");
    line("cmpq %r11, (%rsp)");
    line("jne " + L("fail"));
  }

  void popFrame() {
    line("addq $$8, %rsp");
    line("popq %gs:" + DA + "(%rip)");
    line("popq %rbp");
    if (P.StackBytes)
      line("addq $$8, %rsp");
  }

  bool returns(StringRef Reg) const {
    return any_of(P.Ret, [&](const RetPart &R) { return R.Reg == Reg; });
  }

  // RAX and RDX results survive WRPKRU in XMM14/XMM15.
  void saveResult() {
    if (returns("rax"))
      line("movq %rax, %xmm14");
    if (returns("rdx"))
      line("movq %rdx, %xmm15");
  }
  void restoreResult() {
    if (returns("rax"))
      line("movq %xmm14, %rax");
    if (returns("rdx"))
      line("movq %xmm15, %rdx");
  }

  // Scratch registers hold whatever B left there; clear all that do not
  // carry the result.
  void scrub() {
    restoreResult();
    line("cld");
    for (const char *R : {"esi", "edi", "r8d", "r9d", "r10d", "r11d", "ecx"})
      line(std::string("xorl %") + R + ", %" + R);
    if (!returns("rax"))
      line("xorl %eax, %eax");
    if (!returns("rdx"))
      line("xorl %edx, %edx");
    for (int X = 0; X < 16; ++X) {
      std::string Reg = "xmm" + std::to_string(X);
      if (!returns(Reg))
        line("pxor %" + Reg + ", %" + Reg);
    }
  }
};


} // namespace

std::string asmSymbol(StringRef Name) {
  Name.consume_front("\1");
  // Quoted for the assembler; '$' doubled for LLVM's inline-asm templates.
  std::string S = "\"";
  for (char C : Name) {
    S += C;
    if (C == '$')
      S += '$';
  }
  return S + "\"";
}

std::string entryStubAsm(StringRef DescSym, StringRef BodySym,
                         StringRef EntrySym) {
  std::string D = asmSymbol(DescSym), B = asmSymbol(BodySym),
              E = asmSymbol(EntrySym);
  auto field = [&](unsigned Off) {
    return Off ? D + "+" + std::to_string(Off) : D;
  };
  return
      // mpk: already running here?  (RDPKRU needs ECX = 0 and clobbers EAX
      // and EDX, which may carry arguments.)
      "\ttestb $$1, " + field(CUBICLE_DESC_FLAGS) + "(%rip)\n"
      "\tjnz .Lcubicle_stub_slow_${:uid}\n"
      "\tmovq %rax, %xmm15\n"
      "\tmovq %rcx, %r10\n"
      "\tmovq %rdx, %r11\n"
      "\txorl %ecx, %ecx\n"
      "\trdpkru\n"
      "\tcmpl " + field(CUBICLE_DESC_PKRU) + "(%rip), %eax\n"
      "\tmovq %xmm15, %rax\n"
      "\tmovq %r10, %rcx\n"
      "\tmovq %r11, %rdx\n"
      "\tje " + B + "\n"
      "\tjmp .Lcubicle_stub_enter_${:uid}\n"
      ".Lcubicle_stub_slow_${:uid}:\n"
      // none, mprotect and virtual cubicles: the thread state says who
      // runs (kept by the runtime, and by the gates on none).
      "\tmovzwl %gs:" CUBICLE_THREAD_PAGES_SYMBOL "+" +
      std::to_string(CUBICLE_TS_CURRENT) + "(%rip), %r10d\n"
      "\tcmpl " + field(CUBICLE_DESC_ID) + "(%rip), %r10d\n"
      "\tje " + B + "\n"
      ".Lcubicle_stub_enter_${:uid}:\n"
      "\tleaq " + E + "(%rip), %r11\n"
      "\tjmp " CUBICLE_STUB_ENTER_SYMBOL "\n";
}

Value *emitGate(CallBase &CB, const GateSymbols &Syms) {
  CallPlan P = planCall(CB, CB.getModule()->getDataLayout());
  assert(P.Error.empty() && "call cannot be gated");
  Function *Caller = CB.getFunction();
  Module &M = *CB.getModule();
  LLVMContext &Ctx = M.getContext();
  const DataLayout &DL = M.getDataLayout();
  IRBuilder<> B(&CB);
  Type *I64 = B.getInt64Ty();

  // Stack arguments go through a block in the caller's frame.
  Value *Block = nullptr;
  if (P.StackBytes) {
    IRBuilder<> Entry(&Caller->getEntryBlock(),
                      Caller->getEntryBlock().getFirstInsertionPt());
    AllocaInst *A = Entry.CreateAlloca(
        ArrayType::get(B.getInt8Ty(), P.StackBytes), nullptr, "cubicle.args");
    A->setAlignment(Align(16));
    Block = A;
    for (const StackArg &S : P.Stack) {
      Value *Dst = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), A, S.Offset);
      if (S.ByVal) {
        B.CreateMemCpy(Dst, Align(8), S.V, Align(1), S.Size);
        continue;
      }
      Value *V = S.V;
      if (V->getType()->isIntegerTy() && V->getType()->getIntegerBitWidth() < 64)
        V = B.CreateZExt(V, I64);
      B.CreateAlignedStore(V, Dst, Align(8));
    }
  }

  // Operands.  Every register operand has a container type: i64 for
  // general registers, <2 x i64> for XMM registers, x86_fp80 for ST(0).
  // Outputs come first (the result's registers, then one per register that
  // carries an input, since the gate modifies them all), then inputs tied to
  // their outputs, then clobbers.
  Type *Xmm = FixedVectorType::get(I64, 2);
  auto containerOf = [&](const std::string &Reg) -> Type * {
    if (Reg == "st")
      return Type::getX86_FP80Ty(Ctx);
    return StringRef(Reg).starts_with("xmm") ? Xmm : I64;
  };
  // A value into its register's container.
  auto toContainer = [&](Value *V, const std::string &Reg,
                         bool SignExt) -> Value * {
    Type *T = V->getType();
    if (T->isPointerTy())
      return B.CreatePtrToInt(V, I64);
    if (containerOf(Reg) == I64)
      return SignExt ? B.CreateSExt(V, I64) : B.CreateZExtOrTrunc(V, I64);
    unsigned Bits = unsigned(DL.getTypeSizeInBits(T));
    Value *AsInt = B.CreateBitCast(V, B.getIntNTy(Bits));
    Value *Wide = B.CreateZExt(AsInt, B.getIntNTy(128));
    return B.CreateBitCast(Wide, Xmm);
  };
  // A register's container back into a value of type T.
  auto fromContainer = [&](Value *C, Type *T) -> Value * {
    if (T->isPointerTy())
      return B.CreateIntToPtr(C, T);
    if (C->getType() == I64)
      return B.CreateTrunc(C, T);
    if (C->getType() != Xmm)
      return C;
    unsigned Bits = unsigned(DL.getTypeSizeInBits(T));
    Value *Wide = B.CreateBitCast(C, B.getIntNTy(128));
    return B.CreateBitCast(B.CreateTrunc(Wide, B.getIntNTy(Bits)), T);
  };

  std::vector<std::string> OutCons, InCons, Clobbers;
  std::vector<Type *> OutTys;
  std::vector<Value *> InVals;
  std::vector<std::string> OutRegs;
  auto outputFor = [&](const std::string &Reg) -> unsigned {
    for (unsigned I = 0; I < OutRegs.size(); ++I)
      if (OutRegs[I] == Reg)
        return I;
    OutRegs.push_back(Reg);
    OutCons.push_back("={" + Reg + "}");
    OutTys.push_back(containerOf(Reg));
    return unsigned(OutRegs.size() - 1);
  };
  Type *RT = CB.getType();
  for (const RetPart &R : P.Ret)
    outputFor(R.Reg);
  auto addInput = [&](const std::string &Reg, Value *C) {
    InCons.push_back(std::to_string(outputFor(Reg)));
    InVals.push_back(C);
  };
  for (unsigned I = 0; I < P.Regs.size(); ++I) {
    const RegArg &R = P.Regs[I];
    if (!R.V)
      continue; // second half of an i128, done with the first
    if (R.V->getType()->isIntegerTy(128)) {
      addInput(R.Reg, B.CreateTrunc(R.V, I64));
      addInput(P.Regs[I + 1].Reg, B.CreateTrunc(B.CreateLShr(R.V, 64), I64));
      continue;
    }
    addInput(R.Reg, toContainer(R.V, R.Reg,
                                CB.paramHasAttr(R.ArgNo, Attribute::SExt)));
  }
  if (Block)
    addInput("r11", B.CreatePtrToInt(Block, I64));

  const char *Scratch[] = {"rax", "rcx", "rdx", "rsi", "rdi",
                           "r8",  "r9",  "r10", "r11"};
  for (const char *R : Scratch)
    if (!is_contained(OutRegs, R))
      Clobbers.push_back(std::string("~{") + R + "}");
  for (int X = 0; X < 16; ++X) {
    std::string R = "xmm" + std::to_string(X);
    if (!is_contained(OutRegs, R))
      Clobbers.push_back("~{" + R + "}");
  }
  // Callee-saved registers: the compiler saves what is live in them, so a
  // callee that breaks the ABI cannot corrupt the caller through them.
  // (RBP is saved by the gate frame.)
  for (const char *R : {"rbx", "r12", "r13", "r14", "r15"})
    Clobbers.push_back(std::string("~{") + R + "}");
  bool StOut = is_contained(OutRegs, "st");
  for (int I = StOut ? 1 : 0; I < 8; ++I)
    Clobbers.push_back(I ? "~{st(" + std::to_string(I) + ")}" : "~{st}");
  for (const char *C : {"~{dirflag}", "~{fpsr}", "~{fpcr}", "~{flags}",
                        "~{memory}"})
    Clobbers.push_back(C);

  std::string Cons;
  for (auto *List : {&OutCons, &InCons, &Clobbers})
    for (const std::string &C : *List)
      Cons += (Cons.empty() ? "" : ",") + C;

  Type *AsmRet = OutTys.empty()       ? B.getVoidTy()
                 : OutTys.size() == 1 ? OutTys[0]
                                      : StructType::get(Ctx, OutTys);
  std::vector<Type *> InTys;
  for (Value *V : InVals)
    InTys.push_back(V->getType());
  FunctionType *FT = FunctionType::get(AsmRet, InTys, false);
  bool Varargs = CB.getFunctionType()->isVarArg();
  std::string Text =
      AsmText(Syms, P, Varargs, Caller->needsUnwindTableEntry()).build();
  InlineAsm *IA = InlineAsm::get(FT, Text, Cons, /*hasSideEffects=*/true,
                                 /*isAlignStack=*/false);
  CallInst *Asm = B.CreateCall(FT, IA, InVals);
  Asm->addFnAttr(Attribute::NoUnwind);
  Asm->setDebugLoc(CB.getDebugLoc());

  // Reassemble the result.
  if (RT->isVoidTy())
    return nullptr;
  auto part = [&](const std::string &Reg) -> Value * {
    for (unsigned I = 0; I < OutRegs.size(); ++I)
      if (OutRegs[I] == Reg)
        return OutTys.size() == 1 ? static_cast<Value *>(Asm)
                                  : B.CreateExtractValue(Asm, I);
    llvm_unreachable("result register not an output");
  };
  if (RT->isIntegerTy(128)) {
    Value *Lo = B.CreateZExt(part("rax"), RT);
    Value *Hi = B.CreateShl(B.CreateZExt(part("rdx"), RT), 64);
    return B.CreateOr(Lo, Hi);
  }
  if (auto *ST = dyn_cast<StructType>(RT)) {
    Value *Agg = PoisonValue::get(ST);
    for (unsigned I = 0; I < P.Ret.size(); ++I)
      Agg = B.CreateInsertValue(
          Agg, fromContainer(part(P.Ret[I].Reg), ST->getElementType(I)), I);
    return Agg;
  }
  return fromContainer(part(P.Ret[0].Reg), RT);
}

} // namespace cubicle
