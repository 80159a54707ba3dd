// Handles (CUBICLE_RESULT_HANDLE, CUBICLE_HANDLE, _END, CUBICLE_USER_DATA)
// are windows of kind 9 (flags: 2 the last call, 8 user data, no ops);
// writable results kind 2 on the result, zero-ended tables kind 10 (the
// element's size); the format is spec.c's.  A callback defined elsewhere,
// stored in a field that CUBICLE_FIELD_CALLBACK annotates from outside, is
// registered through a thunk of this file carrying the windows of the
// field's callback type.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=h -S -emit-llvm %s -o - | FileCheck %s
// RUN: not %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=h -DBAD %s 2>&1 | FileCheck %s --check-prefix=BAD

#include <cubicle/cubicle.h>
#include <stddef.h>

typedef struct obj obj;
typedef struct {
  void *(*get)(size_t n);
  int count;
} suite;

#ifndef BAD
obj *h_new(void) CUBICLE_RESULT_HANDLE(sizeof(void *));
void h_set(obj *o CUBICLE_HANDLE(sizeof(void *)), void *u CUBICLE_USER_DATA);
void h_free(obj *o CUBICLE_HANDLE_END(sizeof(void *)));
char *h_buf(obj *o CUBICLE_NO_WINDOW, int n) CUBICLE_RESULT_WRITABLE(n);
struct feat {
  int id;
  long v;
};
const struct feat *h_feats(void) CUBICLE_RESULT_ARRAY(sizeof(struct feat));
obj *h_new(void) { return 0; }
void h_set(obj *o, void *u) {}
void h_free(obj *o) {}
char *h_buf(obj *o, int n) { return 0; }
const struct feat *h_feats(void) { return 0; }

typedef void *(*get_fn)(size_t n) CUBICLE_RESULT_OWNED(n);
CUBICLE_FIELD_CALLBACK(suite, get, get_fn);
void *ext_get(size_t n);

// A window kept with a handle (flags 0x11: kept, tied; the handle's
// parameter in the field-offset bytes), and the call that drops it
// (kind 13).
typedef struct stmt stmt;
void k_bind(stmt *s CUBICLE_NO_WINDOW,
            const char *t CUBICLE_WINDOW_KEPT_BY(n, s), int n);
void k_reset(stmt *s CUBICLE_DROPS_KEPT);
void k_bind(stmt *s, const char *t, int n) {}
void k_reset(stmt *s) {}
void use_suite(const suite *s CUBICLE_WINDOW_IN(sizeof(suite)));
void reg(void) {
  suite s = {ext_get, 1};
  use_suite(&s);
}
#endif

// CHECK-DAG: @__cubicle_entry.h_new = constant {{.*}} ptr @[[N:__cubicle_windows[.0-9]*]] }
// the result a handle, ops 0-1: c8
// CHECK-DAG: @[[N]] = private constant [24 x i8] c"\02\00\01\01\00\00\00\00\FF\09\00\01\00\00\00\00\08\00\00\00\00\00\00\01", align 8
// CHECK-DAG: @__cubicle_entry.h_set = constant {{.*}} ptr @[[S:__cubicle_windows[.0-9]*]] }
// r0,r1 | param 0 a handle, ops 0-1; param 1 user data (flag 8), no ops
// CHECK-DAG: @[[S]] = private constant [40 x i8] c"\02\02\02\01\00\00\00\00\00@\01@\00\09\00\01\00\00\00\00\01\09\01\01\08\00\00\00\00\00\00\00\08\00\00\00\00\00\00\01", align 8
// CHECK-DAG: @__cubicle_entry.h_free = constant {{.*}} ptr @[[F:__cubicle_windows[.0-9]*]] }
// param 0 a handle, its last call (flag 2)
// CHECK-DAG: @[[F]] = private constant [32 x i8] c"\02\01\01\01\00\00\00\00\00@\00\09\00\01\02\00\00\00\00\00\00\00\00\00\08\00\00\00\00\00\00\01", align 8
// CHECK-DAG: @__cubicle_entry.h_buf = constant {{.*}} ptr @[[B:__cubicle_windows[.0-9]*]] }
// the result read-write (kind 2), ops 0-1: p1
// CHECK-DAG: @[[B]] = private constant [32 x i8] c"\02\02\01\01\00\00\00\00\00@\01@\FF\02\00\01\00\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry.h_feats = constant {{.*}} ptr @[[T:__cubicle_windows[.0-9]*]] }
// the result a zero-ended table (kind 10) of 16-byte elements
// CHECK-DAG: @[[T]] = private constant [24 x i8] c"\02\00\01\01\00\00\00\00\FF\0A\00\01\00\00\00\00\10\00\00\00\00\00\00\01", align 8

// CHECK-DAG: @__cubicle_entry.k_bind = constant {{.*}} ptr @[[KB:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[KB]] = private constant [32 x i8] c"\02\03\01\01\00\00\00\00\00@\01@\02@\01\01\00\01\11\00\00\00\00\00\02\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry.k_reset = constant {{.*}} ptr @[[KR:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[KR]] = private constant [24 x i8] c"\02\01\01\00\00\00\00\00\00@\00\0D\00\00\00\00\00\00\00\00\00\00\00\00", align 8

// The thunk: internal, with its own stub and record lending the callback
// type's result window; the suite holds its stub, and it calls the real
// function as any call out of this file (its entry record decides).
// CHECK-DAG: @__cubicle_entry_local.ext_get.cubicle_thunk = internal constant {{.*}} ptr @ext_get.cubicle_thunk, ptr @__cubicle_stub.ext_get.cubicle_thunk, i64 0, ptr @[[K:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[K]] = private constant [32 x i8] c"\02\01\01\01\00\00\00\00\00@\FF\06\00\01\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__const.reg.s = {{.*}} { ptr @__cubicle_stub.ext_get.cubicle_thunk, i32 1 }
// CHECK-LABEL: define internal ptr @ext_get.cubicle_thunk(
// CHECK: load ptr, ptr @__cubicle_entry.ext_get

#ifdef BAD
CUBICLE_FIELD_CALLBACK(suite, get, no_such_fn);
// BAD: handles.c:[[@LINE-1]]:1: error: no typedef 'no_such_fn' declared before this field callback
typedef int (*int_fn)(int);
CUBICLE_FIELD_CALLBACK(suite, get, int_fn);
// BAD: handles.c:[[@LINE-1]]:1: error: field 'get' of 'suite' has type 'void *(*)(size_t)' (aka 'void *(*)(unsigned long)'), not the type of callback type 'int_fn' ('int (*)(int)')
typedef void *(*get_fn2)(size_t n);
CUBICLE_FIELD_CALLBACK(suite, put, get_fn2);
// BAD: handles.c:[[@LINE-1]]:1: error: no field 'put' in 'suite'
void h_int(int x CUBICLE_HANDLE(8));
// BAD: handles.c:[[@LINE-1]]:18: error: 'cubicle_handle' on parameter 'x' of type 'int': a window needs a pointer
obj *h_bad(void) CUBICLE_RESULT_HANDLE(len);
// BAD: handles.c:[[@LINE-1]]:18: error: bad window size 'len' on the result of 'h_bad': 'len' names no parameter of 'h_bad'
typedef struct stmt stmt;
void k_bad(stmt *s, const char *t CUBICLE_WINDOW_KEPT_BY(n, handle), int n);
// BAD: handles.c:[[@LINE-1]]:35: error: 'handle' names no pointer parameter of 'k_bad' to keep the window with
void use(void) { h_int(0); h_bad(); k_bad(0, 0, 0); }
#endif
