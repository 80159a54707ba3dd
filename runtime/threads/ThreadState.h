//===- ThreadState.h - What the runtime keeps per thread ------------------===//
//
// Each thread's state lives at the start of its record mirror (the first
// pages of the descriptor section's mirror, reached through %gs): the
// current cubicle for slow paths, the transition stack of cubicle_call and
// entry stubs, the single-step state, signal deliveries.  Offsets that
// generated code and Switch.S use come from cubicle/abi.h and are checked
// (core/Monitor.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_THREADS_THREADSTATE_H
#define CUBICLE_RUNTIME_THREADS_THREADSTATE_H

#include "core/Cubicle.h"
#include "cubicle/abi.h"

namespace cubicle {

constexpr uint16_t kNobody = 0xffff; // "no cubicle" in 16-bit id fields
constexpr int kMaxTransitions = 64;
constexpr int kMaxStepPagesPerThread = 4;
constexpr int kMaxStepPages = 64; // across all threads
constexpr int kThreadStatePages = 8;
constexpr int kMaxSignalDepth = 8;
constexpr int kNumSignals = 65; // 1..64

constexpr int kMaxCallWindows = CUBICLE_WSPEC_MAX_WINDOWS;
constexpr int kResultCopies = 32;
constexpr int kPendingWrites = 4;

// A result lent to the caller as a copy in its memory (windows/ResultCopies).
struct ResultCopy {
  uintptr_t Src, Copy; // the callee's memory, the copy (0: slot free)
  size_t Size;
  uint16_t Owner; // the cubicle whose arena holds the copy
  uint32_t Stamp; // when last returned: the oldest makes room
};

// A writable result's copy (CUBICLE_RESULT_WRITABLE), to be written back
// into the callee's memory before the thread's next call into it.
struct PendingWrite {
  uintptr_t Src, Copy; // the callee's memory, the caller's copy (0: none)
  size_t Size;
  uint16_t Caller, Callee;
};

// A window lent for one call through an entry stub (GateSupport.cpp):
// copied onto the callee's stack, kept (a copy the callee keeps across
// calls, windows/KeptWindows.cpp), or lent in place.
constexpr int8_t kVarArgParam = -2;
// A string a rebuilt va_list takes (FieldOffset: its slot in the list).
constexpr int8_t kVaListArgParam = -3;
struct CallWindow {
  uintptr_t CallerPtr; // the caller's memory
  uintptr_t Bounce;    // its copy (in place: CallerPtr)
  size_t Size;
  bool CopyBack; // read-write copy: copied back after the call
  bool InPlace;  // the callee works on the caller's memory itself
  bool Kept;     // the copy is the kept one, not on the callee's stack
  bool End;      // ... and is dropped after this call
  int Wid;       // in place: the window lendForCall made, or -1
  int8_t Param;  // the parameter it lends, -1 for a field window, or
                 // kVarArgParam for a string a format takes (FieldOffset:
                 // its slot, GateSupport.cpp)
  int8_t Parent; // a field window: the window (index) of its struct
  uint16_t FieldOffset; // ... and where the pointer field is in it
  bool Strv;            // a string array: copied with its pointers rewritten
  // A field that points into the window of parameter Alias (-1: none;
  // CUBICLE_WINDOW_INTO): no memory of its own, the range of that window.
  int8_t Alias = -1;
  // A va_list rebuilt for the callee (CUBICLE_WINDOW_VFORMAT): its bytes
  // are made by the generic entry, not copied from CallerPtr.
  bool Built = false;
  // A string array of CUBICLE_WINDOW_STRV_N: its count (else ~0u: NULL
  // ended).
  uint32_t StrvCount = ~0u;
  // A char ** field whose string the callee hands over when the call
  // returns (CUBICLE_OUT_OWNED_CSTR): nothing lent at entry.
  bool TakesOwned = false;
};

struct Transition {
  uintptr_t CallerSp;
  uintptr_t CallerRecordSp; // the caller's record SP before the call (0: kept)
  uint16_t From, To;
  uint8_t NumWindows;
  CallWindow Windows[kMaxCallWindows];
  // A call back into a cubicle that lent copies in an enclosing call
  // (returnLentPointers, GateSupport.cpp): that call's index in Trans, and
  // the read-write copies synced to the lender's memory for this call.
  int8_t SyncDepth;
  uint8_t SyncMask;
  // The result window (CUBICLE_RESULT*): its kind (0: none) and, for a
  // size expression, the size, from the arguments when the call returns
  // (a size it points at, XML_GetInputContext's *size, is set by then).
  uint8_t ResultKind, ResultWindow; // ResultWindow: its index in the spec
  uint64_t ResultSize;
  // A block given back (CUBICLE_RELEASED): its OwnedBlocks index (-1:
  // none), dropped when the call returns (OwnedBlocks.cpp).
  int16_t Released;
  // Handles' proxies that crossed (CUBICLE_HANDLE): their OwnedBlocks
  // indices, refreshed when the call returns or, for End's bits
  // (CUBICLE_HANDLE_END), dropped.
  int16_t Proxies[kMaxCallWindows];
  uint8_t NumProxies, ProxyEnd;
  // A handle whose tied kept windows go when the call returns
  // (CUBICLE_DROPS_KEPT), or 0.
  uintptr_t DropTie;
  const void *Entry; // the entry record (GateSupport.cpp), for reports
};

struct ThreadState {
  ThreadState *Self; // first: read through %gs to find this struct
  uint32_t ExitPkru; // the PKRU the next monitor exit writes (pinned slot)
  uint32_t InMonitor;
  uint16_t MonitorCaller; // id of the cubicle that entered the monitor
  uint16_t Current;       // the cubicle running on this thread (slow paths)
  int Tid;
  DescPage *ExitDesc; // whose record holds the exit token
  uintptr_t Mirror;   // base of this thread's record mirror
  uint16_t Depth;     // cubicle_call nesting
  Transition Trans[kMaxTransitions];
  uintptr_t StackSlot[kMaxCubicles]; // 0: no stack for that cubicle yet
  // Single-step state of the sub-page window emulation.
  struct {
    bool Active;
    uint32_t RestorePkru;
    uintptr_t Rip;      // the instruction being stepped
    uintptr_t Pages[4]; // pages masked for the step (Fault.cpp)
    int NumPages;
  } Step;
  uint8_t *StepStash; // saved contents of the masked pages
  uintptr_t RetryAddr; // an access retried after a transient fault
  uint32_t Retries;
  void *AltStack;
  void *(*StartFn)(void *); // pthread_create's start routine
  void *StartArg;
  uint16_t StartCubicle; // where the start routine runs (kNobody: as is)
  uint8_t Pending;       // created, not yet adopted by its thread
  uint8_t RetireRound;   // destructor rounds waited (Threads.cpp)
  ThreadState *Next;
  // Signals (Signals.cpp): deliveries in progress, innermost last, and the
  // signals held back while the thread was in monitor mode.
  uint8_t SigDepth;
  struct {
    uint32_t SavedPkru;   // the interrupted context's, from its frame
    uint16_t Interrupted; // its cubicle (kNobody: not known)
    uint16_t Handler;     // the handler's cubicle
    void *Frame;          // the ucontext on the alternate stack
    void *Copy;           // the handler's copy, on its stack
    uint8_t TransIndex;   // its entry in Trans
  } SigStack[kMaxSignalDepth];
  uint64_t DeferredSignals; // bit N-1: signal N
  ResultCopy Results[kResultCopies];
  uint32_t ResultStamp;
  PendingWrite Writebacks[kPendingWrites];
  uint8_t ResultSlot[kMaxCubicles];     // the arena's stack slot plus one
  uintptr_t ResultCursor[kMaxCubicles]; // where the next copy goes
};
static_assert(sizeof(ThreadState) <= kThreadStatePages * kPageSize,
              "thread state fits its placeholder pages");

// Placeholder pages at the start of the runtime's share of the descriptor
// section.  In each thread's mirror these pages hold the ThreadState; in the
// section itself they are only ever read by a thread whose GS base was never
// set, which then finds no ThreadState and the deny-all exit PKRU.
struct alignas(kPageSize) ThreadPlaceholder {
  uint64_t Self = 0;
  uint32_t ExitPkru = 0x55555554u;
  char Pad[kPageSize - 12] = {};
};

} // namespace cubicle

extern "C" __attribute__((section(CUBICLE_DESC_SECTION)))
cubicle::ThreadPlaceholder __cubicle_thread_pages[cubicle::kThreadStatePages];

#endif // CUBICLE_RUNTIME_THREADS_THREADSTATE_H
