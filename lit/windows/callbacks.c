// Callbacks take the windows written on the type they are registered as: a
// typedef (repeated with annotations, as a port header does), the
// parameter of the registering function, or a struct field; the handlers
// themselves carry none.  Their entry records get the spec, so the runtime
// lends the caller's memory to them whoever calls.  A handler that is not
// static is emitted before the registration is seen: it is registered
// through a thunk of this file that carries the windows (and no warning).
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S -emit-llvm %s -o - 2>%t.err | FileCheck %s
// RUN: FileCheck --check-prefix=WARN %s < %t.err

#include <cubicle/cubicle.h>

typedef void (*start_fn)(void *ud, const char *name, const char **atts);
typedef void (*start_fn)(void *ud, const char *name CUBICLE_WINDOW_CSTR,
                         const char **atts CUBICLE_WINDOW_STRV);
struct hooks {
  void (*text)(const char *s CUBICLE_WINDOW_IN(len), int len);
};
void reg_start(start_fn f);
void reg_end(void (*f)(const char *name CUBICLE_WINDOW_CSTR));
void reg_plain(void (*f)(const char *name));

static void on_start(void *u, const char *n, const char **a) {}
static void on_end(const char *n) {}
static void on_text(const char *s, int len) {}
static void on_plain(const char *n) {}
void on_extern(void *u, const char *n, const char **a) {}

static const struct hooks h = {on_text};
const struct hooks *hooks(void) { return &h; }
void setup(void) {
  reg_start(on_start);
  reg_end(on_end);
  reg_plain(on_plain);
  reg_start(on_extern);
}

// Parameter 1 a string (kind 3), parameter 2 a string array (kind 5).
// CHECK-DAG: @__cubicle_entry_local.on_start = {{.*}} ptr @[[S:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[S]] = private constant [32 x i8] c"\02\03\02\00\00\00\00\00\00@\01@\02@\01\03\00\00\00\00\00\00\02\05\00\00\00\00\00\00\00\00"
// CHECK-DAG: @__cubicle_entry_local.on_end = {{.*}} ptr @[[E:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[E]] = private constant [24 x i8] c"\02\01\01\00\00\00\00\00\00@\00\03\00\00\00\00\00\00
// The field's: parameter 0 read-only, size parameter 1.
// CHECK-DAG: @__cubicle_entry_local.on_text = {{.*}} ptr @[[T:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[T]] = private constant [32 x i8] c"\02\02\01\01\00\00\00\00\00@\01@\00\01\00\01\00\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00"
// A type without windows gives none.
// CHECK-DAG: @__cubicle_entry_local.on_plain = {{.*}} i64 0, ptr null }
// The exported handler keeps its own record, without windows; the thunk
// registered in its place has on_start's.
// CHECK-DAG: @__cubicle_entry.on_extern = constant {{.*}} i64 0, ptr null }
// CHECK-DAG: @__cubicle_entry_local.on_extern.cubicle_thunk = {{.*}} ptr @[[X:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[X]] = private constant [32 x i8] c"\02\03\02\00\00\00\00\00\00@\01@\02@\01\03\00\00\00\00\00\00\02\05\00\00\00\00\00\00\00\00"
// WARN-NOT: takes windows from the type
