//===- GateEmitter.h - The assembly of gates and entry stubs --------------===//
//
// The one place that knows what a gate and an entry stub look like.  A gate
// replaces one call instruction with one inline-assembly block that contains
// the call itself, so that nothing the compiler schedules can run on the
// callee's stack or with the callee's rights, and no optimisation (inlining
// included, with LTO too) can see through it.  docs/design.md explains each
// instruction.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_LLVMPASS_GATEEMITTER_H
#define CUBICLE_LLVMPASS_GATEEMITTER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/InstrTypes.h"

#include <string>

namespace llvm {
class GlobalVariable;
}

namespace cubicle {

struct GateSymbols {
  std::string CallerDesc; // descriptor of the cubicle making the call
  // The callee's cubicle: its descriptor's symbol, or (CalleeIsEntry) the
  // symbol of the read-only entry record that points to it.
  std::string CalleeDesc;
  bool CalleeIsEntry;
  // The function called: a symbol, or (CalleeIsEntry) the body pointer in
  // the entry record.
  std::string Callee;
  llvm::GlobalVariable *Counter; // the site's statistics record
};

// A symbol name as the assembler must see it in inline assembly.
std::string asmSymbol(llvm::StringRef Name);

// The body of an entry stub (a naked function): if the caller already runs
// in the descriptor's cubicle, jump to the body; otherwise hand the entry
// record to the runtime's generic entry (__cubicle_stub_enter).
std::string entryStubAsm(llvm::StringRef DescSym, llvm::StringRef BodySym,
                         llvm::StringRef EntrySym);

// Replaces CB, a direct call, with a gate.  Returns the new value of the
// call (null for void).  unsupportedCall(CB) must be empty.
llvm::Value *emitGate(llvm::CallBase &CB, const GateSymbols &Syms);

} // namespace cubicle

#endif // CUBICLE_LLVMPASS_GATEEMITTER_H
