//===- Symbolize.cpp - Symbol names for reports ---------------------------===//
//
// Reads the executable's own .symtab (then, for shared objects, their
// dynamic symbols) to name the function at a PC and the global at an
// address, with the names the user wrote, never the pass's (userName).  Used only while printing a report, so it maps the
// file afresh each time and keeps no state a cubicle could corrupt.  Only
// the symbol table is read; anything malformed just yields no name.
//
//===----------------------------------------------------------------------===//

#include "faults/Symbolize.h"
#include "core/Cubicle.h"
#include "core/Report.h"
#include "syscalls/SyscallPage.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cubicle {

uintptr_t exeLoadBias() {
  auto *Phdr = reinterpret_cast<const ElfW(Phdr) *>(getauxval(AT_PHDR));
  size_t Num = getauxval(AT_PHNUM);
  for (size_t I = 0; Phdr && I < Num; ++I)
    if (Phdr[I].p_type == PT_PHDR)
      return uintptr_t(Phdr) - Phdr[I].p_vaddr;
  return 0;
}

// The name a user wrote for a symbol the pass or the runtime made: the body
// of an exported function, a cubicle's main, a constructor's wrapper, a
// stub, an allocation or signal call sent to the runtime (redirects.def).
// Rewrites Name in place.
void userName(char *Name, size_t Len) {
  static const char *const Prefixes[] = {
      CUBICLE_BODY_PREFIX, CUBICLE_INIT_PREFIX, CUBICLE_STUB_PREFIX};
  for (const char *P : Prefixes) {
    size_t N = strlen(P);
    if (!strncmp(Name, P, N)) {
      memmove(Name, Name + N, strlen(Name + N) + 1);
      return;
    }
  }
  // __cubicle_main.<cubicle> and __cubicle_redirect.<cubicle>.<function>.
  if (!strncmp(Name, CUBICLE_MAIN_PREFIX, strlen(CUBICLE_MAIN_PREFIX))) {
    format(Name, Len, "main");
    return;
  }
  if (!strncmp(Name, CUBICLE_REDIRECT_PREFIX, strlen(CUBICLE_REDIRECT_PREFIX))) {
    const char *Fn = strchr(Name + strlen(CUBICLE_REDIRECT_PREFIX), '.');
    if (Fn)
      memmove(Name, Fn + 1, strlen(Fn + 1) + 1);
    return;
  }
  static const struct {
    const char *From, *To;
  } Redirects[] = {
#define CUBICLE_REDIRECT(From, To) {#From, #To},
#include "cubicle/redirects.def"
#undef CUBICLE_REDIRECT
  };
  for (const auto &R : Redirects)
    if (!strcmp(Name, R.To)) {
      format(Name, Len, "%s", R.From);
      return;
    }
}

static bool symbolizeExe(uintptr_t Addr, char *Name, size_t Len,
                         uintptr_t *Offset);

bool symbolize(uintptr_t Addr, char *Name, size_t Len, uintptr_t *Offset) {
  bool Found = symbolizeExe(Addr, Name, Len, Offset);
  if (!Found) {
    // A shared object's exported function (libc's, in a dynamic program).
    Dl_info Info;
    if (dladdr(reinterpret_cast<void *>(Addr), &Info) && Info.dli_sname &&
        Info.dli_saddr) {
      format(Name, Len, "%s", Info.dli_sname);
      if (Offset)
        *Offset = Addr - uintptr_t(Info.dli_saddr);
      Found = true;
    }
  }
  if (Found)
    userName(Name, Len);
  return Found;
}

static bool symbolizeExe(uintptr_t Addr, char *Name, size_t Len,
                         uintptr_t *Offset) {
  int Fd = sys::openFile("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return false;
  struct stat St;
  if (fstat(Fd, &St) != 0 || size_t(St.st_size) < sizeof(Elf64_Ehdr)) {
    close(Fd);
    return false;
  }
  size_t Size = size_t(St.st_size);
  void *Map = mmap(nullptr, Size, PROT_READ, MAP_PRIVATE, Fd, 0);
  close(Fd);
  if (Map == MAP_FAILED)
    return false;
  const auto *Base = static_cast<const uint8_t *>(Map);
  const auto *Eh = reinterpret_cast<const Elf64_Ehdr *>(Base);
  bool Found = false;
  uintptr_t Target = Addr - exeLoadBias();
  auto inFile = [&](uint64_t Off, uint64_t Bytes) {
    return Off <= Size && Bytes <= Size - Off;
  };
  if (!memcmp(Eh->e_ident, ELFMAG, SELFMAG) &&
      Eh->e_ident[EI_CLASS] == ELFCLASS64 &&
      Eh->e_shentsize == sizeof(Elf64_Shdr) &&
      inFile(Eh->e_shoff, uint64_t(Eh->e_shnum) * sizeof(Elf64_Shdr))) {
    const auto *Sh = reinterpret_cast<const Elf64_Shdr *>(Base + Eh->e_shoff);
    for (unsigned I = 0; I < Eh->e_shnum && !Found; ++I) {
      if (Sh[I].sh_type != SHT_SYMTAB || Sh[I].sh_link >= Eh->e_shnum ||
          Sh[I].sh_entsize != sizeof(Elf64_Sym) ||
          !inFile(Sh[I].sh_offset, Sh[I].sh_size))
        continue;
      const Elf64_Shdr &Str = Sh[Sh[I].sh_link];
      if (!inFile(Str.sh_offset, Str.sh_size))
        continue;
      const auto *Syms =
          reinterpret_cast<const Elf64_Sym *>(Base + Sh[I].sh_offset);
      size_t NumSyms = Sh[I].sh_size / sizeof(Elf64_Sym);
      const Elf64_Sym *Best = nullptr;
      for (size_t S = 0; S < NumSyms; ++S) {
        const Elf64_Sym &Sym = Syms[S];
        int Type = ELF64_ST_TYPE(Sym.st_info);
        if ((Type != STT_FUNC && Type != STT_OBJECT) || !Sym.st_value ||
            Sym.st_name >= Str.sh_size)
          continue;
        uint64_t End = Sym.st_value + (Sym.st_size ? Sym.st_size : 1);
        if (Target >= Sym.st_value && Target < End &&
            (!Best || Sym.st_value > Best->st_value))
          Best = &Sym;
      }
      if (Best) {
        const char *S = reinterpret_cast<const char *>(Base + Str.sh_offset +
                                                       Best->st_name);
        size_t Max = Str.sh_size - Best->st_name;
        size_t N = strnlen(S, Max < Len - 1 ? Max : Len - 1);
        memcpy(Name, S, N);
        Name[N] = 0;
        if (Offset)
          *Offset = Target - Best->st_value;
        Found = N > 0;
      }
    }
  }
  munmap(Map, Size);
  return Found;
}

// The start addresses of the executable's functions in [Lo, Hi), sorted,
// in a fresh mapping the caller releases with munmap(*Out, *Bytes).  For
// the start-up code scan (Verify.cpp).  Returns the number found (0 if the
// executable has no symbol table).
static int compareU64(const void *A, const void *B) {
  uint64_t X = *static_cast<const uint64_t *>(A),
           Y = *static_cast<const uint64_t *>(B);
  return X < Y ? -1 : X > Y;
}

size_t functionStarts(uintptr_t Lo, uintptr_t Hi, uint64_t **Out,
                      size_t *Bytes) {
  *Out = nullptr;
  *Bytes = 0;
  int Fd = sys::openFile("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return 0;
  struct stat St;
  if (fstat(Fd, &St) != 0 || size_t(St.st_size) < sizeof(Elf64_Ehdr)) {
    close(Fd);
    return 0;
  }
  size_t Size = size_t(St.st_size);
  void *Map = mmap(nullptr, Size, PROT_READ, MAP_PRIVATE, Fd, 0);
  close(Fd);
  if (Map == MAP_FAILED)
    return 0;
  const auto *Base = static_cast<const uint8_t *>(Map);
  const auto *Eh = reinterpret_cast<const Elf64_Ehdr *>(Base);
  auto inFile = [&](uint64_t Off, uint64_t N) {
    return Off <= Size && N <= Size - Off;
  };
  uintptr_t Bias = exeLoadBias();
  size_t Count = 0;
  if (!memcmp(Eh->e_ident, ELFMAG, SELFMAG) &&
      Eh->e_ident[EI_CLASS] == ELFCLASS64 &&
      Eh->e_shentsize == sizeof(Elf64_Shdr) &&
      inFile(Eh->e_shoff, uint64_t(Eh->e_shnum) * sizeof(Elf64_Shdr))) {
    const auto *Sh = reinterpret_cast<const Elf64_Shdr *>(Base + Eh->e_shoff);
    for (unsigned I = 0; I < Eh->e_shnum && !*Out; ++I) {
      if (Sh[I].sh_type != SHT_SYMTAB ||
          Sh[I].sh_entsize != sizeof(Elf64_Sym) ||
          !inFile(Sh[I].sh_offset, Sh[I].sh_size))
        continue;
      const auto *Syms =
          reinterpret_cast<const Elf64_Sym *>(Base + Sh[I].sh_offset);
      size_t NumSyms = Sh[I].sh_size / sizeof(Elf64_Sym);
      size_t Need = (NumSyms * sizeof(uint64_t) + kPageSize - 1) &
                    ~(kPageSize - 1);
      if (!Need)
        break;
      void *Arr = mmap(nullptr, Need, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (Arr == MAP_FAILED)
        break;
      auto *A = static_cast<uint64_t *>(Arr);
      for (size_t S = 0; S < NumSyms; ++S) {
        uint64_t V = Syms[S].st_value + Bias;
        if (ELF64_ST_TYPE(Syms[S].st_info) == STT_FUNC && V >= Lo && V < Hi)
          A[Count++] = V;
      }
      qsort(A, Count, sizeof(uint64_t), compareU64);
      *Out = A;
      *Bytes = Need;
    }
  }
  munmap(Map, Size);
  return Count;
}

} // namespace cubicle
