//===- CallbackThunks.cpp - Callbacks defined elsewhere, with windows -----===//
//
// A callback takes the windows of the type it is registered as (the Clang
// plugin's CallbackWindows.cpp).  A static function of this file carries
// them on its own entry record; one defined elsewhere (memcheck.c's
// tracking_malloc registered in runtests.c, libc's realloc handed to
// XML_ParserCreate_MM) cannot, so the plugin leaves "cubicle.thunk=NAME=SPEC"
// on the declaration that registers it.  Here each becomes a thunk: an
// internal function of this file with NAME's type and SPEC's windows whose
// body calls NAME, registered in NAME's place.  Being address-taken it gets
// an entry stub (EntryStubs.cpp), whose record lends SPEC's windows from
// whichever cubicle calls it; its call to NAME is an ordinary call of this
// cubicle (for libc's allocator, the redirected one: AllocRedirect.cpp runs
// later).
//
// Which uses become the thunk: every use of NAME in this module other than
// a direct call, if this module asks for one thunk of NAME (inlining may
// have copied the registration out of the declaration that asked); with
// several different ones, only the uses in each asking declaration (its
// instructions, its initializer, and the private constants only it reads,
// such as a local struct's initializer).
//
//===----------------------------------------------------------------------===//

#include "CubicleModule.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "cubicle"

using namespace llvm;

STATISTIC(NumThunks, "Callbacks defined elsewhere registered through thunks");

namespace cubicle {

namespace {

// Whether constant C refers to F, through aggregates and expressions.
bool refersTo(const Constant *C, const Function *F,
              SmallPtrSetImpl<const Constant *> &Seen) {
  if (C == F)
    return true;
  if (isa<GlobalValue>(C) || !Seen.insert(C).second)
    return false;
  for (const Value *Op : C->operands())
    if (refersTo(cast<Constant>(Op), F, Seen))
      return true;
  return false;
}

bool refersTo(const Constant *C, const Function *F) {
  SmallPtrSet<const Constant *, 16> Seen;
  return refersTo(C, F, Seen);
}

// C with F replaced by New.
Constant *replaceIn(Constant *C, Function *F, Constant *New) {
  if (C == F)
    return New;
  if (isa<GlobalValue>(C) ||
      (!isa<ConstantAggregate>(C) && !isa<ConstantExpr>(C)))
    return C;
  SmallVector<Constant *, 8> Ops;
  bool Changed = false;
  for (Value *Op : C->operands()) {
    Constant *N = replaceIn(cast<Constant>(Op), F, New);
    Changed |= N != Op;
    Ops.push_back(N);
  }
  if (!Changed)
    return C;
  if (auto *S = dyn_cast<ConstantStruct>(C))
    return ConstantStruct::get(S->getType(), Ops);
  if (auto *A = dyn_cast<ConstantArray>(C))
    return ConstantArray::get(A->getType(), Ops);
  if (isa<ConstantVector>(C))
    return ConstantVector::get(Ops);
  return cast<ConstantExpr>(C)->getWithOperands(Ops);
}

// F's uses in I other than as the callee of a call become New.
void replaceInInstruction(Instruction &I, Function *F, Constant *New) {
  auto *CB = dyn_cast<CallBase>(&I);
  for (Use &U : I.operands()) {
    if (CB && CB->isCallee(&U))
      continue;
    auto *C = dyn_cast<Constant>(U.get());
    if (C && refersTo(C, F))
      U.set(replaceIn(C, F, New));
  }
}

// Whether every use of global G is an instruction in function O.
bool onlyReadIn(const GlobalVariable &G, const Function *O) {
  for (const User *U : G.users()) {
    auto *I = dyn_cast<Instruction>(U);
    if (!I || I->getFunction() != O)
      return false;
  }
  return true;
}

bool isMetadataGlobal(const GlobalVariable &G) {
  return G.getName().starts_with("llvm.") || G.getSection() == "llvm.metadata";
}

Function *makeThunk(CubicleModule &CM, Function &F, StringRef Spec) {
  Function *T =
      Function::Create(F.getFunctionType(), GlobalValue::InternalLinkage,
                       F.getName() + ".cubicle_thunk", CM.M);
  T->setCallingConv(F.getCallingConv());
  // The ABI attributes of the parameters and result (extensions, byval):
  // the thunk is called, and calls, as F is.
  AttributeList A = F.getAttributes();
  SmallVector<AttributeSet, 8> Params;
  for (unsigned I = 0; I < F.arg_size(); ++I)
    Params.push_back(A.getParamAttrs(I));
  T->setAttributes(
      AttributeList::get(CM.Ctx, AttributeSet(), A.getRetAttrs(), Params));
  T->addFnAttr(Attribute::NoInline);
  CallInst *C = forwardCall(*T, FunctionCallee(F.getFunctionType(), &F));
  C->setCallingConv(F.getCallingConv());
  C->setAttributes(T->getAttributes());
  CM.WindowSpecs[T] = Spec.str();
  ++NumThunks;
  LLVM_DEBUG(dbgs() << "cubicle: " << F.getName() << " registered through "
                    << T->getName() << " with windows " << Spec << "\n");
  return T;
}

} // namespace

void makeCallbackThunks(CubicleModule &CM) {
  // The thunks each callee is asked for, by spec.
  StringMap<SmallVector<const CubicleModule::ThunkRequest *, 2>> ByCallee;
  for (const CubicleModule::ThunkRequest &R : CM.Thunks)
    if (CM.M.getFunction(R.Callee))
      ByCallee[R.Callee].push_back(&R);
  for (auto &[Name, Requests] : ByCallee) {
    Function *F = CM.M.getFunction(Name);
    bool OneSpec = llvm::all_of(Requests, [&](const auto *R) {
      return R->Spec == Requests.front()->Spec;
    });
    StringMap<Function *> Made;
    auto ThunkFor = [&](StringRef Spec) {
      Function *&T = Made[Spec];
      if (!T)
        T = makeThunk(CM, *F, Spec);
      return T;
    };
    if (OneSpec) {
      Function *T = ThunkFor(Requests.front()->Spec);
      for (Function &G : CM.M)
        if (&G != T)
          for (Instruction &I : instructions(G))
            replaceInInstruction(I, F, T);
      for (GlobalVariable &G : CM.M.globals())
        if (G.hasInitializer() && !isMetadataGlobal(G) &&
            refersTo(G.getInitializer(), F))
          G.setInitializer(replaceIn(G.getInitializer(), F, T));
      continue;
    }
    for (const CubicleModule::ThunkRequest *R : Requests) {
      Function *T = ThunkFor(R->Spec);
      if (auto *G = dyn_cast<GlobalVariable>(R->Owner)) {
        if (G->hasInitializer())
          G->setInitializer(replaceIn(G->getInitializer(), F, T));
        continue;
      }
      auto *O = cast<Function>(R->Owner);
      for (Instruction &I : instructions(*O))
        replaceInInstruction(I, F, T);
      for (GlobalVariable &G : CM.M.globals())
        if (G.hasInitializer() && G.hasLocalLinkage() && G.isConstant() &&
            !isMetadataGlobal(G) && refersTo(G.getInitializer(), F) &&
            onlyReadIn(G, O))
          G.setInitializer(replaceIn(G.getInitializer(), F, T));
    }
  }
}

} // namespace cubicle
