// Window annotations become a spec in the callee's entry record, in the
// binary form of cubicle/abi.h that the runtime evaluates without parsing:
// a header (version 2, parameters, windows, ops), where each parameter is
// passed (u16: kind << 14 | value; 0x40nn is integer register nn), each
// window (8 bytes: parameter, kind 1 read / 2 write / 3 string, first op,
// end op, flags, 0, field offset; fields.c tests the last three),
// then the size ops (u64: opcode << 56 | operand; opcode 0 parameter,
// 1 constant, 2 +, 3 -, 4 *, 7 <<).
// Calls to an annotated function go through its entry stub, where the
// runtime lends the windows, instead of the inline gate.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=fs -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=fs -S -emit-llvm %s -o - | FileCheck %s

#include <cubicle/cubicle.h>
#include <stddef.h>

struct rec { long a, b, c; };

long fs_read(int fd, void *buf CUBICLE_WINDOW(len), size_t len);
int fs_open(const char *path CUBICLE_WINDOW_CSTR, int flags);
int fs_recs(const struct rec *r CUBICLE_WINDOW(n * sizeof(struct rec) + 8), int n);
int fs_ro(void *p CUBICLE_WINDOW_IN((n << 2) - 1), unsigned n);
const char *fs_name(int fd) CUBICLE_RESULT_CSTR;
const int *fs_row(int i, size_t n) CUBICLE_RESULT(n * sizeof(int));

#ifndef CALLER
long fs_read(int fd, void *buf, size_t len) { return (long)len; }
int fs_open(const char *path, int flags) { return flags; }
int fs_recs(const struct rec *r, int n) { return n; }
int fs_ro(void *p, unsigned n) { return 0; }
const char *fs_name(int fd) { return "x"; }
const int *fs_row(int i, size_t n) { return 0; }
#endif

// CHECK-DAG: @__cubicle_entry.fs_read = constant {{.*}} i64 0, ptr @[[R:__cubicle_windows[.0-9]*]] }
// r0,r1,r2 | param 1 written, size p2
// CHECK-DAG: @[[R]] = private constant [32 x i8] c"\02\03\01\01\00\00\00\00\00@\01@\02@\01\02\00\01\00\00\00\00\00\00\02\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry.fs_open = constant {{.*}} ptr @[[O:__cubicle_windows[.0-9]*]] }
// r0,r1 | param 0 a string, no ops
// CHECK-DAG: @[[O]] = private constant [24 x i8] c"\02\02\01\00\00\00\00\00\00@\01@\00\03\00\00\00\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry.fs_recs = constant {{.*}} ptr @[[S:__cubicle_windows[.0-9]*]] }
// r0,r1 | param 0 read, ops 0-5: p1 c24 * c8 +
// CHECK-DAG: @[[S]] = private constant [64 x i8] c"\02\02\01\05\00\00\00\00\00@\01@\00\01\00\05\00\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00\18\00\00\00\00\00\00\01\00\00\00\00\00\00\00\04\08\00\00\00\00\00\00\01\00\00\00\00\00\00\00\02", align 8
// CHECK-DAG: @__cubicle_entry.fs_ro = constant {{.*}} ptr @[[I:__cubicle_windows[.0-9]*]] }
// r0,r1 | param 0 read, ops 0-5: p1 c2 << c1 -
// CHECK-DAG: @[[I]] = private constant [64 x i8] c"\02\02\01\05\00\00\00\00\00@\01@\00\01\00\05\00\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00\02\00\00\00\00\00\00\01\00\00\00\00\00\00\00\07\01\00\00\00\00\00\00\01\00\00\00\00\00\00\00\03", align 8
// Result windows: parameter 0xff.
// CHECK-DAG: @__cubicle_entry.fs_name = constant {{.*}} ptr @[[N:__cubicle_windows[.0-9]*]] }
// r0 | the result a string, no ops
// CHECK-DAG: @[[N]] = private constant [24 x i8] c"\02\01\01\00\00\00\00\00\00@\FF\03\00\00\00\00\00\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry.fs_row = constant {{.*}} ptr @[[W:__cubicle_windows[.0-9]*]] }
// r0,r1 | the result read, ops 0-3: p1 c4 *
// CHECK-DAG: @[[W]] = private constant [48 x i8] c"\02\02\01\03\00\00\00\00\00@\01@\FF\01\00\03\00\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00\04\00\00\00\00\00\00\01\00\00\00\00\00\00\00\04", align 8

// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -DCALLER -S -emit-llvm %s -o - | FileCheck %s --check-prefix=CALLER
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=app -DCALLER -S -emit-llvm %s -o - | FileCheck %s --check-prefix=CALLER
#ifdef CALLER
long app(char *b) { return fs_read(3, b, 16); }
#endif
// CALLER-LABEL: define internal {{.*}}@__cubicle_body.app(
// CALLER:     call i64 %{{.*}}(i32 {{.*}}3, ptr {{.*}}, i64 {{.*}}16){{.*}}!cubicle.trusted
// CALLER:     call i64 @fs_read(i32 {{.*}}3,
// CALLER:     call i64 @fs_read(i32 {{.*}}3,
// CALLER-NOT: wrpkru
