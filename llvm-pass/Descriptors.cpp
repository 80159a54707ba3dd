//===- Descriptors.cpp - Descriptor pages, entry records, site counters ---===//
//
// The records the other jobs emit, in the layouts of cubicle/abi.h:
//
//   - the cubicle's descriptor page (COMDAT, one per cubicle name in the
//     program), which the runtime fills in and the gates read;
//   - the "not a cubicle" sentinel that weak entry records point to;
//   - entry records: where a function's cubicle, body and stub are;
//   - per-call-site counters for CUBICLE_STATS;
//   - window specs, the runtime's binary form of the Clang plugin's
//     annotations (WindowSpecEncoder.cpp).
//
//===----------------------------------------------------------------------===//

#include "CallPlan.h"
#include "CubicleModule.h"
#include "WindowSpecEncoder.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "cubicle"

using namespace llvm;

namespace cubicle {

namespace {

StructType *descType(LLVMContext &Ctx) {
  // struct DescPage { u32 pkru, flags, id, magic; char name[48];
  //                   char pad[...]; } -- one page.
  Type *I32 = Type::getInt32Ty(Ctx), *I8 = Type::getInt8Ty(Ctx);
  return StructType::get(
      Ctx, {I32, I32, I32, I32, ArrayType::get(I8, CUBICLE_NAME_MAX),
            ArrayType::get(I8, CUBICLE_PAGE_SIZE - 16 - CUBICLE_NAME_MAX)});
}

constexpr const char *kSentinelName = "__cubicle_not_a_cubicle";

} // namespace

GlobalVariable *CubicleModule::getDesc(StringRef Cubicle, uint32_t Flags) {
  std::string Sym = descSymbol(Cubicle);
  if (auto *G = M.getGlobalVariable(Sym))
    return G;
  StructType *T = descType(Ctx);
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
  G->setAlignment(Align(CUBICLE_PAGE_SIZE));
  G->setComdat(M.getOrInsertComdat(Sym));
  G->setVisibility(GlobalValue::HiddenVisibility);
  keep(G);
  return G;
}

// The "not a cubicle" sentinel the weak entry records point to: the fields
// a call site reads (PKRU, flags, id) of a descriptor, flagged so, with an id
// no cubicle has.  Internal: each TU has its own.
GlobalVariable *CubicleModule::makeSentinel() {
  if (GlobalVariable *G = M.getGlobalVariable(kSentinelName, true))
    return G;
  Type *I32 = Type::getInt32Ty(Ctx);
  StructType *T = StructType::get(Ctx, {I32, I32, I32, I32});
  auto *G = new GlobalVariable(
      M, T, /*isConstant=*/true, GlobalValue::InternalLinkage,
      ConstantStruct::get(T, {ConstantInt::get(I32, 0),
                              ConstantInt::get(I32, CUBICLE_DF_UNINSTRUMENTED),
                              ConstantInt::get(I32, ~0u),
                              ConstantInt::get(I32, 0)}),
      kSentinelName);
  G->setAlignment(Align(16));
  return G;
}

StructType *CubicleModule::entryType() {
  // cubicle/abi.h: CUBICLE_ENTRY_*.
  Type *I64 = Type::getInt64Ty(Ctx);
  return StructType::get(Ctx, {Ptr, Ptr, Ptr, I64, Ptr});
}

GlobalVariable *CubicleModule::makeEntry(StringRef Sym,
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
  keep(G);
  return G;
}

GlobalVariable *CubicleModule::entryFallback(Function &Callee) {
  std::string Sym = entrySymbol(Callee.getName());
  if (auto *G = M.getGlobalVariable(Sym))
    return G;
  GlobalVariable *G = makeEntry(Sym, GlobalValue::WeakAnyLinkage, Sentinel,
                                &Callee, &Callee, 0);
  G->setVisibility(GlobalValue::HiddenVisibility);
  return G;
}

GlobalVariable *CubicleModule::siteCounter(GlobalValue *Callee, bool IsEntry,
                                           Constant *Caller) {
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
  keep(G);
  return G;
}

Constant *CubicleModule::windowSpecFor(Function &F) {
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
  std::string Error;
  std::vector<uint8_t> Spec =
      encodeWindowSpec(paramLocations(F), Windows, Error);
  if (Spec.empty()) {
    error(&F, "cannot lend the windows of '" + F.getName() + "': " + Error,
          DebugLoc());
    return ConstantPointerNull::get(Ptr);
  }
  LLVM_DEBUG(dbgs() << "cubicle: window spec of " << F.getName() << ": "
                    << Windows << " (" << Spec.size() << " bytes)\n");
  Constant *Bytes = ConstantDataArray::get(Ctx, ArrayRef<uint8_t>(Spec));
  auto *G = new GlobalVariable(M, Bytes->getType(), true,
                               GlobalValue::PrivateLinkage, Bytes,
                               "__cubicle_windows");
  G->setAlignment(Align(8));
  return G;
}

} // namespace cubicle
