//===- AllocRedirect.cpp - Calls sent to the runtime ----------------------===//
//
// Calls from cubicle code to the functions of cubicle/redirects.def become
// calls to the runtime's variant with this cubicle's descriptor as a first
// argument: malloc allocates from the cubicle's own heap, a window is owned
// by the cubicle that made it, a signal handler runs in the cubicle that
// installed it.  Where such a function's address is taken, a per-cubicle
// wrapper with its signature stands in, so calls through pointers do the
// same.
//
//===----------------------------------------------------------------------===//

#include "CubicleModule.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "cubicle"

using namespace llvm;

STATISTIC(NumAllocRedirected, "Allocation functions redirected");

namespace cubicle {

namespace {

struct Redirect {
  const char *From, *To;
};
const Redirect kRedirects[] = {
#define CUBICLE_REDIRECT(From, To) {#From, #To},
#include "cubicle/redirects.def"
#undef CUBICLE_REDIRECT
};

Function *redirectTarget(CubicleModule &CM, Function &F, StringRef To) {
  Module &M = CM.M;
  LLVMContext &Ctx = CM.Ctx;
  // A per-cubicle wrapper with F's signature: calls the runtime's "_from"
  // variant with this cubicle's descriptor first.  It also stands in for F
  // where F's address is taken, so function pointers allocate here too.
  std::string WName =
      (CUBICLE_REDIRECT_PREFIX + CM.Name + "." + F.getName()).str();
  if (Function *W = M.getFunction(WName))
    return W;
  FunctionType *FT = F.getFunctionType();
  SmallVector<Type *, 4> Params = {PointerType::get(Ctx, 0)};
  append_range(Params, FT->params());
  FunctionCallee Target = M.getOrInsertFunction(
      To, FunctionType::get(FT->getReturnType(), Params, false));
  Function *W = Function::Create(FT, GlobalValue::LinkOnceODRLinkage, WName, &M);
  W->setVisibility(GlobalValue::HiddenVisibility);
  W->setComdat(M.getOrInsertComdat(WName));
  W->addFnAttr(Attribute::AlwaysInline);
  forwardCall(*W, Target, {CM.Desc});
  return W;
}

} // namespace

// Direct calls become calls of the runtime's "_from" variant; any other use
// (the function's address) becomes the per-cubicle wrapper.  The pass runs
// after inlining, so direct calls must not go through the wrapper.
void redirectCalls(CubicleModule &CM) {
  Module &M = CM.M;
  for (const Redirect &R : kRedirects) {
    Function *F = M.getFunction(R.From);
    if (!F || !F->isDeclaration() || F->use_empty())
      continue;
    FunctionType *FT = F->getFunctionType();
    SmallVector<Type *, 4> Params = {CM.Ptr};
    append_range(Params, FT->params());
    FunctionCallee To = M.getOrInsertFunction(
        R.To, FunctionType::get(FT->getReturnType(), Params, false));
    for (Use &U : make_early_inc_range(F->uses())) {
      auto *CB = dyn_cast<CallBase>(U.getUser());
      if (!CB || !CB->isCallee(&U) || CB->getFunctionType() != FT)
        continue;
      IRBuilder<> B(CB);
      SmallVector<Value *, 4> Args = {CM.Desc};
      append_range(Args, CB->args());
      CallBase *New;
      if (auto *Inv = dyn_cast<InvokeInst>(CB))
        New = B.CreateInvoke(To, Inv->getNormalDest(), Inv->getUnwindDest(),
                             Args);
      else
        New = B.CreateCall(To, Args);
      New->setDebugLoc(CB->getDebugLoc());
      New->takeName(CB);
      CB->replaceAllUsesWith(New);
      CB->eraseFromParent();
    }
    LLVM_DEBUG(dbgs() << "cubicle: calls to " << R.From << " go to " << R.To
                      << "\n");
    if (!F->use_empty())
      F->replaceAllUsesWith(redirectTarget(CM, *F, R.To));
    ++NumAllocRedirected;
  }
}

} // namespace cubicle
