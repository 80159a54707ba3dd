//===- Monitor.h - Entering and leaving the runtime's privileged mode -----===//
//
// The runtime's state ("monitor memory") carries the monitor key, which every
// cubicle can read and none can write.  Runtime entry points that change it
// run in monitor mode: PKRU 0.
//
// Entering (MonitorGuard) establishes who is calling.  On mpk the caller is
// the cubicle whose PKRU the thread runs with; because a jump straight to the
// runtime's WRPKRU skips any check written before it, the caller must also
// present the secret stored in its per-thread record, which only code
// running with that cubicle's key can read.  On mprotect and none the
// runtime tracks the current cubicle itself.
//
// Leaving goes through __cubicle_exit_monitor, whose WRPKRU writes the PKRU
// recorded in the thread's monitor-owned ExitPkru slot and then checks a
// one-shot token in the target cubicle's record: a later jump to that
// WRPKRU finds the token cleared and aborts.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_MONITOR_H
#define CUBICLE_RUNTIME_MONITOR_H

#include "core/Cubicle.h"
#include "threads/ThreadState.h"


extern "C" {
// The descriptor section, from the linker.
extern cubicle::DescPage __start_cubicle_descs[];
// Assembly (Switch.S).  Called in monitor mode; writes ExitPkru, checks Token.
void __cubicle_exit_monitor(uint64_t Token);
// Runs Fn(Arg) on stack Sp after leaving the monitor with Token (0: no
// WRPKRU, complete an mprotect switch instead), saving the caller's stack
// pointer in *CallerSpSlot; returns through __cubicle_call_leave.  Called in
// monitor mode.
void *__cubicle_call_on_stack(void *(*Fn)(void *), void *Arg, uintptr_t Sp,
                              uint64_t Token, uintptr_t *CallerSpSlot);
}

namespace cubicle {

struct RecordPage {
  uintptr_t Sp;
  uint64_t Secret;
  uint64_t ExitToken;
};

// Monitor mode for the duration of a runtime API call.
class MonitorGuard {
public:
  // Hint: the caller's descriptor as the compiler knows it; decides the
  // caller on the none backend, where nothing else can (see GateSupport.cpp).
  explicit MonitorGuard(const DescPage *Hint = nullptr);
  ~MonitorGuard();
  MonitorGuard(const MonitorGuard &) = delete;
  MonitorGuard &operator=(const MonitorGuard &) = delete;

  // False if the calling context could not be identified (a thread the
  // runtime does not know, or a PKRU that is no cubicle's).
  bool ok() const { return Ok; }
  // The caller takes over leaving the monitor (stack switches do that in
  // assembly); the destructor then does nothing.
  void release();
  // Leaves the monitor lock held when the guard goes: the next guard on
  // this thread finds it held and releases it (fork, Monitor.cpp).
  void keepLock() { KeepLock = true; }
  Cubicle &caller() const;
  ThreadState &thread() const;

private:
  bool Ok = false;
  bool KeepLock = false;
};

// The monitor lock, for monitor-mode code outside a MonitorGuard (the fault
// handler, signal delivery).  Taken only if thread T does not hold it
// already: those run on a thread that may be in the monitor.
class MonitorLock {
public:
  explicit MonitorLock(ThreadState *T);
  ~MonitorLock() { unlock(); }
  MonitorLock(const MonitorLock &) = delete;
  MonitorLock &operator=(const MonitorLock &) = delete;
  void unlock();

private:
  bool Taken = false;
};
void monitorLock(ThreadState *T);
void monitorUnlock();
// pthread_atfork handlers: the forking thread holds the monitor lock across
// fork (Monitor.cpp).
void registerForkHandlers();

// The record page of cubicle C in thread T's mirror.
// Inline: every crossing through the runtime asks it.  The mirror has one
// page per descriptor page, at the same offset (cubicle/abi.h).
inline RecordPage *recordPage(ThreadState &T, const Cubicle &C) {
  return reinterpret_cast<RecordPage *>(
      T.Mirror + (uintptr_t(C.Desc) - uintptr_t(__start_cubicle_descs)));
}

// Prepares a monitor exit to cubicle C and returns the token to pass to
// __cubicle_exit_monitor.  Monitor mode.
uint64_t prepareExit(ThreadState &T, Cubicle &C);

// Leaves monitor mode towards cubicle C on the current stack.
void leaveMonitorTo(ThreadState &T, Cubicle &C);

// A fresh random value (RDRAND where available).
uint64_t randomU64();

} // namespace cubicle

#endif // CUBICLE_RUNTIME_MONITOR_H
