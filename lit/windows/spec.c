// Window annotations become a spec in the callee's entry record: where each
// parameter is passed, then each window (parameter, kind, size as RPN).
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

#ifndef CALLER
long fs_read(int fd, void *buf, size_t len) { return (long)len; }
int fs_open(const char *path, int flags) { return flags; }
int fs_recs(const struct rec *r, int n) { return n; }
int fs_ro(void *p, unsigned n) { return 0; }
#endif

// CHECK-DAG: @__cubicle_entry.fs_read = constant {{.*}} i64 0, ptr @[[R:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[R]] = private constant {{.*}} c"r0,r1,r2|1:w:p2\00"
// CHECK-DAG: @__cubicle_entry.fs_open = constant {{.*}} ptr @[[O:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[O]] = private constant {{.*}} c"r0,r1|0:s:\00"
// CHECK-DAG: @__cubicle_entry.fs_recs = constant {{.*}} ptr @[[S:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[S]] = private constant {{.*}} c"r0,r1|0:r:p1 c24 * c8 +\00"
// CHECK-DAG: @__cubicle_entry.fs_ro = constant {{.*}} ptr @[[I:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[I]] = private constant {{.*}} c"r0,r1|0:r:p1 c2 << c1 -\00"

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
