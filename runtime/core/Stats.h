//===- Stats.h - Cross-cubicle statistics ---------------------------------===//
//
// CUBICLE_STATS: calls, window opens and faults per pair of cubicles.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_CORE_STATS_H
#define CUBICLE_RUNTIME_CORE_STATS_H


namespace cubicle {

void statsInit();
void countCall(int From, int To);
void countWindowOpen(int Owner, int Grantee);
void countFault(int Running, int Owner);

} // namespace cubicle

#endif // CUBICLE_RUNTIME_CORE_STATS_H
