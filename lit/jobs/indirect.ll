; cubicle-indirect: a call through a pointer whose target lies in cubicle
; code must land on an entry stub (the magic before it, and its record
; pointing back at it); anything else stops in __cubicle_bad_indirect_call.
; Calls the pass made itself (!cubicle.trusted) are not checked.
;
; RUN: %opt-cubicle -passes=cubicle-indirect %s | FileCheck %s

; CHECK-LABEL: define i32 @call(ptr %fp)
; CHECK: %cubicle.incode = and i1
; CHECK: getelementptr i8, ptr %fp, i64 -16
; CHECK: load i64, ptr @__cubicle_stub_magic
; CHECK: call void @__cubicle_bad_indirect_call(ptr @__cubicle_desc.app, ptr %fp)
; CHECK: getelementptr i8, ptr %{{.*}}, i64 16
; CHECK: call void @__cubicle_bad_indirect_call(ptr @__cubicle_desc.app, ptr %fp)
; CHECK: %r = call i32 %fp(i32 1)
define i32 @call(ptr %fp) {
  %r = call i32 %fp(i32 1)
  ret i32 %r
}

; CHECK-LABEL: define i32 @trusted(ptr %fp)
; CHECK-NOT: __cubicle_bad_indirect_call
; CHECK: ret i32
define i32 @trusted(ptr %fp) {
  %r = call i32 %fp(i32 1), !cubicle.trusted !0
  ret i32 %r
}

!0 = !{}
