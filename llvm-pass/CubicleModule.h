//===- CubicleModule.h - The pass's per-module state and its jobs ---------===//
//
// The pass turns a translation unit into part of a cubicle in ten jobs, one
// file each, run in this order by CubiclePass.cpp (each is also a pass of
// its own for opt, "cubicle-<job>", so that lit tests can run one job on
// .ll input):
//
//   Descriptors.cpp     the cubicle's descriptor page and the sentinel
//                       (made with the state), entry records, call-site
//                       counters and window specs (used by the others)
//   ComdatPrivatize.cpp a private copy of each inline function per TU
//   CallbackThunks.cpp  callbacks defined elsewhere registered with windows
//   GlobalBlocks.cpp    globals into page-aligned blocks and the TU record
//   AllocRedirect.cpp   allocation, window and signal calls to the runtime
//   TrustedEntries.cpp  main, constructors and destructors entered by a gate
//   EntryStubs.cpp      entry stubs for exported and address-taken functions
//   CallGates.cpp       calls to other TUs: plain call or inline gate
//   IndirectCalls.cpp   calls through pointers land only on entry stubs
//   CodePlacement.cpp   cubicle code into its own section
//
// CubicleModule holds what the jobs share: the module, the cubicle's name
// and descriptor, the annotations the Clang plugin left, and the globals to
// keep alive (llvm.compiler.used), written once by finish().
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_LLVMPASS_CUBICLEMODULE_H
#define CUBICLE_LLVMPASS_CUBICLEMODULE_H

#include "CubicleNames.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/GlobalValue.h"
#include "llvm/IR/PassManager.h"

#include <optional>
#include <string>

namespace llvm {
class CallBase;
class CallInst;
class Constant;
class DataLayout;
class Function;
class GlobalObject;
class GlobalVariable;
class LLVMContext;
class Module;
class PointerType;
class StructType;
class Twine;
} // namespace llvm

namespace cubicle {

class CubicleModule {
public:
  CubicleModule(llvm::Module &M, llvm::ModuleAnalysisManager &MAM,
                std::string Name);

  llvm::Module &M;
  llvm::ModuleAnalysisManager &MAM;
  llvm::LLVMContext &Ctx;
  const llvm::DataLayout &DL;
  const std::string Name;
  llvm::PointerType *Ptr;
  llvm::GlobalVariable *Desc;     // this cubicle's descriptor page
  llvm::GlobalVariable *Sentinel; // "not a cubicle", for weak entry records

  // From the Clang plugin's annotations (llvm.global.annotations).
  llvm::DenseMap<const llvm::Function *, std::string> WindowSpecs;
  // Functions whose result is sized by another (CUBICLE_RESULT_SIZED_BY):
  // that function's name; their entry's body returns the size in RDX
  // (EntryStubs.cpp).
  llvm::DenseMap<const llvm::Function *, std::string> SizedBy;
  llvm::SmallPtrSet<const llvm::GlobalVariable *, 8> Shared;
  // Callbacks defined elsewhere to register through a thunk with windows
  // (CallbackThunks.cpp): where, which function, and the windows.
  struct ThunkRequest {
    llvm::GlobalObject *Owner;
    std::string Callee, Spec;
  };
  llvm::SmallVector<ThunkRequest, 4> Thunks;

  // Globals later passes must not drop or reshape.
  void keep(llvm::GlobalValue *G) { Used.push_back(G); }
  // Adds what the jobs kept to llvm.compiler.used.
  void finish();

  // Descriptors.cpp: records the jobs emit.
  llvm::GlobalVariable *getDesc(llvm::StringRef Cubicle, uint32_t Flags);
  llvm::StructType *entryType();
  llvm::GlobalVariable *makeEntry(llvm::StringRef Sym,
                                  llvm::GlobalValue::LinkageTypes Linkage,
                                  llvm::Constant *DescV, llvm::Constant *Body,
                                  llvm::Constant *Stub, uint64_t StackArgs,
                                  llvm::Constant *Windows = nullptr);
  // The weak entry record a caller defines for an external callee.
  llvm::GlobalVariable *entryFallback(llvm::Function &Callee);
  // A call site's statistics record.
  llvm::GlobalVariable *siteCounter(llvm::GlobalValue *Callee, bool IsEntry,
                                    llvm::Constant *Caller = nullptr);
  // The runtime's form of F's window spec (cubicle/abi.h), or null.
  llvm::Constant *windowSpecFor(llvm::Function &F);

  // A user's mistake or an unsupported construct, with its location.
  void error(const llvm::Function *F, const llvm::Twine &Msg,
             const llvm::DebugLoc &Loc);

private:
  void readAnnotations();
  llvm::GlobalVariable *makeSentinel();
  llvm::SmallVector<llvm::GlobalValue *, 16> Used;
  unsigned Sites = 0;
};

// Gives wrapper W the body "return Target(Leading..., W's arguments...)"
// and returns the call.
llvm::CallInst *forwardCall(llvm::Function &W, llvm::FunctionCallee Target,
                            llvm::ArrayRef<llvm::Value *> Leading = {});

// The cubicle name for M: the Clang plugin's argument, -cubicle-name, or
// the name an earlier run recorded in M.  Reports an error and returns
// nothing if there is none or it is invalid.
std::optional<std::string> cubicleNameFor(llvm::Module &M);

// The jobs, in pipeline order.
void privatizeComdatFunctions(CubicleModule &CM);
void makeCallbackThunks(CubicleModule &CM);
void moveGlobals(CubicleModule &CM);
void redirectCalls(CubicleModule &CM);
void wrapTrustedEntries(CubicleModule &CM);
void createEntryStubs(CubicleModule &CM);
void gateCalls(CubicleModule &CM);
void checkIndirectCalls(CubicleModule &CM);
void placeCode(CubicleModule &CM);

} // namespace cubicle

#endif // CUBICLE_LLVMPASS_CUBICLEMODULE_H
