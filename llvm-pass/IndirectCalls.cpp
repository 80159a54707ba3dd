//===- IndirectCalls.cpp - Calls through pointers land only on entry stubs ===//
//
// A call through a pointer: a target outside cubicle code runs in the
// caller's cubicle (code built without the plugin); inside cubicle code it
// must be an entry stub (cubicle/abi.h: the prefix magic and the record
// that points back), which does the switching; anything else (the middle
// of a function, a function whose address was never taken) is stopped by
// __cubicle_bad_indirect_call.  Calls the pass made itself carry
// !cubicle.trusted and are left alone.
//
//===----------------------------------------------------------------------===//

#include "CubicleModule.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#define DEBUG_TYPE "cubicle"

using namespace llvm;

STATISTIC(NumIndirectChecked, "Indirect calls checked");

namespace cubicle {

void checkIndirectCalls(CubicleModule &CM) {
  Module &M = CM.M;
  LLVMContext &Ctx = CM.Ctx;
  PointerType *Ptr = CM.Ptr;
  Type *I8 = Type::getInt8Ty(Ctx), *I64 = Type::getInt64Ty(Ctx);
  auto *TextBegin = M.getOrInsertGlobal("__start_" CUBICLE_TEXT_SECTION, I8);
  auto *TextEnd = M.getOrInsertGlobal("__stop_" CUBICLE_TEXT_SECTION, I8);
  for (auto *G : {TextBegin, TextEnd})
    cast<GlobalVariable>(G)->setVisibility(GlobalValue::HiddenVisibility);
  // The magic is read from the runtime's read-only copy rather than written
  // into the check as an immediate: that way the only places where the
  // eight bytes occur in cubicle code are stub prefixes (cubicle-verify
  // checks that), and the bytes after an occurrence are always a genuine
  // record offset.
  auto *MagicVar = cast<GlobalVariable>(
      M.getOrInsertGlobal(CUBICLE_STUB_MAGIC_SYMBOL, I64));
  MagicVar->setConstant(true);
  FunctionCallee Bad = M.getOrInsertFunction(
      CUBICLE_BAD_INDIRECT_CALL_SYMBOL,
      FunctionType::get(Type::getVoidTy(Ctx), {Ptr, Ptr}, false));
  SmallVector<CallBase *, 32> Work;
  for (Function &F : M) {
    if (F.isDeclaration() || F.hasFnAttribute(Attribute::Naked))
      continue;
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (CB->isIndirectCall() && !CB->getMetadata("cubicle.trusted"))
          Work.push_back(CB);
  }
  for (CallBase *CB : Work) {
    LLVM_DEBUG(dbgs() << "cubicle: indirect call in "
                      << CB->getFunction()->getName()
                      << " checked: a target in cubicle code must be a stub\n");
    ++NumIndirectChecked;
    Value *Target = CB->getCalledOperand();
    IRBuilder<> B(CB);
    Value *In = B.CreateAnd(B.CreateICmpUGE(Target, TextBegin),
                            B.CreateICmpULT(Target, TextEnd), "cubicle.incode");
    Instruction *CheckTerm = SplitBlockAndInsertIfThen(In, CB, false);
    B.SetInsertPoint(CheckTerm);
    Value *Magic = B.CreateLoad(I64, B.CreateConstGEP1_64(I8, Target, -16));
    Value *Record = B.CreateGEP(
        I8, Target, B.CreateLoad(I64, B.CreateConstGEP1_64(I8, Target, -8)));
    Value *IsStub = B.CreateICmpEQ(Magic, B.CreateLoad(I64, MagicVar));
    Instruction *StubTerm = SplitBlockAndInsertIfThen(
        B.CreateNot(IsStub), CheckTerm, /*Unreachable=*/true);
    B.SetInsertPoint(StubTerm);
    B.CreateCall(Bad, {CM.Desc, Target})->setDoesNotReturn();
    B.SetInsertPoint(CheckTerm);
    Value *Stub = B.CreateLoad(
        Ptr, B.CreateConstGEP1_64(I8, Record, CUBICLE_ENTRY_STUB));
    Instruction *MatchTerm = SplitBlockAndInsertIfThen(
        B.CreateICmpNE(Stub, Target), CheckTerm, /*Unreachable=*/true);
    B.SetInsertPoint(MatchTerm);
    B.CreateCall(Bad, {CM.Desc, Target})->setDoesNotReturn();
  }
}

} // namespace cubicle
