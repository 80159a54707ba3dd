//===- GateSupport.cpp - What inline gates call into ----------------------===//
//
// The compiler's gates are inline; they call the runtime only
//   - for the page switch on mprotect, and for cubicles beyond the hardware
//     keys on mpk (__cubicle_gate_switch/__cubicle_gate_complete, whose
//     register-preserving wrappers are in Switch.S);
//   - to report a failed check (a jump into a gate) or a call the compiler
//     could not gate;
//   - through entry stubs, for the generic entry (enter and leave, with
//     the windows of the call: WindowSpec.cpp);
//   - for allocation, with the caller's descriptor (Allocation.cpp).
//
//===----------------------------------------------------------------------===//

#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "core/Stats.h"
#include "faults/Symbolize.h"
#include "gates/EntryStubs.h"
#include "gates/WindowSpec.h"
#include "threads/ThreadState.h"
#include "threads/Threads.h"
#include "windows/FormatArgs.h"
#include "windows/KeptWindows.h"
#include "windows/OwnedBlocks.h"
#include "windows/ResultCopies.h"
#include "windows/Windows.h"

#include <errno.h>
#include <malloc.h>
#include <new>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

using namespace cubicle;

extern "C" void __cubicle_gate_switch_impl(DescPage *To, DescPage *Also) {
  MonitorGuard G;
  Cubicle *T = cubicleByDesc(To);
  Cubicle *A = Also ? cubicleByDesc(Also) : nullptr;
  if (!G.ok() || !T)
    fatal("gate switch from a context the runtime does not know");
  backend().switchTo(G.thread(), *T, A);
}

extern "C" void __cubicle_gate_complete_impl() {
  MonitorGuard G;
  if (!G.ok())
    fatal("gate completion from a context the runtime does not know");
  ThreadState &T = G.thread();
  if (Mon->AlsoOpen != kNobody)
    backend().switchTo(T, *cubicleById(T.Current), nullptr);
}


// Called by a gate whose check failed; the return address names the gate.
extern "C" [[noreturn]] void __cubicle_gate_check_failed() {
  uintptr_t Pc = uintptr_t(__builtin_return_address(0));
  char Func[128] = "??";
  uintptr_t Off = 0;
  symbolize(Pc, Func, sizeof(Func), &Off);
  ErrorReport R("gate check failed in %s+0x%zx (pc %p)", Func, size_t(Off),
                (void *)Pc);
  R.line("The PKRU written, the caller's frame or the return site is not the "
         "one this gate allows (a jump into the middle of a gate?).");
  R.summary("gate-check-failed in %s", Func);
  abort();
}

extern "C" [[noreturn]] void __cubicle_unsupported_call(DescPage *Caller,
                                                        DescPage *Callee,
                                                        const char *What) {
  Cubicle *A = cubicleByDesc(Caller), *B = cubicleByDesc(Callee);
  ErrorReport R("cubicle '%s' called into cubicle '%s' but the compiler "
                "could not gate this call: %s",
                A ? A->name() : "?", B ? B->name() : "?", What);
  R.summary("ungated-call from cubicle '%s' into cubicle '%s'",
            A ? A->name() : "?", B ? B->name() : "?");
  abort();
}

//===-- The generic entry (Switch.S: __cubicle_stub_enter) ------------------===//

// Read by the indirect-call checks in cubicle code (see checkIndirectCalls
// in the pass): the magic occurs in cubicle code only in stub prefixes.
extern "C" const uint64_t __cubicle_stub_magic = CUBICLE_STUB_MAGIC;

namespace {

struct EntryRecord {
  DescPage *Desc;
  void *Body;
  void *Stub;
  uint64_t StackArgs;
  const uint8_t *Windows; // window spec (cubicle/abi.h), or null
};
static_assert(sizeof(EntryRecord) == CUBICLE_ENTRY_SIZE, "abi");
static_assert(__builtin_offsetof(EntryRecord, Windows) ==
                  CUBICLE_ENTRY_WINDOWS,
              "abi");

// The spec of an entry without windows: no parameters, no windows.
constexpr uint8_t kNoWindows[CUBICLE_WSPEC_HEADER] = {CUBICLE_WSPEC_VERSION};


struct StubResult {
  uintptr_t Sp;
  uint64_t Token;
};

extern "C" char __start_cubicle_text[] __attribute__((weak));
extern "C" char __stop_cubicle_text[] __attribute__((weak));

// An entry record is genuine if its stub's prefix points back to it: both
// are read-only, so only the compiler can have made such a pair.
bool genuineEntry(const EntryRecord *E) {
  auto In = [](const void *P) {
    return __start_cubicle_text && P >= __start_cubicle_text &&
           P < __stop_cubicle_text;
  };
  if (!E || !In(E->Stub) || !In(E->Body))
    return false;
  auto *Prefix = static_cast<const uint64_t *>(E->Stub) - 2;
  return Prefix[0] == CUBICLE_STUB_MAGIC &&
         Prefix[1] == uint64_t(uintptr_t(E) - uintptr_t(E->Stub)) &&
         cubicleByDesc(E->Desc);
}

} // namespace

namespace cubicle {
bool isCubicleCode(const void *P) {
  return __start_cubicle_text && P >= __start_cubicle_text &&
         P < __stop_cubicle_text;
}

// The cubicle whose entry stub P is, or null if P is not an entry stub.
Cubicle *cubicleOfEntryStub(const void *P) {
  if (!__start_cubicle_text || P < __start_cubicle_text + 16 ||
      P >= __stop_cubicle_text)
    return nullptr;
  auto *Prefix = static_cast<const uint64_t *>(P) - 2;
  if (Prefix[0] != CUBICLE_STUB_MAGIC)
    return nullptr;
  auto *E = reinterpret_cast<const EntryRecord *>(uintptr_t(P) + Prefix[1]);
  if (!genuineEntry(E) || E->Stub != P)
    return nullptr;
  return cubicleByDesc(E->Desc);
}
} // namespace cubicle

// Why a copy for code built without the plugin is refused: it has no
// memory of its own to put one in.
static constexpr const char *kNoTrustedCopies =
    "the caller is code built without the plugin, which has no cubicle "
    "memory for a copy: call the function from a cubicle";

// One report for a window refused at a call; Param CUBICLE_WSPEC_RESULT:
// the result's window, on return; Field >= 0: the window of the pointer
// field at that offset in the struct parameter Param lends.
[[noreturn]] void windowRefused(const Cubicle &Caller, const Cubicle &Callee,
                                const EntryRecord *E, int Param,
                                const char *Why, int Field = -1) {
  char Func[128] = "??";
  uintptr_t Off;
  symbolize(uintptr_t(E->Body), Func, sizeof(Func), &Off);
  char What[80] = "result window";
  if (Field >= 0)
    format(What, sizeof(What),
           "window for the field at offset %d of parameter %d", Field,
           Param + 1);
  else if (Param != CUBICLE_WSPEC_RESULT)
    format(What, sizeof(What), "window for parameter %d", Param + 1);
  ErrorReport("%s of %s (cubicle '%s', called from cubicle '%s') refused: %s",
              What, Func, Callee.name(), Caller.name(), Why)
      .summary("bad-window");
  abort();
}

// The result of a call whose function has a result window: a pointer the
// caller may read already (its own memory, the trusted base's) stays as it
// is; one into the callee's memory becomes a copy in the caller's memory
// (windows/ResultCopies.cpp says why a copy, and how long it lives).
static uint64_t lendResult(ThreadState &T, const Transition &Tr,
                           Cubicle &Caller, const Cubicle &Callee, uint64_t P) {
  if (!P)
    return 0;
  auto *E = static_cast<const EntryRecord *>(Tr.Entry);
  uint64_t Size = Tr.ResultSize;
  if (Tr.ResultKind == CUBICLE_WKIND_STRING) {
    if (stringSize(Caller, P, Size))
      return P;
    if (!stringSize(Callee, P, Size))
      windowRefused(Caller, Callee, E, CUBICLE_WSPEC_RESULT,
                    "the string is not the callee's to lend");
  }
  if (Tr.ResultKind == CUBICLE_WKIND_ZARRAY) {
    uint64_t Elem = Size;
    if (zeroEndedSize(Caller, P, Elem, Size))
      return P;
    if (!zeroEndedSize(Callee, P, Elem, Size))
      windowRefused(Caller, Callee, E, CUBICLE_WSPEC_RESULT,
                    "the callee cannot read an array ending with an all-zero "
                    "element there");
  }
  bool Writable = Tr.ResultKind == CUBICLE_WKIND_WRITE;
  if (!Size || callerMay(Caller, P, Size, Writable))
    return P;
  if (!callerMay(Callee, P, Size, Writable))
    windowRefused(Caller, Callee, E, CUBICLE_WSPEC_RESULT,
                  "the callee cannot read all of that memory");
  uintptr_t Copy = resultCopy(T, Caller, P, Size);
  if (!Copy)
    windowRefused(Caller, Callee, E, CUBICLE_WSPEC_RESULT,
                  Caller.Id == CUBICLE_TRUSTED
                      ? kNoTrustedCopies
                      : "no room for its copy in the caller's memory");
  if (Writable)
    keepWritable(T, Caller, Callee, P, Copy, Size);
  countWindowOpen(Caller.Id, Callee.Id);
  return Copy;
}

// The result of a call whose function hands over what it returns
// (CUBICLE_RESULT_OWNED): a block of the callee's becomes a block of the
// caller's with its bytes (windows/OwnedBlocks.cpp says why and who may
// touch what).  A pointer the caller may use already is returned as it is.
static uint64_t handOver(Cubicle &Caller, const Cubicle &Callee,
                         const EntryRecord *E, int Param, bool String,
                         uint64_t Size, uint64_t P) {
  if (!P)
    return 0;
  if (String) {
    if (stringSize(Caller, P, Size))
      return P;
    if (!stringSize(Callee, P, Size))
      windowRefused(Caller, Callee, E, Param,
                    "the string is not the callee's to hand over");
  }
  if (callerMay(Caller, P, Size ? Size : 1, true))
    return P;
  if (!callerMay(Callee, P, Size, true))
    windowRefused(Caller, Callee, E, Param,
                  "the block handed over is not all the callee's to give");
  uintptr_t Block = takeOwned(Callee, Caller, P, Size);
  if (!Block && Caller.Id == CUBICLE_TRUSTED)
    windowRefused(Caller, Callee, E, Param, kNoTrustedCopies);
  if (!Block) {
    char Why[160];
    format(Why, sizeof(Why),
           "no room for a block of %zu bytes in the caller's memory (at "
           "most %d blocks handed over at once)",
           size_t(Size), kMaxOwnedBlocks);
    windowRefused(Caller, Callee, E, Param, Why);
  }
  countWindowOpen(Caller.Id, Callee.Id);
  return Block;
}

static uint64_t takeResult(const Transition &Tr, Cubicle &Caller,
                           const Cubicle &Callee, uint64_t P) {
  return handOver(Caller, Callee, static_cast<const EntryRecord *>(Tr.Entry),
                  CUBICLE_WSPEC_RESULT,
                  Tr.ResultKind == CUBICLE_WKIND_OWNED_STRING, Tr.ResultSize,
                  P);
}

// A callee that calls back into the cubicle that lent it copies (a sort
// calling the lender's comparator with pointers into the array) hands it
// pointers into the copies.  Register arguments that point into a copy of
// the nearest such enclosing call point back at the lender's own memory,
// and read-write copies are synced to it first, so the callback reads the
// callee's current view without any annotation; the return syncs them
// back (syncLentCopies).  Only the lender's own bytes move: it gets its
// own memory, never the callee's.
static void returnLentPointers(ThreadState &T, Transition &Tr,
                               const Cubicle &Lender, uint64_t *Regs) {
  Tr.SyncDepth = -1;
  Tr.SyncMask = 0;
  for (int D = T.Depth - 2; D >= 0; --D) {
    Transition &O = T.Trans[D];
    if (O.From != Tr.To || O.To != Tr.From)
      continue;
    static constexpr int kArgSlots[] = {kSlotRdi, kSlotRsi, kSlotRdx,
                                        kSlotRcx, kSlotR8,  kSlotR9};
    for (int S : kArgSlots)
      for (int W = 0; W < O.NumWindows; ++W) {
        const CallWindow &CW = O.Windows[W];
        if (CW.InPlace || Regs[S] - CW.Bounce >= CW.Size)
          continue;
        Regs[S] = CW.CallerPtr + (Regs[S] - CW.Bounce);
        if (!CW.CopyBack || (Tr.SyncMask & (1u << W)))
          continue;
        if (!callerMay(Lender, CW.CallerPtr, CW.Size, true))
          fatal("window copy-back into memory cubicle '%s' can no longer "
                "write",
                Lender.name());
        memcpy(reinterpret_cast<void *>(CW.CallerPtr),
               reinterpret_cast<const void *>(CW.Bounce), CW.Size);
        Tr.SyncMask |= 1u << W;
      }
    Tr.SyncDepth = int8_t(D);
    return;
  }
}

// The return of such a callback: what the lender changed goes back into
// the copies the callee works on.
static void syncLentCopies(ThreadState &T, const Transition &Tr) {
  if (Tr.SyncDepth < 0)
    return;
  const Transition &O = T.Trans[Tr.SyncDepth];
  for (int W = 0; W < O.NumWindows; ++W)
    if (Tr.SyncMask & (1u << W))
      memcpy(reinterpret_cast<void *>(O.Windows[W].Bounce),
             reinterpret_cast<const void *>(O.Windows[W].CallerPtr),
             O.Windows[W].Size);
}

// The variadic strings of a call whose format window lends Fmt (the
// caller's; its length was checked): each %s argument becomes a string
// window of the call (copied, read-only), and StackArgs the stack bytes the
// format consumes.  A CallWindow of one names its argument slot in
// FieldOffset: an integer register (0-5), or 6 + the stack slot.
static void lendFormatStrings(ThreadState &T, Transition &Tr,
                              const Cubicle &Caller, const Cubicle &Callee,
                              const EntryRecord *E, int Param, const char *Fmt,
                              FormatDialect D, uint64_t *CallerRegs,
                              char *CallerStack, uint64_t &StackArgs,
                              size_t &BounceTotal) {
  VarArg Strings[kMaxCallWindows];
  const char *Why = "";
  size_t Stack = 0;
  // The format's own window comes after these, so leave it a slot.
  int Room = kMaxCallWindows - Tr.NumWindows - 1;
  int N = formatArgs(Fmt, D, unsigned(Param + 1), Strings, Room < 0 ? 0 : Room,
                     Stack, Why);
  if (N < 0)
    windowRefused(Caller, Callee, E, Param, Why);
  StackArgs = Stack;
  for (int I = 0; I < N; ++I) {
    uint64_t *Slot = Strings[I].Reg >= 0
                         ? &CallerRegs[regArgSlot(unsigned(Strings[I].Reg))]
                         : reinterpret_cast<uint64_t *>(
                               CallerStack + Strings[I].StackOffset);
    uintptr_t S = *Slot;
    uint64_t Size;
    if (!S)
      continue; // printf prints (null)
    if (!stringSize(Caller, S, Size))
      windowRefused(Caller, Callee, E, Param,
                    "a string its %s takes is not the caller's to lend");
    BounceTotal += (Size + 15) & ~uint64_t(15);
    if (BounceTotal > kMaxBounce)
      windowRefused(Caller, Callee, E, Param,
                    "the strings its %s take are too many bytes to copy");
    unsigned Where = Strings[I].Reg >= 0
                         ? unsigned(Strings[I].Reg)
                         : unsigned(6 + Strings[I].StackOffset / 8);
    Tr.Windows[Tr.NumWindows++] = {S,     S,     size_t(Size), false,
                                   false, false, false,        -1,
                                   kVarArgParam, -1, uint16_t(Where), false,
                                   -1};
    countWindowOpen(Caller.Id, Callee.Id);
  }
}

// The va_list of a call whose format window is CUBICLE_WINDOW_VFORMAT
// (sqlite3_vmprintf): the caller's list lives in its memory, its pointers
// to its stack.  The callee gets a list of its own instead, in a window
// built here: every argument the format consumes, in order, in the
// overflow area (va_arg reads them there once both register offsets say
// the registers are used up), each string a copy of the caller's
// (read-only).  Slots holds the list's words; the copies' addresses go in
// once they are placed.  Only what the format consumes is read, each word
// checked readable by the caller.
static void lendFormatVaList(Transition &Tr, const Cubicle &Caller,
                             const Cubicle &Callee, const EntryRecord *E,
                             int Param, const char *Fmt, FormatDialect D,
                             uintptr_t List, uint64_t *Slots,
                             size_t &BounceTotal) {
  if (!List || !callerMay(Caller, List, sizeof(VaListLayout), false))
    windowRefused(Caller, Callee, E, Param + 1,
                  "the va_list is not the caller's to read");
  FormatArg Args[kMaxFormatArgs];
  const char *Why = "";
  int N = formatArgList(Fmt, D, Args, kMaxFormatArgs, Why);
  if (N < 0)
    windowRefused(Caller, Callee, E, Param, Why);
  VaListLayout V;
  memcpy(&V, reinterpret_cast<const void *>(List), sizeof(V));
  // The list's own window and the format's come after the strings.
  int Room = kMaxCallWindows - Tr.NumWindows - 2;
  for (int I = 0; I < N; ++I) {
    uint64_t At = vaArgAddress(V, Args[I]);
    if (!callerMay(Caller, At, 8, false))
      windowRefused(Caller, Callee, E, Param + 1,
                    "an argument its format consumes is not in the caller's "
                    "memory");
    memcpy(&Slots[I], reinterpret_cast<const void *>(At), 8);
    uint64_t Size;
    if (Args[I] != FormatArg::String || !Slots[I])
      continue; // printf prints (null), SQLite's %Q NULL
    if (!stringSize(Caller, Slots[I], Size))
      windowRefused(Caller, Callee, E, Param,
                    "a string its format takes is not the caller's to lend");
    if (Room-- <= 0)
      windowRefused(Caller, Callee, E, Param,
                    "more strings in the format than one call may lend");
    BounceTotal += (Size + 15) & ~uint64_t(15);
    Tr.Windows[Tr.NumWindows++] = {
        Slots[I], Slots[I], size_t(Size), false, false, false, false, -1,
        kVaListArgParam, -1, uint16_t(I), false, -1};
    countWindowOpen(Caller.Id, Callee.Id);
  }
  size_t Size = sizeof(VaListLayout) + 8 * size_t(N);
  BounceTotal += (Size + 15) & ~size_t(15);
  if (BounceTotal > kMaxBounce)
    windowRefused(Caller, Callee, E, Param,
                  "the strings its format takes are too many bytes to copy");
  Tr.Windows[Tr.NumWindows] = {List, List, Size, false, false, false, false,
                               -1, int8_t(Param + 1), -1, 0, false, -1};
  Tr.Windows[Tr.NumWindows++].Built = true;
}

// A size passed by pointer (*destLen), read in monitor mode: only what the
// caller itself may read.
static bool loadForSize(const void *Ctx, uint64_t Addr, unsigned Width,
                        uint64_t &Out) {
  if (!Width) // len_or_cstr(n) with n < 0: the string's size
    return stringSize(*static_cast<const Cubicle *>(Ctx), Addr, Out);
  if (!callerMay(*static_cast<const Cubicle *>(Ctx), Addr, Width, false))
    return false;
  Out = 0;
  memcpy(&Out, reinterpret_cast<const void *>(Addr), Width);
  return true;
}

// The integer arguments of a call that spec places, from the caller's
// block; returns which it found (bit I: parameter I).
static uint32_t readArgs(const WindowSpec &WSpec, uint64_t *CallerRegs,
                         char *CallerStack, uint64_t *Args) {
  uint32_t Known = 0;
  for (unsigned I = 0; I < WSpec.numParams(); ++I)
    if (uint64_t *Slot = argSlot(WSpec, I, CallerRegs, CallerStack)) {
      Args[I] = *Slot;
      Known |= 1u << I;
    }
  return Known;
}

extern "C" StubResult __cubicle_stub_enter_impl(uint64_t *Block,
                                                const EntryRecord *E) {
  MonitorGuard G;
  if (!G.ok())
    fatal("a call into a cubicle through its entry stub from a context the "
          "runtime does not know (a signal handler, or an unknown thread?)");
  if (!genuineEntry(E))
    fatal("the generic entry was given a forged entry record");
  ThreadState &T = G.thread();
  Cubicle &Caller = G.caller();
  Cubicle &Callee = *cubicleByDesc(E->Desc);
  if (T.Depth == kMaxTransitions)
    fatal("calls through entry stubs nested deeper than %d", kMaxTransitions);
  Transition &Tr = T.Trans[T.Depth++];
  Tr.From = Caller.Id;
  Tr.To = Callee.Id;
  Tr.CallerSp = uintptr_t(Block);
  countCall(Caller.Id, Callee.Id);
  backend().switchTo(T, Callee, &Caller);
  Tr.CallerRecordSp = callOut(T, Caller, uintptr_t(Block));
  writeBackResults(T, Caller, Callee);
  // Stack arguments to copy: the record's, or for a variadic function with
  // a format window, what its format consumes (found below).
  uint64_t StackArgs = E->StackArgs;
  uintptr_t Top = ensureStack(T, Callee);
  size_t Regs = kXmmBytes + kArgRegBytes;
  uint64_t *CallerRegs = Block + kXmmBytes / 8;
  char *CallerStack =
      reinterpret_cast<char *>(Block) + Regs + kSavedBytes + 8;
  // Windows (CUBICLE_WINDOW annotations): sizes from the arguments, copies
  // of the caller's memory at the top of the callee's stack.
  WindowSpec WSpec(E->Windows ? E->Windows : kNoWindows);
  if (!WSpec.valid())
    fatal("an entry record's window spec is not one this runtime reads "
          "(version %u)",
          unsigned(E->Windows[0]));
  // The integer arguments the size expressions may use.
  uint64_t Args[CUBICLE_WSPEC_MAX_PARAMS];
  uint32_t Known = readArgs(WSpec, CallerRegs, CallerStack, Args);
  Tr.NumWindows = 0;
  size_t BounceTotal = 0;
  Tr.ResultKind = 0;
  Tr.Entry = E;
  // Which call window each window of the spec became (-1: none, for a null
  // pointer), so that field windows find their struct's.
  int8_t Slot[CUBICLE_WSPEC_MAX_WINDOWS];
  int Released = -1;
  // Arguments the callee gets changed (a block given back, a handle or its
  // proxy), written into its copy of the arguments.
  struct {
    unsigned Param;
    uintptr_t Value;
  } Overrides[CUBICLE_WSPEC_MAX_WINDOWS];
  int NumOverrides = 0;
  // A va_list rebuilt for the callee (lendFormatVaList): its words.
  uint64_t VaSlots[kMaxFormatArgs];
  Tr.NumProxies = Tr.ProxyEnd = 0;
  Tr.DropTie = 0;
  for (unsigned I = 0; I < WSpec.numWindows(); ++I) {
    WindowSpec::Window W = WSpec.window(I);
    Slot[I] = -1;
    if (W.Param == CUBICLE_WSPEC_RESULT) {
      // The result's window is lent on the way back (lendResult), with
      // its size from the arguments then (resultSize).
      Tr.ResultKind = uint8_t(W.Kind);
      Tr.ResultWindow = uint8_t(I);
      continue;
    }
    uintptr_t P;
    uint64_t StrvCount = kNullEnded;
    int Param = int(W.Param), Field = -1;
    const CallWindow *Parent = nullptr;
    if (W.Flags & CUBICLE_WFLAG_FIELD) {
      // A pointer field of a struct lent by an earlier window: the field
      // as the caller set it, its size from the caller's struct.
      if (W.Param >= I)
        fatal("an entry record's field window names a later window");
      if (Slot[W.Param] < 0)
        continue; // no struct lent, no field
      Parent = &Tr.Windows[Slot[W.Param]];
      Param = Parent->Param;
      Field = int(W.FieldOffset);
      if (W.FieldOffset + sizeof(uintptr_t) > Parent->Size)
        windowRefused(Caller, Callee, E, Param,
                      "the field lies outside the struct lent", Field);
      memcpy(&P, reinterpret_cast<const void *>(Parent->CallerPtr + Field),
             sizeof(P));
    } else {
      if (W.Param >= WSpec.numParams() || !(Known & (1u << W.Param)))
        windowRefused(Caller, Callee, E, Param, "parameter not found");
      P = Args[W.Param];
    }
    uint64_t Size = 0;
    if (W.Kind == CUBICLE_WKIND_OWNED_STRING) {
      // An out-parameter's string, taken when the call returns: whatever
      // the caller left there (often nothing set) is not looked at.
      if (!Parent || W.FieldOffset != 0 || Parent->Size != sizeof(uintptr_t))
        fatal("an entry record's window spec has a malformed owned "
              "out-parameter");
      CallWindow &CW = Tr.Windows[Tr.NumWindows];
      CW = {P,     P,  0,     false, true, false, false, -1, -1,
            Slot[W.Param], 0, false, -1};
      CW.TakesOwned = true;
      Slot[I] = int8_t(Tr.NumWindows++);
      continue;
    }
    if (!P)
      continue; // a null pointer lends nothing
    if (W.Kind == CUBICLE_WKIND_INTO) {
      // Resolved once every window has its copy (below).
      const uint8_t *Op = WSpec.ops() + 8 * WSpec.window(I).Begin;
      if (!Parent || WSpec.window(I).End != WSpec.window(I).Begin + 1 ||
          Op[7] != CUBICLE_WOP_PARAM || Op[0] >= WSpec.numParams())
        fatal("an entry record's window spec has a malformed pointer into "
              "another window");
      CallWindow &CW = Tr.Windows[Tr.NumWindows];
      CW = {P,  P,  0,
            false, true, false,
            false, -1, -1,
            Slot[W.Param], uint16_t(Field), false,
            int8_t(Op[0])};
      Slot[I] = int8_t(Tr.NumWindows++);
      continue;
    }
    if (W.Kind == CUBICLE_WKIND_HANDLE) {
      if (Parent)
        fatal("an entry record's window spec has a handle in a struct field");
      // The callee gets its own handle back, or a proxy of the caller's.
      uint64_t Head = 0;
      bool UserData = W.Flags & CUBICLE_WFLAG_USER_DATA;
      if (!UserData &&
          evalWindowSize(WSpec, I, Args, Known, kMaxHandleHead, Head) !=
              SizeResult::Ok)
        windowRefused(Caller, Callee, E, Param,
                      "the handle's head size is malformed or too large");
      uintptr_t Out;
      int Proxy;
      const char *Why = "";
      if (!crossHandle(Caller, Callee, P, Head, UserData, Out, Proxy, Why))
        windowRefused(Caller, Callee, E, Param, Why);
      if (Proxy >= 0) {
        if (W.Flags & CUBICLE_WFLAG_END)
          Tr.ProxyEnd |= uint8_t(1u << Tr.NumProxies);
        Tr.Proxies[Tr.NumProxies++] = int16_t(Proxy);
      }
      if (Out != P)
        Overrides[NumOverrides++] = {W.Param, Out};
      continue;
    }
    if (W.Kind == CUBICLE_WKIND_DROPS) {
      if (Parent)
        fatal("an entry record's window spec drops a struct field's windows");
      Tr.DropTie = P;
      continue;
    }
    if (W.Kind == CUBICLE_WKIND_GIVEN) {
      if (Parent)
        fatal("an entry record's window spec hands over a struct field");
      uintptr_t Out;
      if (callerMay(Callee, P, 1, true))
        continue; // the callee's own already
      if (!takeBlock(Caller, Callee, P, Out))
        windowRefused(Caller, Callee, E, Param,
                      "it points into no heap block of the caller's, or the "
                      "callee has no room for it");
      Overrides[NumOverrides++] = {W.Param, Out};
      countWindowOpen(Caller.Id, Callee.Id);
      continue;
    }
    if (W.Kind == CUBICLE_WKIND_RELEASED) {
      if (Parent)
        fatal("an entry record's window spec releases a struct field");
      // A block the callee handed over before: it gets its own back, with
      // the caller's bytes.  Anything else goes as it is (the callee's
      // allocator refuses a pointer that is not its own).
      Released = findOwned(Callee, Caller, P);
      if (Released >= 0)
        Overrides[NumOverrides++] = {W.Param, giveBack(Released)};
      continue;
    }
    if (W.Kind == CUBICLE_WKIND_FORMAT) {
      if (!stringSize(Caller, P, Size))
        windowRefused(Caller, Callee, E, Param,
                      "the format is not the caller's to lend");
      FormatDialect D = W.Flags & CUBICLE_WFLAG_SQLITE_FORMAT
                            ? FormatDialect::Sqlite
                            : FormatDialect::Printf;
      if (W.Flags & CUBICLE_WFLAG_VA_LIST) {
        if (unsigned(Param + 1) >= WSpec.numParams() ||
            !(Known & (1u << (Param + 1))))
          windowRefused(Caller, Callee, E, Param + 1,
                        "the va_list parameter is not found");
        lendFormatVaList(Tr, Caller, Callee, E, Param,
                         reinterpret_cast<const char *>(P), D,
                         Args[Param + 1], VaSlots, BounceTotal);
      } else {
        lendFormatStrings(T, Tr, Caller, Callee, E, Param,
                          reinterpret_cast<const char *>(P), D, CallerRegs,
                          CallerStack, StackArgs, BounceTotal);
      }
    } else if (W.Kind == CUBICLE_WKIND_STRV) {
      // CUBICLE_WINDOW_STRV_N(n): exactly n strings, any of them NULL.
      uint64_t Count = kNullEnded;
      if (W.Begin != W.End &&
          evalWindowSize(WSpec, I, Args, Known, ~uint64_t(0) - 1, Count) !=
              SizeResult::Ok)
        windowRefused(Caller, Callee, E, Param,
                      "the string array's count is malformed or overflows",
                      Field);
      StrvCount = Count;
      if (!strvSize(Caller, P, Size, Count)) {
        if (Parent)
          continue; // as below: a field not set for this call
        windowRefused(Caller, Callee, E, Param,
                      "the string array is not the caller's to lend", Field);
      }
    } else if (W.Kind == CUBICLE_WKIND_STRING) {
      if (!stringSize(Caller, P, Size)) {
        if (Parent)
          continue; // as below: a field not set for this call
        windowRefused(Caller, Callee, E, Param,
                      "the string is not the caller's to lend", Field);
      }
    } else {
      auto *Struct =
          Parent ? reinterpret_cast<const uint8_t *>(Parent->CallerPtr)
                 : nullptr;
      switch (evalWindowSize(WSpec, I, Args, Known, ~uint64_t(0), Size, Struct,
                             Parent ? Parent->Size : 0, loadForSize,
                             &Caller, P)) {
      case SizeResult::Ok:
        break;
      case SizeResult::Unreadable:
        windowRefused(Caller, Callee, E, Param,
                      "the size it points at is not the caller's to read",
                      Field);
      case SizeResult::Malformed:
        windowRefused(Caller, Callee, E, Param,
                      "its size expression is malformed", Field);
      case SizeResult::Overflow:
      case SizeResult::OverCap:
        if (Parent)
          continue; // as below: a field not set for this call
        windowRefused(Caller, Callee, E, Param, "the size overflows", Field);
      }
    }
    bool Write = W.Kind == CUBICLE_WKIND_WRITE;
    if (!callerMay(Caller, P, Size, false) ||
        (Write && !callerMay(Caller, P, Size, true))) {
      // A field the caller has not set for this call (a stream's buffers
      // before deflateInit) lends nothing: the callee gets the pointer as
      // it is, and faults if it follows it.  A parameter must be right.
      if (Parent)
        continue;
      windowRefused(Caller, Callee, E, Param,
                    "the caller cannot access all of that memory", Field);
    }
    uint64_t Padded = (Size + 15) & ~uint64_t(15);
    bool Kept = W.Flags & CUBICLE_WFLAG_KEPT;
    bool Fits = BounceTotal + Padded <= kMaxBounce;
    bool Strv = W.Kind == CUBICLE_WKIND_STRV;
    if (Strv && !Fits)
      windowRefused(Caller, Callee, E, Param,
                    "the string array is too many bytes to copy", Field);
    // See WindowSpec.h; a string array is always a copy (its pointers are
    // rewritten to point into it).
    bool Copy = Kept || Strv || (Size < kLendInPlace && Fits);
    int Wid = -1;
    uintptr_t KeptAt = 0;
    if (Kept) {
      // Tied to a handle (CUBICLE_WINDOW_KEPT_BY): the handle as passed.
      // With a slot (CUBICLE_WINDOW_KEPT_BY_SLOT): the slot's parameter
      // index + 1 in the high byte.
      uintptr_t Tie = 0;
      uint64_t SlotKey = 0;
      unsigned TieParam = W.FieldOffset & 0xff, SlotParam = W.FieldOffset >> 8;
      if (W.Flags & CUBICLE_WFLAG_TIED) {
        if (Parent || TieParam >= WSpec.numParams() ||
            !(Known & (1u << TieParam)) || !Args[TieParam] ||
            (SlotParam && (SlotParam > WSpec.numParams() ||
                           !(Known & (1u << (SlotParam - 1))))))
          windowRefused(Caller, Callee, E, Param,
                        "the handle it is kept with is missing");
        Tie = Args[TieParam];
        if (SlotParam)
          SlotKey = uint32_t(Args[SlotParam - 1]); // an int's bits only
      }
      KeptAt = keptCopy(Caller, Callee, P, Size, Tie, SlotParam != 0, SlotKey);
      if (!KeptAt) {
        char Why[160];
        format(Why, sizeof(Why),
               "no room to keep a copy of %zu bytes (at most %zu bytes, %d "
               "kept windows at once)",
               size_t(Size), kMaxKeptSize, kMaxKeptWindows);
        windowRefused(Caller, Callee, E, Param, Why, Field);
      }
    }
    if (!Copy && (ownsRange(Caller, P, Size) ||
                  !callerMay(Callee, P, Size, Write))) {
      // Large: lent in place, unless the callee can reach it already (its
      // own memory, the trusted base's, memory lent to it).  The caller's
      // own region is one look-up; asking the callee walks every page.
      Wid = lendForCall(Caller, Callee, P, Size, !Write);
      if (Wid < 0) {
        if (!Fits) {
          char Why[160];
          format(Why, sizeof(Why),
                 "%zu bytes are too many to copy and cannot be lent in "
                 "place (%s)",
                 size_t(Size), cubicle_strerror(Wid));
          windowRefused(Caller, Callee, E, Param, Why, Field);
        }
        Copy = true; // the caller lends some of it in another window
        Wid = -1;
      }
    }
    if (Copy && !Kept)
      BounceTotal += Padded;
    CallWindow &CW = Tr.Windows[Tr.NumWindows];
    CW = {P,     KeptAt ? KeptAt : P,
          size_t(Size), Copy && Write,
          !Copy, Kept,
          bool(W.Flags & CUBICLE_WFLAG_END), Wid,
          int8_t(Parent ? -1 : Param), int8_t(Parent ? Slot[W.Param] : -1),
          uint16_t(Parent ? Field : 0), Strv, -1};
    CW.StrvCount = uint32_t(StrvCount); // at most 2^16 (strvSize)
    Slot[I] = int8_t(Tr.NumWindows++);
    countWindowOpen(Caller.Id, Callee.Id);
  }
  if (StackArgs == ~uint64_t(0))
    fatal("a call from cubicle '%s' into cubicle '%s' through a pointer to a "
          "variadic function, which entry stubs do not support",
          Caller.name(), Callee.name());
  Tr.Released = int16_t(Released);
  returnLentPointers(T, Tr, Callee, CallerRegs);
  // The callee's stack, from the top: window copies, stack arguments, the
  // body, the argument block.
  uintptr_t Bounce = (Top - BounceTotal) & ~uintptr_t(15);
  uintptr_t Sp0 = (Bounce - Regs - 8 - StackArgs) & ~uintptr_t(15);
  memcpy(reinterpret_cast<void *>(Sp0), Block, Regs);
  *reinterpret_cast<void **>(Sp0 + Regs) = E->Body;
  memcpy(reinterpret_cast<void *>(Sp0 + Regs + 8), CallerStack, StackArgs);
  for (int K = 0; K < Tr.NumWindows; ++K) {
    CallWindow &CW = Tr.Windows[K];
    if (CW.Alias >= 0 || CW.TakesOwned)
      continue; // below, and when the call returns
    if (!CW.InPlace) {
      if (!CW.Kept) {
        CW.Bounce = Bounce;
        Bounce += (CW.Size + 15) & ~uintptr_t(15);
      }
      if (CW.Strv) {
        copyStrv(CW.CallerPtr, CW.Bounce,
                 CW.StrvCount == ~0u ? kNullEnded : CW.StrvCount);
      } else if (CW.Built) {
        // The callee's own va_list: both register areas used up, every
        // argument in the overflow area after the list itself.
        VaListLayout V{kVaGpEnd, kVaFpEnd, CW.Bounce + sizeof(VaListLayout),
                       CW.Bounce};
        memcpy(reinterpret_cast<void *>(CW.Bounce), &V, sizeof(V));
        memcpy(reinterpret_cast<void *>(V.Overflow), VaSlots,
               CW.Size - sizeof(V));
      } else
        memcpy(reinterpret_cast<void *>(CW.Bounce),
               reinterpret_cast<const void *>(CW.CallerPtr), CW.Size);
    }
    // The callee sees the copy: in the argument, or in the field of its
    // struct's copy (parents come first, so that copy is made already).
    // In place, it sees the caller's pointer as it is.
    if (CW.Parent >= 0) {
      const CallWindow &PW = Tr.Windows[CW.Parent];
      memcpy(reinterpret_cast<void *>(PW.Bounce + CW.FieldOffset), &CW.Bounce,
             sizeof(CW.Bounce));
    } else if (CW.Param == kVaListArgParam) {
      // A string a rebuilt va_list takes: placed with the list (below).
    } else if (CW.Param == kVarArgParam && !CW.InPlace) {
      // A string a format's %s takes: its register or stack slot.
      uint64_t *CalleeSlot =
          CW.FieldOffset < 6
              ? reinterpret_cast<uint64_t *>(Sp0 + kXmmBytes) +
                    regArgSlot(CW.FieldOffset)
              : reinterpret_cast<uint64_t *>(Sp0 + Regs + 8 +
                                             8 * (CW.FieldOffset - 6));
      *CalleeSlot = CW.Bounce;
    } else if (!CW.InPlace) {
      uint64_t *CalleeSlot = argSlot(
          WSpec, unsigned(CW.Param),
          reinterpret_cast<uint64_t *>(Sp0 + kXmmBytes),
          reinterpret_cast<char *>(Sp0 + Regs + 8));
      *CalleeSlot = CW.Bounce;
    }
  }
  // Strings a rebuilt va_list takes: its slots point at their copies.
  for (int K = 0; K < Tr.NumWindows; ++K) {
    const CallWindow &CW = Tr.Windows[K];
    if (CW.Param != kVaListArgParam)
      continue;
    for (int J = 0; J < Tr.NumWindows; ++J)
      if (Tr.Windows[J].Built)
        memcpy(reinterpret_cast<void *>(Tr.Windows[J].Bounce +
                                        sizeof(VaListLayout) +
                                        8 * CW.FieldOffset),
               &CW.Bounce, sizeof(CW.Bounce));
  }
  // Pointers into other windows (an end pointer): into the copy, if that
  // window is one and they point into it; as they are otherwise.
  for (int K = 0; K < Tr.NumWindows; ++K) {
    CallWindow &CW = Tr.Windows[K];
    if (CW.Alias < 0)
      continue;
    for (int J = 0; J < Tr.NumWindows; ++J) {
      const CallWindow &TW = Tr.Windows[J];
      if (TW.Param != CW.Alias || TW.Parent >= 0 || TW.Alias >= 0 ||
          TW.InPlace || CW.CallerPtr - TW.CallerPtr > TW.Size)
        continue;
      uintptr_t V = TW.Bounce + (CW.CallerPtr - TW.CallerPtr);
      memcpy(reinterpret_cast<void *>(Tr.Windows[CW.Parent].Bounce +
                                      CW.FieldOffset),
             &V, sizeof(V));
      CW.CallerPtr = TW.CallerPtr;
      CW.Bounce = TW.Bounce;
      CW.Size = TW.Size;
      CW.InPlace = false;
      break;
    }
  }
  for (int K = 0; K < NumOverrides; ++K)
    *argSlot(WSpec, Overrides[K].Param,
             reinterpret_cast<uint64_t *>(Sp0 + kXmmBytes),
             reinterpret_cast<char *>(Sp0 + Regs + 8)) = Overrides[K].Value;
  uintptr_t Sp = Sp0;
  T.InMonitor = 0;
  uint64_t Token =
      backend().usesWrpkru() ? prepareExit(T, Callee) : 0;
  G.release();
  return {Sp, Token};
}

// The size of call Tr's result window, from the arguments in the caller's
// block (unchanged since the call: the caller's stack) and, for a size the
// caller's memory holds (XML_GetInputContext's *size), that memory as the
// call left it.
static uint64_t resultSize(const Transition &Tr, const Cubicle &Caller,
                           const Cubicle &Callee, const uint64_t *Sized) {
  auto *E = static_cast<const EntryRecord *>(Tr.Entry);
  if (Tr.ResultKind == CUBICLE_WKIND_STRING ||
      Tr.ResultKind == CUBICLE_WKIND_OWNED_STRING)
    return 0;
  WindowSpec WSpec(E->Windows);
  auto *Block = reinterpret_cast<uint64_t *>(Tr.CallerSp);
  uint64_t *CallerRegs = Block + kXmmBytes / 8;
  char *CallerStack = reinterpret_cast<char *>(Block) + kXmmBytes +
                      kArgRegBytes + kSavedBytes + 8;
  uint64_t Args[CUBICLE_WSPEC_MAX_PARAMS];
  uint32_t Known = readArgs(WSpec, CallerRegs, CallerStack, Args);
  uint64_t Size = 0;
  switch (evalWindowSize(WSpec, Tr.ResultWindow, Args, Known, ~uint64_t(0),
                         Size, nullptr, 0, loadForSize, &Caller, 0, Sized)) {
  case SizeResult::Ok:
    return Size;
  case SizeResult::Unreadable:
    windowRefused(Caller, Callee, E, CUBICLE_WSPEC_RESULT,
                  "the size it points at is not the caller's to read");
  default:
    windowRefused(Caller, Callee, E, CUBICLE_WSPEC_RESULT,
                  "its size is malformed or overflows");
  }
}

extern "C" StubResult __cubicle_stub_leave_impl(const uint64_t *Results) {
  MonitorGuard G;
  if (!G.ok())
    fatal("return through an entry stub from a context the runtime does "
          "not know");
  ThreadState &T = G.thread();
  Cubicle &Callee = G.caller();
  if (!T.Depth || T.Trans[T.Depth - 1].To != Callee.Id)
    fatal("return from cubicle '%s' through an entry stub it was not "
          "entered by",
          Callee.name());
  // By reference: nothing pushes a transition before this returns (the
  // monitor refuses entries from inside it).
  Transition &Tr = T.Trans[--T.Depth];
  Cubicle &Caller = *cubicleById(Tr.From);
  backend().switchTo(T, Caller, &Callee);
  callReturned(T, Caller, Tr.CallerRecordSp);
  syncLentCopies(T, Tr);
  for (int I = 0; I < Tr.NumWindows; ++I)
    if (Tr.Windows[I].Wid >= 0)
      endCallLend(Caller, Tr.Windows[I].Wid);
  // Pointer fields point at the copies they lent; as far as the callee
  // moved them (a stream's input consumed), they move in the caller's
  // memory.  Anything else the callee put there stays as it is.
  for (int I = Tr.NumWindows - 1; I >= 0; --I) {
    const CallWindow &CW = Tr.Windows[I];
    if (CW.Parent < 0)
      continue;
    auto *Field = reinterpret_cast<void *>(Tr.Windows[CW.Parent].Bounce +
                                           CW.FieldOffset);
    uintptr_t V;
    memcpy(&V, Field, sizeof(V));
    if (CW.TakesOwned) {
      // errmsg: the string the callee stored, handed over.
      V = handOver(Caller, Callee, static_cast<const EntryRecord *>(Tr.Entry),
                   CW.Parent >= 0 ? Tr.Windows[CW.Parent].Param : -1, true, 0,
                   V);
      memcpy(Field, &V, sizeof(V));
      continue;
    }
    if (!CW.InPlace && V - CW.Bounce <= CW.Size)
      V = CW.CallerPtr + (V - CW.Bounce);
    memcpy(Field, &V, sizeof(V));
  }
  // Read-write windows go back to the caller's memory (checked again: its
  // rights may have changed during the call).
  for (int I = 0; I < Tr.NumWindows; ++I) {
    const CallWindow &CW = Tr.Windows[I];
    if (!CW.CopyBack)
      continue;
    if (!callerMay(Caller, CW.CallerPtr, CW.Size, true))
      fatal("window copy-back into memory cubicle '%s' can no longer write",
            Caller.name());
    memcpy(reinterpret_cast<void *>(CW.CallerPtr),
           reinterpret_cast<const void *>(CW.Bounce), CW.Size);
  }
  for (int I = 0; I < Tr.NumWindows; ++I)
    if (Tr.Windows[I].End)
      dropKept(Caller, Callee, Tr.Windows[I].CallerPtr, Tr.Windows[I].Size);
  if (Tr.DropTie)
    dropTied(Caller, Callee, Tr.DropTie);
  if (Tr.ResultKind) {
    // A size function's size comes back in RDX (CUBICLE_RESULT_SIZED_BY):
    // the caller gets the pointer alone.
    uint64_t Sized = Results[5];
    Tr.ResultSize = resultSize(Tr, Caller, Callee, &Sized);
    if (static_cast<const EntryRecord *>(Tr.Entry)->Windows &&
        usesSizedOp(WindowSpec(static_cast<const EntryRecord *>(Tr.Entry)
                                   ->Windows),
                    Tr.ResultWindow))
      const_cast<uint64_t *>(Results)[5] = 0;
  }
  // Results into the caller's block; every other slot cleared, so that no
  // register the caller sees holds what the callee left there.
  auto *Block = reinterpret_cast<uint64_t *>(Tr.CallerSp);
  memcpy(Block, Results, 32); // XMM0, XMM1
  memset(Block + 4, 0, kXmmBytes - 32);
  uint64_t *Regs = Block + kXmmBytes / 8;
  Regs[kSlotR9] = Regs[kSlotR8] = Regs[kSlotRcx] = Regs[kSlotRsi] =
      Regs[kSlotRdi] = 0;
  // A result pointing into a lent copy (a struct returned through memory
  // returns its buffer; so may any function) points back at the original.
  for (int I = 0; I < 2; ++I)
    for (int W = 0; W < Tr.NumWindows; ++W) {
      const CallWindow &CW = Tr.Windows[W];
      uint64_t V = Results[4 + I];
      if (V >= CW.Bounce && V < CW.Bounce + CW.Size + (CW.Size == 0))
        const_cast<uint64_t *>(Results)[4 + I] = CW.CallerPtr + (V - CW.Bounce);
    }
  bool Owned = Tr.ResultKind == CUBICLE_WKIND_OWNED ||
               Tr.ResultKind == CUBICLE_WKIND_OWNED_STRING;
  // A block given back is gone from the holder once the callee has it: a
  // free always, a realloc (a function that also hands a block over) only
  // when it returns a new one; a failed realloc keeps the old.
  if (Tr.Released >= 0 && (!Owned || Results[4]))
    dropOwned(Tr.Released);
  // Proxies that went in as their handles: the call may have changed the
  // head (XML_SetUserData); a destructor's drops them.
  for (int I = 0; I < Tr.NumProxies; ++I)
    if (Tr.ProxyEnd & (1u << I))
      dropOwned(Tr.Proxies[I]);
    else
      refreshHandle(Tr.Proxies[I]);
  if (Tr.ResultKind == CUBICLE_WKIND_HANDLE) {
    uintptr_t Out;
    int Proxy;
    const char *Why = "";
    if (!crossHandle(Callee, Caller, Results[4], Tr.ResultSize, false, Out,
                     Proxy, Why))
      windowRefused(Caller, Callee, static_cast<const EntryRecord *>(Tr.Entry),
                    CUBICLE_WSPEC_RESULT, Why);
    const_cast<uint64_t *>(Results)[4] = Out;
  } else if (Owned)
    const_cast<uint64_t *>(Results)[4] =
        takeResult(Tr, Caller, Callee, Results[4]);
  else if (Tr.ResultKind)
    const_cast<uint64_t *>(Results)[4] =
        lendResult(T, Tr, Caller, Callee, Results[4]);
  Regs[kSlotRax] = Results[4];
  Regs[kSlotRdx] = Results[5];
  T.InMonitor = 0;
  uint64_t Token =
      backend().usesWrpkru() ? prepareExit(T, Caller) : 0;
  G.release();
  return {Tr.CallerSp, Token};
}

// An indirect call from cubicle code to an address inside cubicle code that
// is not an entry stub: the middle of a function, or a function whose
// address was never taken.
extern "C" [[noreturn]] void __cubicle_bad_indirect_call(DescPage *Caller,
                                                        void *Target) {
  Cubicle *C = cubicleByDesc(Caller);
  char Sym[128] = "??";
  uintptr_t Off = 0;
  symbolize(uintptr_t(Target), Sym, sizeof(Sym), &Off);
  ErrorReport R("call through a pointer to %p (%s+0x%zx) from cubicle '%s': "
                "not an entry point",
                Target, Sym, size_t(Off), C ? C->name() : "?");
  R.line("Control may enter a cubicle only at its entry points: functions it "
         "exports or whose address it takes.");
  R.summary("bad-indirect-call in cubicle '%s'", C ? C->name() : "?");
  abort();
}
