; cubicle-gates: a call to a function defined elsewhere checks the callee's
; entry record at run time: same cubicle (a plain call to the body), not a
; cubicle (a plain call), or another cubicle (the inline gate).  Library
; functions and the runtime's API are called directly; a callee with a
; window spec is entered through its stub.
;
; RUN: %opt-cubicle -passes=cubicle-gates %s | FileCheck %s

declare i32 @fs_read(ptr, i32)
declare i64 @strlen(ptr)
declare i32 @cubicle_self()
declare void @lend(ptr)

@.win = private unnamed_addr constant [23 x i8] c"cubicle.windows=0:r:c8\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @lend, ptr @.win, ptr null, i32 0, ptr null }], section "llvm.metadata"

; The weak fallback record: the callee is no cubicle's unless its own TU
; says otherwise.
; CHECK: @__cubicle_entry.fs_read = weak hidden constant { ptr, ptr, ptr, i64, ptr } { ptr @__cubicle_not_a_cubicle, ptr @fs_read, ptr @fs_read, i64 0, ptr null }
; CHECK-NOT: @__cubicle_entry.strlen
; CHECK-NOT: @__cubicle_entry.cubicle_self

; CHECK-LABEL: define i32 @use(ptr %buf)
; CHECK: %cubicle.owner = load ptr, ptr @__cubicle_entry.fs_read
; CHECK: %cubicle.same = icmp eq i32
; CHECK: br i1 %cubicle.same, label %cubicle.plain, label %cubicle.cross
; CHECK: cubicle.plain:
; CHECK: load ptr, ptr getelementptr inbounds (i8, ptr @__cubicle_entry.fs_read, i64 8)
; CHECK: call i32 %{{.*}}(ptr %buf, i32 4), !cubicle.trusted
; CHECK: cubicle.cross:
; CHECK: and i8 %{{.*}}, 4
; CHECK: cubicle.external:
; CHECK: call i32 @fs_read(ptr %buf, i32 4)
; CHECK: cubicle.gate:
; CHECK: asm sideeffect "{{.*}}wrpkru{{.*}}call *\22__cubicle_entry.fs_read\22+8(%rip)
; CHECK: cubicle.join:
; CHECK: %cubicle.result = phi i32
; Library and runtime calls stay plain.
; CHECK: call i64 @strlen(ptr %buf)
; CHECK: call i32 @cubicle_self()
; A callee with windows goes through its entry stub, no inline gate.
; CHECK: cubicle.gate{{[0-9]+}}:
; CHECK-NEXT: call void @lend(ptr %buf)
; CHECK-NOT: asm sideeffect
; CHECK: ret i32 %cubicle.result
define i32 @use(ptr %buf) {
  %n = call i32 @fs_read(ptr %buf, i32 4)
  %l = call i64 @strlen(ptr %buf)
  %s = call i32 @cubicle_self()
  call void @lend(ptr %buf)
  ret i32 %n
}
