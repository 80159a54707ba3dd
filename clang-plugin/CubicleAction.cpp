//===- CubicleAction.cpp - The Clang side of libCubicle.so ----------------===//
//
// Loaded with -fplugin=libCubicle.so (together with -fpass-plugin= for the
// LLVM pass).  Takes the plugin arguments
//
//   -fplugin-arg-cubicle-name=NAME        the cubicle this TU belongs to
//   -fplugin-arg-cubicle-no-window-warnings
//                                         no unwindowed-pointer warnings
//
// hands the name to the pass, which runs later in the same process, and
// resolves window annotations (WindowAttrs.cpp) into one annotation per
// function that the pass reads.  It also warns about pointer arguments of
// calls to functions defined elsewhere that no window annotation covers:
// if the callee turns out to be in another cubicle, it cannot touch that
// memory (the unwindowed-pointer warning).
//
//===----------------------------------------------------------------------===//

#include "../llvm-pass/CubicleNames.h"
#include "WindowAttrs.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"

using namespace clang;

namespace {

bool gWindowWarnings = true;

class UnwindowedPointers : public RecursiveASTVisitor<UnwindowedPointers> {
public:
  UnwindowedPointers(ASTContext &Ctx, DiagnosticsEngine &D) : Ctx(Ctx), D(D) {
    Id = D.getCustomDiagID(
        DiagnosticsEngine::Warning,
        "pointer argument %0 of '%1' is not covered by a window annotation; "
        "if '%1' is in another cubicle it cannot use this memory "
        "[-Wcubicle-unwindowed-pointer]");
  }

  // Nothing in system headers: their calls are not the porter's to annotate.
  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) &&
        Ctx.getSourceManager().isInSystemHeader(D->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  // Runs once the whole translation unit is known: only a callee with
  // external linkage that this TU does not define can be in another
  // cubicle (a static function, or one defined further down, cannot).
  bool VisitCallExpr(CallExpr *C) {
    FunctionDecl *F = C->getDirectCallee();
    if (!F || F->isDefined() || !F->isExternallyVisible() ||
        F->getBuiltinID() || F->isVariadic() ||
        Ctx.getSourceManager().isInSystemHeader(F->getLocation()) ||
        F->getName().starts_with("cubicle_") ||
        F->getName().starts_with("__cubicle"))
      return true;
    for (unsigned I = 0; I < C->getNumArgs() && I < F->getNumParams(); ++I) {
      const ParmVarDecl *P = F->getParamDecl(I);
      if (!P->getType()->isPointerType() ||
          P->getType()->isFunctionPointerType() || cubicle::hasNoWindow(*P))
        continue;
      const Expr *A = C->getArg(I)->IgnoreParenImpCasts();
      if (A->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        continue;
      D.Report(A->getExprLoc(), Id) << (I + 1) << F->getName();
    }
    return true;
  }

private:
  ASTContext &Ctx;
  DiagnosticsEngine &D;
  unsigned Id;
};

class CubicleConsumer : public ASTConsumer {
public:
  explicit CubicleConsumer(CompilerInstance &CI) : CI(CI) {}

  bool HandleTopLevelDecl(DeclGroupRef G) override {
    for (Decl *D : G)
      handle(D);
    return true;
  }

private:
  // Functions, also inside extern "C" blocks and namespaces.
  void handle(Decl *D) {
    if (auto *DC = dyn_cast<LinkageSpecDecl>(D)) {
      for (Decl *Inner : DC->decls())
        handle(Inner);
      return;
    }
    if (auto *NS = dyn_cast<NamespaceDecl>(D)) {
      for (Decl *Inner : NS->decls())
        handle(Inner);
      return;
    }
    if (auto *FT = dyn_cast<FunctionTemplateDecl>(D))
      D = FT->getTemplatedDecl();
    auto *F = dyn_cast<FunctionDecl>(D);
    if (!F)
      return;
    {
      // The spec goes on the function, where code generation puts it into
      // llvm.global.annotations for the pass.
      std::optional<std::string> Spec =
          cubicle::windowSpecOf(*F, CI.getDiagnostics());
      if (Spec && !Spec->empty())
        F->addAttr(AnnotateAttr::CreateImplicit(
            F->getASTContext(), "cubicle.windows=" + *Spec, nullptr, 0));
    }
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (gWindowWarnings && !CI.getDiagnostics().hasErrorOccurred())
      UnwindowedPointers(Ctx, CI.getDiagnostics())
          .TraverseDecl(Ctx.getTranslationUnitDecl());
  }

  CompilerInstance &CI;
};

class CubicleAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<CubicleConsumer>(CI);
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
      if (A == "no-window-warnings") {
        gWindowWarnings = false;
        continue;
      }
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "unknown Cubicle plugin argument '%0' "
                                 "(expected name=NAME or no-window-warnings)"))
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
