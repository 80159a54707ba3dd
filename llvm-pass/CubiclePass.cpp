//===- CubiclePass.cpp - Turn a translation unit into part of a cubicle ---===//
//
// Runs once per module, at the end of the optimisation pipeline (every
// optimisation level; at -O2 after inlining, so only calls that survive get
// gates).  For a TU of cubicle A it:
//
//   - emits A's descriptor page (COMDAT) and the "not a cubicle" sentinel;
//   - moves A's globals into page-aligned, page-padded blocks and records
//     them in a TU record, so the runtime gives them A's key;
//   - defines the entry record __cubicle_entry.<f> (a read-only pointer to
//     A's descriptor) for every function it exports, and a weak fallback
//     pointing at a "not a cubicle" sentinel for every external function it
//     calls, so that at run time a call site knows the callee's cubicle;
//   - wraps main and the module's constructors and destructors in a gate
//     from the trusted base (libc calls them);
//   - sends allocation calls to A's heap and window calls to the runtime with
//     A's identity;
//   - replaces each call to a function defined elsewhere with: a plain call
//     if the callee turns out to be in A (one compare of two descriptor ids)
//     or outside every cubicle, and an inline gate otherwise.
//
// A module flag marks the work done; running again changes nothing.
//
//===----------------------------------------------------------------------===//

#include "CubicleNames.h"
#include "GateEmitter.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Debug.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#define DEBUG_TYPE "cubicle"

using namespace llvm;

STATISTIC(NumGates, "Cross-cubicle call sites gated");
STATISTIC(NumPlainChecked, "External call sites checked at run time");
STATISTIC(NumGlobalsMoved, "Globals moved into the cubicle's blocks");
STATISTIC(NumExported, "Exported functions given an entry record");
STATISTIC(NumAllocRedirected, "Allocation functions redirected");

static cl::opt<std::string>
    CubicleNameOpt("cubicle-name",
                   cl::desc("The cubicle this translation unit belongs to"),
                   cl::init(""));

namespace cubicle {

std::string &requestedCubicleName() {
  static std::string Name;
  return Name;
}

bool isValidCubicleName(StringRef Name) {
  if (Name.empty() || Name.size() >= CUBICLE_NAME_MAX)
    return false;
  return all_of(Name, [](char C) { return isAlnum(C) || C == '_' || C == '-'; });
}

namespace {

constexpr uint64_t kPage = CUBICLE_PAGE_SIZE;

// Functions that are surely not in any cubicle beyond what the target
// library info knows: libc internals that compiled code calls directly.
bool isKnownUninstrumented(StringRef Name) {
  static const StringSet<> Names = {
      "__errno_location", "__ctype_b_loc", "__ctype_tolower_loc",
      "__ctype_toupper_loc", "__assert_fail", "__stack_chk_fail",
      "__tls_get_addr", "__cxa_atexit", "__cxa_guard_acquire",
      "__cxa_guard_release", "__cxa_guard_abort", "__cxa_pure_virtual",
      "__cxa_throw", "__cxa_begin_catch", "__cxa_end_catch",
      "__cxa_allocate_exception", "__cxa_free_exception", "__cxa_rethrow",
      "__gxx_personality_v0", "_Unwind_Resume", "__dso_handle",
      "__isoc99_sscanf", "__isoc99_fscanf", "__isoc99_scanf",
      "__isoc99_vsscanf", "__sysv_signal", "__libc_start_main"};
  return Names.contains(Name) || Name.starts_with("pthread_") ||
         Name.starts_with("llvm.");
}

bool isRuntimeApi(StringRef Name) {
  return Name.starts_with("cubicle_") || Name.starts_with("__cubicle_");
}

// Allocation and window functions, and what calls to them become: the
// runtime's variant that takes the caller's descriptor (on the none backend
// nothing else tells the runtime who is calling).
struct Redirect {
  const char *From, *To;
};
const Redirect kRedirects[] = {
    {"malloc", "__cubicle_malloc_from"},
    {"calloc", "__cubicle_calloc_from"},
    {"realloc", "__cubicle_realloc_from"},
    {"free", "__cubicle_free_from"},
    {"aligned_alloc", "__cubicle_aligned_alloc_from"},
    {"memalign", "__cubicle_aligned_alloc_from"},
    {"posix_memalign", "__cubicle_posix_memalign_from"},
    {"malloc_usable_size", "__cubicle_malloc_usable_size_from"},
    {"strdup", "__cubicle_strdup_from"},
    {"strndup", "__cubicle_strndup_from"},
    {"cubicle_malloc", "__cubicle_malloc_from"},
    {"cubicle_calloc", "__cubicle_calloc_from"},
    {"cubicle_realloc", "__cubicle_realloc_from"},
    {"cubicle_free", "__cubicle_free_from"},
    {"cubicle_aligned_alloc", "__cubicle_aligned_alloc_from"},
    {"cubicle_posix_memalign", "__cubicle_posix_memalign_from"},
    {"cubicle_malloc_usable_size", "__cubicle_malloc_usable_size_from"},
    {"_Znwm", "__cubicle_new_from"},
    {"_Znam", "__cubicle_new_from"},
    {"_ZnwmRKSt9nothrow_t", "__cubicle_new_nothrow_from"},
    {"_ZnamRKSt9nothrow_t", "__cubicle_new_nothrow_from"},
    {"_ZnwmSt11align_val_t", "__cubicle_new_aligned_from"},
    {"_ZnamSt11align_val_t", "__cubicle_new_aligned_from"},
    {"_ZnwmSt11align_val_tRKSt9nothrow_t", "__cubicle_new_aligned_nothrow_from"},
    {"_ZnamSt11align_val_tRKSt9nothrow_t", "__cubicle_new_aligned_nothrow_from"},
    {"_ZdlPv", "__cubicle_free_from"},
    {"_ZdaPv", "__cubicle_free_from"},
    {"_ZdlPvm", "__cubicle_delete_sized_from"},
    {"_ZdaPvm", "__cubicle_delete_sized_from"},
    {"_ZdlPvSt11align_val_t", "__cubicle_delete_sized_from"},
    {"_ZdaPvSt11align_val_t", "__cubicle_delete_sized_from"},
    {"_ZdlPvmSt11align_val_t", "__cubicle_delete_sized_aligned_from"},
    {"_ZdaPvmSt11align_val_t", "__cubicle_delete_sized_aligned_from"},
    {"cubicle_window_init", "__cubicle_window_init_from"},
    {"cubicle_window_add", "__cubicle_window_add_from"},
    {"cubicle_window_remove", "__cubicle_window_remove_from"},
    {"cubicle_window_open", "__cubicle_window_open_from"},
    {"cubicle_window_close", "__cubicle_window_close_from"},
    {"cubicle_window_close_all", "__cubicle_window_close_all_from"},
    {"cubicle_window_destroy", "__cubicle_window_destroy_from"},
    {"cubicle_self", "__cubicle_self_from"},
    // Signal handlers run in their cubicle (runtime/Signals.cpp).
    {"sigaction", "__cubicle_sigaction_from"},
    {"signal", "__cubicle_signal_from"},
    {"bsd_signal", "__cubicle_signal_from"},
    {"sigset", "__cubicle_signal_from"},
    {"sysv_signal", "__cubicle_sysv_signal_from"},
    {"__sysv_signal", "__cubicle_sysv_signal_from"},
    {"sigaltstack", "__cubicle_sigaltstack_from"},
};

class ModuleRewriter {
public:
  ModuleRewriter(Module &M, ModuleAnalysisManager &MAM, std::string Name)
      : M(M), MAM(MAM), Ctx(M.getContext()), DL(M.getDataLayout()),
        Name(std::move(Name)) {}

  bool run();

private:
  Module &M;
  ModuleAnalysisManager &MAM;
  LLVMContext &Ctx;
  const DataLayout &DL;
  std::string Name;
  GlobalVariable *Desc = nullptr, *Sentinel = nullptr;
  PointerType *Ptr = nullptr;
  // From the Clang plugin's annotations (llvm.global.annotations).
  DenseMap<const Function *, std::string> WindowSpecs;
  SmallPtrSet<const GlobalVariable *, 8> Shared;

  void readAnnotations();
  Constant *windowSpecFor(Function &F);
  SmallVector<GlobalValue *, 16> Used;
  unsigned Sites = 0;

  StructType *descType();
  GlobalVariable *getDesc(StringRef Cubicle, uint32_t Flags);
  void moveGlobals();
  GlobalVariable *makeBlock(ArrayRef<GlobalVariable *> Globals,
                            StringRef Section, Constant *&Begin,
                            Constant *&End);
  void emitTuRecord(Constant *RwBegin, Constant *RwEnd, Constant *RoBegin,
                    Constant *RoEnd);
  StructType *entryType();
  GlobalVariable *makeEntry(StringRef Sym, GlobalValue::LinkageTypes Linkage,
                            Constant *DescV, Constant *Body, Constant *Stub,
                            uint64_t StackArgs, Constant *Windows = nullptr);
  void internalizeComdatFunctions();
  void createStubs();
  Function *makeStub(Function &Body, StringRef StubName,
                     GlobalValue::LinkageTypes Linkage, GlobalVariable *Entry);
  void checkIndirectCalls();
  void placeCode();
  GlobalVariable *makeSentinel();
  void redirectCalls();
  Function *redirectTarget(Function &F, StringRef To);
  void wrapEntries();
  Function *trustedEntryWrapper(Function *Target, StringRef WrapperName);
  void gateCalls();
  GlobalVariable *siteCounter(GlobalValue *Callee, bool IsEntry,
                              Constant *Caller = nullptr);
  GlobalVariable *entryFallback(Function &Callee);
  void gateOne(CallBase &CB, Function &Callee);
  void error(const Function *F, const Twine &Msg, const DebugLoc &Loc);
};

StructType *ModuleRewriter::descType() {
  // struct DescPage { u32 pkru, flags, id, magic; char name[48];
  //                   char pad[...]; } -- one page.
  Type *I32 = Type::getInt32Ty(Ctx), *I8 = Type::getInt8Ty(Ctx);
  return StructType::get(Ctx, {I32, I32, I32, I32,
                               ArrayType::get(I8, CUBICLE_NAME_MAX),
                               ArrayType::get(I8, kPage - 16 - CUBICLE_NAME_MAX)});
}

GlobalVariable *ModuleRewriter::getDesc(StringRef Cubicle, uint32_t Flags) {
  std::string Sym = descSymbol(Cubicle);
  if (auto *G = M.getGlobalVariable(Sym))
    return G;
  StructType *T = descType();
  Type *I32 = Type::getInt32Ty(Ctx);
  SmallString<CUBICLE_NAME_MAX> NameBytes(Cubicle);
  NameBytes.resize(CUBICLE_NAME_MAX, 0);
  Constant *Init = ConstantStruct::get(
      T, {ConstantInt::get(I32, 0), ConstantInt::get(I32, Flags),
          ConstantInt::get(I32, 0),
          ConstantInt::get(I32, CUBICLE_DESC_MAGIC_VALUE),
          ConstantDataArray::getRaw(NameBytes, CUBICLE_NAME_MAX,
                                    Type::getInt8Ty(Ctx)),
          ConstantAggregateZero::get(T->getElementType(5))});
  auto *G = new GlobalVariable(M, T, /*isConstant=*/false,
                               GlobalValue::LinkOnceODRLinkage, Init, Sym);
  G->setSection(CUBICLE_DESC_SECTION);
  G->setAlignment(Align(kPage));
  G->setComdat(M.getOrInsertComdat(Sym));
  G->setVisibility(GlobalValue::HiddenVisibility);
  Used.push_back(G);
  return G;
}

// Globals this cubicle owns: definitions of data only this TU provides.
// COMDAT data (C++ inline variables, template statics, vtables) may come
// from any cubicle's copy and stays in the trusted base's key 0.
static bool isOwnedGlobal(const GlobalVariable &G) {
  if (G.isDeclaration() || G.hasComdat() || G.isThreadLocal() ||
      G.getName().starts_with("llvm.") ||
      G.getName().starts_with("__cubicle") || G.hasSection())
    return false;
  if (!G.hasLocalLinkage() && !G.hasExternalLinkage())
    return false; // weak, common, linkonce, available_externally
  return G.getValueType()->isSized() &&
         G.getParent()->getDataLayout().getTypeAllocSize(G.getValueType()) > 0;
}

// Lays out Globals, in this order, as one page-aligned block in Section,
// padded to a page multiple, and returns its bounds.
GlobalVariable *ModuleRewriter::makeBlock(ArrayRef<GlobalVariable *> Globals,
                                          StringRef Section, Constant *&Begin,
                                          Constant *&End) {
  uint64_t Off = 0;
  for (GlobalVariable *G : Globals) {
    G->setSection(Section);
    // An unnamed_addr constant would go to a mergeable section of the same
    // name, which the linker may deduplicate and reorder: the block must be
    // laid out exactly as computed here.
    G->setUnnamedAddr(GlobalValue::UnnamedAddr::None);
    if (G == Globals.front())
      G->setAlignment(Align(std::max<uint64_t>(kPage, G->getAlign() ? G->getAlign()->value() : 1)));
    // Pin the alignment used here: with a section and an explicit
    // alignment the backend takes it as is, so the layout is exactly this.
    uint64_t A = DL.getPreferredAlign(G).value();
    if (G != Globals.front())
      G->setAlignment(Align(A));
    Off = alignTo(Off, A);
    Off += DL.getTypeAllocSize(G->getValueType());
    // Passes that run after this one (GlobalDCE, ConstantMerge, the
    // relative lookup table converter) must neither drop nor reshape a
    // global of the block: its layout, and so the pad, is computed here.
    Used.push_back(G);
  }
  uint64_t Padded = alignTo(Off, kPage);
  Type *I8 = Type::getInt8Ty(Ctx);
  GlobalVariable *Pad = nullptr;
  if (Padded > Off) {
    auto *PadTy = ArrayType::get(I8, Padded - Off);
    Pad = new GlobalVariable(M, PadTy, Globals.front()->isConstant(),
                             GlobalValue::InternalLinkage,
                             ConstantAggregateZero::get(PadTy),
                             "__cubicle_pad");
    Pad->setSection(Section);
    Pad->setAlignment(Align(1));
    Used.push_back(Pad);
  }
  // Emission follows module order: put the block's globals, then the pad,
  // at the end of the module's global list, in order.
  for (GlobalVariable *G : Globals) {
    G->removeFromParent();
    M.insertGlobalVariable(G);
  }
  if (Pad) {
    Pad->removeFromParent();
    M.insertGlobalVariable(Pad);
  }
  Begin = Globals.front();
  End = ConstantExpr::getGetElementPtr(I8, Globals.front(),
                                       ConstantInt::get(Type::getInt64Ty(Ctx),
                                                        Padded));
  return Pad;
}

void ModuleRewriter::moveGlobals() {
  SmallVector<GlobalVariable *, 32> Rw, Ro;
  bool Pic = M.getPICLevel() != PICLevel::NotPIC ||
             M.getPIELevel() != PIELevel::Default;
  for (GlobalVariable &G : M.globals()) {
    if (!isOwnedGlobal(G) || Shared.count(&G))
      continue;
    // Constants that need relocations at load time must stay writable
    // until the loader is done: they go with the writable data.
    bool ReadOnly = G.isConstant() &&
                    !(Pic && G.getInitializer()->needsDynamicRelocation());
    (ReadOnly ? Ro : Rw).push_back(&G);
    ++NumGlobalsMoved;
  }
  Constant *Null = ConstantPointerNull::get(PointerType::get(Ctx, 0));
  Constant *RwB = Null, *RwE = Null, *RoB = Null, *RoE = Null;
  if (!Rw.empty())
    makeBlock(Rw, rwSection(Name), RwB, RwE);
  if (!Ro.empty())
    makeBlock(Ro, roSection(Name), RoB, RoE);
  emitTuRecord(RwB, RwE, RoB, RoE);
}

void ModuleRewriter::emitTuRecord(Constant *RwBegin, Constant *RwEnd,
                                  Constant *RoBegin, Constant *RoEnd) {
  Type *I32 = Type::getInt32Ty(Ctx);
  PointerType *Ptr = PointerType::get(Ctx, 0);
  Constant *Src = ConstantDataArray::getString(Ctx, M.getSourceFileName());
  auto *SrcG = new GlobalVariable(M, Src->getType(), true,
                                  GlobalValue::PrivateLinkage, Src,
                                  "__cubicle_source");
  StructType *T = StructType::get(Ctx, {I32, I32, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr});
  Constant *Init = ConstantStruct::get(
      T, {ConstantInt::get(I32, CUBICLE_DESC_MAGIC_VALUE),
          ConstantInt::get(I32, CUBICLE_ABI_VERSION), Desc, RwBegin, RwEnd,
          RoBegin, RoEnd, SrcG});
  auto *G = new GlobalVariable(M, T, /*isConstant=*/false,
                               GlobalValue::InternalLinkage, Init,
                               "__cubicle_tu");
  G->setSection(CUBICLE_TU_SECTION);
  G->setAlignment(Align(8));
  Used.push_back(G);
}

// The "not a cubicle" sentinel the weak entry records point to: the fields
// a call site reads (PKRU, flags, id) of a descriptor, flagged so, with an id
// no cubicle has.  Internal: each TU has its own.
GlobalVariable *ModuleRewriter::makeSentinel() {
  Type *I32 = Type::getInt32Ty(Ctx);
  StructType *T = StructType::get(Ctx, {I32, I32, I32, I32});
  auto *G = new GlobalVariable(
      M, T, /*isConstant=*/true, GlobalValue::InternalLinkage,
      ConstantStruct::get(T, {ConstantInt::get(I32, 0),
                              ConstantInt::get(I32, CUBICLE_DF_UNINSTRUMENTED),
                              ConstantInt::get(I32, ~0u),
                              ConstantInt::get(I32, 0)}),
      "__cubicle_not_a_cubicle");
  G->setAlignment(Align(16));
  return G;
}

StructType *ModuleRewriter::entryType() {
  // cubicle/abi.h: CUBICLE_ENTRY_*.
  Type *I64 = Type::getInt64Ty(Ctx);
  return StructType::get(Ctx, {Ptr, Ptr, Ptr, I64, Ptr});
}

// The annotations the Clang plugin left: window specs on functions, and
// globals every cubicle may use.
void ModuleRewriter::readAnnotations() {
  GlobalVariable *GA = M.getGlobalVariable("llvm.global.annotations");
  if (!GA || !GA->hasInitializer())
    return;
  auto *Arr = dyn_cast<ConstantArray>(GA->getInitializer());
  if (!Arr)
    return;
  for (Use &U : Arr->operands()) {
    auto *E = dyn_cast<ConstantStruct>(U.get());
    if (!E || E->getNumOperands() < 2)
      continue;
    auto *StrG =
        dyn_cast<GlobalVariable>(E->getOperand(1)->stripPointerCasts());
    auto *Str = StrG && StrG->hasInitializer()
                    ? dyn_cast<ConstantDataArray>(StrG->getInitializer())
                    : nullptr;
    if (!Str || !Str->isCString())
      continue;
    StringRef Ann = Str->getAsCString();
    Value *V = E->getOperand(0)->stripPointerCasts();
    if (Ann.consume_front("cubicle.windows="))
      if (auto *F = dyn_cast<Function>(V))
        WindowSpecs[F] = Ann.str();
    if (Ann == "cubicle.shared")
      if (auto *G = dyn_cast<GlobalVariable>(V))
        Shared.insert(G);
  }
}

// The runtime's form of F's window spec (cubicle/abi.h), or null.
Constant *ModuleRewriter::windowSpecFor(Function &F) {
  auto It = WindowSpecs.find(&F);
  std::string Windows = It == WindowSpecs.end() ? "" : It->second;
  // A struct returned through memory: the callee writes the caller's
  // buffer, an implicit read-write window of the struct's size.
  for (unsigned I = 0; I < F.arg_size(); ++I)
    if (Type *T = F.getParamStructRetType(I))
      Windows = std::to_string(I) + ":w:c" +
                std::to_string(DL.getTypeAllocSize(T)) +
                (Windows.empty() ? "" : ";" + Windows);
  if (Windows.empty())
    return ConstantPointerNull::get(Ptr);
  std::string Spec = paramLocations(F) + "|" + Windows;
  Constant *Str = ConstantDataArray::getString(Ctx, Spec);
  auto *G = new GlobalVariable(M, Str->getType(), true,
                               GlobalValue::PrivateLinkage, Str,
                               "__cubicle_windows");
  G->setAlignment(Align(1));
  return G;
}

GlobalVariable *ModuleRewriter::makeEntry(StringRef Sym,
                                          GlobalValue::LinkageTypes Linkage,
                                          Constant *DescV, Constant *Body,
                                          Constant *Stub, uint64_t StackArgs,
                                          Constant *Windows) {
  StructType *T = entryType();
  if (!Windows)
    Windows = ConstantPointerNull::get(Ptr);
  auto *G = new GlobalVariable(
      M, T, /*isConstant=*/true, Linkage,
      ConstantStruct::get(T, {DescV, Body, Stub,
                              ConstantInt::get(Type::getInt64Ty(Ctx),
                                               StackArgs),
                              Windows}),
      Sym);
  G->setAlignment(Align(16));
  Used.push_back(G);
  return G;
}

// C++ inline functions and implicit template instances (linkonce_odr) may be
// defined in several TUs of several cubicles; the linker would keep one
// copy, compiled for one cubicle, for all.  Each TU keeps its own copy
// instead.  (Explicit instantiations, weak_odr, stay shared.)
void ModuleRewriter::internalizeComdatFunctions() {
  for (Function &F : M) {
    if (F.isDeclaration() || !F.hasLinkOnceODRLinkage())
      continue;
    F.setLinkage(GlobalValue::InternalLinkage);
    F.setComdat(nullptr);
    F.setVisibility(GlobalValue::DefaultVisibility);
  }
}

// An entry stub: the way into this cubicle for calls the compiler could not
// see (through pointers, from other cubicles, from code built without the
// plugin).  If the caller already runs in this cubicle, it jumps to the
// body; otherwise it hands over to the runtime's generic entry.  The prefix
// data (magic, entry record) lets indirect call sites recognise a stub.
Function *ModuleRewriter::makeStub(Function &Body, StringRef StubName,
                                   GlobalValue::LinkageTypes Linkage,
                                   GlobalVariable *Entry) {
  Function *Stub = Function::Create(Body.getFunctionType(), Linkage, StubName,
                                    &M);
  Stub->setVisibility(Body.getVisibility());
  Stub->addFnAttr(Attribute::Naked);
  Stub->addFnAttr(Attribute::NoInline);
  Stub->addFnAttr(Attribute::NoUnwind);
  Stub->setAlignment(Align(16));
  Type *I64 = Type::getInt64Ty(Ctx);
  // The record's offset from the stub, not its address: an absolute
  // address here would be a text relocation in a position-independent
  // executable.
  Constant *Offset = ConstantExpr::getSub(ConstantExpr::getPtrToInt(Entry, I64),
                                          ConstantExpr::getPtrToInt(Stub, I64));
  Stub->setPrefixData(ConstantStruct::getAnon(
      {ConstantInt::get(I64, CUBICLE_STUB_MAGIC), Offset}));
  std::string D = asmSymbol(Desc->getName()), B = asmSymbol(Body.getName()),
              E = asmSymbol(Entry->getName());
  std::string Text =
      // mpk: already running here?  (RDPKRU needs ECX = 0 and clobbers EAX
      // and EDX, which may carry arguments.)
      "\ttestb $$1, " + D + "+4(%rip)\n"
      "\tjnz .Lcubicle_stub_slow_${:uid}\n"
      "\tmovq %rax, %xmm15\n"
      "\tmovq %rcx, %r10\n"
      "\tmovq %rdx, %r11\n"
      "\txorl %ecx, %ecx\n"
      "\trdpkru\n"
      "\tcmpl " + D + "(%rip), %eax\n"
      "\tmovq %xmm15, %rax\n"
      "\tmovq %r10, %rcx\n"
      "\tmovq %r11, %rdx\n"
      "\tje " + B + "\n"
      "\tjmp .Lcubicle_stub_enter_${:uid}\n"
      ".Lcubicle_stub_slow_${:uid}:\n"
      // none, mprotect and virtual cubicles: the thread state says who
      // runs (kept by the runtime, and by the gates on none).
      "\tmovzwl %gs:__cubicle_thread_pages+" +
      std::to_string(CUBICLE_TS_CURRENT) + "(%rip), %r10d\n"
      "\tcmpl " + D + "+8(%rip), %r10d\n"
      "\tje " + B + "\n"
      ".Lcubicle_stub_enter_${:uid}:\n"
      "\tleaq " + E + "(%rip), %r11\n"
      "\tjmp __cubicle_stub_enter\n";
  InlineAsm *IA = InlineAsm::get(FunctionType::get(Type::getVoidTy(Ctx), false),
                                 Text, "~{memory}", /*hasSideEffects=*/true);
  IRBuilder<> IB(BasicBlock::Create(Ctx, "entry", Stub));
  IB.CreateCall(IA, {});
  IB.CreateUnreachable();
  Used.push_back(&Body);
  return Stub;
}

// Exported functions: the name becomes an entry stub, the body moves to
// __cubicle_body.<name> (calls inside this TU go straight to it), and an
// entry record tells callers elsewhere where the body is.  Functions of
// this TU whose address is taken get a stub too, which their address
// becomes.  Every pointer to a function of this cubicle is thus a stub.
void ModuleRewriter::createStubs() {
  SmallVector<Function *, 32> Exported, Taken;
  for (Function &F : M) {
    if (F.isDeclaration() || F.getName().starts_with("__cubicle") ||
        F.getName() == "main" || F.hasFnAttribute(Attribute::Naked))
      continue;
    if (F.hasExternalLinkage() || F.hasWeakLinkage())
      Exported.push_back(&F);
    else if (F.hasAddressTaken(nullptr, /*IgnoreCallbackUses=*/false,
                               /*IgnoreAssumeLikeCalls=*/true,
                               /*IgnoreLLVMUsed=*/true))
      Taken.push_back(&F);
  }
  auto isDirectCall = [](Use &U) {
    auto *CB = dyn_cast<CallBase>(U.getUser());
    return CB && CB->isCallee(&U);
  };
  for (Function *F : Exported) {
    std::string Name = F->getName().str();
    GlobalValue::LinkageTypes Linkage = F->getLinkage();
    GlobalValue::VisibilityTypes Vis = F->getVisibility();
    F->setName("__cubicle_body." + Name);
    F->setLinkage(GlobalValue::InternalLinkage);
    F->setVisibility(GlobalValue::DefaultVisibility);
    // The stub takes the name; the entry record points at both.
    auto *Entry = new GlobalVariable(M, entryType(), true, Linkage, nullptr,
                                     entrySymbol(Name));
    Function *Stub = makeStub(*F, Name, Linkage, Entry);
    Stub->setVisibility(Vis);
    Entry->setVisibility(Vis);
    Entry->setInitializer(ConstantStruct::get(
        entryType(), {Desc, F, Stub,
                      ConstantInt::get(Type::getInt64Ty(Ctx),
                                       stackArgBytes(*F)),
                      windowSpecFor(*F)}));
    Entry->setAlignment(Align(16));
    Used.push_back(Entry);
    F->replaceUsesWithIf(Stub, [&](Use &U) {
      return !isDirectCall(U) && U.getUser() != Entry->getInitializer() &&
             !isa<GlobalValue>(U.getUser());
    });
    for (GlobalAlias &A : M.aliases())
      if (A.getAliasee() == F)
        A.setAliasee(Stub);
    ++NumExported;
  }
  for (Function *F : Taken) {
    GlobalVariable *Entry = makeEntry(
        ("__cubicle_entry_local." + F->getName()).str(),
        GlobalValue::InternalLinkage, Desc, F,
        ConstantPointerNull::get(Ptr), stackArgBytes(*F), windowSpecFor(*F));
    Function *Stub = makeStub(*F, ("__cubicle_stub." + F->getName()).str(),
                              GlobalValue::InternalLinkage, Entry);
    Entry->setInitializer(ConstantStruct::get(
        entryType(), {Desc, F, Stub,
                      ConstantInt::get(Type::getInt64Ty(Ctx),
                                       stackArgBytes(*F)),
                      windowSpecFor(*F)}));
    F->replaceUsesWithIf(Stub, [&](Use &U) {
      return !isDirectCall(U) && U.getUser() != Entry->getInitializer() &&
             !isa<GlobalValue>(U.getUser());
    });
  }
}

// A call through a pointer: a target outside cubicle code runs in the
// caller's cubicle (code built without the plugin); inside cubicle code it
// must be an entry stub, which does the switching; anything else (the middle
// of a function, a function whose address was never taken) is stopped.
void ModuleRewriter::checkIndirectCalls() {
  Type *I8 = Type::getInt8Ty(Ctx), *I64 = Type::getInt64Ty(Ctx);
  auto *TextBegin = M.getOrInsertGlobal("__start_" CUBICLE_TEXT_SECTION, I8);
  auto *TextEnd = M.getOrInsertGlobal("__stop_" CUBICLE_TEXT_SECTION, I8);
  for (auto *G : {TextBegin, TextEnd})
    cast<GlobalVariable>(G)->setVisibility(GlobalValue::HiddenVisibility);
  // The magic is read from the runtime's read-only copy rather than written
  // into the check as an immediate: that way the only places where the
  // eight bytes occur in cubicle code are stub prefixes (cubicle-verify
  // checks that), and the bytes after an occurrence are always a genuine
  // record offset.
  auto *MagicVar = cast<GlobalVariable>(
      M.getOrInsertGlobal("__cubicle_stub_magic", I64));
  MagicVar->setConstant(true);
  FunctionCallee Bad = M.getOrInsertFunction(
      "__cubicle_bad_indirect_call",
      FunctionType::get(Type::getVoidTy(Ctx), {Ptr, Ptr}, false));
  SmallVector<CallBase *, 32> Work;
  for (Function &F : M) {
    if (F.isDeclaration() || F.hasFnAttribute(Attribute::Naked))
      continue;
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (CB->isIndirectCall() && !CB->getMetadata("cubicle.trusted"))
          Work.push_back(CB);
  }
  for (CallBase *CB : Work) {
    Value *Target = CB->getCalledOperand();
    IRBuilder<> B(CB);
    Value *In = B.CreateAnd(B.CreateICmpUGE(Target, TextBegin),
                            B.CreateICmpULT(Target, TextEnd), "cubicle.incode");
    Instruction *CheckTerm = SplitBlockAndInsertIfThen(In, CB, false);
    B.SetInsertPoint(CheckTerm);
    Value *Magic = B.CreateLoad(I64, B.CreateConstGEP1_64(I8, Target, -16));
    Value *Record = B.CreateGEP(
        I8, Target, B.CreateLoad(I64, B.CreateConstGEP1_64(I8, Target, -8)));
    Value *IsStub = B.CreateICmpEQ(Magic, B.CreateLoad(I64, MagicVar));
    Instruction *StubTerm = SplitBlockAndInsertIfThen(
        B.CreateNot(IsStub), CheckTerm, /*Unreachable=*/true);
    B.SetInsertPoint(StubTerm);
    B.CreateCall(Bad, {Desc, Target})->setDoesNotReturn();
    B.SetInsertPoint(CheckTerm);
    Value *Stub = B.CreateLoad(
        Ptr, B.CreateConstGEP1_64(I8, Record, CUBICLE_ENTRY_STUB));
    Instruction *MatchTerm = SplitBlockAndInsertIfThen(
        B.CreateICmpNE(Stub, Target), CheckTerm, /*Unreachable=*/true);
    B.SetInsertPoint(MatchTerm);
    B.CreateCall(Bad, {Desc, Target})->setDoesNotReturn();
  }
}

// Everything this TU compiled into the cubicle goes into one section, so
// that the runtime and indirect call sites can tell cubicle code from code
// built without the plugin.
void ModuleRewriter::placeCode() {
  for (Function &F : M)
    if (!F.isDeclaration() && !F.hasSection() && !F.hasComdat())
      F.setSection(CUBICLE_TEXT_SECTION);
}

Function *ModuleRewriter::redirectTarget(Function &F, StringRef To) {
  // A per-cubicle wrapper with F's signature: calls the runtime's "_from"
  // variant with this cubicle's descriptor first.  It also stands in for F
  // where F's address is taken, so function pointers allocate here too.
  std::string WName = ("__cubicle_redirect." + Name + "." + F.getName()).str();
  if (Function *W = M.getFunction(WName))
    return W;
  FunctionType *FT = F.getFunctionType();
  SmallVector<Type *, 4> Params = {PointerType::get(Ctx, 0)};
  append_range(Params, FT->params());
  FunctionCallee Target = M.getOrInsertFunction(
      To, FunctionType::get(FT->getReturnType(), Params, false));
  Function *W = Function::Create(FT, GlobalValue::LinkOnceODRLinkage, WName, &M);
  W->setVisibility(GlobalValue::HiddenVisibility);
  W->setComdat(M.getOrInsertComdat(WName));
  W->addFnAttr(Attribute::AlwaysInline);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", W));
  SmallVector<Value *, 4> Args = {Desc};
  for (Argument &A : W->args())
    Args.push_back(&A);
  CallInst *C = B.CreateCall(Target, Args);
  if (FT->getReturnType()->isVoidTy())
    B.CreateRetVoid();
  else
    B.CreateRet(C);
  return W;
}

// Direct calls become calls of the runtime's "_from" variant; any other use
// (the function's address) becomes the per-cubicle wrapper.  The pass runs
// after inlining, so direct calls must not go through the wrapper.
void ModuleRewriter::redirectCalls() {
  for (const Redirect &R : kRedirects) {
    Function *F = M.getFunction(R.From);
    if (!F || !F->isDeclaration() || F->use_empty())
      continue;
    FunctionType *FT = F->getFunctionType();
    SmallVector<Type *, 4> Params = {Ptr};
    append_range(Params, FT->params());
    FunctionCallee To = M.getOrInsertFunction(
        R.To, FunctionType::get(FT->getReturnType(), Params, false));
    for (Use &U : make_early_inc_range(F->uses())) {
      auto *CB = dyn_cast<CallBase>(U.getUser());
      if (!CB || !CB->isCallee(&U) || CB->getFunctionType() != FT)
        continue;
      IRBuilder<> B(CB);
      SmallVector<Value *, 4> Args = {Desc};
      append_range(Args, CB->args());
      CallBase *New;
      if (auto *Inv = dyn_cast<InvokeInst>(CB))
        New = B.CreateInvoke(To, Inv->getNormalDest(), Inv->getUnwindDest(),
                             Args);
      else
        New = B.CreateCall(To, Args);
      New->setDebugLoc(CB->getDebugLoc());
      New->takeName(CB);
      CB->replaceAllUsesWith(New);
      CB->eraseFromParent();
    }
    if (!F->use_empty())
      F->replaceAllUsesWith(redirectTarget(*F, R.To));
    ++NumAllocRedirected;
  }
}

// A function libc calls from the trusted base (main, a constructor) must
// enter the cubicle through a gate: a wrapper that gates from the trusted
// base's descriptor into this one.
Function *ModuleRewriter::trustedEntryWrapper(Function *Target,
                                              StringRef WrapperName) {
  Function *W = Function::Create(Target->getFunctionType(),
                                 GlobalValue::ExternalLinkage, WrapperName, &M);
  W->copyAttributesFrom(Target);
  W->removeFnAttr(Attribute::AlwaysInline);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", W));
  SmallVector<Value *, 3> Args;
  for (Argument &A : W->args())
    Args.push_back(&A);
  CallInst *C = B.CreateCall(Target, Args);
  if (W->getReturnType()->isVoidTy())
    B.CreateRetVoid();
  else
    B.CreateRet(C);
  Constant *TrustedDesc =
      M.getOrInsertGlobal(CUBICLE_TRUSTED_DESC, Type::getInt8Ty(Ctx));
  GateSymbols S{asmSymbol(CUBICLE_TRUSTED_DESC), asmSymbol(descSymbol(Name)),
                /*IsEntry=*/false, asmSymbol(Target->getName()),
                siteCounter(Desc, false, TrustedDesc)};
  if (std::string Why = unsupportedCall(*C); !Why.empty()) {
    error(Target, "cannot enter cubicle '" + Name + "' at '" +
                      Target->getName() + "': " + Why,
          DebugLoc());
    return W;
  }
  Value *R = emitGate(*C, S);
  if (R)
    C->replaceAllUsesWith(R);
  C->eraseFromParent();
  W->addFnAttr(Attribute::NoRedZone);
  W->addFnAttr(Attribute::NoInline);
  return W;
}

void ModuleRewriter::wrapEntries() {
  if (Function *Main = M.getFunction("main"); Main && !Main->isDeclaration()) {
    Main->setName("__cubicle_main." + Name);
    Main->setLinkage(GlobalValue::InternalLinkage);
    trustedEntryWrapper(Main, "main");
    Used.push_back(Main);
  }
  for (const char *ListName : {"llvm.global_ctors", "llvm.global_dtors"}) {
    GlobalVariable *List = M.getGlobalVariable(ListName);
    if (!List || !List->hasInitializer())
      continue;
    auto *Arr = dyn_cast<ConstantArray>(List->getInitializer());
    if (!Arr)
      continue;
    SmallVector<Constant *, 8> Entries;
    for (Use &U : Arr->operands()) {
      auto *E = cast<ConstantStruct>(U.get());
      auto *Fn = dyn_cast<Function>(E->getOperand(1)->stripPointerCasts());
      if (!Fn || Fn->isDeclaration()) {
        Entries.push_back(E);
        continue;
      }
      Function *W = trustedEntryWrapper(
          Fn, ("__cubicle_init." + Fn->getName()).str());
      W->setLinkage(GlobalValue::InternalLinkage);
      Used.push_back(Fn);
      Entries.push_back(ConstantStruct::get(
          E->getType(), {E->getOperand(0), W, E->getOperand(2)}));
    }
    List->setInitializer(ConstantArray::get(Arr->getType(), Entries));
  }
}

GlobalVariable *ModuleRewriter::siteCounter(GlobalValue *Callee,
                                            bool IsEntry, Constant *Caller) {
  Type *I64 = Type::getInt64Ty(Ctx);
  StructType *T = StructType::get(Ctx, {Ptr, Ptr, I64, I64});
  auto *G = new GlobalVariable(
      M, T, false, GlobalValue::InternalLinkage,
      ConstantStruct::get(T, {Caller ? Caller : Desc, Callee,
                              ConstantInt::get(I64, 0),
                              ConstantInt::get(I64, IsEntry)}),
      "__cubicle_site." + Twine(Sites++));
  G->setSection(CUBICLE_STATS_SECTION);
  G->setAlignment(Align(8));
  Used.push_back(G);
  return G;
}

GlobalVariable *ModuleRewriter::entryFallback(Function &Callee) {
  std::string Sym = entrySymbol(Callee.getName());
  if (auto *G = M.getGlobalVariable(Sym))
    return G;
  GlobalVariable *G = makeEntry(Sym, GlobalValue::WeakAnyLinkage, Sentinel,
                                &Callee, &Callee, 0);
  G->setVisibility(GlobalValue::HiddenVisibility);
  return G;
}

void ModuleRewriter::error(const Function *F, const Twine &Msg,
                           const DebugLoc &Loc) {
  if (F)
    Ctx.diagnose(DiagnosticInfoUnsupported(*F, Msg, Loc));
  else
    Ctx.emitError(Msg);
}

// Replaces CB (a call or invoke of an external function) with:
//
//   BB:     same = (my descriptor id == the callee owner's id)
//           br same, Plain, Cross
//   Cross:  br (owner is the "not a cubicle" sentinel), Plain2, Gate
//   Plain, Plain2: the original call
//   Gate:   the inline gate (an invoke's exceptions cannot unwind through
//           it: see docs/design.md)
//   Join:   the result
void ModuleRewriter::gateOne(CallBase &CB, Function &Callee) {
  Function *Caller = CB.getFunction();
  BasicBlock *BB = CB.getParent();
  // A callee with windows enters through its entry stub, where the runtime
  // lends the windows for the call (the generic entry).
  bool Windowed = WindowSpecs.count(&Callee) || CB.hasStructRetAttr();
  std::string Why = Windowed ? "" : unsupportedCall(CB);
  GlobalVariable *Entry = entryFallback(Callee);
  auto *Inv = dyn_cast<InvokeInst>(&CB);

  BasicBlock *Join;
  if (Inv) {
    BasicBlock *Normal = Inv->getNormalDest();
    Join = BasicBlock::Create(Ctx, "cubicle.join", Caller, Normal);
    BranchInst::Create(Normal, Join);
    Normal->replacePhiUsesWith(BB, Join);
  } else {
    Join = SplitBlock(BB, CB.getNextNode(), static_cast<DominatorTree *>(nullptr),
                      nullptr, nullptr, "cubicle.join");
  }
  auto *Plain = BasicBlock::Create(Ctx, "cubicle.plain", Caller, Join);
  auto *Cross = BasicBlock::Create(Ctx, "cubicle.cross", Caller, Join);
  auto *Plain2 = BasicBlock::Create(Ctx, "cubicle.external", Caller, Join);
  auto *Gate = BasicBlock::Create(Ctx, "cubicle.gate", Caller, Join);

  IRBuilder<> B(&CB);
  Type *I32 = B.getInt32Ty(), *I8 = B.getInt8Ty();
  Value *Owner = B.CreateLoad(Ptr, Entry, "cubicle.owner"); // entry->desc
  Value *MyId = B.CreateLoad(I32, B.CreateConstInBoundsGEP1_64(
                                      I8, Desc, CUBICLE_DESC_ID));
  Value *ItsId = B.CreateLoad(I32, B.CreateConstInBoundsGEP1_64(
                                       I8, Owner, CUBICLE_DESC_ID));
  Value *Same = B.CreateICmpEQ(MyId, ItsId, "cubicle.same");
  Instruction *OldTerm = BB->getTerminator();
  BranchInst::Create(Plain, Cross, Same, BB);
  if (OldTerm != &CB)
    OldTerm->eraseFromParent();

  B.SetInsertPoint(Cross);
  Value *Flags = B.CreateLoad(I8, B.CreateConstInBoundsGEP1_64(
                                      I8, Owner, CUBICLE_DESC_FLAGS));
  Value *Uninstrumented = B.CreateICmpNE(
      B.CreateAnd(Flags, CUBICLE_DF_UNINSTRUMENTED), B.getInt8(0));
  B.CreateCondBr(Uninstrumented, Plain2, Gate);

  auto plainCopy = [&](BasicBlock *Into, bool ViaBody) -> CallBase * {
    auto *C = cast<CallBase>(CB.clone());
    C->insertInto(Into, Into->end());
    if (ViaBody) {
      // Same cubicle: straight to the body, past the entry stub.
      IRBuilder<> PB(C);
      Value *Body = PB.CreateLoad(
          Ptr, PB.CreateConstInBoundsGEP1_64(I8, Entry, CUBICLE_ENTRY_BODY));
      C->setCalledOperand(Body);
      C->setMetadata("cubicle.trusted", MDNode::get(Ctx, {}));
    }
    if (auto *I = dyn_cast<InvokeInst>(C))
      I->setNormalDest(Join);
    else
      BranchInst::Create(Join, Into);
    return C;
  };
  CallBase *P1 = plainCopy(Plain, /*ViaBody=*/true);
  CallBase *P2 = plainCopy(Plain2, /*ViaBody=*/false);
  if (Inv)
    for (BasicBlock *From : {Plain, Plain2})
      for (PHINode &Phi : Inv->getUnwindDest()->phis())
        Phi.addIncoming(Phi.getIncomingValueForBlock(BB), From);

  // The gate path: a call (not an invoke) replaced by the gate.
  SmallVector<OperandBundleDef, 1> Bundles;
  CB.getOperandBundlesAsDefs(Bundles);
  SmallVector<Value *, 8> Args(CB.args());
  CallInst *GateCall = CallInst::Create(CB.getFunctionType(),
                                        CB.getCalledOperand(), Args, Bundles,
                                        "", Gate);
  GateCall->setAttributes(CB.getAttributes());
  GateCall->setDebugLoc(CB.getDebugLoc());
  BranchInst::Create(Join, Gate);
  Value *Gated = nullptr;
  if (Windowed) {
    auto *ViaStub = cast<CallBase>(CB.clone());
    ViaStub->insertBefore(GateCall);
    if (auto *I = dyn_cast<InvokeInst>(ViaStub)) {
      // An invoke cannot sit mid-block; the stub path is a call.
      ViaStub->eraseFromParent();
      ViaStub = CallInst::Create(CB.getFunctionType(), CB.getCalledOperand(),
                                 Args, Bundles, "", GateCall);
      ViaStub->setAttributes(CB.getAttributes());
      (void)I;
    }
    Gated = CB.getType()->isVoidTy() ? nullptr : ViaStub;
  } else if (Why.empty()) {
    GateSymbols S{asmSymbol(descSymbol(Name)), asmSymbol(Entry->getName()),
                  /*IsEntry=*/true, asmSymbol(Callee.getName()),
                  siteCounter(Entry, true)};
    Gated = emitGate(*GateCall, S);
    ++NumGates;
  } else {
    // Not supported across cubicles: if the callee turns out to be in
    // another cubicle, stop with a report instead of calling unprotected.
    IRBuilder<> GB(GateCall);
    FunctionCallee Fail = M.getOrInsertFunction(
        "__cubicle_unsupported_call",
        FunctionType::get(GB.getVoidTy(),
                          {GB.getPtrTy(), GB.getPtrTy(), GB.getPtrTy()},
                          false));
    Constant *Msg = GB.CreateGlobalStringPtr(
        ("call from '" + Caller->getName() + "' to '" + Callee.getName() +
         "': " + Why)
            .str(),
        "__cubicle_why");
    GB.CreateCall(Fail, {Desc, GB.CreateLoad(Ptr, Entry), Msg});
    if (!CB.getType()->isVoidTy())
      Gated = PoisonValue::get(CB.getType());
    Ctx.diagnose(DiagnosticInfoUnsupported(
        *Caller,
        "the call to '" + Callee.getName() + "' cannot be gated (" + Why +
            "); if the callee is in another cubicle it will stop with a "
            "report",
        CB.getDebugLoc(), DS_Warning));
  }
  GateCall->eraseFromParent();

  if (!CB.getType()->isVoidTy()) {
    PHINode *Phi = PHINode::Create(CB.getType(), 3, "cubicle.result");
    Phi->insertBefore(Join->getFirstInsertionPt());
    Phi->addIncoming(P1, Plain);
    Phi->addIncoming(P2, Plain2);
    Phi->addIncoming(Gated, Gate);
    CB.replaceAllUsesWith(Phi);
  }
  if (Inv)
    for (PHINode &Phi : Inv->getUnwindDest()->phis())
      Phi.removeIncomingValue(BB, /*DeletePHIIfEmpty=*/false);
  CB.eraseFromParent();
  Caller->addFnAttr(Attribute::NoRedZone);
  ++NumPlainChecked;
}

void ModuleRewriter::gateCalls() {
  SmallVector<std::pair<CallBase *, Function *>, 64> Work;
  for (Function &F : M) {
    if (F.isDeclaration() || F.getName().starts_with("__cubicle_redirect."))
      continue;
    auto &TLI = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M)
                    .getManager()
                    .getResult<TargetLibraryAnalysis>(F);
    for (BasicBlock &BB : F)
      for (Instruction &I : BB) {
        auto *CB = dyn_cast<CallBase>(&I);
        if (!CB || CB->isInlineAsm() || isa<IntrinsicInst>(CB))
          continue;
        auto *Callee =
            dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts());
        if (!Callee || !Callee->isDeclaration() || Callee->isIntrinsic())
          continue;
        StringRef N = Callee->getName();
        LibFunc LF;
        if (isRuntimeApi(N) || isKnownUninstrumented(N) ||
            (TLI.getLibFunc(*Callee, LF) && TLI.has(LF)))
          continue;
        Work.push_back({CB, Callee});
      }
  }
  for (auto &[CB, Callee] : Work)
    gateOne(*CB, *Callee);
}

bool ModuleRewriter::run() {
  Ptr = PointerType::get(Ctx, 0);
  readAnnotations();
  Desc = getDesc(Name, 0);
  Sentinel = makeSentinel();
  internalizeComdatFunctions();
  moveGlobals();
  redirectCalls();
  wrapEntries();
  createStubs();
  gateCalls();
  checkIndirectCalls();
  placeCode();
  appendToCompilerUsed(M, Used);
  return true;
}

} // namespace

struct CubiclePass : PassInfoMixin<CubiclePass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &MAM) {
    if (M.getModuleFlag(kGatedFlag))
      return PreservedAnalyses::all(); // done already (e.g. LTO's second run)
    std::string Name = requestedCubicleName();
    if (Name.empty())
      Name = CubicleNameOpt;
    if (Name.empty()) {
      M.getContext().emitError(
          "cubicle: no cubicle name for this translation unit; pass "
          "-fplugin-arg-cubicle-name=NAME (or use cubicle-cc --cubicle=NAME)");
      return PreservedAnalyses::all();
    }
    if (!isValidCubicleName(Name)) {
      M.getContext().emitError("cubicle: invalid cubicle name '" + Name +
                               "': use 1 to " +
                               Twine(CUBICLE_NAME_MAX - 1) +
                               " letters, digits, '_' or '-'");
      return PreservedAnalyses::all();
    }
    ModuleRewriter(M, MAM, Name).run();
    M.addModuleFlag(Module::Max, kGatedFlag, 1);
    M.getOrInsertNamedMetadata(kCubicleNameMD)
        ->addOperand(MDNode::get(M.getContext(),
                                 MDString::get(M.getContext(), Name)));
    return PreservedAnalyses::none();
  }
  static bool isRequired() { return true; }
};

} // namespace cubicle

static void registerCubiclePasses(PassBuilder &PB) {
  using cubicle::CubiclePass;
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(CubiclePass());
      });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name != "cubicle")
          return false;
        MPM.addPass(CubiclePass());
        return true;
      });
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "Cubicle", "0.1",
          registerCubiclePasses};
}
