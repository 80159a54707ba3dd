//===- Fault.h - The fault handler ----------------------------------------===//
//
// Fault.cpp: lazy stacks, stale rights, sub-page window emulation.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_FAULTS_FAULT_H
#define CUBICLE_RUNTIME_FAULTS_FAULT_H


namespace cubicle {

void installFaultHandlers();

} // namespace cubicle

#endif // CUBICLE_RUNTIME_FAULTS_FAULT_H
