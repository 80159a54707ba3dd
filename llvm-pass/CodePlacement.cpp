//===- CodePlacement.cpp - Cubicle code in a section of its own -----------===//
//
// Everything this TU compiled into the cubicle goes into one section, so
// that the runtime (the code scan, the fault reports) and indirect call
// sites (IndirectCalls.cpp) can tell cubicle code from code built without
// the plugin.  COMDAT functions and functions that chose a section keep
// theirs.
//
//===----------------------------------------------------------------------===//

#include "CubicleModule.h"

#include "llvm/IR/Module.h"

using namespace llvm;

namespace cubicle {

void placeCode(CubicleModule &CM) {
  for (Function &F : CM.M)
    if (!F.isDeclaration() && !F.hasSection() && !F.hasComdat())
      F.setSection(CUBICLE_TEXT_SECTION);
}

} // namespace cubicle
