// Annotations on any declaration count: a header annotates the interface,
// the defining file declares it bare (and may name the parameters
// differently).  Declarations that disagree are an error.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=fs -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=fs -S -emit-llvm %s -o - | FileCheck %s
// RUN: not %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=fs -DCONFLICT %s 2>&1 | FileCheck %s --check-prefix=CONFLICT

#include <cubicle/cubicle.h>

/* The header. */
long fs_read(int fd, void *buf CUBICLE_WINDOW(len), unsigned long len);
int fs_name(const char *path CUBICLE_WINDOW_CSTR);

/* The implementation, which does not include the annotations again. */
long fs_read(int f, void *b, unsigned long n) { return (long)n + f + (b != 0); }
int fs_name(const char *p) { return *p; }

#ifdef CONFLICT
int fs_stat(void *st CUBICLE_WINDOW(16));
int fs_stat(void *st CUBICLE_WINDOW(32));
// CONFLICT: redeclared.c:[[@LINE-1]]:22: error: conflicting window annotations on parameter 1 of 'fs_stat': declarations must agree
// CONFLICT: redeclared.c:[[@LINE-3]]:22: note: the other annotation is here
int fs_stat(void *st) { return st != 0; }
#endif

// CHECK-DAG: @__cubicle_entry.fs_read = constant {{.*}} ptr @[[R:__cubicle_windows[.0-9]*]] }
// r0,r1,r2 | param 1 written, size p2 (windows/spec.c has the layout)
// CHECK-DAG: @[[R]] = private constant [32 x i8] c"\02\03\01\01\00\00\00\00\00@\01@\02@\01\02\00\01\00\00\00\00\00\00\02\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry.fs_name = constant {{.*}} ptr @[[N:__cubicle_windows[.0-9]*]] }
// r0 | param 0 a string
// CHECK-DAG: @[[N]] = private constant [24 x i8] c"\02\01\01\00\00\00\00\00\00@\00\03\00\00\00\00\00\00\00\00\00\00\00\00", align 8
