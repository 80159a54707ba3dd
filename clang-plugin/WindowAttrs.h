//===- WindowAttrs.h - Window annotations, resolved ------------------------===//
#ifndef CUBICLE_CLANGPLUGIN_WINDOWATTRS_H
#define CUBICLE_CLANGPLUGIN_WINDOWATTRS_H

#include "clang/AST/Decl.h"
#include "clang/Basic/Diagnostic.h"

#include <optional>
#include <string>

namespace cubicle {

// The window spec of F's parameters (see WindowAttrs.cpp), empty if none;
// nullopt after reporting an error at the offending annotation.
std::optional<std::string> windowSpecOf(clang::FunctionDecl &F,
                                        clang::DiagnosticsEngine &D);

// Whether a parameter carries any window annotation (cubicle_no_window
// included).
bool hasNoWindow(const clang::ParmVarDecl &P);

// The spec of windows written on Params, the parameters of a function
// type (a callback's typedef, parameter or field; FnName names it in
// errors), or nullopt after reporting an error.
std::optional<std::string> paramsSpec(llvm::ArrayRef<clang::ParmVarDecl *> Params,
                                      llvm::StringRef FnName,
                                      clang::DiagnosticsEngine &D);

// The result window written on Carrier, the declaration of a function
// pointer type (a typedef, any of its redeclarations, a field, a
// parameter), as a spec part ("R:kind:rpn"; empty if none), or nullopt
// after reporting an error.
std::optional<std::string> callbackResultSpec(const clang::Decl &Carrier,
                                              llvm::ArrayRef<clang::ParmVarDecl *> Params,
                                              llvm::StringRef FnName,
                                              clang::DiagnosticsEngine &D);

// A port's field annotations (CUBICLE_FIELD_WINDOW*, CUBICLE_FIELD_CALLBACK)
// on a struct that was only declared when they were read, applied now that
// RD is defined; errors at the annotations for structs never defined.
void applyPendingFields(const clang::RecordDecl &RD,
                        clang::DiagnosticsEngine &D);
void reportPendingFields(clang::DiagnosticsEngine &D);

} // namespace cubicle

#endif
