//===- CallPlan.h - Where a call's arguments and result go (SysV) ---------===//
//
// The gate passes a call's arguments in registers and a copied stack block,
// and takes the result from registers: it needs to know, per argument, where
// the SysV x86-64 ABI puts it, for the types Clang leaves in IR after
// lowering C and C++ calls.  The entry stubs' parameter locations (the
// window specs, cubicle/abi.h) come from the same plan.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_LLVMPASS_CALLPLAN_H
#define CUBICLE_LLVMPASS_CALLPLAN_H

#include "llvm/IR/InstrTypes.h"

#include <string>
#include <vector>

namespace cubicle {

struct RegArg {
  std::string Reg;
  llvm::Value *V; // null: second half of an i128 (the first carries the value)
  unsigned ArgNo;
};

struct StackArg {
  uint64_t Offset;
  llvm::Value *V; // the value, or the pointer to copy from for byval
  uint64_t Size;
  bool ByVal;
};

struct RetPart {
  std::string Reg;
  llvm::Type *Ty;
};

struct CallPlan {
  std::vector<std::string> ArgLoc; // per argument: rN, sK or x
  std::vector<RegArg> Regs;
  std::vector<StackArg> Stack;
  uint64_t StackBytes = 0; // multiple of 16
  unsigned SseUsed = 0;
  std::vector<RetPart> Ret;
  std::string Error; // why the call cannot cross cubicles; empty if it can
};

CallPlan planCall(llvm::CallBase &CB, const llvm::DataLayout &DL);

// Why a call cannot be gated, for the diagnostic.  Empty if it can.
std::string unsupportedCall(llvm::CallBase &CB);

// Bytes of stack arguments a call to F passes (~0 for variadic functions,
// whose count the callee cannot know).
uint64_t stackArgBytes(llvm::Function &F);

// Where each of F's parameters is passed: rN, sK or x (CallPlan::ArgLoc).
std::vector<std::string> paramLocations(llvm::Function &F);

} // namespace cubicle

#endif // CUBICLE_LLVMPASS_CALLPLAN_H
