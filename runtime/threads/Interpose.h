//===- Interpose.h - pthread_create of shared objects ---------------------===//
//
// Shared objects loaded with the program call libc's pthread_create
// directly; their GOT slots are routed to the runtime's wrapper.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_THREADS_INTERPOSE_H
#define CUBICLE_RUNTIME_THREADS_INTERPOSE_H


namespace cubicle {

// Start-up, monitor mode.
void routeLibraryThreads();

} // namespace cubicle

#endif // CUBICLE_RUNTIME_THREADS_INTERPOSE_H
