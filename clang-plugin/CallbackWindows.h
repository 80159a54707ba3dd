//===- CallbackWindows.h - Windows of callbacks, from their types ---------===//
//
// CallbackWindows.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_CLANGPLUGIN_CALLBACKWINDOWS_H
#define CUBICLE_CLANGPLUGIN_CALLBACKWINDOWS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/Diagnostic.h"

namespace cubicle {

// Finds, in D's body or initializer, functions converted to a function
// pointer type whose parameters carry window annotations (a typedef, the
// parameter of a registering function, a struct field), and gives each of
// them those windows.
void callbackWindows(clang::Decl &D, clang::DiagnosticsEngine &Diag);

// The parameters of the function type TL spells, through pointers,
// parentheses and typedefs (of a typedef repeated by a port, the annotated
// declaration), or none.
llvm::ArrayRef<clang::ParmVarDecl *> protoParams(clang::TypeLoc TL,
                                                 int Depth = 0);
// The function E names (f, &f, casts of them), or null.
clang::FunctionDecl *functionIn(clang::Expr *E);

} // namespace cubicle

#endif
