//===- CubiclePass.cpp - Turn a translation unit into part of a cubicle ---===//
//
// The pass plugin's entry point.  "cubicle" runs once per module, at the
// end of the optimisation pipeline (every optimisation level; at -O2 after
// inlining, so only calls that survive get gates), and runs the jobs of
// CubicleModule.h in order.  A module flag marks the work done; running
// again changes nothing.
//
// Each job is also a pass of its own, "cubicle-<job>", so that a lit test
// can run one job on .ll input with
//
//   opt -load-pass-plugin libCubiclePass.so -cubicle-name=app \
//       -passes=cubicle-globals in.ll
//
// A job run alone does not mark the module done.
//
//===----------------------------------------------------------------------===//

#include "CubicleModule.h"

#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

#define DEBUG_TYPE "cubicle"

using namespace llvm;

namespace cubicle {

namespace {

using Job = void (*)(CubicleModule &);

struct NamedJob {
  const char *PassName;
  Job Run;
};

// Pipeline order.  The descriptor and the sentinel every job uses are made
// with the module state (Descriptors.cpp); "cubicle-descriptors" runs only
// that.
const NamedJob kJobs[] = {
    {"cubicle-descriptors", nullptr},
    {"cubicle-privatize", privatizeComdatFunctions},
    {"cubicle-thunks", makeCallbackThunks},
    {"cubicle-globals", moveGlobals},
    {"cubicle-redirect", redirectCalls},
    {"cubicle-trusted-entries", wrapTrustedEntries},
    {"cubicle-stubs", createEntryStubs},
    {"cubicle-gates", gateCalls},
    {"cubicle-indirect", checkIndirectCalls},
    {"cubicle-place", placeCode},
};

void recordName(Module &M, StringRef Name) {
  if (M.getNamedMetadata(kCubicleNameMD))
    return;
  M.getOrInsertNamedMetadata(kCubicleNameMD)
      ->addOperand(
          MDNode::get(M.getContext(), MDString::get(M.getContext(), Name)));
}

struct CubiclePass : PassInfoMixin<CubiclePass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &MAM) {
    if (M.getModuleFlag(kGatedFlag))
      return PreservedAnalyses::all(); // done already (e.g. LTO's second run)
    std::optional<std::string> Name = cubicleNameFor(M);
    if (!Name)
      return PreservedAnalyses::all();
    CubicleModule CM(M, MAM, *Name);
    for (const NamedJob &J : kJobs)
      if (J.Run)
        J.Run(CM);
    CM.finish();
    M.addModuleFlag(Module::Max, kGatedFlag, 1);
    recordName(M, *Name);
    return PreservedAnalyses::none();
  }
  static bool isRequired() { return true; }
};

struct JobPass : PassInfoMixin<JobPass> {
  explicit JobPass(Job Run) : Run(Run) {}
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &MAM) {
    std::optional<std::string> Name = cubicleNameFor(M);
    if (!Name)
      return PreservedAnalyses::all();
    CubicleModule CM(M, MAM, *Name);
    if (Run)
      Run(CM);
    CM.finish();
    recordName(M, *Name);
    return PreservedAnalyses::none();
  }
  static bool isRequired() { return true; }
  Job Run;
};

void registerCubiclePasses(PassBuilder &PB) {
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(CubiclePass());
      });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "cubicle") {
          MPM.addPass(CubiclePass());
          return true;
        }
        for (const NamedJob &J : kJobs)
          if (Name == J.PassName) {
            MPM.addPass(JobPass(J.Run));
            return true;
          }
        return false;
      });
}

} // namespace

} // namespace cubicle

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "Cubicle", "0.1",
          cubicle::registerCubiclePasses};
}
