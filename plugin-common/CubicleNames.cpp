//===- CubicleNames.cpp - Names both plugin halves agree on ---------------===//

#include "CubicleNames.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace cubicle {

std::string &requestedCubicleName() {
  static std::string Name;
  return Name;
}

bool isValidCubicleName(llvm::StringRef Name) {
  if (Name.empty() || Name.size() >= CUBICLE_NAME_MAX)
    return false;
  return llvm::all_of(Name, [](char C) {
    return llvm::isAlnum(C) || C == '_' || C == '-';
  });
}

} // namespace cubicle
