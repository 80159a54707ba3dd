//===- Registry.cpp - Cubicles, descriptor pages, keys and PKRU values ----===//
//
// A cubicle is identified by its descriptor page in the section
// CUBICLE_DESC_SECTION.  The pass emits one COMDAT descriptor per cubicle
// name; the runtime reserves CUBICLE_RUNTIME_DESCS more, the first of which
// is the trusted base (id 0).  Ids are handed out in registration order.
//
//===----------------------------------------------------------------------===//

#include "core/Registry.h"
#include "backends/Backend.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/MonitorState.h"
#include "core/Pkru.h"
#include "core/Report.h"
#include "memory/Memory.h"
#include "threads/ThreadState.h"
#include "threads/Threads.h"

#include <string.h>

using namespace cubicle;

__attribute__((used))
ThreadPlaceholder __cubicle_thread_pages[kThreadStatePages];

// Descriptors for the trusted base and for cubicles created at run time.
extern "C" {
__attribute__((section(CUBICLE_DESC_SECTION), used))
DescPage __cubicle_runtime_descs[CUBICLE_RUNTIME_DESCS];
}
// The trusted base's descriptor, for gates that enter a cubicle from code
// built without the plugin (main, constructors).
extern "C" __attribute__((alias("__cubicle_runtime_descs"))) DescPage
    __cubicle_desc_trusted;

extern "C" DescPage __start_cubicle_descs[];
extern "C" DescPage __stop_cubicle_descs[];

namespace cubicle {

DescPage *descBegin() { return __start_cubicle_descs; }
DescPage *descEnd() { return __stop_cubicle_descs; }

int descIndex(const DescPage *D) { return int(D - __start_cubicle_descs); }

Cubicle *cubicleById(int Id) {
  if (Id < 0 || Id >= Mon->NumCubicles || !Mon->Cubicles[Id].Used)
    return nullptr;
  return &Mon->Cubicles[Id];
}

Cubicle *cubicleByDesc(const DescPage *D) {
  if (D < descBegin() || D >= descEnd() || D->Magic != CUBICLE_DESC_MAGIC_VALUE)
    return nullptr;
  return cubicleById(int(D->Id));
}

DescPage *runtimeDesc(int I) { return &__cubicle_runtime_descs[I]; }

bool isRuntimeDesc(const DescPage *D) {
  return D >= __cubicle_runtime_descs && D < __cubicle_runtime_descs + CUBICLE_RUNTIME_DESCS;
}

DescPage *runtimeDescFree() {
  for (int I = 1; I < CUBICLE_RUNTIME_DESCS; ++I)
    if (__cubicle_runtime_descs[I].Magic != CUBICLE_DESC_MAGIC_VALUE)
      return &__cubicle_runtime_descs[I];
  return nullptr;
}

// The PKRU a cubicle runs with.  Key 0 (the trusted base) is always open;
// the monitor key is readable so that gates can read descriptors; a
// hardware-keyed cubicle adds its own key and the window keys granted to
// it; virtual cubicles share the virtual key.
uint32_t computePkru(const Cubicle &C) {
  uint32_t P = ~0u; // every key: access and write disabled
  P &= ~(CUBICLE_PKRU_AD(0) | CUBICLE_PKRU_WD(0));
  if (Mon->MonitorKey > 0)
    P &= ~CUBICLE_PKRU_AD(Mon->MonitorKey);
  if (C.Key > 0)
    P &= ~(CUBICLE_PKRU_AD(C.Key) | CUBICLE_PKRU_WD(C.Key));
  if (C.Virtual && Mon->VirtualKey > 0)
    P &= ~(CUBICLE_PKRU_AD(Mon->VirtualKey) | CUBICLE_PKRU_WD(Mon->VirtualKey));
  for (int K = 1; K < kNumKeys; ++K)
    if (C.WindowKeys & (1u << K))
      P &= C.ReadOnlyKeys & (1u << K)
               ? ~CUBICLE_PKRU_AD(K)
               : ~(CUBICLE_PKRU_AD(K) | CUBICLE_PKRU_WD(K));
  return P;
}

// Called in monitor mode, like everything that writes monitor memory.
void refreshPkru(Cubicle &C) { C.Desc->Pkru = computePkru(C); }

Cubicle *cubicleByPkru(uint32_t Pkru) {
  Cubicle *Virtual = nullptr;
  for (int I = 0; I < Mon->NumCubicles; ++I) {
    Cubicle &C = Mon->Cubicles[I];
    if (!C.Used || C.Desc->Pkru != Pkru)
      continue;
    if (!C.Virtual)
      return &C;
    Virtual = &C;
  }
  if (!Virtual)
    return nullptr;
  // Virtual cubicles share one PKRU; the slow switch tracks which one runs.
  ThreadState *T = currentThread();
  Cubicle *Cur = T ? cubicleById(T->Current) : nullptr;
  return Cur && Cur->Virtual ? Cur : nullptr;
}

static int allocKeyFor(Cubicle &C) {
  if (!backend().usesWrpkru() || C.Id == CUBICLE_TRUSTED)
    return -1;
  for (int K = 1; K < kNumKeys; ++K)
    if (Mon->FreeKeys & (1u << K)) {
      Mon->FreeKeys &= ~(1u << K);
      return K;
    }
  return -1;
}

// Called in monitor mode.
Cubicle *registerCubicle(DescPage *D, bool FromPass) {
  if (Mon->NumCubicles >= kMaxCubicles)
    return nullptr;
  Cubicle &C = Mon->Cubicles[Mon->NumCubicles];
  C = Cubicle{};
  C.Used = true;
  C.FromPass = FromPass;
  C.Id = uint16_t(Mon->NumCubicles);
  C.Desc = D;
  C.Key = allocKeyFor(C);
  if (backend().usesWrpkru() && C.Id != CUBICLE_TRUSTED &&
      C.Key < 0) {
    // Out of hardware keys: libmpk-style virtualisation, enforced by
    // mprotect among the virtual cubicles, which share the virtual key.
    C.Virtual = true;
  }
  D->Id = C.Id;
  D->Magic = CUBICLE_DESC_MAGIC_VALUE;
  // How gates switch into this cubicle (cubicle/abi.h): a WRPKRU unless
  // there is no PKU (SLOW); the runtime's page switch on mprotect and for
  // cubicles beyond the hardware keys (RUNTIME).
  D->Flags = 0;
  if (!backend().usesWrpkru())
    D->Flags |= CUBICLE_DF_SLOW;
  if (backend().switchesByPages(C))
    D->Flags |= CUBICLE_DF_RUNTIME;
  D->Pkru = computePkru(C);
  ++Mon->NumCubicles;
  if (C.Id != CUBICLE_TRUSTED && !reserveArea(C)) {
    --Mon->NumCubicles;
    C.Used = false;
    return nullptr;
  }
  initRecordsFor(C);
  return &C;
}

} // namespace cubicle

//===-- Public API ---------------------------------------------------------===//

extern "C" {

int cubicle_count(void) {
  ensureInitialized();
  return Mon->NumCubicles;
}

const char *cubicle_name(cid_type Cid) {
  ensureInitialized();
  Cubicle *C = cubicleById(Cid);
  return C ? C->name() : nullptr;
}

cid_type cubicle_lookup(const char *Name) {
  ensureInitialized();
  if (!Name)
    return CUBICLE_EINVAL;
  for (int I = 0; I < Mon->NumCubicles; ++I)
    if (Mon->Cubicles[I].Used && !strcmp(Mon->Cubicles[I].name(), Name))
      return I;
  return CUBICLE_EBADCID;
}

const char *cubicle_strerror(int Err) {
  switch (Err) {
  case CUBICLE_OK:
    return "CUBICLE_OK: success";
  case CUBICLE_EBADWID:
    return "CUBICLE_EBADWID: no such window";
  case CUBICLE_ENOTOWNER:
    return "CUBICLE_ENOTOWNER: the caller does not own that memory or window";
  case CUBICLE_EOVERLAP:
    return "CUBICLE_EOVERLAP: range overlaps a range already in a window";
  case CUBICLE_EINVAL:
    return "CUBICLE_EINVAL: invalid argument (size 0, NULL, or wrap-around)";
  case CUBICLE_ENOMEM:
    return "CUBICLE_ENOMEM: out of runtime memory";
  case CUBICLE_EBADCID:
    return "CUBICLE_EBADCID: no such cubicle";
  case CUBICLE_ENOENT:
    return "CUBICLE_ENOENT: no range starts at that address";
  case CUBICLE_ENOTOPEN:
    return "CUBICLE_ENOTOPEN: the window is not open to that cubicle";
  case CUBICLE_EPERM:
    return "CUBICLE_EPERM: not allowed from the calling context";
  case CUBICLE_EEXIST:
    return "CUBICLE_EEXIST: a cubicle with that name exists";
  case CUBICLE_ELIMIT:
    return "CUBICLE_ELIMIT: too many cubicles";
  }
  return "unknown Cubicle error";
}

} // extern "C"
