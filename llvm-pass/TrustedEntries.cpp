//===- TrustedEntries.cpp - main, constructors and destructors ------------===//
//
// libc calls main and the module's constructors and destructors from the
// trusted base: each is renamed and entered through a wrapper that gates
// from the trusted base's descriptor into this cubicle.
//
//===----------------------------------------------------------------------===//

#include "CallPlan.h"
#include "CubicleModule.h"
#include "GateEmitter.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

#define DEBUG_TYPE "cubicle"

using namespace llvm;

namespace cubicle {

namespace {

// A function libc calls from the trusted base (main, a constructor) must
// enter the cubicle through a gate: a wrapper that gates from the trusted
// base's descriptor into this one.
Function *trustedEntryWrapper(CubicleModule &CM, Function *Target,
                              StringRef WrapperName) {
  Module &M = CM.M;
  LLVMContext &Ctx = CM.Ctx;
  Function *W = Function::Create(Target->getFunctionType(),
                                 GlobalValue::ExternalLinkage, WrapperName, &M);
  W->copyAttributesFrom(Target);
  W->removeFnAttr(Attribute::AlwaysInline);
  CallInst *C = forwardCall(*W, Target);
  Constant *TrustedDesc =
      M.getOrInsertGlobal(CUBICLE_TRUSTED_DESC, Type::getInt8Ty(Ctx));
  GateSymbols S{asmSymbol(CUBICLE_TRUSTED_DESC), asmSymbol(descSymbol(CM.Name)),
                /*IsEntry=*/false, asmSymbol(Target->getName()),
                CM.siteCounter(CM.Desc, false, TrustedDesc)};
  if (std::string Why = unsupportedCall(*C); !Why.empty()) {
    CM.error(Target, "cannot enter cubicle '" + CM.Name + "' at '" +
                      Target->getName() + "': " + Why,
          DebugLoc());
    return W;
  }
  Value *R = emitGate(*C, S);
  if (R)
    C->replaceAllUsesWith(R);
  C->eraseFromParent();
  W->addFnAttr(Attribute::NoRedZone);
  W->addFnAttr(Attribute::NoInline);
  return W;
}

} // namespace

void wrapTrustedEntries(CubicleModule &CM) {
  Module &M = CM.M;
  if (Function *Main = M.getFunction("main"); Main && !Main->isDeclaration()) {
    Main->setName(CUBICLE_MAIN_PREFIX + CM.Name);
    Main->setLinkage(GlobalValue::InternalLinkage);
    trustedEntryWrapper(CM, Main, "main");
    CM.keep(Main);
  }
  for (const char *ListName : {"llvm.global_ctors", "llvm.global_dtors"}) {
    GlobalVariable *List = M.getGlobalVariable(ListName);
    if (!List || !List->hasInitializer())
      continue;
    auto *Arr = dyn_cast<ConstantArray>(List->getInitializer());
    if (!Arr)
      continue;
    SmallVector<Constant *, 8> Entries;
    for (Use &U : Arr->operands()) {
      auto *E = cast<ConstantStruct>(U.get());
      auto *Fn = dyn_cast<Function>(E->getOperand(1)->stripPointerCasts());
      if (!Fn || Fn->isDeclaration()) {
        Entries.push_back(E);
        continue;
      }
      Function *W = trustedEntryWrapper(
          CM, Fn, (CUBICLE_INIT_PREFIX + Fn->getName()).str());
      W->setLinkage(GlobalValue::InternalLinkage);
      CM.keep(Fn);
      Entries.push_back(ConstantStruct::get(
          E->getType(), {E->getOperand(0), W, E->getOperand(2)}));
    }
    List->setInitializer(ConstantArray::get(Arr->getType(), Entries));
  }
}

} // namespace cubicle
