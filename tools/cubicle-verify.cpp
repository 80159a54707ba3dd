//===- cubicle-verify.cpp - Refuse programs that could undo isolation -----===//
//
//   cubicle-verify [--json] PROGRAM
//
// Scans every byte offset of every executable section of PROGRAM (the scan
// the runtime also runs at start-up, runtime/scan/CodeScan.h): WRPKRUs outside
// the gates' and the runtime's checked shapes, XRSTOR/XRSTORS in cubicle
// code, and system-call or FS/GS-base instructions the compiler placed in
// cubicle code refuse the program.  Code built without the plugin is the
// trusted base: its XRSTORs are listed as such, as are system-call bytes
// hidden inside other instructions of cubicle code (gadgets the trusted
// base offers anyway).  Exit codes: see ElfProgram.h.
//
//===----------------------------------------------------------------------===//

#include "scan/CodeScan.h"
#include "ElfProgram.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace cubicle;

namespace {

struct Reported {
  scan::Finding F;
  const ElfSection *Section;
};

struct Collector {
  const ElfSection *Section;
  std::vector<Reported> Listed; // everything but accepted WRPKRUs
  size_t Gates = 0, RuntimeSites = 0, Forbidden = 0, Gadgets = 0,
         Trusted = 0;
};

void collect(const scan::Finding &F, void *Ctx) {
  auto &C = *static_cast<Collector *>(Ctx);
  switch (F.V) {
  case scan::Verdict::Gate:
    ++C.Gates;
    return;
  case scan::Verdict::Runtime:
    ++C.RuntimeSites;
    return;
  case scan::Verdict::Forbidden:
    ++C.Forbidden;
    break;
  case scan::Verdict::Gadget:
    ++C.Gadgets;
    break;
  case scan::Verdict::Trusted:
    ++C.Trusted;
    break;
  }
  C.Listed.push_back({F, C.Section});
}

std::string where(const ElfProgram &P, uint64_t Addr) {
  const ElfSymbol *S = P.functionAt(Addr);
  if (!S)
    return "??";
  return fmt::format("{}+{:#x}", S->Name, Addr - S->Addr);
}

std::string bytesAround(const ElfSection &S, uint64_t Addr, unsigned Len) {
  uint64_t Off = Addr - S.Addr;
  uint64_t From = Off >= 8 ? Off - 8 : 0;
  uint64_t To = std::min<uint64_t>(Off + Len + 8, S.Size);
  std::string Out;
  for (uint64_t I = From; I < To; ++I) {
    if (!Out.empty())
      Out += ' ';
    if (I == Off)
      Out += '[';
    Out += fmt::format("{:02x}", S.Bytes[I]);
    if (I + 1 == Off + Len)
      Out += ']';
  }
  return Out;
}

// The length of the instruction a finding names (for the brackets).
unsigned lengthOf(const ElfSection &S, const scan::Finding &F) {
  switch (F.K) {
  case scan::Wrpkru:
  case scan::Xrstor:
  case scan::Xrstors:
    return 3;
  case scan::Wrfsbase:
  case scan::Wrgsbase:
    return S.Bytes[F.Addr - S.Addr + 1] == 0x0F ? 4 : 5;
  default:
    return 2;
  }
}

// Strings from the file (section and symbol names) need not be UTF-8;
// JSON strings must be.
std::string utf8(llvm::StringRef S) {
  return llvm::json::isUTF8(S) ? S.str() : llvm::json::fixUTF8(S);
}

int fail(bool Json, const std::string &File, int Code, const std::string &Msg) {
  if (Json) {
    llvm::json::OStream J(llvm::outs());
    J.object([&] {
      J.attribute("file", utf8(File));
      J.attribute("verdict", "error");
      J.attribute("exit_code", Code);
      J.attribute("error", utf8(Msg));
    });
    llvm::outs() << "\n";
    llvm::outs().flush();
  } else
    fmt::print(stderr, "cubicle-verify: {}: {}\n", File, Msg);
  return Code;
}

void usage() {
  fmt::print(stderr,
             "usage: cubicle-verify [--json] PROGRAM\n"
             "exit status: 0 verified, 1 refused, 2 usage, 3 cannot read, "
             "4 not ELF, 5 unsupported ELF,\n"
             "             6 malformed ELF, 7 no executable code, 8 no "
             "symbol table (stripped)\n");
}

} // namespace

int main(int Argc, char **Argv) {
  bool Json = false;
  std::string File;
  for (int I = 1; I < Argc; ++I) {
    std::string A = Argv[I];
    if (A == "--json") {
      Json = true;
    } else if (A == "-h" || A == "--help") {
      usage();
      return kVerified;
    } else if (!A.empty() && A[0] == '-') {
      usage();
      return kUsage;
    } else if (File.empty()) {
      File = A;
    } else {
      usage();
      return kUsage;
    }
  }
  if (File.empty()) {
    usage();
    return kUsage;
  }

  int Fd = open(File.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat St;
  if (Fd < 0 || fstat(Fd, &St) != 0)
    return fail(Json, File, kCannotRead,
                std::string("cannot open: ") + strerror(errno));
  if (!S_ISREG(St.st_mode)) {
    close(Fd);
    return fail(Json, File, kCannotRead, "not a regular file");
  }
  size_t Size = size_t(St.st_size);
  const uint8_t *Image = nullptr;
  if (Size) {
    void *M = mmap(nullptr, Size, PROT_READ, MAP_PRIVATE, Fd, 0);
    if (M == MAP_FAILED) {
      close(Fd);
      return fail(Json, File, kCannotRead,
                  std::string("cannot map: ") + strerror(errno));
    }
    Image = static_cast<const uint8_t *>(M);
  }
  close(Fd);
  static const uint8_t Empty[1] = {0};
  ElfProgram P;
  std::string Error;
  ExitCode Load = loadElfProgram(Image ? Image : Empty, Size, P, Error);
  if (Load != kVerified)
    return fail(Json, File, Load, Error);

  Collector C;
  size_t CubicleBytes = 0, TrustedBytes = 0;
  std::vector<uint64_t> Starts;
  for (const ElfSymbol &F : P.Functions)
    if (F.IsFunction)
      Starts.push_back(F.Addr);
  for (const ElfSection &S : P.Code) {
    C.Section = &S;
    (S.IsCubicle ? CubicleBytes : TrustedBytes) += S.Size;
    scan::Code Code{S.Bytes,
                    S.Size,
                    S.Addr,
                    S.IsCubicle ? scan::Region::Cubicle : scan::Region::Trusted,
                    Starts.data(),
                    Starts.size()};
    scan::scanCode(Code, scan::Targets{P.GateFail, P.PkruFail}, collect, &C);
  }
  bool Refused = C.Forbidden != 0;
  int Exit = Refused ? kRefused : kVerified;

  if (Json) {
    llvm::json::OStream J(llvm::outs(), /*IndentSize=*/1);
    J.object([&] {
      J.attribute("file", utf8(File));
      J.attribute("verdict", Refused ? "refused" : "verified");
      J.attribute("exit_code", Exit);
      J.attribute("cubicle_code_bytes", int64_t(CubicleBytes));
      J.attribute("trusted_code_bytes", int64_t(TrustedBytes));
      J.attributeArray("sections", [&] {
        for (const ElfSection &S : P.Code)
          J.object([&] {
            J.attribute("name", utf8(S.Name));
            J.attribute("address", fmt::format("{:#x}", S.Addr));
            J.attribute("size", int64_t(S.Size));
            J.attribute("region", S.IsCubicle ? "cubicle" : "trusted");
          });
      });
      J.attributeObject("counts", [&] {
        J.attribute("gate_wrpkru", int64_t(C.Gates));
        J.attribute("runtime_wrpkru", int64_t(C.RuntimeSites));
        J.attribute("forbidden", int64_t(C.Forbidden));
        J.attribute("gadgets", int64_t(C.Gadgets));
        J.attribute("trusted", int64_t(C.Trusted));
      });
      J.attributeArray("findings", [&] {
        for (const Reported &R : C.Listed) {
          const ElfSymbol *Sym = P.functionAt(R.F.Addr);
          J.object([&] {
            J.attribute("kind", scan::kindName(R.F.K));
            J.attribute("verdict", scan::verdictName(R.F.V));
            J.attribute("address", fmt::format("{:#x}", R.F.Addr));
            J.attribute("section", utf8(R.Section->Name));
            J.attribute("symbol", Sym ? llvm::json::Value(utf8(Sym->Name))
                                      : llvm::json::Value(nullptr));
            J.attribute("offset", int64_t(Sym ? R.F.Addr - Sym->Addr : 0));
            J.attribute("hidden", R.F.Hidden);
            J.attribute("reason", R.F.Why ? llvm::json::Value(R.F.Why)
                                          : llvm::json::Value(nullptr));
            J.attribute("bytes", bytesAround(*R.Section, R.F.Addr,
                                             lengthOf(*R.Section, R.F)));
          });
        }
      });
    });
    llvm::outs() << "\n";
    llvm::outs().flush();
    return Exit;
  }

  auto list = [&](scan::Verdict V, const char *Title) {
    bool First = true;
    for (const Reported &R : C.Listed) {
      if (R.F.V != V)
        continue;
      if (First)
        fmt::print("{}\n", Title);
      First = false;
      fmt::print("  {} at {:#x} in {} ({}){}{}\n", scan::kindName(R.F.K),
                 R.F.Addr, R.Section->Name, where(P, R.F.Addr),
                 R.F.Why ? ": " : "", R.F.Why ? R.F.Why : "");
      fmt::print("      bytes: {}\n",
                 bytesAround(*R.Section, R.F.Addr, lengthOf(*R.Section, R.F)));
    }
  };
  fmt::print("cubicle-verify: {}: {}\n", File, Refused ? "REFUSED" : "verified");
  list(scan::Verdict::Forbidden, "code that could undo isolation (refused):");
  list(scan::Verdict::Gadget,
       "gadgets in cubicle code (listed, not refused; see the threat model):");
  list(scan::Verdict::Trusted,
       "trusted base (code built without the plugin; not held to the "
       "cubicle rules):");
  std::string TrustedList, CubicleList;
  for (const ElfSection &S : P.Code)
    (S.IsCubicle ? CubicleList : TrustedList) +=
        fmt::format("{}{} ({} bytes)", "", S.Name, S.Size) + ", ";
  if (!CubicleList.empty())
    fmt::print("cubicle code: {}\n",
               CubicleList.substr(0, CubicleList.size() - 2));
  fmt::print("trusted base (built without the plugin; its code may make "
             "system calls): {}\n",
             TrustedList.empty() ? std::string("none")
                                 : TrustedList.substr(0, TrustedList.size() - 2));
  fmt::print("summary: {} bytes of cubicle code{}, {} bytes of trusted code; "
             "{} gate WRPKRUs, {} runtime WRPKRUs, {} refused, {} gadgets, "
             "{} in the trusted base\n",
             CubicleBytes, CubicleBytes ? "" : " (not built with Cubicle)",
             TrustedBytes, C.Gates, C.RuntimeSites, C.Forbidden, C.Gadgets,
             C.Trusted);
  return Exit;
}
