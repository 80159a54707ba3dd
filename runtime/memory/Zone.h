//===- Zone.h - The fixed range that holds all of the runtime's memory ----===//
//
// One reservation at a fixed address holds the runtime's system-call page,
// its own mappings (record mirrors, signal stacks, the monitor arena, the
// lazy-stack region) and every cubicle's 4 GiB area.  Being one known range
// is what lets the system-call filter refuse memory calls on it
// (syscalls/SyscallFilter.cpp) without a list that grows at run time.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_MEMORY_ZONE_H
#define CUBICLE_RUNTIME_MEMORY_ZONE_H

#include "core/Cubicle.h"
#include "syscalls/SyscallPage.h"

#include <stddef.h>
#include <stdint.h>

namespace cubicle {

// 96 TiB: above static executables (4 MiB) and where Linux puts PIE ones
// (~85 TiB; record mirrors must lie above the executable), below mmap's
// top-down allocations (from ~127 TiB).
constexpr uintptr_t kZoneBase = kSyscallPage;
// The first area-sized part is the runtime's; cubicles' areas follow.
constexpr uintptr_t kZoneRuntimeSize = kAreaSize;
constexpr uintptr_t kZoneSize =
    kZoneRuntimeSize + uintptr_t(kMaxCubicles) * kAreaSize;
constexpr uintptr_t kZoneEnd = kZoneBase + kZoneSize;
static_assert(kZoneBase % kAreaSize == 0, "areas stay aligned to their size");
static_assert(kZoneEnd <= uintptr_t(1) << 47, "within user space");

// Start-up, after the system-call page (the zone's first page): reserves
// the rest of the zone (no access, no commit charge).  Fatal if the range
// is taken.
void reserveZone();
// Size bytes (rounded up to pages) of the runtime's part, with rights Prot;
// nullptr when that part is full.
void *zoneMap(size_t Size, int Prot);
// The next unused cubicle area (reserved, no access), or 0.
uintptr_t zoneArea();

inline bool inZone(uintptr_t A) { return A >= kZoneBase && A < kZoneEnd; }

} // namespace cubicle

#endif // CUBICLE_RUNTIME_MEMORY_ZONE_H
