//===- CubicleNames.h - Names and ABI values the pass emits ---------------===//
//
// Symbol names, section names and layout constants shared by the pass's
// files.  The values come from cubicle/abi.h, the one place that defines the
// contract between gates and the runtime.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_LLVMPASS_CUBICLENAMES_H
#define CUBICLE_LLVMPASS_CUBICLENAMES_H

#include "cubicle/abi.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <string>

namespace cubicle {

// The cubicle this compilation belongs to, as given by the Clang plugin
// argument (-fplugin-arg-cubicle-name=NAME) or -mllvm -cubicle-name=NAME.
// Empty if none was given.
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
inline std::string rwSection(llvm::StringRef Cubicle) {
  return ("cubicle_rw_" + Cubicle).str();
}
inline std::string roSection(llvm::StringRef Cubicle) {
  return ("cubicle_ro_" + Cubicle).str();
}

// Module metadata and attributes the pass leaves behind.
constexpr const char *kCubicleNameMD = "cubicle.name";
constexpr const char *kGatedFlag = "cubicle.gated";

} // namespace cubicle

#endif // CUBICLE_LLVMPASS_CUBICLENAMES_H
