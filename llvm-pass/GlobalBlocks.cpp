//===- GlobalBlocks.cpp - A cubicle's globals on pages of their own -------===//
//
// Moves the globals this TU owns into two page-aligned, page-padded blocks
// (writable, read-only) in sections named after the cubicle, and records
// the blocks in a TU record (CUBICLE_TU_SECTION) so that the runtime gives
// them the cubicle's key.  Globals annotated cubicle_shared stay with the
// trusted base, as does COMDAT data, which any cubicle's copy may provide.
//
//===----------------------------------------------------------------------===//

#include "CubicleModule.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "cubicle"

using namespace llvm;

STATISTIC(NumGlobalsMoved, "Globals moved into the cubicle's blocks");

namespace cubicle {

namespace {

// Globals this cubicle owns: definitions of data only this TU provides.
// COMDAT data (C++ inline variables, template statics, vtables) may come
// from any cubicle's copy and stays in the trusted base's key 0.
bool isOwnedGlobal(const GlobalVariable &G) {
  if (G.isDeclaration() || G.hasComdat() || G.isThreadLocal() ||
      G.getName().starts_with("llvm.") ||
      G.getName().starts_with(CUBICLE_RESERVED_PREFIX) || G.hasSection())
    return false;
  if (!G.hasLocalLinkage() && !G.hasExternalLinkage())
    return false; // weak, common, linkonce, available_externally
  return G.getValueType()->isSized() &&
         G.getParent()->getDataLayout().getTypeAllocSize(G.getValueType()) > 0;
}

// Lays out Globals, in this order, as one page-aligned block in Section,
// padded to a page multiple, and returns its bounds.
void makeBlock(CubicleModule &CM, ArrayRef<GlobalVariable *> Globals,
               StringRef Section, Constant *&Begin, Constant *&End) {
  Module &M = CM.M;
  LLVMContext &Ctx = CM.Ctx;
  const DataLayout &DL = CM.DL;
  uint64_t Off = 0;
  for (GlobalVariable *G : Globals) {
    G->setSection(Section);
    // An unnamed_addr constant would go to a mergeable section of the same
    // name, which the linker may deduplicate and reorder: the block must be
    // laid out exactly as computed here.
    G->setUnnamedAddr(GlobalValue::UnnamedAddr::None);
    if (G == Globals.front())
      G->setAlignment(Align(std::max<uint64_t>(CUBICLE_PAGE_SIZE, G->getAlign() ? G->getAlign()->value() : 1)));
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
    CM.keep(G);
  }
  uint64_t Padded = alignTo(Off, CUBICLE_PAGE_SIZE);
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
    CM.keep(Pad);
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
}

void emitTuRecord(CubicleModule &CM, Constant *RwBegin, Constant *RwEnd,
                  Constant *RoBegin, Constant *RoEnd) {
  Module &M = CM.M;
  LLVMContext &Ctx = CM.Ctx;
  Type *I32 = Type::getInt32Ty(Ctx);
  PointerType *Ptr = PointerType::get(Ctx, 0);
  Constant *Src = ConstantDataArray::getString(Ctx, M.getSourceFileName());
  auto *SrcG = new GlobalVariable(M, Src->getType(), true,
                                  GlobalValue::PrivateLinkage, Src,
                                  "__cubicle_source");
  StructType *T = StructType::get(Ctx, {I32, I32, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr});
  Constant *Init = ConstantStruct::get(
      T, {ConstantInt::get(I32, CUBICLE_DESC_MAGIC_VALUE),
          ConstantInt::get(I32, CUBICLE_ABI_VERSION), CM.Desc, RwBegin, RwEnd,
          RoBegin, RoEnd, SrcG});
  auto *G = new GlobalVariable(M, T, /*isConstant=*/false,
                               GlobalValue::InternalLinkage, Init,
                               "__cubicle_tu");
  G->setSection(CUBICLE_TU_SECTION);
  G->setAlignment(Align(8));
  CM.keep(G);
}

} // namespace

void moveGlobals(CubicleModule &CM) {
  Module &M = CM.M;
  LLVMContext &Ctx = CM.Ctx;
  SmallVector<GlobalVariable *, 32> Rw, Ro;
  bool Pic = M.getPICLevel() != PICLevel::NotPIC ||
             M.getPIELevel() != PIELevel::Default;
  for (GlobalVariable &G : M.globals()) {
    if (!isOwnedGlobal(G) || CM.Shared.count(&G))
      continue;
    // Constants that need relocations at load time must stay writable
    // until the loader is done: they go with the writable data.
    bool ReadOnly = G.isConstant() &&
                    !(Pic && G.getInitializer()->needsDynamicRelocation());
    LLVM_DEBUG(dbgs() << "cubicle: global " << G.getName() << " into the "
                      << (ReadOnly ? "read-only" : "writable") << " block\n");
    (ReadOnly ? Ro : Rw).push_back(&G);
    ++NumGlobalsMoved;
  }
  Constant *Null = ConstantPointerNull::get(PointerType::get(Ctx, 0));
  Constant *RwB = Null, *RwE = Null, *RoB = Null, *RoE = Null;
  if (!Rw.empty())
    makeBlock(CM, Rw, rwSection(CM.Name), RwB, RwE);
  if (!Ro.empty())
    makeBlock(CM, Ro, roSection(CM.Name), RoB, RoE);
  emitTuRecord(CM, RwB, RwE, RoB, RoE);
}

} // namespace cubicle
