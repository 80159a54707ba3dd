//===- CubicleAction.cpp - The Clang side of libCubicle.so ----------------===//
//
// Loaded with -fplugin=libCubicle.so (together with -fpass-plugin= for the
// LLVM pass).  Takes the plugin arguments
//
//   -fplugin-arg-cubicle-name=NAME    the cubicle this TU belongs to
//
// and hands the name to the pass, which runs later in the same process.
//
//===----------------------------------------------------------------------===//

#include "../llvm-pass/CubicleNames.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"

using namespace clang;

namespace {

class CubicleAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 llvm::StringRef) override {
    return std::make_unique<ASTConsumer>();
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &D = CI.getDiagnostics();
    for (const std::string &Arg : Args) {
      llvm::StringRef A(Arg);
      if (A.consume_front("name=")) {
        if (!cubicle::isValidCubicleName(A)) {
          D.Report(D.getCustomDiagID(
              DiagnosticsEngine::Error,
              "invalid cubicle name '%0': use 1 to %1 letters, digits, '_' "
              "or '-'"))
              << A << (CUBICLE_NAME_MAX - 1);
          return false;
        }
        cubicle::requestedCubicleName() = A.str();
        continue;
      }
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "unknown Cubicle plugin argument '%0' "
                                 "(expected name=NAME)"))
          << Arg;
      return false;
    }
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }
};

} // namespace

static FrontendPluginRegistry::Add<CubicleAction>
    X("cubicle", "put this translation unit into a cubicle");
