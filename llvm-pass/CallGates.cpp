//===- CallGates.cpp - Calls to functions of other translation units ------===//
//
// A call to a function this TU does not define may land in this cubicle,
// in another, or outside every cubicle (libc, code built without the
// plugin); which, only the link knows.  Each such call becomes a check of
// the callee's entry record at run time (one compare of two descriptor ids)
// with three paths: a plain call to the body (same cubicle), a plain call
// (not a cubicle), and an inline gate (GateEmitter.cpp) or, for a callee
// with windows, a call through its entry stub.  Library functions the
// target library info knows and the runtime's API are called directly.
//
//===----------------------------------------------------------------------===//

#include "CallPlan.h"
#include "CubicleModule.h"
#include "GateEmitter.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#define DEBUG_TYPE "cubicle"

using namespace llvm;

STATISTIC(NumGates, "Cross-cubicle call sites gated");
STATISTIC(NumViaStub, "Call sites with windows, through the entry stub");
STATISTIC(NumUngatable, "Call sites that cannot be gated (stop if crossing)");
STATISTIC(NumPlainChecked, "External call sites checked at run time");

namespace cubicle {

namespace {

// Functions that are surely not in any cubicle beyond what the target
// library info knows: libc internals that compiled code calls directly.
bool isKnownUninstrumented(StringRef Name) {
  static const StringSet<> Names = {
      "__errno_location", "__ctype_b_loc", "__ctype_tolower_loc",
      "__ctype_toupper_loc", "__assert_fail", "__stack_chk_fail",
      "__tls_get_addr", "__cxa_atexit", "__cxa_guard_acquire",
      "__cxa_guard_release", "__cxa_guard_abort", "__cxa_pure_virtual",
      "__cxa_throw", "__cxa_begin_catch", "__cxa_end_catch",
      "__cxa_allocate_exception", "__cxa_free_exception", "__cxa_rethrow",
      "__gxx_personality_v0", "_Unwind_Resume", "__dso_handle",
      "__isoc99_sscanf", "__isoc99_fscanf", "__isoc99_scanf",
      "__isoc99_vsscanf", "__sysv_signal", "__libc_start_main"};
  return Names.contains(Name) || Name.starts_with("pthread_") ||
         Name.starts_with("llvm.");
}

bool isRuntimeApi(StringRef Name) {
  return Name.starts_with(CUBICLE_API_PREFIX) ||
         Name.starts_with(CUBICLE_RESERVED_PREFIX);
}

// Replaces CB (a call or invoke of an external function) with:
//
//   BB:     same = (my descriptor id == the callee owner's id)
//           br same, Plain, Cross
//   Cross:  br (owner is the "not a cubicle" sentinel), Plain2, Gate
//   Plain, Plain2: the original call
//   Gate:   the inline gate (an invoke's exceptions cannot unwind through
//           it: see docs/design.md)
//   Join:   the result
void gateOne(CubicleModule &CM, CallBase &CB, Function &Callee) {
  Module &M = CM.M;
  LLVMContext &Ctx = CM.Ctx;
  PointerType *Ptr = CM.Ptr;
  Function *Caller = CB.getFunction();
  BasicBlock *BB = CB.getParent();
  // A callee with windows enters through its entry stub, where the runtime
  // lends the windows for the call (the generic entry).
  bool Windowed = CM.WindowSpecs.count(&Callee) || CB.hasStructRetAttr();
  std::string Why = Windowed ? "" : unsupportedCall(CB);
  GlobalVariable *Entry = CM.entryFallback(Callee);
  auto *Inv = dyn_cast<InvokeInst>(&CB);

  BasicBlock *Join;
  if (Inv) {
    BasicBlock *Normal = Inv->getNormalDest();
    Join = BasicBlock::Create(Ctx, "cubicle.join", Caller, Normal);
    BranchInst::Create(Normal, Join);
    Normal->replacePhiUsesWith(BB, Join);
  } else {
    Join = SplitBlock(BB, CB.getNextNode(), static_cast<DominatorTree *>(nullptr),
                      nullptr, nullptr, "cubicle.join");
  }
  auto *Plain = BasicBlock::Create(Ctx, "cubicle.plain", Caller, Join);
  auto *Cross = BasicBlock::Create(Ctx, "cubicle.cross", Caller, Join);
  auto *Plain2 = BasicBlock::Create(Ctx, "cubicle.external", Caller, Join);
  auto *Gate = BasicBlock::Create(Ctx, "cubicle.gate", Caller, Join);

  IRBuilder<> B(&CB);
  Type *I32 = B.getInt32Ty(), *I8 = B.getInt8Ty();
  Value *Owner = B.CreateLoad(Ptr, Entry, "cubicle.owner"); // entry->desc
  Value *MyId = B.CreateLoad(I32, B.CreateConstInBoundsGEP1_64(
                                      I8, CM.Desc, CUBICLE_DESC_ID));
  Value *ItsId = B.CreateLoad(I32, B.CreateConstInBoundsGEP1_64(
                                       I8, Owner, CUBICLE_DESC_ID));
  Value *Same = B.CreateICmpEQ(MyId, ItsId, "cubicle.same");
  Instruction *OldTerm = BB->getTerminator();
  BranchInst::Create(Plain, Cross, Same, BB);
  if (OldTerm != &CB)
    OldTerm->eraseFromParent();

  B.SetInsertPoint(Cross);
  Value *Flags = B.CreateLoad(I8, B.CreateConstInBoundsGEP1_64(
                                      I8, Owner, CUBICLE_DESC_FLAGS));
  Value *Uninstrumented = B.CreateICmpNE(
      B.CreateAnd(Flags, CUBICLE_DF_UNINSTRUMENTED), B.getInt8(0));
  B.CreateCondBr(Uninstrumented, Plain2, Gate);

  auto plainCopy = [&](BasicBlock *Into, bool ViaBody) -> CallBase * {
    auto *C = cast<CallBase>(CB.clone());
    C->insertInto(Into, Into->end());
    if (ViaBody) {
      // Same cubicle: straight to the body, past the entry stub.
      IRBuilder<> PB(C);
      Value *Body = PB.CreateLoad(
          Ptr, PB.CreateConstInBoundsGEP1_64(I8, Entry, CUBICLE_ENTRY_BODY));
      C->setCalledOperand(Body);
      C->setMetadata("cubicle.trusted", MDNode::get(Ctx, {}));
    }
    if (auto *I = dyn_cast<InvokeInst>(C))
      I->setNormalDest(Join);
    else
      BranchInst::Create(Join, Into);
    return C;
  };
  CallBase *P1 = plainCopy(Plain, /*ViaBody=*/true);
  CallBase *P2 = plainCopy(Plain2, /*ViaBody=*/false);
  if (Inv)
    for (BasicBlock *From : {Plain, Plain2})
      for (PHINode &Phi : Inv->getUnwindDest()->phis())
        Phi.addIncoming(Phi.getIncomingValueForBlock(BB), From);

  // The gate path: a call (not an invoke) replaced by the gate.
  SmallVector<OperandBundleDef, 1> Bundles;
  CB.getOperandBundlesAsDefs(Bundles);
  SmallVector<Value *, 8> Args(CB.args());
  CallInst *GateCall = CallInst::Create(CB.getFunctionType(),
                                        CB.getCalledOperand(), Args, Bundles,
                                        "", Gate);
  GateCall->setAttributes(CB.getAttributes());
  GateCall->setDebugLoc(CB.getDebugLoc());
  BranchInst::Create(Join, Gate);
  Value *Gated = nullptr;
  if (Windowed) {
    auto *ViaStub = cast<CallBase>(CB.clone());
    ViaStub->insertBefore(GateCall);
    if (auto *I = dyn_cast<InvokeInst>(ViaStub)) {
      // An invoke cannot sit mid-block; the stub path is a call.
      ViaStub->eraseFromParent();
      ViaStub = CallInst::Create(CB.getFunctionType(), CB.getCalledOperand(),
                                 Args, Bundles, "", GateCall);
      ViaStub->setAttributes(CB.getAttributes());
      (void)I;
    }
    Gated = CB.getType()->isVoidTy() ? nullptr : ViaStub;
    LLVM_DEBUG(dbgs() << "cubicle: call to " << Callee.getName() << " in "
                      << Caller->getName()
                      << ": through the entry stub (windows)\n");
    ++NumViaStub;
  } else if (Why.empty()) {
    GateSymbols S{asmSymbol(descSymbol(CM.Name)), asmSymbol(Entry->getName()),
                  /*IsEntry=*/true, asmSymbol(Callee.getName()),
                  CM.siteCounter(Entry, true)};
    Gated = emitGate(*GateCall, S);
    LLVM_DEBUG(dbgs() << "cubicle: call to " << Callee.getName() << " in "
                      << Caller->getName() << ": inline gate\n");
    ++NumGates;
  } else {
    // Not supported across cubicles: if the callee turns out to be in
    // another cubicle, stop with a report instead of calling unprotected.
    IRBuilder<> GB(GateCall);
    FunctionCallee Fail = M.getOrInsertFunction(
        CUBICLE_UNSUPPORTED_CALL_SYMBOL,
        FunctionType::get(GB.getVoidTy(),
                          {GB.getPtrTy(), GB.getPtrTy(), GB.getPtrTy()},
                          false));
    Constant *Msg = GB.CreateGlobalStringPtr(
        ("call from '" + Caller->getName() + "' to '" + Callee.getName() +
         "': " + Why)
            .str(),
        "__cubicle_why");
    GB.CreateCall(Fail, {CM.Desc, GB.CreateLoad(Ptr, Entry), Msg});
    if (!CB.getType()->isVoidTy())
      Gated = PoisonValue::get(CB.getType());
    LLVM_DEBUG(dbgs() << "cubicle: call to " << Callee.getName() << " in "
                      << Caller->getName() << ": cannot be gated (" << Why
                      << "), stops if it crosses\n");
    ++NumUngatable;
    Ctx.diagnose(DiagnosticInfoUnsupported(
        *Caller,
        "the call to '" + Callee.getName() + "' cannot be gated (" + Why +
            "); if the callee is in another cubicle it will stop with a "
            "report",
        CB.getDebugLoc(), DS_Warning));
  }
  GateCall->eraseFromParent();

  if (!CB.getType()->isVoidTy()) {
    PHINode *Phi = PHINode::Create(CB.getType(), 3, "cubicle.result");
    Phi->insertBefore(Join->getFirstInsertionPt());
    Phi->addIncoming(P1, Plain);
    Phi->addIncoming(P2, Plain2);
    Phi->addIncoming(Gated, Gate);
    CB.replaceAllUsesWith(Phi);
  }
  if (Inv)
    for (PHINode &Phi : Inv->getUnwindDest()->phis())
      Phi.removeIncomingValue(BB, /*DeletePHIIfEmpty=*/false);
  CB.eraseFromParent();
  Caller->addFnAttr(Attribute::NoRedZone);
  ++NumPlainChecked;
}

} // namespace

void gateCalls(CubicleModule &CM) {
  Module &M = CM.M;
  ModuleAnalysisManager &MAM = CM.MAM;
  SmallVector<std::pair<CallBase *, Function *>, 64> Work;
  for (Function &F : M) {
    if (F.isDeclaration() || F.getName().starts_with(CUBICLE_REDIRECT_PREFIX))
      continue;
    auto &TLI = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M)
                    .getManager()
                    .getResult<TargetLibraryAnalysis>(F);
    for (BasicBlock &BB : F)
      for (Instruction &I : BB) {
        auto *CB = dyn_cast<CallBase>(&I);
        if (!CB || CB->isInlineAsm() || isa<IntrinsicInst>(CB))
          continue;
        auto *Callee =
            dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts());
        if (!Callee || !Callee->isDeclaration() || Callee->isIntrinsic())
          continue;
        StringRef N = Callee->getName();
        LibFunc LF;
        if (isRuntimeApi(N) || isKnownUninstrumented(N) ||
            (TLI.getLibFunc(*Callee, LF) && TLI.has(LF))) {
          LLVM_DEBUG(dbgs() << "cubicle: call to " << N << " in " << F.getName()
                            << ": not gated ("
                            << (isRuntimeApi(N) ? "the runtime's API"
                                                : "a library function")
                            << ")\n");
          continue;
        }
        Work.push_back({CB, Callee});
      }
  }
  for (auto &[CB, Callee] : Work)
    gateOne(CM, *CB, *Callee);
}

} // namespace cubicle
