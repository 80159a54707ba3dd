//===- ElfProgram.cpp - What cubicle-verify needs from an ELF file --------===//

#include "ElfProgram.h"

#include "cubicle/abi.h"

#include <algorithm>
#include <gelf.h>
#include <libelf.h>

namespace cubicle {

namespace {

// Owns an Elf handle.
struct ElfHandle {
  Elf *E = nullptr;
  ~ElfHandle() {
    if (E)
      elf_end(E);
  }
};

bool fits(uint64_t Off, uint64_t Len, size_t Size) {
  return Off <= Size && Len <= Size - Off;
}

// Names come from the file: keep them to one printable line in reports.
std::string printable(const char *Name) {
  std::string Out;
  for (const char *P = Name; *P && Out.size() < 200; ++P) {
    unsigned char C = static_cast<unsigned char>(*P);
    if (C >= 0x20 && C < 0x7F) {
      Out += char(C);
    } else {
      static const char Hex[] = "0123456789abcdef";
      Out += "\\x";
      Out += Hex[C >> 4];
      Out += Hex[C & 15];
    }
  }
  return Out;
}

} // namespace

const ElfSymbol *ElfProgram::functionAt(uint64_t Addr) const {
  auto It = std::upper_bound(
      Functions.begin(), Functions.end(), Addr,
      [](uint64_t A, const ElfSymbol &S) { return A < S.Addr; });
  if (It == Functions.begin())
    return nullptr;
  --It;
  // Symbols without a size (assembly) extend to the next symbol.
  if (It->Size && Addr >= It->Addr + It->Size)
    return nullptr;
  return &*It;
}

ExitCode loadElfProgram(const uint8_t *Image, size_t Size, ElfProgram &Out,
                        std::string &Error) {
  Out = ElfProgram();
  if (Size < EI_NIDENT || Image[EI_MAG0] != ELFMAG0 ||
      Image[EI_MAG1] != ELFMAG1 || Image[EI_MAG2] != ELFMAG2 ||
      Image[EI_MAG3] != ELFMAG3) {
    Error = "not an ELF file";
    return kNotElf;
  }
  if (Image[EI_CLASS] != ELFCLASS64) {
    Error = Image[EI_CLASS] == ELFCLASS32
                ? "a 32-bit ELF file: Cubicle is for x86-64 programs"
                : "an ELF file of unknown class";
    return kUnsupportedElf;
  }
  if (Image[EI_DATA] != ELFDATA2LSB) {
    Error = "a big-endian ELF file: Cubicle is for x86-64 programs";
    return kUnsupportedElf;
  }
  if (Size < sizeof(Elf64_Ehdr)) {
    Error = "truncated ELF file: the file header is cut off";
    return kMalformedElf;
  }
  if (elf_version(EV_CURRENT) == EV_NONE) {
    Error = "libelf is out of date";
    return kCannotRead;
  }
  ElfHandle H;
  // libelf takes a non-const image but, opened for reading, does not write.
  H.E = elf_memory(reinterpret_cast<char *>(const_cast<uint8_t *>(Image)),
                   Size);
  if (!H.E || elf_kind(H.E) != ELF_K_ELF) {
    Error = std::string("cannot read the ELF file: ") + elf_errmsg(-1);
    return kMalformedElf;
  }
  GElf_Ehdr Eh;
  if (!gelf_getehdr(H.E, &Eh)) {
    Error = std::string("cannot read the ELF header: ") + elf_errmsg(-1);
    return kMalformedElf;
  }
  if (Eh.e_machine != EM_X86_64) {
    Error = "not an x86-64 ELF file (e_machine " +
            std::to_string(Eh.e_machine) + ")";
    return kUnsupportedElf;
  }
  if (Eh.e_type == ET_REL) {
    Error = "a relocatable object: verify the linked program";
    return kUnsupportedElf;
  }
  if (Eh.e_type != ET_EXEC && Eh.e_type != ET_DYN) {
    Error = "not a program or shared library (e_type " +
            std::to_string(Eh.e_type) + ")";
    return kUnsupportedElf;
  }
  Out.SharedObject = Eh.e_type == ET_DYN;
  if (Eh.e_shoff == 0 || Eh.e_shnum == 0) {
    Error = "no section headers (a stripped or truncated file)";
    return kMalformedElf;
  }
  if (Eh.e_shentsize != sizeof(Elf64_Shdr) ||
      !fits(Eh.e_shoff, uint64_t(Eh.e_shnum) * sizeof(Elf64_Shdr), Size)) {
    Error = "truncated ELF file: the section headers lie past its end";
    return kMalformedElf;
  }
  size_t ShStrNdx;
  if (elf_getshdrstrndx(H.E, &ShStrNdx) != 0) {
    Error = std::string("cannot find the section names: ") + elf_errmsg(-1);
    return kMalformedElf;
  }

  {
    Elf_Scn *Names = elf_getscn(H.E, ShStrNdx);
    GElf_Shdr NamesSh;
    if (!Names || !gelf_getshdr(Names, &NamesSh) ||
        !fits(NamesSh.sh_offset, NamesSh.sh_size, Size)) {
      Error = "truncated ELF file: the section-name table lies past its end";
      return kMalformedElf;
    }
  }

  // Sections: executable code, and the symbol table.
  Elf_Scn *SymScn = nullptr;
  GElf_Shdr SymSh = {};
  for (Elf_Scn *Scn = elf_nextscn(H.E, nullptr); Scn;
       Scn = elf_nextscn(H.E, Scn)) {
    GElf_Shdr Sh;
    if (!gelf_getshdr(Scn, &Sh)) {
      Error = std::string("cannot read a section header: ") + elf_errmsg(-1);
      return kMalformedElf;
    }
    if (Sh.sh_type == SHT_SYMTAB) {
      SymScn = Scn;
      SymSh = Sh;
      continue;
    }
    if (!(Sh.sh_flags & SHF_EXECINSTR) || Sh.sh_type != SHT_PROGBITS ||
        Sh.sh_size == 0)
      continue;
    const char *Name = elf_strptr(H.E, ShStrNdx, Sh.sh_name);
    if (!Name) {
      Error = "a section name lies outside the section-name table";
      return kMalformedElf;
    }
    if (!fits(Sh.sh_offset, Sh.sh_size, Size)) {
      Error = "truncated ELF file: section " + printable(Name) +
              " lies past its end";
      return kMalformedElf;
    }
    Out.Code.push_back({printable(Name), Sh.sh_addr, Image + Sh.sh_offset,
                        size_t(Sh.sh_size),
                        std::string(Name) == CUBICLE_TEXT_SECTION});
  }
  if (Out.Code.empty()) {
    Error = "no executable code in the file";
    return kNoCode;
  }
  if (!SymScn) {
    Error = "no symbol table (stripped): cubicle-verify needs it to find the "
            "gates' failure handlers and to name code; verify before stripping";
    return kStripped;
  }
  if (SymSh.sh_entsize != sizeof(Elf64_Sym) ||
      !fits(SymSh.sh_offset, SymSh.sh_size, Size) ||
      SymSh.sh_link >= Eh.e_shnum) {
    Error = "the symbol table is truncated or malformed";
    return kMalformedElf;
  }
  Elf_Scn *StrScn = elf_getscn(H.E, SymSh.sh_link);
  GElf_Shdr StrSh;
  if (!StrScn || !gelf_getshdr(StrScn, &StrSh) ||
      !fits(StrSh.sh_offset, StrSh.sh_size, Size)) {
    Error = "the symbol names are truncated or malformed";
    return kMalformedElf;
  }
  Elf_Data *Data = elf_getdata(SymScn, nullptr);
  if (!Data) {
    Error = std::string("cannot read the symbol table: ") + elf_errmsg(-1);
    return kMalformedElf;
  }
  size_t Count = SymSh.sh_size / sizeof(Elf64_Sym);
  for (size_t I = 0; I < Count; ++I) {
    GElf_Sym Sym;
    if (!gelf_getsym(Data, int(I), &Sym))
      break;
    int Type = GELF_ST_TYPE(Sym.st_info);
    if ((Type != STT_FUNC && Type != STT_NOTYPE) || Sym.st_shndx == SHN_UNDEF ||
        Sym.st_value == 0)
      continue;
    const char *Name = elf_strptr(H.E, SymSh.sh_link, Sym.st_name);
    if (!Name || !*Name || Name[0] == '.')
      continue;
    std::string N = printable(Name);
    if (N == "__cubicle_gate_check_failed")
      Out.GateFail = Sym.st_value;
    else if (N == "__cubicle_pkru_check_failed")
      Out.PkruFail = Sym.st_value;
    if (Type == STT_FUNC || N.compare(0, 9, "__cubicle") == 0)
      Out.Functions.push_back(
          {Sym.st_value, Sym.st_size, std::move(N), Type == STT_FUNC});
  }
  std::sort(Out.Functions.begin(), Out.Functions.end(),
            [](const ElfSymbol &A, const ElfSymbol &B) {
              return A.Addr < B.Addr || (A.Addr == B.Addr && A.Size > B.Size);
            });
  return kVerified;
}

} // namespace cubicle
