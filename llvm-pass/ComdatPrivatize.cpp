//===- ComdatPrivatize.cpp - A private copy of inline functions per TU ----===//
//
// C++ inline functions and implicit template instances (linkonce_odr) may be
// defined in several TUs of several cubicles; the linker would keep one
// copy, compiled for one cubicle, for all.  Each TU keeps its own copy
// instead.  (Explicit instantiations, weak_odr, stay shared.)
//
//===----------------------------------------------------------------------===//

#include "CubicleModule.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "cubicle"

using namespace llvm;

STATISTIC(NumPrivatized, "Inline functions given a private copy");

namespace cubicle {

void privatizeComdatFunctions(CubicleModule &CM) {
  for (Function &F : CM.M) {
    if (F.isDeclaration() || !F.hasLinkOnceODRLinkage())
      continue;
    LLVM_DEBUG(dbgs() << "cubicle: private copy of " << F.getName() << "\n");
    F.setLinkage(GlobalValue::InternalLinkage);
    F.setComdat(nullptr);
    F.setVisibility(GlobalValue::DefaultVisibility);
    ++NumPrivatized;
  }
}

} // namespace cubicle
