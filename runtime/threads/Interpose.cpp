//===- Interpose.cpp - Thread creation by the program's shared objects ----===//
//
// The program's own calls to pthread_create reach the runtime through
// --wrap (ThreadCreate.cpp).  A shared object's calls do not: libstdc++.so's
// std::thread calls libc's pthread_create directly.  Such a thread would
// start with its creator's GS base, so its gates would run on its creator's
// stacks: two threads on one stack.  So in a dynamic program the runtime
// points the GOT slots for pthread_create of every shared object loaded
// with the program at its wrapper, at start-up, before any constructor of
// theirs runs.  libc and the dynamic loader keep their own (they define
// it); the executable's slot is the wrapper's way to libc's.
//
// Not covered (docs/design.md): objects loaded later with dlopen (wrapping
// dlopen would change whose RUNPATH and $ORIGIN it resolves with), a
// pthread_create looked up with dlsym, and libc's own helper threads.
//
//===----------------------------------------------------------------------===//

#include "threads/Interpose.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/MonitorState.h"
#include "core/Report.h"
#include "syscalls/SyscallPage.h"

#include <elf.h>
#include <link.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

extern "C" int __wrap_pthread_create(pthread_t *, const pthread_attr_t *,
                                     void *(*)(void *), void *);

namespace cubicle {

namespace {

struct PatchState {
  int Objects = 0; // shared objects whose slots were pointed at the wrapper
  int Slots = 0;
};

// libc and the loader define pthread_create and call it by internal names.
bool definesPthreadCreate(const char *Name) {
  const char *Base = strrchr(Name, '/');
  Base = Base ? Base + 1 : Name;
  return !strncmp(Base, "libc.so", 7) || !strncmp(Base, "ld-linux", 8) ||
         !strncmp(Base, "libpthread.so", 13);
}

// Is [Addr, Addr + 8) inside the object's PT_GNU_RELRO (read-only by now)?
bool inRelro(const dl_phdr_info &Info, uintptr_t Addr) {
  for (int I = 0; I < Info.dlpi_phnum; ++I) {
    const ElfW(Phdr) &P = Info.dlpi_phdr[I];
    if (P.p_type == PT_GNU_RELRO && Addr >= Info.dlpi_addr + P.p_vaddr &&
        Addr + 8 <= Info.dlpi_addr + P.p_vaddr + P.p_memsz)
      return true;
  }
  return false;
}

void setSlot(const dl_phdr_info &Info, uintptr_t Slot, void *Value) {
  bool Relro = inRelro(Info, Slot);
  void *Page = reinterpret_cast<void *>(pageDown(Slot));
  if (Relro && sys::mprotect(Page, kPageSize, PROT_READ | PROT_WRITE) != 0)
    fatal("cannot make the GOT of %s writable to route its pthread_create "
          "through the runtime",
          Info.dlpi_name);
  __atomic_store_n(reinterpret_cast<void **>(Slot), Value, __ATOMIC_RELAXED);
  if (Relro)
    sys::mprotect(Page, kPageSize, PROT_READ);
}

// Points the object's JUMP_SLOT and GLOB_DAT relocations of pthread_create
// at the wrapper; returns how many.
int patchObject(const dl_phdr_info &Info) {
  const ElfW(Dyn) *Dyn = nullptr;
  for (int I = 0; I < Info.dlpi_phnum; ++I)
    if (Info.dlpi_phdr[I].p_type == PT_DYNAMIC)
      Dyn = reinterpret_cast<const ElfW(Dyn) *>(Info.dlpi_addr +
                                                Info.dlpi_phdr[I].p_vaddr);
  if (!Dyn)
    return 0;
  // The loader has relocated these entries in place (glibc on x86-64);
  // an entry below the load address has not been.
  auto Ptr = [&](ElfW(Addr) A) {
    return A < Info.dlpi_addr ? A + Info.dlpi_addr : A;
  };
  const char *Strtab = nullptr;
  const ElfW(Sym) *Symtab = nullptr;
  const ElfW(Rela) * Tables[2] = {nullptr, nullptr};
  size_t Sizes[2] = {0, 0};
  for (; Dyn->d_tag != DT_NULL; ++Dyn) {
    switch (Dyn->d_tag) {
    case DT_STRTAB:
      Strtab = reinterpret_cast<const char *>(Ptr(Dyn->d_un.d_ptr));
      break;
    case DT_SYMTAB:
      Symtab = reinterpret_cast<const ElfW(Sym) *>(Ptr(Dyn->d_un.d_ptr));
      break;
    case DT_JMPREL:
      Tables[0] = reinterpret_cast<const ElfW(Rela) *>(Ptr(Dyn->d_un.d_ptr));
      break;
    case DT_PLTRELSZ:
      Sizes[0] = Dyn->d_un.d_val;
      break;
    case DT_RELA:
      Tables[1] = reinterpret_cast<const ElfW(Rela) *>(Ptr(Dyn->d_un.d_ptr));
      break;
    case DT_RELASZ:
      Sizes[1] = Dyn->d_un.d_val;
      break;
    }
  }
  if (!Strtab || !Symtab)
    return 0;
  int N = 0;
  for (int T = 0; T < 2; ++T) {
    if (!Tables[T])
      continue;
    for (size_t I = 0; I < Sizes[T] / sizeof(ElfW(Rela)); ++I) {
      const ElfW(Rela) &R = Tables[T][I];
      uint32_t Type = ELF64_R_TYPE(R.r_info);
      if (Type != R_X86_64_JUMP_SLOT && Type != R_X86_64_GLOB_DAT)
        continue;
      const ElfW(Sym) &S = Symtab[ELF64_R_SYM(R.r_info)];
      if (strcmp(Strtab + S.st_name, "pthread_create") != 0)
        continue;
      setSlot(Info, Info.dlpi_addr + R.r_offset,
              reinterpret_cast<void *>(&__wrap_pthread_create));
      ++N;
    }
  }
  return N;
}

int onObject(dl_phdr_info *Info, size_t, void *Data) {
  auto *S = static_cast<PatchState *>(Data);
  const char *Name = Info->dlpi_name;
  // The executable comes first, with an empty name; the vDSO has one of
  // its own and no pthread_create.
  if (!Name || !*Name || !strncmp(Name, "linux-vdso", 10) ||
      definesPthreadCreate(Name))
    return 0;
  if (int N = patchObject(*Info)) {
    ++S->Objects;
    S->Slots += N;
  }
  return 0;
}

} // namespace

// Start-up, monitor mode.
void routeLibraryThreads() {
  // A static program has no shared objects: every call was wrapped at
  // link time, and dl_iterate_phdr finds the executable alone.
  PatchState S;
  dl_iterate_phdr(onObject, &S);
  if (Mon->Verbose)
    printErr("cubicle: pthread_create of %d shared objects (%d GOT slots) "
             "routed through the runtime\n",
             S.Objects, S.Slots);
}

} // namespace cubicle
