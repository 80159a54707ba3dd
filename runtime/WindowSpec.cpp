//===- WindowSpec.cpp - Window specs of entry points, evaluated per call --===//
//
// An entry record's window spec (cubicle/abi.h) says which parameters are
// lent and how large each window is.  It is parsed once per spec (the
// cache, keyed by the spec's read-only address) into size ops, which each
// call evaluates against its arguments, with overflow checked.  Also here:
// whether the caller may lend a range at all (callerMay).
//
//===----------------------------------------------------------------------===//

#include "WindowSpec.h"
#include "Monitor.h"

#include <string.h>
#include <sys/mman.h>

namespace cubicle {

constexpr size_t kMaxString = size_t(16) << 20;

bool stackRange(const Cubicle &C, const ThreadState &T, uintptr_t &Begin,
                uintptr_t &End);
bool windowAllows(uintptr_t Addr, size_t Len, int Cid, bool Write);


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

// Compiles one RPN expression ("p1 c4 *") into Out.Ops; false if it is
// malformed (unknown token, stack underflow, not one value at the end).
namespace {

bool compileSize(const char *P, const char *End, Spec &Out) {
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

} // namespace

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

} // namespace cubicle
