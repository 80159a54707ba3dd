//===- WindowSpecEncoder.h - Window specs into the runtime's binary form --===//
//
// The Clang plugin hands the pass each function's windows as text
// ("param:kind:rpn;...", clang-plugin/WindowAttrs.cpp); the runtime reads
// only the binary form of cubicle/abi.h.  This compiles one into the other,
// with the parameter locations of the SysV call plan, once, at compile time.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_LLVMPASS_WINDOWSPECENCODER_H
#define CUBICLE_LLVMPASS_WINDOWSPECENCODER_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cubicle {

// Parameter locations as the call plan gives them: "rN" (integer register
// N), "sK" (stack argument at byte K), "x" (not an integer).
// Returns the encoded spec, or an empty vector and Error.
std::vector<uint8_t> encodeWindowSpec(const std::vector<std::string> &ArgLocs,
                                      llvm::StringRef Windows,
                                      std::string &Error);

} // namespace cubicle

#endif // CUBICLE_LLVMPASS_WINDOWSPECENCODER_H
