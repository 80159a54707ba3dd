// Field windows and kept windows in the spec (cubicle/abi.h, version 2:
// windows of 8 bytes: parameter, kind, first op, end op, flags, 0, field
// offset u16).  A window over a struct brings the windows of its annotated
// pointer fields, whether the field is annotated in the struct (in) or by
// a port after the struct's header (out): each names its parent window
// (index 0), the field's offset, flag 4 (field), and a size read from the
// struct's fields (op 9: width << 16 | offset).  Kept windows carry flag 1,
// the call that ends one flags 3.  A const field pointer is read-only.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=lib -S -emit-llvm %s -o - | FileCheck %s

#include <cubicle/cubicle.h>

struct stream {
  const unsigned char *in CUBICLE_WINDOW_IN(avail_in);
  unsigned avail_in;
  unsigned char *out;
  unsigned avail_out;
};
CUBICLE_FIELD_WINDOW(struct stream, out, avail_out * 2);

int s_pump(struct stream *s CUBICLE_WINDOW_KEPT(sizeof(struct stream)), int f);
int s_end(struct stream *s CUBICLE_WINDOW_END(sizeof(struct stream)));
int s_copy(struct stream *s CUBICLE_WINDOW(sizeof(struct stream)));

int s_pump(struct stream *s, int f) { return f; }
int s_end(struct stream *s) { return 0; }
int s_copy(struct stream *s) { return 0; }

// Header: 2 parameters, 3 windows, 5 ops.  Windows: 0 kept read-write
// c32; field +0 (in) read-only f8/4; field +16 (out) read-write f24/4 * 2.
// CHECK-DAG: @__cubicle_entry.s_pump = constant {{.*}} ptr @[[P:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[P]] = private constant [80 x i8] c"\02\02\03\05\00\00\00\00\00@\01@\00\02\00\01\01\00\00\00\00\01\01\02\04\00\00\00\00\02\02\05\04\00\10\00\00\00\00\00 \00\00\00\00\00\00\01\08\00\04\00\00\00\00\09\18\00\04\00\00\00\00\09\02\00\00\00\00\00\00\01\00\00\00\00\00\00\00\04", align 8
// The end of a kept window: flags 3.
// CHECK-DAG: @__cubicle_entry.s_end = constant {{.*}} ptr @[[E:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[E]] = private constant [80 x i8] c"\02\01\03\05\00\00\00\00\00@\00\02\00\01\03\00\00\00
// A plain window over the struct lends the fields too, and keeps nothing.
// CHECK-DAG: @__cubicle_entry.s_copy = constant {{.*}} ptr @[[C:__cubicle_windows[.0-9]*]] }
// CHECK-DAG: @[[C]] = private constant [80 x i8] c"\02\01\03\05\00\00\00\00\00@\00\02\00\01\00\00\00\00\00\01\01\02\04\00\00\00
