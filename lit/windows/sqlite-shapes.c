// The shapes SQLite's API needs, in spec.c's format: a format in SQLite's
// dialect (flag 0x20) and one whose arguments come as a va_list (flag
// 0x40); an owned result string (kind 7 on the result); an owned string
// out-parameter (a written pointer, parameter 2, whose pointee is a field
// window of kind 7: flag 4, parent window 0); a result sized by another
// call (op 12, and the entry's body the __cubicle_sized wrapper that
// returns the size with the result); a binding kept with a handle in a
// slot (flags 0x11, handle parameter 0 in the low field byte, slot
// parameter 1 plus one in the high one) sized by len_or_cstr (op 11 with
// the integer's width).  Then the compile errors for each misuse.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=q -S -emit-llvm %s -o - | FileCheck %s
// RUN: not %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=q -DBAD %s 2>&1 | FileCheck %s --check-prefix=BAD

#include <cubicle/cubicle.h>
#include <stdarg.h>

typedef struct stmt stmt;

#ifndef BAD
char *q_mprintf(const char *f CUBICLE_WINDOW_FORMAT_SQLITE, ...)
    CUBICLE_RESULT_OWNED_CSTR;
char *q_vmprintf(const char *f CUBICLE_WINDOW_VFORMAT_SQLITE, va_list ap)
    CUBICLE_RESULT_OWNED_CSTR;
int q_vprintf(const char *f CUBICLE_WINDOW_VFORMAT, va_list ap);
typedef int (*row_fn)(void *a CUBICLE_NO_WINDOW, int n,
                      char **v CUBICLE_WINDOW_STRV_N(n),
                      char **c CUBICLE_WINDOW_STRV_N(n));
int q_exec(row_fn cb, void *a CUBICLE_NO_WINDOW,
           char **err CUBICLE_OUT_OWNED_CSTR);
int q_bytes(stmt *s CUBICLE_NO_WINDOW, int i);
const void *q_blob(stmt *s CUBICLE_NO_WINDOW, int i)
    CUBICLE_RESULT_SIZED_BY(q_bytes);
int q_bind(stmt *s CUBICLE_NO_WINDOW, int i,
           const char *z CUBICLE_WINDOW_KEPT_BY_SLOT(len_or_cstr(n), s, i),
           int n);
char *q_mprintf(const char *f, ...) { return 0; }
char *q_vmprintf(const char *f, va_list ap) { return 0; }
int q_vprintf(const char *f, va_list ap) { return 0; }
int q_exec(row_fn cb, void *a, char **err) { return 0; }
int q_bytes(stmt *s, int i) { return 0; }
const void *q_blob(stmt *s, int i) { return 0; }
int q_bind(stmt *s, int i, const char *z, int n) { return 0; }
#endif

// CHECK-DAG: @__cubicle_entry.q_mprintf = constant {{.*}} ptr @[[M:__cubicle_windows[.0-9]*]] }
// r0 | param 0 a format in SQLite's dialect | the result an owned string
// CHECK-DAG: @[[M]] = private constant [32 x i8] c"\02\01\02\00\00\00\00\00\00@\00\04\00\00 \00\00\00\FF\07\00\00\00\00\00\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry.q_vmprintf = constant {{.*}} ptr @[[VM:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[VM]] = private constant [32 x i8] c"\02\02\02\00\00\00\00\00\00@\01@\00\04\00\00`\00\00\00\FF\07\00\00\00\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry.q_vprintf = constant {{.*}} ptr @[[V:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[V]] = private constant [24 x i8] c"\02\02\01\00\00\00\00\00\00@\01@\00\04\00\00@\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry.q_exec = constant {{.*}} ptr @[[E:__cubicle_windows[.0-9]*]] }
// param 2 written, c8 | its pointee an owned string (field of window 0)
// CHECK-DAG: @[[E]] = private constant [40 x i8] c"\02\03\02\01\00\00\00\00\00@\01@\02@\02\02\00\01\00\00\00\00\00\07\01\01\04\00\00\00\00\00\08\00\00\00\00\00\00\01", align 8
// CHECK-DAG: @__cubicle_entry.q_blob = constant {{.*}} ptr @__cubicle_sized.q_blob, ptr @q_blob, i64 0, ptr @[[B:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[B]] = private constant [32 x i8] c"\02\02\01\01\00\00\00\00\00@\01@\FF\01\00\01\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\0C", align 8
// CHECK-DAG: @__cubicle_entry.q_bind = constant {{.*}} ptr @[[K:__cubicle_windows[.0-9]*]] }
// p3 then len_or_cstr of a 4-byte integer
// CHECK-DAG: @[[K]] = private constant [40 x i8] c"\02\04\01\02\00\00\00\00\00@\01@\02@\03@\02\01\00\02\11\00\00\02\03\00\00\00\00\00\00\00\04\00\00\00\00\00\00\0B", align 8
// The sized wrapper calls the body, then q_bytes's body (already inside
// the cubicle, so not through its gate) with the same arguments, and
// returns the size sign-extended beside the result.
// CHECK-LABEL: define internal { ptr, i64 } @__cubicle_sized.q_blob(ptr %0, i32 %1)
// CHECK-NEXT: %[[R:[0-9]+]] = call ptr @__cubicle_body.q_blob(ptr %0, i32 %1)
// CHECK-NEXT: %[[N:[0-9]+]] = call i32 @__cubicle_body.q_bytes(ptr %0, i32 %1)
// CHECK-NEXT: sext i32 %[[N]] to i64
// A function without windows keeps the plain entry.
// CHECK-NOT: @__cubicle_sized.q_bytes

#ifdef BAD
// BAD: [[@LINE+1]]:25: error: a va_list format window goes on the format parameter right before the va_list parameter
int b_vf1(const char *f CUBICLE_WINDOW_VFORMAT, int x);
// BAD: [[@LINE+1]]:25: error: a va_list format window goes on the format parameter right before the va_list parameter
int b_vf2(const char *f CUBICLE_WINDOW_VFORMAT, ...);
// BAD: [[@LINE+1]]:17: error: 'cubicle_out_owned_cstr' on p of type 'int *': an owned string out-parameter needs a pointer to a writable pointer to characters
int b_oo(int *p CUBICLE_OUT_OWNED_CSTR);
// BAD: [[@LINE+2]]:{{[0-9]+}}: error: 'b_nosuch' is not a function declared before 'b_sz1' with the same parameters that returns an integer
const void *b_sz1(stmt *s CUBICLE_NO_WINDOW, int i)
    CUBICLE_RESULT_SIZED_BY(b_nosuch);
long b_cnt(stmt *s, long i);
// BAD: [[@LINE+2]]:{{[0-9]+}}: error: 'b_cnt' is not a function declared before 'b_sz2' with the same parameters
const void *b_sz2(stmt *s CUBICLE_NO_WINDOW, int i)
    CUBICLE_RESULT_SIZED_BY(b_cnt);
// BAD: [[@LINE+2]]:{{[0-9]+}}: error: 'z' names no integer parameter of 'b_slot' to key the kept window with
int b_slot(stmt *s CUBICLE_NO_WINDOW,
           const char *z CUBICLE_WINDOW_KEPT_BY_SLOT(n, s, z), int n);
// BAD: [[@LINE+2]]:{{[0-9]+}}: error: bad window size 'len_or_cstr(n)' on parameter 'z': 'n' is not a signed int or long parameter
int b_len(stmt *s CUBICLE_NO_WINDOW,
          const char *z CUBICLE_WINDOW_IN(len_or_cstr(n)), unsigned n);
// BAD: [[@LINE+1]]:{{[0-9]+}}: error: bad window size 'len_or_cstr(m)' on parameter 'z': len_or_cstr needs a parameter of 'b_len2'
int b_len2(const char *z CUBICLE_WINDOW_IN(len_or_cstr(m)), int n);
// BAD: 8 errors generated.
#endif
