//===- CubicleModule.cpp - The pass's per-module state --------------------===//
//
// Builds the state the jobs share (CubicleModule.h): reads the Clang
// plugin's annotations once, makes this cubicle's descriptor and the
// sentinel, and at the end keeps what the jobs made alive.
//
//===----------------------------------------------------------------------===//

#include "CubicleModule.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

static cl::opt<std::string>
    CubicleNameOpt("cubicle-name",
                   cl::desc("The cubicle this translation unit belongs to"),
                   cl::init(""));

namespace cubicle {

CubicleModule::CubicleModule(Module &M, ModuleAnalysisManager &MAM,
                             std::string Name)
    : M(M), MAM(MAM), Ctx(M.getContext()), DL(M.getDataLayout()),
      Name(std::move(Name)), Ptr(PointerType::get(Ctx, 0)) {
  readAnnotations();
  Desc = getDesc(this->Name, 0);
  Sentinel = makeSentinel();
}

void CubicleModule::finish() {
  appendToCompilerUsed(M, Used);
  Used.clear();
}

// The annotations the Clang plugin left: window specs on functions,
// callbacks to register through thunks, and globals every cubicle may use.
void CubicleModule::readAnnotations() {
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
    if (Ann.consume_front(kWindowsAnnotation))
      if (auto *F = dyn_cast<Function>(V)) {
        // "@NAME": the result's size function, not a window.
        std::string Spec = Ann.str();
        if (size_t At = Spec.find(";@"); At != std::string::npos) {
          SizedBy[F] = Spec.substr(At + 2);
          Spec.erase(At);
        }
        WindowSpecs[F] = Spec;
      }
    if (Ann.consume_front(kThunkAnnotation))
      if (auto *O = dyn_cast<GlobalObject>(V)) {
        auto [Callee, Spec] = Ann.split('=');
        if (!Callee.empty() && !Spec.empty())
          Thunks.push_back({O, Callee.str(), Spec.str()});
      }
    if (Ann == kSharedAnnotation)
      if (auto *G = dyn_cast<GlobalVariable>(V))
        Shared.insert(G);
  }
}

void CubicleModule::error(const Function *F, const Twine &Msg,
                          const DebugLoc &Loc) {
  if (F)
    Ctx.diagnose(DiagnosticInfoUnsupported(*F, Msg, Loc));
  else
    Ctx.emitError(Msg);
}

CallInst *forwardCall(Function &W, FunctionCallee Target,
                      ArrayRef<Value *> Leading) {
  IRBuilder<> B(BasicBlock::Create(W.getContext(), "entry", &W));
  SmallVector<Value *, 8> Args(Leading.begin(), Leading.end());
  for (Argument &A : W.args())
    Args.push_back(&A);
  CallInst *C = B.CreateCall(Target, Args);
  if (W.getReturnType()->isVoidTy())
    B.CreateRetVoid();
  else
    B.CreateRet(C);
  return C;
}

std::optional<std::string> cubicleNameFor(Module &M) {
  std::string Name = requestedCubicleName();
  if (Name.empty())
    Name = CubicleNameOpt;
  // A job run by itself on a module an earlier run recorded.
  if (Name.empty())
    if (NamedMDNode *MD = M.getNamedMetadata(kCubicleNameMD))
      if (MD->getNumOperands())
        if (auto *S = dyn_cast<MDString>(MD->getOperand(0)->getOperand(0)))
          Name = S->getString().str();
  if (Name.empty()) {
    M.getContext().emitError(
        "cubicle: no cubicle name for this translation unit; pass "
        "-fplugin-arg-cubicle-name=NAME (or use cubicle-cc --cubicle=NAME)");
    return std::nullopt;
  }
  if (!isValidCubicleName(Name)) {
    M.getContext().emitError("cubicle: invalid cubicle name '" + Name +
                             "': use 1 to " + Twine(CUBICLE_NAME_MAX - 1) +
                             " letters, digits, '_' or '-'");
    return std::nullopt;
  }
  return Name;
}

} // namespace cubicle
