/*===- channel.h - A request/response channel to another process ----------===*\
 *
 * The message-passing baseline the benchmarks compare cubicles with: one
 * request and one response at a time in shared memory, with futex
 * wake-ups (after a short spin, as such channels do), between a client and
 * a server process.
\*===----------------------------------------------------------------------===*/
#ifndef CUBICLE_BENCH_CHANNEL_H
#define CUBICLE_BENCH_CHANNEL_H

#include <linux/futex.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef struct {
  volatile uint32_t Req, Resp; /* sequence numbers */
  uint32_t Spin;               /* iterations to spin before sleeping */
  uint32_t Pad;
} ChannelHead;

static inline void chan_futex_wait(volatile uint32_t *W, uint32_t Old) {
  syscall(SYS_futex, W, FUTEX_WAIT, Old, 0, 0, 0);
}

static inline void chan_futex_wake(volatile uint32_t *W) {
  syscall(SYS_futex, W, FUTEX_WAKE, 1, 0, 0, 0);
}

/* Waits until *W != Old. */
static inline void chan_wait_change(volatile uint32_t *W, uint32_t Old,
                                    uint32_t Spin) {
  for (uint32_t I = 0; I < Spin; ++I) {
    if (__atomic_load_n(W, __ATOMIC_ACQUIRE) != Old)
      return;
    __builtin_ia32_pause();
  }
  while (__atomic_load_n(W, __ATOMIC_ACQUIRE) == Old)
    chan_futex_wait(W, Old);
}

/* Client: the request is in the shared payload; send it, wait for the
 * response. */
static inline void chan_call(ChannelHead *H) {
  uint32_t Seq = H->Req + 1;
  __atomic_store_n(&H->Req, Seq, __ATOMIC_RELEASE);
  chan_futex_wake(&H->Req);
  while (__atomic_load_n(&H->Resp, __ATOMIC_ACQUIRE) != Seq)
    chan_wait_change(&H->Resp, Seq - 1, H->Spin);
}

/* Server: waits for the next request; returns its sequence number. */
static inline uint32_t chan_next(ChannelHead *H, uint32_t Last) {
  chan_wait_change(&H->Req, Last, H->Spin);
  return __atomic_load_n(&H->Req, __ATOMIC_ACQUIRE);
}

static inline void chan_reply(ChannelHead *H, uint32_t Seq) {
  __atomic_store_n(&H->Resp, Seq, __ATOMIC_RELEASE);
  chan_futex_wake(&H->Resp);
}

static inline void *chan_create(size_t Bytes) {
  void *P = mmap(0, Bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                 -1, 0);
  return P == MAP_FAILED ? 0 : P;
}

#endif
