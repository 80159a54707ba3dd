//===- CallbackWindows.cpp - Windows of callbacks, from their types -------===//
//
// A library that calls back into the application hands its handlers its own
// memory: expat's element names and attribute arrays, zlib's I/O buffers.
// The handlers are the application's, often many and static; annotating
// each one is what a port must not need.  The windows are written once,
// on the parameters of the function pointer type the handler is stored
// as, wherever that type is written:
//
//   typedef void (*start_fn)(void *ud, const char *name CUBICLE_WINDOW_CSTR,
//                            const char **atts CUBICLE_WINDOW_STRV);
//   void set_reporter(void (*r)(const char *msg CUBICLE_WINDOW_CSTR));
//   struct hooks { void (*warn)(const char *w CUBICLE_WINDOW_CSTR); };
//
// (a port may repeat the library's typedef with the annotations: C allows
// the same typedef twice).  Wherever a function of this translation unit
// is converted to such a type (an argument, an assignment to a field, an
// initializer), it gets those windows as if its own parameters carried
// them: its entry record lends them from whichever cubicle calls it.
//
// Codegen emits a static function at the end of the translation unit, so
// one registered anywhere in it gets its windows on its own entry record.
// Any other (defined in another file, already emitted, a libc function such
// as realloc handed over as an allocator) is registered through a thunk:
// the declaration that registers it (the function or global initializer
// the registration is in) carries "cubicle.thunk=NAME=SPEC", and the pass
// (llvm-pass/CallbackThunks.cpp) makes a function of this file, with those
// windows, that calls it, and registers that instead.
//
//===----------------------------------------------------------------------===//

#include "CallbackWindows.h"

#include "CubicleNames.h"
#include "WindowAttrs.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Mangle.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace cubicle {

namespace {

bool hasWindowAnnotation(const ParmVarDecl *P) {
  for (const AnnotateAttr *A : P->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation().starts_with("cubicle.window:"))
      return true;
  return false;
}

} // namespace

// The parameters of the function type TL spells (through pointers,
// parentheses, attributes and typedefs); of a typedef declared more than
// once, the declaration with window annotations if one has them.
ArrayRef<ParmVarDecl *> protoParams(TypeLoc TL, int Depth) {
  while (!TL.isNull() && Depth < 8) {
    TL = TL.getUnqualifiedLoc();
    if (auto P = TL.getAs<PointerTypeLoc>())
      TL = P.getPointeeLoc();
    else if (auto P = TL.getAs<ParenTypeLoc>())
      TL = P.getInnerLoc();
    else if (auto A = TL.getAs<AttributedTypeLoc>())
      TL = A.getModifiedLoc();
    else if (auto M = TL.getAs<MacroQualifiedTypeLoc>())
      TL = M.getInnerLoc();
    else if (auto E = TL.getAs<ElaboratedTypeLoc>())
      TL = E.getNamedTypeLoc();
    else if (auto T = TL.getAs<TypedefTypeLoc>()) {
      ArrayRef<ParmVarDecl *> First;
      for (TypedefNameDecl *R : T.getTypedefNameDecl()->redecls())
        if (TypeSourceInfo *TSI = R->getTypeSourceInfo()) {
          ArrayRef<ParmVarDecl *> Ps = protoParams(TSI->getTypeLoc(), Depth + 1);
          if (llvm::any_of(Ps, [](ParmVarDecl *P) {
                return P && hasWindowAnnotation(P);
              }))
            return Ps;
          if (First.empty())
            First = Ps;
        }
      return First;
    } else if (auto F = TL.getAs<FunctionProtoTypeLoc>()) {
      for (ParmVarDecl *P : F.getParams())
        if (!P)
          return {};
      return F.getParams();
    } else
      return {};
  }
  return {};
}

namespace {

// The parameters of the function type TL spells, if any of them carries a
// window annotation.
ArrayRef<ParmVarDecl *> annotatedParams(TypeLoc TL) {
  ArrayRef<ParmVarDecl *> Ps = protoParams(TL);
  if (llvm::any_of(Ps, hasWindowAnnotation))
    return Ps;
  return {};
}

} // namespace

// The typedef a type written as TL names, through qualifiers, parentheses
// and attributes; null if none.
static const TypedefNameDecl *typedefIn(TypeLoc TL) {
  for (int Depth = 0; !TL.isNull() && Depth < 8; ++Depth) {
    TL = TL.getUnqualifiedLoc();
    if (auto T = TL.getAs<TypedefTypeLoc>())
      return T.getTypedefNameDecl();
    if (auto P = TL.getAs<ParenTypeLoc>())
      TL = P.getInnerLoc();
    else if (auto A = TL.getAs<AttributedTypeLoc>())
      TL = A.getModifiedLoc();
    else if (auto M = TL.getAs<MacroQualifiedTypeLoc>())
      TL = M.getInnerLoc();
    else if (auto E = TL.getAs<ElaboratedTypeLoc>())
      TL = E.getNamedTypeLoc();
    else
      return nullptr;
  }
  return nullptr;
}

FunctionDecl *functionIn(Expr *E) {
  E = E->IgnoreParenCasts();
  if (auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenCasts();
  if (auto *R = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(R->getDecl());
  return nullptr;
}

namespace {

class Finder : public RecursiveASTVisitor<Finder> {
public:
  Finder(DiagnosticsEngine &D, Decl &Owner) : D(D), Owner(Owner) {}

  bool VisitCallExpr(CallExpr *C) {
    FunctionDecl *Callee = C->getDirectCallee();
    if (!Callee)
      return true;
    for (unsigned I = 0; I < C->getNumArgs() && I < Callee->getNumParams();
         ++I)
      if (FunctionDecl *F = functionIn(C->getArg(I)))
        // The parameter as any declaration of the callee wrote it.
        for (FunctionDecl *R : Callee->redecls())
          if (I < R->getNumParams() &&
              give(*F, *R->getParamDecl(I), R->getParamDecl(I)->getTypeSourceInfo(),
                   C->getArg(I)->getExprLoc()))
            break;
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() != BO_Assign)
      return true;
    if (FunctionDecl *F = functionIn(B->getRHS()))
      if (auto *M = dyn_cast<MemberExpr>(B->getLHS()->IgnoreParenImpCasts()))
        if (auto *FD = dyn_cast<FieldDecl>(M->getMemberDecl()))
          give(*F, *FD, FD->getTypeSourceInfo(), B->getRHS()->getExprLoc());
    return true;
  }

  bool VisitInitListExpr(InitListExpr *L) {
    // The semantic form has one initializer per field, in order.
    if (!L->isSemanticForm())
      L = L->getSemanticForm();
    const RecordDecl *RD = L ? L->getType()->getAsRecordDecl() : nullptr;
    if (!RD)
      return true;
    unsigned I = 0;
    for (FieldDecl *FD : RD->fields()) {
      if (I >= L->getNumInits())
        break;
      if (FunctionDecl *F = functionIn(L->getInit(I)))
        give(*F, *FD, FD->getTypeSourceInfo(), L->getInit(I)->getExprLoc());
      ++I;
    }
    return true;
  }

  bool VisitVarDecl(VarDecl *V) {
    if (V->getInit())
      if (FunctionDecl *F = functionIn(V->getInit()))
        give(*F, *V, V->getTypeSourceInfo(), V->getInit()->getExprLoc());
    return true;
  }

private:
  DiagnosticsEngine &D;
  Decl &Owner; // the top-level declaration the registrations are in

  // Gives F the windows the type TSI spells, if it spells any.
  bool give(FunctionDecl &F, const Decl &Carrier, TypeSourceInfo *TSI,
            SourceLocation At) {
    if (!TSI)
      return false;
    // A result window, on the declaration of the pointer or on the typedef
    // its type names.
    ArrayRef<ParmVarDecl *> All = protoParams(TSI->getTypeLoc());
    std::optional<std::string> Result =
        callbackResultSpec(Carrier, All, F.getName(), D);
    if (Result && Result->empty())
      if (const TypedefNameDecl *TD = typedefIn(TSI->getTypeLoc()))
        Result = callbackResultSpec(*TD, All, F.getName(), D);
    if (!Result)
      return true;
    ArrayRef<ParmVarDecl *> Params = annotatedParams(TSI->getTypeLoc());
    if (Params.empty() && Result->empty())
      return false;
    std::optional<std::string> Spec =
        Params.empty() ? std::string() : paramsSpec(Params, F.getName(), D);
    if (!Spec)
      return true;
    if (!Result->empty())
      *Spec += (Spec->empty() ? "" : ";") + *Result;
    if (Spec->empty())
      return true;
    std::string Ann = kWindowsAnnotation + *Spec;
    for (FunctionDecl *R : F.redecls())
      for (const AnnotateAttr *A : R->specific_attrs<AnnotateAttr>())
        if (A->getAnnotation().starts_with(kWindowsAnnotation)) {
          if (A->getAnnotation() != Ann) {
            D.Report(At, D.getCustomDiagID(
                             DiagnosticsEngine::Error,
                             "callback '%0' gets windows from this type that "
                             "differ from those it has already (its own "
                             "annotations, or another registration)"))
                << F.getName();
          }
          return true;
        }
    FunctionDecl *Def = F.getDefinition();
    if (Def && !F.isExternallyVisible()) {
      Def->addAttr(
          AnnotateAttr::CreateImplicit(F.getASTContext(), Ann, nullptr, 0));
      return true;
    }
    // Emitted already, or defined elsewhere: registered through a thunk.
    if (F.isVariadic()) {
      D.Report(At, D.getCustomDiagID(
                       DiagnosticsEngine::Warning,
                       "variadic callback '%0' cannot take windows from the "
                       "type it is registered as unless it is a static "
                       "function defined in this file; annotate its "
                       "parameters instead"))
          << F.getName();
      return true;
    }
    std::string Name;
    {
      std::unique_ptr<MangleContext> MC(
          F.getASTContext().createMangleContext());
      llvm::raw_string_ostream OS(Name);
      if (MC->shouldMangleDeclName(&F))
        MC->mangleName(GlobalDecl(&F), OS);
      else
        OS << F.getName();
    }
    std::string Thunk = std::string(kThunkAnnotation) + Name + "=" + *Spec;
    for (const AnnotateAttr *A : Owner.specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == Thunk)
        return true;
    Owner.addAttr(
        AnnotateAttr::CreateImplicit(F.getASTContext(), Thunk, nullptr, 0));
    return true;
  }
};

} // namespace

void callbackWindows(Decl &D, DiagnosticsEngine &Diag) {
  Finder(Diag, D).TraverseDecl(&D);
}

} // namespace cubicle
