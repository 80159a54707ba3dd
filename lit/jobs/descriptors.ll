; cubicle-descriptors: the cubicle's descriptor page, one COMDAT per
; cubicle name (so all of its TUs share one) in cubicle_descs, page-aligned
; and page-sized, with the magic and the name; the runtime fills in PKRU,
; flags and id.  And the TU's own "not a cubicle" sentinel: flags
; UNINSTRUMENTED (4), id ~0.  Both stay alive (llvm.compiler.used).
;
; RUN: %opt-cubicle -passes=cubicle-descriptors %s | FileCheck %s
; RUN: %opt-cubicle -passes=cubicle-descriptors,cubicle-descriptors %s | FileCheck %s --check-prefix=ONCE

; CHECK: $__cubicle_desc.app = comdat any
; CHECK: @__cubicle_desc.app = linkonce_odr hidden global { i32, i32, i32, i32, [48 x i8], [4032 x i8] } { i32 0, i32 0, i32 0, i32 1229083971, [48 x i8] c"app\00{{(\\00)+}}", [4032 x i8] zeroinitializer }, section "cubicle_descs", comdat, align 4096
; CHECK: @__cubicle_not_a_cubicle = internal constant { i32, i32, i32, i32 } { i32 0, i32 4, i32 -1, i32 0 }, align 16
; CHECK: @llvm.compiler.used = appending global [1 x ptr] [ptr @__cubicle_desc.app]
; CHECK: !cubicle.name = !{![[N:[0-9]+]]}
; CHECK: ![[N]] = !{!"app"}

; Run twice: still one descriptor, one sentinel.
; ONCE-COUNT-1: @__cubicle_desc.app = linkonce_odr
; ONCE-COUNT-1: @__cubicle_not_a_cubicle = internal
; ONCE-NOT: @__cubicle_desc.app.{{[0-9]}}
; ONCE-NOT: @__cubicle_not_a_cubicle.{{[0-9]}}

define void @f() {
  ret void
}
