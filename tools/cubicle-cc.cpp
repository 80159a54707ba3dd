//===- cubicle-cc.cpp - Compiler wrappers cubicle-cc and cubicle-c++ ------===//
//
// Drop-in replacements for clang-19/clang++-19, in the manner of AFL++'s
// afl-cc:
//
//   cubicle-cc --cubicle=fs -c fs.c -o fs.o     compile fs.c into cubicle fs
//   cubicle-cc app.o fs.o -o app                link, with the runtime
//   cubicle-cc --cubicle=app app.c fs.o -o app  both
//   --no-window-warnings                        no unwindowed-pointer warnings
//   -W[no-][error=]cubicle-unwindowed-pointer   control that warning
//
// Compiling adds the plugin (-fplugin= and -fpass-plugin=, both needed with
// clang 19), the cubicle name and the include directory; linking adds the
// runtime library and the pthread_create wrapper.  The cubicle name may also
// come from the CUBICLE_NAME environment variable.  The compiler is
// clang-19/clang++-19 from the LLVM Cubicle was built with, or CUBICLE_CC /
// CUBICLE_CXX.  Everything else passes through unchanged.
//
// Whether a command compiles, links or only asks (--version, -print-*) is
// read with clang's own driver option table, so every option that takes a
// value (-iquote DIR, -imacros FILE, -Xclang ARG, ...) is known as such and
// its value never mistaken for an input file.
//
// Files are found relative to this executable: ../lib/libCubicle.so,
// ../lib/libcubicle_rt.a, ../include (the same in the build tree and in an
// installation).
//
//===----------------------------------------------------------------------===//

#include "clang/Driver/Options.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <string>
#include <unistd.h>
#include <vector>

#ifndef CUBICLE_CLANG
#define CUBICLE_CLANG "clang-19"
#endif
#ifndef CUBICLE_CLANGXX
#define CUBICLE_CLANGXX "clang++-19"
#endif
#ifndef CUBICLE_WRAP_FLAGS // the top-level CMakeLists.txt sets it
#error "CUBICLE_WRAP_FLAGS: the --wrap options the runtime needs"
#endif

namespace {

[[noreturn]] void die(const std::string &Msg) {
  fprintf(stderr, "cubicle-cc: error: %s\n", Msg.c_str());
  exit(2);
}

std::string selfDir() {
  char Buf[PATH_MAX];
  ssize_t N = readlink("/proc/self/exe", Buf, sizeof(Buf) - 1);
  if (N <= 0)
    die("cannot find my own location (/proc/self/exe)");
  Buf[N] = 0;
  return dirname(Buf);
}

bool isSourceFile(llvm::StringRef A) {
  static const char *Exts[] = {".c", ".cc", ".cpp", ".cxx", ".C", ".c++",
                               ".i", ".ii", ".m", ".mm"};
  for (const char *E : Exts)
    if (A.size() > strlen(E) && A.ends_with(E))
      return true;
  return false;
}

// A -W flag of Cubicle's own: -W[no-][error=]cubicle-<name>.
bool isCubicleWarningFlag(llvm::StringRef A) {
  if (!A.consume_front("-W"))
    return false;
  A.consume_front("no-");
  A.consume_front("error=");
  return A.starts_with("cubicle-");
}

// What a clang command line does, by clang's own option table.
struct Action {
  bool HasInput = false;  // any input file
  bool Compiles = false;  // a source file among them
  bool Links = true;      // no -c, -S, -E, -M, -fsyntax-only...
  bool Query = false;     // --version, --help, -print-*, -dump*
};

Action classify(const std::vector<std::string> &Args) {
  using namespace clang::driver::options;
  std::vector<const char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  unsigned MissingIndex, MissingCount;
  const llvm::opt::OptTable &Table = clang::driver::getDriverOptTable();
  llvm::opt::InputArgList Parsed =
      Table.ParseArgs(Argv, MissingIndex, MissingCount,
                      llvm::opt::Visibility(ClangOption));
  Action R;
  llvm::StringRef Lang; // the -x in force
  for (const llvm::opt::Arg *A : Parsed) {
    const llvm::opt::Option &O = A->getOption();
    if (O.getKind() == llvm::opt::Option::InputClass) {
      R.HasInput = true;
      if ((!Lang.empty() && Lang != "none") ? true
                                            : isSourceFile(A->getValue()))
        R.Compiles = true;
      continue;
    }
    switch (O.getID()) {
    case OPT_x:
      Lang = A->getValue();
      break;
    case OPT_c:
    case OPT_S:
    case OPT_E:
    case OPT_M:
    case OPT_MM:
    case OPT_fsyntax_only:
    case OPT__precompile:
      R.Links = false;
      break;
    default: {
      llvm::StringRef Name = O.getName().ltrim('-');
      if (Name == "version" || Name == "help" || Name.starts_with("print-") ||
          Name.starts_with("dump"))
        R.Query = true;
    }
    }
  }
  // -v and -### with inputs are a verbose build, which must show (and for
  // -v, run) the real link; without inputs they are queries.
  if (R.Query || !R.HasInput)
    R.Links = R.Links && R.HasInput;
  return R;
}

} // namespace

int main(int Argc, char **Argv) {
  std::string Self = basename(Argv[0]);
  bool Cxx = Self.find("++") != std::string::npos;
  const char *Env = getenv(Cxx ? "CUBICLE_CXX" : "CUBICLE_CC");
  std::string Compiler = Env && *Env ? Env : (Cxx ? CUBICLE_CLANGXX : CUBICLE_CLANG);
  std::string Dir = selfDir();
  std::string Lib = Dir + "/../lib";
  std::string Plugin = Lib + "/libCubicle.so";
  std::string Runtime = Lib + "/libcubicle_rt.a";
  std::string Include = Dir + "/../include";

  std::string Name;
  if (const char *E = getenv("CUBICLE_NAME"))
    Name = E;
  std::vector<std::string> Args;
  bool WindowWarnings = true;
  std::vector<std::string> PluginWarningArgs;
  for (int I = 1; I < Argc; ++I) {
    std::string A = Argv[I];
    if (A == "--no-window-warnings") {
      WindowWarnings = false;
      continue;
    }
    // Cubicle's own warning flags go to the plugin, which implements them;
    // clang would call them unknown.
    if (isCubicleWarningFlag(A)) {
      PluginWarningArgs.push_back("-fplugin-arg-cubicle-" + A.substr(1));
      continue;
    }
    if (llvm::StringRef(A).starts_with("--cubicle=")) {
      Name = A.substr(10);
      continue;
    }
    if (A == "--cubicle") {
      if (I + 1 == Argc)
        die("--cubicle needs a name");
      Name = Argv[++I];
      continue;
    }
    Args.push_back(A);
  }
  Action Act = classify(Args);
  bool Compiles = Act.Compiles, Links = Act.Links, Version = Act.Query;

  std::vector<std::string> Cmd = {Compiler};
  if (Compiles) {
    if (Name.empty())
      die("--cubicle=NAME is required when compiling (or set CUBICLE_NAME)");
    if (access(Plugin.c_str(), R_OK) != 0)
      die("cannot read the plugin " + Plugin);
    Cmd.push_back("-fplugin=" + Plugin);
    Cmd.push_back("-fpass-plugin=" + Plugin);
    Cmd.push_back("-fplugin-arg-cubicle-name=" + Name);
    if (!WindowWarnings)
      Cmd.push_back("-fplugin-arg-cubicle-no-window-warnings");
    for (std::string &W : PluginWarningArgs)
      Cmd.push_back(W);
    Cmd.push_back("-I" + Include);
  } else if (!Name.empty() && !Links && !Version) {
    // e.g. -E on a header: still make the annotations visible.
    Cmd.push_back("-I" + Include);
  }
  for (std::string &A : Args)
    Cmd.push_back(A);
  if (Links && !Version) {
    if (access(Runtime.c_str(), R_OK) != 0)
      die("cannot read the runtime " + Runtime);
    Cmd.push_back(Runtime);
    // Threads and non-local exits go through the runtime.
    Cmd.push_back("-Wl," CUBICLE_WRAP_FLAGS);
  }
  if (getenv("CUBICLE_CC_VERBOSE")) {
    for (auto &C : Cmd)
      fprintf(stderr, "%s ", C.c_str());
    fprintf(stderr, "\n");
  }
  std::vector<char *> Exec;
  for (std::string &C : Cmd)
    Exec.push_back(const_cast<char *>(C.c_str()));
  Exec.push_back(nullptr);
  execvp(Exec[0], Exec.data());
  die("cannot run " + Compiler + ": " + strerror(errno));
}
