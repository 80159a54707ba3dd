//===- CubicleNames.h - Names both plugin halves agree on -----------------===//
//
// libCubicle.so is two plugins in one library: the Clang plugin
// (clang-plugin/) and the LLVM pass (llvm-pass/).  This is what they share:
// the cubicle name handed from one to the other in the same process, its
// validation, and the symbol and section names built from cubicle/abi.h,
// the one place that defines the contract between gates and the runtime.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_PLUGINCOMMON_CUBICLENAMES_H
#define CUBICLE_PLUGINCOMMON_CUBICLENAMES_H

#include "cubicle/abi.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <string>

namespace cubicle {

// The cubicle this compilation belongs to, as given by the Clang plugin
// argument (-fplugin-arg-cubicle-name=NAME).  Empty if none was given.
std::string &requestedCubicleName();

// Whether a cubicle name is acceptable: 1 to CUBICLE_NAME_MAX-1 characters
// of [A-Za-z0-9_-].
bool isValidCubicleName(llvm::StringRef Name);

inline std::string descSymbol(llvm::StringRef Cubicle) {
  return (llvm::Twine(CUBICLE_DESC_PREFIX) + Cubicle).str();
}
inline std::string entrySymbol(llvm::StringRef Function) {
  return (llvm::Twine(CUBICLE_ENTRY_PREFIX) + Function).str();
}
inline std::string localEntrySymbol(llvm::StringRef Function) {
  return (llvm::Twine(CUBICLE_ENTRY_LOCAL_PREFIX) + Function).str();
}
inline std::string bodySymbol(llvm::StringRef Function) {
  return (llvm::Twine(CUBICLE_BODY_PREFIX) + Function).str();
}
inline std::string stubSymbol(llvm::StringRef Function) {
  return (llvm::Twine(CUBICLE_STUB_PREFIX) + Function).str();
}
inline std::string rwSection(llvm::StringRef Cubicle) {
  return (llvm::Twine(CUBICLE_RW_SECTION_PREFIX) + Cubicle).str();
}
inline std::string roSection(llvm::StringRef Cubicle) {
  return (llvm::Twine(CUBICLE_RO_SECTION_PREFIX) + Cubicle).str();
}

// Module metadata and attributes the pass leaves behind.
constexpr const char *kCubicleNameMD = "cubicle.name";
constexpr const char *kGatedFlag = "cubicle.gated";
// Annotations the Clang plugin leaves for the pass.
constexpr const char *kWindowsAnnotation = "cubicle.windows=";
constexpr const char *kSharedAnnotation = "cubicle.shared";
// On a function or global whose body or initializer registers a callback
// defined elsewhere: "cubicle.thunk=NAME=SPEC", a thunk with those windows
// stands in for NAME there (llvm-pass/CallbackThunks.cpp).
constexpr const char *kThunkAnnotation = "cubicle.thunk=";

} // namespace cubicle

#endif // CUBICLE_PLUGINCOMMON_CUBICLENAMES_H
