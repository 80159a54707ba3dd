//===- SpinLock.h - The runtime's one lock --------------------------------===//
//
// Locks on words in memory the runtime cannot give constructors to: monitor
// state (static storage filled in before C++ initialisation) and a heap's
// header (in the cubicle's own memory).  Every section they guard is short
// and never blocks, so a waiter spins with PAUSE, then yields.  The lock
// word is either a flag (0 free, 1 held) or, for the monitor lock, the
// owner itself, so that a thread can tell it holds it (a fault in the
// monitor, a signal delivered there).
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_SPINLOCK_H
#define CUBICLE_RUNTIME_SPINLOCK_H

#include <sched.h>
#include <stdint.h>

namespace cubicle {

// One round of waiting for a lock held by another thread.
inline void spinWait(unsigned &Spins) {
  if (Spins++ < 64)
    __builtin_ia32_pause();
  else
    sched_yield();
}

// A flag lock.
inline void spinLock(volatile uint32_t &Word) {
  unsigned Spins = 0;
  while (__atomic_exchange_n(&Word, 1, __ATOMIC_ACQUIRE))
    while (__atomic_load_n(&Word, __ATOMIC_RELAXED))
      spinWait(Spins);
}
inline void spinUnlock(volatile uint32_t &Word) {
  __atomic_store_n(&Word, 0, __ATOMIC_RELEASE);
}

// An owner lock: Word holds its owner while held, null while free.
template <typename T> inline void spinLockAs(T *&Word, T *Owner) {
  unsigned Spins = 0;
  for (;;) {
    T *Free = nullptr;
    if (__atomic_compare_exchange_n(&Word, &Free, Owner, false,
                                    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
      return;
    spinWait(Spins);
  }
}
template <typename T> inline void spinUnlockAs(T *&Word) {
  __atomic_store_n(&Word, nullptr, __ATOMIC_RELEASE);
}

} // namespace cubicle

#endif // CUBICLE_RUNTIME_SPINLOCK_H
