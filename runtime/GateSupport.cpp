//===- GateSupport.cpp - What inline gates call into ----------------------===//
//
// The compiler's gates are inline; they call the runtime only
//   - for the page switch on mprotect, and for cubicles beyond the hardware
//     keys on mpk (__cubicle_gate_switch/__cubicle_gate_complete, whose
//     register-preserving wrappers are in Switch.S);
//   - to report a failed check (a jump into a gate) or a call the compiler
//     could not gate;
//   - for allocation and window calls, with the caller's descriptor (the
//     "_from" functions): on the none backend nothing else tells the runtime
//     which cubicle is calling.  On mpk the PKRU decides and the descriptor
//     is only a hint; on mprotect the runtime tracks the running cubicle.
//
//===----------------------------------------------------------------------===//

#include "Monitor.h"
#include "Report.h"

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

namespace cubicle {
void countCall(int From, int To);
void countWindowOpen(int Owner, int Grantee);
bool windowAllows(uintptr_t Addr, size_t Len, int Cid, bool Write);
} // namespace cubicle

// Called by a gate whose check failed; the return address names the gate.
extern "C" [[noreturn]] void __cubicle_gate_check_failed() {
  uintptr_t Pc = uintptr_t(__builtin_return_address(0));
  char Func[128] = "??";
  uintptr_t Off = 0;
  symbolize(Pc, Func, sizeof(Func), &Off);
  printErr("==%d==ERROR: Cubicle: gate check failed in %s+0x%zx (pc %p): the "
           "PKRU written, the caller's frame or the return site is not the "
           "one this gate allows (a jump into the middle of a gate?)\n",
           int(getpid()), Func, size_t(Off), (void *)Pc);
  abort();
}

extern "C" [[noreturn]] void __cubicle_unsupported_call(DescPage *Caller,
                                                        DescPage *Callee,
                                                        const char *What) {
  Cubicle *A = cubicleByDesc(Caller), *B = cubicleByDesc(Callee);
  printErr("==%d==ERROR: Cubicle: cubicle '%s' called into cubicle '%s' but "
           "the compiler could not gate this call: %s\n",
           int(getpid()), A ? A->name() : "?", B ? B->name() : "?", What);
  abort();
}

//===-- Allocation with the caller's identity
//-------------------------------===//

// The cubicle an allocation or window call from a gate-built cubicle acts
// for: on none the compiler's word; elsewhere what the runtime knows.
static Cubicle *fromCubicle(DescPage *D) {
  ensureInitialized();
  if (Mon->Backend == BackendKind::None)
    if (Cubicle *C = cubicleByDesc(D))
      return C;
  Cubicle &C = currentCubicle();
  return C.Area ? &C : nullptr;
}

extern "C" {

void *__cubicle_malloc_from(DescPage *D, size_t Size) {
  Cubicle *C = fromCubicle(D);
  return C ? heapMalloc(*C, Size, 16) : malloc(Size);
}

void *__cubicle_calloc_from(DescPage *D, size_t N, size_t Size) {
  size_t Total;
  if (__builtin_mul_overflow(N, Size, &Total)) {
    errno = ENOMEM;
    return nullptr;
  }
  Cubicle *C = fromCubicle(D);
  if (!C)
    return calloc(N, Size);
  void *P = heapMalloc(*C, Total, 16);
  if (P)
    memset(P, 0, Total);
  return P;
}

void *__cubicle_realloc_from(DescPage *D, void *P, size_t Size) {
  Cubicle *C = fromCubicle(D);
  return C ? heapRealloc(*C, P, Size) : realloc(P, Size);
}

void __cubicle_free_from(DescPage *D, void *P) {
  Cubicle *C = fromCubicle(D);
  if (C)
    heapFree(*C, P);
  else
    free(P);
}

void __cubicle_delete_sized_from(DescPage *D, void *P, size_t) {
  __cubicle_free_from(D, P);
}

void __cubicle_delete_sized_aligned_from(DescPage *D, void *P, size_t, size_t) {
  __cubicle_free_from(D, P);
}

void *__cubicle_aligned_alloc_from(DescPage *D, size_t Align, size_t Size) {
  if (!Align || (Align & (Align - 1))) {
    errno = EINVAL;
    return nullptr;
  }
  Cubicle *C = fromCubicle(D);
  return C ? heapMalloc(*C, Size, Align) : aligned_alloc(Align, Size);
}

int __cubicle_posix_memalign_from(DescPage *D, void **Out, size_t Align,
                                  size_t Size) {
  return heapPosixMemalign(fromCubicle(D), Out, Align, Size);
}

size_t __cubicle_malloc_usable_size_from(DescPage *D, void *P) {
  Cubicle *C = fromCubicle(D);
  return C ? heapUsableSize(*C, P) : malloc_usable_size(P);
}

char *__cubicle_strdup_from(DescPage *D, const char *S) {
  size_t N = strlen(S) + 1;
  char *P = static_cast<char *>(__cubicle_malloc_from(D, N));
  if (P)
    memcpy(P, S, N);
  return P;
}

char *__cubicle_strndup_from(DescPage *D, const char *S, size_t Max) {
  size_t N = strnlen(S, Max);
  char *P = static_cast<char *>(__cubicle_malloc_from(D, N + 1));
  if (P) {
    memcpy(P, S, N);
    P[N] = 0;
  }
  return P;
}

// operator new: the runtime has no exceptions; running out of memory is
// reported and fatal, as with -fno-exceptions.
void *__cubicle_new_from(DescPage *D, size_t Size) {
  void *P = __cubicle_malloc_from(D, Size);
  if (!P)
    fatal("operator new(%zu) in a cubicle: out of memory", Size);
  return P;
}
void *__cubicle_new_nothrow_from(DescPage *D, size_t Size, const void *) {
  return __cubicle_malloc_from(D, Size);
}
void *__cubicle_new_aligned_from(DescPage *D, size_t Size, size_t Align) {
  void *P = __cubicle_aligned_alloc_from(D, Align, Size);
  if (!P)
    fatal("operator new(%zu, align %zu) in a cubicle: out of memory", Size,
          Align);
  return P;
}
void *__cubicle_new_aligned_nothrow_from(DescPage *D, size_t Size, size_t Align,
                                         const void *) {
  return __cubicle_aligned_alloc_from(D, Align, Size);
}

} // extern "C"

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
  const char *Windows;
};
static_assert(sizeof(EntryRecord) == CUBICLE_ENTRY_SIZE, "abi");

// The caller's block on its stack (see Switch.S).
constexpr size_t kXmmBytes = 128;
constexpr int kSlotR9 = 0, kSlotR8 = 1, kSlotRcx = 2, kSlotRdx = 3,
              kSlotRsi = 4, kSlotRdi = 5, kSlotRax = 6;
constexpr size_t kArgRegBytes = 7 * 8, kSavedBytes = 6 * 8;

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

//===-- Windows lent for a call -------------------------------------------===//

constexpr size_t kMaxBounce = size_t(1) << 20; // per call, on the stack
constexpr size_t kMaxString = size_t(16) << 20;

// May cubicle C read (or write) [P, P + Len)?  Its own memory, the trusted
// base's, or memory lent to it through a window; never the runtime's.
namespace cubicle {
bool stackRange(const Cubicle &C, const ThreadState &T, uintptr_t &Begin,
                uintptr_t &End);
}

bool callerMay(const Cubicle &C, uintptr_t P, size_t Len, bool Write) {
  if (P + Len < P)
    return false;
  // The common cases first: all of it in the caller's heap, or on its
  // stack on this thread (both read-write, neither the runtime's).
  if (C.Area && P >= C.Area) {
    if (P + Len <= C.HeapCommitted)
      return true;
    uintptr_t B, E;
    ThreadState *T = currentThread();
    if (T && stackRange(C, *T, B, E) && P >= B && P + Len <= E)
      return true;
  }
  for (uintptr_t Page = pageDown(P); Page < P + Len; Page += kPageSize) {
    uintptr_t B = Page < P ? P : Page;
    uintptr_t E = Page + kPageSize < P + Len ? Page + kPageSize : P + Len;
    if (isRuntimeMemory(Page))
      return false;
    Region R;
    Cubicle *O;
    if (!regionOf(Page, R, O)) {
      if (ownerOf(Page))
        return false; // a cubicle's, but no live region
      continue;       // the trusted base's
    }
    if (O == &C && (!Write || (R.Prot & PROT_WRITE)))
      continue;
    if (windowAllows(B, E - B, C.Id, Write))
      continue;
    return false;
  }
  return true;
}

// A window's size expression, compiled from the spec's RPN text once (the
// spec cache keeps it), so that a call evaluates ops, not text.
enum class SizeOp : uint8_t { Param, Const, Add, Sub, Mul, Div, Rem, Shl, Shr };
struct SizeInsn {
  SizeOp Op;
  uint64_t V; // the parameter's index, or the constant
};
constexpr int kMaxSizeInsns = 32; // for all windows of a call

struct SpecWindow {
  int Param;
  char Kind; // w, r, s
  uint8_t Begin, End; // its ops in Spec::Ops
};

struct Spec {
  int NumParams = 0;
  char LocKind[16];
  unsigned LocIdx[16];
  int NumWindows = 0;
  SpecWindow W[kMaxCallWindows];
  int NumOps = 0;
  SizeInsn Ops[kMaxSizeInsns];
};

// Compiles one RPN expression ("p1 c4 *") into Out.Ops; false if it is
// malformed (unknown token, stack underflow, not one value at the end).
static bool compileSize(const char *P, const char *End, Spec &Out) {
  int Depth = 0;
  while (P < End) {
    while (P < End && *P == ' ')
      ++P;
    if (P == End)
      break;
    const char *T = P;
    while (P < End && *P != ' ')
      ++P;
    size_t Len = size_t(P - T);
    if (Out.NumOps == kMaxSizeInsns)
      return false;
    SizeInsn &I = Out.Ops[Out.NumOps++];
    if (*T == 'p' || *T == 'c') {
      uint64_t V = 0;
      if (Len < 2)
        return false;
      for (const char *Q = T + 1; Q < P; ++Q)
        if (*Q < '0' || *Q > '9' || __builtin_mul_overflow(V, 10, &V) ||
            __builtin_add_overflow(V, uint64_t(*Q - '0'), &V))
          return false;
      I = {*T == 'p' ? SizeOp::Param : SizeOp::Const, V};
      if (++Depth > 16)
        return false;
      continue;
    }
    static const struct {
      const char *Tok;
      SizeOp Op;
    } Binary[] = {{"+", SizeOp::Add}, {"-", SizeOp::Sub}, {"*", SizeOp::Mul},
                  {"/", SizeOp::Div}, {"%", SizeOp::Rem}, {"<<", SizeOp::Shl},
                  {">>", SizeOp::Shr}};
    bool Found = false;
    for (const auto &B : Binary)
      if (strlen(B.Tok) == Len && !memcmp(B.Tok, T, Len)) {
        I = {B.Op, 0};
        Found = true;
      }
    if (!Found || Depth < 2)
      return false;
    --Depth;
  }
  return Depth == 1;
}

bool parseSpec(const char *S, Spec &Out) {
  // Locations.
  while (*S && *S != '|') {
    if (Out.NumParams == 16)
      return false;
    char K = *S++;
    unsigned V = 0;
    while (*S >= '0' && *S <= '9')
      V = V * 10 + unsigned(*S++ - '0');
    Out.LocKind[Out.NumParams] = K;
    Out.LocIdx[Out.NumParams++] = V;
    if (*S == ',')
      ++S;
  }
  if (*S++ != '|')
    return false;
  while (*S) {
    if (Out.NumWindows == kMaxCallWindows)
      return false;
    SpecWindow &W = Out.W[Out.NumWindows++];
    W.Param = 0;
    while (*S >= '0' && *S <= '9')
      W.Param = W.Param * 10 + (*S++ - '0');
    if (*S++ != ':')
      return false;
    W.Kind = *S++;
    if (*S++ != ':')
      return false;
    const char *Rpn = S;
    while (*S && *S != ';')
      ++S;
    W.Begin = uint8_t(Out.NumOps);
    if (W.Kind != 's' && !compileSize(Rpn, S, Out))
      return false;
    W.End = uint8_t(Out.NumOps);
    if (*S == ';')
      ++S;
  }
  return true;
}

// Parsed specs, by spec string (entry records and their strings are
// read-only, so a string's parse never changes).  In monitor memory; a full
// table means parsing again.  Threads may fill a slot at the same time:
// they write the same parse, and the key last, with release order.
constexpr int kSpecCacheSize = 512;
struct SpecCacheEntry {
  const char *Key;
  Spec Parsed;
};

const Spec *cachedSpec(const char *S) {
  if (!Mon->SpecCache)
    Mon->SpecCache = monitorAlloc(kSpecCacheSize * sizeof(SpecCacheEntry));
  auto *Table = static_cast<SpecCacheEntry *>(Mon->SpecCache);
  uintptr_t H = (uintptr_t(S) >> 3) * 0x9E3779B97F4A7C15ull;
  for (unsigned Probe = 0; Probe < 8; ++Probe) {
    SpecCacheEntry &E = Table[((H >> 40) + Probe) & (kSpecCacheSize - 1)];
    const char *Key = __atomic_load_n(&E.Key, __ATOMIC_ACQUIRE);
    if (Key == S)
      return &E.Parsed;
    if (!Key) {
      Spec P;
      if (!parseSpec(S, P))
        return nullptr;
      E.Parsed = P;
      __atomic_store_n(&E.Key, S, __ATOMIC_RELEASE);
      return &E.Parsed;
    }
  }
  return nullptr;
}

// The integer value of parameter I in the caller's block, or a pointer to
// where it lives (to substitute the bounce copy).
uint64_t *argSlot(const Spec &Sp, int I, uint64_t *Regs, char *StackArgs) {
  static const int RegSlot[6] = {kSlotRdi, kSlotRsi, kSlotRdx,
                                 kSlotRcx, kSlotR8,  kSlotR9};
  if (I >= Sp.NumParams)
    return nullptr;
  if (Sp.LocKind[I] == 'r' && Sp.LocIdx[I] < 6)
    return &Regs[RegSlot[Sp.LocIdx[I]]];
  if (Sp.LocKind[I] == 's')
    return reinterpret_cast<uint64_t *>(StackArgs + Sp.LocIdx[I]);
  return nullptr;
}

// Evaluates a window's size; false on overflow.
bool evalSize(const Spec &Sp, const SpecWindow &W, uint64_t *Regs,
              char *StackArgs, uint64_t &Out) {
  uint64_t Stack[16];
  int N = 0;
  for (int K = W.Begin; K < W.End; ++K) {
    const SizeInsn &I = Sp.Ops[K];
    if (I.Op == SizeOp::Param || I.Op == SizeOp::Const) {
      uint64_t V = I.V;
      if (I.Op == SizeOp::Param) {
        uint64_t *Slot = argSlot(Sp, int(V), Regs, StackArgs);
        if (!Slot)
          return false;
        V = *Slot;
      }
      Stack[N++] = V; // depth checked when compiled
      continue;
    }
    uint64_t B = Stack[--N], A = Stack[--N], R = 0;
    bool Bad = false;
    switch (I.Op) {
    case SizeOp::Add:
      Bad = __builtin_add_overflow(A, B, &R);
      break;
    case SizeOp::Sub:
      Bad = __builtin_sub_overflow(A, B, &R);
      break;
    case SizeOp::Mul:
      Bad = __builtin_mul_overflow(A, B, &R);
      break;
    case SizeOp::Div:
      Bad = B == 0, R = B ? A / B : 0;
      break;
    case SizeOp::Rem:
      Bad = B == 0, R = B ? A % B : 0;
      break;
    case SizeOp::Shl:
      Bad = B >= 64 || (A << B) >> B != A, R = B < 64 ? A << B : 0;
      break;
    case SizeOp::Shr:
      Bad = B >= 64, R = B < 64 ? A >> B : 0;
      break;
    default:
      return false;
    }
    if (Bad)
      return false;
    Stack[N++] = R;
  }
  if (N != 1)
    return false;
  Out = Stack[0];
  return true;
}

// Length of the string at P including its NUL, reading only pages the
// caller may read.
bool stringSize(const Cubicle &C, uintptr_t P, uint64_t &Out) {
  for (uintptr_t At = P; At - P < kMaxString;) {
    uintptr_t End = pageDown(At) + kPageSize;
    if (!callerMay(C, At, End - At, false))
      return false;
    const void *Nul = memchr(reinterpret_cast<const void *>(At), 0, End - At);
    if (Nul) {
      Out = uintptr_t(Nul) - P + 1;
      return true;
    }
    At = End;
  }
  return false;
}

[[noreturn]] void windowRefused(const Cubicle &Caller, const Cubicle &Callee,
                                const EntryRecord *E, int Param,
                                const char *Why) {
  char Func[128] = "??";
  uintptr_t Off;
  symbolize(uintptr_t(E->Body), Func, sizeof(Func), &Off);
  printErr("=================================================================\n"
           "==%d==ERROR: Cubicle: window for parameter %d of %s (cubicle '%s', "
           "called from cubicle '%s') refused: %s\n"
           "SUMMARY: Cubicle: bad-window\n"
           "=================================================================\n",
           int(getpid()), Param + 1, Func, Callee.name(), Caller.name(), Why);
  abort();
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
  if (E->StackArgs == ~uint64_t(0))
    fatal("a call from cubicle '%s' into cubicle '%s' through a pointer to a "
          "variadic function, which entry stubs do not support",
          Caller.name(), Callee.name());
  uintptr_t Top = ensureStack(T, Callee);
  size_t Regs = kXmmBytes + kArgRegBytes;
  uint64_t *CallerRegs = Block + kXmmBytes / 8;
  char *CallerStack =
      reinterpret_cast<char *>(Block) + Regs + kSavedBytes + 8;
  // Windows (CUBICLE_WINDOW annotations): sizes from the arguments, copies
  // of the caller's memory at the top of the callee's stack.
  Spec Local;
  const Spec *Cached = E->Windows ? cachedSpec(E->Windows) : nullptr;
  if (E->Windows && !Cached && !parseSpec(E->Windows, Local))
    fatal("malformed window spec '%s'", E->Windows);
  const Spec &WSpec = Cached ? *Cached : Local;
  Tr.NumWindows = 0;
  size_t BounceTotal = 0;
  if (E->Windows) {
    for (int I = 0; I < WSpec.NumWindows; ++I) {
      const SpecWindow &W = WSpec.W[I];
      uint64_t *Slot = argSlot(WSpec, W.Param, CallerRegs, CallerStack);
      if (!Slot)
        windowRefused(Caller, Callee, E, W.Param, "parameter not found");
      uintptr_t P = *Slot;
      uint64_t Size = 0;
      if (!P)
        continue; // a null pointer lends nothing
      if (W.Kind == 's' ? !stringSize(Caller, P, Size)
                        : !evalSize(WSpec, W, CallerRegs, CallerStack, Size))
        windowRefused(Caller, Callee, E, W.Param,
                      W.Kind == 's' ? "the string is not the caller's to lend"
                                    : "the size overflows");
      if (BounceTotal + ((Size + 15) & ~uint64_t(15)) > kMaxBounce)
        windowRefused(Caller, Callee, E, W.Param,
                      "larger than the 1 MiB a call may lend");
      if (!callerMay(Caller, P, Size, false) ||
          (W.Kind == 'w' && !callerMay(Caller, P, Size, true)))
        windowRefused(Caller, Callee, E, W.Param,
                      "the caller cannot access all of that memory");
      CallWindow &CW = Tr.Windows[Tr.NumWindows++];
      CW = {P, 0, size_t(Size), W.Kind == 'w'};
      BounceTotal += (Size + 15) & ~uint64_t(15);
    }
  }
  // The callee's stack, from the top: window copies, stack arguments, the
  // body, the argument block.
  uintptr_t Bounce = (Top - BounceTotal) & ~uintptr_t(15);
  uintptr_t Sp0 = (Bounce - Regs - 8 - E->StackArgs) & ~uintptr_t(15);
  memcpy(reinterpret_cast<void *>(Sp0), Block, Regs);
  *reinterpret_cast<void **>(Sp0 + Regs) = E->Body;
  memcpy(reinterpret_cast<void *>(Sp0 + Regs + 8), CallerStack, E->StackArgs);
  for (int I = 0, K = 0; I < WSpec.NumWindows && E->Windows; ++I) {
    uint64_t *Slot = argSlot(WSpec, WSpec.W[I].Param, CallerRegs, CallerStack);
    if (!*Slot)
      continue;
    CallWindow &CW = Tr.Windows[K++];
    CW.Bounce = Bounce;
    memcpy(reinterpret_cast<void *>(Bounce),
           reinterpret_cast<const void *>(CW.CallerPtr), CW.Size);
    Bounce += (CW.Size + 15) & ~uintptr_t(15);
    // The callee sees the copy.
    uint64_t *CalleeSlot = argSlot(
        WSpec, WSpec.W[I].Param, reinterpret_cast<uint64_t *>(Sp0 + kXmmBytes),
        reinterpret_cast<char *>(Sp0 + Regs + 8));
    *CalleeSlot = CW.Bounce;
    countWindowOpen(Caller.Id, Callee.Id);
  }
  uintptr_t Sp = Sp0;
  T.InMonitor = 0;
  uint64_t Token =
      Mon->Backend == BackendKind::Mpk ? prepareExit(T, Callee) : 0;
  G.release();
  return {Sp, Token};
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
  Transition Tr = T.Trans[--T.Depth];
  Cubicle &Caller = *cubicleById(Tr.From);
  backend().switchTo(T, Caller, &Callee);
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
  Regs[kSlotRax] = Results[4];
  Regs[kSlotRdx] = Results[5];
  T.InMonitor = 0;
  uint64_t Token =
      Mon->Backend == BackendKind::Mpk ? prepareExit(T, Caller) : 0;
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
  printErr("=================================================================\n"
           "==%d==ERROR: Cubicle: call through a pointer to %p (%s+0x%zx) "
           "from cubicle '%s': not an entry point\n"
           "Control may enter a cubicle only at its entry points: functions "
           "it exports or whose address it takes.\n"
           "SUMMARY: Cubicle: bad-indirect-call in cubicle '%s'\n"
           "=================================================================\n",
           int(getpid()), Target, Sym, size_t(Off), C ? C->name() : "?",
           C ? C->name() : "?");
  abort();
}
