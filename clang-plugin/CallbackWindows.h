//===- CallbackWindows.h - Windows of callbacks, from their types ---------===//
//
// CallbackWindows.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_CLANGPLUGIN_CALLBACKWINDOWS_H
#define CUBICLE_CLANGPLUGIN_CALLBACKWINDOWS_H

#include "clang/AST/Decl.h"
#include "clang/Basic/Diagnostic.h"

namespace cubicle {

// Finds, in D's body or initializer, functions converted to a function
// pointer type whose parameters carry window annotations (a typedef, the
// parameter of a registering function, a struct field), and gives each of
// them those windows.
void callbackWindows(clang::Decl &D, clang::DiagnosticsEngine &Diag);

} // namespace cubicle

#endif
