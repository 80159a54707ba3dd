//===- Cubicle.h - Cubicles and their memory ------------------------------===//
//
// A cubicle as the runtime knows it: its descriptor page (layout fixed by
// cubicle/abi.h), the TU records the pass emits, its area, regions and
// statistics.  Plain data with no constructors: monitor state lives in
// static storage that the runtime fills in from .preinit_array, before C++
// dynamic initialisation (the runtime is built with
// -Werror=global-constructors).
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_CORE_CUBICLE_H
#define CUBICLE_RUNTIME_CORE_CUBICLE_H

#include "cubicle/abi.h"
#include "cubicle/cubicle.h"

#include <stddef.h>
#include <stdint.h>

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
  uint32_t ReadOnlyKeys; // bit k: ... for reading only
  uintptr_t Area;      // 0 for the trusted base
  uint64_t StackSlots[2]; // bit s: stack slot s of the area in use
  uint8_t KeptSlot;       // the slot holding its kept copies (0: none yet)
  uintptr_t KeptCursor;   // where the next new kept copy goes in it
  uint8_t OwnedSlot;      // the slot holding blocks handed over to it
  uintptr_t OwnedCursor;  // where the next new one goes in it
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

} // namespace cubicle

#endif // CUBICLE_RUNTIME_CORE_CUBICLE_H
