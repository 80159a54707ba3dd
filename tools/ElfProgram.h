//===- ElfProgram.h - What cubicle-verify needs from an ELF file ----------===//
//
// Reads a linked x86-64 program or shared library with libelf, from memory:
// its executable sections (with their bytes), the cubicle code section, and
// its function symbols.  Every offset and size is checked against the
// image, so a truncated or corrupt file is an error, never a crash (a
// libFuzzer test holds it to that).
//
//===----------------------------------------------------------------------===//

#ifndef CUBICLE_TOOLS_ELFPROGRAM_H
#define CUBICLE_TOOLS_ELFPROGRAM_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cubicle {

// Exit codes of cubicle-verify (also the load errors).
enum ExitCode : int {
  kVerified = 0,
  kRefused = 1,
  kUsage = 2,
  kCannotRead = 3,
  kNotElf = 4,
  kUnsupportedElf = 5, // 32-bit, not x86-64, big-endian, a relocatable object
  kMalformedElf = 6,   // truncated or inconsistent headers
  kNoCode = 7,         // no executable section
  kStripped = 8,       // no symbol table
};

struct ElfSection {
  std::string Name;
  uint64_t Addr;
  const uint8_t *Bytes; // into the image
  size_t Size;
  bool IsCubicle; // cubicle_text: code compiled by the plugin
};

struct ElfSymbol {
  uint64_t Addr;
  uint64_t Size;
  std::string Name;
  bool IsFunction; // STT_FUNC: its address starts an instruction
};

struct ElfProgram {
  bool SharedObject = false; // ET_DYN (PIE or library)
  std::vector<ElfSection> Code;
  std::vector<ElfSymbol> Functions; // sorted by address
  uint64_t GateFail = 0, PkruFail = 0;

  // The function containing Addr, or null.
  const ElfSymbol *functionAt(uint64_t Addr) const;
};

// Loads Image[0, Size).  On failure returns the exit code and sets Error to
// a one-line explanation.  The program's sections point into Image.
ExitCode loadElfProgram(const uint8_t *Image, size_t Size, ElfProgram &Out,
                        std::string &Error);

} // namespace cubicle

#endif
