; cubicle-redirect: direct calls of the functions in cubicle/redirects.def
; become calls of the runtime's "_from" variant with the cubicle's
; descriptor first; where the address is taken, a per-cubicle wrapper with
; the original signature stands in.  Other calls are left alone.
;
; RUN: %opt-cubicle -passes=cubicle-redirect %s | FileCheck %s

declare ptr @malloc(i64)
declare void @free(ptr)
declare ptr @_Znwm(i64)
declare i32 @sigaction(i32, ptr, ptr)
declare ptr @other(i64)

; The address of malloc becomes the wrapper's.
; CHECK: @fp = global ptr @__cubicle_redirect.app.malloc
@fp = global ptr @malloc

; CHECK-LABEL: define ptr @use(
; CHECK: %p = call ptr @__cubicle_malloc_from(ptr @__cubicle_desc.app, i64 16)
; CHECK: call void @__cubicle_free_from(ptr @__cubicle_desc.app, ptr %p)
; CHECK: call ptr @__cubicle_new_from(ptr @__cubicle_desc.app, i64 8)
; CHECK: call i32 @__cubicle_sigaction_from(ptr @__cubicle_desc.app, i32 2, ptr null, ptr null)
; CHECK: call ptr @other(i64 1)
; CHECK-NOT: call {{.*}}@malloc(
define ptr @use() {
  %p = call ptr @malloc(i64 16)
  call void @free(ptr %p)
  %q = call ptr @_Znwm(i64 8)
  %r = call i32 @sigaction(i32 2, ptr null, ptr null)
  %o = call ptr @other(i64 1)
  ret ptr %q
}

; The wrapper with malloc's signature allocates in this cubicle.
; CHECK: define linkonce_odr hidden ptr @__cubicle_redirect.app.malloc(i64 %0) #[[ATTR:[0-9]+]] comdat {
; CHECK-NEXT: entry:
; CHECK-NEXT: %1 = call ptr @__cubicle_malloc_from(ptr @__cubicle_desc.app, i64 %0)
; CHECK-NEXT: ret ptr %1
; CHECK: attributes #[[ATTR]] = { alwaysinline }
