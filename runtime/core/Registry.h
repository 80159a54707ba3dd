//===- Registry.h - Cubicles, descriptors, keys and PKRU values -----------===//
//
// Registry.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_CORE_REGISTRY_H
#define CUBICLE_RUNTIME_CORE_REGISTRY_H

#include "core/Cubicle.h"

namespace cubicle {

DescPage *descBegin();
DescPage *descEnd();
DescPage *runtimeDesc(int I);
DescPage *runtimeDescFree();
bool isRuntimeDesc(const DescPage *D);
int descIndex(const DescPage *D);
Cubicle *cubicleById(int Id);
Cubicle *cubicleByDesc(const DescPage *D);
Cubicle *registerCubicle(DescPage *D, bool FromPass);
uint32_t computePkru(const Cubicle &C);
void refreshPkru(Cubicle &C);
Cubicle *cubicleByPkru(uint32_t Pkru);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_CORE_REGISTRY_H
