//===- ElfFuzz.cpp - libFuzzer target: the ELF reader and the code scan ---===//
//
// Any byte string must load as a program or fail with an exit code and a
// message: never crash, never read out of bounds (built with ASan).
//
//===----------------------------------------------------------------------===//

#include "scan/CodeScan.h"
#include "ElfProgram.h"

#include <cstdlib>

using namespace cubicle;

static void ignore(const scan::Finding &, void *) {}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  ElfProgram P;
  std::string Error;
  ExitCode E = loadElfProgram(Data, Size, P, Error);
  if (E != kVerified) {
    if (Error.empty() || Error.find('\n') != std::string::npos)
      abort(); // every failure explains itself in one line
    return 0;
  }
  for (const ElfSection &S : P.Code) {
    scan::Code C{S.Bytes, S.Size, S.Addr,
                 S.IsCubicle ? scan::Region::Cubicle : scan::Region::Trusted};
    scan::scanCode(C, scan::Targets{P.GateFail, P.PkruFail}, ignore, nullptr);
    (void)P.functionAt(S.Addr + S.Size / 2);
  }
  return 0;
}
