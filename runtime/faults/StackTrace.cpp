//===- StackTrace.cpp - The stack trace of a fault report -----------------===//
//
// Cubicle code is usually built without frame pointers, and the runtime
// carries no DWARF unwinder (it must stay small and work in a signal
// handler), so the trace comes from a scan of the running cubicle's stack:
// a word is a return address if it points into code right after a call
// instruction.  The scan starts at the faulting stack pointer, so a leaf
// in libc (strlen) is followed by the user's frame that called it, and
// ends at the gate's own return address, the site in the calling cubicle
// (recognised by the cookie in the caller's gate frame, cubicle/abi.h), or
// at the runtime's entry stub path, or at main.  Memory is read with
// process_vm_readv, so a bad address ends the scan instead of faulting.
//
// file:line comes from llvm-symbolizer, run as a child (clone with
// CLONE_VM | CLONE_VFORK, then execve: no malloc, no fork handlers, which
// would take the monitor lock this handler holds).
//
//===----------------------------------------------------------------------===//

#include "faults/StackTrace.h"
#include "core/Cubicle.h"
#include "core/Init.h"
#include "core/Monitor.h"
#include "core/MonitorState.h"
#include "core/Registry.h"
#include "core/Report.h"
#include "faults/Symbolize.h"
#include "memory/Memory.h"
#include "syscalls/SyscallPage.h"
#include "threads/ThreadState.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cubicle {

namespace {

constexpr size_t kMaxScanWords = 8192; // 64 KiB of stack
// The return address in the generic entry's block (Switch.S): after the
// XMM, argument and callee-saved registers.
constexpr size_t kStubBlockRet = 128 + 7 * 8 + 6 * 8;

// Whether a call instruction ends right before Ret: call rel32, or call
// through a register or memory (FF /2) with the usual encodings.
bool followsCall(uintptr_t Ret) {
  uint8_t B[8];
  if (Ret < 8 || !sys::readMemory(Ret - 8, B, 8))
    return false;
  if (B[3] == 0xE8) // e8 rel32
    return true;
  auto isCallModrm = [](uint8_t M) { return ((M >> 3) & 7) == 2; };
  // ff modrm, with modrm's length: 2 (reg or [reg]), 3 (disp8 or SIB), 4
  // (SIB+disp8), 6 (disp32 or rip-relative), 7 (SIB+disp32).
  static const int Lens[] = {2, 3, 4, 6, 7};
  for (int Len : Lens)
    if (B[8 - Len] == 0xFF && isCallModrm(B[8 - Len + 1]))
      return true;
  return false;
}

bool inMainText(uintptr_t Addr, uintptr_t Bias) {
  auto *Phdr = reinterpret_cast<const ElfW(Phdr) *>(getauxval(AT_PHDR));
  size_t Num = getauxval(AT_PHNUM);
  for (size_t I = 0; Phdr && I < Num; ++I)
    if (Phdr[I].p_type == PT_LOAD && (Phdr[I].p_flags & PF_X) &&
        Addr >= Bias + Phdr[I].p_vaddr &&
        Addr < Bias + Phdr[I].p_vaddr + Phdr[I].p_memsz)
      return true;
  return false;
}

bool isCode(uintptr_t Addr, uintptr_t Bias) {
  if (inMainText(Addr, Bias))
    return true;
  Dl_info Info;
  return dladdr(reinterpret_cast<void *>(Addr), &Info) && Info.dli_fname;
}

// The cubicle whose gate frame has return address Ret, if any: while a
// cubicle's call is out, its record's SP points at its gate frame.
Cubicle *gateCaller(ThreadState &T, uintptr_t Ret) {
  for (int I = 0; I < Mon->NumCubicles; ++I) {
    Cubicle &C = Mon->Cubicles[I];
    if (!C.Used || !C.Desc)
      continue;
    uintptr_t Sp, Cookie;
    if (sys::readMemory(uintptr_t(recordPage(T, C)), &Sp, sizeof(Sp)) && Sp &&
        sys::readMemory(Sp + CUBICLE_FRAME_COOKIE, &Cookie, sizeof(Cookie)) &&
        Cookie == Ret)
      return &C;
  }
  return nullptr;
}

void collect(const ucontext_t *Uc, ThreadState *T, Cubicle *Running,
             Trace &Tr) {
  const greg_t *G = Uc->uc_mcontext.gregs;
  uintptr_t Bias = exeLoadBias();
  auto add = [&](uintptr_t Pc) -> Frame & {
    Frame &F = Tr.Frames[Tr.Num++];
    F.Pc = Pc;
    F.Off = 0;
    F.Loc[0] = 0;
    F.Inlined = false;
    if (!symbolize(Pc, F.Name, sizeof(F.Name), &F.Off))
      format(F.Name, sizeof(F.Name), "??");
    return F;
  };
  add(uintptr_t(G[REG_RIP]));
  uintptr_t Sp = uintptr_t(G[REG_RSP]), Top = Sp + kMaxScanWords * 8;
  uintptr_t B, E;
  if (T && Running && stackRange(*Running, *T, B, E) && Sp >= B && Sp < E &&
      E < Top)
    Top = E;
  for (uintptr_t A = Sp & ~uintptr_t(7); A + 8 <= Top && Tr.Num < kMaxFrames;
       A += 8) {
    uintptr_t V;
    if (!sys::readMemory(A, &V, sizeof(V)))
      break;
    if (!isCode(V, Bias) || !followsCall(V))
      continue;
    if (T)
      if (Cubicle *From = gateCaller(*T, V)) {
        add(V);
        Tr.EnteredFrom = From->Id == CUBICLE_TRUSTED ? nullptr : From->name();
        Tr.FromTrusted = From->Id == CUBICLE_TRUSTED;
        return;
      }
    Frame &F = add(V);
    // The runtime's generic entry (entry stubs, cubicle_call): the
    // transition it recorded says who called.
    if (!strncmp(F.Name, CUBICLE_RESERVED_PREFIX,
                 sizeof(CUBICLE_RESERVED_PREFIX) - 1)) {
      --Tr.Num;
      Tr.ViaRuntime = true;
      if (!T || !T->Depth)
        return;
      const Transition &X = T->Trans[T->Depth - 1];
      if (Cubicle *From = cubicleById(X.From))
        Tr.EnteredFrom = From->name();
      // The caller's call of the entry stub: its return address is in the
      // block the generic entry saved on the caller's stack (Switch.S).
      uintptr_t Ret;
      if (X.CallerSp && sys::readMemory(X.CallerSp + kStubBlockRet, &Ret, 8) &&
          isCode(Ret, Bias)) {
        add(Ret);
        Tr.CallerFrame = true;
      }
      return;
    }
    if (!strcmp(F.Name, "main"))
      return;
  }
}

const char *findSymbolizer() {
  const char *E = env("CUBICLE_SYMBOLIZER");
  if (E && (!*E || !strcmp(E, "0")))
    return nullptr;
  if (E)
    return access(E, X_OK) == 0 ? E : nullptr;
  static const char *const Candidates[] = {
      "/usr/bin/llvm-symbolizer-19", "/usr/lib/llvm-19/bin/llvm-symbolizer",
      "/usr/bin/llvm-symbolizer"};
  for (const char *C : Candidates)
    if (access(C, X_OK) == 0)
      return C;
  return nullptr;
}

struct Child {
  const char *Path;
  int In, Out;
};

alignas(16) char gChildStack[64 * 1024];

int runSymbolizer(void *Arg) {
  auto *C = static_cast<Child *>(Arg);
  dup2(C->In, 0);
  dup2(C->Out, 1);
  int Null = sys::openFile("/dev/null", O_WRONLY);
  if (Null >= 0)
    dup2(Null, 2);
  const char *Argv[] = {C->Path, "--inlines", "--demangle", nullptr};
  const char *Envp[] = {nullptr};
  execve(C->Path, const_cast<char *const *>(Argv),
         const_cast<char *const *>(Envp));
  _exit(127);
}

// file:line:col for each frame, where the symbolizer knows it.  Also
// replaces the name with the symbolizer's (DWARF's: the user's, inlined
// functions too).
void addLocations(Trace &Tr) {
  const char *Path = findSymbolizer();
  if (!Path)
    return;
  int In[2], Out[2];
  if (pipe2(In, O_CLOEXEC))
    return;
  if (pipe2(Out, O_CLOEXEC)) {
    close(In[0]);
    close(In[1]);
    return;
  }
  char Input[kMaxFrames * 64];
  size_t Len = 0;
  uintptr_t Bias = exeLoadBias();
  int Pid = int(getpid());
  for (int I = 0; I < Tr.Num; ++I) {
    // A return address's call is the instruction before it.
    uintptr_t Pc = Tr.Frames[I].Pc - (I ? 1 : 0);
    if (inMainText(Pc, Bias)) {
      Len += format(Input + Len, sizeof(Input) - Len, "/proc/%d/exe 0x%lx\n",
                    Pid, (unsigned long)(Pc - Bias));
      continue;
    }
    Dl_info Info;
    link_map *Map = nullptr;
    if (dladdr1(reinterpret_cast<void *>(Pc), &Info,
                reinterpret_cast<void **>(&Map), RTLD_DL_LINKMAP) &&
        Map && Info.dli_fname && strlen(Info.dli_fname) < 200)
      Len += format(Input + Len, sizeof(Input) - Len, "%s 0x%lx\n",
                    Info.dli_fname, (unsigned long)(Pc - Map->l_addr));
    else
      Len += format(Input + Len, sizeof(Input) - Len, "/dev/null 0x0\n");
  }
  Child C = {Path, In[0], Out[1]};
  int Tid = clone(runSymbolizer, gChildStack + sizeof(gChildStack),
                  CLONE_VM | CLONE_VFORK | SIGCHLD, &C);
  close(In[0]);
  close(Out[1]);
  if (Tid > 0)
    writeAll(In[1], Input, Len);
  close(In[1]);
  char Output[kMaxFrames * 512];
  size_t Got = 0;
  while (Tid > 0 && Got + 1 < sizeof(Output)) {
    pollfd P = {Out[0], POLLIN, 0};
    if (poll(&P, 1, 10000) <= 0)
      break;
    ssize_t N = read(Out[0], Output + Got, sizeof(Output) - 1 - Got);
    if (N <= 0)
      break;
    Got += size_t(N);
  }
  Output[Got] = 0;
  close(Out[0]);
  if (Tid > 0) {
    kill(Tid, SIGKILL);
    waitpid(Tid, nullptr, 0);
  }
  // One block per input line, ended by an empty line: pairs of
  // "function\nfile:line:col\n", the innermost first when functions were
  // inlined there.  Each pair becomes a frame, as in ASan's traces.
  Trace Res;
  char *P = Output;
  for (int I = 0; I < Tr.Num && *P; ++I) {
    int First = Res.Num;
    while (*P && *P != '\n' && Res.Num < kMaxFrames) {
      char *Func = P, *Loc = strchr(Func, '\n');
      if (!Loc)
        break;
      *Loc++ = 0;
      char *End = strchr(Loc, '\n');
      if (!End)
        break;
      *End = 0;
      P = End + 1;
      Frame &F = Res.Frames[Res.Num++];
      F = Tr.Frames[I];
      if (Loc[0] && Loc[0] != '?')
        format(F.Loc, sizeof(F.Loc), "%s", Loc);
      if (strcmp(Func, "??")) {
        format(F.Name, sizeof(F.Name), "%s", Func);
        userName(F.Name, sizeof(F.Name));
      }
    }
    if (Res.Num == First) { // nothing from the symbolizer: keep the frame
      if (Res.Num == kMaxFrames)
        break;
      Res.Frames[Res.Num++] = Tr.Frames[I];
    }
    for (int K = First; K + 1 < Res.Num; ++K)
      Res.Frames[K].Inlined = true;
    while (*P && *P != '\n') // the rest of a cut block
      P = strchr(P, '\n') ? strchr(P, '\n') + 1 : P + strlen(P);
    if (*P == '\n')
      ++P;
  }
  for (int I = 0; I < Res.Num; ++I)
    Tr.Frames[I] = Res.Frames[I];
  Tr.Num = Res.Num;
}

} // namespace

void captureTrace(const ucontext_t *Uc, ThreadState *T, Cubicle *Running,
                  Trace &Tr) {
  Tr = Trace();
  collect(Uc, T, Running, Tr);
  addLocations(Tr);
}

void printTrace(const Trace &Tr, Cubicle *Running) {
  for (int I = 0; I < Tr.Num; ++I) {
    const Frame &F = Tr.Frames[I];
    if (F.Loc[0])
      printErr("    #%d %p in %s %s%s\n", I, (void *)F.Pc, F.Name, F.Loc,
               F.Inlined ? " (inlined)" : "");
    else
      printErr("    #%d %p in %s+0x%zx\n", I, (void *)F.Pc, F.Name,
               size_t(F.Off));
  }
  const char *Name = Running ? Running->name() : "<unknown>";
  if (Tr.FromTrusted && Tr.Num > 1)
    printErr("cubicle '%s' was entered through the gate in #%d, from the "
             "trusted base (code built without the plugin: libc calling "
             "main, a constructor or a callback)\n",
             Name, Tr.Num - 1);
  else if (Tr.EnteredFrom && !Tr.ViaRuntime && Tr.Num > 1)
    printErr("cubicle '%s' was entered through the gate in #%d, from cubicle "
             "'%s'\n",
             Name, Tr.Num - 1, Tr.EnteredFrom);
  else if (Tr.ViaRuntime && Tr.CallerFrame)
    printErr("cubicle '%s' was entered through an entry stub (the runtime's "
             "generic entry), called from cubicle '%s' in #%d\n",
             Name, Tr.EnteredFrom ? Tr.EnteredFrom : "?", Tr.Num - 1);
  else if (Tr.ViaRuntime)
    printErr("cubicle '%s' was entered through the runtime (an entry stub or "
             "cubicle_call)%s%s%s\n",
             Name, Tr.EnteredFrom ? " from cubicle '" : "",
             Tr.EnteredFrom ? Tr.EnteredFrom : "", Tr.EnteredFrom ? "'" : "");
}

} // namespace cubicle
