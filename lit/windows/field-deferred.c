// A port's field annotations on a struct the file defines only after them
// (SQLite's amalgamation defines sqlite3_vfs after the force-included port
// header): applied where the definition completes, as if written before.
// The static method stored in the annotated field takes the callback
// type's windows (a C string, kind 3, on parameter 1); the one in the
// field without an annotation takes none (the control); and the struct's
// window lends its annotated string field (the 40-byte spec, against 24
// bytes for the struct alone).  A struct never defined is an error at the
// annotation.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=d -S -emit-llvm %s -o - | FileCheck %s
// RUN: not %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=d -DBAD %s 2>&1 | FileCheck %s --check-prefix=BAD

#include <cubicle/cubicle.h>

typedef struct vfs vfs;
typedef int (*del_fn)(vfs *v CUBICLE_NO_WINDOW,
                      const char *name CUBICLE_WINDOW_CSTR);
CUBICLE_FIELD_CALLBACK(vfs, xDelete, del_fn);
CUBICLE_FIELD_WINDOW_CSTR(struct vfs, zName);

struct vfs {
  const char *zName;
  int (*xDelete)(vfs *, const char *);
  int (*xOther)(vfs *, const char *);
};
static int myDelete(vfs *v, const char *name) { return name[0]; }
static int myOther(vfs *v, const char *name) { return name[1]; }
struct vfs theVfs = {"x", myDelete, myOther};
int use(vfs *v CUBICLE_WINDOW(sizeof(struct vfs))) { return v->zName[0]; }

// CHECK-DAG: @__cubicle_entry_local.myDelete = internal constant {{.*}} ptr @[[D:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[D]] = private constant [24 x i8] c"\02\02\01\00\00\00\00\00\00@\01@\01\03\00\00\00\00\00\00\00\00\00\00", align 8
// CHECK-DAG: @__cubicle_entry_local.myOther = internal constant {{.*}} i64 0, ptr null }
// CHECK-DAG: @__cubicle_entry.use = constant {{.*}} ptr @[[U:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[U]] = private constant [40 x i8]

#ifdef BAD
// At the definition, then at the end of the file for structs never defined.
typedef int (*int_fn)(int);
typedef struct later later;
CUBICLE_FIELD_CALLBACK(later, f, int_fn);
struct later {
  long (*f)(long);
};
// BAD: field-deferred.c:[[@LINE-4]]:1: error: field 'f' of 'later' (aka 'struct later') has type 'long (*)(long)', not the type of callback type 'int_fn' ('int (*)(int)')
struct never;
CUBICLE_FIELD_WINDOW(struct never, p, 4);
// BAD: field-deferred.c:[[@LINE-1]]:1: error: field window on 'struct never', which this translation unit declares but never defines
CUBICLE_FIELD_CALLBACK(struct never, f, int_fn);
// BAD: field-deferred.c:[[@LINE-1]]:1: error: field callback on 'struct never', which this translation unit declares but never defines
#endif
