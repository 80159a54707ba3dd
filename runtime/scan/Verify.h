//===- Verify.h - The start-up code scan ----------------------------------===//
//
// The scan of CodeScan.h over the running program's code, at start-up.
//
//===----------------------------------------------------------------------===//
#ifndef CUBICLE_RUNTIME_SCAN_VERIFY_H
#define CUBICLE_RUNTIME_SCAN_VERIFY_H


namespace cubicle {

// Refuses the program (exits with kVerifyRefusedExit) if it holds code
// that could undo isolation.
constexpr int kVerifyRefusedExit = 125;
void verifyCode();

} // namespace cubicle

#endif // CUBICLE_RUNTIME_SCAN_VERIFY_H
