// Ownership annotations (CUBICLE_RESULT_OWNED, _CSTR, CUBICLE_RELEASED)
// become windows of kinds 6 (the result: a block handed over, sized), 7 (a
// string handed over, no ops) and 8 (a parameter: a block given back, no
// ops) in the callee's entry record; the format is spec.c's.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=st -S -emit-llvm %s -o - | FileCheck %s
// RUN: not %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=st -DBAD %s 2>&1 | FileCheck %s --check-prefix=BAD

#include <cubicle/cubicle.h>
#include <stddef.h>

#ifndef BAD
void *st_alloc(size_t n) CUBICLE_RESULT_OWNED(n);
void *st_realloc(void *p CUBICLE_RELEASED, size_t n) CUBICLE_RESULT_OWNED(n);
void st_free(void *p CUBICLE_RELEASED);
char *st_format(int v) CUBICLE_RESULT_OWNED_CSTR;

void *st_alloc(size_t n) { return 0; }
void *st_realloc(void *p, size_t n) { return p; }
void st_free(void *p) {}
char *st_format(int v) { return 0; }

// On a callback's typedef: every function registered as it (an allocator
// callback) hands its result over.
typedef void *(*alloc_fn)(size_t n) CUBICLE_RESULT_OWNED(n);
void set_alloc(alloc_fn a);
static void *my_alloc(size_t n) { return 0; }
void reg(void) { set_alloc(my_alloc); }
#endif

// CHECK-DAG: @__cubicle_entry.st_alloc = constant {{.*}} ptr @[[A:__cubicle_windows[.0-9]*]] }
// r0 | the result handed over, ops 0-1: p0
// CHECK-DAG: @[[A]] = private constant [32 x i8] c"\02\01\01\01\00\00\00\00\00@\FF\06\00\01\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry.st_realloc = constant {{.*}} ptr @[[R:__cubicle_windows[.0-9]*]] }
// r0,r1 | param 0 given back, no ops; the result handed over, ops 0-1: p1
// CHECK-DAG: @[[R]] = private constant [40 x i8] c"\02\02\02\01\00\00\00\00\00@\01@\00\08\00\00\00\00\00\00\FF\06\00\01\00\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry.st_free = constant {{.*}} ptr @[[F:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[F]] = private constant [24 x i8] c"\02\01\01\00\00\00\00\00\00@\00\08\00\00\00\00\00\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry.st_format = constant {{.*}} ptr @[[S:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[S]] = private constant [24 x i8] c"\02\01\01\00\00\00\00\00\00@\FF\07\00\00\00\00\00\00\00\00\00\00\00\00", align 8

#ifdef BAD
int not_ptr(void) CUBICLE_RESULT_OWNED(4);
// BAD: ownership.c:[[@LINE-1]]:19: error: 'cubicle_result_owned' on function 'not_ptr' returning 'int': a result window needs a function returning a pointer
void *no_size(size_t n) CUBICLE_RESULT_OWNED(len);
// BAD: ownership.c:[[@LINE-1]]:25: error: bad window size 'len' on the result of 'no_size': 'len' names no parameter of 'no_size'
void rel_int(int x CUBICLE_RELEASED);
// BAD: ownership.c:[[@LINE-1]]:20: error: 'cubicle_released' on parameter 'x' of type 'int': a window needs a pointer
char *not_chars(void) CUBICLE_RESULT_OWNED_CSTR;
int *not_chars2(void) CUBICLE_RESULT_OWNED_CSTR;
// BAD: ownership.c:[[@LINE-1]]:23: error: 'cubicle_result_owned_cstr' on function 'not_chars2' returning 'int *': a result window needs a function returning a pointer to characters
void use(void) { not_ptr(); no_size(1); rel_int(0); not_chars(); not_chars2(); }
#endif
// CHECK-DAG: @__cubicle_entry_local.my_alloc = internal constant {{.*}} ptr @[[M:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[M]] = private constant [32 x i8] c"\02\01\01\01\00\00\00\00\00@\FF\06\00\01\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00", align 8
