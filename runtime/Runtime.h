//===- Runtime.h - Internal declarations of the Cubicle runtime -----------===//
//
// The runtime is deliberately small and self-contained (in the spirit of
// compiler-rt's safestack): no libstdc++ containers, no exceptions, no
// malloc.  Its own state lives in "monitor" memory that carries the monitor
// key: every cubicle can read it, only the runtime (running with the monitor
// PKRU) can write it.
//
// Map of the runtime (docs/design.md has the prose version):
//   Init.cpp      start-up: backend choice, keys, registration of cubicles
//   Registry.cpp  cubicles, descriptor pages, keys, PKRU values
//   Memory.cpp    per-cubicle areas (heap and stacks), owner lookup
//   Backend.cpp   mpk / mprotect / none: how protection is applied
//   Threads.cpp   per-thread state, record mirrors, stacks, GS
//   ThreadCreate.cpp  pthread_create, wrapped
//   NonLocalExit.cpp  longjmp and siglongjmp, wrapped and checked
//   Transition.cpp cubicle_call and the slow switch used by gates
//   Heap.cpp      the per-cubicle allocator
//   Windows.cpp   window table and grants
//   Fault.cpp     signal handling, sub-page window emulation, reports
//   InsnDecode.cpp x86-64 memory-operand decoder for the emulation
//   Report.cpp    async-signal-safe output
//   Stats.cpp     cross-cubicle call statistics and the DOT graph
//   Symbolize.cpp symbol names for reports
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_RUNTIME_H
#define CUBICLE_RUNTIME_RUNTIME_H

#include "cubicle/abi.h"
#include "cubicle/cubicle.h"

#include <stddef.h>
#include <pthread.h>
#include <stdint.h>

struct sigaction;

namespace cubicle {

constexpr size_t kPageSize = CUBICLE_PAGE_SIZE;
constexpr int kMaxCubicles = CUBICLE_MAX_CUBICLES;
constexpr int kNumKeys = 16;

constexpr uintptr_t pageDown(uintptr_t A) { return A & ~(kPageSize - 1); }
constexpr uintptr_t pageUp(uintptr_t A) {
  return (A + kPageSize - 1) & ~(kPageSize - 1);
}

//===-- Descriptor pages (layout fixed by cubicle/abi.h) -------------------===//

struct alignas(kPageSize) DescPage {
  uint32_t Pkru;
  uint32_t Flags;
  uint32_t Id;
  uint32_t Magic;
  char Name[CUBICLE_NAME_MAX];
  char Pad[kPageSize - 16 - CUBICLE_NAME_MAX];
};
static_assert(sizeof(DescPage) == kPageSize, "descriptor is one page");
static_assert(__builtin_offsetof(DescPage, Pkru) == CUBICLE_DESC_PKRU, "abi");
static_assert(__builtin_offsetof(DescPage, Flags) == CUBICLE_DESC_FLAGS, "abi");
static_assert(__builtin_offsetof(DescPage, Id) == CUBICLE_DESC_ID, "abi");
static_assert(__builtin_offsetof(DescPage, Magic) == CUBICLE_DESC_MAGIC, "abi");
static_assert(__builtin_offsetof(DescPage, Name) == CUBICLE_DESC_NAME, "abi");

// Per-thread, per-cubicle record, at the start of the cubicle's page in the
// thread's mirror (see abi.h).
struct Record {
  uintptr_t Sp;
};
static_assert(__builtin_offsetof(Record, Sp) == CUBICLE_REC_SP, "abi");

//===-- Per-TU records emitted by the pass ---------------------------------===//

// One per translation unit built with the plugin, in CUBICLE_TU_SECTION:
// where the TU's page-aligned global blocks are.
struct TuRecord {
  uint32_t Magic;   // CUBICLE_DESC_MAGIC_VALUE
  uint32_t Version; // CUBICLE_ABI_VERSION
  DescPage *Desc;   // the cubicle the TU belongs to
  uintptr_t RwBegin, RwEnd; // writable globals (page-aligned, page-padded)
  uintptr_t RoBegin, RoEnd; // read-only globals
  const char *Source;       // source file name, for reports
};

//===-- Cubicles -----------------------------------------------------------===//

enum class MemKind : uint8_t { None, Heap, Stack, Global, GlobalRO, Record };

// Monitor state is plain data with no constructors: it lives in static
// storage that the runtime fills in from .preinit_array, before C++ dynamic
// initialisation, which must therefore have nothing to do (the runtime is
// built with -Werror=global-constructors).

// A contiguous range of a cubicle's memory with one protection.
struct Region {
  uintptr_t Begin, End;
  MemKind Kind;
  int Prot; // PROT_* the owner has
};

constexpr int kMaxGlobalBlocks = 8;

// A cubicle's reserved area: its heap grows from the bottom, per-thread stack
// slots sit at the top.  Areas are aligned to their size so that the owner
// of any address is one table look-up.
constexpr unsigned kAreaShift = 32; // 4 GiB
constexpr uintptr_t kAreaSize = uintptr_t(1) << kAreaShift;
constexpr uintptr_t kStackZone = uintptr_t(1) << 30; // top 1 GiB: stacks
constexpr uintptr_t kHeapZone = kAreaSize - kStackZone;

struct Heap; // Heap.cpp; lives in the cubicle's own memory.

struct Cubicle {
  bool Used;
  bool FromPass; // descriptor emitted by the compiler
  uint16_t Id;
  DescPage *Desc;
  int Key;           // hardware key on mpk, -1 otherwise
  bool Virtual;   // mpk: beyond the hardware keys, mprotect-enforced
  uint32_t WindowKeys; // bit k: window key k granted to this cubicle
  uintptr_t Area;      // 0 for the trusted base
  uint64_t StackSlots[2]; // bit s: stack slot s of the area in use
  uintptr_t HeapCommitted; // end of the committed part of the heap zone
  bool HeapHeldForFork;    // its heap lock is held across a fork (Heap.cpp)
  Region Globals[kMaxGlobalBlocks];
  int NumGlobals;
  // Statistics (monitor memory).
  uint64_t WindowOpens;
  uint64_t FaultsCaused;
  uint64_t EmulatedAccesses;
  const char *name() const { return Desc ? Desc->Name : "?"; }
};

//===-- Threads ------------------------------------------------------------===//

constexpr uint16_t kNobody = 0xffff; // "no cubicle" in 16-bit id fields
constexpr int kMaxTransitions = 64;
constexpr int kMaxStepPagesPerThread = 4;
constexpr int kMaxStepPages = 64; // across all threads
constexpr int kThreadStatePages = 4;
constexpr int kMaxSignalDepth = 8;
constexpr int kNumSignals = 65; // 1..64

constexpr int kMaxCallWindows = 4;

// A window lent for one call through an entry stub (GateSupport.cpp).
struct CallWindow {
  uintptr_t CallerPtr; // the caller's memory
  uintptr_t Bounce;    // its copy on the callee's stack
  size_t Size;
  bool CopyBack;       // read-write: copied back after the call
};

struct Transition {
  uintptr_t CallerSp;
  uint16_t From, To;
  uint8_t NumWindows;
  CallWindow Windows[kMaxCallWindows];
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

//===-- Monitor state ------------------------------------------------------===//

enum class BackendKind : uint8_t { Mpk, Mprotect, None };

struct Monitor {
  bool Initialized;
  BackendKind Backend;
  bool PassCubicles; // some cubicle came from the compiler: no tracked mode
  int MonitorKey;    // mpk: key of monitor memory
  int VirtualKey;    // mpk: shared key of virtual cubicles, -1 if none yet
  uint32_t FreeKeys; // mpk: bit k set if key k is allocated and unused
  uint32_t MonitorPkru;
  int NumCubicles;
  Cubicle Cubicles[kMaxCubicles];
  uint16_t ActiveVirtual; // mprotect/virtual: whose memory is open now
  uint16_t AlsoOpen;      // mprotect: second open cubicle (window copies)
  uint8_t AreaOwner[1u << (47 - kAreaShift)]; // area index -> cubicle id+1
  uintptr_t LazyBase;     // lazy-stack trap region
  ThreadState *Threads;
  int NumThreads;
  bool StatsEnabled;
  char StatsDot[256];
  bool Verbose;
  bool HaltOnError;
  bool EagerStacks; // CUBICLE_EAGER_STACKS=1
  uint64_t WindowFaults;
  size_t StackSlotSize;
  unsigned PkruXsaveOffset; // where PKRU sits in a signal frame's XSAVE area
  int StepKey;              // mpk: key of pages in a masked single step
  volatile uint32_t StepLock;
  // The monitor lock: the thread in the monitor (MonitorGuard, the fault
  // handler, signal delivery) that may change shared runtime state.
  ThreadState *LockOwner;
  ThreadState *Retired; // exited threads whose mirrors wait for reuse
  pthread_key_t ThreadKey; // its destructor retires a thread (Threads.cpp)
  struct {
    uintptr_t Page;
    int Tid;
  } StepPages[kMaxStepPages]; // pages in a step, by thread
  struct sigaction *PrevSegv, *PrevTrap; // handlers to chain to
  struct SignalAction *Signals;          // [kNumSignals], Signals.cpp
  void *StatsPairs;                      // Stats.cpp
  uintptr_t ArenaCur, ArenaEnd; // monitor arena (Memory.cpp)
  class WindowTable *Windows;  // Windows.cpp
};

extern Monitor *const Mon;

// Is C's memory open by page rights now (mprotect, virtual cubicles)?
inline bool isOpenByPages(const Cubicle &C) {
  return C.Id == Mon->ActiveVirtual || C.Id == Mon->AlsoOpen;
}

} // namespace cubicle

extern "C" __attribute__((section(CUBICLE_DESC_SECTION)))
cubicle::ThreadPlaceholder __cubicle_thread_pages[cubicle::kThreadStatePages];

namespace cubicle {

//===-- Functions shared across the runtime --------------------------------===//

// Init.cpp
void ensureInitialized();
[[noreturn]] void fatal(const char *Fmt, ...);
// A variable of the environment, also before libc has set up environ.
const char *env(const char *Name);

// Symbolize.cpp: the name of the symbol at Addr, from the executable's
// .symtab (for reports).
// Names are the user's: userName rewrites the pass's and the runtime's
// (a body's, a redirected call's).
bool symbolize(uintptr_t Addr, char *Name, size_t Len, uintptr_t *Offset);
void userName(char *Name, size_t Len);
size_t functionStarts(uintptr_t Lo, uintptr_t Hi, uint64_t **Out,
                      size_t *Bytes);

// Verify.cpp: the start-up code scan; refuses the program (exits with
// kVerifyRefusedExit) if it holds code that could undo isolation.
constexpr int kVerifyRefusedExit = 125;
void verifyCode();
// Interpose.cpp: shared objects' pthread_create calls reach the runtime
// (start-up, monitor mode).
void routeLibraryThreads();

// Registry.cpp
DescPage *descBegin();
DescPage *descEnd();
DescPage *runtimeDesc(int I);
DescPage *runtimeDescFree();
bool isRuntimeDesc(const DescPage *D);
int descIndex(const DescPage *D);
Cubicle *cubicleById(int Id);
Cubicle *cubicleByDesc(const DescPage *D);
Cubicle *registerCubicle(DescPage *D, bool FromPass);
uint32_t computePkru(const Cubicle &C);
void refreshPkru(Cubicle &C);
Cubicle *cubicleByPkru(uint32_t Pkru);

// Memory.cpp
bool reserveArea(Cubicle &C);
Cubicle *ownerOf(uintptr_t Addr);
bool regionOf(uintptr_t Addr, Region &Out, Cubicle *&Owner);
bool commitHeap(Cubicle &C, uintptr_t NewEnd);
uintptr_t allocStack(Cubicle &C, ThreadState &T);
bool stackRange(const Cubicle &C, const ThreadState &T, uintptr_t &Begin,
                uintptr_t &End);
void *monitorAlloc(size_t Size);

// Backend.cpp: how protection is applied.  All calls in monitor mode.
struct Backend {
  // What the rest of the runtime asks of a backend, rather than which one it
  // is.
  struct Traits {
    // Switches are checked WRPKRUs: cubicles have hardware keys, PKRU is in
    // signal frames and says who runs, monitor exits carry a token (mpk).
    bool UsesWrpkru;
    // Every cubicle's memory is closed by page rights while it is not
    // running (mprotect); otherwise only virtual cubicles' (mpk).
    bool AllByPages;
    // Threads may run in different cubicles at once (not mprotect).
    bool IsolatesThreads;
    // Only the compiler's descriptor can say who calls the runtime (none:
    // no PKRU, and the gates keep no state the runtime could consult).
    bool CallerFromHint;
  };
  constexpr explicit Backend(Traits T) : T(T) {}

  bool usesWrpkru() const { return T.UsesWrpkru; }
  bool switchesByPages(const Cubicle &C) const {
    return T.AllByPages || C.Virtual;
  }
  bool isolatesThreads() const { return T.IsolatesThreads; }
  bool callerFromHint() const { return T.CallerFromHint; }

  virtual const char *name() const = 0;
  // Gives [Begin, End) of cubicle C the rights Prot for its owner.
  virtual bool applyOwner(uintptr_t Begin, uintptr_t End, int Prot,
                          const Cubicle &C, MemKind Kind) const = 0;
  // Makes [Begin, End) monitor memory: readable by all, writable by the
  // runtime (mpk); plain read-write elsewhere.
  virtual void applyMonitor(uintptr_t Begin, uintptr_t End) const = 0;
  // The slow part of a switch of thread T into cubicle To (with Also's
  // memory open too, for window copies).  Sets T.Current.
  virtual void switchTo(ThreadState &T, Cubicle &To, Cubicle *Also) const = 0;

private:
  Traits T;
};
const Backend &backend();
void initBackend(BackendKind K);
bool cpuHasPku();
int pkeyAlloc();
int pkeyMprotect(uintptr_t Begin, size_t Len, int Prot, int Key);
void protectRegionsOf(Cubicle &C, bool Accessible);

// Threads.cpp
ThreadState *currentThread();
ThreadState *setupThread();
uintptr_t ensureStack(ThreadState &T, Cubicle &C);
void initRecordsFor(Cubicle &C);
void reserveLazyRegion();
Cubicle *lazySlotOwner(uintptr_t Addr);
bool lazySlotRange(const Cubicle &C, uintptr_t &Begin, uintptr_t &End);

// Transition.cpp
Cubicle &currentCubicle();

// Heap.cpp
void *heapMalloc(Cubicle &C, size_t Size, size_t Align);
void heapFree(Cubicle &Caller, void *P);
void *heapRealloc(Cubicle &C, void *P, size_t Size);
size_t heapUsableSize(Cubicle &C, void *P);
// posix_memalign for C's heap, or libc's when C is null.
int heapPosixMemalign(Cubicle *C, void **Out, size_t Align, size_t Size);
bool heapDescribe(Cubicle &C, uintptr_t Addr, uintptr_t &Begin, size_t &Size);
// free() by the trusted base: libc's heap; a cubicle's memory is refused.
void trustedFree(void *Ptr);
// fork (monitor mode, monitor lock held by T): takes every heap's lock, so
// that no child inherits one held by a thread it does not have; returns
// with the monitor lock held again.  heapsUnlockAfterFork gives them back.
void heapsLockForFork(ThreadState &T);
void heapsUnlockAfterFork();

// Windows.cpp
struct WindowInfo;
int windowsCovering(uintptr_t Addr, size_t Len, int Grantee);
bool windowDescribe(uintptr_t Addr, char *Buf, size_t BufLen);
void windowsBeforeSwitch(Cubicle *Active, Cubicle *Also);
void windowsAfterSwitch(Cubicle *Active, Cubicle *Also);
// May cubicle C read (or write) [P, P + Len)?  Its own memory, the trusted
// base's, or memory lent to it through a window; never the runtime's.
bool callerMay(const Cubicle &C, uintptr_t P, size_t Len, bool Write);
// Length of the string at P including its NUL, reading only pages C may.
bool stringSize(const Cubicle &C, uintptr_t P, uint64_t &Out);

// Fault.cpp
void installFaultHandlers();
bool isRuntimeMemory(uintptr_t Addr);
void reportError(const char *Kind, const char *Fmt, ...);
void retireThread(void *); // Threads.cpp: the thread-exit destructor
void freeStack(Cubicle &C, ThreadState &T); // Memory.cpp

// Stats.cpp
void statsInit();

} // namespace cubicle

#endif // CUBICLE_RUNTIME_RUNTIME_H
