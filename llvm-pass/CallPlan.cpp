//===- CallPlan.cpp - Where a call's arguments and result go (SysV) -------===//
//
// See CallPlan.h.  Arguments Clang has already lowered: integers and
// pointers in the six integer registers, then the stack; i128 in a register
// pair; floating-point scalars and vectors up to 16 bytes in XMM0-7; byval
// aggregates and x87 long double on the stack.  Results in RAX/RDX,
// XMM0/XMM1 or ST(0).  Anything else is refused with the reason.
//
//===----------------------------------------------------------------------===//

#include "CallPlan.h"

#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>

using namespace llvm;

namespace cubicle {

namespace {

const char *const kIntRegs[] = {"rdi", "rsi", "rdx", "rcx", "r8", "r9"};
constexpr unsigned kNumIntRegs = 6, kNumSseRegs = 8;

bool isSseScalar(Type *T) {
  return T->isFloatTy() || T->isDoubleTy() || T->isFP128Ty() ||
         T->isHalfTy() || T->isBFloatTy();
}

} // namespace

CallPlan planCall(CallBase &CB, const DataLayout &DL) {
  CallPlan P;
  unsigned NextInt = 0, NextSse = 0;
  uint64_t Off = 0;
  auto toStack = [&](Value *V, uint64_t Size, uint64_t Align, bool ByVal) {
    Off = alignTo(Off, std::max<uint64_t>(Align, 8));
    P.Stack.push_back({Off, V, Size, ByVal});
    P.ArgLoc.back() = (V->getType()->isPointerTy() ||
                       V->getType()->isIntegerTy()) && !ByVal
                          ? "s" + std::to_string(Off)
                          : "x";
    Off += alignTo(Size, 8);
  };
  for (unsigned I = 0; I < CB.arg_size(); ++I) {
    P.ArgLoc.push_back("x");
    Value *V = CB.getArgOperand(I);
    Type *T = V->getType();
    auto fail = [&](const Twine &Why) {
      P.Error = ("argument " + Twine(I + 1) + " " + Why).str();
    };
    if (CB.paramHasAttr(I, Attribute::StructRet)) {
      // Planned as the pointer it is (for entry stubs' parameter
      // locations); inline gates never see such calls (they go through the
      // stub, which lends the buffer).
      if (NextInt < kNumIntRegs) {
        P.ArgLoc.back() = "r" + std::to_string(NextInt);
        P.Regs.push_back({kIntRegs[NextInt++], V, I});
      }
      continue;
    }
    if (CB.paramHasAttr(I, Attribute::InAlloca) ||
        CB.paramHasAttr(I, Attribute::Preallocated)) {
      fail("is passed in a way x86-64 Linux does not use");
      return P;
    }
    if (Type *ByVal = CB.getParamByValType(I)) {
      uint64_t Align = CB.getParamAlign(I).valueOrOne().value();
      toStack(V, DL.getTypeAllocSize(ByVal), Align, true);
      continue;
    }
    if (T->isPointerTy() || (T->isIntegerTy() && T->getIntegerBitWidth() <= 64)) {
      if (NextInt < kNumIntRegs) {
        P.ArgLoc.back() = "r" + std::to_string(NextInt);
        P.Regs.push_back({kIntRegs[NextInt++], V, I});
      } else
        toStack(V, 8, 8, false);
      continue;
    }
    if (T->isIntegerTy(128)) {
      if (NextInt + 2 <= kNumIntRegs) {
        P.Regs.push_back({kIntRegs[NextInt++], V, I}); // split in emitGate
        P.Regs.push_back({kIntRegs[NextInt++], nullptr, I});
      } else {
        toStack(V, 16, 16, false);
      }
      continue;
    }
    bool Vec16 = T->isVectorTy() && DL.getTypeAllocSize(T) <= 16;
    if (isSseScalar(T) || Vec16) {
      if (NextSse < kNumSseRegs)
        P.Regs.push_back({"xmm" + std::to_string(NextSse++), V, I});
      else
        toStack(V, DL.getTypeAllocSize(T),
                DL.getTypeAllocSize(T) == 16 ? 16 : 8, false);
      continue;
    }
    if (T->isX86_FP80Ty()) {
      toStack(V, 16, 16, false);
      continue;
    }
    std::string TS;
    raw_string_ostream OS(TS);
    T->print(OS);
    fail("has type " + OS.str() + ", which cross-cubicle calls do not support");
    return P;
  }
  P.StackBytes = alignTo(Off, 16);
  P.SseUsed = NextSse;

  Type *RT = CB.getType();
  unsigned RetInt = 0, RetSse = 0;
  auto retPart = [&](Type *T) -> bool {
    if (T->isPointerTy() || (T->isIntegerTy() && T->getIntegerBitWidth() <= 64)) {
      if (RetInt == 2)
        return false;
      P.Ret.push_back({RetInt++ ? "rdx" : "rax", T});
      return true;
    }
    if (isSseScalar(T) || (T->isVectorTy() && DL.getTypeAllocSize(T) <= 16)) {
      if (RetSse == 2)
        return false;
      P.Ret.push_back({"xmm" + std::to_string(RetSse++), T});
      return true;
    }
    return false;
  };
  if (RT->isVoidTy())
    return P;
  bool Ok = true;
  if (RT->isIntegerTy(128)) {
    P.Ret.push_back({"rax", RT}); // split in emitGate
    P.Ret.push_back({"rdx", RT});
  } else if (RT->isX86_FP80Ty()) {
    P.Ret.push_back({"st", RT});
  } else if (auto *ST = dyn_cast<StructType>(RT)) {
    Ok = ST->getNumElements() <= 2;
    for (Type *E : ST->elements())
      Ok = Ok && retPart(E);
  } else {
    Ok = retPart(RT);
  }
  if (!Ok) {
    std::string TS;
    raw_string_ostream OS(TS);
    RT->print(OS);
    P.Error = "the result has type " + OS.str() +
              ", which cross-cubicle calls do not support";
  }
  return P;
}

std::string unsupportedCall(CallBase &CB) {
  return planCall(CB, CB.getModule()->getDataLayout()).Error;
}

// Plans a call with F's own parameters as the arguments.
static CallPlan planOwnCall(Function &F) {
  SmallVector<Value *, 8> Args;
  for (Argument &A : F.args())
    Args.push_back(&A);
  std::unique_ptr<CallInst> C(
      CallInst::Create(F.getFunctionType(), &F, Args));
  C->setAttributes(F.getAttributes());
  return planCall(*C, F.getParent()->getDataLayout());
}

uint64_t stackArgBytes(Function &F) {
  if (F.isVarArg())
    return ~uint64_t(0);
  CallPlan P = planOwnCall(F);
  return P.Error.empty() ? P.StackBytes : ~uint64_t(0);
}

std::vector<std::string> paramLocations(Function &F) {
  return planOwnCall(F).ArgLoc;
}

} // namespace cubicle
