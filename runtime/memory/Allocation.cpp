//===- Allocation.cpp - The allocation API: one implementation ------------===//
//
// malloc and its family for cubicle code.  The pass sends calls from
// cubicle code to the "_from" functions (cubicle/redirects.def) with the
// caller's descriptor: on the none backend nothing else tells the runtime
// which cubicle is calling; on mpk the PKRU decides and on mprotect the
// runtime tracks the running cubicle, and the descriptor is only a hint.
// The public cubicle_malloc family is the same code for the running
// cubicle.  A cubicle allocates from its own heap (Heap.cpp); the trusted
// base from libc's, and may not free a cubicle's memory.
//
//===----------------------------------------------------------------------===//

#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/Registry.h"
#include "gates/Transition.h"
#include "memory/Heap.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

using namespace cubicle;

// The cubicle an allocation or window call from a gate-built cubicle acts
// for: on none the compiler's word; elsewhere what the runtime knows.
// Null: the trusted base, which allocates from libc.
static Cubicle *fromCubicle(DescPage *D) {
  ensureInitialized();
  if (D && backend().callerFromHint())
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
    trustedFree(P);
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

// The public API (cubicle/cubicle.h), for code that calls it by name without
// the plugin's redirects: the same functions, for the running cubicle.
void *cubicle_malloc(size_t Size) {
  return __cubicle_malloc_from(nullptr, Size);
}
void *cubicle_calloc(size_t N, size_t Size) {
  return __cubicle_calloc_from(nullptr, N, Size);
}
void *cubicle_realloc(void *P, size_t Size) {
  return __cubicle_realloc_from(nullptr, P, Size);
}
void cubicle_free(void *P) { __cubicle_free_from(nullptr, P); }
void *cubicle_aligned_alloc(size_t Align, size_t Size) {
  return __cubicle_aligned_alloc_from(nullptr, Align, Size);
}
int cubicle_posix_memalign(void **Out, size_t Align, size_t Size) {
  return __cubicle_posix_memalign_from(nullptr, Out, Align, Size);
}
size_t cubicle_malloc_usable_size(void *P) {
  return __cubicle_malloc_usable_size_from(nullptr, P);
}

} // extern "C"
