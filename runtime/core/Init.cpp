//===- Init.cpp - Start-up: backend, keys, registration of cubicles -------===//
//
// The runtime starts from .preinit_array, before any constructor, so that
// cubicle globals are protected before cubicle code runs.  It:
//   1. picks the backend (CUBICLE_BACKEND, else mpk if the CPU and kernel
//      support it, else mprotect with a notice);
//   2. on mpk, takes every free protection key (one becomes the monitor key);
//   3. sets up the main thread (record mirror, GS base, signal stack);
//   4. registers the trusted base and every cubicle the compiler emitted a
//      descriptor for, and gives their globals their keys;
//   5. installs the fault handler and leaves monitor mode for the trusted
//      base's PKRU.
//
//===----------------------------------------------------------------------===//

#include "core/Init.h"
#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Pkru.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "core/Stats.h"
#include "faults/Fault.h"
#include "memory/Zone.h"
#include "scan/Verify.h"
#include "syscalls/SyscallFilter.h"
#include "syscalls/SyscallTrap.h"
#include "threads/Interpose.h"
#include "threads/ThreadState.h"
#include "threads/Threads.h"
#include "syscalls/SyscallPage.h"

#include <elf.h>
#include <errno.h>
#include <link.h>
#include <sys/auxv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace cubicle;

// All mutable runtime state, on pages of its own that carry the monitor key.
struct alignas(kPageSize) MonitorStorage {
  Monitor M;
};
__attribute__((section("cubicle_monitor"), used)) static MonitorStorage
    gMonitorStorage;

extern "C" char __start_cubicle_monitor[];
extern "C" char __stop_cubicle_monitor[];
extern "C" TuRecord __start_cubicle_tus[] __attribute__((weak));
extern "C" TuRecord __stop_cubicle_tus[] __attribute__((weak));

namespace cubicle {

Monitor *const Mon = &gMonitorStorage.M;

[[noreturn]] void fatal(const char *Fmt, ...) {
  char Msg[512];
  va_list Ap;
  va_start(Ap, Fmt);
  formatV(Msg, sizeof(Msg), Fmt, Ap);
  va_end(Ap);
  ErrorReport("%s", Msg).summary("fatal");
  abort();
}

// The environment.  In a dynamically linked program, .preinit_array runs
// before libc has set up environ, so start-up uses the envp the loader passes
// to preinit functions.
static char **gEnvp;

const char *env(const char *Name) {
  if (!gEnvp)
    return getenv(Name);
  size_t Len = strlen(Name);
  for (char **E = gEnvp; *E; ++E)
    if (!strncmp(*E, Name, Len) && (*E)[Len] == '=')
      return *E + Len + 1;
  return nullptr;
}

static BackendKind chooseBackend() {
  const char *Env = env("CUBICLE_BACKEND");
  bool Pku = cpuHasPku();
  if (Env && *Env) {
    if (!strcmp(Env, "none"))
      return BackendKind::None;
    if (!strcmp(Env, "mprotect"))
      return BackendKind::Mprotect;
    if (strcmp(Env, "mpk"))
      fatal("CUBICLE_BACKEND=%s: expected mpk, mprotect or none", Env);
    if (!Pku)
      fatal("CUBICLE_BACKEND=mpk, but this CPU or kernel has no PKU/OSPKE");
    return BackendKind::Mpk;
  }
  if (Pku)
    return BackendKind::Mpk;
  printErr("cubicle: no MPK on this machine (CPU or kernel without PKU); "
           "using the mprotect backend (single-threaded)\n");
  return BackendKind::Mprotect;
}

static void allocateKeys() {
  int First = pkeyAlloc();
  if (First <= 0) {
    if (env("CUBICLE_BACKEND"))
      fatal("CUBICLE_BACKEND=mpk, but pkey_alloc failed (errno %d)", errno);
    printErr("cubicle: pkey_alloc failed (errno %d); using the mprotect "
             "backend (single-threaded)\n",
             errno);
    Mon->Backend = BackendKind::Mprotect;
    return;
  }
  Mon->MonitorKey = First;
  // Reserved keys: monitor memory, pages in a masked single step, and the
  // shared key of cubicles beyond the hardware keys.
  Mon->StepKey = pkeyAlloc();
  Mon->VirtualKey = pkeyAlloc();
  if (Mon->StepKey <= 0 || Mon->VirtualKey <= 0)
    fatal("pkey_alloc gave fewer than three keys; Cubicle needs at least four");
  for (int K = pkeyAlloc(); K > 0; K = pkeyAlloc())
    Mon->FreeKeys |= 1u << K;
}

static size_t parseSize(const char *Name, size_t Default, size_t Min,
                        size_t Max) {
  const char *Env = env(Name);
  if (!Env || !*Env)
    return Default;
  char *End;
  unsigned long long V = strtoull(Env, &End, 0);
  if (*End == 'k' || *End == 'K')
    V <<= 10, ++End;
  else if (*End == 'm' || *End == 'M')
    V <<= 20, ++End;
  if (*End || V < Min || V > Max || (V & (V - 1)))
    fatal("%s=%s: expected a power of two between %zu and %zu", Name, Env,
          Min, Max);
  return size_t(V);
}

static void readOptions() {
  Mon->StackSlotSize = parseSize("CUBICLE_STACK_SIZE", size_t(8) << 20,
                                 size_t(128) << 10, size_t(256) << 20);
  const char *Stats = env("CUBICLE_STATS");
  if (Stats && *Stats && strcmp(Stats, "0")) {
    Mon->StatsEnabled = true;
    if (!strncmp(Stats, "dot:", 4)) {
      if (strlen(Stats + 4) >= sizeof(Mon->StatsDot))
        fatal("CUBICLE_STATS=dot:FILE: file name too long");
      strcpy(Mon->StatsDot, Stats + 4);
    }
  }
  const char *Halt = env("CUBICLE_HALT_ON_ERROR");
  Mon->HaltOnError = Halt && !strcmp(Halt, "1");
  const char *Eager = env("CUBICLE_EAGER_STACKS");
  Mon->EagerStacks = Eager && !strcmp(Eager, "1");
  const char *Verbose = env("CUBICLE_VERBOSE");
  Mon->Verbose = Verbose && !strcmp(Verbose, "1");
}

static void addGlobalBlock(Cubicle &C, uintptr_t Begin, uintptr_t End,
                           MemKind Kind, const char *Source) {
  if (Begin == End)
    return;
  if ((Begin | End) & (kPageSize - 1))
    fatal("globals of %s (cubicle '%s') are not page-aligned: was it built "
          "with a different version of the plugin?",
          Source ? Source : "?", C.name());
  int Prot = Kind == MemKind::GlobalRO ? PROT_READ : PROT_READ | PROT_WRITE;
  for (int I = 0; I < C.NumGlobals; ++I) {
    Region &R = C.Globals[I];
    if (R.Kind != Kind)
      continue;
    if (R.End == Begin) {
      R.End = End;
      return;
    }
    if (R.Begin == End) {
      R.Begin = Begin;
      return;
    }
  }
  if (C.NumGlobals == kMaxGlobalBlocks)
    fatal("cubicle '%s' has its globals in more than %d pieces", C.name(),
          kMaxGlobalBlocks);
  C.Globals[C.NumGlobals++] = {Begin, End, Kind, Prot};
}

static void registerPassCubicles() {
  for (DescPage *D = descBegin(); D < descEnd(); ++D) {
    if (D->Magic != CUBICLE_DESC_MAGIC_VALUE || isRuntimeDesc(D))
      continue;
    Mon->PassCubicles = true;
    if (!registerCubicle(D, /*FromPass=*/true))
      fatal("cannot register cubicle '%s' (more than %d cubicles?)", D->Name,
            kMaxCubicles);
  }
  for (TuRecord *R = __start_cubicle_tus; R && R < __stop_cubicle_tus; ++R) {
    if (R->Magic != CUBICLE_DESC_MAGIC_VALUE ||
        R->Version != CUBICLE_ABI_VERSION)
      fatal("%s was built for Cubicle ABI %u, this runtime is ABI %u",
            R->Source ? R->Source : "a translation unit", R->Version,
            CUBICLE_ABI_VERSION);
    Cubicle *C = cubicleByDesc(R->Desc);
    if (!C)
      fatal("%s names an unknown cubicle", R->Source ? R->Source : "a TU");
    addGlobalBlock(*C, R->RwBegin, R->RwEnd, MemKind::Global, R->Source);
    addGlobalBlock(*C, R->RoBegin, R->RoEnd, MemKind::GlobalRO, R->Source);
  }
  for (int I = 1; I < Mon->NumCubicles; ++I) {
    Cubicle &C = Mon->Cubicles[I];
    for (int B = 0; B < C.NumGlobals; ++B)
      backend().applyOwner(C.Globals[B].Begin, C.Globals[B].End,
                           C.Globals[B].Prot, C, C.Globals[B].Kind);
  }
}

// Entry records (cubicle/abi.h) are trusted by gates because they are
// read-only.  A dynamic loader makes RELRO read-only; in a static executable
// nobody does, so the runtime does it here, after relocation.
bool executableRelro(uintptr_t &Begin, uintptr_t &End) {
  auto *Phdr = reinterpret_cast<const ElfW(Phdr) *>(getauxval(AT_PHDR));
  size_t Num = getauxval(AT_PHNUM);
  uintptr_t Bias = 0;
  for (size_t I = 0; Phdr && I < Num; ++I)
    if (Phdr[I].p_type == PT_PHDR)
      Bias = uintptr_t(Phdr) - Phdr[I].p_vaddr;
  for (size_t I = 0; Phdr && I < Num; ++I)
    if (Phdr[I].p_type == PT_GNU_RELRO) {
      Begin = pageDown(Bias + Phdr[I].p_vaddr);
      End = pageDown(Bias + Phdr[I].p_vaddr + Phdr[I].p_memsz);
      return true;
    }
  return false;
}

static void protectRelro() {
  uintptr_t Begin, End;
  if (executableRelro(Begin, End) && End > Begin)
    sys::mprotect(reinterpret_cast<void *>(Begin), End - Begin, PROT_READ);
}

static void initialize() {
  // Start-up is single-threaded: .preinit_array runs before main and any
  // constructor that could start a thread.
  Mon->MonitorKey = -1;
  Mon->VirtualKey = -1;
  Mon->StepKey = -1;
  Mon->ActiveVirtual = kNobody;
  Mon->AlsoOpen = kNobody;
  // First: an image exec'd by a cubicle program has its filter's traps
  // before this one installs its own.
  installSyscallTrap();
  readOptions();
  // The system-call page, then the zone around it: the filter refuses
  // memory calls on all of it.
  mapSyscallPage();
  reserveZone();
  // Before anything a cubicle could run, and before the first thread's
  // GS, which goes through the runtime's system-call page.
  installSyscallMonitor();
  Mon->Backend = chooseBackend();
  if (backend().usesWrpkru())
    allocateKeys();
  backend().applyMonitor(uintptr_t(__start_cubicle_monitor),
                         uintptr_t(__stop_cubicle_monitor));
  reserveLazyRegion();
  ThreadState *T = setupThread();
  T->InMonitor = 1;
  if (pthread_key_create(&Mon->ThreadKey, retireThread) != 0)
    fatal("pthread_key_create failed");
  registerForkHandlers();
  DescPage *Trusted = runtimeDesc(0);
  strcpy(Trusted->Name, "<trusted>");
  if (!registerCubicle(Trusted, /*FromPass=*/false))
    fatal("cannot register the trusted base");
  registerPassCubicles();
  // Descriptors are read by every gate and written only by the runtime.
  backend().applyMonitor(uintptr_t(descBegin()), uintptr_t(descEnd()));
  installFaultHandlers();
  statsInit();
  protectRelro();
  routeLibraryThreads();
  verifyCode();
  Mon->Initialized = true;
  if (Mon->Verbose)
    printErr("cubicle: backend %s, %d cubicles, monitor key %d\n",
             backend().name(), Mon->NumCubicles, Mon->MonitorKey);
  T->Current = CUBICLE_TRUSTED;
  leaveMonitorTo(*T, Mon->Cubicles[CUBICLE_TRUSTED]);
}

void ensureInitialized() {
  if (!Mon->Initialized)
    initialize();
}

} // namespace cubicle

static void preinit(int, char **, char **Envp) {
  gEnvp = Envp;
  ensureInitialized();
  gEnvp = nullptr;
}

__attribute__((section(".preinit_array"), used)) static void (*gPreinit)(
    int, char **, char **) = preinit;

extern "C" const char *cubicle_backend(void) {
  ensureInitialized();
  return backend().name();
}
