//===- Zone.cpp - The fixed range that holds all of the runtime's memory --===//

#include "memory/Zone.h"

#include "core/Init.h"
#include "core/MonitorState.h"

#include <cerrno>
#include <cstring>
#include <sys/mman.h>

namespace cubicle {

void reserveZone() {
  uintptr_t Begin = kZoneBase + kPageSize; // past the system-call page
  void *P = mmap(
      reinterpret_cast<void *>(Begin), kZoneEnd - Begin, PROT_NONE,
      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  if (P == MAP_FAILED || uintptr_t(P) != Begin)
    fatal("cannot reserve the runtime's zone [%p, %p): %s",
          reinterpret_cast<void *>(kZoneBase),
          reinterpret_cast<void *>(kZoneEnd),
          P == MAP_FAILED ? strerror(errno) : "mapped elsewhere");
  Mon->ZoneCursor = Begin;
}

void *zoneMap(size_t Size, int Prot) {
  Size = pageUp(Size);
  uintptr_t At = __atomic_fetch_add(&Mon->ZoneCursor, Size, __ATOMIC_RELAXED);
  if (At + Size > kZoneBase + kZoneRuntimeSize || At + Size < At)
    return nullptr;
  // The reservation has no access already: nothing to map for PROT_NONE.
  if (Prot == PROT_NONE)
    return reinterpret_cast<void *>(At);
  if (!sys::mapFixed(At, Size, Prot, 0))
    return nullptr;
  return reinterpret_cast<void *>(At);
}

uintptr_t zoneArea() {
  unsigned I = __atomic_fetch_add(&Mon->ZoneAreas, 1u, __ATOMIC_RELAXED);
  if (I >= unsigned(kMaxCubicles))
    return 0;
  return kZoneBase + kZoneRuntimeSize + uintptr_t(I) * kAreaSize;
}

} // namespace cubicle
