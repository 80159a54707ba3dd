//===- Threads.cpp - Per-thread state, record mirrors and stacks ----------===//
//
// Each thread owns a mirror of the descriptor section (see cubicle/abi.h).
// The first kThreadStatePages pages of the mirror hold the thread's
// ThreadState and carry the monitor key; the page for cubicle C holds C's
// record for this thread and carries C's key.  The thread's GS base is set
// to (mirror - section start), so `%gs:desc(%rip)` is the record.
//
// Stacks are created on first entry.  A record starts with a stack pointer
// into the "lazy region", a PROT_NONE reservation with one 1 MiB slot per
// descriptor; the first push faults there and the fault handler creates the
// stack and moves the registers that point into the slot (Fault.cpp).
//
//===----------------------------------------------------------------------===//

#include "threads/Threads.h"
#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Pkru.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "memory/Memory.h"
#include "memory/Zone.h"
#include "threads/ThreadState.h"
#include "windows/ResultCopies.h"
#include "syscalls/SyscallPage.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <asm/prctl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cubicle {

constexpr uintptr_t kLazySlot = uintptr_t(1) << 20;
constexpr size_t kAltStackSize = 64 * 1024;

ThreadState *currentThread() {
  ThreadState *T;
  __asm__ volatile("mov %%gs:__cubicle_thread_pages(%%rip), %0" : "=r"(T));
  return T;
}

static size_t mirrorSize() {
  return size_t(descEnd() - descBegin()) * kPageSize;
}

uintptr_t lazyStackTop(const Cubicle &C) {
  return Mon->LazyBase + uintptr_t(descIndex(C.Desc) + 1) * kLazySlot - 256;
}

Cubicle *lazySlotOwner(uintptr_t Addr) {
  if (!Mon->LazyBase || Addr < Mon->LazyBase)
    return nullptr;
  uintptr_t Index = (Addr - Mon->LazyBase) / kLazySlot;
  if (Index >= uintptr_t(descEnd() - descBegin()))
    return nullptr;
  return cubicleByDesc(descBegin() + Index);
}

bool lazySlotRange(const Cubicle &C, uintptr_t &Begin, uintptr_t &End) {
  Begin = Mon->LazyBase + uintptr_t(descIndex(C.Desc)) * kLazySlot;
  End = Begin + kLazySlot;
  return true;
}

void reserveLazyRegion() {
  size_t Size = size_t(descEnd() - descBegin()) * kLazySlot;
  void *P = zoneMap(Size, PROT_NONE);
  if (!P)
    fatal("cannot reserve %zu bytes for lazy stacks", Size);
  Mon->LazyBase = uintptr_t(P);
}

// Monitor mode.  Gives T a record for cubicle C.
static void initRecord(ThreadState &T, Cubicle &C) {
  RecordPage *R = recordPage(T, C);
  uintptr_t Page = uintptr_t(R);
  // Write while the page is still the monitor's, then hand it to C.
  backend().applyMonitor(Page, Page + kPageSize);
  R->Sp = lazyStackTop(C);
  R->Secret = randomU64();
  R->ExitToken = 0;
  backend().applyOwner(Page, Page + kPageSize, PROT_READ | PROT_WRITE, C,
                       MemKind::Record);
  // CUBICLE_EAGER_STACKS=1: stacks at once instead of on first use.
  // (Valgrind mishandles the register moves of lazy stack creation.)
  if (Mon->EagerStacks && C.Area && C.Id != CUBICLE_TRUSTED)
    ensureStack(T, C);
}

void initRecordsFor(Cubicle &C) {
  for (ThreadState *T = Mon->Threads; T; T = T->Next)
    initRecord(*T, C);
}

// Monitor mode.  Gives back every stack thread T has.
static void freeStacks(ThreadState &T) {
  for (int I = 0; I < Mon->NumCubicles; ++I)
    if (Mon->Cubicles[I].Used)
      freeStack(Mon->Cubicles[I], T);
}

// A retired thread whose kernel thread is gone: its mirror and signal
// stack can serve a new thread.  (The id is gone only once the thread has
// left glibc's exit path, so nothing of it runs on them any more.)
static ThreadState *reuseRetired() {
  for (ThreadState **P = &Mon->Retired; *P; P = &(*P)->Next) {
    ThreadState *T = *P;
    if (T->Tid && (syscall(SYS_tgkill, getpid(), T->Tid, 0) == 0 ||
                   errno != ESRCH))
      continue;
    *P = T->Next;
    freeStacks(*T); // those a late destructor created after retirement
    releaseResultCopies(*T);
    uintptr_t Mirror = T->Mirror;
    void *Alt = T->AltStack;
    uint8_t *Stash = T->StepStash;
    memset(static_cast<void *>(T), 0, sizeof(*T));
    T->Self = T;
    T->Mirror = Mirror;
    T->AltStack = Alt;
    T->StepStash = Stash;
    return T;
  }
  return nullptr;
}

// A new mirror and alternate signal stack, their state zeroed.
static ThreadState *newThreadState() {
  size_t Size = mirrorSize();
  void *P = zoneMap(Size, PROT_NONE);
  if (!P)
    fatal("cannot map a %zu-byte record mirror", Size);
  uintptr_t Mirror = uintptr_t(P);
  uintptr_t GsBase = Mirror - uintptr_t(descBegin());
  if (Mirror < uintptr_t(descBegin()) || GsBase >= (uintptr_t(1) << 47))
    fatal("record mirror at %p is unusable (descriptors at %p)", P,
          (void *)descBegin());
  // Pages for descriptors no cubicle uses stay inaccessible.
  uintptr_t TsBegin =
      Mirror + (uintptr_t(__cubicle_thread_pages) - uintptr_t(descBegin()));
  backend().applyMonitor(TsBegin, TsBegin + kThreadStatePages * kPageSize);
  auto *T = reinterpret_cast<ThreadState *>(TsBegin);
  T->Self = T;
  T->Mirror = Mirror;
  // The fault handler runs on this stack under the interrupted PKRU (Linux
  // writes the signal frame before switching PKRU), so it carries key 0.
  void *Alt = zoneMap(kAltStackSize, PROT_READ | PROT_WRITE);
  if (!Alt)
    fatal("cannot map an alternate signal stack");
  T->AltStack = Alt;
  return T;
}

// Monitor mode (or start-up).  Builds a thread's mirror, records and
// alternate signal stack; the thread itself then adopts them.
ThreadState *prepareThread() {
  ThreadState *T = reuseRetired();
  if (!T)
    T = newThreadState();
  T->ExitPkru = kPkruInit;
  T->Current = CUBICLE_TRUSTED;
  for (int I = 0; I < Mon->NumCubicles; ++I)
    if (Mon->Cubicles[I].Used)
      initRecord(*T, Mon->Cubicles[I]);
  T->Next = Mon->Threads;
  Mon->Threads = T;
  ++Mon->NumThreads;
  return T;
}

// Runs on the new thread, before anything else the runtime knows of: points
// GS at the thread's mirror and installs its signal stack.  The thread id is
// written by the first monitor entry that needs it.
void adoptThread(ThreadState &T) {
  // From the runtime's page: the system-call filter refuses it elsewhere.
  if (runtimeSyscall(SYS_arch_prctl, ARCH_SET_GS,
                     long(T.Mirror - uintptr_t(descBegin()))) != 0)
    fatal("arch_prctl(ARCH_SET_GS) failed");
  stack_t Ss = {};
  Ss.ss_sp = T.AltStack;
  Ss.ss_size = kAltStackSize;
  sigaltstack(&Ss, nullptr);
}

// Monitor mode.  Moves T from the live threads to the retired ones.
void retireState(ThreadState &T) {
  for (ThreadState **P = &Mon->Threads; *P; P = &(*P)->Next)
    if (*P == &T) {
      *P = T.Next;
      break;
    }
  --Mon->NumThreads;
  T.Next = Mon->Retired;
  Mon->Retired = &T;
}

// The destructor of Mon->ThreadKey, on an exiting thread.  Gives back the
// thread's stacks (one per cubicle it entered) and retires its state.  The
// program's own destructors may still cross into cubicles, so it asks for
// further rounds and does the work in the last one.  Its argument is in
// memory every cubicle can write: only the thread's own state counts.
void retireThread(void *) {
  sigset_t All;
  sigfillset(&All);
  pthread_sigmask(SIG_BLOCK, &All, nullptr); // nothing may run on it now
  bool Last;
  {
    MonitorGuard G;
    if (!G.ok())
      return;
    ThreadState &T = G.thread();
    Last = ++T.RetireRound >= PTHREAD_DESTRUCTOR_ITERATIONS - 1;
    if (Last) {
      releaseResultCopies(T);
      freeStacks(T);
      retireState(T);
      stack_t Ss = {};
      Ss.ss_flags = SS_DISABLE;
      sigaltstack(&Ss, nullptr);
    }
  }
  if (!Last)
    pthread_setspecific(Mon->ThreadKey, Mon);
}

// Start-up.  Sets up the main thread.
ThreadState *setupThread() {
  ThreadState *T = prepareThread();
  T->Tid = int(syscall(SYS_gettid));
  adoptThread(*T);
  return T;
}

// Monitor mode.  Creates C's stack for thread T if it has none yet and
// returns its top.
uintptr_t ensureStack(ThreadState &T, Cubicle &C) {
  RecordPage *R = recordPage(T, C);
  if (T.StackSlot[C.Id])
    return R->Sp;
  uintptr_t Top = allocStack(C, T);
  if (!Top)
    fatal("cannot create a stack for cubicle '%s'", C.name());
  R->Sp = Top;
  return Top;
}

} // namespace cubicle
