//===- CubicleAction.cpp - The Clang side of libCubicle.so ----------------===//
//
// Loaded with -fplugin=libCubicle.so (together with -fpass-plugin= for the
// LLVM pass).  Takes the plugin arguments
//
//   -fplugin-arg-cubicle-name=NAME        the cubicle this TU belongs to
//   -fplugin-arg-cubicle-no-window-warnings
//                                         no unwindowed-pointer warnings
//   -fplugin-arg-cubicle-W[no-][error=]cubicle-unwindowed-pointer
//                                         as the -W flag of that name
//
// Clang 19 cannot give a plugin's diagnostic a warning group, so
// -Wcubicle-unwindowed-pointer is implemented here: the plugin reads the
// -W flags clang was given (and -w, -Werror) and picks the warning's
// severity itself.  Clang also calls the flag unknown; cubicle-cc passes it
// as the plugin argument instead, so that clang never sees it.
//
// hands the name to the pass, which runs later in the same process, and
// resolves window annotations (WindowAttrs.cpp) into one annotation per
// function that the pass reads.  It also warns about pointer arguments of
// calls to functions defined elsewhere that no window annotation covers:
// if the callee turns out to be in another cubicle, it cannot touch that
// memory (the unwindowed-pointer warning).
//
//===----------------------------------------------------------------------===//

#include "CubicleNames.h"
#include "CallbackWindows.h"
#include "WindowAttrs.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"

#include <optional>

using namespace clang;

namespace {

constexpr llvm::StringLiteral kUnwindowedFlag = "cubicle-unwindowed-pointer";

// What the -W flags say of the unwindowed-pointer warning, applied in
// order, as clang applies its own.
struct WarningPolicy {
  bool Enabled = true;
  std::optional<bool> AsError; // -W[no-]error=<flag>
  bool AllErrors = false;      // -Werror

  // Takes one -W flag without its "-W"; false if it is not about this
  // warning.
  bool apply(llvm::StringRef W) {
    if (W == "error" || W == "no-error") {
      AllErrors = W == "error";
      return false; // clang's too
    }
    if (W == "everything" || W == "no-everything") {
      Enabled = W == "everything";
      return false;
    }
    bool No = W.consume_front("no-");
    bool Error = W.consume_front("error=");
    if (W != kUnwindowedFlag)
      return false;
    if (Error) {
      AsError = !No;
      Enabled |= !No; // -Werror=X also enables X, as in clang
    } else {
      Enabled = !No;
    }
    return true;
  }

  bool isError() const { return AsError.value_or(AllErrors); }
};

WarningPolicy gWarnings;

class UnwindowedPointers : public RecursiveASTVisitor<UnwindowedPointers> {
public:
  UnwindowedPointers(ASTContext &Ctx, DiagnosticsEngine &D) : Ctx(Ctx), D(D) {
    // Custom diagnostics are not remapped by -Werror: the severity is
    // chosen here, and the flag is named as clang names its own.
    bool Error = gWarnings.isError();
    auto Level = Error ? DiagnosticsEngine::Error : DiagnosticsEngine::Warning;
    Id = D.getCustomDiagID(
        Level,
        "pointer argument %0 of '%1' is not covered by a window annotation; "
        "if '%1' is in another cubicle it cannot use this memory [%2]");
    IndirectId = D.getCustomDiagID(
        Level, "pointer argument %0 of this call through %1 is not covered by "
               "a window annotation on its type; if it calls into another "
               "cubicle, the callee cannot use this memory [%2]");
    CallbackId = D.getCustomDiagID(
        Level, "callback '%0' is registered with '%1' through a type whose "
               "parameter %2 is a pointer without a window annotation; if "
               "'%1' is in another cubicle, '%0' cannot use the memory it is "
               "called with [%3]");
    Flag = (Error ? "-Werror,-W" : "-W") + kUnwindowedFlag.str();
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
    if (!F)
      return indirect(C);
    if (F->isDefined() || !F->isExternallyVisible() ||
        F->getBuiltinID() || F->isVariadic() ||
        Ctx.getSourceManager().isInSystemHeader(F->getLocation()) ||
        F->getName().starts_with(CUBICLE_API_PREFIX) ||
        F->getName().starts_with(CUBICLE_RESERVED_PREFIX))
      return true;
    for (unsigned I = 0; I < C->getNumArgs() && I < F->getNumParams(); ++I) {
      const ParmVarDecl *P = F->getParamDecl(I);
      if (!P->getType()->isPointerType() ||
          P->getType()->isFunctionPointerType() || cubicle::hasNoWindow(*P))
        continue;
      const Expr *A = C->getArg(I)->IgnoreParenImpCasts();
      if (A->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        continue;
      D.Report(A->getExprLoc(), Id) << (I + 1) << F->getName() << Flag;
    }
    registrations(C, *F);
    return true;
  }

private:
  ASTContext &Ctx;
  DiagnosticsEngine &D;
  unsigned Id, IndirectId, CallbackId;

  // A pointer parameter without a window annotation (or CUBICLE_NO_WINDOW):
  // on any declaration of its function, or on itself for a parameter of
  // a function type.
  static bool needsWindow(const ParmVarDecl *P) {
    if (!P->getType()->isPointerType() || P->getType()->isFunctionPointerType())
      return false;
    for (const AnnotateAttr *A : P->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation().starts_with("cubicle.window:"))
        return false;
    return !cubicle::hasNoWindow(*P);
  }

  // A call through a pointer: its arguments as the pointer's type (a
  // variable's, a parameter's, a field's, as written) annotates them.
  bool indirect(CallExpr *C) {
    Expr *Callee = C->getCallee()->IgnoreParenImpCasts();
    const DeclaratorDecl *Through = nullptr;
    if (auto *R = dyn_cast<DeclRefExpr>(Callee))
      Through = dyn_cast<DeclaratorDecl>(R->getDecl());
    else if (auto *M = dyn_cast<MemberExpr>(Callee))
      Through = dyn_cast<DeclaratorDecl>(M->getMemberDecl());
    if (!Through || isa<FunctionDecl>(Through) || !Through->getTypeSourceInfo())
      return true;
    // Only a pointer whose type an interface declares (a header's struct
    // field or typedef) is likely to lead into another cubicle; a file's
    // own method tables (SQLite's amalgamation has hundreds) stay quiet.
    SourceLocation TypeAt = Through->getLocation();
    if (!isa<FieldDecl>(Through))
      if (auto *TT = Through->getType()->getAs<TypedefType>())
        TypeAt = TT->getDecl()->getLocation();
    if (Ctx.getSourceManager().isInMainFile(TypeAt))
      return true;
    ArrayRef<ParmVarDecl *> Params =
        cubicle::protoParams(Through->getTypeSourceInfo()->getTypeLoc());
    for (unsigned I = 0; I < C->getNumArgs() && I < Params.size(); ++I) {
      const Expr *A = C->getArg(I)->IgnoreParenImpCasts();
      if (!needsWindow(Params[I]) ||
          A->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        continue;
      D.Report(A->getExprLoc(), IndirectId)
          << (I + 1) << ("'" + Through->getName() + "'").str() << Flag;
    }
    return true;
  }

  // Functions of this file handed to F (in another cubicle, perhaps) as
  // callbacks, through a type with pointer parameters no annotation
  // covers.
  void registrations(CallExpr *C, FunctionDecl &F) {
    for (unsigned I = 0; I < C->getNumArgs() && I < F.getNumParams(); ++I) {
      FunctionDecl *G = cubicle::functionIn(C->getArg(I));
      TypeSourceInfo *TSI = F.getParamDecl(I)->getTypeSourceInfo();
      if (!G || !TSI)
        continue;
      ArrayRef<ParmVarDecl *> Params = cubicle::protoParams(TSI->getTypeLoc());
      for (unsigned K = 0; K < Params.size(); ++K)
        if (needsWindow(Params[K])) {
          D.Report(C->getArg(I)->getExprLoc(), CallbackId)
              << G->getName() << F.getName() << (K + 1) << Flag;
          break;
        }
    }
  }

  std::string Flag;
};

class CubicleConsumer : public ASTConsumer {
public:
  explicit CubicleConsumer(CompilerInstance &CI) : CI(CI) {}

  bool HandleTopLevelDecl(DeclGroupRef G) override {
    for (Decl *D : G)
      handle(D);
    return true;
  }

  void HandleTagDeclDefinition(TagDecl *D) override {
    if (auto *RD = dyn_cast<RecordDecl>(D))
      cubicle::applyPendingFields(*RD, CI.getDiagnostics());
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
    // Functions registered as callbacks in a body or an initializer take
    // the windows of the type they are registered as.
    if (isa<VarDecl>(D) || (isa<FunctionDecl>(D) && D->hasBody()))
      cubicle::callbackWindows(*D, CI.getDiagnostics());
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
            F->getASTContext(), cubicle::kWindowsAnnotation + *Spec, nullptr, 0));
    }
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    cubicle::reportPendingFields(CI.getDiagnostics());
    if (gWarnings.Enabled && !CI.getDiagnostics().hasErrorOccurred())
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
    const DiagnosticOptions &DO = CI.getDiagnosticOpts();
    for (const std::string &W : DO.Warnings)
      gWarnings.apply(W);
    if (DO.IgnoreWarnings)
      gWarnings.Enabled = false;
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
        gWarnings.Enabled = false;
        continue;
      }
      if (A.consume_front("W") && gWarnings.apply(A))
        continue;
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "unknown Cubicle plugin argument '%0' "
                                 "(expected name=NAME, no-window-warnings or "
                                 "W[no-][error=]cubicle-unwindowed-pointer)"))
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
