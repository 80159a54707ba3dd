//===- EntryStubs.cpp - The ways into a cubicle through pointers ----------===//
//
// Every function of this cubicle that can be reached from outside it gets
// an entry stub: exported functions (the stub takes the function's name,
// the body becomes __cubicle_body.<name>) and functions whose address is
// taken (the address becomes __cubicle_stub.<name>).  Every pointer to a
// function of this cubicle is thus a stub.  A stub jumps to the body if its
// caller already runs in this cubicle, and hands over to the runtime's
// generic entry otherwise (GateEmitter.cpp has its assembly).  An entry
// record (Descriptors.cpp) tells callers where the cubicle, body and stub
// are.
//
//===----------------------------------------------------------------------===//

#include "CallPlan.h"
#include "CubicleModule.h"
#include "GateEmitter.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "cubicle"

using namespace llvm;

STATISTIC(NumExported, "Exported functions given an entry record");
STATISTIC(NumLocalStubs, "Address-taken functions given an entry stub");

namespace cubicle {

namespace {

// An entry stub: the way into this cubicle for calls the compiler could not
// see (through pointers, from other cubicles, from code built without the
// plugin).  If the caller already runs in this cubicle, it jumps to the
// body; otherwise it hands over to the runtime's generic entry.  The prefix
// data (magic, entry record) lets indirect call sites recognise a stub.
Function *makeStub(CubicleModule &CM, Function &Body, StringRef StubName,
                   GlobalValue::LinkageTypes Linkage, GlobalVariable *Entry) {
  Module &M = CM.M;
  LLVMContext &Ctx = CM.Ctx;
  Function *Stub = Function::Create(Body.getFunctionType(), Linkage, StubName,
                                    &M);
  Stub->setVisibility(Body.getVisibility());
  Stub->addFnAttr(Attribute::Naked);
  Stub->addFnAttr(Attribute::NoInline);
  Stub->addFnAttr(Attribute::NoUnwind);
  Stub->setAlignment(Align(16));
  Type *I64 = Type::getInt64Ty(Ctx);
  // The record's offset from the stub, not its address: an absolute
  // address here would be a text relocation in a position-independent
  // executable.
  Constant *Offset = ConstantExpr::getSub(ConstantExpr::getPtrToInt(Entry, I64),
                                          ConstantExpr::getPtrToInt(Stub, I64));
  Stub->setPrefixData(ConstantStruct::getAnon(
      {ConstantInt::get(I64, CUBICLE_STUB_MAGIC), Offset}));
  std::string Text = entryStubAsm(CM.Desc->getName(), Body.getName(),
                                  Entry->getName());
  InlineAsm *IA = InlineAsm::get(FunctionType::get(Type::getVoidTy(Ctx), false),
                                 Text, "~{memory}", /*hasSideEffects=*/true);
  IRBuilder<> IB(BasicBlock::Create(Ctx, "entry", Stub));
  IB.CreateCall(IA, {});
  IB.CreateUnreachable();
  CM.keep(&Body);
  return Stub;
}

// The body the generic entry calls for a function whose result another
// function sizes (CUBICLE_RESULT_SIZED_BY: sqlite3_column_blob, sized by
// sqlite3_column_bytes): it calls Body, then SizeName with the same
// arguments, in this cubicle and after the call as the API asks, and
// returns the size in RDX beside the result in RAX for the runtime.  Calls
// from inside the cubicle go straight to Body and pay nothing.
Function *sizedBody(CubicleModule &CM, Function &Body, StringRef Name,
                    StringRef SizeName) {
  Module &M = CM.M;
  Function *SizeFn = M.getFunction(bodySymbol(SizeName));
  if (!SizeFn)
    SizeFn = M.getFunction(SizeName);
  FunctionType *BT = Body.getFunctionType();
  if (!SizeFn)
    SizeFn = Function::Create(
        FunctionType::get(Type::getInt64Ty(CM.Ctx), BT->params(), false),
        GlobalValue::ExternalLinkage, SizeName, &M);
  FunctionType *ST = SizeFn->getFunctionType();
  if (!BT->getReturnType()->isPointerTy() || !ST->getReturnType()->isIntegerTy() ||
      ST->params() != BT->params()) {
    CM.error(&Body,
             "cubicle: '" + SizeName + "' cannot size the result of '" +
                 Name + "': it needs the same parameters and an integer "
                        "result",
             DebugLoc());
    return &Body;
  }
  Type *I64 = Type::getInt64Ty(CM.Ctx);
  StructType *RT = StructType::get(CM.Ctx, {CM.Ptr, I64});
  Function *W = Function::Create(FunctionType::get(RT, BT->params(), false),
                                 GlobalValue::InternalLinkage,
                                 Twine(CUBICLE_RESERVED_PREFIX "_sized.") + Name,
                                 &M);
  W->copyAttributesFrom(&Body);
  W->setAttributes(AttributeList());
  IRBuilder<> B(BasicBlock::Create(CM.Ctx, "entry", W));
  SmallVector<Value *, 8> Args;
  for (Argument &A : W->args())
    Args.push_back(&A);
  Value *R = B.CreateCall(&Body, Args);
  Value *N = B.CreateSExtOrTrunc(B.CreateCall(SizeFn, Args), I64);
  Value *Out = B.CreateInsertValue(PoisonValue::get(RT), R, 0);
  B.CreateRet(B.CreateInsertValue(Out, N, 1));
  CM.keep(W);
  return W;
}

} // namespace

// Exported functions: the name becomes an entry stub, the body moves to
// __cubicle_body.<name> (calls inside this TU go straight to it), and an
// entry record tells callers elsewhere where the body is.  Functions of
// this TU whose address is taken get a stub too, which their address
// becomes.  Every pointer to a function of this cubicle is thus a stub.
void createEntryStubs(CubicleModule &CM) {
  Module &M = CM.M;
  LLVMContext &Ctx = CM.Ctx;
  SmallVector<Function *, 32> Exported, Taken;
  for (Function &F : M) {
    if (F.isDeclaration() || F.getName().starts_with(CUBICLE_RESERVED_PREFIX) ||
        F.getName() == "main" || F.hasFnAttribute(Attribute::Naked))
      continue;
    if (F.hasExternalLinkage() || F.hasWeakLinkage())
      Exported.push_back(&F);
    else if (F.hasAddressTaken(nullptr, /*IgnoreCallbackUses=*/false,
                               /*IgnoreAssumeLikeCalls=*/true,
                               /*IgnoreLLVMUsed=*/true))
      Taken.push_back(&F);
  }
  auto isDirectCall = [](Use &U) {
    auto *CB = dyn_cast<CallBase>(U.getUser());
    return CB && CB->isCallee(&U);
  };
  // Every use of the address but direct calls, the entry record and
  // aliases (redirected below) becomes the stub; that includes a global
  // initialised with the bare address (void (*h)(void) = cb;).
  auto takesStub = [&](Use &U, GlobalVariable *Entry) {
    return !isDirectCall(U) && U.getUser() != Entry->getInitializer() &&
           !isa<GlobalAlias>(U.getUser()) && !isa<GlobalIFunc>(U.getUser());
  };
  for (Function *F : Exported) {
    std::string Name = F->getName().str();
    GlobalValue::LinkageTypes Linkage = F->getLinkage();
    GlobalValue::VisibilityTypes Vis = F->getVisibility();
    F->setName(bodySymbol(Name));
    F->setLinkage(GlobalValue::InternalLinkage);
    F->setVisibility(GlobalValue::DefaultVisibility);
    // The stub takes the name; the entry record points at both.
    auto *Entry = new GlobalVariable(M, CM.entryType(), true, Linkage, nullptr,
                                     entrySymbol(Name));
    Function *Stub = makeStub(CM, *F, Name, Linkage, Entry);
    Stub->setVisibility(Vis);
    Entry->setVisibility(Vis);
    auto Sized = CM.SizedBy.find(F);
    Function *Body =
        Sized == CM.SizedBy.end() ? F : sizedBody(CM, *F, Name, Sized->second);
    Entry->setInitializer(ConstantStruct::get(
        CM.entryType(), {CM.Desc, Body, Stub,
                      ConstantInt::get(Type::getInt64Ty(Ctx),
                                       stackArgBytes(*F)),
                      CM.windowSpecFor(*F)}));
    Entry->setAlignment(Align(16));
    CM.keep(Entry);
    F->replaceUsesWithIf(Stub, [&](Use &U) { return takesStub(U, Entry); });
    for (GlobalAlias &A : M.aliases())
      if (A.getAliasee() == F)
        A.setAliasee(Stub);
    LLVM_DEBUG(dbgs() << "cubicle: " << Name << " exported: entry stub, body "
                      << F->getName() << "\n");
    ++NumExported;
  }
  for (Function *F : Taken) {
    GlobalVariable *Entry = CM.makeEntry(
        localEntrySymbol(F->getName()), GlobalValue::InternalLinkage, CM.Desc,
        F, ConstantPointerNull::get(CM.Ptr), stackArgBytes(*F),
        CM.windowSpecFor(*F));
    Function *Stub = makeStub(CM, *F, stubSymbol(F->getName()),
                              GlobalValue::InternalLinkage, Entry);
    Entry->setInitializer(ConstantStruct::get(
        CM.entryType(), {CM.Desc, F, Stub,
                      ConstantInt::get(Type::getInt64Ty(Ctx),
                                       stackArgBytes(*F)),
                      CM.windowSpecFor(*F)}));
    F->replaceUsesWithIf(Stub, [&](Use &U) { return takesStub(U, Entry); });
    LLVM_DEBUG(dbgs() << "cubicle: " << F->getName()
                      << " has its address taken: local entry stub\n");
    ++NumLocalStubs;
  }
}

} // namespace cubicle
