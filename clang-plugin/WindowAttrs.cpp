//===- WindowAttrs.cpp - CUBICLE_WINDOW, CUBICLE_WINDOW_CSTR, CUBICLE_SHARED //
//
// The attributes behind the annotation macros of cubicle/cubicle.h:
//
//   cubicle_window("expr")  on a pointer parameter: lend [p, p + expr) to the
//                           callee for the call.  expr names other
//                           parameters (often declared later), constants,
//                           sizeof(type), with + - * / % << >> and parens.
//   cubicle_window_in("expr") the same, read-only for the callee (const
//                           pointers get this automatically).
//   cubicle_window_cstr     on a char pointer: the NUL-terminated string.
//   cubicle_window_strv     on a char ** parameter or field: a NULL-terminated
//                           array of strings, read-only.
//   cubicle_window_format   on a variadic function's last parameter, a
//                           printf format: lends it and the strings its
//                           %s take.
//   cubicle_window_kept("expr") like cubicle_window, for a pointer the
//                           callee keeps: it gets the same copy at every
//                           call lending that range...
//   cubicle_window_end("expr")  ...until a call annotated so (it drops it).
//   The first three also go on struct fields (size expressions then name
//   fields of that struct): whenever a window lends such a struct, it lends
//   what the field points to as well.  A port that may not edit the header
//   defining the struct says the same with
//   cubicle_field_window("field", "expr") (and _in, _cstr) on a typedef of
//   the struct, which the CUBICLE_FIELD_WINDOW macros write.
//   cubicle_result("expr")  on a function returning a pointer: the caller
//                           gets a read-only copy of [r, r + expr) of the
//                           callee's memory (expr as above, of parameters).
//   cubicle_result_cstr     on a function returning a char pointer: the
//                           same, for the NUL-terminated string.
//   cubicle_no_window       on a pointer parameter: the callee does not
//                           need the memory (an opaque handle); silences the
//                           unwindowed-pointer warning.
//   cubicle_shared          on a global: every cubicle may read and write it.
//
// A size expression can name a parameter declared after the one annotated,
// which C does not allow in attribute arguments, so the macro passes it as
// text.  It is resolved once the whole function declaration is known
// (WindowSpecs below), with errors pointing at the annotation.  The result
// goes to the pass as an annotation on the function:
//
//   "cubicle.windows=" param ":" kind ":" rpn { ";" param ":" kind ":" rpn }
//
// param is R for the result, or N.OFF for the pointer field at byte OFF of
// the struct parameter N's window lends.  kind: w (read-write), r
// (read-only), s (string), then k (kept) or e (kept, and this call ends
// it); rpn: space-separated tokens pN (parameter N, from 0), cV
// (constant), fOFF/W (the struct's W-byte field at OFF), and operators.  The pass
// compiles this into the binary spec the runtime evaluates
// (llvm-pass/WindowSpecEncoder.cpp); the runtime reads no text.
//
//===----------------------------------------------------------------------===//

#include "CubicleNames.h"
#include "WindowAttrs.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/DiagnosticSema.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;
using llvm::isAlnum;
using llvm::isAlpha;
using llvm::isDigit;
using llvm::isSpace;

namespace cubicle {

namespace {

constexpr const char *kWindowPrefix = "cubicle.window:";
// A result annotation on a function pointer's declaration (a typedef, a
// field, a parameter): the result window of every function registered as
// that type (CallbackWindows.cpp).
constexpr const char *kCallbackResultPrefix = "cubicle.callback_result:";

// Stores the attribute on the parameter as an annotation carrying the kind
// and the expression text, for WindowSpecs to resolve later.
ParsedAttrInfo::AttrHandling annotate(Sema &S, Decl *D, const ParsedAttr &A,
                                      StringRef Kind, StringRef Text) {
  std::string Ann = (kWindowPrefix + Kind + ":" + Text).str();
  D->addAttr(AnnotateAttr::Create(S.Context, Ann, nullptr, 0, A.getRange()));
  return ParsedAttrInfo::AttributeApplied;
}

bool stringArg(Sema &S, const ParsedAttr &A, StringRef &Out) {
  auto *Lit = A.getNumArgs() == 1
                  ? dyn_cast<StringLiteral>(A.getArgAsExpr(0)->IgnoreParenCasts())
                  : nullptr;
  if (!Lit) {
    S.Diag(A.getLoc(), S.getDiagnostics().getCustomDiagID(
                           DiagnosticsEngine::Error,
                           "'%0' takes the size expression as a string; use "
                           "the CUBICLE_WINDOW(size) macro"))
        << A.getAttrName()->getName();
    return false;
  }
  Out = Lit->getString();
  return true;
}

void wrongDecl(Sema &S, const ParsedAttr &A, const char *What) {
  S.Diag(A.getLoc(), S.getDiagnostics().getCustomDiagID(
                         DiagnosticsEngine::Warning,
                         "'%0' attribute only applies to %1; ignored"))
      << A.getAttrName()->getName() << What;
}

// T is a pointer (to characters, if CharOnly); else an error at the
// attribute naming Name, a parameter or (Result) a function.
bool pointerType(Sema &S, const ParsedAttr &A, QualType T, StringRef Name,
                 bool CharOnly, bool Result, bool Field = false) {
  bool Ok = T->isPointerType();
  if (Ok && CharOnly)
    Ok = T->getPointeeType()->isAnyCharacterType();
  if (Ok)
    return true;
  DiagnosticsEngine &D = S.getDiagnostics();
  S.Diag(A.getLoc(),
         Result ? D.getCustomDiagID(DiagnosticsEngine::Error,
                                    "%0 on function '%1' returning %2: a "
                                    "result window needs a function "
                                    "returning a %3")
                : D.getCustomDiagID(DiagnosticsEngine::Error,
                                    "%0 on %4 '%1' of type %2: a "
                                    "window needs a %3"))
      << ("'" + A.getAttrName()->getName() + "'").str() << Name << T
      << (CharOnly ? "pointer to characters" : "pointer")
      << (Field ? "field" : "parameter");
  return false;
}

// On a parameter or (unless ParamOnly) a struct field.
bool onPointerParam(Sema &S, const ParsedAttr &A, const Decl *D,
                    bool CharOnly, bool ParamOnly) {
  auto *P = dyn_cast<ValueDecl>(D);
  if (!P || !(isa<ParmVarDecl>(D) || (!ParamOnly && isa<FieldDecl>(D)))) {
    wrongDecl(S, A, ParamOnly ? "parameters" : "parameters and struct fields");
    return false;
  }
  if (isa<FieldDecl>(D) && cast<FieldDecl>(D)->isBitField()) {
    wrongDecl(S, A, "fields that are not bit-fields");
    return false;
  }
  return pointerType(S, A, P->getType(), P->getName(), CharOnly, false,
                     isa<FieldDecl>(D));
}

// On a function declaration returning a pointer (to characters, for the C
// string kind).
// The function type a typedef, field, parameter or variable of pointer to
// function type points at.
const FunctionProtoType *pointedFunction(const Decl *D) {
  QualType T;
  if (auto *TD = dyn_cast<TypedefNameDecl>(D))
    T = TD->getUnderlyingType();
  else if (isa<FieldDecl, VarDecl>(D))
    T = cast<ValueDecl>(D)->getType();
  else
    return nullptr;
  if (!T->isFunctionPointerType())
    return nullptr;
  return T->getPointeeType()->getAs<FunctionProtoType>();
}

bool onPointerResult(Sema &S, const ParsedAttr &A, const Decl *D,
                     bool CharOnly) {
  if (auto *F = dyn_cast<FunctionDecl>(D))
    return pointerType(S, A, F->getReturnType(), F->getName(), CharOnly, true);
  if (const FunctionProtoType *P = pointedFunction(D))
    return pointerType(S, A, P->getReturnType(), cast<NamedDecl>(D)->getName(),
                       CharOnly, true);
  wrongDecl(S, A, "functions and function pointer types");
  return false;
}

// An attribute lowered to a window annotation of kind Kind: on a pointer
// parameter or (Result) on a function returning a pointer, to characters
// if CharOnly; Sized ones carry their size expression as a string.
// A read-write window on a const pointer is read-only.
std::string kindFor(StringRef Kind, QualType T) {
  std::string K = Kind.str();
  if (K[0] == 'w' && T->getPointeeType().isConstQualified())
    K[0] = 'r';
  return K;
}

struct WindowKindAttr : ParsedAttrInfo {
  WindowKindAttr(ArrayRef<Spelling> S, const char *Kind, bool Sized,
                 bool Result, bool CharOnly, bool ParamOnly = false)
      : Kind(Kind), Sized(Sized), Result(Result), CharOnly(CharOnly),
        ParamOnly(ParamOnly) {
    NumArgs = Sized;
    Spellings = S;
  }
  const char *Kind;
  bool Sized, Result, CharOnly, ParamOnly;

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    return Result ? onPointerResult(S, A, D, CharOnly)
                  : onPointerParam(S, A, D, CharOnly, ParamOnly);
  }
  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    StringRef Text;
    if (Sized && !stringArg(S, A, Text))
      return AttributeNotApplied;
    if (Result && !isa<FunctionDecl>(D)) {
      std::string Ann = (kCallbackResultPrefix + StringRef(Kind) + ":" + Text).str();
      D->addAttr(AnnotateAttr::Create(S.Context, Ann, nullptr, 0, A.getRange()));
      return AttributeApplied;
    }
    if (Result)
      return annotate(S, D, A, Kind, Text);
    return annotate(S, D, A, kindFor(Kind, cast<ValueDecl>(D)->getType()),
                    Text);
  }
};

// A port's field annotation on a struct this translation unit has only
// declared so far (SQLite's amalgamation defines sqlite3_vfs after the
// force-included port): applied when the definition completes
// (applyPendingFields), an error if it never does.
struct PendingField {
  const RecordDecl *Record; // canonical declaration
  QualType Type;            // as the port wrote it, for messages
  std::string Field, AttrName;
  SourceLocation Loc;
  bool Callback;
  // A window: its kind and size text.  A callback: its typedef.
  std::string Kind, Text;
  bool CharOnly;
  const TypedefNameDecl *CallbackType;
};
std::vector<PendingField> &pendingFields() {
  static std::vector<PendingField> P;
  return P;
}

// The struct a port's field annotation (What) names through typedef type
// T: defined by now (returned), only declared (nullptr, Deferred set: the
// caller queues the annotation), or an error at the attribute.
const RecordDecl *portStruct(Sema &S, const ParsedAttr &A, QualType T,
                             const char *What, bool &Deferred) {
  Deferred = false;
  const RecordDecl *RD = T->getAsRecordDecl();
  if (RD && RD->getDefinition())
    return RD->getDefinition();
  if (RD) {
    Deferred = true;
    return nullptr;
  }
  S.Diag(A.getLoc(), S.getDiagnostics().getCustomDiagID(
                         DiagnosticsEngine::Error,
                         "%0 on %1, which is not a struct or union type"))
      << What << T;
  return nullptr;
}

// The field window of P on its struct RD: the annotation lands on the field
// as if written there.  False after an error at P.Loc.
bool applyFieldWindow(const RecordDecl &RD, const PendingField &P,
                      ASTContext &Ctx, DiagnosticsEngine &D) {
  for (FieldDecl *F : RD.fields()) {
    if (F->getName() != P.Field)
      continue;
    QualType FT = F->getType();
    bool Ok = !F->isBitField() && FT->isPointerType() &&
              (!P.CharOnly || FT->getPointeeType()->isAnyCharacterType());
    if (!Ok) {
      D.Report(P.Loc, D.getCustomDiagID(DiagnosticsEngine::Error,
                                        "%0 on field '%1' of type %2: a "
                                        "window needs a %3"))
          << ("'" + P.AttrName + "'") << P.Field << FT
          << (P.CharOnly ? "pointer to characters" : "pointer");
      return false;
    }
    std::string Ann =
        (kWindowPrefix + kindFor(P.Kind, FT) + ":" + P.Text);
    F->addAttr(AnnotateAttr::Create(Ctx, Ann, nullptr, 0, SourceRange(P.Loc)));
    return true;
  }
  D.Report(P.Loc, D.getCustomDiagID(DiagnosticsEngine::Error,
                                    "no field '%0' in %1"))
      << P.Field << P.Type;
  return false;
}

// The field callback of P: the field is given the callback typedef as the
// type it is written with.
bool applyFieldCallback(const RecordDecl &RD, const PendingField &P,
                        ASTContext &Ctx, DiagnosticsEngine &D) {
  const TypedefNameDecl *TD = P.CallbackType;
  for (FieldDecl *F : RD.fields()) {
    if (F->getName() != P.Field)
      continue;
    if (!F->getType()->isFunctionPointerType() ||
        !Ctx.hasSameType(F->getType(), TD->getUnderlyingType())) {
      D.Report(P.Loc, D.getCustomDiagID(
                          DiagnosticsEngine::Error,
                          "field '%0' of %1 has type %2, not the type "
                          "of callback type '%3' (%4)"))
          << P.Field << P.Type << F->getType() << TD->getName()
          << TD->getUnderlyingType();
      return false;
    }
    F->setTypeSourceInfo(Ctx.getTrivialTypeSourceInfo(
        Ctx.getTypedefType(TD), P.Loc));
    return true;
  }
  D.Report(P.Loc, D.getCustomDiagID(DiagnosticsEngine::Error,
                                    "no field '%0' in %1"))
      << P.Field << P.Type;
  return false;
}

bool applyField(const RecordDecl &RD, const PendingField &P, ASTContext &Ctx,
                DiagnosticsEngine &D) {
  return P.Callback ? applyFieldCallback(RD, P, Ctx, D)
                    : applyFieldWindow(RD, P, Ctx, D);
}

// cubicle_field_window("field", "size") and friends on a typedef of a
// struct: the field's window, for a port that may not edit the header that
// defines the struct.  It lands on the field as if written there.
struct FieldWindowAttr : ParsedAttrInfo {
  FieldWindowAttr(ArrayRef<Spelling> S, const char *Kind, bool Sized,
                  bool CharOnly)
      : Kind(Kind), Sized(Sized), CharOnly(CharOnly) {
    NumArgs = 1 + Sized;
    Spellings = S;
  }
  const char *Kind;
  bool Sized, CharOnly;

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    if (isa<TypedefNameDecl>(D))
      return true;
    wrongDecl(S, A, "typedefs (use the CUBICLE_FIELD_WINDOW macros)");
    return false;
  }
  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    auto Str = [&](unsigned I) -> std::optional<StringRef> {
      auto *L = dyn_cast<StringLiteral>(A.getArgAsExpr(I)->IgnoreParenCasts());
      if (L)
        return L->getString();
      return std::nullopt;
    };
    DiagnosticsEngine &Diag = S.getDiagnostics();
    std::optional<StringRef> Field = Str(0), Text = Sized ? Str(1) : "";
    if (!Field || !Text) {
      S.Diag(A.getLoc(), Diag.getCustomDiagID(
                             DiagnosticsEngine::Error,
                             "'%0' takes the field name and size expression "
                             "as strings; use the CUBICLE_FIELD_WINDOW "
                             "macros"))
          << A.getAttrName()->getName();
      return AttributeNotApplied;
    }
    QualType T = cast<TypedefNameDecl>(D)->getUnderlyingType();
    PendingField P{nullptr, T, Field->str(), A.getAttrName()->getName().str(),
                   A.getLoc(), /*Callback=*/false, Kind, Text->str(),
                   CharOnly, nullptr};
    bool Deferred;
    const RecordDecl *RD = portStruct(S, A, T, "field window", Deferred);
    if (Deferred) {
      P.Record = cast<RecordDecl>(T->getAsRecordDecl()->getCanonicalDecl());
      pendingFields().push_back(std::move(P));
      return AttributeApplied;
    }
    if (!RD)
      return AttributeNotApplied;
    return applyField(*RD, P, S.Context, Diag) ? AttributeApplied
                                               : AttributeNotApplied;
  }
};

// cubicle_field_callback("field", "callback_type") on a typedef of a
// struct: the function pointer in that field is called as callback_type, a
// typedef of the same type that carries window annotations, for a port that
// may not edit the header defining the struct (expat's
// XML_Memory_Handling_Suite).  The field is given that typedef as the type
// it is written with, so every function stored in it takes those windows
// (CallbackWindows.cpp) as if the header had used the typedef.
struct FieldCallbackAttr : ParsedAttrInfo {
  FieldCallbackAttr() {
    static constexpr Spelling S[] = {
        {ParsedAttr::AS_GNU, "cubicle_field_callback"},
        {ParsedAttr::AS_C23, "cubicle::field_callback"}};
    Spellings = S;
    NumArgs = 2;
  }
  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    if (isa<TypedefNameDecl>(D))
      return true;
    wrongDecl(S, A, "typedefs (use the CUBICLE_FIELD_CALLBACK macro)");
    return false;
  }
  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    DiagnosticsEngine &Diag = S.getDiagnostics();
    auto Str = [&](unsigned I) -> std::optional<StringRef> {
      if (auto *L =
              dyn_cast<StringLiteral>(A.getArgAsExpr(I)->IgnoreParenCasts()))
        return L->getString();
      return std::nullopt;
    };
    std::optional<StringRef> Field = Str(0), Type = Str(1);
    auto Fail = [&](const char *Msg) {
      return S.Diag(A.getLoc(),
                    Diag.getCustomDiagID(DiagnosticsEngine::Error, "%0"))
             << Msg;
    };
    if (!Field || !Type) {
      Fail("'cubicle_field_callback' takes the field name and the callback "
           "type's name as strings; use the CUBICLE_FIELD_CALLBACK macro");
      return AttributeNotApplied;
    }
    QualType T = cast<TypedefNameDecl>(D)->getUnderlyingType();
    NamedDecl *ND = S.LookupSingleName(S.TUScope, &S.Context.Idents.get(*Type),
                                       A.getLoc(), Sema::LookupOrdinaryName);
    auto *TD = dyn_cast_or_null<TypedefNameDecl>(ND);
    if (!TD) {
      S.Diag(A.getLoc(), Diag.getCustomDiagID(
                             DiagnosticsEngine::Error,
                             "no typedef '%0' declared before this field "
                             "callback"))
          << *Type;
      return AttributeNotApplied;
    }
    PendingField P{nullptr, T, Field->str(), A.getAttrName()->getName().str(),
                   A.getLoc(), /*Callback=*/true, "", "", false, TD};
    bool Deferred;
    const RecordDecl *RD = portStruct(S, A, T, "field callback", Deferred);
    if (Deferred) {
      P.Record = cast<RecordDecl>(T->getAsRecordDecl()->getCanonicalDecl());
      pendingFields().push_back(std::move(P));
      return AttributeApplied;
    }
    if (!RD)
      return AttributeNotApplied;
    return applyField(*RD, P, S.Context, Diag) ? AttributeApplied
                                               : AttributeNotApplied;
  }
};

struct SharedAttr : ParsedAttrInfo {
  SharedAttr() {
    static constexpr Spelling S[] = {{ParsedAttr::AS_GNU, "cubicle_shared"},
                                     {ParsedAttr::AS_C23, "cubicle::shared"}};
    Spellings = S;
  }
  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    auto *V = dyn_cast<VarDecl>(D);
    if (!V || !V->hasGlobalStorage() || V->getTLSKind()) {
      wrongDecl(S, A, "global variables");
      return false;
    }
    return true;
  }
  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    D->addAttr(AnnotateAttr::Create(S.Context, cubicle::kSharedAnnotation, nullptr, 0,
                                    A.getRange()));
    return AttributeApplied;
  }
};

constexpr ParsedAttrInfo::Spelling kWindowRw[] = {
    {ParsedAttr::AS_GNU, "cubicle_window"},
    {ParsedAttr::AS_C23, "cubicle::window"}};
constexpr ParsedAttrInfo::Spelling kWindowIn[] = {
    {ParsedAttr::AS_GNU, "cubicle_window_in"},
    {ParsedAttr::AS_C23, "cubicle::window_in"}};
constexpr ParsedAttrInfo::Spelling kWindowCstr[] = {
    {ParsedAttr::AS_GNU, "cubicle_window_cstr"},
    {ParsedAttr::AS_C23, "cubicle::window_cstr"}};
constexpr ParsedAttrInfo::Spelling kWindowKept[] = {
    {ParsedAttr::AS_GNU, "cubicle_window_kept"},
    {ParsedAttr::AS_C23, "cubicle::window_kept"}};
constexpr ParsedAttrInfo::Spelling kWindowEnd[] = {
    {ParsedAttr::AS_GNU, "cubicle_window_end"},
    {ParsedAttr::AS_C23, "cubicle::window_end"}};
constexpr ParsedAttrInfo::Spelling kFieldWindow[] = {
    {ParsedAttr::AS_GNU, "cubicle_field_window"},
    {ParsedAttr::AS_C23, "cubicle::field_window"}};
constexpr ParsedAttrInfo::Spelling kFieldWindowIn[] = {
    {ParsedAttr::AS_GNU, "cubicle_field_window_in"},
    {ParsedAttr::AS_C23, "cubicle::field_window_in"}};
constexpr ParsedAttrInfo::Spelling kFieldWindowCstr[] = {
    {ParsedAttr::AS_GNU, "cubicle_field_window_cstr"},
    {ParsedAttr::AS_C23, "cubicle::field_window_cstr"}};
constexpr ParsedAttrInfo::Spelling kWindowStrv[] = {
    {ParsedAttr::AS_GNU, "cubicle_window_strv"},
    {ParsedAttr::AS_C23, "cubicle::window_strv"}};
constexpr ParsedAttrInfo::Spelling kWindowFormat[] = {
    {ParsedAttr::AS_GNU, "cubicle_window_format"},
    {ParsedAttr::AS_C23, "cubicle::window_format"}};
constexpr ParsedAttrInfo::Spelling kWindowFormatSqlite[] = {
    {ParsedAttr::AS_GNU, "cubicle_window_format_sqlite"},
    {ParsedAttr::AS_C23, "cubicle::window_format_sqlite"}};
constexpr ParsedAttrInfo::Spelling kWindowVformat[] = {
    {ParsedAttr::AS_GNU, "cubicle_window_vformat"},
    {ParsedAttr::AS_C23, "cubicle::window_vformat"}};
constexpr ParsedAttrInfo::Spelling kWindowVformatSqlite[] = {
    {ParsedAttr::AS_GNU, "cubicle_window_vformat_sqlite"},
    {ParsedAttr::AS_C23, "cubicle::window_vformat_sqlite"}};
constexpr ParsedAttrInfo::Spelling kWindowStrvN[] = {
    {ParsedAttr::AS_GNU, "cubicle_window_strv_n"},
    {ParsedAttr::AS_C23, "cubicle::window_strv_n"}};
constexpr ParsedAttrInfo::Spelling kResultSizedBy[] = {
    {ParsedAttr::AS_GNU, "cubicle_result_sized_by"},
    {ParsedAttr::AS_C23, "cubicle::result_sized_by"}};
constexpr ParsedAttrInfo::Spelling kOutOwnedCstr[] = {
    {ParsedAttr::AS_GNU, "cubicle_out_owned_cstr"},
    {ParsedAttr::AS_C23, "cubicle::out_owned_cstr"}};
constexpr ParsedAttrInfo::Spelling kNoWindow[] = {
    {ParsedAttr::AS_GNU, "cubicle_no_window"},
    {ParsedAttr::AS_C23, "cubicle::no_window"}};
constexpr ParsedAttrInfo::Spelling kResultAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_result"},
    {ParsedAttr::AS_C23, "cubicle::result"}};
constexpr ParsedAttrInfo::Spelling kResultCstrAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_result_cstr"},
    {ParsedAttr::AS_C23, "cubicle::result_cstr"}};
constexpr ParsedAttrInfo::Spelling kResultOwnedAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_result_owned"},
    {ParsedAttr::AS_C23, "cubicle::result_owned"}};
constexpr ParsedAttrInfo::Spelling kResultOwnedCstrAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_result_owned_cstr"},
    {ParsedAttr::AS_C23, "cubicle::result_owned_cstr"}};
constexpr ParsedAttrInfo::Spelling kReleasedAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_released"},
    {ParsedAttr::AS_C23, "cubicle::released"}};
constexpr ParsedAttrInfo::Spelling kResultWritableAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_result_writable"},
    {ParsedAttr::AS_C23, "cubicle::result_writable"}};
constexpr ParsedAttrInfo::Spelling kResultArrayAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_result_array"},
    {ParsedAttr::AS_C23, "cubicle::result_array"}};
constexpr ParsedAttrInfo::Spelling kHandleAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_handle"},
    {ParsedAttr::AS_C23, "cubicle::handle"}};
constexpr ParsedAttrInfo::Spelling kHandleEndAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_handle_end"},
    {ParsedAttr::AS_C23, "cubicle::handle_end"}};
constexpr ParsedAttrInfo::Spelling kUserDataAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_user_data"},
    {ParsedAttr::AS_C23, "cubicle::user_data"}};
constexpr ParsedAttrInfo::Spelling kGivenAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_window_given"},
    {ParsedAttr::AS_C23, "cubicle::window_given"}};
constexpr ParsedAttrInfo::Spelling kIntoAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_window_into"},
    {ParsedAttr::AS_C23, "cubicle::window_into"}};
constexpr ParsedAttrInfo::Spelling kDropsKeptAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_drops_kept"},
    {ParsedAttr::AS_C23, "cubicle::drops_kept"}};
constexpr ParsedAttrInfo::Spelling kResultHandleAttr[] = {
    {ParsedAttr::AS_GNU, "cubicle_result_handle"},
    {ParsedAttr::AS_C23, "cubicle::result_handle"}};
// The registry constructs each by default: one type per spelling.
struct WindowRw : WindowKindAttr {
  WindowRw() : WindowKindAttr(kWindowRw, "w", true, false, false) {}
};
struct WindowIn : WindowKindAttr {
  WindowIn() : WindowKindAttr(kWindowIn, "r", true, false, false) {}
};
struct CstrAttr : WindowKindAttr {
  CstrAttr() : WindowKindAttr(kWindowCstr, "s", false, false, true) {}
};
struct WindowKept : WindowKindAttr {
  WindowKept() : WindowKindAttr(kWindowKept, "wk", true, false, false, true) {}
};
struct WindowEnd : WindowKindAttr {
  WindowEnd() : WindowKindAttr(kWindowEnd, "we", true, false, false, true) {}
};
struct FieldWindowRw : FieldWindowAttr {
  FieldWindowRw() : FieldWindowAttr(kFieldWindow, "w", true, false) {}
};
struct FieldWindowIn : FieldWindowAttr {
  FieldWindowIn() : FieldWindowAttr(kFieldWindowIn, "r", true, false) {}
};
struct FieldWindowCstr : FieldWindowAttr {
  FieldWindowCstr() : FieldWindowAttr(kFieldWindowCstr, "s", false, true) {}
};
struct WindowStrv : WindowKindAttr {
  WindowStrv() : WindowKindAttr(kWindowStrv, "v", false, false, false) {}
  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    if (!WindowKindAttr::diagAppertainsToDecl(S, A, D))
      return false;
    QualType T = cast<ValueDecl>(D)->getType()->getPointeeType();
    if (T->isPointerType() && T->getPointeeType()->isAnyCharacterType())
      return true;
    S.Diag(A.getLoc(), S.getDiagnostics().getCustomDiagID(
                           DiagnosticsEngine::Error,
                           "'%0' on %1 of type %2: a string array window "
                           "needs a pointer to pointers to characters"))
        << A.getAttrName()->getName()
        << cast<NamedDecl>(D)->getName() << cast<ValueDecl>(D)->getType();
    return false;
  }
};
struct WindowFormat : WindowKindAttr {
  WindowFormat()
      : WindowKindAttr(kWindowFormat, "F", false, false, true, true) {}
};
struct WindowFormatSqlite : WindowKindAttr {
  WindowFormatSqlite()
      : WindowKindAttr(kWindowFormatSqlite, "Fq", false, false, true, true) {}
};
struct WindowVformat : WindowKindAttr {
  WindowVformat()
      : WindowKindAttr(kWindowVformat, "V", false, false, true, true) {}
};
struct WindowVformatSqlite : WindowKindAttr {
  WindowVformatSqlite()
      : WindowKindAttr(kWindowVformatSqlite, "Vq", false, false, true, true) {}
};
// cubicle_window_strv_n("n"): exactly n strings, any of them NULL.
struct WindowStrvN : WindowStrv {
  WindowStrvN() {
    Spellings = kWindowStrvN;
    Sized = true;
    NumArgs = 1;
  }
};
// cubicle_out_owned_cstr on a char ** parameter: the string the callee
// stores through it is handed over (sqlite3_exec's errmsg).
struct OutOwnedCstrAttr : WindowKindAttr {
  OutOwnedCstrAttr()
      : WindowKindAttr(kOutOwnedCstr, "O", false, false, false, true) {}
  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    if (!WindowKindAttr::diagAppertainsToDecl(S, A, D))
      return false;
    QualType T = cast<ValueDecl>(D)->getType()->getPointeeType();
    if (T->isPointerType() && T->getPointeeType()->isAnyCharacterType() &&
        !T.isConstQualified())
      return true;
    S.Diag(A.getLoc(), S.getDiagnostics().getCustomDiagID(
                           DiagnosticsEngine::Error,
                           "'%0' on %1 of type %2: an owned string "
                           "out-parameter needs a pointer to a writable "
                           "pointer to characters"))
        << A.getAttrName()->getName() << cast<NamedDecl>(D)->getName()
        << cast<ValueDecl>(D)->getType();
    return false;
  }
};
// cubicle_result_sized_by("fn"): the result's size is what fn, called with
// the same arguments in the callee's cubicle, returns once the call is
// done (sqlite3_column_blob's size is sqlite3_column_bytes).  Lowered to
// the result kind "r" with the size token "n" and the function's name.
struct ResultSizedByAttr : ParsedAttrInfo {
  ResultSizedByAttr() {
    Spellings = kResultSizedBy;
    NumArgs = 1;
  }
  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    if (!isa<FunctionDecl>(D)) {
      wrongDecl(S, A, "functions");
      return false;
    }
    return onPointerResult(S, A, D, false);
  }
  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    StringRef Name;
    if (!stringArg(S, A, Name))
      return AttributeNotApplied;
    return annotate(S, D, A, "r@" + Name.str(), "n");
  }
};
struct NoWindowAttr : WindowKindAttr {
  NoWindowAttr() : WindowKindAttr(kNoWindow, "n", false, false, false) {}
};
struct ResultAttr : WindowKindAttr {
  ResultAttr() : WindowKindAttr(kResultAttr, "r", true, true, false) {}
};
struct ResultCstrAttr : WindowKindAttr {
  ResultCstrAttr() : WindowKindAttr(kResultCstrAttr, "s", false, true, true) {}
};
struct ResultOwnedAttr : WindowKindAttr {
  ResultOwnedAttr() : WindowKindAttr(kResultOwnedAttr, "o", true, true, false) {}
};
struct ResultOwnedCstrAttr : WindowKindAttr {
  ResultOwnedCstrAttr()
      : WindowKindAttr(kResultOwnedCstrAttr, "z", false, true, true) {}
};
struct ReleasedAttr : WindowKindAttr {
  ReleasedAttr()
      : WindowKindAttr(kReleasedAttr, "x", false, false, false, true) {}
};
struct ResultWritableAttr : WindowKindAttr {
  ResultWritableAttr()
      : WindowKindAttr(kResultWritableAttr, "w", true, true, false) {}
};
struct ResultArrayAttr : WindowKindAttr {
  ResultArrayAttr()
      : WindowKindAttr(kResultArrayAttr, "a", true, true, false) {}
};
struct HandleAttr : WindowKindAttr {
  HandleAttr() : WindowKindAttr(kHandleAttr, "h", true, false, false, true) {}
};
struct HandleEndAttr : WindowKindAttr {
  HandleEndAttr()
      : WindowKindAttr(kHandleEndAttr, "he", true, false, false, true) {}
};
struct UserDataAttr : WindowKindAttr {
  UserDataAttr()
      : WindowKindAttr(kUserDataAttr, "u", false, false, false, true) {}
};
struct GivenAttr : WindowKindAttr {
  GivenAttr() : WindowKindAttr(kGivenAttr, "g", false, false, false, true) {}
};
struct IntoAttr : WindowKindAttr {
  IntoAttr() : WindowKindAttr(kIntoAttr, "i", true, false, false, true) {}
  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    if (!WindowKindAttr::diagAppertainsToDecl(S, A, D))
      return false;
    if (cast<ValueDecl>(D)->getType()->getPointeeType()->isPointerType())
      return true;
    S.Diag(A.getLoc(), S.getDiagnostics().getCustomDiagID(
                           DiagnosticsEngine::Error,
                           "'%0' on %1 of type %2: a pointer into a window "
                           "needs a pointer to a pointer"))
        << A.getAttrName()->getName() << cast<NamedDecl>(D)->getName()
        << cast<ValueDecl>(D)->getType();
    return false;
  }
};
struct DropsKeptAttr : WindowKindAttr {
  DropsKeptAttr()
      : WindowKindAttr(kDropsKeptAttr, "d", false, false, false, true) {}
};
// cubicle_window_kept_by("size", "handle"): a kept window that lives with
// the handle in parameter "handle" until a call annotated
// cubicle_drops_kept on it.  Lowered to kind "wt=handle" (or "rt=" for a
// const pointer), resolved to the parameter's index with the rest.
struct KeptByAttr : ParsedAttrInfo {
  KeptByAttr() {
    static constexpr Spelling S[] = {
        {ParsedAttr::AS_GNU, "cubicle_window_kept_by"},
        {ParsedAttr::AS_C23, "cubicle::window_kept_by"}};
    Spellings = S;
    NumArgs = 2;
    OptArgs = 1; // the slot: CUBICLE_WINDOW_KEPT_BY_SLOT
  }
  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    return onPointerParam(S, A, D, false, true);
  }
  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    auto Str = [&](unsigned I) -> std::optional<StringRef> {
      if (auto *L =
              dyn_cast<StringLiteral>(A.getArgAsExpr(I)->IgnoreParenCasts()))
        return L->getString();
      return std::nullopt;
    };
    std::optional<StringRef> Size = Str(0), Handle = Str(1);
    std::optional<StringRef> SlotP =
        A.getNumArgs() > 2 ? Str(2) : std::optional<StringRef>("");
    if (!Size || !Handle || !SlotP) {
      S.Diag(A.getLoc(), S.getDiagnostics().getCustomDiagID(
                             DiagnosticsEngine::Error,
                             "'cubicle_window_kept_by' takes the size "
                             "expression and the handle parameter as "
                             "strings; use the CUBICLE_WINDOW_KEPT_BY macro"));
      return AttributeNotApplied;
    }
    std::string Kind =
        kindFor("w", cast<ValueDecl>(D)->getType()) + "t=" + Handle->str() +
        (SlotP->empty() ? "" : "," + SlotP->str());
    return annotate(S, D, A, Kind, *Size);
  }
};
struct ResultHandleAttr : WindowKindAttr {
  ResultHandleAttr()
      : WindowKindAttr(kResultHandleAttr, "h", true, true, false) {}
};

//===-- Size expressions ----------------------------------------------------===//

// Parses a size expression whose names are the parameters of F or, for a
// field's window (R set), the integer fields of struct R.
class ExprParser {
public:
  ExprParser(ASTContext &Ctx, ArrayRef<ParmVarDecl *> Params,
             StringRef FnName, StringRef Text, const RecordDecl *R = nullptr)
      : Ctx(Ctx), Params(Params), FnName(FnName.str()), R(R), Text(Text) {}

  // RPN on success; on failure an empty string and Error set.
  std::string parse() {
    next();
    std::string R = expr(0);
    if (Error.empty() && Tok.Kind != TokKind::End)
      fail("unexpected '" + Tok.Text + "'");
    return Error.empty() ? R : "";
  }
  std::string Error;

private:
  enum class TokKind { End, Ident, Number, Op, LParen, RParen, Bad };
  struct Token {
    TokKind Kind = TokKind::End;
    std::string Text;
  };
  ASTContext &Ctx;
  ArrayRef<ParmVarDecl *> Params;
  std::string FnName;
  const RecordDecl *R;
  StringRef Text;
  size_t Pos = 0;
  Token Tok;

  void fail(const std::string &Msg) {
    if (Error.empty())
      Error = Msg;
  }

  void next() {
    while (Pos < Text.size() && isSpace(Text[Pos]))
      ++Pos;
    Tok = Token();
    if (Pos >= Text.size())
      return;
    char C = Text[Pos];
    size_t Start = Pos;
    if (isAlpha(C) || C == '_') {
      while (Pos < Text.size() && (isAlnum(Text[Pos]) || Text[Pos] == '_'))
        ++Pos;
      Tok = {TokKind::Ident, Text.slice(Start, Pos).str()};
    } else if (isDigit(C)) {
      while (Pos < Text.size() && (isAlnum(Text[Pos])))
        ++Pos;
      Tok = {TokKind::Number, Text.slice(Start, Pos).str()};
    } else if (C == '(' || C == ')') {
      ++Pos;
      Tok = {C == '(' ? TokKind::LParen : TokKind::RParen, std::string(1, C)};
    } else if (Text.substr(Pos).starts_with("<<") ||
               Text.substr(Pos).starts_with(">>")) {
      Pos += 2;
      Tok = {TokKind::Op, Text.slice(Start, Pos).str()};
    } else if (StringRef("+-*/%").contains(C)) {
      ++Pos;
      Tok = {TokKind::Op, std::string(1, C)};
    } else {
      ++Pos;
      Tok = {TokKind::Bad, std::string(1, C)};
    }
  }

  static int precedence(const std::string &Op) {
    if (Op == "*" || Op == "/" || Op == "%")
      return 3;
    if (Op == "+" || Op == "-")
      return 2;
    if (Op == "<<" || Op == ">>")
      return 1;
    return -1;
  }

  std::string expr(int MinPrec) {
    std::string L = primary();
    while (Error.empty() && Tok.Kind == TokKind::Op &&
           precedence(Tok.Text) > MinPrec) {
      std::string Op = Tok.Text;
      next();
      std::string R = expr(precedence(Op));
      L += " " + R + " " + Op;
    }
    return L;
  }

  std::string primary() {
    if (Tok.Kind == TokKind::LParen) {
      next();
      std::string E = expr(0);
      if (Tok.Kind != TokKind::RParen)
        fail("missing ')'");
      next();
      return E;
    }
    if (Tok.Kind == TokKind::Number) {
      uint64_t V;
      StringRef Num(Tok.Text);
      Num = Num.rtrim("uUlL");
      if (Num.getAsInteger(0, V)) {
        fail("bad number '" + Tok.Text + "'");
        return "";
      }
      next();
      return "c" + std::to_string(V);
    }
    if (Tok.Kind == TokKind::Ident && Tok.Text == "sizeof")
      return sizeOf();
    if (Tok.Kind == TokKind::Ident && Tok.Text == "len_or_cstr" && !R)
      return lenOrCstr();
    if (Tok.Kind == TokKind::Op && Tok.Text == "*" && !R)
      return deref();
    if (Tok.Kind == TokKind::Ident && R)
      return field();
    if (Tok.Kind == TokKind::Ident) {
      for (unsigned I = 0; I < Params.size(); ++I)
        if (Params[I]->getName() == Tok.Text) {
          if (!Params[I]->getType()->isIntegerType()) {
            fail("'" + Tok.Text + "' is not an integer parameter");
            return "";
          }
          next();
          return "p" + std::to_string(I);
        }
      fail("'" + Tok.Text + "' names no parameter of '" + FnName + "'");
      return "";
    }
    fail(Tok.Kind == TokKind::End ? "empty expression"
                                  : "unexpected '" + Tok.Text + "'");
    return "";
  }

  // *p: the integer a pointer parameter points at, read at the call (a
  // size passed by pointer, such as compress's *destLen).
  std::string deref() {
    next();
    if (Tok.Kind != TokKind::Ident) {
      fail("'*' needs a pointer parameter");
      return "";
    }
    for (unsigned I = 0; I < Params.size(); ++I) {
      const ParmVarDecl *P = Params[I];
      if (P->getName() != Tok.Text)
        continue;
      QualType T = P->getType();
      uint64_t Width =
          T->isPointerType() && T->getPointeeType()->isIntegerType()
              ? Ctx.getTypeSizeInChars(T->getPointeeType()).getQuantity()
              : 0;
      if (Width != 1 && Width != 2 && Width != 4 && Width != 8) {
        fail("'" + Tok.Text + "' is not a pointer to an integer");
        return "";
      }
      next();
      return "p" + std::to_string(I) + " d" + std::to_string(Width);
    }
    fail("'" + Tok.Text + "' names no parameter of '" + FnName + "'");
    return "";
  }

  // len_or_cstr(n): n bytes, or, if the signed integer parameter n is
  // negative, the NUL-terminated string with its NUL (SQLite's n < 0).
  std::string lenOrCstr() {
    next();
    if (Tok.Kind != TokKind::LParen) {
      fail("len_or_cstr needs a parenthesised parameter");
      return "";
    }
    next();
    for (unsigned I = 0; Tok.Kind == TokKind::Ident && I < Params.size(); ++I) {
      const ParmVarDecl *P = Params[I];
      if (P->getName() != Tok.Text)
        continue;
      uint64_t Width = Ctx.getTypeSizeInChars(P->getType()).getQuantity();
      if (!P->getType()->isSignedIntegerType() || (Width != 4 && Width != 8)) {
        fail("'" + Tok.Text + "' is not a signed int or long parameter");
        return "";
      }
      next();
      if (Tok.Kind != TokKind::RParen) {
        fail("len_or_cstr takes one parameter");
        return "";
      }
      next();
      return "p" + std::to_string(I) + " l" + std::to_string(Width);
    }
    fail("len_or_cstr needs a parameter of '" + FnName + "'");
    return "";
  }

  // An integer field of R: its offset and width.
  std::string field() {
    for (const FieldDecl *FD : R->fields()) {
      if (FD->getName() != Tok.Text)
        continue;
      uint64_t Width = Ctx.getTypeSizeInChars(FD->getType()).getQuantity();
      if (!FD->getType()->isIntegerType() || FD->isBitField() ||
          (Width != 1 && Width != 2 && Width != 4 && Width != 8)) {
        fail("'" + Tok.Text + "' is not an integer field");
        return "";
      }
      next();
      return "f" + std::to_string(Ctx.getFieldOffset(FD) / 8) + "/" +
             std::to_string(Width);
    }
    fail("'" + Tok.Text + "' names no field of '" + R->getNameAsString() +
         "'");
    return "";
  }

  // sizeof(type-name): builtin types, struct/union/enum tags, typedefs,
  // and pointers to any of them.
  std::string sizeOf() {
    next();
    if (Tok.Kind != TokKind::LParen) {
      fail("sizeof needs a parenthesised type");
      return "";
    }
    size_t Start = Pos;
    int Depth = 1;
    size_t End = Start;
    while (End < Text.size() && Depth) {
      if (Text[End] == '(')
        ++Depth;
      else if (Text[End] == ')')
        --Depth;
      ++End;
    }
    if (Depth) {
      fail("missing ')' after sizeof");
      return "";
    }
    StringRef Type = Text.slice(Start, End - 1).trim();
    Pos = End;
    next();
    std::optional<uint64_t> Size = typeSize(Type);
    if (!Size) {
      fail("cannot find the type '" + Type.str() + "' for sizeof");
      return "";
    }
    return "c" + std::to_string(*Size);
  }

  std::optional<uint64_t> typeSize(StringRef T) {
    if (T.ends_with("*"))
      return Ctx.getTypeSize(Ctx.VoidPtrTy) / 8;
    SmallVector<StringRef, 4> Words;
    T.split(Words, ' ', -1, false);
    StringRef Last = Words.empty() ? "" : Words.back();
    static const struct {
      const char *Name;
      CanQualType ASTContext::*Ty;
    } Builtins[] = {{"char", &ASTContext::CharTy},
                    {"short", &ASTContext::ShortTy},
                    {"int", &ASTContext::IntTy},
                    {"long", &ASTContext::LongTy},
                    {"float", &ASTContext::FloatTy},
                    {"double", &ASTContext::DoubleTy},
                    {"_Bool", &ASTContext::BoolTy},
                    {"bool", &ASTContext::BoolTy}};
    bool Keyword = false;
    for (StringRef W : Words)
      if (W == "unsigned" || W == "signed")
        Keyword = true;
    if (T.contains("long long"))
      return Ctx.getTypeSize(Ctx.LongLongTy) / 8;
    if (T.contains("long double"))
      return Ctx.getTypeSize(Ctx.LongDoubleTy) / 8;
    for (auto &B : Builtins)
      if (Last == B.Name)
        return Ctx.getTypeSize(Ctx.*B.Ty) / 8;
    if (Keyword)
      return Ctx.getTypeSize(Ctx.IntTy) / 8; // "unsigned" alone
    IdentifierInfo &Id = Ctx.Idents.get(Last);
    for (NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(&Id)) {
      bool Tag = Words.size() == 2 &&
                 (Words[0] == "struct" || Words[0] == "union" ||
                  Words[0] == "enum");
      if (auto *TD = dyn_cast<TagDecl>(D); TD && Tag && TD->getDefinition())
        return Ctx.getTypeSizeInChars(Ctx.getTagDeclType(TD->getDefinition()))
            .getQuantity();
      if (auto *TN = dyn_cast<TypedefNameDecl>(D); TN && !Tag)
        return Ctx.getTypeSizeInChars(TN->getUnderlyingType()).getQuantity();
    }
    return std::nullopt;
  }
};

} // namespace

// The window annotations of parameter I, from every declaration of F: a
// header may annotate the interface that the defining file declares bare.
// Each comes with the declaration it is written on (its parameter names are
// the ones its size expression uses).
// I == kResult: the result annotations, on the functions themselves.
constexpr unsigned kResult = ~0u;

static SmallVector<std::pair<AnnotateAttr *, FunctionDecl *>, 2>
windowAnnotations(FunctionDecl &F, unsigned I) {
  SmallVector<std::pair<AnnotateAttr *, FunctionDecl *>, 2> Out;
  for (FunctionDecl *R : F.redecls()) {
    if (I != kResult && I >= R->getNumParams())
      continue;
    Decl *On = I == kResult ? static_cast<Decl *>(R) : R->getParamDecl(I);
    for (AnnotateAttr *A : On->specific_attrs<AnnotateAttr>()) {
      // Clang copies attributes onto later declarations; the copy's
      // function may name its parameters differently.
      if (!A->getAnnotation().starts_with(kWindowPrefix) || A->isInherited())
        continue;
      bool Seen = false;
      for (auto &[B, _] : Out)
        Seen |= B->getAnnotation() == A->getAnnotation();
      if (!Seen)
        Out.push_back({A, R});
    }
  }
  // In source order, so that a conflict is reported at the later one.
  llvm::sort(Out, [&](const auto &X, const auto &Y) {
    return F.getASTContext().getSourceManager().isBeforeInTranslationUnit(
        X.first->getLocation(), Y.first->getLocation());
  });
  return Out;
}

// The windows of the pointer fields of the struct a window of parameter I
// (of type PT) lends, appended to Spec; false after reporting an error.
static bool fieldWindows(QualType PT, unsigned I, std::string &Spec,
                         DiagnosticsEngine &D) {
  const RecordDecl *RD = PT->getPointeeType()->getAsRecordDecl();
  RD = RD ? RD->getDefinition() : nullptr;
  if (!RD)
    return true;
  ASTContext &Ctx = RD->getASTContext();
  bool Ok = true;
  for (const FieldDecl *FD : RD->fields()) {
    const AnnotateAttr *First = nullptr;
    bool Conflict = false;
    for (const AnnotateAttr *A : FD->specific_attrs<AnnotateAttr>()) {
      if (!A->getAnnotation().starts_with(kWindowPrefix))
        continue;
      if (First && First->getAnnotation() != A->getAnnotation()) {
        static llvm::DenseSet<const FieldDecl *> Told;
        if (Told.insert(FD).second) {
          D.Report(A->getLocation(),
                   D.getCustomDiagID(DiagnosticsEngine::Error,
                                     "conflicting window annotations on "
                                     "field '%0' of '%1'"))
              << FD->getName() << RD->getName();
          D.Report(First->getLocation(),
                   D.getCustomDiagID(DiagnosticsEngine::Note,
                                     "the other annotation is here"));
        }
        Conflict = true;
      }
      First = First ? First : A;
    }
    Ok &= !Conflict;
    if (!First || Conflict)
      continue;
    StringRef Ann = First->getAnnotation();
    Ann.consume_front(kWindowPrefix);
    auto [Kind, Text] = Ann.split(':');
    if (Kind == "n")
      continue;
    std::string Rpn;
    if (Kind != "s" && Kind != "v") {
      ExprParser EP(Ctx, {}, "", Text, RD);
      Rpn = EP.parse();
      if (!EP.Error.empty()) {
        D.Report(First->getLocation(),
                 D.getCustomDiagID(DiagnosticsEngine::Error,
                                   "bad window size '%0' on field '%1': %2"))
            << Text << FD->getName() << EP.Error;
        Ok = false;
        continue;
      }
    }
    Spec += ";" + std::to_string(I) + "." +
            std::to_string(Ctx.getFieldOffset(FD) / 8) + ":" + Kind.str() +
            ":" + Rpn;
  }
  return Ok;
}

// Whether F's last fixed parameter carries a format window, on any
// declaration: then its variadic arguments are the format's.
static bool hasFormatWindow(FunctionDecl &F) {
  if (!F.getNumParams())
    return false;
  for (auto &[A, Decl] : windowAnnotations(F, F.getNumParams() - 1))
    if (A->getAnnotation().starts_with(std::string(kWindowPrefix) + "F"))
      return true;
  return false;
}

std::optional<std::string> windowSpecOf(FunctionDecl &F, DiagnosticsEngine &D) {
  std::string Spec;
  bool Any = false, Bad = false;
  // The parameters, then the result.
  for (unsigned N = 0; N <= F.getNumParams(); ++N) {
    unsigned I = N == F.getNumParams() ? kResult : N;
    auto Anns = windowAnnotations(F, I);
    if (Anns.size() > 1) {
      // Once per function and parameter, not at every redeclaration.
      static llvm::DenseSet<std::pair<const FunctionDecl *, unsigned>> Told;
      if (!Told.insert({F.getCanonicalDecl(), I}).second) {
        Bad = true;
        continue;
      }
      D.Report(Anns[1].first->getLocation(),
               D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "conflicting window annotations on %0 of "
                                 "'%1': declarations must agree"))
          << (I == kResult ? std::string("the result")
                           : "parameter " + std::to_string(I + 1))
          << F.getName();
      D.Report(Anns[0].first->getLocation(),
               D.getCustomDiagID(DiagnosticsEngine::Note,
                                 "the other annotation is here"));
      Bad = true;
      continue;
    }
    for (auto &[A, Decl] : Anns) {
      StringRef Ann = A->getAnnotation();
      Ann.consume_front(kWindowPrefix);
      auto [Kind, Text] = Ann.split(':');
      if (Kind == "n")
        continue;
      if (Kind[0] == 'V') {
        // vprintf: the next parameter is the va_list.
        ASTContext &Ctx = F.getASTContext();
        QualType VaList = Ctx.getBuiltinVaListType();
        QualType Next = I + 1 < Decl->getNumParams()
                            ? Decl->getParamDecl(I + 1)->getOriginalType()
                            : QualType();
        if (F.isVariadic() || Next.isNull() ||
            !(Ctx.hasSameType(Next, VaList) ||
              Ctx.hasSameType(Next, Ctx.getDecayedType(VaList)))) {
          D.Report(A->getLocation(),
                   D.getCustomDiagID(DiagnosticsEngine::Error,
                                     "a va_list format window goes on the "
                                     "format parameter right before the "
                                     "va_list parameter of a function that "
                                     "is not variadic"));
          Bad = true;
          continue;
        }
      }
      if (Kind == "O") {
        // The pointer slot, read-write, and the string the callee leaves
        // in it, handed over when the call returns.
        Spec += (Any ? ";" : "") + std::to_string(I) + ":w:c8;" +
                std::to_string(I) + ".0:z:";
        Any = true;
        continue;
      }
      if (Kind.starts_with("r@")) {
        // Sized by another function: the same parameters, an integer back.
        StringRef Name = Kind.drop_front(2);
        FunctionDecl *SizeFn = nullptr;
        ASTContext &Ctx = F.getASTContext();
        for (NamedDecl *ND :
             Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Name)))
          SizeFn = SizeFn ? SizeFn : dyn_cast<FunctionDecl>(ND);
        bool Same = SizeFn && SizeFn->getNumParams() == F.getNumParams() &&
                    SizeFn->getReturnType()->isIntegerType() &&
                    !SizeFn->isVariadic();
        for (unsigned J = 0; Same && J < F.getNumParams(); ++J)
          Same = Ctx.hasSameUnqualifiedType(
              SizeFn->getParamDecl(J)->getType(), F.getParamDecl(J)->getType());
        if (!Same) {
          D.Report(A->getLocation(),
                   D.getCustomDiagID(DiagnosticsEngine::Error,
                                     "'%0' is not a function declared before "
                                     "'%1' with the same parameters that "
                                     "returns an integer, to size its "
                                     "result with"))
              << Name << F.getName();
          Bad = true;
          continue;
        }
        Spec += (Any ? ";" : "") + std::string("R:r:n;@") + Name.str();
        Any = true;
        continue;
      }
      if (Kind[0] == 'F' && (!F.isVariadic() || I + 1 != F.getNumParams())) {
        D.Report(A->getLocation(),
                 D.getCustomDiagID(DiagnosticsEngine::Error,
                                   "a format window goes on the last "
                                   "parameter before '...' of a variadic "
                                   "function"));
        Bad = true;
        continue;
      }
      if (F.isVariadic() && !hasFormatWindow(F)) {
        D.Report(A->getLocation(),
                 D.getCustomDiagID(DiagnosticsEngine::Error,
                                   "window annotation on variadic function "
                                   "'%0': windows need a fixed parameter list "
                                   "or a format window (CUBICLE_WINDOW_FORMAT)"))
            << F.getName();
        Bad = true;
        continue;
      }
      if (Kind == "i") {
        // The pointer it points at, read-write, and that pointer as a
        // field pointing into the named parameter's window.
        const auto &Ps = Decl->parameters();
        auto *T = llvm::find_if(
            Ps, [&](const ParmVarDecl *P) { return P->getName() == Text; });
        if (T == Ps.end() || !(*T)->getType()->isPointerType() ||
            windowAnnotations(F, unsigned(T - Ps.begin())).empty()) {
          D.Report(A->getLocation(),
                   D.getCustomDiagID(DiagnosticsEngine::Error,
                                     "'%0' names no pointer parameter of '%1' "
                                     "with a window"))
              << Text << F.getName();
          Bad = true;
          continue;
        }
        Spec += (Any ? ";" : "") + std::to_string(I) + ":w:c8;" +
                std::to_string(I) + ".0:i:p" +
                std::to_string(T - Ps.begin());
        Any = true;
        continue;
      }
      std::string KindText = Kind.str();
      if (size_t T = Kind.find("t="); T != StringRef::npos) {
        // Kept with a handle: its parameter's index (and a slot's).
        auto [Name, SlotName] = Kind.drop_front(T + 2).split(',');
        const auto &Ps = Decl->parameters();
        auto *H = llvm::find_if(
            Ps, [&](const ParmVarDecl *P) { return P->getName() == Name; });
        if (H == Ps.end() || !(*H)->getType()->isPointerType()) {
          D.Report(A->getLocation(),
                   D.getCustomDiagID(DiagnosticsEngine::Error,
                                     "'%0' names no pointer parameter of "
                                     "'%1' to keep the window with"))
              << Name << F.getName();
          Bad = true;
          continue;
        }
        KindText = Kind.take_front(T).str() + "t" +
                   std::to_string(H - Ps.begin());
        if (!SlotName.empty()) {
          auto *Sl = llvm::find_if(Ps, [&](const ParmVarDecl *P) {
            return P->getName() == SlotName;
          });
          if (Sl == Ps.end() || !(*Sl)->getType()->isIntegerType()) {
            D.Report(A->getLocation(),
                     D.getCustomDiagID(DiagnosticsEngine::Error,
                                       "'%0' names no integer parameter of "
                                       "'%1' to key the kept window with"))
                << SlotName << F.getName();
            Bad = true;
            continue;
          }
          KindText += "/" + std::to_string(Sl - Ps.begin());
        }
      }
      std::string Rpn;
      if (Kind != "s" && Kind[0] != 'F' && Kind[0] != 'V' &&
          !(Kind == "v" && Text.empty()) && Kind != "z" && Kind != "x" &&
          Kind != "u" && Kind != "g" && Kind != "d") {
        ExprParser EP(F.getASTContext(), Decl->parameters(), Decl->getName(),
                      Text);
        Rpn = EP.parse();
        if (!EP.Error.empty()) {
          D.Report(A->getLocation(),
                   D.getCustomDiagID(DiagnosticsEngine::Error,
                                     "bad window size '%0' on %1: %2"))
              << Text
              << (I == kResult ? "the result of '" + F.getNameAsString() + "'"
                               : "parameter '" +
                                     Decl->getParamDecl(I)->getName().str() +
                                     "'")
              << EP.Error;
          Bad = true;
          continue;
        }
      }
      Spec += (Any ? ";" : "") +
              (I == kResult ? std::string("R") : std::to_string(I)) + ":" +
              KindText + ":" + Rpn;
      Any = true;
      if (I != kResult && (Kind[0] == 'w' || Kind[0] == 'r'))
        Bad |= !fieldWindows(Decl->getParamDecl(I)->getType(), I, Spec, D);
    }
  }
  if (Bad)
    return std::nullopt;
  return Spec;
}

std::optional<std::string> paramsSpec(ArrayRef<ParmVarDecl *> Params,
                                      StringRef FnName, DiagnosticsEngine &D) {
  std::string Spec;
  bool Bad = false;
  for (unsigned I = 0; I < Params.size(); ++I) {
    const AnnotateAttr *A = nullptr;
    for (const AnnotateAttr *B : Params[I]->specific_attrs<AnnotateAttr>())
      if (B->getAnnotation().starts_with(kWindowPrefix))
        A = B;
    if (!A)
      continue;
    StringRef Ann = A->getAnnotation();
    Ann.consume_front(kWindowPrefix);
    auto [Kind, Text] = Ann.split(':');
    if (Kind == "n")
      continue;
    if (Kind[0] == 'F' || Kind[0] == 'V' || Kind == "O") {
      D.Report(A->getLocation(),
               D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "a %select{format window|owned string "
                                 "out-parameter}0 on a callback's parameter "
                                 "is not supported"))
          << (Kind == "O");
      Bad = true;
      continue;
    }
    std::string Rpn;
    if (Kind.contains("t=")) {
      D.Report(A->getLocation(),
               D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "a window kept with a handle on a "
                                 "callback's parameter is not supported"));
      Bad = true;
      continue;
    }
    if (Kind != "s" && !(Kind == "v" && Text.empty()) && Kind != "x" &&
        Kind != "u" && Kind != "g" && Kind != "d") {
      ExprParser EP(Params[I]->getASTContext(), Params, FnName, Text);
      Rpn = EP.parse();
      if (!EP.Error.empty()) {
        D.Report(A->getLocation(),
                 D.getCustomDiagID(DiagnosticsEngine::Error,
                                   "bad window size '%0' on parameter '%1': "
                                   "%2"))
            << Text << Params[I]->getName() << EP.Error;
        Bad = true;
        continue;
      }
    }
    Spec += (Spec.empty() ? "" : ";") + std::to_string(I) + ":" + Kind.str() +
            ":" + Rpn;
    if (Kind[0] == 'w' || Kind[0] == 'r')
      Bad |= !fieldWindows(Params[I]->getType(), I, Spec, D);
  }
  if (Bad)
    return std::nullopt;
  return Spec;
}

std::optional<std::string> callbackResultSpec(const Decl &Carrier,
                                              ArrayRef<ParmVarDecl *> Params,
                                              StringRef FnName,
                                              DiagnosticsEngine &D) {
  const AnnotateAttr *A = nullptr;
  auto Look = [&](const Decl *On) {
    for (const AnnotateAttr *B : On->specific_attrs<AnnotateAttr>())
      if (B->getAnnotation().starts_with(kCallbackResultPrefix))
        A = B;
  };
  if (auto *TD = dyn_cast<TypedefNameDecl>(&Carrier))
    for (const TypedefNameDecl *R : TD->redecls())
      Look(R);
  else
    Look(&Carrier);
  if (!A)
    return std::string();
  StringRef Ann = A->getAnnotation();
  Ann.consume_front(kCallbackResultPrefix);
  auto [Kind, Text] = Ann.split(':');
  std::string Rpn;
  if (Kind != "s" && Kind != "z") {
    ExprParser EP(Carrier.getASTContext(), Params, FnName, Text);
    Rpn = EP.parse();
    if (!EP.Error.empty()) {
      D.Report(A->getLocation(),
               D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "bad window size '%0' on the result of "
                                 "'%1': %2"))
          << Text << FnName << EP.Error;
      return std::nullopt;
    }
  }
  return "R:" + Kind.str() + ":" + Rpn;
}

bool hasNoWindow(const ParmVarDecl &P) {
  const auto *F = dyn_cast<FunctionDecl>(P.getDeclContext());
  if (!F)
    return false;
  unsigned I = P.getFunctionScopeIndex();
  // Any window annotation, or an explicit no_window, on any declaration;
  // a va_list is lent by the format window before it.
  auto &FD = const_cast<FunctionDecl &>(*F);
  if (I > 0)
    for (auto &[A, Decl] : windowAnnotations(FD, I - 1))
      if (A->getAnnotation().starts_with(std::string(kWindowPrefix) + "V"))
        return true;
  return !windowAnnotations(FD, I).empty();
}

void applyPendingFields(const RecordDecl &RD, DiagnosticsEngine &D) {
  std::vector<PendingField> &P = pendingFields();
  auto *Canon = cast<RecordDecl>(RD.getCanonicalDecl());
  for (size_t I = 0; I < P.size();) {
    if (P[I].Record != Canon) {
      ++I;
      continue;
    }
    applyField(RD, P[I], RD.getASTContext(), D);
    P.erase(P.begin() + I);
  }
}

void reportPendingFields(DiagnosticsEngine &D) {
  for (const PendingField &F : pendingFields())
    D.Report(F.Loc, D.getCustomDiagID(
                        DiagnosticsEngine::Error,
                        "%0 on %1, which this translation unit declares "
                        "but never defines"))
        << (F.Callback ? "field callback" : "field window") << F.Type;
  pendingFields().clear();
}

} // namespace cubicle

static ParsedAttrInfoRegistry::Add<cubicle::WindowRw>
    R1("cubicle_window", "lend a pointer parameter's memory for a call");
static ParsedAttrInfoRegistry::Add<cubicle::WindowIn>
    R2("cubicle_window_in", "lend memory read-only for a call");
static ParsedAttrInfoRegistry::Add<cubicle::CstrAttr>
    R3("cubicle_window_cstr", "lend a string for a call");
static ParsedAttrInfoRegistry::Add<cubicle::WindowKept>
    R8("cubicle_window_kept", "lend memory the callee keeps across calls");
static ParsedAttrInfoRegistry::Add<cubicle::WindowEnd>
    R9("cubicle_window_end", "the last call of a kept window");
static ParsedAttrInfoRegistry::Add<cubicle::FieldWindowRw>
    R10("cubicle_field_window", "a struct field's window, from a port");
static ParsedAttrInfoRegistry::Add<cubicle::FieldWindowIn>
    R11("cubicle_field_window_in", "a read-only field window, from a port");
static ParsedAttrInfoRegistry::Add<cubicle::FieldWindowCstr>
    R12("cubicle_field_window_cstr", "a string field window, from a port");
static ParsedAttrInfoRegistry::Add<cubicle::WindowStrv>
    R14("cubicle_window_strv", "lend a NULL-terminated array of strings");
static ParsedAttrInfoRegistry::Add<cubicle::WindowFormat>
    R13("cubicle_window_format", "lend a printf format and its strings");
static ParsedAttrInfoRegistry::Add<cubicle::WindowFormatSqlite>
    R34("cubicle_window_format_sqlite",
        "lend a SQLite printf format and its strings");
static ParsedAttrInfoRegistry::Add<cubicle::WindowVformat>
    R35("cubicle_window_vformat", "lend a vprintf format and its va_list");
static ParsedAttrInfoRegistry::Add<cubicle::WindowVformatSqlite>
    R36("cubicle_window_vformat_sqlite",
        "lend a SQLite vprintf format and its va_list");
static ParsedAttrInfoRegistry::Add<cubicle::WindowStrvN>
    R37("cubicle_window_strv_n", "lend an array of n strings, any NULL");
static ParsedAttrInfoRegistry::Add<cubicle::ResultSizedByAttr>
    R38("cubicle_result_sized_by",
        "a result whose size another function of the callee returns");
static ParsedAttrInfoRegistry::Add<cubicle::OutOwnedCstrAttr>
    R39("cubicle_out_owned_cstr",
        "hand over the string the callee stores through a parameter");
static ParsedAttrInfoRegistry::Add<cubicle::NoWindowAttr>
    R4("cubicle_no_window", "a pointer parameter that needs no window");
static ParsedAttrInfoRegistry::Add<cubicle::ResultAttr>
    R6("cubicle_result", "lend a returned pointer's memory to the caller");
static ParsedAttrInfoRegistry::Add<cubicle::ResultCstrAttr>
    R7("cubicle_result_cstr", "lend a returned string to the caller");
static ParsedAttrInfoRegistry::Add<cubicle::ResultOwnedAttr>
    R20("cubicle_result_owned", "hand a returned block over to the caller");
static ParsedAttrInfoRegistry::Add<cubicle::ResultOwnedCstrAttr>
    R21("cubicle_result_owned_cstr",
       "hand a returned string over to the caller");
static ParsedAttrInfoRegistry::Add<cubicle::ReleasedAttr>
    R22("cubicle_released", "give a block handed over back to the callee");
static ParsedAttrInfoRegistry::Add<cubicle::ResultWritableAttr>
    R27("cubicle_result_writable",
        "lend a returned buffer the caller fills to the caller");
static ParsedAttrInfoRegistry::Add<cubicle::ResultArrayAttr>
    R29("cubicle_result_array",
        "lend a returned array ending with an all-zero element");
static ParsedAttrInfoRegistry::Add<cubicle::HandleAttr>
    R23("cubicle_handle", "an opaque handle whose head the caller reads");
static ParsedAttrInfoRegistry::Add<cubicle::HandleEndAttr>
    R24("cubicle_handle_end", "the last call of a handle");
static ParsedAttrInfoRegistry::Add<cubicle::UserDataAttr>
    R28("cubicle_user_data", "a pointer passed through, maybe a handle");
static ParsedAttrInfoRegistry::Add<cubicle::GivenAttr>
    R30("cubicle_window_given", "hand the block a pointer points into over");
static ParsedAttrInfoRegistry::Add<cubicle::IntoAttr>
    R31("cubicle_window_into",
        "a pointer to a pointer into another parameter's window");
static ParsedAttrInfoRegistry::Add<cubicle::DropsKeptAttr>
    R32("cubicle_drops_kept", "drop the windows kept with this handle");
static ParsedAttrInfoRegistry::Add<cubicle::KeptByAttr>
    R33("cubicle_window_kept_by", "a window kept with a handle");
static ParsedAttrInfoRegistry::Add<cubicle::ResultHandleAttr>
    R25("cubicle_result_handle", "return an opaque handle");
static ParsedAttrInfoRegistry::Add<cubicle::FieldCallbackAttr>
    R26("cubicle_field_callback", "a callback field's type, from a port");
static ParsedAttrInfoRegistry::Add<cubicle::SharedAttr>
    R5("cubicle_shared", "a global every cubicle may use");
